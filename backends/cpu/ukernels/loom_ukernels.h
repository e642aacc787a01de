/*===- loom_ukernels.h - Loom's CPU micro-kernels -----------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The entry points that generated CPU kernels call for their hot loops: the
 * f32 matmul and the depthwise convolution. Each is freestanding C compiled
 * at Loom's build time into two relocatable objects, an x86-64 AVX2+FMA one
 * and a portable one, that export the same symbols; code generation links
 * the object that suits the target into every kernel shared object
 * (UkernelObjects.h). The symbols have hidden visibility: they resolve
 * inside the kernel library that links them and are never exported from it.
 * Every entry point is reentrant: it keeps its scratch space on the stack (at
 * most LOOM_UKERNEL_MAX_STACK_BYTES) and touches no global mutable state, so
 * workgroups may call it concurrently.
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

/* A 2-D depthwise convolution of `channels` NCHW planes with its per-channel
 * epilogue: for c < channels, y < out_height, x < out_width,
 *   acc = (flags & LOOM_UKERNEL_ACCUMULATE ? out[c][y][x] : 0)
 *   for i < kernel_height, j < kernel_width (in this order):
 *     acc += in[c][y * stride_h + i * dilation_h][x * stride_w + j * dilation_w]
 *            * filter[c][i][j]
 *   out[c][y][x] = min(max(acc + (bias ? bias[c * bias_stride] : -0), clamp_min),
 *                      clamp_max)
 * `in` is already padded: every position read must exist. Each array has
 * unit stride along its rows; the *_channel_stride and *_row_stride
 * arguments are the distances in elements between planes and rows. `bias`
 * may be NULL (-0 is the identity of addition); a bias_stride of 0 adds the
 * same value to every channel. A NaN sum stays NaN through the clamp (pass
 * -INFINITY and INFINITY for none). The multiply-adds may be fused (one
 * rounding instead of two); the order of the sum is the one above. Sizes
 * >= 0 (nothing happens with a zero output size); kernel sizes, strides and
 * dilations >= 1. `out` must not overlap `in`, `filter` or `bias`; without
 * LOOM_UKERNEL_ACCUMULATE it is never read. */
typedef void loom_ukernel_depthwise_conv2d_f32_fn(
    const float *in, int64_t in_channel_stride, int64_t in_row_stride,
    const float *filter, int64_t filter_channel_stride,
    int64_t filter_row_stride, const float *bias, int64_t bias_stride,
    float *out, int64_t out_channel_stride, int64_t out_row_stride,
    int64_t channels, int64_t out_height, int64_t out_width,
    int64_t kernel_height, int64_t kernel_width, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w,
    float clamp_min, float clamp_max, uint32_t flags);
loom_ukernel_depthwise_conv2d_f32_fn loom_ukernel_depthwise_conv2d_f32;

#ifdef __cplusplus
}
#endif

#endif /* LOOM_BACKENDS_CPU_UKERNELS_LOOM_UKERNELS_H */
