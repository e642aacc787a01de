/*===- loom_ukernels.h - Loom's CPU micro-kernels -----------------*- C -*-===//
 *
 * Part of the Loom project.
 *
 * The entry points that generated CPU kernels call for their hot loops: the
 * f32 and 8-bit integer matmuls and the depthwise convolution. Each is
 * freestanding C compiled at Loom's build time into two relocatable objects,
 * an x86-64 AVX2+FMA one and a portable one, that export the same symbols;
 * code generation links the object that suits the target into every kernel
 * shared object (UkernelObjects.h). The symbols have hidden visibility: they
 * resolve inside the kernel library that links them and are never exported
 * from it. Every entry point is reentrant: it keeps its scratch space on the
 * stack (at most LOOM_UKERNEL_MAX_STACK_BYTES) and touches no global mutable
 * state but one cached CPUID answer of loom_ukernel_matmul_i8's, written
 * idempotently with relaxed atomics, so workgroups may call it concurrently.
 *
 *===----------------------------------------------------------------------===*/

#ifndef LOOM_BACKENDS_CPU_UKERNELS_LOOM_UKERNELS_H
#define LOOM_BACKENDS_CPU_UKERNELS_LOOM_UKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* flags bit 0: add the product to `out` instead of overwriting it. */
#define LOOM_UKERNEL_ACCUMULATE 1u

/* An upper bound of the stack any entry point uses, for callers that size
 * their threads' stacks. */
#define LOOM_UKERNEL_MAX_STACK_BYTES (256u * 1024u)

/* out[m x n] = lhs[m x k] * rhs[k x n], or out += lhs * rhs when flags has
 * LOOM_UKERNEL_ACCUMULATE. The matrices are row-major with unit inner stride;
 * each *_stride is the distance in elements between consecutive rows and is
 * at least the row length. m, n, k >= 0: with k == 0 the product is zero (so
 * `out` is zeroed unless accumulating); with m == 0 or n == 0 nothing is
 * touched. Without LOOM_UKERNEL_ACCUMULATE `out` is never read, so it may
 * hold anything (NaN included) before the call. `out` must not overlap `lhs`
 * or `rhs`. */
typedef void loom_ukernel_matmul_f32_fn(const float *lhs, int64_t lhs_stride,
                                        const float *rhs, int64_t rhs_stride,
                                        float *out, int64_t out_stride,
                                        int64_t m, int64_t n, int64_t k,
                                        uint32_t flags);
loom_ukernel_matmul_f32_fn loom_ukernel_matmul_f32;

/* flags bit 5 of loom_ukernel_matmul_f32 and loom_ukernel_matmul_epilogue_f32:
 * rhs is pre-packed in panels of LOOM_UKERNEL_RHS_PANEL columns, the layout
 * the tile kernels stream (code generation packs constant weights this way
 * at compile time, so no call packs them again): element (p, j) of the
 * k x n rhs is rhs[(j / LOOM_UKERNEL_RHS_PANEL) * rhs_stride
 * + p * LOOM_UKERNEL_RHS_PANEL + j % LOOM_UKERNEL_RHS_PANEL], where
 * rhs_stride (the distance between panels) is at least
 * LOOM_UKERNEL_RHS_PANEL * k, and the last panel's columns beyond n hold
 * zeros. The sums are those of the unpacked rhs, bit for bit. */
#define LOOM_UKERNEL_RHS_PACKED 32u
#define LOOM_UKERNEL_RHS_PANEL 32

/* flags bit 3 of loom_ukernel_matmul_epilogue_f32: SiLU before the clamp. */
#define LOOM_UKERNEL_EPILOGUE_SILU 8u
/* flags bit 4 of loom_ukernel_matmul_epilogue_f32: the bias is per column,
 * bias[j * bias_stride] (a dense layer's), instead of per row. */
#define LOOM_UKERNEL_EPILOGUE_BIAS_PER_COLUMN 16u

/* loom_ukernel_matmul_f32, then for every element of `out`
 *   v = (out[i][j] + bias[i * bias_stride]) + addend[i * addend_stride + j]
 * (bias[j * bias_stride] with LOOM_UKERNEL_EPILOGUE_BIAS_PER_COLUMN)
 *   out[i][j] = min(max(flags & LOOM_UKERNEL_EPILOGUE_SILU ? silu(v) : v,
 *                       clamp_min), clamp_max)
 * on the finished sum (after the accumulation, with
 * LOOM_UKERNEL_ACCUMULATE), in that order: a convolution tile's bias, its
 * residual and ReLU, ReLU6 or SiLU (its rows are the filters) applied as
 * the tile leaves the registers. silu(v) = v * (1 / (1 + exp(-v))) with an
 * exp of about 1 ulp (matmul_f32_epilogue.h): silu(+inf) = +inf, silu(-inf)
 * = NaN, as x * sigmoid(x) in f32 gives. `bias` and `addend` may be NULL
 * (nothing added); a bias_stride of 0 adds one value to every row. A NaN stays
 * NaN through the clamp (pass -INFINITY and INFINITY for none); the bound is
 * returned where the sum equals it (so -0.0 stays -0.0 under max(., 0.0)).
 * Neither `bias` nor `addend` may overlap `out` (partial sums are stored in
 * `out` before the addend is read). */
