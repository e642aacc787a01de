//===- CubinResources.h - Resource use read from a cubin --------*- C++ -*-===//
//
// Part of the Loom project.
//
// What ptxas recorded in a cubin (an NVIDIA ELF file) about each kernel:
// registers per thread, static shared memory per block, per-thread local
// memory and the block size it was compiled for; the figures that
// `cuobjdump --dump-resource-usage` prints and `ptxas -v` reports while it
// compiles. The cuda target puts them in `loomc --report` (docs/cuda.md).
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_CUDA_CUBINRESOURCES_H
#define LOOM_BACKENDS_CUDA_CUBINRESOURCES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace loom::cuda {

/// One function of a cubin (a kernel or a device function it calls).
struct CubinFunctionResources {
  std::string name;
  /// Registers per thread.
  uint32_t registers = 0;
  /// Static shared memory per block in bytes (`.shared` variables).
  uint64_t sharedBytes = 0;
  /// Local memory per thread in bytes: the stack the function needs with
  /// the frames of the functions it calls (register spills, per-thread
  /// arrays) and its static `.local` variables; cuobjdump's STACK + LOCAL.
  uint64_t localBytes = 0;
  /// Threads per block the function was compiled for (PTX `.reqntid`) or
  /// limited to (`.maxntid`), all dimensions multiplied; 0 when neither
  /// was given.
  uint64_t maxThreads = 0;
};

/// The functions of `cubin` whose register count it records (every kernel
/// that ptxas compiled), in the order of its symbol table; an error when
/// `cubin` is not a 64-bit ELF file or its `.nv.info` records do not parse.
llvm::Expected<std::vector<CubinFunctionResources>>
readCubinResources(llvm::StringRef cubin);

} // namespace loom::cuda

#endif // LOOM_BACKENDS_CUDA_CUBINRESOURCES_H
