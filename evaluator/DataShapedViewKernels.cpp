//===- DataShapedViewKernels.cpp - Kernels of views sized at run time -----===//
//
// Part of the Loom project.
//
// Slice, TopK and Split with sizes given at run time, as the dialect
// defines them (ir/LoomDataShapedViewOps.td): each result densely at the
// start of its flat tensor, zeros after it, and its shape in a dims result;
// an invalid size is an error. Written from the ONNX definitions,
// independently of the CPU micro-kernels (backends/cpu/ukernels/
// data_shaped_views.c) they check.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Kernels.h"

#include "ir/LoomOps.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

using namespace mlir;

namespace loom::eval {
namespace {

/// The run-time sizes as one error: the interpreter names the op.
llvm::Error sizeError(const llvm::Twine &message) {
  return kernelError(message);
}

/// ONNX Slice: the selected elements flat and their shape. For each listed
/// axis, a negative start or end adds the dimension's size; a forward slice
/// clamps both to [0, d], a backward one the start to [0, d - 1] and the
/// end to [-1, d - 1].
KernelResult runtimeSlice(const KernelContext &context, const Tensor &input,
                          const Tensor &starts, const Tensor &ends,
                          const Tensor &axes, const Tensor &steps) {
  const Shape &shape = input.shape();
  int64_t rank = static_cast<int64_t>(shape.size());
  Shape first(rank, 0), stride(rank, 1), sizes = shape;
  std::vector<bool> seen(rank, false);
  for (int64_t i = 0; i < starts.numElements(); ++i) {
    int64_t axis = axes.getInt(i);
    if (axis < -rank || axis >= rank)
      return sizeError("axes entry " + llvm::Twine(i) + " is " +
                       llvm::Twine(axis) + ", outside [-" + llvm::Twine(rank) +
                       ", " + llvm::Twine(rank) + ")");
    if (axis < 0)
      axis += rank;
    if (seen[axis])
      return sizeError("axis " + llvm::Twine(axis) + " is sliced twice");
    seen[axis] = true;
    int64_t step = steps.getInt(i), dim = shape[axis];
    if (step == 0)
      return sizeError("the step of axis " + llvm::Twine(axis) + " is 0");
    int64_t start = starts.getInt(i), end = ends.getInt(i);
    if (start < 0)
      start += dim;
    if (end < 0)
      end += dim;
    if (step > 0 || dim == 0) {
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
    } else {
      start = std::clamp<int64_t>(start, 0, dim - 1);
      end = std::clamp<int64_t>(end, -1, dim - 1);
    }
    // ceil(span / |step|), |INT64_MIN| included.
    uint64_t magnitude = step > 0 ? static_cast<uint64_t>(step)
                                  : 0 - static_cast<uint64_t>(step);
    int64_t span = step > 0 ? end - start : start - end;
    sizes[axis] =
        span <= 0 ? 0 : static_cast<int64_t>((span - 1) / magnitude + 1);
    first[axis] = start;
    stride[axis] = step;
  }
  Tensor values = context.makeResult(0);
  size_t bytes = dtypeSize(input.dtype());
  if (numElementsOf(sizes) > values.numElements())
    return kernelError("runtime_slice result is above its bound");
  Shape inputStrides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    inputStrides[d] = inputStrides[d + 1] * shape[d + 1];
  forEachIndex(sizes, [&](int64_t linear, const Shape &index) {
    int64_t offset = 0;
    for (int64_t d = 0; d < rank; ++d)
      offset += (first[d] + index[d] * stride[d]) * inputStrides[d];
    std::memcpy(values.bytes() + linear * bytes, input.bytes() + offset * bytes,
                bytes);
  });
  Tensor dims = context.makeResult(1);
  for (int64_t d = 0; d < rank; ++d)
    dims.setInt(d, sizes[d]);
  return std::vector<Tensor>{std::move(values), std::move(dims)};
}

/// ONNX TopK with a run-time k: the first k of a stable sort along `axis`,
/// largest first unless `largest` is false, NaN above every number.
template <typename T>
KernelResult runtimeTopK(const KernelContext &context, RuntimeTopKOp op,
                         const Tensor &input, const Tensor &kTensor) {
  const Shape &shape = input.shape();
  int64_t axis = static_cast<int64_t>(op.getAxis());
  int64_t outer = 1, size = shape[axis], inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  int64_t k = kTensor.getInt(0);
  if (k < 0 || k > size)
    return sizeError("K = " + llvm::Twine(k) + " is outside 0 to the size " +
                     llvm::Twine(size) + " of axis " + llvm::Twine(axis));
  bool largest = op.getLargest();
  Tensor values = context.makeResult(0);
  Tensor indices = context.makeResult(1);
  const T *in = input.data<T>();
  T *outValues = values.data<T>();
  int64_t *outIndices = indices.data<int64_t>();
  auto before = [largest](T x, T y) {
    if constexpr (std::is_floating_point_v<T>) {
      bool xIsNaN = std::isnan(x), yIsNaN = std::isnan(y);
      if (xIsNaN || yIsNaN)
        return largest ? xIsNaN && !yIsNaN : yIsNaN && !xIsNaN;
    }
    return largest ? x > y : x < y;
  };
  std::vector<int64_t> order(size);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t n = 0; n < inner; ++n) {
      auto at = [&](int64_t i) { return in[(o * size + i) * inner + n]; };
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return before(at(a), at(b));
      });
      for (int64_t i = 0; i < k; ++i) {
        int64_t out = (o * k + i) * inner + n;
        outValues[out] = at(order[i]);
        outIndices[out] = order[i];
      }
    }
  }
  Tensor dims = context.makeResult(2);
  for (size_t d = 0; d < shape.size(); ++d)
    dims.setInt(d, static_cast<int64_t>(d) == axis ? k : shape[d]);
  return std::vector<Tensor>{std::move(values), std::move(indices),
                             std::move(dims)};
}

