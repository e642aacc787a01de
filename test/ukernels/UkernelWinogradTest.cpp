//===- UkernelWinogradTest.cpp - The Winograd convolution, checked --------===//
//
// Part of the Loom project.
//
// Both variants of loom_ukernel_conv2d_3x3_winograd_f32 against a direct
// convolution summed in double: odd and even output sizes (partial 2x2
// tiles at the bottom and right edges), one and several blocks of tile
// rows, channel and filter counts around the matmul's register tiles,
// planes and rows with gaps, filters further apart than 9 C and taken from
// the middle of a larger transformed set, and accumulation. The input ends at a page that cannot be read, so a read
// past its last element crashes; sentinels between output rows and planes
// must stay untouched. Each error is bounded by 1e-5 of the sum of the
// magnitudes of the output's terms (the transforms' rounding; the direct
// sum's own error is of the same order).
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/ukernels/loom_ukernels.h"
#include "backends/cpu/ukernels/loom_ukernels_native.h"
#include "test/ukernels/Guarded.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <ostream>
#include <random>
#include <vector>

namespace {

using WinogradFn = loom_ukernel_conv2d_3x3_winograd_f32_fn *;
using FiltersFn = loom_ukernel_winograd_f32_filters_fn *;

struct Variant {
  const char *name;
  WinogradFn fn;
  FiltersFn filters;
  bool needsAvx2Fma;
};

void PrintTo(const Variant &variant, std::ostream *os) { *os << variant.name; }

const Variant variants[] = {
    {"generic", loom_ukernel_conv2d_3x3_winograd_f32_generic,
     loom_ukernel_winograd_f32_filters_generic, false},
    {"avx2fma", loom_ukernel_conv2d_3x3_winograd_f32_avx2fma,
     loom_ukernel_winograd_f32_filters_avx2fma, true},
};

constexpr float sentinel = -12345.0f;

using loom::test::GuardedFloats;

struct Shape {
  int64_t filters, channels, height, width;
  int64_t inRowGap = 0, inPlaneGap = 0, outRowGap = 0, outPlaneGap = 0,
          filterGap = 0;
  bool accumulate = false;
};

void PrintTo(const Shape &s, std::ostream *os) {
  *os << s.filters << "x" << s.channels << " " << s.height << "x" << s.width
      << (s.accumulate ? " accumulate" : "");
}

class WinogradTest
    : public testing::TestWithParam<std::tuple<Variant, Shape>> {};

TEST_P(WinogradTest, MatchesTheDirectConvolution) {
  const auto &[variant, s] = GetParam();
  if (variant.needsAvx2Fma &&
      !(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")))
    GTEST_SKIP() << "this CPU lacks AVX2 or FMA";
  int64_t inWidth = s.width + 2, inHeight = s.height + 2;
  int64_t inRow = inWidth + s.inRowGap;
  int64_t inPlane = inHeight * inRow + s.inPlaneGap;
  int64_t outRow = s.width + s.outRowGap;
  int64_t outPlane = s.height * outRow + s.outPlaneGap;
  int64_t filterStride = s.channels * 9 + s.filterGap;
  // The last plane ends with its last row's last element.
  int64_t inCount = (s.channels - 1) * inPlane + (inHeight - 1) * inRow +
                    inWidth;
  GuardedFloats in(inCount);
  // The filters of the call are rows [skip, skip + filters) of a larger
  // set, transformed together, when the shape asks for a filter gap.
  int64_t skip = s.filterGap ? 2 : 0;
  int64_t allFilters = s.filters + (s.filterGap ? 3 : 0);
  std::vector<float> filter(allFilters * filterStride);
  std::vector<float> out(s.filters * outPlane, sentinel);
  std::mt19937 rng(static_cast<unsigned>(s.filters * 131 + s.channels * 17 +
                                         s.height * 7 + s.width));
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (int64_t i = 0; i < inCount; ++i)
    in[i] = dist(rng);
  for (float &f : filter)
    f = dist(rng);
  std::vector<double> expected(out.size()), bound(out.size());
  for (int64_t f = 0; f < s.filters; ++f)
    for (int64_t y = 0; y < s.height; ++y)
      for (int64_t x = 0; x < s.width; ++x) {
        int64_t o = f * outPlane + y * outRow + x;
        double sum = 0, magnitude = 0;
        if (s.accumulate) {
          out[o] = dist(rng);
          sum = magnitude = out[o];
          magnitude = std::fabs(magnitude);
        }
        for (int64_t c = 0; c < s.channels; ++c)
          for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j) {
              double term = double(in[c * inPlane + (y + i) * inRow + x + j]) *
                            filter[(skip + f) * filterStride + c * 9 +
                                   3 * i + j];
              sum += term;
              magnitude += std::fabs(term);
            }
        expected[o] = sum;
        bound[o] = 1e-5 * magnitude + 1e-30;
      }
  std::vector<float> workspace(loom_ukernel_winograd_f32_workspace(
                                   s.filters, s.channels, s.height, s.width) +
                               16);
  float *aligned = reinterpret_cast<float *>(
      (reinterpret_cast<uintptr_t>(workspace.data()) + 63) & ~uintptr_t(63));
  std::vector<float> u(16 * allFilters * s.channels);
  variant.filters(filter.data(), filterStride, allFilters, s.channels,
                  u.data());
  variant.fn(in.data(), inPlane, inRow, u.data() + skip * s.channels,
             allFilters * s.channels, out.data(), outPlane, outRow, s.filters,
             s.channels, s.height, s.width, aligned,
             s.accumulate ? LOOM_UKERNEL_ACCUMULATE : 0u);
  for (int64_t f = 0; f < s.filters; ++f)
    for (int64_t y = 0; y < s.height; ++y)
      for (int64_t x = 0; x < outRow; ++x) {
        int64_t o = f * outPlane + y * outRow + x;
        if (x >= s.width) {
          ASSERT_EQ(out[o], sentinel) << "gap written at f " << f << " y " << y
                                      << " x " << x;
          continue;
        }
        ASSERT_NEAR(out[o], expected[o], bound[o])
            << "at f " << f << " y " << y << " x " << x;
      }
  for (int64_t f = 0; f < s.filters; ++f)
    for (int64_t g = s.height * outRow; g < outPlane; ++g)
      ASSERT_EQ(out[f * outPlane + g], sentinel) << "plane gap written";
}

const Shape shapes[] = {
    {1, 1, 1, 1},
    {1, 1, 2, 2},
    {3, 2, 1, 5},
    {5, 3, 7, 7},
    {13, 17, 14, 14},
    {12, 32, 9, 6},
    {33, 7, 5, 31},
    // More than one block of tile rows (a block has the rows of at least 64
    // tiles, or of 16384 / (filters + channels)): 30 x 30 outputs of 64 +
    // 64 are a block of 9 rows of 15 tiles and one of 6, 34 x 34 of 100 +
    // 60 two blocks of 6 rows of 17 tiles and one of 5.
    {64, 64, 30, 30},
    {100, 60, 34, 34},
    {7, 5, 11, 3, 3, 5, 2, 7, 4},
    {6, 9, 8, 10, 1, 0, 3, 2, 1, true},
    {20, 11, 13, 9, 0, 0, 0, 0, 0, true},
};

INSTANTIATE_TEST_SUITE_P(All, WinogradTest,
                         testing::Combine(testing::ValuesIn(variants),
                                          testing::ValuesIn(shapes)));

TEST(WinogradBlocks, CoverTheTilesAndFitTheWorkspace) {
  // 56 x 56 outputs of 64 filters and channels: 28 tiles a row, 16384 /
  // 128 = 128 tiles a block, so 5 rows of tiles per block.
  EXPECT_EQ(loom_ukernel_winograd_f32_block_rows(64, 64, 56, 56), 5);
  // Large filters and channels: still 64 tiles at least.
  EXPECT_EQ(loom_ukernel_winograd_f32_block_rows(512, 512, 56, 56), 3);
  // Never more rows than the output has.
  EXPECT_EQ(loom_ukernel_winograd_f32_block_rows(256, 256, 14, 14), 7);
  EXPECT_EQ(loom_ukernel_winograd_f32_block_rows(1, 1, 1, 1), 1);
}

} // namespace
