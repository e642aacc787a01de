/*===- depthwise_conv2d_f32_driver.h - Depthwise tiles ------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The register tiles and loops of loom_ukernel_depthwise_conv2d_f32 shared by
 * the SIMD variants, which vectorize along the output row. A variant file
 * defines, before including this:
 *   LOOM_DW_ENTRY   the name of its entry point (the contract's signature);
 *   LOOM_DW_LANES   floats per vector;
 *   LoomVec         its vector type, and LoomLanes, what a load or store of
 *                   the first `count` lanes of an output vector needs
 *                   (masks), made by loomLanes(stride, count) for
 *                   1 <= count <= LOOM_DW_LANES;
 *   vZero(), vSplat(float), vFma(x, w, acc) = x * w + acc (one rounding),
 *   vLoadOut(p, lanes), vStore(p, v, lanes): lanes [0, count) of p, the
 *     others neither read nor written;
 *   vLoadIn(stride, p, lanes): lane l holds p[l * stride] (stride 1 or 2),
 *     reading no element past p[(count - 1) * stride];
 *   loomClipLanes(stride, lanes, first, end): `lanes` with the loads
 *     limited to the elements e of [first, end) (0 <= first, end <= 2 *
 *     LOOM_DW_LANES; e counts from p, lane l reading e = l * stride), the
 *     others reading as zero and never touched;
 *   vEpilogue(acc, bias, lo, hi): min(max(acc + bias, lo), hi), a NaN sum
 *     staying NaN.
 * The tiles cover 3x3 and 5x5 windows at stride 1 or 2 (both directions
 * alike) and unit dilation: MobileNet's, EfficientNet's and most depthwise
 * convolutions; other shapes run the portable loops
 * (depthwise_conv2d_f32_loops.h), which the compiler vectorizes for the
 * variant's ISA.
 * A tile is LOOM_DW_ROWS output rows by one or two vectors of columns. It
 * walks the input rows that its output rows read, each once: every vector
 * loaded from an input row is multiplied into each output row whose window
 * covers that input row, so a 3x3 tile of stride 1 loads each input vector
 * once for up to three rows of output instead of once per window position,
 * and issues R x V independent FMA chains, enough to hide the FMA latency.
 * Each output element still sums its window in row-major order.
 * The padding is implicit: a tile whose window lies inside the input plane
 * reads it as above; one that crosses an edge (the first and last rows and
 * columns of tiles) loads zeros for the rows above and below the plane and
 * masks off the columns left and right of it, with the same multiply-adds,
 * so that its sums are those of a padded copy, bit for bit.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_DEPTHWISE_CONV2D_F32_DRIVER_H
#define LOOM_BACKENDS_CPU_UKERNELS_DEPTHWISE_CONV2D_F32_DRIVER_H

#include "backends/cpu/ukernels/depthwise_conv2d_f32_loops.h"

#include <stdint.h>

#if !defined(LOOM_DW_ENTRY) || !defined(LOOM_DW_LANES)
#error "a variant defines LOOM_DW_ENTRY and LOOM_DW_LANES first"
#endif

/* Output rows per tile: with two vectors a row, 8 accumulators (AVX2's 16
 * registers also hold the 2 input vectors and a weight). */
#define LOOM_DW_ROWS 4

/* The tiles' windows are at most 5 wide. */
#define LOOM_DW_MAX_WINDOW 5

/* R output rows by V vectors at stride S with a KH x KW window, all
 * constants after inlining, so that the loops unroll and the accumulators
 * stay in registers. The tile's first output reads input row `row` and
 * column `column` of the channel's plane (`plane`, rows ldi apart) at window
 * position (0, 0); `w` points at the channel's filter. With `border` (a
 * constant), rows outside [0, height) load zeros and the loads of window
 * column j and vector v take the lanes clipped[j][v], which leave out the
 * columns outside the plane; without, the whole window lies inside. */
static inline __attribute__((always_inline)) void
loomDepthwiseTile(const int R, const int V, const int S, const int64_t KH,
                  const int64_t KW, const int border, const float *plane,
                  int64_t ldi, int64_t row, int64_t column, int64_t height,
                  const LoomLanes (*clipped)[2], const float *w, int64_t ldw,
                  float *out, int64_t ldo, const LoomLanes *lanes, LoomVec bias,
                  LoomVec lo, LoomVec hi, int accumulate) {
  LoomVec acc[LOOM_DW_ROWS][2];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v)
      acc[r][v] = accumulate
                      ? vLoadOut(out + r * ldo + v * LOOM_DW_LANES, lanes[v])
                      : vZero();
