//===- LowerToLinalgIndexing.cpp - Gathers, scatters, resize to linalg ---===//
//
// Part of the Loom project.
//
// Patterns of loom-lower-to-linalg for the ops that read or write at
// positions taken from an index tensor (the gathers and the scatters), and
// resize, whose positions and weights are tabulated at compile time. Gathers
// and resize are a linalg.generic over the result whose body computes the
// position and reads it with tensor.extract. Scatters are sequential (later
// updates overwrite or combine with earlier ones), so they are an scf.for
// nest of tensor.insert over a copy of the data.
//
// Indices that the evaluator reports as out of range have a defined result
// here: gathers clamp a normalized index into the dimension, and scatters
// skip an update whose target is outside the data (XLA's gather/scatter
// rules). With LoomToLinalgOptions::runtimeChecks each index also gets a
// cf.assert that it lies inside, which the CPU backend turns into an error
// of the run.
//
//===----------------------------------------------------------------------===//

#include "passes/LinalgLoweringUtils.h"
#include "passes/LowerToLinalg.h"

#include "evaluator/ResizeCoordinates.h"
#include "ir/LoomOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace loom {
namespace {

//===----------------------------------------------------------------------===//
// Index helpers
//===----------------------------------------------------------------------===//

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

/// Whether `position` lies in [0, size): a scatter writes only there.
Value isInside(OpBuilder &b, Location loc, Value position, int64_t size) {
  Value aboveZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge,
                                          position, indexConstant(b, loc, 0));
  Value belowSize = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::slt, position, indexConstant(b, loc, size));
  return arith::AndIOp::create(b, loc, aboveZero, belowSize);
}

/// The run-time check of an index of `op` (when `options` asks for them):
/// its normalized `position` lies inside a dimension of `size`. `what`
/// names the index, e.g. "an index", "coordinate 1 of an index tuple".
void checkIndex(OpBuilder &b, Location loc, const LoomToLinalgOptions &options,
                Operation *op, Value position, int64_t size, StringRef what,
                Value inside = Value()) {
  if (!options.runtimeChecks)
    return;
  if (!inside)
    inside = isInside(b, loc, position, size);
  emitRuntimeCheck(b, loc, inside, op,
                   what + " is outside [" + Twine(-size) + ", " +
                       Twine(size - 1) + "]");
}

/// The position a gather reads for `index` in a dimension of `size`: the
/// normalized index clamped into the dimension, checked first when
/// `options` asks for run-time checks.
Value gatherPosition(OpBuilder &b, Location loc, Value index, int64_t size,
                     const LoomToLinalgOptions &options, Operation *op,
                     StringRef what = "an index") {
  Value position = normalizedIndex(b, loc, index, size);
  checkIndex(b, loc, options, op, position, size, what);
  return clampedIndex(b, loc, position, size);
}

/// A pattern of `OpTy` that knows the lowering's options.
template <typename OpTy, bool RewritesEmptyResult = false>
struct IndexingPattern : StaticShapePattern<OpTy, RewritesEmptyResult> {
  IndexingPattern(MLIRContext *context, const LoomToLinalgOptions &options)
      : StaticShapePattern<OpTy, RewritesEmptyResult>(context),
        options(options) {}
  LoomToLinalgOptions options;
};

/// Calls `visit(j, indices[prefix.., j])` for j in [0, count), in order:
/// the coordinate tuple of gather_nd and scatter_nd at `prefix`.
void forEachTupleIndex(OpBuilder &b, Location loc, Value indices,
                       ValueRange prefix, int64_t count,
                       function_ref<void(int64_t, Value)> visit) {
  SmallVector<Value> position(prefix);
  position.push_back(Value());
  for (int64_t j = 0; j < count; ++j) {
    position.back() = indexConstant(b, loc, j);
    visit(j, tensor::ExtractOp::create(b, loc, indices, position));
  }
}

