//===- CudaDriver.cpp - Running device programs on an NVIDIA GPU ----------===//
//
// Part of the Loom project.
//
// A cuda device runs one device program of target Cuda on one GPU (ordinal
// from the driver option cuda.device, default 0), through the CUDA driver
// API loaded at run time (CudaApi.h). Opening it:
//  - loads the driver library and the GPU's primary context; a machine
//    without either gets one line saying what is missing;
//  - loads each CudaImages kernel library as a module (cuModuleLoadData):
//    the cubin for the GPU's architecture (same major version, the highest
//    minor not above the GPU's), else the PTX, which the driver
//    JIT-compiles; looks up every entry point;
//  - loads each CPU kernel library (the host fallback's) with the CPU
//    driver's loader;
//  - allocates the arena and uploads the constants the program uses, once.
// A run allocates the inputs' and outputs' device buffers (kept between
// runs), copies the inputs in on the device's stream, runs the commands in
// order on that stream (Launch: cuLaunchKernel with Launch.workgroups as
// the grid, Launch.block as the block and Launch.shared_memory_bytes; a
// kernel's parameters are its buffers' device pointers in the launch's
// order; Copy: a device-to-device copy), and copies the outputs back. A
// launch of a CPU library synchronizes, copies its arguments to the host,
// runs the CPU kernel over its workgroups on the calling thread and copies
// back the arguments it writes. Collectives are not supported yet (a
// program with one is refused when opened).
//
// Nothing here has run on a GPU yet (docs/cuda.md): scripts/gpu-check.sh
// is the check that exercises it.
//
//===----------------------------------------------------------------------===//

#include "runtime/Driver.h"
#include "runtime/KernelAbi.h"
#include "runtime/drivers/cpu/CpuExecutable.h"
#include "runtime/drivers/cuda/CudaApi.h"
#include "runtime/drivers/cuda/cuda_library_generated.h"

#include <cstring>
#include <map>
#include <memory>
#include <vector>

namespace loom {
namespace {

using namespace loom::cuda;

std::string str(uint64_t value) { return std::to_string(value); }

/// The image of `library` that a GPU of compute capability `capability`
/// (major * 10 + minor) runs: a cubin of the same major version and the
/// highest minor not above the GPU's, else the PTX of the highest
/// architecture not above it; null when there is none.
const artifact::cuda::Image *chooseImage(const artifact::cuda::Library &library,
                                         unsigned capability) {
  const artifact::cuda::Image *cubin = nullptr, *ptx = nullptr;
  for (const artifact::cuda::Image *image : *library.images()) {
    if (!image->data() || image->arch() > capability)
      continue;
    if (image->format() == artifact::cuda::ImageFormat_Cubin) {
      if (image->arch() / 10 == capability / 10 &&
          (!cubin || image->arch() > cubin->arch()))
        cubin = image;
    } else if (image->format() == artifact::cuda::ImageFormat_Ptx) {
      if (!ptx || image->arch() > ptx->arch())
        ptx = image;
    }
  }
  return cubin ? cubin : ptx;
}

class CudaDevice final : public Device {
public:
  CudaDevice(const CudaApi &api, const Artifact &artifact, size_t index)
      : api(api), model(artifact), program(artifact.device(index)),
        plan(artifact.plan(index)), modules(artifact.libraryCount()),
        functions(artifact.libraryCount()),
        hostLibraries(artifact.libraryCount()) {}
  ~CudaDevice() override;

  Status open(int ordinal);
  /// open() refused artifacts with dimension symbols: `symbols` is empty.
  Status run(TensorList inputs, const std::vector<int64_t> &symbols,
             std::vector<Tensor> &outputs) override;

private:
  Status loadLibrary(size_t library);
  Status allocate(CUdeviceptr &pointer, uint64_t size,
                  const std::string &what);
  Status launch(size_t command, const artifact::Launch &launch,
                const std::vector<CUdeviceptr> &buffers);
  Status hostLaunch(size_t command, const artifact::Launch &launch,
                    const std::vector<CUdeviceptr> &buffers);

