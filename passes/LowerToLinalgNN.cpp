//===- LowerToLinalgNN.cpp - Lower contractions and pools to linalg ------===//
//
// Part of the Loom project.
//
// The loom-lower-to-linalg patterns of the contractions (matmul, conv,
// conv_transpose) and the pools, on static shapes (softmax and layer norm
// are in LowerToLinalgNormalization.cpp, the arg reductions, cumsum and
// top-k in LowerToLinalgScans.cpp). Numbers follow the
// reference evaluator (evaluator/NNKernels.cpp, ReductionKernels.cpp): f16
// and bf16 compute in f32 and round once at the end, integers wrap, and
// every sum runs in the evaluator's order, so results agree with it (up to
// the sign of a zero where noted); a later tiling or vectorization that
// reassociates a sum can still change the rounding.
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
// Helpers
//===----------------------------------------------------------------------===//

/// Pads the spatial dimensions of an `[N, C, D1..Dk]` (or `[C, D1..Dk]`)
/// tensor, its last k, with `value`, or returns it as is without padding.
Value padSpatial(OpBuilder &b, Location loc, Value input,
                 ArrayRef<int64_t> padLow, ArrayRef<int64_t> padHigh,
                 Value value) {
  if (llvm::all_of(padLow, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(padHigh, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  size_t first = shape.size() - padLow.size();
  SmallVector<OpFoldResult> low(first, b.getIndexAttr(0)),
      high(first, b.getIndexAttr(0));
  for (size_t i = 0; i < padLow.size(); ++i) {
    shape[first + i] += padLow[i] + padHigh[i];
    low.push_back(b.getIndexAttr(padLow[i]));
    high.push_back(b.getIndexAttr(padHigh[i]));
  }
  auto paddedType = RankedTensorType::get(shape, type.getElementType());
  return tensor::PadOp::create(b, loc, paddedType, input, low, high, value);
}

/// `position * stride + window * dilation` for one spatial dimension.
AffineExpr windowExpr(AffineExpr position, AffineExpr window, int64_t stride,
                      int64_t dilation) {
  return position * stride + window * dilation;
}

Value multiplyAdd(OpBuilder &b, Location loc, Value acc, Value x, Value y) {
  Value product = floatOrInt<arith::MulFOp, arith::MulIOp>(b, loc, {x, y});
  return floatOrInt<arith::AddFOp, arith::AddIOp>(b, loc, {acc, product});
}

/// A contraction operand's scalar in the accumulator's type `accType`:
/// f16/bf16 widened to f32, and the 8-bit integers of matmul_integer and
/// conv_integer extended to i32 by their own signedness (the body is built
/// on the loom types; makeIntegersSignless drops the signedness later).
Value toAccType(OpBuilder &b, Location loc, Value scalar, Type accType) {
  auto type = dyn_cast<IntegerType>(scalar.getType());
  if (!type || type.getWidth() >= accType.getIntOrFloatBitWidth())
    return toComputeType(b, loc, scalar);
  if (type.isUnsigned())
    return arith::ExtUIOp::create(b, loc, accType, scalar);
  return arith::ExtSIOp::create(b, loc, accType, scalar);
}

/// The body of a contraction: `acc + x * y` with the operands in the
/// accumulator's type.
void contractionBody(OpBuilder &b, Location loc, ValueRange args) {
  Type accType = args[2].getType();
  Value x = toAccType(b, loc, args[0], accType);
  Value y = toAccType(b, loc, args[1], accType);
  linalg::YieldOp::create(b, loc, multiplyAdd(b, loc, args[2], x, y));
}

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

/// The batch dimensions of `type` ([B.., X, Y]) read in a loop nest whose
/// first loops walk the broadcast batch `batch`: NumPy alignment, and a
/// size-1 dimension against a larger one reads index 0.
SmallVector<AffineExpr> batchExprs(RankedTensorType type,
                                   ArrayRef<int64_t> batch,
                                   MLIRContext *context) {
  ArrayRef<int64_t> own = type.getShape().drop_back(2);
  int64_t offset = batch.size() - own.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(own)) {
    int64_t dim = offset + static_cast<int64_t>(i);
    exprs.push_back(size == 1 && batch[dim] != 1
                        ? getAffineConstantExpr(0, context)
                        : getAffineDimExpr(dim, context));
  }
  return exprs;
}

/// Every matmul in one of four forms, each accumulating from zero over K in
/// order, in f32 for f16/bf16 (rounded once) and wrapping for integers:
/// - [M, K] x [K, N]: linalg.matmul;
/// - [B.., M, K] x [K, N] (or an rhs whose batch dimensions are all 1): the
///   lhs collapsed to [B*M, K], one linalg.matmul, the result expanded;
/// - equal batch dimensions on both sides: collapsed to one and
///   linalg.batch_matmul;
/// - any other broadcast: a linalg.generic contraction over (batch.., m, n,
///   k) that reads a broadcast batch dimension at 0.
///
/// matmul_integer takes the same forms with linalg.generic in place of the
/// named ops, whose body extends each 8-bit operand by its own signedness
/// (the named ops have one cast for both operands).
template <typename OpT>
struct MatmulToLinalg
    : StaticShapePattern<OpT, /*RewritesEmptyResult=*/true> {
  using StaticShapePattern<OpT, true>::StaticShapePattern;

  LogicalResult rewriteStatic(OpT op,
                              PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Value lhs = op.getLhs(), rhs = op.getRhs();
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto rhsType = cast<RankedTensorType>(rhs.getType());
    auto type = cast<RankedTensorType>(op.getType());
    Type elementType = type.getElementType();
    Type accType = computeType(elementType);
    int64_t rank = type.getRank();
    int64_t m = type.getDimSize(rank - 2), n = type.getDimSize(rank - 1);
    int64_t k = lhsType.getDimSize(lhsType.getRank() - 1);
    ArrayRef<int64_t> batch = type.getShape().drop_back(2);
    int64_t batchSize = 1;
    for (int64_t size : batch)
      batchSize *= size;
    Value zero = scalarConstant(rewriter, loc, accType, 0.0);
    auto range = [](int64_t begin, int64_t end) {
      ReassociationIndices indices;
      for (int64_t i = begin; i < end; ++i)
        indices.push_back(i);
      return indices;
    };

    // An rhs batch of ones broadcasts like a rank-2 rhs.
    if (rhsType.getRank() > 2 &&
        llvm::all_of(rhsType.getShape().drop_back(2),
                     [](int64_t size) { return size == 1; })) {
      int64_t rhsRank = rhsType.getRank();
      rhsType = RankedTensorType::get({k, n}, rhsType.getElementType());
      rhs = tensor::CollapseShapeOp::create(
          rewriter, loc, rhsType, rhs,
          SmallVector<ReassociationIndices>{range(0, rhsRank - 1),
                                            {rhsRank - 1}});
    }

    Value result;
    if (rhsType.getRank() == 2) {
      if (lhsType.getRank() > 2)
        lhs = tensor::CollapseShapeOp::create(
            rewriter, loc,
            RankedTensorType::get({batchSize * m, k}, lhsType.getElementType()),
            lhs,
            SmallVector<ReassociationIndices>{range(0, rank - 1), {rank - 1}});
      SmallVector<int64_t> shape = {batchSize * m, n};
      result = plainMatmul(rewriter, loc, RankedTensorType::get(shape, accType),
                           lhs, rhs, filledTensor(rewriter, loc, shape, zero));
      if (rank > 2)
        result = tensor::ExpandShapeOp::create(
            rewriter, loc, RankedTensorType::get(type.getShape(), accType),
            result,
            SmallVector<ReassociationIndices>{range(0, rank - 1), {rank - 1}});
    } else if (lhsType.getShape().drop_back(2) == batch &&
               rhsType.getShape().drop_back(2) == batch) {
      auto collapseBatch = [&](Value value, int64_t rows,
                               int64_t columns) -> Value {
        auto valueType = cast<RankedTensorType>(value.getType());
        if (valueType.getRank() == 3)
          return value;
        return tensor::CollapseShapeOp::create(
                   rewriter, loc,
                   RankedTensorType::get({batchSize, rows, columns},
                                         valueType.getElementType()),
                   value,
                   SmallVector<ReassociationIndices>{
                       range(0, rank - 2), {rank - 2}, {rank - 1}})
            .getResult();
      };
      SmallVector<int64_t> shape = {batchSize, m, n};
      result = plainMatmul(rewriter, loc, RankedTensorType::get(shape, accType),
                           collapseBatch(lhs, m, k), collapseBatch(rhs, k, n),
                           filledTensor(rewriter, loc, shape, zero));
      if (rank > 3)
        result = tensor::ExpandShapeOp::create(
            rewriter, loc, RankedTensorType::get(type.getShape(), accType),
            result,
            SmallVector<ReassociationIndices>{
                range(0, rank - 2), {rank - 2}, {rank - 1}});
    } else {
      // Loops (batch.., m, n, k).
      int64_t batchRank = batch.size();
      unsigned numLoops = batchRank + 3;
      auto dim = [&](int64_t i) { return getAffineDimExpr(i, context); };
      SmallVector<AffineExpr> lhsExprs = batchExprs(lhsType, batch, context);
      lhsExprs.append({dim(batchRank), dim(batchRank + 2)});
      SmallVector<AffineExpr> rhsExprs = batchExprs(rhsType, batch, context);
      rhsExprs.append({dim(batchRank + 2), dim(batchRank + 1)});
      AffineMap outMap = AffineMap::getMultiDimIdentityMap(numLoops, context)
                             .getMajorSubMap(numLoops - 1);
      SmallVector<utils::IteratorType> iterators(numLoops - 1,
                                                 utils::IteratorType::parallel);
      iterators.push_back(utils::IteratorType::reduction);
      result =
          linalg::GenericOp::create(
              rewriter, loc, RankedTensorType::get(type.getShape(), accType),
              ValueRange{lhs, rhs},
              ValueRange{filledTensor(rewriter, loc, type.getShape(), zero)},
              ArrayRef<AffineMap>{
                  AffineMap::get(numLoops, 0, lhsExprs, context),
                  AffineMap::get(numLoops, 0, rhsExprs, context), outMap},
              iterators, contractionBody)
              .getResult(0);
    }
    rewriter.replaceOp(op, roundTo(rewriter, loc, result, elementType));
    return success();
  }

private:
  /// `lhs` [(B,) M, K] times `rhs` [(B,) K, N] into `init`: linalg.matmul
  /// or linalg.batch_matmul, or for 8-bit integer operands the generic
  /// contraction of the same loops.
  static Value plainMatmul(PatternRewriter &rewriter, Location loc,
                           RankedTensorType type, Value lhs, Value rhs,
                           Value init) {
    bool batched = type.getRank() == 3;
    if (!std::is_same_v<OpT, MatmulIntegerOp>) {
      if (batched)
        return linalg::BatchMatmulOp::create(rewriter, loc, TypeRange{type},
                                             ValueRange{lhs, rhs},
                                             ValueRange{init})
            ->getResult(0);
      return linalg::MatmulOp::create(rewriter, loc, TypeRange{type},
                                      ValueRange{lhs, rhs}, ValueRange{init})
          ->getResult(0);
    }
    // Loops ((b,) m, n, k).
    MLIRContext *context = rewriter.getContext();
    unsigned numLoops = type.getRank() + 1;
    auto dim = [&](unsigned i) { return getAffineDimExpr(i, context); };
    SmallVector<AffineExpr> lhsExprs, rhsExprs, outExprs;
    if (batched)
      lhsExprs = rhsExprs = outExprs = {dim(0)};
    unsigned m = batched ? 1 : 0;
    lhsExprs.append({dim(m), dim(m + 2)});
    rhsExprs.append({dim(m + 2), dim(m + 1)});
    outExprs.append({dim(m), dim(m + 1)});
    SmallVector<utils::IteratorType> iterators(numLoops - 1,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    return linalg::GenericOp::create(
               rewriter, loc, type, ValueRange{lhs, rhs}, ValueRange{init},
               ArrayRef<AffineMap>{AffineMap::get(numLoops, 0, lhsExprs, context),
                                   AffineMap::get(numLoops, 0, rhsExprs, context),
                                   AffineMap::get(numLoops, 0, outExprs, context)},
               iterators, contractionBody)
        .getResult(0);
  }
};

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

/// groups == 1 as one contraction linalg.generic over (n, f, out1..outk, c,
/// w1..wk): the filter [F, C, K1..Kk] times the input's patches
/// [C, K1..Kk, N, out1..outk] into [N, F, out1..outk]. Seen as a GEMM the
/// filter is [F, C*K] and the patches [C*K, N*P] (P = out1*..*outk): both
/// are contiguous in those groups, so a backend can collapse them into one
/// matmul (the CPU backend does so per workgroup tile, for its
/// micro-kernel). There is no reshape between the ops: tiling the result's
/// spatial dimensions fuses the im2col (and the padding) into each tile, so
/// a tile builds only its own columns. The patches come from an im2col
/// linalg.generic over the zero-padded input; a 1x1 convolution with unit
/// strides and no padding needs no im2col: the contraction reads the input
/// itself as [N, C, out..]. The contraction accumulates over (c, w1..wk) in
/// the evaluator's order; f16/bf16 accumulate in f32 and are rounded once.
///
/// groups > 1 (depthwise included) as one direct linalg.generic over
/// (n, g, f, out.., c, k..) reading the padded input expanded to
/// [N, G, C/G, ..] and the filter to [G, F/G, C/G, K..]: a grouped GEMM
/// would be G small matmuls, and depthwise has no reduction over channels.
///
/// conv_integer takes the same forms on its 8-bit operands (the padding, the
/// patches and the grouped views keep the input's and filter's types) with
/// a body that extends each operand to i32 by its own signedness.
template <typename OpT>
struct ConvToLinalg
    : StaticShapePattern<OpT, /*RewritesEmptyResult=*/true> {
  using StaticShapePattern<OpT, true>::StaticShapePattern;

  LogicalResult rewriteStatic(OpT op,
                              PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Type elementType = type.getElementType();
    Type accType = computeType(elementType);
    Value result;
    if (op.getGroups() == 1) {
      result = lowerAsContraction(rewriter, op, accType);
    } else {
      Value padded = padSpatial(
          rewriter, loc, op.getInput(), op.getPadLow(), op.getPadHigh(),
          scalarConstant(rewriter, loc, getElementTypeOrSelf(op.getInput()),
                         0.0));
      result = lowerGrouped(rewriter, op, padded, accType);
    }
    rewriter.replaceOp(op, roundTo(rewriter, loc, result, elementType));
    return success();
  }

private:
  static Value lowerAsContraction(PatternRewriter &rewriter, OpT op,
                                  Type accType) {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto filterType = cast<RankedTensorType>(op.getFilter().getType());
    auto type = cast<RankedTensorType>(op.getType());
    // The patches hold input elements.
    Type elementType = inputType.getElementType();
    int64_t k = type.getRank() - 2;
    int64_t batch = type.getDimSize(0), channels = inputType.getDimSize(1);
    ArrayRef<int64_t> window = filterType.getShape().drop_front(2);
    ArrayRef<int64_t> outSizes = type.getShape().drop_front(2);
    auto dim = [&](unsigned i) { return getAffineDimExpr(i, context); };
    auto all = [](ArrayRef<int64_t> values, int64_t expected) {
      return llvm::all_of(values, [&](int64_t v) { return v == expected; });
    };

    // Contraction loops (n, f, o1..ok, c, w1..wk).
    unsigned numLoops = 3 + 2 * k;
    AffineExpr n = dim(0), f = dim(1), c = dim(2 + k);
    SmallVector<AffineExpr> out = {n, f}, filter = {f, c}, patchExprs;
    for (int64_t i = 0; i < k; ++i) {
      out.push_back(dim(2 + i));
      filter.push_back(dim(3 + k + i));
    }

    Value patches;
    bool pointwise = all(window, 1) && all(op.getStrides(), 1) &&
                     all(op.getPadLow(), 0) && all(op.getPadHigh(), 0);
    if (pointwise) {
      // The input [N, C, out..] is its own patches.
      patches = op.getInput();
      patchExprs = {n, c};
      for (int64_t i = 0; i < k; ++i)
        patchExprs.push_back(dim(2 + i));
    } else {
      // im2col loops (c, w.., n, o1..ok) = the patches' layout, where w..
      // are the window dimensions larger than 1. Neither unit window
      // dimensions nor, with batch 1, n appear (the input is then padded as
      // [C, D..]): the unit dimensions that linalg-fold-unit-extent-dims
      // would drop become reshapes that tiling cannot fuse through, between
      // the padding, the im2col and the contraction.
      bool single = batch == 1;
      SmallVector<int64_t> windowDims; // spatial dimensions with a window
      for (int64_t i = 0; i < k; ++i)
        if (window[i] != 1)
          windowDims.push_back(i);
      int64_t numWindow = windowDims.size();
      unsigned im2colLoops = (single ? 1 : 2) + numWindow + k;
      unsigned firstOut = im2colLoops - k;
      SmallVector<AffineExpr> read;
      if (!single)
        read.push_back(dim(firstOut - 1));
      read.push_back(dim(0));
      for (int64_t i = 0; i < k; ++i) {
        const int64_t *windowLoop = llvm::find(windowDims, i);
        AffineExpr w = windowLoop == windowDims.end()
                           ? getAffineConstantExpr(0, context)
                           : dim(1 + (windowLoop - windowDims.begin()));
        read.push_back(windowExpr(dim(firstOut + i), w, op.getStrides()[i],
                                  op.getDilations()[i]));
      }
      Value input = op.getInput();
      if (single) {
        SmallVector<ReassociationIndices> dropBatch = {{0, 1}};
        for (int64_t i = 0; i < k; ++i)
          dropBatch.push_back({2 + i});
        input =
            tensor::CollapseShapeOp::create(rewriter, loc, input, dropBatch);
      }
      Value padded =
          padSpatial(rewriter, loc, input, op.getPadLow(), op.getPadHigh(),
                     scalarConstant(rewriter, loc, elementType, 0.0));
      SmallVector<int64_t> layout = {channels};
      for (int64_t i : windowDims)
        layout.push_back(window[i]);
      if (!single)
        layout.push_back(batch);
      llvm::append_range(layout, outSizes);
      SmallVector<utils::IteratorType> iterators(im2colLoops,
                                                 utils::IteratorType::parallel);
      patches =
          linalg::GenericOp::create(
              rewriter, loc, RankedTensorType::get(layout, elementType),
              ValueRange{padded},
              ValueRange{emptyTensor(rewriter, loc, layout, elementType)},
              ArrayRef<AffineMap>{AffineMap::get(im2colLoops, 0, read, context),
                                  rewriter.getMultiDimIdentityMap(im2colLoops)},
              iterators,
              [&](OpBuilder &b, Location l, ValueRange args) {
                linalg::YieldOp::create(b, l, args[0]);
              })
              .getResult(0);
      patchExprs = {c};
      for (int64_t i : windowDims)
        patchExprs.push_back(dim(3 + k + i));
      if (!single)
        patchExprs.push_back(n);
      for (int64_t i = 0; i < k; ++i)
        patchExprs.push_back(dim(2 + i));
    }

    SmallVector<utils::IteratorType> iterators(2 + k,
                                               utils::IteratorType::parallel);
    iterators.append(1 + k, utils::IteratorType::reduction);
    Value zero = scalarConstant(rewriter, loc, accType, 0.0);
    return linalg::GenericOp::create(
               rewriter, loc, RankedTensorType::get(type.getShape(), accType),
               ValueRange{op.getFilter(), patches},
               ValueRange{filledTensor(rewriter, loc, type.getShape(), zero)},
               ArrayRef<AffineMap>{
                   AffineMap::get(numLoops, 0, filter, context),
                   AffineMap::get(numLoops, 0, patchExprs, context),
                   AffineMap::get(numLoops, 0, out, context)},
               iterators, contractionBody)
        .getResult(0);
  }

  static Value lowerGrouped(PatternRewriter &rewriter, OpT op, Value padded,
                            Type accType) {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    auto paddedType = cast<RankedTensorType>(padded.getType());
    auto filterType = cast<RankedTensorType>(op.getFilter().getType());
    auto type = cast<RankedTensorType>(op.getType());
    int64_t k = type.getRank() - 2, groups = op.getGroups();
    int64_t groupChannels = filterType.getDimSize(1);
    int64_t groupOut = filterType.getDimSize(0) / groups;

    // [N, C, ..] -> [N, G, C/G, ..] and [F, C/G, K..] -> [G, F/G, C/G, K..].
    SmallVector<int64_t> inputShape = {paddedType.getDimSize(0), groups,
                                       groupChannels};
    llvm::append_range(inputShape, paddedType.getShape().drop_front(2));
    SmallVector<ReassociationIndices> splitSecond = {{0}, {1, 2}};
    for (int64_t i = 0; i < k; ++i)
      splitSecond.push_back({3 + i});
    Value input = tensor::ExpandShapeOp::create(
        rewriter, loc,
        RankedTensorType::get(inputShape, paddedType.getElementType()), padded,
        splitSecond);
    SmallVector<int64_t> filterShape = {groups, groupOut, groupChannels};
    llvm::append_range(filterShape, filterType.getShape().drop_front(2));
    SmallVector<ReassociationIndices> splitFirst = {{0, 1}, {2}};
    for (int64_t i = 0; i < k; ++i)
      splitFirst.push_back({3 + i});
    Value filter = tensor::ExpandShapeOp::create(
        rewriter, loc,
        RankedTensorType::get(filterShape, filterType.getElementType()),
        op.getFilter(), splitFirst);

    // Loops (n, g, f, o1..o(k-1), c, w1..wk, ok): the last output dimension
    // is innermost, so that the loop a backend vectorizes reads the input
    // and writes the result contiguously (with the filter value invariant)
    // rather than running over a window of a few elements. Each result
    // element still accumulates over (c, w1..wk) in the evaluator's order.
    unsigned numLoops = 4 + 2 * k;
    auto dim = [&](unsigned i) { return getAffineDimExpr(i, context); };
    auto outLoop = [&](int64_t i) { return i + 1 == k ? numLoops - 1 : 3 + i; };
    AffineExpr channel = dim(2 + k);
    SmallVector<AffineExpr> inputExprs = {dim(0), dim(1), channel};
    SmallVector<AffineExpr> filterExprs = {dim(1), dim(2), channel};
    SmallVector<AffineExpr> outExprs = {dim(0), dim(1), dim(2)};
    for (int64_t i = 0; i < k; ++i) {
      inputExprs.push_back(windowExpr(dim(outLoop(i)), dim(3 + k + i),
                                      op.getStrides()[i],
                                      op.getDilations()[i]));
      filterExprs.push_back(dim(3 + k + i));
      outExprs.push_back(dim(outLoop(i)));
    }
    SmallVector<utils::IteratorType> iterators(2 + k,
                                               utils::IteratorType::parallel);
    iterators.append(1 + k, utils::IteratorType::reduction);
    iterators.push_back(utils::IteratorType::parallel);
    SmallVector<int64_t> outShape = {type.getDimSize(0), groups, groupOut};
    llvm::append_range(outShape, type.getShape().drop_front(2));
    Value zero = scalarConstant(rewriter, loc, accType, 0.0);
    Value grouped =
        linalg::GenericOp::create(
            rewriter, loc, RankedTensorType::get(outShape, accType),
            ValueRange{input, filter},
            ValueRange{filledTensor(rewriter, loc, outShape, zero)},
            ArrayRef<AffineMap>{
                AffineMap::get(numLoops, 0, inputExprs, context),
                AffineMap::get(numLoops, 0, filterExprs, context),
                AffineMap::get(numLoops, 0, outExprs, context)},
            iterators, contractionBody)
            .getResult(0);
    SmallVector<ReassociationIndices> mergeSecond = {{0}, {1, 2}};
    for (int64_t i = 0; i < k; ++i)
      mergeSecond.push_back({3 + i});
    return tensor::CollapseShapeOp::create(
        rewriter, loc, RankedTensorType::get(type.getShape(), accType), grouped,
        mergeSecond);
  }
};

/// A direct linalg.generic over the result (n, g, f, p1..pk) and the
/// contributions (c, w1..wk), the filter expanded to [G, C/G, F/G, K..]:
/// result position p receives input position i = (p + pl - w * d) / s when
/// that divides exactly and lies in the input, read with tensor.extract
/// (the input index is not affine in the loops). Positions no input reaches
/// stay 0. The window loops run backwards (loop v is window position
/// K - 1 - v): for a fixed result position the input position i grows as w
/// shrinks, so each result element accumulates in the evaluator's
/// (c, i1..ik) order, and rounds the same. An unread tensor of the window's
/// shape gives the reversed loops their bounds.
struct ConvTransposeToLinalg
    : StaticShapePattern<ConvTransposeOp, /*RewritesEmptyResult=*/true> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(ConvTransposeOp op,
                              PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto filterType = cast<RankedTensorType>(op.getFilter().getType());
    auto type = cast<RankedTensorType>(op.getType());
    Type elementType = type.getElementType();
    Type accType = computeType(elementType);
    int64_t k = type.getRank() - 2, groups = op.getGroups();
    int64_t groupChannels = inputType.getDimSize(1) / groups;
    int64_t groupOut = filterType.getDimSize(1);
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations(),
                      padLow = op.getPadLow();

    SmallVector<int64_t> filterShape = {groups, groupChannels, groupOut};
    llvm::append_range(filterShape, filterType.getShape().drop_front(2));
    SmallVector<ReassociationIndices> splitFirst = {{0, 1}, {2}};
    for (int64_t i = 0; i < k; ++i)
      splitFirst.push_back({3 + i});
    Value filter = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(filterShape, elementType),
        op.getFilter(), splitFirst);

    // Loops (n, g, f, p1..pk, c, w1..wk).
    unsigned numLoops = 4 + 2 * k;
    auto dim = [&](unsigned i) { return getAffineDimExpr(i, context); };
    ArrayRef<int64_t> window = filterType.getShape().drop_front(2);
    SmallVector<AffineExpr> filterExprs = {dim(1), dim(3 + k), dim(2)};
    SmallVector<AffineExpr> outExprs = {dim(0), dim(1), dim(2)};
    SmallVector<AffineExpr> windowExprs;
    for (int64_t i = 0; i < k; ++i) {
      filterExprs.push_back(window[i] - 1 - dim(4 + k + i));
      outExprs.push_back(dim(3 + i));
      windowExprs.push_back(dim(4 + k + i));
    }
    Value windowShape = emptyTensor(rewriter, loc, window, elementType);
    SmallVector<utils::IteratorType> iterators(3 + k,
                                               utils::IteratorType::parallel);
    iterators.append(1 + k, utils::IteratorType::reduction);
    SmallVector<int64_t> outShape = {type.getDimSize(0), groups, groupOut};
    llvm::append_range(outShape, type.getShape().drop_front(2));
    Value zero = scalarConstant(rewriter, loc, accType, 0.0);
    Value input = op.getInput();
    Value grouped =
        linalg::GenericOp::create(
            rewriter, loc, RankedTensorType::get(outShape, accType),
            ValueRange{filter, windowShape},
            ValueRange{filledTensor(rewriter, loc, outShape, zero)},
            ArrayRef<AffineMap>{
                AffineMap::get(numLoops, 0, filterExprs, context),
                AffineMap::get(numLoops, 0, windowExprs, context),
                AffineMap::get(numLoops, 0, outExprs, context)},
            iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              auto constant = [&](int64_t value) -> Value {
                return arith::ConstantIndexOp::create(b, l, value);
              };
              Value zeroIndex = constant(0);
              Value valid =
                  arith::ConstantOp::create(b, l, b.getBoolAttr(true));
              Value channel = arith::AddIOp::create(
                  b, l,
                  arith::MulIOp::create(b, l, linalg::IndexOp::create(b, l, 1),
                                        constant(groupChannels)),
                  linalg::IndexOp::create(b, l, 3 + k));
              SmallVector<Value> indices = {linalg::IndexOp::create(b, l, 0),
                                            channel};
              for (int64_t i = 0; i < k; ++i) {
                Value p = linalg::IndexOp::create(b, l, 3 + i);
                Value w = arith::SubIOp::create(
                    b, l, constant(window[i] - 1),
                    linalg::IndexOp::create(b, l, 4 + k + i));
                // q = p + pl - w * d must be s * i for an input position i.
                Value q = arith::SubIOp::create(
                    b, l, arith::AddIOp::create(b, l, p, constant(padLow[i])),
                    arith::MulIOp::create(b, l, w, constant(dilations[i])));
                Value nonNegative = arith::CmpIOp::create(
                    b, l, arith::CmpIPredicate::sge, q, zeroIndex);
                Value safeQ =
                    arith::SelectOp::create(b, l, nonNegative, q, zeroIndex);
                Value stride = constant(strides[i]);
                Value exact = arith::CmpIOp::create(
                    b, l, arith::CmpIPredicate::eq,
                    arith::RemUIOp::create(b, l, safeQ, stride), zeroIndex);
                Value position = arith::DivUIOp::create(b, l, safeQ, stride);
                Value inside = arith::CmpIOp::create(
                    b, l, arith::CmpIPredicate::ult, position,
                    constant(inputType.getDimSize(2 + i)));
                valid = arith::AndIOp::create(b, l, valid, nonNegative);
                valid = arith::AndIOp::create(b, l, valid, exact);
                valid = arith::AndIOp::create(b, l, valid, inside);
                indices.push_back(position);
              }
              // Every index is clamped to 0 where invalid, so the read is
              // always in bounds; its value is then discarded.
              for (size_t i = 2; i < indices.size(); ++i)
                indices[i] =
                    arith::SelectOp::create(b, l, valid, indices[i], zeroIndex);
              Value x = tensor::ExtractOp::create(b, l, input, indices);
              Value sum = multiplyAdd(b, l, args[2], toComputeType(b, l, x),
                                      toComputeType(b, l, args[0]));
              linalg::YieldOp::create(
                  b, l,
                  arith::SelectOp::create(b, l, valid, sum, args[2])
                      .getResult());
            })
            .getResult(0);
    SmallVector<ReassociationIndices> mergeSecond = {{0}, {1, 2}};
    for (int64_t i = 0; i < k; ++i)
      mergeSecond.push_back({3 + i});
    Value result = tensor::CollapseShapeOp::create(
        rewriter, loc, RankedTensorType::get(type.getShape(), accType), grouped,
        mergeSecond);
    rewriter.replaceOp(op, roundTo(rewriter, loc, result, elementType));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// The loop nest of a pool over an `[N, C, D1..Dk]` input: (n, c,
/// out1..out(k-1), w1..wk, outk), the window loops reductions and the last
/// output dimension innermost, so that the loop a backend vectorizes runs
/// along the rows of the input and the result rather than over a window of
/// a few elements (each result element still reduces its window in the
/// same order). Reading the (padded) input
/// at `out * stride + w * dilation` needs the window loops' bounds from an
/// operand of the window's shape, which `windowShape` is (its values are
/// never read), as in linalg's named pooling ops.
struct PoolNest {
  SmallVector<AffineMap> maps; // padded input, window shape, result
  SmallVector<utils::IteratorType> iterators;
  Value windowShape;

  PoolNest(OpBuilder &b, Location loc, int64_t spatialRank,
           ArrayRef<int64_t> window, ArrayRef<int64_t> strides,
           ArrayRef<int64_t> dilations, Type elementType) {
    MLIRContext *context = b.getContext();
    unsigned numLoops = 2 + 2 * spatialRank;
    SmallVector<AffineExpr> input = {getAffineDimExpr(0, context),
                                     getAffineDimExpr(1, context)};
    SmallVector<AffineExpr> windowExprs, result = input;
    for (int64_t i = 0; i < spatialRank; ++i) {
      AffineExpr out = getAffineDimExpr(
          i + 1 == spatialRank ? numLoops - 1 : 2 + i, context);
      AffineExpr w = getAffineDimExpr(1 + spatialRank + i, context);
      input.push_back(
          windowExpr(out, w, strides[i], dilations.empty() ? 1 : dilations[i]));
      windowExprs.push_back(w);
      result.push_back(out);
    }
    maps = {AffineMap::get(numLoops, 0, input, context),
            AffineMap::get(numLoops, 0, windowExprs, context),
            AffineMap::get(numLoops, 0, result, context)};
    iterators.assign(1 + spatialRank, utils::IteratorType::parallel);
    iterators.append(spatialRank, utils::IteratorType::reduction);
    iterators.push_back(utils::IteratorType::parallel);
    windowShape = emptyTensor(b, loc, window, elementType);
  }
};

/// A generic over the window with arith.maximumf (or maxsi) into -inf (or
/// the smallest integer), the input padded with the same value: padding
/// never wins and a window of padding only gives it, as in the evaluator,
/// and any NaN makes the window NaN. arith.maximumf orders -0.0 below +0.0
/// where the evaluator keeps the first of two zeros; the values compare
/// equal.
struct MaxPoolToLinalg
    : StaticShapePattern<MaxPoolOp, /*RewritesEmptyResult=*/true> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(MaxPoolOp op,
                              PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Type elementType = type.getElementType();
    Value lowest = extremeConstant(rewriter, loc, elementType, /*lowest=*/true);
    Value padded = padSpatial(rewriter, loc, op.getInput(), op.getPadLow(),
                              op.getPadHigh(), lowest);
    PoolNest nest(rewriter, loc, type.getRank() - 2, op.getKernel(),
                  op.getStrides(), op.getDilations(), elementType);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, type, ValueRange{padded, nest.windowShape},
            ValueRange{filledTensor(rewriter, loc, type.getShape(), lowest)},
            nest.maps, nest.iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value max = floatOrInt<arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>(
                  b, l, {args[2], args[0]});
              linalg::YieldOp::create(b, l, max);
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// A window sum over the zero-padded input (zeros add nothing to a sum
/// started from +0), then one division per output element: by the window
/// size with count_include_pad, otherwise by the number of the window's
/// elements inside the input, computed from the output position dimension
/// by dimension as min(K, D + pl - o * s) - max(0, pl - o * s).
struct AvgPoolToLinalg
    : StaticShapePattern<AvgPoolOp, /*RewritesEmptyResult=*/true> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(AvgPoolOp op,
                              PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    Type elementType = type.getElementType();
    Type accType = computeType(elementType);
    int64_t spatialRank = type.getRank() - 2;
    ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                      padLow = op.getPadLow();
    Value padded =
        padSpatial(rewriter, loc, op.getInput(), padLow, op.getPadHigh(),
                   scalarConstant(rewriter, loc, elementType, 0.0));
    PoolNest nest(rewriter, loc, spatialRank, kernel, strides,
                  /*dilations=*/{}, elementType);
    Value zero = scalarConstant(rewriter, loc, accType, 0.0);
    Value sums =
        linalg::GenericOp::create(
            rewriter, loc, RankedTensorType::get(type.getShape(), accType),
            ValueRange{padded, nest.windowShape},
            ValueRange{filledTensor(rewriter, loc, type.getShape(), zero)},
            nest.maps, nest.iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value x = toComputeType(b, l, args[0]);
              linalg::YieldOp::create(
                  b, l, arith::AddFOp::create(b, l, args[2], x).getResult());
            })
            .getResult(0);

    int64_t windowSize = 1;
    for (int64_t size : kernel)
      windowSize *= size;
    bool includePad = op.getCountIncludePad();
    AffineMap identity = rewriter.getMultiDimIdentityMap(type.getRank());
    SmallVector<utils::IteratorType> parallel(type.getRank(),
                                              utils::IteratorType::parallel);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, type, ValueRange{sums},
            ValueRange{
                emptyTensor(rewriter, loc, type.getShape(), elementType)},
            ArrayRef<AffineMap>{identity, identity}, parallel,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value count;
              if (includePad) {
                count = scalarConstant(b, l, accType,
                                       static_cast<double>(windowSize));
              } else {
                Value cells = arith::ConstantIndexOp::create(b, l, 1);
                for (int64_t i = 0; i < spatialRank; ++i) {
                  Value out = linalg::IndexOp::create(b, l, 2 + i);
                  // start = o * s - pl: the window's first input position.
                  Value start = arith::SubIOp::create(
                      b, l,
                      arith::MulIOp::create(
                          b, l, out,
                          arith::ConstantIndexOp::create(b, l, strides[i])),
                      arith::ConstantIndexOp::create(b, l, padLow[i]));
                  Value first = arith::MaxSIOp::create(
                      b, l, arith::ConstantIndexOp::create(b, l, 0),
                      arith::SubIOp::create(
                          b, l, arith::ConstantIndexOp::create(b, l, 0),
                          start));
                  Value end = arith::MinSIOp::create(
                      b, l, arith::ConstantIndexOp::create(b, l, kernel[i]),
                      arith::SubIOp::create(
                          b, l,
                          arith::ConstantIndexOp::create(
                              b, l, inputType.getDimSize(2 + i)),
                          start));
                  Value inside = arith::MaxSIOp::create(
                      b, l, arith::ConstantIndexOp::create(b, l, 0),
                      arith::SubIOp::create(b, l, end, first));
                  cells = arith::MulIOp::create(b, l, cells, inside);
                }
                Value cells64 = indexToI64(b, l, cells);
                count = arith::SIToFPOp::create(b, l, accType, cells64);
              }
              Value mean = arith::DivFOp::create(b, l, args[0], count);
              if (mean.getType() != elementType)
                mean = arith::TruncFOp::create(b, l, elementType, mean);
              linalg::YieldOp::create(b, l, mean);
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateLoomNNToLinalgPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<MaxPoolToLinalg, AvgPoolToLinalg, MatmulToLinalg<MatmulOp>,
               MatmulToLinalg<MatmulIntegerOp>, ConvToLinalg<ConvOp>,
               ConvToLinalg<ConvIntegerOp>, ConvTransposeToLinalg>(context);
}

} // namespace loom
