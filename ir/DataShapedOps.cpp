//===- DataShapedOps.cpp - Ops whose result size depends on data ----------===//
//
// Part of the Loom project.
//
// Type inference of nonzero and compress: the flat result at its bound and
// the rank of the dims result. The actual sizes are the evaluator's and the
// kernels' to compute.
//
//===----------------------------------------------------------------------===//

#include "ir/LoomOps.h"

#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace loom;

#define GET_OP_CLASSES
#include "ir/LoomDataShapedOps.cpp.inc"

namespace {

/// `a * b`, dynamic when either is.
int64_t mulDims(int64_t a, int64_t b) {
  if (ShapedType::isDynamic(a) || ShapedType::isDynamic(b))
    return ShapedType::kDynamic;
  return a * b;
}

/// The element count of `type`, dynamic when a dimension is.
int64_t numElements(RankedTensorType type) {
  int64_t count = 1;
  for (int64_t dim : type.getShape())
    count = mulDims(count, dim);
  return count;
}

RankedTensorType dimsType(MLIRContext *context, int64_t rank) {
  return RankedTensorType::get({rank}, IntegerType::get(context, 64));
}

} // namespace

bool loom::isDataShaped(Operation *op) {
  return isa<
#define GET_OP_LIST
#include "ir/LoomDataShapedOps.cpp.inc"
      ,
#define GET_OP_LIST
#include "ir/LoomDataShapedAxesOps.cpp.inc"
      ,
#define GET_OP_LIST
#include "ir/LoomDataShapedViewOps.cpp.inc"
      >(op);
}

SmallVector<bool> loom::dimsResults(Operation *op) {
  auto function = cast<FunctionOpInterface>(op);
  SmallVector<bool> dims(function.getNumResults(), false);
  for (unsigned i = 0; i < function.getNumResults(); ++i)
    if (auto shape = function.getResultAttrOfType<DataShapeAttr>(
            i, LoomDialect::DataShapeAttrHelper::getNameStr()))
      if (shape.getDims() < dims.size())
        dims[shape.getDims()] = true;
  return dims;
}

LogicalResult NonZeroOp::inferReturnTypes(MLIRContext *context,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  int64_t rank = inputType.getRank();
  if (rank == 0)
    return emitOptionalError(location, "input must have rank 1 at least");
  results.push_back(RankedTensorType::get({mulDims(rank, numElements(inputType))},
                                          IntegerType::get(context, 64)));
  results.push_back(dimsType(context, 2));
  return success();
}

int64_t CompressOp::sliceBound(RankedTensorType input,
                               RankedTensorType condition,
                               std::optional<int64_t> axis) {
  int64_t size = axis ? input.getDimSize(*axis) : numElements(input);
  int64_t length = condition.getDimSize(0);
  if (ShapedType::isDynamic(size) || ShapedType::isDynamic(length))
    return ShapedType::kDynamic;
  return std::min(size, length);
}

LogicalResult CompressOp::inferReturnTypes(MLIRContext *context,
                                           std::optional<Location> location,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto conditionType = cast<RankedTensorType>(adaptor.getCondition().getType());
  int64_t rank = inputType.getRank();
  std::optional<int64_t> axis;
  if (IntegerAttr attr = adaptor.getAxisAttr()) {
    axis = attr.getInt();
    if (*axis < 0 || *axis >= rank)
      return emitOptionalError(location, "axis ", *axis,
                               " is out of range for input of rank ", rank);
  }
  if (conditionType.getRank() != 1)
    return emitOptionalError(location, "condition must have rank 1, not ",
                             conditionType.getRank());
  int64_t size = axis ? inputType.getDimSize(*axis) : numElements(inputType);
  int64_t length = conditionType.getDimSize(0);
  if (!ShapedType::isDynamic(size) && !ShapedType::isDynamic(length) &&
      length > size)
    return emitOptionalError(location, "condition has ", length,
                             " entries, more than the ", size,
                             axis ? " slices along axis " + std::to_string(*axis)
                                  : std::string(" elements of the input"));
  int64_t slices = sliceBound(inputType, conditionType, axis);
  int64_t bound = slices;
  if (axis)
    for (auto [dim, extent] : llvm::enumerate(inputType.getShape()))
      if (static_cast<int64_t>(dim) != *axis)
        bound = mulDims(bound, extent);
  results.push_back(RankedTensorType::get({bound}, inputType.getElementType()));
  results.push_back(dimsType(context, axis ? rank : 1));
  return success();
}