  const CudaApi &api;
  const Artifact &model;
  const artifact::DeviceProgram &program;
  BufferPlan plan;
  CUdevice device = 0;
  CUcontext context = nullptr;
  bool retained = false;
  CUstream stream = nullptr;
  std::vector<CUmodule> modules;
  std::vector<std::vector<CUfunction>> functions;
  std::vector<CpuExecutable> hostLibraries;
  /// Device memory this device owns: the arena, the constants and the
  /// inputs' and outputs' buffers.
  std::vector<CUdeviceptr> allocations;
  CUdeviceptr arena = 0;
  std::map<size_t, CUdeviceptr> constants, inputBuffers, outputBuffers;
};

CudaDevice::~CudaDevice() {
  if (!context)
    return;
  api.cuCtxSetCurrent(context);
  if (stream) {
    api.cuStreamSynchronize(stream);
    api.cuStreamDestroy(stream);
  }
  for (CUdeviceptr pointer : allocations)
    api.cuMemFree(pointer);
  for (CUmodule module : modules)
    if (module)
      api.cuModuleUnload(module);
  if (retained)
    api.cuDevicePrimaryCtxRelease(device);
}

Status CudaDevice::allocate(CUdeviceptr &pointer, uint64_t size,
                            const std::string &what) {
  // cuMemAlloc refuses 0 bytes; a 1-byte allocation stands for an empty
  // buffer.
  LOOM_RETURN_IF_ERROR(api.check(api.cuMemAlloc(&pointer, size ? size : 1),
                                 "cannot allocate " + str(size) +
                                     " bytes of GPU memory for " + what));
  allocations.push_back(pointer);
  return Status::ok();
}

Status CudaDevice::loadLibrary(size_t index) {
  const artifact::KernelLibrary &library = model.library(index);
  std::string where = "kernel library " + str(index);
  if (library.target() == artifact::Target_Cpu)
    return CpuExecutable::load(model, index, hostLibraries[index]);
  if (library.target() != artifact::Target_Cuda ||
      library.format() != artifact::CodeFormat_CudaImages)
    return unimplemented(
        where + " is " +
        artifact::EnumNameTarget(library.target()) + " code in format " +
        artifact::EnumNameCodeFormat(library.format()) +
        ", which the cuda driver does not load");
  ByteSpan code = model.libraryCode(index);
  flatbuffers::Verifier verifier(code.data, code.size);
  if (!artifact::cuda::VerifyLibraryBuffer(verifier))
    return dataLoss(where + " is not a valid CUDA kernel library");
  const artifact::cuda::Library &images =
      *artifact::cuda::GetLibrary(code.data);
  int major = 0, minor = 0;
  LOOM_RETURN_IF_ERROR(api.check(
      api.cuDeviceGetAttribute(
          &major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device),
      "cannot read the GPU's compute capability"));
  LOOM_RETURN_IF_ERROR(api.check(
      api.cuDeviceGetAttribute(
          &minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device),
      "cannot read the GPU's compute capability"));
  unsigned capability = static_cast<unsigned>(major * 10 + minor);
  const artifact::cuda::Image *image =
      images.images() ? chooseImage(images, capability) : nullptr;
  if (!image) {
    std::string archs;
    for (size_t i = 0; images.images() && i < images.images()->size(); ++i) {
      const artifact::cuda::Image *candidate = images.images()->Get(i);
      archs += (archs.empty() ? "" : ", ") +
               std::string(artifact::cuda::EnumNameImageFormat(
                   candidate->format())) +
               " sm_" + str(candidate->arch());
    }
    return unimplemented(where + " has no code this GPU (sm_" +
                         str(capability) + ") runs (it has " +
                         (archs.empty() ? "none" : archs) +
                         "); compile with --cuda-arch=sm_" + str(capability));
  }
  // PTX goes to the driver as NUL-terminated text.
  std::string ptx;
  const void *data = image->data()->data();
  if (image->format() == artifact::cuda::ImageFormat_Ptx) {
    ptx.assign(reinterpret_cast<const char *>(image->data()->data()),
               image->data()->size());
    data = ptx.c_str();
  }
  LOOM_RETURN_IF_ERROR(api.check(api.cuModuleLoadData(&modules[index], data),
                                 where + ": cannot load its " +
                                     artifact::cuda::EnumNameImageFormat(
                                         image->format()) +
                                     " for sm_" + str(image->arch())));
  const auto *entries = library.entry_points();
  for (size_t e = 0; entries && e < entries->size(); ++e) {
    CUfunction function = nullptr;
    LOOM_RETURN_IF_ERROR(api.check(
        api.cuModuleGetFunction(&function, modules[index],
                                entries->Get(e)->c_str()),
        where + ": no kernel '" + entries->Get(e)->str() + "'"));
    functions[index].push_back(function);
  }
  return Status::ok();
}

Status CudaDevice::open(int ordinal) {
  int count = 0;
  LOOM_RETURN_IF_ERROR(
      api.check(api.cuDeviceGetCount(&count), "cannot count the GPUs"));
  if (ordinal < 0 || ordinal >= count)
    return notFound("cuda: no GPU cuda:" + std::to_string(ordinal) +
                    " (this machine has " + std::to_string(count) + ")");
  LOOM_RETURN_IF_ERROR(api.check(api.cuDeviceGet(&device, ordinal),
                                 "cannot open GPU " + std::to_string(ordinal)));
  LOOM_RETURN_IF_ERROR(
      api.check(api.cuDevicePrimaryCtxRetain(&context, device),
                "cannot create a context on GPU " + std::to_string(ordinal)));
  retained = true;
  LOOM_RETURN_IF_ERROR(
      api.check(api.cuCtxSetCurrent(context), "cannot use the GPU's context"));
  LOOM_RETURN_IF_ERROR(
      api.check(api.cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING),
                "cannot create a stream"));

