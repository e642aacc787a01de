//===- Target.h - Code generation targets as plug-ins -----------*- C++ -*-===//
//
// Part of the Loom project.
//
// The compiler (compiler/Compiler.cpp) generates code through this interface
// only: it looks the user's --target up in the TargetRegistry, gives the
// target its options, asks it for the kernel library of the fused module
// (or for one of its intermediate forms, loomc --emit=STAGE) and for the
// constraints the memory plan must respect. Each backend folder
// (backends/cpu, ...) implements one TargetBackend and registers it; CMake
// lists the backends built, so shared code never names a target.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_TARGET_TARGET_H
#define LOOM_BACKENDS_TARGET_TARGET_H

#include "evaluator/Evaluator.h"
#include "runtime/ByteBuffer.h"
#include "runtime/artifact/loom_artifact_generated.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/LLVM.h"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace loom {

/// A target's own prediction of one launch of a kernel, where it has a
/// model (the systolic target's alpha-beta model of a collective's send/recv
/// schedule): in cycles of the device's clock and in seconds, with the model
/// in words. `loomc --report` prints it.
struct KernelPrediction {
  int64_t cycles = 0;
  double seconds = 0;
  std::string model;
};

/// A kernel's use of the device's resources in one compiled image of its
/// library (cuda: the cubin of one architecture), as the target's tool
/// chain recorded it. `loomc --report` prints one line per kernel and image.
struct KernelResourceUse {
  /// The image as the target names it ("sm_80").
  std::string image;
  /// Figures in the target's order, each a name of words ("registers",
  /// "shared bytes") and its value; a figure the image does not record is
  /// left out.
  std::vector<std::pair<std::string, int64_t>> figures;
};

/// One kernel of a library: its exported entry and the grid it runs on.
struct KernelInfo {
  std::string name;
  std::array<uint32_t, 3> workgroupCount;
  std::optional<KernelPrediction> prediction = std::nullopt;
  /// Threads per workgroup, for a target whose kernels run as blocks of
  /// threads (cuda; Launch.block); empty for the others.
  std::vector<uint32_t> blockSize = {};
  /// Dynamic shared memory per workgroup in bytes (cuda).
  uint32_t sharedMemoryBytes = 0;
  /// Per compiled image, where the target reads them from its code (cuda:
  /// registers, shared and local memory from each cubin); empty for the
  /// others.
  std::vector<KernelResourceUse> resources = {};
};

/// Why a target left a kernel to its host fallback.
enum class HostPlacementReason {
  /// No code generator of the target handles the kernel's ops.
  NoCodeGenerator,
  /// The generator responsible for the kernel cannot generate it (an op,
  /// type or shape the device lacks, a kernel that does not fit).
  GeneratorRefused,
  /// The kernel has more arguments than the device's calling convention
  /// passes.
  TooManyArguments,
};

/// A kernel that the target's devices cannot run and that its host fallback
/// target (TargetBackend::hostFallbackTarget) compiles instead.
struct HostPlacedKernel {
  /// The `loom.kernel` function.
  std::string kernel;
  /// The names of its ops ("loom.acos"), constants left out, in order.
  std::vector<std::string> ops;
  HostPlacementReason reason = HostPlacementReason::GeneratorRefused;
  /// The generator's diagnostic, one line.
  std::string message;
};

/// "no code generator", ... for reports.
const char *hostPlacementReasonName(HostPlacementReason reason);

/// Compiled kernels of one target, as the artifact stores them: the code in
/// the target's format and, in the order of the module's `loom.kernel`
/// functions, each kernel's entry point and launch grid.
struct KernelLibrary {
  artifact::Target target = artifact::Target_Cpu;
  artifact::CodeFormat format = artifact::CodeFormat_ElfSharedObject;
  ByteBuffer code;
  std::vector<KernelInfo> kernels;
  /// Kernels of the module this library leaves out because the target's
  /// devices cannot run them; the compiler has its host fallback target
  /// compile them into a library of their own. Empty for a target without
  /// a fallback (every kernel compiles, or the compile fails).
  std::vector<HostPlacedKernel> hostPlaced;
};

/// What the memory plan must respect for a target's buffers.
struct PlannerConstraints {
  /// Alignment of every arena buffer and of the arena (a power of two).
  uint32_t alignment = 64;
};

