//===- IndexingKernels.cpp - Kernels of gathers, scatters and resize ---------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Kernels.h"

#include "ir/LoomOps.h"

#include <cstring>

using namespace mlir;

namespace loom::eval {
namespace {

/// Index `index` of a dimension of size `size`, negative counting from the
/// end; an error when it lands outside the dimension.
llvm::Expected<int64_t> normalizeIndex(int64_t index, int64_t size) {
  int64_t normalized = index < 0 ? index + size : index;
  if (normalized < 0 || normalized >= size)
    return kernelError("index " + llvm::Twine(index) +
                       " is out of range for a dimension of size " +
                       llvm::Twine(size));
  return normalized;
}

llvm::Expected<Tensor> gather(const KernelContext &context, const Tensor &data,
                              const Tensor &indices, int64_t axis) {
  Tensor result = context.makeResult();
  const Shape &shape = data.shape();
  // Viewed as [outer, axisSize, inner] and the result as
  // [outer, indexCount, inner].
  int64_t outer = 1, inner = 1;
  for (int64_t dim = 0; dim < axis; ++dim)
    outer *= shape[dim];
  for (size_t dim = axis + 1; dim < shape.size(); ++dim)
    inner *= shape[dim];
  int64_t axisSize = shape[axis];
  int64_t indexCount = indices.numElements();
  size_t rowBytes = inner * dtypeSize(data.dtype());
  for (int64_t i = 0; i < indexCount; ++i) {
    llvm::Expected<int64_t> position = normalizeIndex(indices.getInt(i), axisSize);
    if (!position)
      return position.takeError();
    for (int64_t o = 0; o < outer; ++o)
      std::memcpy(result.bytes() + (o * indexCount + i) * rowBytes,
                  data.bytes() + (o * axisSize + *position) * rowBytes, rowBytes);
  }
  return result;
}

} // namespace

void registerIndexingKernels(KernelRegistry &registry) {
  registry.add<GatherOp>([](const KernelContext &context,
                            ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<GatherOp>(context.getOp());
    return single(gather(context, operands[0], operands[1], op.getAxis()));
  });
}

} // namespace loom::eval
