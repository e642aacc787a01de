//===- NNKernels.cpp - Kernels of matmul, convolution, pooling and norms -----===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Kernels.h"

#include "ir/LoomOps.h"

using namespace mlir;

namespace loom::eval {
namespace {

/// Batched matmul with broadcast batch dimensions; accumulates over K in
/// increasing order starting from zero (integers wrap).
template <typename T>
Tensor matmul(const KernelContext &context, const Tensor &lhs, const Tensor &rhs) {
  Tensor result = context.makeResult();
  const Shape &shape = result.shape();
  int64_t rank = result.rank();
  int64_t m = shape[rank - 2], n = shape[rank - 1], k = lhs.shape().back();
  Shape batch(shape.begin(), shape.end() - 2);
  Shape lhsBatch(lhs.shape().begin(), lhs.shape().end() - 2);
  Shape rhsBatch(rhs.shape().begin(), rhs.shape().end() - 2);
  Shape lhsStrides = broadcastStrides(lhsBatch, batch);
  Shape rhsStrides = broadcastStrides(rhsBatch, batch);
  const T *a = lhs.data<T>();
  const T *b = rhs.data<T>();
  T *out = result.data<T>();
  using Unsigned = WrapType<T>;
  forEachIndex(batch, [&](int64_t linear, const Shape &index) {
    const T *lhsMatrix = a + offsetOf(index, lhsStrides) * m * k;
    const T *rhsMatrix = b + offsetOf(index, rhsStrides) * k * n;
    T *outMatrix = out + linear * m * n;
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        Unsigned sum = 0;
        for (int64_t p = 0; p < k; ++p)
          sum += static_cast<Unsigned>(lhsMatrix[i * k + p]) *
                 static_cast<Unsigned>(rhsMatrix[p * n + j]);
        outMatrix[i * n + j] = static_cast<T>(sum);
      }
  });
  return result;
}

} // namespace

void registerNNKernels(KernelRegistry &registry) {
  registry.add<MatmulOp>([](const KernelContext &context,
                            ArrayRef<Tensor> operands) -> KernelResult {
    return single(dispatchNumeric(operands[0].dtype(), [&](auto tag) {
      return matmul<decltype(tag)>(context, operands[0], operands[1]);
    }));
  });
}

} // namespace loom::eval
