/*===- depthwise_conv2d_f32_generic.c - Portable depthwise conv ---*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The portable loom_ukernel_depthwise_conv2d_f32, for targets without
 * AVX2+FMA: the loops of depthwise_conv2d_f32_loops.h, whose output rows the
 * compiler vectorizes for the baseline vector unit.
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/depthwise_conv2d_f32_loops.h"

#include <stdint.h>

#ifndef LOOM_UKERNEL_DEPTHWISE_CONV2D_F32_SYMBOL
#define LOOM_UKERNEL_DEPTHWISE_CONV2D_F32_SYMBOL                               \
  loom_ukernel_depthwise_conv2d_f32
#endif

__attribute__((visibility("hidden"))) void
LOOM_UKERNEL_DEPTHWISE_CONV2D_F32_SYMBOL(
    const float *in, int64_t in_channel_stride, int64_t in_row_stride,
    int64_t in_height, int64_t in_width, int64_t pad_top, int64_t pad_left,
    const float *filter, int64_t filter_channel_stride,
    int64_t filter_row_stride, const float *bias, int64_t bias_stride,
    float *out, int64_t out_channel_stride, int64_t out_row_stride,
    int64_t channels, int64_t out_height, int64_t out_width,
    int64_t kernel_height, int64_t kernel_width, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w, float clamp_min,
    float clamp_max, uint32_t flags) {
  loomDepthwiseConv2dLoops(in, in_channel_stride, in_row_stride, in_height,
                           in_width, pad_top, pad_left, filter,
                           filter_channel_stride, filter_row_stride, bias,
                           bias_stride, out, out_channel_stride, out_row_stride,
                           channels, out_height, out_width, kernel_height,
                           kernel_width, stride_h, stride_w, dilation_h,
                           dilation_w, clamp_min, clamp_max, flags);
}
