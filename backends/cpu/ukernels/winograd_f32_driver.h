/*===- winograd_f32_driver.h - 3x3 convolutions by Winograd -------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * loom_ukernel_conv2d_3x3_winograd_f32 (loom_ukernels.h has its contract):
 * Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray, "Fast Algorithms
 * for Convolutional Neural Networks", 2016). Each 2x2 tile of outputs comes
 * from the 4x4 input tile d around it as A^T [(G g G^T) . (B^T d B)] A, with
 *
 *   B^T = | 1  0 -1  0 |   G = | 1    0    0   |   A^T = | 1  1  1  0 |
 *         | 0  1  1  0 |       | 1/2  1/2  1/2 |         | 0  1 -1 -1 |
 *         | 0 -1  1  0 |       | 1/2 -1/2  1/2 |
 *         | 0  1  0 -1 |       | 0    0    1   |
 *
 * so that the sum over the channels of the elementwise products becomes 16
 * matmuls, one per element e of the 4x4 transformed tiles:
 * M_e [F x T] = U_e [F x C] * V_e [C x T] over T tiles, 16 multiplies per 4
 * outputs and channel instead of 36. Each object's variant file includes
 * this; the 16 matmuls run on the same object's loom_ukernel_matmul_f32.
 *
 * The filters are transformed by their own entry point, so that a caller
 * does it once for all the tiles it convolves with them. The workspace
 * holds V and M for one block of tile rows, sized by
 * loom_ukernel_winograd_f32_block_rows so that the two stay in L2, then the
 * block's padded input rows and row transforms. Every transform loop runs
 * along a row of tiles, unit-stride or stride-2 accesses the compiler
 * vectorizes.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_WINOGRAD_F32_DRIVER_H
#define LOOM_BACKENDS_CPU_UKERNELS_WINOGRAD_F32_DRIVER_H

#include "backends/cpu/ukernels/loom_ukernels.h"

#include <stdint.h>
#include <string.h>

/* The entry points' names and the matmul they call: the object's own, or
 * the variant's names in the native test library, which defines these. */
#ifndef LOOM_UKERNEL_WINOGRAD_F32_SYMBOL
#define LOOM_UKERNEL_WINOGRAD_F32_SYMBOL loom_ukernel_conv2d_3x3_winograd_f32
#endif
#ifndef LOOM_UKERNEL_WINOGRAD_F32_FILTERS_SYMBOL
#define LOOM_UKERNEL_WINOGRAD_F32_FILTERS_SYMBOL                               \
  loom_ukernel_winograd_f32_filters
#endif
#ifndef LOOM_UKERNEL_WINOGRAD_MATMUL_F32
#define LOOM_UKERNEL_WINOGRAD_MATMUL_F32 loom_ukernel_matmul_f32
#endif
loom_ukernel_matmul_f32_fn LOOM_UKERNEL_WINOGRAD_MATMUL_F32;
#define LOOM_WINOGRAD_ENTRY LOOM_UKERNEL_WINOGRAD_F32_SYMBOL
#define LOOM_WINOGRAD_FILTERS_ENTRY LOOM_UKERNEL_WINOGRAD_F32_FILTERS_SYMBOL
#define LOOM_WINOGRAD_MATMUL LOOM_UKERNEL_WINOGRAD_MATMUL_F32

/* Channels whose filters are transformed on the stack at a time. */
#define LOOM_WINOGRAD_FILTER_CHUNK 128

/* G applied to three rows of n values (t0..t3 = G (g0, g1, g2)). */
static void filterRows(const float *restrict g0, const float *restrict g1,
                       const float *restrict g2, float *restrict t0,
                       float *restrict t1, float *restrict t2,
                       float *restrict t3, int64_t n) {
  for (int64_t c = 0; c < n; ++c) {
    t0[c] = g0[c];
    t1[c] = 0.5f * (g0[c] + g1[c] + g2[c]);
    t2[c] = 0.5f * (g0[c] - g1[c] + g2[c]);
    t3[c] = g2[c];
  }
}

/* U[e][f][c] = (G g G^T)[e] for the 3x3 filter g of (f, c), c the fastest:
 * the rows of the 16 matmuls' left operands. A chunk of channels at a time,
 * on the stack: the chunk's nine taps transposed to rows over the channels,
 * G applied down the window's columns and then along its rows, each step
 * a loop over the channels that the compiler vectorizes, and the 16 rows
 * copied out (stored directly, the 16 components of a (f, c) pair fall a
 * whole plane of U apart, often a multiple of 4 KiB, in one L1 set: 64 x 64
 * filters took 0.2 ms that way, against the convolution's 1.5). */
