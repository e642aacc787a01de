//===- TargetNumerics.cpp - How each target's outputs are checked ----------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-differential/TargetNumerics.h"

#include "backends/target/Target.h"
#include "tools/loom-run/TensorArgs.h"

#include <cassert>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

namespace loom::differential {

namespace {

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

TargetNumerics targetNumerics(llvm::StringRef target) {
  const TargetInfo *info = TargetRegistry::builtin().find(target);
  TargetNumerics numerics;
  if (!info)
    return numerics;
  switch (info->precision) {
  case eval::Precision::Native:
    break;
  case eval::Precision::F64:
    numerics.precision = eval::Precision::F64;
    numerics.precisionName = "f64";
    break;
  case eval::Precision::Bf16Matmul:
    // The matrix units take bf16 operands and accumulate in f32; everything
    // else is the evaluator's f32 formula, operation by operation. A bf16
    // operand is off by at most 2^-9 (relative); 2e-2 leaves room for the
    // depth of a model.
    numerics.precision = eval::Precision::Bf16Matmul;
    numerics.bitExact = true;
    numerics.relativeL2 = 2e-2;
    numerics.precisionName = "bf16-matmul";
    break;
  }
  return numerics;
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
