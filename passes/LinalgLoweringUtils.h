//===- LinalgLoweringUtils.h - Shared loom-to-linalg helpers --*- C++ -*-===//
//
// Part of the Loom project.
//
// Small builders and predicates that every LowerToLinalg*.cpp file needs:
// static-shape checks, the f16/bf16 compute-type rule of the evaluator
// (compute in f32, round once), scalar constants and the NumPy broadcasting
// indexing map; and for the patterns that generate their result position by
// position (LowerToLinalgDataMovement.cpp, LowerToLinalgIndexing.cpp) the
// parallel generic over the result and the static-shape pattern base.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_PASSES_LINALGLOWERINGUTILS_H
#define LOOM_PASSES_LINALGLOWERINGUTILS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/PatternMatch.h"

namespace loom {

/// True when every operand and result of `op` is a statically shaped tensor.
inline bool hasStaticShapes(mlir::Operation *op) {
  auto isStatic = [](mlir::Type type) {
    auto tensor = mlir::dyn_cast<mlir::RankedTensorType>(type);
    return tensor && tensor.hasStaticShape();
  };
  return llvm::all_of(op->getOperandTypes(), isStatic) &&
         llvm::all_of(op->getResultTypes(), isStatic);
}

/// The evaluator computes f16 and bf16 in f32 and rounds each result once;
/// a linalg reduction in the element type would round after every step.
inline bool accumulatesInWiderType(mlir::Type elementType) {
  return elementType.isF16() || elementType.isBF16();
}

/// The type the evaluator computes `elementType` in.
inline mlir::Type computeType(mlir::Type elementType) {
  if (accumulatesInWiderType(elementType))
    return mlir::Float32Type::get(elementType.getContext());
  return elementType;
}

/// Widens an f16/bf16 scalar to f32 inside a linalg body; other types pass.
inline mlir::Value toComputeType(mlir::OpBuilder &b, mlir::Location loc,
                                 mlir::Value scalar) {
  if (accumulatesInWiderType(scalar.getType()))
    return mlir::arith::ExtFOp::create(b, loc, b.getF32Type(), scalar);
  return scalar;
}

inline mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                               llvm::ArrayRef<int64_t> shape,
                               mlir::Type elementType) {
  return mlir::tensor::EmptyOp::create(b, loc, shape, elementType);
}

inline mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::RankedTensorType type) {
  return emptyTensor(b, loc, type.getShape(), type.getElementType());
}

inline mlir::Value indexConstant(mlir::OpBuilder &b, mlir::Location loc,
                                 int64_t value) {
  return mlir::arith::ConstantIndexOp::create(b, loc, value);
}

/// Zero of `type`: false, 0 or +0.0.
inline mlir::Value zeroOf(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Type type) {
  return mlir::arith::ConstantOp::create(b, loc, b.getZeroAttr(type));
}

/// `position` clamped into [0, size - 1]: an edge pad, and what a gather
/// reads for an index the evaluator rejects.
inline mlir::Value clampedIndex(mlir::OpBuilder &b, mlir::Location loc,
                                mlir::Value position, int64_t size) {
  mlir::Value low = mlir::arith::MaxSIOp::create(b, loc, position,
                                                 indexConstant(b, loc, 0));
  return mlir::arith::MinSIOp::create(b, loc, low,
                                      indexConstant(b, loc, size - 1));
}

/// A linalg.generic over every position of `resultType` (all loops parallel,
/// the result written through the identity map) that reads `inputs` through
/// `inputMaps` and yields `element(b, loc, inputElements)`; the body asks
/// linalg.index for the positions it needs.
inline mlir::Value parallelGeneric(
    mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType resultType,
    mlir::ValueRange inputs, llvm::ArrayRef<mlir::AffineMap> inputMaps,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                   mlir::ValueRange)>
        element) {
  int64_t rank = resultType.getRank();
  llvm::SmallVector<mlir::AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(rank));
  llvm::SmallVector<mlir::utils::IteratorType> iterators(
      rank, mlir::utils::IteratorType::parallel);
  auto generic = mlir::linalg::GenericOp::create(
      b, loc, resultType, inputs, emptyTensor(b, loc, resultType), maps,
      iterators,
      [&](mlir::OpBuilder &nested, mlir::Location nestedLoc,
          mlir::ValueRange args) {
        mlir::linalg::YieldOp::create(nested, nestedLoc,
                                      element(nested, nestedLoc, args));
      });
  return generic.getResult(0);
}

