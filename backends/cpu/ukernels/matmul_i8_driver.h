/*===- matmul_i8_driver.h - Blocking around an i8 matmul tile -----*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The cache blocking and edge handling of loom_ukernel_matmul_i8, shared by
 * every variant; the loop nest is matmul_f32_driver.h's (GotoBLAS with the
 * operands' roles swapped). What differs between variants is the layout of
 * the packed operands, so each variant file defines, before including this:
 *   LOOM_I8_ENTRY       the name of its blocked entry point;
 *   LOOM_I8_MR, _NR     the register tile: rows of lhs/out, columns of rhs/out;
 *   LOOM_I8_KC, _NC     the cache block: depth (a multiple of 64), and
 *                       columns of packed rhs (a multiple of LOOM_I8_NR);
 *   LOOM_I8_PACKED_TYPE, LOOM_I8_PACKED_ELEMENTS  the element type of packed
 *                       rhs and how many one kc x nc block needs;
 *   LOOM_I8_SLIVER_TYPE, LOOM_I8_SLIVER_STRIDE  the element type of the
 *                       packed lhs sliver and the elements between its rows;
 *   packRhs(rhs, ldb, kc, nc, flags, packed, colCorrection), which packs
 *     rhs[kc x nc] into panels of LOOM_I8_NR columns that start
 *     panelElements(kc) apart, zero-padded, and may write colCorrection[j]
 *     for j below nc rounded up to LOOM_I8_NR;
 *   packSliver(lhs, lda, mr, kc, flags, sliver, rowCorrection), which packs
 *     lhs[mr x kc] into rows LOOM_I8_SLIVER_STRIDE apart and may write
 *     rowCorrection[i] for i < mr;
 *   panelElements(kc), the size of one packed panel of depth kc;
 *   tileKernelRows(mr, [wide,] nr, kc, sliver, panel, colCorrection,
 *     rowCorrection, c, ldc, accumulate), always inlined, which computes
 *     c[mr x nr] (+)= the product of the packed sliver and panel for
 *     1 <= nr <= LOOM_I8_NR, touching no column of c beyond nr; colCorrection
 *     is the panel's first entry. tileKernel below calls it with mr a
 *     constant in [1, LOOM_I8_MR] and, where the variant defines
 *     LOOM_I8_HALF_TILE, with the constant wide = nr > LOOM_I8_NR / 2.
 * The corrections are the VNNI variant's (matmul_i8_avx512vnni.c); the
 * others ignore them. Unlike the f32 driver, rhs is always packed: the
 * SIMD variants need consecutive k of one column next to each other (pairs
 * of int16 for AVX2's vpmaddwd, groups of 4 bytes for vpdpbusd), which no
 * in-place read gives, and the generic one widens it to int16. All sums
 * are modulo 2^32 (unsigned in C, wrapping vector adds), so the result does
 * not depend on the order, the blocking or the variant.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_MATMUL_I8_DRIVER_H
#define LOOM_BACKENDS_CPU_UKERNELS_MATMUL_I8_DRIVER_H

#include "backends/cpu/ukernels/loom_ukernels.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if !defined(LOOM_I8_ENTRY) || !defined(LOOM_I8_MR) || !defined(LOOM_I8_NR) || \
    !defined(LOOM_I8_KC) || !defined(LOOM_I8_NC) ||                            \
    !defined(LOOM_I8_PACKED_TYPE) || !defined(LOOM_I8_PACKED_ELEMENTS) ||      \
    !defined(LOOM_I8_SLIVER_TYPE) || !defined(LOOM_I8_SLIVER_STRIDE)
#error "a variant defines LOOM_I8_ENTRY, its tile, blocks and layouts first"
#endif
#if LOOM_I8_NC % LOOM_I8_NR != 0 || LOOM_I8_KC % 64 != 0
#error "LOOM_I8_NC must be a multiple of LOOM_I8_NR, LOOM_I8_KC of 64"
#endif
#if LOOM_I8_MR > 16
#error "tileKernel has the row counts up to 16"
#endif

/* The packed rhs block, its column corrections, the sliver and its row
 * corrections, with a margin for the frames themselves. */
