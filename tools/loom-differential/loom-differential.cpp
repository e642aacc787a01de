//===- loom-differential.cpp - CPU code against the reference evaluator ----===//
//
// Part of the Loom project.
//
// loom-differential FILE.mlir [--seed=N] [--rtol=X] [--atol=X]
//                   [--function=NAME] [-O=N]
// Runs every public function of FILE on seeded random inputs through the
// reference evaluator and through the CPU backend, prints one line per
// function, and exits 1 when any output differs (Differential.h).
//
//===----------------------------------------------------------------------===//

#include "tools/loom-differential/Differential.h"

#include "passes/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"

namespace cl = llvm::cl;

static cl::OptionCategory category("loom-differential options");
static cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                                      cl::desc("<file.mlir>"), cl::cat(category));
static cl::opt<uint64_t> seedOption("seed", cl::desc("Seed of the random inputs"),
                              cl::init(1), cl::cat(category));
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
static cl::opt<unsigned> optLevel("O", cl::desc("Optimization level (0-3)"),
                                  cl::init(3), cl::cat(category));

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "Compiled code against the reference "
                              "evaluator\n");

  // lld, which every compile runs in process, resets all cl::opts to their
  // defaults when it starts (cl::ResetAllOptionOccurrences): copy them now.
  const std::string path = inputPath;
  loom::differential::Options options;
  options.seed = seedOption;
  if (relativeTolerance.getNumOccurrences())
    options.rtol = relativeTolerance;
  if (absoluteTolerance.getNumOccurrences())
    options.atol = absoluteTolerance;
  options.function = functionName;
  options.target = targetName;
  options.optLevel = optLevel;

  mlir::DialectRegistry registry;
  loom::registerLoomDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Errors are reported as one line each; the op they point at is enough.
  context.printOpOnDiagnostic(false);
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
