//===- LowerToLinalgDataMovement.cpp - Data movement to linalg ------------===//
//
// Part of the Loom project.
//
// Patterns of loom-lower-to-linalg for the ops that move or generate
// elements at positions known from the op alone: broadcasts, concat, slice,
// pad, iota and trilu (the ops that read positions from an index tensor, and
// resize, are in LowerToLinalgIndexing.cpp). Windows with unit or positive
// steps become tensor slices; everything whose source position is computed
// becomes a linalg.generic over the result whose body computes the position
// from linalg.index and reads it with tensor.extract.
//
//===----------------------------------------------------------------------===//

#include "passes/LinalgLoweringUtils.h"
#include "passes/LowerToLinalg.h"

#include "ir/LoomOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <algorithm>

using namespace mlir;

namespace loom {
namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// The value `value` of an attribute converted to `type` the way the
/// evaluator does: floats round to nearest even, integers are exact (the
/// verifiers only admit values the type holds), i1 is `value != 0`.
TypedAttr elementAttr(OpBuilder &b, Type type, double value) {
  if (auto floatType = dyn_cast<FloatType>(type)) {
    APFloat rounded(value);
    bool losesInfo;
    rounded.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                    &losesInfo);
    return b.getFloatAttr(type, rounded);
  }
  if (type.isInteger(1))
    return b.getBoolAttr(value != 0);
  return b.getIntegerAttr(type, static_cast<int64_t>(value));
}

/// A copy of `input`, read through `inputMap`, into a tensor of
/// `resultType`: the broadcasts.
Value copyThroughMap(OpBuilder &b, Location loc, Value input,
                     AffineMap inputMap, RankedTensorType resultType) {
  return parallelGeneric(
      b, loc, resultType, input, inputMap,
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

/// A generic over `resultType` reading `input[position(dim, index)..]` for
/// the result position `index..`: the slices and pads that a tensor slice
/// cannot express.
Value readComputedPositions(
    OpBuilder &b, Location loc, RankedTensorType resultType, Value input,
    function_ref<Value(OpBuilder &, Location, int64_t, Value)> position) {
  return generateTensor(
      b, loc, resultType,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange indices) {
        SmallVector<Value> positions;
        for (auto [dim, index] : llvm::enumerate(indices))
          positions.push_back(position(nested, nestedLoc, dim, index));
        return tensor::ExtractOp::create(nested, nestedLoc, input, positions);
      });
}

//===----------------------------------------------------------------------===//
// Broadcasts, concat, slice, pad
//===----------------------------------------------------------------------===//

struct BroadcastToToLinalg
    : StaticShapePattern<BroadcastToOp, /*RewritesEmptyResult=*/true> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(BroadcastToOp op,
                              PatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    AffineMap map =
        broadcastMap(inputType, resultType.getShape(), rewriter.getContext());
    rewriter.replaceOp(op, copyThroughMap(rewriter, op.getLoc(), op.getInput(),
                                          map, resultType));
    return success();
  }
};

/// Input dimension `i` reads result dimension `dims[i]`, or index 0 when it
/// has size 1 and is repeated.
struct ExpandToLinalg
    : StaticShapePattern<ExpandOp, /*RewritesEmptyResult=*/true> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(ExpandOp op,
                              PatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    SmallVector<AffineExpr> exprs;
    for (auto [size, dim] : llvm::zip(inputType.getShape(), op.getDims())) {
      if (size == 1 && resultType.getDimSize(dim) != 1)
        exprs.push_back(rewriter.getAffineConstantExpr(0));
      else
        exprs.push_back(rewriter.getAffineDimExpr(dim));
    }
    auto map =
        AffineMap::get(resultType.getRank(), 0, exprs, rewriter.getContext());
    rewriter.replaceOp(op, copyThroughMap(rewriter, op.getLoc(), op.getInput(),
                                          map, resultType));
    return success();
  }
};

