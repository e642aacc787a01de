/*===- data_shaped_views.c - Views sized at run time --------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * Slice, TopK and Split whose sizes are given at run time, for generated CPU
 * kernels (loom_ukernels.h has the contracts). Each checks its sizes first
 * and writes second: invalid sizes leave the results as they are and mark
 * every entry of the dims with the op's code, which fails the run. Portable
 * C, the same in both objects.
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/element_values.h"
#include "backends/cpu/ukernels/loom_ukernels.h"

#include <string.h>

/* memset and memcpy of `bytes` bytes, nothing at all when there are none:
 * a buffer of no elements may be NULL, which neither may be given. */
static void zero_bytes(void *to, size_t bytes) {
  if (bytes)
    memset(to, 0, bytes);
}

static void copy_bytes(void *to, const void *from, size_t bytes) {
  if (bytes)
    memcpy(to, from, bytes);
}

static void mark_invalid(int64_t *dims, int64_t rank, int64_t code) {
  for (int64_t d = 0; d < rank; ++d)
    dims[d] = code;
}

/* The most dimensions a slice handles (its index lives on the stack). */
#define LOOM_VIEW_MAX_RANK 64

__attribute__((visibility("hidden"))) void loom_ukernel_runtime_slice(
    const void *input, const int64_t *shape, int64_t rank,
    int64_t element_bytes, const int64_t *starts, const int64_t *ends,
    const int64_t *axes, const int64_t *steps, int64_t count, void *values,
    int64_t bound, int64_t *dims) {
  int64_t first[LOOM_VIEW_MAX_RANK], stride[LOOM_VIEW_MAX_RANK],
      size[LOOM_VIEW_MAX_RANK], pitch[LOOM_VIEW_MAX_RANK];
  unsigned char seen[LOOM_VIEW_MAX_RANK];
  if (rank < 1 || rank > LOOM_VIEW_MAX_RANK) {
    mark_invalid(dims, rank, LOOM_UKERNEL_INVALID_SLICE);
    return;
  }
  for (int64_t d = 0; d < rank; ++d) {
    first[d] = 0;
    stride[d] = 1;
    size[d] = shape[d];
    seen[d] = 0;
  }
  for (int64_t i = 0; i < count; ++i) {
    int64_t axis = axes[i], step = steps[i];
    if (axis < 0)
      axis += rank;
    if (axis < 0 || axis >= rank || seen[axis] || step == 0) {
      mark_invalid(dims, rank, LOOM_UKERNEL_INVALID_SLICE);
      return;
    }
    seen[axis] = 1;
    int64_t dim = shape[axis], start = starts[i], end = ends[i];
    if (start < 0)
      start += dim;
    if (end < 0)
      end += dim;
    /* Forward: both in [0, dim]; backward: the start in [0, dim - 1], the
     * end in [-1, dim - 1]. An empty dimension selects nothing either way. */
    int64_t low = step > 0 || dim == 0 ? 0 : -1;
    int64_t high = step > 0 || dim == 0 ? dim : dim - 1;
    start = start < 0 ? 0 : start > high ? high : start;
    end = end < low ? low : end > high ? high : end;
    uint64_t magnitude = step > 0 ? (uint64_t)step : 0 - (uint64_t)step;
    int64_t span = step > 0 ? end - start : start - end;
    size[axis] =
        span <= 0 ? 0 : (int64_t)((uint64_t)(span - 1) / magnitude + 1);
    first[axis] = start;
    stride[axis] = step;
  }
  int64_t total = 1;
  for (int64_t d = 0; d < rank; ++d)
    total *= size[d];
  if (total > bound) {
    mark_invalid(dims, rank, LOOM_UKERNEL_INVALID_SLICE);
    return;
  }
  pitch[rank - 1] = 1;
  for (int64_t d = rank - 1; d > 0; --d)
    pitch[d - 1] = pitch[d] * shape[d];
  /* An odometer over the result's index; `offset` is the element of the
   * input it reads, moved by one step of a dimension at a time. */
  const unsigned char *from = (const unsigned char *)input;
  unsigned char *to = (unsigned char *)values;
  size_t bytes = (size_t)element_bytes;
  int64_t index[LOOM_VIEW_MAX_RANK];
  int64_t offset = 0;
  for (int64_t d = 0; d < rank; ++d) {
    index[d] = 0;
    offset += first[d] * pitch[d];
  }
  for (int64_t i = 0; i < total; ++i) {
    copy_bytes(to + (size_t)i * bytes, from + (size_t)offset * bytes, bytes);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < size[d]) {
        offset += stride[d] * pitch[d];
        break;
      }
      offset -= (index[d] - 1) * stride[d] * pitch[d];
      index[d] = 0;
    }
  }
  zero_bytes(to + (size_t)total * bytes, (size_t)(bound - total) * bytes);
  for (int64_t d = 0; d < rank; ++d)
    dims[d] = size[d];
}

static int64_t signed_value(const void *input, int64_t element_bytes,
                            int64_t index) {
  switch (element_bytes) {
  case 1:
    return ((const int8_t *)input)[index];
  case 2:
    return ((const int16_t *)input)[index];
  case 4:
    return ((const int32_t *)input)[index];
  default:
    return ((const int64_t *)input)[index];
  }
}