_Static_assert(
    LOOM_I8_PACKED_ELEMENTS * sizeof(LOOM_I8_PACKED_TYPE) + LOOM_I8_NC * 4 +
            LOOM_I8_MR *
                (LOOM_I8_SLIVER_STRIDE * sizeof(LOOM_I8_SLIVER_TYPE) + 4) +
            4096 <=
        LOOM_UKERNEL_MAX_STACK_BYTES,
    "the scratch buffers exceed LOOM_UKERNEL_MAX_STACK_BYTES");

/* The object's exported entry; the native test library renames it after the
 * variant (loom_ukernels_native.h). */
#ifndef LOOM_UKERNEL_MATMUL_I8_SYMBOL
#define LOOM_UKERNEL_MATMUL_I8_SYMBOL loom_ukernel_matmul_i8
#endif

static inline int64_t loomI8Min(int64_t a, int64_t b) { return a < b ? a : b; }

/* The variant's tileKernelRows with a constant mr (and wide), so that the
 * accumulators of absent rows vanish and the rest live in registers. */
static void tileKernel(int64_t mr, int64_t nr, int64_t kc,
                       const LOOM_I8_SLIVER_TYPE *sliver,
                       const LOOM_I8_PACKED_TYPE *panel,
                       const int32_t *colCorrection,
                       const int32_t *rowCorrection, int32_t *c, int64_t ldc,
                       int accumulate) {
#ifdef LOOM_I8_HALF_TILE
#define LOOM_I8_TILE_KERNEL_ROWS(rows)                                         \
  if (nr > LOOM_I8_NR / 2)                                                     \
    tileKernelRows(rows, 1, nr, kc, sliver, panel, colCorrection,              \
                   rowCorrection, c, ldc, accumulate);                         \
  else                                                                         \
    tileKernelRows(rows, 0, nr, kc, sliver, panel, colCorrection,              \
                   rowCorrection, c, ldc, accumulate);
#else
#define LOOM_I8_TILE_KERNEL_ROWS(rows)                                         \
  tileKernelRows(rows, nr, kc, sliver, panel, colCorrection, rowCorrection, c, \
                 ldc, accumulate);
#endif
#define LOOM_I8_TILE_ROWS(rows)                                                \
  case rows:                                                                   \
    LOOM_I8_TILE_KERNEL_ROWS(rows)                                             \
    break;
  switch (mr) {
#if LOOM_I8_MR >= 16
    LOOM_I8_TILE_ROWS(16)
#endif
#if LOOM_I8_MR >= 15
    LOOM_I8_TILE_ROWS(15)
#endif
#if LOOM_I8_MR >= 14
    LOOM_I8_TILE_ROWS(14)
#endif
#if LOOM_I8_MR >= 13
    LOOM_I8_TILE_ROWS(13)
#endif
#if LOOM_I8_MR >= 12
    LOOM_I8_TILE_ROWS(12)
#endif
#if LOOM_I8_MR >= 11
    LOOM_I8_TILE_ROWS(11)
#endif
#if LOOM_I8_MR >= 10
    LOOM_I8_TILE_ROWS(10)
#endif
#if LOOM_I8_MR >= 9
    LOOM_I8_TILE_ROWS(9)
#endif
#if LOOM_I8_MR >= 8
    LOOM_I8_TILE_ROWS(8)
#endif
#if LOOM_I8_MR >= 7
    LOOM_I8_TILE_ROWS(7)
#endif
#if LOOM_I8_MR >= 6
    LOOM_I8_TILE_ROWS(6)
#endif
#if LOOM_I8_MR >= 5
    LOOM_I8_TILE_ROWS(5)
#endif
#if LOOM_I8_MR >= 4
    LOOM_I8_TILE_ROWS(4)
#endif
#if LOOM_I8_MR >= 3
    LOOM_I8_TILE_ROWS(3)
#endif
#if LOOM_I8_MR >= 2
    LOOM_I8_TILE_ROWS(2)
#endif
  default:
    LOOM_I8_TILE_KERNEL_ROWS(1)
    break;
  }
#undef LOOM_I8_TILE_ROWS
#undef LOOM_I8_TILE_KERNEL_ROWS
}

