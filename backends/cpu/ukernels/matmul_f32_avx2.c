/*===- matmul_f32_avx2.c - loom_ukernel_matmul_f32 for AVX2+FMA ---*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The x86-64 AVX2+FMA variant (compiled with -mavx2 -mfma), and the entry
 * point of the AVX2+FMA object, which also holds the AVX-512 kernel
 * (matmul_f32_avx512.c) and runs it where the CPU has it and the OS saves its
 * registers: on such CPUs AVX-512 doubles the peak. The check is one XGETBV
 * per call (a few cycles, no state kept). Linux enables the AVX-512 state
 * components in XCR0 only when CPUID reports AVX512F, so they imply it.
 *
 * The AVX2 register tile is 6 x 16: twelve ymm accumulators, two ymm rows of
 * rhs and one broadcast lhs element fill 15 of the 16 ymm registers, and
 * each k step issues 12 FMAs against 2 loads and 6 broadcasts, which keeps
 * both FMA ports busy. Blocking: a 6 x 256 lhs sliver (6 KiB) stays in L1
 * while the kernel sweeps a packed 256 x 128 rhs block (128 KiB, in L2).
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/matmul_f32_epilogue.h"
#include "backends/cpu/ukernels/matmul_f32_isa.h"
#include "backends/cpu/ukernels/x86_cpu_state.h"

#include <immintrin.h>
#include <stdint.h>

#define LOOM_MATMUL_ENTRY loom_ukernel_matmul_f32_avx2
#define LOOM_MATMUL_EPILOGUE_ENTRY loom_ukernel_matmul_epilogue_f32_avx2
#define LOOM_MR 6
#define LOOM_NR 16
/* Columns 1 to 8 take the half tile (tileKernelRows with !wide). */
#define LOOM_HALF_TILE
#define LOOM_KC 256
#define LOOM_NC 128

/* Lanes [0, cols) of a ymm register, as a mask for maskload/maskstore. */
static inline __m256i firstLanes(int64_t cols) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)cols),
                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* loomSiluValue (matmul_f32_epilogue.h) lane by lane; max(lo, x) and
 * min(hi, x) keep a NaN. */
static inline __attribute__((always_inline)) __m256 silu(__m256 v) {
  __m256 x = _mm256_sub_ps(_mm256_setzero_ps(), v);
  x = _mm256_min_ps(_mm256_set1_ps(LOOM_EXP_MAX_ARG),
                    _mm256_max_ps(_mm256_set1_ps(LOOM_EXP_MIN_ARG), x));
  __m256 scaled = _mm256_mul_ps(x, _mm256_set1_ps(LOOM_EXP_LOG2E));
  __m256 n =
      _mm256_round_ps(scaled, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(LOOM_EXP_LN2_HI), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(LOOM_EXP_LN2_LO), r);
  __m256 p = _mm256_set1_ps(LOOM_EXP_P0);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(LOOM_EXP_P1));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(LOOM_EXP_P2));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(LOOM_EXP_P3));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(LOOM_EXP_P4));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(LOOM_EXP_P5));
  __m256 one = _mm256_set1_ps(1.0f);
  p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, one));
  __m256i ni = _mm256_cvtps_epi32(n);
  __m256i half = _mm256_srai_epi32(ni, 1);
  __m256i bias = _mm256_set1_epi32(127);
  __m256i lowBits = _mm256_slli_epi32(_mm256_add_epi32(half, bias), 23);
  __m256i highBits =
      _mm256_slli_epi32(_mm256_add_epi32(_mm256_sub_epi32(ni, half), bias), 23);
  __m256 low = _mm256_castsi256_ps(lowBits);
  __m256 high = _mm256_castsi256_ps(highBits);
  __m256 e = _mm256_mul_ps(_mm256_mul_ps(p, low), high);
  return _mm256_mul_ps(v, _mm256_div_ps(one, _mm256_add_ps(one, e)));
}

/* c[i][0, cols) (+)= acc for cols <= 8; the lanes past cols are neither read
 * nor written. */
/* The epilogue of one row, splat: its bias (if any) and clamp bounds. */
typedef struct {
  __m256 bias, lo, hi;
  int hasBias;
  const float *addend; /* this row's, or NULL */
  int silu;
  const float *columnBias; /* a per-column bias at the tile's column, or NULL */
} RowEpilogue;

/* `mask`: the lanes of a partial row (all lanes when full). */
static inline __attribute__((always_inline)) __m256
applyEpilogue(__m256 acc, int epilogue, RowEpilogue row, int full,
              __m256i mask) {
  if (!epilogue)
    return acc;
  if (row.hasBias)
    acc = _mm256_add_ps(acc, row.bias);
  if (row.columnBias)
    acc = _mm256_add_ps(acc, full ? _mm256_loadu_ps(row.columnBias)
                                  : _mm256_maskload_ps(row.columnBias, mask));
  if (row.addend)
    acc = _mm256_add_ps(acc, full ? _mm256_loadu_ps(row.addend)
                                  : _mm256_maskload_ps(row.addend, mask));
  if (row.silu)
    acc = silu(acc);
  return _mm256_min_ps(row.hi, _mm256_max_ps(row.lo, acc));
}

