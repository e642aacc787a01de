/*===- conv2d_f32_isa.h - Direct convolution kernels by ISA -------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The AVX2+FMA object defines loom_ukernel_conv2d_f32 as a choice between
 * these two implementations (conv2d_f32_avx2.c, conv2d_f32_avx512.c),
 * separate translation units because each is compiled for its own ISA.
 * Both have the signature and contract of loom_ukernel_conv2d_f32 and
 * hidden visibility; the AVX-512 one needs AVX512F.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_CONV2D_F32_ISA_H
#define LOOM_BACKENDS_CPU_UKERNELS_CONV2D_F32_ISA_H

#include "backends/cpu/ukernels/loom_ukernels.h"

#ifdef __cplusplus
extern "C" {
#endif

__attribute__((visibility("hidden")))
loom_ukernel_conv2d_f32_fn loom_ukernel_conv2d_f32_avx2,
    loom_ukernel_conv2d_f32_avx512;

#ifdef __cplusplus
}
#endif

#endif /* LOOM_BACKENDS_CPU_UKERNELS_CONV2D_F32_ISA_H */
