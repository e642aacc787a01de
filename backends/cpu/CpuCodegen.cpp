//===- CpuCodegen.cpp - Loom kernels to a CPU shared object ---------------===//
//
// Part of the Loom project.
//
// compileKernels and its stages: the kernel module is built from copies of
// the `loom.kernel` functions (the caller's module stays as it is), run
// through the pass pipelines of Pipelines.cpp down to the LLVM dialect,
// translated and optimized, emitted as an object and linked by lld together
// with the micro-kernel object into one shared object.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/CpuCodegen.h"
#include "ir/LoomDialect.h"

#include "backends/cpu/Linker.h"
#include "backends/cpu/ObjectEmission.h"
#include "backends/cpu/Passes.h"
#include "backends/cpu/ukernels/UkernelObjects.h"

#include "runtime/KernelAbi.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/GlobalAlias.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace loom::cpu {
namespace {

/// Makes the dialects, interfaces and translations of the pipeline known to
/// the caller's context.
void prepareContext(MLIRContext *context) {
  DialectRegistry registry;
  registerCpuCodegenDialects(registry);
  context->appendDialectRegistry(registry);
  context->loadAllAvailableDialects();
}

LogicalResult runPipeline(ModuleOp module,
                          llvm::function_ref<void(OpPassManager &)> build) {
  PassManager pm(module.getContext());
  build(pm);
  return pm.run(module);
}

/// The grid loom-cpu-distribute-workgroups recorded on each kernel.
FailureOr<std::vector<KernelInfo>> kernelInfos(ModuleOp kernels) {
  std::vector<KernelInfo> infos;
  for (auto kernel : kernels.getOps<func::FuncOp>()) {
    if (!isKernel(kernel))
      continue;
    DenseI64ArrayAttr grid =
        LoomDialect::WorkgroupCountAttrHelper(kernel.getContext())
            .getAttr(kernel);
    if (!grid || grid.size() != 3)
      return kernel.emitError("kernel has no workgroup grid");
    KernelInfo info{kernel.getSymName().str(), {}};
    for (int dim = 0; dim < 3; ++dim) {
      // The artifact holds 32-bit counts, and a zero runs nothing.
      if (grid[dim] < 1 || grid[dim] > int64_t(UINT32_MAX))
        return kernel.emitError("kernel's workgroup grid dimension ")
               << dim << " is " << grid[dim]
               << ", outside the artifact's range 1 to 2^32-1";
      info.workgroupCount[dim] = static_cast<uint32_t>(grid[dim]);
    }
    infos.push_back(std::move(info));
  }
  return infos;
}

/// Drops from `kernels` each kernel that prints as an earlier one does once
/// both have the same name (no locations are printed), recording it in
/// `aliases`. A transformer's layers or a ResNet's blocks repeat the same
/// kernels, which are then compiled once: ViT-B/16's 247 kernels are 23
/// different ones. Run on stage 1's output, where a run-time check's
/// message names its node, so kernels whose checks would report different
/// nodes stay apart.
void dropDuplicateKernels(ModuleOp kernels, KernelAliases &aliases) {
  llvm::StringMap<std::string> firstByText;
  OpPrintingFlags flags;
  flags.useLocalScope();
  for (auto kernel :
       llvm::make_early_inc_range(kernels.getOps<func::FuncOp>())) {
    if (!isKernel(kernel) || kernel.isExternal())
      continue;
    std::string name = kernel.getSymName().str();
    std::string text;
    llvm::raw_string_ostream os(text);
    kernel.setSymName("kernel");
    kernel->print(os, flags);
    kernel.setSymName(name);
    auto [first, inserted] = firstByText.try_emplace(text, name);
    if (inserted)
      continue;
    aliases.emplace_back(name, first->second);
    kernel.erase();
  }
}

/// The kernels translated to LLVM IR, with the context that owns the IR and
/// the target machine it was optimized for (members destroyed in reverse:
/// the module before its context).
struct TranslatedKernels {
  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::TargetMachine> machine;
  std::unique_ptr<llvm::Module> module;
};

/// The optimized LLVM IR of `module`'s kernels; appends their grids to
/// `kernels` when given.
FailureOr<TranslatedKernels>
kernelsToLLVMIR(ModuleOp module, const TargetOptions &options,
                std::vector<KernelInfo> *kernels = nullptr) {
  KernelAliases aliases;
  FailureOr<OwningOpRef<ModuleOp>> lowered =
      lowerKernelsToLLVMDialect(module, options, kernels, &aliases);
  if (failed(lowered))
    return failure();
  TranslatedKernels translated;
  std::string error;
  translated.machine = createTargetMachine(options, error);
  if (!translated.machine)
    return module.emitError("cannot create the CPU target: ") << error;
  translated.context = std::make_unique<llvm::LLVMContext>();
  // LLVM's optimizer reports loops it could not vectorize (remarks, and a
  // warning where a loop was marked for vectorization); they describe
  // generated code, not the user's model, so they must not reach a tool's
  // output. Errors still do.
  translated.context->setDiagnosticHandlerCallBack(
      [](const llvm::DiagnosticInfo *info, void *) {
        if (info->getSeverity() != llvm::DS_Error)
          return;
        llvm::DiagnosticPrinterRawOStream printer(llvm::errs());
        info->print(printer);
        llvm::errs() << "\n";
      });
  translated.module = translateAndOptimize(**lowered, *translated.context,
                                           *translated.machine,
                                           options.optLevel);
  if (!translated.module)
    return failure();
  // A dropped duplicate is another name of the kept kernel's entry.
  for (const auto &[alias, kept] : aliases) {
    llvm::Function *entry = translated.module->getFunction(kept);
    if (!entry)
      return module.emitError("kernel entry '") << kept << "' is missing";
    llvm::GlobalAlias::create(alias, entry);
  }
  return translated;
}

} // namespace

