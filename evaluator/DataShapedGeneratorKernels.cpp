//===- DataShapedGeneratorKernels.cpp - Generators of a run-time size -----===//
//
// Part of the Loom project.
//
// ConstantOfShape, Range, the cosine windows, Expand and Tile with a size
// given at run time, as the dialect defines them (ir/LoomDataShapedGeneratorOps.td): the
// result densely at the start of the flat `values` tensor, zeros after it,
// and its shape in `dims`. Written from the ONNX definitions, independently
// of the CPU micro-kernels (backends/cpu/ukernels/data_shaped_generators.c)
// they check. A size above the op's bound is an error naming the bound and
// loomc's --max-dim, which sets it.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Kernels.h"

#include "ir/LoomOps.h"

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
  if (length < 0)
    return kernelError("size is " + llvm::Twine(length));
  if (length > bound)
    return aboveBound("size", length, bound);
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

} // namespace

void registerDataShapedGeneratorKernels(KernelRegistry &registry) {
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
