/*===- matmul_f32_driver.h - Blocking around a matmul tile kernel -*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The cache blocking, packing and edge handling of loom_ukernel_matmul_f32,
 * shared by every variant. A variant file defines, before including this:
 *   LOOM_MATMUL_ENTRY the name of its blocked entry point;
 *   LOOM_MR, LOOM_NR  the register tile: rows of lhs/out, columns of rhs/out;
 *   LOOM_KC, LOOM_NC  the cache block: depth, and columns of packed rhs;
 *   tileKernelRows(mr, [wide,] nr, kc, a, lda, b, ldb, c, ldc, accumulate,
 *     epilogue), always inlined, which computes c[mr x nr] (+)= a[mr x kc] *
 *     b[kc x nr], then applies the epilogue (LoomMatmulEpilogue, below; NULL
 *     for none) to each element it stores, row i of the tile taking
 *     bias[i * biasStride] (column j bias[j], contiguous, with
 *     biasPerColumn),
 *     for 1 <= nr <= LOOM_NR, where b's rows are ldb floats apart and all
 *     LOOM_NR columns of b may be read (they are zero beyond nr), but no
 *     column of c beyond nr may be read or written. tileKernel below calls
 *     it with mr a constant in [1, LOOM_MR] and, where the variant defines
 *     LOOM_HALF_TILE (it has a tile of LOOM_NR / 2 columns for
 *     nr <= LOOM_NR / 2), with the constant wide = nr > LOOM_NR / 2.
 * The loop order follows GotoBLAS with the roles of the operands swapped,
 * because lhs is row-major with unit stride along k: only rhs is packed, into
 * column panels of LOOM_NR that are contiguous per k, zero-padded at the
 * right edge (the block lives in L2), and an mr x kc sliver of lhs is copied
 * with padded rows (it stays in L1 while the tile kernel sweeps the panels of
 * one block). Packing rhs is a row copy, so it costs one load and store per
 * element of rhs per call, against m multiply-adds per element.
 * docs/ukernels.md explains the choices.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_MATMUL_F32_DRIVER_H
#define LOOM_BACKENDS_CPU_UKERNELS_MATMUL_F32_DRIVER_H

#include "backends/cpu/ukernels/loom_ukernels.h"
#include "backends/cpu/ukernels/matmul_f32_epilogue.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if !defined(LOOM_MR) || !defined(LOOM_NR) || !defined(LOOM_KC) ||            \
    !defined(LOOM_NC)
#error "a variant defines LOOM_MR, LOOM_NR, LOOM_KC and LOOM_NC first"
#endif
#if LOOM_NC % LOOM_NR != 0
#error "LOOM_NC must be a multiple of LOOM_NR"
#endif
#if LOOM_NC % LOOM_UKERNEL_RHS_PANEL != 0 || LOOM_UKERNEL_RHS_PANEL % LOOM_NR != 0
#error "a pre-packed panel is whole LOOM_NR panels, and LOOM_NC whole pre-packed panels"
#endif

/* The row stride of the copied lhs sliver; the pad of one cache line keeps
 * its rows out of each other's L1 sets. */
#define LOOM_SLIVER_STRIDE (LOOM_KC + 16)

/* The packed rhs block and the sliver, with a margin for the frames
 * themselves. */
#if (LOOM_KC * LOOM_NC + LOOM_MR * LOOM_SLIVER_STRIDE) * 4 + 4096 >            \
    LOOM_UKERNEL_MAX_STACK_BYTES
#error "the scratch buffers exceed LOOM_UKERNEL_MAX_STACK_BYTES"
#endif

#if !defined(LOOM_MATMUL_ENTRY) || !defined(LOOM_MATMUL_EPILOGUE_ENTRY)
#error "a variant names its blocked entry points LOOM_MATMUL_ENTRY and LOOM_MATMUL_EPILOGUE_ENTRY first"
#endif
#if LOOM_MR != 6 && LOOM_MR != 12
#error "tileKernel has the row counts of LOOM_MR 6 and 12"
#endif

/* The object's exported entry; the native test library renames it after the
 * variant (loom_ukernels_native.h). */
