//===- Compiler.h - The Loom compiler's C++ API -----------------*- C++ -*-===//
//
// Part of the Loom project.
//
// One call takes a model (ONNX or the loom dialect in .mlir) to an artifact:
// import, simplification (passes/Pipelines.h), fusion into kernels
// (`loom-form-dispatches`), code generation by the chosen target
// (backends/target/Target.h), memory planning and artifact emission. Every problem becomes a diagnostic line in
// the result — the same lines `loomc` prints — and nothing aborts. Each call
// uses its own MLIRContext, so calls may run concurrently.
// docs/compiler.md describes the stages and the options.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_COMPILER_COMPILER_H
#define LOOM_COMPILER_COMPILER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/LogicalResult.h"

#include "compiler/Report.h"
#include "runtime/ByteBuffer.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mlir {
class ModuleOp;
class PassManager;
class TimingScope;
} // namespace mlir

namespace loom {

/// What a compile produces; every kind but Artifact is text.
enum class EmitKind {
  /// The simplified graph in the loom dialect.
  Loom,
  /// The graph with every tensor's sharding over the mesh
  /// (docs/sharding.md), before partitioning.
  Sharded,
  /// After fusion: @main of kernel calls and the `loom.kernel` functions.
  Dispatches,
  /// An intermediate form of the target's code generation, named by
  /// CompileOptions::stage (the cpu target: linalg, llvm, asm).
  TargetStage,
  /// The artifact file's bytes (docs/artifact.md).
  Artifact,
};

enum class ModelFormat { Onnx, Mlir };

struct CompileOptions {
  /// The target to compile for, by its registered name
  /// (TargetRegistry::builtin(); loomc --target).
  std::string target = "cpu";
  /// Options of the target, by the names it declares: the cpu target takes
  /// "cpu" (an LLVM CPU name such as "x86-64-v3") and "cpu-features"
  /// ("+avx2,+fma"); absent options take the target's defaults.
  std::map<std::string, std::string> targetOptions;
  /// Optimization level of the generated code, 0 to 3.
  unsigned optLevel = 3;
  /// Shapes of model inputs, by name or position: "NAME:1x3x224x224" or
  /// "0:1x3x224x224", as loomc's --input-shape.
  std::vector<std::string> inputShapes;
  /// The bound of symbolic dimensions (loomc --max-dim; docs/dynamic-
  /// shapes.md), 0 for none: an input dimension given as `?` in
  /// inputShapes, or one the model leaves unknown, is compiled to run at
  /// any size from 1 to this bound. Phase 1: one symbol, every input's
  /// leading dimension that is symbolic, computed slice by slice.
  int64_t maxDim = 0;
  /// The device mesh, named axes with sizes: "data=2,model=4"; empty
  /// compiles for one device (unless the model carries its own shard.grid).
  std::string mesh;
  /// Layouts of named tensors over the mesh, "NAME=[data,_]" (loomc
  /// --shard; docs/sharding.md has the syntax).
  std::vector<std::string> shard;
  /// Presets: "data" (the batch of every input over the `data` axis),
  /// "tensor" (Megatron-style over the `model` axis).
  std::vector<std::string> parallel;
  /// Most bytes one bucket of combined all-reduces carries
  /// (loom-bucket-all-reduces; loomc --all-reduce-bucket-bytes); 0 leaves
  /// every all-reduce alone.
  int64_t allReduceBucketBytes = 25 * 1024 * 1024;
  /// Compile the model's training step instead of its forward pass
  /// (loomc --train; docs/training.md): `trainLoss` is
  /// "cross_entropy:LOGITS,LABELS" or "mse:OUT,TARGET", `trainOptimizer`
  /// "sgd:lr=...[,momentum=...][,weight_decay=...]" or
  /// "adam:lr=...[,betas=B1,B2][,eps=...][,weight_decay=...]". The ONNX
  /// importer then folds nothing, so every initializer stays a parameter.
  bool train = false;
  std::string trainLoss;
  std::string trainOptimizer;
  /// With `train`: write the step's initial state to this .npz file
  /// (loomc --initial-state): each parameter at the model's value, the
  /// optimizer state zeros, keyed by the step's input names.
  std::string trainInitialState;
  EmitKind emit = EmitKind::Artifact;
  /// With EmitKind::TargetStage: the stage to print.
  std::string stage;
  /// Fill CompileResult::report (Artifact only), as text or JSON.
  bool report = false;
  ReportFormat reportFormat = ReportFormat::Text;
  /// Called on each pass manager of the pipeline before it runs; loomc
  /// applies MLIR's command-line options here (--mlir-print-ir-after-all,
  /// --mlir-pass-statistics, ...). A failure stops the compile.
  std::function<llvm::LogicalResult(mlir::PassManager &)> configurePassManager;
  /// When set, the pipeline's stages and passes are timed under this scope
  /// (loomc: --mlir-timing).
  mlir::TimingScope *timing = nullptr;
  /// For tests of loom-run --compare-reference only: the kernel to
  /// miscompile on purpose (miscompileKernel, compiler/KernelSources.h;
  /// loomc's hidden --debug-miscompile-kernel).
  std::string debugMiscompileKernel;
};

struct CompileResult {
  bool ok = false;
  /// The artifact's bytes, or the text of the emitted form.
  ByteBuffer output;
  /// Errors, warnings and notes, one entry per diagnostic (notes on further
  /// lines of the entry), in the order they were reported.
  std::vector<std::string> diagnostics;
  /// The --report table when CompileOptions::report was set.
  std::string report;
};

/// Reads loomc's --emit text for `target`: "loom", "dispatches",
/// "artifact" or one of the target's stages. False with `error` set for
/// anything else (the message lists what the target accepts).
bool parseEmitKind(llvm::StringRef text, llvm::StringRef target,
                   EmitKind &kind, std::string &stage, std::string &error);

/// Compiles the model at `path`; the format follows the extension (.onnx or
/// .mlir). External ONNX data files are found beside the model.
///
/// The compile functions may be called from several threads at once; the
/// compiles take turns (in-process linking resets LLVM's global options,
/// which every compile reads), each still using MLIR's and LLVM's threads.
CompileResult compileFile(llvm::StringRef path, const CompileOptions &options);

/// Compiles a model held in memory. `name` names it in diagnostics; external
/// ONNX data files are looked up in the current directory.
CompileResult compileBuffer(llvm::StringRef bytes, ModelFormat format,
                            llvm::StringRef name,
                            const CompileOptions &options);

/// Compiles `module`, a model in the loom dialect that lives in the caller's
/// context: tools that already hold a module (loom-differential, the
/// conformance runner) compile it without printing and parsing it again.
/// The module is compiled in place, so it is changed (simplified, fused);
/// pass a clone to keep it. The context gets the dialects the pipeline
/// needs, and its diagnostics during the call go to CompileResult.
CompileResult compileModule(mlir::ModuleOp module,
                            const CompileOptions &options);

} // namespace loom

#endif // LOOM_COMPILER_COMPILER_H
