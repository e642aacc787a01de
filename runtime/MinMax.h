//===- MinMax.h - Loom's maximum and minimum of two values ------*- C++ -*-===//
//
// Part of the Loom project.
//
// The max and min of every Loom op that takes them (loom.max, reduce_max,
// the max scatter, a max all-reduce between devices): a NaN operand gives
// NaN, and +0.0 counts as above -0.0, so the result does not depend on the
// order of the operands. The evaluator and the runtime's collectives share
// these, so a reduction across devices means what the evaluator computes.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_MINMAX_H
#define LOOM_RUNTIME_MINMAX_H

#include <cmath>
#include <limits>
#include <type_traits>

namespace loom {

template <typename T> T nanMaximum(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) || std::isnan(b))
      return std::numeric_limits<T>::quiet_NaN();
    if (a == b) // only +0.0 and -0.0 can be equal and differ
      return std::signbit(a) ? b : a;
  }
  return a > b ? a : b;
}

template <typename T> T nanMinimum(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) || std::isnan(b))
      return std::numeric_limits<T>::quiet_NaN();
    if (a == b)
      return std::signbit(a) ? a : b;
  }
  return a < b ? a : b;
}

} // namespace loom

#endif // LOOM_RUNTIME_MINMAX_H