#ifndef LOOM_UKERNEL_MATMUL_F32_SYMBOL
#define LOOM_UKERNEL_MATMUL_F32_SYMBOL loom_ukernel_matmul_f32
#endif
#ifndef LOOM_UKERNEL_MATMUL_EPILOGUE_F32_SYMBOL
#define LOOM_UKERNEL_MATMUL_EPILOGUE_F32_SYMBOL                              \
  loom_ukernel_matmul_epilogue_f32
#endif

static inline int64_t loomMin(int64_t a, int64_t b) { return a < b ? a : b; }

/* The epilogue of the tile at (row, column) (its bias and addend moved
 * there). */
static inline LoomMatmulEpilogue loomEpilogueAt(const LoomMatmulEpilogue *e,
                                                int64_t row, int64_t column) {
  LoomMatmulEpilogue at = *e;
  if (at.bias)
    at.bias += (at.biasPerColumn ? column : row) * at.biasStride;
  if (at.addend)
    at.addend += row * at.addendStride + column;
  return at;
}

/* Copies of a variable length, as loops: the rows at the edges are a few
 * floats long, where a call to memcpy costs more than the copy. (With GCC,
 * -fno-tree-loop-distribute-patterns keeps these loops from turning back
 * into calls.) */
static inline void copyFloats(float *dst, const float *src, int64_t count) {
  for (int64_t i = 0; i < count; ++i)
    dst[i] = src[i];
}

static inline void zeroFloats(float *dst, int64_t count) {
  for (int64_t i = 0; i < count; ++i)
    dst[i] = 0.0f;
}

/* The variant's tileKernelRows with a constant mr (and wide), so that the
 * accumulators of absent rows vanish and the rest live in registers. */
static void tileKernel(int64_t mr, int64_t nr, int64_t kc, const float *a,
                       int64_t lda, const float *b, int64_t ldb, float *c,
                       int64_t ldc, int accumulate,
                       const LoomMatmulEpilogue *epilogue) {
#ifdef LOOM_HALF_TILE
#define LOOM_TILE_KERNEL_ROWS(rows)                                            \
  if (nr > LOOM_NR / 2)                                                        \
    tileKernelRows(rows, 1, nr, kc, a, lda, b, ldb, c, ldc, accumulate,        \
                   epilogue);                                                  \
  else                                                                         \
    tileKernelRows(rows, 0, nr, kc, a, lda, b, ldb, c, ldc, accumulate,        \
                   epilogue);
#else
#define LOOM_TILE_KERNEL_ROWS(rows)                                            \
  tileKernelRows(rows, nr, kc, a, lda, b, ldb, c, ldc, accumulate, epilogue);
#endif
#define LOOM_TILE_ROWS(rows)                                                   \
  case rows:                                                                   \
    LOOM_TILE_KERNEL_ROWS(rows)                                                \
    break;
  switch (mr) {
#if LOOM_MR == 12
    LOOM_TILE_ROWS(12)
    LOOM_TILE_ROWS(11)
    LOOM_TILE_ROWS(10)
    LOOM_TILE_ROWS(9)
    LOOM_TILE_ROWS(8)
    LOOM_TILE_ROWS(7)
#endif
    LOOM_TILE_ROWS(6)
    LOOM_TILE_ROWS(5)
    LOOM_TILE_ROWS(4)
    LOOM_TILE_ROWS(3)
    LOOM_TILE_ROWS(2)
  default:
    LOOM_TILE_KERNEL_ROWS(1)
    break;
  }
#undef LOOM_TILE_ROWS
#undef LOOM_TILE_KERNEL_ROWS
}

/* Packs rhs[kc x nc] into panels of LOOM_NR columns; panel q holds
 * rhs[p][q*NR + j] at packed[q*NR*kc + p*NR + j], zero beyond column nc.
 * rhs is read row by row, each row's full panels at once, with the row 8
 * ahead prefetched: rhs is usually weights coming from memory (an MLP's
 * [1024, 4096] layer is read once per run, 16 MiB), and panel by panel
 * read 128 bytes of each row a whole row stride apart, which the hardware
 * prefetchers did not keep up with (MLP, batch 64: 12.4 -> 9.5 ms of CPU
 * time per run on the Zen 5 machine, one thread). */
