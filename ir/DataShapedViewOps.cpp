//===- DataShapedViewOps.cpp - Views sized at run time --------------------===//
//
// Part of the Loom project.
//
// Type inference of runtime_slice, runtime_topk and runtime_split: each
// result flat at the input's element count (at least 1) and a dims result of
// the input's rank. The input's shape must be static, since it is what
// bounds the results; the actual sizes are the evaluator's and the kernels'
// to compute.
//
//===----------------------------------------------------------------------===//

#include "ir/LoomOps.h"

using namespace mlir;
using namespace loom;

#define GET_OP_CLASSES
#include "ir/LoomDataShapedViewOps.cpp.inc"

namespace {

/// The flat type of a result of `input`'s elements (at least 1) of
/// `element` type; failure when `input`'s shape is not static or of rank 0.
FailureOr<RankedTensorType> flatType(std::optional<Location> location,
                                     RankedTensorType input, Type element) {
  if (!input.hasStaticShape() || input.getRank() == 0)
    return emitOptionalError(location,
                             "input must have a static shape of "
                             "rank 1 or more, not ",
                             input);
  int64_t count = std::max<int64_t>(input.getNumElements(), 1);
  return RankedTensorType::get({count}, element);
}

RankedTensorType dimsType(MLIRContext *context, int64_t rank) {
  return RankedTensorType::get({rank}, IntegerType::get(context, 64));
}

/// The static length of the rank-1 `value` of `what`, or failure.
FailureOr<int64_t> listLength(std::optional<Location> location, Value value,
                              StringRef what) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() != 1 || type.isDynamicDim(0))
    return emitOptionalError(location, what,
                             " must be a rank-1 tensor of "
                             "static length, not ",
                             type);
  return type.getDimSize(0);
}

LogicalResult checkAxis(std::optional<Location> location, int64_t axis,
                        int64_t rank) {
  if (axis < 0 || axis >= rank)
    return emitOptionalError(location, "axis ", axis,
                             " is out of range for input of rank ", rank);
  return success();
}

} // namespace

LogicalResult RuntimeSliceOp::inferReturnTypes(MLIRContext *context,
                                               std::optional<Location> location,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  FailureOr<RankedTensorType> flat =
      flatType(location, inputType, inputType.getElementType());
  if (failed(flat))
    return failure();
  FailureOr<int64_t> count =
      listLength(location, adaptor.getStarts(), "starts");
  if (failed(count))
    return failure();
  if (*count < 1 || *count > inputType.getRank())
    return emitOptionalError(location, "starts has ", *count,
                             " entries; it needs 1 to the input's rank ",
                             inputType.getRank());
  for (auto [value, what] :
       {std::pair<Value, StringRef>{adaptor.getEnds(), "ends"},
        {adaptor.getAxes(), "axes"},
        {adaptor.getSteps(), "steps"}}) {
    FailureOr<int64_t> length = listLength(location, value, what);
    if (failed(length))
      return failure();
    if (*length != *count)
      return emitOptionalError(location, what, " has ", *length,
                               " entries but starts has ", *count);
  }
  results.push_back(*flat);
  results.push_back(dimsType(context, inputType.getRank()));
  return success();
}

LogicalResult RuntimeTopKOp::inferReturnTypes(MLIRContext *context,
                                              std::optional<Location> location,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  FailureOr<RankedTensorType> flat =
      flatType(location, inputType, inputType.getElementType());
  if (failed(flat) ||
      failed(checkAxis(location, adaptor.getAxis(), inputType.getRank())))
    return failure();
  auto kType = cast<RankedTensorType>(adaptor.getK().getType());
  if (!kType.hasStaticShape() || kType.getNumElements() != 1)
    return emitOptionalError(location,
                             "k must be a tensor of one element, "
                             "not ",
                             kType);
  results.push_back(*flat);
  results.push_back(flat->clone(IntegerType::get(context, 64)));
  results.push_back(dimsType(context, inputType.getRank()));
  return success();
}

LogicalResult RuntimeSplitOp::inferReturnTypes(MLIRContext *context,
                                               std::optional<Location> location,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  FailureOr<RankedTensorType> flat =
      flatType(location, inputType, inputType.getElementType());
  if (failed(flat) ||
      failed(checkAxis(location, adaptor.getAxis(), inputType.getRank())))
    return failure();
  FailureOr<int64_t> parts = listLength(location, adaptor.getSplit(), "split");
  if (failed(parts))
    return failure();
  if (*parts < 1)
    return emitOptionalError(location, "split must have 1 entry or more");
  results.append(*parts, *flat);
  results.append(*parts, dimsType(context, inputType.getRank()));
  return success();
}
