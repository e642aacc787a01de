/*===- max_pool2d_f32_driver.h - Max pools row by row -------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The loops of loom_ukernel_max_pool2d_f32 shared by its variants, and the
 * scalar row. A variant file defines, before including this:
 *   LOOM_MAX_POOL_ENTRY  the name of its entry point (the contract's
 *                        signature);
 *   optionally LOOM_MAX_POOL_ROW, a function with maxPoolRowScalar's
 *     signature and contract that replaces it, defined before this, and
 *     LOOM_MAX_POOL_COLUMNS, the type of what its rows share (made once
 *     per call by LOOM_MAX_POOL_COLUMNS_AT(&columns, column, in_width,
 *     out_width, kernel_width, stride_w, dilation_w), passed to every
 *     row first).
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_MAX_POOL2D_F32_DRIVER_H
#define LOOM_BACKENDS_CPU_UKERNELS_MAX_POOL2D_F32_DRIVER_H

#include "backends/cpu/ukernels/loom_ukernels.h"
#include "backends/cpu/ukernels/window_bounds.h"

#include <stdint.h>
#include <string.h>

#ifndef LOOM_MAX_POOL_ENTRY
#error "a variant names its entry point LOOM_MAX_POOL_ENTRY first"
#endif

/* arith.maximumf of two floats: a NaN if either is one, +0 above -0. */
static inline float loomMaximumF(float a, float b) {
  if (a != a)
    return a;
  if (b != b)
    return b;
  if (a == b) {
    /* Equal values differ at most in the sign of a zero: +0 wins. */
    uint32_t x, y;
    memcpy(&x, &a, 4);
    memcpy(&y, &b, 4);
    x &= y;
    memcpy(&a, &x, 4);
    return a;
  }
  return a > b ? a : b;
}

/* One output row: out[x] = max(out[x], window of x) over the window
 * positions inside the plane's columns [0, inWidth); `in` is the first
 * window row of the row, `column` the input column of output 0's window
 * position j = 0 (negative in the left padding). */
typedef struct {
  int unused;
} MaxPoolNoColumns;

static inline void maxPoolRowScalar(const MaxPoolNoColumns *columns,
                                    const float *in, int64_t inRowStride,
                                    int64_t column, int64_t inWidth, float *out,
                                    int64_t width, int64_t kernelH,
                                    int64_t kernelW, int64_t strideW,
                                    int64_t dilationH, int64_t dilationW) {
  (void)columns;
  for (int64_t x = 0; x < width; ++x) {
    float m = out[x];
    for (int64_t i = 0; i < kernelH; ++i)
      for (int64_t j = 0; j < kernelW; ++j) {
        int64_t q = column + x * strideW + j * dilationW;
        if (q >= 0 && q < inWidth)
          m = loomMaximumF(m, in[i * dilationH * inRowStride + q]);
      }
    out[x] = m;
  }
}

#ifndef LOOM_MAX_POOL_ROW
#define LOOM_MAX_POOL_ROW maxPoolRowScalar
#define LOOM_MAX_POOL_COLUMNS MaxPoolNoColumns
#endif

__attribute__((visibility("hidden"))) void LOOM_MAX_POOL_ENTRY(
    const float *in, int64_t in_channel_stride, int64_t in_row_stride,
    int64_t in_height, int64_t in_width, int64_t pad_top, int64_t pad_left,
    float *out, int64_t out_channel_stride, int64_t out_row_stride,
    int64_t channels, int64_t out_height, int64_t out_width,
    int64_t kernel_height, int64_t kernel_width, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w) {
  LOOM_MAX_POOL_COLUMNS columns;
#ifdef LOOM_MAX_POOL_COLUMNS_AT
  LOOM_MAX_POOL_COLUMNS_AT(&columns, -pad_left, in_width, out_width,
                           kernel_width, stride_w, dilation_w);
#endif
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t y = 0; y < out_height; ++y) {
      /* The window rows inside the plane: a padding row adds nothing. */
      int64_t top = y * stride_h - pad_top;
      int64_t first = loomFirstStepAtLeast(0, top, dilation_h, kernel_height);
      int64_t end =
          loomFirstStepAtLeast(in_height, top, dilation_h, kernel_height);
      if (end > first)
        LOOM_MAX_POOL_ROW(&columns,
                          in + c * in_channel_stride +
                              (top + first * dilation_h) * in_row_stride,
                          in_row_stride, -pad_left, in_width,
                          out + c * out_channel_stride + y * out_row_stride,
                          out_width, end - first, kernel_width, stride_w,
                          dilation_h, dilation_w);
    }
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_MAX_POOL2D_F32_DRIVER_H */
