//===- DistributeThreads.cpp - One GPU thread per output element ----------===//
//
// Part of the Loom project.
//
// loom-cuda-distribute-threads: the root of a kernel (its last linalg op) is
// tiled by 1 along its static parallel dimensions into an scf.forall with
// every producer fused into the tile, so that each iteration (one GPU
// thread, loom-cuda-outline-kernels) computes one element of the result.
// A kernel that cannot be tiled as a whole is left as it was.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"
#include "backends/cuda/Passes.h"
#include "ir/LoomDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace loom::cuda {
#define GEN_PASS_DEF_LOOMCUDADISTRIBUTETHREADS
#include "backends/cuda/Passes.h.inc"
} // namespace loom::cuda

using namespace mlir;

namespace loom::cuda {
namespace {

/// A producer the kernel also returns, elementwise, is yielded from the
/// tile: its tiles coincide with the root's.
bool isReturnedElementwise(OpResult producer) {
  auto op = dyn_cast<linalg::LinalgOp>(producer.getOwner());
  if (!op || !linalg::isElementwise(op))
    return false;
  return llvm::any_of(producer.getUsers(), [](Operation *user) {
    return isa<func::ReturnOp>(user);
  });
}

/// reshape(tensor.empty) -> tensor.empty of the reshaped static type, so
/// that a root computed without its unit dimensions still writes into a
/// tensor.empty that bufferization replaces by the output buffer.
template <typename ReshapeOp>
struct ReshapedEmpty : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern<ReshapeOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp reshape,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = reshape.getResultType();
    if (!reshape.getSrc().template getDefiningOp<tensor::EmptyOp>() ||
        !type.hasStaticShape())
      return failure();
    rewriter.replaceOpWithNewOp<tensor::EmptyOp>(reshape, type.getShape(),
                                                 type.getElementType());
    return success();
  }
};

/// Tiles and fuses `kernel` (a detached clone); failure when the result is
/// not one forall that writes the kernel's results directly.
LogicalResult distribute(func::FuncOp kernel) {
  MLIRContext *context = kernel.getContext();
  RewritePatternSet reshapedEmpties(context);
  reshapedEmpties.add<ReshapedEmpty<tensor::ExpandShapeOp>,
                      ReshapedEmpty<tensor::CollapseShapeOp>>(context);
  if (failed(applyPatternsGreedily(kernel.getOperation(),
                                   std::move(reshapedEmpties))))
    return failure();
  Block &body = kernel.getBody().front();
  linalg::LinalgOp root;
  for (Operation &op : body)
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(&op))
      root = linalgOp;
  if (!root || !root.hasPureTensorSemantics())
    return failure();
  SmallVector<int64_t> ranges = root.getStaticLoopRanges();
  SmallVector<int64_t> tileSizes(ranges.size(), 0);
  bool tiled = false;
  for (auto [dim, iterator] : llvm::enumerate(root.getIteratorTypesArray()))
    if (iterator == utils::IteratorType::parallel &&
        !ShapedType::isDynamic(ranges[dim]) && ranges[dim] > 1) {
      tileSizes[dim] = 1;
      tiled = true;
    }
  if (!tiled)
    return failure();

  IRRewriter rewriter(context);
  rewriter.setInsertionPoint(root);
  scf::SCFTilingOptions tiling;
  tiling.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp)
      .setTileSizes(getAsIndexOpFoldResult(context, tileSizes));
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(tiling);
  options.setFusionControlFn(
      [](tensor::ExtractSliceOp, OpResult producer, bool)
          -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        scf::SCFTileAndFuseOptions::ControlFnResult result;
        result.yieldProducerReplacement = isReturnedElementwise(producer);
        return result;
      });
  FailureOr<scf::SCFTileAndFuseResult> result =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(root.getOperation()), options);
  if (failed(result) || result->loops.size() != 1)
    return failure();
  auto forall = dyn_cast<scf::ForallOp>(result->loops.front().getOperation());
  if (!forall)
    return failure();
  for (auto [original, replacement] : result->replacements)
    rewriter.replaceUsesWithIf(original, replacement, [&](OpOperand &use) {
      return !forall->isAncestor(use.getOwner());
    });
  // The untiled originals are dead now; the greedy driver with no patterns
  // erases them.
  if (failed(applyPatternsGreedily(kernel.getOperation(),
                                   RewritePatternSet(context))))
    return failure();
  // Every thread would run what stays outside: only views and constants
  // may.
  for (Operation &op : body) {
    if (&op == forall.getOperation() || isa<func::ReturnOp>(op))
      continue;
    if (!isa<arith::ConstantOp, tensor::EmptyOp, tensor::CollapseShapeOp,
             tensor::ExpandShapeOp, tensor::ExtractSliceOp>(op))
      return failure();
  }
  auto isReturn = [](Operation *user) { return isa<func::ReturnOp>(user); };
  for (Operation *user : forall->getUsers())
    if (!isReturn(user) &&
        !(isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(user) &&
          llvm::all_of(user->getUsers(), isReturn)))
      return failure();
  for (Value output : forall.getOutputs())
    if (!output.getDefiningOp<tensor::EmptyOp>())
      return failure();
  return success();
}

struct LoomCudaDistributeThreadsPass
    : impl::LoomCudaDistributeThreadsBase<LoomCudaDistributeThreadsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp kernel = getOperation();
    if (!isKernel(kernel) || kernel.isExternal())
      return;
    // Outputs that may share an input's buffer are computed in temporaries
    // and copied at the end (loom-cpu-results-to-out-params): every thread
    // would copy all of them.
    if (cpu::needsOutputCopies(kernel))
      return;
    // Tile a detached copy, so that a kernel that cannot be distributed as
    // a whole is left exactly as it was.
    auto candidate = cast<func::FuncOp>(kernel->clone());
    if (failed(distribute(candidate))) {
      candidate.erase();
      return;
    }
    kernel.getBody().takeBody(candidate.getBody());
    candidate.erase();
  }
};

} // namespace
} // namespace loom::cuda
