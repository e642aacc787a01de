//===- DataShapedGeneratorOps.cpp - Generators of a run-time size ---------===//
//
// Part of the Loom project.
//
// Type inference of the generators (constant_of_shape, range, window,
// expand_to_shape, tile_to_repeats, runtime_one_hot, runtime_resize): the
// flat result at the product of the dimensions' bounds and the rank of the
// dims result. The actual sizes
// are the run's (the evaluator's and the CPU micro-kernels').
//
//===----------------------------------------------------------------------===//

#include "ir/LoomOps.h"

using namespace mlir;
using namespace loom;

namespace {

/// The most elements a generator's flat result may have: the product of its
/// bounds must stay far from int64 (and from any plan the arena can hold).
constexpr int64_t kMaxGeneratorElements = int64_t(1) << 40;

/// Checks `bound` and returns `bound^rank`, the flat result's length, or
/// failure (with the reason emitted) when it is too large.
FailureOr<int64_t> flatLength(std::optional<Location> location, int64_t bound,
                              int64_t rank) {
  if (bound < 1)
    return emitOptionalError(location, "bound must be 1 or more, not ", bound);
  int64_t length = 1;
  for (int64_t d = 0; d < rank; ++d) {
    if (length > kMaxGeneratorElements / bound)
      return emitOptionalError(location, "bound ", bound, " to the power ",
                               rank, " is more than ", kMaxGeneratorElements,
                               " elements");
    length *= bound;
  }
  return length;
}

/// The flat result's length for the per-dimension `bounds` (their
/// product), or failure (with the reason emitted) when it is too large.
FailureOr<int64_t> boundsLength(std::optional<Location> location,
                                ArrayRef<int64_t> bounds) {
  int64_t length = 1;
  for (int64_t dim : bounds) {
    if (length > kMaxGeneratorElements / dim)
      return emitOptionalError(location, "the result's bounds are more than ",
                               kMaxGeneratorElements, " elements");
    length *= dim;
  }
  return length;
}

Type i64(MLIRContext *context) { return IntegerType::get(context, 64); }

} // namespace

LogicalResult ConstantOfShapeOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  auto shapeType = cast<RankedTensorType>(adaptor.getShape().getType());
  if (shapeType.getRank() != 1 || shapeType.isDynamicDim(0) ||
      shapeType.getDimSize(0) < 1)
    return emitOptionalError(location, "shape must be a rank-1 tensor of "
                             "static length 1 or more, not ", shapeType);
  ElementsAttr value = adaptor.getValue();
  if (value.getNumElements() != 1)
    return emitOptionalError(location, "value must hold one element, not ",
                             value.getNumElements());
  int64_t rank = shapeType.getDimSize(0);
  FailureOr<int64_t> length =
      flatLength(location, adaptor.getBound(), rank);
  if (failed(length))
    return failure();
  results.push_back(RankedTensorType::get(
      {*length}, value.getShapedType().getElementType()));
  results.push_back(RankedTensorType::get({rank}, i64(context)));
  return success();
}

LogicalResult RangeOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location> location,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  auto start = cast<RankedTensorType>(adaptor.getStart().getType());
  for (Value operand :
       {adaptor.getStart(), adaptor.getLimit(), adaptor.getDelta()})
    if (operand.getType() != start || start.getRank() != 0)
      return emitOptionalError(location, "start, limit and delta must be "
                               "rank-0 tensors of one type, not ",
                               operand.getType());
  FailureOr<int64_t> length = flatLength(location, adaptor.getBound(), 1);
  if (failed(length))
    return failure();
  results.push_back(RankedTensorType::get({*length}, start.getElementType()));
  results.push_back(RankedTensorType::get({1}, i64(context)));
  return success();
}

LogicalResult WindowOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  auto sizeType = cast<RankedTensorType>(adaptor.getSize().getType());
  if (sizeType.getRank() != 0)
    return emitOptionalError(location, "size must be a rank-0 tensor, not ",
                             sizeType);
  Type element = adaptor.getElementType();
  if (!element.isIntOrFloat() || element.isInteger(1))
    return emitOptionalError(location, "element_type must be a number type, "
                             "not ", element);
  FailureOr<int64_t> length = flatLength(location, adaptor.getBound(), 1);
  if (failed(length))
    return failure();
  results.push_back(RankedTensorType::get({*length}, element));
  results.push_back(RankedTensorType::get({1}, i64(context)));
  return success();
}

SmallVector<int64_t> ExpandToShapeOp::dimBounds(RankedTensorType input,
                                                int64_t length, int64_t bound) {
  int64_t inputRank = input.getRank();
  int64_t rank = std::max(inputRank, length);
  SmallVector<int64_t> bounds(rank, bound);
  for (int64_t d = 0; d < inputRank; ++d) {
    int64_t size = input.getDimSize(d);
    int64_t &result = bounds[rank - inputRank + d];
    if (size == 0)
      result = 1; // 0 broadcasts with 0 or 1 only; at least 1
    else if (size != 1)
      result = size;
  }
  return bounds;
}

bool ExpandToShapeOp::needsBound(RankedTensorType input, int64_t length) {
  if (length > input.getRank())
    return true;
  return llvm::is_contained(input.getShape(), 1);
}

