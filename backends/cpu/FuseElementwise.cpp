//===- FuseElementwise.cpp - Elementwise fusion that keeps contractions ---===//
//
// Part of the Loom project.
//
// loom-cpu-fuse-elementwise: upstream's linalg elementwise fusion (the
// patterns of linalg-fuse-elementwise-ops, with reshape propagation by
// expansion) with a control function that never fuses a producer into a
// contraction. Fused into a contraction, a convolution's im2col makes it a
// direct convolution that no longer reads a [K, N] matrix, so it can
// neither call the matmul micro-kernel nor tile its columns without
// recomputing the patches; a transpose or broadcast fused into a matmul
// likewise gives it operands the micro-kernel cannot read. Left separate,
// the producer is fused into each workgroup's tile instead
// (loom-cpu-distribute-workgroups). For the same reason no reshape is
// moved above a tensor.pad (a convolution's or pool's padding).
//
// A producer that the kernel also returns is fused into its one
// elementwise consumer of the same shape as an extra result of it (an
// optimizer's moments and parameter update become one generic with three
// results), which upstream's control cannot express: its pattern would
// recompute the producer and keep it for the return.
//
// Reshape propagation also brings back unit dimensions that
// linalg-fold-unit-extent-dims dropped, into ops whose neighbours cannot
// take them (a depthwise convolution's window reads are no projected
// permutations), which leaves a reshape between the two that tile-and-fuse
// stops at. The pass therefore drops unit dimensions again afterwards,
// except from the generics that read the result of a named op (a matmul),
// which that folding cannot rank-reduce, so that a reshape would separate
// them instead.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUFUSEELEMENTWISE
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

bool isContraction(Operation *op) {
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  return linalgOp && linalg::isaContractionOpInterface(linalgOp);
}

/// Whether `op` reads the result of a named linalg op other than a fill (the
/// fill of a collapsed tensor folds into a fill of the collapsed shape).
bool readsNamedOp(Operation *op) {
  return llvm::any_of(op->getOperands(), [](Value operand) {
    Operation *producer = operand.getDefiningOp();
    return isa_and_nonnull<linalg::LinalgOp>(producer) &&
           !isa<linalg::GenericOp, linalg::FillOp>(producer);
  });
}

/// Whether `op` is a generic whose loops are all parallel and whose
/// results are written in loop order (identity output maps).
bool isParallelIdentityGeneric(Operation *op) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  return generic && generic.getNumLoops() == generic.getNumParallelLoops() &&
         llvm::all_of(generic.getDpsInitsMutable(), [&](OpOperand &init) {
           return generic.getMatchingIndexingMap(&init).isIdentity();
         });
}

/// Whether `fusedOperand` reads a generic that the kernel also returns and
/// nothing else reads, in an elementwise consumer over the same iteration
/// space (identity maps on both sides).
bool readsReturnedProducer(OpOperand *fusedOperand) {
  Operation *producer = fusedOperand->get().getDefiningOp();
  Operation *consumer = fusedOperand->getOwner();
  if (producer == consumer || !isParallelIdentityGeneric(producer) ||
      !isParallelIdentityGeneric(consumer))
    return false;
  auto producerOp = cast<linalg::GenericOp>(producer);
  auto consumerOp = cast<linalg::GenericOp>(consumer);
  if (!consumerOp.getMatchingIndexingMap(fusedOperand).isIdentity() ||
      producerOp.getStaticLoopRanges() != consumerOp.getStaticLoopRanges())
    return false;
  return llvm::all_of(producer->getUses(), [&](OpOperand &use) {
    return use.getOwner() == consumer || isa<func::ReturnOp>(use.getOwner());
  });
}

/// Fuses a producer that the kernel also returns into its elementwise
/// consumer, the fused generic yielding the producer's result as well, so
/// that each element is computed once and the producer disappears.
/// Upstream's pattern would recompute such a producer in the consumer and
/// keep it for its other uses; left separate, the two generics of an
/// elementwise kernel (an optimizer's moment and parameter updates) make a
/// pass over memory each, and a kernel of several linalg ops is computed in
/// temporaries and never distributed (needsOutputCopies).
struct FuseReturnedProducer : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp consumer,
                                PatternRewriter &rewriter) const override {
    for (OpOperand &operand : consumer->getOpOperands()) {
      if (!readsReturnedProducer(&operand))
        continue;
      Operation *producer = operand.get().getDefiningOp();
      FailureOr<linalg::ElementwiseOpFusionResult> fused =
          linalg::fuseElementwiseOps(rewriter, &operand);
      if (failed(fused))
        continue;
      for (auto [original, replacement] : fused->replacements)
        rewriter.replaceAllUsesWith(original, replacement);
      rewriter.eraseOp(consumer);
      rewriter.eraseOp(producer);
      return success();
    }
    return rewriter.notifyMatchFailure(consumer,
                                       "reads no returned elementwise producer");
  }
};

/// Upstream's default (a producer with one use), except into contractions.
bool shouldFuse(OpOperand *fusedOperand) {
  Operation *producer = fusedOperand->get().getDefiningOp();
  return producer && producer->hasOneUse() &&
         !isContraction(fusedOperand->getOwner());
}

struct LoomCpuFuseElementwisePass
    : impl::LoomCpuFuseElementwiseBase<LoomCpuFuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    linalg::populateElementwiseOpsFusionPatterns(patterns, shouldFuse);
    patterns.add<FuseReturnedProducer>(context);
    // Reshape propagation with upstream's control, except that a reshape
    // is not moved above a tensor.pad: a pad behind a reshape is no longer
    // a producer that tiling can fuse into its consumer's tiles.
    linalg::populateFoldReshapeOpsByExpansionPatterns(
        patterns, [](OpOperand *fusedOperand) {
          Operation *producer = fusedOperand->get().getDefiningOp();
          return producer && producer->hasOneUse() &&
                 !isa<tensor::PadOp>(fusedOperand->getOwner());
        });
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, shouldFuse);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();

    RewritePatternSet dropUnitDims(context);
    linalg::ControlDropUnitDims options;
    linalg::ControlDropUnitDims::ControlFnTy upstreamDims = options.controlFn;
    options.controlFn = [upstreamDims](Operation *op) {
      return readsNamedOp(op) ? SmallVector<unsigned>() : upstreamDims(op);
    };
    linalg::populateFoldUnitExtentDimsPatterns(dropUnitDims, options);
    linalg::populateMoveInitOperandsToInputPattern(dropUnitDims);
    if (failed(applyPatternsGreedily(getOperation(), std::move(dropUnitDims))))
      return signalPassFailure();
  }
};

} // namespace
} // namespace loom::cpu
