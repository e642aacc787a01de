//===- ElementwiseKernels.cpp - Kernels of the elementwise ops ---------------===//
//
// Part of the Loom project.
//
// Integer arithmetic is done in the unsigned type of the same width so that
// overflow wraps (two's complement) instead of being undefined behaviour.
//
//===----------------------------------------------------------------------===//

#include "evaluator/Kernels.h"

#include "ir/LoomOps.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

using namespace mlir;

namespace loom::eval {
namespace {

//===----------------------------------------------------------------------===//
// Broadcasting drivers
//===----------------------------------------------------------------------===//

/// out[i] = fn(lhs[i'], rhs[i'']) with NumPy broadcasting; `fn` returns the
/// value or sets `error` and returns anything.
template <typename In, typename Out, typename Fn>
llvm::Expected<Tensor> broadcastBinary(const KernelContext &context,
                                       const Tensor &lhs, const Tensor &rhs,
                                       Fn fn) {
  Tensor result = context.makeResult();
  const Shape &shape = result.shape();
  Shape lhsStrides = broadcastStrides(lhs.shape(), shape);
  Shape rhsStrides = broadcastStrides(rhs.shape(), shape);
  const In *a = lhs.data<In>();
  const In *b = rhs.data<In>();
  Out *out = result.data<Out>();
  std::string error;
  forEachIndex(shape, [&](int64_t linear, const Shape &index) {
    out[linear] = fn(a[offsetOf(index, lhsStrides)],
                     b[offsetOf(index, rhsStrides)], error);
  });
  if (!error.empty())
    return kernelError(error);
  return result;
}

template <typename T> T wrapAdd(T a, T b) {
  if constexpr (std::is_integral_v<T>)
    return static_cast<T>(static_cast<WrapType<T>>(a) + static_cast<WrapType<T>>(b));
  else
    return a + b;
}
template <typename T> T wrapSub(T a, T b) {
  if constexpr (std::is_integral_v<T>)
    return static_cast<T>(static_cast<WrapType<T>>(a) - static_cast<WrapType<T>>(b));
  else
    return a - b;
}
template <typename T> T wrapMul(T a, T b) {
  if constexpr (std::is_integral_v<T>)
    return static_cast<T>(static_cast<WrapType<T>>(a) * static_cast<WrapType<T>>(b));
  else
    return a * b;
}

template <typename T> T divide(T a, T b, std::string &error) {
  if constexpr (std::is_integral_v<T>) {
    if (b == 0) {
      error = "integer division by zero";
      return 0;
    }
    if constexpr (std::is_signed_v<T>)
      if (b == -1) // INT_MIN / -1 overflows; negation wraps instead
        return wrapSub<T>(0, a);
    return a / b;
  } else {
    return a / b;
  }
}

template <typename T> T power(T base, T exponent, std::string &error) {
  if constexpr (std::is_integral_v<T>) {
    if (std::is_signed_v<T> && exponent < 0) {
      if (base == 0) {
        error = "zero raised to a negative integer power";
        return 0;
      }
      if (base == 1)
        return 1;
      if (base == static_cast<T>(-1))
        return (exponent % 2) ? static_cast<T>(-1) : 1;
      return 0;
    }
    T result = 1;
    for (T square = base; exponent; exponent >>= 1) {
      if (exponent & 1)
        result = wrapMul(result, square);
      square = wrapMul(square, square);
    }
    return result;
  } else {
    return std::pow(base, exponent);
  }
}

template <typename T> T remainder(T a, T b, bool fmod, std::string &error) {
  if constexpr (std::is_integral_v<T>) {
    if (b == 0) {
      error = "integer remainder by zero";
      return 0;
    }
    if constexpr (std::is_signed_v<T>)
      if (b == -1) // INT_MIN % -1 overflows
        return 0;
    T r = a % b; // sign of the dividend
    if (!fmod && r != 0 && ((r < 0) != (b < 0)))
      r += b;
    return r;
  } else {
    T r = std::fmod(a, b);
    if (!fmod && r != 0 && ((r < 0) != (b < 0)))
      r += b;
    return r;
  }
}


/// Registers an arithmetic binary op whose scalar function is
/// `fn(a, b, error, op)`.
template <typename OpT, typename Fn>
void addArithmetic(KernelRegistry &registry, Fn fn) {
  registry.add<OpT>([fn](const KernelContext &context,
                         ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<OpT>(context.getOp());
    return single(dispatchNumeric(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      return broadcastBinary<T, T>(
          context, operands[0], operands[1],
          [&](T a, T b, std::string &error) { return fn(a, b, error, op); });
    }));
  });
}

//===----------------------------------------------------------------------===//
// Unary drivers
//===----------------------------------------------------------------------===//

template <typename T, typename Fn>
Tensor mapUnary(const KernelContext &context, const Tensor &input, Fn fn) {
  Tensor result = context.makeResult();
  const T *in = input.data<T>();
  T *out = result.data<T>();
  for (int64_t i = 0; i < input.numElements(); ++i)
    out[i] = fn(in[i]);
  return result;
}

/// Registers a float-only unary op computing `fn(x)` in the compute type.
template <typename OpT, typename Fn>
void addFloatUnary(KernelRegistry &registry, Fn fn) {
  registry.add<OpT>([fn](const KernelContext &context,
                         ArrayRef<Tensor> operands) -> KernelResult {
    return single(dispatchFloat(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      return mapUnary<T>(context, operands[0], [&](T x) { return fn(x); });
    }));
  });
}