static inline __attribute__((always_inline)) void
storeColumns(float *c, __m256 acc, int64_t cols, int accumulate,
             int epilogue, RowEpilogue row) {
  if (cols == 8) {
    if (accumulate)
      acc = _mm256_add_ps(_mm256_loadu_ps(c), acc);
    _mm256_storeu_ps(
        c, applyEpilogue(acc, epilogue, row, 1, _mm256_setzero_si256()));
    return;
  }
  __m256i mask = firstLanes(cols);
  if (accumulate)
    acc = _mm256_add_ps(_mm256_maskload_ps(c, mask), acc);
  _mm256_maskstore_ps(c, mask, applyEpilogue(acc, epilogue, row, 0, mask));
}

/* The mr x 16 kernel, or mr x 8 when !wide, for nr columns of c (nr <= 8
 * when !wide); inlined with constant mr and wide so that the accumulators
 * of absent rows vanish and the rest live in registers. */
static inline __attribute__((always_inline)) void
tileKernelRows(const int mr, const int wide, int64_t nr, int64_t kc,
               const float *a, int64_t lda, const float *b, int64_t ldb,
               float *c, int64_t ldc, int accumulate,
               const LoomMatmulEpilogue *epilogue) {
  __m256 acc[LOOM_MR][2];
  for (int i = 0; i < mr; ++i)
    acc[i][0] = acc[i][1] = _mm256_setzero_ps();
  for (int i = 0; i < mr; ++i)
    _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);
#pragma GCC unroll 4
  for (int64_t p = 0; p < kc; ++p) {
    __m256 b0 = _mm256_loadu_ps(b + p * ldb);
    __m256 b1 = wide ? _mm256_loadu_ps(b + p * ldb + 8) : b0;
    for (int i = 0; i < mr; ++i) {
      __m256 ai = _mm256_broadcast_ss(a + i * lda + p);
      acc[i][0] = _mm256_fmadd_ps(ai, b0, acc[i][0]);
      if (wide)
        acc[i][1] = _mm256_fmadd_ps(ai, b1, acc[i][1]);
    }
  }
  for (int i = 0; i < mr; ++i) {
    float *ci = c + i * ldc;
    RowEpilogue row = {_mm256_setzero_ps(), _mm256_setzero_ps(),
                       _mm256_setzero_ps(), 0, NULL, 0, NULL};
    if (epilogue) {
      if (epilogue->addend)
        row.addend = epilogue->addend + i * epilogue->addendStride;
      row.hasBias = epilogue->bias != NULL && !epilogue->biasPerColumn;
      if (epilogue->biasPerColumn)
        row.columnBias = epilogue->bias;
      row.silu = epilogue->silu;
      if (row.hasBias)
        row.bias = _mm256_set1_ps(epilogue->bias[i * epilogue->biasStride]);
      row.lo = _mm256_set1_ps(epilogue->lo);
      row.hi = _mm256_set1_ps(epilogue->hi);
    }
    storeColumns(ci, acc[i][0], wide ? 8 : nr, accumulate, epilogue != NULL,
                 row);
    if (wide) {
      if (row.addend)
        row.addend += 8;
      if (row.columnBias)
        row.columnBias += 8;
      storeColumns(ci + 8, acc[i][1], nr - 8, accumulate, epilogue != NULL,
                   row);
    }
  }
}

#include "backends/cpu/ukernels/matmul_f32_driver.h"

__attribute__((visibility("hidden"))) void
LOOM_UKERNEL_MATMUL_F32_SYMBOL(const float *lhs, int64_t lhs_stride,
                               const float *rhs, int64_t rhs_stride,
                               float *out, int64_t out_stride, int64_t m,
                               int64_t n, int64_t k, uint32_t flags) {
  if (loomAvx512StateEnabled())
    loom_ukernel_matmul_f32_avx512(lhs, lhs_stride, rhs, rhs_stride, out,
                                   out_stride, m, n, k, flags);
  else
    loom_ukernel_matmul_f32_avx2(lhs, lhs_stride, rhs, rhs_stride, out,
                                 out_stride, m, n, k, flags);
}

__attribute__((visibility("hidden"))) void
LOOM_UKERNEL_MATMUL_EPILOGUE_F32_SYMBOL(
    const float *lhs, int64_t lhs_stride, const float *rhs, int64_t rhs_stride,
    float *out, int64_t out_stride, int64_t m, int64_t n, int64_t k,
    uint32_t flags, const float *bias, int64_t bias_stride,
    const float *addend, int64_t addend_stride, float clamp_min,
    float clamp_max) {
  if (loomAvx512StateEnabled())
    loom_ukernel_matmul_epilogue_f32_avx512(
        lhs, lhs_stride, rhs, rhs_stride, out, out_stride, m, n, k, flags,
        bias, bias_stride, addend, addend_stride, clamp_min, clamp_max);
  else
    loom_ukernel_matmul_epilogue_f32_avx2(
        lhs, lhs_stride, rhs, rhs_stride, out, out_stride, m, n, k, flags,
        bias, bias_stride, addend, addend_stride, clamp_min, clamp_max);
}
