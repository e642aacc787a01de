//===- ByteBuffer.h - The byte buffer of Loom's APIs ------------*- C++ -*-===//
//
// Part of the Loom project.
//
// One type for bytes that cross an API: an artifact the compiler produced or
// a loader reads, a kernel library's code, a constant's storage. The compiler
// (compiler/Compiler.h), the backends, the artifact writer and the loader all
// pass this type, so bytes move from one to the next without a conversion
// copy.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_BYTEBUFFER_H
#define LOOM_RUNTIME_BYTEBUFFER_H

#include <cstdint>
#include <vector>

namespace loom {

using ByteBuffer = std::vector<uint8_t>;

} // namespace loom

#endif // LOOM_RUNTIME_BYTEBUFFER_H