/// A copy of `input` in a new tensor with element type `elementType`, its
/// own or f32 for f16/bf16 (widened exactly).
Value copyInto(OpBuilder &b, Location loc, Value input, Type elementType) {
  auto inputType = cast<RankedTensorType>(input.getType());
  return parallelGeneric(
      b, loc, inputType.clone(elementType), input,
      b.getMultiDimIdentityMap(inputType.getRank()),
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value element = args[0];
        if (element.getType() != elementType)
          element = toComputeType(nested, nestedLoc, element);
        return element;
      });
}

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
struct GatherToLinalg : IndexingPattern<GatherOp> {
  using IndexingPattern::IndexingPattern;

  LogicalResult rewriteStatic(GatherOp op,
                              PatternRewriter &rewriter) const override {
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
    rewriter.replaceOp(
        op, parallelGeneric(
                rewriter, op.getLoc(), resultType, op.getIndices(), indexMap,
                [&](OpBuilder &b, Location loc, ValueRange args) {
                  SmallVector<Value> positions;
                  for (int64_t dim = 0; dim < axis; ++dim)
                    positions.push_back(linalg::IndexOp::create(b, loc, dim));
                  positions.push_back(gatherPosition(b, loc, args[0], axisSize,
                                                     options, op));
                  for (int64_t dim = axis + 1; dim < dataType.getRank(); ++dim)
                    positions.push_back(
                        linalg::IndexOp::create(b, loc, dim - 1 + indexRank));
                  return tensor::ExtractOp::create(b, loc, data, positions);
                }));
    return success();
  }
};

/// A generic over the indices' shape reading
/// `data[i with coordinate axis replaced by clamp(indices[i])]`.
struct GatherElementsToLinalg : IndexingPattern<GatherElementsOp> {
  using IndexingPattern::IndexingPattern;

  LogicalResult rewriteStatic(GatherElementsOp op,
                              PatternRewriter &rewriter) const override {
    auto dataType = cast<RankedTensorType>(op.getData().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t axis = op.getAxis();
    if (failed(checkReadable(rewriter, op, dataType, {axis})))
      return failure();
    int64_t rank = resultType.getRank();
    int64_t axisSize = dataType.getDimSize(axis);
    Value data = op.getData();
    rewriter.replaceOp(
        op, parallelGeneric(
                rewriter, op.getLoc(), resultType, op.getIndices(),
                rewriter.getMultiDimIdentityMap(rank),
                [&](OpBuilder &b, Location loc, ValueRange args) {
                  SmallVector<Value> positions;
                  for (int64_t dim = 0; dim < rank; ++dim)
                    positions.push_back(
                        dim == axis
                            ? gatherPosition(b, loc, args[0], axisSize,
                                             options, op)
                            : linalg::IndexOp::create(b, loc, dim).getResult());
                  return tensor::ExtractOp::create(b, loc, data, positions);
                }));
    return success();
  }
};

/// A generic over the result: result position `[b.., i.., t..]` reads the
/// `k` coordinates `indices[b.., i.., j]`, clamps each into its dimension
/// and reads `data[b.., coordinates.., t..]`.
struct GatherNdToLinalg : IndexingPattern<GatherNdOp> {
  using IndexingPattern::IndexingPattern;

