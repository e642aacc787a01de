/*===- max_pool2d_f32_avx512.c - Max pool, AVX-512 ----------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * loom_ukernel_max_pool2d_f32 on 16 outputs of a row at a time (compiled
 * with -mavx512f; the AVX2+FMA object's entry point runs it where AVX-512
 * is enabled). arith.maximumf is five instructions: VMAXPS returns its
 * second operand when either is a NaN or both are equal, so the equal
 * lanes take the bitwise AND of the two (+0 over -0) and the lanes where
 * the first is a NaN take it. At stride 2 a vector of outputs reads every
 * other element: two masked loads and one permute that keeps the even
 * lanes; other strides gather. Each output row keeps up to four vectors in
 * flight, so the chains of maxima over the window overlap.
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/max_pool2d_f32_isa.h"

#include <immintrin.h>
#include <stdint.h>

static inline __attribute__((always_inline)) __m512 maximumF(__m512 a,
                                                             __m512 b) {
  __m512 r = _mm512_max_ps(a, b);
  __mmask16 equal = _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ);
  r = _mm512_castsi512_ps(_mm512_mask_and_epi32(
      _mm512_castps_si512(r), equal, _mm512_castps_si512(a),
      _mm512_castps_si512(b)));
  return _mm512_mask_mov_ps(r, _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q), a);
}

static inline __mmask16 firstLanes(int64_t count) {
  return count >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << count) - 1);
}

/* `count` <= 16 values p[l * stride], reading nothing past the last. */
static inline __attribute__((always_inline)) __m512
loadStrided(const float *p, int64_t stride, int64_t count) {
  if (stride == 1)
    return _mm512_maskz_loadu_ps(firstLanes(count), p);
  if (stride == 2) {
    int64_t elements = 2 * count - 1;
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18,
                                           20, 22, 24, 26, 28, 30);
    return _mm512_permutex2var_ps(
        _mm512_maskz_loadu_ps(firstLanes(elements), p), even,
        _mm512_maskz_loadu_ps(elements > 16 ? firstLanes(elements - 16) : 0,
                              p + 16));
  }
  __m512i index = _mm512_mullo_epi32(
      _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
      _mm512_set1_epi32((int)stride));
  return _mm512_mask_i32gather_ps(_mm512_setzero_ps(), firstLanes(count),
                                  index, p, 4);
}

/* maxPoolRowScalar's contract (max_pool2d_f32_driver.h). */
static void maxPoolRowAvx512(const float *in, int64_t inRowStride, float *out,
                             int64_t width, int64_t kernelH, int64_t kernelW,
                             int64_t strideW, int64_t dilationH,
                             int64_t dilationW) {
  for (int64_t x0 = 0; x0 < width; x0 += 64) {
    int64_t counts[4];
    __m512 m[4];
    for (int v = 0; v < 4; ++v) {
      int64_t left = width - x0 - 16 * v;
      counts[v] = left < 0 ? 0 : left > 16 ? 16 : left;
      m[v] = _mm512_maskz_loadu_ps(firstLanes(counts[v]), out + x0 + 16 * v);
    }
    for (int64_t i = 0; i < kernelH; ++i)
      for (int64_t j = 0; j < kernelW; ++j) {
        const float *p = in + i * dilationH * inRowStride + x0 * strideW +
                         j * dilationW;
        for (int v = 0; v < 4; ++v)
          if (counts[v])
            m[v] = maximumF(
                m[v], loadStrided(p + 16 * v * strideW, strideW, counts[v]));
      }
    for (int v = 0; v < 4; ++v)
      if (counts[v])
        _mm512_mask_storeu_ps(out + x0 + 16 * v, firstLanes(counts[v]), m[v]);
  }
}

#define LOOM_MAX_POOL_ENTRY loom_ukernel_max_pool2d_f32_avx512
#define LOOM_MAX_POOL_ROW maxPoolRowAvx512
#include "backends/cpu/ukernels/max_pool2d_f32_driver.h"
