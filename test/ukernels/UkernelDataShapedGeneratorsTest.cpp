//===- UkernelDataShapedGeneratorsTest.cpp - Generators of a run-time size ===//
//
// Part of the Loom project.
//
// The generator micro-kernels (constant_of_shape, range, window) against
// naive references from the ONNX definitions: element types, empty results,
// the zeros after the result, and the codes they write into dims for a size
// above the bound (LOOM_UKERNEL_ABOVE_MAX_DIM) or an invalid one
// (LOOM_UKERNEL_INVALID_SIZE), leaving the values untouched.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/ukernels/loom_ukernels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace {

constexpr float kPoison = -123.0f;

TEST(UkernelConstantOfShape, FillsTheShapeAndZerosTheRest) {
  const int64_t shape[] = {2, 3};
  const int64_t bound = 4;
  int64_t bits = 0;
  float value = 2.5f;
  static_assert(sizeof(value) <= sizeof(bits));
  std::memcpy(&bits, &value, sizeof(value));
  std::vector<float> values(bound * bound, kPoison);
  int64_t dims[2] = {};
  loom_ukernel_constant_of_shape(shape, 2, &bits, 4, bound, values.data(),
                                 static_cast<int64_t>(values.size()), dims);
  EXPECT_EQ(dims[0], 2);
  EXPECT_EQ(dims[1], 3);
  for (size_t i = 0; i < values.size(); ++i)
    EXPECT_EQ(values[i], i < 6 ? 2.5f : 0.0f) << i;
}

TEST(UkernelConstantOfShape, ByteAndEightByteElements) {
  const int64_t shape[] = {3};
  int64_t one = 1, large = int64_t(1) << 40;
  std::vector<uint8_t> bytes(4, 7);
  std::vector<int64_t> longs(4, 7);
  int64_t dims[1];
  loom_ukernel_constant_of_shape(shape, 1, &one, 1, 4, bytes.data(), 4, dims);
  EXPECT_EQ(bytes, (std::vector<uint8_t>{1, 1, 1, 0}));
  loom_ukernel_constant_of_shape(shape, 1, &large, 8, 4, longs.data(), 4,
                                 dims);
  EXPECT_EQ(longs, (std::vector<int64_t>{large, large, large, 0}));
  EXPECT_EQ(dims[0], 3);
}

TEST(UkernelConstantOfShape, ZeroDimensionIsEmpty) {
  const int64_t shape[] = {0, 4};
  int64_t bits = 1;
  std::vector<int32_t> values(16, 9);
  int64_t dims[2];
  loom_ukernel_constant_of_shape(shape, 2, &bits, 4, 4, values.data(), 16,
                                 dims);
  EXPECT_EQ(dims[0], 0);
  EXPECT_EQ(dims[1], 4);
  EXPECT_EQ(values, std::vector<int32_t>(16, 0));
}

TEST(UkernelConstantOfShape, AboveTheBoundOrNegative) {
  int64_t bits = 1;
  std::vector<float> values(16, kPoison);
  int64_t dims[2];
  const int64_t above[] = {2, 5};
  loom_ukernel_constant_of_shape(above, 2, &bits, 4, 4, values.data(), 16,
                                 dims);
  EXPECT_EQ(dims[0], LOOM_UKERNEL_ABOVE_MAX_DIM);
  EXPECT_EQ(dims[1], LOOM_UKERNEL_ABOVE_MAX_DIM);
  const int64_t negative[] = {-1, 2};
  loom_ukernel_constant_of_shape(negative, 2, &bits, 4, 4, values.data(), 16,
                                 dims);
  EXPECT_EQ(dims[0], LOOM_UKERNEL_INVALID_SIZE);
  EXPECT_EQ(values, std::vector<float>(16, kPoison));
}

/// ONNX Range, the naive way, in T.
template <typename T> std::vector<T> referenceRange(T start, T limit, T delta) {
  double steps = std::ceil((static_cast<double>(limit) - start) / delta);
  std::vector<T> result;
  for (int64_t i = 0; i < std::max<double>(steps, 0); ++i) {
    T product = static_cast<T>(i) * delta;
    result.push_back(static_cast<T>(product + start));
  }
  return result;
}

TEST(UkernelRange, FloatsMatchTheReference) {
  const float cases[][3] = {{1, 5, 2},  {0, 1, 0.1f}, {5, 1, -0.5f},
                            {3, 3, 1},  {0, -2, 1},   {-1.5f, 2, 0.25f}};
  for (const auto &c : cases) {
    std::vector<float> expected = referenceRange(c[0], c[1], c[2]);
    const int64_t bound = 32;
    std::vector<float> values(bound, kPoison);
    int64_t dims[1];
    loom_ukernel_range(&c[0], &c[1], &c[2], LOOM_UKERNEL_FLOAT, 4, bound,
                       values.data(), dims);
    ASSERT_EQ(dims[0], static_cast<int64_t>(expected.size()))
        << c[0] << " " << c[1] << " " << c[2];
    for (int64_t i = 0; i < bound; ++i)
      EXPECT_EQ(values[i], i < dims[0] ? expected[i] : 0.0f) << i;
  }
}

