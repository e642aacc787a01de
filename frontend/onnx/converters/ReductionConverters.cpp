//===- ReductionConverters.cpp - ONNX reductions -----------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"

#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"

using namespace mlir;

namespace loom::onnx_import {
namespace {

/// Axes of a Reduce* node: an attribute before opset 13 (18 for most
/// reductions other than ReduceSum), an optional constant input after.
/// Missing axes reduce everything unless noop_with_empty_axes.
std::optional<SmallVector<int64_t>> reductionAxes(NodeContext &node,
                                                  bool axesAreInput) {
  int64_t rank = node.inputType(0).getRank();
  std::vector<int64_t> axes;
  if (axesAreInput) {
    if (node.hasInput(1)) {
      std::optional<std::vector<int64_t>> values = node.intsInput(1, "axes");
      if (!values)
        return std::nullopt;
      axes = *values;
    }
  } else {
    axes = node.intsAttr("axes");
  }
  if (axes.empty() && node.intAttr("noop_with_empty_axes", 0) == 0)
    for (int64_t dim = 0; dim < rank; ++dim)
      axes.push_back(dim);
  SmallVector<int64_t> normalized;
  for (int64_t axis : axes) {
    if (axis < -rank || axis >= rank) {
      (void)node.fail("axis " + Twine(axis) + " is out of range for rank " +
                Twine(rank));
      return std::nullopt;
    }
    normalized.push_back(axis < 0 ? axis + rank : axis);
  }
  llvm::sort(normalized);
  return normalized;
}

LogicalResult convertReduceSum(NodeContext &node) {
  if (!node.input(0))
    return node.fail("the data input is missing");
  std::optional<SmallVector<int64_t>> axes =
      reductionAxes(node, /*axesAreInput=*/node.opset() >= 13);
  if (!axes)
    return failure();
  return node.setResults({node.create<ReduceSumOp>(
      node.input(0), *axes, node.intAttr("keepdims", 1) != 0)});
}

} // namespace

void registerReductionConverters(ConverterRegistry &registry) {
  registry.add("ReduceSum", convertReduceSum);
}

} // namespace loom::onnx_import
