//===- TensorComparison.cpp - Comparing results with tolerances ------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-run/TensorComparison.h"

#include "tools/loom-run/TensorArgs.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include <fmt/format.h>

namespace loom::runner {

Comparison compareTensors(const Tensor &actual, const Tensor &expected,
                          Tolerance tolerance) {
  assert(actual.dtype() == expected.dtype() &&
         actual.shape() == expected.shape());
  Comparison result;
  bool exact = isInteger(expected.dtype());
  for (int64_t i = 0; i < expected.numElements(); ++i) {
    bool close;
    if (exact) {
      int64_t a = actual.getInt(i), e = expected.getInt(i);
      close = a == e;
      // Through double: a difference of i64 extremes overflows int64.
      double error = std::fabs(static_cast<double>(a) - static_cast<double>(e));
      result.maxAbsError = std::max(result.maxAbsError, error);
      if (e != 0)
        result.maxRelError =
            std::max(result.maxRelError, error / std::fabs(double(e)));
    } else {
      double a = actual.getDouble(i), e = expected.getDouble(i);
      if (std::isnan(a) || std::isnan(e)) {
        close = std::isnan(a) && std::isnan(e);
      } else if (std::isinf(a) || std::isinf(e)) {
        close = a == e;
      } else {
        double error = std::fabs(a - e);
        close = error <= tolerance.atol + tolerance.rtol * std::fabs(e);
        result.maxAbsError = std::max(result.maxAbsError, error);
        if (e != 0)
          result.maxRelError = std::max(result.maxRelError, error / std::fabs(e));
      }
    }
    if (!close && result.mismatches++ == 0)
      result.firstMismatch = i;
  }
  return result;
}

std::string describeMismatch(const Tensor &actual, const Tensor &expected,
                             const Comparison &comparison) {
  int64_t first = comparison.firstMismatch;
  return fmt::format("{} of {} elements differ; first at index {} {}: got {}, "
                     "expected {}",
                     comparison.mismatches, expected.numElements(), first,
                     formatCoordinates(expected.shape(), first),
                     formatElement(actual, first),
                     formatElement(expected, first));
}

} // namespace loom::runner