static void packRhs(const float *rhs, int64_t ldb, int64_t kc, int64_t nc,
                    float *packed) {
  int64_t full = nc - nc % LOOM_NR;
  for (int64_t p = 0; p < kc; ++p) {
    if (p + 8 < kc)
      for (int64_t j = 0; j < nc; j += 16)
        __builtin_prefetch(rhs + (p + 8) * ldb + j, 0, 3);
    for (int64_t j0 = 0; j0 < full; j0 += LOOM_NR)
      memcpy(packed + j0 * kc + p * LOOM_NR, rhs + p * ldb + j0,
             LOOM_NR * sizeof(float));
  }
  if (full < nc) {
    float *panel = packed + full * kc;
    int64_t width = nc - full;
    for (int64_t p = 0; p < kc; ++p) {
      copyFloats(panel + p * LOOM_NR, rhs + p * ldb + full, width);
      zeroFloats(panel + p * LOOM_NR + width, LOOM_NR - width);
    }
  }
}

/* All row tiles of out[m x nc] against one kc-deep block of rhs, given as
 * panels of panelWidth columns (a multiple of LOOM_NR) whose rows are ldb
 * apart and which start panelStride floats apart; a ragged last panel is
 * replaced by lastPanel, its zero-padded copy, when rhs is read in place.
 * With `prefetch`, the first row tiles prefetch the panel after theirs. */
static void multiplyBlock(const float *lhs, int64_t lda, const float *b,
                          int64_t ldb, int64_t panelStride, int64_t panelWidth,
                          const float *lastPanel, float *out, int64_t ldc,
                          int64_t m, int64_t nc, int64_t kc, int accumulate,
                          const LoomMatmulEpilogue *epilogue, int prefetch) {
  /* The sliver's rows are copied next to each other: in place, rows whose
   * stride is a multiple of 4 KiB fall into the same L1 sets and MR of them
   * evict each other (and rhs) during the sweep; the copy costs one pass
   * over kc x mr floats per kc x nc x mr multiply-adds. */
  float sliver[LOOM_MR * LOOM_SLIVER_STRIDE] __attribute__((aligned(64)));
  for (int64_t ic = 0; ic < m; ic += LOOM_MR) {
    int64_t mr = loomMin(LOOM_MR, m - ic);
    for (int64_t i = 0; i < mr; ++i)
      copyFloats(sliver + i * LOOM_SLIVER_STRIDE, lhs + (ic + i) * lda, kc);
    float *cRow = out + ic * ldc;
    for (int64_t jr = 0; jr < nc; jr += LOOM_NR) {
      int64_t nr = loomMin(LOOM_NR, nc - jr);
      LoomMatmulEpilogue tile;
      if (epilogue)
        tile = loomEpilogueAt(epilogue, ic, jr);
      const LoomMatmulEpilogue *rowEpilogue = epilogue ? &tile : NULL;
      /* Pre-packed panels come from the outer caches on the first row
       * tile's sweep (the packing copy prefetched its rows ahead): each
       * tile of that sweep prefetches the next panel into L2. */
      if (prefetch && ic == 0 && jr + LOOM_NR < nc) {
        const float *next = b + ((jr + LOOM_NR) / panelWidth) * panelStride +
                            (jr + LOOM_NR) % panelWidth;
        for (int64_t p = 0; p < kc; ++p)
          for (int64_t j = 0; j < LOOM_NR; j += 16)
            __builtin_prefetch(next + p * ldb + j, 0, 2);
      }
      /* The next row sliver's output rows (and those of the residual its
       * epilogue adds) at this tile's columns: activations written or read
       * once, from memory, whose rows are a whole stride apart, which the
       * hardware prefetchers do not follow; a tile's work hides the
       * latency. ResNet-50's 1x1 layers with a residual at batch 8 (64 ->
       * 256 filters at 56x56, tiles of 112 positions, one thread on the
       * Xeon of docs/benchmarks.md): 13.9 -> 9.3 ms with this and the tile
       * kernel's prefetch of its own residual rows. */
      if (ic + LOOM_MR < m)
        for (int64_t i = 0; i < loomMin(LOOM_MR, m - ic - LOOM_MR); ++i) {
          const float *next = out + (ic + LOOM_MR + i) * ldc + jr;
          __builtin_prefetch(next, 1, 3);
          if (nr > 16)
            __builtin_prefetch(next + 16, 1, 3);
          if (epilogue && epilogue->addend) {
            const float *addend = epilogue->addend +
                                  (ic + LOOM_MR + i) * epilogue->addendStride +
                                  jr;
            __builtin_prefetch(addend, 0, 3);
            if (nr > 16)
              __builtin_prefetch(addend + 16, 0, 3);
          }
        }
      if (nr < LOOM_NR && lastPanel)
        tileKernel(mr, nr, kc, sliver, LOOM_SLIVER_STRIDE, lastPanel, LOOM_NR,
                   cRow + jr, ldc, accumulate, rowEpilogue);
      else
        tileKernel(mr, nr, kc, sliver, LOOM_SLIVER_STRIDE,
                   b + (jr / panelWidth) * panelStride + jr % panelWidth, ldb,
                   cRow + jr, ldc, accumulate, rowEpilogue);
    }
  }
}

