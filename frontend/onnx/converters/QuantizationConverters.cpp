//===- QuantizationConverters.cpp - ONNX linear quantization --------------===//
//
// Part of the Loom project.
//
// QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear, MatMulInteger,
// ConvInteger, QLinearMatMul and QLinearConv as compositions of loom ops;
// no op is specific to quantization. The rules, as ONNX Runtime computes
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
// are read at run time, only their shapes must be static. The i32
// products are built as f32 convolutions and matmuls of the centered
// values wherever every partial sum fits f32's 24-bit integers, which
// gives the i32 result exactly on the targets' f32 kernels
// (exactF32Parts).
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/converters/ConverterUtils.h"

#include "ir/LoomOps.h"

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

/// The largest |v - zero_point| of a uint8/int8 tensor whose zero point is
/// input `zeroIndex` (0 when absent): from the zero point's values when it
/// is a constant, else 255.
int64_t maxCentered(NodeContext &node, Type type, size_t zeroIndex) {
  bool isUnsigned = cast<IntegerType>(type).isUnsigned();
  int64_t low = isUnsigned ? 0 : -128, high = isUnsigned ? 255 : 127;
  if (!node.hasInput(zeroIndex))
    return std::max(-low, high);
  std::optional<Tensor> zero = node.constantInput(zeroIndex);
  if (!zero)
    return 255;
  int64_t largest = 0;
  for (int64_t i = 0; i < zero->numElements(); ++i)
    largest = std::max({largest, zero->getInt(i) - low, high - zero->getInt(i)});
  return largest;
}

/// Where to cut the input channels of an integer convolution so that each
/// part can be convolved in f32 exactly: every partial sum of a part is
/// an integer of magnitude at most 2^24, which f32 holds exactly in any
/// order of addition. `bounds[o][c]` bounds output channel o's terms from
/// input channel c in sum (`sum over k of |w - w_zero_point| * max |x -
/// x_zero_point|`). Returns the first channel of each part, or nothing
/// when one channel alone is too large or more than kMaxParts parts are
/// needed.
SmallVector<int64_t>
exactF32Parts(const std::vector<std::vector<int64_t>> &bounds) {
  constexpr int64_t kExactF32 = int64_t(1) << 24;
  constexpr size_t kMaxParts = 4;
  size_t channels = bounds.empty() ? 0 : bounds.front().size();
  SmallVector<int64_t> starts = {0};
  std::vector<int64_t> sums(bounds.size(), 0);
  for (size_t c = 0; c < channels; ++c) {
    bool fits = true;
    for (size_t o = 0; o < bounds.size(); ++o) {
      if (bounds[o][c] > kExactF32)
        return {};
      fits = fits && sums[o] + bounds[o][c] <= kExactF32;
    }
    if (!fits) {
      starts.push_back(c);
      std::fill(sums.begin(), sums.end(), 0);
    }
    for (size_t o = 0; o < bounds.size(); ++o)
      sums[o] += bounds[o][c];
  }
  if (starts.size() > kMaxParts)
    return {};
  return starts;
}

/// The bounds of exactF32Parts for the convolution of node inputs x and
/// w: from w's values when it is a constant, else from its type.
std::vector<std::vector<int64_t>> convTermBounds(NodeContext &node,
                                                 size_t xIndex,
                                                 size_t xZeroIndex,
                                                 size_t wIndex,
                                                 size_t wZeroIndex) {
  RankedTensorType xType = node.inputType(xIndex);
  RankedTensorType wType = node.inputType(wIndex);
  int64_t xMax = maxCentered(node, xType.getElementType(), xZeroIndex);
  int64_t outputs = wType.getDimSize(0), channels = wType.getDimSize(1);
  int64_t window = product(wType.getShape().drop_front(2));
  std::optional<Tensor> w = node.constantInput(wIndex);
  std::optional<Tensor> wZero =
      node.hasInput(wZeroIndex) ? node.constantInput(wZeroIndex)
                                : std::nullopt;
  std::vector<std::vector<int64_t>> bounds(
      outputs, std::vector<int64_t>(channels, 0));
  if (!w || (node.hasInput(wZeroIndex) && !wZero)) {
    int64_t wMax = maxCentered(node, wType.getElementType(), wZeroIndex);
    for (std::vector<int64_t> &row : bounds)
      std::fill(row.begin(), row.end(), window * wMax * xMax);
    return bounds;
  }
  for (int64_t o = 0; o < outputs; ++o) {
    int64_t zero =
        wZero ? wZero->getInt(wZero->numElements() == 1 ? 0 : o) : 0;
    for (int64_t c = 0; c < channels; ++c) {
      int64_t sum = 0;
      for (int64_t k = 0; k < window; ++k)
        sum += std::abs(w->getInt((o * channels + c) * window + k) - zero);
      bounds[o][c] = sum * xMax;
    }
  }
  return bounds;
}

