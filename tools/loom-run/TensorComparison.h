//===- TensorComparison.h - Comparing results with tolerances ----*- C++ -*-===//
//
// Part of the Loom project.
//
// The comparison loom-run's --expected and loom-differential apply to a
// computed tensor and a reference: NumPy's allclose per element,
// |actual - expected| <= atol + rtol * |expected|, with NaN equal to NaN
// and infinities equal only to themselves; integers and booleans compare
// exactly. It also measures the largest errors, which the tools report even
// when everything is within tolerance.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TOOLS_LOOMRUN_TENSORCOMPARISON_H
#define LOOM_TOOLS_LOOMRUN_TENSORCOMPARISON_H

#include "runtime/Tensor.h"

#include <string>

namespace loom::runner {

struct Tolerance {
  /// NumPy's allclose defaults.
  double rtol = 1e-5;
  double atol = 1e-8;
};

struct Comparison {
  /// Elements outside the tolerance.
  int64_t mismatches = 0;
  /// The row-major index of the first of them, or -1.
  int64_t firstMismatch = -1;
  /// Over the elements where both values are finite: the largest
  /// |actual - expected|, and the largest |actual - expected| / |expected|
  /// among those with a non-zero expected value.
  double maxAbsError = 0;
  double maxRelError = 0;
};

/// Compares two tensors of the same dtype and shape (the caller checks).
Comparison compareTensors(const Tensor &actual, const Tensor &expected,
                          Tolerance tolerance);

/// One line describing the first mismatch of `comparison`, e.g.
/// "3 of 8 elements differ; first at index 5 [1, 1]: got 2.5, expected 3".
std::string describeMismatch(const Tensor &actual, const Tensor &expected,
                             const Comparison &comparison);

} // namespace loom::runner

#endif // LOOM_TOOLS_LOOMRUN_TENSORCOMPARISON_H
