//===- LowerToLinalgScans.cpp - Lower arg reductions, cumsum, top-k to linalg ===//
//
// Part of the Loom project.
//
// The loom-lower-to-linalg patterns of the ops that scan or select along
// an axis: argmax/argmin, cumsum and topk, on static shapes, as the
// reference evaluator defines them (evaluator/ReductionKernels.cpp): ties,
// NaN and select_last_index for the arg reductions, exclusive and reverse
// sums in the evaluator's order, and top-k's stable order.
//
//===----------------------------------------------------------------------===//

#include "passes/LinalgLoweringUtils.h"
#include "passes/LowerToLinalg.h"

#include "ir/LoomOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace loom {
namespace {

//===----------------------------------------------------------------------===//
// Arg reductions, cumsum and top-k
//===----------------------------------------------------------------------===//

/// One generic along the axis carrying (best value, best index), replaying
/// the evaluator's scan: the first element is taken; after that a NaN is
/// taken when the best is not NaN, and a number when it beats the best (or
/// ties it with select_last_index); once the best is NaN only a later NaN
/// replaces it, and only with select_last_index.
template <typename OpTy, bool Largest>
struct ArgReduceToLinalg
    : StaticShapePattern<OpTy, /*RewritesEmptyResult=*/true> {
  using StaticShapePattern<OpTy, /*RewritesEmptyResult=*/true>::StaticShapePattern;

  LogicalResult rewriteStatic(OpTy op,
                              PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    Type elementType = inputType.getElementType();
    int64_t rank = inputType.getRank(), axis = op.getAxis();
    if (inputType.getDimSize(axis) == 0)
      return rewriter.notifyMatchFailure(op, "empty axis");
    bool last = op.getSelectLastIndex();
    SmallVector<int64_t> reducedShape = dropAxis(inputType.getShape(), axis);

    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap reducedMap = identity.dropResult(axis);
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators[axis] = utils::IteratorType::reduction;
    Value zeroValue = scalarConstant(rewriter, loc, elementType, 0.0);
    Value zeroIndex = scalarConstant(rewriter, loc, rewriter.getI64Type(), 0.0);
    SmallVector<Type> resultTypes = {
        RankedTensorType::get(reducedShape, elementType),
        RankedTensorType::get(reducedShape, rewriter.getI64Type())};
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultTypes, ValueRange{op.getInput()},
        ValueRange{filledTensor(rewriter, loc, reducedShape, zeroValue),
                   filledTensor(rewriter, loc, reducedShape, zeroIndex)},
        ArrayRef<AffineMap>{identity, reducedMap, reducedMap}, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          Value position = linalg::IndexOp::create(b, l, axis);
          Value index = indexToI64(b, l, position);
          Value isFirst =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, index,
                                    scalarConstant(b, l, b.getI64Type(), 0.0));
          Value take;
          if (isa<FloatType>(elementType)) {
            auto beats = [&](Value lhs, Value rhs) -> Value {
              return arith::CmpFOp::create(b, l,
                                           Largest ? arith::CmpFPredicate::OGT
                                                   : arith::CmpFPredicate::OLT,
                                           lhs, rhs);
            };
            Value xIsNaN =
                arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO, x, x);
            Value bestIsNaN = arith::CmpFOp::create(
                b, l, arith::CmpFPredicate::UNO, best, best);
            Value overNumber =
                arith::OrIOp::create(b, l, xIsNaN, beats(x, best));
            Value overNaN =
                arith::ConstantOp::create(b, l, b.getBoolAttr(false));
            if (last) {
              // A tie, or anything the best does not beat; NaNs were
              // handled above.
              Value notBeaten = arith::XOrIOp::create(
                  b, l, beats(best, x),
                  arith::ConstantOp::create(b, l, b.getBoolAttr(true)));
              overNumber = arith::OrIOp::create(b, l, overNumber, notBeaten);
              overNaN = xIsNaN;
            }
            take =
                arith::SelectOp::create(b, l, bestIsNaN, overNaN, overNumber);
          } else {
            arith::CmpIPredicate predicate =
                Largest ? (last ? arith::CmpIPredicate::sge
                                : arith::CmpIPredicate::sgt)
                        : (last ? arith::CmpIPredicate::sle
                                : arith::CmpIPredicate::slt);
            if (x.getType().isUnsignedInteger())
              predicate = unsignedPredicate(predicate);
            take = arith::CmpIOp::create(b, l, predicate, x, best);
          }
          take = arith::OrIOp::create(b, l, isFirst, take);
          Value newBest = arith::SelectOp::create(b, l, take, x, best);
          Value newIndex =
              arith::SelectOp::create(b, l, take, index, bestIndex);
          linalg::YieldOp::create(b, l, ValueRange{newBest, newIndex});
        });
    Value result = generic.getResult(1);
    if (op.getKeepdims())
      result =
          tensor::ExpandShapeOp::create(rewriter, loc, op.getType(), result,
                                        unitAxisReassociation(rank, axis));
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Element i of a line is the sum over the loop j of the terms that belong
/// to it (j <= i, or j < i with `exclusive`; j runs from the end with
/// `reverse`), accumulated in the evaluator's order: the first term is
/// taken as is, not added to 0, which keeps a lone -0.0; an exclusive first
/// element stays +0. The scan is a linalg.generic with an extra reduction
/// loop, so it stays one structured op the later steps can tile, at the
/// cost of O(size^2) work per line (cumsum lines are short in practice).
struct CumSumToLinalg
    : StaticShapePattern<CumSumOp, /*RewritesEmptyResult=*/true> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(CumSumOp op,
                              PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    auto type = cast<RankedTensorType>(op.getType());
    Type elementType = type.getElementType();
    Type accType = computeType(elementType);
    int64_t rank = type.getRank(), axis = op.getAxis();
    int64_t size = type.getDimSize(axis);
    bool exclusive = op.getExclusive(), reverse = op.getReverse();

    // Loops: the result's dimensions, then j over the line.
    unsigned numLoops = rank + 1;
    AffineExpr j = getAffineDimExpr(rank, context);
    AffineExpr term = reverse ? size - 1 - j : j;
    AffineMap inputMap = replacingAxis(numLoops, rank, axis, term, context);
    AffineMap resultMap = AffineMap::getMultiDimIdentityMap(numLoops, context)
                              .getMajorSubMap(rank);
    SmallVector<utils::IteratorType> iterators(numLoops,
                                               utils::IteratorType::parallel);
    iterators[rank] = utils::IteratorType::reduction;
    // When j reads the input reversed, linalg needs j's bound from an
    // operand that it indexes directly: an unread tensor of the line's size.
    Value lineShape = emptyTensor(rewriter, loc, {size}, accType);
    AffineMap lineMap = AffineMap::get(numLoops, 0, j);
    Value zero = scalarConstant(rewriter, loc, accType, 0.0);
    auto accTensorType = RankedTensorType::get(type.getShape(), accType);
    Value sums =
        linalg::GenericOp::create(
            rewriter, loc, accTensorType, ValueRange{op.getInput(), lineShape},
            ValueRange{filledTensor(rewriter, loc, type.getShape(), zero)},
            ArrayRef<AffineMap>{inputMap, lineMap, resultMap}, iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value x = toComputeType(b, l, args[0]);
              Value acc = args[2];
              Value i = linalg::IndexOp::create(b, l, axis);
              Value step = linalg::IndexOp::create(b, l, rank);
              // The last step whose term belongs to element i.
              Value lastStep = i;
              if (reverse)
                lastStep = arith::SubIOp::create(
                    b, l, arith::ConstantIndexOp::create(b, l, size - 1), i);
              Value belongs =
                  arith::CmpIOp::create(b, l,
                                        exclusive ? arith::CmpIPredicate::ult
                                                  : arith::CmpIPredicate::ule,
                                        step, lastStep);
              Value isFirst = arith::CmpIOp::create(
                  b, l, arith::CmpIPredicate::eq, step,
                  arith::ConstantIndexOp::create(b, l, 0));
              Value added =
                  floatOrInt<arith::AddFOp, arith::AddIOp>(b, l, {acc, x});
              Value next = arith::SelectOp::create(b, l, isFirst, x, added);
              linalg::YieldOp::create(
                  b, l,
                  arith::SelectOp::create(b, l, belongs, next, acc)
                      .getResult());
            })
            .getResult(0);
    rewriter.replaceOp(op, roundTo(rewriter, loc, sums, elementType));
    return success();
  }
};

