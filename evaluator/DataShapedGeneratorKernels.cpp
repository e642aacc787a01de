//===- DataShapedGeneratorKernels.cpp - Generators of a run-time size -----===//
//
// Part of the Loom project.
//
// ConstantOfShape, Range, the cosine windows, Expand, Tile, OneHot and
// Resize with a size given at run time, as the dialect defines them (ir/LoomDataShapedGeneratorOps.td): the
// result densely at the start of the flat `values` tensor, zeros after it,
// and its shape in `dims`. Written from the ONNX definitions, independently
// of the CPU micro-kernels (backends/cpu/ukernels/data_shaped_generators.c)
// they check. A size above the op's bound is an error naming the bound and
// loomc's --max-dim, which sets it.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Kernels.h"

#include "ir/LoomOps.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

using namespace mlir;

namespace loom::eval {
namespace {

/// The error of a size above `bound`.
llvm::Error aboveBound(const llvm::Twine &what, int64_t size, int64_t bound) {
  return kernelError(what + " is " + llvm::Twine(size) + ", above the bound " +
                     llvm::Twine(bound) +
                     " the model was compiled for (loomc --max-dim)");
}

/// The error of a run-time size, named `what`, that is negative or above
/// `bound`; success otherwise.
llvm::Error checkSize(const llvm::Twine &what, int64_t size, int64_t bound) {
  if (size < 0)
    return kernelError(what + " is " + llvm::Twine(size));
  if (size > bound)
    return aboveBound(what, size, bound);
  return llvm::Error::success();
}

KernelResult constantOfShape(const KernelContext &context,
                             ConstantOfShapeOp op, const Tensor &shape) {
  int64_t rank = shape.numElements();
  int64_t bound = op.getBound();
  int64_t count = 1;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t size = shape.getInt(d);
    if (size < 0)
      return kernelError("shape entry " + llvm::Twine(d) + " is " +
                         llvm::Twine(size));
    if (size > bound)
      return aboveBound("shape entry " + llvm::Twine(d), size, bound);
    count *= size;
  }
  FailureOr<Tensor> value = tensorFromAttr(op.getValue());
  if (failed(value))
    return kernelError("cannot read the value's element");
  Tensor element = convertTensor(*value, context.resultType(0));
  Tensor values = context.makeResult(0);
  size_t bytes = dtypeSize(values.dtype());
  for (int64_t i = 0; i < count; ++i)
    std::memcpy(values.bytes() + i * bytes, element.bytes(), bytes);
  Tensor dims = context.makeResult(1);
  for (int64_t d = 0; d < rank; ++d)
    dims.setInt(d, shape.getInt(d));
  return std::vector<Tensor>{std::move(values), std::move(dims)};
}

/// ONNX Range: max(ceil((limit - start) / delta), 0) elements start + i *
/// delta, computed in the element type (as the compile-time Range, an iota
/// times delta plus start).
KernelResult range(const KernelContext &context, RangeOp op,
                   const Tensor &start, const Tensor &limit,
                   const Tensor &delta) {
  int64_t bound = op.getBound();
  Tensor values = context.makeResult(0);
  DType type = values.dtype();
  int64_t count;
  if (isFloat(type)) {
    double first = start.getDouble(0), step = delta.getDouble(0);
    double steps = std::ceil((limit.getDouble(0) - first) / step);
    if (step == 0 || !std::isfinite(steps))
      return kernelError("start, limit and delta give no number of elements "
                         "(delta is 0 or the count is not finite)");
    if (steps > static_cast<double>(bound))
      return aboveBound("the element count", static_cast<int64_t>(
                            std::min(steps, 0x1p62)), bound);
    count = std::max<int64_t>(static_cast<int64_t>(steps), 0);
    for (int64_t i = 0; i < count; ++i) {
      if (type == DType::F32)
        values.setDouble(i, static_cast<float>(i) * static_cast<float>(step) +
                                static_cast<float>(first));
      else
        values.setDouble(i, static_cast<double>(i) * step + first);
    }
  } else {
    int64_t first = start.getInt(0), step = delta.getInt(0);
    if (step == 0)
      return kernelError("delta is 0");
    // ceil((limit - start) / delta) in 128 bits: no input overflows it.
    __int128 span = static_cast<__int128>(limit.getInt(0)) - first;
    __int128 quotient = span / step;
    if (quotient * step != span && (span > 0) == (step > 0))
      ++quotient;
    if (quotient > bound)
      return aboveBound("the element count",
                        static_cast<int64_t>(std::min<__int128>(
                            quotient, std::numeric_limits<int64_t>::max())),
                        bound);
    count = static_cast<int64_t>(std::max<__int128>(quotient, 0));
    for (int64_t i = 0; i < count; ++i)
      values.setInt(i, first + i * step); // wraps in the type, as ONNX's
  }
  Tensor dims = context.makeResult(1);
  dims.setInt(0, count);
  return std::vector<Tensor>{std::move(values), std::move(dims)};
}

KernelResult window(const KernelContext &context, WindowOp op,
                    const Tensor &size) {
  int64_t length = size.getInt(0), bound = op.getBound();
  if (llvm::Error error = checkSize("size", length, bound))
    return std::move(error);
  Tensor values = context.makeResult(0);
  double n = op.getPeriodic() ? static_cast<double>(length)
                              : static_cast<double>(length - 1);
  for (int64_t i = 0; i < length; ++i) {
    double phase = 2 * M_PI * static_cast<double>(i) / n;
    double value;
    switch (op.getKind()) {
    case WindowKind::hann:
      value = 0.5 - 0.5 * std::cos(phase);
      break;
    case WindowKind::hamming:
      value = 25.0 / 46 - 21.0 / 46 * std::cos(phase);
      break;
    case WindowKind::blackman:
      value = 0.42 - 0.5 * std::cos(phase) + 0.08 * std::cos(2 * phase);
      break;
    }
    values.setDouble(i, value);
  }
  Tensor dims = context.makeResult(1);
  dims.setInt(0, length);
  return std::vector<Tensor>{std::move(values), std::move(dims)};
}

/// ONNX Expand to a run-time shape: the input broadcast with `shape`
/// (aligned at the trailing dimension; a 1 takes the other side's size).
KernelResult expandToShape(const KernelContext &context, ExpandToShapeOp op,
                           const Tensor &input, const Tensor &shape) {
  const Shape &inputShape = input.shape();
  int64_t inputRank = static_cast<int64_t>(inputShape.size());
  int64_t length = shape.numElements();
  int64_t rank = std::max(inputRank, length);
  SmallVector<int64_t> bounds = ExpandToShapeOp::dimBounds(
      cast<RankedTensorType>(op.getInput().getType()), length, op.getBound());
  Shape result(rank), strides(rank, 0);
  int64_t stride = 1;
  for (int64_t i = rank - 1; i >= 0; --i) {
    int64_t a = i < rank - inputRank ? 1 : inputShape[i - (rank - inputRank)];
    int64_t b = i < rank - length ? 1 : shape.getInt(i - (rank - length));
    if (b < 0)
      return kernelError("shape entry " + llvm::Twine(i - (rank - length)) +
                         " is " + llvm::Twine(b));
    if (a != b && a != 1 && b != 1)
      return kernelError("the input does not broadcast with the shape: size " +
                         llvm::Twine(a) + " against " + llvm::Twine(b));
    result[i] = a == 1 ? b : a;
    if (result[i] > bounds[i])
      return aboveBound("result dimension " + llvm::Twine(i), result[i],
                        bounds[i]);
    if (i >= rank - inputRank) {
      strides[i] = a == 1 ? 0 : stride;
      stride *= a;
    }
  }
  Tensor values = context.makeResult(0);
  size_t bytes = dtypeSize(values.dtype());
  forEachIndex(result, [&](int64_t linear, const Shape &index) {
    std::memcpy(values.bytes() + linear * bytes,
                input.bytes() + offsetOf(index, strides) * bytes, bytes);
  });
  Tensor dims = context.makeResult(1);
  for (int64_t d = 0; d < rank; ++d)
    dims.setInt(d, result[d]);
  return std::vector<Tensor>{std::move(values), std::move(dims)};
}

/// ONNX Tile by run-time repeats: element `index` of the result is the
/// input's element `index % input shape`.
KernelResult tileToRepeats(const KernelContext &context, TileToRepeatsOp op,
                           const Tensor &input, const Tensor &repeats) {
  const Shape &inputShape = input.shape();
  int64_t rank = static_cast<int64_t>(inputShape.size());
  SmallVector<int64_t> bounds = TileToRepeatsOp::dimBounds(
      cast<RankedTensorType>(op.getInput().getType()), op.getBound());
  Shape result(rank), strides(rank);
  int64_t stride = 1;
  for (int64_t i = rank - 1; i >= 0; --i) {
    int64_t times = repeats.getInt(i);
    if (times < 0)
      return kernelError("repeats entry " + llvm::Twine(i) + " is " +
                         llvm::Twine(times));
    // Compared before multiplying, so that it cannot overflow.
    if (inputShape[i] && times > bounds[i] / inputShape[i])
      return aboveBound("result dimension " + llvm::Twine(i),
                        inputShape[i] * std::min<int64_t>(times, 1 << 30),
                        bounds[i]);
    result[i] = inputShape[i] * times;
    strides[i] = stride;
    stride *= inputShape[i];
  }
  Tensor values = context.makeResult(0);
  size_t bytes = dtypeSize(values.dtype());
  forEachIndex(result, [&](int64_t linear, const Shape &index) {
    int64_t offset = 0;
    for (int64_t d = 0; d < rank; ++d)
      offset += index[d] % inputShape[d] * strides[d];
    std::memcpy(values.bytes() + linear * bytes, input.bytes() + offset * bytes,
                bytes);
  });
  Tensor dims = context.makeResult(1);
  for (int64_t d = 0; d < rank; ++d)
    dims.setInt(d, result[d]);
  return std::vector<Tensor>{std::move(values), std::move(dims)};
}

/// ONNX OneHot of a run-time depth: the indices' shape with `depth`
/// inserted at the axis, `on` where the index equals the position along it.
KernelResult runtimeOneHot(const KernelContext &context, RuntimeOneHotOp op,
                           const Tensor &indices, const Tensor &depthTensor,
                           const Tensor &offOn) {
  int64_t depth = depthTensor.getInt(0);
  if (llvm::Error error = checkSize("depth", depth, op.getBound()))
    return std::move(error);
  int64_t axis = op.getAxis();
  Shape result = indices.shape();
  result.insert(result.begin() + axis, depth);
  Tensor values = context.makeResult(0);
  size_t bytes = dtypeSize(values.dtype());
  forEachIndex(result, [&](int64_t linear, const Shape &index) {
    Shape position = index;
    int64_t k = position[axis];
    position.erase(position.begin() + axis);
    int64_t source = 0;
    for (size_t d = 0; d < position.size(); ++d)
      source = source * indices.shape()[d] + position[d];
    bool hot = indices.getInt(source) == k;
    std::memcpy(values.bytes() + linear * bytes,
                offOn.bytes() + (hot ? bytes : 0), bytes);
  });
  Tensor dims = context.makeResult(1);
  for (size_t d = 0; d < result.size(); ++d)
    dims.setInt(static_cast<int64_t>(d), result[d]);
  return std::vector<Tensor>{std::move(values), std::move(dims)};
}

/// What one output position of a resized dimension reads: input positions
/// (already clamped) and their weights; `outside` when tf_crop_and_resize
/// maps it outside the input.
struct ResizeTaps {
  std::vector<std::pair<int64_t, double>> taps;
  bool outside = false;
};

/// Keys' cubic weights of the four taps from `ceil(c) - 2` at the fraction
/// `r` in (0, 1].
std::array<double, 4> cubicWeights(double r, double a) {
  auto near = [&](double t) { return ((a + 2) * t - (a + 3)) * t * t + 1; };
  auto far = [&](double t) {
    return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
  };
  return {far(r + 1), near(r), near(1 - r), far(2 - r)};
}

/// The taps of output position `x` of a dimension of input size `in` (at
/// least 1), following ONNX's reference (interpolate_1d_with_x).
ResizeTaps resizeTaps(RuntimeResizeOp op, int64_t x, double scale,
                      double length, int64_t in, double start, double end) {
  double position = static_cast<double>(x), last = static_cast<double>(in - 1);
  double c = 0;
  ResizeTaps result;
  switch (op.getCoordinateTransform()) {
  case CoordinateTransform::half_pixel:
    c = (position + 0.5) / scale - 0.5;
    break;
  case CoordinateTransform::pytorch_half_pixel:
    c = length == 1 ? -0.5 : (position + 0.5) / scale - 0.5;
    break;
  case CoordinateTransform::align_corners:
    c = length == 1 ? 0.0 : position * last / (length - 1);
    break;
  case CoordinateTransform::asymmetric:
    c = position / scale;
    break;
  case CoordinateTransform::tf_half_pixel_for_nn:
    c = (position + 0.5) / scale;
    break;
  case CoordinateTransform::tf_crop_and_resize:
    c = (length == 1 ? (end - start) * last / 2
                     : position * (end - start) * last / (length - 1)) +
        start * last;
    result.outside = c < 0 || c > last;
    break;
  }
  auto clamp = [&](double index) {
    return static_cast<int64_t>(std::clamp(index, 0.0, last));
  };
  double lower = std::floor(c);
  // ONNX's ratio, in (0, 1]: a whole coordinate is its lower tap's upper.
  double ratio = c == lower ? 1.0 : c - lower;
  if (c == lower)
    lower -= 1;
  switch (op.getMode()) {
  case ResizeMode::nearest: {
    bool upper = false;
    switch (op.getNearestRounding()) {
    case NearestRounding::round_prefer_floor:
      upper = ratio > 0.5;
      break;
    case NearestRounding::round_prefer_ceil:
      upper = ratio >= 0.5;
      break;
    case NearestRounding::floor:
      upper = ratio == 1.0;
      break;
    case NearestRounding::ceil:
      upper = true;
      break;
    case NearestRounding::floor_growing_ceil_shrinking:
      upper = scale >= 1 ? ratio == 1.0 : true;
      break;
    }
    result.taps.push_back({clamp(upper ? lower + 1 : lower), 1.0});
    break;
  }
  case ResizeMode::linear:
    result.taps.push_back({clamp(lower), 1 - ratio});
    result.taps.push_back({clamp(lower + 1), ratio});
    break;
  case ResizeMode::cubic: {
    std::array<double, 4> weights =
        cubicWeights(ratio, op.getCubicCoeffA().convertToDouble());
    double first = lower - 1, sum = 0;
    for (int k = 0; k < 4; ++k) {
      if (op.getExcludeOutside() && (first + k < 0 || first + k > last))
        weights[k] = 0;
      sum += weights[k];
    }
    for (int k = 0; k < 4; ++k)
      result.taps.push_back({clamp(first + k), op.getExcludeOutside()
                                                   ? weights[k] / sum
                                                   : weights[k]});
    break;
  }
  }
  return result;
}

/// ONNX Resize by run-time scales or sizes, one dimension after the other
/// in f64 (ONNX's reference interpolates separably too), then rounded to the
/// element type.
KernelResult runtimeResize(const KernelContext &context, RuntimeResizeOp op,
                           const Tensor &input, const Tensor &target,
                           const Tensor *roi) {
  const Shape &inputShape = input.shape();
  int64_t rank = static_cast<int64_t>(inputShape.size());
  SmallVector<int64_t> bounds = RuntimeResizeOp::dimBounds(
      cast<RankedTensorType>(op.getInput().getType()), op.getBound());
  bool bySizes = op.bySizes();
  Shape result(rank);
  std::vector<double> scales(rank), lengths(rank);
  for (int64_t d = 0; d < rank; ++d) {
    double in = static_cast<double>(inputShape[d]);
    if (bySizes) {
      int64_t size = target.getInt(d);
      if (size < 0 || (inputShape[d] == 0 && size != 0))
        return kernelError("size " + llvm::Twine(size) + " of dimension " +
                           llvm::Twine(d) + " is invalid for an input of " +
                           llvm::Twine(inputShape[d]));
      if (size > bounds[d])
        return aboveBound("result dimension " + llvm::Twine(d), size,
                          bounds[d]);
      result[d] = size;
      scales[d] = inputShape[d] ? static_cast<double>(size) / in : 1.0;
    } else {
      double scale = target.getDouble(d);
      if (!(scale > 0) || std::isinf(scale))
        return kernelError("scale " + std::to_string(scale) + " of dimension " +
                           llvm::Twine(d) + " is not positive and finite");
      if (op.getEnlargeOnly() && !(scale >= 1))
        return kernelError("scale " + std::to_string(scale) + " of dimension " +
                           llvm::Twine(d) + " is below 1 (Upsample only "
                           "enlarges)");
      double size = std::floor(in * scale);
      if (size > static_cast<double>(bounds[d]))
        return aboveBound("result dimension " + llvm::Twine(d),
                          size > 1e18 ? INT64_MAX : static_cast<int64_t>(size),
                          bounds[d]);
      result[d] = static_cast<int64_t>(size);
      scales[d] = scale;
    }
    lengths[d] = scales[d] * in;
  }
  Tensor values = context.makeResult(0);
  int64_t count = 1;
  for (int64_t size : result)
    count *= size;
  if (count > 0) {
    // Dimension d resized: `current` has the result's sizes before d and
    // the input's from d.
    std::vector<double> current(input.numElements());
    for (int64_t i = 0; i < input.numElements(); ++i)
      current[i] = input.getDouble(i);
    Shape shape = inputShape;
    std::vector<std::vector<bool>> outside(rank);
    for (int64_t d = 0; d < rank; ++d) {
      int64_t in = shape[d], out = result[d];
      double start = roi ? roi->getDouble(d) : 0;
      double end = roi ? roi->getDouble(rank + d) : 0;
      std::vector<ResizeTaps> taps;
      for (int64_t x = 0; x < out; ++x)
        taps.push_back(
            resizeTaps(op, x, scales[d], lengths[d], in, start, end));
      outside[d].resize(out);
      for (int64_t x = 0; x < out; ++x)
        outside[d][x] = taps[x].outside;
      int64_t outer = 1, inner = 1;
      for (int64_t k = 0; k < d; ++k)
        outer *= shape[k];
      for (int64_t k = d + 1; k < rank; ++k)
        inner *= shape[k];
      std::vector<double> next(outer * out * inner, 0.0);
      for (int64_t o = 0; o < outer; ++o)
        for (int64_t x = 0; x < out; ++x)
          for (auto [index, weight] : taps[x].taps)
            if (weight != 0)
              for (int64_t i = 0; i < inner; ++i)
                next[(o * out + x) * inner + i] +=
                    weight * current[(o * in + index) * inner + i];
      current = std::move(next);
      shape[d] = out;
    }
    double extrapolation = op.getExtrapolationValue().convertToDouble();
    forEachIndex(result, [&](int64_t linear, const Shape &index) {
      bool out = false;
      for (int64_t d = 0; d < rank; ++d)
        out = out || outside[d][index[d]];
      values.setDouble(linear, out ? extrapolation : current[linear]);
    });
  }
  Tensor dims = context.makeResult(1);
  for (int64_t d = 0; d < rank; ++d)
    dims.setInt(d, result[d]);
  return std::vector<Tensor>{std::move(values), std::move(dims)};
}

} // namespace

