/*===- data_shaped_resize.c - Resize by run-time scales or sizes -*- C -*-===//
 *
 * Part of the Loom project.
 *
 * ONNX Resize whose scales or sizes are given at run time, for generated CPU
 * kernels (loom_ukernels.h has the contract). Each dimension's taps (input
 * positions and weights) are tabulated first, then every output element
 * sums the products of its taps' weights times the input element, in f64.
 * Written from ONNX's reference (interpolate_1d_with_x), independently of
 * the evaluator's separable kernel it is checked against. Portable C with
 * no library call but memset (the kernel objects link no libm).
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/loom_ukernels.h"

#include <string.h>

/* floor(c) for a finite c (no libm). */
static double floor_finite(double c) {
  if (c >= 0x1p52 || c <= -0x1p52)
    return c; /* already an integer */
  double truncated = (double)(int64_t)c;
  return truncated > c ? truncated - 1 : truncated;
}

/* `c` clamped to [0, last] as a position. */
static int64_t clamp_position(double c, int64_t last) {
  if (!(c > 0))
    return 0;
  return c > (double)last ? last : (int64_t)c;
}

/* The taps of output position x of one dimension (input size `in` >= 1,
 * real-valued output length `length`) into `index`/`weight`; returns their
 * number, without those of weight 0, or -1 when tf_crop_and_resize maps
 * x outside the input. */
static int64_t resize_taps(const int64_t *options, const double *coefficients,
                           int64_t x, double scale, double length, int64_t in,
                           double start, double end, int64_t *index,
                           double *weight) {
  double p = (double)x, last = (double)(in - 1), c = 0;
  switch (options[LOOM_UKERNEL_RESIZE_OPTION_TRANSFORM]) {
  case LOOM_UKERNEL_RESIZE_HALF_PIXEL:
    c = (p + 0.5) / scale - 0.5;
    break;
  case LOOM_UKERNEL_RESIZE_PYTORCH_HALF_PIXEL:
    c = length == 1 ? -0.5 : (p + 0.5) / scale - 0.5;
    break;
  case LOOM_UKERNEL_RESIZE_ALIGN_CORNERS:
    c = length == 1 ? 0.0 : p * last / (length - 1);
    break;
  case LOOM_UKERNEL_RESIZE_ASYMMETRIC:
    c = p / scale;
    break;
  case LOOM_UKERNEL_RESIZE_TF_HALF_PIXEL_FOR_NN:
    c = (p + 0.5) / scale;
    break;
  default: /* LOOM_UKERNEL_RESIZE_TF_CROP_AND_RESIZE */
    if (length == 1)
      c = (end - start) * last / 2 + start * last;
    else
      c = p * (end - start) * last / (length - 1) + start * last;
    if (!(c >= 0 && c <= last))
      return -1;
    break;
  }
  /* ONNX's taps start at the lower neighbour with a fraction in (0, 1]: a
   * whole c is the upper neighbour of c - 1. */
  double lower = floor_finite(c);
  double r = c - lower;
  if (r == 0) {
    lower -= 1;
    r = 1;
  }
  double w[4];
  int64_t taps, first;
  switch (options[LOOM_UKERNEL_RESIZE_OPTION_MODE]) {
  case LOOM_UKERNEL_RESIZE_NEAREST: {
    int upper;
    switch (options[LOOM_UKERNEL_RESIZE_OPTION_ROUNDING]) {
    case LOOM_UKERNEL_ROUND_PREFER_FLOOR:
      upper = r > 0.5;
      break;
    case LOOM_UKERNEL_ROUND_PREFER_CEIL:
      upper = r >= 0.5;
      break;
    case LOOM_UKERNEL_ROUND_FLOOR:
      upper = r == 1;
      break;
    case LOOM_UKERNEL_ROUND_FLOOR_GROWING_CEIL_SHRINKING:
      upper = scale >= 1 ? r == 1 : 1;
      break;
    default:
      upper = 1;
      break;
    }
    index[0] = clamp_position(upper ? lower + 1 : lower, in - 1);
    weight[0] = 1;
    return 1;
  }
  case LOOM_UKERNEL_RESIZE_LINEAR:
    taps = 2;
    first = (int64_t)lower;
    w[0] = 1 - r;
    w[1] = r;
    break;
  default: { /* LOOM_UKERNEL_RESIZE_CUBIC: Keys' weights */
    double a = coefficients[0];
    double t0 = r + 1, t1 = r, t2 = 1 - r, t3 = 2 - r;
    w[0] = ((a * t0 - 5 * a) * t0 + 8 * a) * t0 - 4 * a;
    w[1] = ((a + 2) * t1 - (a + 3)) * t1 * t1 + 1;
    w[2] = ((a + 2) * t2 - (a + 3)) * t2 * t2 + 1;
    w[3] = ((a * t3 - 5 * a) * t3 + 8 * a) * t3 - 4 * a;
    taps = 4;
    first = (int64_t)lower - 1;
    if (options[LOOM_UKERNEL_RESIZE_OPTION_EXCLUDE_OUTSIDE]) {
      double sum = 0;
      for (int64_t k = 0; k < 4; ++k) {
        if (first + k < 0 || first + k >= in)
          w[k] = 0;
        sum += w[k];
      }
      for (int64_t k = 0; k < 4; ++k)
        w[k] /= sum;
    }
    break;
  }
  }
  int64_t kept = 0;
  for (int64_t k = 0; k < taps; ++k) {
    if (w[k] == 0)
      continue;
    index[kept] = clamp_position((double)(first + k), in - 1);
    weight[kept++] = w[k];
  }
  return kept;
}

