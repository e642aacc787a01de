/*===- data_shaped.c - Micro-kernels of data-dependent result sizes -*- C -*-===//
 *
 * Part of the Loom project.
 *
 * NonZero, Compress, Unique, NonMaxSuppression and Reshape to a run-time
 * shape for generated CPU kernels (loom_ukernels.h has the contracts). Each
 * counts (or checks) first and writes second, so that the bound is checked
 * before anything is written. Portable C, the same in both objects.
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

/* Element `index` of `input` as its bits, the sign bit dropped for floats. */
/* The dims of a result shaped like its input but with `n` slices along
   `axis`; a result of more than `bound` elements is marked by dims[0] = -1
   (the runtime refuses it) and returns 0. */
static int write_dims_along_axis(int64_t *dims, const int64_t *shape,
                                 int64_t rank, int64_t axis, int64_t n,
                                 int64_t elements, int64_t bound) {
  for (int64_t d = 0; d < rank; ++d)
    dims[d] = d == axis ? n : shape[d];
  if (elements > bound) {
    dims[0] = -1;
    return 0;
  }
  return 1;
}

static uint64_t element_bits(const void *input, int64_t element_bytes,
                             int64_t is_float, int64_t index) {
  uint64_t bits = 0, sign = 0;
  switch (element_bytes) {
  case 1:
    bits = ((const uint8_t *)input)[index];
    sign = 0x80u;
    break;
  case 2:
    bits = ((const uint16_t *)input)[index];
    sign = 0x8000u;
    break;
  case 4:
    bits = ((const uint32_t *)input)[index];
    sign = 0x80000000u;
    break;
  default:
    bits = ((const uint64_t *)input)[index];
    sign = 0x8000000000000000u;
    break;
  }
  return is_float ? bits & ~sign : bits;
}

__attribute__((visibility("hidden"))) void
loom_ukernel_nonzero(const void *input, int64_t element_bytes,
                     int64_t is_float, const int64_t *shape, int64_t rank,
                     int64_t *values, int64_t bound, int64_t *dims) {
  int64_t numel = 1;
  for (int64_t d = 0; d < rank; ++d)
    numel *= shape[d];
  int64_t count = 0;
  for (int64_t i = 0; i < numel; ++i)
    count += element_bits(input, element_bytes, is_float, i) != 0;
  if (rank < 1 || count > bound / rank) {
    dims[0] = -1;
    dims[1] = count;
    return;
  }
  /* Column j of the [rank, count] result is the j-th nonzero's index; the
   * index is advanced digit by digit, like an odometer. */
  int64_t index[64];
  if (rank > 64) {
    dims[0] = -1;
    dims[1] = count;
    return;
  }
  memset(index, 0, sizeof(index));
  int64_t column = 0;
  for (int64_t i = 0; i < numel; ++i) {
    if (element_bits(input, element_bytes, is_float, i) != 0) {
      for (int64_t d = 0; d < rank; ++d)
        values[d * count + column] = index[d];
      ++column;
    }
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  if (bound > rank * count)
    zero_bytes(values + rank * count,
               (size_t)(bound - rank * count) * sizeof(int64_t));
  dims[0] = rank;
  dims[1] = count;
}

__attribute__((visibility("hidden"))) void
loom_ukernel_compress(const void *input, const uint8_t *condition,
                      int64_t length, int64_t outer, int64_t size,
                      int64_t inner, int64_t element_bytes, void *values,
                      int64_t bound, const int64_t *shape, int64_t rank,
                      int64_t axis, int64_t *dims) {
  int64_t kept = 0;
  for (int64_t s = 0; s < length && s < size; ++s)
    kept += condition[s] != 0;
  if (!write_dims_along_axis(dims, shape, rank, axis, kept,
                             outer * kept * inner, bound))
    return;
  const uint8_t *from = (const uint8_t *)input;
  uint8_t *to = (uint8_t *)values;
  size_t slice = (size_t)(inner * element_bytes);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t s = 0; s < length && s < size; ++s)
      if (condition[s]) {
        copy_bytes(to, from + (size_t)(o * size + s) * slice, slice);
        to += slice;
      }
  zero_bytes(to, (size_t)((bound - outer * kept * inner) * element_bytes));
}

