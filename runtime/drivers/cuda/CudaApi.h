//===- CudaApi.h - The CUDA driver API, loaded at run time ------*- C++ -*-===//
//
// Part of the Loom project.
//
// The runtime builds and runs where no CUDA exists: the functions of the
// CUDA driver API that the cuda driver calls are looked up in libcuda.so.1
// with dlopen/dlsym when a CUDA program is first opened, and the few types
// they take are declared here (ABI-compatible with cuda.h: handles are
// pointers, a device pointer is 64 bits, a result is an int). No header of
// the toolkit is needed to build it.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_DRIVERS_CUDA_CUDAAPI_H
#define LOOM_RUNTIME_DRIVERS_CUDA_CUDAAPI_H

#include "runtime/Status.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace loom::cuda {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;

constexpr CUresult CUDA_SUCCESS = 0;
/// CUdevice_attribute values (cuda.h).
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
/// CUstream_flags: CU_STREAM_NON_BLOCKING.
constexpr unsigned CU_STREAM_NON_BLOCKING = 1;

/// The driver API entry points the cuda driver uses.
struct CudaApi {
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDriverGetVersion)(int *);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDeviceGetName)(char *, int, CUdevice);
  CUresult (*cuDeviceGetAttribute)(int *, int, CUdevice);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuDevicePrimaryCtxRelease)(CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuModuleLoadData)(CUmodule *, const void *);
  CUresult (*cuModuleUnload)(CUmodule);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyHtoDAsync)(CUdeviceptr, const void *, size_t, CUstream);
  CUresult (*cuMemcpyDtoHAsync)(void *, CUdeviceptr, size_t, CUstream);
  CUresult (*cuMemcpyDtoDAsync)(CUdeviceptr, CUdeviceptr, size_t, CUstream);
  CUresult (*cuStreamCreate)(CUstream *, unsigned);
  CUresult (*cuStreamDestroy)(CUstream);
  CUresult (*cuStreamSynchronize)(CUstream);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, unsigned, CUstream,
                             void **, void **);
  CUresult (*cuGetErrorName)(CUresult, const char **);
  CUresult (*cuGetErrorString)(CUresult, const char **);

  /// The API of this process, loaded on the first call: libcuda.so.1
  /// opened (or the library named by the environment variable
  /// LOOM_CUDA_DRIVER_LIBRARY, for tests), every entry point found and
  /// cuInit(0) called. On failure, one line saying what is missing, e.g.
  /// "cuda: cannot load the NVIDIA driver library libcuda.so.1 (...): this
  /// machine has no NVIDIA driver"; the result is kept, so later calls
  /// fail the same way without retrying.
  static Status get(const CudaApi *&out);

  /// "CUDA_ERROR_OUT_OF_MEMORY (out of memory)" for `result`.
  std::string describe(CUresult result) const;
  /// ok() for CUDA_SUCCESS; otherwise an error "cuda: WHAT: <describe>".
  Status check(CUresult result, const std::string &what) const;
};

} // namespace loom::cuda

#endif // LOOM_RUNTIME_DRIVERS_CUDA_CUDAAPI_H