/// Each non-empty input is inserted at its offset along the axis into one
/// tensor.empty of the result's shape.
struct ConcatToTensor : StaticShapePattern<ConcatOp> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(ConcatOp op,
                              PatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t axis = op.getAxis();
    Location loc = op.getLoc();
    Value result = emptyTensor(rewriter, loc, resultType);
    int64_t offset = 0;
    for (Value input : op.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      int64_t extent = inputType.getDimSize(axis);
      if (extent == 0)
        continue;
      SmallVector<OpFoldResult> offsets(resultType.getRank(),
                                        rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes =
          getAsIndexOpFoldResult(rewriter.getContext(), inputType.getShape());
      SmallVector<OpFoldResult> strides(resultType.getRank(),
                                        rewriter.getIndexAttr(1));
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             offsets, sizes, strides);
      offset += extent;
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Positive steps are a tensor.extract_slice; a negative step, which a
/// slice cannot express, makes it a generic reading
/// `input[offsets + index * steps]`.
struct SliceToTensor : StaticShapePattern<SliceOp> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(SliceOp op,
                              PatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> offsets = op.getOffsets(), steps = op.getSteps();
    if (llvm::all_of(steps, [](int64_t step) { return step > 0; })) {
      MLIRContext *context = rewriter.getContext();
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
          op, resultType, op.getInput(),
          getAsIndexOpFoldResult(context, offsets),
          getAsIndexOpFoldResult(context, resultType.getShape()),
          getAsIndexOpFoldResult(context, steps));
      return success();
    }
    rewriter.replaceOp(
        op, readComputedPositions(
                rewriter, op.getLoc(), resultType, op.getInput(),
                [&](OpBuilder &b, Location loc, int64_t dim, Value index) {
                  Value scaled = arith::MulIOp::create(
                      b, loc, index, indexConstant(b, loc, steps[dim]));
                  return arith::AddIOp::create(
                      b, loc, scaled, indexConstant(b, loc, offsets[dim]));
                }));
    return success();
  }
};

/// `constant`: negative amounts first crop with tensor.extract_slice, then
/// tensor.pad adds the positive ones with the value; a dimension cropped to
/// nothing leaves only the value (linalg.fill). `edge` and `reflect`: a
/// generic reads `input[p]` with `p = j - low` clamped to the edge or
/// mirrored about it, which covers negative amounts too.
struct PadToTensor : StaticShapePattern<PadOp> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(PadOp op,
                              PatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> low = op.getLow(), high = op.getHigh();
    Location loc = op.getLoc();

    if (op.getMode() != PadMode::constant) {
      bool edge = op.getMode() == PadMode::edge;
      rewriter.replaceOp(
          op, readComputedPositions(
                  rewriter, loc, resultType, op.getInput(),
                  [&](OpBuilder &b, Location nestedLoc, int64_t dim,
                      Value index) {
                    return padSource(b, nestedLoc, index, low[dim],
                                     inputType.getDimSize(dim), edge);
                  }));
      return success();
    }

    Value value = arith::ConstantOp::create(
        rewriter, loc,
        elementAttr(rewriter, resultType.getElementType(),
                    op.getValue().convertToDouble()));
    SmallVector<int64_t> cropOffsets, croppedShape, padLow, padHigh;
    bool crops = false, keepsNothing = false;
    for (auto [dim, size] : llvm::enumerate(inputType.getShape())) {
      int64_t cropLow = std::max<int64_t>(-low[dim], 0);
      int64_t cropHigh = std::max<int64_t>(-high[dim], 0);
      crops |= cropLow > 0 || cropHigh > 0;
      keepsNothing |= size - cropLow - cropHigh <= 0;
      cropOffsets.push_back(cropLow);
      croppedShape.push_back(size - cropLow - cropHigh);
      padLow.push_back(std::max<int64_t>(low[dim], 0));
      padHigh.push_back(std::max<int64_t>(high[dim], 0));
    }
    if (keepsNothing) {
      rewriter.replaceOpWithNewOp<linalg::FillOp>(
          op, value, emptyTensor(rewriter, loc, resultType));
      return success();
    }
    MLIRContext *context = rewriter.getContext();
    Value source = op.getInput();
    if (crops)
      source = tensor::ExtractSliceOp::create(
          rewriter, loc, inputType.clone(croppedShape), source,
          getAsIndexOpFoldResult(context, cropOffsets),
          getAsIndexOpFoldResult(context, croppedShape),
          SmallVector<OpFoldResult>(inputType.getRank(),
                                    rewriter.getIndexAttr(1)));
    rewriter.replaceOpWithNewOp<tensor::PadOp>(
        op, resultType, source, getAsIndexOpFoldResult(context, padLow),
        getAsIndexOpFoldResult(context, padHigh), value);
    return success();
  }

  /// The input position result position `index` reads along a dimension of
  /// `size` padded by `low` in front: `p = index - low`, then clamped into
  /// [0, size) (`edge`) or mirrored without repeating the edge element
  /// (`reflect`: `-p` before, `2 * (size - 1) - p` after). A reflect pad is
  /// shorter than the dimension, so one mirroring suffices.
  static Value padSource(OpBuilder &b, Location loc, Value index, int64_t low,
                         int64_t size, bool edge) {
    Value position =
        arith::SubIOp::create(b, loc, index, indexConstant(b, loc, low));
    if (edge)
      return clampedIndex(b, loc, position, size);
    Value zero = indexConstant(b, loc, 0);
    Value before = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                         position, zero);
    Value after = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge,
                                        position, indexConstant(b, loc, size));
    Value mirroredBefore = arith::SubIOp::create(b, loc, zero, position);
    Value mirroredAfter = arith::SubIOp::create(
        b, loc, indexConstant(b, loc, 2 * (size - 1)), position);
    Value inside =
        arith::SelectOp::create(b, loc, after, mirroredAfter, position);
    return arith::SelectOp::create(b, loc, before, mirroredBefore, inside);
  }
};

