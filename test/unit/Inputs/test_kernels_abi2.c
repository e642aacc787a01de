/*===- test_kernels_abi2.c - A kernel library of a future ABI -------------===//
 *
 * Part of the Loom project.
 *
 * Exports kernel ABI version 2, which the runtime must refuse to load.
 *
 *===----------------------------------------------------------------------===*/

#include <stdint.h>

const uint32_t loom_kernel_abi_version = 2;

int32_t add_f32(const void *dispatch) {
  (void)dispatch;
  return 0;
}

int32_t scale_f32(const void *dispatch) {
  (void)dispatch;
  return 0;
}
