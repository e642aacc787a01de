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
#include "llvm/ADT/StringSet.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

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

/// Whether `artifact` runs anything but copies out of constant buffers: a
/// kernel launch, a collective, or a copy of an input or of a computed value.
bool runsTargetCode(const Artifact &artifact) {
  for (size_t d = 0; d < artifact.deviceCount(); ++d) {
    BufferPlan plan = artifact.plan(d);
    const auto *commands = artifact.device(d).commands();
    for (size_t c = 0; commands && c < commands->size(); ++c) {
      const artifact::Command &command = *commands->Get(c);
      const artifact::Copy *copy = command.operation_as_Copy();
      if (!copy || plan[copy->source()].kind() != artifact::BufferKind_Constant)
        return true;
    }
  }
  return false;
}

/// Compiles `function` alone (as the only function of a module) and loads
/// the artifact into `artifact`; on failure returns the reason.
std::string compileFunction(func::FuncOp function, const Options &options,
                            Artifact &artifact) {
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
  compileOptions.targetOptions = options.targetOptions;
  compileOptions.optLevel = options.optLevel;
  CompileResult compiled = compileModule(*module, compileOptions);
  if (!compiled.ok)
    return "does not compile: " + joinLines(compiled.diagnostics);
  if (Status status = Artifact::load(compiled.output, artifact);
      !status.isOk())
    return "its artifact does not load: " + status.message();
  if (!runsTargetCode(artifact))
    return "runs no target code: the compile folded every output into a "
           "constant, so the test would compare the evaluator with itself "
           "(give the function an input its outputs depend on, or a result "
           "above loom-fold-constants' max-result-elements)";
  return {};
}

/// Runs a loaded artifact on `inputs`; on failure returns the reason.
std::string runArtifact(const Artifact &artifact,
                        const std::vector<Tensor> &inputs,
                        std::vector<Tensor> &outputs) {
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
  // Data-shaped outputs cut to their actual shapes, as the runtime returns
  // them.
  if (succeeded(results))
    results = eval::modelOutputs(function, std::move(*results));
  if (failed(results))
    why = "cannot be evaluated: " + joinLines(diagnostics);
  return results;
}

/// The largest errors over the draws a function passed.
struct Errors {
  double maxAbs = 0, maxRel = 0, maxL2 = 0;
  /// Whether a relative L2 bound was checked, and against what.
  bool l2 = false;
  const char *l2Against = "the reference";
};

