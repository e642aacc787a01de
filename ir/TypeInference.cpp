//===- TypeInference.cpp - Shared shape and type inference -----------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "ir/TypeInference.h"

#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;

namespace loom {

bool areCompatibleTensorTypes(TypeRange inferred, TypeRange actual) {
  if (inferred.size() != actual.size())
    return false;
  for (auto [lhs, rhs] : llvm::zip(inferred, actual)) {
    auto lhsType = dyn_cast<RankedTensorType>(lhs);
    auto rhsType = dyn_cast<RankedTensorType>(rhs);
    if (!lhsType || !rhsType) {
      if (lhs != rhs)
        return false;
      continue;
    }
    if (lhsType.getElementType() != rhsType.getElementType() ||
        failed(verifyCompatibleShape(lhsType.getShape(), rhsType.getShape())))
      return false;
  }
  return true;
}

std::string formatShape(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string text;
  for (auto [index, dim] : llvm::enumerate(shape)) {
    if (index)
      text += "x";
    text += ShapedType::isDynamic(dim) ? "?" : std::to_string(dim);
  }
  return text;
}

FailureOr<SmallVector<int64_t>> broadcastShapes(std::optional<Location> location,
                                               ArrayRef<int64_t> lhs,
                                               ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Align at the trailing dimension; a missing leading dimension is 1.
    int64_t a = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t b = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (a == 1) {
      result[i] = b;
    } else if (b == 1) {
      result[i] = a;
    } else if (ShapedType::isDynamic(a)) {
      result[i] = b; // `?` must equal b at run time (or be 1: then b)
    } else if (ShapedType::isDynamic(b) || a == b) {
      result[i] = a;
    } else {
      return emitOptionalError(location, "shapes ", formatShape(lhs), " and ",
                               formatShape(rhs),
                               " do not broadcast: dimension ", i, " is ", a,
                               " against ", b);
    }
  }
  return result;
}

LogicalResult inferBroadcastType(std::optional<Location> location, Type lhs,
                                 Type rhs, Type elementType,
                                 SmallVectorImpl<Type> &results) {
  auto lhsType = cast<RankedTensorType>(lhs);
  auto rhsType = cast<RankedTensorType>(rhs);
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(location, lhsType.getShape(), rhsType.getShape());
  if (failed(shape))
    return failure();
  results.push_back(RankedTensorType::get(*shape, elementType));
  return success();
}

FailureOr<int64_t> normalizeAxis(std::optional<Location> location,
                                 StringRef what, int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return emitOptionalError(location, what, " ", axis,
                             " is out of range for rank ", rank);
  return axis < 0 ? axis + rank : axis;
}

} // namespace loom
