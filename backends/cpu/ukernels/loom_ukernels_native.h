/*===- loom_ukernels_native.h - Every micro-kernel, linkable -----*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The library LoomCpuUkernelsNative compiles the same sources as the embedded
 * objects (UkernelObjects.h) with the same flags, but renames each object's
 * entry point after its variant so that all of them link into one program,
 * where tests compare them with a reference and the benchmark times them:
 *   loom_ukernel_matmul_f32_generic   the portable object's entry;
 *   loom_ukernel_matmul_f32_avx2fma   the AVX2+FMA object's entry (needs
 *                                     AVX2 and FMA), which runs one of
 *   loom_ukernel_matmul_f32_avx2      its AVX2 kernel, and
 *   loom_ukernel_matmul_f32_avx512    its AVX-512 kernel (needs AVX512F).
 * The signatures and contracts are those of loom_ukernel_matmul_f32.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_LOOM_UKERNELS_NATIVE_H
#define LOOM_BACKENDS_CPU_UKERNELS_LOOM_UKERNELS_NATIVE_H

#include "backends/cpu/ukernels/matmul_f32_isa.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void loom_ukernel_matmul_f32_generic(const float *lhs, int64_t lhs_stride,
                                     const float *rhs, int64_t rhs_stride,
                                     float *out, int64_t out_stride, int64_t m,
                                     int64_t n, int64_t k, uint32_t flags);

void loom_ukernel_matmul_f32_avx2fma(const float *lhs, int64_t lhs_stride,
                                     const float *rhs, int64_t rhs_stride,
                                     float *out, int64_t out_stride, int64_t m,
                                     int64_t n, int64_t k, uint32_t flags);

#ifdef __cplusplus
}
#endif

#endif /* LOOM_BACKENDS_CPU_UKERNELS_LOOM_UKERNELS_NATIVE_H */