FailureOr<OwningOpRef<ModuleOp>>
lowerKernelsToLinalg(ModuleOp module, const TargetOptions &options) {
  MLIRContext *context = module.getContext();
  prepareContext(context);
  OwningOpRef<ModuleOp> kernels = ModuleOp::create(module.getLoc());
  OpBuilder builder = OpBuilder::atBlockEnd(kernels->getBody());
  for (auto function : module.getOps<func::FuncOp>()) {
    if (!isKernel(function))
      continue;
    auto copy = cast<func::FuncOp>(builder.clone(*function));
    // Kernels are private helpers of @main in the graph; here each is an
    // entry point of its own.
    copy.setPublic();
  }
  if (failed(runPipeline(*kernels, [&](OpPassManager &pm) {
        buildLowerKernelsToLinalgPipeline(pm, options.runtimeChecks);
      })))
    return failure();
  return kernels;
}

FailureOr<OwningOpRef<ModuleOp>>
lowerKernelsToLLVMDialect(ModuleOp module, const TargetOptions &options,
                          std::vector<KernelInfo> *kernels,
                          KernelAliases *aliases) {
  // The LLVM dialect does not depend on the CPU yet, only on the checks.
  FailureOr<OwningOpRef<ModuleOp>> lowered =
      lowerKernelsToLinalg(module, options);
  if (failed(lowered))
    return failure();
  ModuleOp kernelModule = **lowered;
  // The kernels in their order, duplicates included, for their grids.
  std::vector<std::string> order;
  for (auto kernel : kernelModule.getOps<func::FuncOp>())
    if (isKernel(kernel))
      order.push_back(kernel.getSymName().str());
  size_t firstAlias = aliases ? aliases->size() : 0;
  if (aliases)
    dropDuplicateKernels(kernelModule, *aliases);
  if (failed(runPipeline(kernelModule, [&](OpPassManager &pm) {
        buildDistributeWorkgroupsPipeline(pm, options.winograd);
      })))
    return failure();
  FailureOr<std::vector<KernelInfo>> infos = kernelInfos(kernelModule);
  if (failed(infos))
    return failure();
  if (aliases && aliases->size() > firstAlias) {
    llvm::StringMap<KernelInfo> byName;
    for (const KernelInfo &info : *infos)
      byName[info.name] = info;
    for (const auto &[alias, kept] : llvm::drop_begin(*aliases, firstAlias)) {
      KernelInfo info = byName.lookup(kept);
      info.name = alias;
      byName[alias] = std::move(info);
    }
    infos->clear();
    for (const std::string &name : order)
      infos->push_back(byName.lookup(name));
  }
  if (failed(runPipeline(kernelModule, [&](OpPassManager &pm) {
        buildLowerDistributedKernelsToLLVMPipeline(pm, options.winograd);
      })))
    return failure();
  if (kernels)
    llvm::append_range(*kernels, *infos);
  return lowered;
}

