//===- loom-differential.cpp - Compiled code against the reference evaluator ===//
//
// Part of the Loom project.
//
// loom-differential FILE.mlir [--target=NAME] [--seed=N] [--seeds=K]
//                   [--distributions=LIST] [--print-inputs] [--rtol=X]
//                   [--atol=X] [--function=NAME] [-O=N]
// loom-differential MODEL.onnx --input=@X.npy... [--expected=@Y.npy...]
//                   [--expected-rel-l2=X] [--actual=@Z.npy...]
//                   [--target=NAME] [-O=N]
// Runs every public function of FILE on seeded random inputs drawn from
// several distributions (RandomInputs.h), compiled once each (or the ONNX
// model on the given inputs) through the reference evaluator and through
// the target's code (or takes the model's outputs from --actual, e.g.
// loom-run's), compared as the target's numerics say (TargetNumerics.h),
// prints one line per function, and exits 1 when any output differs
// (Differential.h).
//
//===----------------------------------------------------------------------===//

#include "tools/loom-differential/Differential.h"

#include "loom/Version.h"
#include "passes/Registration.h"
#include "tools/loom-run/TensorArgs.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"

namespace cl = llvm::cl;

/// What runs without --distributions (docs/testing.md, "Differential
/// tests"): every distribution, one seed.
#define DEFAULT_DISTRIBUTIONS "all"

static cl::OptionCategory category("loom-differential options");
static cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                                      cl::desc("<file.mlir or model.onnx>"),
                                      cl::cat(category));
static cl::opt<uint64_t> seedOption("seed",
                                    cl::desc("First seed of the random inputs"),
                                    cl::init(1), cl::cat(category));
static cl::opt<unsigned> seedCount(
    "seeds", cl::desc("How many seeds (from --seed) to draw inputs with"),
    cl::init(1), cl::cat(category));
static cl::opt<std::string> distributionList(
    "distributions",
    cl::desc("Distributions of the random inputs, comma-separated: uniform, "
             "positive, negative, wide, special, near-constant, or all "
             "(docs/testing.md)"),
    cl::init(DEFAULT_DISTRIBUTIONS), cl::cat(category));
static cl::opt<bool> printInputs(
    "print-inputs", cl::desc("Print a failing function's inputs"),
    cl::cat(category));
static cl::opt<double> relativeTolerance("rtol",
                            cl::desc("Relative tolerance for every output "
                                     "(default: by element type)"),
                            cl::cat(category));
static cl::opt<double> absoluteTolerance("atol",
                            cl::desc("Absolute tolerance for every output "
                                     "(default: by element type)"),
                            cl::cat(category));
static cl::opt<std::string> functionName("function",
                                     cl::desc("Test only this function"),
                                     cl::cat(category));
static cl::opt<std::string> targetName("target",
                                     cl::desc("Target to compile for "
                                              "(default cpu)"),
                                     cl::init("cpu"), cl::cat(category));
static cl::list<std::string> targetOptions(
    "target-option",
    cl::desc("An option of the target, NAME=VALUE, as its loomc flag takes "
             "it (e.g. host-fallback=false for the systolic target: a kernel "
             "the chip cannot run is then an error); repeatable"),
    cl::value_desc("name=value"), cl::cat(category));
static cl::opt<unsigned> optLevel("O", cl::desc("Optimization level (0-3)"),
                                  cl::init(3), cl::cat(category));
static cl::list<std::string> modelInputs(
    "input", cl::desc("An ONNX model's input, in order: @FILE.npy or a "
                      "literal such as 2x3xf32=1,2,3,4,5,6"),
    cl::cat(category));
static cl::list<std::string> modelReferences(
    "expected", cl::desc("An ONNX model's reference output, in order, held "
                         "to by relative L2 error"),
    cl::cat(category));
static cl::list<std::string> modelActual(
    "actual", cl::desc("An ONNX model's output as computed elsewhere (e.g. "
                       "loom-run on loomc's artifact), in order: checked "
                       "instead of compiling and running the model"),
    cl::cat(category));
static cl::opt<double> referenceRelativeL2(
    "expected-rel-l2",
    cl::desc("Bound of the relative L2 error against --expected (default: "
             "the target's, 1e-4 for f32 targets)"),
    cl::cat(category));

