//===- CudaTarget.cpp - NVIDIA GPUs as a code generation target -----------===//
//
// Part of the Loom project.
//
// Registers the `cuda` target. Each `loom.kernel` function is lowered on
// its own (Pipelines.cpp) to a gpu.func of gpu.module @loom_cuda_kernels; a
// kernel that does not lower is left to the host fallback (the `cpu`
// target) with the reason its pipeline gave. The gpu.module then goes to
// NVVM and, through upstream's NVVM target (gpu-module-to-binary), to a
// cubin per --cuda-arch (LLVM's NVPTX back end, then the toolkit's ptxas)
// and the PTX of the lowest one, packed as a CudaImages library
// (runtime/drivers/cuda/cuda_library.fbs). What each cubin records of its
// kernels' registers, shared and local memory goes to `loomc --report`
// (CubinResources.h). docs/cuda.md.
//
//===----------------------------------------------------------------------===//

#include "backends/cuda/CubinResources.h"
#include "backends/cuda/Passes.h"
#include "backends/target/Target.h"
#include "ir/LoomDialect.h"
#include "runtime/drivers/cuda/cuda_library_generated.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <cstdlib>

using namespace mlir;

namespace loom {
namespace {

/// Threads per block of a threaded kernel.
constexpr int64_t kBlockSize = 256;

struct CudaOptions {
  /// Compute capabilities as "sm_80", lowest first.
  std::vector<std::string> archs = {"sm_80", "sm_90"};
  /// The toolkit root (bin/ptxas, nvvm/libdevice).
  std::string toolkit;
  unsigned optLevel = 3;
};

LogicalResult runPipeline(ModuleOp module,
                          llvm::function_ref<void(OpPassManager &)> build) {
  PassManager pm(module.getContext());
  build(pm);
  return pm.run(module);
}

/// "sm_86" -> 86; 0 when `arch` is not of that form.
unsigned archNumber(llvm::StringRef arch) {
  unsigned number = 0;
  if (!arch.consume_front("sm_") || arch.getAsInteger(10, number))
    return 0;
  return number;
}

/// The kernels of `module` as gpu.funcs of one gpu.module (the NVVM
/// dialect when `toNvvm`), kernels that do not lower in `hostPlaced`.
FailureOr<OwningOpRef<ModuleOp>>
lowerKernels(ModuleOp module, bool toNvvm, std::vector<KernelInfo> *infos,
             std::vector<HostPlacedKernel> *hostPlaced) {
  MLIRContext *context = module.getContext();
  DialectRegistry registry;
  cuda::registerCudaCodegenDialects(registry);
  context->appendDialectRegistry(registry);
  context->loadAllAvailableDialects();

  OwningOpRef<ModuleOp> lowered = ModuleOp::create(module.getLoc());
  gpu::GPUModuleOp gpuModule;
  for (auto function : module.getOps<func::FuncOp>()) {
    if (!isKernel(function))
      continue;
    OwningOpRef<ModuleOp> single = ModuleOp::create(function.getLoc());
    auto copy = cast<func::FuncOp>(function->clone());
    copy.setPublic();
    single->push_back(copy);
    std::string message;
    LogicalResult result = success();
    {
      // The pipeline's diagnostics become the kernel's fallback reason
      // when a host fallback takes it, and errors otherwise.
      ScopedDiagnosticHandler handler(context, [&](Diagnostic &diag) {
        if (diag.getSeverity() != DiagnosticSeverity::Error)
          return success();
        if (message.empty())
          message = diag.str();
        return success(hostPlaced != nullptr);
      });
      result = runPipeline(*single, [](OpPassManager &pm) {
        cuda::buildKernelToGpuPipeline(pm, kBlockSize);
      });
    }
    if (failed(result)) {
      if (!hostPlaced)
        return failure();
      HostPlacedKernel placed;
      placed.kernel = function.getSymName().str();
      function.walk([&](Operation *op) {
        if (op->getDialect() &&
            op->getDialect()->getNamespace() == "loom" &&
            op->getName().getStringRef() != "loom.constant")
          placed.ops.push_back(op->getName().getStringRef().str());
      });
      placed.reason = HostPlacementReason::GeneratorRefused;
      placed.message = message.empty() ? "the cuda pipeline failed" : message;
      std::replace(placed.message.begin(), placed.message.end(), '\n', ' ');
      hostPlaced->push_back(std::move(placed));
      continue;
    }
    auto source = single->lookupSymbol<gpu::GPUModuleOp>(
        cuda::kKernelModuleName);
    if (!source)
      return function.emitError("cuda: kernel @")
             << function.getSymName() << " produced no gpu.func";
    if (!gpuModule) {
      gpuModule = cast<gpu::GPUModuleOp>(source->clone());
      lowered->push_back(gpuModule);
      (*lowered)->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                          UnitAttr::get(context));
    } else {
      for (Operation &op :
           llvm::make_early_inc_range(source.getBody()->getOperations()))
        op.moveBefore(gpuModule.getBody(), gpuModule.getBody()->end());
    }
    if (infos) {
      auto kernel = gpuModule.lookupSymbol<gpu::GPUFuncOp>(
          function.getSymName());
      std::optional<DenseI32ArrayAttr> block = kernel.getKnownBlockSizeAttr();
      std::optional<DenseI32ArrayAttr> grid = kernel.getKnownGridSizeAttr();
      KernelInfo info{function.getSymName().str(), {1, 1, 1}};
      info.blockSize = {1, 1, 1};
      for (int d = 0; d < 3; ++d) {
        if (grid && *grid)
          info.workgroupCount[d] = static_cast<uint32_t>((*grid)[d]);
        if (block && *block)
          info.blockSize[d] = static_cast<uint32_t>((*block)[d]);
      }
      infos->push_back(std::move(info));
    }
  }
  if (gpuModule && toNvvm &&
      failed(runPipeline(*lowered, cuda::buildGpuToNvvmPipeline)))
    return failure();
  return lowered;
}

/// The gpu.module of `lowered` (NVVM dialect) compiled for `arch`: a cubin
/// (`format` "bin") or PTX ("isa").
FailureOr<std::string> serialize(ModuleOp lowered, const CudaOptions &options,
                                 const std::string &arch,
                                 const std::string &format) {
  OwningOpRef<ModuleOp> copy = lowered.clone();
  if (failed(runPipeline(*copy, [&](OpPassManager &pm) {
        GpuNVVMAttachTargetOptions target;
        target.chip = arch;
        target.optLevel = std::min(options.optLevel, 3u);
        pm.addPass(createGpuNVVMAttachTarget(target));
        GpuModuleToBinaryPassOptions binary;
        binary.toolkitPath = options.toolkit;
        binary.compilationTarget = format;
        pm.addPass(createGpuModuleToBinaryPass(binary));
      })))
    return lowered.emitError("cuda: cannot compile the kernels for ")
           << arch << " (toolkit " << options.toolkit << ")";
  for (auto binary : copy->getOps<gpu::BinaryOp>())
    for (Attribute object : binary.getObjects())
      return cast<gpu::ObjectAttr>(object).getObject().str();
  return lowered.emitError("cuda: gpu-module-to-binary produced no object");
}

/// Adds what the `arch` cubin records of each kernel of `kernels` to its
/// resources; a kernel it has nothing for is a warning (the report then
/// lacks its line), not an error: the cubin itself is what ptxas made.
void recordResources(ModuleOp module, llvm::StringRef arch,
                     llvm::StringRef cubin, std::vector<KernelInfo> &kernels) {
  llvm::Expected<std::vector<cuda::CubinFunctionResources>> functions =
      cuda::readCubinResources(cubin);
  if (!functions) {
    emitWarning(module.getLoc(), "cuda: no resource usage read from the ")
        << arch << " cubin: " << llvm::toString(functions.takeError());
    return;
  }
  llvm::StringMap<const cuda::CubinFunctionResources *> byName;
  for (const cuda::CubinFunctionResources &function : *functions)
    byName[function.name] = &function;
  for (KernelInfo &kernel : kernels) {
    const cuda::CubinFunctionResources *found = byName.lookup(kernel.name);
    if (!found) {
      emitWarning(module.getLoc(), "cuda: no resource usage of kernel @")
          << kernel.name << " in the " << arch << " cubin";
      continue;
    }
    KernelResourceUse use{
        arch.str(),
        {{"registers", static_cast<int64_t>(found->registers)},
         {"shared bytes", static_cast<int64_t>(found->sharedBytes)},
         {"local bytes", static_cast<int64_t>(found->localBytes)}}};
    if (found->maxThreads)
      use.figures.emplace_back("max threads",
                               static_cast<int64_t>(found->maxThreads));
    kernel.resources.push_back(std::move(use));
  }
}

class CudaTarget final : public TargetBackend {
public:
  explicit CudaTarget(const TargetConfig &config) {
    options.optLevel = config.optLevel;
    if (auto arch = config.options.find("cuda-arch");
        arch != config.options.end()) {
      options.archs.clear();
      llvm::SmallVector<llvm::StringRef> names;
      llvm::StringRef(arch->second).split(names, ',', -1, false);
      for (llvm::StringRef name : names)
        options.archs.push_back(name.trim().str());
    }
    if (auto path = config.options.find("cuda-path");
        path != config.options.end())
      options.toolkit = path->second;
    else if (const char *root = std::getenv("CUDA_ROOT"))
      options.toolkit = root;
    else
      options.toolkit = LOOM_CUDA_DEFAULT_ROOT;
  }

