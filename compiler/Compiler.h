//===- Compiler.h - The Loom compiler's C++ API -----------------*- C++ -*-===//
//
// Part of the Loom project.
//
// One call takes a model (ONNX or the loom dialect in .mlir) to an artifact:
// import, simplification (passes/Pipelines.h), fusion into kernels
// (`loom-form-dispatches`), CPU code generation (backends/cpu), memory
// planning and artifact emission. Every problem becomes a diagnostic line in
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

#include <functional>
#include <string>
#include <vector>

namespace mlir {
class PassManager;
class TimingScope;
} // namespace mlir

namespace loom {

/// What a compile produces; every kind but Artifact is text.
enum class EmitKind {
  /// The simplified graph in the loom dialect.
  Loom,
  /// After fusion: @main of kernel calls and the `loom.kernel` functions.
  Dispatches,
  /// The kernels lowered to linalg on tensors.
  Linalg,
  /// The kernels as optimized LLVM IR.
  LLVM,
  /// The kernels as target assembly.
  Asm,
  /// The artifact file's bytes (docs/artifact.md).
  Artifact,
};

enum class ModelFormat { Onnx, Mlir };

struct CompileOptions {
  /// The target to compile for; knownTargets() lists the accepted names.
  std::string target = "cpu";
  /// The LLVM CPU name (e.g. "x86-64-v3"); empty selects the host's.
  std::string cpu;
  /// LLVM target features (e.g. "+avx2,+fma"); empty selects the host's.
  std::string cpuFeatures;
  /// Optimization level of the generated code, 0 to 3.
  unsigned optLevel = 3;
  /// Shapes of model inputs, by name or position: "NAME:1x3x224x224" or
  /// "0:1x3x224x224", as loomc's --input-shape.
  std::vector<std::string> inputShapes;
  EmitKind emit = EmitKind::Artifact;
  /// Fill CompileResult::report (Artifact only).
  bool report = false;
  /// Called on each pass manager of the pipeline before it runs; loomc
  /// applies MLIR's command-line options here (--mlir-print-ir-after-all,
  /// --mlir-pass-statistics, ...). A failure stops the compile.
  std::function<llvm::LogicalResult(mlir::PassManager &)> configurePassManager;
  /// When set, the pipeline's stages and passes are timed under this scope
  /// (loomc: --mlir-timing).
  mlir::TimingScope *timing = nullptr;
};

struct CompileResult {
  bool ok = false;
  /// The artifact's bytes, or the text of the emitted form.
  std::vector<char> artifact;
  /// Errors, warnings and notes, one entry per diagnostic (notes on further
  /// lines of the entry), in the order they were reported.
  std::vector<std::string> diagnostics;
  /// The --report table when CompileOptions::report was set.
  std::string report;
};

/// The targets CompileOptions::target accepts.
llvm::ArrayRef<llvm::StringRef> knownTargets();

/// Compiles the model at `path`; the format follows the extension (.onnx or
/// .mlir). External ONNX data files are found beside the model.
CompileResult compileFile(llvm::StringRef path, const CompileOptions &options);

/// Compiles a model held in memory. `name` names it in diagnostics; external
/// ONNX data files are looked up in the current directory.
CompileResult compileBuffer(llvm::StringRef bytes, ModelFormat format,
                            llvm::StringRef name,
                            const CompileOptions &options);

} // namespace loom

#endif // LOOM_COMPILER_COMPILER_H
