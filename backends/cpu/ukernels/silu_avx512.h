/*===- silu_avx512.h - SiLU on 16 lanes ---------------------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The epilogues' SiLU for the AVX-512 kernels (compiled with -mavx512f):
 * the matmul's tiles and the direct convolution's stores.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_SILU_AVX512_H
#define LOOM_BACKENDS_CPU_UKERNELS_SILU_AVX512_H

#include "backends/cpu/ukernels/matmul_f32_epilogue.h"

#include <immintrin.h>

/* loomSiluValue (matmul_f32_epilogue.h) lane by lane; max(lo, x) and
 * min(hi, x) keep a NaN. */
static inline __attribute__((always_inline)) __m512 loomSiluAvx512(__m512 v) {
  __m512 x = _mm512_sub_ps(_mm512_setzero_ps(), v);
  x = _mm512_min_ps(_mm512_set1_ps(LOOM_EXP_MAX_ARG),
                    _mm512_max_ps(_mm512_set1_ps(LOOM_EXP_MIN_ARG), x));
  __m512 scaled = _mm512_mul_ps(x, _mm512_set1_ps(LOOM_EXP_LOG2E));
  __m512 n = _mm512_roundscale_ps(
      scaled, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(LOOM_EXP_LN2_HI), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(LOOM_EXP_LN2_LO), r);
  __m512 p = _mm512_set1_ps(LOOM_EXP_P0);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(LOOM_EXP_P1));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(LOOM_EXP_P2));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(LOOM_EXP_P3));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(LOOM_EXP_P4));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(LOOM_EXP_P5));
  __m512 one = _mm512_set1_ps(1.0f);
  p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, one));
  __m512i ni = _mm512_cvtps_epi32(n);
  __m512i half = _mm512_srai_epi32(ni, 1);
  __m512i bias = _mm512_set1_epi32(127);
  __m512i lowBits = _mm512_slli_epi32(_mm512_add_epi32(half, bias), 23);
  __m512i highBits =
      _mm512_slli_epi32(_mm512_add_epi32(_mm512_sub_epi32(ni, half), bias), 23);
  __m512 low = _mm512_castsi512_ps(lowBits);
  __m512 high = _mm512_castsi512_ps(highBits);
  __m512 e = _mm512_mul_ps(_mm512_mul_ps(p, low), high);
  return _mm512_mul_ps(v, _mm512_div_ps(one, _mm512_add_ps(one, e)));
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_SILU_AVX512_H */