/// A parallelGeneric without inputs whose body yields
/// `element(b, loc, indices)` for the result position `indices`.
inline mlir::Value generateTensor(
    mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType resultType,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                   mlir::ValueRange)>
        element) {
  return parallelGeneric(
      b, loc, resultType, mlir::ValueRange{}, {},
      [&](mlir::OpBuilder &nested, mlir::Location nestedLoc,
          mlir::ValueRange) {
        llvm::SmallVector<mlir::Value> indices;
        for (int64_t dim = 0; dim < resultType.getRank(); ++dim)
          indices.push_back(
              mlir::linalg::IndexOp::create(nested, nestedLoc, dim));
        return element(nested, nestedLoc, indices);
      });
}

/// A pattern for statically shaped ops only: `rewriteStatic` sees an op of
/// static shapes and, unless `RewritesEmptyResult`, a result with elements
/// (a result without any becomes a tensor.empty and needs no computation).
template <typename OpTy, bool RewritesEmptyResult = false>
struct StaticShapePattern : mlir::OpRewritePattern<OpTy> {
  using mlir::OpRewritePattern<OpTy>::OpRewritePattern;

  virtual mlir::LogicalResult
  rewriteStatic(OpTy op, mlir::PatternRewriter &rewriter) const = 0;

  mlir::LogicalResult
  matchAndRewrite(OpTy op, mlir::PatternRewriter &rewriter) const final {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shape");
    auto resultType =
        mlir::cast<mlir::RankedTensorType>(op->getResult(0).getType());
    if (!RewritesEmptyResult && resultType.getNumElements() == 0) {
      rewriter.replaceOp(op, emptyTensor(rewriter, op.getLoc(), resultType));
      return mlir::success();
    }
    return rewriteStatic(op, rewriter);
  }
};

/// Rounds a tensor computed in f32 to the op's f16/bf16 element type (one
/// rounding, as the evaluator does); a tensor already of `elementType` is
/// returned as is.
inline mlir::Value roundTo(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value tensor, mlir::Type elementType) {
  auto type = mlir::cast<mlir::RankedTensorType>(tensor.getType());
  if (type.getElementType() == elementType)
    return tensor;
  mlir::AffineMap identity = b.getMultiDimIdentityMap(type.getRank());
  llvm::SmallVector<mlir::utils::IteratorType> iterators(
      type.getRank(), mlir::utils::IteratorType::parallel);
  auto resultType = mlir::RankedTensorType::get(type.getShape(), elementType);
  return mlir::linalg::GenericOp::create(
             b, loc, resultType, mlir::ValueRange{tensor},
             mlir::ValueRange{
                 emptyTensor(b, loc, type.getShape(), elementType)},
             llvm::ArrayRef<mlir::AffineMap>{identity, identity}, iterators,
             [&](mlir::OpBuilder &nb, mlir::Location nl,
                 mlir::ValueRange args) {
               mlir::Value rounded =
                   mlir::arith::TruncFOp::create(nb, nl, elementType, args[0]);
               mlir::linalg::YieldOp::create(nb, nl, rounded);
             })
      .getResult(0);
}

inline mlir::Value scalarConstant(mlir::OpBuilder &b, mlir::Location loc,
                                  mlir::Type type, double value) {
  if (mlir::isa<mlir::FloatType>(type))
    return mlir::arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
  return mlir::arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

/// -inf or the smallest integer of `type` when `lowest`, else +inf or the
/// largest integer: the identities of max and min.
inline mlir::Value extremeConstant(mlir::OpBuilder &b, mlir::Location loc,
                                   mlir::Type type, bool lowest) {
  if (auto floatType = mlir::dyn_cast<mlir::FloatType>(type))
    return mlir::arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(type,
                       llvm::APFloat::getInf(floatType.getFloatSemantics(),
                                             /*Negative=*/lowest)));
  unsigned width = type.getIntOrFloatBitWidth();
  if (type.isUnsignedInteger())
    return mlir::arith::ConstantOp::create(
        b, loc,
        b.getIntegerAttr(type, lowest ? llvm::APInt::getZero(width)
                                      : llvm::APInt::getMaxValue(width)));
  return mlir::arith::ConstantOp::create(
      b, loc,
      b.getIntegerAttr(type, lowest ? llvm::APInt::getSignedMinValue(width)
                                    : llvm::APInt::getSignedMaxValue(width)));
}

/// `FloatOp` on float operands, `IntOp` on integer ones.
template <typename FloatOp, typename IntOp>
mlir::Value floatOrInt(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::ValueRange args) {
  if (mlir::isa<mlir::FloatType>(args[0].getType()))
    return FloatOp::create(b, loc, args);
  return IntOp::create(b, loc, args);
}

/// `FloatOp` on floats, `UnsignedOp` on ui8..ui64 and `SignedOp` on the
/// signless integers. The lowering builds linalg bodies on the dialect's
/// unsigned element types, so the scalar's type still tells its signedness;
/// makeIntegersSignless then rewrites every type to signless.
template <typename FloatOp, typename SignedOp, typename UnsignedOp>
mlir::Value floatOrInt(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::ValueRange args) {
  if (mlir::isa<mlir::FloatType>(args[0].getType()))
    return FloatOp::create(b, loc, args);
  if (args[0].getType().isUnsignedInteger())
    return UnsignedOp::create(b, loc, args);
  return SignedOp::create(b, loc, args);
}