#pragma GCC unroll 16
  for (int64_t ir = 0; ir < (R - 1) * S + KH; ++ir) {
    int inside = !border || (row + ir >= 0 && row + ir < height);
#pragma GCC unroll 8
    for (int64_t j = 0; j < KW; ++j) {
      LoomVec x[2];
      for (int v = 0; v < V; ++v) {
        if (!inside) {
          x[v] = vZero();
          continue;
        }
        const float *p =
            plane + (row + ir) * ldi + column + j + v * LOOM_DW_LANES * S;
        x[v] = vLoadIn(S, p, border ? clipped[j][v] : lanes[v]);
      }
      for (int r = 0; r < R; ++r) {
        int64_t i = ir - r * S;
        if (i < 0 || i >= KH)
          continue;
        LoomVec weight = vSplat(w[i * ldw + j]);
        for (int v = 0; v < V; ++v)
          acc[r][v] = vFma(x[v], weight, acc[r][v]);
      }
    }
  }
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v)
      vStore(out + r * ldo + v * LOOM_DW_LANES,
             vEpilogue(acc[r][v], bias, lo, hi), lanes[v]);
}

/* One tile with the row count, width and border as constants. */
#define LOOM_DW_TILE(R, V, BORDER)                                             \
  loomDepthwiseTile(R, V, S, KH, KW, BORDER, plane, ldi, row, column, height,  \
                    clipped, w, ldw, out, ldo, lanes, biasVector, lo, hi,      \
                    accumulate)

/* The tile of `rows` x `wide` (one or two vectors) with constant sizes. */
#define LOOM_DW_TILES(BORDER)                                                  \
  switch (rows * 2 + wide) {                                                   \
  case 2:                                                                      \
    LOOM_DW_TILE(1, 1, BORDER);                                                \
    break;                                                                     \
  case 3:                                                                      \
    LOOM_DW_TILE(1, 2, BORDER);                                                \
    break;                                                                     \
  case 4:                                                                      \
    LOOM_DW_TILE(2, 1, BORDER);                                                \
    break;                                                                     \
  case 5:                                                                      \
    LOOM_DW_TILE(2, 2, BORDER);                                                \
    break;                                                                     \
  case 6:                                                                      \
    LOOM_DW_TILE(3, 1, BORDER);                                                \
    break;                                                                     \
  case 7:                                                                      \
    LOOM_DW_TILE(3, 2, BORDER);                                                \
    break;                                                                     \
  case 8:                                                                      \
    LOOM_DW_TILE(4, 1, BORDER);                                                \
    break;                                                                     \
  default:                                                                     \
    LOOM_DW_TILE(4, 2, BORDER);                                                \
    break;                                                                     \
  }

/* A column of tiles: two vectors of output (the last narrower) starting at
 * output column x, their lanes, and their loads clipped to the plane. */
typedef struct {
  int64_t x, column;
  int wide, inside;
  LoomLanes lanes[2];
  LoomLanes clipped[LOOM_DW_MAX_WINDOW][2];
} LoomDepthwiseColumn;

static inline __attribute__((always_inline)) void
loomDepthwiseColumnAt(LoomDepthwiseColumn *t, const int S, const int64_t KW,
                      int64_t x, int64_t out_width, int64_t in_width,
                      int64_t pad_left) {
  int64_t left = out_width - x;
  int64_t count = left < 2 * LOOM_DW_LANES ? left : 2 * LOOM_DW_LANES;
  t->x = x;
  t->wide = left > LOOM_DW_LANES;
  t->lanes[0] = loomLanes(S, t->wide ? LOOM_DW_LANES : left);
  t->lanes[1] = loomLanes(S, !t->wide ? 1 : count - LOOM_DW_LANES);
  t->column = x * S - pad_left;
  t->inside = t->column >= 0 && t->column + (count - 1) * S + KW <= in_width;
  for (int64_t j = 0; j < KW; ++j)
    for (int v = 0; v < 2; ++v) {
      int64_t first = t->column + j + v * LOOM_DW_LANES * S;
      int64_t begin = first < 0 ? -first : 0;
      int64_t end = in_width - first;
      begin = begin > 2 * LOOM_DW_LANES ? 2 * LOOM_DW_LANES : begin;
      end = end < 0 ? 0 : end > 2 * LOOM_DW_LANES ? 2 * LOOM_DW_LANES : end;
      t->clipped[j][v] =
          t->inside ? t->lanes[v]
                    : loomClipLanes(S, t->lanes[v], (int)begin, (int)end);
    }
}

/* Planes of at most this many floats are run column of tiles by column
 * across all channels, so that each column's clipped lanes are made once:
 * on 14x14 planes, making them for every plane cost 25%. Larger planes run
 * plane by plane, each read once from the outer caches. */
#define LOOM_DW_SMALL_PLANE 4096

/* Every channel, with a K x K window (3 or 5) at stride S (1 or 2) and unit
 * dilation (constant loops, which unroll completely), the planes padded
 * implicitly by pad_top rows and pad_left columns: by columns of tiles,
 * each by tiles of LOOM_DW_ROWS rows (the last shorter); the tiles whose
 * window crosses the plane's edge take the border path. */
