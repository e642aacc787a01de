/*===- matmul_f32_avx512.c - loom_ukernel_matmul_f32 for AVX-512 --*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The AVX512F kernel of the AVX2+FMA object (compiled with -mavx512f; the
 * object's entry point runs it only where AVX-512 is enabled). The register
 * tile is 12 x 32: 24 zmm accumulators, two zmm rows of rhs and one
 * broadcast, and each k step issues 24 FMAs against 2 loads and 12
 * broadcasts. Blocking: a 12 x 256 lhs sliver (12 KiB) stays in L1 while the
 * kernel sweeps a packed 256 x 192 rhs block (192 KiB, in L2); a wider block
 * reuses each sliver over more tiles (6) but would pass the stack budget.
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/matmul_f32_epilogue.h"
#include "backends/cpu/ukernels/matmul_f32_isa.h"
#include "backends/cpu/ukernels/silu_avx512.h"

#include <immintrin.h>
#include <stdint.h>

#define LOOM_MATMUL_ENTRY loom_ukernel_matmul_f32_avx512
#define LOOM_MATMUL_EPILOGUE_ENTRY loom_ukernel_matmul_epilogue_f32_avx512
#define LOOM_MR 12
#define LOOM_NR 32
/* Columns 1 to 16 take the half tile (tileKernelRows with !wide). */
#define LOOM_HALF_TILE
#define LOOM_KC 256
/* The direct convolution sums in the same depth blocks, so that it and
 * this kernel on im2col patches agree bit for bit (loom_ukernels.h). */
_Static_assert(LOOM_KC == LOOM_UKERNEL_CONV_SUM_BLOCK,
               "the direct convolution's sum blocks are this kernel's");
#define LOOM_NC 192
/* With more than one row sliver, rhs is read in place unless its rows are
 * a multiple of 4 KiB apart (then they share L1 sets), or they are a
 * plane of an activation apart (at least LOOM_DIRECT_RHS_ROW_BYTES: a 28x28
 * image or larger) with a depth block of them spanning at least
 * LOOM_DIRECT_RHS_SPAN_BYTES. In place was faster on warm operands (Zen 5,
 * one thread: 128x224x576 at rhs stride 224 238 against 227 GFLOP/s;
 * 1024x1000x1000 170 against 161; the Xeon VM, square 256 and 512 175 and
 * 167 against 141 and 140), and on an encoder's attention (BERT, 64 x 64 x
 * 64 a head); but a 1x1 convolution's input read in place comes from
 * memory at a whole plane per step of k, which the hardware prefetchers
 * do not follow, where packing streams its rows with software prefetches:
 * ResNet-50's 1x1 layers at batch 8 (tiles of 112 positions, the Xeon VM,
 * one thread) 256 -> 64 filters at 56x56 13.8 -> 9.0 ms, 256 -> 128 21.0
 * -> 14.9 ms, 512 -> 256 at 28x28 13.9 -> 11.7 ms; at batch 1 (warmer)
 * within 5% either way. */
#define LOOM_DIRECT_RHS_SPAN_BYTES (128 * 1024)
#define LOOM_DIRECT_RHS_ROW_BYTES 3072

/* The epilogue of one row, splat: its bias (if any) and clamp bounds. */
typedef struct {
  __m512 bias, lo, hi;
  int hasBias;
  const float *addend; /* this row's, or NULL */
  int silu;
  const float *columnBias; /* a per-column bias at the tile's column, or NULL */
} RowEpilogue;

/* c[i][0, cols) (+)= acc for cols <= 16, then the row's epilogue (when
 * `epilogue`); the lanes past cols are neither read nor written. */
