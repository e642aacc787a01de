/*===- max_pool2d_f32_isa.h - Max pool kernels by ISA -------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The AVX2+FMA object defines loom_ukernel_max_pool2d_f32 as a choice
 * between these two implementations (max_pool2d_f32_avx2.c,
 * max_pool2d_f32_avx512.c). Both have the signature and contract of
 * loom_ukernel_max_pool2d_f32 and hidden visibility; the AVX-512 one needs
 * AVX512F.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_MAX_POOL2D_F32_ISA_H
#define LOOM_BACKENDS_CPU_UKERNELS_MAX_POOL2D_F32_ISA_H

#include "backends/cpu/ukernels/loom_ukernels.h"

#ifdef __cplusplus
extern "C" {
#endif

__attribute__((visibility("hidden")))
loom_ukernel_max_pool2d_f32_fn loom_ukernel_max_pool2d_f32_avx2,
    loom_ukernel_max_pool2d_f32_avx512;

#ifdef __cplusplus
}
#endif

#endif /* LOOM_BACKENDS_CPU_UKERNELS_MAX_POOL2D_F32_ISA_H */
