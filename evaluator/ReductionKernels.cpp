//===- ReductionKernels.cpp - Kernels of the reductions ----------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Kernels.h"

#include "ir/LoomOps.h"

#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;

namespace loom::eval {
namespace {

/// Folds every element of `input` into the output element it reduces to,
/// visiting input elements in row-major order: acc = combine(acc, x), from
/// `init`. Returns the accumulators in the kept dimensions' row-major order.
template <typename T, typename Combine>
std::vector<T> reduceAxes(const Tensor &input, ArrayRef<int64_t> axes, T init,
                          Combine combine) {
  const Shape &shape = input.shape();
  llvm::SmallBitVector reduced(shape.size());
  for (int64_t axis : axes)
    reduced.set(axis);
  Shape kept;
  for (size_t dim = 0; dim < shape.size(); ++dim)
    kept.push_back(reduced.test(dim) ? 1 : shape[dim]);
  Shape keptStrides = rowMajorStrides(kept);
  for (size_t dim = 0; dim < shape.size(); ++dim)
    if (reduced.test(dim))
      keptStrides[dim] = 0;
  std::vector<T> accumulators(numElementsOf(kept), init);
  const T *in = input.data<T>();
  forEachIndex(shape, [&](int64_t linear, const Shape &index) {
    T &acc = accumulators[offsetOf(index, keptStrides)];
    acc = combine(acc, in[linear]);
  });
  return accumulators;
}

} // namespace

void registerReductionKernels(KernelRegistry &registry) {
  registry.add<ReduceSumOp>([](const KernelContext &context,
                               ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<ReduceSumOp>(context.getOp());
    return single(dispatchNumeric(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      using Acc = WrapType<T>;
      // Integers accumulate in the unsigned type of the same width: wraps.
      std::vector<Acc> sums = reduceAxes<Acc>(operands[0], op.getAxes(), Acc(0),
          [](Acc acc, Acc x) { return acc + x; });
      Tensor result = context.makeResult();
      for (size_t i = 0; i < sums.size(); ++i)
        result.data<T>()[i] = static_cast<T>(sums[i]);
      return result;
    }));
  });
}

} // namespace loom::eval
