//===- NNOps.cpp - Neural-network loom ops -----------------------------------===//
//
// Part of the Loom project.
//
// Type inference and verification of matmul, convolution, pooling, softmax
// and normalization. Conv and the pools share one sliding-window rule
// (`windowOutputSizes`) so that their attributes are checked, and their
// errors worded, the same way.
//
//===----------------------------------------------------------------------===//

#include "ir/LoomOps.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace loom;

#define GET_OP_CLASSES
#include "ir/LoomNNOps.cpp.inc"

namespace {

/// The result of a matmul of `adaptor`'s operands whose elements are
/// `elementType` (matmul and matmul_integer share the shape rule).
template <typename Adaptor>
LogicalResult inferMatmulType(std::optional<Location> location,
                              Adaptor adaptor, Type elementType,
                              SmallVectorImpl<Type> &results) {
  auto lhsType = cast<RankedTensorType>(adaptor.getLhs().getType());
  auto rhsType = cast<RankedTensorType>(adaptor.getRhs().getType());
  if (lhsType.getRank() < 2 || rhsType.getRank() < 2)
    return emitOptionalError(location, "operands must have rank 2 or more, got ",
                             lhsType.getRank(), " and ", rhsType.getRank());
  ArrayRef<int64_t> lhs = lhsType.getShape(), rhs = rhsType.getShape();
  int64_t lhsK = lhs.back(), rhsK = rhs[rhs.size() - 2];
  if (!ShapedType::isDynamic(lhsK) && !ShapedType::isDynamic(rhsK) &&
      lhsK != rhsK)
    return emitOptionalError(location, "contraction sizes differ: lhs ",
                             formatShape(lhs), " has K = ", lhsK, " but rhs ",
                             formatShape(rhs), " has K = ", rhsK);
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(location, lhs.drop_back(2), rhs.drop_back(2));
  if (failed(shape))
    return failure();
  shape->push_back(lhs[lhs.size() - 2]);
  shape->push_back(rhs.back());
  results.push_back(RankedTensorType::get(*shape, elementType));
  return success();
}

} // namespace

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return inferMatmulType(location, adaptor,
                         getElementTypeOrSelf(adaptor.getLhs().getType()),
                         results);
}

LogicalResult MatmulIntegerOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  return inferMatmulType(location, adaptor, IntegerType::get(context, 32),
                         results);
}

//===----------------------------------------------------------------------===//
// Sliding windows
//===----------------------------------------------------------------------===//

