/*===- matmul_f32_generic.c - Portable loom_ukernel_matmul_f32 ----*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The portable variant, for targets without AVX2+FMA: plain C whose fixed
 * 6 x 8 tile the compiler unrolls and vectorizes for the baseline vector
 * unit (two 4-wide registers per row on SSE2 or NEON, twelve accumulators).
 * Same blocking as the AVX2 variant, with half-width panels.
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/matmul_f32_epilogue.h"

#include <stdint.h>

#define LOOM_MATMUL_ENTRY LOOM_UKERNEL_MATMUL_F32_SYMBOL
#define LOOM_MATMUL_EPILOGUE_ENTRY LOOM_UKERNEL_MATMUL_EPILOGUE_F32_SYMBOL
#define LOOM_MR 6
#define LOOM_NR 8
#define LOOM_KC 256
#define LOOM_NC 128

/* Inlined with a constant mr so that every loop bound is a constant and the
 * accumulator array is promoted to registers. */
static inline __attribute__((always_inline)) void
tileKernelRows(const int mr, int64_t nr, int64_t kc, const float *a,
               int64_t lda, const float *b, int64_t ldb, float *c,
               int64_t ldc, int accumulate,
               const LoomMatmulEpilogue *epilogue) {
  float acc[LOOM_MR][LOOM_NR];
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < LOOM_NR; ++j)
      acc[i][j] = 0.0f;
  for (int64_t p = 0; p < kc; ++p) {
    const float *bp = b + p * ldb;
    for (int i = 0; i < mr; ++i) {
      float ai = a[i * lda + p];
      for (int j = 0; j < LOOM_NR; ++j)
        acc[i][j] += ai * bp[j];
    }
  }
  for (int i = 0; i < mr; ++i) {
    float *ci = c + i * ldc;
    /* Full tiles get a loop of constant length, which vectorizes. */
    if (nr == LOOM_NR)
      for (int j = 0; j < LOOM_NR; ++j)
        ci[j] = accumulate ? ci[j] + acc[i][j] : acc[i][j];
    else
      for (int j = 0; j < nr; ++j)
        ci[j] = accumulate ? ci[j] + acc[i][j] : acc[i][j];
    if (epilogue) {
      int hasBias = epilogue->bias != NULL;
      int perColumn = hasBias && epilogue->biasPerColumn;
      float bias = hasBias && !perColumn
                       ? epilogue->bias[i * epilogue->biasStride]
                       : 0.0f;
      const float *addend =
          epilogue->addend ? epilogue->addend + i * epilogue->addendStride
                           : NULL;
      for (int j = 0; j < nr; ++j)
        ci[j] = loomMatmulEpilogueValue(
            ci[j], perColumn ? epilogue->bias[j] : bias, hasBias,
            addend ? addend + j : NULL, epilogue->silu, epilogue->lo,
            epilogue->hi);
    }
  }
}

#include "backends/cpu/ukernels/matmul_f32_driver.h"