TEST(UkernelRange, DoublesAndIntegers) {
  double ds[] = {0.5, 2, 0.5};
  std::vector<double> dv(8);
  int64_t dims[1];
  loom_ukernel_range(&ds[0], &ds[1], &ds[2], LOOM_UKERNEL_FLOAT, 8, 8,
                     dv.data(), dims);
  EXPECT_EQ(dims[0], 3);
  EXPECT_EQ(dv, (std::vector<double>{0.5, 1, 1.5, 0, 0, 0, 0, 0}));
  int32_t is[] = {10, 6, -3};
  std::vector<int32_t> iv(4, 9);
  loom_ukernel_range(&is[0], &is[1], &is[2], LOOM_UKERNEL_SIGNED, 4, 4,
                     iv.data(), dims);
  EXPECT_EQ(dims[0], 2);
  EXPECT_EQ(iv, (std::vector<int32_t>{10, 7, 0, 0}));
  int16_t ss[] = {-3, 4, 2};
  std::vector<int16_t> sv(4, 9);
  loom_ukernel_range(&ss[0], &ss[1], &ss[2], LOOM_UKERNEL_SIGNED, 2, 4,
                     sv.data(), dims);
  EXPECT_EQ(dims[0], 4);
  EXPECT_EQ(sv, (std::vector<int16_t>{-3, -1, 1, 3}));
}

TEST(UkernelRange, ExtremeInt64BoundsDoNotOverflow) {
  int64_t ls[] = {INT64_MIN, INT64_MAX, INT64_MAX};
  std::vector<int64_t> lv(4, 9);
  int64_t dims[1];
  // (2^64 - 1) / (2^63 - 1): 2 full steps and a part, so 3 elements.
  loom_ukernel_range(&ls[0], &ls[1], &ls[2], LOOM_UKERNEL_SIGNED, 8, 4,
                     lv.data(), dims);
  EXPECT_EQ(dims[0], 3);
  EXPECT_EQ(lv[0], INT64_MIN);
  EXPECT_EQ(lv[1], -1);
  int64_t down[] = {INT64_MAX, INT64_MIN, INT64_MIN};
  loom_ukernel_range(&down[0], &down[1], &down[2], LOOM_UKERNEL_SIGNED, 8, 4,
                     lv.data(), dims);
  EXPECT_EQ(dims[0], 2); // 2^64 - 1 over 2^63, rounded up
  EXPECT_EQ(lv[1], -1);
}

TEST(UkernelRange, AboveTheBoundOrInvalid) {
  std::vector<float> values(8, kPoison);
  int64_t dims[1];
  float above[] = {0, 9, 1};
  loom_ukernel_range(&above[0], &above[1], &above[2], LOOM_UKERNEL_FLOAT, 4,
                     8, values.data(), dims);
  EXPECT_EQ(dims[0], LOOM_UKERNEL_ABOVE_MAX_DIM);
  float zero[] = {0, 1, 0};
  loom_ukernel_range(&zero[0], &zero[1], &zero[2], LOOM_UKERNEL_FLOAT, 4, 8,
                     values.data(), dims);
  EXPECT_EQ(dims[0], LOOM_UKERNEL_INVALID_SIZE);
  float nan[] = {0, NAN, 1};
  loom_ukernel_range(&nan[0], &nan[1], &nan[2], LOOM_UKERNEL_FLOAT, 4, 8,
                     values.data(), dims);
  EXPECT_EQ(dims[0], LOOM_UKERNEL_INVALID_SIZE);
  EXPECT_EQ(values, std::vector<float>(8, kPoison));
  int64_t zeroInt[] = {0, 1, 0};
  loom_ukernel_range(&zeroInt[0], &zeroInt[1], &zeroInt[2],
                     LOOM_UKERNEL_SIGNED, 8, 8, values.data(), dims);
  EXPECT_EQ(dims[0], LOOM_UKERNEL_INVALID_SIZE);
}

/// ONNX's windows with libm's cosine, rounded to f32.
float referenceWindow(int window, bool periodic, int64_t length, int64_t i) {
  double n = periodic ? length : length - 1;
  double x = 2 * M_PI * static_cast<double>(i) / n;
  double value = window == LOOM_UKERNEL_WINDOW_HANN ? 0.5 - 0.5 * std::cos(x)
                 : window == LOOM_UKERNEL_WINDOW_HAMMING
                     ? 25.0 / 46 - 21.0 / 46 * std::cos(x)
                     : 0.42 - 0.5 * std::cos(x) + 0.08 * std::cos(2 * x);
  return static_cast<float>(value);
}

