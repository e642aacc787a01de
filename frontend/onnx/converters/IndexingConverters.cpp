//===- IndexingConverters.cpp - ONNX gathers, scatters and resize ------------===//
//
// Part of the Loom project.
//
// Gathers and scatters map one to one onto loom ops, after their axes are
// normalized and their reductions checked against the node's opset. OneHot
// decomposes into a comparison with an iota. Resize and Upsample become
// loom.resize (cubic Resize and tf_crop_and_resize a matrix product per
// dimension); the scales and output sizes are computed here exactly as
// ONNX does, and the few ONNX coordinate formulas that read the real-valued
// length `input size * scale` instead of the output size are rewritten into
// an equivalent loom coordinate transform. GridSample and RoiAlign gather
// their taps with gather_elements at positions computed at run time.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/converters/ConverterUtils.h"

#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace loom::onnx_import {
namespace {

//===----------------------------------------------------------------------===//
// Gathers
//===----------------------------------------------------------------------===//

LogicalResult convertGather(NodeContext &node) {
  RankedTensorType dataType = node.inputType(0);
  if (!dataType || !node.input(1))
    return node.fail("Gather needs data and indices");
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", 0), dataType.getRank());
  if (!axis)
    return failure();
  return node.setResults(
      {node.create<GatherOp>(node.input(0), node.input(1), *axis)});
}

LogicalResult convertGatherElements(NodeContext &node) {
  RankedTensorType dataType = node.inputType(0);
  if (!dataType || !node.input(1))
    return node.fail("GatherElements needs data and indices");
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", 0), dataType.getRank());
  if (!axis)
    return failure();
  return node.setResults(
      {node.create<GatherElementsOp>(node.input(0), node.input(1), *axis)});
}

/// GatherND: batch_dims exists from opset 12.
LogicalResult convertGatherND(NodeContext &node) {
  if (!node.input(0) || !node.input(1))
    return node.fail("GatherND needs data and indices");
  int64_t batchDims = node.intAttr("batch_dims", 0);
  if (batchDims != 0 && node.opset() < 12)
    return node.fail("attribute 'batch_dims' needs opset 12 or later");
  if (batchDims < 0)
    return node.fail("batch_dims " + Twine(batchDims) + " is negative");
  return node.setResults({node.create<GatherNdOp>(
      node.input(0), node.input(1), static_cast<uint64_t>(batchDims))});
}

//===----------------------------------------------------------------------===//
// Scatters
//===----------------------------------------------------------------------===//

/// The `reduction` attribute of ScatterElements and ScatterND: `none`, `add`
/// and `mul` from opset 16; `max` and `min` only arrive in opset 18.
std::optional<ScatterReduction> scatterReduction(NodeContext &node) {
  std::string name = node.stringAttr("reduction", "none");
  if (name == "none")
    return ScatterReduction::none;
  if (node.opset() < 16) {
    (void)node.fail("attribute 'reduction' needs opset 16 or later (got '" +
                    name + "' at opset " + Twine(node.opset()) + ")");
    return std::nullopt;
  }
  if (name == "add")
    return ScatterReduction::add;
  if (name == "mul")
    return ScatterReduction::mul;
  if (name == "max" || name == "min")
    (void)node.fail("reduction '" + name + "' needs opset 18 (the node has " +
                    Twine(node.opset()) + ")");
  else
    (void)node.fail("reduction '" + name +
                    "' is not one of none, add, mul");
  return std::nullopt;
}

LogicalResult convertScatterElements(NodeContext &node) {
  RankedTensorType dataType = node.inputType(0);
  if (!dataType || !node.input(1) || !node.input(2))
    return node.fail("ScatterElements needs data, indices and updates");
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", 0), dataType.getRank());
  std::optional<ScatterReduction> reduction = scatterReduction(node);
  if (!axis || !reduction)
    return failure();
  return node.setResults({node.create<ScatterOp>(
      node.input(0), node.input(1), node.input(2), static_cast<uint64_t>(*axis),
      *reduction)});
}

/// Scatter (opsets 9 and 10) is ScatterElements under its old name; ONNX
/// deprecated it in opset 11.
LogicalResult convertScatter(NodeContext &node) {
  if (node.opset() >= 11)
    return node.fail("Scatter is deprecated from opset 11; use ScatterElements");
  return convertScatterElements(node);
}

LogicalResult convertScatterND(NodeContext &node) {
  if (!node.input(0) || !node.input(1) || !node.input(2))
    return node.fail("ScatterND needs data, indices and updates");
  std::optional<ScatterReduction> reduction = scatterReduction(node);
  if (!reduction)
    return failure();
  return node.setResults({node.create<ScatterNdOp>(
      node.input(0), node.input(1), node.input(2), *reduction)});
}

//===----------------------------------------------------------------------===//
// OneHot
//===----------------------------------------------------------------------===//

/// OneHot whose depth is only known at run time: loom.runtime_one_hot, the
/// depth dimension bounded by --max-dim. The indices are cast to i64 and,
/// from opset 11, the negative ones wrapped by the run-time depth here, as
/// the constant path does; the depth is cast to i64 (truncated, as ONNX
/// casts it).
LogicalResult convertRuntimeOneHot(NodeContext &node) {
  RankedTensorType indicesType = node.inputType(0);
  auto depthType = dyn_cast<RankedTensorType>(node.input(1).getType());
  if (!depthType || !depthType.hasStaticShape() ||
      depthType.getNumElements() != 1 || depthType.getElementType().isInteger(1))
    return node.fail("input 1 (depth, '" + node.node().input(1) +
                     "') is given at run time; it must then be one number");
  if (!indicesType.hasStaticShape())
    return node.fail("input 0 (indices) needs a static shape");
  int64_t rank = indicesType.getRank();
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", -1), rank + 1);
  if (!axis)
    return failure();
  std::optional<int64_t> bound = node.runTimeDimBound({{1, "depth"}}, 1);
  if (!bound)
    return failure();
  Type i64 = node.builder().getI64Type();
  Value depth = castTo(node, node.input(1), i64);
  Value indices = castTo(node, node.input(0), i64);
  if (node.opset() >= 11) {
    Value negative = node.create<CompareOp>(ComparePredicate::lt, indices,
                                            node.scalar(i64, 0));
    Value wrapped = node.create<AddOp>(indices, reshapeTo(node, depth, {}));
    indices = node.create<SelectOp>(negative, wrapped, indices);
  }
  Type none = node.builder().getNoneType();
  SmallVector<Value> results = node.createMulti<RuntimeOneHotOp>(
      none, none, indices, reshapeTo(node, depth, {1}), node.input(2),
      node.builder().getI64IntegerAttr(*axis),
      node.builder().getI64IntegerAttr(*bound));
  if (results.size() != 2)
    return failure();
  SmallVector<int64_t> bounds(indicesType.getShape());
  bounds.insert(bounds.begin() + *axis, *bound);
  return node.setValueResults(
      {dataShapedResult(node, results[0], results[1], bounds)});
}

/// OneHot: output[..., k, ...] = (index == k) ? on : off, with the depth axis
/// inserted at `axis`. From opset 11 an index in [-depth, 0) counts from the
/// end; any other index outside [0, depth) matches no k, so its row is all
/// off. Non-integer indices and depth are truncated to integers (as ONNX
/// casts them to int64).
LogicalResult convertOneHot(NodeContext &node) {
  Value indices = node.input(0), values = node.input(2);
  RankedTensorType indicesType = node.inputType(0);
  RankedTensorType valuesType = node.inputType(2);
  if (!indices || !values)
    return node.fail("OneHot needs indices, depth and values");
  if (indicesType.getElementType().isInteger(1))
    return node.fail("indices must be numbers, not booleans");
  if (valuesType.getRank() != 1 || valuesType.getDimSize(0) != 2)
    return node.fail("values must be a rank-1 tensor of two elements [off, on]");

  std::optional<Tensor> depthTensor = node.constantInput(1);
  if (!depthTensor)
    return convertRuntimeOneHot(node);
  if (depthTensor->numElements() != 1)
    return node.fail("depth must hold exactly one element, not " +
                     Twine(depthTensor->numElements()));
  double depthValue = std::trunc(depthTensor->getDouble(0));
  if (!(depthValue >= 0) || depthValue > static_cast<double>(INT32_MAX))
    return node.fail("depth " + formatNumber(depthTensor->getDouble(0)) +
                     " is not a valid number of classes");
  int64_t depth = static_cast<int64_t>(depthValue);

  int64_t rank = indicesType.getRank();
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", -1), rank + 1);
  if (!axis)
    return failure();

  Type i64 = node.builder().getI64Type();
  auto i64Type = indicesType.clone(i64);
  if (indicesType.getElementType() != i64)
    indices = node.createTyped<CastOp>(i64Type, indices);
  if (node.opset() >= 11) {
    Value negative = node.create<CompareOp>(ComparePredicate::lt, indices,
                                            node.scalar(i64, 0));
    Value wrapped = node.create<AddOp>(indices, node.scalar(i64, depth));
    indices = node.create<SelectOp>(negative, wrapped, indices);
  }
  // Indices get a unit dimension at `axis`, the class numbers a tensor that
  // is `depth` long there and 1 elsewhere; comparing them broadcasts to the
  // output shape.
  SmallVector<int64_t> indexShape(indicesType.getShape());
  indexShape.insert(indexShape.begin() + *axis, 1);
  SmallVector<int64_t> classShape(rank + 1, 1);
  classShape[*axis] = depth;
  Value expanded =
      node.createTyped<ReshapeOp>(i64Type.clone(indexShape), indices);
  Value classes = node.createTyped<IotaOp>(
      RankedTensorType::get(classShape, i64), static_cast<uint64_t>(*axis));
  Value hot = node.create<CompareOp>(ComparePredicate::eq, expanded, classes);

  Value off = node.create<GatherOp>(values, node.scalar(i64, 0), 0);
  Value on = node.create<GatherOp>(values, node.scalar(i64, 1), 0);
  return node.setResults({node.create<SelectOp>(hot, on, off)});
}

//===----------------------------------------------------------------------===//
// Resize and Upsample
//===----------------------------------------------------------------------===//

/// What a Resize or Upsample node asks for, in loom.resize's terms.
struct ResizePlan {
  ResizeMode mode = ResizeMode::nearest;
  /// Cubic interpolation, which loom.resize does not have: built as one
  /// matrix product per resized dimension (buildCubicResize).
  bool cubic = false;
  /// Cubic's coefficient `A` (cubic_coeff_a) and exclude_outside.
  double cubicA = -0.75;
  bool excludeOutside = false;
  CoordinateTransform transform = CoordinateTransform::asymmetric;
  NearestRounding rounding = NearestRounding::round_prefer_floor;
  /// Before opset 11 (Resize-10, Upsample) nearest rounds down where a
  /// dimension grows and up where it shrinks, as onnxruntime defined it.
  bool legacyRounding = false;
  SmallVector<double> scales;
  SmallVector<int64_t> sizes;
  /// ONNX's real-valued output length `input size * scale`, which some of
  /// its coordinate formulas use instead of the integer output size.
  SmallVector<double> lengths;
  /// tf_crop_and_resize, which loom.resize does not have: built as one
  /// matrix product per dimension from the roi (buildCropAndResize), and
  /// extrapolation_value where a coordinate falls outside the input.
  bool cropAndResize = false;
  double extrapolation = 0;
};

/// Fills the plan's sizes from scales: floor(input size * scale) in f64 of
/// the (f32) scale, as ONNX computes them.
LogicalResult sizesFromScales(NodeContext &node, RankedTensorType inputType,
                              ArrayRef<double> scales, ResizePlan &plan) {
  if (static_cast<int64_t>(scales.size()) != inputType.getRank())
    return node.fail("scales has " + Twine(scales.size()) +
                     " entries but the input has rank " +
                     Twine(inputType.getRank()));
  for (auto [dim, scale] : llvm::enumerate(scales)) {
    if (!(scale > 0) || std::isinf(scale))
      return node.fail("scale " + formatNumber(scale) + " of dimension " + Twine(dim) +
                       " must be positive and finite");
    double length = static_cast<double>(inputType.getDimSize(dim)) * scale;
    plan.scales.push_back(scale);
    plan.lengths.push_back(length);
    plan.sizes.push_back(static_cast<int64_t>(std::floor(length)));
  }
  return success();
}

/// Fills the plan from target sizes: the scale is size / input size.
LogicalResult scalesFromSizes(NodeContext &node, RankedTensorType inputType,
                              ArrayRef<int64_t> sizes, ResizePlan &plan) {
  if (static_cast<int64_t>(sizes.size()) != inputType.getRank())
    return node.fail("sizes has " + Twine(sizes.size()) +
                     " entries but the input has rank " +
                     Twine(inputType.getRank()));
  for (auto [dim, size] : llvm::enumerate(sizes)) {
    int64_t in = inputType.getDimSize(dim);
    if (size < 0)
      return node.fail("size " + Twine(size) + " of dimension " + Twine(dim) +
                       " is negative");
    if (in == 0 && size != 0)
      return node.fail("dimension " + Twine(dim) +
                       " of size 0 cannot be resized to " + Twine(size));
    if (in != 0 && size == 0)
      return node.fail("dimension " + Twine(dim) + " of size " + Twine(in) +
                       " cannot be resized to 0 (the scale would be 0)");
    double scale = in == 0 ? 1.0 : static_cast<double>(size) / in;
    plan.scales.push_back(scale);
    plan.lengths.push_back(scale * static_cast<double>(in));
    plan.sizes.push_back(size);
  }
  return success();
}

/// The interpolation mode. Cubic exists from Resize-11 (not in Upsample
/// or Resize-10).
LogicalResult parseResizeMode(NodeContext &node, ResizePlan &plan) {
  std::string mode = node.stringAttr("mode", "nearest");
  bool cubicExists = node.opType() == "Resize" && node.opset() >= 11;
  if (mode == "nearest") {
    plan.mode = ResizeMode::nearest;
  } else if (mode == "linear") {
    plan.mode = ResizeMode::linear;
  } else if (mode == "cubic" && cubicExists) {
    plan.cubic = true;
    plan.cubicA = node.floatAttr("cubic_coeff_a", -0.75f);
    plan.excludeOutside = node.intAttr("exclude_outside", 0) != 0;
  } else {
    return node.fail("mode '" + mode + "' is not one of nearest, linear" +
                     (cubicExists ? ", cubic" : ""));
  }
  return success();
}

/// coordinate_transformation_mode and nearest_mode of Resize-11 and later.
LogicalResult parseResizeAttributes(NodeContext &node, ResizePlan &plan) {
  std::string transform =
      node.stringAttr("coordinate_transformation_mode", "half_pixel");
  if (transform == "half_pixel")
    plan.transform = CoordinateTransform::half_pixel;
  else if (transform == "pytorch_half_pixel")
    plan.transform = CoordinateTransform::pytorch_half_pixel;
  else if (transform == "align_corners")
    plan.transform = CoordinateTransform::align_corners;
  else if (transform == "asymmetric")
    plan.transform = CoordinateTransform::asymmetric;
  else if (transform == "tf_half_pixel_for_nn")
    plan.transform = CoordinateTransform::tf_half_pixel_for_nn;
  else if (transform == "tf_crop_and_resize")
    plan.cropAndResize = true;
  else
    return node.fail("coordinate_transformation_mode '" + transform +
                     "' is not known");

  std::string rounding = node.stringAttr("nearest_mode", "round_prefer_floor");
  if (rounding == "round_prefer_floor")
    plan.rounding = NearestRounding::round_prefer_floor;
  else if (rounding == "round_prefer_ceil")
    plan.rounding = NearestRounding::round_prefer_ceil;
  else if (rounding == "floor")
    plan.rounding = NearestRounding::floor;
  else if (rounding == "ceil")
    plan.rounding = NearestRounding::ceil;
  else
    return node.fail("nearest_mode '" + rounding + "' is not known");
  // exclude_outside only reweights cubic's taps: nearest and linear never
  // give weight to a sample outside the input (loom clamps coordinates the
  // way ONNX's edge padding does), so it changes nothing here.
  return success();
}

/// The constant f32/f64 scales input `index`; records a failure otherwise.
std::optional<SmallVector<double>> scalesInput(NodeContext &node,
                                               size_t index) {
  std::optional<Tensor> tensor = node.constantInput(index);
  if (!tensor || !isFloat(tensor->dtype())) {
    (void)node.fail("input " + Twine(index) + " (scales, '" +
                    node.node().input(static_cast<int>(index)) +
                    "') must be a constant float tensor computable at "
                    "compile time");
    return std::nullopt;
  }
  SmallVector<double> scales;
  for (int64_t i = 0; i < tensor->numElements(); ++i)
    scales.push_back(tensor->getDouble(i));
  return scales;
}

/// ONNX's align_corners maps x to x * (in - 1) / (length - 1), and
/// pytorch_half_pixel tests length == 1, with the real-valued `length`;
/// loom.resize uses the output size. When the two differ (scales that do
/// not give whole sizes) the plan switches to an equivalent transform:
/// align_corners is asymmetric with scale (length - 1) / (in - 1), and
/// pytorch_half_pixel on a length that is not 1 is half_pixel.
LogicalResult matchRealLengths(NodeContext &node, RankedTensorType inputType,
                               ResizePlan &plan) {
  int64_t rank = inputType.getRank();
  auto differs = [&](int64_t dim) {
    return plan.lengths[dim] != static_cast<double>(plan.sizes[dim]);
  };
  if (plan.transform == CoordinateTransform::align_corners) {
    bool anyDiffers = false;
    for (int64_t dim = 0; dim < rank; ++dim)
      anyDiffers |= differs(dim) && inputType.getDimSize(dim) > 1 &&
                    plan.sizes[dim] > 1;
    if (!anyDiffers)
      return success();
    SmallVector<double> scales = plan.scales;
    for (int64_t dim = 0; dim < rank; ++dim) {
      int64_t in = inputType.getDimSize(dim), out = plan.sizes[dim];
      // One input or output position maps to 0 under any transform.
      if (in <= 1 || out <= 1)
        continue;
      scales[dim] = (plan.lengths[dim] - 1) / static_cast<double>(in - 1);
      if (!(std::abs(static_cast<double>(in) * scales[dim] - out) < 1))
        return node.fail(
            "coordinate_transformation_mode 'align_corners' with scale " +
            formatNumber(plan.scales[dim]) + " on dimension " + Twine(dim) +
            " (size " + Twine(in) + " to " + Twine(out) +
            ", not a whole number of outputs) cannot be expressed by "
            "loom.resize");
    }
    plan.scales = scales;
    plan.transform = CoordinateTransform::asymmetric;
    return success();
  }
  if (plan.transform == CoordinateTransform::pytorch_half_pixel) {
    bool oneByLength = false, oneBySize = false;
    for (int64_t dim = 0; dim < rank; ++dim) {
      if (plan.sizes[dim] != 1 || inputType.getDimSize(dim) <= 1)
        continue;
      (differs(dim) ? oneBySize : oneByLength) = true;
    }
    if (oneBySize && oneByLength)
      return node.fail("coordinate_transformation_mode 'pytorch_half_pixel' "
                       "resizes some dimensions to 1 with a scale that gives "
                       "exactly 1 and others with one that does not; "
                       "loom.resize cannot express the mix");
    if (oneBySize)
      plan.transform = CoordinateTransform::half_pixel;
  }
  return success();
}

/// Builds loom.resize ops for the plan. Legacy nearest rounding differs per
/// dimension, so it resizes the shrinking dimensions (rounding up) and the
/// others (rounding down) one after the other; nearest-neighbour resize is
/// separable, so the result is the same as one resize.
Value buildResize(NodeContext &node, Value input, const ResizePlan &plan) {
  auto resize = [&](Value source, ArrayRef<bool> which,
                    NearestRounding rounding) {
    auto sourceType = cast<RankedTensorType>(source.getType());
    SmallVector<int64_t> sizes(sourceType.getShape());
    SmallVector<double> scales(sizes.size(), 1.0);
    for (size_t dim = 0; dim < sizes.size(); ++dim) {
      if (!which[dim])
        continue;
      sizes[dim] = plan.sizes[dim];
      scales[dim] = plan.scales[dim];
    }
    return node.createTyped<ResizeOp>(sourceType.clone(sizes), source,
                                      plan.mode, plan.transform, rounding,
                                      ArrayRef<double>(scales));
  };
  size_t rank = plan.sizes.size();
  if (!plan.legacyRounding || plan.mode != ResizeMode::nearest)
    return resize(input, SmallVector<bool>(rank, true), plan.rounding);

  SmallVector<bool> shrinking(rank), growing(rank);
  for (size_t dim = 0; dim < rank; ++dim) {
    shrinking[dim] = plan.scales[dim] < 1;
    growing[dim] = !shrinking[dim];
  }
  Value result = input;
  if (llvm::is_contained(shrinking, true))
    result = resize(result, shrinking, NearestRounding::ceil);
  if (llvm::is_contained(growing, true) || result == input)
    result = resize(result, growing, NearestRounding::floor);
  return result;
}

/// Cubic resize along one dimension as ONNX's reference computes it: the
/// [in, out] matrix whose column x holds the weights output position x
/// gives each input position. The source coordinate `c` of x is read with
/// the real-valued output length `length` (as ONNX's formulas do); its four
/// taps are ceil(c) - 2 ... ceil(c) + 1 with the fraction
/// `r = c - (ceil(c) - 1)` in (0, 1] and Keys' weights for `A`. Taps
/// outside the input read the edge, or with exclude_outside get weight 0
/// and the others are scaled to sum to 1.
Tensor cubicWeights(const ResizePlan &plan, int64_t dim, int64_t in) {
  int64_t out = plan.sizes[dim];
  double scale = plan.scales[dim], length = plan.lengths[dim], a = plan.cubicA;
  Tensor weights(DType::F64, {in, out});
  for (int64_t i = 0; i < weights.numElements(); ++i)
    weights.setDouble(i, 0.0);
  for (int64_t x = 0; x < out; ++x) {
    double position = static_cast<double>(x), c = 0;
    switch (plan.transform) {
    case CoordinateTransform::align_corners:
      c = length == 1 ? 0.0
                      : position * static_cast<double>(in - 1) / (length - 1);
      break;
    case CoordinateTransform::asymmetric:
      c = position / scale;
      break;
    case CoordinateTransform::pytorch_half_pixel:
      c = length == 1 ? -0.5 : (position + 0.5) / scale - 0.5;
      break;
    case CoordinateTransform::half_pixel:
      c = (position + 0.5) / scale - 0.5;
      break;
    case CoordinateTransform::tf_half_pixel_for_nn:
      c = (position + 0.5) / scale;
      break;
    case CoordinateTransform::tf_crop_and_resize:
      break; // built by buildCropAndResize
    }
    double x0 = std::ceil(c) - 2;
    double r = c - (x0 + 1);
    double taps[4] = {
        ((a * (r + 1) - 5 * a) * (r + 1) + 8 * a) * (r + 1) - 4 * a,
        ((a + 2) * r - (a + 3)) * r * r + 1,
        ((a + 2) * (1 - r) - (a + 3)) * (1 - r) * (1 - r) + 1,
        ((a * (2 - r) - 5 * a) * (2 - r) + 8 * a) * (2 - r) - 4 * a};
    double sum = 0;
    for (int k = 0; k < 4; ++k) {
      double index = x0 + k;
      if (plan.excludeOutside && (index < 0 || index >= static_cast<double>(in)))
        taps[k] = 0;
      sum += taps[k];
    }
    for (int k = 0; k < 4; ++k) {
      double index = std::clamp(x0 + k, 0.0, static_cast<double>(in - 1));
      int64_t flat = static_cast<int64_t>(index) * out + x;
      weights.setDouble(flat, weights.getDouble(flat) +
                                  (plan.excludeOutside ? taps[k] / sum
                                                       : taps[k]));
    }
  }
  return weights;
}

/// Cubic resize: along every dimension whose positions move, the input
/// (that dimension moved last) times its constant cubicWeights matrix.
/// Cubic interpolation is separable, so this is ONNX's N-d cubic resize.
Value buildCubicResize(NodeContext &node, Value input, const ResizePlan &plan) {
  RankedTensorType type = typeOf(input);
  int64_t rank = type.getRank();
  if (rank == 1) { // loom.matmul takes matrices: resize [1, n] instead
    ResizePlan matrix = plan;
    matrix.sizes.insert(matrix.sizes.begin(), 1);
    matrix.scales.insert(matrix.scales.begin(), 1.0);
    matrix.lengths.insert(matrix.lengths.begin(), 1.0);
    Value resized = buildCubicResize(
        node, reshapeTo(node, input, {1, type.getDimSize(0)}), matrix);
    return resized ? reshapeTo(node, resized, {plan.sizes[0]}) : Value();
  }
  Value result = input;
  for (int64_t dim = 0; dim < rank && result; ++dim) {
    int64_t in = type.getDimSize(dim), out = plan.sizes[dim];
    if (in == 0 || out == 0) {
      (void)node.fail("cubic resize of dimension " + Twine(dim) + " from " +
                      Twine(in) + " to " + Twine(out) +
                      " elements is not supported");
      return {};
    }
    Tensor weights = cubicWeights(plan, dim, in);
    bool identity = in == out;
    for (int64_t i = 0; identity && i < in; ++i)
      for (int64_t x = 0; identity && x < out; ++x)
        identity = weights.getDouble(i * out + x) == (i == x ? 1.0 : 0.0);
    if (identity)
      continue;
    SmallVector<int64_t> toLast, back(rank);
    for (int64_t d = 0; d < rank; ++d)
      if (d != dim)
        toLast.push_back(d);
    toLast.push_back(dim);
    for (int64_t d = 0; d < rank; ++d)
      back[toLast[d]] = d;
    bool moved = dim != rank - 1;
    Value moving =
        moved ? node.create<TransposeOp>(result, ArrayRef<int64_t>(toLast))
              : result;
    Value product = node.create<MatmulOp>(
        moving, castTo(node, node.constant(weights), type.getElementType()));
    result = moved ? node.create<TransposeOp>(product, ArrayRef<int64_t>(back))
                   : product;
  }
  return result;
}

/// tf_crop_and_resize as ONNX's reference computes it: along dimension d
/// (size `in`, resized to `out`) output position x reads the input at
///   c = x * (end - start) * (in - 1) / (out - 1) + start * (in - 1)
/// (c = (end - start) * (in - 1) / 2 + start * (in - 1) when out is 1),
/// with start = roi[d] and end = roi[rank + d], and the output is
/// extrapolation_value where any dimension's c lies outside [0, in - 1].
/// The roi may be read at run time, so each dimension is a matmul with an
/// [in, out] weight matrix computed from it elementwise: linear's taps are
/// max(0, 1 - |c - i|), nearest's the one input position c rounds to. With
/// a constant roi the matrices fold to constants, and the dimensions whose
/// matrix is the identity are skipped.
Value buildCropAndResize(NodeContext &node, Value input, Value roi,
                         const ResizePlan &plan) {
  RankedTensorType type = typeOf(input);
  int64_t rank = type.getRank();
  auto roiType = typeOf(roi);
  if (roiType.getRank() != 1 || roiType.getDimSize(0) != 2 * rank) {
    (void)node.fail("roi must hold 2 * rank = " + Twine(2 * rank) +
                    " values (starts, then ends) for tf_crop_and_resize");
    return {};
  }
  // Coordinates in f32, or f64 when the roi is.
  Type coordinate = roiType.getElementType().isF64()
                        ? Type(node.builder().getF64Type())
                        : Type(node.builder().getF32Type());
  Value roiValues = castTo(node, roi, coordinate);
  auto roiEntry = [&](int64_t index) {
    Value slice = node.createTyped<SliceOp>(
        RankedTensorType::get({1}, coordinate), roiValues,
        ArrayRef<int64_t>{index}, ArrayRef<int64_t>{1});
    return node.createTyped<ReshapeOp>(RankedTensorType::get({}, coordinate),
                                       slice);
  };
  auto scalar = [&](double value) { return node.scalar(coordinate, value); };
  // loom.matmul takes matrices: a 1-D input is resized as [1, n].
  Value result = rank == 1 ? reshapeTo(node, input, {1, type.getDimSize(0)})
                           : input;
  int64_t viewRank = std::max<int64_t>(rank, 2), offset = viewRank - rank;
  Value outside;
  for (int64_t dim = 0; dim < rank && result; ++dim) {
    int64_t in = type.getDimSize(dim), out = plan.sizes[dim];
    if (in == 0 || out == 0) {
      (void)node.fail("tf_crop_and_resize of dimension " + Twine(dim) +
                      " from " + Twine(in) + " to " + Twine(out) +
                      " elements is not supported");
      return {};
    }
    Value start = roiEntry(dim), end = roiEntry(rank + dim);
    Value last = scalar(static_cast<double>(in - 1));
    Value base = node.create<MulOp>(start, last);
    Value extent = node.create<SubOp>(end, start);
    Value c; // [out]
    if (out == 1) {
      c = node.create<AddOp>(
          node.create<DivOp>(node.create<MulOp>(extent, last), scalar(2)),
          base);
      c = node.createTyped<ReshapeOp>(RankedTensorType::get({1}, coordinate),
                                      c);
    } else {
      Value x = node.createTyped<IotaOp>(
          RankedTensorType::get({out}, coordinate), int64_t{0});
      c = node.create<AddOp>(
          node.create<DivOp>(
              node.create<MulOp>(node.create<MulOp>(x, extent), last),
              scalar(static_cast<double>(out - 1))),
          base);
    }
    Value dimOutside = node.create<OrOp>(
        node.create<CompareOp>(ComparePredicate::lt, c, scalar(0)),
        node.create<CompareOp>(ComparePredicate::gt, c, last));
    Value column = node.createTyped<ReshapeOp>(
        RankedTensorType::get({1, out}, coordinate), c);
    Value position = node.createTyped<IotaOp>(
        RankedTensorType::get({in, out}, coordinate), int64_t{0});
    Value weights;
    if (plan.mode == ResizeMode::linear) {
      Value distance =
          node.create<AbsOp>(node.create<SubOp>(column, position));
      weights = node.create<ReluOp>(node.create<SubOp>(scalar(1), distance));
    } else {
      Value nearest;
      switch (plan.rounding) {
      case NearestRounding::round_prefer_floor:
        nearest = node.create<CeilOp>(node.create<SubOp>(column, scalar(0.5)));
        break;
      case NearestRounding::round_prefer_ceil:
        nearest = node.create<FloorOp>(node.create<AddOp>(column, scalar(0.5)));
        break;
      case NearestRounding::floor:
        nearest = node.create<FloorOp>(column);
        break;
      case NearestRounding::ceil:
        nearest = node.create<CeilOp>(column);
        break;
      }
      weights = node.createTyped<CastOp>(
          RankedTensorType::get({in, out}, coordinate),
          node.create<CompareOp>(ComparePredicate::eq, nearest, position));
    }
    if (!weights)
      return {};
    // A constant roi that keeps this dimension whole gives the identity
    // and no position outside.
    std::optional<Tensor> constantWeights = NodeContext::constantOf(weights);
    std::optional<Tensor> constantOutside = NodeContext::constantOf(dimOutside);
    bool identity = constantWeights && constantOutside && in == out;
    for (int64_t i = 0; identity && i < in * out; ++i)
      identity = constantWeights->getDouble(i) == (i / out == i % out ? 1 : 0) &&
                 constantOutside->getInt(i % out) == 0;
    if (identity)
      continue;
    SmallVector<int64_t> maskShape(rank, 1);
    maskShape[dim] = out;
    Value dimMask = node.createTyped<ReshapeOp>(
        RankedTensorType::get(maskShape, node.builder().getI1Type()),
        dimOutside);
    outside = outside ? node.create<OrOp>(outside, dimMask) : dimMask;
    int64_t viewDim = dim + offset;
    SmallVector<int64_t> toLast, back(viewRank);
    for (int64_t d = 0; d < viewRank; ++d)
      if (d != viewDim)
        toLast.push_back(d);
    toLast.push_back(viewDim);
    for (int64_t d = 0; d < viewRank; ++d)
      back[toLast[d]] = d;
    bool moved = viewDim != viewRank - 1;
    Value moving =
        moved ? node.create<TransposeOp>(result, ArrayRef<int64_t>(toLast))
              : result;
    Value product = node.create<MatmulOp>(
        moving, castTo(node, weights, type.getElementType()));
    result = moved ? node.create<TransposeOp>(product, ArrayRef<int64_t>(back))
                   : product;
  }
  if (!result)
    return {};
  if (rank == 1)
    result = reshapeTo(node, result, {plan.sizes[0]});
  if (!outside)
    return result;
  return node.create<SelectOp>(
      outside, node.scalar(type.getElementType(), plan.extrapolation), result);
}

/// The checks every Resize and Upsample shares: a float input of static
/// shape.
RankedTensorType resizeInputType(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (!type) {
    (void)node.fail("the input X is missing");
    return {};
  }
  if (!isa<FloatType>(type.getElementType())) {
    std::string name;
    llvm::raw_string_ostream(name) << type.getElementType();
    (void)node.fail("input of element type " + name +
                    " is not supported (loom.resize takes floats)");
    return {};
  }
  if (!type.hasStaticShape()) {
    (void)node.fail("the input shape must be static");
    return {};
  }
  return type;
}

/// Whether Resize's input `index` (scales or sizes) is given and known only
/// at run time. An input whose type says it is empty counts as absent (opset
/// 11 requires scales, and an empty one stands for none).
bool givenAtRunTime(NodeContext &node, size_t index) {
  if (!node.hasInput(index) || node.constantInput(index))
    return false;
  auto type = dyn_cast<RankedTensorType>(node.input(index).getType());
  return !type || !type.hasStaticShape() || type.getNumElements() != 0;
}

/// Resize or Upsample whose scales (input `scalesIndex`) or sizes (input
/// `sizesIndex`, -1 where the opset has none) are only known at run time:
/// loom.runtime_resize, each result dimension bounded by --max-dim (or the
/// input's size, when larger). Every mode and coordinate transform of the
/// plan is the op's own, cubic and tf_crop_and_resize included; before
/// opset 11 nearest rounds by the scale (plan.legacyRounding), and
/// Upsample's scales must be at least 1 (`enlargeOnly`).
LogicalResult convertRuntimeResize(NodeContext &node,
                                   RankedTensorType inputType,
                                   const ResizePlan &plan, int scalesIndex,
                                   int sizesIndex, bool enlargeOnly = false) {
  int64_t rank = inputType.getRank();
  bool scalesGiven = givenAtRunTime(node, scalesIndex);
  if (std::optional<Tensor> scales = node.hasInput(scalesIndex)
                                         ? node.constantInput(scalesIndex)
                                         : std::nullopt)
    scalesGiven = scales->numElements() != 0;
  bool sizesGiven = sizesIndex >= 0 && node.hasInput(sizesIndex);
  if (scalesGiven && sizesGiven)
    return node.fail("only one of scales and sizes may be given");
  int index = sizesGiven ? sizesIndex : scalesIndex;
  StringRef what = sizesGiven ? "sizes" : "scales";
  auto targetType = dyn_cast<RankedTensorType>(node.input(index).getType());
  Type element = targetType ? targetType.getElementType() : Type();
  if (rank < 1 || !targetType || targetType.getRank() != 1 ||
      targetType.getDimSize(0) != rank ||
      (sizesGiven ? !isa<IntegerType>(element) : !isa<FloatType>(element)))
    return node.fail("input " + Twine(index) + " (" + what + ", '" +
                     node.node().input(index) +
                     "') is given at run time; it must then be a rank-1 " +
                     (sizesGiven ? "integer" : "float") + " tensor of " +
                     Twine(rank) + " entries, one per input dimension");
  std::optional<int64_t> bound = node.runTimeDimBound({{index, what}}, rank);
  if (!bound)
    return failure();
  OpBuilder &b = node.builder();
  Value target = castTo(node, node.input(index),
                        sizesGiven ? Type(b.getI64Type()) : b.getF64Type());
  Value roi;
  if (plan.cropAndResize) {
    if (!node.hasInput(1))
      return node.fail("coordinate_transformation_mode "
                       "'tf_crop_and_resize' needs the roi input");
    auto roiType = dyn_cast<RankedTensorType>(node.input(1).getType());
    if (!roiType || !isa<FloatType>(roiType.getElementType()) ||
        roiType.getRank() != 1 || roiType.getDimSize(0) != 2 * rank)
      return node.fail("roi must hold 2 * rank = " + Twine(2 * rank) +
                       " floats (starts, then ends) for tf_crop_and_resize");
    roi = castTo(node, node.input(1), b.getF64Type());
  }
  ResizeMode mode = plan.cubic ? ResizeMode::cubic : plan.mode;
  NearestRounding rounding =
      plan.legacyRounding ? NearestRounding::floor_growing_ceil_shrinking
                          : plan.rounding;
  CoordinateTransform transform = plan.cropAndResize
                                      ? CoordinateTransform::tf_crop_and_resize
                                      : plan.transform;
  Type none = b.getNoneType();
  SmallVector<Value> results = node.createMulti<RuntimeResizeOp>(
      none, none, node.input(0), target, roi, mode, transform, rounding,
      APFloat(plan.cubicA), plan.excludeOutside, APFloat(plan.extrapolation),
      enlargeOnly, static_cast<uint64_t>(*bound));
  if (results.size() != 2)
    return failure();
  return node.setValueResults({dataShapedResult(
      node, results[0], results[1],
      RuntimeResizeOp::dimBounds(inputType, *bound))});
}

/// Resize-10 takes constant scales and maps coordinates asymmetrically;
/// from opset 11 it takes roi, scales or sizes, and the coordinate
/// transform and rounding as attributes. Inputs are optional (empty names)
/// from opset 13; before, scales is required but may be an empty tensor
/// when sizes is given.
LogicalResult convertResize(NodeContext &node) {
  RankedTensorType inputType = resizeInputType(node);
  ResizePlan plan;
  if (!inputType || failed(parseResizeMode(node, plan)))
    return failure();
  if (node.opset() < 11) {
    plan.legacyRounding = true;
    if (givenAtRunTime(node, 1))
      return convertRuntimeResize(node, inputType, plan, 1, -1);
    std::optional<SmallVector<double>> scales = scalesInput(node, 1);
    if (!scales || failed(sizesFromScales(node, inputType, *scales, plan)))
      return failure();
  } else {
    if (failed(parseResizeAttributes(node, plan)))
      return failure();
    if (givenAtRunTime(node, 2) || givenAtRunTime(node, 3)) {
      plan.extrapolation = node.floatAttr("extrapolation_value", 0.0f);
      return convertRuntimeResize(node, inputType, plan, 2, 3);
    }
    std::optional<SmallVector<double>> scales;
    if (node.hasInput(2)) {
      scales = scalesInput(node, 2);
      if (!scales)
        return failure();
    }
    bool hasScales = scales && !scales->empty();
    if (node.hasInput(3)) {
      if (hasScales)
        return node.fail("only one of scales and sizes may be given");
      std::optional<std::vector<int64_t>> sizes = node.intsInput(3, "sizes");
      if (!sizes || failed(scalesFromSizes(node, inputType, *sizes, plan)))
        return failure();
    } else if (!hasScales) {
      return node.fail("one of scales and sizes must be given");
    } else if (failed(sizesFromScales(node, inputType, *scales, plan))) {
      return failure();
    }
    if (plan.cropAndResize) {
      if (plan.cubic)
        return node.fail("cubic resize with coordinate_transformation_mode "
                         "'tf_crop_and_resize' is not supported");
      if (!node.hasInput(1))
        return node.fail("coordinate_transformation_mode "
                         "'tf_crop_and_resize' needs the roi input");
      plan.extrapolation = node.floatAttr("extrapolation_value", 0.0f);
      return node.setResults(
          {buildCropAndResize(node, node.input(0), node.input(1), plan)});
    }
    if (plan.cubic)
      return node.setResults({buildCubicResize(node, node.input(0), plan)});
    if (failed(matchRealLengths(node, inputType, plan)))
      return failure();
  }
  return node.setResults({buildResize(node, node.input(0), plan)});
}

/// Upsample (opsets 7 to 9; deprecated for Resize in 10): scales are an
/// attribute before opset 9 and an input from 9 (read at run time when it
/// is no constant), each at least 1.
LogicalResult convertUpsample(NodeContext &node) {
  if (node.opset() >= 10)
    return node.fail("Upsample is deprecated from opset 10; use Resize");
  RankedTensorType inputType = resizeInputType(node);
  ResizePlan plan;
  if (!inputType || failed(parseResizeMode(node, plan)))
    return failure();
  SmallVector<double> scales;
  if (node.opset() < 9) {
    if (!node.hasAttribute("scales"))
      return node.fail("attribute 'scales' is missing");
    for (float scale : node.floatsAttr("scales"))
      scales.push_back(scale);
  } else {
    if (givenAtRunTime(node, 1)) {
      plan.legacyRounding = true;
      return convertRuntimeResize(node, inputType, plan, 1, -1,
                                  /*enlargeOnly=*/true);
    }
    std::optional<SmallVector<double>> values = scalesInput(node, 1);
    if (!values)
      return failure();
    scales = *values;
  }
  for (auto [dim, scale] : llvm::enumerate(scales))
    if (!(scale >= 1))
      return node.fail("scale " + formatNumber(scale) + " of dimension " + Twine(dim) +
                       " is below 1 (Upsample only enlarges)");
  if (failed(sizesFromScales(node, inputType, scales, plan)))
    return failure();
  plan.legacyRounding = true;
  return node.setResults({buildResize(node, node.input(0), plan)});
}


//===----------------------------------------------------------------------===//
// GridSample
//===----------------------------------------------------------------------===//

/// GridSample (opset 16) on [N, C, H, W] with a [N, Ho, Wo, 2] grid of
/// (x, y) in [-1, 1], as PyTorch's grid_sample computes it: the grid is
/// unnormalized (align_corners), each tap of the interpolation (1 for
/// nearest, rounding halves to even; 4 for bilinear; 16 for bicubic with
/// A = -0.75) reads X through a gather_elements over the flattened H * W
/// positions, and a tap outside the input reads 0 (padding zeros). With
/// border or reflection padding the coordinate is clipped or reflected
/// first (bicubic: each tap's coordinate). Every step is elementwise on the
/// grid, so the grid is read at run time.
LogicalResult convertGridSample(NodeContext &node) {
  RankedTensorType xType = node.inputType(0), gridType = node.inputType(1);
  if (!xType || !gridType)
    return node.fail("inputs X and grid are required");
  if (xType.getRank() != 4 || !xType.hasStaticShape() ||
      !isa<FloatType>(xType.getElementType()))
    return node.fail("input X must be a float tensor [N, C, H, W] of static "
                     "shape (only 2-D sampling is supported)");
  int64_t n = xType.getDimSize(0), c = xType.getDimSize(1),
          h = xType.getDimSize(2), w = xType.getDimSize(3);
  if (gridType.getRank() != 4 || !gridType.hasStaticShape() ||
      gridType.getDimSize(0) != n || gridType.getDimSize(3) != 2)
    return node.fail("grid has shape " + formatInts(gridType.getShape()) +
                     " but must be [" + Twine(n) + ", Ho, Wo, 2]");
  if (gridType.getElementType() != xType.getElementType())
    return node.fail("grid must have X's element type");
  if (h == 0 || w == 0)
    return node.fail("an empty input (H or W is 0) is not supported");
  std::string mode = node.stringAttr("mode", "bilinear");
  std::string padding = node.stringAttr("padding_mode", "zeros");
  bool alignCorners = node.intAttr("align_corners", 0) != 0;
  if (mode != "bilinear" && mode != "nearest" && mode != "bicubic")
    return node.fail("mode '" + mode +
                     "' is not one of bilinear, nearest, bicubic");
  if (padding != "zeros" && padding != "border" && padding != "reflection")
    return node.fail("padding_mode '" + padding +
                     "' is not one of zeros, border, reflection");
  int64_t ho = gridType.getDimSize(1), wo = gridType.getDimSize(2);
  int64_t points = ho * wo;
  Type type = xType.getElementType();
  auto constant = [&](double value) { return node.scalar(type, value); };
  auto add = [&](Value a, Value b) { return node.create<AddOp>(a, b); };
  auto sub = [&](Value a, Value b) { return node.create<SubOp>(a, b); };
  auto mul = [&](Value a, Value b) { return node.create<MulOp>(a, b); };

  // One coordinate of the grid, [N, 1, Ho * Wo].
  auto coordinate = [&](int64_t which) {
    Value slice = node.createTyped<SliceOp>(
        gridType.clone(SmallVector<int64_t>{n, ho, wo, 1}), node.input(1),
        ArrayRef<int64_t>{0, 0, 0, which}, ArrayRef<int64_t>{1, 1, 1, 1});
    return reshapeTo(node, slice, {n, 1, points});
  };
  // From [-1, 1] to input positions.
  auto unnormalize = [&](Value v, int64_t size) {
    double s = static_cast<double>(size);
    return alignCorners
               ? mul(add(v, constant(1)), constant((s - 1) / 2))
               : mul(sub(mul(add(v, constant(1)), constant(s)), constant(1)),
                     constant(0.5));
  };
  // Reflects `v` into [low, high] (PyTorch's reflect_coordinates with
  // twice_low = 2 * low, twice_high = 2 * high).
  auto reflect = [&](Value v, double low, double high) -> Value {
    if (low == high)
      return mul(v, constant(0));
    double span = high - low;
    Value in = node.create<AbsOp>(sub(v, constant(low)));
    Value flips = node.create<FloorOp>(mul(in, constant(1 / span)));
    Value extra = sub(in, mul(flips, constant(span)));
    Value half = node.create<FloorOp>(mul(flips, constant(0.5)));
    Value even = node.create<CompareOp>(
        ComparePredicate::eq, sub(flips, mul(half, constant(2))), constant(0));
    return node.create<SelectOp>(even, add(extra, constant(low)),
                                 add(sub(constant(span), extra),
                                     constant(low)));
  };
  Builder &b = node.builder();
  auto clip = [&](Value v, int64_t size) {
    return node.create<ClampOp>(v, b.getF64FloatAttr(0),
                                b.getF64FloatAttr(static_cast<double>(size - 1)));
  };
  // Border and reflection padding of a coordinate.
  auto pad = [&](Value v, int64_t size) {
    if (padding == "border")
      return clip(v, size);
    if (padding == "reflection") {
      double s = static_cast<double>(size);
      return clip(alignCorners ? reflect(v, 0, s - 1)
                               : reflect(v, -0.5, s - 0.5),
                  size);
    }
    return v;
  };

  Value flat = reshapeTo(node, node.input(0), {n, c, h * w});
  auto indexType = RankedTensorType::get({n, c, points}, b.getI64Type());
  auto pointsType = RankedTensorType::get({n, 1, points}, type);
  // The value at integer positions (px, py) ([N, 1, P] each) times
  // `weight`, 0 where the position lies outside the input.
  auto tap = [&](Value px, Value py, Value weight) {
    Value inside = node.create<AndOp>(
        node.create<AndOp>(
            node.create<CompareOp>(ComparePredicate::ge, px, constant(0)),
            node.create<CompareOp>(ComparePredicate::le, px,
                                   constant(static_cast<double>(w - 1)))),
        node.create<AndOp>(
            node.create<CompareOp>(ComparePredicate::ge, py, constant(0)),
            node.create<CompareOp>(ComparePredicate::le, py,
                                   constant(static_cast<double>(h - 1)))));
    Value position =
        add(mul(clip(py, h), constant(static_cast<double>(w))), clip(px, w));
    Value index = node.createTyped<BroadcastToOp>(
        indexType,
        node.createTyped<CastOp>(pointsType.clone(b.getI64Type()), position));
    Value value = node.create<GatherElementsOp>(flat, index, 2);
    Value kept = node.createTyped<CastOp>(pointsType, inside);
    return mul(value, mul(weight, kept));
  };

  Value x = unnormalize(coordinate(0), w), y = unnormalize(coordinate(1), h);
  Value result;
  auto accumulate = [&](Value term) {
    result = result ? add(result, term) : term;
  };
  if (mode == "nearest") {
    x = node.create<RoundOp>(pad(x, w));
    y = node.create<RoundOp>(pad(y, h));
    accumulate(tap(x, y, constant(1)));
  } else if (mode == "bilinear") {
    x = pad(x, w);
    y = pad(y, h);
    Value x0 = node.create<FloorOp>(x), y0 = node.create<FloorOp>(y);
    Value x1 = add(x0, constant(1)), y1 = add(y0, constant(1));
    Value wx1 = sub(x, x0), wy1 = sub(y, y0);
    Value wx0 = sub(constant(1), wx1), wy0 = sub(constant(1), wy1);
    accumulate(tap(x0, y0, mul(wx0, wy0)));
    accumulate(tap(x1, y0, mul(wx1, wy0)));
    accumulate(tap(x0, y1, mul(wx0, wy1)));
    accumulate(tap(x1, y1, mul(wx1, wy1)));
  } else {
    // Keys' cubic convolution with A = -0.75 on the fraction t.
    const double a = -0.75;
    auto weights = [&](Value t) {
      auto near = [&](Value d) { // |d| <= 1: ((A + 2) d - (A + 3)) d^2 + 1
        return add(mul(sub(mul(d, constant(a + 2)), constant(a + 3)),
                       mul(d, d)),
                   constant(1));
      };
      auto far = [&](Value d) { // 1 < |d| < 2: ((A d - 5A) d + 8A) d - 4A
        return sub(mul(add(mul(sub(mul(d, constant(a)), constant(5 * a)), d),
                           constant(8 * a)),
                       d),
                   constant(4 * a));
      };
      Value oneMinus = sub(constant(1), t);
      return SmallVector<Value>{far(add(t, constant(1))), near(t),
                                near(oneMinus),
                                far(add(oneMinus, constant(1)))};
    };
    Value x0 = node.create<FloorOp>(x), y0 = node.create<FloorOp>(y);
    SmallVector<Value> wx = weights(sub(x, x0)), wy = weights(sub(y, y0));
    for (int64_t i = 0; i < 4; ++i) {
      Value py = pad(add(y0, constant(static_cast<double>(i - 1))), h);
      for (int64_t j = 0; j < 4; ++j) {
        Value px = pad(add(x0, constant(static_cast<double>(j - 1))), w);
        accumulate(tap(px, py, mul(wx[j], wy[i])));
      }
    }
  }
  if (!result)
    return failure();
  return node.setResults({reshapeTo(node, result, {n, c, ho, wo})});
}

/// RoiAlign (opset 16, mode avg) with a fixed sampling_ratio: for each roi
/// (rois read at run time) and output bin, the mean of sampling_ratio^2
/// bilinear samples of X[batch_indices[r]], as ONNX's reference computes
/// them (a sample beyond one pixel outside the input counts 0, coordinates
/// below 0 read 0, the last row/column is not interpolated past). The
/// sample positions are [R, oh * s, 1] and [R, 1, ow * s] tensors; each of
/// the 4 corners is a gather_elements over X's flattened N * H * W
/// positions per channel, weighted and summed; the bins are averaged by a
/// reduce_sum.
LogicalResult convertRoiAlign(NodeContext &node) {
  RankedTensorType xType = node.inputType(0), roisType = node.inputType(1),
                   batchType = node.inputType(2);
  if (!xType || !roisType || !batchType)
    return node.fail("inputs X, rois and batch_indices are required");
  if (xType.getRank() != 4 || !xType.hasStaticShape() ||
      !isa<FloatType>(xType.getElementType()))
    return node.fail("X must be a float tensor [N, C, H, W] of static shape");
  int64_t n = xType.getDimSize(0), c = xType.getDimSize(1),
          h = xType.getDimSize(2), w = xType.getDimSize(3);
  if (roisType.getRank() != 2 || !roisType.hasStaticShape() ||
      roisType.getDimSize(1) != 4 ||
      roisType.getElementType() != xType.getElementType())
    return node.fail("rois must be [num_rois, 4] of X's element type");
  int64_t r = roisType.getDimSize(0);
  if (batchType.getShape() != ArrayRef<int64_t>{r})
    return node.fail("batch_indices must have shape [" + Twine(r) + "]");
  std::string mode = node.stringAttr("mode", "avg");
  if (mode != "avg")
    return node.fail("mode '" + mode + "' is not supported (avg is)");
  std::string transform =
      node.stringAttr("coordinate_transformation_mode", "half_pixel");
  if (transform != "half_pixel" && transform != "output_half_pixel")
    return node.fail("coordinate_transformation_mode '" + transform +
                     "' is not one of half_pixel, output_half_pixel");
  bool halfPixel = transform == "half_pixel";
  int64_t oh = node.intAttr("output_height", 1),
          ow = node.intAttr("output_width", 1),
          ratio = node.intAttr("sampling_ratio", 0);
  double scale = node.floatAttr("spatial_scale", 1.0f);
  if (oh < 1 || ow < 1)
    return node.fail("output_height and output_width must be positive");
  if (ratio <= 0)
    return node.fail("sampling_ratio " + Twine(ratio) +
                     " (adaptive: the sample count follows the rois' sizes "
                     "at run time) is not supported; give a positive one");
  if (n == 0 || c == 0 || h == 0 || w == 0 || r == 0)
    return node.fail("empty inputs are not supported");
  Type type = xType.getElementType();
  Builder &b = node.builder();
  auto constant = [&](double value) { return node.scalar(type, value); };
  auto add = [&](Value x, Value y) { return node.create<AddOp>(x, y); };
  auto sub = [&](Value x, Value y) { return node.create<SubOp>(x, y); };
  auto mul = [&](Value x, Value y) { return node.create<MulOp>(x, y); };
  auto roi = [&](int64_t column) { // [R, 1, 1]
    Value slice = node.createTyped<SliceOp>(
        roisType.clone(SmallVector<int64_t>{r, 1}), node.input(1),
        ArrayRef<int64_t>{0, column}, ArrayRef<int64_t>{1, 1});
    Value scaled = mul(reshapeTo(node, slice, {r, 1, 1}), constant(scale));
    return halfPixel ? sub(scaled, constant(0.5)) : scaled;
  };
  // Sample coordinates along one dimension: start + bin * (p + (i + .5) /
  // ratio) for p < bins, i < ratio, as a [R, bins * ratio] tensor shaped
  // `shape`.
  auto samples = [&](int64_t startColumn, int64_t bins,
                     ArrayRef<int64_t> shape) {
    Value start = roi(startColumn), end = roi(startColumn + 2);
    Value size = sub(end, start);
    if (!halfPixel) // output_half_pixel keeps rois at least 1 wide
      size = node.create<MaxOp>(size, constant(1));
    Value bin = mul(size, constant(1.0 / static_cast<double>(bins)));
    Tensor fractions(DType::F64, {1, bins * ratio});
    for (int64_t p = 0; p < bins; ++p)
      for (int64_t i = 0; i < ratio; ++i)
        fractions.setDouble(p * ratio + i,
                            static_cast<double>(p) +
                                (static_cast<double>(i) + 0.5) /
                                    static_cast<double>(ratio));
    Value offsets = castTo(node, node.constant(fractions), type);
    return reshapeTo(node, add(reshapeTo(node, start, {r, 1}),
                               mul(reshapeTo(node, bin, {r, 1}), offsets)),
                     shape);
  };
  // ONNX's reference along one dimension of size `size`: the validity of
  // each sample, its low and high positions and the high one's weight.
  struct Axis {
    Value valid, low, high, weight;
  };
  auto axis = [&](Value v, int64_t size) {
    double last = static_cast<double>(size - 1);
    Axis a;
    a.valid = node.create<AndOp>(
        node.create<CompareOp>(ComparePredicate::ge, v, constant(-1)),
        node.create<CompareOp>(ComparePredicate::le, v,
                               constant(static_cast<double>(size))));
    Value clamped = node.create<MaxOp>(v, constant(0));
    Value low = node.create<FloorOp>(clamped);
    Value atEnd = node.create<CompareOp>(ComparePredicate::ge, low,
                                         constant(last));
    a.low = node.create<SelectOp>(atEnd, constant(last), low);
    a.high = node.create<SelectOp>(atEnd, constant(last),
                                   add(low, constant(1)));
    a.weight = node.create<SelectOp>(atEnd, constant(0), sub(clamped, low));
    return a;
  };
  int64_t sh = oh * ratio, sw = ow * ratio;
  Axis y = axis(samples(1, oh, {r, sh, 1}), h);
  Axis x = axis(samples(0, ow, {r, 1, sw}), w);
  Value batch = mul(reshapeTo(node, castTo(node, node.input(2), type),
                              {r, 1, 1}),
                    constant(static_cast<double>(h * w)));
  Value valid = node.createTyped<CastOp>(
      RankedTensorType::get({r, sh, sw}, type),
      node.create<AndOp>(y.valid, x.valid));
  // X as [C, N * H * W]; every corner gathers [C, R * sh * sw].
  Value flat = reshapeTo(
      node, node.create<TransposeOp>(node.input(0), ArrayRef<int64_t>{1, 0, 2, 3}),
      {c, n * h * w});
  int64_t count = r * sh * sw;
  auto corner = [&](Value row, Value column, Value weight) {
    Value position = add(batch, add(mul(row, constant(static_cast<double>(w))),
                                    column)); // [R, sh, sw]
    Value index = node.createTyped<BroadcastToOp>(
        RankedTensorType::get({c, count}, b.getI64Type()),
        node.createTyped<CastOp>(
            RankedTensorType::get({1, count}, b.getI64Type()),
            reshapeTo(node, position, {1, count})));
    Value value = node.create<GatherElementsOp>(flat, index, 1);
    return mul(reshapeTo(node, value, {c, r, sh, sw}), weight);
  };
  Value oneMinusY = sub(constant(1), y.weight),
        oneMinusX = sub(constant(1), x.weight);
  Value sum = add(add(corner(y.low, x.low, mul(oneMinusY, oneMinusX)),
                      corner(y.low, x.high, mul(oneMinusY, x.weight))),
                  add(corner(y.high, x.low, mul(y.weight, oneMinusX)),
                      corner(y.high, x.high, mul(y.weight, x.weight))));
  sum = mul(sum, valid); // [C, R, sh, sw]
  Value bins = node.create<ReduceSumOp>(
      reshapeTo(node, sum, {c, r, oh, ratio, ow, ratio}),
      ArrayRef<int64_t>{3, 5}, /*keepdims=*/false);
  Value mean =
      mul(bins, constant(1.0 / static_cast<double>(ratio * ratio)));
  return node.setResults(
      {node.create<TransposeOp>(mean, ArrayRef<int64_t>{1, 0, 2, 3})});
}
} // namespace

