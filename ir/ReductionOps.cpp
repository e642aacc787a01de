//===- ReductionOps.cpp - Reduction loom ops ----------------------------------===//
//
// Part of the Loom project.
//
// Type inference, verifiers and folders of the axis reductions, arg
// reductions, cumsum and top-k. Folders only remove ops that compute nothing;
// constant operands are folded by `loom-fold-constants` through the evaluator.
//
//===----------------------------------------------------------------------===//

#include "ir/LoomOps.h"

#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace loom;

namespace {

/// A reduction whose result type is its input type reduces nothing: either
/// `axes` is empty, or every reduced dimension has static size 1 and is kept.
/// Each element is then combined with the identity only (x + -0.0, x / 1,
/// max(-inf, x), x * 1), which gives x back exactly.
OpFoldResult foldReductionOfNothing(Value input, Type resultType) {
  return input.getType() == resultType ? input : nullptr;
}

/// The type of an arg reduction: `input` reduced over `axis` with i64
/// elements. An axis of static size 0 has no index to return.
LogicalResult inferArgReducedType(MLIRContext *context,
                                  std::optional<Location> location, Type input,
                                  int64_t axis, bool keepDims,
                                  SmallVectorImpl<Type> &results) {
  SmallVector<Type, 1> reduced;
  if (failed(inferReducedType(location, input, {axis}, keepDims, reduced)))
    return failure();
  if (cast<RankedTensorType>(input).getDimSize(axis) == 0)
    return emitOptionalError(location, "axis ", axis,
                             " has size 0, so there is no index to return");
  results.push_back(cast<RankedTensorType>(reduced.front())
                        .clone(IntegerType::get(context, 64)));
  return success();
}

/// Along an axis of size 1 every index is 0.
OpFoldResult foldArgReductionOfOne(Value input, int64_t axis,
                                   RankedTensorType resultType) {
  if (cast<RankedTensorType>(input.getType()).getDimSize(axis) != 1 ||
      !resultType.hasStaticShape())
    return nullptr;
  return DenseElementsAttr::get(resultType, APInt(64, 0));
}

} // namespace

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

// I64Attr accessors return uint64_t: read the axis as signed.
LogicalResult CumSumOp::verify() {
  int64_t rank = getInput().getType().getRank();
  auto axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis >= rank)
    return emitOpError("axis ") << axis << " is out of range for rank " << rank;
  return success();
}

// An inclusive running sum over one element is that element.
OpFoldResult CumSumOp::fold(FoldAdaptor) {
  auto axis = static_cast<int64_t>(getAxis());
  if (getExclusive() || getInput().getType().getDimSize(axis) != 1)
    return nullptr;
  return getInput();
}

// Both results take the input's shape with `k` along the axis. I64Attr
// accessors return uint64_t: read the axis and k as signed.
LogicalResult TopKOp::inferReturnTypes(MLIRContext *context,
                                       std::optional<Location> location,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  int64_t rank = inputType.getRank();
  auto axis = static_cast<int64_t>(adaptor.getAxis());
  auto k = static_cast<int64_t>(adaptor.getK());
  if (axis < 0 || axis >= rank)
    return emitOptionalError(location, "axis ", axis,
                             " is out of range for rank ", rank);
  int64_t size = inputType.getDimSize(axis);
  if (k < 0)
    return emitOptionalError(location, "k ", k, " is negative");
  if (!ShapedType::isDynamic(size) && k > size)
    return emitOptionalError(location, "k ", k, " exceeds the size ", size,
                             " of axis ", axis);
  SmallVector<int64_t> shape(inputType.getShape());
  shape[axis] = k;
  results.push_back(inputType.clone(shape));
  results.push_back(
      RankedTensorType::get(shape, IntegerType::get(context, 64)));
  return success();
}