typedef void loom_ukernel_matmul_epilogue_f32_fn(
    const float *lhs, int64_t lhs_stride, const float *rhs, int64_t rhs_stride,
    float *out, int64_t out_stride, int64_t m, int64_t n, int64_t k,
    uint32_t flags, const float *bias, int64_t bias_stride,
    const float *addend, int64_t addend_stride, float clamp_min,
    float clamp_max);
loom_ukernel_matmul_epilogue_f32_fn loom_ukernel_matmul_epilogue_f32;

/* flags bits 1 and 2 of loom_ukernel_matmul_i8: lhs / rhs bytes are
 * unsigned (uint8) instead of signed (int8). */
#define LOOM_UKERNEL_LHS_UNSIGNED 2u
#define LOOM_UKERNEL_RHS_UNSIGNED 4u

/* out[m x n] = sum over p < k of ext(lhs[i][p]) * ext(rhs[p][j]) in int32,
 * or out += that with LOOM_UKERNEL_ACCUMULATE; ext sign-extends a byte, or
 * zero-extends it where flags say that operand is unsigned. The sums wrap
 * modulo 2^32 (as ONNX's MatMulInteger accumulator, so any order gives the
 * same result). Layouts, strides (in elements), sizes, the k == 0 case and
 * aliasing as for loom_ukernel_matmul_f32. */
typedef void loom_ukernel_matmul_i8_fn(const void *lhs, int64_t lhs_stride,
                                       const void *rhs, int64_t rhs_stride,
                                       int32_t *out, int64_t out_stride,
                                       int64_t m, int64_t n, int64_t k,
                                       uint32_t flags);
loom_ukernel_matmul_i8_fn loom_ukernel_matmul_i8;

/* A 2-D depthwise convolution of `channels` NCHW planes with its per-channel
 * epilogue and implicit zero padding: for c < channels, y < out_height,
 * x < out_width,
 *   acc = (flags & LOOM_UKERNEL_ACCUMULATE ? out[c][y][x] : 0)
 *   for i < kernel_height, j < kernel_width (in this order):
 *     acc += v(c, y * stride_h + i * dilation_h - pad_top,
 *              x * stride_w + j * dilation_w - pad_left) * filter[c][i][j]
 *   out[c][y][x] = min(max(acc + (bias ? bias[c * bias_stride] : -0), clamp_min),
 *                      clamp_max)
 * where v(c, r, q) = in[c][r][q] inside the in_height x in_width plane and
 * +0 outside it: the result of the same call on a copy of the input padded
 * with zeros, bit for bit (a zero is multiplied like any other element, so
 * an infinite weight over the padding gives NaN). Only positions inside the
 * plane are read. Each array has
 * unit stride along its rows; the *_channel_stride and *_row_stride
 * arguments are the distances in elements between planes and rows. `bias`
 * may be NULL (-0 is the identity of addition); a bias_stride of 0 adds the
 * same value to every channel. A NaN sum stays NaN through the clamp (pass
 * -INFINITY and INFINITY for none). The multiply-adds may be fused (one
 * rounding instead of two); the order of the sum is the one above. Sizes
 * and pads >= 0 (nothing happens with a zero output size); kernel sizes,
 * strides and dilations >= 1. `out` must not overlap `in`, `filter` or
 * `bias`; without LOOM_UKERNEL_ACCUMULATE it is never read. */
typedef void loom_ukernel_depthwise_conv2d_f32_fn(
    const float *in, int64_t in_channel_stride, int64_t in_row_stride,
    int64_t in_height, int64_t in_width, int64_t pad_top, int64_t pad_left,
    const float *filter, int64_t filter_channel_stride,
    int64_t filter_row_stride, const float *bias, int64_t bias_stride,
    float *out, int64_t out_channel_stride, int64_t out_row_stride,
    int64_t channels, int64_t out_height, int64_t out_width,
    int64_t kernel_height, int64_t kernel_width, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w,
    float clamp_min, float clamp_max, uint32_t flags);
loom_ukernel_depthwise_conv2d_f32_fn loom_ukernel_depthwise_conv2d_f32;

