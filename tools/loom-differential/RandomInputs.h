//===- RandomInputs.h - Seeded random arguments for a function ---*- C++ -*-===//
//
// Part of the Loom project.
//
// The inputs loom-differential feeds a function: one tensor per argument,
// drawn uniformly from a range that suits its element type (floats
// [-2, 2], integers [-8, 8], i1 {0, 1}) unless the argument carries
// `loom.random = [lo, hi]` (inclusive for integers), which is how a test
// keeps a divisor away from zero, a logarithm's operand positive or a
// gather's indices in bounds. The generator is seeded from the seed and the
// function's name, so adding a function to a file changes no other
// function's inputs.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TOOLS_LOOMDIFFERENTIAL_RANDOMINPUTS_H
#define LOOM_TOOLS_LOOMDIFFERENTIAL_RANDOMINPUTS_H

#include "runtime/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <cstdint>
#include <vector>

namespace loom::differential {

/// The argument attribute that sets an argument's range.
constexpr llvm::StringLiteral kRandomRangeAttr = "loom.random";

/// Random tensors for every argument of `function`. Emits an error at the
/// function and fails for a dynamic shape, an element type Loom lacks or a
/// malformed `loom.random`.
mlir::FailureOr<std::vector<Tensor>> randomInputs(mlir::func::FuncOp function,
                                                  uint64_t seed);

} // namespace loom::differential

#endif // LOOM_TOOLS_LOOMDIFFERENTIAL_RANDOMINPUTS_H
