//===- Differential.cpp - Compiled code against the evaluator --------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-differential/Differential.h"

#include "compiler/Compiler.h"
#include "compiler/Diagnostics.h"
#include "evaluator/Evaluator.h"
#include "runtime/Executor.h"
#include "tools/loom-differential/RandomInputs.h"
#include "tools/loom-run/TensorArgs.h"
#include "tools/loom-run/TensorComparison.h"

#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/OperationSupport.h"

#include <algorithm>

#include <fmt/format.h>

using namespace mlir;

namespace loom::differential {

namespace {

/// The default tolerance of an output: a few units in the last place of its
/// element type. Code generation may reassociate sums and use its own
/// approximations of exp, tanh, erf ..., which the evaluator computes with
/// libm; 16-bit floats are computed in f32 by both and rounded once, so they
/// differ by at most one unit of the 16-bit type.
runner::Tolerance defaultTolerance(DType dtype) {
  switch (dtype) {
  case DType::F16: return {/*rtol=*/2e-3, /*atol=*/1e-3};
  case DType::BF16: return {/*rtol=*/1.6e-2, /*atol=*/1e-2};
  default: return {/*rtol=*/1e-4, /*atol=*/1e-5};
  }
}

std::string joinLines(const std::vector<std::string> &lines) {
  std::string text;
  for (const std::string &line : lines) {
    std::string flat = line;
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    text += (text.empty() ? "" : "; ") + flat;
  }
  return text;
}

/// Compiles `function` alone (as the only function of a module) and runs the
/// artifact on `inputs`; on failure returns the reason.
std::string compileAndRun(func::FuncOp function, llvm::StringRef fileName,
                          const Options &options,
                          const std::vector<Tensor> &inputs,
                          std::vector<Tensor> &outputs) {
  // The compiler changes the module it compiles: it gets a copy holding
  // only this function.
  OwningOpRef<ModuleOp> module = ModuleOp::create(function.getLoc());
  // The device grid its sharding annotations name comes along.
  llvm::SmallDenseSet<StringAttr> grids;
  function.walk([&](shard::ShardingOp sharding) {
    grids.insert(sharding.getGridAttr().getAttr());
  });
  for (StringAttr name : grids)
    if (Operation *grid = SymbolTable::lookupNearestSymbolFrom(
            function, FlatSymbolRefAttr::get(name)))
      module->push_back(grid->clone());
  module->push_back(function.clone());
  CompileOptions compileOptions;
  compileOptions.target = options.target;
  compileOptions.optLevel = options.optLevel;
  CompileResult compiled = compileModule(*module, compileOptions);
  if (!compiled.ok)
    return "does not compile: " + joinLines(compiled.diagnostics);

  Artifact artifact;
  if (Status status = Artifact::load(compiled.output, artifact);
      !status.isOk())
    return "its artifact does not load: " + status.message();
  // Several threads even on a small machine, so that the workgroups of a
  // launch run concurrently and a race between them shows.
  ExecutorOptions executorOptions;
  executorOptions.threads = 4;
  if (Status status = run(artifact, inputs, outputs, executorOptions);
      !status.isOk())
    return "its artifact does not run: " + status.message();
  return {};
}

} // namespace

int runDifferential(ModuleOp module, llvm::StringRef fileName,
                    const Options &options, llvm::raw_ostream &out,
                    llvm::raw_ostream &err) {
  int failures = 0, tested = 0;
  for (auto function : module.getOps<func::FuncOp>()) {
    if (function.isPrivate() || function.isDeclaration() ||
        (!options.function.empty() && function.getSymName() != options.function))
      continue;
    ++tested;
    std::string name = ("@" + function.getSymName()).str();
    auto fail = [&](const std::string &why) {
      err << "loom-differential: error: " << name << " " << why << "\n";
      ++failures;
    };

    std::vector<std::string> diagnostics;
    FailureOr<std::vector<Tensor>> inputs = failure();
    FailureOr<std::vector<Tensor>> expected = failure();
    {
      DiagnosticCollector collector(*module.getContext(), diagnostics);
      inputs = randomInputs(function, options.seed);
      if (succeeded(inputs))
        expected = eval::evaluateFunction(function, *inputs);
    }
    if (failed(expected)) {
      fail((failed(inputs) ? "has no random inputs: " : "cannot be evaluated: ") +
           joinLines(diagnostics));
      continue;
    }

    std::vector<Tensor> actual;
    if (std::string why =
            compileAndRun(function, fileName, options, *inputs, actual);
        !why.empty()) {
      fail(why);
      continue;
    }

    double maxAbs = 0, maxRel = 0;
    bool matched = true;
    for (size_t i = 0; i < expected->size() && matched; ++i) {
      const Tensor &want = (*expected)[i];
      const Tensor &got = actual[i];
      if (got.dtype() != want.dtype() || got.shape() != want.shape()) {
        fail(fmt::format("output {} is {}, the evaluator's {}", i,
                           shapeString(got.shape(), got.dtype()),
                           shapeString(want.shape(), want.dtype())));
        matched = false;
        break;
      }
      runner::Tolerance tolerance = defaultTolerance(want.dtype());
      tolerance.rtol = options.rtol.value_or(tolerance.rtol);
      tolerance.atol = options.atol.value_or(tolerance.atol);
      runner::Comparison comparison =
          runner::compareTensors(got, want, tolerance);
      if (comparison.mismatches) {
        fail(fmt::format("output {} ({}) differs from the evaluator "
                         "(rtol {}, atol {}): {}",
                           i, shapeString(want.shape(), want.dtype()),
                           tolerance.rtol, tolerance.atol,
                           runner::describeMismatch(got, want, comparison)));
        matched = false;
      }
      maxAbs = std::max(maxAbs, comparison.maxAbsError);
      maxRel = std::max(maxRel, comparison.maxRelError);
    }
    if (matched)
      out << fmt::format("{}: ok ({} output{}, max abs error {:.3g}, max rel "
                         "error {:.3g})\n",
                           name, expected->size(),
                           expected->size() == 1 ? "" : "s", maxAbs, maxRel);
  }
  if (tested == 0) {
    err << "loom-differential: error: "
        << (options.function.empty()
                ? fileName.str() + " has no public function"
                : fileName.str() + " has no public function @" +
                      options.function)
        << "\n";
    return 1;
  }
  return failures;
}

} // namespace loom::differential
