/*===- matmul_f32_epilogue.h - The matmul's bias and clamp --------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * What loom_ukernel_matmul_epilogue_f32 applies to its finished product,
 * shared by the blocking (matmul_f32_driver.h) and every variant's tile
 * kernel, which include this before defining tileKernelRows.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_MATMUL_F32_EPILOGUE_H
#define LOOM_BACKENDS_CPU_UKERNELS_MATMUL_F32_EPILOGUE_H

#include <stddef.h>
#include <stdint.h>

/* The finished product of loom_ukernel_matmul_epilogue_f32 becomes
 * min(max((v + bias[i * biasStride]) + addend[i * addendStride + j], lo),
 * hi) at (i, j) (bias or addend NULL: no add), written so that a NaN stays
 * NaN: the variants' vector code takes max(lo, v) and min(hi, v) with v
 * second (x86's maxps and minps return the second operand when either is
 * NaN), the scalar code compares. The bias and addend of a tile start at
 * its first row (and the addend at its first column). */
typedef struct {
  const float *bias;
  int64_t biasStride;
  const float *addend;
  int64_t addendStride;
  float lo, hi;
} LoomMatmulEpilogue;

static inline float loomMatmulEpilogueValue(float v, float bias, int hasBias,
                                            const float *addend, float lo,
                                            float hi) {
  if (hasBias)
    v += bias;
  if (addend)
    v += *addend;
  v = v < lo ? lo : v;
  return v > hi ? hi : v;
}

#endif /* LOOM_BACKENDS_CPU_UKERNELS_MATMUL_F32_EPILOGUE_H */
