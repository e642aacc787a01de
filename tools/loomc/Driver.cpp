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

#include "backends/target/Target.h"
#include "compiler/Compiler.h"
#include "loom/Version.h"

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
                               cl::cat(loomcCategory));
cl::opt<std::string> outputPath("o", cl::desc("Output file ('-' for stdout)"),
                                cl::value_desc("file"), cl::init("-"),
                                cl::cat(loomcCategory));
cl::opt<std::string> target(
    "target",
    cl::desc("Target to compile for (--help-targets lists them; default cpu)"),
    cl::init("cpu"), cl::cat(loomcCategory));
cl::opt<bool> helpTargets(
    "help-targets",
    cl::desc("List the targets, their options and their --emit stages"),
    cl::cat(loomcCategory));
enum OptLevel : unsigned { O0, O1, O2, O3 };
cl::opt<OptLevel>
    optLevel(cl::desc("Optimization level of the generated code (default -O3)"),
             cl::values(clEnumVal(O0, "No optimization"),
                        clEnumVal(O1, "Few optimizations"),
                        clEnumVal(O2, "Most optimizations"),
                        clEnumVal(O3, "All optimizations")),
             cl::init(O3), cl::cat(loomcCategory));
// Options of the cpu target (TargetInfo::options); a target that does not
// declare them refuses them by name.
cl::opt<std::string>
    cpuName("cpu",
            cl::desc("cpu target: LLVM CPU to generate code for (default: "
                     "the host's)"),
            cl::value_desc("name"), cl::cat(loomcCategory));
cl::opt<std::string> cpuFeatures(
    "cpu-features",
    cl::desc("cpu target: LLVM target features, e.g. +avx2,+fma (default: "
             "the host's)"),
    cl::value_desc("+f1,-f2,..."), cl::cat(loomcCategory));
cl::opt<bool> runtimeChecks(
    "runtime-checks",
    cl::desc("cpu target: check gather/scatter indices and integer divisors "
             "at run time; a bad one fails the run naming its node "
             "(default: true; false reads clamped positions, skips such "
             "scatter updates and divides by zero to 0, silently)"),
    cl::init(true), cl::cat(loomcCategory));
cl::opt<bool> winograd(
    "winograd",
    cl::desc("cpu target: run 3x3 stride-1 convolutions with enough output "
             "tiles on the Winograd F(2x2, 3x3) micro-kernel, 16 multiplies "
             "per 2x2 tile and channel instead of 36, its sums rounded "
             "differently (default: false; docs/cpu-backend.md)"),
    cl::init(false), cl::cat(loomcCategory));
// Option of the systolic target.
cl::opt<std::string> chipConfig(
    "chip-config",
    cl::desc("systolic target: the chip's INI file (default: the default "
             "chip of docs/systolic.md)"),
    cl::value_desc("file"), cl::cat(loomcCategory));
cl::opt<std::string> systolicHostFallback(
    "systolic-host-fallback",
    cl::desc("systolic target: true (default) compiles kernels the chip "
             "cannot run for the host CPU and runs them there (--report "
             "lists them); false makes such a kernel an error"),
    cl::value_desc("true|false"), cl::cat(loomcCategory));
// Options of the cuda target.
cl::opt<std::string> cudaArch(
    "cuda-arch",
    cl::desc("cuda target: GPU architectures to compile cubins for, lowest "
             "first, with PTX for the lowest (default: sm_80,sm_90)"),
    cl::value_desc("sm_NN,..."), cl::cat(loomcCategory));
cl::opt<std::string> cudaPath(
    "cuda-path",
    cl::desc("cuda target: the CUDA toolkit root with bin/ptxas and "
             "nvvm/libdevice (default: $CUDA_ROOT, else the toolkit the "
             "compiler was built with)"),
    cl::value_desc("dir"), cl::cat(loomcCategory));
cl::opt<std::string> emitKind(
    "emit",
    cl::desc("What to write: loom (the simplified graph), sharded (every "
             "tensor's layout on the mesh), dispatches (after partitioning "
             "and fusion), artifact, or a stage of the target (cpu: linalg, "
             "llvm, asm; systolic: kernels, asm; cuda: gpu, nvvm, ptx). "
             "Default: artifact when -o ends in .loom, loom otherwise"),
    cl::value_desc("kind"), cl::cat(loomcCategory));
