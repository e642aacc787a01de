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
// Reshape propagation also brings back unit dimensions that
// linalg-fold-unit-extent-dims dropped, into ops whose neighbours cannot
// take them (a depthwise convolution's window reads are no projected
// permutations), which leaves a reshape between the two that tile-and-fuse
// stops at. The pass therefore drops unit dimensions again afterwards,
// except from the generics that read the result of a named op (a matmul),
// which that folding cannot rank-reduce, so that a reshape would separate
// them instead. A last round of elementwise fusion, with upstream's operand
// deduplication, then fuses what the unit dimensions kept apart (a SiLU's
// bias add, below).
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
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

    // Generics that the unit dimensions kept apart fuse now. A consumer
    // that reads one value through two operands (x * sigmoid(x), once the
    // sigmoid is fused into the multiply) reads it once, so that the
    // value's producer (a bias add) has one use and fuses too: the SiLU
    // after a convolution becomes one epilogue with its bias, which
    // loom-cpu-matmul-to-ukernel folds into the micro-kernel's stores.
    RewritePatternSet fuseAgain(context);
    linalg::populateElementwiseOpsFusionPatterns(fuseAgain, shouldFuse);
    linalg::populateEraseUnusedOperandsAndResultsPatterns(fuseAgain);
    if (failed(applyPatternsGreedily(getOperation(), std::move(fuseAgain))))
      return signalPassFailure();
  }
};

} // namespace
} // namespace loom::cpu