namespace {

/// The attributes that place a window on the spatial dimensions. avg_pool
/// has no dilations and leaves `dilations` empty (all 1).
struct WindowAttrs {
  ArrayRef<int64_t> strides, dilations, padLow, padHigh;
};

/// Checks that `input` is `[N, C, D1..Dk]` with k >= 1.
LogicalResult checkSpatialInput(std::optional<Location> location,
                                RankedTensorType input) {
  if (input.getRank() < 3)
    return emitOptionalError(location,
                             "input must have rank 3 or more ([N, C, D1, ...]), "
                             "got rank ",
                             input.getRank());
  return success();
}

/// Checks that attribute `name` has one entry per spatial dimension and that
/// each entry is at least `minimum`.
LogicalResult checkWindowAttr(std::optional<Location> location, StringRef name,
                              ArrayRef<int64_t> values, size_t spatialRank,
                              int64_t minimum) {
  if (values.size() != spatialRank)
    return emitOptionalError(location, name, " has ", values.size(),
                             " values but the input has ", spatialRank,
                             " spatial dimensions");
  for (auto [dim, value] : llvm::enumerate(values))
    if (value < minimum)
      return emitOptionalError(location, name, " value ", value,
                               " for spatial dimension ", dim,
                               " must be at least ", minimum);
  return success();
}

/// The output sizes of a window of `window` sizes (named `windowName` in
/// messages: "kernel" or "filter") sliding over the input sizes `spatial`:
///   out = floor((D + pad_low + pad_high - dilation * (K - 1) - 1) / stride) + 1,
/// which must be at least 1. A dynamic input or window size gives a dynamic
/// output size; the attributes are checked regardless.
FailureOr<SmallVector<int64_t>>
windowOutputSizes(std::optional<Location> location, ArrayRef<int64_t> spatial,
                  StringRef windowName, ArrayRef<int64_t> window,
                  const WindowAttrs &attrs) {
  size_t rank = spatial.size();
  if (window.size() != rank)
    return emitOptionalError(location, windowName, " has ", window.size(),
                             " values but the input has ", rank,
                             " spatial dimensions");
  for (auto [dim, size] : llvm::enumerate(window))
    if (!ShapedType::isDynamic(size) && size < 1)
      return emitOptionalError(location, windowName, " size ", size,
                               " for spatial dimension ", dim,
                               " must be at least 1");
  if (failed(checkWindowAttr(location, "strides", attrs.strides, rank, 1)) ||
      (!attrs.dilations.empty() &&
       failed(checkWindowAttr(location, "dilations", attrs.dilations, rank, 1))) ||
      failed(checkWindowAttr(location, "pad_low", attrs.padLow, rank, 0)) ||
      failed(checkWindowAttr(location, "pad_high", attrs.padHigh, rank, 0)))
    return failure();

  SmallVector<int64_t> sizes;
  for (size_t dim = 0; dim < rank; ++dim) {
    int64_t input = spatial[dim], size = window[dim];
    if (ShapedType::isDynamic(input) || ShapedType::isDynamic(size)) {
      sizes.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t dilation = attrs.dilations.empty() ? 1 : attrs.dilations[dim];
    int64_t low = attrs.padLow[dim], high = attrs.padHigh[dim];
    // Attribute values are unbounded; huge ones must not overflow silently.
    std::optional<int64_t> extent =
        llvm::checkedMulAdd(dilation, size - 1, int64_t(1));
    std::optional<int64_t> padded = llvm::checkedAdd(input, low);
    if (padded)
      padded = llvm::checkedAdd(*padded, high);
    if (!extent || !padded)
      return emitOptionalError(location, "the window of spatial dimension ", dim,
                               " overflows 64-bit sizes");
    if (*padded < *extent) {
      std::string extentTerms = (windowName + " " + Twine(size)).str();
      if (!attrs.dilations.empty())
        extentTerms += ", dilation " + std::to_string(dilation);
      return emitOptionalError(
          location, "spatial dimension ", dim, " has no output: padded size ",
          *padded, " (input ", input, " + pad_low ", low, " + pad_high ", high,
          ") is smaller than the window extent ", *extent, " (", extentTerms,
          ")");
    }
    sizes.push_back((*padded - *extent) / attrs.strides[dim] + 1);
  }
  return sizes;
}

/// The result type of a pool: `[N, C, out1..outk]` in the input's element type.
LogicalResult inferPoolType(std::optional<Location> location, Type inputType,
                            ArrayRef<int64_t> kernel, const WindowAttrs &attrs,
                            SmallVectorImpl<Type> &results) {
  auto input = cast<RankedTensorType>(inputType);
  if (failed(checkSpatialInput(location, input)))
    return failure();
  ArrayRef<int64_t> shape = input.getShape();
  FailureOr<SmallVector<int64_t>> spatial =
      windowOutputSizes(location, shape.drop_front(2), "kernel", kernel, attrs);
  if (failed(spatial))
    return failure();
  SmallVector<int64_t> result(shape.take_front(2));
  llvm::append_range(result, *spatial);
  results.push_back(RankedTensorType::get(result, input.getElementType()));
  return success();
}

/// True when every window is one element without padding, which makes a
/// pool the identity.
bool isUnitWindow(ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                  ArrayRef<int64_t> padLow, ArrayRef<int64_t> padHigh) {
  auto all = [](ArrayRef<int64_t> values, int64_t expected) {
    return llvm::all_of(values, [&](int64_t v) { return v == expected; });
  };
  return all(kernel, 1) && all(strides, 1) && all(padLow, 0) && all(padHigh, 0);
}

} // namespace

namespace {

/// The result of a convolution of `adaptor`'s operands and attributes whose
/// elements are `elementType` (conv and conv_integer share the rule).
template <typename Adaptor>
LogicalResult inferConvType(std::optional<Location> location, Adaptor adaptor,
                            Type elementType, SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto filterType = cast<RankedTensorType>(adaptor.getFilter().getType());
  if (failed(checkSpatialInput(location, inputType)))
    return failure();
  if (filterType.getRank() != inputType.getRank())
    return emitOptionalError(location, "filter has rank ", filterType.getRank(),
                             " but the input has rank ", inputType.getRank(),
                             " ([O, C/groups, K1, ...] must match [N, C, D1, ...])");
  int64_t groups = adaptor.getGroups();
  if (groups < 1)
    return emitOptionalError(location, "groups ", groups, " must be at least 1");

  ArrayRef<int64_t> input = inputType.getShape(), filter = filterType.getShape();
  int64_t channels = input[1], outChannels = filter[0], groupChannels = filter[1];
  if (!ShapedType::isDynamic(channels) && channels % groups != 0)
    return emitOptionalError(location, "input channels ", channels,
                             " are not divisible by groups ", groups);
  if (!ShapedType::isDynamic(outChannels) && outChannels % groups != 0)
    return emitOptionalError(location, "output channels (filter dimension 0) ",
                             outChannels, " are not divisible by groups ",
                             groups);
  if (!ShapedType::isDynamic(channels) && !ShapedType::isDynamic(groupChannels) &&
      groupChannels != channels / groups)
    return emitOptionalError(location, "filter dimension 1 is ", groupChannels,
                             " but must be input channels / groups = ",
                             channels, " / ", groups, " = ", channels / groups);

  WindowAttrs attrs{adaptor.getStrides(), adaptor.getDilations(),
                    adaptor.getPadLow(), adaptor.getPadHigh()};
  FailureOr<SmallVector<int64_t>> spatial = windowOutputSizes(
      location, input.drop_front(2), "filter", filter.drop_front(2), attrs);
  if (failed(spatial))
    return failure();
  SmallVector<int64_t> shape{input[0], outChannels};
  llvm::append_range(shape, *spatial);
  results.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

} // namespace

LogicalResult ConvOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> location,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &results) {
  return inferConvType(location, adaptor,
                       getElementTypeOrSelf(adaptor.getInput().getType()),
                       results);
}

LogicalResult ConvIntegerOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  return inferConvType(location, adaptor, IntegerType::get(context, 32),
                       results);
}