/* A 2-D convolution of one image's `channels` NCHW planes into `filters`
 * planes, the filters pre-packed in panels of LOOM_UKERNEL_RHS_PANEL (the
 * layout of loom-cpu-pack-conv-filters): for f < filters, y < out_height,
 * x < out_width,
 *   v = sum over c < channels, i < kernel_height, j < kernel_width of
 *       in[c][y * stride_h + i][x * stride_w + j] * w(f, c, i, j)
 *   (plus out[f][y][x] with LOOM_UKERNEL_ACCUMULATE)
 *   out[f][y][x] = loom_ukernel_matmul_epilogue_f32's epilogue of v for row
 *     f: the bias bias[f * bias_stride] (none when NULL), then the addend
 *     addend[f][y][x] (none when NULL), then SiLU with
 *     LOOM_UKERNEL_EPILOGUE_SILU, then the clamp to [clamp_min, clamp_max]
 * where w(f, c, i, j) = filters[(f / LOOM_UKERNEL_RHS_PANEL) *
 * filter_panel_stride + ((c * kernel_height + i) * kernel_width + j) *
 * LOOM_UKERNEL_RHS_PANEL + f % LOOM_UKERNEL_RHS_PANEL]: each panel is the
 * transpose of its filters' [32, channels * kernel_height * kernel_width]
 * rows, and the last panel's columns past `filters` are read (any finite or
 * infinite value) and never stored. `in` is already padded: every
 * position read must exist. The terms are summed in the order of k = (c *
 * kernel_height + i) * kernel_width + j in blocks of
 * LOOM_UKERNEL_CONV_SUM_BLOCK: each block's multiply-add chain from zero is
 * added to the running sum (which starts as out[f][y][x] with
 * LOOM_UKERNEL_ACCUMULATE): the order in which loom_ukernel_matmul_f32's
 * AVX-512 kernel sums the same filters by the im2col patches, so that the
 * AVX-512 variants of the two agree bit for bit (the multiply-adds are
 * fused there; elsewhere as the compiler contracts them). Each array has
 * unit stride along its rows; *_channel_stride and *_row_stride are the
 * distances in elements between planes and rows. Sizes >= 0, kernel sizes
 * and strides >= 1 with kernel_height * kernel_width <=
 * LOOM_UKERNEL_CONV_MAX_WINDOW. `out` overlaps no other array; without
 * LOOM_UKERNEL_ACCUMULATE it is never read. */
#define LOOM_UKERNEL_CONV_MAX_WINDOW 256
#define LOOM_UKERNEL_CONV_SUM_BLOCK 256
typedef void loom_ukernel_conv2d_f32_fn(
    const float *in, int64_t in_channel_stride, int64_t in_row_stride,
    const float *filters, int64_t filter_panel_stride, float *out,
    int64_t out_channel_stride, int64_t out_row_stride, int64_t filters_count,
    int64_t channels, int64_t out_height, int64_t out_width,
    int64_t kernel_height, int64_t kernel_width, int64_t stride_h,
    int64_t stride_w, uint32_t flags, const float *bias, int64_t bias_stride,
    const float *addend, int64_t addend_channel_stride,
    int64_t addend_row_stride, float clamp_min, float clamp_max);
loom_ukernel_conv2d_f32_fn loom_ukernel_conv2d_f32;

/* A 2-D max pool of `channels` NCHW planes into the output it updates, the
 * padding implicit: for c < channels, y < out_height, x < out_width,
 *   out[c][y][x] = max(out[c][y][x], max over i < kernel_height,
 *       j < kernel_width of in[c][y * stride_h + i * dilation_h - pad_top]
 *                            [x * stride_w + j * dilation_w - pad_left]
 *       for the positions inside the in_height x in_width plane)
 * where max is arith.maximumf's: a NaN if either operand is one, +0 above
 * -0, so the result does not depend on the order, and equals the same
 * call's on a copy padded with -inf (which no value loses to). Only
 * positions inside the plane are read. Strides in elements between planes
 * and rows, unit stride along rows; sizes and pads >= 0, kernel sizes,
 * strides and dilations >= 1; `out` overlaps no input. The caller fills
 * `out` first (-inf for a pool). */
typedef void loom_ukernel_max_pool2d_f32_fn(
    const float *in, int64_t in_channel_stride, int64_t in_row_stride,
    int64_t in_height, int64_t in_width, int64_t pad_top, int64_t pad_left,
    float *out, int64_t out_channel_stride, int64_t out_row_stride,
    int64_t channels, int64_t out_height, int64_t out_width,
    int64_t kernel_height, int64_t kernel_width, int64_t stride_h,
    int64_t stride_w, int64_t dilation_h, int64_t dilation_w);
loom_ukernel_max_pool2d_f32_fn loom_ukernel_max_pool2d_f32;

/* A 3x3, stride-1, undilated convolution of `channels` NCHW planes into
 * `filters` planes by Winograd's F(2x2, 3x3) (winograd_f32_driver.h), in
 * two steps. First the filters: for f < filters, c < channels,
 *   u[e * filters * channels + f * channels + c] = (G g G^T)[e], e < 16,
 * where g[i][j] = filter[f * filter_stride + c * 9 + 3 * i + j] and G is
 * F(2x2, 3x3)'s 4 x 3 filter transform. Then, for f < filters,
 * y < out_height, x < out_width,
 *   out[f][y][x] (+)= sum over c < channels, i < 3, j < 3 of
 *                     in[c][y + i][x + j] * g_fc[i][j]
 * (added to `out` with LOOM_UKERNEL_ACCUMULATE), given the transformed
 * filters u, component e of filter f starting at u[e * u_component_stride
 * + f * channels] (the rows of a larger transform may be passed). `in` is
 * already padded: it has out_height + 2 rows of out_width + 2 elements per
 * plane. The sums are not those of the direct convolution: the transforms
 * add, subtract and halve inputs and filters before the products and the
 * outputs after them, so the result differs from the direct sum by a few
 * units in the last place of the magnitudes involved (docs/ukernels.md
 * measures it). `workspace` holds loom_ukernel_winograd_f32_workspace(...)
 * floats, 64-byte aligned, and `out` overlaps none of the other arrays. */
