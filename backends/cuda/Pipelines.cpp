//===- Pipelines.cpp - The CUDA code generation pipelines -----------------===//
//
// Part of the Loom project.
//
// The order of the CUDA backend's passes with the upstream passes between
// them. The lowering to linalg, elementwise fusion, results into output
// buffers and strided copies are the CPU backend's passes (backends/cpu):
// the same kernels, the same ABI order of buffers. Then:
//  - loom-cuda-distribute-threads tiles on tensors (tile-and-fuse needs
//    them) into one forall iteration per output element;
//  - bufferization into the output arguments; temporaries of a tile up to
//    16 KiB become per-thread stack (memref.alloca);
//  - linalg ops become sequential loops inside each thread;
//  - loom-cuda-outline-kernels makes each kernel a gpu.func;
//  - upstream's GPU to NVVM conversion, with bare pointers for memrefs.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"
#include "backends/cuda/Passes.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVM.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/NVVMToLLVM/NVVMToLLVM.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace loom::cuda {

void buildKernelToGpuPipeline(OpPassManager &pm, int64_t blockSize) {
  // No run-time checks: a GPU kernel has no status to report them through.
  cpu::buildLowerKernelsToLinalgPipeline(pm, /*runtimeChecks=*/false);
  pm.addNestedPass<func::FuncOp>(createLoomCudaDistributeThreads());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  cpu::buildBufferizeKernelsPipeline(pm);
  bufferization::PromoteBuffersToStackPassOptions stack;
  stack.maxAllocSizeInBytes = 16384;
  stack.maxRankOfAllocatedMemRef = 8;
  pm.addNestedPass<func::FuncOp>(
      bufferization::createPromoteBuffersToStackPass(stack));
  pm.addNestedPass<func::FuncOp>(cpu::createLoomCpuLowerStridedCopies());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());

  LoomCudaOutlineKernelsOptions outline;
  outline.blockSize = blockSize;
  pm.addPass(createLoomCudaOutlineKernels(outline));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void buildGpuToNvvmPipeline(OpPassManager &pm) {
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(cpu::createLoomCpuExpandArith());
  pm.addPass(createSCFToControlFlowPass());
  ConvertGpuOpsToNVVMOpsOptions nvvm;
  nvvm.useBarePtrCallConv = true;
  pm.addNestedPass<gpu::GPUModuleOp>(createConvertGpuOpsToNVVMOps(nvvm));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void registerCudaCodegenDialects(DialectRegistry &registry) {
  cpu::registerCpuCodegenDialects(registry);
  registry.insert<gpu::GPUDialect, NVVM::NVVMDialect>();
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  // convert-gpu-to-nvvm converts the ops of other dialects in the kernels
  // through their ConvertToLLVMPatternInterface (cf.br and its block
  // arguments included): without these, a kernel with a loop fails with
  // "type mismatch for bb argument".
  arith::registerConvertArithToLLVMInterface(registry);
  cf::registerConvertControlFlowToLLVMInterface(registry);
  registerConvertFuncToLLVMInterface(registry);
  index::registerConvertIndexToLLVMInterface(registry);
  registerConvertMathToLLVMInterface(registry);
  registerConvertMemRefToLLVMInterface(registry);
  registerConvertNVVMToLLVMInterface(registry);
  NVVM::registerConvertGpuToNVVMInterface(registry);
  ub::registerConvertUBToLLVMInterface(registry);
  registerGPUDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
}

void registerCudaCodegenPasses() {
  registerLoomCudaPasses();
  PassPipelineRegistration<>(
      "loom-cuda-lower-kernels",
      "The CUDA backend's lowering of loom.kernel functions to gpu.funcs of "
      "gpu.module @loom_cuda_kernels in the NVVM dialect",
      [](OpPassManager &pm) {
        buildKernelToGpuPipeline(pm, /*blockSize=*/256);
        buildGpuToNvvmPipeline(pm);
      });
}

} // namespace loom::cuda
