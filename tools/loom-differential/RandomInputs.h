//===- RandomInputs.h - Seeded random arguments for a function ---*- C++ -*-===//
//
// Part of the Loom project.
//
// The inputs loom-differential feeds a function: one tensor per argument,
// drawn from a distribution (Distribution below; docs/testing.md lists
// them) over a seed. The `uniform` distribution is the historical one:
// floats in [-2, 2], integers in [-8, 8], i1 {0, 1}. The others stress what
// a uniform draw never shows: one-sided values (an accumulator started at 0
// instead of -inf), wide magnitudes, NaN, infinities, -0.0, subnormals,
// huge values and integer extremes, and rows that are nearly constant with
// a large mean (a variance that cancels, an epsilon that matters).
//
// An argument with `loom.random = [lo, hi]` (inclusive for integers) keeps
// its range in every distribution, which is how a test keeps a divisor away
// from zero, a logarithm's operand positive or a gather's indices in
// bounds; within the range the distribution still chooses (the `special`
// one favours its ends, `near-constant` a narrow band). The generator is
// seeded from the seed, the distribution and the function's name, so adding
// a function to a file changes no other function's inputs.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TOOLS_LOOMDIFFERENTIAL_RANDOMINPUTS_H
#define LOOM_TOOLS_LOOMDIFFERENTIAL_RANDOMINPUTS_H

#include "runtime/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace loom::differential {

/// The argument attribute that sets an argument's range.
constexpr llvm::StringLiteral kRandomRangeAttr = "loom.random";
/// The function attribute that lists distributions (by name) a function is
/// not run on: a known defect or an ill-conditioned program, each with its
/// reason in a comment (docs/testing.md).
constexpr llvm::StringLiteral kSkipDistributionsAttr =
    "loom.skip_distributions";

enum class Distribution {
  /// Floats U[-2, 2], integers U[-8, 8], i1 {0, 1}.
  Uniform,
  /// Floats U[0, 4], integers U[0, 100], i1 all true.
  Positive,
  /// Floats U[-4, 0], integers U[-100, -1], i1 all false.
  Negative,
  /// Signed floats of log-uniform magnitude (2^-24 to 2^24 for f32 and
  /// bf16, 2^-60 to 2^60 for f64, 2^-6 to 2^6 for f16); integers over the
  /// dtype's whole range; i1 {0, 1}.
  Wide,
  /// Uniform, with one element in eight replaced by NaN, +-inf, +-0.0, the
  /// smallest or a random subnormal of either sign, huge values of one
  /// sign per tensor (1e18 for f32 and bf16, 1e150 for f64, 20 for f16: a
  /// hundred squares stay finite) or +-1; integers with one in
  /// four replaced by the dtype's min, max, min + 1, max - 1, 0, 1 or -1.
  Special,
  /// c + U[0, 1] with one large c per tensor (+-10^2 to 10^4; 10^1 to 10^3
  /// for f16 and bf16); integers c + U[0, 3] (c up to +-10^6, +-100 for
  /// i8); i1 true with one in sixteen false.
  NearConstant,
};

/// Every distribution, in the order above.
llvm::ArrayRef<Distribution> allDistributions();
/// "uniform", "positive", "negative", "wide", "special", "near-constant".
llvm::StringRef distributionName(Distribution distribution);
std::optional<Distribution> parseDistribution(llvm::StringRef name);

/// Random tensors for every argument of `function`. Emits an error at the
/// function and fails for a dynamic shape, an element type Loom lacks or a
/// malformed `loom.random`.
mlir::FailureOr<std::vector<Tensor>>
randomInputs(mlir::func::FuncOp function, uint64_t seed,
             Distribution distribution = Distribution::Uniform);

} // namespace loom::differential

#endif // LOOM_TOOLS_LOOMDIFFERENTIAL_RANDOMINPUTS_H
