//===- SystolicTarget.cpp - The systolic accelerator as a compiler target -===//
//
// Part of the Loom project.
//
// `--target=systolic`: kernels for the simulated TPU-style chip of
// simulator/systolic. Its option `chip-config` names the chip's INI file
// (simulator/systolic/Config.h); without it the default chip is used. The
// library records the parameters the code depends on, so the runtime
// refuses to run it on a chip that differs. A kernel the chip cannot run is
// placed on the host: the `cpu` target compiles it and the systolic device
// runs it on its host (docs/systolic.md, "Host fallback"), with its
// contractions' operands rounded to bf16 as the chip rounds them, unless the
// option `host-fallback` is false, which makes such a kernel an error. A
// mesh artifact runs its programs in lockstep on one torus and has no host
// fallback: a kernel the chip cannot run is an error there, which says so.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/Codegen.h"
#include "backends/systolic/HostContractions.h"
#include "backends/systolic/Passes.h"
#include "passes/Passes.h"
#include "backends/target/Target.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

namespace loom {
namespace {

class SystolicTarget final : public TargetBackend {
public:
  explicit SystolicTarget(const TargetConfig &config) {
    if (auto path = config.options.find("chip-config");
        path != config.options.end())
      chipConfigPath = path->second;
    if (auto fallback = config.options.find("host-fallback");
        fallback != config.options.end()) {
      if (fallback->second == "true" || fallback->second == "1")
        hostFallback = true;
      else if (fallback->second == "false" || fallback->second == "0")
        hostFallback = false;
      else
        optionError = "systolic target: host-fallback must be true or "
                      "false, not '" +
                      fallback->second + "'";
    }
  }

  std::string hostFallbackTarget() const override {
    return hostFallback ? "cpu" : "";
  }

  artifact::Target artifactTarget() const override {
    return artifact::Target_Systolic;
  }

  void addGraphPasses(mlir::OpPassManager &pm) override {
    // The code generators take straight-line kernels: an if's two regions
    // and a short loop's copies fuse into kernels the chip runs; a longer
    // loop is placed on the host.
    pm.addNestedPass<mlir::func::FuncOp>(createLoomSelectIfs());
    pm.addNestedPass<mlir::func::FuncOp>(createLoomUnrollScans());
    // The MXUs multiply bf16 values, which hold 8-bit integers exactly.
    pm.addNestedPass<mlir::func::FuncOp>(
        createLoomExpandIntegerContractions());
    // The vector unit reduces one block of adjacent dimensions.
    pm.addNestedPass<mlir::func::FuncOp>(createLoomAdjacentReductionAxes());
  }

  void addPreparationPasses(mlir::OpPassManager &pm) override {
    // A config that does not load is reported by compile() and emitStage();
    // the passes then see the default chip.
    systolic::ChipConfig prepared;
    if (!chipConfigPath.empty())
      if (Result<systolic::ChipConfig> loaded =
              systolic::loadChipConfig(chipConfigPath);
          loaded.isOk())
        prepared = *loaded;
    systolic::buildPreparationPipeline(pm, prepared);
  }

  mlir::FailureOr<KernelLibrary> compile(mlir::ModuleOp module) override {
    if (mlir::failed(loadChip(module)))
      return mlir::failure();
    mlir::FailureOr<KernelLibrary> library =
        systolic::compileKernels(module, chip, hostFallback);
    if (mlir::failed(library))
      return mlir::failure();
    // A mesh runs in lockstep on the torus, and its chips have no host
    // fallback (the driver refuses such a launch).
    bool mesh = !module.getOps<mlir::shard::GridOp>().empty();
    for (const HostPlacedKernel &kernel : library->hostPlaced) {
      auto function = module.lookupSymbol<mlir::func::FuncOp>(kernel.kernel);
      mlir::Location loc = function ? function.getLoc() : module.getLoc();
      // Never silent: a warning per kernel placed on the host, besides the
      // report's section.
      if (mesh)
        mlir::emitError(loc) << kernel.message
                             << "; a mesh runs on the chips alone, without "
                                "host fallback";
      else
        mlir::emitWarning(loc)
            << kernel.message
            << "; placed on the host CPU instead (host fallback)";
    }
    if (mesh && !library->hostPlaced.empty())
      return mlir::failure();
    return library;
  }

  // The host keeps the chip's numeric contract: its contractions read
  // operands rounded to bf16, as the MXUs do.
  void prepareHostPlacedKernel(mlir::func::FuncOp kernel) override {
    systolic::roundHostContractionOperands(kernel);
  }

  mlir::FailureOr<std::string> emitStage(mlir::ModuleOp module,
                                         llvm::StringRef stage) override {
    if (mlir::failed(loadChip(module)))
      return mlir::failure();
    if (stage == "kernels") {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << module << "\n";
      return text;
    }
    return systolic::emitKernelsAssembly(module, chip);
  }

  PlannerConstraints plannerConstraints() const override {
    // HBM buffers start on DMA bursts (and 64 bytes, like the CPU's).
    return {64};
  }

private:
  mlir::LogicalResult loadChip(mlir::ModuleOp module) {
    if (!optionError.empty())
      return module.emitError(optionError);
    if (chipConfigPath.empty())
      return mlir::success();
    Result<systolic::ChipConfig> loaded =
        systolic::loadChipConfig(chipConfigPath);
    if (!loaded.isOk())
      return module.emitError(loaded.message());
    chip = *loaded;
    return mlir::success();
  }

  std::string chipConfigPath;
  systolic::ChipConfig chip;
  /// Kernels the chip cannot run go to the host (the `cpu` target).
  bool hostFallback = true;
  std::string optionError;
};

} // namespace

void registerSystolicTarget(TargetRegistry &registry) {
  TargetInfo info;
  info.name = "systolic";
  info.description =
      "the simulated TPU-style systolic chip (simulator/systolic)";
  info.options = {{"chip-config",
                   "the chip's INI file (default: the default chip of "
                   "docs/systolic.md)"},
                  {"host-fallback",
                   "true (default): kernels the chip cannot run are "
                   "compiled by the cpu target and run on the host; false: "
                   "they are errors"}};
  info.precision = eval::Precision::Bf16Matmul;
  info.stages = {
      {"kernels", "the kernels after the systolic preparation passes"},
      {"asm", "the kernels as systolic assembly"}};
  info.create = [](const TargetConfig &config) {
    return std::make_unique<SystolicTarget>(config);
  };
  registry.add(std::move(info));
}

} // namespace loom
