//===- NNOps.cpp - Neural-network loom ops -----------------------------------===//
//
// Part of the Loom project.
//
// Type inference and verification of matmul, convolution, pooling, softmax
// and normalization.
//
//===----------------------------------------------------------------------===//

#include "ir/LoomOps.h"

using namespace mlir;
using namespace loom;

#define GET_OP_CLASSES
#include "ir/LoomNNOps.cpp.inc"

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
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
  results.push_back(RankedTensorType::get(*shape, lhsType.getElementType()));
  return success();
}
