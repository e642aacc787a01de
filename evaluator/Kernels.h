//===- Kernels.h - Kernel registry and helpers of the evaluator --*- C++ -*-===//
//
// Part of the Loom project.
//
// Each op group registers its kernels here (ElementwiseKernels.cpp, ...).
// A kernel receives its operands already in compute types: f16/bf16 widened
// to f32, every float widened to f64 under Precision::F64, i1 as uint8_t.
// It returns its results in compute types too: `context.resultType(i)` is
// the dtype to produce and `context.resultShape(i)` the (static) shape; the
// interpreter rounds results to the declared element types afterwards.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_EVALUATOR_KERNELS_H
#define LOOM_EVALUATOR_KERNELS_H

#include "evaluator/Evaluator.h"
#include "runtime/MinMax.h"

#include "mlir/IR/Operation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Error.h"

#include <cassert>
#include <cmath>
#include <limits>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>

namespace loom::eval {

/// What a kernel knows besides its operands.
class KernelContext {
public:
  KernelContext(mlir::Operation *op, Precision precision)
      : op(op), precision(precision) {}

  mlir::Operation *getOp() const { return op; }
  Precision getPrecision() const { return precision; }
  /// The dtype the kernel computes result `index` in.
  DType resultType(unsigned index = 0) const;
  /// The element type result `index` is declared with; a kernel that must
  /// round to it (a cast between float types) uses this.
  DType declaredResultType(unsigned index = 0) const;
  /// The static shape of result `index`.
  Shape resultShape(unsigned index = 0) const;
  /// A zero-filled result tensor with the above dtype and shape.
  Tensor makeResult(unsigned index = 0) const {
    return Tensor(resultType(index), resultShape(index));
  }

private:
  mlir::Operation *op;
  Precision precision;
};

using KernelResult = llvm::Expected<std::vector<Tensor>>;
using KernelFn = std::function<KernelResult(const KernelContext &,
                                            llvm::ArrayRef<Tensor>)>;

/// A kernel failure with a message (the interpreter names the op).
llvm::Error kernelError(const llvm::Twine &message);

class KernelRegistry {
public:
  template <typename OpT> void add(KernelFn kernel) {
    kernels[mlir::TypeID::get<OpT>()] = std::move(kernel);
  }
  const KernelFn *lookup(mlir::Operation *op) const;

private:
  llvm::DenseMap<mlir::TypeID, KernelFn> kernels;
};

/// The registry holding every group's kernels, built once.
const KernelRegistry &kernelRegistry();

void registerElementwiseKernels(KernelRegistry &registry);
void registerNNKernels(KernelRegistry &registry);
void registerReductionKernels(KernelRegistry &registry);
void registerDataMovementKernels(KernelRegistry &registry);
void registerIndexingKernels(KernelRegistry &registry);
void registerDataShapedKernels(KernelRegistry &registry);
void registerDataShapedAxesKernels(KernelRegistry &registry);
void registerDataShapedViewKernels(KernelRegistry &registry);
void registerDataShapedGeneratorKernels(KernelRegistry &registry);

//===----------------------------------------------------------------------===//
// Helpers for kernel authors
//===----------------------------------------------------------------------===//

/// The compute dtype for a declared element dtype under `precision`.
DType computeType(DType declared, Precision precision);

/// Converts `tensor` to `type`, element by element with the rounding of
/// Tensor::setDouble (integers converted exactly where they fit).
Tensor convertTensor(const Tensor &tensor, DType type);

/// Strides (in elements) for reading a tensor of shape `shape` as if it were
/// broadcast to `target`: 0 along broadcast dimensions, aligned at the
/// trailing dimension.
Shape broadcastStrides(const Shape &shape, const Shape &target);

/// Calls `body(linearIndex, index)` for every multi-index of `shape` in
/// row-major order. `index` is only valid during the call.
template <typename Body>
void forEachIndex(const Shape &shape, Body &&body) {
  int64_t count = numElementsOf(shape);
  Shape index(shape.size(), 0);
  for (int64_t linear = 0; linear < count; ++linear) {
    body(linear, index);
    for (int64_t dim = static_cast<int64_t>(shape.size()) - 1; dim >= 0; --dim) {
      if (++index[dim] < shape[dim])
        break;
      index[dim] = 0;
    }
  }
}

/// Dot product of a multi-index with strides.
inline int64_t offsetOf(const Shape &index, const Shape &strides) {
  int64_t offset = 0;
  for (size_t i = 0; i < index.size(); ++i)
    offset += index[i] * strides[i];
  return offset;
}

/// Calls `fn(T{})` with T the C++ type of a compute dtype. `dispatchFloat`
/// accepts F32 and F64; `dispatchNumeric` adds the integers I8, I16, I32,
/// I64 and the unsigned UI8 to UI64 (as C++'s unsigned types, so division,
/// comparison and shifts follow their signedness);
/// `dispatchAny` adds I1 (as uint8_t).
template <typename Fn> auto dispatchFloat(DType type, Fn &&fn) {
  if (type == DType::F64)
    return fn(double{});
  assert(type == DType::F32 && "not a floating-point compute dtype");
  return fn(float{});
}

template <typename Fn> auto dispatchNumeric(DType type, Fn &&fn) {
  switch (type) {
  case DType::I8: return fn(int8_t{});
  case DType::I32: return fn(int32_t{});
  case DType::I64: return fn(int64_t{});
  case DType::I16: return fn(int16_t{});
  case DType::UI8: return fn(uint8_t{});
  case DType::UI16: return fn(uint16_t{});
  case DType::UI32: return fn(uint32_t{});
  case DType::UI64: return fn(uint64_t{});
  case DType::F64: return fn(double{});
  default:
    assert(type == DType::F32 && "not a numeric compute dtype");
    return fn(float{});
  }
}

template <typename Fn> auto dispatchAny(DType type, Fn &&fn) {
  if (type == DType::I1)
    return fn(uint8_t{});
  return dispatchNumeric(type, std::forward<Fn>(fn));
}

/// The type to accumulate T in so that integer overflow wraps (the unsigned
/// type of the same width) instead of being undefined; T itself for floats.
template <typename T, bool = std::is_integral_v<T>> struct WrapTypeImpl {
  using type = T;
};
template <typename T> struct WrapTypeImpl<T, true> {
  using type = std::make_unsigned_t<T>;
};
template <typename T> using WrapType = typename WrapTypeImpl<T>::type;

// nanMaximum and nanMinimum, the max and min of loom.max, reduce_max and
// the max scatter, are in runtime/MinMax.h, shared with the collectives.

/// Wraps a kernel producing one tensor.
inline KernelResult single(llvm::Expected<Tensor> result) {
  if (!result)
    return result.takeError();
  std::vector<Tensor> results;
  results.push_back(std::move(*result));
  return results;
}

} // namespace loom::eval

#endif // LOOM_EVALUATOR_KERNELS_H
