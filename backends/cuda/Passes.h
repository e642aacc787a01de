//===- Passes.h - The CUDA backend's passes and pipelines -------*- C++ -*-===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_CUDA_PASSES_H
#define LOOM_BACKENDS_CUDA_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace loom::cuda {

#define GEN_PASS_DECL
#include "backends/cuda/Passes.h.inc"

/// The gpu.module that loom-cuda-outline-kernels fills.
inline constexpr const char *kKernelModuleName = "loom_cuda_kernels";

/// One kernel function (a module holding it alone) -> linalg on tensors ->
/// one thread per output element -> memrefs -> a gpu.func of
/// gpu.module @loom_cuda_kernels.
void buildKernelToGpuPipeline(mlir::OpPassManager &pm, int64_t blockSize);

/// The gpu.module's functions -> the NVVM dialect (bare-pointer memref
/// arguments: one pointer per buffer).
void buildGpuToNvvmPipeline(mlir::OpPassManager &pm);

void registerCudaCodegenDialects(mlir::DialectRegistry &registry);

void registerCudaCodegenPasses();

#define GEN_PASS_REGISTRATION
#include "backends/cuda/Passes.h.inc"

} // namespace loom::cuda

#endif // LOOM_BACKENDS_CUDA_PASSES_H
