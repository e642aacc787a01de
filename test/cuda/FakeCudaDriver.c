/* A stand-in for libcuda.so.1 that the runtime's cuda driver can load on a
 * machine without a GPU (LOOM_CUDA_DRIVER_LIBRARY), so that tests exercise
 * the driver's own logic: which image it loads, what it allocates and
 * copies, the grid, block and parameters of each launch, and host-fallback
 * launches. Device memory is host memory (zero-filled); a launch runs
 * nothing on the "GPU": it appends one line to the file named by
 * LOOM_FAKE_CUDA_LOG. LOOM_FAKE_CUDA_CC is the compute capability (default
 * 90), LOOM_FAKE_CUDA_GPUS the number of GPUs (default 1). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
typedef unsigned long long CUdeviceptr;

static void logLine(const char *format, ...) {
  const char *path = getenv("LOOM_FAKE_CUDA_LOG");
  if (!path)
    return;
  FILE *file = fopen(path, "a");
  if (!file)
    return;
  va_list args;
  va_start(args, format);
  vfprintf(file, format, args);
  va_end(args);
  fputc('\n', file);
  fclose(file);
}

static int capability(void) {
  const char *cc = getenv("LOOM_FAKE_CUDA_CC");
  return cc ? atoi(cc) : 90;
}

CUresult cuInit(unsigned flags) { (void)flags; return 0; }
CUresult cuDriverGetVersion(int *version) { *version = 13000; return 0; }
CUresult cuDeviceGetCount(int *count) {
  const char *gpus = getenv("LOOM_FAKE_CUDA_GPUS");
  *count = gpus ? atoi(gpus) : 1;
  return 0;
}
CUresult cuDeviceGet(int *device, int ordinal) { *device = ordinal; return 0; }
CUresult cuDeviceGetName(char *name, int length, int device) {
  (void)device;
  snprintf(name, (size_t)length, "fake GPU");
  return 0;
}
CUresult cuDeviceGetAttribute(int *value, int attribute, int device) {
  (void)device;
  if (attribute == 75) /* COMPUTE_CAPABILITY_MAJOR */
    *value = capability() / 10;
  else if (attribute == 76) /* COMPUTE_CAPABILITY_MINOR */
    *value = capability() % 10;
  else
    return 1; /* CUDA_ERROR_INVALID_VALUE */
  return 0;
}
static int context;
CUresult cuDevicePrimaryCtxRetain(void **ctx, int device) {
  (void)device;
  *ctx = &context;
  return 0;
}
CUresult cuDevicePrimaryCtxRelease_v2(int device) { (void)device; return 0; }
CUresult cuCtxSetCurrent(void *ctx) { (void)ctx; return 0; }

static int module;
CUresult cuModuleLoadData(void **out, const void *image) {
  const unsigned char *bytes = image;
  if (memcmp(bytes, "\x7f" "ELF", 4) == 0) {
    logLine("load cubin");
  } else {
    const char *target = strstr((const char *)image, ".target ");
    int length = 0;
    while (target && target[8 + length] && target[8 + length] != '\n')
      ++length;
    logLine("load ptx %.*s", length, target ? target + 8 : "?");
  }
  *out = &module;
  return 0;
}
/* A function handle is its name, copied; the copies live until the module
   is unloaded (as a real driver's handles do). */
static char *functions[1024];
static int functionCount;

CUresult cuModuleUnload(void *m) {
  (void)m;
  for (int i = 0; i < functionCount; ++i)
    free(functions[i]);
  functionCount = 0;
  return 0;
}

CUresult cuModuleGetFunction(void **function, void *m, const char *name) {
  (void)m;
  if (functionCount == (int)(sizeof functions / sizeof *functions))
    return 2; /* CUDA_ERROR_OUT_OF_MEMORY */
  *function = functions[functionCount++] = strdup(name);
  return 0;
}

CUresult cuMemAlloc_v2(CUdeviceptr *pointer, size_t size) {
  *pointer = (CUdeviceptr)(uintptr_t)calloc(1, size);
  return *pointer ? 0 : 2; /* CUDA_ERROR_OUT_OF_MEMORY */
}
CUresult cuMemFree_v2(CUdeviceptr pointer) {
  free((void *)(uintptr_t)pointer);
  return 0;
}
CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr to, const void *from, size_t size,
                              void *stream) {
  (void)stream;
  memcpy((void *)(uintptr_t)to, from, size);
  return 0;
}
CUresult cuMemcpyDtoHAsync_v2(void *to, CUdeviceptr from, size_t size,
                              void *stream) {
  (void)stream;
  memcpy(to, (const void *)(uintptr_t)from, size);
  return 0;
}
CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr to, CUdeviceptr from, size_t size,
                              void *stream) {
  (void)stream;
  memmove((void *)(uintptr_t)to, (const void *)(uintptr_t)from, size);
  return 0;
}
static int streamObject;
CUresult cuStreamCreate(void **stream, unsigned flags) {
  (void)flags;
  *stream = &streamObject;
  return 0;
}
CUresult cuStreamDestroy_v2(void *stream) { (void)stream; return 0; }
CUresult cuStreamSynchronize(void *stream) { (void)stream; return 0; }

/* The parameters (device pointers, whose values vary) are not logged. */
CUresult cuLaunchKernel(void *function, unsigned gx, unsigned gy, unsigned gz,
                        unsigned bx, unsigned by, unsigned bz, unsigned shared,
                        void *stream, void **parameters, void **extra) {
  (void)stream;
  (void)parameters;
  (void)extra;
  logLine("launch %s grid %u %u %u block %u %u %u shared %u", (char *)function,
          gx, gy, gz, bx, by, bz, shared);
  return 0;
}
CUresult cuGetErrorName(CUresult result, const char **name) {
  *name = result == 2 ? "CUDA_ERROR_OUT_OF_MEMORY" : "CUDA_ERROR_UNKNOWN";
  return 0;
}
CUresult cuGetErrorString(CUresult result, const char **text) {
  *text = result == 2 ? "out of memory" : "unknown error";
  return 0;
}
