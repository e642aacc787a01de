//===- IndexingOps.cpp - Indexing loom ops -------------------------------------===//
//
// Part of the Loom project.
//
// Type inference, verification and folders of gathers, scatters and resize.
// Shape checks compare sizes only where both are static; the evaluator
// checks index values, which are only known at run time.
//
//===----------------------------------------------------------------------===//

#include "ir/LoomOps.h"

#include <cmath>
#include <cstdio>

using namespace mlir;
using namespace loom;

#define GET_OP_CLASSES
#include "ir/LoomIndexingOps.cpp.inc"

namespace {

/// A double as "%g" prints it ("0.6", "2"), for messages about scales.
std::string formatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}

/// Checks that `axis` lies in [0, rank).
LogicalResult checkAxis(std::optional<Location> location, int64_t axis,
                        int64_t rank) {
  if (axis < 0 || axis >= rank)
    return emitOptionalError(location, "axis ", axis,
                             " is out of range for data of rank ", rank);
  return success();
}

/// The shape rule shared by gather_elements and scatter: `indices` has the
/// rank of `data` and is no larger than it along every dimension but `axis`.
LogicalResult checkAlongAxisShape(std::optional<Location> location,
                                  RankedTensorType data,
                                  RankedTensorType indices, int64_t axis) {
  if (indices.getRank() != data.getRank())
    return emitOptionalError(location, "indices has rank ", indices.getRank(),
                             " but data has rank ", data.getRank());
  for (int64_t dim = 0; dim < data.getRank(); ++dim) {
    int64_t indexSize = indices.getDimSize(dim);
    int64_t dataSize = data.getDimSize(dim);
    if (dim == axis || ShapedType::isDynamic(indexSize) ||
        ShapedType::isDynamic(dataSize) || indexSize <= dataSize)
      continue;
    return emitOptionalError(location, "indices dimension ", dim, " has size ",
                             indexSize, " but data's has only ", dataSize);
  }
  return success();
}

/// gather_nd and scatter_nd hold index tuples along the last dimension of
/// `indices`, and index at least one dimension of `data`.
LogicalResult checkTupleOperands(std::optional<Location> location,
                                 RankedTensorType data,
                                 RankedTensorType indices) {
  if (data.getRank() < 1)
    return emitOptionalError(location,
                             "data must have rank at least 1, got a scalar");
  if (indices.getRank() < 1)
    return emitOptionalError(location,
                             "indices must have rank at least 1, got a scalar");
  return success();
}

/// The size of the index tuples of gather_nd/scatter_nd, `indices.shape[-1]`,
/// which must be static and lie in [1, maxSize].
FailureOr<int64_t> indexTupleSize(std::optional<Location> location,
                                  RankedTensorType indices, int64_t maxSize) {
  int64_t size = indices.getShape().back();
  if (ShapedType::isDynamic(size))
    return emitOptionalError(location,
                             "the last dimension of indices must be static");
  if (size < 1 || size > maxSize)
    return emitOptionalError(location, "the last dimension of indices is ",
                             size, " but must lie in [1, ", maxSize, "]");
  return size;
}

/// Scatters combine elements arithmetically unless the reduction is `none`.
LogicalResult verifyReduction(Operation *op, Type dataType,
                              ScatterReduction reduction) {
  if (reduction != ScatterReduction::none &&
      getElementTypeOrSelf(dataType).isInteger(1))
    return op->emitOpError("reduction ")
           << stringifyScatterReduction(reduction)
           << " needs numbers, but the elements are i1";
  return success();
}

/// A scatter without updates returns its data unchanged.
OpFoldResult foldEmptyScatter(Operation *op, Value data, Value updates) {
  auto updatesType = cast<RankedTensorType>(updates.getType());
  if (updatesType.hasStaticShape() && updatesType.getNumElements() == 0 &&
      data.getType() == op->getResult(0).getType())
    return data;
  return nullptr;
}

} // namespace