typedef void loom_ukernel_winograd_f32_filters_fn(const float *filter,
                                                  int64_t filter_stride,
                                                  int64_t filters,
                                                  int64_t channels, float *u);
loom_ukernel_winograd_f32_filters_fn loom_ukernel_winograd_f32_filters;
typedef void loom_ukernel_conv2d_3x3_winograd_f32_fn(
    const float *in, int64_t in_channel_stride, int64_t in_row_stride,
    const float *u, int64_t u_component_stride, float *out,
    int64_t out_channel_stride, int64_t out_row_stride, int64_t filters,
    int64_t channels, int64_t out_height, int64_t out_width,
    float *workspace, uint32_t flags);
loom_ukernel_conv2d_3x3_winograd_f32_fn loom_ukernel_conv2d_3x3_winograd_f32;

/* The rows of 2x2 tiles the Winograd convolution transforms at a time: as
 * many as keep its 16 transformed input and output blocks, 64 (channels +
 * filters) bytes a tile, within 1 MiB, but at least 64 tiles' worth (the
 * matmuls' columns) and at most the output's. */
static inline int64_t loom_ukernel_winograd_f32_block_rows(
    int64_t filters, int64_t channels, int64_t out_height,
    int64_t out_width) {
  int64_t tilesWide = (out_width + 1) / 2;
  int64_t tilesHigh = (out_height + 1) / 2;
  int64_t tiles = 16384 / (filters + channels);
  if (tiles < 64)
    tiles = 64;
  int64_t rows = (tiles + tilesWide - 1) / tilesWide;
  return rows < tilesHigh ? rows : tilesHigh;
}

/* The floats of the Winograd convolution's workspace: one block of
 * transformed inputs and outputs, and the rows it transforms them
 * through. */
static inline int64_t loom_ukernel_winograd_f32_workspace(int64_t filters,
                                                          int64_t channels,
                                                          int64_t out_height,
                                                          int64_t out_width) {
  int64_t tilesWide = (out_width + 1) / 2;
  int64_t blockTiles = loom_ukernel_winograd_f32_block_rows(
                           filters, channels, out_height, out_width) *
                       tilesWide;
  return 16 * (channels + filters) * blockTiles +
         4 * (2 * tilesWide + 2) + 16 * tilesWide + 4 * tilesWide;
}

/* Results whose size depends on data (data_shaped.c; docs/dynamic-shapes.md,
 * phase 3). Each writes its result densely, in row-major order of its actual
 * shape, at the start of `values` (room for `bound` elements; the rest is
 * zeroed) and the actual shape into `dims`. A result that would not fit its
 * bound (never, for the bounds code generation gives) writes -1 into dims[0]
 * and nothing into `values`: the runtime refuses the run. Single-threaded,
 * no scratch memory. */

/* ONNX NonZero: the [rank, n] indices (i64) of the `numel` elements of
 * `input` that are not zero, in row-major order; `shape` holds the input's
 * `rank` dimensions. Elements are `element_bytes` (1, 2, 4 or 8) wide; with
 * `is_float` the sign bit is ignored (-0.0 is zero, NaN is not). dims gets
 * [rank, n]. */
typedef void loom_ukernel_nonzero_fn(const void *input, int64_t element_bytes,
                                     int64_t is_float, const int64_t *shape,
                                     int64_t rank, int64_t *values,
                                     int64_t bound, int64_t *dims);
loom_ukernel_nonzero_fn loom_ukernel_nonzero;

/* ONNX Compress on `input` read as [outer, size, inner] around the axis:
 * the slices s < length whose condition[s] (a byte, 0 or not) is nonzero,
 * for every outer index in turn. length <= size. `shape` holds the result's
 * `rank` dimensions at the bound, and dims gets them with dimension `axis`
 * replaced by the number of slices kept. */
typedef void loom_ukernel_compress_fn(const void *input,
                                      const uint8_t *condition, int64_t length,
                                      int64_t outer, int64_t size,
                                      int64_t inner, int64_t element_bytes,
                                      void *values, int64_t bound,
                                      const int64_t *shape, int64_t rank,
                                      int64_t axis, int64_t *dims);
loom_ukernel_compress_fn loom_ukernel_compress;

/* Element kinds of loom_ukernel_unique: how `element_bytes`-wide elements
 * compare. Floats by value, -0.0 equal to 0.0, NaNs equal to each other and
 * above every number. */
#define LOOM_UKERNEL_SIGNED 0
#define LOOM_UKERNEL_UNSIGNED 1
#define LOOM_UKERNEL_FLOAT 2 /* f32 or f64 by element_bytes */
#define LOOM_UKERNEL_F16 3
#define LOOM_UKERNEL_BF16 4

/* ONNX Unique on `input` read as [outer, slices, inner] around the axis:
 * the distinct slices, ascending (lexicographically, outer then inner) when
 * `sorted`, else by first occurrence. `values` (room for `bound` elements)
 * gets them in the input's layout with the axis cut to their number n;
 * indices[k] the first position of the k-th, counts[k] how often it occurs,
 * inverse[s] the k of slice s (all of length `slices`, the first two only
 * up to n). `shape` holds the `rank` dimensions of the result at the bound,
 * dims gets them with dimension `axis` replaced by n, count_dims[0] = n. */