static inline __attribute__((always_inline)) void
storeColumns(float *c, __m512 acc, int64_t cols, int accumulate,
             int epilogue, RowEpilogue row) {
  __mmask16 mask =
      cols == 16 ? (__mmask16)0xffff : (__mmask16)((1u << cols) - 1);
  if (accumulate)
    acc = _mm512_add_ps(cols == 16 ? _mm512_loadu_ps(c)
                                   : _mm512_maskz_loadu_ps(mask, c),
                        acc);
  if (epilogue) {
    if (row.hasBias)
      acc = _mm512_add_ps(acc, row.bias);
    if (row.columnBias)
      acc = _mm512_add_ps(
          acc, cols == 16 ? _mm512_loadu_ps(row.columnBias)
                          : _mm512_maskz_loadu_ps(mask, row.columnBias));
    if (row.addend)
      acc = _mm512_add_ps(acc, cols == 16
                                   ? _mm512_loadu_ps(row.addend)
                                   : _mm512_maskz_loadu_ps(mask, row.addend));
    if (row.silu)
      acc = loomSiluAvx512(acc);
    acc = _mm512_min_ps(row.hi, _mm512_max_ps(row.lo, acc));
  }
  if (cols == 16)
    _mm512_storeu_ps(c, acc);
  else
    _mm512_mask_storeu_ps(c, mask, acc);
}

/* The mr x 32 kernel, or mr x 16 when !wide, for nr columns of c (nr <= 16
 * when !wide); inlined with constant mr and wide so that the accumulators
 * of absent rows vanish and the rest live in registers. */
static inline __attribute__((always_inline)) void
tileKernelRows(const int mr, const int wide, int64_t nr, int64_t kc,
               const float *a, int64_t lda, const float *b, int64_t ldb,
               float *c, int64_t ldc, int accumulate,
               const LoomMatmulEpilogue *epilogue) {
  __m512 acc[LOOM_MR][2];
  for (int i = 0; i < mr; ++i)
    acc[i][0] = acc[i][1] = _mm512_setzero_ps();
  for (int i = 0; i < mr; ++i) {
    _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);
    if (wide)
      _mm_prefetch((const char *)(c + i * ldc + 16), _MM_HINT_T0);
    /* The residual the epilogue adds: a whole activation, from memory. */
    if (epilogue && epilogue->addend) {
      const float *addend = epilogue->addend + i * epilogue->addendStride;
      _mm_prefetch((const char *)addend, _MM_HINT_T0);
      if (wide)
        _mm_prefetch((const char *)(addend + 16), _MM_HINT_T0);
    }
  }
#pragma GCC unroll 4
  for (int64_t p = 0; p < kc; ++p) {
    __m512 b0 = _mm512_loadu_ps(b + p * ldb);
    __m512 b1 = wide ? _mm512_loadu_ps(b + p * ldb + 16) : b0;
    for (int i = 0; i < mr; ++i) {
      __m512 ai = _mm512_set1_ps(a[i * lda + p]);
      acc[i][0] = _mm512_fmadd_ps(ai, b0, acc[i][0]);
      if (wide)
        acc[i][1] = _mm512_fmadd_ps(ai, b1, acc[i][1]);
    }
  }
  for (int i = 0; i < mr; ++i) {
    float *ci = c + i * ldc;
    RowEpilogue row = {_mm512_setzero_ps(), _mm512_setzero_ps(),
                       _mm512_setzero_ps(), 0, NULL, 0, NULL};
    if (epilogue) {
      if (epilogue->addend)
        row.addend = epilogue->addend + i * epilogue->addendStride;
      row.hasBias = epilogue->bias != NULL && !epilogue->biasPerColumn;
      if (epilogue->biasPerColumn)
        row.columnBias = epilogue->bias;
      row.silu = epilogue->silu;
      if (row.hasBias)
        row.bias = _mm512_set1_ps(epilogue->bias[i * epilogue->biasStride]);
      row.lo = _mm512_set1_ps(epilogue->lo);
      row.hi = _mm512_set1_ps(epilogue->hi);
    }
    storeColumns(ci, acc[i][0], wide ? 16 : nr, accumulate, epilogue != NULL,
                 row);
    if (wide) {
      if (row.addend)
        row.addend += 16;
      if (row.columnBias)
        row.columnBias += 16;
      storeColumns(ci + 16, acc[i][1], nr - 16, accumulate, epilogue != NULL,
                   row);
    }
  }
}

#include "backends/cpu/ukernels/matmul_f32_driver.h"
