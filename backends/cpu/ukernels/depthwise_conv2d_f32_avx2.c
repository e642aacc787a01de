/*===- depthwise_conv2d_f32_avx2.c - Depthwise conv, AVX2+FMA -----*- C -*-===//
 *
 * Part of the Loom project.
 *
 * loom_ukernel_depthwise_conv2d_f32 on 8-lane ymm vectors along the output
 * row (compiled with -mavx2 -mfma), and the AVX2+FMA object's entry point,
 * which runs the AVX-512 variant (depthwise_conv2d_f32_avx512.c) where the
 * CPU has it and the OS saves its registers, as the matmul's entry does,
 * unless the output rows fit one 8-lane vector.
 * Row ends are vmaskmovps loads and stores, which neither read nor write the
 * lanes outside the mask; masks also keep the loads of a tile on the plane's
 * edge inside the plane. At stride 2 a vector of outputs reads every other
 * input element: two loads of 8 and two shuffles that keep the even lanes.
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/depthwise_conv2d_f32_isa.h"
#include "backends/cpu/ukernels/x86_cpu_state.h"

#include <immintrin.h>
#include <stdint.h>

#define LOOM_DW_ENTRY loom_ukernel_depthwise_conv2d_f32_avx2
#define LOOM_DW_LANES 8

typedef __m256 LoomVec;

/* The output lanes, and at stride 2 the lanes of the two input loads. */
typedef struct {
  __m256i out, low, high;
} LoomLanes;

static inline __m256i firstLanes(int64_t count) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)count),
                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

static inline LoomLanes loomLanes(int stride, int64_t count) {
  /* At stride 2, lane l reads element 2l: count outputs read 2 count - 1
   * elements. */
  int64_t elements = stride == 1 ? count : 2 * count - 1;
  LoomLanes lanes = {firstLanes(count), firstLanes(elements),
                     firstLanes(elements - 8)};
  return lanes;
}

/* The elements [begin, end) of the 16 that the two loads of a vector may
 * read (elements 0-7 by `low`, 8-15 by `high`). */
static inline LoomLanes loomClipLanes(int stride, LoomLanes lanes, int begin,
                                      int end) {
  (void)stride;
  const __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i eight = _mm256_set1_epi32(8);
  __m256i first = _mm256_set1_epi32(begin), last = _mm256_set1_epi32(end);
  /* index >= begin && index < end, as !(begin > index) && end > index. */
  __m256i low = _mm256_andnot_si256(_mm256_cmpgt_epi32(first, index),
                                    _mm256_cmpgt_epi32(last, index));
  __m256i highIndex = _mm256_add_epi32(index, eight);
  __m256i high = _mm256_andnot_si256(_mm256_cmpgt_epi32(first, highIndex),
                                     _mm256_cmpgt_epi32(last, highIndex));
  lanes.low = _mm256_and_si256(lanes.low, low);
  lanes.high = _mm256_and_si256(lanes.high, high);
  return lanes;
}

static inline LoomVec vZero(void) { return _mm256_setzero_ps(); }
static inline LoomVec vSplat(float x) { return _mm256_set1_ps(x); }
static inline LoomVec vFma(LoomVec x, LoomVec w, LoomVec acc) {
  return _mm256_fmadd_ps(x, w, acc);
}
static inline LoomVec vLoadOut(const float *p, LoomLanes lanes) {
  return _mm256_maskload_ps(p, lanes.out);
}
static inline void vStore(float *p, LoomVec v, LoomLanes lanes) {
  _mm256_maskstore_ps(p, lanes.out, v);
}
static inline __attribute__((always_inline)) LoomVec
vLoadIn(const int stride, const float *p, LoomLanes lanes) {
  if (stride == 1)
    return _mm256_maskload_ps(p, lanes.low);
  __m256 low = _mm256_maskload_ps(p, lanes.low);
  __m256 high = _mm256_maskload_ps(p + 8, lanes.high);
  /* [l0 l2 h0 h2 | l4 l6 h4 h6], then the middle 64-bit pairs swapped. */
  __m256 even = _mm256_shuffle_ps(low, high, _MM_SHUFFLE(2, 0, 2, 0));
  return _mm256_castpd_ps(
      _mm256_permute4x64_pd(_mm256_castps_pd(even), _MM_SHUFFLE(3, 1, 2, 0)));
}
/* MAXPS and MINPS return their second operand when either is NaN. */
static inline LoomVec vEpilogue(LoomVec acc, LoomVec bias, LoomVec lo,
                                LoomVec hi) {
  acc = _mm256_add_ps(acc, bias);
  return _mm256_min_ps(hi, _mm256_max_ps(lo, acc));
}

#include "backends/cpu/ukernels/depthwise_conv2d_f32_driver.h"

#ifndef LOOM_UKERNEL_DEPTHWISE_CONV2D_F32_SYMBOL
#define LOOM_UKERNEL_DEPTHWISE_CONV2D_F32_SYMBOL                               \
  loom_ukernel_depthwise_conv2d_f32
#endif

__attribute__((visibility("hidden"))) void
LOOM_UKERNEL_DEPTHWISE_CONV2D_F32_SYMBOL(
    const float *in, int64_t in_channel_stride, int64_t in_row_stride,
    int64_t in_height, int64_t in_width, int64_t pad_top, int64_t pad_left,
    const float *filter, int64_t filter_channel_stride,
    int64_t filter_row_stride, const float *bias, int64_t bias_stride,
    float *out, int64_t out_channel_stride, int64_t out_row_stride,
    int64_t channels, int64_t out_height, int64_t out_width,
    int64_t kernel_height, int64_t kernel_width, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w, float clamp_min,
    float clamp_max, uint32_t flags) {
  /* Rows of at most 8 outputs fill one ymm vector but less than half a
   * zmm one: there the AVX2 tiles measured 10-25% faster on Zen 5 (960
   * channels of 7x7: 32 against 36 us; 576 of 14x14 at stride 2: 31
   * against 39 us, one thread). */
  loom_ukernel_depthwise_conv2d_f32_fn *kernel =
      loomAvx512StateEnabled() && out_width > 8
          ? loom_ukernel_depthwise_conv2d_f32_avx512
          : loom_ukernel_depthwise_conv2d_f32_avx2;
  kernel(in, in_channel_stride, in_row_stride, in_height, in_width, pad_top,
         pad_left, filter, filter_channel_stride, filter_row_stride, bias,
         bias_stride, out, out_channel_stride, out_row_stride, channels,
         out_height, out_width, kernel_height, kernel_width, stride_h, stride_w,
         dilation_h, dilation_w, clamp_min, clamp_max, flags);
}
