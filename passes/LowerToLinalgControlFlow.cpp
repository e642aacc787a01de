//===- LowerToLinalgControlFlow.cpp - loom.scan and loom.if to scf --------===//
//
// Part of the Loom project.
//
// The loom-lower-to-linalg patterns of the ops with regions. loom.if is an
// scf.if whose regions are the op's, their arguments replaced by the
// invariants. loom.scan is an scf.for over the
// iterations whose iteration arguments are the carried values and the
// stacked results. Each iteration computes its position, takes entry t of
// every scanned operand (a rank-reducing tensor.extract_slice), runs the
// body's ops (left as loom ops, which the other patterns then lower where
// they are) and inserts each per-step value at entry t of its stack. After
// bufferization the stacks are written in place and the scanned operands
// are read through subviews, so a step copies nothing it does not compute.
//
//===----------------------------------------------------------------------===//

#include "passes/LowerToLinalg.h"

#include "ir/LoomOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;

namespace loom {
namespace {

/// Offsets (t, 0, ...), sizes (1, the entry's shape) and unit strides of
/// entry `t` of a stack of entries of type `step`.
struct EntrySlice {
  SmallVector<OpFoldResult> offsets, sizes, strides;

  EntrySlice(OpBuilder &b, Value t, RankedTensorType step) {
    offsets.push_back(t);
    sizes.push_back(b.getIndexAttr(1));
    strides.push_back(b.getIndexAttr(1));
    for (int64_t size : step.getShape()) {
      offsets.push_back(b.getIndexAttr(0));
      sizes.push_back(b.getIndexAttr(size));
      strides.push_back(b.getIndexAttr(1));
    }
  }
};

struct ScanToFor : OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScanOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    unsigned numCarried = op.getInits().size();
    SmallVector<Value> iterArgs(op.getInits());
    for (Value result : op.getStacked()) {
      auto type = cast<RankedTensorType>(result.getType());
      iterArgs.push_back(tensor::EmptyOp::create(
          rewriter, loc, type.getShape(), type.getElementType()));
    }
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value length = arith::ConstantIndexOp::create(rewriter, loc, op.getLength());
    auto loop = scf::ForOp::create(rewriter, loc, zero, length, one, iterArgs);
    Block *loopBody = loop.getBody();
    // Built without a body builder, the loop has no terminator yet, except
    // when it carries nothing; the body's own ops go in its place.
    if (!loopBody->empty())
      rewriter.eraseOp(loopBody->getTerminator());

    rewriter.setInsertionPointToStart(loopBody);
    Value t = loop.getInductionVar();
    if (op.getReverse())
      t = arith::SubIOp::create(
          rewriter, loc,
          arith::ConstantIndexOp::create(rewriter, loc, op.getLength() - 1), t);
    Type i64 = rewriter.getI64Type();
    Value position = tensor::FromElementsOp::create(
        rewriter, loc, RankedTensorType::get({}, i64),
        ValueRange{arith::IndexCastOp::create(rewriter, loc, i64, t)});

    SmallVector<Value> arguments{position};
    llvm::append_range(arguments,
                       loop.getRegionIterArgs().take_front(numCarried));
    for (Value scanned : op.getScanned()) {
      RankedTensorType step =
          ScanOp::stepType(cast<RankedTensorType>(scanned.getType()));
      EntrySlice slice(rewriter, t, step);
      arguments.push_back(tensor::ExtractSliceOp::create(
          rewriter, loc, step, scanned, slice.offsets, slice.sizes,
          slice.strides));
    }
    llvm::append_range(arguments, op.getInvariants());

    auto yield = cast<YieldOp>(op.getBodyBlock().getTerminator());
    rewriter.inlineBlockBefore(&op.getBodyBlock(), loopBody, loopBody->end(),
                               arguments);
    rewriter.setInsertionPoint(yield);
    SmallVector<Value> next(yield.getValues().take_front(numCarried));
    for (auto [value, stack] :
         llvm::zip(yield.getValues().drop_front(numCarried),
                   loop.getRegionIterArgs().drop_front(numCarried))) {
      EntrySlice slice(rewriter, t, cast<RankedTensorType>(value.getType()));
      next.push_back(tensor::InsertSliceOp::create(
          rewriter, loc, value, stack, slice.offsets, slice.sizes,
          slice.strides));
    }
    rewriter.replaceOpWithNewOp<scf::YieldOp>(yield, next);
    rewriter.replaceOp(op, loop.getResults());
    return success();
  }
};

/// loom.if: an scf.if on the condition's element, each region's block
/// inlined with its arguments replaced by the invariants.
struct IfToSCF : OpRewritePattern<IfOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(IfOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Value> origin(
        op.getCondition().getType().getRank(),
        arith::ConstantIndexOp::create(rewriter, loc, 0));
    Value condition =
        tensor::ExtractOp::create(rewriter, loc, op.getCondition(), origin);
    auto choice = scf::IfOp::create(rewriter, loc, op.getResultTypes(),
                                    condition, /*addThenBlock=*/false,
                                    /*addElseBlock=*/false);
    for (auto [from, to] : {std::pair{&op.getThenRegion(),
                                      &choice.getThenRegion()},
                            std::pair{&op.getElseRegion(),
                                      &choice.getElseRegion()}}) {
      Block *block = rewriter.createBlock(to);
      auto yield = cast<YieldOp>(from->front().getTerminator());
      rewriter.inlineBlockBefore(&from->front(), block, block->end(),
                                 op.getInvariants());
      rewriter.setInsertionPoint(yield);
      rewriter.replaceOpWithNewOp<scf::YieldOp>(yield, yield.getValues());
    }
    rewriter.replaceOp(op, choice.getResults());
    return success();
  }
};

} // namespace

void populateLoomControlFlowToSCFPatterns(RewritePatternSet &patterns) {
  patterns.add<ScanToFor, IfToSCF>(patterns.getContext());
}

} // namespace loom
