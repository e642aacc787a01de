//===- DataMovementKernels.cpp - Kernels of constants and data movement ------===//
//
// Part of the Loom project.
//
// These kernels copy elements without arithmetic, so most of them work on
// raw bytes whatever the dtype.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Kernels.h"

#include "ir/LoomOps.h"

#include "llvm/Support/MathExtras.h"

#include <cstring>
#include <type_traits>

using namespace mlir;

namespace loom::eval {
namespace {

/// result[linear] = input[offsetOf(index, strides) + base] for every result
/// element, copying raw bytes: the shared body of the broadcasts and slice.
Tensor gatherStrided(const KernelContext &context, const Tensor &input,
                     const Shape &strides, int64_t base = 0) {
  Tensor result = context.makeResult();
  size_t size = dtypeSize(input.dtype());
  forEachIndex(result.shape(), [&](int64_t linear, const Shape &index) {
    std::memcpy(result.bytes() + linear * size,
                input.bytes() + (base + offsetOf(index, strides)) * size, size);
  });
  return result;
}

/// Input position along one dimension of each result position of a pad, or
/// -1 where constant mode writes the value.
std::vector<int64_t> padSourceMap(int64_t size, int64_t low, int64_t resultSize,
                                  PadMode mode) {
  std::vector<int64_t> map(resultSize);
  for (int64_t j = 0; j < resultSize; ++j) {
    int64_t p = j - low;
    if (p < 0 || p >= size) {
      switch (mode) {
      case PadMode::constant: p = -1; break;
      case PadMode::edge: p = p < 0 ? 0 : size - 1; break;
      case PadMode::reflect: p = p < 0 ? -p : 2 * (size - 1) - p; break;
      }
    }
    map[j] = p;
  }
  return map;
}

} // namespace

void registerDataMovementKernels(KernelRegistry &registry) {
  registry.add<ConstantOp>([](const KernelContext &context,
                              ArrayRef<Tensor>) -> KernelResult {
    FailureOr<Tensor> value =
        tensorFromAttr(cast<ConstantOp>(context.getOp()).getValue());
    if (failed(value))
      return kernelError("cannot read the constant's elements");
    return single(std::move(*value));
  });

  registry.add<ReshapeOp>([](const KernelContext &context,
                             ArrayRef<Tensor> operands) -> KernelResult {
    Tensor result = context.makeResult();
    // An empty tensor has no buffer, and memcpy's pointers must not be null.
    if (result.byteSize() != 0)
      std::memcpy(result.bytes(), operands[0].bytes(), result.byteSize());
    return single(std::move(result));
  });

  registry.add<TransposeOp>([](const KernelContext &context,
                               ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<TransposeOp>(context.getOp());
    const Tensor &input = operands[0];
    Tensor result = context.makeResult();
    Shape inputStrides = rowMajorStrides(input.shape());
    Shape strides; // input stride of each result dimension
    for (int64_t dim : op.getPermutation())
      strides.push_back(inputStrides[dim]);
    size_t size = dtypeSize(input.dtype());
    forEachIndex(result.shape(), [&](int64_t linear, const Shape &index) {
      std::memcpy(result.bytes() + linear * size,
                  input.bytes() + offsetOf(index, strides) * size, size);
    });
    return single(std::move(result));
  });

  registry.add<BroadcastToOp>([](const KernelContext &context,
                                 ArrayRef<Tensor> operands) -> KernelResult {
    const Tensor &input = operands[0];
    return single(gatherStrided(
        context, input, broadcastStrides(input.shape(), context.resultShape())));
  });

  registry.add<ExpandOp>([](const KernelContext &context,
                            ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<ExpandOp>(context.getOp());
    const Tensor &input = operands[0];
    Shape inputStrides = rowMajorStrides(input.shape());
    Shape strides(context.resultShape().size(), 0); // 0: repeated
    for (auto [index, dim] : llvm::enumerate(op.getDims()))
      if (input.shape()[index] != 1)
        strides[dim] = inputStrides[index];
    return single(gatherStrided(context, input, strides));
  });

  registry.add<ConcatOp>([](const KernelContext &context,
                            ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<ConcatOp>(context.getOp());
    Tensor result = context.makeResult();
    const Shape &shape = result.shape();
    int64_t axis = op.getAxis();
    // Each input contributes one contiguous chunk per outer index.
    int64_t outer = 1, inner = dtypeSize(result.dtype());
    for (int64_t dim = 0; dim < axis; ++dim)
      outer *= shape[dim];
    for (size_t dim = axis + 1; dim < shape.size(); ++dim)
      inner *= shape[dim];
    std::byte *out = result.bytes();
    for (int64_t o = 0; o < outer; ++o) {
      for (const Tensor &input : operands) {
        int64_t chunk = input.shape()[axis] * inner;
        if (chunk == 0) // an empty input may have no storage at all
          continue;
        std::memcpy(out, input.bytes() + o * chunk, chunk);
        out += chunk;
      }
    }
    return single(std::move(result));
  });

  registry.add<SliceOp>([](const KernelContext &context,
                           ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<SliceOp>(context.getOp());
    const Tensor &input = operands[0];
    Shape shape = context.resultShape();
    // An empty result reads nothing, and its offsets are unchecked.
    if (numElementsOf(shape) == 0)
      return single(context.makeResult());
    Shape inputStrides = rowMajorStrides(input.shape());
    Shape strides;
    int64_t base = 0;
    for (size_t dim = 0; dim < shape.size(); ++dim) {
      int64_t offset = op.getOffsets()[dim], step = op.getSteps()[dim];
      int64_t size = input.shape()[dim], span, last;
      // The verifier proves this for static shapes; the copy must never
      // read outside the input even on IR that skipped it.
      if (llvm::MulOverflow(shape[dim] - 1, step, span) ||
          llvm::AddOverflow(offset, span, last) || offset < 0 ||
          offset >= size || last < 0 || last >= size)
        return kernelError("slice of dimension " + Twine(dim) +
                           " reads outside [0, " + Twine(size) + ")");
      base += offset * inputStrides[dim];
      strides.push_back(step * inputStrides[dim]);
    }
    return single(gatherStrided(context, input, strides, base));
  });

  registry.add<PadOp>([](const KernelContext &context,
                         ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<PadOp>(context.getOp());
    const Tensor &input = operands[0];
    Tensor result = context.makeResult();
    const Shape &shape = result.shape();
    std::vector<std::vector<int64_t>> maps;
    for (size_t dim = 0; dim < shape.size(); ++dim)
      maps.push_back(padSourceMap(input.shape()[dim], op.getLow()[dim],
                                  shape[dim], op.getMode()));
    // The value is rounded once to the declared type (an f16 pad holds the
    // f16 nearest to it), then widened exactly to the compute type. APFloat
    // rounds directly; Tensor::setDouble would round through f32 first.
    APFloat rounded = op.getValue();
    if (auto floatType = dyn_cast<FloatType>(
            getElementTypeOrSelf(op.getType()))) {
      bool losesInfo;
      rounded.convert(floatType.getFloatSemantics(),
                      APFloat::rmNearestTiesToEven, &losesInfo);
    }
    Tensor value = Tensor::fromDoubles(result.dtype(), {},
                                       {rounded.convertToDouble()});
    Shape inputStrides = rowMajorStrides(input.shape());
    size_t size = dtypeSize(result.dtype());
    forEachIndex(shape, [&](int64_t linear, const Shape &index) {
      const std::byte *source = nullptr;
      int64_t offset = 0;
      for (size_t dim = 0; dim < shape.size(); ++dim) {
        int64_t position = maps[dim][index[dim]];
        if (position < 0) {
          source = value.bytes();
          break;
        }
        offset += position * inputStrides[dim];
      }
      if (!source)
        source = input.bytes() + offset * size;
      std::memcpy(result.bytes() + linear * size, source, size);
    });
    return single(std::move(result));
  });

  registry.add<IotaOp>([](const KernelContext &context,
                          ArrayRef<Tensor>) -> KernelResult {
    auto op = cast<IotaOp>(context.getOp());
    Tensor result = context.makeResult();
    int64_t dim = op.getDim();
    dispatchNumeric(result.dtype(), [&](auto tag) {
      using T = decltype(tag);
      T *out = result.data<T>();
      forEachIndex(result.shape(), [&](int64_t linear, const Shape &index) {
        // Integers keep the low bits (wrap); floats round to nearest even.
        if constexpr (std::is_integral_v<T>)
          out[linear] = static_cast<T>(static_cast<WrapType<T>>(index[dim]));
        else
          out[linear] = static_cast<T>(index[dim]);
      });
    });
    return single(std::move(result));
  });

  registry.add<TriluOp>([](const KernelContext &context,
                           ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<TriluOp>(context.getOp());
    const Tensor &input = operands[0];
    Tensor result = context.makeResult(); // zero bytes: 0, false or +0.0
    const Shape &shape = result.shape();
    int64_t rows = shape[shape.size() - 2], columns = shape.back();
    int64_t matrices = rows * columns == 0
                           ? 0
                           : result.numElements() / (rows * columns);
    bool upper = op.getUpper();
    int64_t diagonal = op.getDiagonal();
    size_t size = dtypeSize(result.dtype());
    for (int64_t m = 0; m < matrices; ++m) {
      for (int64_t i = 0; i < rows; ++i) {
        for (int64_t j = 0; j < columns; ++j) {
          if (upper ? j - i < diagonal : j - i > diagonal)
            continue;
          int64_t linear = (m * rows + i) * columns + j;
          std::memcpy(result.bytes() + linear * size,
                      input.bytes() + linear * size, size);
        }
      }
    }
    return single(std::move(result));
  });
}

} // namespace loom::eval
