//===- UkernelRuntimeResizeTest.cpp - OneHot and Resize sized at run time -===//
//
// Part of the Loom project.
//
// loom_ukernel_runtime_one_hot against a naive reference on random indices
// at every axis, and loom_ukernel_runtime_resize against ONNX's documented
// examples (backend test cases) for each mode and coordinate transform,
// plus what neither shows: zero-weight taps are not read, the zeros after
// the result, and the codes for invalid scales or sizes and for a size
// above its bound (written into that dimension's entry alone).
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/ukernels/loom_ukernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace {

TEST(UkernelRuntimeOneHot, EveryAxisMatchesANaiveReference) {
  // Indices [2, 3], some outside [0, depth), at axes 0, 1 and 2.
  std::mt19937 random(7);
  std::uniform_int_distribution<int64_t> index(-2, 6);
  std::vector<int64_t> indices(6);
  for (int64_t &i : indices)
    i = index(random);
  const int64_t shape[] = {2, 3}, depth = 5, bound = 8;
  const float offOn[] = {-1.0f, 3.0f};
  for (int64_t axis = 0; axis <= 2; ++axis) {
    int64_t outer = axis == 0 ? 1 : axis == 1 ? 2 : 6;
    int64_t inner = 6 / outer;
    std::vector<float> values(6 * bound, 9.0f);
    int64_t dims[3];
    loom_ukernel_runtime_one_hot(indices.data(), outer, inner, &depth, offOn,
                                 4, shape, 3, axis, bound, values.data(),
                                 static_cast<int64_t>(values.size()), dims);
    std::vector<int64_t> expectedDims = {2, 3};
    expectedDims.insert(expectedDims.begin() + axis, depth);
    EXPECT_EQ(std::vector<int64_t>(dims, dims + 3), expectedDims);
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t k = 0; k < depth; ++k)
        for (int64_t i = 0; i < inner; ++i)
          EXPECT_EQ(values[(o * depth + k) * inner + i],
                    indices[o * inner + i] == k ? 3.0f : -1.0f)
              << "axis " << axis;
    for (size_t i = 6 * depth; i < values.size(); ++i)
      EXPECT_EQ(values[i], 0.0f);
  }
}

TEST(UkernelRuntimeOneHot, NegativeOrAboveTheBound) {
  const int64_t indices[] = {0, 1}, shape[] = {2};
  const int32_t offOn[] = {0, 1};
  std::vector<int32_t> values(8, 7);
  int64_t dims[2];
  const int64_t negative = -1, above = 5, zero = 0;
  loom_ukernel_runtime_one_hot(indices, 2, 1, &negative, offOn, 4, shape, 2,
                               1, 4, values.data(), 8, dims);
  EXPECT_EQ(dims[0], LOOM_UKERNEL_INVALID_SIZE);
  EXPECT_EQ(dims[1], LOOM_UKERNEL_INVALID_SIZE);
  loom_ukernel_runtime_one_hot(indices, 2, 1, &above, offOn, 4, shape, 2, 1,
                               4, values.data(), 8, dims);
  EXPECT_EQ(dims[0], 0);
  EXPECT_EQ(dims[1], LOOM_UKERNEL_ABOVE_MAX_DIM);
  EXPECT_EQ(values, std::vector<int32_t>(8, 7));
  loom_ukernel_runtime_one_hot(indices, 2, 1, &zero, offOn, 4, shape, 2, 1, 4,
                               values.data(), 8, dims);
  EXPECT_EQ(dims[0], 2);
  EXPECT_EQ(dims[1], 0);
  EXPECT_EQ(values, std::vector<int32_t>(8, 0));
}

/// One call of the resize micro-kernel with its scratch.
struct Resize {
  std::vector<int64_t> shape;
  int64_t mode = LOOM_UKERNEL_RESIZE_NEAREST;
  int64_t transform = LOOM_UKERNEL_RESIZE_HALF_PIXEL;
  int64_t rounding = LOOM_UKERNEL_ROUND_PREFER_FLOOR;
  bool excludeOutside = false, enlargeOnly = false;
  double cubicA = -0.75, extrapolation = 0;
  int64_t bound = 8;
  std::vector<double> roi;

  std::vector<int64_t> dims;