/// out = (D - 1) * stride - pad_low - pad_high + dilation * (K - 1) +
/// output_padding + 1, at least 1; the filter is [C, O/groups, K1..Kk].
LogicalResult ConvTransposeOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> location,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto filterType = cast<RankedTensorType>(adaptor.getFilter().getType());
  if (failed(checkSpatialInput(location, inputType)))
    return failure();
  if (filterType.getRank() != inputType.getRank())
    return emitOptionalError(location, "filter has rank ", filterType.getRank(),
                             " but the input has rank ", inputType.getRank(),
                             " ([C, O/groups, K1, ...] must match [N, C, D1, ...])");
  int64_t groups = adaptor.getGroups();
  if (groups < 1)
    return emitOptionalError(location, "groups ", groups, " must be at least 1");

  ArrayRef<int64_t> input = inputType.getShape(), filter = filterType.getShape();
  int64_t channels = input[1], filterChannels = filter[0];
  if (!ShapedType::isDynamic(channels) && channels % groups != 0)
    return emitOptionalError(location, "input channels ", channels,
                             " are not divisible by groups ", groups);
  if (!ShapedType::isDynamic(channels) &&
      !ShapedType::isDynamic(filterChannels) && filterChannels != channels)
    return emitOptionalError(location, "filter dimension 0 is ", filterChannels,
                             " but must equal the input channels ", channels);

  size_t rank = input.size() - 2;
  if (failed(checkWindowAttr(location, "strides", adaptor.getStrides(), rank, 1)) ||
      failed(checkWindowAttr(location, "dilations", adaptor.getDilations(), rank, 1)) ||
      failed(checkWindowAttr(location, "pad_low", adaptor.getPadLow(), rank, 0)) ||
      failed(checkWindowAttr(location, "pad_high", adaptor.getPadHigh(), rank, 0)) ||
      failed(checkWindowAttr(location, "output_padding",
                             adaptor.getOutputPadding(), rank, 0)))
    return failure();

  SmallVector<int64_t> shape{input[0]};
  int64_t perGroup = filter[1];
  std::optional<int64_t> outChannels =
      ShapedType::isDynamic(perGroup) ? std::optional<int64_t>(ShapedType::kDynamic)
                                      : llvm::checkedMul(perGroup, groups);
  if (!outChannels)
    return emitOptionalError(location, "output channels overflow 64-bit sizes");
  shape.push_back(*outChannels);
  for (size_t dim = 0; dim < rank; ++dim) {
    int64_t size = input[dim + 2], window = filter[dim + 2];
    if (!ShapedType::isDynamic(window) && window < 1)
      return emitOptionalError(location, "filter size ", window,
                               " for spatial dimension ", dim,
                               " must be at least 1");
    if (ShapedType::isDynamic(size) || ShapedType::isDynamic(window)) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t low = adaptor.getPadLow()[dim], high = adaptor.getPadHigh()[dim];
    int64_t extra = adaptor.getOutputPadding()[dim];
    // The full scatter covers (D - 1) * stride + dilation * (K - 1) + 1
    // positions; attribute values are unbounded, so every step is checked.
    std::optional<int64_t> full =
        llvm::checkedMul(std::max<int64_t>(size - 1, 0), adaptor.getStrides()[dim]);
    std::optional<int64_t> extent =
        llvm::checkedMulAdd(adaptor.getDilations()[dim], window - 1, int64_t(1));
    if (full && extent)
      full = llvm::checkedAdd(*full, *extent);
    if (full)
      full = llvm::checkedAdd(*full, extra);
    std::optional<int64_t> pads = llvm::checkedAdd(low, high);
    if (!full || !pads)
      return emitOptionalError(location, "the result of spatial dimension ", dim,
                               " overflows 64-bit sizes");
    if (size == 0 || *full - *pads < 1)
      return emitOptionalError(
          location, "spatial dimension ", dim, " has no output: the scatter of ",
          "input size ", size, " covers ", size == 0 ? 0 : *full,
          " positions (with output_padding ", extra, "), not more than pad_low ",
          low, " + pad_high ", high);
    shape.push_back(*full - *pads);
  }
  results.push_back(RankedTensorType::get(shape, inputType.getElementType()));
  return success();
}

