//===- DataShapedAxesKernels.cpp - Kernels of ops on run-time axes --------===//
//
// Part of the Loom project.
//
// Unsqueeze, Squeeze and ReduceSum with axes given at run time, and Pad
// with run-time pads, as the
// dialect defines them (ir/LoomDataShapedAxesOps.td): the result densely at
// the start of its flat tensor, zeros after it, and its shape in a dims
// result; invalid axes are an error. Written from the ONNX definitions,
// independently of the CPU micro-kernels (backends/cpu/ukernels/
// data_shaped_axes.c) they check.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Kernels.h"

#include "ir/LoomOps.h"

#include <cstring>

using namespace mlir;

namespace loom::eval {
namespace {

/// The axes normalized against `rank` (a negative one adds it), or an error
/// naming the first that is out of range or repeated.
llvm::Expected<std::vector<int64_t>> normalizedAxes(const Tensor &axes,
                                                    int64_t rank) {
  std::vector<int64_t> result;
  for (int64_t i = 0; i < axes.numElements(); ++i) {
    int64_t axis = axes.getInt(i);
    int64_t normalized = axis < 0 ? axis + rank : axis;
    if (normalized < 0 || normalized >= rank)
      return kernelError("axis " + llvm::Twine(axis) +
                         " is out of range for rank " + llvm::Twine(rank));
    if (llvm::is_contained(result, normalized))
      return kernelError("axis " + llvm::Twine(axis) + " repeats dimension " +
                         llvm::Twine(normalized));
    result.push_back(normalized);
  }
  return result;
}

/// The input's bytes unchanged in `shape`, as a values and a dims result.
KernelResult reshaped(const KernelContext &context, const Tensor &input,
                      const Shape &shape) {
  Tensor values = context.makeResult(0);
  if (values.numElements() != std::max<int64_t>(input.numElements(), 1))
    return kernelError("the flat result is not the input's size");
  if (input.byteSize())
    std::memcpy(values.bytes(), input.bytes(), input.byteSize());
  Tensor dims = context.makeResult(1);
  for (size_t d = 0; d < shape.size(); ++d)
    dims.setInt(static_cast<int64_t>(d), shape[d]);
  return std::vector<Tensor>{std::move(values), std::move(dims)};
}

KernelResult runtimeUnsqueeze(const KernelContext &context,
                              const Tensor &input, const Tensor &axes) {
  int64_t rank = input.rank() + axes.numElements();
  llvm::Expected<std::vector<int64_t>> inserted = normalizedAxes(axes, rank);
  if (!inserted)
    return inserted.takeError();
  Shape shape;
  size_t next = 0;
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(llvm::is_contained(*inserted, d) ? 1
                                                     : input.shape()[next++]);
  return reshaped(context, input, shape);
}

KernelResult runtimeSqueeze(const KernelContext &context, const Tensor &input,
                            const Tensor &axes) {
  llvm::Expected<std::vector<int64_t>> removed =
      normalizedAxes(axes, input.rank());
  if (!removed)
    return removed.takeError();
  Shape shape;
  for (int64_t d = 0; d < input.rank(); ++d) {
    if (!llvm::is_contained(*removed, d)) {
      shape.push_back(input.shape()[d]);
      continue;
    }
    if (input.shape()[d] != 1)
      return kernelError("cannot squeeze dimension " + llvm::Twine(d) +
                         " of size " + llvm::Twine(input.shape()[d]));
  }
  return reshaped(context, input, shape);
}

/// Sums `input` over `reduced` into `sums` (the kept shape's elements,
/// zeroed), each output adding its inputs in row-major order of the
/// reduced dimensions, in the element type T.
template <typename T>
void sumOver(const Tensor &input, const std::vector<bool> &reduced,
             Tensor &sums) {
  const Shape &shape = input.shape();
  int64_t rank = input.rank();
  // The output position of each input element: its index over the kept
  // dimensions. Walking the input in row-major order visits each output's
  // inputs in row-major order of the reduced dimensions.
  Shape index(rank, 0);
  const T *in = input.data<T>();
  T *out = sums.data<T>();
  for (int64_t i = 0; i < input.numElements(); ++i) {
    int64_t position = 0;
    for (int64_t d = 0; d < rank; ++d)
      if (!reduced[d])
        position = position * shape[d] + index[d];
    out[position] = static_cast<T>(out[position] + in[i]);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
}

KernelResult runtimeReduceSum(const KernelContext &context,
                              RuntimeReduceSumOp op, const Tensor &input,
                              const Tensor &axes) {
  llvm::Expected<std::vector<int64_t>> listed =
      normalizedAxes(axes, input.rank());
  if (!listed)
    return listed.takeError();
  std::vector<bool> reduced(input.rank(), false);
  for (int64_t axis : *listed)
    reduced[axis] = true;
  Shape shape;
  for (int64_t d = 0; d < input.rank(); ++d)
    if (!reduced[d])
      shape.push_back(input.shape()[d]);
    else if (op.getKeepdims())
      shape.push_back(1);
  Tensor values = context.makeResult(0);
  switch (input.dtype()) {
  case DType::F32:
    sumOver<float>(input, reduced, values);
    break;
  case DType::F64:
    sumOver<double>(input, reduced, values);
    break;
  case DType::I32:
    sumOver<int32_t>(input, reduced, values);
    break;
  case DType::I64:
    sumOver<int64_t>(input, reduced, values);
    break;
  case DType::UI32:
    sumOver<uint32_t>(input, reduced, values);
    break;
  case DType::UI64:
    sumOver<uint64_t>(input, reduced, values);
    break;
  default:
    return kernelError("runtime_reduce_sum of " +
                       llvm::Twine(dtypeName(input.dtype())) +
                       " elements (f32, f64, i32, i64, ui32 and ui64 only)");
  }
  Tensor dims = context.makeResult(1);
  for (size_t d = 0; d < shape.size(); ++d)
    dims.setInt(static_cast<int64_t>(d), shape[d]);
  return std::vector<Tensor>{std::move(values), std::move(dims)};
}

/// ONNX Pad by run-time `pads`: each result position j along d reads input
/// position p = j - low[d], resolved by the mode when outside [0, n).
KernelResult runtimePad(const KernelContext &context, RuntimePadOp op,
                        const Tensor &input, const Tensor &pads,
                        const Tensor *value) {
  int64_t rank = input.rank();
  const Shape &shape = input.shape();
  PadMode mode = op.getMode();
  int64_t bound = static_cast<int64_t>(op.getBound());
  Shape low(rank), result(rank);
  for (int64_t d = 0; d < rank; ++d) {
    low[d] = pads.getInt(d);
    int64_t high = pads.getInt(d + rank), size = shape[d];
    // Past the bound (or overflowing) either way: checked in 128 bits.
    __int128 total = static_cast<__int128>(size) + low[d] + high;
    if (total < 0)
      return kernelError("pads give dimension " + llvm::Twine(d) +
                         " a negative size");
    if (total > bound)
      return kernelError("pads give dimension " + llvm::Twine(d) +
                         " a size above the bound " + llvm::Twine(bound) +
                         " (loomc --max-dim)");
    result[d] = static_cast<int64_t>(total);
    bool padded = low[d] > 0 || high > 0;
    if (mode != PadMode::constant && padded && size == 0)
      return kernelError("dimension " + llvm::Twine(d) +
                         " is empty and cannot be padded by " +
                         stringifyPadMode(mode));
    if (mode == PadMode::reflect && (low[d] >= size || high >= size) &&
        padded)
      return kernelError("a reflect pad of dimension " + llvm::Twine(d) +
                         " must be below its size " + llvm::Twine(size));
  }
  Tensor values = context.makeResult(0);
  size_t bytes = dtypeSize(input.dtype());
  int64_t count = 1;
  for (int64_t size : result)
    count *= size;
  Shape position(rank, 0);
  for (int64_t i = 0; i < count; ++i) {
    int64_t source = 0;
    bool inside = true;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t p = position[d] - low[d], size = shape[d];
      if (p < 0 || p >= size) {
        if (mode == PadMode::constant)
          inside = false;
        else if (mode == PadMode::edge)
          p = p < 0 ? 0 : size - 1;
        else
          p = p < 0 ? -p : 2 * (size - 1) - p;
      }
      source = source * size + p;
    }
    std::byte *to = values.bytes() + i * bytes;
    if (inside)
      std::memcpy(to, input.bytes() + source * bytes, bytes);
    else if (value)
      std::memcpy(to, value->bytes(), bytes);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++position[d] < result[d])
        break;
      position[d] = 0;
    }
  }
  Tensor dims = context.makeResult(1);
  for (int64_t d = 0; d < rank; ++d)
    dims.setInt(d, result[d]);
  return std::vector<Tensor>{std::move(values), std::move(dims)};
}

} // namespace

void registerDataShapedAxesKernels(KernelRegistry &registry) {
  registry.add<RuntimePadOp>([](const KernelContext &context,
                                ArrayRef<Tensor> operands) -> KernelResult {
    return runtimePad(context, cast<RuntimePadOp>(context.getOp()),
                      operands[0], operands[1],
                      operands.size() > 2 ? &operands[2] : nullptr);
  });
  registry.add<RuntimeUnsqueezeOp>(
      [](const KernelContext &context,
         ArrayRef<Tensor> operands) -> KernelResult {
        return runtimeUnsqueeze(context, operands[0], operands[1]);
      });
  registry.add<RuntimeSqueezeOp>(
      [](const KernelContext &context,
         ArrayRef<Tensor> operands) -> KernelResult {
        return runtimeSqueeze(context, operands[0], operands[1]);
      });
  registry.add<RuntimeReduceSumOp>(
      [](const KernelContext &context,
         ArrayRef<Tensor> operands) -> KernelResult {
        return runtimeReduceSum(context,
                                cast<RuntimeReduceSumOp>(context.getOp()),
                                operands[0], operands[1]);
      });
}

} // namespace loom::eval