typedef void loom_ukernel_unique_fn(const void *input, int64_t element_bytes,
                                    int64_t kind, int64_t outer,
                                    int64_t slices, int64_t inner,
                                    int64_t sorted, void *values,
                                    int64_t bound, const int64_t *shape,
                                    int64_t rank, int64_t axis, int64_t *dims,
                                    int64_t *indices, int64_t *inverse,
                                    int64_t *counts, int64_t *count_dims);
loom_ukernel_unique_fn loom_ukernel_unique;

/* ONNX NonMaxSuppression on f32 `boxes` [batches, boxes, 4] and `scores`
 * [batches, classes, boxes]: `selected` (room for `bound` rows of 3) gets
 * the (batch, class, box) rows, dims = [n, 3]. max_output, iou_threshold
 * and score_threshold (NULL: none) point at one value each; `scratch` has
 * room for `boxes` int64 values. `center_point_box` as in ONNX. */
typedef void loom_ukernel_non_max_suppression_fn(
    const float *boxes, const float *scores, int64_t batches,
    int64_t classes, int64_t count, const int64_t *max_output,
    const float *iou_threshold, const float *score_threshold,
    int64_t center_point_box, int64_t *selected, int64_t bound,
    int64_t *scratch, int64_t *dims);
loom_ukernel_non_max_suppression_fn loom_ukernel_non_max_suppression;

/* ONNX Reshape to the run-time `shape` (`rank` i64 entries) of `input`, whose
 * `input_rank` dimensions are `input_shape` (`numel` elements of
 * `element_bytes`): 0 copies the input's dimension (a size 0 with
 * `allow_zero`), one -1 is inferred. dims gets the resolved shape and
 * `values` the input's bytes (one zero element when numel is 0); when the
 * shape is invalid (two -1s, another negative entry, a 0 past the input's
 * rank, 0 and -1 with `allow_zero`, an element count that is not numel, a
 * size above `dim_bound`) every entry of dims is -2 and `values` is left as
 * it is. */
typedef void loom_ukernel_reshape_to_shape_fn(
    const void *input, const int64_t *input_shape, int64_t input_rank,
    int64_t numel, int64_t element_bytes, const int64_t *shape, int64_t rank,
    int64_t allow_zero, int64_t dim_bound, void *values, int64_t *dims);
loom_ukernel_reshape_to_shape_fn loom_ukernel_reshape_to_shape;

/* What the kernels of run-time axes below write into every entry of dims
 * when the axes are invalid (runtime/Artifact.cpp, Artifact::dataShape). */
#define LOOM_UKERNEL_INVALID_AXES (-8)

/* ONNX Unsqueeze (`squeeze` 0) or Squeeze (1) of `input` (`rank`
 * dimensions `shape`, `numel` elements of `element_bytes`) by `count`
 * run-time `axes` (negative ones count from the end of the result for
 * Unsqueeze, of the input for Squeeze): dims gets the result's shape
 * (rank + count or rank - count entries) and `values` the input's bytes
 * (one zero element when numel is 0). An axis out of range or repeated, or
 * a squeezed dimension whose size is not 1, writes
 * LOOM_UKERNEL_INVALID_AXES into dims instead. `marked` is scratch of
 * rank + count entries. */
typedef void loom_ukernel_runtime_reshape_axes_fn(
    const void *input, const int64_t *shape, int64_t rank, int64_t numel,
    int64_t element_bytes, const int64_t *axes, int64_t count,
    int64_t squeeze, int64_t *marked, void *values, int64_t *dims);
loom_ukernel_runtime_reshape_axes_fn loom_ukernel_runtime_reshape_axes;

/* ONNX ReduceSum of `input` (`rank` dimensions `shape`, `numel` elements of
 * `element_bytes` and `kind`: LOOM_UKERNEL_FLOAT for f32/f64, else an
 * integer of 4 or 8 bytes, which wraps) over `count` run-time `axes`
 * (negative ones count from the end), the reduced dimensions kept as 1
 * with `keepdims`, else removed. Each sum adds its inputs in row-major
 * order, in the element type, from 0. `values` (`bound` elements) gets the
 * sums and zeros after them, dims the result's shape; an axis out of range
 * or repeated writes LOOM_UKERNEL_INVALID_AXES into dims instead. `marked`
 * and `index` are scratch of `rank` entries each. */
typedef void loom_ukernel_runtime_reduce_sum_fn(
    const void *input, const int64_t *shape, int64_t rank, int64_t numel,
    int64_t kind, int64_t element_bytes, const int64_t *axes, int64_t count,
    int64_t keepdims, int64_t *marked, int64_t *index, void *values,
    int64_t bound, int64_t *dims);
loom_ukernel_runtime_reduce_sum_fn loom_ukernel_runtime_reduce_sum;

/* How loom_ukernel_runtime_pad fills positions outside the input
 * (loom::PadMode's values), and what it writes into every entry of dims
 * when the pads are invalid. */
