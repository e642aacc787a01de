//===- LinalgLoweringUtils.h - Shared loom-to-linalg helpers --*- C++ -*-===//
//
// Part of the Loom project.
//
// Small builders and predicates that every LowerToLinalg*.cpp file needs:
// static-shape checks, the f16/bf16 compute-type rule of the evaluator
// (compute in f32, round once), scalar constants and the NumPy broadcasting
// indexing map.
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

} // namespace loom

#endif // LOOM_PASSES_LINALGLOWERINGUTILS_H
