//===- Passes.h - The CPU backend's passes and pipeline ----------*- C++ -*-===//
//
// Part of the Loom project.
//
// Declarations of the CPU code generation passes (Passes.td), the pipelines
// that chain them with upstream passes, and what a tool registers to run
// them (`loom-opt --loom-cpu-lower-kernels`).
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_CPU_PASSES_H
#define LOOM_BACKENDS_CPU_PASSES_H

#include "backends/cpu/Winograd.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace loom::cpu {

#define GEN_PASS_DECL
#include "backends/cpu/Passes.h.inc"

/// True for a `#loom.kernel<elementwise>` kernel (whose results the
/// memory planner may place in the buffers of same-size arguments) that is
/// more than one linalg op: an op could then overwrite an argument that a
/// later op still reads. Such a kernel computes its results in temporaries,
/// copies them to the outputs at the end, and is not distributed.
bool needsOutputCopies(mlir::func::FuncOp kernel);

/// Loom ops to linalg on tensors, elementwise fusion, cleanup: the form
/// `loomc --emit=linalg` prints. `runtimeChecks`: indices and integer
/// divisors are checked at run time (loom-cpu-kernels-to-linalg).
void buildLowerKernelsToLinalgPipeline(mlir::OpPassManager &pm,
                                       bool runtimeChecks = true);

/// Tiling into workgroups only; its result carries the grids. `winograd`:
/// the row blocks of 3x3 stride-1 convolutions suit the Winograd call.
void buildDistributeWorkgroupsPipeline(mlir::OpPassManager &pm,
                                       bool winograd = false);

/// Distributed kernels on tensors into the kernel ABI's buffers: results
/// become out-parameters, then one-shot bufferization with identity layouts
/// at the function boundary, then CSE and canonicalization (bufferizing a
/// forall copies each tile onto an identical subview of the output; CSE
/// makes the two one value and canonicalization drops the self-copy).
/// Shared with the cuda target.
void buildBufferizeKernelsPipeline(mlir::OpPassManager &pm);

/// From distributed linalg on tensors down to the LLVM dialect with the
/// kernel ABI entries: bufferization, micro-kernel calls, loops, LLVM.
/// `winograd`: loom-cpu-winograd-conv-to-ukernel runs.
void buildLowerDistributedKernelsToLLVMPipeline(mlir::OpPassManager &pm,
                                                bool winograd = false);

/// The dialects, interfaces and translations the CPU backend needs, for a
/// tool's registry.
void registerCpuCodegenDialects(mlir::DialectRegistry &registry);

/// Registers the passes of Passes.td and the pipeline
/// `loom-cpu-lower-kernels` (the three pipelines above in order).
void registerCpuCodegenPasses();

#define GEN_PASS_REGISTRATION
#include "backends/cpu/Passes.h.inc"

} // namespace loom::cpu

#endif // LOOM_BACKENDS_CPU_PASSES_H