#define LOOM_UKERNEL_PAD_CONSTANT 0
#define LOOM_UKERNEL_PAD_REFLECT 1
#define LOOM_UKERNEL_PAD_EDGE 2
#define LOOM_UKERNEL_INVALID_PADS (-9)

/* ONNX Pad of `input` (`rank` dimensions `shape`, elements of
 * `element_bytes`) by the run-time `pads` (2 * rank entries: the amounts
 * before each dimension, then after; a negative one crops), filling as
 * `mode` says: constant with the element at `value` (zeros when NULL),
 * reflect, or edge, as loom.pad. `values` (`capacity` elements) gets the
 * result and zeros after, dims its shape. A result size above `bound`
 * writes LOOM_UKERNEL_ABOVE_MAX_DIM into dims; a negative result size, a
 * reflect amount not below its dimension's size, or an edge or reflect pad
 * of an empty dimension LOOM_UKERNEL_INVALID_PADS. `position` is scratch
 * of `rank` entries. */
typedef void loom_ukernel_runtime_pad_fn(
    const void *input, const int64_t *shape, int64_t rank,
    int64_t element_bytes, const int64_t *pads, const void *value,
    int64_t mode, int64_t bound, int64_t *position, void *values,
    int64_t capacity, int64_t *dims);
loom_ukernel_runtime_pad_fn loom_ukernel_runtime_pad;

/* The codes the views below write into every entry of dims when the sizes
 * given at run time are invalid; the runtime fails the run with one line
 * naming the output (runtime/Artifact.cpp, Artifact::dataShape). */
#define LOOM_UKERNEL_INVALID_SLICE (-3)
#define LOOM_UKERNEL_INVALID_TOPK (-4)
#define LOOM_UKERNEL_INVALID_SPLIT (-5)

/* ONNX Slice of `input` (`rank` dimensions `shape`, elements of
 * `element_bytes`) by `count` run-time entries of starts, ends, axes and
 * steps, with ONNX's clamping (a negative start or end adds the size; a
 * forward slice clamps both to [0, d], a backward one the start to
 * [0, d - 1] and the end to [-1, d - 1]). `values` gets the selected
 * elements in row-major order, zeros up to `bound` elements, and dims the
 * result's shape; an axis outside [-rank, rank), an axis given twice, a
 * step of 0 or a result of more than `bound` elements writes
 * LOOM_UKERNEL_INVALID_SLICE into dims instead. */
typedef void loom_ukernel_runtime_slice_fn(
    const void *input, const int64_t *shape, int64_t rank,
    int64_t element_bytes, const int64_t *starts, const int64_t *ends,
    const int64_t *axes, const int64_t *steps, int64_t count, void *values,
    int64_t bound, int64_t *dims);
loom_ukernel_runtime_slice_fn loom_ukernel_runtime_slice;

/* ONNX TopK with the run-time k (`k_value[0]`) along `axis` of `input`
 * (`rank` dimensions `shape`, read as [outer, size, inner] around the axis;
 * elements of `element_bytes` compared as `kind`, LOOM_UKERNEL_SIGNED ...):
 * the k largest (smallest unless `largest`) of each line, in order, equal
 * elements by lower index first, NaN above every number. `values` and
 * `indices` get the [outer, k, inner] results, zeros up to `bound`
 * elements; dims the input's shape with the axis' size k. A k below 0 or
 * above `size` writes LOOM_UKERNEL_INVALID_TOPK into dims instead.
 * `scratch` has room for 2 * size int64 values. */
typedef void loom_ukernel_runtime_topk_fn(
    const void *input, int64_t element_bytes, int64_t kind, int64_t outer,
    int64_t size, int64_t inner, const int64_t *shape, int64_t rank,
    int64_t axis, const int64_t *k_value, int64_t largest, void *values,
    int64_t *indices, int64_t bound, int64_t *scratch, int64_t *dims);
loom_ukernel_runtime_topk_fn loom_ukernel_runtime_topk;

/* Part `part` of ONNX Split of `input` (as for TopK) along `axis` by the
 * `parts` run-time sizes `split`: `values` gets the split[part] slices that
 * follow the earlier parts, zeros up to `bound` elements, and dims the
 * input's shape with the axis' size split[part]. A negative size, or sizes
 * whose sum is not `size`, writes LOOM_UKERNEL_INVALID_SPLIT into dims
 * instead. */
typedef void loom_ukernel_runtime_split_fn(
    const void *input, int64_t element_bytes, int64_t outer, int64_t size,
    int64_t inner, const int64_t *shape, int64_t rank, int64_t axis,
    const int64_t *split, int64_t parts, int64_t part, void *values,
    int64_t bound, int64_t *dims);
loom_ukernel_runtime_split_fn loom_ukernel_runtime_split;

/* The codes the generators below write into every entry of dims: a size
 * given at run time above the bound the model was compiled for (loomc
 * --max-dim), or an invalid one; the runtime fails the run with one line
 * naming the output (runtime/Artifact.cpp, Artifact::dataShape). */
#define LOOM_UKERNEL_ABOVE_MAX_DIM (-6)
#define LOOM_UKERNEL_INVALID_SIZE (-7)

