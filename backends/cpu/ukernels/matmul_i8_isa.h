/*===- matmul_i8_isa.h - The x86-64 i8 matmul kernels by ISA ------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The AVX2+FMA object defines loom_ukernel_matmul_i8 as a choice between
 * these two blocked implementations (matmul_i8_avx2.c,
 * matmul_i8_avx512vnni.c), which are separate translation units because
 * each is compiled for its own ISA. Both have the signature and contract of
 * loom_ukernel_matmul_i8 and hidden visibility; the AVX2 one needs AVX2, the
 * VNNI one AVX512F, AVX512BW and AVX512_VNNI.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_MATMUL_I8_ISA_H
#define LOOM_BACKENDS_CPU_UKERNELS_MATMUL_I8_ISA_H

#include "backends/cpu/ukernels/loom_ukernels.h"

#ifdef __cplusplus
extern "C" {
#endif

__attribute__((visibility("hidden")))
loom_ukernel_matmul_i8_fn loom_ukernel_matmul_i8_avx2,
    loom_ukernel_matmul_i8_avx512vnni;

#ifdef __cplusplus
}
#endif

#endif /* LOOM_BACKENDS_CPU_UKERNELS_MATMUL_I8_ISA_H */
