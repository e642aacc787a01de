/*===- conv2d_f32_driver.h - Direct convolution over filter panels -*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The loops of loom_ukernel_conv2d_f32 shared by its variants. A variant
 * file defines, before including this:
 *   LOOM_CONV_ENTRY  the name of its entry point (the contract's signature);
 *   convTile(S, NA, NB, pa, pb, w, k0, k1, channelStride, window, taps,
 *     tile, addToTile), always inlined, which sums the terms k0 <= k < k1
 *     (one depth block) of the run of NA outputs whose first window starts
 *     at pa and the run of NB (0 or LOOM_CONV_RUN) starting at pb, S input
 *     columns apart within a run, with the 32 filters of the panel w (the
 *     block's first tap): in(p)[c * channelStride + window[t]] * w[(k -
 *     k0) * 32 + l] for k = c * taps + t and the NA + NB positions p (run a
 *     first), a multiply-add chain from zero in the order of k, then added
 *     to tile[p * 32 + l], or stored there unless addToTile. It is called
 *     with S a constant 1 or 2 or the variable stride, and NA, NB
 *     constants;
 *   optionally LOOM_CONV_STORE_TILE, the name of a function with
 *     storeTile's signature and contract (below) that replaces it, defined
 *     after including this.
 * With LOOM_UKERNEL_ACCUMULATE the tile starts as the outputs' old values,
 * so that each output is ((out + block 0) + block 1) + ..., as the matmul
 * micro-kernel sums it.
 * Depth blocks: a panel is swept one block of LOOM_UKERNEL_CONV_SUM_BLOCK
 * taps (32 KiB of filters, in L1) at a time over a chunk of up to
 * LOOM_CONV_CHUNK tiles, whose sums wait on the stack between blocks, so
 * that a panel coming from memory is read once per chunk and used by every
 * tile while it is in L1: one tile at a time, the first tile of a 7x7
 * layer's panel waited on memory for the whole depth (109 against 157
 * GFLOP/s with the filters cold and warm).
 * The tile is two runs of LOOM_CONV_RUN (7) outputs of one row each by one
 * panel of 32 filters: 28 accumulators of 16 floats in AVX-512 registers,
 * each filter vector loaded once for 14 outputs and each input element
 * broadcast once for 32 filters. Output widths of ResNet-style networks
 * (7, 14, 28, 56, 112) are multiples of 7, so a row splits into whole runs
 * and a 7-wide image pairs its rows. The filters are the vector dimension,
 * so a finished tile is transposed into the NCHW planes (with the epilogue)
 * through a 14 x 32 buffer: about 450 stores against 14 x 32 x channels x
 * taps multiply-adds. Nothing is packed at run time: the filters come in
 * the micro-kernel's panels from the compiler, and the input windows are
 * read in place, so there is no im2col.
 * docs/ukernels.md explains the choices and their measurements.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_CONV2D_F32_DRIVER_H
#define LOOM_BACKENDS_CPU_UKERNELS_CONV2D_F32_DRIVER_H

#include "backends/cpu/ukernels/loom_ukernels.h"
#include "backends/cpu/ukernels/matmul_f32_epilogue.h"

#include <stdint.h>

#ifndef LOOM_CONV_ENTRY
#error "a variant names its entry point LOOM_CONV_ENTRY first"
#endif

/* Outputs of one row a run; a tile is two runs. */
#define LOOM_CONV_RUN 7
#define LOOM_CONV_PANEL LOOM_UKERNEL_RHS_PANEL

/* One run of a tile: `count` outputs of row y from column x. */
typedef struct {
  int64_t y, x, count;
} LoomConvRun;

/* The epilogue's operands and the output. */
typedef struct {
  float *out;
  int64_t outChannelStride, outRowStride;
  const float *bias;
  int64_t biasStride;
  const float *addend;
  int64_t addendChannelStride, addendRowStride;
  float lo, hi;
  int silu, accumulate;
} LoomConvOutput;

#ifdef LOOM_CONV_STORE_TILE
/* The variant's, defined after this header. */
static void LOOM_CONV_STORE_TILE(const LoomConvOutput *o, const float *tile,
                                 LoomConvRun a, LoomConvRun b, int64_t f0,
                                 int64_t nf);
#else
/* Stores `run`'s outputs of filters [f0, f0 + nf) from tile (position p,
 * filter l at tile[p * 32 + l], the run's first position first). */
