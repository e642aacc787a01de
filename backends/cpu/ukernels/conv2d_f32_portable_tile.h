/*===- conv2d_f32_portable_tile.h - The direct convolution's loops -*- C -*-===//
 *
 * Part of the Loom project.
 *
 * convTile (conv2d_f32_driver.h) as plain loops over an array of
 * accumulators, whose 32 filters the compiler vectorizes for the object's
 * ISA: the AVX2 variant's and the portable one's. The compiler's
 * contraction setting decides whether the multiply-adds fuse.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_CONV2D_F32_PORTABLE_TILE_H
#define LOOM_BACKENDS_CPU_UKERNELS_CONV2D_F32_PORTABLE_TILE_H

#include "backends/cpu/ukernels/loom_ukernels.h"

#include <stdint.h>

static inline __attribute__((always_inline)) void
convTile(const int S, const int NA, const int NB, const float *pa,
         const float *pb, const float *w, int64_t k0, int64_t k1,
         int64_t channelStride, const int64_t *window, int64_t taps,
         float *tile, int addToTile) {
  float block[14 * 32]; /* two runs of 7 outputs by 32 filters */
  for (int p = 0; p < (NA + NB) * 32; ++p)
    block[p] = 0.0f;
  for (int64_t k = k0; k < k1; ++k, w += 32) {
    int64_t offset = (k / taps) * channelStride + window[k % taps];
    for (int p = 0; p < NA + NB; ++p) {
      float x = p < NA ? pa[offset + p * S] : pb[offset + (p - NA) * S];
      float *restrict acc = block + p * 32;
      for (int l = 0; l < 32; ++l)
        acc[l] += x * w[l];
    }
  }
  for (int p = 0; p < (NA + NB) * 32; ++p)
    tile[p] = addToTile ? tile[p] + block[p] : block[p];
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_CONV2D_F32_PORTABLE_TILE_H */