  std::vector<bool> loaded(model.libraryCount(), false);
  const auto *commands = program.commands();
  for (size_t c = 0; commands && c < commands->size(); ++c) {
    const artifact::Command &command = *commands->Get(c);
    if (command.operation_as_Collective())
      return unimplemented("command " + str(c) +
                           " is a collective, which the cuda driver does not "
                           "run yet (docs/cuda.md)");
    const artifact::Launch *launch = command.operation_as_Launch();
    if (!launch || loaded[launch->library()])
      continue;
    LOOM_RETURN_IF_ERROR(loadLibrary(launch->library()));
    loaded[launch->library()] = true;
  }

  if (plan.arenaSize)
    LOOM_RETURN_IF_ERROR(allocate(arena, plan.arenaSize, "the arena"));
  for (size_t b = 0; b < plan.size(); ++b) {
    const artifact::Buffer &buffer = plan[b];
    if (buffer.kind() != artifact::BufferKind_Constant ||
        constants.count(buffer.index()))
      continue;
    ByteSpan bytes = model.constant(buffer.index());
    CUdeviceptr pointer = 0;
    LOOM_RETURN_IF_ERROR(
        allocate(pointer, bytes.size, "constant " + str(buffer.index())));
    LOOM_RETURN_IF_ERROR(api.check(
        api.cuMemcpyHtoDAsync(pointer, bytes.data, bytes.size, stream),
        "cannot copy constant " + str(buffer.index()) + " to the GPU"));
    constants[buffer.index()] = pointer;
  }
  return api.check(api.cuStreamSynchronize(stream),
                   "cannot upload the constants");
}

Status CudaDevice::launch(size_t command, const artifact::Launch &launch,
                          const std::vector<CUdeviceptr> &buffers) {
  if (!hostLibraries[launch.library()].empty())
    return hostLaunch(command, launch, buffers);
  const std::string &name =
      model.library(launch.library()).entry_points()->Get(launch.entry())->str();
  std::string where = "command " + str(command) + ": kernel '" + name + "'";
  unsigned grid[3] = {1, 1, 1}, block[3] = {1, 1, 1};
  const auto *workgroups = launch.workgroups();
  const auto *threads = launch.block();
  if ((workgroups && workgroups->size() > 3) || (threads && threads->size() > 3))
    return unimplemented(where + " has more than 3 grid or block dimensions");
  for (size_t d = 0; workgroups && d < workgroups->size(); ++d)
    grid[d] = workgroups->Get(d);
  for (size_t d = 0; threads && d < threads->size(); ++d)
    block[d] = threads->Get(d);
  size_t count = launch.arguments() ? launch.arguments()->size() : 0;
  std::vector<CUdeviceptr> values(count);
  std::vector<void *> parameters(count);
  for (size_t a = 0; a < count; ++a) {
    values[a] = buffers[launch.arguments()->Get(a)];
    parameters[a] = &values[a];
  }
  return api.check(
      api.cuLaunchKernel(functions[launch.library()][launch.entry()], grid[0],
                         grid[1], grid[2], block[0], block[1], block[2],
                         launch.shared_memory_bytes(), stream,
                         parameters.data(), nullptr),
      where + ": cannot launch " + str(grid[0]) + "x" + str(grid[1]) + "x" +
          str(grid[2]) + " blocks of " + str(block[0]) + "x" + str(block[1]) +
          "x" + str(block[2]) + " threads");
}

Status CudaDevice::hostLaunch(size_t command, const artifact::Launch &launch,
                              const std::vector<CUdeviceptr> &buffers) {
  const CpuExecutable &library = hostLibraries[launch.library()];
  std::string where = "command " + str(command) + ": host kernel '" +
                      library.entryName(launch.entry()) + "'";
  size_t count = launch.arguments() ? launch.arguments()->size() : 0;
  // One host copy per argument; the plan may alias two arguments (a result
  // in place of an operand), which then share their first copy.
  std::vector<std::vector<uint8_t>> copies(count);
  std::vector<void *> pointers(count);
  std::vector<uint64_t> sizes(count);
  std::map<CUdeviceptr, size_t> first;
  for (size_t a = 0; a < count; ++a) {
    uint32_t buffer = launch.arguments()->Get(a);
    sizes[a] = plan[buffer].byte_size();
    auto [it, inserted] = first.emplace(buffers[buffer], a);
    if (!inserted && sizes[it->second] >= sizes[a]) {
      pointers[a] = pointers[it->second];
      continue;
    }
    copies[a].resize(sizes[a] ? sizes[a] : 1);
    pointers[a] = copies[a].data();
    if (sizes[a])
      LOOM_RETURN_IF_ERROR(api.check(
          api.cuMemcpyDtoHAsync(copies[a].data(), buffers[buffer], sizes[a],
                                stream),
          where + ": cannot copy argument " + str(a) + " to the host"));
  }
  LOOM_RETURN_IF_ERROR(
      api.check(api.cuStreamSynchronize(stream), where + ": cannot wait"));
  uint32_t counts[3] = {1, 1, 1};
  const auto *grid = launch.workgroups();
  for (size_t d = 0; grid && d < grid->size() && d < 3; ++d)
    counts[d] = grid->Get(d);
  loom_kernel_entry_t entry = library.entry(launch.entry());
  for (uint32_t x = 0; x < counts[0]; ++x)
    for (uint32_t y = 0; y < counts[1]; ++y)
      for (uint32_t z = 0; z < counts[2]; ++z) {
        loom_kernel_dispatch_t dispatch;
        dispatch.buffers = pointers.data();
        dispatch.buffer_sizes = sizes.data();
        dispatch.buffer_count = static_cast<uint32_t>(count);
        uint32_t id[3] = {x, y, z};
        for (int d = 0; d < 3; ++d) {
          dispatch.workgroup_count[d] = counts[d];
          dispatch.workgroup_id[d] = id[d];
        }
        if (int32_t result = entry(&dispatch)) {
          std::string reason = library.describeStatus(result, sizes);
          return aborted(where + " returned " + std::to_string(result) +
                         (reason.empty() ? "" : ": " + reason));
        }
      }
  const auto *access = launch.access();
  for (size_t a = 0; a < count; ++a) {
    if (copies[a].empty() || !sizes[a])
      continue;
    if (access && access->Get(a) == artifact::ArgumentAccess_Read)
      continue;
    LOOM_RETURN_IF_ERROR(api.check(
        api.cuMemcpyHtoDAsync(buffers[launch.arguments()->Get(a)],
                              copies[a].data(), sizes[a], stream),
        where + ": cannot copy argument " + str(a) + " back to the GPU"));
  }
  // The host copies must outlive the copies to the GPU.
  return api.check(api.cuStreamSynchronize(stream), where + ": cannot wait");
}

Status CudaDevice::run(TensorList inputs,
                       const std::vector<int64_t> & /*symbols*/,
                       std::vector<Tensor> &outputs) {
  outputs.clear();
  LOOM_RETURN_IF_ERROR(
      api.check(api.cuCtxSetCurrent(context), "cannot use the GPU's context"));
  std::vector<Tensor> results;
  for (const TensorSpec &spec : model.outputs())
    results.emplace_back(spec.dtype, spec.localShape);

  std::vector<CUdeviceptr> buffers(plan.size());
  for (size_t b = 0; b < plan.size(); ++b) {
    const artifact::Buffer &buffer = plan[b];
    switch (buffer.kind()) {
    case artifact::BufferKind_Input: {
      CUdeviceptr &pointer = inputBuffers[buffer.index()];
      const Tensor &input = inputs[buffer.index()];
      if (!pointer) {
        LOOM_RETURN_IF_ERROR(allocate(pointer, input.byteSize(),
                                      "input " + str(buffer.index())));
        if (input.byteSize())
          LOOM_RETURN_IF_ERROR(api.check(
              api.cuMemcpyHtoDAsync(pointer, input.bytes(), input.byteSize(),
                                    stream),
              "cannot copy input " + str(buffer.index()) + " to the GPU"));
      } else if (input.byteSize()) {
        LOOM_RETURN_IF_ERROR(api.check(
            api.cuMemcpyHtoDAsync(pointer, input.bytes(), input.byteSize(),
                                  stream),
            "cannot copy input " + str(buffer.index()) + " to the GPU"));
      }
      buffers[b] = pointer;
      break;
    }
    case artifact::BufferKind_Output: {
      CUdeviceptr &pointer = outputBuffers[buffer.index()];
      if (!pointer)
        LOOM_RETURN_IF_ERROR(
            allocate(pointer, results[buffer.index()].byteSize(),
                     "output " + str(buffer.index())));
      buffers[b] = pointer;
      break;
    }
    case artifact::BufferKind_Constant:
      // open() uploaded every constant of the plan.
      buffers[b] = constants[buffer.index()];
      break;
    case artifact::BufferKind_Arena:
      buffers[b] = arena + buffer.index();
      break;
    }
  }

  const auto *commands = program.commands();
  for (size_t c = 0; commands && c < commands->size(); ++c) {
    const artifact::Command &command = *commands->Get(c);
    if (const artifact::Launch *l = command.operation_as_Launch()) {
      LOOM_RETURN_IF_ERROR(launch(c, *l, buffers));
    } else if (const artifact::Copy *copy = command.operation_as_Copy()) {
      if (copy->byte_size())
        LOOM_RETURN_IF_ERROR(api.check(
            api.cuMemcpyDtoDAsync(buffers[copy->destination()],
                                  buffers[copy->source()], copy->byte_size(),
                                  stream),
            "command " + str(c) + ": cannot copy"));
    } else {
      return unimplemented("command " + str(c) + " has operation type " +
                           str(command.operation_type()) +
                           ", which the cuda driver does not run");
    }
  }
  for (size_t o = 0; o < results.size(); ++o) {
    auto output = outputBuffers.find(o);
    if (output == outputBuffers.end())
      return internalError("output " + str(o) +
                           " has no buffer in the program's plan");
    if (results[o].byteSize())
      LOOM_RETURN_IF_ERROR(api.check(
          api.cuMemcpyDtoHAsync(results[o].bytes(), output->second,
                                results[o].byteSize(), stream),
          "cannot copy output " + str(o) + " from the GPU"));
  }
  LOOM_RETURN_IF_ERROR(api.check(api.cuStreamSynchronize(stream),
                                 "the run failed on the GPU"));
  outputs = std::move(results);
  return Status::ok();
}

class CudaDriver final : public Driver {
public:
  const char *name() const override { return "cuda"; }
  artifact::Target target() const override { return artifact::Target_Cuda; }
  Status open(const Artifact &artifact, size_t program,
              const DeviceOptions &options,
              std::unique_ptr<Device> &out) const override {
    out.reset();
    if (artifact.hasDimSymbols())
      return unimplemented("the cuda driver does not run artifacts with "
                           "symbolic dimensions; compile with static shapes");
    if (artifact.hasDataShapes())
      return unimplemented("the cuda driver does not run artifacts with "
                           "outputs whose size depends on data or on sizes "
                           "given at run time (docs/dynamic-shapes.md); "
                           "compile them for the cpu target");
    int ordinal = 0;
    for (const auto &[key, value] : options.driverOptions) {
      if (key.rfind("cuda.", 0) != 0)
        continue;
      if (key != "cuda.device")
        return invalidArgument("unknown cuda driver option '" + key +
                               "' (cuda.device is the one there is)");
      char *end = nullptr;
      long parsed = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end || parsed < 0 || parsed > 1 << 20)
        return invalidArgument("cuda.device must be a GPU ordinal, not '" +
                               value + "'");
      ordinal = static_cast<int>(parsed);
    }
    const CudaApi *api = nullptr;
    LOOM_RETURN_IF_ERROR(CudaApi::get(api));
    auto device = std::make_unique<CudaDevice>(*api, artifact, program);
    LOOM_RETURN_IF_ERROR(device->open(ordinal));
    out = std::move(device);
    return Status::ok();
  }
};

} // namespace

std::unique_ptr<Driver> createCudaDriver() {
  return std::make_unique<CudaDriver>();
}

} // namespace loom
