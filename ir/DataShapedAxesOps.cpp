//===- DataShapedAxesOps.cpp - Ops on axes given at run time --------------===//
//
// Part of the Loom project.
//
// Type inference of runtime_unsqueeze, runtime_squeeze and
// runtime_reduce_sum: the result flat at the input's element count (at
// least 1) and a dims result of the rank the number of axes gives; of
// runtime_pad: the result flat at bound^rank. The
// actual shapes are the evaluator's and the kernels' to compute.
//
//===----------------------------------------------------------------------===//

#include "ir/LoomOps.h"

using namespace mlir;
using namespace loom;

#define GET_OP_CLASSES
#include "ir/LoomDataShapedAxesOps.cpp.inc"

namespace {

/// Pushes the types of an op of LoomDataShapedAxesOps.td: `values` of
/// `input`'s element count (at least 1) and a dims result of rank
/// `input`'s rank + `rankChange` times the number of axes; fails when the
/// input's shape is not static, the axes are not a rank-1 tensor of static
/// length >= 1, or the result's rank would be negative.
LogicalResult inferAxesOpTypes(MLIRContext *context,
                               std::optional<Location> location, Value input,
                               Value axes, int64_t rankChange,
                               SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(input.getType());
  if (!inputType.hasStaticShape())
    return emitOptionalError(location, "input must have a static shape, not ",
                             inputType);
  auto axesType = cast<RankedTensorType>(axes.getType());
  if (axesType.getRank() != 1 || axesType.isDynamicDim(0) ||
      axesType.getDimSize(0) < 1)
    return emitOptionalError(location, "axes must be a rank-1 tensor of "
                             "static length 1 or more, not ", axesType);
  int64_t rank = inputType.getRank() + rankChange * axesType.getDimSize(0);
  if (rank < 0)
    return emitOptionalError(location, "the input of rank ",
                             inputType.getRank(), " has fewer dimensions "
                             "than the ", axesType.getDimSize(0), " axes");
  int64_t count = std::max<int64_t>(inputType.getNumElements(), 1);
  // A sum that drops dimensions has at most the largest dimension to the
  // power of its rank elements (the entry's element bound is at most the
  // product of its bounds).
  if (rankChange < 0) {
    int64_t bound = RuntimeUnsqueezeOp::dimBound(inputType), power = 1;
    for (int64_t d = 0; d < rank && power < count; ++d)
      power = power > count / bound ? count : power * bound;
    count = std::min(count, power);
  }
  results.push_back(RankedTensorType::get({count}, inputType.getElementType()));
  results.push_back(RankedTensorType::get({rank}, IntegerType::get(context, 64)));
  return success();
}

} // namespace

LogicalResult RuntimeUnsqueezeOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  return inferAxesOpTypes(context, location, adaptor.getInput(),
                          adaptor.getAxes(), 1, results);
}

LogicalResult RuntimeSqueezeOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  return inferAxesOpTypes(context, location, adaptor.getInput(),
                          adaptor.getAxes(), -1, results);
}

LogicalResult RuntimeReduceSumOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  return inferAxesOpTypes(context, location, adaptor.getInput(),
                          adaptor.getAxes(),
                          adaptor.getKeepdims() ? 0 : -1, results);
}

LogicalResult RuntimePadOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, Adaptor adaptor,
    SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  if (!inputType.hasStaticShape() || inputType.getRank() < 1)
    return emitOptionalError(location, "input must have a static shape of "
                             "rank 1 or more, not ", inputType);
  int64_t rank = inputType.getRank();
  auto padsType = cast<RankedTensorType>(adaptor.getPads().getType());
  if (padsType.getRank() != 1 || padsType.getDimSize(0) != 2 * rank)
    return emitOptionalError(location, "pads must be a rank-1 tensor of ",
                             2 * rank, " entries, not ", padsType);
  if (Value value = adaptor.getValue()) {
    auto valueType = cast<RankedTensorType>(value.getType());
    if (!valueType.hasStaticShape() || valueType.getNumElements() != 1 ||
        valueType.getElementType() != inputType.getElementType())
      return emitOptionalError(location, "value must be one element of the "
                               "input's element type, not ", valueType);
  }
  int64_t bound = adaptor.getBound();
  if (bound < 1)
    return emitOptionalError(location, "bound must be at least 1, not ",
                             bound);
  // The flat result holds bound^rank elements; past 2^40 no plan is sane.
  int64_t count = 1;
  for (int64_t d = 0; d < rank; ++d) {
    if (count > (int64_t(1) << 40) / bound)
      return emitOptionalError(location, "bound ", bound, " to the power ",
                               rank, " is too many elements");
    count *= bound;
  }
  results.push_back(RankedTensorType::get({count}, inputType.getElementType()));
  results.push_back(RankedTensorType::get({rank}, IntegerType::get(context, 64)));
  return success();
}
