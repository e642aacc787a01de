//===- MergeElementwise.cpp - Generics of one iteration space become one -===//
//
// Part of the Loom project.
//
// loom-cpu-merge-elementwise: the elementwise generics of a kernel that
// share one iteration space and whose results are only returned or read by
// each other (a training step's activation and the values its backward
// pass keeps, an optimizer's moments and parameter update) are merged into
// one generic with several results. Elementwise fusion leaves them apart:
// a producer with several readers is only fused by recomputing it, and
// siblings that read the same value are not producer and consumer at all.
// Apart, they cannot be tiled as one: tile-and-fuse follows the producers
// of the kernel's root, so a sibling would stay outside the scf.forall and
// the kernel on one workgroup; and an elementwise kernel of several linalg
// ops is computed in temporaries (its outputs may be planned over its
// inputs, see needsOutputCopies). One generic reads and writes each element
// in the same iteration, so it is computed in place and distributed.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUMERGEELEMENTWISE
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

/// A generic of static loops that are all parallel, writing its results in
/// loop order: each iteration reads its inputs and writes one element of
/// each result.
bool isElementwiseGeneric(Operation *op) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  if (!generic || !generic.hasPureTensorSemantics() ||
      generic.getNumLoops() != generic.getNumParallelLoops() ||
      llvm::any_of(generic.getStaticLoopRanges(), ShapedType::isDynamic))
    return false;
  return llvm::all_of(generic.getDpsInitsMutable(), [&](OpOperand &init) {
    return generic.getMatchingIndexingMap(&init).isIdentity() &&
           !generic.payloadUsesValueFromOperand(&init);
  });
}

bool sameIterationSpace(linalg::GenericOp a, linalg::GenericOp b) {
  return a.getStaticLoopRanges() == b.getStaticLoopRanges();
}

/// Whether every reader of `op`'s results is the kernel's return or an
/// elementwise generic of the same iteration space that reads them in loop
/// order (so that merging them never makes one iteration read another's
/// element), all in `op`'s block.
bool onlyFeedsItsKind(linalg::GenericOp op) {
  for (OpOperand &use : op->getUses()) {
    Operation *user = use.getOwner();
    if (user->getBlock() != op->getBlock())
      return false;
    if (isa<func::ReturnOp>(user))
      continue;
    auto generic = dyn_cast<linalg::GenericOp>(user);
    if (!generic || !isElementwiseGeneric(generic) ||
        !sameIterationSpace(op, generic) ||
        generic.isDpsInit(&use) ||
        !generic.getMatchingIndexingMap(&use).isIdentity())
      return false;
  }
  return true;
}

/// The candidate to merge `later` with: the nearest earlier generic of its
/// block with the same iteration space that only feeds its kind, and that
/// nothing between the two reads (the merged generic takes `later`'s place).
linalg::GenericOp findEarlier(linalg::GenericOp later) {
  for (Operation *op = later->getPrevNode(); op; op = op->getPrevNode()) {
    auto earlier = dyn_cast<linalg::GenericOp>(op);
    if (!earlier || !isElementwiseGeneric(earlier) ||
        !sameIterationSpace(earlier, later) || !onlyFeedsItsKind(earlier))
      continue;
    bool readBetween = llvm::any_of(earlier->getUsers(), [&](Operation *user) {
      return user != later.getOperation() && user->isBeforeInBlock(later);
    });
    if (!readBetween)
      return earlier;
  }
  return {};
}

