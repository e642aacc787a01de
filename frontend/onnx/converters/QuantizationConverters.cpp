//===- QuantizationConverters.cpp - ONNX linear quantization --------------===//
//
// Part of the Loom project.
//
// QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear, MatMulInteger,
// ConvInteger, QLinearMatMul and QLinearConv as compositions of loom ops;
// the integer contractions are the only ops specific to them. The rules, as ONNX Runtime computes
// them:
//   quantize:   y = saturate(round_half_even(x / scale) + zero_point)
//   dequantize: y = float(int32(x) - int32(zero_point)) * scale
//   integer contraction: int32(a) - a_zero_point and int32(b) -
//     b_zero_point multiplied and summed in i32 (exact unless the sum
//     leaves the i32 range, where it wraps as ONNX's int32 accumulator)
//   requantize: y = saturate(round_half_even(float(acc) * m) + y_zero_point)
//     with m = (a_scale * b_scale) / y_scale in f32.
// The saturation is loom.cast's: float to integer saturates at the type's
// range (NaN gives 0). Scales and zero points may be graph inputs: they
// are read at run time, only their shapes must be static. The integer
// products are loom.matmul_integer and loom.conv_integer of the 8-bit
// values themselves, with the zero points taken out by i32 corrections
// (integerMatmul, integerConv).
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/converters/ConverterUtils.h"

#include "ir/LoomOps.h"

#include <algorithm>
#include <numeric>

using namespace mlir;