  template <typename T, typename Target>
  std::vector<T> run(const std::vector<T> &input,
                     const std::vector<Target> &target) {
    int64_t rank = static_cast<int64_t>(shape.size()), capacity = 1;
    std::vector<int64_t> bounds;
    for (int64_t size : shape) {
      bounds.push_back(std::max(size, bound));
      capacity *= bounds.back();
    }
    int64_t stride = *std::max_element(bounds.begin(), bounds.end());
    std::vector<int64_t> index(rank * stride * 4), count(rank * stride),
        position(2 * rank);
    std::vector<double> weight(rank * stride * 4);
    const int64_t options[LOOM_UKERNEL_RESIZE_OPTIONS] = {
        mode, transform, rounding, excludeOutside,
        std::is_integral_v<Target>, enlargeOnly};
    const double coefficients[] = {cubicA, extrapolation};
    std::vector<T> values(capacity, T(-99));
    dims.assign(rank, 0);
    loom_ukernel_runtime_resize(
        input.data(), shape.data(), rank, sizeof(T), target.data(),
        roi.empty() ? nullptr : roi.data(), options, coefficients,
        bounds.data(), stride, index.data(), weight.data(), count.data(),
        position.data(), values.data(), capacity, dims.data());
    int64_t elements = 1;
    for (int64_t size : dims) {
      if (size < 0) // a code: the values are left as they were
        return values;
      elements *= size;
    }
    for (size_t i = static_cast<size_t>(elements); i < values.size(); ++i)
      EXPECT_EQ(values[i], T(0)) << "past the result, element " << i;
    values.resize(elements);
    return values;
  }
};

void expectNear(const std::vector<float> &actual,
                const std::vector<float> &expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i)
    EXPECT_NEAR(actual[i], expected[i], 1e-5) << "element " << i;
}

const std::vector<float> kTwoByTwo = {1, 2, 3, 4};
const std::vector<float> kFourByFour = {1, 2,  3,  4,  5,  6,  7,  8,
                                        9, 10, 11, 12, 13, 14, 15, 16};

TEST(UkernelRuntimeResize, LinearHalfPixelUpsample) {
  // test_resize_upsample_scales_linear.
  Resize resize{{1, 1, 2, 2}, LOOM_UKERNEL_RESIZE_LINEAR};
  std::vector<float> y = resize.run(kTwoByTwo, std::vector<double>{1, 1, 2, 2});
  EXPECT_EQ(resize.dims, (std::vector<int64_t>{1, 1, 4, 4}));
  expectNear(y, {1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5,
                 3, 3.25, 3.75, 4});
}

TEST(UkernelRuntimeResize, LinearAlignCornersUpsample) {
  // test_resize_upsample_scales_linear_align_corners.
  Resize resize{{1, 1, 2, 2}, LOOM_UKERNEL_RESIZE_LINEAR,
                LOOM_UKERNEL_RESIZE_ALIGN_CORNERS};
  std::vector<float> y = resize.run(kTwoByTwo, std::vector<double>{1, 1, 2, 2});
  float third = 1.0f / 3, two = 2.0f / 3;
  expectNear(y, {1, 1 + third, 1 + two, 2, 1 + 2 * third, 2, 2 + third,
                 2 + 2 * third, 2 + third, 2 + 2 * third, 3, 3 + third, 3,
                 3 + third, 3 + two, 4});
}

TEST(UkernelRuntimeResize, NearestToSizes) {
  // test_resize_upsample_sizes_nearest: [1, 1, 7, 8].
  Resize resize{{1, 1, 2, 2}};
  std::vector<float> y =
      resize.run(kTwoByTwo, std::vector<int64_t>{1, 1, 7, 8});
  EXPECT_EQ(resize.dims, (std::vector<int64_t>{1, 1, 7, 8}));
  std::vector<float> expected;
  for (int64_t row = 0; row < 7; ++row)
    for (int64_t column = 0; column < 8; ++column)
      expected.push_back(kTwoByTwo[(row >= 4) * 2 + (column >= 4)]);
  expectNear(y, expected);
}