/// Merges `earlier` into `later`: the inputs of both (less those of
/// `later` that `earlier` computes), the outputs and results of `earlier`
/// then those of `later`, and one body that computes `earlier`'s values and
/// hands them to `later`'s. Results that only `later` read are dead
/// afterwards; the generic's canonicalization drops them.
struct MergeWithEarlierGeneric : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp later,
                                PatternRewriter &rewriter) const override {
    if (!isElementwiseGeneric(later) || !onlyFeedsItsKind(later))
      return rewriter.notifyMatchFailure(later, "not a mergeable generic");
    linalg::GenericOp earlier = findEarlier(later);
    if (!earlier)
      return rewriter.notifyMatchFailure(later, "nothing to merge with");

    SmallVector<Value> inputs = earlier.getDpsInputs();
    SmallVector<AffineMap> maps;
    for (OpOperand *input : earlier.getDpsInputOperands())
      maps.push_back(earlier.getMatchingIndexingMap(input));
    SmallVector<OpOperand *> laterInputs;
    for (OpOperand *input : later.getDpsInputOperands()) {
      if (input->get().getDefiningOp() == earlier.getOperation())
        continue;
      laterInputs.push_back(input);
      inputs.push_back(input->get());
      maps.push_back(later.getMatchingIndexingMap(input));
    }
    SmallVector<Value> inits = earlier.getDpsInits();
    llvm::append_range(inits, later.getDpsInits());
    for (OpOperand &init : earlier.getDpsInitsMutable())
      maps.push_back(earlier.getMatchingIndexingMap(&init));
    for (OpOperand &init : later.getDpsInitsMutable())
      maps.push_back(later.getMatchingIndexingMap(&init));
    SmallVector<Type> resultTypes(earlier->getResultTypes());
    llvm::append_range(resultTypes, later->getResultTypes());

    rewriter.setInsertionPoint(later);
    auto merged = linalg::GenericOp::create(
        rewriter, later.getLoc(), resultTypes, inputs, inits, maps,
        later.getIteratorTypesArray());
    Block *body = rewriter.createBlock(&merged.getRegion());
    auto addArguments = [&](ArrayRef<OpOperand *> operands) {
      SmallVector<BlockArgument> arguments;
      for (OpOperand *operand : operands)
        arguments.push_back(body->addArgument(
            getElementTypeOrSelf(operand->get().getType()),
            operand->get().getLoc()));
      return arguments;
    };
    SmallVector<OpOperand *> earlierInits, laterInits;
    for (OpOperand &init : earlier.getDpsInitsMutable())
      earlierInits.push_back(&init);
    for (OpOperand &init : later.getDpsInitsMutable())
      laterInits.push_back(&init);
    SmallVector<BlockArgument> earlierIn =
        addArguments(earlier.getDpsInputOperands());
    SmallVector<BlockArgument> laterIn = addArguments(laterInputs);
    SmallVector<BlockArgument> earlierOut = addArguments(earlierInits);
    SmallVector<BlockArgument> laterOut = addArguments(laterInits);

    // `earlier`'s body, then `later`'s reading its yielded values.
    IRMapping mapping;
    Block &earlierBody = *earlier.getBody();
    for (auto [input, argument] :
         llvm::zip(earlier.getDpsInputOperands(), earlierIn))
      mapping.map(earlier.getMatchingBlockArgument(input), argument);
    for (auto [init, argument] : llvm::zip(earlierInits, earlierOut))
      mapping.map(earlier.getMatchingBlockArgument(init), argument);
    for (Operation &op : earlierBody.without_terminator())
      rewriter.clone(op, mapping);
    SmallVector<Value> yielded;
    for (Value value : earlierBody.getTerminator()->getOperands())
      yielded.push_back(mapping.lookupOrDefault(value));

    auto laterArgument = laterIn.begin();
    for (OpOperand *input : later.getDpsInputOperands()) {
      BlockArgument original = later.getMatchingBlockArgument(input);
      if (auto result = dyn_cast<OpResult>(input->get());
          result && result.getOwner() == earlier.getOperation())
        mapping.map(original, yielded[result.getResultNumber()]);
      else
        mapping.map(original, *laterArgument++);
    }
    for (auto [init, argument] : llvm::zip(laterInits, laterOut))
      mapping.map(later.getMatchingBlockArgument(init), argument);
    Block &laterBody = *later.getBody();
    for (Operation &op : laterBody.without_terminator())
      rewriter.clone(op, mapping);
    for (Value value : laterBody.getTerminator()->getOperands())
      yielded.push_back(mapping.lookupOrDefault(value));
    linalg::YieldOp::create(rewriter, later.getLoc(), yielded);

    unsigned earlierResults = earlier->getNumResults();
    rewriter.replaceOp(later,
                       merged->getResults().drop_front(earlierResults));
    rewriter.replaceOp(earlier,
                       merged->getResults().take_front(earlierResults));
    return success();
  }
};

struct LoomCpuMergeElementwisePass
    : impl::LoomCpuMergeElementwiseBase<LoomCpuMergeElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<MergeWithEarlierGeneric>(context);
    // Drops the results that only the merged partner read, and the second
    // copy of an input that both read.
    linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
} // namespace loom::cpu
