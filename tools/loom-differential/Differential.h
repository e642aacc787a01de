//===- Differential.h - Compiled code against the evaluator ------*- C++ -*-===//
//
// Part of the Loom project.
//
// loom-differential's engine: each public function of a module runs on
// seeded random inputs (RandomInputs.h) twice, through the reference
// evaluator and as an artifact compiled for the target with the compiler API
// and run by the runtime on four threads, and every output is compared as
// the target's numerics say (TargetNumerics.h): at a tolerance that suits
// its element type, or bit for bit against the evaluator in the precision
// the target reproduces (the systolic chip's Bf16Matmul) and, in relative
// L2 error, against the f32 evaluator. The evaluator is the oracle: a
// difference is a bug in code generation (or in the evaluator). Each
// function is compiled alone, as the model's only function, so it must not
// call another; the `shard.grid` its sharding annotations name comes with
// it, so an annotated function is partitioned and runs on every device of
// its grid. An ONNX model runs the same way on given inputs, and its
// outputs can be held to reference outputs (PyTorch's) by relative L2 error.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TOOLS_LOOMDIFFERENTIAL_DIFFERENTIAL_H
#define LOOM_TOOLS_LOOMDIFFERENTIAL_DIFFERENTIAL_H

#include "runtime/Tensor.h"
#include "tools/loom-differential/RandomInputs.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace loom::differential {

struct Options {
  /// The first seed of the random inputs; `seeds` seeds from it are drawn.
  uint64_t seed = 1;
  unsigned seeds = 1;
  /// The distributions of the random inputs (RandomInputs.h): each function
  /// is compiled once and run on every distribution for every seed.
  std::vector<Distribution> distributions = {Distribution::Uniform};
  /// On a mismatch, print the function's inputs too.
  bool printInputs = false;
  /// Override the per-dtype tolerances (Differential.cpp) for every output;
  /// for a bit-exact target they replace the bit-for-bit comparison.
  std::optional<double> rtol, atol;
  /// Test only this function; empty tests every public one.
  std::string function;
  /// The target to compile for (a registered name, as loomc --target).
  std::string target = "cpu";
  /// Options of the target by name (CompileOptions::targetOptions).
  std::map<std::string, std::string> targetOptions;
  /// Optimization level of the generated code.
  unsigned optLevel = 3;
  /// For a model (runModelDifferential): its inputs, in order, and the
  /// reference outputs its outputs are held to by relative L2 error (none:
  /// no such check).
  std::vector<Tensor> inputs, references;
  /// For a model: its outputs as another program computed them (loom-run
  /// on loomc's artifact), checked in place of compiling and running it.
  std::vector<Tensor> actual;
  /// The bound of that error; by default the target's relativeL2
  /// (TargetNumerics.h), or 1e-4 for an f32 target.
  std::optional<double> referenceRelativeL2;
};

/// Tests the functions of `module` (parsed from `fileName`) and prints one
/// line per function to `out`: "@NAME: ok (N outputs, max abs error A, max
/// rel error R)", or for a bit-exact target "@NAME: ok (N outputs,
/// bit-exact to the evaluator's bf16-matmul mode, relative L2 error E
/// against f32)", followed by ", K draws" when it ran on more than one
/// (distribution, seed). A function that does not compile, run or match is
/// reported on `err` with its name (and the output's number, the
/// distribution and the seed) and the others still run. Returns the number
/// of functions that failed.
int runDifferential(mlir::ModuleOp module, llvm::StringRef fileName,
                    const Options &options, llvm::raw_ostream &out,
                    llvm::raw_ostream &err);

/// Tests the ONNX model at `path` on `options.inputs`: imports it with
/// their shapes, simplifies it, and compares its compiled outputs (or
/// `options.actual`) with the evaluator's as runDifferential does (the line
/// names the file), and with `options.references` when given. Returns 0
/// when it passes, 1 otherwise.
int runModelDifferential(mlir::MLIRContext &context, llvm::StringRef path,
                         const Options &options, llvm::raw_ostream &out,
                         llvm::raw_ostream &err);

} // namespace loom::differential

#endif // LOOM_TOOLS_LOOMDIFFERENTIAL_DIFFERENTIAL_H
