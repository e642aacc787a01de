//===- CpuTarget.cpp - The host CPU as a code generation target -----------===//
//
// Part of the Loom project.
//
// Registers the `cpu` target: kernels compiled by CpuCodegen.h into one ELF
// shared object for the host (or the CPU and features given as target
// options), run by the runtime's CPU driver (runtime/drivers/cpu).
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/CpuCodegen.h"
#include "backends/cpu/Passes.h"
#include "backends/target/Target.h"

#include "mlir/IR/BuiltinOps.h"

namespace loom {
namespace {

class CpuTarget final : public TargetBackend {
public:
  explicit CpuTarget(const TargetConfig &config) {
    options.optLevel = config.optLevel;
    if (auto cpu = config.options.find("cpu"); cpu != config.options.end())
      options.cpu = cpu->second;
    if (auto features = config.options.find("cpu-features");
        features != config.options.end())
      options.features = features->second;
    if (auto checks = config.options.find("runtime-checks");
        checks != config.options.end())
      options.runtimeChecks = checks->second != "false";
    if (auto winograd = config.options.find("winograd");
        winograd != config.options.end())
      options.winograd = winograd->second == "true";
  }

  artifact::Target artifactTarget() const override {
    return artifact::Target_Cpu;
  }

  void addPreparationPasses(mlir::OpPassManager &pm) override {
    // Constant matmul weights and convolution filters stored in the
    // micro-kernels' panels; the Winograd option keeps its convolutions'
    // filters as they are.
    pm.addPass(cpu::createLoomCpuPackMatmulWeights());
    if (!options.winograd && cpu::hasDirectConvolutions(options))
      pm.addPass(cpu::createLoomCpuPackConvFilters());
  }

  mlir::FailureOr<KernelLibrary> compile(mlir::ModuleOp module) override {
    return cpu::compileKernels(module, options);
  }

  mlir::FailureOr<std::string> emitStage(mlir::ModuleOp module,
                                         llvm::StringRef stage) override {
    if (stage == "linalg") {
      auto linalg = cpu::lowerKernelsToLinalg(module, options);
      if (mlir::failed(linalg))
        return mlir::failure();
      std::string text;
      llvm::raw_string_ostream os(text);
      os << **linalg << "\n";
      return text;
    }
    if (stage == "llvm")
      return cpu::emitKernelsLLVMIR(module, options);
    return cpu::emitKernelsAssembly(module, options);
  }

private:
  cpu::TargetOptions options;
};

} // namespace

void registerCpuTarget(TargetRegistry &registry) {
  TargetInfo info;
  info.name = "cpu";
  info.runsSlicedPrograms = true;
  info.description = "the host CPU, through LLVM (x86-64)";
  info.options = {
      {"cpu", "LLVM CPU name, e.g. x86-64-v3 (default: the host's)"},
      {"cpu-features",
       "LLVM target features, e.g. +avx2,+fma (default: the host's)"},
      {"runtime-checks",
       "true or false: check gather/scatter indices and integer divisors "
       "at run time, failing the run naming the node (default: true)"},
      {"winograd",
       "true or false: 3x3 stride-1 convolutions with enough output tiles "
       "on the Winograd F(2x2, 3x3) micro-kernel, 16 multiplies per 2x2 "
       "tile and channel instead of 36 but sums rounded differently "
       "(default: false; docs/cpu-backend.md)"}};
  info.stages = {{"linalg", "the kernels lowered to linalg on tensors"},
                 {"llvm", "the kernels as optimized LLVM IR"},
                 {"asm", "the kernels as target assembly"}};
  info.create = [](const TargetConfig &config) {
    return std::make_unique<CpuTarget>(config);
  };
  registry.add(std::move(info));
}

} // namespace loom