LogicalResult ExpandToShapeOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto shapeType = cast<RankedTensorType>(adaptor.getShape().getType());
  if (shapeType.getRank() != 1 || shapeType.isDynamicDim(0) ||
      shapeType.getDimSize(0) < 1)
    return emitOptionalError(location, "shape must be a rank-1 tensor of "
                             "static length 1 or more, not ", shapeType);
  if (!inputType.hasStaticShape())
    return emitOptionalError(location, "input must have a static shape, not ",
                             inputType);
  int64_t bound = adaptor.getBound();
  if (failed(flatLength(location, bound, 1)))
    return failure();
  SmallVector<int64_t> bounds =
      dimBounds(inputType, shapeType.getDimSize(0), bound);
  FailureOr<int64_t> length = boundsLength(location, bounds);
  if (failed(length))
    return failure();
  results.push_back(
      RankedTensorType::get({*length}, inputType.getElementType()));
  results.push_back(RankedTensorType::get({static_cast<int64_t>(bounds.size())},
                                          i64(context)));
  return success();
}

SmallVector<int64_t> TileToRepeatsOp::dimBounds(RankedTensorType input,
                                                int64_t bound) {
  SmallVector<int64_t> bounds;
  for (int64_t size : input.getShape())
    bounds.push_back(std::max(bound, size));
  return bounds;
}

LogicalResult TileToRepeatsOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto repeatsType = cast<RankedTensorType>(adaptor.getRepeats().getType());
  if (!inputType.hasStaticShape() || inputType.getRank() < 1)
    return emitOptionalError(location, "input must have a static shape of "
                             "rank 1 or more, not ", inputType);
  if (repeatsType.getRank() != 1 ||
      repeatsType.getDimSize(0) != inputType.getRank())
    return emitOptionalError(location, "repeats must be a rank-1 tensor of ",
                             inputType.getRank(), " entries, not ",
                             repeatsType);
  int64_t bound = adaptor.getBound();
  if (failed(flatLength(location, bound, 1)))
    return failure();
  FailureOr<int64_t> length =
      boundsLength(location, dimBounds(inputType, bound));
  if (failed(length))
    return failure();
  results.push_back(
      RankedTensorType::get({*length}, inputType.getElementType()));
  results.push_back(RankedTensorType::get({inputType.getRank()}, i64(context)));
  return success();
}

LogicalResult RuntimeOneHotOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  auto depthType = cast<RankedTensorType>(adaptor.getDepth().getType());
  auto offOnType = cast<RankedTensorType>(adaptor.getOffOn().getType());
  if (!indicesType.hasStaticShape())
    return emitOptionalError(location, "indices must have a static shape, "
                             "not ", indicesType);
  if (!depthType.hasStaticShape() || depthType.getNumElements() != 1)
    return emitOptionalError(location, "depth must hold one element, not ",
                             depthType);
  if (offOnType.getRank() != 1 || offOnType.getDimSize(0) != 2)
    return emitOptionalError(location, "off_on must be a rank-1 tensor of "
                             "two elements, not ", offOnType);
  int64_t rank = indicesType.getRank();
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis > rank)
    return emitOptionalError(location, "axis ", axis, " is outside 0 to ",
                             rank);
  FailureOr<int64_t> length = flatLength(location, adaptor.getBound(), 1);
  if (failed(length))
    return failure();
  int64_t count = indicesType.getNumElements();
  if (count > 0 && *length > kMaxGeneratorElements / count)
    return emitOptionalError(location, "the result's bounds are more than ",
                             kMaxGeneratorElements, " elements");
  results.push_back(RankedTensorType::get({std::max<int64_t>(count, 1) *
                                           *length},
                                          offOnType.getElementType()));
  results.push_back(RankedTensorType::get({rank + 1}, i64(context)));
  return success();
}

SmallVector<int64_t> RuntimeResizeOp::dimBounds(RankedTensorType input,
                                                int64_t bound) {
  return TileToRepeatsOp::dimBounds(input, bound);
}

LogicalResult RuntimeResizeOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto targetType = cast<RankedTensorType>(adaptor.getTarget().getType());
  if (!inputType.hasStaticShape() || inputType.getRank() < 1)
    return emitOptionalError(location, "input must have a static shape of "
                             "rank 1 or more, not ", inputType);
  int64_t rank = inputType.getRank();
  if (targetType.getRank() != 1 || targetType.getDimSize(0) != rank)
    return emitOptionalError(location, "target must be a rank-1 tensor of ",
                             rank, " scales or sizes, not ", targetType);
  bool crop = adaptor.getCoordinateTransform() ==
              CoordinateTransform::tf_crop_and_resize;
  if (Value roi = adaptor.getRoi()) {
    auto roiType = cast<RankedTensorType>(roi.getType());
    if (!crop)
      return emitOptionalError(location, "roi is given only with "
                               "coordinate_transform tf_crop_and_resize");
    if (roiType.getRank() != 1 || roiType.getDimSize(0) != 2 * rank)
      return emitOptionalError(location, "roi must be a rank-1 tensor of ",
                               2 * rank, " entries, not ", roiType);
  } else if (crop) {
    return emitOptionalError(location, "coordinate_transform "
                             "tf_crop_and_resize needs a roi");
  }
  if (failed(flatLength(location, adaptor.getBound(), 1)))
    return failure();
  FailureOr<int64_t> length =
      boundsLength(location, dimBounds(inputType, adaptor.getBound()));
  if (failed(length))
    return failure();
  results.push_back(
      RankedTensorType::get({*length}, inputType.getElementType()));
  results.push_back(RankedTensorType::get({rank}, i64(context)));
  return success();
}
