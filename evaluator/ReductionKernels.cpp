//===- ReductionKernels.cpp - Kernels of the reductions ----------------------===//
//
// Part of the Loom project.
//
// Axis reductions fold the input in row-major order into one accumulator per
// result element; arg reductions, cumsum and top-k walk each line along
// their axis.
// Integer sums and products are done in the unsigned type of the same width
// so that overflow wraps instead of being undefined behaviour.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Kernels.h"

#include "ir/LoomOps.h"

#include "llvm/ADT/SmallBitVector.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <limits>
#include <type_traits>

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

/// How many input elements each result element of a reduction over `axes`
/// combines.
int64_t reducedCount(const Tensor &input, ArrayRef<int64_t> axes) {
  int64_t count = 1;
  for (int64_t axis : axes)
    count *= input.shape()[axis];
  return count;
}

/// The wrapped sums of a reduction, in Acc = WrapType<T>. Floats start from
/// -0.0, the exact identity of IEEE addition, so that summing one element
/// gives it back bit for bit (as starting from the first element would); an
/// empty extent is set to +0.0 afterwards.
template <typename T>
std::vector<WrapType<T>> sumAxes(const Tensor &input, ArrayRef<int64_t> axes) {
  using Acc = WrapType<T>;
  Acc init = std::is_floating_point_v<T> ? Acc(-0.0) : Acc(0);
  std::vector<Acc> sums = reduceAxes<Acc>(input, axes, init,
      [](Acc acc, Acc x) { return static_cast<Acc>(acc + x); });
  if (reducedCount(input, axes) == 0)
    std::fill(sums.begin(), sums.end(), Acc(0));
  return sums;
}

/// Copies accumulators into a fresh result tensor of element type T.
template <typename T, typename Acc>
Tensor resultFrom(const KernelContext &context, const std::vector<Acc> &values) {
  Tensor result = context.makeResult();
  for (size_t i = 0; i < values.size(); ++i)
    result.data<T>()[i] = static_cast<T>(values[i]);
  return result;
}

/// max with NaN propagation, +0.0 above -0.0; `Greater` flips it to min.
template <typename T, bool Greater> T extreme(T acc, T x) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(acc) || std::isnan(x))
      return std::numeric_limits<T>::quiet_NaN();
    if (acc == x) // only ±0 can differ here: pick by sign
      return (std::signbit(acc) != Greater) ? acc : x;
  }
  if constexpr (Greater)
    return x > acc ? x : acc;
  else
    return x < acc ? x : acc;
}

/// Views a tensor as [outer, axisSize, inner] for walking lines along `axis`.
struct AxisView {
  int64_t outer = 1, size = 1, inner = 1;
  AxisView(const Shape &shape, int64_t axis) {
    for (int64_t dim = 0; dim < axis; ++dim)
      outer *= shape[dim];
    size = shape[axis];
    for (size_t dim = axis + 1; dim < shape.size(); ++dim)
      inner *= shape[dim];
  }
  /// Linear offset of element `i` on line (o, n).
  int64_t at(int64_t o, int64_t i, int64_t n) const {
    return (o * size + i) * inner + n;
  }
};

/// The index of the extreme along each line; `better(x, best)` says whether
/// x strictly beats best. A NaN beats everything (NumPy): the first NaN, or
/// the last with `last`.
template <typename T, typename Better>
llvm::Expected<Tensor> argReduce(const KernelContext &context,
                                 const Tensor &input, int64_t axis, bool last,
                                 Better better) {
  Tensor result = context.makeResult();
  AxisView view(input.shape(), axis);
  // The verifier rejects a static empty axis; this guards ops built
  // without verification.
  if (view.size == 0 && result.numElements() != 0)
    return kernelError("axis " + llvm::Twine(axis) +
                       " has size 0, so there is no index to return");
  const T *in = input.data<T>();
  int64_t *out = result.data<int64_t>();
  for (int64_t o = 0; o < view.outer; ++o) {
    for (int64_t n = 0; n < view.inner; ++n) {
      int64_t best = 0;
      bool bestIsNaN = false;
      for (int64_t i = 0; i < view.size; ++i) {
        T x = in[view.at(o, i, n)];
        bool isNaN = false;
        if constexpr (std::is_floating_point_v<T>)
          isNaN = std::isnan(x);
        if (bestIsNaN) {
          if (isNaN && last)
            best = i;
          continue;
        }
        T current = in[view.at(o, best, n)];
        if (i == 0 || isNaN || better(x, current) ||
            (last && !better(current, x)))
          best = i;
        bestIsNaN = isNaN;
      }
      out[o * view.inner + n] = best;
    }
  }
  return result;
}