/* -1, 0 or 1 as element a is below, equal to or above element b. */
static int compare_elements(const void *input, int64_t element_bytes,
                            int64_t kind, int64_t a, int64_t b) {
  if (kind >= LOOM_UKERNEL_FLOAT) {
    double u = loom_float_value(input, element_bytes, kind, a);
    double v = loom_float_value(input, element_bytes, kind, b);
    int u_nan = u != u, v_nan = v != v;
    if (u_nan || v_nan)
      return u_nan == v_nan ? 0 : u_nan ? 1 : -1;
    return u < v ? -1 : u > v ? 1 : 0;
  }
  uint64_t u = element_bits(input, element_bytes, 0, a);
  uint64_t v = element_bits(input, element_bytes, 0, b);
  if (kind == LOOM_UKERNEL_SIGNED && element_bytes < 8) {
    /* Sign-extend to 64 bits. */
    int shift = 64 - 8 * (int)element_bytes;
    u = (uint64_t)((int64_t)(u << shift) >> shift);
    v = (uint64_t)((int64_t)(v << shift) >> shift);
  }
  if (kind == LOOM_UKERNEL_SIGNED)
    return (int64_t)u < (int64_t)v ? -1 : (int64_t)u > (int64_t)v ? 1 : 0;
  return u < v ? -1 : u > v ? 1 : 0;
}

struct slices {
  const void *input;
  int64_t element_bytes, kind, outer, count, inner;
};

/* Slices a and b compared lexicographically, element (o, s, i) by (o, i). */
static int compare_slices(const struct slices *x, int64_t a, int64_t b) {
  for (int64_t o = 0; o < x->outer; ++o)
    for (int64_t i = 0; i < x->inner; ++i) {
      int c = compare_elements(x->input, x->element_bytes, x->kind,
                               (o * x->count + a) * x->inner + i,
                               (o * x->count + b) * x->inner + i);
      if (c)
        return c;
    }
  return 0;
}

/* Slice a before slice b: by value, equal ones by position. */
static int slice_before(const struct slices *x, int64_t a, int64_t b) {
  int c = compare_slices(x, a, b);
  return c ? c < 0 : a < b;
}

/* Heap sort of order[0, n) by slice_before: in place, O(n log n). */
static void sift_down(const struct slices *x, int64_t *order, int64_t root,
                      int64_t n) {
  for (;;) {
    int64_t child = 2 * root + 1;
    if (child >= n)
      return;
    if (child + 1 < n && slice_before(x, order[child], order[child + 1]))
      ++child;
    if (!slice_before(x, order[root], order[child]))
      return;
    int64_t t = order[root];
    order[root] = order[child];
    order[child] = t;
    root = child;
  }
}

static void sort_slices(const struct slices *x, int64_t *order, int64_t n) {
  for (int64_t i = n / 2; i-- > 0;)
    sift_down(x, order, i, n);
  for (int64_t end = n; end-- > 1;) {
    int64_t t = order[0];
    order[0] = order[end];
    order[end] = t;
    sift_down(x, order, 0, end);
  }
}

/* Sorts the pairs (firsts[k], counts[k]) by firsts, which are distinct. */
static void sort_pairs(int64_t *firsts, int64_t *counts, int64_t n) {
  for (int64_t i = 1; i < n; ++i) {
    int64_t f = firsts[i], c = counts[i], j = i;
    /* Binary search for the insertion point, then one shift. */
    int64_t low = 0, high = i;
    while (low < high) {
      int64_t mid = low + (high - low) / 2;
      if (firsts[mid] < f)
        low = mid + 1;
      else
        high = mid;
    }
    for (; j > low; --j) {
      firsts[j] = firsts[j - 1];
      counts[j] = counts[j - 1];
    }
    firsts[low] = f;
    counts[low] = c;
  }
}

