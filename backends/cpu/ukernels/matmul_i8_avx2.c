/*===- matmul_i8_avx2.c - loom_ukernel_matmul_i8 for AVX2 ---------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The x86-64 AVX2 variant (compiled with -mavx2 -mfma), and the entry point
 * of the AVX2+FMA object, which also holds the AVX-512 VNNI kernel
 * (matmul_i8_avx512vnni.c) and runs it where the CPU has it (below).
 *
 * Exact without VNNI: vpmaddubsw would add two u8 x s8 products into a
 * saturating int16, so both operands are widened to int16 (vpmovsxbw or
 * vpmovzxbw, as flags say) and vpmaddwd adds pairs of int16 products into
 * int32 lanes, which is exact for 8-bit inputs (|a0 b0 + a1 b1| <= 2 x 255^2
 * < 2^31); the lanes then wrap in vpaddd. rhs is packed into panels of 16
 * columns in which the two k of a pair are adjacent int16: pair q of column
 * j at q * 32 + 2 j, zero past kc and past the last column. The sliver holds
 * ext(lhs) as int16, so one dword is the pair that vpbroadcastd spreads.
 *
 * The register tile is 4 x 16: eight ymm accumulators, two ymm of rhs, a
 * broadcast pair and the products, and each pair of k issues 8 vpmaddwd
 * and 8 vpaddd against 2 loads and 4 broadcasts. The f32 kernel's 6 x 16
 * needs all 16 ymm registers here (the products take one more than the
 * FMAs), and GCC spilled accumulators on every step: 95-118 GOP/s on the
 * Zen 5 VM against 160-172 for 4 x 16. Blocking: a 4 x 512 sliver (4 KiB
 * of int16) in L1 while the kernel sweeps a packed 512 x 128 block (128
 * KiB of int16, in L2).
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/matmul_i8_isa.h"
#include "backends/cpu/ukernels/x86_cpu_state.h"

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#define LOOM_I8_ENTRY loom_ukernel_matmul_i8_avx2
#define LOOM_I8_MR 4
#define LOOM_I8_NR 16
/* Columns 1 to 8 take the half tile (tileKernelRows with !wide). */
#define LOOM_I8_HALF_TILE
#define LOOM_I8_KC 512
#define LOOM_I8_NC 128
#define LOOM_I8_PACKED_TYPE int16_t
#define LOOM_I8_PACKED_ELEMENTS (LOOM_I8_KC * LOOM_I8_NC)
/* Pairs of int16; a cache line of padding per row. */
#define LOOM_I8_SLIVER_TYPE int32_t
#define LOOM_I8_SLIVER_STRIDE (LOOM_I8_KC / 2 + 16)

static inline int64_t panelElements(int64_t kc) {
  return (kc + 1) / 2 * 2 * LOOM_I8_NR;
}

/* 16 bytes of a row, or its first `width` and zeros. */
static inline __m128i loadBytes(const uint8_t *row, int64_t width) {
  if (width >= 16)
    return _mm_loadu_si128((const __m128i *)row);
  uint8_t bytes[16] = {0};
  for (int64_t j = 0; j < width; ++j)
    bytes[j] = row[j];
  return _mm_loadu_si128((const __m128i *)bytes);
}

/* 16 bytes extended to int16. */
static inline __m256i extend(__m128i bytes, int isUnsigned) {
  return isUnsigned ? _mm256_cvtepu8_epi16(bytes) : _mm256_cvtepi8_epi16(bytes);
}

/* Rows p and p + 1 (or zeros past kc) interleaved: unpacking the bytes
 * first and extending the result gives the int16 pairs of 8 columns at a
 * time. Row by row like the f32 packing, with the rows 8 ahead prefetched. */
static void packRhs(const uint8_t *rhs, int64_t ldb, int64_t kc, int64_t nc,
                    uint32_t flags, int16_t *packed, int32_t *colCorrection) {
  (void)colCorrection;
  int isUnsigned = (flags & LOOM_UKERNEL_RHS_UNSIGNED) != 0;
  int64_t panel = panelElements(kc);
  for (int64_t p = 0; p < kc; p += 2) {
    const uint8_t *row0 = rhs + p * ldb;
    const uint8_t *row1 = p + 1 < kc ? row0 + ldb : NULL;
    if (p + 9 < kc)
      for (int64_t j = 0; j < nc; j += 64) {
        __builtin_prefetch(row0 + 8 * ldb + j, 0, 3);
        __builtin_prefetch(row0 + 9 * ldb + j, 0, 3);
      }
    int16_t *dst = packed + p / 2 * 32;
    for (int64_t j0 = 0; j0 < nc; j0 += LOOM_I8_NR, dst += panel) {
      int64_t width = nc - j0;
      __m128i a = loadBytes(row0 + j0, width);
      __m128i b = row1 ? loadBytes(row1 + j0, width) : _mm_setzero_si128();
      _mm256_storeu_si256((__m256i *)dst,
                          extend(_mm_unpacklo_epi8(a, b), isUnsigned));
      _mm256_storeu_si256((__m256i *)(dst + 16),
                          extend(_mm_unpackhi_epi8(a, b), isUnsigned));
    }
  }
}