FailureOr<std::string> emitKernelsLLVMIR(ModuleOp module,
                                         const TargetOptions &options) {
  FailureOr<TranslatedKernels> translated = kernelsToLLVMIR(module, options);
  if (failed(translated))
    return failure();
  std::string text;
  llvm::raw_string_ostream stream(text);
  translated->module->print(stream, nullptr);
  return text;
}

FailureOr<std::string> emitKernelsAssembly(ModuleOp module,
                                           const TargetOptions &options) {
  FailureOr<TranslatedKernels> translated = kernelsToLLVMIR(module, options);
  if (failed(translated))
    return failure();
  std::string error;
  FailureOr<ByteBuffer> assembly =
      emitMachineCode(*translated->module, *translated->machine,
                      llvm::CodeGenFileType::AssemblyFile, error);
  if (failed(assembly))
    return module.emitError("cannot emit assembly: ") << error;
  return std::string(assembly->begin(), assembly->end());
}

bool hasDirectConvolutions(const TargetOptions &options) {
  std::string error;
  std::unique_ptr<llvm::TargetMachine> machine =
      createTargetMachine(options, error);
  return machine && isAvx512(*machine);
}

FailureOr<KernelLibrary> compileKernels(ModuleOp module,
                                        const TargetOptions &options) {
  KernelLibrary library;
  FailureOr<TranslatedKernels> translated =
      kernelsToLLVMIR(module, options, &library.kernels);
  if (failed(translated))
    return failure();
  std::string error;
  FailureOr<ByteBuffer> object =
      emitMachineCode(*translated->module, *translated->machine,
                      llvm::CodeGenFileType::ObjectFile, error);
  if (failed(object))
    return module.emitError("cannot emit the kernel object: ") << error;

  // The micro-kernels go into every library; --gc-sections drops them from
  // those that do not call them.
  ObjectFile ukernels = ukernelObject(hasAvx2Fma(*translated->machine));
  std::vector<llvm::ArrayRef<uint8_t>> objects = {
      *object, llvm::ArrayRef<uint8_t>(ukernels.data, ukernels.size)};
  std::vector<std::string> exported = {LOOM_KERNEL_ABI_VERSION_SYMBOL,
                                       LOOM_KERNEL_CHECKS_SYMBOL,
                                       LOOM_KERNEL_CHECKS_SIZE_SYMBOL};
  for (const KernelInfo &kernel : library.kernels)
    exported.push_back(kernel.name);
  FailureOr<ByteBuffer> sharedObject =
      linkSharedObject(objects, exported, error);
  if (failed(sharedObject))
    return module.emitError("cannot link the kernel library: ") << error;
  library.target = artifact::Target_Cpu;
  library.format = artifact::CodeFormat_ElfSharedObject;
  library.code = std::move(*sharedObject);
  return library;
}

} // namespace loom::cpu