/* a * b + c as the variant's tile kernel computes it: one fused
 * multiply-add where the variant's vector code has them (the AVX2+FMA and
 * AVX-512 tiles use fmadd), a rounded product and sum otherwise (the
 * generic tile). */
#if defined(__FP_FAST_FMAF)
#define LOOM_MADD(a, b, c) __builtin_fmaf((a), (b), (c))
#else
#define LOOM_MADD(a, b, c) ((a) * (b) + (c))
#endif

/* Columns of out a one-row product sums at a time (on the stack). */
#define LOOM_ROW_CHUNK 512

/* out[0, n) (+)= lhs[0, k) * rhs[k x n]: a single row (a fully connected
 * layer at batch 1) reads every element of rhs once, so it is bound by
 * streaming rhs from memory. Walking rhs row by row reads it in address
 * order, which the hardware prefetchers follow, where the panel order of the
 * tile kernel jumps a whole row stride on every step of k; four rows of rhs
 * per pass over the sums keep their loads and stores (in L1) at a quarter of
 * the rhs loads. Each element is summed exactly as the tile kernels sum it
 * (a multiply-add chain from zero over each LOOM_KC block of k, in order,
 * the block's sum then added to out), so a row computed alone equals,
 * bit for bit, the same row of a larger product: a model run one batch
 * element at a time (docs/dynamic-shapes.md) gives the batch's results. */
static void multiplyRowStreaming(const float *lhs, const float *rhs,
                                 int64_t ldb, float *restrict out, int64_t n,
                                 int64_t k, int accumulate) {
  float sums[LOOM_ROW_CHUNK] __attribute__((aligned(64)));
  for (int64_t jc = 0; jc < n; jc += LOOM_ROW_CHUNK) {
    int64_t nc = loomMin(LOOM_ROW_CHUNK, n - jc);
    float *restrict o = out + jc;
    for (int64_t pc = 0; pc < k; pc += LOOM_KC) {
      int64_t kc = loomMin(LOOM_KC, k - pc);
      zeroFloats(sums, nc);
      int64_t p = pc;
      for (; p + 4 <= pc + kc; p += 4) {
        float a0 = lhs[p], a1 = lhs[p + 1], a2 = lhs[p + 2], a3 = lhs[p + 3];
        const float *restrict r0 = rhs + p * ldb + jc;
        const float *restrict r1 = r0 + ldb;
        const float *restrict r2 = r1 + ldb;
        const float *restrict r3 = r2 + ldb;
        for (int64_t j = 0; j < nc; ++j)
          sums[j] = LOOM_MADD(
              a3, r3[j],
              LOOM_MADD(a2, r2[j],
                        LOOM_MADD(a1, r1[j], LOOM_MADD(a0, r0[j], sums[j]))));
      }
      for (; p < pc + kc; ++p) {
        float a = lhs[p];
        const float *restrict r = rhs + p * ldb + jc;
        for (int64_t j = 0; j < nc; ++j)
          sums[j] = LOOM_MADD(a, r[j], sums[j]);
      }
      if (accumulate || pc > 0)
        for (int64_t j = 0; j < nc; ++j)
          o[j] += sums[j];
      else
        copyFloats(o, sums, nc);
    }
  }
}