static void storeRun(const LoomConvOutput *o, const float *tile,
                     LoomConvRun run, int64_t f0, int64_t nf) {
  int epilogue = o->bias || o->addend || o->silu || o->lo > -__builtin_inff() ||
                 o->hi < __builtin_inff();
  for (int64_t l = 0; l < nf; ++l) {
    int64_t f = f0 + l;
    float *out = o->out + f * o->outChannelStride + run.y * o->outRowStride +
                 run.x;
    const float *addend =
        o->addend ? o->addend + f * o->addendChannelStride +
                        run.y * o->addendRowStride + run.x
                  : 0;
    float bias = o->bias ? o->bias[f * o->biasStride] : 0.0f;
    for (int64_t p = 0; p < run.count; ++p) {
      float v = tile[p * LOOM_CONV_PANEL + l];
      if (epilogue)
        v = loomMatmulEpilogueValue(v, bias, o->bias != 0,
                                    addend ? addend + p : 0, o->silu, o->lo,
                                    o->hi);
      out[p] = v;
    }
  }
}

/* Stores the outputs of runs a and b (b.count 0 when absent) of filters
 * [f0, f0 + nf) from their tile. */
static void storeTile(const LoomConvOutput *o, const float *tile,
                      LoomConvRun a, LoomConvRun b, int64_t f0, int64_t nf) {
  storeRun(o, tile, a, f0, nf);
  if (b.count)
    storeRun(o, tile + a.count * LOOM_CONV_PANEL, b, f0, nf);
}
#define LOOM_CONV_STORE_TILE storeTile
#endif

/* The tile of runs a and b (b.count 0 or LOOM_CONV_RUN) at stride S. */
static inline __attribute__((always_inline)) void
tileAtStride(const int S, LoomConvRun a, LoomConvRun b, const float *in,
             int64_t inChannelStride, int64_t inRowStride, int64_t strideH,
             int64_t strideW, const float *w, int64_t k0, int64_t k1,
             const int64_t *window, int64_t taps, float *tile,
             int addToTile) {
  const float *pa = in + a.y * strideH * inRowStride + a.x * strideW;
  const float *pb = in + b.y * strideH * inRowStride + b.x * strideW;
#define LOOM_CONV_TILE(NA, NB)                                                 \
  convTile(S, NA, NB, pa, pb, w, k0, k1, inChannelStride, window, taps, tile, \
           addToTile)
  if (b.count) {
    LOOM_CONV_TILE(LOOM_CONV_RUN, LOOM_CONV_RUN);
    return;
  }
  switch (a.count) {
  case 7:
    LOOM_CONV_TILE(7, 0);
    break;
  case 6:
    LOOM_CONV_TILE(6, 0);
    break;
  case 5:
    LOOM_CONV_TILE(5, 0);
    break;
  case 4:
    LOOM_CONV_TILE(4, 0);
    break;
  case 3:
    LOOM_CONV_TILE(3, 0);
    break;
  case 2:
    LOOM_CONV_TILE(2, 0);
    break;
  default:
    LOOM_CONV_TILE(1, 0);
    break;
  }
#undef LOOM_CONV_TILE
}

/* Loads the old outputs of runs a and b of filters [f0, f0 + nf) into
 * the tile (for LOOM_UKERNEL_ACCUMULATE). */
static void loadTile(const LoomConvOutput *o, float *tile, LoomConvRun a,
                     LoomConvRun b, int64_t f0, int64_t nf) {
  for (int r = 0; r < 2; ++r) {
    LoomConvRun run = r ? b : a;
    float *runTile = tile + (r ? a.count : 0) * LOOM_CONV_PANEL;
    for (int64_t l = 0; l < nf; ++l) {
      const float *out = o->out + (f0 + l) * o->outChannelStride +
                         run.y * o->outRowStride + run.x;
      for (int64_t p = 0; p < run.count; ++p)
        runTile[p * LOOM_CONV_PANEL + l] = out[p];
    }
  }
}

/* Block [k0, k1) of tile (a, b) at the call's stride, w at tap k0. */
static void tileOf(LoomConvRun a, LoomConvRun b, const float *in,
                   int64_t inChannelStride, int64_t inRowStride,
                   int64_t strideH, int64_t strideW, const float *w,
                   int64_t k0, int64_t k1, const int64_t *window, int64_t taps,
                   float *tile, int add) {
  if (strideW == 1)
    tileAtStride(1, a, b, in, inChannelStride, inRowStride, strideH, strideW,
                 w, k0, k1, window, taps, tile, add);
  else if (strideW == 2)
    tileAtStride(2, a, b, in, inChannelStride, inRowStride, strideH, strideW,
                 w, k0, k1, window, taps, tile, add);
  else
    tileAtStride((int)strideW, a, b, in, inChannelStride, inRowStride,
                 strideH, strideW, w, k0, k1, window, taps, tile, add);
}

/* Tiles of a depth block's sweep, their sums on the stack (57 KiB). */
#define LOOM_CONV_CHUNK 32
#if LOOM_CONV_CHUNK * 2 * LOOM_CONV_RUN * LOOM_CONV_PANEL * 4 +                \
        LOOM_UKERNEL_CONV_MAX_WINDOW * 8 + 4096 >                              \
    LOOM_UKERNEL_MAX_STACK_BYTES
#error "the tiles' sums and the window table exceed LOOM_UKERNEL_MAX_STACK_BYTES"
#endif

