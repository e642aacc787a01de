//===- NormalizationConverters.cpp - ONNX normalizations and softmax ----===//
//
// Part of the Loom project.
//
// The normalizations use loom.layer_norm or short elementwise chains whose
// per-channel parts fold to constants as they are built when the parameters
// are constants. Softmax, LogSoftmax and Hardmax follow the opset's axis
// rule (a 2-D coercion before opset 13).
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/converters/ConverterUtils.h"

#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"

using namespace mlir;

namespace loom::onnx_import {
namespace {

/// Input X of a BatchNormalization: rank 2 or more ([N, C, ...]) with
/// static sizes. Null, with the failure recorded, otherwise.
RankedTensorType batchNormInputType(NodeContext &node) {
  Value x = node.input(0);
  RankedTensorType type = typeOf(x);
  if (type.getRank() < 2) {
    (void)node.fail("input X must have rank 2 or more ([N, C, ...]), got "
                    "rank " +
                    Twine(type.getRank()));
    return {};
  }
  if (failed(requireStatic(node, x, "input X")))
    return {};
  return type;
}

/// Inputs 1 to 4 of a BatchNormalization (scale, B, mean, var) each hold
/// `count` values (`what` says which: "one per channel" ...); with `flat`
/// each must also be 1-D. Names the inputs as the opset's schema does.
LogicalResult checkBatchNormParams(NodeContext &node, int64_t count,
                                   bool flat, StringRef what) {
  bool renamed = node.opset() >= 14; // mean/var became input_mean/input_var
  const StringRef names[] = {"X", "scale", "B",
                             renamed ? "input_mean" : "mean",
                             renamed ? "input_var" : "var"};
  for (int index = 1; index < 5; ++index) {
    RankedTensorType param = node.inputType(index);
    if (!param.hasStaticShape() || param.getNumElements() != count ||
        (flat && param.getRank() != 1))
      return node.fail("input " + Twine(index) + " (" + names[index] +
                       ") has shape " + formatInts(param.getShape()) +
                       " but must hold " + Twine(count) + " values (" + what +
                       ")");
  }
  return success();
}

/// BatchNormalization with training_mode = 1 (opset 14 and later): Y is
/// normalized with the batch's own statistics (the mean and the population
/// variance over every dimension but 1), and the optional outputs are the
/// updated running statistics, `input * momentum + batch * (1 - momentum)`,
/// as ONNX's reference computes them.
LogicalResult convertBatchNormalizationTraining(NodeContext &node) {
  Value x = node.input(0);
  RankedTensorType type = batchNormInputType(node);
  if (!type)
    return failure();
  int64_t channels = type.getDimSize(1);
  if (failed(checkBatchNormParams(node, channels, /*flat=*/true,
                                  "one per channel")))
    return failure();
  SmallVector<int64_t> axes;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    if (dim != 1)
      axes.push_back(dim);
  SmallVector<int64_t> paramShape(type.getRank(), 1);
  paramShape[1] = channels;
  Type element = type.getElementType();
  Value mean = node.create<ReduceMeanOp>(x, axes, /*keepdims=*/true);
  Value centered = node.create<SubOp>(x, mean);
  Value variance = node.create<ReduceMeanOp>(
      node.create<MulOp>(centered, centered), axes, /*keepdims=*/true);
  Value epsilon = node.scalar(element, node.floatAttr("epsilon", 1e-5f));
  Value scale = reshapeTo(node, castTo(node, node.input(1), element),
                          paramShape);
  Value bias = reshapeTo(node, castTo(node, node.input(2), element),
                         paramShape);
  Value y = node.create<AddOp>(
      node.create<MulOp>(
          node.create<DivOp>(centered,
                             node.create<SqrtOp>(
                                 node.create<AddOp>(variance, epsilon))),
          scale),
      bias);
  float momentum = node.floatAttr("momentum", 0.9f);
  auto running = [&](int index, Value batch) {
    Type statType = node.inputType(index).getElementType();
    Value flat = reshapeTo(node, castTo(node, batch, statType), {channels});
    return node.create<AddOp>(
        node.create<MulOp>(node.input(index), node.scalar(statType, momentum)),
        node.create<MulOp>(flat, node.scalar(statType, 1.0 - momentum)));
  };
  SmallVector<Value> results = {y};
  if (node.node().output_size() > 1)
    results.push_back(running(3, mean));
  if (node.node().output_size() > 2)
    results.push_back(running(4, variance));
  return node.setResults(results);
}

/// BatchNormalization in inference mode:
///   y = x * (scale / sqrt(var + epsilon)) + (B - mean * scale / sqrt(var + epsilon))
/// The two per-channel factors fold to constants as they are built when the
/// parameters are constants. Before opset 9, `spatial = 0` gives the
/// parameters one value per element of a sample ([C, D1, ...]).
/// Training mode is convertBatchNormalizationTraining.
LogicalResult convertBatchNormalization(NodeContext &node) {
  if (failed(requireInputs(node, {"X", "scale", "B", "mean", "var"})))
    return failure();
  if (node.intAttr("training_mode", 0) != 0)
    return convertBatchNormalizationTraining(node);
  for (int i = 1; i < node.node().output_size(); ++i)
    if (!node.node().output(i).empty())
      return node.fail("training mode is not supported: output " + Twine(i) +
                       " ('" + node.node().output(i) +
                       "') is a statistic only training computes");
  Value x = node.input(0);
  RankedTensorType type = batchNormInputType(node);
  if (!type)
    return failure();
  // One value per channel, or with spatial = 0 per element of a sample.
  bool spatial = node.opset() >= 9 || node.intAttr("spatial", 1) != 0;
  SmallVector<int64_t> paramShape(type.getShape());
  paramShape[0] = 1;
  int64_t count = spatial ? type.getDimSize(1) : product(paramShape);
  if (failed(checkBatchNormParams(
          node, count, /*flat=*/false,
          spatial ? "one per channel" : "one per element of a sample")))
    return failure();
  Type element = type.getElementType();
  Value scale = castTo(node, node.input(1), element);
  Value bias = castTo(node, node.input(2), element);
  Value mean = castTo(node, node.input(3), element);
  Value variance = castTo(node, node.input(4), element);
  Value epsilon = node.scalar(element, node.floatAttr("epsilon", 1e-5f));
  Value factor = node.create<DivOp>(
      scale, node.create<SqrtOp>(node.create<AddOp>(variance, epsilon)));
  Value shift = node.create<SubOp>(bias, node.create<MulOp>(mean, factor));
  if (!factor || !shift)
    return failure();
  if (spatial) {
    paramShape.assign(type.getRank(), 1);
    paramShape[1] = count;
  }
  factor = reshapeTo(node, factor, paramShape);
  shift = reshapeTo(node, shift, paramShape);
  return node.setResults(
      {node.create<AddOp>(node.create<MulOp>(x, factor), shift)});
}

/// InstanceNormalization: each (sample, channel) plane normalized on its
/// own, which is loom.layer_norm over the spatial dimensions, then the
/// per-channel scale and bias.
LogicalResult convertInstanceNormalization(NodeContext &node) {
  if (failed(requireInputs(node, {"input", "scale", "B"})))
    return failure();
  Value x = node.input(0);
  RankedTensorType type = typeOf(x);
  if (type.getRank() < 3)
    return node.fail("input must have rank 3 or more ([N, C, D1, ...]), got "
                     "rank " +
                     Twine(type.getRank()));
  Type element = type.getElementType();
  float epsilon = node.floatAttr("epsilon", 1e-5f);
  if (!(epsilon >= 0))
    return node.fail("attribute 'epsilon' " + std::to_string(epsilon) +
                     " must be at least 0");
  Value normalized = node.create<LayerNormOp>(
      x, node.scalar(element, 1), node.scalar(element, 0), 2, APFloat(epsilon));
  Value scale = perChannel(node, node.input(1), type.getDimSize(1),
                           type.getRank(), "scale");
  Value bias = perChannel(node, node.input(2), type.getDimSize(1),
                          type.getRank(), "B");
  return node.setResults({node.create<AddOp>(
      node.create<MulOp>(normalized, scale), bias)});
}

/// The element type an ONNX stash_type names (float types only).
std::optional<Type> stashType(NodeContext &node, int64_t onnxType) {
  Builder &b = node.builder();
  switch (onnxType) {
  case 1: return b.getF32Type();
  case 10: return b.getF16Type();
  case 11: return b.getF64Type();
  case 16: return b.getBF16Type();
  default:
    (void)node.fail("attribute 'stash_type' " + Twine(onnxType) +
                    " is not a supported float type");
    return std::nullopt;
  }
}

/// LayerNormalization (opset 17): loom.layer_norm over [axis, rank); an
/// absent B is zero. The optional Mean and InvStdDev outputs are computed
/// with reductions in the stash type, keeping the normalized dimensions
/// with size 1.
LogicalResult convertLayerNormalization(NodeContext &node) {
  if (failed(requireInputs(node, {"X", "Scale"})))
    return failure();
  Value x = node.input(0);
  RankedTensorType type = typeOf(x);
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", -1), type.getRank());
  std::optional<Type> stash =
      axis ? stashType(node, node.intAttr("stash_type", 1)) : std::nullopt;
  if (!stash)
    return failure();
  float epsilon = node.floatAttr("epsilon", 1e-5f);
  Value bias =
      node.hasInput(2) ? node.input(2) : node.scalar(type.getElementType(), 0);
  Value y = node.create<LayerNormOp>(x, node.input(1), bias, *axis,
                                     APFloat(epsilon));
  auto wanted = [&](int index) {
    return node.node().output_size() > index &&
           !node.node().output(index).empty();
  };
  if (!wanted(1) && !wanted(2))
    return node.setResults({y});

  SmallVector<int64_t> axes;
  for (int64_t dim = *axis; dim < type.getRank(); ++dim)
    axes.push_back(dim);
  Value xs = castTo(node, x, *stash);
  Value mean = node.create<ReduceMeanOp>(xs, axes, /*keepdims=*/true);
  Value centered = node.create<SubOp>(xs, mean);
  Value variance = node.create<ReduceMeanOp>(
      node.create<MulOp>(centered, centered), axes, /*keepdims=*/true);
  Value invStdDev = node.create<RsqrtOp>(
      node.create<AddOp>(variance, node.scalar(*stash, epsilon)));
  return node.setResults({y, wanted(1) ? mean : Value(),
                          wanted(2) ? invStdDev : Value()});
}

//===----------------------------------------------------------------------===//
// Softmax, LogSoftmax and Hardmax
//===----------------------------------------------------------------------===//

/// Where a softmax-like op works: before opset 13 the input is seen as the
/// 2-D [prod(d < axis), prod(d >= axis)] and the op runs along dimension 1
/// (axis defaults to 1); from 13 it runs along `axis` (default -1). Returns
/// the value to work on and its axis; `restore` is the shape to reshape
/// the result back to (empty when no reshape happened).
std::optional<std::pair<Value, int64_t>>
softmaxView(NodeContext &node, SmallVectorImpl<int64_t> &restore) {
  if (failed(requireInputs(node, {"input"})))
    return std::nullopt;
  Value x = node.input(0);
  RankedTensorType type = typeOf(x);
  if (type.getRank() == 0) {
    (void)node.fail("input must have rank 1 or more");
    return std::nullopt;
  }
  bool coerced = node.opset() < 13;
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", coerced ? 1 : -1), type.getRank());
  if (!axis)
    return std::nullopt;
  if (!coerced || *axis == type.getRank() - 1)
    return std::make_pair(x, *axis);
  if (failed(requireStatic(node, x, "the input (coerced to 2-D)")))
    return std::nullopt;
  ArrayRef<int64_t> shape = type.getShape();
  restore.assign(shape.begin(), shape.end());
  Value flat = reshapeTo(node, x,
                         {product(shape.take_front(*axis)),
                          product(shape.drop_front(*axis))});
  return std::make_pair(flat, int64_t(1));
}

template <typename OpT> LogicalResult convertSoftmax(NodeContext &node) {
  SmallVector<int64_t> restore;
  auto view = softmaxView(node, restore);
  if (!view)
    return failure();
  Value result = node.create<OpT>(view->first, view->second);
  return node.setResults(
      {restore.empty() ? result : reshapeTo(node, result, restore)});
}

/// Hardmax: 1 at the first maximum along the axis, 0 elsewhere, as the
/// comparison of the argmax with an iota along the axis.
LogicalResult convertHardmax(NodeContext &node) {
  SmallVector<int64_t> restore;
  auto view = softmaxView(node, restore);
  if (!view)
    return failure();
  auto [value, axis] = *view;
  RankedTensorType type = typeOf(value);
  if (type.hasStaticShape() && type.getNumElements() == 0)
    return node.setResults({node.input(0)}); // nothing to select
  if (failed(requireStatic(node, value, "the input")))
    return failure();
  Value argmax = node.create<ArgMaxOp>(value, axis, /*keepdims=*/true);
  // Positions along the axis only; the comparison broadcasts them.
  SmallVector<int64_t> positionsShape(type.getRank(), 1);
  positionsShape[axis] = type.getDimSize(axis);
  Value positions = node.createTyped<IotaOp>(
      RankedTensorType::get(positionsShape, node.builder().getI64Type()), axis);
  Value isMax = node.create<CompareOp>(ComparePredicate::eq, positions, argmax);
  Value result = isMax ? node.createTyped<CastOp>(type, isMax) : Value();
  return node.setResults(
      {restore.empty() ? result : reshapeTo(node, result, restore)});
}

} // namespace

void registerNormalizationConverters(ConverterRegistry &registry) {
  registry.add("BatchNormalization", convertBatchNormalization);
  registry.add("InstanceNormalization", convertInstanceNormalization);
  registry.add("LayerNormalization", convertLayerNormalization);
  registry.add("Softmax", convertSoftmax<SoftmaxOp>);
  registry.add("LogSoftmax", convertSoftmax<LogSoftmaxOp>);
  registry.add("Hardmax", convertHardmax);
}

} // namespace loom::onnx_import
