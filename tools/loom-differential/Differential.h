//===- Differential.h - Compiled code against the evaluator ------*- C++ -*-===//
//
// Part of the Loom project.
//
// loom-differential's engine: each public function of a module runs on
// seeded random inputs (RandomInputs.h) twice, through the reference
// evaluator and as a CPU artifact compiled with the compiler API and run by
// the runtime on four threads, and every output is compared at a tolerance
// that suits its element type. The evaluator is the oracle: a difference is
// a bug in code generation (or in the evaluator). Each function is compiled
// alone, as the model's only function, so it must not call another; the
// `shard.grid` its sharding annotations name comes with it, so an annotated
// function is partitioned and runs on every device of its grid.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TOOLS_LOOMDIFFERENTIAL_DIFFERENTIAL_H
#define LOOM_TOOLS_LOOMDIFFERENTIAL_DIFFERENTIAL_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <optional>
#include <string>

namespace loom::differential {

struct Options {
  uint64_t seed = 1;
  /// Override the per-dtype tolerances (Differential.cpp) for every output.
  std::optional<double> rtol, atol;
  /// Test only this function; empty tests every public one.
  std::string function;
  /// The target to compile for (a registered name, as loomc --target).
  std::string target = "cpu";
  /// Optimization level of the generated code.
  unsigned optLevel = 3;
};

/// Tests the functions of `module` (parsed from `fileName`) and prints one
/// line per function to `out`: "@NAME: ok (N outputs, max abs error A, max
/// rel error R)". A function that does not compile, run or match is
/// reported on `err` with its name (and the output's number) and the others
/// still run. Returns the number of functions that failed.
int runDifferential(mlir::ModuleOp module, llvm::StringRef fileName,
                    const Options &options, llvm::raw_ostream &out,
                    llvm::raw_ostream &err);

} // namespace loom::differential

#endif // LOOM_TOOLS_LOOMDIFFERENTIAL_DIFFERENTIAL_H