/* A tile: run b is absent (count 0) or follows a. */
typedef struct {
  LoomConvRun a, b;
} LoomConvTile;

/* Where the walk over the output's tiles stands. */
typedef struct {
  int64_t y, x;
  LoomConvRun pending;
} LoomConvCursor;

/* The next tile of the output, 0 at its end: whole runs pair up, across
 * rows too; a row's shorter last run is a tile of its own. */
static int nextTile(LoomConvCursor *c, int64_t height, int64_t width,
                    LoomConvTile *tile) {
  const LoomConvRun none = {0, 0, 0};
  while (c->y < height) {
    LoomConvRun run = {c->y, c->x,
                       width - c->x < LOOM_CONV_RUN ? width - c->x
                                                    : LOOM_CONV_RUN};
    c->x += LOOM_CONV_RUN;
    if (c->x >= width) {
      c->x = 0;
      ++c->y;
    }
    if (run.count < LOOM_CONV_RUN) {
      tile->a = run;
      tile->b = none;
      return 1;
    }
    if (c->pending.count) {
      tile->a = c->pending;
      tile->b = run;
      c->pending = none;
      return 1;
    }
    c->pending = run;
  }
  if (!c->pending.count)
    return 0;
  tile->a = c->pending;
  tile->b = none;
  c->pending = none;
  return 1;
}

__attribute__((visibility("hidden"))) void
LOOM_CONV_ENTRY(const float *in, int64_t in_channel_stride,
                int64_t in_row_stride, const float *filters,
                int64_t filter_panel_stride, float *out,
                int64_t out_channel_stride, int64_t out_row_stride,
                int64_t filters_count, int64_t channels, int64_t out_height,
                int64_t out_width, int64_t kernel_height, int64_t kernel_width,
                int64_t stride_h, int64_t stride_w, uint32_t flags,
                const float *bias, int64_t bias_stride, const float *addend,
                int64_t addend_channel_stride, int64_t addend_row_stride,
                float clamp_min, float clamp_max) {
  if (filters_count <= 0 || out_height <= 0 || out_width <= 0)
    return;
  /* The window's offsets in a plane, in the sum's order. */
  int64_t window[LOOM_UKERNEL_CONV_MAX_WINDOW];
  int64_t taps = kernel_height * kernel_width;
  for (int64_t i = 0; i < kernel_height; ++i)
    for (int64_t j = 0; j < kernel_width; ++j)
      window[i * kernel_width + j] = i * in_row_stride + j;
  int64_t depth = channels * taps;
  LoomConvOutput o = {out,
                      out_channel_stride,
                      out_row_stride,
                      bias,
                      bias_stride,
                      addend,
                      addend_channel_stride,
                      addend_row_stride,
                      clamp_min,
                      clamp_max,
                      (flags & LOOM_UKERNEL_EPILOGUE_SILU) != 0,
                      (flags & LOOM_UKERNEL_ACCUMULATE) != 0};
  float sums[LOOM_CONV_CHUNK][2 * LOOM_CONV_RUN * LOOM_CONV_PANEL]
      __attribute__((aligned(64)));
  LoomConvTile chunk[LOOM_CONV_CHUNK];
  for (int64_t f0 = 0; f0 < filters_count; f0 += LOOM_CONV_PANEL) {
    const float *w = filters + (f0 / LOOM_CONV_PANEL) * filter_panel_stride;
    int64_t nf = filters_count - f0 < LOOM_CONV_PANEL ? filters_count - f0
                                                       : LOOM_CONV_PANEL;
    LoomConvCursor cursor = {0, 0, {0, 0, 0}};
    for (;;) {
      int count = 0;
      while (count < LOOM_CONV_CHUNK &&
             nextTile(&cursor, out_height, out_width, &chunk[count]))
        ++count;
      if (!count)
        break;
      if (o.accumulate)
        for (int t = 0; t < count; ++t)
          loadTile(&o, sums[t], chunk[t].a, chunk[t].b, f0, nf);
      for (int64_t k0 = 0; k0 < depth; k0 += LOOM_UKERNEL_CONV_SUM_BLOCK) {
        int64_t k1 = depth - k0 < LOOM_UKERNEL_CONV_SUM_BLOCK
                         ? depth
                         : k0 + LOOM_UKERNEL_CONV_SUM_BLOCK;
        for (int t = 0; t < count; ++t)
          tileOf(chunk[t].a, chunk[t].b, in, in_channel_stride, in_row_stride,
                 stride_h, stride_w, w + k0 * LOOM_CONV_PANEL, k0, k1, window,
                 taps, sums[t], k0 > 0 || o.accumulate);
      }
      for (int t = 0; t < count; ++t)
        LOOM_CONV_STORE_TILE(&o, sums[t], chunk[t].a, chunk[t].b, f0, nf);
    }
  }
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_CONV2D_F32_DRIVER_H */
