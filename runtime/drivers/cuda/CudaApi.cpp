//===- CudaApi.cpp - The CUDA driver API, loaded at run time --------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/drivers/cuda/CudaApi.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

namespace loom::cuda {
namespace {

struct Loaded {
  Status status;
  CudaApi api{};
};

/// Finds `name` in `handle`; false (with `missing` set) when it is absent.
template <typename Function>
bool resolve(void *handle, const char *name, Function &function,
             std::string &missing) {
  function = reinterpret_cast<Function>(dlsym(handle, name));
  if (!function && missing.empty())
    missing = name;
  return function != nullptr;
}

Loaded load() {
  Loaded loaded;
  const char *library = std::getenv("LOOM_CUDA_DRIVER_LIBRARY");
  if (!library || !*library)
    library = "libcuda.so.1";
  void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *error = dlerror();
    loaded.status = notFound(
        std::string("cuda: cannot load the NVIDIA driver library ") +
        library + " (" + (error ? error : "unknown error") +
        "): this machine has no NVIDIA driver, so CUDA artifacts cannot run "
        "here");
    return loaded;
  }
  // The library stays loaded for the life of the process.
  CudaApi &api = loaded.api;
  std::string missing;
  // The _v2 names are the 64-bit entry points cuda.h maps the plain names
  // to.
  resolve(handle, "cuInit", api.cuInit, missing);
  resolve(handle, "cuDriverGetVersion", api.cuDriverGetVersion, missing);
  resolve(handle, "cuDeviceGetCount", api.cuDeviceGetCount, missing);
  resolve(handle, "cuDeviceGet", api.cuDeviceGet, missing);
  resolve(handle, "cuDeviceGetName", api.cuDeviceGetName, missing);
  resolve(handle, "cuDeviceGetAttribute", api.cuDeviceGetAttribute, missing);
  resolve(handle, "cuDevicePrimaryCtxRetain", api.cuDevicePrimaryCtxRetain,
          missing);
  resolve(handle, "cuDevicePrimaryCtxRelease_v2",
          api.cuDevicePrimaryCtxRelease, missing);
  resolve(handle, "cuCtxSetCurrent", api.cuCtxSetCurrent, missing);
  resolve(handle, "cuModuleLoadData", api.cuModuleLoadData, missing);
  resolve(handle, "cuModuleUnload", api.cuModuleUnload, missing);
  resolve(handle, "cuModuleGetFunction", api.cuModuleGetFunction, missing);
  resolve(handle, "cuMemAlloc_v2", api.cuMemAlloc, missing);
  resolve(handle, "cuMemFree_v2", api.cuMemFree, missing);
  resolve(handle, "cuMemcpyHtoDAsync_v2", api.cuMemcpyHtoDAsync, missing);
  resolve(handle, "cuMemcpyDtoHAsync_v2", api.cuMemcpyDtoHAsync, missing);
  resolve(handle, "cuMemcpyDtoDAsync_v2", api.cuMemcpyDtoDAsync, missing);
  resolve(handle, "cuStreamCreate", api.cuStreamCreate, missing);
  resolve(handle, "cuStreamDestroy_v2", api.cuStreamDestroy, missing);
  resolve(handle, "cuStreamSynchronize", api.cuStreamSynchronize, missing);
  resolve(handle, "cuLaunchKernel", api.cuLaunchKernel, missing);
  resolve(handle, "cuGetErrorName", api.cuGetErrorName, missing);
  resolve(handle, "cuGetErrorString", api.cuGetErrorString, missing);
  if (!missing.empty()) {
    loaded.status = notFound(std::string("cuda: the NVIDIA driver library ") +
                             library + " has no " + missing +
                             ": the driver is too old or not NVIDIA's");
    return loaded;
  }
  CUresult result = api.cuInit(0);
  if (result != CUDA_SUCCESS) {
    loaded.status = notFound(
        "cuda: the NVIDIA driver does not start (cuInit: " +
        api.describe(result) + "): no usable GPU on this machine");
    return loaded;
  }
  return loaded;
}

} // namespace

Status CudaApi::get(const CudaApi *&out) {
  static const Loaded loaded = load();
  out = loaded.status.isOk() ? &loaded.api : nullptr;
  return loaded.status;
}

std::string CudaApi::describe(CUresult result) const {
  const char *name = nullptr, *text = nullptr;
  if (cuGetErrorName(result, &name) != CUDA_SUCCESS || !name)
    return "CUDA error " + std::to_string(result);
  std::string description = name;
  if (cuGetErrorString(result, &text) == CUDA_SUCCESS && text)
    description += std::string(" (") + text + ")";
  return description;
}

Status CudaApi::check(CUresult result, const std::string &what) const {
  if (result == CUDA_SUCCESS)
    return Status::ok();
  StatusCode code = StatusCode::Aborted;
  // CUDA_ERROR_OUT_OF_MEMORY
  if (result == 2)
    code = StatusCode::ResourceExhausted;
  return Status(code, "cuda: " + what + ": " + describe(result));
}

} // namespace loom::cuda
