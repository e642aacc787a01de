//===- AutodiffRules.h - Vector-Jacobian rules of loom ops -------*- C++ -*-===//
//
// Part of the Loom project.
//
// The vector-Jacobian product (VJP) of each differentiable `loom` op, built
// from other `loom` ops, for `loom-autodiff` (Autodiff.cpp). The rules live
// in AutodiffRules.cpp (elementwise, reductions, data movement) and
// AutodiffRulesNN.cpp (matmul, convolution, pooling, softmax, normalization,
// gathers); docs/training.md lists them.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_PASSES_AUTODIFFRULES_H
#define LOOM_PASSES_AUTODIFFRULES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <string>

namespace loom::autodiff {

/// The inputs and outputs of one rule.
struct VjpRequest {
  mlir::Operation *op;
  /// The adjoint of each result of `op` (null: that result has none).
  llvm::ArrayRef<mlir::Value> resultGrads;
  /// Which operands need an adjoint (the others may be skipped: a constant
  /// exponent of `pow` must not ask for log of a negative base).
  llvm::ArrayRef<bool> needed;
};

/// Builds, at the builder's insertion point, the adjoint of every needed
/// operand of `request.op`, each of the operand's exact type, into
/// `operandGrads` (one entry per operand; null where none flows: a
/// piecewise-constant op, an integer operand). Returns failure and sets
/// `whyNot` (e.g. "no gradient rule for 'loom.topk'") when the op, or its
/// attribute variant, has no rule.
mlir::LogicalResult buildVjp(mlir::OpBuilder &builder, const VjpRequest &request,
                             llvm::SmallVectorImpl<mlir::Value> &operandGrads,
                             std::string &whyNot);

/// The reverse sweep: walks `ops` (in program order) backwards and, for
/// each op with an adjoint on a result in `adjoint` and an operand in
/// `active`, builds its VJP at the builder's insertion point and adds each
/// operand's adjoint into `adjoint` (a second contribution is summed with
/// `loom.add`). On an op without a rule returns failure with `failedOp` and
/// `whyNot` set, for the caller to report where its user will see it.
mlir::LogicalResult
propagateAdjoints(mlir::OpBuilder &builder,
                  llvm::ArrayRef<mlir::Operation *> ops,
                  const llvm::DenseSet<mlir::Value> &active,
                  llvm::DenseMap<mlir::Value, mlir::Value> &adjoint,
                  mlir::Operation *&failedOp, std::string &whyNot);

/// Adds `grad` to `value`'s adjoint in `adjoint` (the first contribution is
/// taken as it is; later ones are summed with `loom.add`).
void accumulateAdjoint(mlir::OpBuilder &builder,
                       llvm::DenseMap<mlir::Value, mlir::Value> &adjoint,
                       mlir::Value value, mlir::Value grad);

/// The helpers rules share: small builders of loom ops at one location.
class Emitter {
public:
  Emitter(mlir::OpBuilder &builder, mlir::Location loc)
      : b(builder), loc(loc) {}

  /// A rank-0 constant of `like`'s element type.
  mlir::Value scalar(mlir::Value like, double value);
  /// A constant of `type` filled with `value`.
  mlir::Value splat(mlir::RankedTensorType type, double value);
  mlir::Value add(mlir::Value x, mlir::Value y);
  mlir::Value sub(mlir::Value x, mlir::Value y);
  mlir::Value mul(mlir::Value x, mlir::Value y);
  mlir::Value div(mlir::Value x, mlir::Value y);
  mlir::Value neg(mlir::Value x);
  /// `x (pred) y` as 0/1 in `like`'s element type, broadcast.
  mlir::Value mask(int predicate, mlir::Value x, mlir::Value y,
                   mlir::Value like);
  mlir::Value reshape(mlir::Value x, llvm::ArrayRef<int64_t> shape);
  mlir::Value transpose(mlir::Value x, llvm::ArrayRef<int64_t> permutation);
  mlir::Value reduceSum(mlir::Value x, llvm::ArrayRef<int64_t> axes,
                        bool keepdims);
  mlir::Value reduceMean(mlir::Value x, llvm::ArrayRef<int64_t> axes,
                         bool keepdims);
  mlir::Value broadcastTo(mlir::Value x, mlir::RankedTensorType type);
  mlir::Value slice(mlir::Value x, llvm::ArrayRef<int64_t> offsets,
                    llvm::ArrayRef<int64_t> steps,
                    llvm::ArrayRef<int64_t> shape);
  /// Sums `grad` (of a broadcast result's shape) back to `type`, the shape
  /// of an operand that NumPy broadcasting repeated.
  mlir::Value sumTo(mlir::Value grad, mlir::RankedTensorType type);
  /// The adjoint of `slice(x, offsets, steps)` for an `x` of `type`: `grad`
  /// written at the positions the slice read, zero elsewhere.
  mlir::Value sliceAdjoint(mlir::Value grad, llvm::ArrayRef<int64_t> offsets,
                           llvm::ArrayRef<int64_t> steps,
                           mlir::RankedTensorType type);

  mlir::OpBuilder &b;
  mlir::Location loc;
};

/// The rules of AutodiffRulesNN.cpp; nullopt when `op` is none of its ops.
std::optional<mlir::LogicalResult>
buildNNVjp(Emitter &e, const VjpRequest &request,
           llvm::SmallVectorImpl<mlir::Value> &operandGrads,
           std::string &whyNot);

} // namespace loom::autodiff

#endif // LOOM_PASSES_AUTODIFFRULES_H
