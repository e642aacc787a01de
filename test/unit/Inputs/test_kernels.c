/*===- test_kernels.c - Kernels for the CPU executor's tests --------------===//
 *
 * Part of the Loom project.
 *
 * A kernel library written by hand against runtime/KernelAbi.h, compiled
 * into a shared object at build time and embedded in artifacts by
 * ExecutorTest.cpp. The f32 kernels split their elements evenly over the
 * workgroups of dimension 0; the element count comes from buffer_sizes.
 *
 *===----------------------------------------------------------------------===*/

#include "runtime/KernelAbi.h"

#include <stddef.h>

const uint32_t loom_kernel_abi_version = LOOM_KERNEL_ABI_VERSION;

/* The range [*begin, *end) of `count` elements that this workgroup owns. */
static void slice(const loom_kernel_dispatch_t *dispatch, uint64_t count,
                  uint64_t *begin, uint64_t *end) {
  uint64_t groups = dispatch->workgroup_count[0];
  uint64_t per = (count + groups - 1) / groups;
  *begin = per * dispatch->workgroup_id[0];
  *end = *begin + per < count ? *begin + per : count;
  if (*begin > count)
    *begin = count;
}

/* buffers: a, b, out (f32, equal sizes); out = a + b. */
int32_t add_f32(const loom_kernel_dispatch_t *dispatch) {
  if (dispatch->buffer_count != 3)
    return 1;
  const float *a = (const float *)dispatch->buffers[0];
  const float *b = (const float *)dispatch->buffers[1];
  float *out = (float *)dispatch->buffers[2];
  uint64_t begin, end;
  slice(dispatch, dispatch->buffer_sizes[2] / sizeof(float), &begin, &end);
  for (uint64_t i = begin; i < end; ++i)
    out[i] = a[i] + b[i];
  return 0;
}

/* buffers: in, factor (one f32), out; out = in * factor. A factor of 0 is
 * refused: workgroup 1 returns 7, the others succeed. */
int32_t scale_f32(const loom_kernel_dispatch_t *dispatch) {
  if (dispatch->buffer_count != 3)
    return 1;
  const float *in = (const float *)dispatch->buffers[0];
  float factor = *(const float *)dispatch->buffers[1];
  float *out = (float *)dispatch->buffers[2];
  if (factor == 0.0f)
    return dispatch->workgroup_id[0] == 1 ? 7 : 0;
  uint64_t begin, end;
  slice(dispatch, dispatch->buffer_sizes[2] / sizeof(float), &begin, &end);
  for (uint64_t i = begin; i < end; ++i)
    out[i] = in[i] * factor;
  return 0;
}

/* buffers: out (i32, one per workgroup of the grid). Each workgroup writes
 * its row-major linear index + 1 into slot `linear index`, so the test sees
 * that every workgroup ran once with the id the ABI promises. */
int32_t record_ids(const loom_kernel_dispatch_t *dispatch) {
  const uint32_t *id = dispatch->workgroup_id;
  const uint32_t *count = dispatch->workgroup_count;
  uint32_t linear = (id[0] * count[1] + id[1]) * count[2] + id[2];
  if ((uint64_t)(linear + 1) * sizeof(uint32_t) > dispatch->buffer_sizes[0])
    return 2;
  ((uint32_t *)dispatch->buffers[0])[linear] = linear + 1;
  return 0;
}

/* buffers: shape (i64 [2], an input), out (i64), dims (i64 [2]): a kernel
 * of a data-shaped output whose shape is given. dims = shape; out holds
 * 1, 2, ... for as many elements as the shape has and its capacity allows,
 * so a test can give the runtime any dims, in or out of bounds. */
int32_t given_shape_i64(const loom_kernel_dispatch_t *dispatch) {
  if (dispatch->buffer_count != 3)
    return 1;
  const int64_t *shape = (const int64_t *)dispatch->buffers[0];
  int64_t *out = (int64_t *)dispatch->buffers[1];
  int64_t *dims = (int64_t *)dispatch->buffers[2];
  dims[0] = shape[0];
  dims[1] = shape[1];
  uint64_t capacity = dispatch->buffer_sizes[1] / sizeof(int64_t);
  for (uint64_t i = 0; i < capacity; ++i)
    out[i] = (int64_t)(i + 1);
  return 0;
}
