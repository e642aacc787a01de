//===- DataShapedConverters.cpp - Operators whose output size depends on data -===//
//
// Part of the Loom project.
//
// NonZero, Compress, Unique and NonMaxSuppression, and Unsqueeze, Squeeze
// and ReduceSum whose axes are given at run time. Their loom ops return the result flat at a bound
// plus its actual shape (docs/dynamic-shapes.md, phase 3); the node's output
// is bound as a data-shaped value, which only a graph output may be. When
// the inputs are constants the op folds as it is built, and the output is
// then an ordinary constant of its actual shape that any node may read.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/converters/ConverterUtils.h"

#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"


using namespace mlir;

namespace loom::onnx_import {
namespace {

/// The input's static type, or a failure naming it.
RankedTensorType staticInput(NodeContext &node, size_t index,
                             StringRef what) {
  RankedTensorType type = node.inputType(index);
  if (!type) {
    (void)node.fail("input " + Twine(index) + " (" + what + ") is missing");
    return {};
  }
  if (!type.hasStaticShape()) {
    (void)node.fail("input " + Twine(index) + " (" + what +
                    ") needs a static shape for an output whose size depends "
                    "on data");
    return {};
  }
  return type;
}

LogicalResult convertNonZero(NodeContext &node) {
  RankedTensorType type = staticInput(node, 0, "X");
  if (!type)
    return failure();
  if (type.getRank() == 0)
    return node.fail("a scalar input is not supported (ONNX leaves its "
                     "result's rank undefined)");
  Type none = node.builder().getNoneType();
  SmallVector<Value> results =
      node.createMulti<NonZeroOp>(none, none, node.input(0));
  if (results.size() != 2)
    return failure();
  return node.setValueResults({dataShapedResult(
      node, results[0], results[1], {type.getRank(), type.getNumElements()})});
}

LogicalResult convertCompress(NodeContext &node) {
  RankedTensorType type = staticInput(node, 0, "input");
  RankedTensorType condition = staticInput(node, 1, "condition");
  if (!type || !condition)
    return failure();
  if (condition.getRank() != 1)
    return node.fail("condition must have rank 1, it has rank " +
                     Twine(condition.getRank()));
  std::optional<int64_t> axis;
  if (node.hasAttribute("axis")) {
    axis = node.normalizeAxis(node.intAttr("axis", 0), type.getRank());
    if (!axis)
      return failure();
  }
  Value flag = node.input(1);
  if (!condition.getElementType().isInteger(1))
    return node.fail("condition must be a tensor of bool");
  Type none = node.builder().getNoneType();
  IntegerAttr axisAttr =
      axis ? node.builder().getI64IntegerAttr(*axis) : IntegerAttr();
  SmallVector<Value> results = node.createMulti<CompressOp>(
      none, none, node.input(0), flag, axisAttr);
  if (results.size() != 2)
    return failure();
  int64_t slices = CompressOp::sliceBound(type, condition, axis);
  SmallVector<int64_t> bounds = {slices};
  if (axis) {
    bounds.assign(type.getShape().begin(), type.getShape().end());
    bounds[*axis] = slices;
  }
  return node.setValueResults(
      {dataShapedResult(node, results[0], results[1], bounds)});
}

/// Unique's four outputs: Y and, all of one length n, indices and counts
/// (data-shaped) and inverse_indices (the axis' size, static).
LogicalResult convertUnique(NodeContext &node) {
  RankedTensorType type = staticInput(node, 0, "X");
  if (!type)
    return failure();
  std::optional<int64_t> axis;
  if (node.hasAttribute("axis")) {
    axis = node.normalizeAxis(node.intAttr("axis", 0), type.getRank());
    if (!axis)
      return failure();
  }
  bool sorted = node.intAttr("sorted", 1) != 0;
  OpBuilder &b = node.builder();
  Type none = b.getNoneType();
  SmallVector<Value> results = node.createMulti<UniqueOp>(
      none, none, none, none, none, none, node.input(0),
      axis ? b.getI64IntegerAttr(*axis) : IntegerAttr(), b.getBoolAttr(sorted));
  if (results.size() != 6)
    return failure();
  int64_t slices = axis ? type.getDimSize(*axis) : type.getNumElements();
  SmallVector<int64_t> bounds = {slices};
  if (axis)
    bounds.assign(type.getShape().begin(), type.getShape().end());
  return node.setValueResults(
      {dataShapedResult(node, results[0], results[1], bounds),
       dataShapedResult(node, results[2], results[5], {slices}),
       OnnxValue::ofTensor(results[3]),
       dataShapedResult(node, results[4], results[5], {slices})});
}

/// NonMaxSuppression: an absent max_output_boxes_per_class selects nothing
/// (ONNX's default 0), an absent iou_threshold is 0, an absent
/// score_threshold filters nothing.
LogicalResult convertNonMaxSuppression(NodeContext &node) {
  RankedTensorType boxes = staticInput(node, 0, "boxes");
  RankedTensorType scores = staticInput(node, 1, "scores");
  if (!boxes || !scores)
    return failure();
  OpBuilder &b = node.builder();
  auto oneValue = [&](size_t index, StringRef what, Type element,
                      double fallback) -> Value {
    if (!node.hasInput(index))
      return node.constant(Tensor::fromDoubles(
          element.isInteger(64) ? DType::I64 : DType::F32, {1}, {fallback}));
    RankedTensorType type = staticInput(node, index, what);
    if (!type)
      return {};
    if (type.getNumElements() != 1) {
      (void)node.fail("input " + Twine(index) + " (" + what +
                      ") must hold one value, it holds " +
                      Twine(type.getNumElements()));
      return {};
    }
    return node.input(index);
  };
  Value limit = oneValue(2, "max_output_boxes_per_class", b.getI64Type(), 0);
  Value iou = oneValue(3, "iou_threshold", b.getF32Type(), 0);
  Value threshold;
  if (node.hasInput(4))
    threshold = oneValue(4, "score_threshold", b.getF32Type(), 0);
  if (!limit || !iou || (node.hasInput(4) && !threshold))
    return failure();
  int64_t center = node.intAttr("center_point_box", 0);
  if (center != 0 && center != 1)
    return node.fail("center_point_box must be 0 or 1, it is " +
                     Twine(center));
  Type none = b.getNoneType();
  SmallVector<Value> results = node.createMulti<NonMaxSuppressionOp>(
      none, none, node.input(0), node.input(1), limit, iou, threshold,
      b.getI64IntegerAttr(center));
  if (results.size() != 2)
    return failure();
  int64_t rows = scores.getNumElements();
  return node.setValueResults(
      {dataShapedResult(node, results[0], results[1], {rows, 3})});
}

} // namespace

/// Unsqueeze, Squeeze or ReduceSum whose `axes` (input 1) are only known at
/// run time: the number of axes, the input's static length, fixes the
/// result's rank, and the op of ir/LoomDataShapedAxesOps.td resolves its
/// shape when the model runs; invalid axes fail the run.
LogicalResult convertRuntimeAxes(NodeContext &node, RuntimeAxesOp kind) {
  RankedTensorType inputType = staticInput(node, 0, "data");
  if (!inputType)
    return failure();
  std::string axesName =
      "input 1 (axes, '" + node.node().input(1) + "') is given at run time";
  auto axesType = dyn_cast<RankedTensorType>(node.input(1).getType());
  if (!axesType || axesType.getRank() != 1 || !axesType.hasStaticShape() ||
      axesType.getDimSize(0) < 1 ||
      !isa<IntegerType>(axesType.getElementType()))
    return node.fail(axesName + "; it must then be a rank-1 integer tensor "
                                "of static length 1 or more");
  int64_t count = axesType.getDimSize(0);
  bool keepDims = node.intAttr("keepdims", 1) != 0;
  int64_t rank = inputType.getRank();
  int64_t resultRank = kind == RuntimeAxesOp::Unsqueeze ? rank + count
                       : kind == RuntimeAxesOp::ReduceSum && keepDims
                           ? rank
                           : rank - count;
  if (resultRank < 1)
    return node.fail(axesName + " and leaves a result of rank " +
                     Twine(resultRank) + "; a result of rank 0 from run-time "
                     "axes is not supported, give the axes as a constant");
  Type element = inputType.getElementType();
  if (kind == RuntimeAxesOp::ReduceSum &&
      !(element.isF32() || element.isF64() || element.isInteger(32) ||
        element.isInteger(64))) {
    std::string name;
    llvm::raw_string_ostream(name) << element;
    return node.fail(axesName + "; the sum over run-time axes takes f32, "
                                "f64 and 32- and 64-bit integers, not " +
                     name);
  }
  Value axes = castTo(node, node.input(1), node.builder().getI64Type());
  Type none = node.builder().getNoneType();
  SmallVector<Value> results;
  SmallVector<int64_t> bounds(resultRank,
                              RuntimeUnsqueezeOp::dimBound(inputType));
  switch (kind) {
  case RuntimeAxesOp::Unsqueeze:
    results = node.createMulti<RuntimeUnsqueezeOp>(none, none, node.input(0),
                                                   axes);
    break;
  case RuntimeAxesOp::Squeeze:
    results =
        node.createMulti<RuntimeSqueezeOp>(none, none, node.input(0), axes);
    break;
  case RuntimeAxesOp::ReduceSum:
    results = node.createMulti<RuntimeReduceSumOp>(
        none, none, node.input(0), axes, node.builder().getBoolAttr(keepDims));
    // Kept, dimension d is the input's or 1.
    if (keepDims)
      for (int64_t d = 0; d < rank; ++d)
        bounds[d] = std::max<int64_t>(inputType.getDimSize(d), 1);
    break;
  }
  if (results.size() != 2)
    return failure();
  return node.setValueResults(
      {dataShapedResult(node, results[0], results[1], bounds)});
}

/// Pad whose `pads` (input 1) are only known at run time: a
/// loom.runtime_pad of the node's mode, each result dimension bounded by
/// --max-dim; `constant_value` (input 2, constant or not) cast to the
/// input's element type.
LogicalResult convertRuntimePad(NodeContext &node, PadMode mode) {
  RankedTensorType inputType = staticInput(node, 0, "data");
  if (!inputType)
    return failure();
  int64_t rank = inputType.getRank();
  auto padsType = dyn_cast<RankedTensorType>(node.input(1).getType());
  if (rank < 1 || !padsType || padsType.getRank() != 1 ||
      padsType.getDimSize(0) != 2 * rank ||
      !isa<IntegerType>(padsType.getElementType()))
    return node.fail("input 1 (pads, '" + node.node().input(1) +
                     "') is given at run time; it must then be a rank-1 "
                     "integer tensor of 2 x rank entries, for an input of "
                     "rank 1 or more");
  std::optional<int64_t> bound = node.runTimeDimBound({{1, "pads"}}, rank);
  if (!bound)
    return failure();
  Value value;
  if (mode == PadMode::constant && node.hasInput(2)) {
    auto valueType = dyn_cast<RankedTensorType>(node.input(2).getType());
    if (!valueType || !valueType.hasStaticShape() ||
        valueType.getNumElements() != 1)
      return node.fail("input 2 (constant_value) must be one element");
    value = castTo(node, node.input(2), inputType.getElementType());
  }
  Value pads = castTo(node, node.input(1), node.builder().getI64Type());
  Type none = node.builder().getNoneType();
  SmallVector<Value> results = node.createMulti<RuntimePadOp>(
      none, none, node.input(0), pads, value,
      PadModeAttr::get(node.context(), mode),
      node.builder().getI64IntegerAttr(*bound));
  if (results.size() != 2)
    return failure();
  SmallVector<int64_t> bounds(rank, *bound);
  return node.setValueResults(
      {dataShapedResult(node, results[0], results[1], bounds)});
}

void registerDataShapedConverters(ConverterRegistry &registry) {
  registry.add("NonZero", convertNonZero);
  registry.add("Compress", convertCompress);
  registry.add("Unique", convertUnique);
  registry.add("NonMaxSuppression", convertNonMaxSuppression);
}

} // namespace loom::onnx_import
