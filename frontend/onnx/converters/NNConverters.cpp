//===- NNConverters.cpp - ONNX matmul, convolution, pooling, norms -----------===//
//
// Part of the Loom project.
//
// Conv, ConvTranspose and the pools map onto loom's sliding-window ops once
// their ONNX padding rules (auto_pad, ceil_mode, output_shape) are resolved
// into explicit pads here. Gemm and Einsum become transposes, reshapes and
// loom.matmul. The normalizations use loom.layer_norm or short elementwise
// chains whose per-channel parts fold to constants as they are built when
// the parameters are constants. Softmax, LogSoftmax and Hardmax follow the
// opset's axis rule (a 2-D coercion before opset 13).
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"

#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"
#include "llvm/ADT/StringExtras.h"

#include <numeric>

using namespace mlir;

namespace loom::onnx_import {
namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

RankedTensorType typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

std::string formatInts(ArrayRef<int64_t> values) {
  std::string text = "[";
  for (auto [index, value] : llvm::enumerate(values))
    text += (index ? ", " : "") + std::to_string(value);
  return text + "]";
}

int64_t product(ArrayRef<int64_t> values) {
  return std::accumulate(values.begin(), values.end(), int64_t(1),
                         std::multiplies<int64_t>());
}

/// Floor division (ONNX's formulas are written with Python's `//`).
int64_t floorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
int64_t ceilDiv(int64_t a, int64_t b) { return -floorDiv(-a, b); }

/// Fails unless every input named in `names` (by position) is present.
LogicalResult requireInputs(NodeContext &node, ArrayRef<StringRef> names) {
  for (auto [index, name] : llvm::enumerate(names))
    if (!node.hasInput(index))
      return node.fail("input " + Twine(index) + " (" + name + ") is missing");
  return success();
}

/// Fails unless `value` (named `what` in the message) has a static shape.
LogicalResult requireStatic(NodeContext &node, Value value, StringRef what) {
  if (!typeOf(value).hasStaticShape())
    return node.fail(what + " must have a static shape");
  return success();
}

Value reshapeTo(NodeContext &node, Value value, ArrayRef<int64_t> shape) {
  if (!value)
    return {};
  if (typeOf(value).getShape() == shape)
    return value;
  return node.createTyped<ReshapeOp>(typeOf(value).clone(shape), value);
}

/// `value` converted to the element type `type` when it has another.
Value castTo(NodeContext &node, Value value, Type type) {
  if (!value || elementTypeOf(value) == type)
    return value;
  return node.createTyped<CastOp>(typeOf(value).clone(type), value);
}

/// A parameter with one value per channel, e.g. a bias `[C]`, as
/// `[1, C, 1, ...]` of `rank` so that it broadcasts along dimension 1.
Value perChannel(NodeContext &node, Value value, int64_t channels,
                 int64_t rank, StringRef what) {
  if (!value || failed(requireStatic(node, value, what)))
    return {};
  if (typeOf(value).getNumElements() != channels) {
    (void)node.fail(what + " has shape " + formatInts(typeOf(value).getShape()) +
                    " but must hold one value per channel (" + Twine(channels) +
                    ")");
    return {};
  }
  SmallVector<int64_t> shape(rank, 1);
  shape[1] = channels;
  return reshapeTo(node, value, shape);
}

//===----------------------------------------------------------------------===//
// Sliding windows: Conv, ConvTranspose and the pools
//===----------------------------------------------------------------------===//

/// An ONNX attribute with one entry per spatial dimension (`count`), or
/// `fallback` for each when absent; entries must be at least `minimum`.
std::optional<SmallVector<int64_t>> spatialAttr(NodeContext &node,
                                                StringRef name, size_t count,
                                                int64_t fallback,
                                                int64_t minimum) {
  std::vector<int64_t> values =
      node.intsAttr(name, std::vector<int64_t>(count, fallback));
  if (values.size() != count) {
    (void)node.fail("attribute '" + name + "' has " + Twine(values.size()) +
                    " values but the input has " + Twine(count) +
                    " spatial dimensions");
    return std::nullopt;
  }
  for (auto [dim, value] : llvm::enumerate(values))
    if (value < minimum) {
      (void)node.fail("attribute '" + name + "' value " + Twine(value) +
                      " for spatial dimension " + Twine(dim) +
                      " must be at least " + Twine(minimum));
      return std::nullopt;
    }
  return SmallVector<int64_t>(values.begin(), values.end());
}

/// Where a window slides over the spatial dimensions, with every ONNX rule
/// resolved into explicit pads.
struct Window {
  SmallVector<int64_t> kernel, strides, dilations, padLow, padHigh;
};

/// Reads strides, and dilations where the op has them (all 1 otherwise).
LogicalResult readStrides(NodeContext &node, size_t count, bool hasDilations,
                          Window &window) {
  std::optional<SmallVector<int64_t>> strides =
      spatialAttr(node, "strides", count, 1, 1);
  std::optional<SmallVector<int64_t>> dilations =
      hasDilations ? spatialAttr(node, "dilations", count, 1, 1)
                   : std::optional<SmallVector<int64_t>>(
                         SmallVector<int64_t>(count, 1));
  if (!strides || !dilations)
    return failure();
  window.strides = std::move(*strides);
  window.dilations = std::move(*dilations);
  return success();
}

/// Reads `pads` ([x1_begin, x2_begin, ..., x1_end, x2_end, ...], default 0).
LogicalResult readExplicitPads(NodeContext &node, size_t count,
                               Window &window) {
  std::vector<int64_t> pads =
      node.intsAttr("pads", std::vector<int64_t>(2 * count, 0));
  if (pads.size() != 2 * count)
    return node.fail("attribute 'pads' has " + Twine(pads.size()) +
                     " values but must have 2 per spatial dimension (" +
                     Twine(2 * count) + ")");
  if (llvm::any_of(pads, [](int64_t pad) { return pad < 0; }))
    return node.fail("attribute 'pads' " + formatInts(pads) +
                     " has a negative value");
  window.padLow.assign(pads.begin(), pads.begin() + count);
  window.padHigh.assign(pads.begin() + count, pads.end());
  return success();
}

/// Fails unless auto_pad is one of the four ONNX values; returns it.
std::optional<std::string> readAutoPad(NodeContext &node) {
  std::string autoPad = node.stringAttr("auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER") {
    (void)node.fail("attribute 'auto_pad' '" + autoPad +
                    "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
    return std::nullopt;
  }
  return autoPad;
}

/// The window of Conv or a pool with `kernel` sizes over the input sizes
/// `spatial`: strides, dilations, and auto_pad resolved into pads.
/// SAME_UPPER/SAME_LOWER give ceil(D / stride) outputs with the odd pad
/// element at the end or the start; VALID pads nothing.
std::optional<Window> readWindow(NodeContext &node, ArrayRef<int64_t> spatial,
                                 ArrayRef<int64_t> kernel, bool hasDilations) {
  size_t count = spatial.size();
  Window window;
  window.kernel.assign(kernel.begin(), kernel.end());
  std::optional<std::string> autoPad = readAutoPad(node);
  if (!autoPad || failed(readStrides(node, count, hasDilations, window)))
    return std::nullopt;
  if (*autoPad == "NOTSET") {
    if (failed(readExplicitPads(node, count, window)))
      return std::nullopt;
    return window;
  }
  if (*autoPad == "VALID") {
    window.padLow.assign(count, 0);
    window.padHigh.assign(count, 0);
    return window;
  }
  for (size_t dim = 0; dim < count; ++dim) {
    int64_t size = spatial[dim], stride = window.strides[dim];
    if (ShapedType::isDynamic(size)) {
      (void)node.fail("auto_pad " + *autoPad +
                      " needs static spatial sizes, but dimension " +
                      Twine(dim + 2) + " is dynamic");
      return std::nullopt;
    }
    int64_t extent = window.dilations[dim] * (kernel[dim] - 1) + 1;
    int64_t total = std::max<int64_t>(
        0, (ceilDiv(size, stride) - 1) * stride + extent - size);
    int64_t low = *autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
    window.padLow.push_back(low);
    window.padHigh.push_back(total - low);
  }
  return window;
}

/// ceil_mode: the output size rounds up, so the last window may reach past
/// the padded input; the extra pad_high covers it. A window that would
/// start past the input and its low padding is dropped, as PyTorch and
/// the current ONNX specification do. Returns the extra pad per dimension.
SmallVector<int64_t> ceilModePadding(ArrayRef<int64_t> spatial,
                                     const Window &window) {
  SmallVector<int64_t> extra;
  for (size_t dim = 0; dim < spatial.size(); ++dim) {
    int64_t stride = window.strides[dim];
    int64_t padded = spatial[dim] + window.padLow[dim] + window.padHigh[dim];
    int64_t extent = window.dilations[dim] * (window.kernel[dim] - 1) + 1;
    if (ShapedType::isDynamic(spatial[dim]) || padded < extent) {
      extra.push_back(0); // no output at all: loom reports it
      continue;
    }
    int64_t floorOut = (padded - extent) / stride + 1;
    int64_t ceilOut = ceilDiv(padded - extent, stride) + 1;
    if ((ceilOut - 1) * stride >= spatial[dim] + window.padLow[dim])
      --ceilOut;
    extra.push_back(ceilOut > floorOut
                        ? (ceilOut - 1) * stride + extent - padded
                        : 0);
  }
  return extra;
}

/// Checks that X is `[N, C, D1, ...]` and returns its spatial sizes.
std::optional<ArrayRef<int64_t>> spatialSizes(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (type.getRank() < 3) {
    (void)node.fail("input X must have rank 3 or more ([N, C, D1, ...]), got "
                    "rank " +
                    Twine(type.getRank()));
    return std::nullopt;
  }
  return type.getShape().drop_front(2);
}

/// The kernel sizes of the weights W (`[*, *, K1, ...]`), which must have
/// the rank of X and agree with the kernel_shape attribute when given.
std::optional<SmallVector<int64_t>> weightKernel(NodeContext &node) {
  RankedTensorType x = node.inputType(0), w = node.inputType(1);
  if (w.getRank() != x.getRank()) {
    (void)node.fail("weights W have rank " + Twine(w.getRank()) +
                    " but X has rank " + Twine(x.getRank()));
    return std::nullopt;
  }
  SmallVector<int64_t> kernel(w.getShape().drop_front(2));
  if (node.hasAttribute("kernel_shape")) {
    std::vector<int64_t> given = node.intsAttr("kernel_shape");
    if (ArrayRef<int64_t>(given) != ArrayRef<int64_t>(kernel)) {
      (void)node.fail("attribute 'kernel_shape' " + formatInts(given) +
                      " does not match the spatial sizes of the weights " +
                      formatInts(kernel));
      return std::nullopt;
    }
  }
  return kernel;
}

std::optional<int64_t> readGroups(NodeContext &node) {
  int64_t groups = node.intAttr("group", 1);
  if (groups < 1) {
    (void)node.fail("attribute 'group' " + Twine(groups) +
                    " must be at least 1");
    return std::nullopt;
  }
  return groups;
}

/// Adds the optional bias B (input 2), one value per output channel.
Value addBias(NodeContext &node, Value result) {
  if (!result || !node.hasInput(2))
    return result;
  RankedTensorType type = typeOf(result);
  Value bias = perChannel(node, node.input(2), type.getDimSize(1),
                          type.getRank(), "bias B");
  return node.create<AddOp>(result, bias);
}

/// Conv (opset 1 and 11 share the attributes; 11 only clarified auto_pad).
LogicalResult convertConv(NodeContext &node) {
  if (failed(requireInputs(node, {"X", "W"})))
    return failure();
  std::optional<ArrayRef<int64_t>> spatial = spatialSizes(node);
  std::optional<SmallVector<int64_t>> kernel =
      spatial ? weightKernel(node) : std::nullopt;
  std::optional<int64_t> groups = kernel ? readGroups(node) : std::nullopt;
  std::optional<Window> window =
      groups ? readWindow(node, *spatial, *kernel, /*hasDilations=*/true)
             : std::nullopt;
  if (!window)
    return failure();
  Value result = node.create<ConvOp>(node.input(0), node.input(1),
                                     window->strides, window->dilations,
                                     window->padLow, window->padHigh, *groups);
  return node.setResults({addBias(node, result)});
}

/// The pads of ConvTranspose per spatial dimension, which may be negative
/// when output_shape asks for more than the full scatter. With output_shape
/// (or SAME_UPPER/SAME_LOWER, whose output_shape is D * stride) ONNX
/// derives them from
///   total = stride * (D - 1) + output_padding + dilation * (K - 1) + 1 - output_shape
/// as start = total // 2 for SAME_UPPER and start = total - total // 2
/// otherwise, the rest at the end. Otherwise they are `pads` (NOTSET) or 0
/// (VALID).
LogicalResult convTransposePads(NodeContext &node, ArrayRef<int64_t> spatial,
                                ArrayRef<int64_t> outputPadding,
                                Window &window) {
  size_t count = spatial.size();
  std::optional<std::string> autoPad = readAutoPad(node);
  if (!autoPad)
    return failure();
  std::vector<int64_t> outputShape = node.intsAttr("output_shape");
  bool same = *autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER";
  if (outputShape.empty() && !same) {
    if (*autoPad == "NOTSET")
      return readExplicitPads(node, count, window);
    window.padLow.assign(count, 0);
    window.padHigh.assign(count, 0);
    return success();
  }
  // output_shape may also be given with the batch and channel dimensions.
  if (outputShape.size() == count + 2)
    outputShape.erase(outputShape.begin(), outputShape.begin() + 2);
  if (!outputShape.empty() && outputShape.size() != count)
    return node.fail("attribute 'output_shape' " + formatInts(outputShape) +
                     " must have one value per spatial dimension (" +
                     Twine(count) + ")");
  for (size_t dim = 0; dim < count; ++dim) {
    int64_t stride = window.strides[dim];
    int64_t target =
        outputShape.empty() ? spatial[dim] * stride : outputShape[dim];
    if (target < 1)
      return node.fail("output size " + Twine(target) +
                       " of spatial dimension " + Twine(dim) +
                       " must be at least 1");
    int64_t total = stride * (spatial[dim] - 1) + outputPadding[dim] +
                    window.dilations[dim] * (window.kernel[dim] - 1) + 1 -
                    target;
    int64_t start = *autoPad == "SAME_UPPER" ? floorDiv(total, 2)
                                             : total - floorDiv(total, 2);
    window.padLow.push_back(start);
    window.padHigh.push_back(total - start);
  }
  return success();
}

/// ConvTranspose: loom.conv_transpose with the pads cropping the full
/// scatter. A negative pad extends the result instead: at the end through
/// output_padding, at the start with zeros; the bias comes last so that it
/// reaches those positions too.
LogicalResult convertConvTranspose(NodeContext &node) {
  if (failed(requireInputs(node, {"X", "W"})))
    return failure();
  std::optional<ArrayRef<int64_t>> spatial = spatialSizes(node);
  std::optional<SmallVector<int64_t>> kernel =
      spatial ? weightKernel(node) : std::nullopt;
  std::optional<int64_t> groups = kernel ? readGroups(node) : std::nullopt;
  if (!groups || failed(requireStatic(node, node.input(0), "input X")))
    return failure();
  size_t count = spatial->size();
  Window window;
  window.kernel = *kernel;
  std::optional<SmallVector<int64_t>> outputPadding;
  if (succeeded(readStrides(node, count, /*hasDilations=*/true, window)))
    outputPadding = spatialAttr(node, "output_padding", count, 0, 0);
  if (!outputPadding ||
      failed(convTransposePads(node, *spatial, *outputPadding, window)))
    return failure();

  SmallVector<int64_t> cropLow, cropHigh, extendLow(2, 0);
  bool extendsLow = false;
  for (size_t dim = 0; dim < count; ++dim) {
    int64_t low = window.padLow[dim], high = window.padHigh[dim];
    cropLow.push_back(std::max<int64_t>(low, 0));
    cropHigh.push_back(std::max<int64_t>(high, 0));
    (*outputPadding)[dim] += std::max<int64_t>(-high, 0);
    extendLow.push_back(std::max<int64_t>(-low, 0));
    extendsLow |= low < 0;
  }
  Value result = node.create<ConvTransposeOp>(
      node.input(0), node.input(1), window.strides, window.dilations, cropLow,
      cropHigh, *outputPadding, *groups);
  if (result && extendsLow)
    result = node.create<PadOp>(result, extendLow,
                                SmallVector<int64_t>(extendLow.size(), 0),
                                PadMode::constant, APFloat(0.0));
  return node.setResults({addBias(node, result)});
}

/// The window of a pool: kernel_shape (required), strides, pads/auto_pad
/// and dilations where the op has them. `ceilExtra` receives ceil_mode's
/// extra pad_high per dimension (0 without ceil_mode).
std::optional<Window> readPoolWindow(NodeContext &node, bool hasDilations,
                                     SmallVectorImpl<int64_t> &ceilExtra) {
  std::optional<ArrayRef<int64_t>> spatial = spatialSizes(node);
  if (!spatial)
    return std::nullopt;
  if (!node.hasAttribute("kernel_shape")) {
    (void)node.fail("attribute 'kernel_shape' is missing");
    return std::nullopt;
  }
  std::optional<SmallVector<int64_t>> kernel =
      spatialAttr(node, "kernel_shape", spatial->size(), 1, 1);
  std::optional<Window> window =
      kernel ? readWindow(node, *spatial, *kernel, hasDilations) : std::nullopt;
  if (!window)
    return std::nullopt;
  if (node.intAttr("ceil_mode", 0) != 0)
    ceilExtra.assign(ceilModePadding(*spatial, *window));
  else
    ceilExtra.assign(spatial->size(), 0);
  return window;
}

/// MaxPool: padding never wins in loom.max_pool, so ceil_mode's extra
/// padding is exact. storage_order only concerns Indices, which is not
/// supported.
LogicalResult convertMaxPool(NodeContext &node) {
  if (failed(requireInputs(node, {"X"})))
    return failure();
  if (node.node().output_size() > 1 && !node.node().output(1).empty())
    return node.fail("output 1 (Indices, '" + node.node().output(1) +
                     "') is not supported");
  SmallVector<int64_t> ceilExtra;
  std::optional<Window> window =
      readPoolWindow(node, /*hasDilations=*/node.opset() >= 10, ceilExtra);
  if (!window)
    return failure();
  for (auto [high, extra] : llvm::zip(window->padHigh, ceilExtra))
    high += extra;
  return node.setResults({node.create<MaxPoolOp>(
      node.input(0), window->kernel, window->strides, window->dilations,
      window->padLow, window->padHigh)});
}

/// AveragePool. loom.avg_pool divides by the full window or by the count
/// of non-padded elements; ONNX with count_include_pad counts the explicit
/// pads but never ceil_mode's extra positions. When both occur, the pads
/// become real zeros (loom.pad) and only the extra is left as padding,
/// which is then not counted.
LogicalResult convertAveragePool(NodeContext &node) {
  if (failed(requireInputs(node, {"X"})))
    return failure();
  std::vector<int64_t> dilations = node.intsAttr("dilations");
  if (llvm::any_of(dilations, [](int64_t d) { return d != 1; }))
    return node.fail("attribute 'dilations' " + formatInts(dilations) +
                     " is not supported (AveragePool has dilations only "
                     "from opset 19)");
  SmallVector<int64_t> ceilExtra;
  std::optional<Window> window =
      readPoolWindow(node, /*hasDilations=*/false, ceilExtra);
  if (!window)
    return failure();
  bool includePad = node.intAttr("count_include_pad", 0) != 0;
  bool hasExtra = llvm::any_of(ceilExtra, [](int64_t e) { return e != 0; });
  Value input = node.input(0);
  if (includePad && hasExtra) {
    SmallVector<int64_t> low(2, 0), high(2, 0);
    llvm::append_range(low, window->padLow);
    llvm::append_range(high, window->padHigh);
    input = node.create<PadOp>(input, low, high, PadMode::constant,
                               APFloat(0.0));
    window->padLow.assign(window->padLow.size(), 0);
    window->padHigh = ceilExtra;
    includePad = false;
  } else {
    for (auto [high, extra] : llvm::zip(window->padHigh, ceilExtra))
      high += extra;
  }
  return node.setResults({node.create<AvgPoolOp>(
      input, window->kernel, window->strides, window->padLow, window->padHigh,
      includePad)});
}

/// GlobalAveragePool and GlobalMaxPool: a reduction over the spatial
/// dimensions that keeps them with size 1.
template <typename ReduceOpT>
LogicalResult convertGlobalPool(NodeContext &node) {
  if (failed(requireInputs(node, {"X"})))
    return failure();
  int64_t rank = node.inputType(0).getRank();
  if (rank < 2)
    return node.fail("input X must have rank 2 or more ([N, C, D1, ...]), "
                     "got rank " +
                     Twine(rank));
  SmallVector<int64_t> axes;
  for (int64_t dim = 2; dim < rank; ++dim)
    axes.push_back(dim);
  return node.setResults(
      {node.create<ReduceOpT>(node.input(0), axes, /*keepdims=*/true)});
}

//===----------------------------------------------------------------------===//
// Contractions: MatMul, Gemm and Einsum
//===----------------------------------------------------------------------===//

/// MatMul with NumPy semantics: a 1-D operand is made a matrix (a row on
/// the left, a column on the right) and the added dimension removed again.
LogicalResult convertMatMul(NodeContext &node) {
  if (failed(requireInputs(node, {"A", "B"})))
    return failure();
  Value lhs = node.input(0), rhs = node.input(1);
  RankedTensorType lhsType = node.inputType(0), rhsType = node.inputType(1);
  if (lhsType.getRank() == 0 || rhsType.getRank() == 0)
    return node.fail("operands must have rank 1 or more, got ranks " +
                     Twine(lhsType.getRank()) + " and " +
                     Twine(rhsType.getRank()));
  bool lhsVector = lhsType.getRank() == 1, rhsVector = rhsType.getRank() == 1;
  if (lhsVector)
    lhs = reshapeTo(node, lhs, {1, lhsType.getDimSize(0)});
  if (rhsVector)
    rhs = reshapeTo(node, rhs, {rhsType.getDimSize(0), 1});
  Value product = node.create<MatmulOp>(lhs, rhs);
  if (!product || (!lhsVector && !rhsVector))
    return node.setResults({product});
  SmallVector<int64_t> shape(typeOf(product).getShape());
  if (rhsVector)
    shape.pop_back();
  if (lhsVector)
    shape.erase(shape.end() - (rhsVector ? 1 : 2));
  return node.setResults({reshapeTo(node, product, shape)});
}

/// Gemm: alpha * A' * B' + beta * C with A' = A or its transpose (transA),
/// B' likewise. C broadcasts to [M, N]; it is required before opset 11.
LogicalResult convertGemm(NodeContext &node) {
  if (failed(requireInputs(node, {"A", "B"})))
    return failure();
  if (node.opset() < 11 && !node.hasInput(2))
    return node.fail("input 2 (C) is required before opset 11");
  Value a = node.input(0), b = node.input(1);
  if (typeOf(a).getRank() != 2 || typeOf(b).getRank() != 2)
    return node.fail("A and B must be matrices, got ranks " +
                     Twine(typeOf(a).getRank()) + " and " +
                     Twine(typeOf(b).getRank()));
  if (node.intAttr("transA", 0) != 0)
    a = node.create<TransposeOp>(a, ArrayRef<int64_t>{1, 0});
  if (node.intAttr("transB", 0) != 0)
    b = node.create<TransposeOp>(b, ArrayRef<int64_t>{1, 0});
  Value result = node.create<MatmulOp>(a, b);
  Type type = elementTypeOf(node.input(0));
  float alpha = node.floatAttr("alpha", 1.0f), beta = node.floatAttr("beta", 1.0f);
  if (alpha != 1.0f)
    result = node.create<MulOp>(result, node.scalar(type, alpha));
  if (!node.hasInput(2) || !result)
    return node.setResults({result});
  Value c = node.input(2);
  // C broadcasts one way only: to the product's shape.
  ArrayRef<int64_t> cShape = typeOf(c).getShape(),
                    shape = typeOf(result).getShape();
  bool broadcasts = cShape.size() <= 2;
  for (size_t i = 0; broadcasts && i < cShape.size(); ++i) {
    int64_t size = cShape[cShape.size() - 1 - i];
    broadcasts = size == 1 || size == shape[shape.size() - 1 - i];
  }
  // Before opset 7 C broadcasts only with broadcast = 1.
  if (node.opset() < 7 && node.intAttr("broadcast", 0) == 0)
    broadcasts = cShape == shape;
  if (!broadcasts)
    return node.fail("C of shape " + formatInts(cShape) +
                     " does not broadcast to the product's shape " +
                     formatInts(shape));
  if (beta != 1.0f)
    c = node.create<MulOp>(c, node.scalar(type, beta));
  return node.setResults({node.create<AddOp>(result, c)});
}

/// An Einsum operand while the equation is being lowered: its value and a
/// label per dimension. Letters label themselves; the dimensions an
/// ellipsis stands for get labels from kEllipsis on, aligned at the right
/// so that they match across operands as broadcasting does.
struct Labeled {
  Value value;
  SmallVector<int> labels;
};
constexpr int kEllipsis = 256;

std::string labelName(int label) {
  return label >= kEllipsis ? "... dimension " + std::to_string(label - kEllipsis)
                            : "'" + std::string(1, static_cast<char>(label)) +
                                  "'";
}

/// The labels of one term of an equation: an operand's of rank `rank`, or
/// the output's, whose ellipsis stands for all `maxEllipsis` broadcast
/// dimensions. Sets `error` and returns nullopt on a malformed term.
std::optional<SmallVector<int>> parseTerm(StringRef term, int64_t rank,
                                          int64_t maxEllipsis,
                                          bool isOutput, std::string &error) {
  size_t ellipsisAt = term.find("...");
  std::string letters = term.str();
  if (ellipsisAt != StringRef::npos) {
    letters.erase(ellipsisAt, 3);
    if (StringRef(letters).contains('.')) {
      error = "term '" + term.str() + "' has more than one ellipsis";
      return std::nullopt;
    }
  }
  for (char c : letters)
    if (!llvm::isAlpha(c)) {
      error = "term '" + term.str() + "' holds '" + std::string(1, c) +
              "', which is not a letter";
      return std::nullopt;
    }
  int64_t ellipsisRank = 0;
  if (!isOutput) {
    ellipsisRank = rank - static_cast<int64_t>(letters.size());
    if (ellipsisRank < 0 || (ellipsisAt == StringRef::npos && ellipsisRank != 0)) {
      error = "term '" + term.str() + "' does not match an operand of rank " +
              std::to_string(rank);
      return std::nullopt;
    }
  } else if (ellipsisAt != StringRef::npos) {
    ellipsisRank = maxEllipsis;
  }
  SmallVector<int> labels;
  for (size_t i = 0; i <= letters.size(); ++i) {
    if (ellipsisAt != StringRef::npos && i == ellipsisAt)
      for (int64_t j = 0; j < ellipsisRank; ++j)
        labels.push_back(kEllipsis + int(maxEllipsis - ellipsisRank + j));
    if (i < letters.size())
      labels.push_back(letters[i]);
  }
  return labels;
}

Value transposeTo(NodeContext &node, Labeled &operand, ArrayRef<int> order) {
  SmallVector<int64_t> permutation;
  for (int label : order)
    permutation.push_back(llvm::find(operand.labels, label) -
                          operand.labels.begin());
  operand.labels.assign(order.begin(), order.end());
  if (llvm::equal(permutation, llvm::seq<int64_t>(0, permutation.size())))
    return operand.value;
  return operand.value = node.create<TransposeOp>(operand.value, permutation);
}

/// Takes the diagonal of the two dimensions that share a label: the second
/// is moved next to the first, the pair flattened, and every (n + 1)-th
/// element kept.
LogicalResult takeDiagonal(NodeContext &node, Labeled &operand, size_t first,
                           size_t second) {
  ArrayRef<int64_t> shape = typeOf(operand.value).getShape();
  int64_t size = shape[first];
  if (size != shape[second] || ShapedType::isDynamic(size))
    return node.fail("label " + labelName(operand.labels[first]) +
                     " repeats in one operand with sizes " + Twine(size) +
                     " and " + Twine(shape[second]));
  SmallVector<int> order(operand.labels);
  int label = order[second];
  order.erase(order.begin() + second);
  order.insert(order.begin() + first + 1, label);
  // Transposing needs distinct labels; mark the copy temporarily.
  operand.labels[second] = -1;
  order[first + 1] = -1;
  if (!transposeTo(node, operand, order))
    return failure();
  SmallVector<int64_t> merged(typeOf(operand.value).getShape());
  merged[first] = size * size;
  merged.erase(merged.begin() + first + 1);
  Value flat = reshapeTo(node, operand.value, merged);
  SmallVector<int64_t> offsets(merged.size(), 0), steps(merged.size(), 1);
  steps[first] = size + 1;
  SmallVector<int64_t> diagonal(merged);
  diagonal[first] = size;
  operand.value =
      flat ? node.createTyped<SliceOp>(typeOf(flat).clone(diagonal), flat,
                                       offsets, steps)
           : Value();
  operand.labels.erase(operand.labels.begin() + first + 1);
  return success(operand.value != nullptr);
}

/// Sums out the dimensions whose labels are not in `keep`.
void sumOut(NodeContext &node, Labeled &operand, ArrayRef<int> keep) {
  SmallVector<int64_t> axes;
  SmallVector<int> kept;
  for (auto [dim, label] : llvm::enumerate(operand.labels)) {
    if (llvm::is_contained(keep, label))
      kept.push_back(label);
    else
      axes.push_back(dim);
  }
  if (axes.empty())
    return;
  operand.value = node.create<ReduceSumOp>(operand.value, axes, false);
  operand.labels = kept;
}

/// Contracts two operands with one loom.matmul: the left as
/// [batch..., M, K], the right as [batch..., K, N], where the batch labels
/// are shared and kept, K the shared labels that are not kept, M and N the
/// labels of one side only.
std::optional<Labeled> contract(NodeContext &node, Labeled lhs, Labeled rhs,
                                ArrayRef<int> keep) {
  SmallVector<int> lhsKeep(keep), rhsKeep(keep);
  lhsKeep.append(rhs.labels);
  rhsKeep.append(lhs.labels);
  sumOut(node, lhs, lhsKeep);
  sumOut(node, rhs, rhsKeep);
  if (!lhs.value || !rhs.value)
    return std::nullopt;
  SmallVector<int> batch, reduced, lhsOnly, rhsOnly;
  for (int label : lhs.labels) {
    bool shared = llvm::is_contained(rhs.labels, label);
    (shared ? (llvm::is_contained(keep, label) ? batch : reduced) : lhsOnly)
        .push_back(label);
  }
  for (int label : rhs.labels)
    if (!llvm::is_contained(lhs.labels, label))
      rhsOnly.push_back(label);
  auto sizeOf = [](const Labeled &operand, int label) {
    return typeOf(operand.value)
        .getDimSize(llvm::find(operand.labels, label) - operand.labels.begin());
  };
  int64_t m = 1, n = 1, k = 1;
  SmallVector<int64_t> lhsShape, rhsShape, resultShape;
  for (int label : batch) {
    int64_t left = sizeOf(lhs, label), right = sizeOf(rhs, label);
    if (left != right && left != 1 && right != 1) {
      (void)node.fail("label " + labelName(label) + " has sizes " + Twine(left) +
                      " and " + Twine(right));
      return std::nullopt;
    }
    lhsShape.push_back(left);
    rhsShape.push_back(right);
    resultShape.push_back(left == 1 ? right : left);
  }
  for (int label : reduced) {
    if (sizeOf(lhs, label) != sizeOf(rhs, label)) {
      (void)node.fail("contracted label " + labelName(label) + " has sizes " +
                      Twine(sizeOf(lhs, label)) + " and " +
                      Twine(sizeOf(rhs, label)));
      return std::nullopt;
    }
    k *= sizeOf(lhs, label);
  }
  for (int label : lhsOnly) {
    m *= sizeOf(lhs, label);
    resultShape.push_back(sizeOf(lhs, label));
  }
  for (int label : rhsOnly) {
    n *= sizeOf(rhs, label);
    resultShape.push_back(sizeOf(rhs, label));
  }
  transposeTo(node, lhs, llvm::to_vector(llvm::concat<int>(batch, lhsOnly, reduced)));
  transposeTo(node, rhs, llvm::to_vector(llvm::concat<int>(batch, reduced, rhsOnly)));
  lhsShape.append({m, k});
  rhsShape.append({k, n});
  Value product = node.create<MatmulOp>(reshapeTo(node, lhs.value, lhsShape),
                                        reshapeTo(node, rhs.value, rhsShape));
  Labeled result;
  result.value = reshapeTo(node, product, resultShape);
  result.labels = llvm::to_vector(llvm::concat<int>(batch, lhsOnly, rhsOnly));
  if (!result.value)
    return std::nullopt;
  return result;
}

/// Einsum: repeated labels in one operand take a diagonal, labels needed by
/// no other operand and not by the output are summed, and operands are
/// contracted pairwise from the left with loom.matmul; the result is
/// transposed to the output's order. Without "->" the output is the
/// ellipsis dimensions, then the labels used once, in alphabetical order.
LogicalResult convertEinsum(NodeContext &node) {
  std::string equation;
  for (char c : node.stringAttr("equation", ""))
    if (c != ' ')
      equation += c;
  if (equation.empty())
    return node.fail("attribute 'equation' is missing");
  StringRef lhsText = equation, outputText;
  bool explicitOutput = false;
  if (size_t arrow = lhsText.find("->"); arrow != StringRef::npos) {
    outputText = lhsText.substr(arrow + 2);
    lhsText = lhsText.take_front(arrow);
    explicitOutput = true;
  }
  SmallVector<StringRef> terms;
  lhsText.split(terms, ',');
  if (terms.size() != node.numInputs())
    return node.fail("equation '" + equation + "' has " + Twine(terms.size()) +
                     " operand terms but the node has " +
                     Twine(node.numInputs()) + " inputs");
  std::vector<Labeled> operands;
  int64_t maxEllipsis = 0;
  for (auto [index, term] : llvm::enumerate(terms)) {
    if (!node.hasInput(index))
      return node.fail("input " + Twine(index) + " is missing");
    if (failed(requireStatic(node, node.input(index),
                             "input " + std::to_string(index))))
      return failure();
    int64_t rank = node.inputType(index).getRank();
    size_t letters = term.size() - (term.contains("...") ? 3 : 0);
    maxEllipsis = std::max<int64_t>(maxEllipsis, rank - int64_t(letters));
  }
  std::string error;
  for (auto [index, term] : llvm::enumerate(terms)) {
    std::optional<SmallVector<int>> labels = parseTerm(
        term, node.inputType(index).getRank(), maxEllipsis, false, error);
    if (!labels)
      return node.fail("equation '" + equation + "': " + error);
    operands.push_back({node.input(index), *labels});
  }
  SmallVector<int> output;
  if (explicitOutput) {
    std::optional<SmallVector<int>> labels =
        parseTerm(outputText, 0, maxEllipsis, true, error);
    if (!labels)
      return node.fail("equation '" + equation + "': " + error);
    output = *labels;
  } else {
    llvm::DenseMap<int, int> uses;
    for (const Labeled &operand : operands)
      for (int label : operand.labels)
        ++uses[label];
    for (int64_t j = 0; j < maxEllipsis; ++j)
      output.push_back(kEllipsis + int(j));
    SmallVector<int> once;
    for (auto [label, count] : uses)
      if (count == 1 && label < kEllipsis)
        once.push_back(label);
    llvm::sort(once);
    output.append(once);
  }
  for (size_t index = 0; index < output.size(); ++index) {
    int label = output[index];
    if (llvm::is_contained(ArrayRef<int>(output).take_front(index), label))
      return node.fail("equation '" + equation + "': output label " +
                       labelName(label) + " repeats");
    if (llvm::none_of(operands, [&](const Labeled &operand) {
          return llvm::is_contained(operand.labels, label);
        }))
      return node.fail("equation '" + equation + "': output label " +
                       labelName(label) + " is in no operand");
  }

  // Diagonals, then labels only this operand has and the output lacks.
  for (size_t index = 0; index < operands.size(); ++index) {
    Labeled &operand = operands[index];
    for (size_t first = 0; first < operand.labels.size(); ++first)
      for (size_t second = first + 1; second < operand.labels.size();)
        if (operand.labels[second] == operand.labels[first]) {
          if (failed(takeDiagonal(node, operand, first, second)))
            return failure();
        } else {
          ++second;
        }
    SmallVector<int> keep(output);
    for (size_t other = 0; other < operands.size(); ++other)
      if (other != index)
        keep.append(operands[other].labels);
    sumOut(node, operand, keep);
    if (!operand.value)
      return failure();
  }
  Labeled result = operands.front();
  for (size_t index = 1; index < operands.size(); ++index) {
    SmallVector<int> keep(output);
    for (size_t later = index + 1; later < operands.size(); ++later)
      keep.append(operands[later].labels);
    std::optional<Labeled> combined =
        contract(node, result, operands[index], keep);
    if (!combined)
      return failure();
    result = *combined;
  }
  sumOut(node, result, output);
  if (!result.value)
    return failure();
  return node.setResults({transposeTo(node, result, output)});
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

/// BatchNormalization in inference mode:
///   y = x * (scale / sqrt(var + epsilon)) + (B - mean * scale / sqrt(var + epsilon))
/// The two per-channel factors fold to constants as they are built when the
/// parameters are constants. Before opset 9, `spatial = 0` gives the
/// parameters one value per element of a sample ([C, D1, ...]).
LogicalResult convertBatchNormalization(NodeContext &node) {
  if (failed(requireInputs(node, {"X", "scale", "B", "mean", "var"})))
    return failure();
  if (node.intAttr("training_mode", 0) != 0)
    return node.fail("training mode is not supported (training_mode = 1)");
  // Before opset 7 inference was asked for with is_test = 1.
  if (node.opset() < 7 && node.intAttr("is_test", 0) == 0)
    return node.fail("training mode is not supported (is_test = 0)");
  for (int i = 1; i < node.node().output_size(); ++i)
    if (!node.node().output(i).empty())
      return node.fail("training mode is not supported: output " + Twine(i) +
                       " ('" + node.node().output(i) +
                       "') is a statistic only training computes");
  Value x = node.input(0);
  RankedTensorType type = typeOf(x);
  if (type.getRank() < 2)
    return node.fail("input X must have rank 2 or more ([N, C, ...]), got "
                     "rank " +
                     Twine(type.getRank()));
  if (failed(requireStatic(node, x, "input X")))
    return failure();
  // One value per channel, or with spatial = 0 per element of a sample.
  bool spatial = node.opset() >= 9 || node.intAttr("spatial", 1) != 0;
  SmallVector<int64_t> paramShape(type.getShape());
  paramShape[0] = 1;
  int64_t count = spatial ? type.getDimSize(1) : product(paramShape);
  static constexpr StringRef names[] = {"X", "scale", "B", "mean", "var"};
  for (int index = 1; index < 5; ++index) {
    RankedTensorType param = node.inputType(index);
    if (!param.hasStaticShape() || param.getNumElements() != count)
      return node.fail("input " + Twine(index) + " (" + names[index] +
                       ") has shape " + formatInts(param.getShape()) +
                       " but must hold " + Twine(count) + " values (" +
                       (spatial ? "one per channel" : "one per element of a sample") +
                       ")");
  }
  Type element = type.getElementType();
  Value scale = castTo(node, node.input(1), element);
  Value bias = castTo(node, node.input(2), element);
  Value mean = castTo(node, node.input(3), element);
  Value variance = castTo(node, node.input(4), element);
  Value epsilon = node.scalar(element, node.floatAttr("epsilon", 1e-5f));
  Value factor = node.create<DivOp>(
      scale, node.create<SqrtOp>(node.create<AddOp>(variance, epsilon)));
  Value shift = node.create<SubOp>(bias, node.create<MulOp>(mean, factor));
  if (!factor || !shift)
    return failure();
  if (spatial) {
    paramShape.assign(type.getRank(), 1);
    paramShape[1] = count;
  }
  factor = reshapeTo(node, factor, paramShape);
  shift = reshapeTo(node, shift, paramShape);
  return node.setResults(
      {node.create<AddOp>(node.create<MulOp>(x, factor), shift)});
}

/// InstanceNormalization: each (sample, channel) plane normalized on its
/// own, which is loom.layer_norm over the spatial dimensions, then the
/// per-channel scale and bias.
LogicalResult convertInstanceNormalization(NodeContext &node) {
  if (failed(requireInputs(node, {"input", "scale", "B"})))
    return failure();
  Value x = node.input(0);
  RankedTensorType type = typeOf(x);
  if (type.getRank() < 3)
    return node.fail("input must have rank 3 or more ([N, C, D1, ...]), got "
                     "rank " +
                     Twine(type.getRank()));
  Type element = type.getElementType();
  float epsilon = node.floatAttr("epsilon", 1e-5f);
  if (!(epsilon >= 0))
    return node.fail("attribute 'epsilon' " + std::to_string(epsilon) +
                     " must be at least 0");
  Value normalized = node.create<LayerNormOp>(
      x, node.scalar(element, 1), node.scalar(element, 0), 2, APFloat(epsilon));
  Value scale = perChannel(node, node.input(1), type.getDimSize(1),
                           type.getRank(), "scale");
  Value bias = perChannel(node, node.input(2), type.getDimSize(1),
                          type.getRank(), "B");
  return node.setResults({node.create<AddOp>(
      node.create<MulOp>(normalized, scale), bias)});
}

/// The element type an ONNX stash_type names (float types only).
std::optional<Type> stashType(NodeContext &node, int64_t onnxType) {
  Builder &b = node.builder();
  switch (onnxType) {
  case 1: return b.getF32Type();
  case 10: return b.getF16Type();
  case 11: return b.getF64Type();
  case 16: return b.getBF16Type();
  default:
    (void)node.fail("attribute 'stash_type' " + Twine(onnxType) +
                    " is not a supported float type");
    return std::nullopt;
  }
}

/// LayerNormalization (opset 17): loom.layer_norm over [axis, rank); an
/// absent B is zero. The optional Mean and InvStdDev outputs are computed
/// with reductions in the stash type, keeping the normalized dimensions
/// with size 1.
LogicalResult convertLayerNormalization(NodeContext &node) {
  if (failed(requireInputs(node, {"X", "Scale"})))
    return failure();
  Value x = node.input(0);
  RankedTensorType type = typeOf(x);
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", -1), type.getRank());
  std::optional<Type> stash =
      axis ? stashType(node, node.intAttr("stash_type", 1)) : std::nullopt;
  if (!stash)
    return failure();
  float epsilon = node.floatAttr("epsilon", 1e-5f);
  Value bias =
      node.hasInput(2) ? node.input(2) : node.scalar(type.getElementType(), 0);
  Value y = node.create<LayerNormOp>(x, node.input(1), bias, *axis,
                                     APFloat(epsilon));
  auto wanted = [&](int index) {
    return node.node().output_size() > index &&
           !node.node().output(index).empty();
  };
  if (!wanted(1) && !wanted(2))
    return node.setResults({y});

  SmallVector<int64_t> axes;
  for (int64_t dim = *axis; dim < type.getRank(); ++dim)
    axes.push_back(dim);
  Value xs = castTo(node, x, *stash);
  Value mean = node.create<ReduceMeanOp>(xs, axes, /*keepdims=*/true);
  Value centered = node.create<SubOp>(xs, mean);
  Value variance = node.create<ReduceMeanOp>(
      node.create<MulOp>(centered, centered), axes, /*keepdims=*/true);
  Value invStdDev = node.create<RsqrtOp>(
      node.create<AddOp>(variance, node.scalar(*stash, epsilon)));
  return node.setResults({y, wanted(1) ? mean : Value(),
                          wanted(2) ? invStdDev : Value()});
}

//===----------------------------------------------------------------------===//
// Softmax, LogSoftmax and Hardmax
//===----------------------------------------------------------------------===//

/// Where a softmax-like op works: before opset 13 the input is seen as the
/// 2-D [prod(d < axis), prod(d >= axis)] and the op runs along dimension 1
/// (axis defaults to 1); from 13 it runs along `axis` (default -1). Returns
/// the value to work on and its axis; `restore` is the shape to reshape
/// the result back to (empty when no reshape happened).
std::optional<std::pair<Value, int64_t>>
softmaxView(NodeContext &node, SmallVectorImpl<int64_t> &restore) {
  if (failed(requireInputs(node, {"input"})))
    return std::nullopt;
  Value x = node.input(0);
  RankedTensorType type = typeOf(x);
  if (type.getRank() == 0) {
    (void)node.fail("input must have rank 1 or more");
    return std::nullopt;
  }
  bool coerced = node.opset() < 13;
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", coerced ? 1 : -1), type.getRank());
  if (!axis)
    return std::nullopt;
  if (!coerced || *axis == type.getRank() - 1)
    return std::make_pair(x, *axis);
  if (failed(requireStatic(node, x, "the input (coerced to 2-D)")))
    return std::nullopt;
  ArrayRef<int64_t> shape = type.getShape();
  restore.assign(shape.begin(), shape.end());
  Value flat = reshapeTo(node, x,
                         {product(shape.take_front(*axis)),
                          product(shape.drop_front(*axis))});
  return std::make_pair(flat, int64_t(1));
}

template <typename OpT> LogicalResult convertSoftmax(NodeContext &node) {
  SmallVector<int64_t> restore;
  auto view = softmaxView(node, restore);
  if (!view)
    return failure();
  Value result = node.create<OpT>(view->first, view->second);
  return node.setResults(
      {restore.empty() ? result : reshapeTo(node, result, restore)});
}

/// Hardmax: 1 at the first maximum along the axis, 0 elsewhere, as the
/// comparison of the argmax with an iota along the axis.
LogicalResult convertHardmax(NodeContext &node) {
  SmallVector<int64_t> restore;
  auto view = softmaxView(node, restore);
  if (!view)
    return failure();
  auto [value, axis] = *view;
  RankedTensorType type = typeOf(value);
  if (type.hasStaticShape() && type.getNumElements() == 0)
    return node.setResults({node.input(0)}); // nothing to select
  if (failed(requireStatic(node, value, "the input")))
    return failure();
  Value argmax = node.create<ArgMaxOp>(value, axis, /*keepdims=*/true);
  // Positions along the axis only; the comparison broadcasts them.
  SmallVector<int64_t> positionsShape(type.getRank(), 1);
  positionsShape[axis] = type.getDimSize(axis);
  Value positions = node.createTyped<IotaOp>(
      RankedTensorType::get(positionsShape, node.builder().getI64Type()), axis);
  Value isMax = node.create<CompareOp>(ComparePredicate::eq, positions, argmax);
  Value result = isMax ? node.createTyped<CastOp>(type, isMax) : Value();
  return node.setResults(
      {restore.empty() ? result : reshapeTo(node, result, restore)});
}

} // namespace

void registerNNConverters(ConverterRegistry &registry) {
  registry.add("MatMul", convertMatMul);
  registry.add("Gemm", convertGemm);
  registry.add("Einsum", convertEinsum);
  registry.add("Conv", convertConv);
  registry.add("ConvTranspose", convertConvTranspose);
  registry.add("MaxPool", convertMaxPool);
  registry.add("AveragePool", convertAveragePool);
  registry.add("GlobalAveragePool", convertGlobalPool<ReduceMeanOp>);
  registry.add("GlobalMaxPool", convertGlobalPool<ReduceMaxOp>);
  registry.add("BatchNormalization", convertBatchNormalization);
  registry.add("InstanceNormalization", convertInstanceNormalization);
  registry.add("LayerNormalization", convertLayerNormalization);
  registry.add("Softmax", convertSoftmax<SoftmaxOp>);
  registry.add("LogSoftmax", convertSoftmax<LogSoftmaxOp>);
  registry.add("Hardmax", convertHardmax);
}

} // namespace loom::onnx_import