/* ONNX ConstantOfShape to the run-time `shape` (`rank` i64 entries): every
 * element the `element_bytes` bytes at `value`. `values` (`capacity`
 * elements, bound^rank) gets the result in row-major order and zeros after
 * it, dims the shape. A negative entry writes LOOM_UKERNEL_INVALID_SIZE, an
 * entry above `bound` LOOM_UKERNEL_ABOVE_MAX_DIM into dims instead, and
 * nothing into `values`. */
typedef void loom_ukernel_constant_of_shape_fn(
    const int64_t *shape, int64_t rank, const void *value,
    int64_t element_bytes, int64_t bound, void *values, int64_t capacity,
    int64_t *dims);
loom_ukernel_constant_of_shape_fn loom_ukernel_constant_of_shape;

/* ONNX Range of the rank-0 `start`, `limit` and `delta` (elements of
 * `element_bytes`, LOOM_UKERNEL_FLOAT for f32/f64 or LOOM_UKERNEL_SIGNED
 * for i8 to i64 in `kind`): start + i * delta in the element type for i
 * below max(ceil((limit - start) / delta), 0). `values` (`bound` elements)
 * gets them and zeros after, dims[0] the count. A delta of 0 or a count
 * that is not finite writes LOOM_UKERNEL_INVALID_SIZE, a count above
 * `bound` LOOM_UKERNEL_ABOVE_MAX_DIM into dims[0] instead. */
typedef void loom_ukernel_range_fn(const void *start, const void *limit,
                                   const void *delta, int64_t kind,
                                   int64_t element_bytes, int64_t bound,
                                   void *values, int64_t *dims);
loom_ukernel_range_fn loom_ukernel_range;

/* Which window loom_ukernel_window computes (loom::WindowKind's values). */
#define LOOM_UKERNEL_WINDOW_HANN 0
#define LOOM_UKERNEL_WINDOW_HAMMING 1
#define LOOM_UKERNEL_WINDOW_BLACKMAN 2

/* ONNX HannWindow, HammingWindow or BlackmanWindow (`window`) of the
 * run-time length at `size` (a signed integer of `size_bytes`), periodic or
 * symmetric: computed in double and stored as `kind` (LOOM_UKERNEL_FLOAT
 * for f32/f64, LOOM_UKERNEL_SIGNED or _UNSIGNED truncated toward 0) of
 * `element_bytes`. `values` (`bound` elements) gets the window and zeros
 * after, dims[0] the length. A negative length writes
 * LOOM_UKERNEL_INVALID_SIZE, one above `bound` LOOM_UKERNEL_ABOVE_MAX_DIM
 * into dims[0] instead. */
typedef void loom_ukernel_window_fn(const void *size, int64_t size_bytes,
                                    int64_t window, int64_t periodic,
                                    int64_t kind, int64_t element_bytes,
                                    int64_t bound, void *values,
                                    int64_t *dims);
loom_ukernel_window_fn loom_ukernel_window;

/* ONNX OneHot of `count` i64 `indices` (the importer has wrapped negative
 * ones) with the run-time depth at `depth` (one i64), the depth dimension
 * inserted between the indices' first `outer` elements' dimensions and the
 * last `inner`: element [o, k, i] is the second element at `off_on` (each
 * `element_bytes` wide) where indices[o * inner + i] == k, else the first.
 * `values` (`capacity` elements) gets the result and zeros after, dims
 * (`rank` entries: `shape`, the indices' dimensions, with the depth at
 * `axis`) its shape. A negative depth writes LOOM_UKERNEL_INVALID_SIZE into
 * dims instead, a depth above `bound` LOOM_UKERNEL_ABOVE_MAX_DIM into its
 * entry and 0 into the others. */
typedef void loom_ukernel_runtime_one_hot_fn(
    const int64_t *indices, int64_t outer, int64_t inner,
    const int64_t *depth, const void *off_on, int64_t element_bytes,
    const int64_t *shape, int64_t rank, int64_t axis, int64_t bound,
    void *values, int64_t capacity, int64_t *dims);
loom_ukernel_runtime_one_hot_fn loom_ukernel_runtime_one_hot;

/* What loom_ukernel_runtime_resize writes into every entry of dims when its
 * run-time scales or sizes are invalid (a scale that is not positive and
 * finite, a negative size, an empty dimension resized to a size above 0, a
 * scale below 1 with options[ENLARGE_ONLY]). */
#define LOOM_UKERNEL_INVALID_RESIZE (-10)

/* loom::ResizeMode, loom::CoordinateTransform and loom::NearestRounding,
 * as loom_ukernel_runtime_resize reads them. */
#define LOOM_UKERNEL_RESIZE_NEAREST 0
#define LOOM_UKERNEL_RESIZE_LINEAR 1
#define LOOM_UKERNEL_RESIZE_CUBIC 2
#define LOOM_UKERNEL_RESIZE_HALF_PIXEL 0
#define LOOM_UKERNEL_RESIZE_PYTORCH_HALF_PIXEL 1
#define LOOM_UKERNEL_RESIZE_ALIGN_CORNERS 2
#define LOOM_UKERNEL_RESIZE_ASYMMETRIC 3
#define LOOM_UKERNEL_RESIZE_TF_HALF_PIXEL_FOR_NN 4
#define LOOM_UKERNEL_RESIZE_TF_CROP_AND_RESIZE 5
#define LOOM_UKERNEL_ROUND_PREFER_FLOOR 0
#define LOOM_UKERNEL_ROUND_PREFER_CEIL 1
#define LOOM_UKERNEL_ROUND_FLOOR 2
#define LOOM_UKERNEL_ROUND_CEIL 3
#define LOOM_UKERNEL_ROUND_FLOOR_GROWING_CEIL_SHRINKING 4

