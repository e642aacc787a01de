/*===- data_shaped_generators.c - Generators of a run-time size -*- C -*-===//
 *
 * Part of the Loom project.
 *
 * ConstantOfShape, Range and the cosine windows whose size is given at run
 * time, for generated CPU kernels (loom_ukernels.h has the contracts). Each
 * checks the size against its bound (loomc --max-dim) before it writes.
 * Portable C with no library call but memcpy and memset (the kernel shared
 * objects link nothing else), so the windows' cosine is computed here.
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/loom_ukernels.h"

#include <string.h>

/* Every entry of dims set to `code`. */
static void mark_dims(int64_t *dims, int64_t rank, int64_t code) {
  for (int64_t d = 0; d < rank; ++d)
    dims[d] = code;
}

/* Zeros from element `from` to element `to` of `values`. */
static void zero_tail(void *values, int64_t element_bytes, int64_t from,
                      int64_t to) {
  if (to > from)
    memset((char *)values + from * element_bytes, 0,
           (size_t)((to - from) * element_bytes));
}

__attribute__((visibility("hidden"))) void loom_ukernel_constant_of_shape(
    const int64_t *shape, int64_t rank, const void *value,
    int64_t element_bytes, int64_t bound, void *values, int64_t capacity,
    int64_t *dims) {
  int64_t count = 1;
  for (int64_t d = 0; d < rank; ++d) {
    if (shape[d] < 0) {
      mark_dims(dims, rank, LOOM_UKERNEL_INVALID_SIZE);
      return;
    }
  }
  for (int64_t d = 0; d < rank; ++d) {
    if (shape[d] > bound) {
      mark_dims(dims, rank, LOOM_UKERNEL_ABOVE_MAX_DIM);
      return;
    }
    count *= shape[d]; /* at most bound^rank, the capacity */
  }
  for (int64_t i = 0; i < count; ++i)
    memcpy((char *)values + i * element_bytes, value, (size_t)element_bytes);
  zero_tail(values, element_bytes, count, capacity);
  for (int64_t d = 0; d < rank; ++d)
    dims[d] = shape[d];
}

/* Element 0 of `from` (`element_bytes` wide, read as `kind`) as a double
 * and as an int64. */
static double read_double(const void *from, int64_t kind,
                          int64_t element_bytes) {
  if (kind == LOOM_UKERNEL_FLOAT)
    return element_bytes == 4 ? (double)*(const float *)from
                              : *(const double *)from;
  return 0;
}

static int64_t read_int(const void *from, int64_t element_bytes) {
  switch (element_bytes) {
  case 1:
    return *(const int8_t *)from;
  case 2:
    return *(const int16_t *)from;
  case 4:
    return *(const int32_t *)from;
  default:
    return *(const int64_t *)from;
  }
}

/* The low `element_bytes` bytes of `value` into element `index`. */
static void write_int(void *values, int64_t element_bytes, int64_t index,
                      uint64_t value) {
  switch (element_bytes) {
  case 1:
    ((uint8_t *)values)[index] = (uint8_t)value;
    break;
  case 2:
    ((uint16_t *)values)[index] = (uint16_t)value;
    break;
  case 4:
    ((uint32_t *)values)[index] = (uint32_t)value;
    break;
  default:
    ((uint64_t *)values)[index] = value;
    break;
  }
}

/* ceil(q) for a finite q (no libm). */
static double ceil_finite(double q) {
  if (q >= 0x1p52 || q <= -0x1p52)
    return q; /* already an integer */
  double truncated = (double)(int64_t)q;
  return truncated < q ? truncated + 1 : truncated;
}

