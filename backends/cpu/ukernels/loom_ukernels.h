/*===- loom_ukernels.h - Loom's CPU micro-kernels -----------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The entry points that generated CPU kernels call for their hot loops. Each
 * is freestanding C compiled at Loom's build time into two relocatable
 * objects, an x86-64 AVX2+FMA one and a portable one, that export the same
 * symbols; code generation links the object that suits the target into every
 * kernel shared object (UkernelObjects.h). The symbols have hidden
 * visibility: they resolve inside the kernel library that links them and are
 * never exported from it. Every entry point is reentrant: it keeps its
 * scratch space on the stack (at most LOOM_UKERNEL_MAX_STACK_BYTES) and
 * touches no global mutable state, so workgroups may call it concurrently.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_LOOM_UKERNELS_H
#define LOOM_BACKENDS_CPU_UKERNELS_LOOM_UKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* flags bit 0: add the product to `out` instead of overwriting it. */
#define LOOM_UKERNEL_ACCUMULATE 1u

/* An upper bound of the stack any entry point uses, for callers that size
 * their threads' stacks. */
#define LOOM_UKERNEL_MAX_STACK_BYTES (256u * 1024u)

/* out[m x n] = lhs[m x k] * rhs[k x n], or out += lhs * rhs when flags has
 * LOOM_UKERNEL_ACCUMULATE. The matrices are row-major with unit inner stride;
 * each *_stride is the distance in elements between consecutive rows and is
 * at least the row length. m, n, k >= 0: with k == 0 the product is zero (so
 * `out` is zeroed unless accumulating); with m == 0 or n == 0 nothing is
 * touched. Without LOOM_UKERNEL_ACCUMULATE `out` is never read, so it may
 * hold anything (NaN included) before the call. `out` must not overlap `lhs`
 * or `rhs`. */
typedef void loom_ukernel_matmul_f32_fn(const float *lhs, int64_t lhs_stride,
                                        const float *rhs, int64_t rhs_stride,
                                        float *out, int64_t out_stride,
                                        int64_t m, int64_t n, int64_t k,
                                        uint32_t flags);
loom_ukernel_matmul_f32_fn loom_ukernel_matmul_f32;

#ifdef __cplusplus
}
#endif

#endif /* LOOM_BACKENDS_CPU_UKERNELS_LOOM_UKERNELS_H */