/// `value` restricted to [begin, end) along dimension `dim`.
Value sliceAlong(NodeContext &node, Value value, int64_t dim, int64_t begin,
                 int64_t end) {
  RankedTensorType type = typeOf(value);
  SmallVector<int64_t> shape(type.getShape()), offsets(type.getRank(), 0);
  SmallVector<int64_t> steps(type.getRank(), 1);
  if (begin == 0 && end == shape[dim])
    return value;
  shape[dim] = end - begin;
  offsets[dim] = begin;
  return node.createTyped<SliceOp>(type.clone(shape), value, offsets, steps);
}

/// The sum over `parts` (the first index of each, along a reduced
/// dimension of `size`) of `partial(begin, end)`, each cast to i32.
template <typename Fn>
Value sumOfParts(NodeContext &node, ArrayRef<int64_t> parts, int64_t size,
                 Fn partial) {
  Type i32 = node.builder().getI32Type();
  Value sum;
  for (auto [index, begin] : llvm::enumerate(parts)) {
    int64_t end = index + 1 < parts.size() ? parts[index + 1] : size;
    Value part = castTo(node, partial(begin, end), i32);
    sum = sum ? node.create<AddOp>(sum, part) : part;
  }
  return sum;
}

/// (x - x_zero_point) * (w - w_zero_point) convolved with Conv's
/// attributes, exactly, as an i32 tensor. x_zero_point is one value;
/// w_zero_point one value or one per output channel. Padding is with
/// zeros after the zero point is subtracted, i.e. with x_zero_point in x's
/// terms. Where the sums fit f32's 24-bit integers (exactF32Parts; always
/// for constant weights of the usual sizes), the convolution is an f32 one
/// on the centered values, or the i32 sum of up to kMaxParts of them over
/// slices of the input channels, which gives the i32 result exactly and
/// runs on the CPU's f32 kernels; otherwise it is an i32 convolution.
Value integerConv(NodeContext &node, size_t xIndex, size_t xZeroIndex,
                  size_t wIndex, size_t wZeroIndex) {
  RankedTensorType xType = node.inputType(xIndex);
  RankedTensorType wType = node.inputType(wIndex);
  Value xZero = node.hasInput(xZeroIndex)
                    ? alignParam(node, node.input(xZeroIndex), xType,
                                 std::nullopt, "x_zero_point")
                    : Value();
  Value wZero = node.hasInput(wZeroIndex)
                    ? alignParam(node, node.input(wZeroIndex), wType,
                                 /*axis=*/0, "w_zero_point")
                    : Value();
  if (node.hasFailed() || failed(requireStatic(node, node.input(wIndex), "w")))
    return {};
  Value x = widenAndCenter(node, node.input(xIndex), xZero);
  Value w = widenAndCenter(node, node.input(wIndex), wZero);
  SmallVector<int64_t> parts = exactF32Parts(
      convTermBounds(node, xIndex, xZeroIndex, wIndex, wZeroIndex));
  // Slicing the channels of a grouped convolution would split its groups.
  if (parts.empty() || (parts.size() > 1 && node.intAttr("group", 1) != 1))
    return buildConv(node, x, w);
  Type f32 = node.builder().getF32Type();
  x = castTo(node, x, f32);
  w = castTo(node, w, f32);
  if (parts.size() == 1)
    return castTo(node, buildConv(node, x, w), node.builder().getI32Type());
  return sumOfParts(node, parts, wType.getDimSize(1),
                    [&](int64_t begin, int64_t end) {
                      return buildConv(node, sliceAlong(node, x, 1, begin, end),
                                       sliceAlong(node, w, 1, begin, end));
                    });
}