//===----------------------------------------------------------------------===//
// GatherOp
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  int64_t axis = adaptor.getAxis();
  if (failed(checkAxis(location, axis, dataType.getRank())))
    return failure();
  ArrayRef<int64_t> data = dataType.getShape();
  SmallVector<int64_t> shape(data.begin(), data.begin() + axis);
  llvm::append_range(shape, indicesType.getShape());
  shape.append(data.begin() + axis + 1, data.end());
  results.push_back(RankedTensorType::get(shape, dataType.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// GatherElementsOp
//===----------------------------------------------------------------------===//

LogicalResult GatherElementsOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  int64_t axis = adaptor.getAxis();
  if (failed(checkAxis(location, axis, dataType.getRank())) ||
      failed(checkAlongAxisShape(location, dataType, indicesType, axis)))
    return failure();
  results.push_back(
      RankedTensorType::get(indicesType.getShape(), dataType.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// GatherNdOp
//===----------------------------------------------------------------------===//

LogicalResult GatherNdOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> location,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &results) {
  auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  if (failed(checkTupleOperands(location, dataType, indicesType)))
    return failure();
  int64_t batchDims = adaptor.getBatchDims();
  int64_t rank = dataType.getRank();
  int64_t indicesRank = indicesType.getRank();
  int64_t batchLimit = std::min(rank, indicesRank);
  if (batchDims < 0 || batchDims >= batchLimit)
    return emitOptionalError(location, "batch_dims ", batchDims,
                             " must lie in [0, ", batchLimit,
                             "), below the ranks of data (", rank,
                             ") and indices (", indicesRank, ")");
  FailureOr<int64_t> tupleSize =
      indexTupleSize(location, indicesType, rank - batchDims);
  if (failed(tupleSize))
    return failure();

  ArrayRef<int64_t> data = dataType.getShape();
  ArrayRef<int64_t> indices = indicesType.getShape();
  SmallVector<int64_t> shape;
  for (int64_t dim = 0; dim < batchDims; ++dim) {
    if (!ShapedType::isDynamic(data[dim]) &&
        !ShapedType::isDynamic(indices[dim]) && data[dim] != indices[dim])
      return emitOptionalError(location, "batch dimension ", dim, " has size ",
                               data[dim], " in data but ", indices[dim],
                               " in indices");
    // Keep whichever side knows the size.
    shape.push_back(ShapedType::isDynamic(indices[dim]) ? data[dim]
                                                        : indices[dim]);
  }
  shape.append(indices.begin() + batchDims, indices.end() - 1);
  shape.append(data.begin() + batchDims + *tupleSize, data.end());
  results.push_back(RankedTensorType::get(shape, dataType.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// ScatterOp
//===----------------------------------------------------------------------===//

LogicalResult ScatterOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> location,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  auto updatesType = cast<RankedTensorType>(adaptor.getUpdates().getType());
  int64_t axis = adaptor.getAxis();
  if (failed(checkAxis(location, axis, dataType.getRank())) ||
      failed(checkAlongAxisShape(location, dataType, indicesType, axis)))
    return failure();
  if (failed(verifyCompatibleShape(indicesType.getShape(),
                                   updatesType.getShape())))
    return emitOptionalError(
        location, "updates has shape ", formatShape(updatesType.getShape()),
        " but indices has shape ", formatShape(indicesType.getShape()));
  results.push_back(dataType);
  return success();
}

LogicalResult ScatterOp::verify() {
  return verifyReduction(*this, getData().getType(), getReduction());
}

OpFoldResult ScatterOp::fold(FoldAdaptor) {
  return foldEmptyScatter(*this, getData(), getUpdates());
}

//===----------------------------------------------------------------------===//
// ScatterNdOp
//===----------------------------------------------------------------------===//

LogicalResult ScatterNdOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  auto updatesType = cast<RankedTensorType>(adaptor.getUpdates().getType());
  if (failed(checkTupleOperands(location, dataType, indicesType)))
    return failure();
  FailureOr<int64_t> tupleSize =
      indexTupleSize(location, indicesType, dataType.getRank());
  if (failed(tupleSize))
    return failure();
  ArrayRef<int64_t> indices = indicesType.getShape();
  ArrayRef<int64_t> data = dataType.getShape();
  SmallVector<int64_t> expected(indices.begin(), indices.end() - 1);
  expected.append(data.begin() + *tupleSize, data.end());
  if (failed(verifyCompatibleShape(expected, updatesType.getShape())))
    return emitOptionalError(
        location, "updates has shape ", formatShape(updatesType.getShape()),
        " but indices and data require ", formatShape(expected),
        " (indices.shape[:-1] + data.shape[", *tupleSize, ":])");
  results.push_back(dataType);
  return success();
}

LogicalResult ScatterNdOp::verify() {
  return verifyReduction(*this, getData().getType(), getReduction());
}

OpFoldResult ScatterNdOp::fold(FoldAdaptor) {
  return foldEmptyScatter(*this, getData(), getUpdates());
}

//===----------------------------------------------------------------------===//
// ResizeOp
//===----------------------------------------------------------------------===//

LogicalResult ResizeOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto resultType = cast<RankedTensorType>(getType());
  if (inputType.getElementType() != resultType.getElementType())
    return emitOpError("result element type ")
           << resultType.getElementType() << " differs from the input's "
           << inputType.getElementType();
  int64_t rank = inputType.getRank();
  if (resultType.getRank() != rank)
    return emitOpError("result has rank ")
           << resultType.getRank() << " but the input has rank " << rank;
  // Cubic and crop-and-resize belong to loom.runtime_resize; the importer
  // builds them from other ops when the sizes are static.
  if (getMode() == ResizeMode::cubic)
    return emitOpError("mode cubic is only loom.runtime_resize's");
  if (getCoordinateTransform() == CoordinateTransform::tf_crop_and_resize)
    return emitOpError(
        "coordinate_transform tf_crop_and_resize is only loom.runtime_resize's");
  if (getNearestRounding() == NearestRounding::floor_growing_ceil_shrinking)
    return emitOpError("nearest_rounding floor_growing_ceil_shrinking is only "
                       "loom.runtime_resize's (the importer resizes the "
                       "growing and the shrinking dimensions apart)");
  ArrayRef<double> scales = getScales();
  if (static_cast<int64_t>(scales.size()) != rank)
    return emitOpError("scales has ")
           << scales.size() << " entries but the input has rank " << rank;
  for (auto [dim, scale] : llvm::enumerate(scales)) {
    if (!(scale > 0) || std::isinf(scale))
      return emitOpError("scale ") << formatNumber(scale) << " of dimension "
                                   << dim << " must be positive and finite";
    int64_t in = inputType.getDimSize(dim);
    int64_t out = resultType.getDimSize(dim);
    if (ShapedType::isDynamic(in) || ShapedType::isDynamic(out))
      continue;
    // Within 1 accepts both ONNX's floor(size * scale) and sizes an
    // importer rounded when it derived the scales from target sizes.
    double product = static_cast<double>(in) * scale;
    if (!(std::abs(static_cast<double>(out) - product) < 1))
      return emitOpError("result dimension ")
             << dim << " has size " << out << " but input size " << in
             << " times scale " << formatNumber(scale) << " is "
             << formatNumber(product);
  }
  return success();
}

// With every scale 1 each coordinate transform maps x to x, except
// tf_half_pixel_for_nn's x + 0.5, which only rounds back down to x.
OpFoldResult ResizeOp::fold(FoldAdaptor) {
  if (getInput().getType() != getType() ||
      llvm::any_of(getScales(), [](double scale) { return scale != 1.0; }))
    return nullptr;
  if (getCoordinateTransform() == CoordinateTransform::tf_half_pixel_for_nn) {
    NearestRounding rounding = getNearestRounding();
    if (getMode() != ResizeMode::nearest ||
        (rounding != NearestRounding::round_prefer_floor &&
         rounding != NearestRounding::floor))
      return nullptr;
  }
  return getInput();
}