/// What every target is created with. `options` holds only names the
/// target declares (TargetInfo::options); the registry checks that.
struct TargetConfig {
  unsigned optLevel = 3;
  std::map<std::string, std::string> options;
};

class TargetBackend {
public:
  virtual ~TargetBackend();

  /// The artifact target of this backend's device programs and libraries.
  virtual artifact::Target artifactTarget() const = 0;
  /// Compiles every `loom.kernel` function of `module` (which is left as it
  /// is) into one library. Errors go to the context's diagnostic engine.
  virtual mlir::FailureOr<KernelLibrary> compile(mlir::ModuleOp module) = 0;
  /// Stage `stage` (one of TargetInfo::stages) of the kernels of `module`,
  /// as text.
  virtual mlir::FailureOr<std::string> emitStage(mlir::ModuleOp module,
                                                 llvm::StringRef stage) = 0;
  virtual PlannerConstraints plannerConstraints() const { return {}; }
  /// Passes the target runs on the graph (each function of loom ops)
  /// before fusion: rewrites into ops its code generators take, such as
  /// short loops into straight-line code. None by default.
  virtual void addGraphPasses(mlir::OpPassManager &pm) {}
  /// Passes the target runs on the fused module (main and its kernels)
  /// before the memory plan and compile(): layouts of constants the target
  /// wants repacked, checks of what it cannot run. None by default.
  virtual void addPreparationPasses(mlir::OpPassManager &pm) {}
  /// The registered target (its --target name) whose code this target's
  /// devices run on their host for the kernels compile() leaves out
  /// (KernelLibrary::hostPlaced), with that target's default options; the
  /// artifact then holds a second kernel library, of that target, whose
  /// Launches the device runs on the host (docs/systolic.md). Empty (the
  /// default) when the target has no fallback and compile() fails on a
  /// kernel it cannot generate.
  virtual std::string hostFallbackTarget() const { return {}; }
  /// Prepares `kernel`, a copy of a kernel compile() left out, for the host
  /// fallback target: the systolic target rounds its contractions'
  /// operands to bf16, so the host keeps the chip's numerics. Nothing by
  /// default.
  virtual void prepareHostPlacedKernel(mlir::func::FuncOp kernel) {}
};

/// A name with a line of help: a target option or an emit stage.
struct TargetParameter {
  std::string name;
  std::string help;
};

/// A registered target.
struct TargetInfo {
  /// The --target name ("cpu").
  std::string name;
  std::string description;
  /// Options the target accepts (loomc maps --cpu to "cpu", ...).
  std::vector<TargetParameter> options;
  /// Intermediate forms loomc --emit=NAME can print for this target.
  std::vector<TargetParameter> stages;
  /// The evaluator mode the target's arithmetic reproduces (Native: f32;
  /// Bf16Matmul: contractions on bf16 operands), which constant folding
  /// uses for this target.
  eval::Precision precision = eval::Precision::Native;
  /// Whether the target's runtime driver runs a program once per slice of a
  /// symbolic dimension (docs/dynamic-shapes.md, docs/artifact.md): only
  /// then does the compiler take a model with symbolic dimensions for it.
  bool runsSlicedPrograms = false;
  std::function<std::unique_ptr<TargetBackend>(const TargetConfig &)> create;

  bool hasStage(llvm::StringRef stage) const;
  /// "a, b, c" of the stages' names.
  std::string stageNames() const;
  /// Checks `config` against the declared options and creates the backend;
  /// null with `error` set when an option is unknown.
  std::unique_ptr<TargetBackend> instantiate(const TargetConfig &config,
                                             std::string &error) const;
};

class TargetRegistry {
public:
  /// Every target the compiler was built with (backends/*).
  static const TargetRegistry &builtin();

  void add(TargetInfo info);
  /// The target named `name`, or null.
  const TargetInfo *find(llvm::StringRef name) const;
  const std::vector<TargetInfo> &targets() const { return entries; }
  /// "cpu, ..." for messages.
  std::string names() const;

private:
  std::vector<TargetInfo> entries;
};

} // namespace loom

#endif // LOOM_BACKENDS_TARGET_TARGET_H
