//===- OutlineKernels.cpp - Bufferized kernels into gpu.funcs --------------===//
//
// Part of the Loom project.
//
// loom-cuda-outline-kernels: each bufferized `loom.kernel` function becomes
// a gpu.func kernel with the same name and arguments (so that the launch's
// buffers, in the artifact's order, are its parameters) in
// gpu.module @loom_cuda_kernels. One scf.forall becomes one thread per
// iteration; anything else runs on a single thread.
//
//===----------------------------------------------------------------------===//

#include "backends/cuda/Passes.h"
#include "ir/LoomDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include "llvm/Support/MathExtras.h"

namespace loom::cuda {
#define GEN_PASS_DEF_LOOMCUDAOUTLINEKERNELS
#include "backends/cuda/Passes.h.inc"
} // namespace loom::cuda

using namespace mlir;

namespace loom::cuda {
namespace {

/// The kernel's one top-level scf.forall when everything else beside it is
/// free of side effects; null otherwise.
scf::ForallOp threadedForall(func::FuncOp kernel) {
  scf::ForallOp forall;
  for (Operation &op : kernel.getBody().front()) {
    if (auto loop = dyn_cast<scf::ForallOp>(op)) {
      if (forall || loop.getNumResults() != 0)
        return nullptr;
      forall = loop;
      continue;
    }
    if (isa<func::ReturnOp>(op) || isMemoryEffectFree(&op) ||
        isa<ViewLikeOpInterface>(op))
      continue;
    return nullptr;
  }
  if (!forall ||
      ShapedType::isDynamicShape(forall.getStaticLowerBound()) ||
      ShapedType::isDynamicShape(forall.getStaticUpperBound()) ||
      ShapedType::isDynamicShape(forall.getStaticStep()))
    return nullptr;
  return forall;
}

gpu::GPUModuleOp kernelModule(ModuleOp module) {
  if (auto existing = module.lookupSymbol<gpu::GPUModuleOp>(kKernelModuleName))
    return existing;
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                  builder.getUnitAttr());
  return gpu::GPUModuleOp::create(builder, module.getLoc(), kKernelModuleName);
}

LogicalResult outline(func::FuncOp kernel, gpu::GPUModuleOp gpuModule,
                      int64_t blockSize) {
  if (kernel.getNumResults() != 0)
    return kernel.emitError("cuda: kernel @")
           << kernel.getSymName() << " still has results after bufferization";
  for (Type type : kernel.getArgumentTypes()) {
    auto memref = dyn_cast<MemRefType>(type);
    if (!memref || !memref.hasStaticShape() || !memref.getLayout().isIdentity())
      return kernel.emitError("cuda: kernel @")
             << kernel.getSymName() << " has argument type " << type
             << "; a GPU kernel takes static, contiguous memrefs";
  }
  WalkResult allocs = kernel.walk([&](memref::AllocOp alloc) {
    alloc.emitError("cuda: kernel @")
        << kernel.getSymName() << " needs a temporary " << alloc.getType()
        << " per thread, beyond the stack budget of the cuda target";
    return WalkResult::interrupt();
  });
  if (allocs.wasInterrupted())
    return failure();

  scf::ForallOp forall = threadedForall(kernel);
  int64_t iterations = 1;
  SmallVector<int64_t> trips;
  if (forall) {
    for (auto [lower, upper, step] :
         llvm::zip(forall.getStaticLowerBound(), forall.getStaticUpperBound(),
                   forall.getStaticStep())) {
      int64_t trip = step > 0 ? llvm::divideCeil(upper - lower, step) : 0;
      trips.push_back(trip);
      iterations *= std::max<int64_t>(trip, 0);
    }
  }
  int64_t block = std::clamp<int64_t>(std::min(iterations, blockSize), 1,
                                      1024);
  int64_t grid = std::max<int64_t>(llvm::divideCeil(iterations, block), 1);
  if (grid > int64_t(INT32_MAX))
    return kernel.emitError("cuda: kernel @")
           << kernel.getSymName() << " needs " << grid
           << " blocks, more than a grid's x dimension holds";

  OpBuilder builder = OpBuilder::atBlockEnd(gpuModule.getBody());
  Location loc = kernel.getLoc();
  auto function = gpu::GPUFuncOp::create(builder, loc, kernel.getSymName(),
                                         kernel.getFunctionType());
  function->setAttr(gpu::GPUDialect::getKernelFuncAttrName(),
                    builder.getUnitAttr());
  function.setKnownBlockSizeAttr(builder.getDenseI32ArrayAttr(
      {static_cast<int32_t>(block), 1, 1}));
  function.setKnownGridSizeAttr(builder.getDenseI32ArrayAttr(
      {static_cast<int32_t>(grid), 1, 1}));

  IRMapping mapping;
  Block &entry = function.getBody().front();
  for (auto [from, to] :
       llvm::zip(kernel.getArguments(), entry.getArguments()))
    mapping.map(from, to);
  builder.setInsertionPointToStart(&entry);
  Block &body = kernel.getBody().front();
  for (Operation &op : body) {
    if (isa<func::ReturnOp>(op) || &op == forall.getOperation())
      continue;
    builder.clone(op, mapping);
  }
  if (forall) {
    // id = blockIdx.x * blockDim.x + threadIdx.x; ids past the iteration
    // count do nothing.
    Value blockId = gpu::BlockIdOp::create(builder, loc, gpu::Dimension::x);
    Value threadId = gpu::ThreadIdOp::create(builder, loc, gpu::Dimension::x);
    Value blockDim = arith::ConstantIndexOp::create(builder, loc, block);
    Value id = arith::AddIOp::create(
        builder, loc, arith::MulIOp::create(builder, loc, blockId, blockDim),
        threadId);
    Value count = arith::ConstantIndexOp::create(builder, loc, iterations);
    Value inRange = arith::CmpIOp::create(builder, loc,
                                          arith::CmpIPredicate::ult, id, count);
    auto guard = scf::IfOp::create(builder, loc, inRange,
                                   /*withElseRegion=*/false);
    builder.setInsertionPointToStart(&guard.getThenRegion().front());
    // Row-major: the last induction variable varies fastest.
    SmallVector<Value> ivs(trips.size());
    Value rest = id;
    for (int64_t d = static_cast<int64_t>(trips.size()) - 1; d >= 0; --d) {
      Value trip = arith::ConstantIndexOp::create(builder, loc, trips[d]);
      Value index = d == 0 ? rest
                           : arith::RemUIOp::create(builder, loc, rest, trip)
                                 .getResult();
      if (d > 0)
        rest = arith::DivUIOp::create(builder, loc, rest, trip);
      Value lower = arith::ConstantIndexOp::create(
          builder, loc, forall.getStaticLowerBound()[d]);
      Value step = arith::ConstantIndexOp::create(builder, loc,
                                                  forall.getStaticStep()[d]);
      ivs[d] = arith::AddIOp::create(
          builder, loc, lower,
          arith::MulIOp::create(builder, loc, index, step));
    }
    for (auto [from, to] : llvm::zip(forall.getInductionVars(), ivs))
      mapping.map(from, to);
    for (Operation &op : forall.getBody()->without_terminator())
      builder.clone(op, mapping);
    builder.setInsertionPointAfter(guard);
  }
  // Without a forall every op was cloned above, in order: one thread runs
  // the whole kernel.
  gpu::ReturnOp::create(builder, loc);
  // A per-thread temporary (memref.alloca, promoted from an alloc) inside a
  // loop would grow the stack on every iteration; its contents are
  // undefined at each allocation, so one allocation at entry serves all.
  SmallVector<memref::AllocaOp> nested;
  function.walk([&](memref::AllocaOp alloca) {
    if (alloca->getBlock() != &entry && alloca.getType().hasStaticShape() &&
        alloca->getNumOperands() == 0)
      nested.push_back(alloca);
  });
  for (memref::AllocaOp alloca : nested)
    alloca->moveBefore(&entry, entry.begin());
  return success();
}

struct LoomCudaOutlineKernelsPass
    : impl::LoomCudaOutlineKernelsBase<LoomCudaOutlineKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (blockSize < 1 || blockSize > 1024) {
      module.emitError("cuda: block-size must be 1 to 1024, not ")
          << static_cast<int64_t>(blockSize);
      return signalPassFailure();
    }
    SmallVector<func::FuncOp> kernels;
    for (auto function : module.getOps<func::FuncOp>())
      if (isKernel(function) && !function.isExternal())
        kernels.push_back(function);
    if (kernels.empty())
      return;
    gpu::GPUModuleOp gpuModule = kernelModule(module);
    for (func::FuncOp kernel : kernels) {
      if (failed(outline(kernel, gpuModule, blockSize)))
        return signalPassFailure();
      kernel.erase();
    }
  }
};

} // namespace
} // namespace loom::cuda