cl::opt<std::string> report(
    "report",
    cl::desc("Print each kernel's workgroups, FLOPs and bytes, the "
             "collectives and the buffer plan to stdout (with "
             "--emit=artifact); --report=json prints one JSON object"),
    cl::value_desc("text|json"), cl::ValueOptional, cl::cat(loomcCategory));
cl::opt<std::string> mesh(
    "mesh",
    cl::desc("Compile for a mesh of devices with named axes, e.g. "
             "data=2,model=4 (default: one device)"),
    cl::value_desc("AXIS=SIZE,..."), cl::cat(loomcCategory));
cl::list<std::string> shardSpecs(
    "shard",
    cl::desc("Layout of a named input, output or weight over the mesh: one "
             "axis, (axis,axis) or _ per dimension, e.g. x=[data,_]"),
    cl::value_desc("NAME=[...]"), cl::cat(loomcCategory));
cl::list<std::string> parallel(
    "parallel",
    cl::desc("Sharding presets: data (the batch of every input over the "
             "data axis), tensor (Megatron-style over the model axis)"),
    cl::value_desc("data,tensor"), cl::CommaSeparated, cl::cat(loomcCategory));
cl::opt<int64_t> allReduceBucketBytes(
    "all-reduce-bucket-bytes",
    cl::desc("On a mesh: combine all-reduces into buckets of at most this "
             "many bytes, as PyTorch's DDP does (default 25 MiB; 0: one "
             "all-reduce per tensor)"),
    cl::init(25 * 1024 * 1024), cl::value_desc("N"), cl::cat(loomcCategory));
cl::list<std::string> inputShapes(
    "input-shape",
    cl::desc("Shape of a model input, by name or position: NAME:1x3x224x224; "
             "a dimension written ? is symbolic (with --max-dim); a sequence "
             "input one shape per tensor, NAME:2x3,4x3 (NAME:empty); an "
             "optional input without a value, NAME:none (docs/onnx.md)"),
    cl::value_desc("NAME:DIMS"), cl::cat(loomcCategory));
cl::opt<int64_t> maxDim(
    "max-dim",
    cl::desc("Keep symbolic input dimensions (? in --input-shape, or unknown "
             "in the model) symbolic: the artifact runs at any size from 1 "
             "to N (docs/dynamic-shapes.md)"),
    cl::init(0), cl::value_desc("N"), cl::cat(loomcCategory));
// For tests of loom-run --compare-reference only (docs/tools.md): compiles
// kernel NAME wrongly on purpose (adds 1 to its first float result) while
// the artifact keeps its correct source.
cl::opt<std::string> debugMiscompileKernel(
    "debug-miscompile-kernel", cl::Hidden,
    cl::desc("Miscompile kernel NAME on purpose (tests only)"),
    cl::value_desc("NAME"), cl::cat(loomcCategory));
// Training (docs/training.md).
cl::opt<bool> train(
    "train",
    cl::desc("Compile the model's training step: (parameters, optimizer "
             "state, inputs, labels) -> (loss, new parameters, new state); "
             "needs --loss and --optimizer"),
    cl::cat(loomcCategory));
cl::opt<std::string> trainLoss(
    "loss",
    cl::desc("With --train: cross_entropy:LOGITS,LABELS or mse:OUT,TARGET "
             "(an output of the model, and the name of the new labels input)"),
    cl::value_desc("kind:OUT,LABELS"), cl::cat(loomcCategory));
cl::opt<std::string> trainOptimizer(
    "optimizer",
    cl::desc("With --train: sgd:lr=0.1[,momentum=0.9][,weight_decay=W] or "
             "adam:lr=1e-3[,betas=0.9,0.999][,eps=1e-8][,weight_decay=W] "
             "(PyTorch's SGD and Adam)"),
    cl::value_desc("kind:key=value,..."), cl::cat(loomcCategory));
cl::opt<std::string> trainInitialState(
    "initial-state",
    cl::desc("With --train: write the step's initial state to FILE.npz (the "
             "parameters at the model's values, optimizer state zeros), "
             "keyed by input name, for loom-run --train --state"),
    cl::value_desc("FILE.npz"), cl::cat(loomcCategory));