__attribute__((visibility("hidden"))) void
LOOM_WINOGRAD_FILTERS_ENTRY(const float *filter, int64_t filter_stride,
                            int64_t filters, int64_t channels, float *u) {
  float taps[9][LOOM_WINOGRAD_FILTER_CHUNK] __attribute__((aligned(64)));
  float half[12][LOOM_WINOGRAD_FILTER_CHUNK] __attribute__((aligned(64)));
  float rows[16][LOOM_WINOGRAD_FILTER_CHUNK] __attribute__((aligned(64)));
  int64_t plane = filters * channels;
  for (int64_t f = 0; f < filters; ++f)
    for (int64_t c0 = 0; c0 < channels; c0 += LOOM_WINOGRAD_FILTER_CHUNK) {
      int64_t count = channels - c0 < LOOM_WINOGRAD_FILTER_CHUNK
                          ? channels - c0
                          : LOOM_WINOGRAD_FILTER_CHUNK;
      const float *g = filter + f * filter_stride + c0 * 9;
      for (int64_t c = 0; c < count; ++c)
        for (int k = 0; k < 9; ++k)
          taps[k][c] = g[c * 9 + k];
      /* half[4i + j] = (G g)[i][j]: down each column j of the window. */
      for (int j = 0; j < 3; ++j)
        filterRows(taps[j], taps[3 + j], taps[6 + j], half[j], half[3 + j],
                   half[6 + j], half[9 + j], count);
      /* rows[4i + k] = (G g G^T)[i][k]: along each row i. */
      for (int i = 0; i < 4; ++i)
        filterRows(half[3 * i], half[3 * i + 1], half[3 * i + 2],
                   rows[4 * i], rows[4 * i + 1], rows[4 * i + 2],
                   rows[4 * i + 3], count);
      for (int e = 0; e < 16; ++e)
        memcpy(u + e * plane + f * channels + c0, rows[e],
               (size_t)count * sizeof(float));
    }
}

/* The transforms' loops along a row of n tiles, as functions of their own
 * whose restrict arguments let the compiler vectorize them (inline, the
 * same loops indexed into one workspace were left scalar). */

/* (d B)[k] of the windows d[2t .. 2t + 3]: B^T's rows applied along a row. */
static void rowTransform(const float *restrict d, float *restrict h0,
                         float *restrict h1, float *restrict h2,
                         float *restrict h3, int64_t n) {
  for (int64_t t = 0; t < n; ++t) {
    float d0 = d[2 * t], d1 = d[2 * t + 1], d2 = d[2 * t + 2],
          d3 = d[2 * t + 3];
    h0[t] = d0 - d2;
    h1[t] = d1 + d2;
    h2[t] = d2 - d1;
    h3[t] = d1 - d3;
  }
}

/* B^T applied down four rows. */
static void columnTransform(const float *restrict a0, const float *restrict a1,
                            const float *restrict a2, const float *restrict a3,
                            float *restrict v0, float *restrict v1,
                            float *restrict v2, float *restrict v3,
                            int64_t n) {
  for (int64_t t = 0; t < n; ++t) {
    v0[t] = a0[t] - a2[t];
    v1[t] = a1[t] + a2[t];
    v2[t] = a2[t] - a1[t];
    v3[t] = a1[t] - a3[t];
  }
}

/* A^T applied down four rows. */
static void outputColumns(const float *restrict m0, const float *restrict m1,
                          const float *restrict m2, const float *restrict m3,
                          float *restrict top, float *restrict bottom,
                          int64_t n) {
  for (int64_t t = 0; t < n; ++t) {
    top[t] = m0[t] + m1[t] + m2[t];
    bottom[t] = m1[t] - m2[t] - m3[t];
  }
}

/* A^T applied along a row: each tile's two outputs, side by side. */
static void outputRow(const float *restrict s0, const float *restrict s1,
                      const float *restrict s2, const float *restrict s3,
                      float *restrict p, int64_t n) {
  for (int64_t t = 0; t < n; ++t) {
    p[2 * t] = s0[t] + s1[t] + s2[t];
    p[2 * t + 1] = s1[t] - s2[t] - s3[t];
  }
}

/* V[e][c][t] = (B^T d B)[e] for the tiles of rows [ty0, ty0 + rows) of
 * every channel, t = (ty - ty0) * tilesWide + tx. `padded` holds 4 rows of
 * 2 tilesWide + 2 floats, `h` 16 rows of tilesWide. */
static void winogradInputs(const float *in, int64_t in_channel_stride,
                           int64_t in_row_stride, int64_t in_height,
                           int64_t in_width, int64_t channels, int64_t ty0,
                           int64_t rows, int64_t tilesWide, float *v,
                           float *padded, float *h) {
  int64_t tiles = rows * tilesWide;
  int64_t width = 2 * tilesWide + 2;
  int64_t copied = in_width < width ? in_width : width;
  for (int64_t c = 0; c < channels; ++c) {
    const float *plane = in + c * in_channel_stride;
    for (int64_t ty = 0; ty < rows; ++ty) {
      for (int r = 0; r < 4; ++r) {
        int64_t y = 2 * (ty0 + ty) + r;
        float *row = padded + r * width;
        int64_t x = 0;
        if (y < in_height)
          for (; x < copied; ++x)
            row[x] = plane[y * in_row_stride + x];
        for (; x < width; ++x)
          row[x] = 0.0f;
      }
      /* Along each row: h[r][k][tx] = (d[r] B)[k]. */
      for (int r = 0; r < 4; ++r) {
        float *hr = h + 4 * r * tilesWide;
        rowTransform(padded + r * width, hr, hr + tilesWide,
                     hr + 2 * tilesWide, hr + 3 * tilesWide, tilesWide);
      }
      /* Down the columns: V[4i + k] = (B^T h)[i][k]. */
      for (int k = 0; k < 4; ++k) {
        const float *a = h + k * tilesWide;
        float *vk = v + k * channels * tiles + c * tiles + ty * tilesWide;
        int64_t step = 4 * channels * tiles;
        columnTransform(a, a + 4 * tilesWide, a + 8 * tilesWide,
                        a + 12 * tilesWide, vk, vk + step, vk + 2 * step,
                        vk + 3 * step, tilesWide);
      }
    }
  }
}