namespace loom::onnx_import {
namespace {

/// The element types a quantized tensor and its zero point may have up
/// to opset 17: int8 (signless i8) and uint8.
bool isQuantizedType(Type type) {
  auto integer = dyn_cast<IntegerType>(type);
  return integer && !integer.isSigned() && integer.getWidth() == 8;
}

std::string typeName(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

/// Fails unless input `index` (named `what`) has a quantized element type.
LogicalResult requireQuantized(NodeContext &node, size_t index,
                               StringRef what) {
  Type type = elementTypeOf(node.input(index));
  if (!isQuantizedType(type))
    return node.fail(what + " has element type " + typeName(type) +
                     " but must be uint8 or int8");
  return success();
}

/// Fails unless the zero point at `zeroIndex` (when given) has the element
/// type of the quantized tensor at `index`.
LogicalResult requireSameType(NodeContext &node, size_t index,
                              size_t zeroIndex, StringRef what) {
  if (!node.hasInput(zeroIndex))
    return success();
  Type type = elementTypeOf(node.input(index));
  Type zeroType = elementTypeOf(node.input(zeroIndex));
  if (type != zeroType)
    return node.fail(what + " has element type " + typeName(zeroType) +
                     " but its tensor has " + typeName(type));
  return success();
}

/// A scale or zero point laid out to broadcast against a tensor of type
/// `type` along dimension `axis` (negative counts from the end): a single
/// value (rank 0 or one element) becomes rank 0, a 1-D tensor of n values
/// becomes `type`'s rank with n at `axis` and 1 elsewhere; n must be that
/// dimension's size. Without an axis only a single value is allowed.
Value alignParam(NodeContext &node, Value param, RankedTensorType type,
                 std::optional<int64_t> axis, StringRef what) {
  if (!param || failed(requireStatic(node, param, what)))
    return {};
  RankedTensorType paramType = typeOf(param);
  int64_t count = paramType.getNumElements();
  if (count == 1)
    return reshapeTo(node, param, {});
  if (paramType.getRank() != 1) {
    (void)node.fail(what + " has shape " + formatInts(paramType.getShape()) +
                    " but must be a scalar or 1-D");
    return {};
  }
  if (!axis) {
    (void)node.fail(what + " has " + Twine(count) +
                    " values but must be a single value");
    return {};
  }
  std::optional<int64_t> dim = node.normalizeAxis(*axis, type.getRank());
  if (!dim)
    return {};
  int64_t size = type.getDimSize(*dim);
  if (!ShapedType::isDynamic(size) && size != count) {
    (void)node.fail(what + " has " + Twine(count) +
                    " values but dimension " + Twine(*dim) + " has size " +
                    Twine(size));
    return {};
  }
  SmallVector<int64_t> shape(type.getRank(), 1);
  shape[*dim] = count;
  return reshapeTo(node, param, shape);
}

/// `x - zero_point` in i32 (`x` alone without a zero point).
Value widenAndCenter(NodeContext &node, Value x, Value zeroPoint) {
  Type i32 = node.builder().getI32Type();
  Value wide = castTo(node, x, i32);
  if (!zeroPoint)
    return wide;
  return node.create<SubOp>(wide, castTo(node, zeroPoint, i32));
}

/// saturate(round(x / scale) + zero_point) in the zero point's type;
/// `x` and `scale` have one float type.
Value quantize(NodeContext &node, Value x, Value scale, Value zeroPoint) {
  if (!x || !scale || !zeroPoint)
    return {};
  Type floatType = elementTypeOf(scale);
  Value rounded = node.create<RoundOp>(node.create<DivOp>(x, scale));
  Value shifted =
      node.create<AddOp>(rounded, castTo(node, zeroPoint, floatType));
  return castTo(node, shifted, elementTypeOf(zeroPoint));
}

/// saturate(round(float(acc) * multiplier) + zero_point): an i32
/// accumulator back to the zero point's type.
Value requantize(NodeContext &node, Value acc, Value multiplier,
                 Value zeroPoint) {
  if (!acc || !multiplier)
    return {};
  Value scaled = node.create<MulOp>(
      castTo(node, acc, elementTypeOf(multiplier)), multiplier);
  Value rounded = node.create<RoundOp>(scaled);
  Value shifted = node.create<AddOp>(
      rounded, castTo(node, zeroPoint, elementTypeOf(multiplier)));
  return castTo(node, shifted, elementTypeOf(zeroPoint));
}

/// The axis a scale or zero point of QuantizeLinear/DequantizeLinear runs
/// along: opset 13's `axis` (default 1), read only when they hold more
/// than one value; before opset 13 they hold one.
std::optional<int64_t> linearAxis(NodeContext &node) {
  if (node.opset() < 13)
    return std::nullopt;
  return node.intAttr("axis", 1);
}

/// The axis of a per-row a (the rows of `[..., M, K]`) or per-column b
/// (`[..., K, N]`) parameter; none for a 1-D operand.
std::optional<int64_t> matrixAxis(RankedTensorType type, int64_t fromEnd) {
  if (type.getRank() < 2)
    return std::nullopt;
  return type.getRank() - fromEnd;
}

/// QuantizeLinear (opsets 10, 13): per tensor, or per axis from opset 13.
LogicalResult convertQuantizeLinear(NodeContext &node) {
  if (failed(requireInputs(node, {"x", "y_scale"})))
    return failure();
  RankedTensorType xType = node.inputType(0);
  Type floatType = elementTypeOf(node.input(1));
  if (!isa<FloatType>(floatType))
    return node.fail("y_scale must be a float tensor");
  std::optional<int64_t> axis = linearAxis(node);
  // Without a zero point the result is uint8.
  Value zeroPoint = node.input(2);
  if (zeroPoint && failed(requireQuantized(node, 2, "y_zero_point")))
    return failure();
  if (!zeroPoint)
    zeroPoint = node.scalar(
        IntegerType::get(node.context(), 8, IntegerType::Unsigned), 0);
  Value scale = alignParam(node, node.input(1), xType, axis, "y_scale");
  zeroPoint = alignParam(node, zeroPoint, xType, axis, "y_zero_point");
  Value x = castTo(node, node.input(0), floatType);
  return node.setResults({quantize(node, x, scale, zeroPoint)});
}

/// DequantizeLinear (opsets 10, 13): x of int8, uint8 or int32 (whose
/// zero point is 0).
LogicalResult convertDequantizeLinear(NodeContext &node) {
  if (failed(requireInputs(node, {"x", "x_scale"})))
    return failure();
  RankedTensorType xType = node.inputType(0);
  if (!xType.getElementType().isSignlessInteger(32) &&
      failed(requireQuantized(node, 0, "x")))
    return failure();
  if (!isa<FloatType>(elementTypeOf(node.input(1))))
    return node.fail("x_scale must be a float tensor");
  if (failed(requireSameType(node, 0, 2, "x_zero_point")))
    return failure();
  std::optional<int64_t> axis = linearAxis(node);
  Value scale = alignParam(node, node.input(1), xType, axis, "x_scale");
  Value zeroPoint =
      node.hasInput(2)
          ? alignParam(node, node.input(2), xType, axis, "x_zero_point")
          : Value();
  Value centered = widenAndCenter(node, node.input(0), zeroPoint);
  if (!centered || !scale)
    return failure();
  return node.setResults({node.create<MulOp>(
      castTo(node, centered, elementTypeOf(scale)), scale)});
}

/// DynamicQuantizeLinear (opset 11): uint8 with the range of x widened to
/// include 0:
///   scale = (max(0, max(x)) - min(0, min(x))) / 255
///   zero_point = saturate(round((0 - min(0, min(x))) / scale))
///   y = saturate(round(x / scale) + zero_point)
LogicalResult convertDynamicQuantizeLinear(NodeContext &node) {
  if (failed(requireInputs(node, {"x"})))
    return failure();
  Value x = node.input(0);
  Type floatType = elementTypeOf(x);
  if (!floatType.isF32())
    return node.fail("x must be float32");
  SmallVector<int64_t> axes(typeOf(x).getRank());
  std::iota(axes.begin(), axes.end(), 0);
  Value zero = node.scalar(floatType, 0);
  Value low = node.create<MinOp>(
      node.create<ReduceMinOp>(x, axes, /*keepdims=*/false), zero);
  Value high = node.create<MaxOp>(
      node.create<ReduceMaxOp>(x, axes, /*keepdims=*/false), zero);
  Value scale = node.create<DivOp>(node.create<SubOp>(high, low),
                                   node.scalar(floatType, 255));
  Type u8 = IntegerType::get(node.context(), 8, IntegerType::Unsigned);
  Value zeroPoint = castTo(
      node,
      node.create<RoundOp>(
          node.create<DivOp>(node.create<SubOp>(zero, low), scale)),
      u8);
  return node.setResults({quantize(node, x, scale, zeroPoint), scale,
                          zeroPoint});
}

/// Whether node input `index` subtracts nothing: absent, or a constant
/// whose values are all 0.
bool isZeroOrAbsent(NodeContext &node, size_t index) {
  if (!node.hasInput(index))
    return true;
  std::optional<Tensor> zero = node.constantInput(index);
  if (!zero)
    return false;
  for (int64_t i = 0; i < zero->numElements(); ++i)
    if (zero->getInt(i) != 0)
      return false;
  return true;
}

/// Zero point input `index` laid out by alignParam against `type`, or null
/// when it subtracts nothing (isZeroOrAbsent) or does not fit (the failure
/// is then recorded).
Value zeroPoint(NodeContext &node, size_t index, RankedTensorType type,
                std::optional<int64_t> axis, StringRef what) {
  if (isZeroOrAbsent(node, index))
    return {};
  return alignParam(node, node.input(index), type, axis, what);
}

Value toI32(NodeContext &node, Value value) {
  return castTo(node, value, node.builder().getI32Type());
}

/// (a - a_zero_point) x (b - b_zero_point) with MatMul's NumPy rules, as an
/// i32 tensor: the product of the 8-bit a and b (loom.matmul_integer, which
/// the CPU computes with its int8 micro-kernel), with the zero points taken
/// out of it by
///   (a - za)(b - zb) = ab - zb * rowsum(a) - za * colsum(b) + K * za * zb,
/// za one value or one per row of a, zb one value or one per column of b,
/// the sums over K. Everything is i32 arithmetic, which wraps as ONNX's
/// accumulator does, so the result is exact. The terms of a zero point that
/// is absent or a constant zero are left out.
Value integerMatmul(NodeContext &node, size_t aIndex, size_t aZeroIndex,
                    size_t bIndex, size_t bZeroIndex) {
  RankedTensorType aType = node.inputType(aIndex);
  RankedTensorType bType = node.inputType(bIndex);
  Value aZero = zeroPoint(node, aZeroIndex, aType, matrixAxis(aType, 2),
                          "a_zero_point");
  Value bZero = zeroPoint(node, bZeroIndex, bType, matrixAxis(bType, 1),
                          "b_zero_point");
  bool centerA = static_cast<bool>(aZero), centerB = static_cast<bool>(bZero);
  if (node.hasFailed() || failed(requireStatic(node, node.input(bIndex), "b")))
    return {};
  // A 1-D operand as a matrix; its zero point is then a single value.
  std::optional<MatmulOperands> operands =
      matmulOperands(node, node.input(aIndex), node.input(bIndex));
  if (!operands)
    return {};
  Value a = operands->lhs, b = operands->rhs;
  Value product = node.create<MatmulIntegerOp>(a, b);
  if (!product)
    return {};
  int64_t aRank = typeOf(a).getRank(), bRank = typeOf(b).getRank();
  int64_t depth = typeOf(a).getDimSize(aRank - 1);
  if (centerB) {
    Value rows = node.create<ReduceSumOp>(
        toI32(node, a), SmallVector<int64_t>{aRank - 1}, /*keepdims=*/true);
    product = node.create<SubOp>(
        product, node.create<MulOp>(rows, toI32(node, bZero)));
  }
  if (centerA) {
    Value columns = node.create<ReduceSumOp>(
        toI32(node, b), SmallVector<int64_t>{bRank - 2}, /*keepdims=*/true);
    product = node.create<SubOp>(
        product, node.create<MulOp>(columns, toI32(node, aZero)));
  }
  if (centerA && centerB) {
    Value both = node.create<MulOp>(toI32(node, aZero), toI32(node, bZero));
    product = node.create<AddOp>(
        product,
        node.create<MulOp>(both, node.scalar(node.builder().getI32Type(),
                                             static_cast<double>(depth))));
  }
  return operands->dropVectorDims(node, product);
}

/// (x - x_zero_point) * (w - w_zero_point) convolved with Conv's attributes,
/// as an i32 tensor: the convolution of the 8-bit x and w
/// (loom.conv_integer, the CPU's int8 micro-kernel), with the zero points
/// taken out of it by
///   sum (x - zx)(w - zw) = sum x w - zw * sum x - zx * sum w
///                          + zx * zw * window
/// over each output's window (C/group * K1 * .. elements), zx one value,
/// zw one value or one per output channel. ONNX pads with zeros after the
/// zero point is subtracted, i.e. with zx in x's terms: a padded x is padded
/// explicitly with zx (a constant pad, or where zx is given at run time a
/// select of it outside the input), so that every window term holds. The
/// sums of w (per output channel) fold when w is a constant; the window sums
/// of x are one more integer convolution, with a filter of ones, built only
/// when zw is not zero. All in i32, which wraps as ONNX's accumulator; a
/// zero point that is absent or a constant zero adds no term.
Value integerConv(NodeContext &node, size_t xIndex, size_t xZeroIndex,
                  size_t wIndex, size_t wZeroIndex) {
  RankedTensorType xType = node.inputType(xIndex);
  RankedTensorType wType = node.inputType(wIndex);
  Value xZero =
      zeroPoint(node, xZeroIndex, xType, std::nullopt, "x_zero_point");
  Value wZero = zeroPoint(node, wZeroIndex, wType, /*axis=*/0, "w_zero_point");
  bool centerX = static_cast<bool>(xZero), centerW = static_cast<bool>(wZero);
  if (node.hasFailed() || failed(requireStatic(node, node.input(wIndex), "w")))
    return {};
  Value x = node.input(xIndex), w = node.input(wIndex);
  std::optional<ConvAttributes> attrs = readConvAttributes(node, x, w);
  if (!attrs || failed(requireStatic(node, x, "x")))
    return {};
  int64_t rank = xType.getRank();
  bool padded = llvm::any_of(attrs->padLow, [](int64_t p) { return p; }) ||
                llvm::any_of(attrs->padHigh, [](int64_t p) { return p; });
  if (centerX && padded) {
    SmallVector<int64_t> low = {0, 0}, high = {0, 0};
    llvm::append_range(low, attrs->padLow);
    llvm::append_range(high, attrs->padHigh);
    if (std::optional<Tensor> zero = node.constantInput(xZeroIndex)) {
      x = node.create<PadOp>(x, low, high, PadMode::constant,
                             APFloat(static_cast<double>(zero->getInt(0))));
    } else {
      // Inside: the input; outside: zx, read at run time.
      Value zeros = node.create<PadOp>(x, low, high, PadMode::constant,
                                       APFloat(0.0));
      SmallVector<int64_t> maskShape(2, 1);
      for (int64_t d = 2; d < rank; ++d)
        maskShape.push_back(low[d] + xType.getDimSize(d) + high[d]);
      Tensor mask(DType::I1, Shape(maskShape.begin(), maskShape.end()));
      Shape strides = rowMajorStrides(mask.shape());
      for (int64_t i = 0; i < mask.numElements(); ++i) {
        bool inside = true;
        for (int64_t d = 2; d < rank; ++d) {
          int64_t at = i / strides[d] % maskShape[d] - low[d];
          inside = inside && at >= 0 && at < xType.getDimSize(d);
        }
        mask.data<uint8_t>()[i] = inside;
      }
      x = node.create<SelectOp>(node.constant(mask), zeros, xZero);
    }
    std::fill(attrs->padLow.begin(), attrs->padLow.end(), 0);
    std::fill(attrs->padHigh.begin(), attrs->padHigh.end(), 0);
  }
  Value acc = node.create<ConvIntegerOp>(x, w, attrs->strides,
                                         attrs->dilations, attrs->padLow,
                                         attrs->padHigh, attrs->groups);
  if (!acc)
    return {};
  int64_t outChannels = wType.getDimSize(0);
  int64_t window = product(wType.getShape().drop_front());
  // A per-output-channel [O, 1, ..] (or single) value as [1, O, 1, ..].
  auto asChannels = [&](Value value) {
    if (typeOf(value).getRank() == 0)
      return value;
    SmallVector<int64_t> shape(rank, 1);
    shape[1] = outChannels;
    return reshapeTo(node, value, shape);
  };
  if (centerX) {
    SmallVector<int64_t> axes;
    for (int64_t d = 1; d < rank; ++d)
      axes.push_back(d);
    Value sums = asChannels(
        node.create<ReduceSumOp>(toI32(node, w), axes, /*keepdims=*/true));
    acc = node.create<SubOp>(acc,
                             node.create<MulOp>(sums, toI32(node, xZero)));
  }
  if (centerW) {
    // The window sums of x: one output channel per group (all groups read
    // the same window sums when there is one), else one per output channel.
    int64_t groups = attrs->groups;
    SmallVector<int64_t> onesShape(wType.getShape());
    onesShape[0] = groups == 1 ? 1 : outChannels;
    Tensor ones(DType::I8, Shape(onesShape.begin(), onesShape.end()));
    std::fill_n(ones.data<int8_t>(), ones.numElements(), int8_t(1));
    Value sums = node.create<ConvIntegerOp>(
        x, node.constant(ones), attrs->strides, attrs->dilations,
        attrs->padLow, attrs->padHigh, groups);
    Value zw = asChannels(toI32(node, wZero));
    acc = node.create<SubOp>(acc, node.create<MulOp>(sums, zw));
    if (centerX)
      acc = node.create<AddOp>(
          acc, node.create<MulOp>(
                   node.create<MulOp>(zw, toI32(node, xZero)),
                   node.scalar(node.builder().getI32Type(),
                               static_cast<double>(window))));
  }
  return acc;
}

/// MatMulInteger (opset 10): int8/uint8 operands, an int32 result.
LogicalResult convertMatMulInteger(NodeContext &node) {
  if (failed(requireInputs(node, {"A", "B"})) ||
      failed(requireQuantized(node, 0, "A")) ||
      failed(requireQuantized(node, 1, "B")) ||
      failed(requireSameType(node, 0, 2, "a_zero_point")) ||
      failed(requireSameType(node, 1, 3, "b_zero_point")))
    return failure();
  return node.setResults({integerMatmul(node, 0, 2, 1, 3)});
}

/// ConvInteger (opset 10): int8/uint8 operands, an int32 result.
LogicalResult convertConvInteger(NodeContext &node) {
  if (failed(requireInputs(node, {"x", "w"})) ||
      failed(requireQuantized(node, 0, "x")) ||
      failed(requireQuantized(node, 1, "w")) ||
      failed(requireSameType(node, 0, 2, "x_zero_point")) ||
      failed(requireSameType(node, 1, 3, "w_zero_point")))
    return failure();
  return node.setResults({integerConv(node, 0, 2, 1, 3)});
}

/// Fails unless the scales at `indices` are float tensors of one type.
LogicalResult requireScales(NodeContext &node, ArrayRef<size_t> indices) {
  Type first = elementTypeOf(node.input(indices.front()));
  for (size_t index : indices) {
    Type type = elementTypeOf(node.input(index));
    if (!isa<FloatType>(type) || type != first)
      return node.fail("the scales must be float tensors of one type, input " +
                       Twine(index) + " has " + typeName(type));
  }
  return success();
}

/// QLinearMatMul (opset 10): MatMulInteger requantized with
/// (a_scale * b_scale) / y_scale, a_scale one value or one per row of a,
/// b_scale one value or one per column of b.
LogicalResult convertQLinearMatMul(NodeContext &node) {
  if (failed(requireInputs(node, {"a", "a_scale", "a_zero_point", "b",
                                  "b_scale", "b_zero_point", "y_scale",
                                  "y_zero_point"})) ||
      failed(requireQuantized(node, 0, "a")) ||
      failed(requireQuantized(node, 3, "b")) ||
      failed(requireQuantized(node, 7, "y_zero_point")) ||
      failed(requireSameType(node, 0, 2, "a_zero_point")) ||
      failed(requireSameType(node, 3, 5, "b_zero_point")) ||
      failed(requireScales(node, {1, 4, 6})))
    return failure();
  RankedTensorType aType = node.inputType(0), bType = node.inputType(3);
  Value acc = integerMatmul(node, 0, 2, 3, 5);
  Value aScale =
      alignParam(node, node.input(1), aType, matrixAxis(aType, 2), "a_scale");
  Value bScale =
      alignParam(node, node.input(4), bType, matrixAxis(bType, 1), "b_scale");
  Value yScale =
      alignParam(node, node.input(6), aType, std::nullopt, "y_scale");
  Value yZero =
      alignParam(node, node.input(7), aType, std::nullopt, "y_zero_point");
  Value multiplier =
      node.create<DivOp>(node.create<MulOp>(aScale, bScale), yScale);
  return node.setResults({requantize(node, acc, multiplier, yZero)});
}

/// QLinearConv (opset 10): ConvInteger plus the int32 bias B, requantized
/// with (x_scale * w_scale) / y_scale, w_scale one value or one per output
/// channel.
LogicalResult convertQLinearConv(NodeContext &node) {
  if (failed(requireInputs(node, {"x", "x_scale", "x_zero_point", "w",
                                  "w_scale", "w_zero_point", "y_scale",
                                  "y_zero_point"})) ||
      failed(requireQuantized(node, 0, "x")) ||
      failed(requireQuantized(node, 3, "w")) ||
      failed(requireQuantized(node, 7, "y_zero_point")) ||
      failed(requireSameType(node, 0, 2, "x_zero_point")) ||
      failed(requireSameType(node, 3, 5, "w_zero_point")) ||
      failed(requireScales(node, {1, 4, 6})))
    return failure();
  if (node.hasInput(8) && !elementTypeOf(node.input(8)).isSignlessInteger(32))
    return node.fail("bias B must be int32");
  Value acc = integerConv(node, 0, 2, 3, 5);
  if (!acc)
    return failure();
  RankedTensorType accType = typeOf(acc);
  if (node.hasInput(8))
    acc = node.create<AddOp>(acc, perChannel(node, node.input(8),
                                             accType.getDimSize(1),
                                             accType.getRank(), "bias B"));
  RankedTensorType xType = node.inputType(0);
  Value xScale =
      alignParam(node, node.input(1), xType, std::nullopt, "x_scale");
  Value wScale = alignParam(node, node.input(4), accType, 1, "w_scale");
  Value yScale =
      alignParam(node, node.input(6), xType, std::nullopt, "y_scale");
  Value yZero =
      alignParam(node, node.input(7), xType, std::nullopt, "y_zero_point");
  Value multiplier =
      node.create<DivOp>(node.create<MulOp>(xScale, wScale), yScale);
  return node.setResults({requantize(node, acc, multiplier, yZero)});
}

} // namespace

void registerQuantizationConverters(ConverterRegistry &registry) {
  registry.add("QuantizeLinear", convertQuantizeLinear);
  registry.add("DequantizeLinear", convertDequantizeLinear);
  registry.add("DynamicQuantizeLinear", convertDynamicQuantizeLinear);
  registry.add("MatMulInteger", convertMatMulInteger);
  registry.add("ConvInteger", convertConvInteger);
  registry.add("QLinearMatMul", convertQLinearMatMul);
  registry.add("QLinearConv", convertQLinearConv);
}

} // namespace loom::onnx_import