/// Reads each `--input`/`--expected` argument; false after printing why.
static bool loadTensors(const std::vector<std::string> &texts,
                        const char *flag, std::vector<loom::Tensor> &tensors) {
  for (const std::string &text : texts) {
    std::string error;
    std::optional<loom::runner::TensorArg> arg =
        loom::runner::parseTensorArg(text, error);
    std::optional<loom::Tensor> tensor =
        arg ? loom::runner::loadTensorArg(*arg, error) : std::nullopt;
    if (!tensor) {
      llvm::errs() << "loom-differential: error: --" << flag << "=" << text
                   << ": " << error << "\n";
      return false;
    }
    tensors.push_back(std::move(*tensor));
  }
  return true;
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "loom-differential (Loom) " << LOOM_VERSION << "\n";
  });
  cl::ParseCommandLineOptions(argc, argv,
                              "Compiled code against the reference "
                              "evaluator\n");

  // lld, which every compile runs in process, resets all cl::opts to their
  // defaults when it starts (cl::ResetAllOptionOccurrences): copy them now.
  const std::string path = inputPath;
  loom::differential::Options options;
  options.seed = seedOption;
  options.seeds = seedCount;
  options.printInputs = printInputs;
  if (options.seeds == 0) {
    llvm::errs() << "loom-differential: error: --seeds must be at least 1\n";
    return 1;
  }
  options.distributions.clear();
  llvm::SmallVector<llvm::StringRef> names;
  llvm::StringRef(distributionList.getValue()).split(names, ',');
  for (llvm::StringRef name : names) {
    name = name.trim();
    if (name == "all") {
      llvm::append_range(options.distributions,
                         loom::differential::allDistributions());
      continue;
    }
    std::optional<loom::differential::Distribution> distribution =
        loom::differential::parseDistribution(name);
    if (!distribution) {
      llvm::errs() << "loom-differential: error: --distributions: unknown "
                      "distribution '"
                   << name
                   << "' (uniform, positive, negative, wide, special, "
                      "near-constant or all)\n";
      return 1;
    }
    options.distributions.push_back(*distribution);
  }
  if (relativeTolerance.getNumOccurrences())
    options.rtol = relativeTolerance;
  if (absoluteTolerance.getNumOccurrences())
    options.atol = absoluteTolerance;
  options.function = functionName;
  options.target = targetName;
  for (const std::string &text : targetOptions) {
    auto [name, value] = llvm::StringRef(text).split('=');
    if (name.empty() || value.empty() || !llvm::StringRef(text).contains('=')) {
      llvm::errs() << "loom-differential: error: --target-option '" << text
                   << "' is not NAME=VALUE\n";
      return 1;
    }
    options.targetOptions[name.str()] = value.str();
  }
  options.optLevel = optLevel;
  if (referenceRelativeL2.getNumOccurrences())
    options.referenceRelativeL2 = referenceRelativeL2;
  const std::vector<std::string> inputTexts(modelInputs.begin(),
                                            modelInputs.end());
  const std::vector<std::string> referenceTexts(modelReferences.begin(),
                                                modelReferences.end());
  const std::vector<std::string> actualTexts(modelActual.begin(),
                                             modelActual.end());
  const bool model = llvm::StringRef(path).ends_with(".onnx");
  if (!model && (!inputTexts.empty() || !referenceTexts.empty() ||
                 !actualTexts.empty())) {
    llvm::errs() << "loom-differential: error: --input, --expected and "
                    "--actual are for ONNX models; "
                 << path << " gets random inputs\n";
    return 1;
  }
  if (model && inputTexts.empty()) {
    llvm::errs() << "loom-differential: error: " << path
                 << " needs its inputs (--input=@FILE.npy)\n";
    return 1;
  }
  if (!loadTensors(inputTexts, "input", options.inputs) ||
      !loadTensors(referenceTexts, "expected", options.references) ||
      !loadTensors(actualTexts, "actual", options.actual))
    return 1;

  mlir::DialectRegistry registry;
  loom::registerLoomDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Errors are reported as one line each; the op they point at is enough.
  context.printOpOnDiagnostic(false);
  if (model)
    return loom::differential::runModelDifferential(
        context, path, options, llvm::outs(), llvm::errs());
  llvm::SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(path, sourceMgr, &context);
  if (!module)
    return 1;

  return loom::differential::runDifferential(*module, path, options,
                                             llvm::outs(), llvm::errs()) == 0
             ? 0
             : 1;
}