/// The target's outputs `actual` on `inputs` against the evaluator in the
/// target's precision and, in relative L2 error, against `references` (or,
/// for a target whose contract is not f32 and without references, the f32
/// evaluator); `expected` are the evaluator's outputs. Returns why they
/// differ, or nothing, and widens `errors`.
std::string compareOutputs(func::FuncOp function,
                           const std::vector<Tensor> &inputs,
                           const std::vector<Tensor> &expected,
                           llvm::ArrayRef<Tensor> references,
                           const std::vector<Tensor> &actual,
                           const Options &options, Errors &errors,
                           bool checkL2 = true) {
  TargetNumerics numerics = targetNumerics(options.target);
  // What the outputs' relative L2 error is measured against, and its bound.
  std::vector<Tensor> f32Results;
  llvm::ArrayRef<Tensor> l2References = references;
  std::optional<double> l2Bound;
  if (!references.empty()) {
    l2Bound = options.referenceRelativeL2.value_or(
        numerics.relativeL2.value_or(1e-4));
    errors.l2Against = "the reference";
  } else if (numerics.relativeL2 && checkL2) {
    std::string why;
    FailureOr<std::vector<Tensor>> native =
        evaluate(function, inputs, eval::Precision::Native, why);
    if (failed(native))
      return why;
    f32Results = std::move(*native);
    l2References = f32Results;
    l2Bound = numerics.relativeL2;
    errors.l2Against = "f32";
  }
  errors.l2 |= l2Bound.has_value();
  if (!l2References.empty() && l2References.size() != expected.size())
    return fmt::format("has {} outputs but {} references", expected.size(),
                       l2References.size());
  if (actual.size() != expected.size())
    return fmt::format("produced {} outputs, the evaluator {}", actual.size(),
                       expected.size());

  bool bitExact = numerics.bitExact && !options.rtol && !options.atol;
  for (size_t i = 0; i < expected.size(); ++i) {
    const Tensor &want = expected[i];
    const Tensor &got = actual[i];
    if (got.dtype() != want.dtype() || got.shape() != want.shape())
      return fmt::format("output {} is {}, the evaluator's {}", i,
                         shapeString(got.shape(), got.dtype()),
                         shapeString(want.shape(), want.dtype()));
    if (bitExact) {
      BitComparison comparison = compareBits(got, want);
      if (comparison.mismatches)
        return fmt::format(
            "output {} ({}) differs from the evaluator's {} mode: {}", i,
            shapeString(want.shape(), want.dtype()), numerics.precisionName,
            describeBitMismatch(got, want, comparison));
    } else {
      runner::Tolerance tolerance = defaultTolerance(want.dtype());
      tolerance.rtol = options.rtol.value_or(tolerance.rtol);
      tolerance.atol = options.atol.value_or(tolerance.atol);
      runner::Comparison comparison =
          runner::compareTensors(got, want, tolerance);
      if (comparison.mismatches)
        return fmt::format(
            "output {} ({}) differs from the evaluator (rtol {}, atol {}): {}",
            i, shapeString(want.shape(), want.dtype()), tolerance.rtol,
            tolerance.atol, runner::describeMismatch(got, want, comparison));
      errors.maxAbs = std::max(errors.maxAbs, comparison.maxAbsError);
      errors.maxRel = std::max(errors.maxRel, comparison.maxRelError);
    }
    // Integer outputs (indices, masks) are held to the evaluator exactly
    // above; the error bound is for floats.
    if (l2Bound && isFloat(want.dtype())) {
      const Tensor &reference = l2References[i];
      if (reference.shape() != got.shape())
        return fmt::format("output {} is {}, its reference {}", i,
                           shapeString(got.shape(), got.dtype()),
                           shapeString(reference.shape(), reference.dtype()));
      double error = relativeL2Error(got, reference);
      if (!(error <= *l2Bound))
        return fmt::format("output {} ({}) is off {} by a relative L2 error "
                           "of {:.3g} (tolerance {:.3g})",
                           i, shapeString(want.shape(), want.dtype()),
                           errors.l2Against, error, *l2Bound);
      errors.maxL2 = std::max(errors.maxL2, error);
    }
  }
  return {};
}

/// The ok line of a function (or model) that passed `draws` draws.
void printOk(llvm::raw_ostream &out, llvm::StringRef name, size_t count,
             const Errors &errors, const Options &options, unsigned draws,
             unsigned outsideDomain, const llvm::StringSet<> &skipped = {}) {
  TargetNumerics numerics = targetNumerics(options.target);
  bool bitExact = numerics.bitExact && !options.rtol && !options.atol;
  std::string summary =
      bitExact ? fmt::format("bit-exact to the evaluator's {} mode",
                             numerics.precisionName)
               : fmt::format("max abs error {:.3g}, max rel error {:.3g}",
                             errors.maxAbs, errors.maxRel);
  if (errors.l2)
    summary += fmt::format(", relative L2 error {:.3g} against {}",
                           errors.maxL2, errors.l2Against);
  if (draws > 1)
    summary += fmt::format(", {} draws", draws);
  if (outsideDomain)
    summary += fmt::format(", {} outside the evaluator's domain skipped",
                           outsideDomain);
  if (!skipped.empty()) {
    std::vector<std::string> names;
    for (const auto &entry : skipped)
      names.push_back(entry.getKey().str());
    std::sort(names.begin(), names.end());
    summary += ", not run on " + fmt::format("{}", fmt::join(names, ", "));
  }
  out << fmt::format("{}: ok ({} output{}, {})\n", name.str(), count,
                     count == 1 ? "" : "s", summary);
}

void printInputs(llvm::raw_ostream &err, const std::vector<Tensor> &inputs) {
  for (auto [index, input] : llvm::enumerate(inputs))
    err << "  input " << index << ": " << input.toString(64) << "\n";
}

