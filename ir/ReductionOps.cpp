//===- ReductionOps.cpp - Reduction loom ops ----------------------------------===//
//
// Part of the Loom project.
//
// Type inference of the axis reductions, arg reductions and cumsum.
//
//===----------------------------------------------------------------------===//

#include "ir/LoomOps.h"

#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace loom;

#define GET_OP_CLASSES
#include "ir/LoomReductionOps.cpp.inc"

LogicalResult loom::inferReducedType(std::optional<Location> location,
                                     Type input, ArrayRef<int64_t> axes,
                                     bool keepDims,
                                     SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(input);
  int64_t rank = inputType.getRank();
  llvm::SmallBitVector reduced(rank);
  for (int64_t axis : axes) {
    if (axis < 0 || axis >= rank)
      return emitOptionalError(location, "axis ", axis,
                               " is out of range for rank ", rank);
    if (reduced.test(axis))
      return emitOptionalError(location, "axis ", axis, " is repeated");
    reduced.set(axis);
  }
  SmallVector<int64_t> shape;
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (!reduced.test(dim))
      shape.push_back(inputType.getDimSize(dim));
    else if (keepDims)
      shape.push_back(1);
  }
  results.push_back(RankedTensorType::get(shape, inputType.getElementType()));
  return success();
}
