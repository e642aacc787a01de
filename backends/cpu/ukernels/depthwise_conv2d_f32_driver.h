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

/* R output rows by V vectors at stride S with a KH x KW window, all
 * constants after inlining, so that the loops unroll and the accumulators
 * stay in registers. `in` points at the first
 * input element of the tile's first output, `w` at the channel's filter. */
static inline __attribute__((always_inline)) void
loomDepthwiseTile(const int R, const int V, const int S, const int64_t KH,
                  const int64_t KW, const float *in, int64_t ldi,
                  const float *w, int64_t ldw, float *out, int64_t ldo,
                  const LoomLanes *lanes, LoomVec bias, LoomVec lo, LoomVec hi,
                  int accumulate) {
  LoomVec acc[LOOM_DW_ROWS][2];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v)
      acc[r][v] = accumulate
                      ? vLoadOut(out + r * ldo + v * LOOM_DW_LANES, lanes[v])
                      : vZero();
#pragma GCC unroll 16
  for (int64_t ir = 0; ir < (R - 1) * S + KH; ++ir) {
#pragma GCC unroll 8
    for (int64_t j = 0; j < KW; ++j) {
      LoomVec x[2];
      for (int v = 0; v < V; ++v)
        x[v] = vLoadIn(S, in + ir * ldi + j + v * LOOM_DW_LANES * S, lanes[v]);
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

/* One tile with the row count and width as constants. */
#define LOOM_DW_TILE(R, V)                                                     \
  loomDepthwiseTile(R, V, S, KH, KW, in, ldi, w, ldw, out, ldo, lanes, bias,   \
                    lo, hi, accumulate)

/* One channel's plane: tiles of LOOM_DW_ROWS rows by two vectors, the last
 * ones narrower or shorter. */
static inline __attribute__((always_inline)) void
loomDepthwisePlane(const int S, const int64_t KH, const int64_t KW,
                   const float *plane, int64_t ldi, const float *w, int64_t ldw,
                   float *plane_out, int64_t ldo, int64_t height, int64_t width,
                   LoomVec bias, LoomVec lo, LoomVec hi, int accumulate) {
  for (int64_t y = 0; y < height; y += LOOM_DW_ROWS) {
    int64_t rows = height - y < LOOM_DW_ROWS ? height - y : LOOM_DW_ROWS;
    for (int64_t x = 0; x < width; x += 2 * LOOM_DW_LANES) {
      int64_t left = width - x;
      int wide = left > LOOM_DW_LANES;
      LoomLanes lanes[2] = {loomLanes(S, wide ? LOOM_DW_LANES : left),
                            loomLanes(S, !wide ? 1
                                         : left >= 2 * LOOM_DW_LANES
                                             ? LOOM_DW_LANES
                                             : left - LOOM_DW_LANES)};
      const float *in = plane + y * S * ldi + x * S;
      float *out = plane_out + y * ldo + x;
      switch (rows * 2 + wide) {
      case 2:
        LOOM_DW_TILE(1, 1);
        break;
      case 3:
        LOOM_DW_TILE(1, 2);
        break;
      case 4:
        LOOM_DW_TILE(2, 1);
        break;
      case 5:
        LOOM_DW_TILE(2, 2);
        break;
      case 6:
        LOOM_DW_TILE(3, 1);
        break;
      case 7:
        LOOM_DW_TILE(3, 2);
        break;
      case 8:
        LOOM_DW_TILE(4, 1);
        break;
      default:
        LOOM_DW_TILE(4, 2);
        break;
      }
    }
  }
}

#undef LOOM_DW_TILE

/* Every channel, with a K x K window (3 or 5) at stride S (1 or 2) and unit
 * dilation: constant loops, which unroll completely. */
static inline __attribute__((always_inline)) void loomDepthwiseChannels(
    const int S, const int64_t K, const float *in, int64_t in_channel_stride,
    int64_t in_row_stride, const float *filter, int64_t filter_channel_stride,
    int64_t filter_row_stride, const float *bias, int64_t bias_stride,
    float *out, int64_t out_channel_stride, int64_t out_row_stride,
    int64_t channels, int64_t height, int64_t width, float clamp_min,
    float clamp_max, int accumulate) {
  LoomVec lo = vSplat(clamp_min), hi = vSplat(clamp_max);
  for (int64_t c = 0; c < channels; ++c) {
    /* -0 is the identity of addition (x + -0 == x, also for x = -0). */
    LoomVec b = vSplat(bias ? bias[c * bias_stride] : -0.0f);
    loomDepthwisePlane(S, K, K, in + c * in_channel_stride, in_row_stride,
                       filter + c * filter_channel_stride, filter_row_stride,
                       out + c * out_channel_stride, out_row_stride, height,
                       width, b, lo, hi, accumulate);
  }
}

/* The channels with the window and stride as constants. */
#define LOOM_DW_CHANNELS(S, K)                                                 \
  loomDepthwiseChannels(S, K, in, in_channel_stride, in_row_stride, filter,    \
                        filter_channel_stride, filter_row_stride, bias,        \
                        bias_stride, out, out_channel_stride, out_row_stride,  \
                        channels, out_height, out_width, clamp_min, clamp_max, \
                        accumulate)

__attribute__((visibility("hidden"))) void
LOOM_DW_ENTRY(const float *in, int64_t in_channel_stride, int64_t in_row_stride,
              const float *filter, int64_t filter_channel_stride,
              int64_t filter_row_stride, const float *bias, int64_t bias_stride,
              float *out, int64_t out_channel_stride, int64_t out_row_stride,
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
        in, in_channel_stride, in_row_stride, filter, filter_channel_stride,
        filter_row_stride, bias, bias_stride, out, out_channel_stride,
        out_row_stride, channels, out_height, out_width, kernel_height,
        kernel_width, stride_h, stride_w, dilation_h, dilation_w, clamp_min,
        clamp_max, flags);
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