/// The bounds of exactF32Parts for the product of node inputs a and b
/// (`[..., K, N]`): output (batch, n)'s term k is at most
/// `|b[k, n] - b_zero_point[n]| * max |a - a_zero_point|`, from b's values
/// when it is a constant, else from its type.
std::vector<std::vector<int64_t>> matmulTermBounds(NodeContext &node,
                                                   size_t aIndex,
                                                   size_t aZeroIndex,
                                                   size_t bIndex,
                                                   size_t bZeroIndex) {
  RankedTensorType aType = node.inputType(aIndex);
  RankedTensorType bType = node.inputType(bIndex);
  int64_t aMax = maxCentered(node, aType.getElementType(), aZeroIndex);
  int64_t rank = bType.getRank();
  int64_t depth = bType.getDimSize(rank >= 2 ? rank - 2 : 0);
  int64_t columns = rank >= 2 ? bType.getDimSize(rank - 1) : 1;
  int64_t batches = bType.getNumElements() / (depth * columns);
  std::optional<Tensor> b = node.constantInput(bIndex);
  std::optional<Tensor> bZero =
      node.hasInput(bZeroIndex) ? node.constantInput(bZeroIndex)
                                : std::nullopt;
  std::vector<std::vector<int64_t>> bounds(
      batches * columns, std::vector<int64_t>(depth, 0));
  if (!b || (node.hasInput(bZeroIndex) && !bZero)) {
    int64_t bMax = maxCentered(node, bType.getElementType(), bZeroIndex);
    for (std::vector<int64_t> &row : bounds)
      std::fill(row.begin(), row.end(), bMax * aMax);
    return bounds;
  }
  for (int64_t batch = 0; batch < batches; ++batch)
    for (int64_t k = 0; k < depth; ++k)
      for (int64_t n = 0; n < columns; ++n) {
        int64_t zero =
            bZero ? bZero->getInt(bZero->numElements() == 1 ? 0 : n) : 0;
        int64_t value = b->getInt((batch * depth + k) * columns + n);
        bounds[batch * columns + n][k] = std::abs(value - zero) * aMax;
      }
  return bounds;
}

/// (a - a_zero_point) x (b - b_zero_point) with MatMul's NumPy rules,
/// exactly, as an i32 tensor. A zero point is one value, or one per row
/// of a ([M]) or per column of b ([N]). As for integerConv, the product is
/// an f32 one of the centered values (or the i32 sum of up to kMaxParts of
/// them over slices of K) where its sums fit f32's 24-bit integers, else
/// an i32 matmul.
Value integerMatmul(NodeContext &node, size_t aIndex, size_t aZeroIndex,
                    size_t bIndex, size_t bZeroIndex) {
  RankedTensorType aType = node.inputType(aIndex);
  RankedTensorType bType = node.inputType(bIndex);
  Value aZero = node.hasInput(aZeroIndex)
                    ? alignParam(node, node.input(aZeroIndex), aType,
                                 matrixAxis(aType, 2), "a_zero_point")
                    : Value();
  Value bZero = node.hasInput(bZeroIndex)
                    ? alignParam(node, node.input(bZeroIndex), bType,
                                 matrixAxis(bType, 1), "b_zero_point")
                    : Value();
  if (node.hasFailed() || failed(requireStatic(node, node.input(bIndex), "b")))
    return {};
  Value a = widenAndCenter(node, node.input(aIndex), aZero);
  Value b = widenAndCenter(node, node.input(bIndex), bZero);
  SmallVector<int64_t> parts = exactF32Parts(
      matmulTermBounds(node, aIndex, aZeroIndex, bIndex, bZeroIndex));
  // Slicing K of a 1-D operand is left out: such products are small.
  bool matrices = aType.getRank() >= 2 && bType.getRank() >= 2;
  if (parts.empty() || (parts.size() > 1 && !matrices))
    return buildMatmul(node, a, b);
  Type f32 = node.builder().getF32Type();
  a = castTo(node, a, f32);
  b = castTo(node, b, f32);
  if (parts.size() == 1)
    return castTo(node, buildMatmul(node, a, b), node.builder().getI32Type());
  int64_t bRank = bType.getRank();
  return sumOfParts(node, parts, bType.getDimSize(bRank - 2),
                    [&](int64_t begin, int64_t end) {
                      return buildMatmul(
                          node,
                          sliceAlong(node, a, aType.getRank() - 1, begin, end),
                          sliceAlong(node, b, bRank - 2, begin, end));
                    });
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