template <typename OpT, bool Greater>
void addArgReduce(KernelRegistry &registry) {
  registry.add<OpT>([](const KernelContext &context,
                       ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<OpT>(context.getOp());
    return single(dispatchNumeric(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      return argReduce<T>(context, operands[0], op.getAxis(),
                          op.getSelectLastIndex(), [](T x, T best) {
                            return Greater ? x > best : x < best;
                          });
    }));
  });
}

/// Running sums along `axis`, each line added in order from its first
/// element (from its last with `reverse`).
template <typename T>
Tensor cumSum(const KernelContext &context, const Tensor &input, int64_t axis,
              bool exclusive, bool reverse) {
  using Acc = WrapType<T>;
  Tensor result = context.makeResult();
  AxisView view(input.shape(), axis);
  const T *in = input.data<T>();
  T *out = result.data<T>();
  for (int64_t o = 0; o < view.outer; ++o) {
    for (int64_t n = 0; n < view.inner; ++n) {
      Acc acc = 0;
      for (int64_t step = 0; step < view.size; ++step) {
        int64_t offset = view.at(o, reverse ? view.size - 1 - step : step, n);
        Acc x = static_cast<Acc>(in[offset]);
        // Starting from the first element rather than 0 keeps a lone -0.0.
        Acc next = step == 0 ? x : static_cast<Acc>(acc + x);
        out[offset] = static_cast<T>(exclusive ? acc : next);
        acc = next;
      }
    }
  }
  return result;
}

/// The first `k` elements of each line along `axis` in a stable sort, largest
/// first unless `largest` is false: NaN ranks above every number, and equal
/// elements (±0 included, NaNs among themselves) keep their index order.
template <typename T>
KernelResult topK(const KernelContext &context, const Tensor &input,
                  int64_t axis, int64_t k, bool largest) {
  AxisView view(input.shape(), axis);
  // The verifier checks k against a static size; this guards a dynamic one.
  if (k < 0 || k > view.size)
    return kernelError("k " + llvm::Twine(k) + " is out of range for axis " +
                       llvm::Twine(axis) + " of size " +
                       llvm::Twine(view.size));
  Tensor values = context.makeResult(0);
  Tensor indices = context.makeResult(1);
  const T *in = input.data<T>();
  T *outValues = values.data<T>();
  int64_t *outIndices = indices.data<int64_t>();
  // x strictly before y in the order of the result.
  auto before = [largest](T x, T y) {
    if constexpr (std::is_floating_point_v<T>) {
      bool xIsNaN = std::isnan(x), yIsNaN = std::isnan(y);
      if (xIsNaN || yIsNaN)
        return largest ? xIsNaN && !yIsNaN : yIsNaN && !xIsNaN;
    }
    return largest ? x > y : x < y;
  };
  std::vector<int64_t> order(view.size);
  for (int64_t o = 0; o < view.outer; ++o) {
    for (int64_t n = 0; n < view.inner; ++n) {
      std::iota(order.begin(), order.end(), 0);
      // Breaking ties by index makes partial_sort give the stable order.
      std::partial_sort(order.begin(), order.begin() + k, order.end(),
                        [&](int64_t a, int64_t b) {
                          T x = in[view.at(o, a, n)], y = in[view.at(o, b, n)];
                          if (before(x, y))
                            return true;
                          return !before(y, x) && a < b;
                        });
      for (int64_t i = 0; i < k; ++i) {
        int64_t out = (o * k + i) * view.inner + n;
        outValues[out] = in[view.at(o, order[i], n)];
        outIndices[out] = order[i];
      }
    }
  }
  std::vector<Tensor> results;
  results.push_back(std::move(values));
  results.push_back(std::move(indices));
  return results;
}

} // namespace