void registerDataShapedGeneratorKernels(KernelRegistry &registry) {
  registry.add<RuntimeOneHotOp>([](const KernelContext &context,
                                   ArrayRef<Tensor> operands) -> KernelResult {
    return runtimeOneHot(context, cast<RuntimeOneHotOp>(context.getOp()),
                         operands[0], operands[1], operands[2]);
  });
  registry.add<RuntimeResizeOp>([](const KernelContext &context,
                                   ArrayRef<Tensor> operands) -> KernelResult {
    return runtimeResize(context, cast<RuntimeResizeOp>(context.getOp()),
                         operands[0], operands[1],
                         operands.size() > 2 ? &operands[2] : nullptr);
  });
  registry.add<TileToRepeatsOp>([](const KernelContext &context,
                                   ArrayRef<Tensor> operands) -> KernelResult {
    return tileToRepeats(context, cast<TileToRepeatsOp>(context.getOp()),
                         operands[0], operands[1]);
  });
  registry.add<ExpandToShapeOp>([](const KernelContext &context,
                                   ArrayRef<Tensor> operands) -> KernelResult {
    return expandToShape(context, cast<ExpandToShapeOp>(context.getOp()),
                         operands[0], operands[1]);
  });
  registry.add<ConstantOfShapeOp>(
      [](const KernelContext &context,
         ArrayRef<Tensor> operands) -> KernelResult {
        return constantOfShape(context,
                               cast<ConstantOfShapeOp>(context.getOp()),
                               operands[0]);
      });
  registry.add<RangeOp>([](const KernelContext &context,
                           ArrayRef<Tensor> operands) -> KernelResult {
    return range(context, cast<RangeOp>(context.getOp()), operands[0],
                 operands[1], operands[2]);
  });
  registry.add<WindowOp>([](const KernelContext &context,
                            ArrayRef<Tensor> operands) -> KernelResult {
    return window(context, cast<WindowOp>(context.getOp()), operands[0]);
  });
}

} // namespace loom::eval
