//===- TargetNumerics.h - How each target's outputs are checked --*- C++ -*-===//
//
// Part of the Loom project.
//
// How the test tools (loom-differential, loom-onnx-conformance) hold a code
// generation target's outputs to the reference evaluator, derived from the
// evaluator precision the target declares it reproduces
// (TargetInfo::precision, which constant folding uses too): a Native target
// computes in f32 up to reassociation and its own approximations of libm,
// and is compared at tolerances per element type; a Bf16Matmul target (the
// systolic chip) reproduces that mode bit for bit and stays within a
// relative L2 error of f32. The tools ask this and never test a target's
// name.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TOOLS_LOOMDIFFERENTIAL_TARGETNUMERICS_H
#define LOOM_TOOLS_LOOMDIFFERENTIAL_TARGETNUMERICS_H

#include "evaluator/Evaluator.h"
#include "runtime/Tensor.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace loom::differential {

struct TargetNumerics {
  /// The evaluator mode whose outputs the target's must reproduce.
  eval::Precision precision = eval::Precision::Native;
  /// Its outputs equal the evaluator's in `precision` bit for bit;
  /// otherwise they are compared at tolerances.
  bool bitExact = false;
  /// For a target whose contract is not f32: the largest relative L2 error
  /// of a float output against the f32 result (the evaluator's Native mode,
  /// or a model's reference output).
  std::optional<double> relativeL2;
  /// How reports name `precision`, e.g. "bf16-matmul".
  const char *precisionName = "f32";
};

/// The numerics of the target registered as `target` in the compiler's
/// TargetRegistry (those of an f32 target for a name it lacks).
TargetNumerics targetNumerics(llvm::StringRef target);

/// A bit-for-bit comparison of two tensors of the same dtype and shape:
/// each element's bits must match, except that any NaN matches any NaN
/// (NaN payloads are not part of any contract). -0.0 differs from +0.0.
struct BitComparison {
  int64_t mismatches = 0;
  /// The row-major index of the first differing element, or -1.
  int64_t firstMismatch = -1;
};
BitComparison compareBits(const Tensor &actual, const Tensor &expected);

/// "3 of 8 elements differ in their bits; first at index 5 [1, 1]: got 2.5
/// (0x40200000), expected 2.5000002 (0x40200001)".
std::string describeBitMismatch(const Tensor &actual, const Tensor &expected,
                                const BitComparison &comparison);

/// ||actual - expected|| / ||expected|| (2-norms, in f64) over two tensors
/// of the same shape and any numeric dtypes; 0 when both are zero. An
/// element where both are NaN, or both the same infinity, counts as equal;
/// any other non-finite element makes the error infinite.
double relativeL2Error(const Tensor &actual, const Tensor &expected);

} // namespace loom::differential

#endif // LOOM_TOOLS_LOOMDIFFERENTIAL_TARGETNUMERICS_H
