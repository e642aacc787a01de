/*===- depthwise_conv2d_f32_avx512.c - Depthwise conv, AVX-512 ----*- C -*-===//
 *
 * Part of the Loom project.
 *
 * loom_ukernel_depthwise_conv2d_f32 on 16-lane zmm vectors along the output
 * row (compiled with -mavx512f; the AVX2+FMA object's entry point runs it
 * where the CPU has AVX-512). Row ends are masked loads and stores, which
 * neither read nor write past the last element; masks also keep the loads
 * of a tile on the plane's edge inside the plane. At stride 2 a vector of
 * outputs reads every other input element: two masked loads of 16 and one
 * permute that keeps the even lanes.
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/depthwise_conv2d_f32_isa.h"

#include <immintrin.h>
#include <stdint.h>

#define LOOM_DW_ENTRY loom_ukernel_depthwise_conv2d_f32_avx512
#define LOOM_DW_LANES 16

typedef __m512 LoomVec;

/* The output lanes, and at stride 2 the lanes of the two input loads. */
typedef struct {
  __mmask16 out, low, high;
} LoomLanes;

static inline __mmask16 firstLanes(int64_t count) {
  return count >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << count) - 1);
}

static inline LoomLanes loomLanes(int stride, int64_t count) {
  /* At stride 2, lane l reads element 2l: count outputs read 2 count - 1
   * elements. */
  int64_t elements = stride == 1 ? count : 2 * count - 1;
  LoomLanes lanes = {firstLanes(count), firstLanes(elements),
                     elements > 16 ? firstLanes(elements - 16) : 0};
  return lanes;
}

/* The elements [begin, end) of the 32 that the two loads of a vector may
 * read (elements 0-15 by `low`, 16-31 by `high`). */
static inline LoomLanes loomClipLanes(int stride, LoomLanes lanes, int begin,
                                      int end) {
  (void)stride;
  uint32_t below = begin >= 32 ? 0xffffffffu : (1u << begin) - 1;
  uint32_t upTo = end >= 32 ? 0xffffffffu : (1u << end) - 1;
  uint32_t elements = upTo & ~below;
  lanes.low &= (__mmask16)elements;
  lanes.high &= (__mmask16)(elements >> 16);
  return lanes;
}

static inline LoomVec vZero(void) { return _mm512_setzero_ps(); }
static inline LoomVec vSplat(float x) { return _mm512_set1_ps(x); }
static inline LoomVec vFma(LoomVec x, LoomVec w, LoomVec acc) {
  return _mm512_fmadd_ps(x, w, acc);
}
static inline LoomVec vLoadOut(const float *p, LoomLanes lanes) {
  return _mm512_maskz_loadu_ps(lanes.out, p);
}
static inline void vStore(float *p, LoomVec v, LoomLanes lanes) {
  _mm512_mask_storeu_ps(p, lanes.out, v);
}
static inline __attribute__((always_inline)) LoomVec
vLoadIn(const int stride, const float *p, LoomLanes lanes) {
  if (stride == 1)
    return _mm512_maskz_loadu_ps(lanes.low, p);
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20,
                                         22, 24, 26, 28, 30);
  return _mm512_permutex2var_ps(_mm512_maskz_loadu_ps(lanes.low, p), even,
                                _mm512_maskz_loadu_ps(lanes.high, p + 16));
}
/* MAXPS and MINPS return their second operand when either is NaN. */
static inline LoomVec vEpilogue(LoomVec acc, LoomVec bias, LoomVec lo,
                                LoomVec hi) {
  acc = _mm512_add_ps(acc, bias);
  return _mm512_min_ps(hi, _mm512_max_ps(lo, acc));
}

#include "backends/cpu/ukernels/depthwise_conv2d_f32_driver.h"