__attribute__((visibility("hidden"))) void loom_ukernel_range(
    const void *start, const void *limit, const void *delta, int64_t kind,
    int64_t element_bytes, int64_t bound, void *values, int64_t *dims) {
  int64_t count;
  if (kind == LOOM_UKERNEL_FLOAT) {
    double first = read_double(start, kind, element_bytes);
    double step = read_double(delta, kind, element_bytes);
    double steps = (read_double(limit, kind, element_bytes) - first) / step;
    if (step == 0 || steps - steps != 0) { /* 0, NaN or infinite */
      dims[0] = LOOM_UKERNEL_INVALID_SIZE;
      return;
    }
    steps = ceil_finite(steps);
    if (steps > (double)bound) {
      dims[0] = LOOM_UKERNEL_ABOVE_MAX_DIM;
      return;
    }
    count = steps > 0 ? (int64_t)steps : 0;
    /* start + i * delta in the element type, one rounding per operation
     * as the evaluator (separate statements: no contraction into FMA). */
    if (element_bytes == 4) {
      float first32 = (float)first, step32 = (float)step;
      for (int64_t i = 0; i < count; ++i) {
        float product = (float)i * step32;
        ((float *)values)[i] = product + first32;
      }
    } else {
      for (int64_t i = 0; i < count; ++i) {
        double product = (double)i * step;
        ((double *)values)[i] = product + first;
      }
    }
  } else {
    int64_t first = read_int(start, element_bytes);
    int64_t last = read_int(limit, element_bytes);
    int64_t step = read_int(delta, element_bytes);
    if (step == 0) {
      dims[0] = LOOM_UKERNEL_INVALID_SIZE;
      return;
    }
    /* ceil(|limit - start| / |delta|) in uint64, which holds both exactly
     * whatever the int64 inputs. */
    uint64_t span = 0, magnitude;
    if (step > 0) {
      magnitude = (uint64_t)step;
      if (last > first)
        span = (uint64_t)last - (uint64_t)first;
    } else {
      magnitude = (uint64_t)(-(step + 1)) + 1;
      if (last < first)
        span = (uint64_t)first - (uint64_t)last;
    }
    uint64_t steps = span / magnitude + (span % magnitude != 0);
    if (steps > (uint64_t)bound) {
      dims[0] = LOOM_UKERNEL_ABOVE_MAX_DIM;
      return;
    }
    count = (int64_t)steps;
    /* Wraps in the element type, as the evaluator. */
    for (int64_t i = 0; i < count; ++i)
      write_int(values, element_bytes, i,
                (uint64_t)first + (uint64_t)i * (uint64_t)step);
  }
  zero_tail(values, element_bytes, count, bound);
  dims[0] = count;
}

/* cos(x) for x >= 0 of a few turns at most, to about 1e-16: reduced to
 * [0, pi/4] and a Taylor polynomial there (no libm). */
static double cosine(double x) {
  const double two_pi = 6.283185307179586476925286766559;
  const double pi = 3.141592653589793238462643383279;
  if (x != x)
    return x;
  double turns = (double)(int64_t)(x / two_pi);
  double r = x - turns * two_pi; /* [0, 2 pi) up to rounding */
  if (r < 0)
    r = -r;
  if (r > pi)
    r = two_pi - r;
  double sign = 1;
  if (r > pi / 2) {
    r = pi - r;
    sign = -1;
  }
  /* r in [0, pi/2]: cos r directly near 0, sin(pi/2 - r) past pi/4. */
  int use_sine = r > pi / 4;
  double t = use_sine ? pi / 2 - r : r, t2 = t * t, term, sum;
  if (use_sine) {
    term = t;
    sum = t;
    for (int k = 1; k <= 10; ++k) {
      term *= -t2 / (double)((2 * k) * (2 * k + 1));
      sum += term;
    }
  } else {
    term = 1;
    sum = 1;
    for (int k = 1; k <= 10; ++k) {
      term *= -t2 / (double)((2 * k - 1) * (2 * k));
      sum += term;
    }
  }
  return sign * sum;
}

__attribute__((visibility("hidden"))) void loom_ukernel_window(
    const void *size, int64_t size_bytes, int64_t window, int64_t periodic,
    int64_t kind, int64_t element_bytes, int64_t bound, void *values,
    int64_t *dims) {
  const double two_pi = 6.283185307179586476925286766559;
  int64_t length = read_int(size, size_bytes);
  if (length < 0) {
    dims[0] = LOOM_UKERNEL_INVALID_SIZE;
    return;
  }
  if (length > bound) {
    dims[0] = LOOM_UKERNEL_ABOVE_MAX_DIM;
    return;
  }
  double n = periodic ? (double)length : (double)(length - 1);
  for (int64_t i = 0; i < length; ++i) {
    double phase = two_pi * (double)i / n, value;
    if (window == LOOM_UKERNEL_WINDOW_HANN)
      value = 0.5 - 0.5 * cosine(phase);
    else if (window == LOOM_UKERNEL_WINDOW_HAMMING)
      value = 25.0 / 46 - 21.0 / 46 * cosine(phase);
    else
      value = 0.42 - 0.5 * cosine(phase) + 0.08 * cosine(2 * phase);
    if (kind == LOOM_UKERNEL_FLOAT && element_bytes == 4)
      ((float *)values)[i] = (float)value;
    else if (kind == LOOM_UKERNEL_FLOAT)
      ((double *)values)[i] = value;
    else /* truncated toward 0, then wrapped, as Tensor::setDouble */
      write_int(values, element_bytes, i, (uint64_t)(int64_t)value);
  }
  zero_tail(values, element_bytes, length, bound);
  dims[0] = length;
}