/// Registers a unary op on signed numbers (floats and integers).
template <typename OpT, typename Fn>
void addSignedUnary(KernelRegistry &registry, Fn fn) {
  registry.add<OpT>([fn](const KernelContext &context,
                         ArrayRef<Tensor> operands) -> KernelResult {
    return single(dispatchNumeric(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      return mapUnary<T>(context, operands[0], [&](T x) { return fn(x); });
    }));
  });
}

/// Round half to even, independent of the current rounding mode. The sign
/// is kept, so -0.5 rounds to -0.0 as IEEE roundToIntegralTiesToEven does.
template <typename T> T roundHalfEven(T x) {
  T floor = std::floor(x);
  T diff = x - floor;
  T rounded;
  if (diff > T(0.5))
    rounded = floor + 1;
  else if (diff < T(0.5))
    rounded = floor;
  else
    rounded = std::fmod(floor, T(2)) == 0 ? floor : floor + 1;
  return std::copysign(rounded, x);
}

template <typename T> T gelu(T x, GeluApproximation approximation) {
  if (approximation == GeluApproximation::tanh) {
    const T kAlpha = T(0.7978845608028654); // sqrt(2 / pi)
    return T(0.5) * x * (T(1) + std::tanh(kAlpha * (x + T(0.044715) * x * x * x)));
  }
  return T(0.5) * x * (T(1) + std::erf(x * T(0.7071067811865476)));
}

//===----------------------------------------------------------------------===//
// Cast
//===----------------------------------------------------------------------===//

/// Float to integer: truncate toward zero, saturate, NaN -> 0.
template <typename Int> Int saturatingCast(double value) {
  if (std::isnan(value))
    return 0;
  value = std::trunc(value);
  if (value <= static_cast<double>(std::numeric_limits<Int>::min()))
    return std::numeric_limits<Int>::min();
  // max + 1 (2^digits: 2^63 for i64, 2^64 for ui64) is not representable in
  // Int; compare against it as a double.
  if (value >= std::ldexp(1.0, std::numeric_limits<Int>::digits))
    return std::numeric_limits<Int>::max();
  return static_cast<Int>(value);
}

