//===- Evaluator.h - The reference evaluator of the loom dialect --*- C++ -*-===//
//
// Part of the Loom project.
//
// A plain C++ interpreter of `loom` functions on host tensors: the numerical
// oracle every backend is compared with, and the engine behind constant
// folding. It generates no code and shares nothing with code generation.
//
// Numeric contract (docs/evaluator.md has the long form):
//  - Integers are exact two's-complement with wrap-around.
//  - f32 and f64 ops compute in their own type. f16 and bf16 ops widen their
//    operands to f32, compute in f32 and round each result once to the
//    element type (round to nearest even).
//  - Reductions, matmul and convolution accumulate in row-major order of the
//    reduced indices, starting from the identity.
//  - Precision::F64 keeps every floating-point value in f64 from the inputs
//    to the results, which are rounded once to their declared type; casts
//    between float types still round to the target's precision.
//  - Precision::Bf16Matmul is the numeric contract of the systolic chip's
//    matrix units (docs/systolic.md): the f32 contractions round each
//    operand element to bf16 and accumulate in f32; every other op is
//    computed exactly as under Native.
//  - The evaluator is compiled with -ffp-contract=off: no product and sum
//    is ever fused, so a backend can reproduce each formula operation by
//    operation.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_EVALUATOR_EVALUATOR_H
#define LOOM_EVALUATOR_EVALUATOR_H

#include "runtime/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"

#include <optional>
#include <vector>

namespace loom::eval {

enum class Precision {
  /// Each op computes in its element type (f32 for f16/bf16).
  Native,
  /// Floating-point values are held and computed in f64 throughout.
  F64,
  /// As Native, except that loom.matmul, loom.conv and loom.conv_transpose
  /// on f32 (and on f16/bf16, computed in f32) round each operand element
  /// to bf16 (round to nearest even), multiply in f32 (exactly: a product
  /// of two bf16 values fits an f32) and accumulate the products in f32
  /// from +0.0f. matmul sums k = 0..K-1; conv sums over the window in
  /// row-major order (kh, then kw) and, innermost, the input channels of
  /// the group, reading 0 in the padding; conv_transpose keeps Native's
  /// scatter order. Integer and f64 contractions are Native's.
  Bf16Matmul,
};

struct Options {
  Precision precision = Precision::Native;
};

/// Runs `function` on `inputs`, which must match its argument types exactly
/// (static shapes). Errors (a mismatched input, an op without a kernel, an
/// out-of-range index, integer division by zero) are emitted as diagnostics
/// at the offending argument or op, and the result is failure.
mlir::FailureOr<std::vector<Tensor>>
evaluateFunction(mlir::func::FuncOp function, llvm::ArrayRef<Tensor> inputs,
                 const Options &options = {});

/// The model outputs among `results`, the results of `function`: each
/// data-shaped result (#loom.data_shape) cut to the shape its dims result
/// holds, and the dims results left out (docs/dynamic-shapes.md). The
/// results of a function without data shapes are returned as they are.
mlir::FailureOr<std::vector<Tensor>>
modelOutputs(mlir::func::FuncOp function, std::vector<Tensor> results);

/// Evaluates a single `loom` op on operand tensors. With `emitErrors` unset
/// a failure is silent, which is what constant folding wants.
mlir::FailureOr<std::vector<Tensor>>
evaluateOp(mlir::Operation *op, llvm::ArrayRef<Tensor> operands,
           const Options &options = {}, bool emitErrors = true);

/// About how many scalar operations evaluating `op` takes (saturating at
/// INT64_MAX): result elements times the reduction extent for matmul,
/// convolutions and pools, operand plus result elements otherwise. Constant
/// folding compares it with its budget so that folding cannot stall a
/// compile. Needs static shapes; returns INT64_MAX otherwise.
int64_t evaluationCost(mlir::Operation *op);

/// True when the evaluator has a kernel for `op`.
bool hasKernel(mlir::Operation *op);

/// The dtype of an MLIR element type; nullopt when Loom has none for it.
std::optional<DType> dtypeOf(mlir::Type elementType);

/// The MLIR element type of a dtype.
mlir::Type elementTypeOf(mlir::MLIRContext *context, DType type);

/// The tensor an elements attribute holds (dense literals, splats and
/// `dense_resource` blobs); failure for an unsupported element type.
mlir::FailureOr<Tensor> tensorFromAttr(mlir::ElementsAttr attr);

/// An elements attribute of `tensor` (whose dtype must match the type's).
mlir::DenseElementsAttr attrFromTensor(const Tensor &tensor,
                                       mlir::RankedTensorType type);

} // namespace loom::eval

#endif // LOOM_EVALUATOR_EVALUATOR_H