/// Two generics per line, without a sort: first each element's rank in the
/// stable order of the result (how many elements come strictly before it:
/// those ordered before it, and equal ones with a lower index), then, for
/// each output position p < k, the element whose rank is p. NaN ranks above
/// every number (first with `largest`, last otherwise), and ±0 are equal,
/// as in the evaluator. The work is O(size^2 + k * size) per line, fine
/// for the class counts top-k sees; `sorted = false` gets the sorted order,
/// which it allows.
struct TopKToLinalg
    : StaticShapePattern<TopKOp, /*RewritesEmptyResult=*/true> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(TopKOp op,
                              PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto valuesType = cast<RankedTensorType>(op.getValues().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    Type elementType = inputType.getElementType();
    int64_t rank = inputType.getRank(), axis = op.getAxis();
    bool largest = op.getLargest();
    Type i64 = rewriter.getI64Type();
    if (valuesType.getNumElements() == 0) {
      rewriter.replaceOp(
          op, {emptyTensor(rewriter, loc, valuesType.getShape(), elementType),
               emptyTensor(rewriter, loc, indicesType.getShape(), i64)});
      return success();
    }

    // x before y in the result's order, ignoring indices.
    auto before = [&](OpBuilder &b, Location l, Value x, Value y) -> Value {
      if (!isa<FloatType>(elementType))
        return arith::CmpIOp::create(
            b, l,
            elementType.isUnsignedInteger()
                ? (largest ? arith::CmpIPredicate::ugt
                           : arith::CmpIPredicate::ult)
                : (largest ? arith::CmpIPredicate::sgt
                           : arith::CmpIPredicate::slt),
            x, y);
      Value ordered = arith::CmpFOp::create(
          b, l, largest ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT,
          x, y);
      Value xIsNaN =
          arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO, x, x);
      Value yIsNaN =
          arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO, y, y);
      Value yIsNumber = arith::XOrIOp::create(
          b, l, yIsNaN, arith::ConstantOp::create(b, l, b.getBoolAttr(true)));
      Value xIsNumber = arith::XOrIOp::create(
          b, l, xIsNaN, arith::ConstantOp::create(b, l, b.getBoolAttr(true)));
      Value nanFirst = largest ? arith::AndIOp::create(b, l, xIsNaN, yIsNumber)
                               : arith::AndIOp::create(b, l, yIsNaN, xIsNumber);
      return arith::OrIOp::create(b, l, ordered, nanFirst);
    };

    // Ranks: loops over the input's dimensions (element j on the axis) and
    // m, the element it is compared with.
    unsigned numLoops = rank + 1;
    AffineExpr extra = getAffineDimExpr(rank, context);
    AffineMap own = AffineMap::getMultiDimIdentityMap(numLoops, context)
                        .getMajorSubMap(rank);
    AffineMap other = replacingAxis(numLoops, rank, axis, extra, context);
    SmallVector<utils::IteratorType> iterators(numLoops,
                                               utils::IteratorType::parallel);
    iterators[rank] = utils::IteratorType::reduction;
    Value zeroIndex = scalarConstant(rewriter, loc, i64, 0.0);
    Value ranks =
        linalg::GenericOp::create(
            rewriter, loc, RankedTensorType::get(inputType.getShape(), i64),
            ValueRange{op.getInput(), op.getInput()},
            ValueRange{
                filledTensor(rewriter, loc, inputType.getShape(), zeroIndex)},
            ArrayRef<AffineMap>{own, other, own}, iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value x = args[0], y = args[1];
              Value j = linalg::IndexOp::create(b, l, axis);
              Value m = linalg::IndexOp::create(b, l, rank);
              Value lowerIndex =
                  arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult, m, j);
              Value notAfter = arith::XOrIOp::create(
                  b, l, before(b, l, x, y),
                  arith::ConstantOp::create(b, l, b.getBoolAttr(true)));
              Value tieBefore =
                  arith::AndIOp::create(b, l, notAfter, lowerIndex);
              Value precedes =
                  arith::OrIOp::create(b, l, before(b, l, y, x), tieBefore);
              Value one =
                  arith::ExtUIOp::create(b, l, b.getI64Type(), precedes);
              linalg::YieldOp::create(
                  b, l, arith::AddIOp::create(b, l, args[2], one).getResult());
            })
            .getResult(0);

    // Selection: loops over the results' dimensions (position p on the
    // axis) and j, the candidate element.
    Value zeroValue = scalarConstant(rewriter, loc, elementType, 0.0);
    auto select = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valuesType, indicesType},
        ValueRange{op.getInput(), ranks},
        ValueRange{
            filledTensor(rewriter, loc, valuesType.getShape(), zeroValue),
            filledTensor(rewriter, loc, indicesType.getShape(), zeroIndex)},
        ArrayRef<AffineMap>{other, other, own, own}, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value p = indexToI64(b, l, linalg::IndexOp::create(b, l, axis));
          Value j = indexToI64(b, l, linalg::IndexOp::create(b, l, rank));
          Value hit =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, args[1], p);
          Value value = arith::SelectOp::create(b, l, hit, args[0], args[2]);
          Value index = arith::SelectOp::create(b, l, hit, j, args[3]);
          linalg::YieldOp::create(b, l, ValueRange{value, index});
        });
    rewriter.replaceOp(op, select.getResults());
    return success();
  }
};

} // namespace

void populateLoomScanToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ArgReduceToLinalg<ArgMaxOp, /*Largest=*/true>,
               ArgReduceToLinalg<ArgMinOp, /*Largest=*/false>, CumSumToLinalg,
               TopKToLinalg>(patterns.getContext());
}

} // namespace loom