Tensor castTensor(const KernelContext &context, const Tensor &input) {
  DType declared = context.declaredResultType();
  Tensor result = context.makeResult();
  DType target = result.dtype();
  int64_t count = input.numElements();
  if (target == DType::I1) {
    for (int64_t i = 0; i < count; ++i)
      result.data<uint8_t>()[i] =
          isFloat(input.dtype()) ? input.getDouble(i) != 0 : input.getInt(i) != 0;
    return result;
  }
  if (isFloat(target)) {
    // Round to the declared precision even when computing wider.
    Tensor rounded = convertTensor(input, declared);
    return convertTensor(rounded, target);
  }
  if (isInteger(input.dtype())) {
    for (int64_t i = 0; i < count; ++i)
      result.setInt(i, input.getInt(i)); // wraps: keeps the low bits
    return result;
  }
  for (int64_t i = 0; i < count; ++i) {
    double value = input.getDouble(i);
    switch (target) {
    case DType::I8: result.data<int8_t>()[i] = saturatingCast<int8_t>(value); break;
    case DType::I32: result.data<int32_t>()[i] = saturatingCast<int32_t>(value); break;
    case DType::I16: result.data<int16_t>()[i] = saturatingCast<int16_t>(value); break;
    case DType::UI8: result.data<uint8_t>()[i] = saturatingCast<uint8_t>(value); break;
    case DType::UI16: result.data<uint16_t>()[i] = saturatingCast<uint16_t>(value); break;
    case DType::UI32: result.data<uint32_t>()[i] = saturatingCast<uint32_t>(value); break;
    case DType::UI64: result.data<uint64_t>()[i] = saturatingCast<uint64_t>(value); break;
    default: result.data<int64_t>()[i] = saturatingCast<int64_t>(value); break;
    }
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Comparison and logic
//===----------------------------------------------------------------------===//

template <typename T> bool compare(ComparePredicate predicate, T a, T b) {
  switch (predicate) {
  case ComparePredicate::eq: return a == b;
  case ComparePredicate::ne: return a != b;
  case ComparePredicate::lt: return a < b;
  case ComparePredicate::le: return a <= b;
  case ComparePredicate::gt: return a > b;
  case ComparePredicate::ge: return a >= b;
  }
  return false;
}

template <typename OpT, typename Fn>
void addLogical(KernelRegistry &registry, Fn fn) {
  registry.add<OpT>([fn](const KernelContext &context,
                         ArrayRef<Tensor> operands) -> KernelResult {
    return single(broadcastBinary<uint8_t, uint8_t>(
        context, operands[0], operands[1],
        [&](uint8_t a, uint8_t b, std::string &) -> uint8_t { return fn(a, b); }));
  });
}

} // namespace

void registerElementwiseKernels(KernelRegistry &registry) {
  addArithmetic<AddOp>(registry, [](auto a, auto b, std::string &, AddOp) {
    return wrapAdd(a, b);
  });
  addArithmetic<SubOp>(registry, [](auto a, auto b, std::string &, SubOp) {
    return wrapSub(a, b);
  });
  addArithmetic<MulOp>(registry, [](auto a, auto b, std::string &, MulOp) {
    return wrapMul(a, b);
  });
  addArithmetic<DivOp>(registry, [](auto a, auto b, std::string &error, DivOp) {
    return divide(a, b, error);
  });
  addArithmetic<PowOp>(registry, [](auto a, auto b, std::string &error, PowOp) {
    return power(a, b, error);
  });
  addArithmetic<MaxOp>(registry, [](auto a, auto b, std::string &, MaxOp) {
    return nanMaximum(a, b);
  });
  addArithmetic<MinOp>(registry, [](auto a, auto b, std::string &, MinOp) {
    return nanMinimum(a, b);
  });
  addArithmetic<RemOp>(registry, [](auto a, auto b, std::string &error, RemOp op) {
    return remainder(a, b, op.getFmod(), error);
  });

  registry.add<CompareOp>([](const KernelContext &context,
                             ArrayRef<Tensor> operands) -> KernelResult {
    ComparePredicate predicate = cast<CompareOp>(context.getOp()).getPredicate();
    return single(dispatchAny(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      return broadcastBinary<T, uint8_t>(
          context, operands[0], operands[1],
          [&](T a, T b, std::string &) -> uint8_t {
            return compare(predicate, a, b);
          });
    }));
  });
  // Unsigned integers only (the verifier holds it); a shift by the width or
  // more gives 0, which C++ leaves undefined.
  registry.add<ShiftOp>([](const KernelContext &context,
                           ArrayRef<Tensor> operands) -> KernelResult {
    bool right = cast<ShiftOp>(context.getOp()).getRight();
    return single(dispatchNumeric(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      return broadcastBinary<T, T>(
          context, operands[0], operands[1],
          [&](T a, T b, std::string &) -> T {
            if constexpr (std::is_unsigned_v<T>) {
              if (b >= sizeof(T) * 8)
                return 0;
              return right ? static_cast<T>(a >> b) : static_cast<T>(a << b);
            } else {
              return 0;
            }
          });
    }));
  });
  addLogical<AndOp>(registry, [](uint8_t a, uint8_t b) { return a & b; });
  addLogical<OrOp>(registry, [](uint8_t a, uint8_t b) { return a | b; });
  addLogical<XorOp>(registry, [](uint8_t a, uint8_t b) { return a ^ b; });

  addSignedUnary<NegOp>(registry, [](auto x) {
    using T = decltype(x);
    if constexpr (std::is_floating_point_v<T>)
      return -x; // flips the sign of zero too, unlike 0 - x
    else
      return wrapSub<T>(0, x);
  });
  addSignedUnary<AbsOp>(registry, [](auto x) {
    using T = decltype(x);
    if constexpr (std::is_floating_point_v<T>)
      return std::fabs(x);
    else
      return x < 0 ? wrapSub<T>(0, x) : x;
  });
  addSignedUnary<ReluOp>(registry, [](auto x) {
    using T = decltype(x);
    return (x > T(0) || x != x) ? x : T(0); // NaN stays NaN
  });
  addSignedUnary<SignOp>(registry, [](auto x) {
    using T = decltype(x);
    if (x > T(0))
      return T(1);
    if (x < T(0))
      return T(-1);
    return x; // 0, -0.0 and NaN map to themselves
  });
  addFloatUnary<ExpOp>(registry, [](auto x) { return std::exp(x); });
  addFloatUnary<LogOp>(registry, [](auto x) { return std::log(x); });
  addFloatUnary<SqrtOp>(registry, [](auto x) { return std::sqrt(x); });
  addFloatUnary<RsqrtOp>(registry, [](auto x) {
    using T = decltype(x);
    return T(1) / std::sqrt(x);
  });
  addFloatUnary<ReciprocalOp>(registry, [](auto x) {
    using T = decltype(x);
    return T(1) / x;
  });
  addFloatUnary<TanhOp>(registry, [](auto x) { return std::tanh(x); });
  addFloatUnary<SigmoidOp>(registry, [](auto x) {
    using T = decltype(x);
    return T(1) / (T(1) + std::exp(-x));
  });
  addFloatUnary<ErfOp>(registry, [](auto x) { return std::erf(x); });
  addFloatUnary<FloorOp>(registry, [](auto x) { return std::floor(x); });
  addFloatUnary<CeilOp>(registry, [](auto x) { return std::ceil(x); });
  addFloatUnary<RoundOp>(registry, [](auto x) { return roundHalfEven(x); });
  addFloatUnary<SinOp>(registry, [](auto x) { return std::sin(x); });
  addFloatUnary<CosOp>(registry, [](auto x) { return std::cos(x); });
  addFloatUnary<TanOp>(registry, [](auto x) { return std::tan(x); });
  addFloatUnary<AsinOp>(registry, [](auto x) { return std::asin(x); });
  addFloatUnary<AcosOp>(registry, [](auto x) { return std::acos(x); });
  addFloatUnary<AtanOp>(registry, [](auto x) { return std::atan(x); });
  addFloatUnary<SinhOp>(registry, [](auto x) { return std::sinh(x); });
  addFloatUnary<CoshOp>(registry, [](auto x) { return std::cosh(x); });
  addFloatUnary<AsinhOp>(registry, [](auto x) { return std::asinh(x); });
  addFloatUnary<AcoshOp>(registry, [](auto x) { return std::acosh(x); });
  addFloatUnary<AtanhOp>(registry, [](auto x) { return std::atanh(x); });

  registry.add<GeluOp>([](const KernelContext &context,
                          ArrayRef<Tensor> operands) -> KernelResult {
    GeluApproximation approximation =
        cast<GeluOp>(context.getOp()).getApproximation();
    return single(dispatchFloat(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      return mapUnary<T>(context, operands[0],
                         [&](T x) { return gelu(x, approximation); });
    }));
  });

  registry.add<ClampOp>([](const KernelContext &context,
                           ArrayRef<Tensor> operands) -> KernelResult {
    auto op = cast<ClampOp>(context.getOp());
    std::optional<double> lower, upper;
    if (FloatAttr attr = op.getMinAttr())
      lower = attr.getValueAsDouble();
    if (FloatAttr attr = op.getMaxAttr())
      upper = attr.getValueAsDouble();
    return single(dispatchNumeric(operands[0].dtype(), [&](auto tag) {
      using T = decltype(tag);
      // Bounds are converted to T first, as a backend would materialize them.
      return mapUnary<T>(context, operands[0], [&](T x) {
        if (lower && x < static_cast<T>(*lower))
          x = static_cast<T>(*lower);
        if (upper && x > static_cast<T>(*upper))
          x = static_cast<T>(*upper);
        return x;
      });
    }));
  });

  registry.add<NotOp>([](const KernelContext &context,
                         ArrayRef<Tensor> operands) -> KernelResult {
    return single(mapUnary<uint8_t>(context, operands[0],
                                    [](uint8_t x) -> uint8_t { return !x; }));
  });

  registry.add<CastOp>([](const KernelContext &context,
                          ArrayRef<Tensor> operands) -> KernelResult {
    return single(castTensor(context, operands[0]));
  });

  registry.add<SelectOp>([](const KernelContext &context,
                            ArrayRef<Tensor> operands) -> KernelResult {
    Tensor result = context.makeResult();
    const Shape &shape = result.shape();
    Shape conditionStrides = broadcastStrides(operands[0].shape(), shape);
    Shape trueStrides = broadcastStrides(operands[1].shape(), shape);
    Shape falseStrides = broadcastStrides(operands[2].shape(), shape);
    size_t size = dtypeSize(result.dtype());
    const uint8_t *condition = operands[0].data<uint8_t>();
    forEachIndex(shape, [&](int64_t linear, const Shape &index) {
      const Tensor &chosen =
          condition[offsetOf(index, conditionStrides)] ? operands[1] : operands[2];
      const Shape &strides =
          &chosen == &operands[1] ? trueStrides : falseStrides;
      std::memcpy(result.bytes() + linear * size,
                  chosen.bytes() + offsetOf(index, strides) * size, size);
    });
    return single(std::move(result));
  });
}

} // namespace loom::eval
