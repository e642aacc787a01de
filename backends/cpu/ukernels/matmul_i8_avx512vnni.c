/*===- matmul_i8_avx512vnni.c - loom_ukernel_matmul_i8 for VNNI ---*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The AVX-512 VNNI kernel of the AVX2+FMA object (compiled with -mavx512f
 * -mavx512bw -mavx512vnni; the object's entry point runs it only where the
 * CPU has all three and the OS saves the AVX-512 registers).
 *
 * vpdpbusd multiplies the unsigned bytes of one operand by the signed bytes
 * of the other and adds each group of 4 products into an int32 lane,
 * wrapping (its saturating twin is vpdpbusds). rhs is packed into panels of
 * 32 columns where the 4 consecutive k of one column are adjacent bytes:
 * quad q of column j at q * 128 + 4 j (two zmm per quad), zero-padded past
 * kc and past the last column; 4 bytes of one lhs row are one dword that
 * vpbroadcastd spreads over the 16 columns of a zmm.
 *
 * The broadcast lhs must be the unsigned operand and packed rhs the signed
 * one, whatever flags say. With a = ext(lhs), r = ext(rhs), the kernel
 * multiplies a' = a + 128 (a signed byte xor 0x80) or a' = a (unsigned) by
 * r' = r - 128 (an unsigned byte xor 0x80) or r' = r (signed), and
 *   a r = (a' - 128 [lhs signed]) (r' + 128 [rhs unsigned])
 *       = a' r' - 128 r' [lhs signed] + 128 a [rhs unsigned],
 * the cross term included in the last (a = a' - 128 [lhs signed]). So
 *   out[i][j] = sum a' r' + colCorrection[j] + rowCorrection[i],
 *   colCorrection[j] = -128 sum_p r'[p][j]     where lhs is signed,
 *   rowCorrection[i] = 128 sum_p a[i][p]       where rhs is unsigned,
 * over the real p of the kc block, modulo 2^32 (exact). The tile starts its
 * accumulators at the two corrections, so they cost nothing in the loop.
 * Padding is a zero r' (past kc and past the last column): it adds 0 to the
 * products and to the column sums whatever the sliver holds there, and the
 * row sums count only real elements. The column sums come with the packing
 * (one vpdpbusd of the packed bytes by ones per 64 bytes), the row sums
 * with the sliver's copy (vpsadbw).
 *
 * The register tile is 12 x 32 like the f32 kernel's: 24 zmm accumulators,
 * two zmm of rhs and one broadcast, and each quad of k issues 24 vpdpbusd
 * (1536 multiply-adds) against 2 loads and 12 broadcasts. Blocking: a
 * 12 x 512 sliver (6 KiB) in L1 while the kernel sweeps a packed 512 x 384
 * block (192 KiB, in L2).
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/matmul_i8_isa.h"

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#define LOOM_I8_ENTRY loom_ukernel_matmul_i8_avx512vnni
#define LOOM_I8_MR 12
#define LOOM_I8_NR 32
/* Columns 1 to 16 take the half tile (tileKernelRows with !wide). */
#define LOOM_I8_HALF_TILE
#define LOOM_I8_KC 512
#define LOOM_I8_NC 384
#define LOOM_I8_PACKED_TYPE uint8_t
#define LOOM_I8_PACKED_ELEMENTS (LOOM_I8_KC * LOOM_I8_NC)
/* Quads of bytes; a cache line of padding per row. */
#define LOOM_I8_SLIVER_TYPE int32_t
#define LOOM_I8_SLIVER_STRIDE ((LOOM_I8_KC + 64) / 4)

static inline int64_t panelElements(int64_t kc) {
  return (kc + 3) / 4 * 4 * LOOM_I8_NR;
}

/* The first `count` (at most 64) bytes of a zmm register. */
static inline __mmask64 firstBytes(int64_t count) {
  return count >= 64 ? ~(__mmask64)0 : ((__mmask64)1 << count) - 1;
}

/* Packs rows [p, p + rows) (rows <= 4) of columns [0, width) (width <= 16)
 * into the 64 bytes at dst, zeros elsewhere, and adds their column sums to
 * colSums when lhs is signed. The rows go into the four 128-bit lanes of a
 * zmm; a dword permutation gathers into lane L the dwords of columns
 * 4L .. 4L + 3 of the four rows, and a byte shuffle transposes each lane's
 * 4 x 4 bytes, so that column j's four rows are bytes 4 j .. 4 j + 3. */