void registerReductionKernels(KernelRegistry &registry) {
  registry.add<ReduceSumOp>([](const KernelContext &context,
                               ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<ReduceSumOp>(context.getOp());
    return single(dispatchNumeric(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      return resultFrom<T>(context, sumAxes<T>(operands[0], op.getAxes()));
    }));
  });

  registry.add<ReduceMeanOp>([](const KernelContext &context,
                                ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<ReduceMeanOp>(context.getOp());
    const Tensor &input = operands[0];
    int64_t count = reducedCount(input, op.getAxes());
    return single(dispatchNumeric(input.dtype(),
                                  [&](auto tag) -> llvm::Expected<Tensor> {
      using T = decltype(tag);
      std::vector<WrapType<T>> sums = sumAxes<T>(input, op.getAxes());
      Tensor result = context.makeResult();
      T *out = result.data<T>();
      if constexpr (std::is_integral_v<T>) {
        if (count == 0 && !sums.empty())
          return kernelError("integer mean over an empty extent");
        // C++ division truncates toward zero; count > 0 cannot overflow.
        for (size_t i = 0; i < sums.size(); ++i)
          out[i] = static_cast<T>(static_cast<int64_t>(static_cast<T>(sums[i])) /
                                  count);
      } else {
        for (size_t i = 0; i < sums.size(); ++i)
          out[i] = sums[i] / static_cast<T>(count);
      }
      return result;
    }));
  });

  registry.add<ReduceMaxOp>([](const KernelContext &context,
                               ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<ReduceMaxOp>(context.getOp());
    return single(dispatchNumeric(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      T init = std::numeric_limits<T>::has_infinity
                   ? -std::numeric_limits<T>::infinity()
                   : std::numeric_limits<T>::lowest();
      return resultFrom<T>(context, reduceAxes<T>(operands[0], op.getAxes(),
                                                  init, extreme<T, true>));
    }));
  });

  registry.add<ReduceMinOp>([](const KernelContext &context,
                               ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<ReduceMinOp>(context.getOp());
    return single(dispatchNumeric(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      T init = std::numeric_limits<T>::has_infinity
                   ? std::numeric_limits<T>::infinity()
                   : std::numeric_limits<T>::max();
      return resultFrom<T>(context, reduceAxes<T>(operands[0], op.getAxes(),
                                                  init, extreme<T, false>));
    }));
  });

  registry.add<ReduceProdOp>([](const KernelContext &context,
                                ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<ReduceProdOp>(context.getOp());
    return single(dispatchNumeric(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      using Acc = WrapType<T>;
      std::vector<Acc> products = reduceAxes<Acc>(operands[0], op.getAxes(),
          Acc(1), [](Acc acc, Acc x) { return static_cast<Acc>(acc * x); });
      return resultFrom<T>(context, products);
    }));
  });

  addArgReduce<ArgMaxOp, /*Greater=*/true>(registry);
  addArgReduce<ArgMinOp, /*Greater=*/false>(registry);

  registry.add<CumSumOp>([](const KernelContext &context,
                            ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<CumSumOp>(context.getOp());
    return single(dispatchNumeric(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      return cumSum<T>(context, operands[0], op.getAxis(), op.getExclusive(),
                       op.getReverse());
    }));
  });

  registry.add<TopKOp>([](const KernelContext &context,
                          ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<TopKOp>(context.getOp());
    return dispatchNumeric(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      return topK<T>(context, operands[0], static_cast<int64_t>(op.getAxis()),
                     static_cast<int64_t>(op.getK()), op.getLargest());
    });
  });
}

} // namespace loom::eval