__attribute__((visibility("hidden"))) void loom_ukernel_runtime_resize(
    const void *input, const int64_t *shape, int64_t rank,
    int64_t element_bytes, const void *target, const double *roi,
    const int64_t *options, const double *coefficients,
    const int64_t *bounds, int64_t stride, int64_t *tap_index,
    double *tap_weight, int64_t *tap_count, int64_t *position, void *values,
    int64_t capacity, int64_t *dims) {
  int by_sizes = options[LOOM_UKERNEL_RESIZE_OPTION_BY_SIZES] != 0;
  int64_t code = 0, count = 1, above = 0;
  /* The sizes first: every dims entry, or the code in all of them. */
  for (int64_t d = 0; d < rank && !code; ++d) {
    if (by_sizes) {
      int64_t size = ((const int64_t *)target)[d];
      if (size < 0 || (shape[d] == 0 && size != 0))
        code = LOOM_UKERNEL_INVALID_RESIZE;
      else if (size > bounds[d])
        code = LOOM_UKERNEL_ABOVE_MAX_DIM, above = d;
      else
        dims[d] = size;
    } else {
      double scale = ((const double *)target)[d];
      double length = (double)shape[d] * scale;
      if (!(scale > 0) || scale - scale != 0 ||
          (options[LOOM_UKERNEL_RESIZE_OPTION_ENLARGE_ONLY] && !(scale >= 1)))
        code = LOOM_UKERNEL_INVALID_RESIZE;
      else if (!(length < (double)bounds[d] + 1))
        code = LOOM_UKERNEL_ABOVE_MAX_DIM, above = d;
      else
        dims[d] = (int64_t)floor_finite(length);
    }
  }
  if (code) {
    /* Above a bound: in that dimension's entry alone (0 in the others), so
     * that the runtime names its bound. */
    for (int64_t d = 0; d < rank; ++d)
      dims[d] = code == LOOM_UKERNEL_INVALID_RESIZE || d == above ? code : 0;
    return;
  }
  memset(values, 0, (size_t)(capacity * element_bytes));
  for (int64_t d = 0; d < rank; ++d)
    count *= dims[d];
  if (count == 0)
    return;
  for (int64_t d = 0; d < rank; ++d) {
    double in = (double)shape[d];
    double scale = by_sizes ? (double)dims[d] / in
                            : ((const double *)target)[d];
    double start = roi ? roi[d] : 0, end = roi ? roi[rank + d] : 0;
    for (int64_t x = 0; x < dims[d]; ++x) {
      int64_t slot = d * stride + x;
      tap_count[slot] = resize_taps(options, coefficients, x, scale,
                                    scale * in, shape[d], start, end,
                                    tap_index + 4 * slot, tap_weight + 4 * slot);
    }
  }
  int64_t *taken = position + rank; /* which tap of each dimension */
  for (int64_t d = 0; d < rank; ++d)
    position[d] = 0;
  for (int64_t i = 0; i < count; ++i) {
    int outside = 0;
    for (int64_t d = 0; d < rank; ++d) {
      outside |= tap_count[d * stride + position[d]] < 0;
      taken[d] = 0;
    }
    double sum = coefficients[1];
    if (!outside) {
      sum = 0;
      for (;;) {
        double w = 1;
        int64_t source = 0;
        for (int64_t d = 0; d < rank; ++d) {
          int64_t tap = 4 * (d * stride + position[d]) + taken[d];
          w *= tap_weight[tap];
          source = source * shape[d] + tap_index[tap];
        }
        if (w != 0)
          sum += w * (element_bytes == 4
                          ? (double)((const float *)input)[source]
                          : ((const double *)input)[source]);
        int64_t d = rank - 1;
        for (; d >= 0; --d) {
          if (++taken[d] < tap_count[d * stride + position[d]])
            break;
          taken[d] = 0;
        }
        if (d < 0)
          break;
      }
    }
    if (element_bytes == 4)
      ((float *)values)[i] = (float)sum;
    else
      ((double *)values)[i] = sum;
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++position[d] < dims[d])
        break;
      position[d] = 0;
    }
  }
}
