//===- UkernelObjects.h - The micro-kernel objects, embedded ----*- C++ -*-===//
//
// Part of the Loom project.
//
// The relocatable ELF objects of Loom's micro-kernels (loom_ukernels.h),
// compiled at Loom's build time and embedded in this library, so that CPU
// code generation can link one into every kernel shared object without a
// file on disk. Both variants define the same symbols (hidden visibility);
// their only undefined symbols are memcpy and memset. No LLVM/MLIR here.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_CPU_UKERNELS_UKERNELOBJECTS_H
#define LOOM_BACKENDS_CPU_UKERNELS_UKERNELOBJECTS_H

#include <cstddef>

namespace loom::cpu {

/// Bytes with static storage duration (64-byte aligned); never freed.
struct ObjectFile {
  const unsigned char *data;
  size_t size;
};

/// The x86-64 AVX2+FMA object when `avx2Fma` (run it only on CPUs with both
/// features; it runs its AVX-512 kernel where the CPU and OS enable AVX-512),
/// otherwise the portable one, built for the build host's baseline ISA.
ObjectFile ukernelObject(bool avx2Fma);

} // namespace loom::cpu

#endif // LOOM_BACKENDS_CPU_UKERNELS_UKERNELOBJECTS_H
