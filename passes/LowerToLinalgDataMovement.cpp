//===- LowerToLinalgDataMovement.cpp - Data movement, indexing to linalg -===//
//
// Part of the Loom project.
//
// Patterns of loom-lower-to-linalg for the ops that move, select or generate
// elements: broadcasts, concat, slice, pad, iota, trilu, the gathers, the
// scatters and resize. Windows with unit or positive steps become tensor
// slices; everything whose source position is computed becomes a
// linalg.generic over the result whose body computes the position from
// linalg.index and reads it with tensor.extract. Scatters are sequential
// (later updates overwrite or combine with earlier ones), so they are an
// scf.for nest of tensor.insert over a copy of the data.
//
// Indices that the evaluator reports as out of range have a defined result
// here, since generated code cannot return an error from inside a kernel:
// gathers clamp a normalized index into the dimension, and scatters skip an
// update whose target is outside the data (XLA's gather/scatter rules).
//
//===----------------------------------------------------------------------===//

#include "passes/LinalgLoweringUtils.h"
#include "passes/LowerToLinalg.h"

#include "ir/LoomOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace loom {
namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

SmallVector<utils::IteratorType> parallelIterators(int64_t rank) {
  return SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel);
}

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type) {
  return loom::emptyTensor(b, loc, type.getShape(), type.getElementType());
}

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

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

/// Zero of `type`: false, 0 or +0.0.
Value zeroOf(OpBuilder &b, Location loc, Type type) {
  return arith::ConstantOp::create(b, loc, b.getZeroAttr(type));
}

/// An index read from an index tensor (i32 or i64) as `index`, counted from
/// the end when negative: the position it names in a dimension of `size`.
/// The result may still lie outside [0, size).
Value normalizedIndex(OpBuilder &b, Location loc, Value index, int64_t size) {
  Value position = arith::IndexCastOp::create(b, loc, b.getIndexType(), index);
  Value zero = indexConstant(b, loc, 0);
  Value isNegative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, position, zero);
  Value fromEnd =
      arith::AddIOp::create(b, loc, position, indexConstant(b, loc, size));
  return arith::SelectOp::create(b, loc, isNegative, fromEnd, position);
}

/// `position` clamped into [0, size - 1]: what a gather reads for an index
/// the evaluator rejects.
Value clampedIndex(OpBuilder &b, Location loc, Value position, int64_t size) {
  Value low =
      arith::MaxSIOp::create(b, loc, position, indexConstant(b, loc, 0));
  return arith::MinSIOp::create(b, loc, low, indexConstant(b, loc, size - 1));
}

/// Whether `position` lies in [0, size): a scatter writes only there.
Value isInside(OpBuilder &b, Location loc, Value position, int64_t size) {
  Value aboveZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge,
                                          position, indexConstant(b, loc, 0));
  Value belowSize = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::slt, position, indexConstant(b, loc, size));
  return arith::AndIOp::create(b, loc, aboveZero, belowSize);
}

/// A linalg.generic over `resultType` without inputs whose body yields
/// `element(b, loc, indices)` for the result position `indices`.
Value generateTensor(
    OpBuilder &b, Location loc, RankedTensorType resultType,
    function_ref<Value(OpBuilder &, Location, ValueRange)> element) {
  int64_t rank = resultType.getRank();
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, ValueRange{}, emptyTensor(b, loc, resultType),
      ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank)},
      parallelIterators(rank),
      [&](OpBuilder &nested, Location nestedLoc, ValueRange) {
        SmallVector<Value> indices;
        for (int64_t dim = 0; dim < rank; ++dim)
          indices.push_back(linalg::IndexOp::create(nested, nestedLoc, dim));
        linalg::YieldOp::create(nested, nestedLoc,
                                element(nested, nestedLoc, indices));
      });
  return generic.getResult(0);
}

