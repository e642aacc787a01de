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
  r = _mm512_castsi512_ps(_mm512_mask_and_epi32(_mm512_castps_si512(r), equal,
                                                _mm512_castps_si512(a),
                                                _mm512_castps_si512(b)));
  return _mm512_mask_mov_ps(r, _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q), a);
}

/* The bits [begin, end) of 32, begin and end clamped to [0, 32]. */
static inline uint32_t bitRange(int64_t begin, int64_t end) {
  begin = begin < 0 ? 0 : begin > 32 ? 32 : begin;
  end = end < 0 ? 0 : end > 32 ? 32 : end;
  uint32_t below = begin >= 32 ? 0xffffffffu : (1u << begin) - 1;
  uint32_t upTo = end >= 32 ? 0xffffffffu : (1u << end) - 1;
  return upTo & ~below;
}

/* The load masks of count outputs' inputs p[l * stride] (p at input column
 * `column`) without the columns outside [0, width): over the elements
 * p[0, 32) of the two loads at strides 1 and 2 (low: bits 0-15, high:
 * 16-31), over the lanes of the gather (low) above. */
static inline void columnMasks(int64_t stride, int64_t count, int64_t column,
                               int64_t width, __mmask16 *low, __mmask16 *high) {
  if (stride <= 2) {
    uint32_t elements = bitRange(-column, width - column) &
                        bitRange(0, stride * (count - 1) + 1);
    *low = (__mmask16)elements;
    *high = (__mmask16)(elements >> 16);
    return;
  }
  /* Lane l reads column column + l * stride: l from ceil(-column / stride)
   * to ceil((width - column) / stride) (C's division truncates toward
   * zero, so a negative bound comes out <= 0, which bitRange clamps). */
  *low = (__mmask16)(bitRange((-column + stride - 1) / stride,
                              (width - column + stride - 1) / stride) &
                     bitRange(0, count));
  *high = 0;
}

/* The inputs p[l * stride] of a vector of outputs under the masks of
 * columnMasks: -inf (which nothing loses to) in the lanes masked off, which
 * are never read. */
static inline __attribute__((always_inline)) __m512
loadStrided(const float *p, int64_t stride, __mmask16 low, __mmask16 high) {
  const __m512 lowest = _mm512_set1_ps(-__builtin_inff());
  if (stride == 1)
    return _mm512_mask_loadu_ps(lowest, low, p);
  if (stride == 2) {
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18,
                                           20, 22, 24, 26, 28, 30);
    return _mm512_permutex2var_ps(_mm512_mask_loadu_ps(lowest, low, p), even,
                                  _mm512_mask_loadu_ps(lowest, high, p + 16));
  }
  __m512i index = _mm512_mullo_epi32(
      _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
      _mm512_set1_epi32((int)stride));
  return _mm512_mask_i32gather_ps(lowest, low, index, p, 4);
}

static inline __mmask16 firstLanes(int64_t count) {
  return count >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << count) - 1);
}

/* The masks of every load of a row, made once per call (they depend only
 * on the columns): for rows of at most kMaskBlocks blocks of 64 outputs and
 * windows at most kMaskTaps wide; wider rows and windows make them per
 * load. Making them per load cost as much as the pool itself (64 channels
 * of 112x112, 3x3 at stride 2). */
enum { kMaskBlocks = 4, kMaskTaps = 8 };
typedef struct {
  int ready;
  __mmask16 low[kMaskBlocks][kMaskTaps][4], high[kMaskBlocks][kMaskTaps][4];
} MaxPoolColumns;

static void maxPoolColumnsAvx512(MaxPoolColumns *t, int64_t column,
                                 int64_t inWidth, int64_t width,
                                 int64_t kernelW, int64_t strideW,
                                 int64_t dilationW) {
  t->ready = width <= 64 * kMaskBlocks && kernelW <= kMaskTaps;
  if (!t->ready)
    return;
  for (int64_t b = 0; b * 64 < width; ++b)
    for (int64_t j = 0; j < kernelW; ++j)
      for (int v = 0; v < 4; ++v) {
        int64_t left = width - b * 64 - 16 * v;
        int64_t count = left < 0 ? 0 : left > 16 ? 16 : left;
        columnMasks(strideW, count,
                    column + (b * 64 + 16 * v) * strideW + j * dilationW,
                    inWidth, &t->low[b][j][v], &t->high[b][j][v]);
      }
}

static void maxPoolRowAvx512(const MaxPoolColumns *t, const float *in,
                             int64_t inRowStride, int64_t column,
                             int64_t inWidth, float *out, int64_t width,
                             int64_t kernelH, int64_t kernelW, int64_t strideW,
                             int64_t dilationH, int64_t dilationW) {
  for (int64_t x0 = 0; x0 < width; x0 += 64) {
    int64_t counts[4];
    __m512 m[4];
    for (int v = 0; v < 4; ++v) {
      int64_t left = width - x0 - 16 * v;
      counts[v] = left < 0 ? 0 : left > 16 ? 16 : left;
      m[v] = _mm512_maskz_loadu_ps(firstLanes(counts[v]), out + x0 + 16 * v);
    }
    for (int64_t i = 0; i < kernelH; ++i)
      for (int64_t j = 0; j < kernelW; ++j)
        for (int v = 0; v < 4; ++v) {
          if (!counts[v])
            continue;
          /* The input column of this vector's first output. */
          int64_t first = column + (x0 + 16 * v) * strideW + j * dilationW;
          __mmask16 low, high;
          if (t->ready) {
            low = t->low[x0 / 64][j][v];
            high = t->high[x0 / 64][j][v];
          } else {
            columnMasks(strideW, counts[v], first, inWidth, &low, &high);
          }
          m[v] = maximumF(m[v],
                          loadStrided(in + i * dilationH * inRowStride + first,
                                      strideW, low, high));
        }
    for (int v = 0; v < 4; ++v)
      if (counts[v])
        _mm512_mask_storeu_ps(out + x0 + 16 * v, firstLanes(counts[v]), m[v]);
  }
}

#define LOOM_MAX_POOL_COLUMNS MaxPoolColumns
#define LOOM_MAX_POOL_COLUMNS_AT maxPoolColumnsAvx512
#define LOOM_MAX_POOL_ENTRY loom_ukernel_max_pool2d_f32_avx512
#define LOOM_MAX_POOL_ROW maxPoolRowAvx512
#include "backends/cpu/ukernels/max_pool2d_f32_driver.h"
