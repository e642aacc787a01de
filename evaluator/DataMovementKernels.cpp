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

#include <cstring>

using namespace mlir;

namespace loom::eval {

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
}

} // namespace loom::eval
