/*===- conv2d_f32_driver.h - Direct convolution over filter panels -*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The loops of loom_ukernel_conv2d_f32 shared by its variants. A variant
 * file defines, before including this:
 *   LOOM_CONV_ENTRY  the name of its entry point (the contract's signature);
 *   convTile(S, NA, NB, pa, pb, w, channels, channelStride, window, taps,
 *     tile, addToTile), always inlined, which sums the products of the
 *     run of NA outputs whose first window starts at pa and the run of NB
 *     (0 or LOOM_CONV_RUN) starting at pb, S input columns apart within a
 *     run, with the 32 filters of the panel w: the terms in(p)[c *
 *     channelStride + window[t]] * w[(c * taps + t) * 32 + l] for the NA +
 *     NB positions p (run a first), in the order of k = c * taps + t, in
 *     blocks of LOOM_UKERNEL_CONV_SUM_BLOCK: each block's sum from zero is
 *     added to tile[p * 32 + l], which the first block overwrites unless
 *     addToTile. It is called with S a constant 1 or 2 or the variable
 *     stride, and NA, NB constants;
 *   optionally LOOM_CONV_STORE_TILE, the name of a function with
 *     storeTile's signature and contract (below) that replaces it, defined
 *     after including this.
 * With LOOM_UKERNEL_ACCUMULATE the tile starts as the outputs' old values,
 * so that each output is ((out + block 0) + block 1) + ..., as the matmul
 * micro-kernel sums it.
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
             int64_t strideW, const float *w, int64_t channels,
             const int64_t *window, int64_t taps, float *tile,
             int addToTile) {
  const float *pa = in + a.y * strideH * inRowStride + a.x * strideW;
  const float *pb = in + b.y * strideH * inRowStride + b.x * strideW;
#define LOOM_CONV_TILE(NA, NB)                                                 \
  convTile(S, NA, NB, pa, pb, w, channels, inChannelStride, window, taps,     \
           tile, addToTile)
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

static void tileOf(const LoomConvOutput *o, LoomConvRun a, LoomConvRun b,
                   const float *in, int64_t inChannelStride,
                   int64_t inRowStride, int64_t strideH, int64_t strideW,
                   const float *w, int64_t f0, int64_t nf, int64_t channels,
                   const int64_t *window, int64_t taps, float *tile) {
  if (o->accumulate)
    loadTile(o, tile, a, b, f0, nf);
  int add = o->accumulate;
  if (strideW == 1)
    tileAtStride(1, a, b, in, inChannelStride, inRowStride, strideH, strideW,
                 w, channels, window, taps, tile, add);
  else if (strideW == 2)
    tileAtStride(2, a, b, in, inChannelStride, inRowStride, strideH, strideW,
                 w, channels, window, taps, tile, add);
  else
    tileAtStride((int)strideW, a, b, in, inChannelStride, inRowStride,
                 strideH, strideW, w, channels, window, taps, tile, add);
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
  float tile[2 * LOOM_CONV_RUN * LOOM_CONV_PANEL] __attribute__((aligned(64)));
  for (int64_t f0 = 0; f0 < filters_count; f0 += LOOM_CONV_PANEL) {
    const float *w = filters + (f0 / LOOM_CONV_PANEL) * filter_panel_stride;
    int64_t nf = filters_count - f0 < LOOM_CONV_PANEL ? filters_count - f0
                                                       : LOOM_CONV_PANEL;
    /* Whole runs pair up, across rows too; a row's shorter last run is a
     * tile of its own. */
    LoomConvRun pending = {0, 0, 0};
    const LoomConvRun none = {0, 0, 0};
    for (int64_t y = 0; y < out_height; ++y)
      for (int64_t x = 0; x < out_width; x += LOOM_CONV_RUN) {
        LoomConvRun run = {y, x,
                           out_width - x < LOOM_CONV_RUN ? out_width - x
                                                         : LOOM_CONV_RUN};
        if (run.count < LOOM_CONV_RUN) {
          tileOf(&o, run, none, in, in_channel_stride, in_row_stride,
                 stride_h, stride_w, w, f0, nf, channels, window, taps, tile);
          LOOM_CONV_STORE_TILE(&o, tile, run, none, f0, nf);
        } else if (pending.count) {
          tileOf(&o, pending, run, in, in_channel_stride, in_row_stride,
                 stride_h, stride_w, w, f0, nf, channels, window, taps, tile);
          LOOM_CONV_STORE_TILE(&o, tile, pending, run, f0, nf);
          pending = none;
        } else {
          pending = run;
        }
      }
    if (pending.count) {
      tileOf(&o, pending, none, in, in_channel_stride, in_row_stride,
             stride_h, stride_w, w, f0, nf, channels, window, taps, tile);
      LOOM_CONV_STORE_TILE(&o, tile, pending, none, f0, nf);
    }
  }
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_CONV2D_F32_DRIVER_H */
