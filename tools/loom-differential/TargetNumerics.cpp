//===- TargetNumerics.cpp - How each target's outputs are checked ----------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-differential/TargetNumerics.h"

#include "tools/loom-run/TensorArgs.h"

#include <cassert>
#include <cmath>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace loom::differential {

namespace {

/// Targets whose numerics differ from the default (f32, at tolerances).
/// The systolic chip's matrix units take bf16 operands and accumulate in
/// f32 (docs/systolic.md); its vector unit computes the evaluator's f32
/// formulas operation by operation, so the whole kernel is bit-exact
/// against Bf16Matmul and within 2e-2 of f32 in relative L2 error.
const std::pair<llvm::StringLiteral, TargetNumerics> kTargets[] = {
    {"systolic",
     {eval::Precision::Bf16Matmul, /*bitExact=*/true, /*relativeL2=*/2e-2,
      "bf16-matmul"}},
};

/// The bits of element `index`, zero-extended.
uint64_t bitsOf(const Tensor &tensor, int64_t index) {
  size_t size = dtypeSize(tensor.dtype());
  uint64_t bits = 0;
  std::memcpy(&bits, tensor.bytes() + index * size, size);
  return bits;
}

bool isNaNAt(const Tensor &tensor, int64_t index) {
  return isFloat(tensor.dtype()) && std::isnan(tensor.getDouble(index));
}

} // namespace

const TargetNumerics &targetNumerics(llvm::StringRef target) {
  static const TargetNumerics defaults;
  for (const auto &[name, numerics] : kTargets)
    if (name == target)
      return numerics;
  return defaults;
}

BitComparison compareBits(const Tensor &actual, const Tensor &expected) {
  assert(actual.dtype() == expected.dtype() &&
         actual.shape() == expected.shape());
  BitComparison result;
  for (int64_t i = 0; i < expected.numElements(); ++i) {
    bool same = bitsOf(actual, i) == bitsOf(expected, i) ||
                (isNaNAt(actual, i) && isNaNAt(expected, i));
    if (!same && result.mismatches++ == 0)
      result.firstMismatch = i;
  }
  return result;
}

std::string describeBitMismatch(const Tensor &actual, const Tensor &expected,
                                const BitComparison &comparison) {
  int64_t first = comparison.firstMismatch;
  int digits = static_cast<int>(2 * dtypeSize(expected.dtype()));
  return fmt::format(
      "{} of {} elements differ in their bits; first at index {} {}: got {} "
      "(0x{:0{}x}), expected {} (0x{:0{}x})",
      comparison.mismatches, expected.numElements(), first,
      runner::formatCoordinates(expected.shape(), first),
      runner::formatElement(actual, first), bitsOf(actual, first), digits,
      runner::formatElement(expected, first), bitsOf(expected, first), digits);
}

double relativeL2Error(const Tensor &actual, const Tensor &expected) {
  assert(actual.shape() == expected.shape());
  double difference = 0, norm = 0;
  for (int64_t i = 0; i < expected.numElements(); ++i) {
    double a = actual.getDouble(i), e = expected.getDouble(i);
    if (!std::isfinite(a) || !std::isfinite(e)) {
      if ((std::isnan(a) && std::isnan(e)) || a == e)
        continue;
      return INFINITY;
    }
    difference += (a - e) * (a - e);
    norm += e * e;
  }
  if (difference == 0)
    return 0;
  return norm == 0 ? INFINITY : std::sqrt(difference / norm);
}

} // namespace loom::differential