/* The entries of loom_ukernel_runtime_resize's `options`. */
#define LOOM_UKERNEL_RESIZE_OPTION_MODE 0
#define LOOM_UKERNEL_RESIZE_OPTION_TRANSFORM 1
#define LOOM_UKERNEL_RESIZE_OPTION_ROUNDING 2
#define LOOM_UKERNEL_RESIZE_OPTION_EXCLUDE_OUTSIDE 3
#define LOOM_UKERNEL_RESIZE_OPTION_BY_SIZES 4
#define LOOM_UKERNEL_RESIZE_OPTION_ENLARGE_ONLY 5
#define LOOM_UKERNEL_RESIZE_OPTIONS 6

/* ONNX Resize (loom.runtime_resize) of the f32 or f64 `input` (`rank`
 * dimensions `shape`, `element_bytes` 4 or 8) by the run-time `target`:
 * `rank` f64 scales, or i64 sizes when options[BY_SIZES]. `options` holds
 * the mode, coordinate transform, nearest rounding, exclude_outside and
 * enlarge_only;
 * `coefficients` cubic's A and the extrapolation value; `roi` (2 * rank
 * f64, starts then ends) is read for tf_crop_and_resize only. Each output
 * element is the sum over the combinations of its dimensions' taps of the
 * product of their weights (f64) times the input element, taps of weight 0
 * not read. `values` (`capacity` elements) gets the result and zeros after
 * it, dims its shape. Invalid scales or sizes write
 * LOOM_UKERNEL_INVALID_RESIZE into dims instead; a result dimension above
 * its entry of `bounds` LOOM_UKERNEL_ABOVE_MAX_DIM into its entry and 0
 * into the others (so the runtime names that bound). Scratch: `tap_index` and
 * `tap_weight` of rank * `stride` * 4 entries and `tap_count` of rank *
 * `stride` (`stride` the largest bound), `position` of 2 * rank. */
typedef void loom_ukernel_runtime_resize_fn(
    const void *input, const int64_t *shape, int64_t rank,
    int64_t element_bytes, const void *target, const double *roi,
    const int64_t *options, const double *coefficients,
    const int64_t *bounds, int64_t stride, int64_t *tap_index,
    double *tap_weight, int64_t *tap_count, int64_t *position, void *values,
    int64_t capacity, int64_t *dims);
loom_ukernel_runtime_resize_fn loom_ukernel_runtime_resize;

/* The most dimensions loom_ukernel_expand_to_shape handles (the pass
 * refuses more). */
#define LOOM_UKERNEL_EXPAND_MAX_RANK 8

/* ONNX Expand of `input` (`input_rank` dimensions `input_shape`, elements
 * of `element_bytes`) to the run-time `shape` (`length` i64 entries): the
 * two broadcast, aligned at the trailing dimension, into `rank` =
 * max(input_rank, length) dimensions. `values` (`capacity` elements) gets
 * the result in row-major order and zeros after it, dims its shape. A
 * negative entry or sizes that do not broadcast write
 * LOOM_UKERNEL_INVALID_SIZE, a dimension above its entry of `bounds`
 * LOOM_UKERNEL_ABOVE_MAX_DIM into dims instead, and nothing into
 * `values`. */
typedef void loom_ukernel_expand_to_shape_fn(
    const void *input, const int64_t *input_shape, int64_t input_rank,
    int64_t element_bytes, const int64_t *shape, int64_t length,
    const int64_t *bounds, int64_t rank, void *values, int64_t capacity,
    int64_t *dims);
loom_ukernel_expand_to_shape_fn loom_ukernel_expand_to_shape;

/* ONNX Tile of `input` (`rank` dimensions `input_shape`, at most
 * LOOM_UKERNEL_EXPAND_MAX_RANK, elements of `element_bytes`) by the run-time
 * `repeats` (`rank` i64 entries): dimension i of the result is
 * input_shape[i] * repeats[i]. `values` (`capacity` elements) gets the
 * result in row-major order and zeros after it, dims its shape. A negative
 * repeat writes LOOM_UKERNEL_INVALID_SIZE, a dimension above its entry of
 * `bounds` LOOM_UKERNEL_ABOVE_MAX_DIM into dims instead, and nothing into
 * `values`. */
typedef void loom_ukernel_tile_to_repeats_fn(
    const void *input, const int64_t *input_shape, int64_t rank,
    int64_t element_bytes, const int64_t *repeats, const int64_t *bounds,
    void *values, int64_t capacity, int64_t *dims);
loom_ukernel_tile_to_repeats_fn loom_ukernel_tile_to_repeats;

#ifdef __cplusplus
}
#endif

#endif /* LOOM_BACKENDS_CPU_UKERNELS_LOOM_UKERNELS_H */
