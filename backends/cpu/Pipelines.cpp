//===- Pipelines.cpp - The CPU code generation pipelines ------------------===//
//
// Part of the Loom project.
//
// The order of the CPU backend's passes, with the upstream passes between
// them, and what a tool registers to run them. Why each step is where it is:
//  - Elementwise fusion runs on linalg on tensors before distribution, so a
//    chain becomes one op that tiles as one; then the generics of one
//    iteration space that fusion leaves apart (siblings, producers with
//    several readers) are merged into one multi-result generic.
//  - Distribution (tile-and-fuse) needs tensors; the workgroup loop is made
//    after bufferization, when the forall has no results left to thread.
//  - Results become output buffers before empty-tensor elimination, which
//    makes the root (or the forall's shared output) write into them.
//  - Micro-kernel calls replace matmuls and depthwise convolutions on memref
//    tiles, before the other linalg ops become loops.
//  - The math approximations run on scalar loops; LLVM vectorizes them, and
//    the reductions whose float combiners may be reassociated.
//  - The lowering's cf.asserts become status updates on the final loops,
//    before scf-to-cf (whose cf-to-llvm would make them aborts).
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Affine/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/ControlFlow/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/ControlFlow/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Index/IR/IndexDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/SubsetInsertionOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/Transforms/AllocationOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/IR/TensorTilingInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/SubsetInsertionOpInterfaceImpl.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace loom::cpu {

void buildLowerKernelsToLinalgPipeline(OpPassManager &pm,
                                       bool runtimeChecks) {
  // Kernels of data-dependent result sizes are micro-kernel calls on
  // buffers from the start; the passes below find nothing to do in them.
  pm.addPass(createLoomCpuDataShapedToUkernel());
  LoomCpuKernelsToLinalgOptions lowering;
  lowering.runtimeChecks = runtimeChecks;
  pm.addNestedPass<func::FuncOp>(createLoomCpuKernelsToLinalg(lowering));
  // Pre-packed weights (loom-cpu-pack-matmul-weights) restored by one
  // generic that tiling can slice and the micro-kernel call replaces.
  pm.addNestedPass<func::FuncOp>(createLoomCpuFoldWeightPanels());
  // A keepdims reduction reaches its broadcasting consumer through a
  // tensor.expand_shape, which tile-and-fuse cannot see through; dropping
  // the unit dimensions from the consumer's operands removes the reshape.
  pm.addNestedPass<func::FuncOp>(createLinalgFoldUnitExtentDimsPass());
  pm.addNestedPass<func::FuncOp>(createLoomCpuFuseElementwise());
  pm.addNestedPass<func::FuncOp>(createLoomCpuMergeElementwise());
  pm.addNestedPass<func::FuncOp>(createLoomCpuReassociateReductions());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void buildDistributeWorkgroupsPipeline(OpPassManager &pm, bool winograd) {
  LoomCpuDistributeWorkgroupsOptions distribute;
  distribute.winograd = winograd;
  pm.addNestedPass<func::FuncOp>(createLoomCpuDistributeWorkgroups(distribute));
  // After tiling: a convolution's contraction is only a matmul once its
  // spatial dimensions are collapsed, which tile-and-fuse cannot see through.
  pm.addNestedPass<func::FuncOp>(createLoomCpuContractionsToMatmul());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void buildBufferizeKernelsPipeline(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createLoomCpuResultsToOutParams());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  // A loom.scan's carried values are computed anew by each iteration of its
  // scf.for, into buffers of their own that the deallocation pipeline frees.
  bufferize.allowReturnAllocsFromLoops = true;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
}

void buildLowerDistributedKernelsToLLVMPipeline(OpPassManager &pm,
                                                bool winograd) {
  buildBufferizeKernelsPipeline(pm);

  // Workgroups, micro-kernels, temporaries.
  pm.addNestedPass<func::FuncOp>(createLoomCpuWorkgroupLoops());
  if (winograd)
    pm.addPass(createLoomCpuWinogradConvToUkernel());
  pm.addPass(createLoomCpuConvToUkernel());
  pm.addPass(createLoomCpuMatmulToUkernel());
  pm.addPass(createLoomCpuDepthwiseConvToUkernel());
  pm.addPass(createLoomCpuMaxPoolToUkernel());
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addNestedPass<func::FuncOp>(createLoomCpuLowerStridedCopies());

  // Loops and scalar code.
  pm.addNestedPass<func::FuncOp>(createLoomCpuUnrollWindowLoops());
  pm.addNestedPass<func::FuncOp>(createLoomCpuCollapseContiguousLoops());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addNestedPass<func::FuncOp>(createLoomCpuVectorizeShortLoops());
  pm.addNestedPass<func::FuncOp>(createLoomCpuApproximateMath());
  pm.addPass(createLoomCpuRuntimeChecks());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createLoomCpuExpandArith());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createCanonicalizerPass());

  // The LLVM dialect. What math-to-llvm leaves (no LLVM intrinsic) calls
  // libm, which the kernel library resolves when it is loaded.
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createLoomCpuKernelAbi());
  pm.addPass(createCanonicalizerPass());
}

void registerCpuCodegenDialects(DialectRegistry &registry) {
  registry.insert<affine::AffineDialect, arith::ArithDialect,
                  bufferization::BufferizationDialect, cf::ControlFlowDialect,
                  func::FuncDialect, index::IndexDialect, LLVM::LLVMDialect,
                  linalg::LinalgDialect, math::MathDialect,
                  memref::MemRefDialect, scf::SCFDialect,
                  tensor::TensorDialect, ub::UBDialect,
                  vector::VectorDialect>();
  // Bufferization.
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  cf::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerSubsetOpInterfaceExternalModels(registry);
  tensor::registerSubsetOpInterfaceExternalModels(registry);
  // Deallocation of temporaries.
  arith::registerBufferDeallocationOpInterfaceExternalModels(registry);
  cf::registerBufferDeallocationOpInterfaceExternalModels(registry);
  scf::registerBufferDeallocationOpInterfaceExternalModels(registry);
  memref::registerAllocationOpInterfaceExternalModels(registry);
  // Tiling.
  linalg::registerTilingInterfaceExternalModels(registry);
  // tensor.pad: a convolution's or pool's padding is fused into each tile.
  tensor::registerTilingInterfaceExternalModels(registry);
  affine::registerValueBoundsOpInterfaceExternalModels(registry);
  arith::registerValueBoundsOpInterfaceExternalModels(registry);
  linalg::registerValueBoundsOpInterfaceExternalModels(registry);
  memref::registerValueBoundsOpInterfaceExternalModels(registry);
  scf::registerValueBoundsOpInterfaceExternalModels(registry);
  tensor::registerValueBoundsOpInterfaceExternalModels(registry);
  // Translation to LLVM IR.
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
}

void registerCpuCodegenPasses() {
  registerLoomCpuPasses();
  PassPipelineRegistration<>(
      "loom-cpu-lower-kernels",
      "The CPU backend's lowering of loom.kernel functions to the LLVM "
      "dialect with kernel ABI entry points",
      [](OpPassManager &pm) {
        buildLowerKernelsToLinalgPipeline(pm);
        buildDistributeWorkgroupsPipeline(pm);
        buildLowerDistributedKernelsToLLVMPipeline(pm);
      });
}

} // namespace loom::cpu