std::string chosenEmitKind() {
  if (emitKind.getNumOccurrences())
    return emitKind;
  return llvm::StringRef(outputPath).ends_with(".loom") ? "artifact" : "loom";
}

void printTargets(llvm::raw_ostream &os) {
  for (const TargetInfo &info : TargetRegistry::builtin().targets()) {
    os << info.name << ": " << info.description << "\n";
    for (const TargetParameter &option : info.options)
      os << "  option --" << option.name << ": " << option.help << "\n";
    for (const TargetParameter &stage : info.stages)
      os << "  --emit=" << stage.name << ": " << stage.help << "\n";
  }
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
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "loomc (Loom) " << LOOM_VERSION << "\n";
  });
  cl::ParseCommandLineOptions(argc, argv, "Loom model compiler\n");

  // In-process linking with lld resets every LLVM command-line option to its
  // default, so the flags are read here, before anything is compiled.
  if (helpTargets) {
    printTargets(llvm::outs());
    return 0;
  }
  if (inputPath.empty()) {
    llvm::errs() << "loomc: no model given (loomc MODEL.onnx|MODEL.mlir; "
                    "see --help)\n";
    return 1;
  }
  std::string output = outputPath;
  CompileOptions options;
  options.target = target;
  if (cpuName.getNumOccurrences())
    options.targetOptions["cpu"] = cpuName;
  if (cpuFeatures.getNumOccurrences())
    options.targetOptions["cpu-features"] = cpuFeatures;
  if (runtimeChecks.getNumOccurrences())
    options.targetOptions["runtime-checks"] = runtimeChecks ? "true" : "false";
  if (winograd.getNumOccurrences())
    options.targetOptions["winograd"] = winograd ? "true" : "false";
  if (chipConfig.getNumOccurrences())
    options.targetOptions["chip-config"] = chipConfig;
  if (cudaArch.getNumOccurrences())
    options.targetOptions["cuda-arch"] = cudaArch;
  if (cudaPath.getNumOccurrences())
    options.targetOptions["cuda-path"] = cudaPath;
  if (systolicHostFallback.getNumOccurrences())
    options.targetOptions["host-fallback"] = systolicHostFallback;
  options.optLevel = optLevel;
  options.inputShapes.assign(inputShapes.begin(), inputShapes.end());
  options.maxDim = maxDim;
  options.mesh = mesh;
  options.train = train;
  options.trainLoss = trainLoss;
  options.trainOptimizer = trainOptimizer;
  options.trainInitialState = trainInitialState;
  options.shard.assign(shardSpecs.begin(), shardSpecs.end());
  options.parallel.assign(parallel.begin(), parallel.end());
  if (allReduceBucketBytes < 0) {
    llvm::errs() << "loomc: --all-reduce-bucket-bytes must be 0 or more\n";
    return 1;
  }
  options.allReduceBucketBytes = allReduceBucketBytes;
  options.debugMiscompileKernel = debugMiscompileKernel;
  std::string error;
  if (!parseEmitKind(chosenEmitKind(), options.target, options.emit,
                     options.stage, error)) {
    llvm::errs() << "loomc: " << error << "\n";
    return 1;
  }
  options.report = report.getNumOccurrences() > 0;
  if (options.report && report != "" && report != "text" && report != "json") {
    llvm::errs() << "loomc: --report=" << report
                 << ": expected text or json\n";
    return 1;
  }
  if (report == "json")
    options.reportFormat = ReportFormat::Json;
  if (options.report && options.emit != EmitKind::Artifact) {
    llvm::errs() << "loomc: --report describes a compiled artifact; use it "
                    "with --emit=artifact\n";
    return 1;
  }
  if (options.report && output == "-") {
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

  TimingScope writeTimer = timing.nest("writing the output");
  std::unique_ptr<llvm::ToolOutputFile> file = openOutputFile(output, &error);
  if (!file) {
    llvm::errs() << "loomc: " << error << "\n";
    return 1;
  }
  file->os().write(reinterpret_cast<const char *>(result.output.data()),
                   result.output.size());
  file->keep();
  file.reset();
  writeTimer.stop();
  llvm::outs() << result.report;
  return 0;
}

} // namespace loom