  artifact::Target artifactTarget() const override {
    return artifact::Target_Cuda;
  }

  std::string hostFallbackTarget() const override { return "cpu"; }

  mlir::FailureOr<KernelLibrary> compile(ModuleOp module) override {
    if (failed(checkOptions(module)))
      return failure();
    KernelLibrary library;
    library.target = artifact::Target_Cuda;
    library.format = artifact::CodeFormat_CudaImages;
    FailureOr<OwningOpRef<ModuleOp>> lowered =
        lowerKernels(module, /*toNvvm=*/true, &library.kernels,
                     &library.hostPlaced);
    if (failed(lowered))
      return failure();
    flatbuffers::FlatBufferBuilder builder;
    std::vector<flatbuffers::Offset<artifact::cuda::Image>> images;
    if (!library.kernels.empty()) {
      for (const std::string &arch : options.archs) {
        FailureOr<std::string> cubin = serialize(**lowered, options, arch, "bin");
        if (failed(cubin))
          return failure();
        recordResources(module, arch, *cubin, library.kernels);
        images.push_back(artifact::cuda::CreateImage(
            builder, artifact::cuda::ImageFormat_Cubin, archNumber(arch),
            builder.CreateVector(
                reinterpret_cast<const uint8_t *>(cubin->data()),
                cubin->size())));
      }
      // PTX of the lowest architecture: any newer GPU JIT-compiles it.
      FailureOr<std::string> ptx =
          serialize(**lowered, options, options.archs.front(), "isa");
      if (failed(ptx))
        return failure();
      images.push_back(artifact::cuda::CreateImage(
          builder, artifact::cuda::ImageFormat_Ptx,
          archNumber(options.archs.front()),
          builder.CreateVector(reinterpret_cast<const uint8_t *>(ptx->data()),
                               ptx->size())));
    }
    builder.Finish(artifact::cuda::CreateLibraryDirect(builder, &images),
                   artifact::cuda::LibraryIdentifier());
    library.code.assign(builder.GetBufferPointer(),
                        builder.GetBufferPointer() + builder.GetSize());
    return library;
  }

