/*===- KernelAbi.h - The CPU kernel ABI ---------------------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The contract between the CPU executor and a kernel library of format
 * ElfSharedObject (docs/artifact.md, "CPU kernel ABI"). It is C so that a
 * kernel library can be written or generated without C++. Every entry point
 * is `int32_t entry(const loom_kernel_dispatch_t *dispatch)` with C linkage;
 * it runs one workgroup and returns 0, or non-zero for an error that the
 * executor reports with the kernel's name and workgroup. Workgroups of one
 * launch run concurrently, in any order, on any thread. The library exports
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

#ifdef __cplusplus
}
#endif

#endif /* LOOM_RUNTIME_KERNELABI_H */
