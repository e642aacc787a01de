/*===- matmul_f32_isa.h - The x86-64 matmul kernels by ISA -------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The AVX2+FMA object defines loom_ukernel_matmul_f32 as a choice between
 * these two blocked implementations (matmul_f32_avx2.c, matmul_f32_avx512.c),
 * which are separate translation units because each is compiled for its own
 * ISA. Both have the contract of loom_ukernel_matmul_f32 and hidden
 * visibility; the AVX-512 one needs AVX512F.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_MATMUL_F32_ISA_H
#define LOOM_BACKENDS_CPU_UKERNELS_MATMUL_F32_ISA_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

__attribute__((visibility("hidden"))) void
loom_ukernel_matmul_f32_avx2(const float *lhs, int64_t lhs_stride,
                             const float *rhs, int64_t rhs_stride, float *out,
                             int64_t out_stride, int64_t m, int64_t n,
                             int64_t k, uint32_t flags);

__attribute__((visibility("hidden"))) void
loom_ukernel_matmul_f32_avx512(const float *lhs, int64_t lhs_stride,
                               const float *rhs, int64_t rhs_stride,
                               float *out, int64_t out_stride, int64_t m,
                               int64_t n, int64_t k, uint32_t flags);

#ifdef __cplusplus
}
#endif

#endif /* LOOM_BACKENDS_CPU_UKERNELS_MATMUL_F32_ISA_H */