TEST(UkernelRuntimeResize, NearestRoundPreferCeilAsymmetric) {
  // test_resize_upsample_sizes_nearest_round_prefer_ceil_asymmetric, the
  // first row: positions x * 4 / 8 = 0, 0.5, 1, ... round halves up.
  Resize resize{{1, 1, 4, 4}, LOOM_UKERNEL_RESIZE_NEAREST,
                LOOM_UKERNEL_RESIZE_ASYMMETRIC,
                LOOM_UKERNEL_ROUND_PREFER_CEIL};
  std::vector<float> y =
      resize.run(kFourByFour, std::vector<int64_t>{1, 1, 8, 8});
  expectNear(std::vector<float>(y.begin(), y.begin() + 8),
             {1, 2, 2, 3, 3, 4, 4, 4});
}

TEST(UkernelRuntimeResize, LegacyRoundingAndEnlargeOnly) {
  // Resize-10's nearest: asymmetric, rounding down where a dimension grows
  // (scale 3: positions 0, 1/3, 2/3, 1, 4/3, 5/3 read 0, 0, 0, 1, 1, 1)
  // and up where it shrinks (scale 0.6 of 5: positions 0, 5/3, 10/3 read
  // 0, 2, 4).
  Resize grow{{1, 2}, LOOM_UKERNEL_RESIZE_NEAREST, LOOM_UKERNEL_RESIZE_ASYMMETRIC,
              LOOM_UKERNEL_ROUND_FLOOR_GROWING_CEIL_SHRINKING};
  expectNear(grow.run(std::vector<float>{1, 2}, std::vector<double>{1, 3}),
             {1, 1, 1, 2, 2, 2});
  Resize shrink{{5}, LOOM_UKERNEL_RESIZE_NEAREST, LOOM_UKERNEL_RESIZE_ASYMMETRIC,
                LOOM_UKERNEL_ROUND_FLOOR_GROWING_CEIL_SHRINKING};
  expectNear(shrink.run(std::vector<float>{1, 2, 3, 4, 5},
                        std::vector<double>{0.6}),
             {1, 3, 5});
  // Upsample's scales must be at least 1.
  Resize upsample{{1, 2}, LOOM_UKERNEL_RESIZE_NEAREST,
                  LOOM_UKERNEL_RESIZE_ASYMMETRIC,
                  LOOM_UKERNEL_ROUND_FLOOR_GROWING_CEIL_SHRINKING};
  upsample.enlargeOnly = true;
  upsample.run(std::vector<float>{1, 2}, std::vector<double>{1, 0.5});
  EXPECT_EQ(upsample.dims, (std::vector<int64_t>{LOOM_UKERNEL_INVALID_RESIZE,
                                                 LOOM_UKERNEL_INVALID_RESIZE}));
}

TEST(UkernelRuntimeResize, CubicHalfPixelUpsample) {
  // test_resize_upsample_scales_cubic's first row.
  Resize resize{{1, 1, 4, 4}, LOOM_UKERNEL_RESIZE_CUBIC};
  std::vector<float> y =
      resize.run(kFourByFour, std::vector<double>{1, 1, 2, 2});
  EXPECT_EQ(resize.dims, (std::vector<int64_t>{1, 1, 8, 8}));
  expectNear(std::vector<float>(y.begin(), y.begin() + 8),
             {0.47265625, 0.76953125, 1.24609375, 1.875, 2.28125,
              2.91015625, 3.38671875, 3.68359375});
}

TEST(UkernelRuntimeResize, CubicExcludeOutsideDownsample) {
  // test_resize_downsample_scales_cubic_A_n0p5_exclude_outside.
  Resize resize{{1, 1, 4, 4}, LOOM_UKERNEL_RESIZE_CUBIC};
  resize.cubicA = -0.5;
  resize.excludeOutside = true;
  std::vector<float> y =
      resize.run(kFourByFour, std::vector<double>{1, 1, 0.8, 0.8});
  EXPECT_EQ(resize.dims, (std::vector<int64_t>{1, 1, 3, 3}));
  expectNear(y, {1.36812675, 2.6695014, 4.0133367, 6.57362535, 7.875,
                 9.2188353, 11.94896657, 13.25034122, 14.59417652});
}