LogicalResult MaxPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  WindowAttrs attrs{adaptor.getStrides(), adaptor.getDilations(),
                    adaptor.getPadLow(), adaptor.getPadHigh()};
  return inferPoolType(location, adaptor.getInput().getType(),
                       adaptor.getKernel(), attrs, results);
}

OpFoldResult MaxPoolOp::fold(FoldAdaptor) {
  if (isUnitWindow(getKernel(), getStrides(), getPadLow(), getPadHigh()) &&
      getInput().getType() == getType())
    return getInput();
  return nullptr;
}

LogicalResult AvgPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  WindowAttrs attrs{adaptor.getStrides(), /*dilations=*/{}, adaptor.getPadLow(),
                    adaptor.getPadHigh()};
  return inferPoolType(location, adaptor.getInput().getType(),
                       adaptor.getKernel(), attrs, results);
}

// x / 1 is exact, so a one-element window without padding is the identity.
OpFoldResult AvgPoolOp::fold(FoldAdaptor) {
  if (isUnitWindow(getKernel(), getStrides(), getPadLow(), getPadHigh()) &&
      getInput().getType() == getType())
    return getInput();
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Softmax and normalization
//===----------------------------------------------------------------------===//

namespace {

/// Checks that `axis` lies in [0, rank).
LogicalResult checkAxis(std::optional<Location> location, int64_t axis,
                        int64_t rank) {
  if (axis < 0 || axis >= rank)
    return emitOptionalError(location, "axis ", axis,
                             " is out of range for an input of rank ", rank);
  return success();
}

/// Checks that `shape` (of operand `name`) broadcasts in the NumPy way to
/// `target`, the input's dimensions from `axis` on.
LogicalResult checkBroadcastsTo(std::optional<Location> location, StringRef name,
                                ArrayRef<int64_t> shape,
                                ArrayRef<int64_t> target, int64_t axis) {
  if (shape.size() > target.size())
    return emitOptionalError(location, name, " of shape ", formatShape(shape),
                             " has more dimensions than the normalized shape ",
                             formatShape(target));
  size_t offset = target.size() - shape.size();
  for (auto [dim, size] : llvm::enumerate(shape)) {
    int64_t expected = target[offset + dim];
    if (size == 1 || ShapedType::isDynamic(size) ||
        ShapedType::isDynamic(expected) || size == expected)
      continue;
    return emitOptionalError(location, name, " of shape ", formatShape(shape),
                             " does not broadcast to the normalized shape ",
                             formatShape(target), ": ", name, " dimension ",
                             dim, " is ", size, " but input dimension ",
                             axis + int64_t(offset + dim), " is ", expected);
  }
  return success();
}

} // namespace

namespace {
LogicalResult verifySoftmaxAxis(Operation *op, int64_t axis, int64_t rank) {
  if (axis < 0 || axis >= rank)
    return op->emitOpError("axis ")
           << axis << " is out of range for an input of rank " << rank;
  return success();
}
} // namespace

LogicalResult SoftmaxOp::verify() {
  return verifySoftmaxAxis(*this, getAxis(), getInput().getType().getRank());
}

LogicalResult LogSoftmaxOp::verify() {
  return verifySoftmaxAxis(*this, getAxis(), getInput().getType().getRank());
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  int64_t axis = adaptor.getAxis();
  if (failed(checkAxis(location, axis, inputType.getRank())))
    return failure();
  ArrayRef<int64_t> normalized = inputType.getShape().drop_front(axis);
  auto scale = cast<RankedTensorType>(adaptor.getScale().getType());
  auto bias = cast<RankedTensorType>(adaptor.getBias().getType());
  if (failed(checkBroadcastsTo(location, "scale", scale.getShape(), normalized,
                               axis)) ||
      failed(checkBroadcastsTo(location, "bias", bias.getShape(), normalized,
                               axis)))
    return failure();
  results.push_back(inputType);
  return success();
}

LogicalResult LayerNormOp::verify() {
  float epsilon = getEpsilon().convertToFloat();
  if (!(epsilon >= 0)) // also rejects NaN
    return emitOpError("epsilon ") << epsilon << " must be at least 0";
  return success();
}