  mlir::FailureOr<std::string> emitStage(ModuleOp module,
                                         llvm::StringRef stage) override {
    if (failed(checkOptions(module)))
      return failure();
    // Every kernel must lower here: the stages show the cuda code.
    FailureOr<OwningOpRef<ModuleOp>> lowered =
        lowerKernels(module, /*toNvvm=*/stage != "gpu", nullptr, nullptr);
    if (failed(lowered))
      return failure();
    if (stage == "ptx")
      return serialize(**lowered, options, options.archs.front(), "isa");
    std::string text;
    llvm::raw_string_ostream os(text);
    os << **lowered << "\n";
    return text;
  }

private:
  LogicalResult checkOptions(ModuleOp module) const {
    if (options.archs.empty())
      return module.emitError("cuda: --cuda-arch names no architecture");
    for (const std::string &arch : options.archs)
      if (archNumber(arch) < 75)
        return module.emitError("cuda: --cuda-arch '")
               << arch
               << "' is not an architecture of the form sm_NN that CUDA 13 "
                  "supports (sm_75 or newer)";
    llvm::SmallString<256> ptxas(options.toolkit);
    llvm::sys::path::append(ptxas, "bin", "ptxas");
    if (!llvm::sys::fs::can_execute(ptxas))
      return module.emitError("cuda: no ptxas at ")
             << ptxas << " (give the CUDA toolkit with --cuda-path or "
             << "CUDA_ROOT)";
    return success();
  }

  CudaOptions options;
};

} // namespace

void registerCudaTarget(TargetRegistry &registry) {
  TargetInfo info;
  info.name = "cuda";
  info.description = "NVIDIA GPUs, through MLIR's GPU and NVVM dialects, "
                     "LLVM's NVPTX back end and the CUDA toolkit's ptxas";
  info.options = {
      {"cuda-arch", "comma-separated GPU architectures to compile cubins "
                    "for, lowest first; PTX is added for the lowest "
                    "(default: sm_80,sm_90)"},
      {"cuda-path", "the CUDA toolkit root, holding bin/ptxas and "
                    "nvvm/libdevice (default: $CUDA_ROOT, else " 
                    LOOM_CUDA_DEFAULT_ROOT ")"}};
  info.stages = {{"gpu", "the kernels as gpu.funcs of one gpu.module"},
                 {"nvvm", "the gpu.module in the NVVM and LLVM dialects"},
                 {"ptx", "the PTX of the first --cuda-arch"}};
  info.create = [](const TargetConfig &config) {
    return std::make_unique<CudaTarget>(config);
  };
  registry.add(std::move(info));
}

} // namespace loom