/* All row tiles of out[m x nc] against one packed kc-deep block of rhs. */
static void multiplyBlock(const uint8_t *lhs, int64_t lda,
                          const LOOM_I8_PACKED_TYPE *packed,
                          const int32_t *colCorrection, int32_t *out,
                          int64_t ldc, int64_t m, int64_t nc, int64_t kc,
                          uint32_t flags, int accumulate) {
  /* Copied rows keep clear of each other's L1 sets (as in the f32 driver)
   * and are where lhs gets its variant's layout. */
  LOOM_I8_SLIVER_TYPE sliver[LOOM_I8_MR * LOOM_I8_SLIVER_STRIDE]
      __attribute__((aligned(64)));
  int32_t rowCorrection[LOOM_I8_MR] __attribute__((aligned(64)));
  int64_t panel = panelElements(kc);
  for (int64_t ic = 0; ic < m; ic += LOOM_I8_MR) {
    int64_t mr = loomI8Min(LOOM_I8_MR, m - ic);
    packSliver(lhs + ic * lda, lda, mr, kc, flags, sliver, rowCorrection);
    int32_t *cRow = out + ic * ldc;
    for (int64_t jr = 0; jr < nc; jr += LOOM_I8_NR)
      tileKernel(mr, loomI8Min(LOOM_I8_NR, nc - jr), kc, sliver,
                 packed + (jr / LOOM_I8_NR) * panel, colCorrection + jr,
                 rowCorrection, cRow + jr, ldc, accumulate);
  }
}

__attribute__((visibility("hidden"))) void
LOOM_I8_ENTRY(const void *lhs, int64_t lhs_stride, const void *rhs,
              int64_t rhs_stride, int32_t *out, int64_t out_stride, int64_t m,
              int64_t n, int64_t k, uint32_t flags) {
  if (m <= 0 || n <= 0)
    return;
  int accumulate = (flags & LOOM_UKERNEL_ACCUMULATE) != 0;
  if (k <= 0) {
    if (!accumulate)
      for (int64_t i = 0; i < m; ++i)
        memset(out + i * out_stride, 0, (size_t)n * sizeof(int32_t));
    return;
  }

  const uint8_t *lhsBytes = (const uint8_t *)lhs;
  const uint8_t *rhsBytes = (const uint8_t *)rhs;
  LOOM_I8_PACKED_TYPE packed[LOOM_I8_PACKED_ELEMENTS]
      __attribute__((aligned(64)));
  int32_t colCorrection[LOOM_I8_NC] __attribute__((aligned(64)));
  for (int64_t jc = 0; jc < n; jc += LOOM_I8_NC) {
    int64_t nc = loomI8Min(LOOM_I8_NC, n - jc);
    for (int64_t pc = 0; pc < k; pc += LOOM_I8_KC) {
      int64_t kc = loomI8Min(LOOM_I8_KC, k - pc);
      packRhs(rhsBytes + pc * rhs_stride + jc, rhs_stride, kc, nc, flags,
              packed, colCorrection);
      /* The first depth block overwrites unless the caller accumulates. */
      multiplyBlock(lhsBytes + pc, lhs_stride, packed, colCorrection, out + jc,
                    out_stride, m, nc, kc, flags, accumulate || pc > 0);
    }
  }
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_MATMUL_I8_DRIVER_H */