/// Tests one public function on every draw of `options`: compiled once, run
/// on each (seed, distribution), compared with the evaluator. Prints the ok
/// line or why to `err`; returns whether it passed.
bool checkFunction(func::FuncOp function, const Options &options,
                   llvm::raw_ostream &out, llvm::raw_ostream &err) {
  std::string name = ("@" + function.getSymName()).str();
  auto fail = [&](const std::string &why) {
    err << "loom-differential: error: " << name << " " << why << "\n";
    return false;
  };
  TargetNumerics numerics = targetNumerics(options.target);
  // Failures name their draw unless it is the one uniform draw of old.
  bool several = options.seeds > 1 || options.distributions.size() > 1 ||
                 options.distributions.front() != Distribution::Uniform;
  // `loom.skip_distributions = ["special", ...]`: draws a function is not
  // run on, each with its reason in a comment where it is declared.
  llvm::StringSet<> skipped;
  if (Attribute attr = function->getAttr(kSkipDistributionsAttr)) {
    auto names = dyn_cast<ArrayAttr>(attr);
    for (Attribute name : names ? names.getValue() : ArrayRef<Attribute>()) {
      auto text = dyn_cast<StringAttr>(name);
      if (!text || !parseDistribution(text.getValue()))
        return fail(fmt::format("has a malformed {}: it must list "
                                "distributions by name",
                                kSkipDistributionsAttr.str()));
      skipped.insert(text.getValue());
    }
    if (!names)
      return fail(fmt::format("has a malformed {}: it must list "
                              "distributions by name",
                              kSkipDistributionsAttr.str()));
  }
  std::optional<Artifact> artifact;
  Errors errors;
  size_t outputs = 0;
  unsigned draws = 0, outsideDomain = 0;
  for (unsigned s = 0; s < options.seeds; ++s) {
    uint64_t seed = options.seed + s;
    for (Distribution distribution : options.distributions) {
      if (skipped.contains(distributionName(distribution)))
        continue;
      // Where a failure came from, and how to draw the same inputs again.
      std::string draw =
          several ? fmt::format(" [inputs: {}, seed {}; rerun with "
                                "--distributions={} --seed={}]",
                                distributionName(distribution).str(), seed,
                                distributionName(distribution).str(), seed)
                  : std::string();
      FailureOr<std::vector<Tensor>> inputs = failure();
      std::vector<std::string> diagnostics;
      {
        DiagnosticCollector collector(*function.getContext(), diagnostics);
        inputs = randomInputs(function, seed, distribution);
      }
      if (failed(inputs))
        return fail("has no random inputs: " + joinLines(diagnostics));
      std::string why;
      FailureOr<std::vector<Tensor>> expected =
          evaluate(function, *inputs, numerics.precision, why);
      if (failed(expected)) {
        // Stress inputs may leave a function's domain (an integer divided
        // by 0, an index out of bounds): the evaluator refuses them, and so
        // there is nothing to compare. The uniform draw must evaluate.
        if (distribution != Distribution::Uniform) {
          ++outsideDomain;
          continue;
        }
        return fail(why);
      }
      if (!artifact) {
        artifact.emplace();
        if (std::string error = compileFunction(function, options, *artifact);
            !error.empty())
          return fail(error);
      }
      std::vector<Tensor> actual;
      std::string error = runArtifact(*artifact, *inputs, actual);
      if (error.empty())
        error = compareOutputs(
            function, *inputs, *expected, /*references=*/{}, actual, options,
            errors,
            // A target whose contract is not f32 (bf16 matmuls) overflows,
            // underflows and meets NaN where f32 does not: its relative L2
            // bound holds for inputs of moderate size.
            /*checkL2=*/distribution == Distribution::Uniform ||
                distribution == Distribution::Positive ||
                distribution == Distribution::Negative);
      if (!error.empty()) {
        fail(error + draw);
        if (options.printInputs)
          printInputs(err, *inputs);
        return false;
      }
      outputs = expected->size();
      ++draws;
    }
  }
  if (draws == 0)
    return fail(fmt::format("ran on no inputs: all {} draws are outside the "
                            "evaluator's domain",
                            outsideDomain));
  printOk(out, name, outputs, errors, options, draws, outsideDomain, skipped);
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
    if (!checkFunction(function, options, out, err))
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
  std::string why;
  FailureOr<std::vector<Tensor>> expected = evaluate(
      function, options.inputs, targetNumerics(options.target).precision, why);
  if (failed(expected))
    return fail(why);
  std::vector<Tensor> actual = options.actual;
  if (actual.empty()) {
    Artifact artifact;
    if (std::string error = compileFunction(function, options, artifact);
        !error.empty())
      return fail(error);
    if (std::string error = runArtifact(artifact, options.inputs, actual);
        !error.empty())
      return fail(error);
  }
  Errors errors;
  if (std::string error =
          compareOutputs(function, options.inputs, *expected,
                         options.references, actual, options, errors);
      !error.empty())
    return fail(error);
  printOk(out, path, expected->size(), errors, options, /*draws=*/1,
          /*outsideDomain=*/0);
  return 0;
}

} // namespace loom::differential