static uint64_t unsigned_value(const void *input, int64_t element_bytes,
                               int64_t index) {
  switch (element_bytes) {
  case 1:
    return ((const uint8_t *)input)[index];
  case 2:
    return ((const uint16_t *)input)[index];
  case 4:
    return ((const uint32_t *)input)[index];
  default:
    return ((const uint64_t *)input)[index];
  }
}

/* Whether element `a` of the input comes strictly before element `b` in
 * TopK's order: larger first (smaller with !largest), NaN above every
 * number, -0.0 equal to 0.0. */
static int topk_before(const void *input, int64_t kind, int64_t element_bytes,
                       int64_t largest, int64_t a, int64_t b) {
  if (kind == LOOM_UKERNEL_SIGNED) {
    int64_t x = signed_value(input, element_bytes, a);
    int64_t y = signed_value(input, element_bytes, b);
    return largest ? x > y : x < y;
  }
  if (kind == LOOM_UKERNEL_UNSIGNED) {
    uint64_t x = unsigned_value(input, element_bytes, a);
    uint64_t y = unsigned_value(input, element_bytes, b);
    return largest ? x > y : x < y;
  }
  double x = loom_float_value(input, element_bytes, kind, a);
  double y = loom_float_value(input, element_bytes, kind, b);
  int x_nan = x != x, y_nan = y != y;
  if (x_nan || y_nan)
    return largest ? x_nan && !y_nan : y_nan && !x_nan;
  return largest ? x > y : x < y;
}

__attribute__((visibility("hidden"))) void loom_ukernel_runtime_topk(
    const void *input, int64_t element_bytes, int64_t kind, int64_t outer,
    int64_t size, int64_t inner, const int64_t *shape, int64_t rank,
    int64_t axis, const int64_t *k_value, int64_t largest, void *values,
    int64_t *indices, int64_t bound, int64_t *scratch, int64_t *dims) {
  int64_t k = k_value[0];
  if (k < 0 || k > size || outer * k * inner > bound) {
    mark_invalid(dims, rank, LOOM_UKERNEL_INVALID_TOPK);
    return;
  }
  const unsigned char *from = (const unsigned char *)input;
  unsigned char *to = (unsigned char *)values;
  size_t bytes = (size_t)element_bytes;
  int64_t *order = scratch, *merged = scratch + size;
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t n = 0; n < inner; ++n) {
      int64_t base = o * size * inner + n;
      /* A bottom-up merge sort of the positions along the axis: stable, so
       * equal elements keep the lower index first. */
      for (int64_t i = 0; i < size; ++i)
        order[i] = i;
      for (int64_t width = 1; width < size; width *= 2) {
        for (int64_t left = 0; left < size; left += 2 * width) {
          int64_t middle = left + width < size ? left + width : size;
          int64_t right = middle + width < size ? middle + width : size;
          int64_t i = left, j = middle, out = left;
          while (i < middle && j < right)
            merged[out++] =
                topk_before(input, kind, element_bytes, largest,
                            base + order[j] * inner, base + order[i] * inner)
                    ? order[j++]
                    : order[i++];
          while (i < middle)
            merged[out++] = order[i++];
          while (j < right)
            merged[out++] = order[j++];
        }
        int64_t *swap = order;
        order = merged;
        merged = swap;
      }
      for (int64_t i = 0; i < k; ++i) {
        int64_t out = (o * k + i) * inner + n;
        copy_bytes(to + (size_t)out * bytes,
                   from + (size_t)(base + order[i] * inner) * bytes, bytes);
        indices[out] = order[i];
      }
      order = scratch;
      merged = scratch + size;
    }
  }
  int64_t total = outer * k * inner;
  zero_bytes(to + (size_t)total * bytes, (size_t)(bound - total) * bytes);
  zero_bytes(indices + total, (size_t)(bound - total) * sizeof(int64_t));
  for (int64_t d = 0; d < rank; ++d)
    dims[d] = d == axis ? k : shape[d];
}

__attribute__((visibility("hidden"))) void loom_ukernel_runtime_split(
    const void *input, int64_t element_bytes, int64_t outer, int64_t size,
    int64_t inner, const int64_t *shape, int64_t rank, int64_t axis,
    const int64_t *split, int64_t parts, int64_t part, void *values,
    int64_t bound, int64_t *dims) {
  /* The sum stops growing once past the size, so that it cannot overflow. */
  int64_t total = 0, offset = 0;
  int valid = 1;
  for (int64_t i = 0; i < parts; ++i) {
    valid &= split[i] >= 0;
    if (i == part)
      offset = total;
    if (split[i] >= 0 && total <= size)
      total += split[i] > size ? size + 1 : split[i];
  }
  if (!valid || total != size || part < 0 || part >= parts ||
      outer * split[part] * inner > bound) {
    mark_invalid(dims, rank, LOOM_UKERNEL_INVALID_SPLIT);
    return;
  }
  int64_t length = split[part];
  const unsigned char *from = (const unsigned char *)input;
  unsigned char *to = (unsigned char *)values;
  size_t row = (size_t)(length * inner * element_bytes);
  for (int64_t o = 0; o < outer; ++o)
    copy_bytes(to + (size_t)o * row,
               from + (size_t)((o * size + offset) * inner * element_bytes),
               row);
  zero_bytes(to + (size_t)outer * row,
             (size_t)((bound - outer * length * inner) * element_bytes));
  for (int64_t d = 0; d < rank; ++d)
    dims[d] = d == axis ? length : shape[d];
}
