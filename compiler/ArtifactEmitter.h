//===- ArtifactEmitter.h - Writes a compiled model's artifact ---*- C++ -*-===//
//
// Part of the Loom project.
//
// The last step of the compiler: from the post-fusion @main, its memory plan
// and the target's kernel library, the artifact file (docs/artifact.md) with
// the model's signature, the constants' bytes, the buffer plan, the library
// and the command stream of device 0 of the target — a Launch per kernel
// call in program order, then the plan's Copy commands.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_COMPILER_ARTIFACTEMITTER_H
#define LOOM_COMPILER_ARTIFACTEMITTER_H

#include "backends/target/Target.h"
#include "compiler/KernelSources.h"
#include "compiler/MemoryPlanner.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <vector>

namespace loom {

/// The name of input `index` of `function` in the artifact's signature: its
/// `loom.name` argument attribute (set by the ONNX importer), or "input_N".
std::string inputName(mlir::func::FuncOp function, unsigned index);
/// The same for results, from `loom.name` result attributes, or "output_N".
std::string outputName(mlir::func::FuncOp function, unsigned index);

/// Writes the artifact, whose one device program is for `target`. Every
/// callee of `function` must be a kernel of `library` (by name); `library`
/// may be empty when `function` calls no kernel. Problems (a kernel missing from the library, a constant whose
/// value cannot be read) are emitted as errors at the op concerned.
mlir::FailureOr<ByteBuffer>
emitArtifact(mlir::func::FuncOp function, const MemoryPlan &plan,
             artifact::Target target, const KernelLibrary &library,
             llvm::StringRef producer);
/// The same with several libraries (the target's and its host fallback's,
/// TargetBackend::hostFallbackTarget): each callee is looked up in them by
/// name, and its Launch names the library that holds it. Libraries without
/// kernels are left out of the artifact. With `sources`, each library
/// records its kernels' sources (KernelLibrary.sources; a kernel missing
/// from `sources` gets an empty one).
mlir::FailureOr<ByteBuffer>
emitArtifact(mlir::func::FuncOp function, const MemoryPlan &plan,
             artifact::Target target,
             llvm::ArrayRef<KernelLibrary> libraries,
             llvm::StringRef producer,
             const KernelSources *sources = nullptr);

} // namespace loom

#endif // LOOM_COMPILER_ARTIFACTEMITTER_H
