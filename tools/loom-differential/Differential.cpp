//===- Differential.cpp - Compiled code against the evaluator --------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-differential/Differential.h"

#include "compiler/Compiler.h"
#include "compiler/Diagnostics.h"
#include "evaluator/Evaluator.h"
#include "frontend/onnx/OnnxImporter.h"
#include "passes/Pipelines.h"
#include "runtime/Executor.h"
#include "tools/loom-differential/RandomInputs.h"
#include "tools/loom-differential/TargetNumerics.h"
#include "tools/loom-run/TensorArgs.h"
#include "tools/loom-run/TensorComparison.h"

#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Pass/PassManager.h"

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
std::string compileAndRun(func::FuncOp function, const Options &options,
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

/// Evaluates `function` on `inputs` in `precision`; failure with the
/// diagnostics as one line in `why`.
FailureOr<std::vector<Tensor>> evaluate(func::FuncOp function,
                                        const std::vector<Tensor> &inputs,
                                        eval::Precision precision,
                                        std::string &why) {
  std::vector<std::string> diagnostics;
  DiagnosticCollector collector(*function.getContext(), diagnostics);
  eval::Options evalOptions;
  evalOptions.precision = precision;
  FailureOr<std::vector<Tensor>> results =
      eval::evaluateFunction(function, inputs, evalOptions);
  if (failed(results))
    why = "cannot be evaluated: " + joinLines(diagnostics);
  return results;
}

/// Checks `function`, named `name` in the lines, on `inputs`: compiled for
/// the target and run, against the evaluator in the target's precision and,
/// in relative L2 error, against `references` (or, for a target whose
/// contract is not f32 and without references, the f32 evaluator). Prints
/// the ok line to `out` and returns true, or prints why to `err`.
bool checkFunction(func::FuncOp function, llvm::StringRef name,
                   const std::vector<Tensor> &inputs,
                   llvm::ArrayRef<Tensor> references, const Options &options,
                   llvm::raw_ostream &out, llvm::raw_ostream &err) {
  auto fail = [&](const std::string &why) {
    err << "loom-differential: error: " << name << " " << why << "\n";
    return false;
  };
  TargetNumerics numerics = targetNumerics(options.target);
  std::string why;
  FailureOr<std::vector<Tensor>> expected =
      evaluate(function, inputs, numerics.precision, why);
  if (failed(expected))
    return fail(why);

  // What the outputs' relative L2 error is measured against, and its bound.
  std::vector<Tensor> f32Results;
  llvm::ArrayRef<Tensor> l2References = references;
  std::optional<double> l2Bound;
  const char *l2Against = "the reference";
  if (!references.empty()) {
    l2Bound = options.referenceRelativeL2.value_or(
        numerics.relativeL2.value_or(1e-4));
  } else if (numerics.relativeL2) {
    FailureOr<std::vector<Tensor>> native =
        evaluate(function, inputs, eval::Precision::Native, why);
    if (failed(native))
      return fail(why);
    f32Results = std::move(*native);
    l2References = f32Results;
    l2Bound = numerics.relativeL2;
    l2Against = "f32";
  }
  if (!l2References.empty() && l2References.size() != expected->size())
    return fail(fmt::format("has {} outputs but {} references",
                            expected->size(), l2References.size()));

  std::vector<Tensor> actual = options.actual;
  if (actual.empty())
    if (std::string error = compileAndRun(function, options, inputs, actual);
        !error.empty())
      return fail(error);
  if (actual.size() != expected->size())
    return fail(fmt::format("produced {} outputs, the evaluator {}",
                            actual.size(), expected->size()));

  bool bitExact = numerics.bitExact && !options.rtol && !options.atol;
  double maxAbs = 0, maxRel = 0, maxL2 = 0;
  for (size_t i = 0; i < expected->size(); ++i) {
    const Tensor &want = (*expected)[i];
    const Tensor &got = actual[i];
    if (got.dtype() != want.dtype() || got.shape() != want.shape())
      return fail(fmt::format("output {} is {}, the evaluator's {}", i,
                              shapeString(got.shape(), got.dtype()),
                              shapeString(want.shape(), want.dtype())));
    if (bitExact) {
      BitComparison comparison = compareBits(got, want);
      if (comparison.mismatches)
        return fail(fmt::format(
            "output {} ({}) differs from the evaluator's {} mode: {}", i,
            shapeString(want.shape(), want.dtype()), numerics.precisionName,
            describeBitMismatch(got, want, comparison)));
    } else {
      runner::Tolerance tolerance = defaultTolerance(want.dtype());
      tolerance.rtol = options.rtol.value_or(tolerance.rtol);
      tolerance.atol = options.atol.value_or(tolerance.atol);
      runner::Comparison comparison =
          runner::compareTensors(got, want, tolerance);
      if (comparison.mismatches)
        return fail(fmt::format(
            "output {} ({}) differs from the evaluator (rtol {}, atol {}): {}",
            i, shapeString(want.shape(), want.dtype()), tolerance.rtol,
            tolerance.atol, runner::describeMismatch(got, want, comparison)));
      maxAbs = std::max(maxAbs, comparison.maxAbsError);
      maxRel = std::max(maxRel, comparison.maxRelError);
    }
    // Integer outputs (indices, masks) are held to the evaluator exactly
    // above; the error bound is for floats.
    if (l2Bound && isFloat(want.dtype())) {
      const Tensor &reference = l2References[i];
      if (reference.shape() != got.shape())
        return fail(fmt::format("output {} is {}, its reference {}", i,
                                shapeString(got.shape(), got.dtype()),
                                shapeString(reference.shape(),
                                            reference.dtype())));
      double error = relativeL2Error(got, reference);
      if (!(error <= *l2Bound))
        return fail(fmt::format("output {} ({}) is off {} by a relative L2 "
                                "error of {:.3g} (tolerance {:.3g})",
                                i, shapeString(want.shape(), want.dtype()),
                                l2Against, error, *l2Bound));
      maxL2 = std::max(maxL2, error);
    }
  }
  size_t count = expected->size();
  std::string summary =
      bitExact ? fmt::format("bit-exact to the evaluator's {} mode",
                             numerics.precisionName)
               : fmt::format("max abs error {:.3g}, max rel error {:.3g}",
                             maxAbs, maxRel);
  if (l2Bound)
    summary += fmt::format(", relative L2 error {:.3g} against {}", maxL2,
                           l2Against);
  out << fmt::format("{}: ok ({} output{}, {})\n", name.str(), count,
                     count == 1 ? "" : "s", summary);
  return true;
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
    FailureOr<std::vector<Tensor>> inputs = failure();
    std::vector<std::string> diagnostics;
    {
      DiagnosticCollector collector(*module.getContext(), diagnostics);
      inputs = randomInputs(function, options.seed);
    }
    if (failed(inputs)) {
      err << "loom-differential: error: " << name
          << " has no random inputs: " << joinLines(diagnostics) << "\n";
      ++failures;
      continue;
    }
    if (!checkFunction(function, name, *inputs, /*references=*/{}, options,
                       out, err))
      ++failures;
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

int runModelDifferential(MLIRContext &context, llvm::StringRef path,
                         const Options &options, llvm::raw_ostream &out,
                         llvm::raw_ostream &err) {
  auto fail = [&](const std::string &why) {
    err << "loom-differential: error: " << path << " " << why << "\n";
    return 1;
  };
  onnx_import::ImportOptions importOptions;
  for (auto [position, input] : llvm::enumerate(options.inputs))
    importOptions.inputShapes.push_back({"", position, input.shape()});
  std::vector<std::string> diagnostics;
  OwningOpRef<ModuleOp> module;
  {
    DiagnosticCollector collector(context, diagnostics);
    module = onnx_import::importOnnxFile(path, context, importOptions);
    if (module) {
      // Constants fold as the target's compile folds them.
      PassManager pm(&context);
      buildSimplificationPipeline(pm,
                                  targetNumerics(options.target).precision);
      if (failed(pm.run(*module)))
        module = nullptr;
    }
  }
  if (!module)
    return fail("does not import: " + joinLines(diagnostics));
  auto function = module->lookupSymbol<func::FuncOp>("main");
  if (!function)
    return fail("has no main function after import");
  return checkFunction(function, path, options.inputs, options.references,
                       options, out, err)
             ? 0
             : 1;
}

} // namespace loom::differential