/// ReverseSequence (opset 10): along time_axis, the first sequence_lens[b]
/// elements of batch entry b are reversed and the rest kept. A gather
/// along the time axis whose index at time t is `len - 1 - t` where
/// `t < len`, else t (sequence_lens may be known only at run time).
LogicalResult convertReverseSequence(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  RankedTensorType lensType = node.inputType(1);
  if (!type || !lensType)
    return node.fail("inputs input and sequence_lens are required");
  int64_t rank = type.getRank();
  if (rank < 2)
    return node.fail("the input must have rank 2 or more, not " +
                     Twine(rank));
  std::optional<int64_t> timeAxis =
      node.normalizeAxis(node.intAttr("time_axis", 0), rank, "time_axis");
  std::optional<int64_t> batchAxis =
      node.normalizeAxis(node.intAttr("batch_axis", 1), rank, "batch_axis");
  if (!timeAxis || !batchAxis)
    return failure();
  if (*timeAxis > 1 || *batchAxis > 1 || *timeAxis == *batchAxis)
    return node.fail("time_axis and batch_axis must be 0 and 1 or 1 and 0");
  int64_t batch = type.getDimSize(*batchAxis);
  if (lensType.getRank() != 1 || lensType.getDimSize(0) != batch ||
      !lensType.getElementType().isInteger(64))
    return node.fail("sequence_lens must be a one-dimensional int64 tensor "
                     "of " + Twine(batch) + " values (the batch)");
  if (type.getNumElements() > node.maxConstantElements())
    return node.fail("the input is too large for the index table");
  Builder &b = node.builder();
  auto indexType = type.clone(b.getI64Type());
  Value time = node.createTyped<IotaOp>(indexType, *timeAxis);
  SmallVector<int64_t> lensShape(rank, 1);
  lensShape[*batchAxis] = batch;
  Value lens = node.createTyped<ReshapeOp>(
      RankedTensorType::get(lensShape, b.getI64Type()), node.input(1));
  Value reversed = node.create<SubOp>(
      node.create<SubOp>(lens, node.scalar(b.getI64Type(), 1)), time);
  Value inside = node.create<CompareOp>(ComparePredicate::lt, time, lens);
  Value indices = node.create<SelectOp>(inside, reversed, time);
  return node.setResults(
      {node.create<GatherElementsOp>(node.input(0), indices, *timeAxis)});
}

void registerIndexingConverters(ConverterRegistry &registry) {
  registry.add("ReverseSequence", convertReverseSequence);
  registry.add("Gather", convertGather);
  registry.add("GatherElements", convertGatherElements);
  registry.add("GatherND", convertGatherND);
  registry.add("Scatter", convertScatter);
  registry.add("ScatterElements", convertScatterElements);
  registry.add("ScatterND", convertScatterND);
  registry.add("OneHot", convertOneHot);
  registry.add("Resize", convertResize);
  registry.add("Upsample", convertUpsample);
  registry.add("GridSample", convertGridSample);
  registry.add("RoiAlign", convertRoiAlign);
}

} // namespace loom::onnx_import
