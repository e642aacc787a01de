//===- KernelSources.h - Each kernel's source, in the artifact -*- C++ -*-===//
//
// Part of the Loom project.
//
// The compiler keeps, for every kernel, the names of the source model's
// nodes fused into it and the kernel as `loom` IR before code generation
// (KernelLibrary.sources, docs/artifact.md), so that loom-run
// --compare-reference can check each compiled kernel against the reference
// evaluator. The C entry point that evaluates such a source is in
// compiler/loom_reference.h.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_COMPILER_KERNELSOURCES_H
#define LOOM_COMPILER_KERNELSOURCES_H

#include "runtime/ArtifactWriter.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

namespace loom {

/// Kernel name -> its source.
using KernelSources = llvm::StringMap<ArtifactWriter::KernelSource>;

/// The source of every `loom.kernel` function of `module`: the names of the
/// NameLocs of its ops but constants (the ONNX node names), each once, in
/// op order, and the function, public, alone in a module, as MLIR text.
KernelSources collectKernelSources(mlir::ModuleOp module);

/// For tests of --compare-reference only (loomc's hidden
/// --debug-miscompile-kernel): adds 1 to the first floating-point result of
/// kernel `name`, as a wrong epilogue constant would, so that the compiled
/// kernel differs from the source collected before. Fails, with an error at
/// the module, when there is no such kernel or it has no float result.
mlir::LogicalResult miscompileKernel(mlir::ModuleOp module,
                                     llvm::StringRef name);

} // namespace loom

#endif // LOOM_COMPILER_KERNELSOURCES_H