/// A linalg.generic copying `input`, read through `inputMap`, into a tensor
/// of `resultType`: the broadcasts.
Value copyThroughMap(OpBuilder &b, Location loc, Value input,
                     AffineMap inputMap, RankedTensorType resultType) {
  int64_t rank = resultType.getRank();
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, input, emptyTensor(b, loc, resultType),
      ArrayRef<AffineMap>{inputMap, b.getMultiDimIdentityMap(rank)},
      parallelIterators(rank),
      [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        linalg::YieldOp::create(nested, nestedLoc, args[0]);
      });
  return generic.getResult(0);
}

/// A copy of `input` in a new tensor with element type `elementType`, its
/// own or f32 for f16/bf16 (widened exactly).
Value copyInto(OpBuilder &b, Location loc, Value input, Type elementType) {
  auto inputType = cast<RankedTensorType>(input.getType());
  auto resultType = inputType.clone(elementType);
  int64_t rank = inputType.getRank();
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, input, emptyTensor(b, loc, resultType),
      ArrayRef<AffineMap>{identity, identity}, parallelIterators(rank),
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value element = args[0];
        if (element.getType() != elementType)
          element = toComputeType(nested, nestedLoc, element);
        linalg::YieldOp::create(nested, nestedLoc, element);
      });
  return generic.getResult(0);
}

/// A result with no elements needs no computation: a tensor.empty.
bool replaceIfEmpty(Operation *op, PatternRewriter &rewriter) {
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  if (resultType.getNumElements() != 0)
    return false;
  rewriter.replaceOp(op, emptyTensor(rewriter, op->getLoc(), resultType));
  return true;
}

//===----------------------------------------------------------------------===//
// Broadcasts, concat, slice, pad
//===----------------------------------------------------------------------===//

