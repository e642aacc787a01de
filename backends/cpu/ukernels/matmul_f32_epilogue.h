/*===- matmul_f32_epilogue.h - The matmul's bias and clamp --------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * What loom_ukernel_matmul_epilogue_f32 applies to its finished product,
 * shared by the blocking (matmul_f32_driver.h) and every variant's tile
 * kernel, which include this before defining tileKernelRows.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_MATMUL_F32_EPILOGUE_H
#define LOOM_BACKENDS_CPU_UKERNELS_MATMUL_F32_EPILOGUE_H

#include <stddef.h>
#include <stdint.h>

/* The finished product of loom_ukernel_matmul_epilogue_f32 becomes
 * min(max(silu((v + bias[i * biasStride]) + addend[i * addendStride + j]),
 * lo), hi) at (i, j) (bias[j * biasStride] with biasPerColumn; bias or
 * addend NULL: no add; silu only with
 * LOOM_UKERNEL_EPILOGUE_SILU, else the identity), written so that a NaN
 * stays NaN: the variants' vector code takes max(lo, v) and min(hi, v) with
 * v second (x86's maxps and minps return the second operand when either is
 * NaN), the scalar code compares. The bias and addend of a tile start at
 * its first row (and the addend at its first column). */
typedef struct {
  const float *bias;
  int64_t biasStride;
  const float *addend;
  int64_t addendStride;
  float lo, hi;
  int silu;
  /* The bias is per column, bias[j * biasStride] (a dense layer's), not per
   * row; the tile kernels receive it contiguous (biasStride 1). */
  int biasPerColumn;
} LoomMatmulEpilogue;

/* silu(v) = v * (1 / (1 + exp(-v))), the sigmoid computed as the
 * compiler's loops compute loom.sigmoid, with exp(x) = 2^n * p(r): n =
 * round(x log2 e), r = x - n ln 2 (in two parts), p Cephes's degree-7
 * polynomial of expf (about 1 ulp), and x clamped to [-104, 89] first, so
 * that exp is 0 or rounds to a subnormal below -87.3 and is +inf above
 * 88.72 (2^n is built as 2^(n/2) * 2^(n - n/2), both normal). So silu(+inf)
 * = +inf, silu(-inf) = -inf * 0 = NaN (as the generic loops give), NaN stays
 * NaN. The vector variants compute the same steps lane by lane, with fused
 * multiply-adds in the polynomial. */
#define LOOM_EXP_MIN_ARG (-104.0f)
#define LOOM_EXP_MAX_ARG 89.0f
#define LOOM_EXP_LOG2E 1.44269504088896341f
#define LOOM_EXP_LN2_HI 0.693359375f
#define LOOM_EXP_LN2_LO (-2.12194440e-4f)
#define LOOM_EXP_P0 1.9875691500e-4f
#define LOOM_EXP_P1 1.3981999507e-3f
#define LOOM_EXP_P2 8.3334519073e-3f
#define LOOM_EXP_P3 4.1665795894e-2f
#define LOOM_EXP_P4 1.6666665459e-1f
#define LOOM_EXP_P5 5.0000001201e-1f

/* 2^e for e in [-126, 127], from its bits. */
static inline float loomPow2(int32_t e) {
  union {
    uint32_t bits;
    float value;
  } pow2 = {(uint32_t)(e + 127) << 23};
  return pow2.value;
}

static inline float loomSiluValue(float v) {
  if (v != v)
    return v;
  float x = -v;
  x = x < LOOM_EXP_MIN_ARG ? LOOM_EXP_MIN_ARG : x;
  x = x > LOOM_EXP_MAX_ARG ? LOOM_EXP_MAX_ARG : x;
  /* Round half away from zero: any integer n within 1/2 of x log2 e keeps
   * |r| <= ln 2 / 2 (plus rounding), where p is accurate. */
  float scaled = x * LOOM_EXP_LOG2E;
  int32_t n = (int32_t)(scaled + (scaled < 0.0f ? -0.5f : 0.5f));
  float nf = (float)n;
  float r = x - nf * LOOM_EXP_LN2_HI;
  r = r - nf * LOOM_EXP_LN2_LO;
  float p = LOOM_EXP_P0;
  p = p * r + LOOM_EXP_P1;
  p = p * r + LOOM_EXP_P2;
  p = p * r + LOOM_EXP_P3;
  p = p * r + LOOM_EXP_P4;
  p = p * r + LOOM_EXP_P5;
  p = p * (r * r) + (r + 1.0f);
  int32_t half = n >> 1;
  float e = p * loomPow2(half) * loomPow2(n - half);
  return v * (1.0f / (1.0f + e));
}

static inline float loomMatmulEpilogueValue(float v, float bias, int hasBias,
                                            const float *addend, int silu,
                                            float lo, float hi) {
  if (hasBias)
    v += bias;
  if (addend)
    v += *addend;
  if (silu)
    v = loomSiluValue(v);
  v = v < lo ? lo : v;
  return v > hi ? hi : v;
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_MATMUL_F32_EPILOGUE_H */