/// ONNX Split with run-time sizes: part i holds split[i] consecutive slices
/// along `axis`; the sizes must be 0 or more and add up to the axis' size.
KernelResult runtimeSplit(const KernelContext &context, RuntimeSplitOp op,
                          const Tensor &input, const Tensor &split) {
  const Shape &shape = input.shape();
  int64_t axis = static_cast<int64_t>(op.getAxis());
  int64_t outer = 1, size = shape[axis], inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  int64_t parts = split.numElements(), total = 0;
  for (int64_t i = 0; i < parts; ++i) {
    int64_t part = split.getInt(i);
    if (part < 0)
      return sizeError("split entry " + llvm::Twine(i) + " is " +
                       llvm::Twine(part));
    // Stops adding once past the size, so that it cannot overflow.
    total = total > size ? total : total + std::min(part, size + 1);
  }
  if (total != size)
    return sizeError("the split sizes add up to " +
                     (total > size
                          ? llvm::Twine("more than ") + llvm::Twine(size)
                          : llvm::Twine(total)) +
                     ", not the size " + llvm::Twine(size) + " of axis " +
                     llvm::Twine(axis));
  size_t bytes = dtypeSize(input.dtype());
  std::vector<Tensor> results;
  int64_t offset = 0;
  for (int64_t i = 0; i < parts; ++i) {
    int64_t part = split.getInt(i);
    Tensor values = context.makeResult(i);
    size_t row = static_cast<size_t>(part * inner) * bytes;
    for (int64_t o = 0; o < outer; ++o)
      if (row)
        std::memcpy(values.bytes() + o * row,
                    input.bytes() + ((o * size + offset) * inner) * bytes, row);
    offset += part;
    results.push_back(std::move(values));
  }
  for (int64_t i = 0; i < parts; ++i) {
    Tensor dims = context.makeResult(parts + i);
    for (size_t d = 0; d < shape.size(); ++d)
      dims.setInt(d,
                  static_cast<int64_t>(d) == axis ? split.getInt(i) : shape[d]);
    results.push_back(std::move(dims));
  }
  return results;
}

} // namespace

void registerDataShapedViewKernels(KernelRegistry &registry) {
  registry.add<RuntimeSliceOp>([](const KernelContext &context,
                                  ArrayRef<Tensor> operands) -> KernelResult {
    return runtimeSlice(context, operands[0], operands[1], operands[2],
                        operands[3], operands[4]);
  });
  registry.add<RuntimeTopKOp>([](const KernelContext &context,
                                 ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<RuntimeTopKOp>(context.getOp());
    return dispatchNumeric(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      return runtimeTopK<T>(context, op, operands[0], operands[1]);
    });
  });
  registry.add<RuntimeSplitOp>([](const KernelContext &context,
                                  ArrayRef<Tensor> operands) -> KernelResult {
    return runtimeSplit(context, cast<RuntimeSplitOp>(context.getOp()),
                        operands[0], operands[1]);
  });
}

} // namespace loom::eval