TEST(UkernelWindow, EveryKindAndLengthMatchesLibm) {
  const int64_t bound = 64;
  for (int window : {LOOM_UKERNEL_WINDOW_HANN, LOOM_UKERNEL_WINDOW_HAMMING,
                     LOOM_UKERNEL_WINDOW_BLACKMAN})
    for (int periodic : {0, 1})
      for (int64_t length = 0; length <= bound; ++length) {
        std::vector<float> values(bound, kPoison);
        int64_t dims[1];
        loom_ukernel_window(&length, 8, window, periodic, LOOM_UKERNEL_FLOAT,
                            4, bound, values.data(), dims);
        ASSERT_EQ(dims[0], length);
        for (int64_t i = 0; i < bound; ++i) {
          if (i >= length) {
            EXPECT_EQ(values[i], 0.0f);
            continue;
          }
          float expected = referenceWindow(window, periodic, length, i);
          if (std::isnan(expected)) // a symmetric window of length 1: 0 / 0
            EXPECT_TRUE(std::isnan(values[i]));
          else
            EXPECT_NEAR(values[i], expected, 1e-7)
                << window << " " << periodic << " " << length << " " << i;
        }
      }
}

TEST(UkernelWindow, DoublesIntegersAndI32Sizes) {
  int32_t length = 4;
  std::vector<double> doubles(4);
  int64_t dims[1];
  loom_ukernel_window(&length, 4, LOOM_UKERNEL_WINDOW_HANN, 1,
                      LOOM_UKERNEL_FLOAT, 8, 4, doubles.data(), dims);
  EXPECT_EQ(dims[0], 4);
  EXPECT_NEAR(doubles[1], 0.5, 1e-15);
  EXPECT_NEAR(doubles[2], 1.0, 1e-15);
  // Integers truncate toward 0: only the middle of a symmetric Hann window
  // of 3 is 1.
  length = 3;
  std::vector<int64_t> ints(4, 9);
  loom_ukernel_window(&length, 4, LOOM_UKERNEL_WINDOW_HANN, 0,
                      LOOM_UKERNEL_SIGNED, 8, 4, ints.data(), dims);
  EXPECT_EQ(ints, (std::vector<int64_t>{0, 1, 0, 0}));
}

TEST(UkernelWindow, AboveTheBoundOrNegative) {
  std::vector<float> values(4, kPoison);
  int64_t dims[1], length = 5;
  loom_ukernel_window(&length, 8, LOOM_UKERNEL_WINDOW_HAMMING, 1,
                      LOOM_UKERNEL_FLOAT, 4, 4, values.data(), dims);
  EXPECT_EQ(dims[0], LOOM_UKERNEL_ABOVE_MAX_DIM);
  length = -1;
  loom_ukernel_window(&length, 8, LOOM_UKERNEL_WINDOW_HAMMING, 1,
                      LOOM_UKERNEL_FLOAT, 4, 4, values.data(), dims);
  EXPECT_EQ(dims[0], LOOM_UKERNEL_INVALID_SIZE);
  EXPECT_EQ(values, std::vector<float>(4, kPoison));
}

} // namespace

