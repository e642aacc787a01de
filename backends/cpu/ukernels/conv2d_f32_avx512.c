/*===- conv2d_f32_avx512.c - loom_ukernel_conv2d_f32 for AVX-512 ---*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The AVX512F tile of the direct convolution (compiled with -mavx512f; the
 * AVX2+FMA object's entry point runs it where AVX-512 is enabled): 14
 * outputs by 32 filters in 28 zmm accumulators, two filter vectors and a
 * broadcast, so each window tap issues 28 FMAs against 2 loads and 14
 * broadcasts. The sums are those of the AVX-512 matmul kernel on the
 * im2col patches, bit for bit: FMA chains over blocks of
 * LOOM_UKERNEL_CONV_SUM_BLOCK taps, added in order. The taps are one flat loop over a table of offsets, not
 * nested loops over the window: unrolled, the window's loads were
 * interleaved and the accumulators spilled (100 against 165 GFLOP/s on a
 * 14x14 layer of 256 filters, one thread of the Intel Xeon VM).
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/conv2d_f32_isa.h"
#include "backends/cpu/ukernels/silu_avx512.h"

#include <immintrin.h>
#include <stdint.h>

/* Filters are prefetched 8 taps ahead: the panels stream from L2 (145 ->
 * 168 GFLOP/s on a 7x7 layer of 512 filters, 135 -> 149 on a 56x56 one of
 * 64; 4 and 16 taps ahead were slower). */
#define LOOM_CONV_PREFETCH (8 * 32)
#define LOOM_CONV_ENTRY loom_ukernel_conv2d_f32_avx512

static inline __attribute__((always_inline)) void
convTile(const int S, const int NA, const int NB, const float *pa,
         const float *pb, const float *w, int64_t k0, int64_t k1,
         int64_t channelStride, const int64_t *window, int64_t taps,
         float *tile, int addToTile) {
  __m512 acc[14][2];
  for (int p = 0; p < NA + NB; ++p)
    acc[p][0] = acc[p][1] = _mm512_setzero_ps();
  int64_t t = k0 % taps;
  const float *ca = pa + (k0 / taps) * channelStride;
  const float *cb = pb + (k0 / taps) * channelStride;
#pragma GCC unroll 1
  for (int64_t k = k0; k < k1; ++k) {
    const float *ra = ca + window[t], *rb = cb + window[t];
    __m512 w0 = _mm512_loadu_ps(w), w1 = _mm512_loadu_ps(w + 16);
    _mm_prefetch((const char *)(w + LOOM_CONV_PREFETCH), _MM_HINT_T0);
    _mm_prefetch((const char *)(w + LOOM_CONV_PREFETCH + 16), _MM_HINT_T0);
    w += 32;
    for (int p = 0; p < NA; ++p) {
      __m512 x = _mm512_set1_ps(ra[p * S]);
      acc[p][0] = _mm512_fmadd_ps(x, w0, acc[p][0]);
      acc[p][1] = _mm512_fmadd_ps(x, w1, acc[p][1]);
    }
    for (int p = 0; p < NB; ++p) {
      __m512 x = _mm512_set1_ps(rb[p * S]);
      acc[NA + p][0] = _mm512_fmadd_ps(x, w0, acc[NA + p][0]);
      acc[NA + p][1] = _mm512_fmadd_ps(x, w1, acc[NA + p][1]);
    }
    if (++t == taps) {
      t = 0;
      ca += channelStride;
      cb += channelStride;
    }
  }
  for (int p = 0; p < NA + NB; ++p)
    for (int v = 0; v < 2; ++v) {
      float *sum = tile + p * 32 + v * 16;
      _mm512_store_ps(sum, addToTile ? _mm512_add_ps(_mm512_load_ps(sum),
                                                     acc[p][v])
                                     : acc[p][v]);
    }
}

#define LOOM_CONV_STORE_TILE storeTileAvx512
#include "backends/cpu/ukernels/conv2d_f32_driver.h"

/* The lanes of `count` outputs from the tile's position `first`: a run, or
 * two runs that continue each other in one row. */
static inline __attribute__((always_inline)) void
storeLanes(const LoomConvOutput *o, const float *tile, int64_t first,
           LoomConvRun run, int64_t f0, int64_t nf) {
  __mmask16 lanes = (__mmask16)((1u << run.count) - 1);
  const __m512i positions = _mm512_mullo_epi32(
      _mm512_add_epi32(_mm512_set1_epi32((int)first),
                       _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                                         11, 12, 13, 14, 15)),
      _mm512_set1_epi32(32));
  __m512 lo = _mm512_set1_ps(o->lo), hi = _mm512_set1_ps(o->hi);
  for (int64_t l = 0; l < nf; ++l) {
    int64_t f = f0 + l;
    float *out = o->out + f * o->outChannelStride + run.y * o->outRowStride +
                 run.x;
    __m512 v = _mm512_mask_i32gather_ps(
        _mm512_setzero_ps(), lanes,
        _mm512_add_epi32(positions, _mm512_set1_epi32((int)l)), tile, 4);
    if (o->bias)
      v = _mm512_add_ps(v, _mm512_set1_ps(o->bias[f * o->biasStride]));
    if (o->addend)
      v = _mm512_add_ps(
          v, _mm512_maskz_loadu_ps(lanes, o->addend +
                                              f * o->addendChannelStride +
                                              run.y * o->addendRowStride +
                                              run.x));
    if (o->silu)
      v = loomSiluAvx512(v);
    /* MAXPS and MINPS return their second operand when either is NaN. */
    v = _mm512_min_ps(hi, _mm512_max_ps(lo, v));
    _mm512_mask_storeu_ps(out, lanes, v);
  }
}

/* storeTile (conv2d_f32_driver.h) with each filter's outputs gathered from
 * the tile into one vector (two runs of one row into one), the epilogue on
 * the vector, and a masked store. */
static void storeTileAvx512(const LoomConvOutput *o, const float *tile,
                            LoomConvRun a, LoomConvRun b, int64_t f0,
                            int64_t nf) {
  if (b.count && b.y == a.y && b.x == a.x + a.count) {
    LoomConvRun both = {a.y, a.x, a.count + b.count};
    storeLanes(o, tile, 0, both, f0, nf);
    return;
  }
  storeLanes(o, tile, 0, a, f0, nf);
  if (b.count)
    storeLanes(o, tile, a.count, b, f0, nf);
}
