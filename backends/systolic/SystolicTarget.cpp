//===- SystolicTarget.cpp - The systolic accelerator as a compiler target -===//
//
// Part of the Loom project.
//
// `--target=systolic`: kernels for the simulated TPU-style chip of
// simulator/systolic. Its one option, `chip-config`, names the chip's INI
// file (simulator/systolic/Config.h); without it the default chip is used.
// The library records the parameters the code depends on, so the runtime
// refuses to run it on a chip that differs.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/Codegen.h"
#include "backends/systolic/Passes.h"
#include "backends/target/Target.h"

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
  }

  artifact::Target artifactTarget() const override {
    return artifact::Target_Systolic;
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
    return systolic::compileKernels(module, chip);
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
};

} // namespace

void registerSystolicTarget(TargetRegistry &registry) {
  TargetInfo info;
  info.name = "systolic";
  info.description =
      "the simulated TPU-style systolic chip (simulator/systolic)";
  info.options = {{"chip-config",
                   "the chip's INI file (default: the default chip of "
                   "docs/systolic.md)"}};
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