__attribute__((visibility("hidden"))) void
loom_ukernel_unique(const void *input, int64_t element_bytes, int64_t kind,
                    int64_t outer, int64_t slices, int64_t inner,
                    int64_t sorted, void *values, int64_t bound,
                    const int64_t *shape, int64_t rank, int64_t axis,
                    int64_t *dims, int64_t *indices, int64_t *inverse,
                    int64_t *counts, int64_t *count_dims) {
  struct slices x = {input, element_bytes, kind, outer, slices, inner};
  /* indices holds the sorted order first; each run of equal slices then
   * becomes one entry (its first position, since equal slices sort by
   * position), written at or before the run's start. */
  for (int64_t s = 0; s < slices; ++s)
    indices[s] = s;
  sort_slices(&x, indices, slices);
  int64_t n = 0;
  for (int64_t p = 0; p < slices;) {
    int64_t q = p + 1;
    while (q < slices && compare_slices(&x, indices[p], indices[q]) == 0)
      ++q;
    for (int64_t r = p; r < q; ++r)
      inverse[indices[r]] = n;
    indices[n] = indices[p];
    counts[n] = q - p;
    ++n;
    p = q;
  }
  if (!sorted) {
    /* By first occurrence: inverse through the first positions, which stay
     * distinct and find their new place by binary search. */
    for (int64_t s = 0; s < slices; ++s)
      inverse[s] = indices[inverse[s]];
    sort_pairs(indices, counts, n);
    for (int64_t s = 0; s < slices; ++s) {
      int64_t low = 0, high = n - 1;
      while (low < high) {
        int64_t mid = low + (high - low) / 2;
        if (indices[mid] < inverse[s])
          low = mid + 1;
        else
          high = mid;
      }
      inverse[s] = low;
    }
  }
  count_dims[0] = n;
  if (!write_dims_along_axis(dims, shape, rank, axis, n, outer * n * inner,
                             bound))
    return;
  const uint8_t *from = (const uint8_t *)input;
  uint8_t *to = (uint8_t *)values;
  size_t slice = (size_t)(inner * element_bytes);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < n; ++k) {
      copy_bytes(to, from + (size_t)(o * slices + indices[k]) * slice, slice);
      to += slice;
    }
  zero_bytes(to, (size_t)((bound - outer * n * inner) * element_bytes));
  for (int64_t k = n; k < slices; ++k)
    indices[k] = counts[k] = 0;
}

/* A box's corners, lower then upper. */
struct box {
  double y_min, x_min, y_max, x_max;
};

static struct box read_box(const float *b, int64_t center_point_box) {
  struct box box;
  if (center_point_box) { /* x_center, y_center, width, height */
    box.x_min = (double)b[0] - (double)b[2] / 2;
    box.x_max = (double)b[0] + (double)b[2] / 2;
    box.y_min = (double)b[1] - (double)b[3] / 2;
    box.y_max = (double)b[1] + (double)b[3] / 2;
  } else {
    box.y_min = b[0] < b[2] ? b[0] : b[2];
    box.y_max = b[0] < b[2] ? b[2] : b[0];
    box.x_min = b[1] < b[3] ? b[1] : b[3];
    box.x_max = b[1] < b[3] ? b[3] : b[1];
  }
  return box;
}

/* Whether the intersection over union of a and b is above `threshold`;
 * never for boxes without area or without an intersection. */
static int suppresses(struct box a, struct box b, double threshold) {
  double y_min = a.y_min > b.y_min ? a.y_min : b.y_min;
  double y_max = a.y_max < b.y_max ? a.y_max : b.y_max;
  double x_min = a.x_min > b.x_min ? a.x_min : b.x_min;
  double x_max = a.x_max < b.x_max ? a.x_max : b.x_max;
  if (y_max <= y_min || x_max <= x_min)
    return 0;
  double area_a = (a.y_max - a.y_min) * (a.x_max - a.x_min);
  double area_b = (b.y_max - b.y_min) * (b.x_max - b.x_min);
  if (area_a <= 0 || area_b <= 0)
    return 0;
  double overlap = (y_max - y_min) * (x_max - x_min);
  double total = area_a + area_b - overlap;
  return total > 0 && overlap / total > threshold;
}

/* Candidate a before b: higher score, equal scores by index. */
static int ranks_before(const float *scores, int64_t a, int64_t b) {
  return scores[a] != scores[b] ? scores[a] > scores[b] : a < b;
}