/* The product, then the epilogue (NULL: none) on the finished elements: in
 * the tile kernels' stores of the last depth block, or after the row
 * product or the empty sum. */
static void matmulWithEpilogue(const float *lhs, int64_t lhs_stride,
                               const float *rhs, int64_t rhs_stride,
                               float *out, int64_t out_stride, int64_t m,
                               int64_t n, int64_t k, uint32_t flags,
                               const LoomMatmulEpilogue *epilogue) {
  if (m <= 0 || n <= 0)
    return;
  int accumulate = (flags & LOOM_UKERNEL_ACCUMULATE) != 0;
  int prepacked = (flags & LOOM_UKERNEL_RHS_PACKED) != 0;
  if (k <= 0 || m == 1) {
    if (k <= 0) {
      if (!accumulate)
        for (int64_t i = 0; i < m; ++i)
          memset(out + i * out_stride, 0, (size_t)n * sizeof(float));
    } else if (prepacked) {
      /* A panel is a row-major k x LOOM_UKERNEL_RHS_PANEL matrix. */
      for (int64_t j = 0; j < n; j += LOOM_UKERNEL_RHS_PANEL)
        multiplyRowStreaming(lhs,
                             rhs + (j / LOOM_UKERNEL_RHS_PANEL) * rhs_stride,
                             LOOM_UKERNEL_RHS_PANEL, out + j,
                             loomMin(LOOM_UKERNEL_RHS_PANEL, n - j), k,
                             accumulate);
    } else {
      multiplyRowStreaming(lhs, rhs, rhs_stride, out, n, k, accumulate);
    }
    if (epilogue)
      for (int64_t i = 0; i < m; ++i) {
        float *row = out + i * out_stride;
        float bias = epilogue->bias && !epilogue->biasPerColumn
                         ? epilogue->bias[i * epilogue->biasStride]
                         : 0.0f;
        const float *addend =
            epilogue->addend ? epilogue->addend + i * epilogue->addendStride
                             : NULL;
        for (int64_t j = 0; j < n; ++j) {
          if (epilogue->bias && epilogue->biasPerColumn)
            bias = epilogue->bias[j * epilogue->biasStride];
          row[j] = loomMatmulEpilogueValue(
              row[j], bias, epilogue->bias != NULL, addend ? addend + j : NULL,
              epilogue->silu, epilogue->lo, epilogue->hi);
        }
      }
    return;
  }

  float packed[LOOM_KC * LOOM_NC] __attribute__((aligned(64)));
  /* Reading rhs in place, and packing only its ragged right edge, saves the
   * packing pass: always with one row tile. With more, a variant that
   * defines LOOM_DIRECT_RHS_SPAN_BYTES and LOOM_DIRECT_RHS_ROW_BYTES reads
   * in place unless its rows are a multiple of 4 KiB apart, or at least
   * LOOM_DIRECT_RHS_ROW_BYTES apart with a depth block of them spanning at
   * least LOOM_DIRECT_RHS_SPAN_BYTES (see its reasons); the others only with up to four row tiles while a
   * panel's kc rows span at most 64 pages (24 x 1024 x 1024 ran at 80
   * GFLOP/s either way, 48 x 1024 x 1024 at 116 packed and 93 in place; 48
   * x 256 x 512 at 141 packed, 165 in place). */
#ifdef LOOM_DIRECT_RHS_SPAN_BYTES
  int64_t rowBytes = rhs_stride * (int64_t)sizeof(float);
  int directRhs =
      !prepacked &&
      (m <= LOOM_MR ||
       (rowBytes % 4096 != 0 &&
        (rowBytes < LOOM_DIRECT_RHS_ROW_BYTES ||
         loomMin(k, LOOM_KC) * rowBytes < LOOM_DIRECT_RHS_SPAN_BYTES)));
#else
  int directRhs =
      !prepacked &&
      (m <= LOOM_MR ||
       (m <= 4 * LOOM_MR &&
        LOOM_KC * rhs_stride * (int64_t)sizeof(float) <= 64 * 4096));
#endif
  for (int64_t jc = 0; jc < n; jc += LOOM_NC) {
    int64_t nc = loomMin(LOOM_NC, n - jc);
    for (int64_t pc = 0; pc < k; pc += LOOM_KC) {
      int64_t kc = loomMin(LOOM_KC, k - pc);
      const float *lhsBlock = lhs + pc;
      const float *rhsBlock = rhs + pc * rhs_stride + jc;
      float *outBlock = out + jc;
      /* The first depth block overwrites unless the caller accumulates; the
       * last applies the epilogue. */
      int blockAccumulate = accumulate || pc > 0;
      LoomMatmulEpilogue columns;
      /* A per-column bias reaches the tile kernels contiguous: a strided
       * one is copied for the block's columns. */
      float columnBias[LOOM_NC];
      if (epilogue) {
        columns = loomEpilogueAt(epilogue, 0, jc);
        if (columns.bias && columns.biasPerColumn && columns.biasStride != 1) {
          for (int64_t j = 0; j < nc; ++j)
            columnBias[j] = columns.bias[j * columns.biasStride];
          columns.bias = columnBias;
          columns.biasStride = 1;
        }
      }
      const LoomMatmulEpilogue *blockEpilogue =
          epilogue && pc + kc >= k ? &columns : NULL;
      if (directRhs) {
        int64_t edge = nc % LOOM_NR;
        const float *lastPanel = NULL;
        if (edge) {
          packRhs(rhsBlock + (nc - edge), rhs_stride, kc, edge, packed);
          lastPanel = packed;
        }
        multiplyBlock(lhsBlock, lhs_stride, rhsBlock, rhs_stride, LOOM_NR,
                      LOOM_NR, lastPanel, outBlock, out_stride, m, nc, kc,
                      blockAccumulate, blockEpilogue, 0);
      } else if (prepacked) {
        /* The block's panels as the caller packed them: LOOM_NC is a
         * multiple of the panel width, so jc starts a panel. */
        multiplyBlock(lhsBlock, lhs_stride,
                      rhs + (jc / LOOM_UKERNEL_RHS_PANEL) * rhs_stride +
                          pc * LOOM_UKERNEL_RHS_PANEL,
                      LOOM_UKERNEL_RHS_PANEL, rhs_stride, LOOM_UKERNEL_RHS_PANEL,
                      NULL, outBlock, out_stride, m, nc, kc, blockAccumulate,
                      blockEpilogue, 1);
      } else {
        packRhs(rhsBlock, rhs_stride, kc, nc, packed);
        multiplyBlock(lhsBlock, lhs_stride, packed, LOOM_NR, LOOM_NR * kc,
                      LOOM_NR, NULL, outBlock, out_stride, m, nc, kc,
                      blockAccumulate, blockEpilogue, 0);
      }
    }
  }
}