struct BroadcastToToLinalg : OpRewritePattern<BroadcastToOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BroadcastToOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shape");
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
struct ExpandToLinalg : OpRewritePattern<ExpandOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ExpandOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shape");
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
struct ConcatToTensor : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shape");
    if (replaceIfEmpty(op, rewriter))
      return success();
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
struct SliceToTensor : OpRewritePattern<SliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SliceOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shape");
    if (replaceIfEmpty(op, rewriter))
      return success();
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> offsets = op.getOffsets(), steps = op.getSteps();
    Location loc = op.getLoc();
    if (llvm::all_of(steps, [](int64_t step) { return step > 0; })) {
      MLIRContext *context = rewriter.getContext();
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
          op, resultType, op.getInput(),
          getAsIndexOpFoldResult(context, offsets),
          getAsIndexOpFoldResult(context, resultType.getShape()),
          getAsIndexOpFoldResult(context, steps));
      return success();
    }
    Value input = op.getInput();
    Value result = generateTensor(
        rewriter, loc, resultType,
        [&](OpBuilder &b, Location nestedLoc, ValueRange indices) {
          SmallVector<Value> positions;
          for (auto [index, offset, step] :
               llvm::zip(indices, offsets, steps)) {
            Value scaled = arith::MulIOp::create(
                b, nestedLoc, index, indexConstant(b, nestedLoc, step));
            positions.push_back(arith::AddIOp::create(
                b, nestedLoc, scaled, indexConstant(b, nestedLoc, offset)));
          }
          return tensor::ExtractOp::create(b, nestedLoc, input, positions);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// `constant`: negative amounts first crop with tensor.extract_slice, then
/// tensor.pad adds the positive ones with the value; a dimension cropped to
/// nothing leaves only the value (linalg.fill). `edge` and `reflect`: a
/// generic reads `input[p]` with `p = j - low` clamped to the edge or
/// mirrored about it, which covers negative amounts too.
struct PadToTensor : OpRewritePattern<PadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(PadOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shape");
    if (replaceIfEmpty(op, rewriter))
      return success();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> low = op.getLow(), high = op.getHigh();
    Location loc = op.getLoc();

    if (op.getMode() != PadMode::constant) {
      Value input = op.getInput();
      bool edge = op.getMode() == PadMode::edge;
      Value result = generateTensor(
          rewriter, loc, resultType,
          [&](OpBuilder &b, Location nestedLoc, ValueRange indices) {
            SmallVector<Value> positions;
            for (auto [dim, index] : llvm::enumerate(indices)) {
              int64_t size = inputType.getDimSize(dim);
              positions.push_back(
                  padSource(b, nestedLoc, index, low[dim], size, edge));
            }
            return tensor::ExtractOp::create(b, nestedLoc, input, positions);
          });
      rewriter.replaceOp(op, result);
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
struct IotaToLinalg : OpRewritePattern<IotaOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(IotaOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shape");
    if (replaceIfEmpty(op, rewriter))
      return success();
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
struct TriluToLinalg : OpRewritePattern<TriluOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TriluOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shape");
    if (replaceIfEmpty(op, rewriter))
      return success();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    Value input = op.getInput();
    arith::CmpIPredicate keeps =
        op.getUpper() ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sle;
    int64_t diagonal = op.getDiagonal();
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    auto generic = linalg::GenericOp::create(
        rewriter, op.getLoc(), resultType, input,
        emptyTensor(rewriter, op.getLoc(), resultType),
        ArrayRef<AffineMap>{identity, identity}, parallelIterators(rank),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value row = linalg::IndexOp::create(b, loc, rank - 2);
          Value column = linalg::IndexOp::create(b, loc, rank - 1);
          Value offset = arith::SubIOp::create(b, loc, column, row);
          Value kept = arith::CmpIOp::create(b, loc, keeps, offset,
                                             indexConstant(b, loc, diagonal));
          Value zero = zeroOf(b, loc, args[0].getType());
          Value keptOrZero =
              arith::SelectOp::create(b, loc, kept, args[0], zero);
          linalg::YieldOp::create(b, loc, keptOrZero);
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Gathers
//===----------------------------------------------------------------------===//

/// Reading from an empty dimension has no position to clamp to.
LogicalResult checkReadable(PatternRewriter &rewriter, Operation *op,
                            RankedTensorType dataType,
                            ArrayRef<int64_t> indexedDims) {
  for (int64_t dim : indexedDims)
    if (dataType.getDimSize(dim) == 0)
      return rewriter.notifyMatchFailure(
          op, "indexes an empty dimension of a non-empty result");
  return success();
}

/// A generic over the result reading the indices through the map
/// `(d_axis, ..., d_axis+q-1)` and `data[d_0.., clamp(index), ..]`.
struct GatherToLinalg : OpRewritePattern<GatherOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GatherOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shape");
    if (replaceIfEmpty(op, rewriter))
      return success();
    auto dataType = cast<RankedTensorType>(op.getData().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t axis = op.getAxis();
    if (failed(checkReadable(rewriter, op, dataType, {axis})))
      return failure();
    int64_t indexRank = indicesType.getRank();
    int64_t rank = resultType.getRank();
    SmallVector<AffineExpr> indexExprs;
    for (int64_t dim = 0; dim < indexRank; ++dim)
      indexExprs.push_back(rewriter.getAffineDimExpr(axis + dim));
    auto indexMap = AffineMap::get(rank, 0, indexExprs, rewriter.getContext());
    Value data = op.getData();
    int64_t axisSize = dataType.getDimSize(axis);
    auto generic = linalg::GenericOp::create(
        rewriter, op.getLoc(), resultType, op.getIndices(),
        emptyTensor(rewriter, op.getLoc(), resultType),
        ArrayRef<AffineMap>{indexMap, rewriter.getMultiDimIdentityMap(rank)},
        parallelIterators(rank),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          SmallVector<Value> positions;
          for (int64_t dim = 0; dim < axis; ++dim)
            positions.push_back(linalg::IndexOp::create(b, loc, dim));
          positions.push_back(clampedIndex(
              b, loc, normalizedIndex(b, loc, args[0], axisSize), axisSize));
          for (int64_t dim = axis + 1; dim < dataType.getRank(); ++dim)
            positions.push_back(
                linalg::IndexOp::create(b, loc, dim - 1 + indexRank));
          Value element = tensor::ExtractOp::create(b, loc, data, positions);
          linalg::YieldOp::create(b, loc, element);
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

/// A generic over the indices' shape reading
/// `data[i with coordinate axis replaced by clamp(indices[i])]`.
struct GatherElementsToLinalg : OpRewritePattern<GatherElementsOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GatherElementsOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shape");
    if (replaceIfEmpty(op, rewriter))
      return success();
    auto dataType = cast<RankedTensorType>(op.getData().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t axis = op.getAxis();
    if (failed(checkReadable(rewriter, op, dataType, {axis})))
      return failure();
    int64_t rank = resultType.getRank();
    int64_t axisSize = dataType.getDimSize(axis);
    Value data = op.getData();
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    auto generic = linalg::GenericOp::create(
        rewriter, op.getLoc(), resultType, op.getIndices(),
        emptyTensor(rewriter, op.getLoc(), resultType),
        ArrayRef<AffineMap>{identity, identity}, parallelIterators(rank),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          SmallVector<Value> positions;
          for (int64_t dim = 0; dim < rank; ++dim)
            positions.push_back(
                dim == axis
                    ? clampedIndex(b, loc,
                                   normalizedIndex(b, loc, args[0], axisSize),
                                   axisSize)
                    : linalg::IndexOp::create(b, loc, dim).getResult());
          Value element = tensor::ExtractOp::create(b, loc, data, positions);
          linalg::YieldOp::create(b, loc, element);
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

/// A generic over the result: result position `[b.., i.., t..]` reads the
/// `k` coordinates `indices[b.., i.., j]`, clamps each into its dimension
/// and reads `data[b.., coordinates.., t..]`.
struct GatherNdToLinalg : OpRewritePattern<GatherNdOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GatherNdOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shape");
    if (replaceIfEmpty(op, rewriter))
      return success();
    auto dataType = cast<RankedTensorType>(op.getData().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t batchDims = op.getBatchDims();
    int64_t k = indicesType.getShape().back();
    int64_t tupleRank = indicesType.getRank() - 1; // batch and tuple dims
    SmallVector<int64_t> indexedDims;
    for (int64_t j = 0; j < k; ++j)
      indexedDims.push_back(batchDims + j);
    if (failed(checkReadable(rewriter, op, dataType, indexedDims)))
      return failure();
    Value data = op.getData(), indices = op.getIndices();
    Value result = generateTensor(
        rewriter, op.getLoc(), resultType,
        [&](OpBuilder &b, Location loc, ValueRange resultIndices) {
          SmallVector<Value> indexPosition(resultIndices.take_front(tupleRank));
          indexPosition.push_back(Value());
          SmallVector<Value> positions(resultIndices.take_front(batchDims));
          for (int64_t j = 0; j < k; ++j) {
            indexPosition.back() = indexConstant(b, loc, j);
            Value index =
                tensor::ExtractOp::create(b, loc, indices, indexPosition);
            int64_t size = dataType.getDimSize(batchDims + j);
            positions.push_back(clampedIndex(
                b, loc, normalizedIndex(b, loc, index, size), size));
          }
          llvm::append_range(positions, resultIndices.drop_front(tupleRank));
          return tensor::ExtractOp::create(b, loc, data, positions);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Scatters
//===----------------------------------------------------------------------===//

/// `update` combined into `element` as `reduction` says: integers wrap, and
/// max/min propagate NaN like loom.max/min.
Value combineScatter(OpBuilder &b, Location loc, ScatterReduction reduction,
                     Value element, Value update) {
  switch (reduction) {
  case ScatterReduction::none:
    return update;
  case ScatterReduction::add:
    return floatOrInt<arith::AddFOp, arith::AddIOp>(b, loc, {element, update});
  case ScatterReduction::mul:
    return floatOrInt<arith::MulFOp, arith::MulIOp>(b, loc, {element, update});
  case ScatterReduction::max:
    return floatOrInt<arith::MaximumFOp, arith::MaxSIOp>(b, loc,
                                                         {element, update});
  case ScatterReduction::min:
    return floatOrInt<arith::MinimumFOp, arith::MinSIOp>(b, loc,
                                                         {element, update});
  }
  llvm_unreachable("unknown scatter reduction");
}

/// The shared body of scatter and scatter_nd. The result starts as a copy
/// of `data` (explicit, so that the scatter never writes into its operand's
/// buffer), widened to f32 for f16/bf16 sums and products, which the
/// evaluator rounds once after all updates. An scf.for nest then visits
/// every position of `updates` in row-major order; `target` gives the data
/// position it writes and whether that lies inside the data, and an update
/// outside is skipped.
LogicalResult rewriteScatter(Operation *op, Value data, Value updates,
                             ScatterReduction reduction,
                             PatternRewriter &rewriter,
                             function_ref<std::pair<SmallVector<Value>, Value>(
                                 OpBuilder &, Location, ValueRange)>
                                 target) {
  auto dataType = cast<RankedTensorType>(data.getType());
  auto updatesType = cast<RankedTensorType>(updates.getType());
  Type elementType = dataType.getElementType();
  if (reduction != ScatterReduction::none && elementType.isInteger(1))
    return rewriter.notifyMatchFailure(op, "reduction on i1");
  Location loc = op->getLoc();
  bool widens = accumulatesInWiderType(elementType) &&
                (reduction == ScatterReduction::add ||
                 reduction == ScatterReduction::mul);
  Type accumulatorType = widens ? computeType(elementType) : elementType;
  Value copy = copyInto(rewriter, loc, data, accumulatorType);

  SmallVector<Value> lowerBounds, upperBounds, steps;
  for (int64_t size : updatesType.getShape()) {
    lowerBounds.push_back(indexConstant(rewriter, loc, 0));
    upperBounds.push_back(indexConstant(rewriter, loc, size));
    steps.push_back(indexConstant(rewriter, loc, 1));
  }
  scf::LoopNest nest = scf::buildLoopNest(
      rewriter, loc, lowerBounds, upperBounds, steps, ValueRange{copy},
      [&](OpBuilder &b, Location nestedLoc, ValueRange ivs,
          ValueRange iterArgs) -> scf::ValueVector {
        Value result = iterArgs[0];
        auto [positions, inside] = target(b, nestedLoc, ivs);
        auto ifOp = scf::IfOp::create(
            b, nestedLoc, inside,
            [&](OpBuilder &then, Location thenLoc) {
              Value update =
                  tensor::ExtractOp::create(then, thenLoc, updates, ivs);
              if (widens)
                update = toComputeType(then, thenLoc, update);
              Value element =
                  tensor::ExtractOp::create(then, thenLoc, result, positions);
              Value combined =
                  combineScatter(then, thenLoc, reduction, element, update);
              Value inserted = tensor::InsertOp::create(then, thenLoc, combined,
                                                        result, positions);
              scf::YieldOp::create(then, thenLoc, inserted);
            },
            [&](OpBuilder &otherwise, Location otherwiseLoc) {
              scf::YieldOp::create(otherwise, otherwiseLoc, result);
            });
        return {ifOp.getResult(0)};
      });
  Value result = nest.results.empty() ? copy : nest.results[0];
  rewriter.replaceOp(op, roundTo(rewriter, loc, result, elementType));
  return success();
}

/// Update `i` goes to `data[i with coordinate axis replaced by
/// indices[i]]`.
struct ScatterToLoops : OpRewritePattern<ScatterOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScatterOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shape");
    auto dataType = cast<RankedTensorType>(op.getData().getType());
    int64_t axis = op.getAxis();
    int64_t axisSize = dataType.getDimSize(axis);
    Value indices = op.getIndices();
    return rewriteScatter(
        op, op.getData(), op.getUpdates(), op.getReduction(), rewriter,
        [&](OpBuilder &b, Location loc, ValueRange ivs) {
          Value index = tensor::ExtractOp::create(b, loc, indices, ivs);
          Value position = normalizedIndex(b, loc, index, axisSize);
          SmallVector<Value> positions(ivs);
          positions[axis] = position;
          return std::make_pair(positions,
                                isInside(b, loc, position, axisSize));
        });
  }
};

/// Update `[i.., t..]` goes to `data[indices[i.., :], t..]`.
struct ScatterNdToLoops : OpRewritePattern<ScatterNdOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScatterNdOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shape");
    auto dataType = cast<RankedTensorType>(op.getData().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    int64_t k = indicesType.getShape().back();
    int64_t tupleRank = indicesType.getRank() - 1;
    Value indices = op.getIndices();
    return rewriteScatter(
        op, op.getData(), op.getUpdates(), op.getReduction(), rewriter,
        [&](OpBuilder &b, Location loc, ValueRange ivs) {
          SmallVector<Value> indexPosition(ivs.take_front(tupleRank));
          indexPosition.push_back(Value());
          SmallVector<Value> positions;
          Value inside = arith::ConstantOp::create(b, loc, b.getBoolAttr(true));
          for (int64_t j = 0; j < k; ++j) {
            indexPosition.back() = indexConstant(b, loc, j);
            Value index =
                tensor::ExtractOp::create(b, loc, indices, indexPosition);
            int64_t size = dataType.getDimSize(j);
            Value position = normalizedIndex(b, loc, index, size);
            inside = arith::AndIOp::create(b, loc, inside,
                                           isInside(b, loc, position, size));
            positions.push_back(position);
          }
          llvm::append_range(positions, ivs.drop_front(tupleRank));
          return std::make_pair(positions, inside);
        });
  }
};

//===----------------------------------------------------------------------===//
// Resize
//===----------------------------------------------------------------------===//

// The coordinate arithmetic of resize depends only on the static sizes and
// scales, so it runs here, in f64 exactly as in the evaluator
// (evaluator/IndexingKernels.cpp), and the kernel reads per-dimension tables
// of source positions and weights.

double sourceCoordinate(CoordinateTransform transform, int64_t x, double scale,
                        int64_t in, int64_t out) {
  double position = static_cast<double>(x);
  switch (transform) {
  case CoordinateTransform::half_pixel:
    return (position + 0.5) / scale - 0.5;
  case CoordinateTransform::pytorch_half_pixel:
    return out > 1 ? (position + 0.5) / scale - 0.5 : 0.0;
  case CoordinateTransform::align_corners:
    return out == 1 ? 0.0
                    : position * static_cast<double>(in - 1) /
                          static_cast<double>(out - 1);
  case CoordinateTransform::asymmetric:
    return position / scale;
  case CoordinateTransform::tf_half_pixel_for_nn:
    return (position + 0.5) / scale;
  }
  llvm_unreachable("unknown coordinate transform");
}

/// Halves are detected on the exact fraction `c - floor(c)`.
double roundCoordinate(double coordinate, NearestRounding rounding) {
  double lower = std::floor(coordinate);
  switch (rounding) {
  case NearestRounding::floor:
    return lower;
  case NearestRounding::ceil:
    return std::ceil(coordinate);
  case NearestRounding::round_prefer_floor:
  case NearestRounding::round_prefer_ceil: {
    double fraction = coordinate - lower;
    if (fraction != 0.5)
      return fraction < 0.5 ? lower : lower + 1;
    return rounding == NearestRounding::round_prefer_ceil ? lower + 1 : lower;
  }
  }
  llvm_unreachable("unknown nearest rounding");
}

/// What the outputs along one dimension read: the lower and upper source
/// positions and the weights `1 - w` and `w` of linear interpolation
/// (nearest uses `lower` only).
struct ResizeTable {
  SmallVector<int64_t> lower, upper;
  SmallVector<double> lowerWeight, upperWeight;
  /// No output reads an upper neighbour (all `w` are 0): the dimension adds
  /// no corners.
  bool onlyLower = true;
  /// `lower[x] == x` for every output `x`.
  bool identity = true;
};

ResizeTable resizeTable(ResizeOp op, int64_t dim, int64_t in, int64_t out) {
  ResizeTable table;
  bool linear = op.getMode() == ResizeMode::linear;
  double last = static_cast<double>(in - 1);
  for (int64_t x = 0; x < out; ++x) {
    double coordinate = sourceCoordinate(op.getCoordinateTransform(), x,
                                         op.getScales()[dim], in, out);
    int64_t lower, upper = 0;
    double weight = 0;
    if (linear) {
      coordinate = std::clamp(coordinate, 0.0, last);
      double floor = std::floor(coordinate);
      weight = coordinate - floor;
      lower = static_cast<int64_t>(floor);
      upper = std::min(lower + 1, in - 1);
    } else {
      lower = static_cast<int64_t>(std::clamp(
          roundCoordinate(coordinate, op.getNearestRounding()), 0.0, last));
    }
    table.lower.push_back(lower);
    table.upper.push_back(upper);
    table.lowerWeight.push_back(1 - weight);
    table.upperWeight.push_back(weight);
    table.onlyLower &= weight == 0;
    table.identity &= lower == x;
  }
  return table;
}

/// A generic over the result whose inputs are the tables, read through
/// `(d_dim)`: nearest reads `input[lower..]`; linear sums
/// `weight * input[corner]` over the corners in row-major order (lower
/// neighbour first) in the compute type (f32 for f16/bf16), where a
/// corner's weight is the f64 product of its dimensions' weights and a
/// corner of weight 0 is not added. Dimensions whose outputs never read an
/// upper neighbour add no corners, and identity dimensions no table.
struct ResizeToLinalg : OpRewritePattern<ResizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ResizeOp op,
                                PatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shape");
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    if (inputType.getRank() != rank ||
        static_cast<int64_t>(op.getScales().size()) != rank)
      return rewriter.notifyMatchFailure(op, "ranks differ");
    if (replaceIfEmpty(op, rewriter))
      return success();
    if (inputType.getNumElements() == 0)
      return rewriter.notifyMatchFailure(op, "resizes an empty dimension");
    bool linear = op.getMode() == ResizeMode::linear;
    Location loc = op.getLoc();

    // Generic inputs: for each dimension (unless identity) its lower table;
    // for each dimension with upper neighbours its upper table and both
    // weight tables.
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    auto addTable = [&](int64_t dim, auto values, Type elementType) {
      auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                        elementType);
      inputs.push_back(arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(type, values)));
      maps.push_back(AffineMap::get(rank, 0, rewriter.getAffineDimExpr(dim)));
      return inputs.size() - 1;
    };
    struct Operands {
      std::optional<size_t> lower, upper, lowerWeight, upperWeight;
    };
    SmallVector<Operands> operands(rank);
    SmallVector<int64_t> cornerDims; // dimensions with upper neighbours
    for (int64_t dim = 0; dim < rank; ++dim) {
      ResizeTable table = resizeTable(op, dim, inputType.getDimSize(dim),
                                      resultType.getDimSize(dim));
      Type i64 = rewriter.getI64Type(), f64 = rewriter.getF64Type();
      if (!table.identity)
        operands[dim].lower = addTable(dim, ArrayRef(table.lower), i64);
      if (!linear || table.onlyLower)
        continue;
      cornerDims.push_back(dim);
      operands[dim].upper = addTable(dim, ArrayRef(table.upper), i64);
      operands[dim].lowerWeight =
          addTable(dim, ArrayRef(table.lowerWeight), f64);
      operands[dim].upperWeight =
          addTable(dim, ArrayRef(table.upperWeight), f64);
    }
    maps.push_back(rewriter.getMultiDimIdentityMap(rank));

    Value input = op.getInput();
    Type elementType = resultType.getElementType();
    Type sumType = computeType(elementType);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, inputs,
        emptyTensor(rewriter, loc, resultType), maps, parallelIterators(rank),
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          auto position = [&](int64_t dim, bool upper) -> Value {
            std::optional<size_t> table =
                upper ? operands[dim].upper : operands[dim].lower;
            if (!table)
              return linalg::IndexOp::create(b, nestedLoc, dim);
            return arith::IndexCastOp::create(b, nestedLoc, b.getIndexType(),
                                              args[*table]);
          };
          SmallVector<Value> lowerCorner;
          for (int64_t dim = 0; dim < rank; ++dim)
            lowerCorner.push_back(position(dim, /*upper=*/false));
          if (cornerDims.empty()) {
            Value element =
                tensor::ExtractOp::create(b, nestedLoc, input, lowerCorner);
            linalg::YieldOp::create(b, nestedLoc, element);
            return;
          }
          Value sum = zeroOf(b, nestedLoc, sumType);
          Value started =
              arith::ConstantOp::create(b, nestedLoc, b.getBoolAttr(false));
          int64_t cornerCount = int64_t(1) << cornerDims.size();
          for (int64_t corner = 0; corner < cornerCount; ++corner) {
            SmallVector<Value> positions(lowerCorner);
            Value weight =
                arith::ConstantOp::create(b, nestedLoc, b.getF64FloatAttr(1.0));
            for (auto [i, dim] : llvm::enumerate(cornerDims)) {
              bool upper = (corner >> (cornerDims.size() - 1 - i)) & 1;
              if (upper)
                positions[dim] = position(dim, /*upper=*/true);
              Value factor = args[*(upper ? operands[dim].upperWeight
                                          : operands[dim].lowerWeight)];
              weight = arith::MulFOp::create(b, nestedLoc, weight, factor);
            }
            Value element = toComputeType(
                b, nestedLoc,
                tensor::ExtractOp::create(b, nestedLoc, input, positions));
            Value scaled = weight;
            if (sumType != weight.getType())
              scaled = arith::TruncFOp::create(b, nestedLoc, sumType, weight);
            Value term = arith::MulFOp::create(b, nestedLoc, scaled, element);
            Value added = arith::AddFOp::create(b, nestedLoc, sum, term);
            Value accumulated =
                arith::SelectOp::create(b, nestedLoc, started, added, term);
            Value contributes = arith::CmpFOp::create(
                b, nestedLoc, arith::CmpFPredicate::ONE, weight,
                arith::ConstantOp::create(b, nestedLoc,
                                          b.getF64FloatAttr(0.0)));
            sum = arith::SelectOp::create(b, nestedLoc, contributes,
                                          accumulated, sum);
            started = arith::OrIOp::create(b, nestedLoc, started, contributes);
          }
          if (sum.getType() != elementType)
            sum = arith::TruncFOp::create(b, nestedLoc, elementType, sum);
          linalg::YieldOp::create(b, nestedLoc, sum);
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

} // namespace

void populateLoomDataMovementToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<BroadcastToToLinalg, ExpandToLinalg, ConcatToTensor,
               SliceToTensor, PadToTensor, IotaToLinalg, TriluToLinalg,
               GatherToLinalg, GatherElementsToLinalg, GatherNdToLinalg,
               ScatterToLoops, ScatterNdToLoops, ResizeToLinalg>(
      patterns.getContext());
}

} // namespace loom
