//===- UkernelObjects.cpp - The micro-kernel objects, embedded ------------===//
//
// Part of the Loom project.
//
// The byte arrays come from the objects that backends/cpu/ukernels/
// CMakeLists.txt compiles (EmbedBytes.cmake writes them as initializers).
// 64-byte alignment lets an ELF reader map its structures onto the bytes in
// place.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/ukernels/UkernelObjects.h"

namespace loom::cpu {
namespace {

alignas(64) const unsigned char avx2FmaObject[] = {
#include "ukernels_avx2fma.o.inc"
};

alignas(64) const unsigned char genericObject[] = {
#include "ukernels_generic.o.inc"
};

} // namespace

ObjectFile ukernelObject(bool avx2Fma) {
  if (avx2Fma)
    return {avx2FmaObject, sizeof(avx2FmaObject)};
  return {genericObject, sizeof(genericObject)};
}

} // namespace loom::cpu