static void sift_candidates(const float *scores, int64_t *order,
                            int64_t root, int64_t n) {
  for (;;) {
    int64_t child = 2 * root + 1;
    if (child >= n)
      return;
    if (child + 1 < n &&
        ranks_before(scores, order[child], order[child + 1]))
      ++child;
    if (!ranks_before(scores, order[root], order[child]))
      return;
    int64_t t = order[root];
    order[root] = order[child];
    order[child] = t;
    root = child;
  }
}

__attribute__((visibility("hidden"))) void loom_ukernel_non_max_suppression(
    const float *boxes, const float *scores, int64_t batches,
    int64_t classes, int64_t count, const int64_t *max_output,
    const float *iou_threshold, const float *score_threshold,
    int64_t center_point_box, int64_t *selected, int64_t bound,
    int64_t *scratch, int64_t *dims) {
  int64_t limit = *max_output;
  double iou = *iou_threshold;
  int64_t rows = 0;
  for (int64_t b = 0; b < batches; ++b)
    for (int64_t c = 0; c < classes; ++c) {
      const float *score = scores + (b * classes + c) * count;
      const float *box = boxes + b * count * 4;
      int64_t n = 0;
      for (int64_t i = 0; i < count; ++i)
        if (!score_threshold || score[i] > *score_threshold)
          scratch[n++] = i;
      /* Heap sort with "ranks before" as the order: best first. */
      for (int64_t i = n / 2; i-- > 0;)
        sift_candidates(score, scratch, i, n);
      for (int64_t end = n; end-- > 1;) {
        int64_t t = scratch[0];
        scratch[0] = scratch[end];
        scratch[end] = t;
        sift_candidates(score, scratch, 0, end);
      }
      int64_t first = rows;
      for (int64_t r = 0; r < n && rows - first < limit; ++r) {
        int64_t i = scratch[r];
        struct box candidate = read_box(box + i * 4, center_point_box);
        int kept = 1;
        for (int64_t k = first; k < rows && kept; ++k)
          kept = !suppresses(read_box(box + selected[3 * k + 2] * 4,
                                      center_point_box),
                             candidate, iou);
        if (!kept)
          continue;
        if (rows >= bound) {
          dims[0] = -1;
          dims[1] = 3;
          return;
        }
        selected[3 * rows] = b;
        selected[3 * rows + 1] = c;
        selected[3 * rows + 2] = i;
        ++rows;
      }
    }
  if (bound > rows)
    zero_bytes(selected + 3 * rows,
               (size_t)((bound - rows) * 3) * sizeof(int64_t));
  dims[0] = rows;
  dims[1] = 3;
}

__attribute__((visibility("hidden"))) void loom_ukernel_reshape_to_shape(
    const void *input, const int64_t *input_shape, int64_t input_rank,
    int64_t numel, int64_t element_bytes, const int64_t *shape, int64_t rank,
    int64_t allow_zero, int64_t dim_bound, void *values, int64_t *dims) {
  int64_t inferred = -1, known = 1, zeros = 0;
  int valid = 1, any_zero = 0;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t size = shape[d];
    if (size == -1) {
      valid &= inferred < 0;
      inferred = d;
      size = 1;
    } else if (size < 0) {
      valid = 0;
      size = 1;
    } else if (size == 0 && !allow_zero) {
      valid &= d < input_rank;
      size = d < input_rank ? input_shape[d] : 1;
    } else if (size == 0) {
      ++zeros;
    }
    dims[d] = size;
    /* The product of the nonzero sizes saturates past numel (invalid then,
     * unless a size is 0), so that it cannot overflow. */
    if (size == 0)
      any_zero = 1;
    else if (known <= numel)
      known = known > numel / size ? numel + 1 : known * size;
  }
  if (any_zero)
    known = 0;
  valid &= !(zeros && inferred >= 0);
  if (valid && inferred >= 0) {
    if (known == 0 || numel % known != 0)
      valid = 0;
    else
      dims[inferred] = numel / known;
  } else if (valid) {
    valid = known == numel;
  }
  for (int64_t d = 0; valid && d < rank; ++d)
    valid = dims[d] <= dim_bound;
  if (!valid) {
    for (int64_t d = 0; d < rank; ++d)
      dims[d] = -2;
    return;
  }
  if (numel == 0)
    zero_bytes(values, (size_t)element_bytes);
  else if (values != input)
    copy_bytes(values, input, (size_t)(numel * element_bytes));
}