namespace {

TEST(UkernelExpandToShape, BroadcastsBothWays) {
  // [3, 1] with [2, 1, 4]: 2x3x4, each row of 4 the input's element.
  const float input[] = {1, 2, 3};
  const int64_t inputShape[] = {3, 1}, shape[] = {2, 1, 4}, bounds[] = {8, 3, 8};
  std::vector<float> values(8 * 3 * 8, kPoison);
  int64_t dims[3];
  loom_ukernel_expand_to_shape(input, inputShape, 2, 4, shape, 3, bounds, 3,
                               values.data(),
                               static_cast<int64_t>(values.size()), dims);
  EXPECT_EQ(dims[0], 2);
  EXPECT_EQ(dims[1], 3);
  EXPECT_EQ(dims[2], 4);
  for (int64_t i = 0; i < static_cast<int64_t>(values.size()); ++i)
    EXPECT_EQ(values[i], i < 24 ? input[(i / 4) % 3] : 0.0f) << i;
}

TEST(UkernelExpandToShape, ShorterShapeAndZeroSizes) {
  // [2, 3] with [3] (aligned at the end): unchanged; with [0, 1, 3]: empty.
  const int16_t input[] = {1, 2, 3, 4, 5, 6};
  const int64_t inputShape[] = {2, 3}, shape[] = {3}, bounds[] = {2, 3};
  std::vector<int16_t> values(6, 9);
  int64_t dims[3];
  loom_ukernel_expand_to_shape(input, inputShape, 2, 2, shape, 1, bounds, 2,
                               values.data(), 6, dims);
  EXPECT_EQ(dims[0], 2);
  EXPECT_EQ(dims[1], 3);
  EXPECT_EQ(values, (std::vector<int16_t>{1, 2, 3, 4, 5, 6}));
  const int64_t empty[] = {0, 1, 3}, emptyBounds[] = {4, 2, 3};
  std::vector<int16_t> none(24, 9);
  loom_ukernel_expand_to_shape(input, inputShape, 2, 2, empty, 3, emptyBounds,
                               3, none.data(), 24, dims);
  EXPECT_EQ(dims[0], 0);
  EXPECT_EQ(dims[1], 2);
  EXPECT_EQ(none, std::vector<int16_t>(24, 0));
}

TEST(UkernelExpandToShape, AboveTheBoundOrNotBroadcasting) {
  const float input[] = {1, 2, 3};
  const int64_t inputShape[] = {3, 1}, bounds[] = {3, 4};
  std::vector<float> values(12, kPoison);
  int64_t dims[2];
  const int64_t above[] = {3, 5};
  loom_ukernel_expand_to_shape(input, inputShape, 2, 4, above, 2, bounds, 2,
                               values.data(), 12, dims);
  EXPECT_EQ(dims[0], LOOM_UKERNEL_ABOVE_MAX_DIM);
  EXPECT_EQ(dims[1], LOOM_UKERNEL_ABOVE_MAX_DIM);
  const int64_t mismatch[] = {2, 4};
  loom_ukernel_expand_to_shape(input, inputShape, 2, 4, mismatch, 2, bounds,
                               2, values.data(), 12, dims);
  EXPECT_EQ(dims[0], LOOM_UKERNEL_INVALID_SIZE);
  const int64_t negative[] = {3, -1};
  loom_ukernel_expand_to_shape(input, inputShape, 2, 4, negative, 2, bounds,
                               2, values.data(), 12, dims);
  EXPECT_EQ(dims[1], LOOM_UKERNEL_INVALID_SIZE);
  EXPECT_EQ(values, std::vector<float>(12, kPoison));
}

} // namespace

namespace {

TEST(UkernelTileToRepeats, RepeatsEachDimension) {
  // [2, 2] by [2, 3]: 4x6.
  const int32_t input[] = {1, 2, 3, 4};
  const int64_t shape[] = {2, 2}, repeats[] = {2, 3}, bounds[] = {8, 8};
  std::vector<int32_t> values(64, 9);
  int64_t dims[2];
  loom_ukernel_tile_to_repeats(input, shape, 2, 4, repeats, bounds,
                               values.data(), 64, dims);
  EXPECT_EQ(dims[0], 4);
  EXPECT_EQ(dims[1], 6);
  for (int64_t i = 0; i < 64; ++i)
    EXPECT_EQ(values[i], i < 24 ? input[(i / 6) % 2 * 2 + i % 6 % 2] : 0)
        << i;
}

TEST(UkernelTileToRepeats, ZeroRepeatsAboveTheBoundOrNegative) {
  const float input[] = {1, 2, 3, 4};
  const int64_t shape[] = {2, 2}, bounds[] = {8, 8};
  std::vector<float> values(64, kPoison);
  int64_t dims[2];
  const int64_t zero[] = {0, 1};
  loom_ukernel_tile_to_repeats(input, shape, 2, 4, zero, bounds,
                               values.data(), 64, dims);
  EXPECT_EQ(dims[0], 0);
  EXPECT_EQ(dims[1], 2);
  EXPECT_EQ(values, std::vector<float>(64, 0.0f));
  std::fill(values.begin(), values.end(), kPoison);
  const int64_t above[] = {5, 1}, huge[] = {1, INT64_MAX}, negative[] = {1, -2};
  loom_ukernel_tile_to_repeats(input, shape, 2, 4, above, bounds,
                               values.data(), 64, dims);
  EXPECT_EQ(dims[0], LOOM_UKERNEL_ABOVE_MAX_DIM);
  loom_ukernel_tile_to_repeats(input, shape, 2, 4, huge, bounds,
                               values.data(), 64, dims);
  EXPECT_EQ(dims[1], LOOM_UKERNEL_ABOVE_MAX_DIM);
  loom_ukernel_tile_to_repeats(input, shape, 2, 4, negative, bounds,
                               values.data(), 64, dims);
  EXPECT_EQ(dims[0], LOOM_UKERNEL_INVALID_SIZE);
  EXPECT_EQ(values, std::vector<float>(64, kPoison));
}

} // namespace