static inline __attribute__((always_inline)) void
packQuad(const uint8_t *row, int64_t ldb, int64_t rows, int64_t width,
         int rhsUnsigned, int lhsSigned, uint8_t *dst, int32_t *colSums) {
  __m512i v;
  if (rows == 4 && width == 16) {
    v = _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)row));
    v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(row + ldb)), 1);
    v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(row + 2 * ldb)),
                           2);
    v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(row + 3 * ldb)),
                           3);
    if (rhsUnsigned)
      v = _mm512_xor_si512(v, _mm512_set1_epi8((char)0x80));
  } else {
    __mmask64 cols = firstBytes(width), real = 0;
    __m128i lanes[4];
    for (int64_t r = 0; r < 4; ++r) {
      lanes[r] = _mm_setzero_si128();
      if (r < rows) {
        lanes[r] = _mm512_castsi512_si128(
            _mm512_maskz_loadu_epi8(cols, row + r * ldb));
        real |= cols << (16 * r);
      }
    }
    v = _mm512_castsi128_si512(lanes[0]);
    v = _mm512_inserti32x4(v, lanes[1], 1);
    v = _mm512_inserti32x4(v, lanes[2], 2);
    v = _mm512_inserti32x4(v, lanes[3], 3);
    if (rhsUnsigned)
      v = _mm512_xor_si512(
          v, _mm512_maskz_mov_epi8(real, _mm512_set1_epi8((char)0x80)));
  }
  const __m512i gather =
      _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  const __m512i transpose = _mm512_broadcast_i32x4(
      _mm_setr_epi8(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));
  v = _mm512_shuffle_epi8(_mm512_permutexvar_epi32(gather, v), transpose);
  _mm512_store_si512((__m512i *)dst, v);
  if (lhsSigned) {
    __m512i sums = _mm512_load_si512((const __m512i *)colSums);
    sums = _mm512_dpbusd_epi32(sums, _mm512_set1_epi8(1), v);
    _mm512_store_si512((__m512i *)colSums, sums);
  }
}

/* Quads of rows (zeros past kc) into the panels, row by row like the f32
 * packing, with the rows 8 ahead prefetched; colCorrection gets the column
 * corrections of the block (zeros unless lhs is signed). */
static void packRhs(const uint8_t *rhs, int64_t ldb, int64_t kc, int64_t nc,
                    uint32_t flags, uint8_t *packed, int32_t *colCorrection) {
  int rhsUnsigned = (flags & LOOM_UKERNEL_RHS_UNSIGNED) != 0;
  int lhsSigned = (flags & LOOM_UKERNEL_LHS_UNSIGNED) == 0;
  int64_t padded = (nc + LOOM_I8_NR - 1) / LOOM_I8_NR * LOOM_I8_NR;
  int64_t full = nc / 16 * 16;
  int64_t panel = panelElements(kc);
  memset(colCorrection, 0, (size_t)padded * sizeof(int32_t));
  for (int64_t p = 0; p < kc; p += 4) {
    const uint8_t *row = rhs + p * ldb;
    int64_t rows = kc - p < 4 ? kc - p : 4;
    if (p + 11 < kc)
      for (int64_t r = 8; r < 12; ++r)
        for (int64_t j = 0; j < nc; j += 64)
          __builtin_prefetch(row + r * ldb + j, 0, 3);
    uint8_t *dst = packed + p * LOOM_I8_NR;
    if (rows == 4)
      for (int64_t j0 = 0; j0 < full; j0 += 16)
        packQuad(row + j0, ldb, 4, 16, rhsUnsigned, lhsSigned,
                 dst + j0 / LOOM_I8_NR * panel + j0 % LOOM_I8_NR * 4,
                 colCorrection + j0);
    for (int64_t j0 = rows == 4 ? full : 0; j0 < padded; j0 += 16) {
      uint8_t *group = dst + j0 / LOOM_I8_NR * panel + j0 % LOOM_I8_NR * 4;
      if (j0 >= nc)
        memset(group, 0, 64);
      else
        packQuad(row + j0, ldb, rows, nc - j0 < 16 ? nc - j0 : 16, rhsUnsigned,
                 lhsSigned, group, colCorrection + j0);
    }
  }
  if (lhsSigned)
    for (int64_t j = 0; j < padded; j += 16) {
      __m512i sums = _mm512_load_si512((const __m512i *)(colCorrection + j));
      _mm512_store_si512(
          (__m512i *)(colCorrection + j),
          _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_slli_epi32(sums, 7)));
    }
}

/* lhs[i][0, kc), xor 0x80 where signed, zero-padded to the next 64 bytes;
 * rowCorrection[i] = 128 * sum of ext(lhs[i]) where rhs is unsigned. */
