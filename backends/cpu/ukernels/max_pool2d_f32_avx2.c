/*===- max_pool2d_f32_avx2.c - Max pool, AVX2+FMA object ----------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * loom_ukernel_max_pool2d_f32's scalar rows compiled for AVX2 (the
 * compiler uses the micro-kernel only where the CPU has AVX-512; these are
 * the correct answer elsewhere), and the AVX2+FMA object's entry point,
 * which runs the AVX-512 variant (max_pool2d_f32_avx512.c) where the CPU
 * has it and the OS saves its registers.
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/max_pool2d_f32_isa.h"
#include "backends/cpu/ukernels/x86_cpu_state.h"

#include <stdint.h>

#define LOOM_MAX_POOL_ENTRY loom_ukernel_max_pool2d_f32_avx2
#include "backends/cpu/ukernels/max_pool2d_f32_driver.h"

#ifndef LOOM_UKERNEL_MAX_POOL2D_F32_SYMBOL
#define LOOM_UKERNEL_MAX_POOL2D_F32_SYMBOL loom_ukernel_max_pool2d_f32
#endif

__attribute__((visibility("hidden"))) void LOOM_UKERNEL_MAX_POOL2D_F32_SYMBOL(
    const float *in, int64_t in_channel_stride, int64_t in_row_stride,
    int64_t in_height, int64_t in_width, int64_t pad_top, int64_t pad_left,
    float *out, int64_t out_channel_stride, int64_t out_row_stride,
    int64_t channels, int64_t out_height, int64_t out_width,
    int64_t kernel_height, int64_t kernel_width, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w) {
  loom_ukernel_max_pool2d_f32_fn *kernel =
      loomAvx512StateEnabled() ? loom_ukernel_max_pool2d_f32_avx512
                               : loom_ukernel_max_pool2d_f32_avx2;
  kernel(in, in_channel_stride, in_row_stride, in_height, in_width, pad_top,
         pad_left, out, out_channel_stride,
         out_row_stride, channels, out_height, out_width, kernel_height,
         kernel_width, stride_h, stride_w, dilation_h, dilation_w);
}
