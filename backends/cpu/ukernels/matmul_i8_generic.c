/*===- matmul_i8_generic.c - Portable loom_ukernel_matmul_i8 ------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The portable variant, for targets without AVX2: both operands are packed
 * as int16 (each byte sign- or zero-extended as flags say), so the tile is
 * plain C that the compiler vectorizes for the baseline vector unit: a
 * 4 x 8 tile of uint32 accumulators (unsigned, so that the sums wrap
 * without undefined behaviour), each step one int16 x int16 product, which
 * is exact in int. rhs panels of 8 columns hold ext(rhs[p][j]) at
 * p * 8 + j; the sliver's rows hold ext(lhs[i][p]). With SSE2 (GCC 12, the
 * Zen 5 VM) the 4 x 8 tile ran at 26-30 GOP/s, 6 x 8 at 14-19 and 8 x 8 at
 * 15-19; pairs of k laid out for pmaddwd were not vectorized (6 GOP/s).
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/loom_ukernels.h"

#include <stdint.h>

#define LOOM_I8_ENTRY LOOM_UKERNEL_MATMUL_I8_SYMBOL
#define LOOM_I8_MR 4
#define LOOM_I8_NR 8
#define LOOM_I8_KC 256
#define LOOM_I8_NC 128
#define LOOM_I8_PACKED_TYPE int16_t
#define LOOM_I8_PACKED_ELEMENTS (LOOM_I8_KC * LOOM_I8_NC)
#define LOOM_I8_SLIVER_TYPE int16_t
/* A cache line of padding per row, as the f32 driver's sliver. */
#define LOOM_I8_SLIVER_STRIDE (LOOM_I8_KC + 32)

static inline int64_t panelElements(int64_t kc) { return kc * LOOM_I8_NR; }

/* dst[0, count) = the bytes at src, extended to int16. The signed value of
 * a byte b is (b ^ 0x80) - 128, which needs no implementation-defined
 * conversion. */
static inline void extendBytes(int16_t *dst, const uint8_t *src, int64_t count,
                               int isUnsigned) {
  if (isUnsigned)
    for (int64_t j = 0; j < count; ++j)
      dst[j] = (int16_t)src[j];
  else
    for (int64_t j = 0; j < count; ++j)
      dst[j] = (int16_t)((src[j] ^ 0x80) - 128);
}

static void packRhs(const uint8_t *rhs, int64_t ldb, int64_t kc, int64_t nc,
                    uint32_t flags, int16_t *packed, int32_t *colCorrection) {
  (void)colCorrection;
  int isUnsigned = (flags & LOOM_UKERNEL_RHS_UNSIGNED) != 0;
  for (int64_t j0 = 0; j0 < nc; j0 += LOOM_I8_NR) {
    int64_t width = nc - j0 < LOOM_I8_NR ? nc - j0 : LOOM_I8_NR;
    int16_t *panel = packed + j0 * kc;
    for (int64_t p = 0; p < kc; ++p) {
      extendBytes(panel + p * LOOM_I8_NR, rhs + p * ldb + j0, width,
                  isUnsigned);
      for (int64_t j = width; j < LOOM_I8_NR; ++j)
        panel[p * LOOM_I8_NR + j] = 0;
    }
  }
}

static void packSliver(const uint8_t *lhs, int64_t lda, int64_t mr, int64_t kc,
                       uint32_t flags, int16_t *sliver,
                       int32_t *rowCorrection) {
  (void)rowCorrection;
  int isUnsigned = (flags & LOOM_UKERNEL_LHS_UNSIGNED) != 0;
  for (int64_t i = 0; i < mr; ++i)
    extendBytes(sliver + i * LOOM_I8_SLIVER_STRIDE, lhs + i * lda, kc,
                isUnsigned);
}

/* Inlined with a constant mr so that every loop bound is a constant and the
 * accumulator array is promoted to registers. */
static inline __attribute__((always_inline)) void
tileKernelRows(const int mr, int64_t nr, int64_t kc, const int16_t *a,
               const int16_t *b, const int32_t *colCorrection,
               const int32_t *rowCorrection, int32_t *c, int64_t ldc,
               int accumulate) {
  (void)colCorrection;
  (void)rowCorrection;
  uint32_t acc[LOOM_I8_MR][LOOM_I8_NR];
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < LOOM_I8_NR; ++j)
      acc[i][j] = 0;
  for (int64_t p = 0; p < kc; ++p) {
    const int16_t *bp = b + p * LOOM_I8_NR;
    for (int i = 0; i < mr; ++i) {
      int32_t ai = a[i * LOOM_I8_SLIVER_STRIDE + p];
      for (int j = 0; j < LOOM_I8_NR; ++j)
        acc[i][j] += (uint32_t)(ai * bp[j]);
    }
  }
  /* uint32 to int32 keeps the bits (GCC and Clang define the conversion
   * so), which is the sum modulo 2^32. */
  for (int i = 0; i < mr; ++i) {
    int32_t *ci = c + i * ldc;
    if (nr == LOOM_I8_NR)
      for (int j = 0; j < LOOM_I8_NR; ++j)
        ci[j] = (int32_t)(accumulate ? (uint32_t)ci[j] + acc[i][j] : acc[i][j]);
    else
      for (int j = 0; j < nr; ++j)
        ci[j] = (int32_t)(accumulate ? (uint32_t)ci[j] + acc[i][j] : acc[i][j]);
  }
}

#include "backends/cpu/ukernels/matmul_i8_driver.h"
