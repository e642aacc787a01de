/*===- depthwise_conv2d_f32_loops.h - Depthwise conv as loops -----*- C -*-===//
 *
 * Part of the Loom project.
 *
 * loom_ukernel_depthwise_conv2d_f32 as plain loops over one output row at a
 * time, the row innermost so that a compiler vectorizes it: the whole of the
 * portable variant, and the fallback of the SIMD variants for the strides
 * and dilations their tiles do not cover. Each output element accumulates
 * its window in the contract's order, with a multiply and an add; a
 * position in the padding adds zero times its weight, as a padded copy
 * would, and the columns in the padding are split off each row's loop so
 * that the loop over the rest reads the input unconditionally.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_DEPTHWISE_CONV2D_F32_LOOPS_H
#define LOOM_BACKENDS_CPU_UKERNELS_DEPTHWISE_CONV2D_F32_LOOPS_H

#include "backends/cpu/ukernels/loom_ukernels.h"
#include "backends/cpu/ukernels/window_bounds.h"

#include <stdint.h>

/* The epilogue of one element: bias, then the clamp, written so that a NaN
 * sum stays NaN (a comparison with NaN is false). */
static inline float loomDepthwiseEpilogue(float acc, float bias, float lo,
                                          float hi) {
  acc += bias;
  acc = acc < lo ? lo : acc;
  return acc > hi ? hi : acc;
}

static void loomDepthwiseConv2dLoops(
    const float *in, int64_t in_channel_stride, int64_t in_row_stride,
    int64_t in_height, int64_t in_width, int64_t pad_top, int64_t pad_left,
    const float *filter, int64_t filter_channel_stride,
    int64_t filter_row_stride, const float *bias, int64_t bias_stride,
    float *restrict out, int64_t out_channel_stride, int64_t out_row_stride,
    int64_t channels, int64_t out_height, int64_t out_width,
    int64_t kernel_height, int64_t kernel_width, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w, float clamp_min,
    float clamp_max, uint32_t flags) {
  for (int64_t c = 0; c < channels; ++c) {
    const float *plane = in + c * in_channel_stride;
    const float *weights = filter + c * filter_channel_stride;
    /* -0 is the identity of addition (x + -0 == x, also for x = -0). */
    float b = bias ? bias[c * bias_stride] : -0.0f;
    for (int64_t y = 0; y < out_height; ++y) {
      float *row = out + c * out_channel_stride + y * out_row_stride;
      if (!(flags & LOOM_UKERNEL_ACCUMULATE))
        for (int64_t x = 0; x < out_width; ++x)
          row[x] = 0.0f;
      for (int64_t i = 0; i < kernel_height; ++i) {
        int64_t r = y * stride_h + i * dilation_h - pad_top;
        int rowInside = r >= 0 && r < in_height;
        for (int64_t j = 0; j < kernel_width; ++j) {
          float w = weights[i * filter_row_stride + j];
          /* Input column x * stride_w + offset; the padding is a zero
           * multiplied like an element, as in a padded copy. */
          int64_t offset = j * dilation_w - pad_left;
          int64_t begin =
              rowInside ? loomFirstStepAtLeast(0, offset, stride_w, out_width)
                        : out_width;
          int64_t end = rowInside ? loomFirstStepAtLeast(in_width, offset,
                                                         stride_w, out_width)
                                  : out_width;
          end = end < begin ? begin : end;
          for (int64_t x = 0; x < begin; ++x)
            row[x] += 0.0f * w;
          if (begin < end) {
            const float *first = plane + r * in_row_stride + offset;
            if (stride_w == 1)
              for (int64_t x = begin; x < end; ++x)
                row[x] += first[x] * w;
            else
              for (int64_t x = begin; x < end; ++x)
                row[x] += first[x * stride_w] * w;
          }
          for (int64_t x = end; x < out_width; ++x)
            row[x] += 0.0f * w;
        }
      }
      for (int64_t x = 0; x < out_width; ++x)
        row[x] = loomDepthwiseEpilogue(row[x], b, clamp_min, clamp_max);
    }
  }
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_DEPTHWISE_CONV2D_F32_LOOPS_H */