static void packSliver(const uint8_t *lhs, int64_t lda, int64_t mr, int64_t kc,
                       uint32_t flags, int32_t *sliver,
                       int32_t *rowCorrection) {
  int rhsUnsigned = (flags & LOOM_UKERNEL_RHS_UNSIGNED) != 0;
  int lhsSigned = (flags & LOOM_UKERNEL_LHS_UNSIGNED) == 0;
  __m512i bias = _mm512_set1_epi8(lhsSigned ? (char)0x80 : 0);
  for (int64_t i = 0; i < mr; ++i) {
    const uint8_t *src = lhs + i * lda;
    int32_t *dst = sliver + i * LOOM_I8_SLIVER_STRIDE;
    __m512i sums = _mm512_setzero_si512();
    for (int64_t p = 0; p < kc; p += 64) {
      __m512i v;
      if (kc - p >= 64)
        v = _mm512_xor_si512(_mm512_loadu_si512(src + p), bias);
      else {
        __mmask64 real = firstBytes(kc - p);
        v = _mm512_maskz_mov_epi8(
            real,
            _mm512_xor_si512(_mm512_maskz_loadu_epi8(real, src + p), bias));
      }
      _mm512_store_si512((__m512i *)(dst + p / 4), v);
      if (rhsUnsigned)
        sums =
            _mm512_add_epi64(sums, _mm512_sad_epu8(v, _mm512_setzero_si512()));
    }
    uint32_t sum = (uint32_t)_mm512_reduce_add_epi64(sums);
    if (lhsSigned)
      sum -= 128u * (uint32_t)kc;
    rowCorrection[i] = rhsUnsigned ? (int32_t)(128u * sum) : 0;
  }
}

/* acc + the dot products of a's unsigned and b's signed byte quads: one
 * vpdpbusd, as _mm512_dpbusd_epi32, but in inline assembly. GCC 12 ties the
 * builtin's accumulator to its destination in a way that its register
 * allocator undoes with a copy and a store to the stack of every
 * accumulator on every step of k (the 12 x 32 tile ran at 350 GOP/s, or
 * 620 unrolled four times); with the asm operand "+v" the
 * loop is 2 loads, 12 broadcasts and 24 vpdpbusd, and runs at 2 vpdpbusd a
 * cycle (760-810 GOP/s on the Zen 5 VM, 90% of its peak). */
static inline __attribute__((always_inline)) __m512i
dotQuads(__m512i acc, __m512i a, __m512i b) {
  __asm__("vpdpbusd %2, %1, %0" : "+v"(acc) : "v"(a), "v"(b));
  return acc;
}

/* c[0, cols) (+)= acc for cols <= 16; the lanes past cols are neither read
 * nor written. */
static inline __attribute__((always_inline)) void
storeColumns(int32_t *c, __m512i acc, int64_t cols, int accumulate) {
  if (cols == 16) {
    if (accumulate)
      acc = _mm512_add_epi32(_mm512_loadu_si512(c), acc);
    _mm512_storeu_si512(c, acc);
    return;
  }
  __mmask16 mask = (__mmask16)((1u << cols) - 1);
  if (accumulate)
    acc = _mm512_add_epi32(_mm512_maskz_loadu_epi32(mask, c), acc);
  _mm512_mask_storeu_epi32(c, mask, acc);
}

/* The mr x 32 kernel, or mr x 16 when !wide, for nr columns of c (nr <= 16
 * when !wide); inlined with constant mr and wide so that the accumulators
 * of absent rows vanish and the rest live in registers. */
static inline __attribute__((always_inline)) void
tileKernelRows(const int mr, const int wide, int64_t nr, int64_t kc,
               const int32_t *a, const uint8_t *b, const int32_t *colCorrection,
               const int32_t *rowCorrection, int32_t *c, int64_t ldc,
               int accumulate) {
  __m512i acc[LOOM_I8_MR][2];
  __m512i col0 = _mm512_load_si512(colCorrection);
  __m512i col1 = wide ? _mm512_load_si512(colCorrection + 16) : col0;
  for (int i = 0; i < mr; ++i) {
    __m512i row = _mm512_set1_epi32(rowCorrection[i]);
    acc[i][0] = _mm512_add_epi32(col0, row);
    acc[i][1] = _mm512_add_epi32(col1, row);
  }
  for (int i = 0; i < mr; ++i) {
    _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);
    if (wide)
      _mm_prefetch((const char *)(c + i * ldc + 16), _MM_HINT_T0);
  }
  int64_t quads = (kc + 3) / 4;
  /* Not unrolled: the loop is already 38 instructions per 12 cycles. */
  for (int64_t q = 0; q < quads; ++q) {
    __m512i b0 = _mm512_load_si512(b + q * 128);
    __m512i b1 = wide ? _mm512_load_si512(b + q * 128 + 64) : b0;
    for (int i = 0; i < mr; ++i) {
      __m512i ai = _mm512_set1_epi32(a[i * LOOM_I8_SLIVER_STRIDE + q]);
      acc[i][0] = dotQuads(acc[i][0], ai, b0);
      if (wide)
        acc[i][1] = dotQuads(acc[i][1], ai, b1);
    }
  }
  for (int i = 0; i < mr; ++i) {
    int32_t *ci = c + i * ldc;
    storeColumns(ci, acc[i][0], wide ? 16 : nr, accumulate);
    if (wide)
      storeColumns(ci + 16, acc[i][1], nr - 16, accumulate);
  }
}

#include "backends/cpu/ukernels/matmul_i8_driver.h"
