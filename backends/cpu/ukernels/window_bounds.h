/*===- window_bounds.h - Window steps inside an implicit padding -*- C -*-===//
 *
 * Part of the Loom project.
 *
 * What the micro-kernels that pad implicitly share (the depthwise
 * convolution's loops, the max pool's driver): the first step of a window
 * or an output row that lands inside the plane. Header-only and static, so
 * that each kernel object keeps its own copy and exports nothing.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_WINDOW_BOUNDS_H
#define LOOM_BACKENDS_CPU_UKERNELS_WINDOW_BOUNDS_H

#include <stdint.h>

/* The first i in [0, count) with i * step + offset >= bound (count if none;
 * step >= 1). */
static inline int64_t loomFirstStepAtLeast(int64_t bound, int64_t offset,
                                           int64_t step, int64_t count) {
  if (offset >= bound)
    return 0;
  int64_t i = (bound - offset + step - 1) / step;
  return i < count ? i : count;
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_WINDOW_BOUNDS_H */
