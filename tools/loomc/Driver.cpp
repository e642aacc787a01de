//===- Driver.cpp - The loomc driver --------------------------------------===//
//
// Part of the Loom project.
//
// Command-line flags over the compiler library (compiler/Compiler.h): the
// flags fill a CompileOptions, MLIR's own flags (--mlir-print-ir-*,
// --mlir-timing, --mlir-disable-threading, ...) are applied to the pipeline,
// and the result's diagnostics, output and report are printed.
//
//===----------------------------------------------------------------------===//

#include "tools/loomc/Driver.h"

#include "compiler/Compiler.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace loom {
namespace {

namespace cl = llvm::cl;

cl::OptionCategory loomcCategory("loomc options");

cl::opt<std::string> inputPath(cl::Positional,
                               cl::desc("<model.onnx|model.mlir>"),
                               cl::Required, cl::cat(loomcCategory));
cl::opt<std::string> outputPath("o", cl::desc("Output file ('-' for stdout)"),
                                cl::value_desc("file"), cl::init("-"),
                                cl::cat(loomcCategory));
cl::opt<std::string> target("target",
                            cl::desc("Target to compile for (known: cpu)"),
                            cl::init("cpu"), cl::cat(loomcCategory));
enum OptLevel : unsigned { O0, O1, O2, O3 };
cl::opt<OptLevel>
    optLevel(cl::desc("Optimization level of the generated code (default -O3)"),
             cl::values(clEnumVal(O0, "No optimization"),
                        clEnumVal(O1, "Few optimizations"),
                        clEnumVal(O2, "Most optimizations"),
                        clEnumVal(O3, "All optimizations")),
             cl::init(O3), cl::cat(loomcCategory));
cl::opt<std::string>
    cpuName("cpu",
            cl::desc("LLVM CPU to generate code for (default: the host's)"),
            cl::value_desc("name"), cl::cat(loomcCategory));
cl::opt<std::string> cpuFeatures(
    "cpu-features",
    cl::desc("LLVM target features, e.g. +avx2,+fma (default: the host's)"),
    cl::value_desc("+f1,-f2,..."), cl::cat(loomcCategory));
cl::opt<EmitKind> emitKind(
    "emit",
    cl::desc("What to write (default: artifact when -o ends in .loom, "
             "loom otherwise)"),
    cl::values(
        clEnumValN(EmitKind::Loom, "loom",
                   "the simplified graph in the loom dialect"),
        clEnumValN(EmitKind::Dispatches, "dispatches",
                   "after fusion: @main of kernel calls and the kernels"),
        clEnumValN(EmitKind::Linalg, "linalg",
                   "the kernels lowered to linalg on tensors"),
        clEnumValN(EmitKind::LLVM, "llvm", "the kernels as LLVM IR"),
        clEnumValN(EmitKind::Asm, "asm", "the kernels as target assembly"),
        clEnumValN(EmitKind::Artifact, "artifact",
                   "the compiled model, for loom-run and the runtime")),
    cl::cat(loomcCategory));
cl::opt<bool> report(
    "report",
    cl::desc("Print each kernel's workgroups, FLOPs and bytes and the buffer "
             "plan to stdout (with --emit=artifact)"),
    cl::cat(loomcCategory));
cl::list<std::string> inputShapes(
    "input-shape",
    cl::desc("Shape of a model input, by name or position: NAME:1x3x224x224"),
    cl::value_desc("NAME:DIMS"), cl::cat(loomcCategory));

EmitKind chosenEmitKind() {
  if (emitKind.getNumOccurrences())
    return emitKind;
  return llvm::StringRef(outputPath).ends_with(".loom") ? EmitKind::Artifact
                                                        : EmitKind::Loom;
}

} // namespace

int loomcMain(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  // --help shows loomc's flags and MLIR's (--mlir-*), not the hundreds of
  // LLVM code generation flags that linking the CPU backend registers.
  cl::HideUnrelatedOptions(loomcCategory);
  for (auto &[name, option] : cl::getRegisteredOptions())
    if (name.starts_with("mlir-"))
      option->setHiddenFlag(cl::NotHidden);
  cl::ParseCommandLineOptions(argc, argv, "Loom model compiler\n");

  // In-process linking with lld resets every LLVM command-line option to its
  // default, so the flags are read here, before anything is compiled.
  std::string output = outputPath;
  CompileOptions options;
  options.target = target;
  options.cpu = cpuName;
  options.cpuFeatures = cpuFeatures;
  options.optLevel = optLevel;
  options.inputShapes.assign(inputShapes.begin(), inputShapes.end());
  options.emit = chosenEmitKind();
  options.report = report;
  if (report && options.emit != EmitKind::Artifact) {
    llvm::errs() << "loomc: --report describes a compiled artifact; use it "
                    "with --emit=artifact\n";
    return 1;
  }
  if (report && output == "-") {
    llvm::errs() << "loomc: --report prints to stdout; write the artifact "
                    "with -o FILE\n";
    return 1;
  }
  options.configurePassManager = [](PassManager &pm) {
    return applyPassManagerCLOptions(pm);
  };
  DefaultTimingManager timingManager;
  applyDefaultTimingManagerCLOptions(timingManager);
  TimingScope timing = timingManager.getRootScope();
  options.timing = &timing;

  CompileResult result = compileFile(inputPath, options);
  for (const std::string &diagnostic : result.diagnostics)
    llvm::errs() << diagnostic << "\n";
  if (!result.ok)
    return 1;

  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> file = openOutputFile(output, &error);
  if (!file) {
    llvm::errs() << "loomc: " << error << "\n";
    return 1;
  }
  file->os().write(result.artifact.data(), result.artifact.size());
  file->keep();
  llvm::outs() << result.report;
  return 0;
}

} // namespace loom