TEST(UkernelRuntimeResize, CropAndResizeExtrapolates) {
  // test_resize_tf_crop_and_resize: roi [0, 0, 0.4, 0.6, 1, 1, 1.2, 1.7]
  // to 3x3, extrapolation value 10.
  Resize resize{{1, 1, 4, 4}, LOOM_UKERNEL_RESIZE_LINEAR,
                LOOM_UKERNEL_RESIZE_TF_CROP_AND_RESIZE};
  resize.extrapolation = 10;
  resize.roi = {0, 0, 0.4, 0.6, 1, 1, 1.2, 1.7};
  std::vector<float> y =
      resize.run(kFourByFour, std::vector<int64_t>{1, 1, 3, 3});
  expectNear(y, {7.6000004, 10, 10, 12.400001, 10, 10, 10, 10, 10});
}

TEST(UkernelRuntimeResize, ZeroWeightTapsAreNotRead) {
  // Scale 1, half_pixel: every coordinate is whole, so linear reads one
  // tap of weight 1 and an infinite neighbour does not turn it into NaN.
  const float inf = std::numeric_limits<float>::infinity();
  Resize resize{{3}, LOOM_UKERNEL_RESIZE_LINEAR};
  std::vector<float> y = resize.run(std::vector<float>{1, inf, 3},
                                    std::vector<double>{1});
  EXPECT_EQ(y[0], 1);
  EXPECT_EQ(y[1], inf);
  EXPECT_EQ(y[2], 3);
}

TEST(UkernelRuntimeResize, EmptyResultsAndF64) {
  Resize twice{{1, 3}, LOOM_UKERNEL_RESIZE_LINEAR};
  std::vector<double> doubled =
      twice.run(std::vector<double>{1, 2, 3}, std::vector<double>{1, 2});
  EXPECT_EQ(doubled, (std::vector<double>{1, 1.25, 1.75, 2.25, 2.75, 3}));
  Resize resize{{2, 3}, LOOM_UKERNEL_RESIZE_LINEAR};
  std::vector<double> y = resize.run(std::vector<double>{1, 2, 3, 4, 5, 6},
                                     std::vector<double>{0.4, 1});
  EXPECT_EQ(resize.dims, (std::vector<int64_t>{0, 3}));
  EXPECT_TRUE(y.empty()); // run() has checked that every element is 0
  Resize empty{{0, 3}};
  empty.run(std::vector<double>{}, std::vector<int64_t>{0, 5});
  EXPECT_EQ(empty.dims, (std::vector<int64_t>{0, 5}));
}

TEST(UkernelRuntimeResize, InvalidScalesOrSizes) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (double scale : {0.0, -1.0, nan, inf}) {
    Resize resize{{2, 2}};
    std::vector<float> y = resize.run(kTwoByTwo, std::vector<double>{1, scale});
    EXPECT_EQ(resize.dims, (std::vector<int64_t>{LOOM_UKERNEL_INVALID_RESIZE,
                                                 LOOM_UKERNEL_INVALID_RESIZE}))
        << scale;
    EXPECT_EQ(y, std::vector<float>(64, -99.0f));
  }
  Resize negative{{2, 2}};
  negative.run(kTwoByTwo, std::vector<int64_t>{-1, 2});
  EXPECT_EQ(negative.dims[1], LOOM_UKERNEL_INVALID_RESIZE);
  Resize fromEmpty{{0, 2}};
  fromEmpty.run(std::vector<float>{}, std::vector<int64_t>{1, 2});
  EXPECT_EQ(fromEmpty.dims[0], LOOM_UKERNEL_INVALID_RESIZE);
}

TEST(UkernelRuntimeResize, AboveTheBoundInThatDimension) {
  // Dimension 1's bound is 8: scale 4.5 gives 9, sizes 9 too; dimension 0
  // keeps 0 so that the runtime reports dimension 1's bound.
  Resize byScale{{2, 2}};
  byScale.run(kTwoByTwo, std::vector<double>{1, 4.5});
  EXPECT_EQ(byScale.dims,
            (std::vector<int64_t>{0, LOOM_UKERNEL_ABOVE_MAX_DIM}));
  Resize bySize{{2, 2}};
  bySize.run(kTwoByTwo, std::vector<int64_t>{2, 9});
  EXPECT_EQ(bySize.dims, (std::vector<int64_t>{0, LOOM_UKERNEL_ABOVE_MAX_DIM}));
  Resize huge{{2, 2}};
  huge.run(kTwoByTwo, std::vector<double>{1e300, 1});
  EXPECT_EQ(huge.dims, (std::vector<int64_t>{LOOM_UKERNEL_ABOVE_MAX_DIM, 0}));
}

} // namespace