  LogicalResult rewriteStatic(GatherNdOp op,
                              PatternRewriter &rewriter) const override {
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
          SmallVector<Value> positions(resultIndices.take_front(batchDims));
          forEachTupleIndex(b, loc, indices,
                            resultIndices.take_front(tupleRank), k,
                            [&](int64_t j, Value index) {
                              positions.push_back(gatherPosition(
                                  b, loc, index,
                                  dataType.getDimSize(batchDims + j), options,
                                  op,
                                  ("coordinate " + Twine(j) +
                                   " of an index tuple")
                                      .str()));
                            });
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
    return floatOrInt<arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>(b, loc,
                                                         {element, update});
  case ScatterReduction::min:
    return floatOrInt<arith::MinimumFOp, arith::MinSIOp, arith::MinUIOp>(b, loc,
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
struct ScatterToLoops
    : IndexingPattern<ScatterOp, /*RewritesEmptyResult=*/true> {
  using IndexingPattern::IndexingPattern;

  LogicalResult rewriteStatic(ScatterOp op,
                              PatternRewriter &rewriter) const override {
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
          Value inside = isInside(b, loc, position, axisSize);
          checkIndex(b, loc, options, op, position, axisSize, "an index",
                     inside);
          return std::make_pair(positions, inside);
        });
  }
};

/// Update `[i.., t..]` goes to `data[indices[i.., :], t..]`.
struct ScatterNdToLoops
    : IndexingPattern<ScatterNdOp, /*RewritesEmptyResult=*/true> {
  using IndexingPattern::IndexingPattern;

  LogicalResult rewriteStatic(ScatterNdOp op,
                              PatternRewriter &rewriter) const override {
    auto dataType = cast<RankedTensorType>(op.getData().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    int64_t k = indicesType.getShape().back();
    int64_t tupleRank = indicesType.getRank() - 1;
    Value indices = op.getIndices();
    return rewriteScatter(
        op, op.getData(), op.getUpdates(), op.getReduction(), rewriter,
        [&](OpBuilder &b, Location loc, ValueRange ivs) {
          SmallVector<Value> positions;
          Value inside = arith::ConstantOp::create(b, loc, b.getBoolAttr(true));
          forEachTupleIndex(
              b, loc, indices, ivs.take_front(tupleRank), k,
              [&](int64_t j, Value index) {
                int64_t size = dataType.getDimSize(j);
                Value position = normalizedIndex(b, loc, index, size);
                Value coordinateInside = isInside(b, loc, position, size);
                checkIndex(b, loc, options, op, position, size,
                           ("coordinate " + Twine(j) + " of an index tuple")
                               .str(),
                           coordinateInside);
                inside =
                    arith::AndIOp::create(b, loc, inside, coordinateInside);
                positions.push_back(position);
              });
          llvm::append_range(positions, ivs.drop_front(tupleRank));
          return std::make_pair(positions, inside);
        });
  }
};

//===----------------------------------------------------------------------===//
// Resize
//===----------------------------------------------------------------------===//

/// What the outputs along one dimension read (eval::resizeTap, computed here
/// at compile time in f64 exactly as the evaluator does): the lower and
/// upper source positions and the weights `1 - w` and `w` of linear
/// interpolation (nearest uses `lower` only).
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
  for (int64_t x = 0; x < out; ++x) {
    eval::ResizeTap tap = eval::resizeTap(op, dim, in, out, x);
    table.lower.push_back(tap.lower);
    table.upper.push_back(tap.upper);
    table.lowerWeight.push_back(1 - tap.weight);
    table.upperWeight.push_back(tap.weight);
    table.onlyLower &= tap.weight == 0;
    table.identity &= tap.lower == x;
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
struct ResizeToLinalg : StaticShapePattern<ResizeOp> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(ResizeOp op,
                              PatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    if (inputType.getRank() != rank ||
        static_cast<int64_t>(op.getScales().size()) != rank)
      return rewriter.notifyMatchFailure(op, "ranks differ");
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

    Value input = op.getInput();
    Type elementType = resultType.getElementType();
    Type sumType = computeType(elementType);
    Value result = parallelGeneric(
        rewriter, loc, resultType, inputs, maps,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) -> Value {
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
          if (cornerDims.empty())
            return tensor::ExtractOp::create(b, nestedLoc, input, lowerCorner);
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
          return sum;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateLoomIndexingToLinalgPatterns(RewritePatternSet &patterns,
                                          const LoomToLinalgOptions &options) {
  patterns.add<GatherToLinalg, GatherElementsToLinalg, GatherNdToLinalg,
               ScatterToLoops, ScatterNdToLoops>(patterns.getContext(),
                                                 options);
  patterns.add<ResizeToLinalg>(patterns.getContext());
}

} // namespace loom
