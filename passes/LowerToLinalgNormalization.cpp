//===- LowerToLinalgNormalization.cpp - Lower softmax and layer norm to linalg ===//
//
// Part of the Loom project.
//
// The loom-lower-to-linalg patterns of softmax, log_softmax and layer_norm
// on static shapes: a few linalg.generic ops along the axis (max, exp-sum,
// normalize; mean, variance, scale), in the reference evaluator's order
// (evaluator/NNKernels.cpp); f16 and bf16 compute in f32 and round once.
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
// Softmax and layer normalization
//===----------------------------------------------------------------------===//

/// Three generics along the axis, as the evaluator computes: the slice
/// maximum m, the sum s of exp(x - m), then exp(x - m) / s, or for
/// log_softmax x - m - log(s) with log(s) taken once per slice. The maximum
/// is arith.maxnumf from -inf, which skips NaN like the evaluator's `x > m`
/// (a NaN then reaches its slice through the sum); the two differ only in
/// the sign of a zero maximum, which x - m and exp cannot tell apart.
template <typename OpTy, bool Logarithm>
struct SoftmaxToLinalg
    : StaticShapePattern<OpTy, /*RewritesEmptyResult=*/true> {
  using StaticShapePattern<OpTy, /*RewritesEmptyResult=*/true>::StaticShapePattern;

  LogicalResult rewriteStatic(OpTy op,
                              PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Type elementType = type.getElementType();
    Type accType = computeType(elementType);
    int64_t rank = type.getRank(), axis = op.getAxis();
    SmallVector<int64_t> sliceShape = dropAxis(type.getShape(), axis);

    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap sliceMap = identity.dropResult(axis);
    SmallVector<utils::IteratorType> reduction(rank,
                                               utils::IteratorType::parallel);
    reduction[axis] = utils::IteratorType::reduction;
    SmallVector<utils::IteratorType> parallel(rank,
                                              utils::IteratorType::parallel);
    auto sliceType = RankedTensorType::get(sliceShape, accType);

    Value lowest = extremeConstant(rewriter, loc, accType, /*lowest=*/true);
    Value max =
        linalg::GenericOp::create(
            rewriter, loc, sliceType, ValueRange{op.getInput()},
            ValueRange{filledTensor(rewriter, loc, sliceShape, lowest)},
            ArrayRef<AffineMap>{identity, sliceMap}, reduction,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value x = toComputeType(b, l, args[0]);
              linalg::YieldOp::create(
                  b, l, arith::MaxNumFOp::create(b, l, args[1], x).getResult());
            })
            .getResult(0);

    Value zero = scalarConstant(rewriter, loc, accType, 0.0);
    Value sum =
        linalg::GenericOp::create(
            rewriter, loc, sliceType, ValueRange{op.getInput(), max},
            ValueRange{filledTensor(rewriter, loc, sliceShape, zero)},
            ArrayRef<AffineMap>{identity, sliceMap, sliceMap}, reduction,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value x = toComputeType(b, l, args[0]);
              Value shifted = arith::SubFOp::create(b, l, x, args[1]);
              Value exp = math::ExpOp::create(b, l, shifted);
              linalg::YieldOp::create(
                  b, l, arith::AddFOp::create(b, l, args[2], exp).getResult());
            })
            .getResult(0);

    if (Logarithm) {
      AffineMap sliceIdentity = rewriter.getMultiDimIdentityMap(rank - 1);
      SmallVector<utils::IteratorType> sliceParallel(
          rank - 1, utils::IteratorType::parallel);
      sum =
          linalg::GenericOp::create(
              rewriter, loc, sliceType, ValueRange{sum},
              ValueRange{emptyTensor(rewriter, loc, sliceShape, accType)},
              ArrayRef<AffineMap>{sliceIdentity, sliceIdentity}, sliceParallel,
              [&](OpBuilder &b, Location l, ValueRange args) {
                linalg::YieldOp::create(
                    b, l, math::LogOp::create(b, l, args[0]).getResult());
              })
              .getResult(0);
    }

    Value result =
        linalg::GenericOp::create(
            rewriter, loc, type, ValueRange{op.getInput(), max, sum},
            ValueRange{
                emptyTensor(rewriter, loc, type.getShape(), elementType)},
            ArrayRef<AffineMap>{identity, sliceMap, sliceMap, identity},
            parallel,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value x = toComputeType(b, l, args[0]);
              Value shifted = arith::SubFOp::create(b, l, x, args[1]);
              Value y;
              if (Logarithm)
                y = arith::SubFOp::create(b, l, shifted, args[2]);
              else
                y = arith::DivFOp::create(
                    b, l, math::ExpOp::create(b, l, shifted), args[2]);
              if (y.getType() != elementType)
                y = arith::TruncFOp::create(b, l, elementType, y);
              linalg::YieldOp::create(b, l, y);
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The evaluator's two passes over each normalized slice (the dimensions
/// from `axis` on), on the values less the slice's first element x0 (read
/// through an indexing map with zeros for the normalized dimensions): the
/// sum, mean = sum / count, the sum of squared deviations, deviation =
/// sqrt(squares / count + epsilon), then ((x - x0) - mean) / deviation *
/// scale + bias with scale and bias broadcast. Without the shift a slice
/// with a large mean (10000 + U[0, 1]) lost its deviation to the rounding
/// of the sum.
struct LayerNormToLinalg
    : StaticShapePattern<LayerNormOp, /*RewritesEmptyResult=*/true> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(LayerNormOp op,
                              PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Type elementType = type.getElementType();
    Type accType = computeType(elementType);
    int64_t rank = type.getRank(), axis = op.getAxis();
    ArrayRef<int64_t> shape = type.getShape();
    SmallVector<int64_t> rowShape(shape.take_front(axis));
    int64_t count = 1;
    for (int64_t size : shape.drop_front(axis))
      count *= size;

    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    // (Not getMajorSubMap, which gives a null map for axis 0.)
    AffineMap rowMap =
        projection(rank, llvm::to_vector(llvm::seq<int64_t>(0, axis)),
                   rewriter.getContext());
    AffineMap rowIdentity = rewriter.getMultiDimIdentityMap(axis);
    // The slice's first element: the row dimensions, then zeros.
    SmallVector<AffineExpr> firstResults;
    for (int64_t dim = 0; dim < rank; ++dim)
      firstResults.push_back(dim < axis ? rewriter.getAffineDimExpr(dim)
                                        : rewriter.getAffineConstantExpr(0));
    AffineMap firstMap =
        AffineMap::get(rank, 0, firstResults, rewriter.getContext());
    SmallVector<utils::IteratorType> reduction(rank,
                                               utils::IteratorType::parallel);
    for (int64_t dim = axis; dim < rank; ++dim)
      reduction[dim] = utils::IteratorType::reduction;
    SmallVector<utils::IteratorType> parallel(rank,
                                              utils::IteratorType::parallel);
    SmallVector<utils::IteratorType> rowParallel(axis,
                                                 utils::IteratorType::parallel);
    auto rowType = RankedTensorType::get(rowShape, accType);
    Value zero = scalarConstant(rewriter, loc, accType, 0.0);
    Value countValue =
        scalarConstant(rewriter, loc, accType, static_cast<double>(count));
    // The evaluator converts the f32 attribute to its compute type.
    Value epsilon = scalarConstant(rewriter, loc, accType,
                                   op.getEpsilon().convertToFloat());

    // A generic over the rows computing `body(row values...)`.
    auto perRow =
        [&](ValueRange inputs,
            function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
          SmallVector<AffineMap> maps(inputs.size() + 1, rowIdentity);
          return linalg::GenericOp::create(
                     rewriter, loc, rowType, inputs,
                     ValueRange{emptyTensor(rewriter, loc, rowShape, accType)},
                     maps, rowParallel,
                     [&](OpBuilder &b, Location l, ValueRange args) {
                       linalg::YieldOp::create(b, l, body(b, l, args));
                     })
              .getResult(0);
        };

    // x - x0 in the compute type.
    auto shifted = [](OpBuilder &b, Location l, Value x, Value first) {
      return arith::SubFOp::create(b, l, toComputeType(b, l, x),
                                   toComputeType(b, l, first))
          .getResult();
    };
    Value input = op.getInput();
    Value sum =
        linalg::GenericOp::create(
            rewriter, loc, rowType, ValueRange{input, input},
            ValueRange{filledTensor(rewriter, loc, rowShape, zero)},
            ArrayRef<AffineMap>{identity, firstMap, rowMap}, reduction,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value x = shifted(b, l, args[0], args[1]);
              linalg::YieldOp::create(
                  b, l, arith::AddFOp::create(b, l, args[2], x).getResult());
            })
            .getResult(0);
    Value mean = perRow({sum}, [&](OpBuilder &b, Location l, ValueRange args) {
      return arith::DivFOp::create(b, l, args[0], countValue);
    });
    Value squares =
        linalg::GenericOp::create(
            rewriter, loc, rowType, ValueRange{input, input, mean},
            ValueRange{filledTensor(rewriter, loc, rowShape, zero)},
            ArrayRef<AffineMap>{identity, firstMap, rowMap, rowMap}, reduction,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value x = shifted(b, l, args[0], args[1]);
              Value centered = arith::SubFOp::create(b, l, x, args[2]);
              Value square = arith::MulFOp::create(b, l, centered, centered);
              linalg::YieldOp::create(
                  b, l,
                  arith::AddFOp::create(b, l, args[3], square).getResult());
            })
            .getResult(0);
    Value deviation =
        perRow({squares}, [&](OpBuilder &b, Location l, ValueRange args) {
          Value variance = arith::DivFOp::create(b, l, args[0], countValue);
          Value shifted = arith::AddFOp::create(b, l, variance, epsilon);
          return math::SqrtOp::create(b, l, shifted);
        });

    MLIRContext *context = rewriter.getContext();
    auto scaleType = cast<RankedTensorType>(op.getScale().getType());
    auto biasType = cast<RankedTensorType>(op.getBias().getType());
    SmallVector<AffineMap> maps = {identity,
                                   firstMap,
                                   rowMap,
                                   rowMap,
                                   broadcastMap(scaleType, shape, context),
                                   broadcastMap(biasType, shape, context),
                                   identity};
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, type,
            ValueRange{input, input, mean, deviation, op.getScale(),
                       op.getBias()},
            ValueRange{emptyTensor(rewriter, loc, shape, elementType)}, maps,
            parallel,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value x = shifted(b, l, args[0], args[1]);
              Value scale = toComputeType(b, l, args[4]);
              Value bias = toComputeType(b, l, args[5]);
              Value centered = arith::SubFOp::create(b, l, x, args[2]);
              Value normalized = arith::DivFOp::create(b, l, centered, args[3]);
              Value scaled = arith::MulFOp::create(b, l, normalized, scale);
              Value y = arith::AddFOp::create(b, l, scaled, bias);
              if (y.getType() != elementType)
                y = arith::TruncFOp::create(b, l, elementType, y);
              linalg::YieldOp::create(b, l, y);
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateLoomNormalizationToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<SoftmaxToLinalg<SoftmaxOp, /*Logarithm=*/false>,
               SoftmaxToLinalg<LogSoftmaxOp, /*Logarithm=*/true>,
               LayerNormToLinalg>(patterns.getContext());
}

} // namespace loom