/* ext(lhs[i][0, kc)) as int16, zero-padded to a whole pair (and beyond, up
 * to the next 16). */
static void packSliver(const uint8_t *lhs, int64_t lda, int64_t mr, int64_t kc,
                       uint32_t flags, int32_t *sliver,
                       int32_t *rowCorrection) {
  (void)rowCorrection;
  int isUnsigned = (flags & LOOM_UKERNEL_LHS_UNSIGNED) != 0;
  for (int64_t i = 0; i < mr; ++i)
    for (int64_t p = 0; p < kc; p += 16)
      _mm256_storeu_si256(
          (__m256i *)(sliver + i * LOOM_I8_SLIVER_STRIDE + p / 2),
          extend(loadBytes(lhs + i * lda + p, kc - p), isUnsigned));
}

/* Lanes [0, cols) of a ymm register, as a mask for maskload/maskstore. */
static inline __m256i firstLanes(int64_t cols) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)cols),
                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* c[0, cols) (+)= acc for cols <= 8; the lanes past cols are neither read
 * nor written. */
static inline __attribute__((always_inline)) void
storeColumns(int32_t *c, __m256i acc, int64_t cols, int accumulate) {
  if (cols == 8) {
    if (accumulate)
      acc = _mm256_add_epi32(_mm256_loadu_si256((const __m256i *)c), acc);
    _mm256_storeu_si256((__m256i *)c, acc);
    return;
  }
  __m256i mask = firstLanes(cols);
  if (accumulate)
    acc = _mm256_add_epi32(_mm256_maskload_epi32((const int *)c, mask), acc);
  _mm256_maskstore_epi32((int *)c, mask, acc);
}

/* The mr x 16 kernel, or mr x 8 when !wide, for nr columns of c (nr <= 8
 * when !wide); inlined with constant mr and wide so that the accumulators
 * of absent rows vanish and the rest live in registers. */
static inline __attribute__((always_inline)) void
tileKernelRows(const int mr, const int wide, int64_t nr, int64_t kc,
               const int32_t *a, const int16_t *b, const int32_t *colCorrection,
               const int32_t *rowCorrection, int32_t *c, int64_t ldc,
               int accumulate) {
  (void)colCorrection;
  (void)rowCorrection;
  __m256i acc[LOOM_I8_MR][2];
  for (int i = 0; i < mr; ++i)
    acc[i][0] = acc[i][1] = _mm256_setzero_si256();
  for (int i = 0; i < mr; ++i)
    _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);
  int64_t pairs = (kc + 1) / 2;
#pragma GCC unroll 4
  for (int64_t q = 0; q < pairs; ++q) {
    __m256i b0 = _mm256_load_si256((const __m256i *)(b + q * 32));
    __m256i b1 =
        wide ? _mm256_load_si256((const __m256i *)(b + q * 32 + 16)) : b0;
    for (int i = 0; i < mr; ++i) {
      __m256i ai = _mm256_set1_epi32(a[i * LOOM_I8_SLIVER_STRIDE + q]);
      acc[i][0] = _mm256_add_epi32(acc[i][0], _mm256_madd_epi16(ai, b0));
      if (wide)
        acc[i][1] = _mm256_add_epi32(acc[i][1], _mm256_madd_epi16(ai, b1));
    }
  }
  for (int i = 0; i < mr; ++i) {
    int32_t *ci = c + i * ldc;
    storeColumns(ci, acc[i][0], wide ? 8 : nr, accumulate);
    if (wide)
      storeColumns(ci + 8, acc[i][1], nr - 8, accumulate);
  }
}

#include "backends/cpu/ukernels/matmul_i8_driver.h"

/* The object's entry: the VNNI kernel where the CPU has AVX512F, AVX512BW
 * and AVX512_VNNI and the OS saves the AVX-512 registers, else the AVX2
 * one. Only CPUID tells VNNI, and in a virtual machine CPUID traps to the
 * hypervisor (1.5-1.7 us on the Zen 5 VM, as long as a 64^3 product), so
 * the answer is asked once per kernel library and kept in vnniState: 0 not
 * asked yet, 1 no, 2 yes. Concurrent first calls may each ask; they write
 * the same value, with relaxed atomics (plain moves on x86-64, no library
 * call). It is the only state the entry points keep between calls. */
static int vnniState;

__attribute__((visibility("hidden"))) void
LOOM_UKERNEL_MATMUL_I8_SYMBOL(const void *lhs, int64_t lhs_stride,
                              const void *rhs, int64_t rhs_stride, int32_t *out,
                              int64_t out_stride, int64_t m, int64_t n,
                              int64_t k, uint32_t flags) {
  int state = __atomic_load_n(&vnniState, __ATOMIC_RELAXED);
  if (state == 0) {
    state = loomAvx512VnniUsable() ? 2 : 1;
    __atomic_store_n(&vnniState, state, __ATOMIC_RELAXED);
  }
  if (state == 2)
    loom_ukernel_matmul_i8_avx512vnni(lhs, lhs_stride, rhs, rhs_stride, out,
                                      out_stride, m, n, k, flags);
  else
    loom_ukernel_matmul_i8_avx2(lhs, lhs_stride, rhs, rhs_stride, out,
                                out_stride, m, n, k, flags);
}
