//===- ResultsToOutParams.cpp - Kernel results become output buffers ------===//
//
// Part of the Loom project.
//
// loom-cpu-results-to-out-params: the kernel ABI hands a kernel the buffers
// of its results after those of its arguments, so the results of a
// `loom.kernel` function become memref arguments that the tensors are
// materialized into. Marking them `restrict writable` lets empty-tensor
// elimination and one-shot bufferization compute straight into them.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"
#include "ir/LoomDialect.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPURESULTSTOOUTPARAMS
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {

bool needsOutputCopies(func::FuncOp kernel) {
  KernelAttr kind = getKernelAttr(kernel);
  if (!kind || !kind.isElementwise())
    return false;
  int64_t linalgOps = 0;
  kernel.walk([&](linalg::LinalgOp) { ++linalgOps; });
  return linalgOps > 1;
}

namespace {

struct LoomCpuResultsToOutParamsPass
    : impl::LoomCpuResultsToOutParamsBase<LoomCpuResultsToOutParamsPass> {
  void runOnOperation() override {
    func::FuncOp kernel = getOperation();
    if (!isKernel(kernel) || kernel.isExternal())
      return;
    OpBuilder builder(&getContext());
    for (BlockArgument argument : kernel.getArguments())
      if (isa<TensorType>(argument.getType()))
        kernel.setArgAttr(argument.getArgNumber(),
                          bufferization::BufferizationDialect::kWritableAttrName,
                          builder.getBoolAttr(false));

    SmallVector<func::ReturnOp> returns;
    kernel.walk([&](func::ReturnOp op) { returns.push_back(op); });
    if (returns.size() != 1) {
      kernel.emitError("a kernel must have exactly one return");
      return signalPassFailure();
    }
    func::ReturnOp returnOp = returns.front();

    Block &body = kernel.getBody().front();
    SmallVector<Value> outputs;
    for (Type resultType : kernel.getResultTypes()) {
      auto tensorType = dyn_cast<RankedTensorType>(resultType);
      if (!tensorType || !tensorType.hasStaticShape()) {
        kernel.emitError("kernel results must be statically shaped tensors, "
                         "not ")
            << resultType;
        return signalPassFailure();
      }
      auto bufferType = MemRefType::get(tensorType.getShape(),
                                        tensorType.getElementType());
      outputs.push_back(body.addArgument(bufferType, kernel.getLoc()));
    }

    // Without `restrict`, empty-tensor elimination leaves the computation in
    // temporaries and bufferization copies them to the outputs.
    bool computeInPlace = !needsOutputCopies(kernel);
    builder.setInsertionPoint(returnOp);
    for (auto [value, output] : llvm::zip(returnOp.getOperands(), outputs)) {
      // A result computed in another shape (a kernel whose unit dimensions
      // were dropped) is materialized into the output buffer's view of that
      // shape, so that it is still computed in place, by each workgroup's
      // tiles. The view is made at the entry: empty-tensor elimination
      // replaces the result's tensor.empty by it, which it must dominate.
      Value destination = output;
      if (auto reshape = value.getDefiningOp<tensor::ExpandShapeOp>()) {
        OpBuilder::InsertionGuard guard(builder);
        builder.setInsertionPointToStart(&body);
        destination =
            memref::CollapseShapeOp::create(builder, reshape.getLoc(), output,
                                            reshape.getReassociationIndices());
        value = reshape.getSrc();
      } else if (auto reshape = value.getDefiningOp<tensor::CollapseShapeOp>();
                 reshape && reshape.getSrcType().hasStaticShape()) {
        OpBuilder::InsertionGuard guard(builder);
        builder.setInsertionPointToStart(&body);
        destination = memref::ExpandShapeOp::create(
            builder, reshape.getLoc(), reshape.getSrcType().getShape(), output,
            reshape.getReassociationIndices());
        value = reshape.getSrc();
      }
      auto materialize = bufferization::MaterializeInDestinationOp::create(
          builder, returnOp.getLoc(), value, destination);
      materialize.setRestrict(computeInPlace);
      materialize.setWritable(true);
    }
    func::ReturnOp::create(builder, returnOp.getLoc());
    returnOp.erase();

    kernel.setType(FunctionType::get(&getContext(), body.getArgumentTypes(),
                                     /*results=*/{}));
  }
};

} // namespace
} // namespace loom::cpu
