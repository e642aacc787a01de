/*===- data_shaped_axes.c - Micro-kernels of ops on run-time axes -*- C -*-===//
 *
 * Part of the Loom project.
 *
 * Unsqueeze, Squeeze and ReduceSum whose axes are given at run time, for
 * generated CPU kernels (loom_ukernels.h has the contracts). Each checks
 * the axes before it writes anything. Portable C, the same in both
 * objects.
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/loom_ukernels.h"

#include <string.h>

/* Reads `count` axes against `rank` (a negative one adds it) into `marked`
 * (rank flags, cleared first); returns 0 when one is out of range or
 * repeated. */
static int mark_axes(const int64_t *axes, int64_t count, int64_t rank,
                     int64_t *marked) {
  for (int64_t d = 0; d < rank; ++d)
    marked[d] = 0;
  for (int64_t i = 0; i < count; ++i) {
    int64_t axis = axes[i] < 0 ? axes[i] + rank : axes[i];
    if (axis < 0 || axis >= rank || marked[axis])
      return 0;
    marked[axis] = 1;
  }
  return 1;
}

static void invalid(int64_t *dims, int64_t rank) {
  for (int64_t d = 0; d < rank; ++d)
    dims[d] = LOOM_UKERNEL_INVALID_AXES;
}

__attribute__((visibility("hidden"))) void loom_ukernel_runtime_reshape_axes(
    const void *input, const int64_t *shape, int64_t rank, int64_t numel,
    int64_t element_bytes, const int64_t *axes, int64_t count,
    int64_t squeeze, int64_t *marked, void *values, int64_t *dims) {
  int64_t result_rank = squeeze ? rank - count : rank + count;
  if (!mark_axes(axes, count, squeeze ? rank : result_rank, marked)) {
    invalid(dims, result_rank);
    return;
  }
  int64_t next = 0;
  if (squeeze) {
    for (int64_t d = 0; d < rank; ++d) {
      if (!marked[d]) {
        dims[next++] = shape[d];
      } else if (shape[d] != 1) {
        invalid(dims, result_rank);
        return;
      }
    }
  } else {
    for (int64_t d = 0; d < result_rank; ++d)
      dims[d] = marked[d] ? 1 : shape[next++];
  }
  if (numel == 0)
    memset(values, 0, (size_t)element_bytes);
  else if (values != input)
    memcpy(values, input, (size_t)(numel * element_bytes));
}

/* Adds each input element, in row-major order, into the output element of
 * its kept coordinates. */
#define LOOM_SUM_OVER(T)                                                       \
  do {                                                                         \
    const T *in = (const T *)input;                                            \
    T *out = (T *)values;                                                      \
    for (int64_t i = 0; i < numel; ++i) {                                      \
      int64_t position = 0;                                                    \
      for (int64_t d = 0; d < rank; ++d)                                       \
        if (!marked[d])                                                        \
          position = position * shape[d] + index[d];                           \
      out[position] = (T)(out[position] + in[i]);                              \
      for (int64_t d = rank - 1; d >= 0; --d) {                                \
        if (++index[d] < shape[d])                                             \
          break;                                                               \
        index[d] = 0;                                                          \
      }                                                                        \
    }                                                                          \
  } while (0)

__attribute__((visibility("hidden"))) void loom_ukernel_runtime_reduce_sum(
    const void *input, const int64_t *shape, int64_t rank, int64_t numel,
    int64_t kind, int64_t element_bytes, const int64_t *axes, int64_t count,
    int64_t keepdims, int64_t *marked, int64_t *index, void *values,
    int64_t bound, int64_t *dims) {
  int64_t result_rank = keepdims ? rank : rank - count;
  if (!mark_axes(axes, count, rank, marked)) {
    invalid(dims, result_rank);
    return;
  }
  int64_t next = 0;
  for (int64_t d = 0; d < rank; ++d) {
    index[d] = 0;
    if (!marked[d])
      dims[next++] = shape[d];
    else if (keepdims)
      dims[next++] = 1;
  }
  memset(values, 0, (size_t)(bound * element_bytes));
  if (kind == LOOM_UKERNEL_FLOAT && element_bytes == 4)
    LOOM_SUM_OVER(float);
  else if (kind == LOOM_UKERNEL_FLOAT)
    LOOM_SUM_OVER(double);
  /* Integers wrap, signed or not: the sum in unsigned arithmetic. */
  else if (element_bytes == 4)
    LOOM_SUM_OVER(uint32_t);
  else
    LOOM_SUM_OVER(uint64_t);
}

__attribute__((visibility("hidden"))) void loom_ukernel_runtime_pad(
    const void *input, const int64_t *shape, int64_t rank,
    int64_t element_bytes, const int64_t *pads, const void *value,
    int64_t mode, int64_t bound, int64_t *position, void *values,
    int64_t capacity, int64_t *dims) {
  int64_t count = 1, code = 0;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t low = pads[d], high = pads[d + rank], size = shape[d];
    /* In 128 bits: amounts near INT64_MAX cannot overflow the sum. */
    __int128 total = (__int128)size + low + high;
    int padded = low > 0 || high > 0;
    if (total < 0 ||
        (mode != LOOM_UKERNEL_PAD_CONSTANT && padded && size == 0) ||
        (mode == LOOM_UKERNEL_PAD_REFLECT && padded &&
         (low >= size || high >= size)))
      code = LOOM_UKERNEL_INVALID_PADS;
    else if (total > bound && !code)
      code = LOOM_UKERNEL_ABOVE_MAX_DIM;
    dims[d] = code ? 0 : (int64_t)total;
  }
  if (code) {
    for (int64_t d = 0; d < rank; ++d)
      dims[d] = code;
    return;
  }
  for (int64_t d = 0; d < rank; ++d) {
    count *= dims[d];
    position[d] = 0;
  }
  const unsigned char *in = (const unsigned char *)input;
  unsigned char *out = (unsigned char *)values;
  memset(out, 0, (size_t)(capacity * element_bytes));
  for (int64_t i = 0; i < count; ++i) {
    int64_t source = 0, inside = 1;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t p = position[d] - pads[d], size = shape[d];
      if (p < 0 || p >= size) {
        if (mode == LOOM_UKERNEL_PAD_CONSTANT)
          inside = 0;
        else if (mode == LOOM_UKERNEL_PAD_EDGE)
          p = p < 0 ? 0 : size - 1;
        else
          p = p < 0 ? -p : 2 * (size - 1) - p;
      }
      source = source * size + p;
    }
    if (inside)
      memcpy(out + i * element_bytes, in + source * element_bytes,
             (size_t)element_bytes);
    else if (value)
      memcpy(out + i * element_bytes, value, (size_t)element_bytes);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++position[d] < dims[d])
        break;
      position[d] = 0;
    }
  }
}