//===----------------------------------------------------------------------===//
// Generated tensors and masks
//===----------------------------------------------------------------------===//

/// The index along `dim` as i64, then truncated (integers wrap) or
/// converted with arith.sitofp (floats round to nearest even).
struct IotaToLinalg : StaticShapePattern<IotaOp> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(IotaOp op,
                              PatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elementType = resultType.getElementType();
    int64_t dim = op.getDim();
    Value result = generateTensor(
        rewriter, op.getLoc(), resultType,
        [&](OpBuilder &b, Location loc, ValueRange indices) -> Value {
          Value index =
              arith::IndexCastOp::create(b, loc, b.getI64Type(), indices[dim]);
          if (isa<FloatType>(elementType))
            return arith::SIToFPOp::create(b, loc, elementType, index);
          if (elementType.getIntOrFloatBitWidth() < 64)
            return arith::TruncIOp::create(b, loc, elementType, index);
          return index;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Keeps `x` where `j - i >= diagonal` (upper) or `j - i <= diagonal`
/// (lower) for the last two indices `i`, `j`, and zero elsewhere.
struct TriluToLinalg : StaticShapePattern<TriluOp> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(TriluOp op,
                              PatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    arith::CmpIPredicate keeps =
        op.getUpper() ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sle;
    int64_t diagonal = op.getDiagonal();
    rewriter.replaceOp(
        op, parallelGeneric(
                rewriter, op.getLoc(), resultType, op.getInput(),
                rewriter.getMultiDimIdentityMap(rank),
                [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
                  Value row = linalg::IndexOp::create(b, loc, rank - 2);
                  Value column = linalg::IndexOp::create(b, loc, rank - 1);
                  Value offset = arith::SubIOp::create(b, loc, column, row);
                  Value kept = arith::CmpIOp::create(
                      b, loc, keeps, offset, indexConstant(b, loc, diagonal));
                  Value zero = zeroOf(b, loc, args[0].getType());
                  return arith::SelectOp::create(b, loc, kept, args[0], zero);
                }));
    return success();
  }
};

} // namespace

void populateLoomDataMovementToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<BroadcastToToLinalg, ExpandToLinalg, ConcatToTensor,
               SliceToTensor, PadToTensor, IotaToLinalg, TriluToLinalg>(
      patterns.getContext());
}

} // namespace loom
