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

/// Whether the kernel returns `producer`, directly or through a reshape
/// that only the return reads (the unit dimensions dropped inside the
/// kernel; tileKernel accepts a forall result returned that way).
bool isReturned(OpResult producer) {
  auto isReturn = [](Operation *user) { return isa<func::ReturnOp>(user); };
  return llvm::any_of(producer.getUsers(), [&](Operation *user) {
    return isReturn(user) ||
           (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(user) &&
            llvm::all_of(user->getUsers(), isReturn));
  });
}

/// Whether the tiles of `producer` that the fusion computes are exactly the
/// root's: the root, all loops parallel and its results written in loop
/// order, reads it in loop order, and nothing else but the return does.
/// Each tile then computes its own elements of `producer` in full (a
/// contraction's reduction is not split), so they can be yielded.
bool isTiledLikeTheRoot(OpResult producer, linalg::LinalgOp root) {
  if (!root || root.getNumLoops() != root.getNumParallelLoops() ||
      producer.getOwner() == root.getOperation())
    return false;
  if (!llvm::all_of(root.getDpsInitsMutable(), [&](OpOperand &init) {
        return root.getMatchingIndexingMap(&init).isIdentity();
      }))
    return false;
  // The original root's operand decides; the slices that tiling took of
  // the producer for the root's tiles are the other users.
  return llvm::all_of(producer.getUses(), [&](OpOperand &use) {
    Operation *user = use.getOwner();
    if (isa<func::ReturnOp>(user) ||
        (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(user) &&
         llvm::all_of(user->getUsers(),
                      [](Operation *u) { return isa<func::ReturnOp>(u); })) ||
        (isa<tensor::ExtractSliceOp>(user) &&
         isa<scf::ForallOp>(user->getParentOp())))
      return true;
    return user == root.getOperation() && !root.isDpsInit(&use) &&
           root.getMatchingIndexingMap(&use).isIdentity();
  });
}

/// A producer whose result the kernel also returns can be yielded from the
/// forall tile by tile when its tiles coincide with the root's, so that no
/// tile computes any element twice: an elementwise producer, or one that
/// the root reads in loop order (a matmul whose result the backward pass
/// keeps, read by its epilogue).
bool isYieldable(OpResult producer, linalg::LinalgOp root) {
  auto op = dyn_cast<linalg::LinalgOp>(producer.getOwner());
  if (!op || !isReturned(producer))
    return false;
  return linalg::isElementwise(op) || isTiledLikeTheRoot(producer, root);
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
      [&](tensor::ExtractSliceOp, OpResult producer, bool)
          -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        scf::SCFTileAndFuseOptions::ControlFnResult result;
        result.yieldProducerReplacement = isYieldable(producer, root);
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
  // A yielded producer's reshape for the return stood right after the
  // producer: it now reads the forall, so it moves after it.
  for (Operation *user : llvm::to_vector(forall->getUsers()))
    if (user->getBlock() == forall->getBlock() &&
        user->isBeforeInBlock(forall))
      rewriter.moveOpAfter(user, forall);

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
             tensor::ExpandShapeOp, tensor::ExtractSliceOp>(op)) {
      return failure();
    }
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
