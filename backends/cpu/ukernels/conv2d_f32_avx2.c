/*===- conv2d_f32_avx2.c - Direct convolution, AVX2+FMA -----------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * loom_ukernel_conv2d_f32 with the portable tile compiled for AVX2+FMA, and
 * the AVX2+FMA object's entry point, which runs the AVX-512 variant
 * (conv2d_f32_avx512.c) where the CPU has it and the OS saves its
 * registers. The compiler uses the direct convolution only for targets
 * with AVX-512 (docs/cpu-backend.md); this variant is the correct answer
 * for the rest.
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/conv2d_f32_isa.h"
#include "backends/cpu/ukernels/conv2d_f32_portable_tile.h"
#include "backends/cpu/ukernels/x86_cpu_state.h"

#include <stdint.h>

#define LOOM_CONV_ENTRY loom_ukernel_conv2d_f32_avx2
#include "backends/cpu/ukernels/conv2d_f32_driver.h"

#ifndef LOOM_UKERNEL_CONV2D_F32_SYMBOL
#define LOOM_UKERNEL_CONV2D_F32_SYMBOL loom_ukernel_conv2d_f32
#endif

__attribute__((visibility("hidden"))) void LOOM_UKERNEL_CONV2D_F32_SYMBOL(
    const float *in, int64_t in_channel_stride, int64_t in_row_stride,
    const float *filters, int64_t filter_panel_stride, float *out,
    int64_t out_channel_stride, int64_t out_row_stride, int64_t filters_count,
    int64_t channels, int64_t out_height, int64_t out_width,
    int64_t kernel_height, int64_t kernel_width, int64_t stride_h,
    int64_t stride_w, uint32_t flags, const float *bias, int64_t bias_stride,
    const float *addend, int64_t addend_channel_stride,
    int64_t addend_row_stride, float clamp_min, float clamp_max) {
  loom_ukernel_conv2d_f32_fn *kernel = loomAvx512StateEnabled()
                                           ? loom_ukernel_conv2d_f32_avx512
                                           : loom_ukernel_conv2d_f32_avx2;
  kernel(in, in_channel_stride, in_row_stride, filters, filter_panel_stride,
         out, out_channel_stride, out_row_stride, filters_count, channels,
         out_height, out_width, kernel_height, kernel_width, stride_h,
         stride_w, flags, bias, bias_stride, addend, addend_channel_stride,
         addend_row_stride, clamp_min, clamp_max);
}
