//===- LossConverters.cpp - ONNX loss functions ------------------------------===//
//
// Part of the Loom project.
//
// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss (opsets 12 and 13,
// which differ only in the element types they accept), composed from loom
// ops. The input has shape [N, C, d1, ...] and the target [N, d1, ...] holds
// class indices. The loss of each position is
//
//   loss[n, d] = -input[n, target[n, d], d] * weight[target[n, d]]
//
// picked with loom.gather_elements along the class axis (weight defaults to
// 1). A target equal to ignore_index contributes nothing: its loss and
// weight are 0. Such a target may lie outside [0, C), so it is replaced by
// class 0 before any gather and its results are masked afterwards.
// reduction "none" returns the losses, "sum" their sum, and "mean" the sum
// divided by the sum of the weights of the targets that are not ignored
// (the number of such targets without a weight input; 0 / 0 = NaN when all
// are ignored, as in ONNX's reference). Other targets must lie in [0, C):
// the evaluator rejects one outside [-C, C), and one in [-C, 0) counts from
// the end as gather_elements does (ONNX leaves both undefined).
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"

#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"

#include <cstdint>
#include <limits>

using namespace mlir;

namespace loom::onnx_import {
namespace {

/// True when two sizes may be equal: equal, or either is dynamic.
bool compatibleSizes(int64_t a, int64_t b) {
  return a == b || ShapedType::isDynamic(a) || ShapedType::isDynamic(b);
}

/// Checks the shapes and types of input ([N, C, d...], floats), target
/// ([N, d...], integers) and the optional weight ([C], input's element type).
LogicalResult checkLossOperands(NodeContext &node, Value input, Value target,
                                Value weight) {
  if (!input || !target)
    return node.fail("the input and the target are required");
  auto inputType = cast<RankedTensorType>(input.getType());
  auto targetType = cast<RankedTensorType>(target.getType());
  if (!isa<FloatType>(inputType.getElementType()))
    return node.fail("input 0 must have a floating-point element type");
  if (!isa<IntegerType>(targetType.getElementType()) ||
      targetType.getElementType().isInteger(1) ||
      targetType.getElementType().isInteger(8))
    return node.fail("input 1 (target) must hold int32 or int64 class indices");
  int64_t rank = inputType.getRank();
  if (rank < 2)
    return node.fail("input 0 must have shape [N, C, d1, ...], it has rank " +
                     Twine(rank));
  if (targetType.getRank() != rank - 1)
    return node.fail("input 1 (target) must have rank " + Twine(rank - 1) +
                     " to match an input of rank " + Twine(rank) +
                     ", it has rank " + Twine(targetType.getRank()));
  for (int64_t dim = 0; dim < rank - 1; ++dim) {
    int64_t inputSize = inputType.getDimSize(dim == 0 ? 0 : dim + 1);
    int64_t targetSize = targetType.getDimSize(dim);
    if (!compatibleSizes(inputSize, targetSize))
      return node.fail("input 1 (target) dimension " + Twine(dim) + " is " +
                       Twine(targetSize) + " but input 0 has " +
                       Twine(inputSize) + " there");
  }
  if (!weight)
    return success();
  auto weightType = cast<RankedTensorType>(weight.getType());
  if (weightType.getElementType() != inputType.getElementType())
    return node.fail("input 2 (weight) must have the element type of input 0");
  if (weightType.getRank() != 1 ||
      !compatibleSizes(weightType.getDimSize(0), inputType.getDimSize(1)))
    return node.fail("input 2 (weight) must have shape [C] = [" +
                     Twine(inputType.getDimSize(1)) + "]");
  return success();
}

/// The loss of NegativeLogLikelihoodLoss for log-probabilities `input`; also
/// the second half of SoftmaxCrossEntropyLoss.
Value negativeLogLikelihood(NodeContext &node, Value input, Value target,
                            Value weight) {
  if (failed(checkLossOperands(node, input, target, weight)))
    return {};
  std::string reduction = node.stringAttr("reduction", "mean");
  if (reduction != "none" && reduction != "sum" && reduction != "mean") {
    (void)node.fail("reduction '" + reduction +
                    "' is not one of 'none', 'sum', 'mean'");
    return {};
  }
  Type type = elementTypeOf(input);
  auto targetType = cast<RankedTensorType>(target.getType());

  // Ignored targets are replaced by class 0, which always exists. An
  // ignore_index that an int32 target cannot hold matches no target.
  Value valid;
  int64_t ignoreIndex = node.intAttr("ignore_index", 0);
  bool ignoreFits = targetType.getElementType().isInteger(64) ||
                    (ignoreIndex >= std::numeric_limits<int32_t>::min() &&
                     ignoreIndex <= std::numeric_limits<int32_t>::max());
  if (node.hasAttribute("ignore_index") && ignoreFits) {
    Value ignored = node.scalar(targetType.getElementType(), ignoreIndex);
    valid = node.create<CompareOp>(ComparePredicate::ne, target, ignored);
    target = node.create<SelectOp>(
        valid, target, node.scalar(targetType.getElementType(), 0));
  }

  // -input[n, target[n, d], d], with the class axis added to the target
  // for gather_elements and removed from its result.
  SmallVector<int64_t> pickShape(targetType.getShape());
  pickShape.insert(pickShape.begin() + 1, 1);
  Value classes =
      node.createTyped<ReshapeOp>(targetType.clone(pickShape), target);
  Value picked = node.create<GatherElementsOp>(input, classes, 1);
  Value loss = node.create<NegOp>(node.createTyped<ReshapeOp>(
      targetType.clone(type), picked));

  Value weights;
  if (weight) {
    weights = node.create<GatherOp>(weight, target, 0);
    loss = node.create<MulOp>(loss, weights);
  }
  if (valid) {
    Value zero = node.scalar(type, 0);
    loss = node.create<SelectOp>(valid, loss, zero);
    weights = node.create<SelectOp>(valid, weights ? weights
                                                   : node.scalar(type, 1),
                                    zero);
  }
  if (reduction == "none" || !loss)
    return loss;

  SmallVector<int64_t> all;
  for (int64_t dim = 0; dim < targetType.getRank(); ++dim)
    all.push_back(dim);
  if (reduction == "mean" && !weights)
    return node.create<ReduceMeanOp>(loss, all, /*keepdims=*/false);
  Value sum = node.create<ReduceSumOp>(loss, all, /*keepdims=*/false);
  if (reduction == "sum")
    return sum;
  return node.create<DivOp>(
      sum, node.create<ReduceSumOp>(weights, all, /*keepdims=*/false));
}

LogicalResult convertNegativeLogLikelihoodLoss(NodeContext &node) {
  return node.setResults({negativeLogLikelihood(
      node, node.input(0), node.input(1), node.input(2))});
}

/// log_softmax over the class axis, then the NLL loss; the optional second
/// output is the log_softmax itself.
LogicalResult convertSoftmaxCrossEntropyLoss(NodeContext &node) {
  if (failed(checkLossOperands(node, node.input(0), node.input(1),
                               node.input(2))))
    return failure();
  Value logProb = node.create<LogSoftmaxOp>(node.input(0), 1);
  Value loss = negativeLogLikelihood(node, logProb, node.input(1),
                                     node.input(2));
  return node.setResults({loss, logProb});
}

} // namespace

void registerLossConverters(ConverterRegistry &registry) {
  registry.add("NegativeLogLikelihoodLoss", convertNegativeLogLikelihoodLoss);
  registry.add("SoftmaxCrossEntropyLoss", convertSoftmaxCrossEntropyLoss);
}

} // namespace loom::onnx_import