/// The unsigned form of a signed integer predicate (slt -> ult, ...).
inline mlir::arith::CmpIPredicate
unsignedPredicate(mlir::arith::CmpIPredicate predicate) {
  using P = mlir::arith::CmpIPredicate;
  switch (predicate) {
  case P::slt: return P::ult;
  case P::sle: return P::ule;
  case P::sgt: return P::ugt;
  case P::sge: return P::uge;
  default: return predicate;
  }
}

/// Rewrites every unsigned integer type under `root` (values, block
/// arguments, function types, constants' attributes) to the signless type of
/// the same width. Run once the loom ops are lowered: arith and the LLVM
/// lowering take signless integers only, and every op that depends on the
/// signedness has by then been built as its unsigned arith form.
void makeIntegersSignless(mlir::Operation *root);

/// The indexing map reading an operand of `operandType` inside a loop nest
/// over `resultShape`: NumPy broadcasting aligns trailing dimensions, and an
/// operand dimension of size 1 against a larger one always reads index 0.
inline mlir::AffineMap broadcastMap(mlir::RankedTensorType operandType,
                                    llvm::ArrayRef<int64_t> resultShape,
                                    mlir::MLIRContext *context) {
  int64_t resultRank = resultShape.size();
  int64_t offset = resultRank - operandType.getRank();
  llvm::SmallVector<mlir::AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(operandType.getShape())) {
    int64_t dim = offset + static_cast<int64_t>(i);
    if (size == 1 && resultShape[dim] != 1)
      exprs.push_back(mlir::getAffineConstantExpr(0, context));
    else
      exprs.push_back(mlir::getAffineDimExpr(dim, context));
  }
  return mlir::AffineMap::get(resultRank, /*symbolCount=*/0, exprs, context);
}

/// A tensor of `shape` filled with `scalar` (an accumulator's initial value).
inline mlir::Value filledTensor(mlir::OpBuilder &b, mlir::Location loc,
                                llvm::ArrayRef<int64_t> shape,
                                mlir::Value scalar) {
  mlir::Value empty = emptyTensor(b, loc, shape, scalar.getType());
  return mlir::linalg::FillOp::create(b, loc, scalar, empty).result();
}

/// `shape` without dimension `axis`.
inline llvm::SmallVector<int64_t> dropAxis(llvm::ArrayRef<int64_t> shape,
                                           int64_t axis) {
  llvm::SmallVector<int64_t> result(shape);
  result.erase(result.begin() + axis);
  return result;
}

/// The map from a loop nest of `numDims` dimensions to the dimensions
/// `dims` of an operand, in order.
inline mlir::AffineMap projection(unsigned numDims,
                                  llvm::ArrayRef<int64_t> dims,
                                  mlir::MLIRContext *context) {
  llvm::SmallVector<mlir::AffineExpr> exprs;
  for (int64_t dim : dims)
    exprs.push_back(mlir::getAffineDimExpr(dim, context));
  return mlir::AffineMap::get(numDims, 0, exprs, context);
}

/// The map of a rank-`rank` operand read in a nest of `numDims` loops whose
/// first `rank` loops walk it, except that dimension `axis` is read with
/// `axisExpr`.
inline mlir::AffineMap replacingAxis(unsigned numDims, int64_t rank,
                                     int64_t axis, mlir::AffineExpr axisExpr,
                                     mlir::MLIRContext *context) {
  llvm::SmallVector<mlir::AffineExpr> exprs;
  for (int64_t dim = 0; dim < rank; ++dim)
    exprs.push_back(dim == axis ? axisExpr
                                : mlir::getAffineDimExpr(dim, context));
  return mlir::AffineMap::get(numDims, 0, exprs, context);
}

/// Reassociation that expands a tensor reduced over `axis` back to rank
/// `rank` with a unit dimension there (keepdims).
inline llvm::SmallVector<mlir::ReassociationIndices>
unitAxisReassociation(int64_t rank, int64_t axis) {
  llvm::SmallVector<mlir::ReassociationIndices> groups;
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (dim == axis && !groups.empty()) {
      groups.back().push_back(dim);
      continue;
    }
    if (dim == axis + 1 && axis == 0) {
      groups.push_back({0, dim});
      continue;
    }
    if (dim != axis)
      groups.push_back({dim});
  }
  return groups;
}

/// A linalg.index value as i64, for index outputs (arg reductions, top-k).
inline mlir::Value indexToI64(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value index) {
  return mlir::arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
}

} // namespace loom

#endif // LOOM_PASSES_LINALGLOWERINGUTILS_H
