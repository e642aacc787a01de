//===- TileKernel.cpp - Tile a whole kernel into one scf.forall -----------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/TileKernel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace loom::cpu {
namespace {

/// An elementwise producer whose result the kernel also returns can be
/// yielded from the forall tile by tile: its tiles coincide with the root's,
/// so no tile computes any element twice.
bool isReturnedElementwise(OpResult producer) {
  auto op = dyn_cast<linalg::LinalgOp>(producer.getOwner());
  if (!op || !linalg::isElementwise(op))
    return false;
  return llvm::any_of(producer.getUsers(), [](Operation *user) {
    return isa<func::ReturnOp>(user);
  });
}

template <typename ReshapeOp>
struct FoldReshapedEmpty : OpRewritePattern<ReshapeOp> {
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

} // namespace

LogicalResult foldReshapedEmpties(func::FuncOp kernel) {
  MLIRContext *context = kernel.getContext();
  RewritePatternSet patterns(context);
  patterns.add<FoldReshapedEmpty<tensor::ExpandShapeOp>,
               FoldReshapedEmpty<tensor::CollapseShapeOp>>(context);
  return applyPatternsGreedily(kernel.getOperation(), std::move(patterns));
}

linalg::LinalgOp kernelRoot(func::FuncOp kernel) {
  linalg::LinalgOp root;
  for (Operation &op : kernel.getBody().front())
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(&op))
      root = linalgOp;
  return root && root.hasPureTensorSemantics() ? root : linalg::LinalgOp();
}

FailureOr<scf::ForallOp> tileKernel(func::FuncOp kernel,
                                    linalg::LinalgOp root,
                                    ArrayRef<int64_t> tileSizes) {
  MLIRContext *context = kernel.getContext();
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
  FailureOr<scf::SCFTileAndFuseResult> tiled =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(root.getOperation()), options);
  if (failed(tiled) || tiled->loops.size() != 1)
    return failure();
  auto forall = dyn_cast<scf::ForallOp>(tiled->loops.front().getOperation());
  if (!forall)
    return failure();
  for (auto [original, replacement] : tiled->replacements)
    rewriter.replaceUsesWithIf(original, replacement, [&](OpOperand &use) {
      return !forall->isAncestor(use.getOwner());
    });

  // The untiled originals are dead now, together with the slices the
  // fusion took from them, unless something outside the tile still needs
  // them. The greedy driver with no patterns erases dead ops.
  if (failed(applyPatternsGreedily(kernel.getOperation(),
                                   RewritePatternSet(context))))
    return failure();
  // What stays outside the forall runs in every tile: only views and
  // constants may. The forall's results must go straight to the return, so
  // that empty-tensor elimination can make the tiles write the outputs;
  // otherwise each tile would copy a whole result that it computed only a
  // part of.
  for (Operation &op : kernel.getBody().front()) {
    if (&op == forall.getOperation() || isa<func::ReturnOp>(op))
      continue;
    if (!isa<arith::ConstantOp, tensor::EmptyOp, tensor::CollapseShapeOp,
             tensor::ExpandShapeOp, tensor::ExtractSliceOp>(op))
      return failure();
  }
  // A result may reach the return through a reshape (the unit dimensions
  // dropped inside the kernel): the results-to-out-params step writes it
  // into the reshaped view of the output buffer.
  auto isReturn = [](Operation *user) { return isa<func::ReturnOp>(user); };
  for (Operation *user : forall->getUsers())
    if (!isReturn(user) &&
        !(isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(user) &&
          llvm::all_of(user->getUsers(), isReturn)))
      return failure();
  // Only a tensor.empty shared output becomes the output buffer.
  for (Value output : forall.getOutputs())
    if (!output.getDefiningOp<tensor::EmptyOp>())
      return failure();
  return forall;
}

} // namespace loom::cpu
