/*===- element_values.h - Reading elements of any float type -*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The element readers the data-shaped micro-kernels share (data_shaped.c,
 * data_shaped_views.c): a float element of f16, bf16, f32 or f64 as a
 * double, exactly. Header-only and static, so that each kernel object
 * keeps its own copy and exports nothing.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_ELEMENT_VALUES_H
#define LOOM_BACKENDS_CPU_UKERNELS_ELEMENT_VALUES_H

#include "backends/cpu/ukernels/loom_ukernels.h"

#include <string.h>

/* An f16's value (IEEE binary16 bits), exactly. */
static inline double loom_half_value(uint16_t bits) {
  int exponent = (bits >> 10) & 0x1f;
  double mantissa = bits & 0x3ff, magnitude;
  if (exponent == 0x1f)
    magnitude = mantissa ? __builtin_nan("") : __builtin_inf();
  else if (exponent == 0)
    magnitude = mantissa / 16777216.0; /* mantissa * 2^-24 */
  else
    magnitude = (1024.0 + mantissa) * (double)(1u << exponent) / 33554432.0;
  return bits & 0x8000 ? -magnitude : magnitude;
}

/* Element `index` of a float tensor (`kind` LOOM_UKERNEL_F16,
 * LOOM_UKERNEL_BF16, or LOOM_UKERNEL_FLOAT with `element_bytes` 4 or 8)
 * as a double. */
static inline double loom_float_value(const void *input, int64_t element_bytes,
                                      int64_t kind, int64_t index) {
  if (kind == LOOM_UKERNEL_F16)
    return loom_half_value(((const uint16_t *)input)[index]);
  if (kind == LOOM_UKERNEL_BF16) {
    uint32_t bits = (uint32_t)((const uint16_t *)input)[index] << 16;
    float value;
    memcpy(&value, &bits, sizeof(value));
    return value;
  }
  if (element_bytes == 4)
    return ((const float *)input)[index];
  return ((const double *)input)[index];
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_ELEMENT_VALUES_H */
