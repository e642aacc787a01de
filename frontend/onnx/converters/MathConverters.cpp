//===- MathConverters.cpp - ONNX trigonometry, activations, windows, LRN -----===//
//
// Part of the Loom project.
//
// Unary math with a loom op of its own, and the ONNX activations, tests and
// signal windows that decompose into elementwise loom ops.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/TensorProto.h"

#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace loom::onnx_import {
namespace {

template <typename OpT> LogicalResult convertUnary(NodeContext &node) {
  return node.setResults({node.create<OpT>(node.input(0))});
}

/// IsNaN: NaN is the only value unequal to itself.
LogicalResult convertIsNaN(NodeContext &node) {
  Value x = node.input(0);
  return node.setResults({node.create<CompareOp>(ComparePredicate::ne, x, x)});
}

/// IsInf with detect_positive / detect_negative.
LogicalResult convertIsInf(NodeContext &node) {
  Value x = node.input(0);
  Type type = elementTypeOf(x);
  bool positive = node.intAttr("detect_positive", 1) != 0;
  bool negative = node.intAttr("detect_negative", 1) != 0;
  double infinity = std::numeric_limits<double>::infinity();
  Value isPositive =
      node.create<CompareOp>(ComparePredicate::eq, x, node.scalar(type, infinity));
  Value isNegative =
      node.create<CompareOp>(ComparePredicate::eq, x, node.scalar(type, -infinity));
  if (positive && negative)
    return node.setResults({node.create<OrOp>(isPositive, isNegative)});
  if (positive)
    return node.setResults({isPositive});
  if (negative)
    return node.setResults({isNegative});
  // Neither: all false, which x < -inf is.
  return node.setResults({node.create<CompareOp>(
      ComparePredicate::lt, x, node.scalar(type, -infinity))});
}

/// Celu: max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).
LogicalResult convertCelu(NodeContext &node) {
  Value x = node.input(0);
  Type type = elementTypeOf(x);
  double alpha = node.floatAttr("alpha", 1.0f);
  if (alpha == 0)
    return node.fail("alpha must not be 0");
  Value zero = node.scalar(type, 0);
  Value scaled = node.create<DivOp>(x, node.scalar(type, alpha));
  Value expm1 = node.create<SubOp>(node.create<ExpOp>(scaled), node.scalar(type, 1));
  Value negativePart =
      node.create<MinOp>(zero, node.create<MulOp>(expm1, node.scalar(type, alpha)));
  return node.setResults(
      {node.create<AddOp>(node.create<MaxOp>(zero, x), negativePart)});
}

/// ThresholdedRelu: x where x > alpha, else 0.
LogicalResult convertThresholdedRelu(NodeContext &node) {
  Value x = node.input(0);
  Type type = elementTypeOf(x);
  Value above = node.create<CompareOp>(
      ComparePredicate::gt, x, node.scalar(type, node.floatAttr("alpha", 1.0f)));
  return node.setResults({node.create<SelectOp>(above, x, node.scalar(type, 0))});
}

/// Shrink: x + bias below -lambd, x - bias above lambd, 0 between.
LogicalResult convertShrink(NodeContext &node) {
  Value x = node.input(0);
  Type type = elementTypeOf(x);
  double lambd = node.floatAttr("lambd", 0.5f), bias = node.floatAttr("bias", 0);
  Value below = node.create<CompareOp>(ComparePredicate::lt, x, node.scalar(type, -lambd));
  Value above = node.create<CompareOp>(ComparePredicate::gt, x, node.scalar(type, lambd));
  Value zero = node.scalar(type, 0);
  Value upper = node.create<SelectOp>(
      above, node.create<SubOp>(x, node.scalar(type, bias)), zero);
  return node.setResults({node.create<SelectOp>(
      below, node.create<AddOp>(x, node.scalar(type, bias)), upper)});
}

/// Mish: x * tanh(log(1 + exp(x))).
LogicalResult convertMish(NodeContext &node) {
  Value x = node.input(0);
  Value softplus = node.create<LogOp>(
      node.create<AddOp>(node.create<ExpOp>(x), node.scalar(elementTypeOf(x), 1)));
  return node.setResults({node.create<MulOp>(x, node.create<TanhOp>(softplus))});
}

/// MeanVarianceNormalization: (x - mean) / sqrt(var + 1e-9) over `axes`.
LogicalResult convertMeanVarianceNormalization(NodeContext &node) {
  Value x = node.input(0);
  RankedTensorType type = node.inputType(0);
  std::vector<int64_t> axes = node.intsAttr("axes", {0, 2, 3});
  SmallVector<int64_t> normalized;
  for (int64_t axis : axes) {
    if (axis < -type.getRank() || axis >= type.getRank())
      return node.fail("axis " + Twine(axis) + " is out of range for rank " +
                       Twine(type.getRank()));
    normalized.push_back(axis < 0 ? axis + type.getRank() : axis);
  }
  llvm::sort(normalized);
  Value mean = node.create<ReduceMeanOp>(x, normalized, /*keepdims=*/true);
  Value centered = node.create<SubOp>(x, mean);
  Value variance = node.create<ReduceMeanOp>(
      node.create<MulOp>(centered, centered), normalized, /*keepdims=*/true);
  Value deviation = node.create<SqrtOp>(
      node.create<AddOp>(variance, node.scalar(type.getElementType(), 1e-9)));
  return node.setResults({node.create<DivOp>(centered, deviation)});
}

/// LRN: x / (bias + alpha / size * sum of squares over a window of `size`
/// channels)^beta. The channel window sum is an average pool over the
/// channel axis of x^2 viewed as [N, 1, C, rest], times `size`.
LogicalResult convertLRN(NodeContext &node) {
  Value x = node.input(0);
  RankedTensorType type = node.inputType(0);
  if (type.getRank() < 3)
    return node.fail("input must have rank 3 or more, got " + Twine(type.getRank()));
  int64_t size = node.intAttr("size", 0);
  if (size < 1)
    return node.fail("size must be at least 1, got " + Twine(size));
  double alpha = node.floatAttr("alpha", 1e-4f), beta = node.floatAttr("beta", 0.75f),
         bias = node.floatAttr("bias", 1.0f);
  int64_t rest = 1;
  for (int64_t dim : type.getShape().drop_front(2))
    rest *= dim;
  Type element = type.getElementType();
  auto viewType = RankedTensorType::get(
      {type.getDimSize(0), 1, type.getDimSize(1), rest}, element);
  Value squares = node.createTyped<ReshapeOp>(viewType, node.create<MulOp>(x, x));
  int64_t low = (size - 1) / 2, high = size - 1 - low;
  Value windowMean = node.create<AvgPoolOp>(
      squares, ArrayRef<int64_t>{size, 1}, ArrayRef<int64_t>{1, 1},
      ArrayRef<int64_t>{low, 0}, ArrayRef<int64_t>{high, 0},
      /*count_include_pad=*/true);
  Value sums = node.createTyped<ReshapeOp>(
      type, node.create<MulOp>(windowMean, node.scalar(element, size)));
  Value base = node.create<AddOp>(
      node.create<MulOp>(sums, node.scalar(element, alpha / size)),
      node.scalar(element, bias));
  Value denominator = node.create<PowOp>(base, node.scalar(element, beta));
  return node.setResults({node.create<DivOp>(x, denominator)});
}

/// Hann, Hamming and Blackman windows of a constant length.
template <int kind> LogicalResult convertWindow(NodeContext &node) {
  std::optional<std::vector<int64_t>> size = node.intsInput(0, "size");
  if (!size)
    return failure();
  if (size->size() != 1 || (*size)[0] < 0)
    return node.fail("size must be one non-negative integer");
  int64_t length = (*size)[0];
  bool periodic = node.intAttr("periodic", 1) != 0;
  int64_t dataType = node.intAttr("output_datatype", 1);
  std::optional<DType> dtype = dtypeFromOnnx(static_cast<int>(dataType));
  if (!dtype || *dtype == DType::I1)
    return node.fail("output_datatype " + onnxTypeName(static_cast<int>(dataType)) +
                     " is not supported");
  if (length > node.maxConstantElements())
    return node.fail("window length " + Twine(length) + " is larger than " +
                     Twine(node.maxConstantElements()) +
                     " elements, the most Loom builds at compile time");
  Tensor window(*dtype, {length});
  double n = periodic ? static_cast<double>(length) : static_cast<double>(length - 1);
  for (int64_t i = 0; i < length; ++i) {
    double phase = 2 * M_PI * i / n;
    double value;
    if (kind == 0) // Hann
      value = 0.5 - 0.5 * std::cos(phase);
    else if (kind == 1) // Hamming
      value = 25.0 / 46 - 21.0 / 46 * std::cos(phase);
    else // Blackman
      value = 0.42 - 0.5 * std::cos(phase) + 0.08 * std::cos(2 * phase);
    window.setDouble(i, value);
  }
  return node.setResults({node.constant(window)});
}

} // namespace

void registerMathConverters(ConverterRegistry &registry) {
  registry.add("Tan", convertUnary<TanOp>);
  registry.add("Asin", convertUnary<AsinOp>);
  registry.add("Acos", convertUnary<AcosOp>);
  registry.add("Atan", convertUnary<AtanOp>);
  registry.add("Sinh", convertUnary<SinhOp>);
  registry.add("Cosh", convertUnary<CoshOp>);
  registry.add("Asinh", convertUnary<AsinhOp>);
  registry.add("Acosh", convertUnary<AcoshOp>);
  registry.add("Atanh", convertUnary<AtanhOp>);
  registry.add("IsNaN", convertIsNaN);
  registry.add("IsInf", convertIsInf);
  registry.add("Celu", convertCelu);
  registry.add("ThresholdedRelu", convertThresholdedRelu);
  registry.add("Shrink", convertShrink);
  registry.add("Mish", convertMish);
  registry.add("MeanVarianceNormalization", convertMeanVarianceNormalization);
  registry.add("LRN", convertLRN);
  registry.add("HannWindow", convertWindow<0>);
  registry.add("HammingWindow", convertWindow<1>);
  registry.add("BlackmanWindow", convertWindow<2>);
}

} // namespace loom::onnx_import
