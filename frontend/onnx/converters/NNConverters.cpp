//===- NNConverters.cpp - ONNX convolution and pooling ------------------===//
//
// Part of the Loom project.
//
// Conv, ConvTranspose and the pools map onto loom's sliding-window ops once
// their ONNX padding rules (auto_pad, ceil_mode, output_shape) are resolved
// into explicit pads here. MaxPool's Indices output is a running argmax
// over the kernel positions; MaxUnpool a scatter.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/converters/ConverterUtils.h"

#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"

#include <limits>

using namespace mlir;

namespace loom::onnx_import {
namespace {

/// Floor division (ONNX's formulas are written with Python's `//`).
int64_t floorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
int64_t ceilDiv(int64_t a, int64_t b) { return -floorDiv(-a, b); }

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

/// Checks that X (of type `type`, by default input 0's) is
/// `[N, C, D1, ...]` and returns its spatial sizes.
std::optional<ArrayRef<int64_t>> spatialSizes(NodeContext &node,
                                              RankedTensorType type = {}) {
  if (!type)
    type = node.inputType(0);
  if (type.getRank() < 3) {
    (void)node.fail("input X must have rank 3 or more ([N, C, D1, ...]), got "
                    "rank " +
                    Twine(type.getRank()));
    return std::nullopt;
  }
  return type.getShape().drop_front(2);
}

/// The kernel sizes of the weights W (`[*, *, K1, ...]`, by default input
/// 1), which must have the rank of X and agree with the kernel_shape
/// attribute when given.
std::optional<SmallVector<int64_t>> weightKernel(NodeContext &node,
                                                 RankedTensorType x = {},
                                                 RankedTensorType w = {}) {
  if (!x)
    x = node.inputType(0);
  if (!w)
    w = node.inputType(1);
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

} // namespace

std::optional<ConvAttributes> readConvAttributes(NodeContext &node,
                                                Value input, Value filter) {
  RankedTensorType x = typeOf(input), w = typeOf(filter);
  std::optional<ArrayRef<int64_t>> spatial = spatialSizes(node, x);
  std::optional<SmallVector<int64_t>> kernel =
      spatial ? weightKernel(node, x, w) : std::nullopt;
  std::optional<int64_t> groups = kernel ? readGroups(node) : std::nullopt;
  std::optional<Window> window =
      groups ? readWindow(node, *spatial, *kernel, /*hasDilations=*/true)
             : std::nullopt;
  if (!window)
    return std::nullopt;
  return ConvAttributes{window->strides, window->dilations, window->padLow,
                        window->padHigh, *groups};
}

Value buildConv(NodeContext &node, Value input, Value filter) {
  std::optional<ConvAttributes> attrs = readConvAttributes(node, input, filter);
  if (!attrs)
    return {};
  return node.create<ConvOp>(input, filter, attrs->strides, attrs->dilations,
                             attrs->padLow, attrs->padHigh, attrs->groups);
}

namespace {

/// Conv (opset 1 and 11 share the attributes; 11 only clarified auto_pad).
LogicalResult convertConv(NodeContext &node) {
  if (failed(requireInputs(node, {"X", "W"})))
    return failure();
  Value result = buildConv(node, node.input(0), node.input(1));
  if (!result)
    return failure();
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

/// MaxPool's Indices output: the flat index (over the whole input,
/// N * C * D1 * ...; with storage_order 1 the spatial part column-major)
/// of each window's first maximum in row-major window order. The input,
/// padded with -inf, is read once per kernel position as a strided slice;
/// a running comparison keeps the value and the index (a constant per
/// kernel position plus the sample's and channel's offset) of the first
/// strictly greater tap.
Value maxPoolIndices(NodeContext &node, Value x, const Window &window,
                     RankedTensorType resultType) {
  RankedTensorType type = typeOf(x);
  if (!type.hasStaticShape() || !resultType.hasStaticShape()) {
    (void)node.fail("output 1 (Indices) needs static shapes");
    return {};
  }
  bool columnMajor = node.intAttr("storage_order", 0) != 0;
  int64_t rank = type.getRank(), spatialRank = rank - 2;
  ArrayRef<int64_t> in = type.getShape().drop_front(2);
  ArrayRef<int64_t> out = resultType.getShape().drop_front(2);
  int64_t plane = product(in), outPlane = product(out);
  SmallVector<int64_t> low(2, 0), high(2, 0);
  llvm::append_range(low, window.padLow);
  llvm::append_range(high, window.padHigh);
  Value padded = node.create<PadOp>(
      x, low, high, PadMode::constant,
      APFloat(-std::numeric_limits<double>::infinity()));
  // The sample's and channel's offset, (n * C + c) * plane: [N, C, 1, ...].
  int64_t n = type.getDimSize(0), c = type.getDimSize(1);
  SmallVector<int64_t> offsetShape = {n, c};
  offsetShape.append(spatialRank, 1);
  Tensor offsets(DType::I64, Shape(offsetShape.begin(), offsetShape.end()));
  for (int64_t i = 0; i < n * c; ++i)
    offsets.setInt(i, i * plane);
  Value channelOffset = node.constant(offsets);
  Value best, bestIndex;
  SmallVector<int64_t> position(spatialRank, 0); // kernel position
  for (;;) {
    SmallVector<int64_t> sliceOffsets(2, 0), steps(2, 1);
    for (int64_t d = 0; d < spatialRank; ++d) {
      sliceOffsets.push_back(position[d] * window.dilations[d]);
      steps.push_back(window.strides[d]);
    }
    Value tap = node.createTyped<SliceOp>(
        resultType, padded, ArrayRef<int64_t>(sliceOffsets),
        ArrayRef<int64_t>(steps));
    // Where each output position's tap lies in the input (0 in padding,
    // which never wins).
    Tensor index(DType::I64, Shape(out.begin(), out.end()));
    for (int64_t flat = 0; flat < outPlane; ++flat) {
      int64_t rest = flat, linear = 0, stride = 1;
      SmallVector<int64_t> q(spatialRank);
      bool inside = true;
      for (int64_t d = spatialRank - 1; d >= 0; --d) {
        int64_t p = rest % out[d];
        rest /= out[d];
        q[d] = p * window.strides[d] + position[d] * window.dilations[d] -
               window.padLow[d];
        inside &= q[d] >= 0 && q[d] < in[d];
      }
      if (inside) {
        if (columnMajor) {
          for (int64_t d = 0; d < spatialRank; ++d) {
            linear += q[d] * stride;
            stride *= in[d];
          }
        } else {
          for (int64_t d = spatialRank - 1; d >= 0; --d) {
            linear += q[d] * stride;
            stride *= in[d];
          }
        }
      }
      index.setInt(flat, inside ? linear : 0);
    }
    Value tapIndex = node.create<AddOp>(channelOffset, node.constant(index));
    if (!best) {
      best = tap;
      bestIndex = tapIndex;
    } else {
      Value greater = node.create<CompareOp>(ComparePredicate::gt, tap, best);
      best = node.create<SelectOp>(greater, tap, best);
      bestIndex = node.create<SelectOp>(greater, tapIndex, bestIndex);
    }
    // Next kernel position, row-major.
    int64_t d = spatialRank - 1;
    while (d >= 0 && ++position[d] == window.kernel[d])
      position[d--] = 0;
    if (d < 0)
      break;
  }
  return bestIndex;
}

/// MaxPool: padding never wins in loom.max_pool, so ceil_mode's extra
/// padding is exact. Indices (output 1) is maxPoolIndices, for floats.
LogicalResult convertMaxPool(NodeContext &node) {
  if (failed(requireInputs(node, {"X"})))
    return failure();
  bool wantsIndices =
      node.node().output_size() > 1 && !node.node().output(1).empty();
  if (wantsIndices && !isa<FloatType>(node.inputType(0).getElementType()))
    return node.fail("output 1 (Indices, '" + node.node().output(1) +
                     "') is supported for float inputs only");
  SmallVector<int64_t> ceilExtra;
  std::optional<Window> window =
      readPoolWindow(node, /*hasDilations=*/node.opset() >= 10, ceilExtra);
  if (!window)
    return failure();
  for (auto [high, extra] : llvm::zip(window->padHigh, ceilExtra))
    high += extra;
  Value y = node.create<MaxPoolOp>(node.input(0), window->kernel,
                                   window->strides, window->dilations,
                                   window->padLow, window->padHigh);
  if (!wantsIndices || !y)
    return node.setResults({y});
  return node.setResults(
      {y, maxPoolIndices(node, node.input(0), *window, typeOf(y))});
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


/// MaxUnpool: a tensor of zeros of the unpooled shape ((in - 1) * stride -
/// pads + kernel per spatial dimension) with each X value written at its
/// flat index from I (as MaxPool's Indices give them): one scatter over the
/// flattened output, padded with zeros at the end to a larger constant
/// output_shape.
LogicalResult convertMaxUnpool(NodeContext &node) {
  if (failed(requireInputs(node, {"X", "I"})))
    return failure();
  RankedTensorType type = node.inputType(0), indexType = node.inputType(1);
  if (!type.hasStaticShape() || type.getRank() < 3 ||
      indexType.getShape() != type.getShape())
    return node.fail("X must have a static shape [N, C, D1, ...] and I the "
                     "same shape");
  SmallVector<int64_t> ceilExtra;
  std::optional<Window> window =
      readPoolWindow(node, /*hasDilations=*/false, ceilExtra);
  if (!window)
    return failure();
  SmallVector<int64_t> shape(type.getShape().take_front(2));
  for (size_t d = 0; d < window->kernel.size(); ++d)
    shape.push_back((type.getDimSize(d + 2) - 1) * window->strides[d] -
                    window->padLow[d] - window->padHigh[d] +
                    window->kernel[d]);
  // A larger output_shape keeps the indices of the unpooled shape and adds
  // zeros at the end of each dimension, as ONNX's test data has it.
  SmallVector<int64_t> extra;
  if (node.hasInput(2)) {
    std::optional<std::vector<int64_t>> given =
        node.intsInput(2, "output_shape");
    if (!given)
      return failure();
    if (given->size() != shape.size())
      return node.fail("output_shape " + formatInts(*given) + " must have " +
                       Twine(shape.size()) + " entries");
    for (size_t d = 0; d < shape.size(); ++d)
      if ((d < 2 && (*given)[d] != shape[d]) || (*given)[d] < shape[d])
        return node.fail("output_shape " + formatInts(*given) +
                         " is smaller than the unpooled shape " +
                         formatInts(shape));
    for (size_t d = 0; d < shape.size(); ++d)
      extra.push_back((*given)[d] - shape[d]);
  }
  int64_t total = product(shape), count = type.getNumElements();
  Type element = type.getElementType();
  Value zeros = node.createTyped<BroadcastToOp>(
      RankedTensorType::get({total}, element), node.scalar(element, 0));
  Value indices = castTo(node, reshapeTo(node, node.input(1), {count}),
                         node.builder().getI64Type());
  Value scattered = node.create<ScatterOp>(
      zeros, indices, reshapeTo(node, node.input(0), {count}), uint64_t{0},
      ScatterReduction::none);
  Value result = reshapeTo(node, scattered, shape);
  if (llvm::any_of(extra, [](int64_t e) { return e != 0; }))
    result = node.create<PadOp>(result, SmallVector<int64_t>(extra.size(), 0),
                                extra, PadMode::constant, APFloat(0.0));
  return node.setResults({result});
}
} // namespace

void registerNNConverters(ConverterRegistry &registry) {
  registry.add("Conv", convertConv);
  registry.add("ConvTranspose", convertConvTranspose);
  registry.add("MaxPool", convertMaxPool);
  registry.add("MaxUnpool", convertMaxUnpool);
  registry.add("AveragePool", convertAveragePool);
  registry.add("GlobalAveragePool", convertGlobalPool<ReduceMeanOp>);
  registry.add("GlobalMaxPool", convertGlobalPool<ReduceMaxOp>);
}

} // namespace loom::onnx_import
