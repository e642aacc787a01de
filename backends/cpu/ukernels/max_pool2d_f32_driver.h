/*===- max_pool2d_f32_driver.h - Max pools row by row -------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The loops of loom_ukernel_max_pool2d_f32 shared by its variants, and the
 * scalar row. A variant file defines, before including this:
 *   LOOM_MAX_POOL_ENTRY  the name of its entry point (the contract's
 *                        signature);
 *   optionally LOOM_MAX_POOL_ROW, a function with maxPoolRowScalar's
 *     signature and contract that replaces it, defined before this.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_MAX_POOL2D_F32_DRIVER_H
#define LOOM_BACKENDS_CPU_UKERNELS_MAX_POOL2D_F32_DRIVER_H

#include "backends/cpu/ukernels/loom_ukernels.h"

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

/* One output row: out[x] = max(out[x], window of x), `in` at the row's
 * first window. */
static inline void maxPoolRowScalar(const float *in, int64_t inRowStride,
                                    float *out, int64_t width,
                                    int64_t kernelH, int64_t kernelW,
                                    int64_t strideW, int64_t dilationH,
                                    int64_t dilationW) {
  for (int64_t x = 0; x < width; ++x) {
    float m = out[x];
    for (int64_t i = 0; i < kernelH; ++i)
      for (int64_t j = 0; j < kernelW; ++j)
        m = loomMaximumF(
            m, in[i * dilationH * inRowStride + x * strideW + j * dilationW]);
    out[x] = m;
  }
}

#ifndef LOOM_MAX_POOL_ROW
#define LOOM_MAX_POOL_ROW maxPoolRowScalar
#endif

__attribute__((visibility("hidden"))) void LOOM_MAX_POOL_ENTRY(
    const float *in, int64_t in_channel_stride, int64_t in_row_stride,
    float *out, int64_t out_channel_stride, int64_t out_row_stride,
    int64_t channels, int64_t out_height, int64_t out_width,
    int64_t kernel_height, int64_t kernel_width, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w) {
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t y = 0; y < out_height; ++y)
      LOOM_MAX_POOL_ROW(in + c * in_channel_stride +
                            y * stride_h * in_row_stride,
                        in_row_stride,
                        out + c * out_channel_stride + y * out_row_stride,
                        out_width, kernel_height, kernel_width, stride_w,
                        dilation_h, dilation_w);
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_MAX_POOL2D_F32_DRIVER_H */
