//===- IndexingOps.cpp - Indexing loom ops -------------------------------------===//
//
// Part of the Loom project.
//
// Type inference and verification of gathers, scatters and resize.
//
//===----------------------------------------------------------------------===//

#include "ir/LoomOps.h"

using namespace mlir;
using namespace loom;

#define GET_OP_CLASSES
#include "ir/LoomIndexingOps.cpp.inc"

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  auto dataType = cast<RankedTensorType>(adaptor.getData().getType());
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= dataType.getRank())
    return emitOptionalError(location, "axis ", axis,
                             " is out of range for data of rank ",
                             dataType.getRank());
  ArrayRef<int64_t> data = dataType.getShape();
  SmallVector<int64_t> shape(data.begin(), data.begin() + axis);
  llvm::append_range(shape, indicesType.getShape());
  shape.append(data.begin() + axis + 1, data.end());
  results.push_back(RankedTensorType::get(shape, dataType.getElementType()));
  return success();
}
