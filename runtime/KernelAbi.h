/*===- KernelAbi.h - The CPU kernel ABI ---------------------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The contract between the CPU executor and a kernel library of format
 * ElfSharedObject (docs/artifact.md, "CPU kernel ABI"). It is C so that a
 * kernel library can be written or generated without C++. Every entry point
 * is `int32_t entry(const loom_kernel_dispatch_t *dispatch)` with C linkage;
 * it runs one workgroup and returns 0, or one of the statuses below, which
 * the executor reports with the kernel's name. Workgroups of one launch run
 * concurrently, in any order, on any thread. The library exports
 * `const uint32_t loom_kernel_abi_version`, which must equal
 * LOOM_KERNEL_ABI_VERSION; the struct below changes only with that number.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_RUNTIME_KERNELABI_H
#define LOOM_RUNTIME_KERNELABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI version this runtime speaks. */
#define LOOM_KERNEL_ABI_VERSION 1u

/* The name of the version symbol a kernel library exports. */
#define LOOM_KERNEL_ABI_VERSION_SYMBOL "loom_kernel_abi_version"

typedef struct loom_kernel_dispatch_t {
  /* The launch's argument buffers, in the order of Launch.arguments. Inputs
   * and constants must be treated as read-only. */
  void *const *buffers;
  /* The byte size of each buffer, from the buffer plan. */
  const uint64_t *buffer_sizes;
  /* The number of entries in buffers and buffer_sizes. */
  uint32_t buffer_count;
  /* This workgroup's position in the grid, each below workgroup_count. */
  uint32_t workgroup_id[3];
  /* The grid; dimensions the launch leaves out are 1. */
  uint32_t workgroup_count[3];
} loom_kernel_dispatch_t;

typedef int32_t (*loom_kernel_entry_t)(const loom_kernel_dispatch_t *dispatch);

/* What an entry point returns. Loom's generated entries check the dispatch
 * before they touch a buffer, and the code's run-time checks while it runs:
 *  - 0: the workgroup ran.
 *  - LOOM_KERNEL_STATUS_BUFFER_COUNT: buffer_count is not the number of
 *    buffers the kernel takes; nothing ran.
 *  - LOOM_KERNEL_STATUS_BUFFER_SIZE - i (i >= 0): buffer i is smaller than
 *    the kernel reads or writes (buffer_sizes[i] below its shape's bytes);
 *    nothing ran.
 *  - n > 0: run-time check n of the library failed (an index outside its
 *    dimension, an integer division by zero); the workgroup ran to its end
 *    without reading or writing outside a buffer, and its results are
 *    meaningless. The n-th NUL-terminated string of the library's
 *    LOOM_KERNEL_CHECKS_SYMBOL says which check of which node it is.
 * Other negative values are errors without a description. */
#define LOOM_KERNEL_STATUS_OK 0
#define LOOM_KERNEL_STATUS_BUFFER_COUNT (-1)
#define LOOM_KERNEL_STATUS_BUFFER_SIZE (-2)

/* Optional exports describing the statuses n > 0: `const char
 * loom_kernel_checks[]`, the messages one after another, each ended by a
 * NUL, and `const uint32_t loom_kernel_checks_size`, its size in bytes.
 * A library without them still runs; its failures are reported by number. */
#define LOOM_KERNEL_CHECKS_SYMBOL "loom_kernel_checks"
#define LOOM_KERNEL_CHECKS_SIZE_SYMBOL "loom_kernel_checks_size"

#ifdef __cplusplus
}
#endif

#endif /* LOOM_RUNTIME_KERNELABI_H */
