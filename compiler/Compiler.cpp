//===- Compiler.cpp - The Loom compiler's C++ API -------------------------===//
//
// Part of the Loom project.
//
// The pipeline as one object per compile: it owns the MLIRContext and the
// diagnostic collector, and each stage returns failure after emitting its
// diagnostics, so a compile stops at the first stage that fails.
//
//===----------------------------------------------------------------------===//

#include "compiler/Compiler.h"
#include "ir/LoomDialect.h"

#include "backends/target/Target.h"
#include "compiler/ArtifactEmitter.h"
#include "compiler/KernelSources.h"
#include "compiler/Diagnostics.h"
#include "compiler/MemoryPlanner.h"
#include "compiler/Report.h"
#include "compiler/TrainingStep.h"
#include "frontend/onnx/OnnxImporter.h"
#include "passes/Passes.h"
#include "passes/Pipelines.h"
#include "passes/Registration.h"
#include "runtime/dataset/Npz.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>
#include <optional>

using namespace mlir;

namespace loom {
namespace {

// Errors about a whole function are emitted at its location rather than on
// the op, which would attach the printed function as a note.

constexpr llvm::StringLiteral kProducer = "loomc (Loom compiler)";

/// Compiles in one process take turns, whole: the CPU back end links with
/// lld in process, and every link resets all of LLVM's command-line options
/// to their defaults (cl::ResetAllOptionOccurrences in lld's ELF driver)
/// while another compile's pass managers, MLIR context and LLVM code
/// generation may be reading them. No lock narrower than a compile covers
/// every reader. The threads of MLIR and LLVM inside one compile still run.
std::mutex &compileMutex() {
  static std::mutex mutex;
  return mutex;
}

/// Gives the function's arguments the user's shapes (by `loom.name` or
/// position); the ONNX importer does this itself while importing.
LogicalResult applyInputShapes(func::FuncOp function,
                               ArrayRef<onnx_import::InputShape> shapes) {
  if (shapes.empty())
    return success();
  for (const onnx_import::InputShape &shape : shapes) {
    std::optional<unsigned> index;
    for (unsigned i = 0; i < function.getNumArguments(); ++i) {
      auto name = function.getArgAttrOfType<StringAttr>(i, "loom.name");
      if (shape.index ? *shape.index == i
                      : name && name.getValue() == shape.name)
        index = i;
    }
    if (!index)
      return emitError(function.getLoc(), "--input-shape: no input named '")
             << (shape.index ? std::to_string(*shape.index) : shape.name)
             << "'";
    BlockArgument argument = function.getArgument(*index);
    auto type = dyn_cast<RankedTensorType>(argument.getType());
    if (!type || type.getRank() != static_cast<int64_t>(shape.dims.size()) ||
        failed(verifyCompatibleShape(type.getShape(), shape.dims)))
      return emitError(function.getLoc(), "--input-shape: input #")
             << *index << " has type " << argument.getType()
             << ", which the given shape does not fit";
    argument.setType(type.clone(shape.dims));
  }
  function.setType(FunctionType::get(function.getContext(),
                                     function.front().getArgumentTypes(),
                                     function.getResultTypes()));
  return success();
}

/// For an .mlir model, what the ONNX importer does with
/// ImportOptions::symbolicDimBound: every dynamic input dimension becomes
/// `bound` and is listed in the argument's `loom.symbolic_dims`.
void applySymbolicBound(func::FuncOp function, int64_t bound) {
  if (bound <= 0)
    return;
  auto helper = LoomDialect::SymbolicDimsAttrHelper(function.getContext());
  for (BlockArgument argument : function.getArguments()) {
    auto type = dyn_cast<RankedTensorType>(argument.getType());
    if (!type || type.hasStaticShape())
      continue;
    SmallVector<int64_t> dims(type.getShape()), symbolic;
    for (auto [index, dim] : llvm::enumerate(dims))
      if (ShapedType::isDynamic(dim)) {
        dim = bound;
        symbolic.push_back(static_cast<int64_t>(index));
      }
    argument.setType(type.clone(dims));
    function.setArgAttr(argument.getArgNumber(), helper.getName(),
                        DenseI64ArrayAttr::get(function.getContext(),
                                               symbolic));
  }
  function.setType(FunctionType::get(function.getContext(),
                                     function.front().getArgumentTypes(),
                                     function.getResultTypes()));
}

/// The model's entry: @main, or the only function that is not a kernel
/// (an .mlir model may name its function as it likes).
func::FuncOp findEntry(ModuleOp module) {
  if (auto main = module.lookupSymbol<func::FuncOp>("main"))
    return main;
  func::FuncOp entry;
  for (auto function : module.getOps<func::FuncOp>()) {
    if (function.isDeclaration() || isKernel(function))
      continue;
    if (entry) {
      emitError(module.getLoc(),
                "the model has several functions and none is named @main");
      return nullptr;
    }
    entry = function;
  }
  if (!entry)
    emitError(module.getLoc(), "the model has no function to compile");
  return entry;
}

/// Code generation needs every shape: an input left dynamic must be given
/// with --input-shape.
LogicalResult checkStaticSignature(func::FuncOp function) {
  for (auto [index, type] : llvm::enumerate(function.getArgumentTypes()))
    if (auto tensor = dyn_cast<RankedTensorType>(type);
        !tensor || !tensor.hasStaticShape())
      return emitError(function.getLoc(), "input '")
             << inputName(function, index) << "' has type " << type
             << "; code generation needs static shapes (give them with "
                "--input-shape, or bound the dynamic ones with --max-dim)";
  for (auto [index, type] : llvm::enumerate(function.getResultTypes()))
    if (auto tensor = dyn_cast<RankedTensorType>(type);
        !tensor || !tensor.hasStaticShape())
      return emitError(function.getLoc(), "output '")
             << outputName(function, index) << "' has type " << type
             << ", which stays dynamic after shape refinement; code "
                "generation needs static shapes";
  return success();
}

class Compilation {
public:
  /// A compile in `context`, whose diagnostics go to the result while the
  /// Compilation lives.
  Compilation(const CompileOptions &options, MLIRContext &context)
      : options(options), context(context),
        collector(context, result.diagnostics) {
    DialectRegistry registry;
    registerLoomDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// Checks the options and creates the target; false after an error.
  bool prepare(onnx_import::ImportOptions &importOptions);

  CompileResult run(llvm::function_ref<OwningOpRef<ModuleOp>(
                        MLIRContext &, const onnx_import::ImportOptions &)>
                        import,
                    bool applyShapesAfterImport);
  /// Compiles a module that is already in the context.
  CompileResult runOn(ModuleOp module);

  /// Reports an error that has no location in the model.
  void error(const Twine &message) {
    result.diagnostics.push_back(message.str());
  }
  CompileResult take() { return std::move(result); }

private:
  LogicalResult runPasses(ModuleOp module, StringRef stage,
                          llvm::function_ref<void(PassManager &)> build);
  LogicalResult shard(ModuleOp module, func::FuncOp entry);
  LogicalResult compile(ModuleOp module);
  FailureOr<KernelLibrary>
  compileHostFallback(ModuleOp module, ArrayRef<HostPlacedKernel> kernels);
  void setText(llvm::function_ref<void(llvm::raw_ostream &)> print);
  CompileResult finish(LogicalResult compiled) {
    result.ok = succeeded(compiled);
    if (!result.ok)
      result.output.clear();
    return take();
  }

  const CompileOptions &options;
  CompileResult result;
  MLIRContext &context;
  DiagnosticCollector collector;
  std::unique_ptr<TargetBackend> target;
  /// The numerics of the target, which constant folding follows.
  eval::Precision precision = eval::Precision::Native;
  /// TargetInfo::runsSlicedPrograms of the target.
  bool runsSlicedPrograms = false;
  /// Set by shard() when the model has symbolic dimensions: the partition is
  /// over their slices (loom-extract-slice-program).
  bool slicing = false;
};

LogicalResult
Compilation::runPasses(ModuleOp module, StringRef stage,
                       llvm::function_ref<void(PassManager &)> build) {
  PassManager pm(&context);
  if (options.configurePassManager && failed(options.configurePassManager(pm)))
    return failure();
  std::optional<TimingScope> timer;
  if (options.timing) {
    timer = options.timing->nest(stage);
    pm.enableTiming(*timer);
  }
  build(pm);
  return pm.run(module);
}

void Compilation::setText(llvm::function_ref<void(llvm::raw_ostream &)> print) {
  std::string text;
  llvm::raw_string_ostream os(text);
  print(os);
  result.output.assign(text.begin(), text.end());
}

/// The layouts that slice every symbolic input dimension over the grid
/// axis `slices` (loom-extract-slice-program), as --shard specs; empty
/// when the model has no symbolic dimension.
FailureOr<std::vector<std::string>> sliceSpecs(func::FuncOp entry) {
  std::vector<std::string> specs;
  auto helper = LoomDialect::SymbolicDimsAttrHelper(entry.getContext());
  for (unsigned index = 0; index < entry.getNumArguments(); ++index) {
    auto dims = entry.getArgAttrOfType<DenseI64ArrayAttr>(index,
                                                          helper.getName());
    if (!dims)
      continue;
    std::string name = inputName(entry, index);
    if (dims.size() != 1)
      return entry.emitError("input '")
             << name << "' has " << dims.size()
             << " symbolic dimensions; a tensor may have one (its batch "
                "dimension), computed slice by slice";
    int64_t rank =
        cast<RankedTensorType>(entry.getArgument(index).getType()).getRank();
    std::string spec = name + "=[";
    for (int64_t dim = 0; dim < rank; ++dim)
      spec += std::string(dim ? "," : "") +
              (dim == dims.asArrayRef()[0] ? "slices" : "_");
    specs.push_back(spec + "]");
  }
  return specs;
}

/// Annotates the model on the mesh of the options (a model may also carry
/// its own `shard.grid` and annotations) and gives every tensor a layout.
/// A model with symbolic dimensions is annotated on a grid of one axis,
/// `slices`, of the bound's size instead (loom-extract-slice-program).
LogicalResult Compilation::shard(ModuleOp module, func::FuncOp entry) {
  FailureOr<std::vector<std::string>> slices = sliceSpecs(entry);
  if (failed(slices))
    return failure();
  if (!slices->empty()) {
    slicing = true;
    if (!runsSlicedPrograms) {
      error("the '" + options.target +
            "' target does not run symbolic dimensions yet (only the cpu "
            "target does); give every size with --input-shape");
      return failure();
    }
    if (!options.mesh.empty() || !options.shard.empty() ||
        !options.parallel.empty() || !module.getOps<shard::GridOp>().empty()) {
      error("a symbolic dimension (--max-dim) cannot be combined with a "
            "device mesh yet");
      return failure();
    }
    if (options.train) {
      error("--train needs static shapes; give every size with "
            "--input-shape instead of --max-dim");
      return failure();
    }
    return runPasses(module, "sharding", [&](PassManager &pm) {
      LoomAnnotateShardingOptions annotation;
      annotation.mesh = "slices=" + std::to_string(options.maxDim);
      annotation.shard.assign(slices->begin(), slices->end());
      pm.addPass(createLoomAnnotateSharding(annotation));
      pm.addPass(createLoomPropagateSharding());
    });
  }
  bool annotate = !options.mesh.empty();
  if (!annotate && (!options.shard.empty() || !options.parallel.empty())) {
    error("--shard and --parallel need a device mesh (--mesh=data=2,...)");
    return failure();
  }
  if (!annotate && module.getOps<shard::GridOp>().empty())
    return success();
  return runPasses(module, "sharding", [&](PassManager &pm) {
    if (llvm::is_contained(options.parallel, "tensor"))
      pm.addNestedPass<func::FuncOp>(createLoomSplitFusedProjections());
    if (annotate) {
      LoomAnnotateShardingOptions annotation;
      annotation.mesh = options.mesh;
      annotation.shard.assign(options.shard.begin(), options.shard.end());
      annotation.parallel.assign(options.parallel.begin(),
                                 options.parallel.end());
      pm.addPass(createLoomAnnotateSharding(annotation));
    }
    pm.addPass(createLoomPropagateSharding());
  });
}

/// Everything after import: simplify, fuse, generate code, plan, emit.
LogicalResult Compilation::compile(ModuleOp module) {
  if (options.train) {
    TrainingState initialState;
    if (failed(buildTrainingStep(
            module, {options.trainLoss, options.trainOptimizer},
            options.trainInitialState.empty() ? nullptr : &initialState)))
      return failure();
    std::string message;
    if (!options.trainInitialState.empty() &&
        !dataset::writeNpz(options.trainInitialState, initialState, message)) {
      error("--initial-state: " + message);
      return failure();
    }
  }
  if (failed(runPasses(module, "simplification", [&](PassManager &pm) {
        buildSimplificationPipeline(pm, precision);
      })))
    return failure();
  if (options.emit == EmitKind::Loom) {
    setText([&](llvm::raw_ostream &os) { os << module << "\n"; });
    return success();
  }

  func::FuncOp entry = findEntry(module);
  if (!entry || failed(checkStaticSignature(entry)))
    return failure();
  if (failed(shard(module, entry)))
    return failure();
  if (options.emit == EmitKind::Sharded) {
    setText([&](llvm::raw_ostream &os) { os << module << "\n"; });
    return success();
  }
  if (failed(runPasses(module, "partitioning", [&](PassManager &pm) {
        pm.addPass(createLoomPartition());
        LoomBucketAllReducesOptions buckets;
        buckets.bucketBytes = options.allReduceBucketBytes;
        pm.addNestedPass<func::FuncOp>(createLoomBucketAllReduces(buckets));
        // Only a compile with symbolic dimensions made the `slices` grid;
        // a user's mesh may use the name for its own axis.
        if (slicing)
          pm.addPass(createLoomExtractSliceProgram());
      })))
    return failure();
  if (failed(runPasses(module, "target graph passes", [&](PassManager &pm) {
        target->addGraphPasses(pm);
      })))
    return failure();
  if (failed(runPasses(module, "fusion", [](PassManager &pm) {
        pm.addPass(createLoomFormDispatches());
      })))
    return failure();
  if (options.emit == EmitKind::Dispatches) {
    setText([&](llvm::raw_ostream &os) { os << module << "\n"; });
    return success();
  }

  if (failed(runPasses(module, "target preparation", [&](PassManager &pm) {
        target->addPreparationPasses(pm);
      })))
    return failure();

  std::optional<TimingScope> codegenTimer;
  if (options.timing)
    codegenTimer = options.timing->nest("code generation (" +
                                        options.target + ")");
  if (options.emit == EmitKind::TargetStage) {
    FailureOr<std::string> text = target->emitStage(module, options.stage);
    if (failed(text))
      return failure();
    result.output.assign(text->begin(), text->end());
    return success();
  }

  // Planning first: it is cheap and rejects what code generation need not
  // see.
  FailureOr<MemoryPlan> plan =
      planMemory(entry, target->plannerConstraints().alignment);
  if (failed(plan))
    return failure();
  // The target's library, then the host fallback's where the target left
  // kernels to it.
  std::vector<KernelLibrary> libraries(1);
  libraries[0].target = target->artifactTarget();
  // Each kernel's source as the target will compile it, before a test's
  // deliberate miscompilation.
  KernelSources sources = collectKernelSources(module);
  if (!options.debugMiscompileKernel.empty() &&
      failed(miscompileKernel(module, options.debugMiscompileKernel)))
    return failure();
  if (!entry.front().getOps<func::CallOp>().empty()) {
    FailureOr<KernelLibrary> compiled = target->compile(module);
    if (failed(compiled))
      return failure();
    libraries[0] = std::move(*compiled);
    if (!libraries[0].hostPlaced.empty()) {
      FailureOr<KernelLibrary> host =
          compileHostFallback(module, libraries[0].hostPlaced);
      if (failed(host))
        return failure();
      libraries.push_back(std::move(*host));
    }
  }
  if (codegenTimer)
    codegenTimer->stop();
  std::optional<TimingScope> emitTimer;
  if (options.timing)
    emitTimer = options.timing->nest("artifact emission");
  FailureOr<ByteBuffer> bytes = emitArtifact(
      entry, *plan, target->artifactTarget(), libraries, kProducer, &sources);
  if (failed(bytes))
    return failure();
  result.output = std::move(*bytes);
  if (options.report)
    result.report = formatReport(entry, *plan, libraries, options.reportFormat);
  return success();
}

/// The kernels the target left to its host fallback, compiled by that
/// target (TargetBackend::hostFallbackTarget) with its default options at
/// the compile's optimization level, from a module of their own: the
/// kernels as the target's preparation passes left them (the fallback
/// target's own preparation does not run, since it would not see @main).
FailureOr<KernelLibrary>
Compilation::compileHostFallback(ModuleOp module,
                                 ArrayRef<HostPlacedKernel> kernels) {
  std::string name = target->hostFallbackTarget();
  const TargetInfo *info = TargetRegistry::builtin().find(name);
  std::string message = "kernel @" + kernels.front().kernel +
                        " needs the host fallback target '" + name + "'";
  if (!info) {
    error(message + ", which this compiler was built without (" +
          TargetRegistry::builtin().names() + ")");
    return failure();
  }
  TargetConfig config;
  config.optLevel = options.optLevel;
  std::unique_ptr<TargetBackend> host = info->instantiate(config, message);
  if (!host) {
    error(message);
    return failure();
  }
  OwningOpRef<ModuleOp> hostModule = ModuleOp::create(module.getLoc());
  for (const HostPlacedKernel &kernel : kernels) {
    func::FuncOp copy = module.lookupSymbol<func::FuncOp>(kernel.kernel).clone();
    hostModule->push_back(copy);
    target->prepareHostPlacedKernel(copy);
  }
  return host->compile(*hostModule);
}

bool Compilation::prepare(onnx_import::ImportOptions &importOptions) {
  const TargetInfo *info = TargetRegistry::builtin().find(options.target);
  if (!info) {
    error("unknown target '" + options.target + "' (known targets: " +
          TargetRegistry::builtin().names() + ")");
    return false;
  }
  if (options.optLevel > 3) {
    error("optimization level " + Twine(options.optLevel) +
          " is out of range (0 to 3)");
    return false;
  }
  if (options.emit == EmitKind::TargetStage && !info->hasStage(options.stage)) {
    error("target '" + info->name + "' has no stage '" + options.stage +
          "' to emit (its stages: " + info->stageNames() + ")");
    return false;
  }
  TargetConfig config;
  config.optLevel = options.optLevel;
  config.options = options.targetOptions;
  std::string message;
  precision = info->precision;
  runsSlicedPrograms = info->runsSlicedPrograms;
  if (options.maxDim < 0 || options.maxDim > (int64_t(1) << 31)) {
    error("--max-dim " + Twine(options.maxDim) +
          " is out of range (1 to 2147483648)");
    return false;
  }
  importOptions.symbolicDimBound = options.maxDim;
  target = info->instantiate(config, message);
  if (!target) {
    error(message);
    return false;
  }
  if (options.train) {
    if (options.trainLoss.empty() || options.trainOptimizer.empty()) {
      error("--train needs --loss and --optimizer");
      return false;
    }
    // A folded initializer (a transposed weight) would stop being a
    // parameter; shape computations still fold.
    importOptions.foldParameters = false;
    importOptions.returnRunningStatistics = true;
  } else if (!options.trainLoss.empty() || !options.trainOptimizer.empty() ||
             !options.trainInitialState.empty()) {
    error("--loss, --optimizer and --initial-state go with --train");
    return false;
  }
  for (const std::string &text : options.inputShapes) {
    std::optional<onnx_import::InputShape> shape =
        onnx_import::parseInputShape(text, message);
    if (!shape) {
      error(message);
      return false;
    }
    importOptions.inputShapes.push_back(*shape);
  }
  return true;
}

CompileResult
Compilation::run(llvm::function_ref<OwningOpRef<ModuleOp>(
                     MLIRContext &, const onnx_import::ImportOptions &)>
                     import,
                 bool applyShapesAfterImport) {
  onnx_import::ImportOptions importOptions;
  if (!prepare(importOptions))
    return take();
  std::optional<TimingScope> importTimer;
  if (options.timing)
    importTimer = options.timing->nest("import");
  OwningOpRef<ModuleOp> module = import(context, importOptions);
  if (importTimer)
    importTimer->stop();
  if (!module)
    return take();
  if (applyShapesAfterImport) {
    func::FuncOp entry = findEntry(*module);
    if (!entry || failed(applyInputShapes(entry, importOptions.inputShapes)))
      return take();
    applySymbolicBound(entry, options.maxDim);
  }
  return finish(compile(*module));
}

CompileResult Compilation::runOn(ModuleOp module) {
  onnx_import::ImportOptions importOptions;
  if (!prepare(importOptions))
    return take();
  func::FuncOp entry = findEntry(module);
  if (!entry || failed(applyInputShapes(entry, importOptions.inputShapes)))
    return take();
  applySymbolicBound(entry, options.maxDim);
  return finish(compile(module));
}

OwningOpRef<ModuleOp> parseMlir(std::unique_ptr<llvm::MemoryBuffer> buffer,
                                MLIRContext &context) {
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, &context);
}

} // namespace

bool parseEmitKind(llvm::StringRef text, llvm::StringRef target,
                   EmitKind &kind, std::string &stage, std::string &error) {
  stage.clear();
  if (text == "loom") {
    kind = EmitKind::Loom;
    return true;
  }
  if (text == "sharded") {
    kind = EmitKind::Sharded;
    return true;
  }
  if (text == "dispatches") {
    kind = EmitKind::Dispatches;
    return true;
  }
  if (text == "artifact") {
    kind = EmitKind::Artifact;
    return true;
  }
  const TargetInfo *info = TargetRegistry::builtin().find(target);
  if (info && info->hasStage(text)) {
    kind = EmitKind::TargetStage;
    stage = text.str();
    return true;
  }
  error = "--emit=" + text.str() +
          ": expected loom, sharded, dispatches, artifact" +
          (info ? " or a stage of target '" + info->name + "' (" +
                      info->stageNames() + ")"
                : std::string());
  return false;
}

CompileResult compileFile(llvm::StringRef path, const CompileOptions &options) {
  std::lock_guard<std::mutex> turn(compileMutex());
  MLIRContext context;
  // A diagnostic names the op's model location; the op itself, printed as a
  // note, would bury that line.
  context.printOpOnDiagnostic(false);
  Compilation compilation(options, context);
  if (path.ends_with(".onnx"))
    return compilation.run(
        [&](MLIRContext &context, const onnx_import::ImportOptions &import) {
          return onnx_import::importOnnxFile(path, context, import);
        },
        /*applyShapesAfterImport=*/false);
  if (!path.ends_with(".mlir")) {
    compilation.error(path +
                      ": unknown model format (expected .onnx or .mlir)");
    return compilation.take();
  }
  std::string message;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &message);
  if (!file) {
    compilation.error(path + ": " + message);
    return compilation.take();
  }
  return compilation.run(
      [&](MLIRContext &context, const onnx_import::ImportOptions &) {
        return parseMlir(std::move(file), context);
      },
      /*applyShapesAfterImport=*/true);
}

CompileResult compileBuffer(llvm::StringRef bytes, ModelFormat format,
                            llvm::StringRef name,
                            const CompileOptions &options) {
  std::lock_guard<std::mutex> turn(compileMutex());
  MLIRContext context;
  context.printOpOnDiagnostic(false);
  Compilation compilation(options, context);
  if (format == ModelFormat::Onnx)
    return compilation.run(
        [&](MLIRContext &context, const onnx_import::ImportOptions &import) {
          return onnx_import::importOnnxBytes(bytes, name, ".", context,
                                              import);
        },
        /*applyShapesAfterImport=*/false);
  return compilation.run(
      [&](MLIRContext &context, const onnx_import::ImportOptions &) {
        return parseMlir(llvm::MemoryBuffer::getMemBufferCopy(bytes, name),
                         context);
      },
      /*applyShapesAfterImport=*/true);
}

CompileResult compileModule(ModuleOp module, const CompileOptions &options) {
  std::lock_guard<std::mutex> turn(compileMutex());
  Compilation compilation(options, *module.getContext());
  return compilation.runOn(module);
}

} // namespace loom