LogicalResult UniqueOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  int64_t rank = inputType.getRank();
  int64_t slices = numElements(inputType);
  std::optional<int64_t> axis;
  if (IntegerAttr attr = adaptor.getAxisAttr()) {
    axis = attr.getInt();
    if (*axis < 0 || *axis >= rank)
      return emitOptionalError(location, "axis ", *axis,
                               " is out of range for input of rank ", rank);
    slices = inputType.getDimSize(*axis);
  }
  Type i64 = IntegerType::get(context, 64);
  auto list = RankedTensorType::get({slices}, i64);
  results.push_back(RankedTensorType::get({numElements(inputType)},
                                          inputType.getElementType()));
  results.push_back(dimsType(context, axis ? rank : 1));
  results.append({list, list, list});
  results.push_back(dimsType(context, 1));
  return success();
}

LogicalResult NonMaxSuppressionOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  auto boxes = cast<RankedTensorType>(adaptor.getBoxes().getType());
  auto scores = cast<RankedTensorType>(adaptor.getScores().getType());
  if (boxes.getRank() != 3 || scores.getRank() != 3)
    return emitOptionalError(location, "boxes and scores must have rank 3, "
                             "not ", boxes.getRank(), " and ",
                             scores.getRank());
  auto agree = [](int64_t a, int64_t b) {
    return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
  };
  if (!agree(boxes.getDimSize(2), 4))
    return emitOptionalError(location, "boxes must have 4 coordinates in "
                             "dimension 2, not ", boxes.getDimSize(2));
  if (!agree(boxes.getDimSize(0), scores.getDimSize(0)) ||
      !agree(boxes.getDimSize(1), scores.getDimSize(2)))
    return emitOptionalError(location, "scores ", scores,
                             " do not match boxes ", boxes,
                             " (batches, classes, boxes)");
  int64_t center = adaptor.getCenterPointBox();
  if (center != 0 && center != 1)
    return emitOptionalError(location, "center_point_box must be 0 or 1, not ",
                             center);
  SmallVector<Value> scalars = {adaptor.getMaxOutputBoxesPerClass(),
                                adaptor.getIouThreshold()};
  if (adaptor.getScoreThreshold())
    scalars.push_back(adaptor.getScoreThreshold());
  for (Value scalar : scalars) {
    int64_t count = numElements(cast<RankedTensorType>(scalar.getType()));
    if (!ShapedType::isDynamic(count) && count != 1)
      return emitOptionalError(location, "the limit and thresholds hold one "
                               "value each, not ", count);
  }
  int64_t rows = mulDims(mulDims(scores.getDimSize(0), scores.getDimSize(1)),
                         scores.getDimSize(2));
  results.push_back(RankedTensorType::get({mulDims(rows, 3)},
                                          IntegerType::get(context, 64)));
  results.push_back(dimsType(context, 2));
  return success();
}

LogicalResult ReshapeToShapeOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto shapeType = cast<RankedTensorType>(adaptor.getShape().getType());
  if (shapeType.getRank() != 1 || shapeType.isDynamicDim(0) ||
      shapeType.getDimSize(0) < 1)
    return emitOptionalError(location, "shape must be a rank-1 tensor of "
                             "static length 1 or more, not ", shapeType);
  int64_t count = numElements(inputType);
  if (count == 0)
    count = 1;
  results.push_back(RankedTensorType::get({count}, inputType.getElementType()));
  results.push_back(dimsType(context, shapeType.getDimSize(0)));
  return success();
}

int64_t ReshapeToShapeOp::dimBound(RankedTensorType input) {
  if (int64_t count = input.getNumElements())
    return count;
  int64_t largest = 1;
  for (int64_t dim : input.getShape())
    largest = std::max(largest, dim);
  return largest;
}
