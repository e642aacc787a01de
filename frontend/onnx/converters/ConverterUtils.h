//===- ConverterUtils.h - Helpers shared by the ONNX converters --*- C++ -*-===//
//
// Part of the Loom project.
//
// Small building blocks the NN, contraction and normalization converters
// share: shape arithmetic, input checks, and reshapes and casts that are
// skipped when they would change nothing.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_FRONTEND_ONNX_CONVERTERS_CONVERTERUTILS_H
#define LOOM_FRONTEND_ONNX_CONVERTERS_CONVERTERUTILS_H

#include "frontend/onnx/NodeContext.h"
#include "ir/LoomDialect.h"

#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace loom::onnx_import {

inline mlir::RankedTensorType typeOf(mlir::Value value) {
  return mlir::cast<mlir::RankedTensorType>(value.getType());
}

/// "[1, 2, 3]", for messages.
std::string formatInts(llvm::ArrayRef<int64_t> values);

/// A number for messages: as short as it is exact enough to recognize.
std::string formatNumber(double value);

/// The product of `values` (1 when empty).
int64_t product(llvm::ArrayRef<int64_t> values);

/// Fails unless every input named in `names` (by position) is present.
mlir::LogicalResult requireInputs(NodeContext &node,
                                  llvm::ArrayRef<llvm::StringRef> names);

/// Fails unless `value` (named `what` in the message) has a static shape.
mlir::LogicalResult requireStatic(NodeContext &node, mlir::Value value,
                                  llvm::StringRef what);

/// `value` reshaped to `shape`, or `value` itself when it has that shape.
mlir::Value reshapeTo(NodeContext &node, mlir::Value value,
                      llvm::ArrayRef<int64_t> shape);

/// `value` converted to the element type `type` when it has another.
mlir::Value castTo(NodeContext &node, mlir::Value value, mlir::Type type);

/// The node output of a data-shaped op's result (docs/dynamic-shapes.md):
/// `values` (flat at `bounds`, one bound per dimension) with its shape in
/// `dims`. When both folded, an ordinary constant of the actual shape;
/// otherwise a data-shaped value, which only a graph output may be.
OnnxValue dataShapedResult(NodeContext &node, mlir::Value values,
                           mlir::Value dims, llvm::ArrayRef<int64_t> bounds);

/// A parameter with one value per channel, e.g. a bias `[C]`, as
/// `[1, C, 1, ...]` of `rank` so that it broadcasts along dimension 1.
mlir::Value perChannel(NodeContext &node, mlir::Value value, int64_t channels,
                       int64_t rank, llvm::StringRef what);

/// The operands of a matmul with NumPy semantics as matrices: a 1-D operand
/// made a row on the left or a column on the right, whose added dimension
/// dropVectorDims removes from the product again.
struct MatmulOperands {
  mlir::Value lhs, rhs;
  bool lhsVector, rhsVector;
  mlir::Value dropVectorDims(NodeContext &node, mlir::Value product) const;
};
/// Nullopt (with the failure recorded) for a rank-0 operand.
std::optional<MatmulOperands> matmulOperands(NodeContext &node,
                                             mlir::Value lhs, mlir::Value rhs);

/// MatMul with NumPy semantics (matmulOperands around a loom.matmul). Null
/// (with the failure recorded) when the operands do not fit.
mlir::Value buildMatmul(NodeContext &node, mlir::Value lhs, mlir::Value rhs);

/// Conv's attributes (auto_pad, dilations, group, kernel_shape, pads,
/// strides) resolved for `input` `[N, C, D1, ...]` and `filter` `[O,
/// C/group, K1, ...]`, as loom.conv takes them; nullopt (with the failure
/// recorded) when they do not fit.
struct ConvAttributes {
  llvm::SmallVector<int64_t> strides, dilations, padLow, padHigh;
  int64_t groups;
};
std::optional<ConvAttributes> readConvAttributes(NodeContext &node,
                                                mlir::Value input,
                                                mlir::Value filter);

/// loom.conv of `input` `[N, C, D1, ...]` and `filter` `[O, C/group, K1,
/// ...]` with the node's Conv attributes (auto_pad, dilations, group,
/// kernel_shape, pads, strides) resolved; no bias. Null (with the failure
/// recorded) when they do not fit.
mlir::Value buildConv(NodeContext &node, mlir::Value input,
                      mlir::Value filter);

/// The ops whose `axes` input may be given at run time
/// (ir/LoomDataShapedAxesOps.td).
enum class RuntimeAxesOp { Unsqueeze, Squeeze, ReduceSum };

/// `node` (an Unsqueeze, Squeeze or ReduceSum of opset 13 on) whose `axes`
/// input is not a compile-time constant, as a data-shaped result
/// (DataShapedConverters.cpp).
mlir::LogicalResult convertRuntimeAxes(NodeContext &node, RuntimeAxesOp kind);

/// `node` (a Pad of opset 11 on, of mode `mode`) whose `pads` input is not
/// a compile-time constant, as a data-shaped result bounded by --max-dim
/// (DataShapedConverters.cpp).
mlir::LogicalResult convertRuntimePad(NodeContext &node, loom::PadMode mode);

} // namespace loom::onnx_import

#endif // LOOM_FRONTEND_ONNX_CONVERTERS_CONVERTERUTILS_H
