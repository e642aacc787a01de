//===- ObjectEmission.cpp - LLVM IR and machine code for kernels ----------===//
//
// Part of the Loom project.
//
// LLVM's new pass manager runs the optimization pipeline with the
// TargetMachine attached, so that the loop and SLP vectorizers see the real
// vector widths of the CPU; code generation still goes through the legacy
// pass manager, which is what TargetMachine::addPassesToEmitFile offers.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/ObjectEmission.h"

#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

namespace loom::cpu {
namespace {

/// The host's features in LLVM's "+a,-b" form.
std::string hostFeatures() {
  std::string features;
  for (const auto &feature : llvm::sys::getHostCPUFeatures()) {
    if (!features.empty())
      features += ',';
    features += (feature.getValue() ? "+" : "-") + feature.getKey().str();
  }
  return features;
}

llvm::OptimizationLevel optimizationLevel(unsigned optLevel) {
  switch (optLevel) {
  case 0:
    return llvm::OptimizationLevel::O0;
  case 1:
    return llvm::OptimizationLevel::O1;
  case 2:
    return llvm::OptimizationLevel::O2;
  default:
    return llvm::OptimizationLevel::O3;
  }
}

} // namespace

std::unique_ptr<llvm::TargetMachine>
createTargetMachine(const TargetOptions &options, std::string &error) {
  static std::once_flag initialized;
  std::call_once(initialized, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  llvm::Triple triple(llvm::sys::getProcessTriple());
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;
  std::string cpu =
      options.cpu.empty() ? llvm::sys::getHostCPUName().str() : options.cpu;
  std::string features =
      options.features.empty() ? hostFeatures() : options.features;
  llvm::CodeGenOptLevel level =
      llvm::CodeGenOpt::getLevel(std::min(options.optLevel, 3u))
          .value_or(llvm::CodeGenOptLevel::Default);
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, llvm::TargetOptions(), llvm::Reloc::PIC_,
      std::nullopt, level));
  if (!machine)
    error = "LLVM cannot generate code for CPU '" + cpu + "'";
  return machine;
}

bool hasAvx2Fma(const llvm::TargetMachine &machine) {
  return machine.getTargetTriple().isX86() &&
         machine.getMCSubtargetInfo()->checkFeatures("+avx2,+fma");
}

bool isAvx512(const llvm::TargetMachine &machine) {
  return machine.getTargetTriple().isX86() &&
         machine.getMCSubtargetInfo()->checkFeatures("+avx512f");
}

std::unique_ptr<llvm::Module> translateAndOptimize(mlir::ModuleOp module,
                                                   llvm::LLVMContext &context,
                                                   llvm::TargetMachine &machine,
                                                   unsigned optLevel) {
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context, "loom_kernels");
  if (!llvmModule) {
    module.emitError("translation of the kernels to LLVM IR failed");
    return nullptr;
  }
  llvmModule->setTargetTriple(machine.getTargetTriple());
  llvmModule->setDataLayout(machine.createDataLayout());
  // Every function is compiled for the chosen CPU, as clang would mark it.
  // Where that CPU has AVX-512F, the loops LLVM vectorizes use 512-bit
  // vectors, as clang's -mprefer-vector-width=512 would: LLVM's models of
  // AVX-512 CPUs prefer 256 bits (a clock penalty of early AVX-512 cores),
  // which halved the width of every elementwise loop (EfficientNet-B0's
  // SiLU after a 16 -> 96 1x1 convolution at 112x112: 1.33 -> 1.03 ms, the
  // model 7% faster on one thread of the Intel Xeon VM; the micro-kernels
  // are compiled apart and unaffected).
  bool wideVectors = isAvx512(machine);
  for (llvm::Function &function : *llvmModule) {
    if (function.isDeclaration())
      continue;
    function.addFnAttr("target-cpu", machine.getTargetCPU());
    function.addFnAttr("target-features", machine.getTargetFeatureString());
    if (wideVectors)
      function.addFnAttr("prefer-vector-width", "512");
  }

  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = optLevel >= 2;
  tuning.SLPVectorization = optLevel >= 2;
  // No loop unrolling: the vectorizer interleaves the inner loops, which is
  // the unrolling that pays; fully unrolling a tile's outer loops (16 rows
  // of a softmax) multiplied code size by 14 and compile time by 4 without
  // making the kernels faster.
  tuning.LoopUnrolling = false;
  llvm::PassBuilder builder(&machine, tuning);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgscc);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgscc, modules);
  llvm::ModulePassManager passes =
      optLevel == 0
          ? builder.buildO0DefaultPipeline(llvm::OptimizationLevel::O0)
          : builder.buildPerModuleDefaultPipeline(optimizationLevel(optLevel));
  passes.run(*llvmModule, modules);

  std::string message;
  llvm::raw_string_ostream stream(message);
  if (llvm::verifyModule(*llvmModule, &stream)) {
    module.emitError("the optimized kernels are not valid LLVM IR: ")
        << message;
    return nullptr;
  }
  return llvmModule;
}

mlir::FailureOr<ByteBuffer>
emitMachineCode(llvm::Module &module, llvm::TargetMachine &machine,
                llvm::CodeGenFileType fileType, std::string &error) {
  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream stream(buffer);
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, stream, nullptr, fileType)) {
    error = "the target machine cannot emit this file type";
    return mlir::failure();
  }
  passes.run(module);
  return ByteBuffer(buffer.begin(), buffer.end());
}

} // namespace loom::cpu