__attribute__((visibility("hidden"))) void
LOOM_MATMUL_ENTRY(const float *lhs, int64_t lhs_stride, const float *rhs,
                  int64_t rhs_stride, float *out, int64_t out_stride,
                  int64_t m, int64_t n, int64_t k, uint32_t flags) {
  matmulWithEpilogue(lhs, lhs_stride, rhs, rhs_stride, out, out_stride, m, n,
                     k, flags, NULL);
}

__attribute__((visibility("hidden"))) void LOOM_MATMUL_EPILOGUE_ENTRY(
    const float *lhs, int64_t lhs_stride, const float *rhs, int64_t rhs_stride,
    float *out, int64_t out_stride, int64_t m, int64_t n, int64_t k,
    uint32_t flags, const float *bias, int64_t bias_stride,
    const float *addend, int64_t addend_stride, float clamp_min,
    float clamp_max) {
  LoomMatmulEpilogue epilogue = {
      bias,
      bias_stride,
      addend,
      addend_stride,
      clamp_min,
      clamp_max,
      (flags & LOOM_UKERNEL_EPILOGUE_SILU) != 0,
      (flags & LOOM_UKERNEL_EPILOGUE_BIAS_PER_COLUMN) != 0};
  matmulWithEpilogue(lhs, lhs_stride, rhs, rhs_stride, out, out_stride, m, n,
                     k, flags, &epilogue);
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_MATMUL_F32_DRIVER_H */