__attribute__((visibility("hidden"))) void loom_ukernel_expand_to_shape(
    const void *input, const int64_t *input_shape, int64_t input_rank,
    int64_t element_bytes, const int64_t *shape, int64_t length,
    const int64_t *bounds, int64_t rank, void *values, int64_t capacity,
    int64_t *dims) {
  /* Strides of the input along the result's dimensions, 0 where it
   * broadcasts; at most 8 dimensions on the stack beside the dims. */
  int64_t strides[LOOM_UKERNEL_EXPAND_MAX_RANK], index[LOOM_UKERNEL_EXPAND_MAX_RANK];
  int64_t stride = 1, count = 1, code = 0;
  if (rank > LOOM_UKERNEL_EXPAND_MAX_RANK) {
    mark_dims(dims, rank, LOOM_UKERNEL_INVALID_SIZE);
    return;
  }
  for (int64_t i = rank - 1; i >= 0; --i) {
    int64_t a = i < rank - input_rank ? 1 : input_shape[i - (rank - input_rank)];
    int64_t b = i < rank - length ? 1 : shape[i - (rank - length)];
    int64_t size = a == 1 ? b : a;
    if (b < 0 || (a != b && a != 1 && b != 1))
      code = LOOM_UKERNEL_INVALID_SIZE;
    else if (size > bounds[i] && code == 0)
      code = LOOM_UKERNEL_ABOVE_MAX_DIM;
    dims[i] = size;
    strides[i] = 0;
    if (i >= rank - input_rank) {
      strides[i] = a == 1 ? 0 : stride;
      stride *= a;
    }
  }
  if (code) {
    mark_dims(dims, rank, code);
    return;
  }
  for (int64_t i = 0; i < rank; ++i) {
    count *= dims[i]; /* each at most its bound: no overflow */
    index[i] = 0;
  }
  for (int64_t linear = 0; linear < count; ++linear) {
    int64_t offset = 0;
    for (int64_t i = 0; i < rank; ++i)
      offset += index[i] * strides[i];
    memcpy((char *)values + linear * element_bytes,
           (const char *)input + offset * element_bytes, (size_t)element_bytes);
    for (int64_t i = rank - 1; i >= 0; --i) {
      if (++index[i] < dims[i])
        break;
      index[i] = 0;
    }
  }
  zero_tail(values, element_bytes, count, capacity);
}

__attribute__((visibility("hidden"))) void loom_ukernel_tile_to_repeats(
    const void *input, const int64_t *input_shape, int64_t rank,
    int64_t element_bytes, const int64_t *repeats, const int64_t *bounds,
    void *values, int64_t capacity, int64_t *dims) {
  int64_t strides[LOOM_UKERNEL_EXPAND_MAX_RANK], index[LOOM_UKERNEL_EXPAND_MAX_RANK];
  int64_t stride = 1, count = 1, code = 0;
  if (rank > LOOM_UKERNEL_EXPAND_MAX_RANK) {
    mark_dims(dims, rank, LOOM_UKERNEL_INVALID_SIZE);
    return;
  }
  for (int64_t i = rank - 1; i >= 0; --i) {
    int64_t size = input_shape[i], times = repeats[i];
    if (times < 0)
      code = LOOM_UKERNEL_INVALID_SIZE;
    else if (size && times > bounds[i] / size && code == 0)
      code = LOOM_UKERNEL_ABOVE_MAX_DIM; /* compared before multiplying */
    dims[i] = times < 0 ? 0 : size * (times > bounds[i] ? 0 : times);
    strides[i] = stride;
    stride *= size;
  }
  if (code) {
    mark_dims(dims, rank, code);
    return;
  }
  for (int64_t i = 0; i < rank; ++i) {
    count *= dims[i];
    index[i] = 0;
  }
  for (int64_t linear = 0; linear < count; ++linear) {
    int64_t offset = 0;
    for (int64_t i = 0; i < rank; ++i)
      offset += index[i] % input_shape[i] * strides[i];
    memcpy((char *)values + linear * element_bytes,
           (const char *)input + offset * element_bytes, (size_t)element_bytes);
    for (int64_t i = rank - 1; i >= 0; --i) {
      if (++index[i] < dims[i])
        break;
      index[i] = 0;
    }
  }
  zero_tail(values, element_bytes, count, capacity);
}

__attribute__((visibility("hidden"))) void loom_ukernel_runtime_one_hot(
    const int64_t *indices, int64_t outer, int64_t inner,
    const int64_t *depth, const void *off_on, int64_t element_bytes,
    const int64_t *shape, int64_t rank, int64_t axis, int64_t bound,
    void *values, int64_t capacity, int64_t *dims) {
  int64_t size = *depth;
  if (size < 0) {
    mark_dims(dims, rank, LOOM_UKERNEL_INVALID_SIZE);
    return;
  }
  if (size > bound) { /* in the depth's entry, which the runtime reports */
    mark_dims(dims, rank, 0);
    dims[axis] = LOOM_UKERNEL_ABOVE_MAX_DIM;
    return;
  }
  const char *off = (const char *)off_on, *on = off + element_bytes;
  char *out = (char *)values;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < size; ++k)
      for (int64_t i = 0; i < inner; ++i, out += element_bytes)
        memcpy(out, indices[o * inner + i] == k ? on : off,
               (size_t)element_bytes);
  zero_tail(values, element_bytes, outer * size * inner, capacity);
  for (int64_t d = 0, next = 0; d < rank; ++d)
    dims[d] = d == axis ? size : shape[next++];
}