/* out rows [2 ty0, 2 ty0 + 2 rows) of every filter from M[e][f][t]:
 * (A^T M A) per tile, written where the output has the position. `h` holds
 * 8 rows of tilesWide, `pair` 2 rows of 2 tilesWide. */
static void winogradOutputs(const float *m, int64_t filters, int64_t ty0,
                            int64_t rows, int64_t tilesWide, float *out,
                            int64_t out_channel_stride, int64_t out_row_stride,
                            int64_t out_height, int64_t out_width, float *h,
                            float *pair, int accumulate) {
  int64_t tiles = rows * tilesWide;
  int64_t component = filters * tiles;
  for (int64_t f = 0; f < filters; ++f)
    for (int64_t ty = 0; ty < rows; ++ty) {
      const float *mt = m + f * tiles + ty * tilesWide;
      /* Down the columns: h[a][k] = (A^T M)[a][k]. */
      for (int k = 0; k < 4; ++k) {
        const float *mk = mt + k * component;
        outputColumns(mk, mk + 4 * component, mk + 8 * component,
                      mk + 12 * component, h + k * tilesWide,
                      h + (4 + k) * tilesWide, tilesWide);
      }
      /* Along the rows: the two outputs of each tile, side by side. */
      for (int a = 0; a < 2; ++a) {
        const float *ha = h + 4 * a * tilesWide;
        outputRow(ha, ha + tilesWide, ha + 2 * tilesWide, ha + 3 * tilesWide,
                  pair + a * 2 * tilesWide, tilesWide);
      }
      for (int a = 0; a < 2; ++a) {
        int64_t y = 2 * (ty0 + ty) + a;
        if (y >= out_height)
          break;
        float *restrict o = out + f * out_channel_stride + y * out_row_stride;
        const float *restrict p = pair + a * 2 * tilesWide;
        if (accumulate)
          for (int64_t x = 0; x < out_width; ++x)
            o[x] += p[x];
        else
          for (int64_t x = 0; x < out_width; ++x)
            o[x] = p[x];
      }
    }
}

__attribute__((visibility("hidden"))) void
LOOM_WINOGRAD_ENTRY(const float *in, int64_t in_channel_stride,
                    int64_t in_row_stride, const float *u,
                    int64_t u_component_stride, float *out,
                    int64_t out_channel_stride, int64_t out_row_stride,
                    int64_t filters, int64_t channels, int64_t out_height,
                    int64_t out_width, float *workspace, uint32_t flags) {
  if (filters <= 0 || out_height <= 0 || out_width <= 0)
    return;
  int accumulate = (flags & LOOM_UKERNEL_ACCUMULATE) != 0;
  int64_t tilesWide = (out_width + 1) / 2;
  int64_t tilesHigh = (out_height + 1) / 2;
  int64_t blockRows = loom_ukernel_winograd_f32_block_rows(
      filters, channels, out_height, out_width);
  int64_t blockTiles = blockRows * tilesWide;
  float *v = workspace;
  float *m = v + 16 * channels * blockTiles;
  float *padded = m + 16 * filters * blockTiles;
  float *h = padded + 4 * (2 * tilesWide + 2);
  float *pair = h + 16 * tilesWide;
  for (int64_t ty0 = 0; ty0 < tilesHigh; ty0 += blockRows) {
    int64_t rows = tilesHigh - ty0 < blockRows ? tilesHigh - ty0 : blockRows;
    int64_t tiles = rows * tilesWide;
    winogradInputs(in, in_channel_stride, in_row_stride, out_height + 2,
                   out_width + 2, channels, ty0, rows, tilesWide, v, padded,
                   h);
    for (int e = 0; e < 16; ++e)
      LOOM_WINOGRAD_MATMUL(u + e * u_component_stride, channels,
                           v + e * channels * tiles, tiles,
                           m + e * filters * tiles, tiles, filters, tiles,
                           channels, 0u);
    winogradOutputs(m, filters, ty0, rows, tilesWide, out, out_channel_stride,
                    out_row_stride, out_height, out_width, h, pair,
                    accumulate);
  }
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_WINOGRAD_F32_DRIVER_H */