static inline __attribute__((always_inline)) void loomDepthwiseChannels(
    const int S, const int64_t K, const float *in, int64_t in_channel_stride,
    int64_t ldi, int64_t in_height, int64_t in_width, int64_t pad_top,
    int64_t pad_left, const float *filter, int64_t filter_channel_stride,
    int64_t ldw, const float *bias, int64_t bias_stride, float *out_planes,
    int64_t out_channel_stride, int64_t ldo, int64_t channels,
    int64_t out_height, int64_t out_width, float clamp_min, float clamp_max,
    int accumulate) {
  const int64_t KH = K, KW = K;
  const int64_t height = in_height;
  LoomVec lo = vSplat(clamp_min), hi = vSplat(clamp_max);
  int64_t columns = (out_width + 2 * LOOM_DW_LANES - 1) / (2 * LOOM_DW_LANES);
  int columnsOuter = in_height * in_width <= LOOM_DW_SMALL_PLANE;
  int64_t outer = columnsOuter ? columns : channels;
  int64_t inner = columnsOuter ? channels : columns;
  LoomDepthwiseColumn t;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      int64_t c = columnsOuter ? i : o;
      if (!columnsOuter || i == 0)
        loomDepthwiseColumnAt(&t, S, KW,
                              (columnsOuter ? o : i) * 2 * LOOM_DW_LANES,
                              out_width, in_width, pad_left);
      /* -0 is the identity of addition (x + -0 == x, also for x = -0). */
      LoomVec biasVector = vSplat(bias ? bias[c * bias_stride] : -0.0f);
      const float *plane = in + c * in_channel_stride;
      const float *w = filter + c * filter_channel_stride;
      const LoomLanes *lanes = t.lanes;
      const LoomLanes(*clipped)[2] = t.clipped;
      int64_t column = t.column;
      int wide = t.wide;
      for (int64_t y = 0; y < out_height; y += LOOM_DW_ROWS) {
        int64_t rows =
            out_height - y < LOOM_DW_ROWS ? out_height - y : LOOM_DW_ROWS;
        int64_t row = y * S - pad_top;
        float *out = out_planes + c * out_channel_stride + y * ldo + t.x;
        if (t.inside && row >= 0 && row + (rows - 1) * S + KH <= height)
          LOOM_DW_TILES(0)
        else
          LOOM_DW_TILES(1)
      }
    }
}

#undef LOOM_DW_TILES
#undef LOOM_DW_TILE

/* The channels with the window and stride as constants. */
#define LOOM_DW_CHANNELS(S, K)                                                 \
  loomDepthwiseChannels(                                                       \
      S, K, in, in_channel_stride, in_row_stride, in_height, in_width,         \
      pad_top, pad_left, filter, filter_channel_stride, filter_row_stride,     \
      bias, bias_stride, out, out_channel_stride, out_row_stride, channels,    \
      out_height, out_width, clamp_min, clamp_max, accumulate)

__attribute__((visibility("hidden"))) void
LOOM_DW_ENTRY(const float *in, int64_t in_channel_stride, int64_t in_row_stride,
              int64_t in_height, int64_t in_width, int64_t pad_top,
              int64_t pad_left, const float *filter,
              int64_t filter_channel_stride, int64_t filter_row_stride,
              const float *bias, int64_t bias_stride, float *out,
              int64_t out_channel_stride, int64_t out_row_stride,
              int64_t channels, int64_t out_height, int64_t out_width,
              int64_t kernel_height, int64_t kernel_width, int64_t stride_h,
              int64_t stride_w, int64_t dilation_h, int64_t dilation_w,
              float clamp_min, float clamp_max, uint32_t flags) {
  if (channels <= 0 || out_height <= 0 || out_width <= 0)
    return;
  int accumulate = (flags & LOOM_UKERNEL_ACCUMULATE) != 0;
  int tiled = kernel_height == kernel_width &&
              (kernel_width == 3 || kernel_width == 5) && dilation_h == 1 &&
              dilation_w == 1 && stride_h == stride_w && stride_w <= 2;
  if (!tiled)
    loomDepthwiseConv2dLoops(
        in, in_channel_stride, in_row_stride, in_height, in_width, pad_top,
        pad_left, filter, filter_channel_stride, filter_row_stride, bias,
        bias_stride, out, out_channel_stride, out_row_stride, channels,
        out_height, out_width, kernel_height, kernel_width, stride_h, stride_w,
        dilation_h, dilation_w, clamp_min, clamp_max, flags);
  else if (kernel_width == 3 && stride_w == 1)
    LOOM_DW_CHANNELS(1, 3);
  else if (kernel_width == 3)
    LOOM_DW_CHANNELS(2, 3);
  else if (stride_w == 1)
    LOOM_DW_CHANNELS(1, 5);
  else
    LOOM_DW_CHANNELS(2, 5);
}

#undef LOOM_DW_CHANNELS

#endif /* LOOM_BACKENDS_CPU_UKERNELS_DEPTHWISE_CONV2D_F32_DRIVER_H */
