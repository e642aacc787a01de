//===- UkernelDepthwiseConvTest.cpp - The depthwise micro-kernel, checked -===//
//
// Part of the Loom project.
//
// Every variant of loom_ukernel_depthwise_conv2d_f32 against a reference
// that sums each window in double: output widths around the vector widths
// (8 and 16 lanes, tiles of two vectors), heights around the tiles of four
// rows, odd channel counts, strides 1 to 3, windows 3x3 (the tiled path)
// and others (the loops), dilations, dense and padded rows and planes,
// with and without bias, clamps and accumulation. The input ends at a page
// that cannot be read, so a read past its last element crashes; sentinels
// between output rows and planes must stay untouched.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/ukernels/loom_ukernels.h"
#include "backends/cpu/ukernels/loom_ukernels_native.h"
#include "test/ukernels/Guarded.h"
#include "test/ukernels/Variants.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using loom::test::Isa;
using Variant = loom::test::Variant<loom_ukernel_depthwise_conv2d_f32_fn>;
using DepthwiseFn = loom_ukernel_depthwise_conv2d_f32_fn *;

const Variant variants[] = {
    {"generic", loom_ukernel_depthwise_conv2d_f32_generic, Isa::Baseline},
    {"avx2fma", loom_ukernel_depthwise_conv2d_f32_avx2fma, Isa::Avx2Fma},
    {"avx2", loom_ukernel_depthwise_conv2d_f32_avx2, Isa::Avx2Fma},
    {"avx512", loom_ukernel_depthwise_conv2d_f32_avx512, Isa::Avx512F},
};

constexpr float sentinel = -12345.0f;

using loom::test::GuardedFloats;

struct Shape {
  int64_t channels, height, width, kernelH, kernelW, strideH, strideW,
      dilationH, dilationW;
  bool padded, bias, accumulate;
  float lo, hi;
  int64_t biasStride = 1;

  std::string describe() const {
    std::ostringstream os;
    os << "channels=" << channels << " out=" << height << "x" << width
       << " window=" << kernelH << "x" << kernelW << " stride=" << strideH
       << "," << strideW << " dilation=" << dilationH << "," << dilationW
       << (padded ? " padded" : "")
       << (bias ? " bias_stride=" + std::to_string(biasStride) : "")
       << (accumulate ? " accumulate" : "") << " clamp=[" << lo << ", " << hi
       << "]";
    return os.str();
  }
};

/// Runs `fn` on `shape` with random data; returns the number of mismatches
/// (reporting the first few).
int check(DepthwiseFn fn, const Shape &s, std::mt19937 &rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  int64_t inH = (s.height - 1) * s.strideH + (s.kernelH - 1) * s.dilationH + 1;
  int64_t inW = (s.width - 1) * s.strideW + (s.kernelW - 1) * s.dilationW + 1;
  int64_t inRow = inW + (s.padded ? 3 : 0);
  int64_t inPlane = inH * inRow + (s.padded ? 5 : 0);
  int64_t filterRow = s.kernelW + (s.padded ? 1 : 0);
  int64_t filterPlane = s.kernelH * filterRow + (s.padded ? 2 : 0);
  int64_t outRow = s.width + (s.padded ? 7 : 0);
  int64_t outPlane = s.height * outRow + (s.padded ? 3 : 0);

  // The input ends with its last element read.
  GuardedFloats in((s.channels - 1) * inPlane + (inH - 1) * inRow + inW);
  for (int64_t i = 0; i < (s.channels - 1) * inPlane + (inH - 1) * inRow + inW;
       ++i)
    in[i] = dist(rng);
  std::vector<float> filter(s.channels * filterPlane),
      bias(s.channels * s.biasStride + 1);
  for (float &v : filter)
    v = dist(rng);
  for (float &v : bias)
    v = dist(rng);
  std::vector<float> initial(s.channels * outPlane), out(s.channels * outPlane);
  for (int64_t i = 0; i < s.channels * outPlane; ++i) {
    bool inside =
        i % outPlane < s.height * outRow && i % outPlane % outRow < s.width;
    initial[i] = !inside        ? sentinel
                 : s.accumulate ? dist(rng)
                                : std::numeric_limits<float>::quiet_NaN();
  }
  out = initial;
  fn(in.data(), inPlane, inRow, filter.data(), filterPlane, filterRow,
     s.bias ? bias.data() : nullptr, s.biasStride, out.data(), outPlane, outRow,
     s.channels, s.height, s.width, s.kernelH, s.kernelW, s.strideH, s.strideW,
     s.dilationH, s.dilationW, s.lo, s.hi,
     s.accumulate ? LOOM_UKERNEL_ACCUMULATE : 0);

  int mismatches = 0;
  for (int64_t i = 0; i < s.channels * outPlane; ++i) {
    int64_t c = i / outPlane, y = i % outPlane / outRow,
            x = i % outPlane % outRow;
    if (y >= s.height || x >= s.width) {
      if (out[i] != sentinel && mismatches++ < 3)
        ADD_FAILURE() << s.describe() << ": padding at " << i
                      << " overwritten with " << out[i];
      continue;
    }
    double sum = s.accumulate ? initial[i] : 0.0;
    double magnitude = std::fabs(sum);
    for (int64_t ky = 0; ky < s.kernelH; ++ky)
      for (int64_t kx = 0; kx < s.kernelW; ++kx) {
        double term =
            double(in[c * inPlane + (y * s.strideH + ky * s.dilationH) * inRow +
                      x * s.strideW + kx * s.dilationW]) *
            double(filter[c * filterPlane + ky * filterRow + kx]);
        sum += term;
        magnitude += std::fabs(term);
      }
    if (s.bias) {
      sum += bias[c * s.biasStride];
      magnitude += std::fabs(bias[c * s.biasStride]);
    }
    double want = std::min(std::max(sum, double(s.lo)), double(s.hi));
    double tolerance = 1e-5 * magnitude + 1e-30;
    if (!(std::fabs(out[i] - want) <= tolerance) && mismatches++ < 3)
      ADD_FAILURE() << s.describe() << ": out(" << c << ", " << y << ", " << x
                    << ") = " << out[i] << ", want " << want << " +- "
                    << tolerance;
  }
  return mismatches;
}

constexpr float inf = std::numeric_limits<float>::infinity();

class UkernelDepthwiseConvTest : public testing::TestWithParam<Variant> {};

// The tiled path: 3x3 and 5x5 windows at stride 1 and 2, every width from 1
// to 40 (one and two vectors of 8 or 16 lanes, full and ragged) and a few
// wide rows, heights around the four-row tiles.
TEST_P(UkernelDepthwiseConvTest, TiledWindowsMatchReference) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::mt19937 rng(3);
  std::vector<int64_t> widths;
  for (int64_t w = 1; w <= 40; ++w)
    widths.push_back(w);
  for (int64_t w : {56, 63, 64, 65, 112})
    widths.push_back(w);
  for (int64_t window : {3, 5})
    for (int64_t stride : {1, 2})
      for (int64_t width : widths)
        for (int64_t height : {1, 2, 3, 4, 5, 7, 9})
          for (bool padded : {false, true}) {
            Shape shape{3,
                        height,
                        width,
                        window,
                        window,
                        stride,
                        stride,
                        1,
                        1,
                        padded,
                        /*bias=*/padded,
                        /*accumulate=*/false,
                        0.0f,
                        6.0f};
            if (check(variant.fn, shape, rng))
              return; // One failing shape says enough.
          }
}

// Bias (per channel, strided, or one for all: stride 0), clamps and
// accumulation on the tiled path (3x3 and 5x5) and the loops (7x7), with odd
// channel counts.
TEST_P(UkernelDepthwiseConvTest, EpilogueAndAccumulation) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::mt19937 rng(5);
  for (int64_t channels : {1, 5, 7})
    for (int64_t window : {3, 5, 7})
      for (int64_t width : {7, 14, 17, 33})
        for (bool bias : {false, true})
          for (bool accumulate : {false, true})
            for (auto [lo, hi] : {std::pair{-inf, inf}, std::pair{0.0f, 6.0f},
                                  std::pair{-0.25f, 0.5f}})
              for (int64_t biasStride : {1, 0, 3}) {
                Shape shape{channels, 6,          width, window, window,
                            1,        1,          1,     1,      true,
                            bias,     accumulate, lo,    hi,     biasStride};
                if (check(variant.fn, shape, rng))
                  return;
              }
}

// What the tiles do not cover runs the loops: other windows (1x1, 2x2, 7x7,
// 3x1, 1x3), strides of 3 and unequal ones, dilations; 3x3 and 5x5 windows
// take the tiles at equal strides of 1 and 2 without dilation.
TEST_P(UkernelDepthwiseConvTest, OtherWindowsStridesAndDilations) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::mt19937 rng(7);
  const int64_t windows[][2] = {{1, 1}, {2, 2}, {5, 5}, {7, 7},
                                {3, 1}, {1, 3}, {3, 3}};
  const int64_t steps[][2] = {{1, 1}, {2, 2}, {3, 3}, {1, 2}, {2, 1}};
  for (auto [kernelH, kernelW] : windows)
    for (auto [strideH, strideW] : steps)
      for (int64_t dilation : {1, 2})
        for (int64_t width : {1, 9, 17, 30}) {
          Shape shape{3,       5,       width,    kernelH,  kernelW,
                      strideH, strideW, dilation, dilation, true,
                      true,    false,   -1.0f,    1.0f};
          if (check(variant.fn, shape, rng))
            return;
        }
}

// A NaN in the window makes the output NaN through bias and clamp.
TEST_P(UkernelDepthwiseConvTest, NaNPropagatesThroughTheClamp) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  for (int64_t width : {5, 16, 20}) {
    int64_t inW = width + 2;
    std::vector<float> in(3 * inW, 1.0f), filter(9, 0.5f), bias{0.25f};
    in[inW + 1 + width - 1] = std::numeric_limits<float>::quiet_NaN();
    std::vector<float> out(width, 0.0f);
    variant.fn(in.data(), 3 * inW, inW, filter.data(), 9, 3, bias.data(), 1,
               out.data(), width, width, 1, 1, width, 3, 3, 1, 1, 1, 1, 0.0f,
               6.0f, 0);
    for (int64_t x = 0; x + 2 < width; ++x)
      EXPECT_EQ(out[x], 4.75f) << "width " << width << ", x " << x;
    for (int64_t x = width - 2; x < width; ++x)
      EXPECT_TRUE(std::isnan(out[x])) << "width " << width << ", x " << x;
  }
}

// Nothing is read or written when an output size is zero.
TEST_P(UkernelDepthwiseConvTest, EmptyOutputTouchesNothing) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  float out = sentinel;
  variant.fn(nullptr, 0, 0, nullptr, 0, 0, nullptr, 0, &out, 1, 1, 1, 0, 1, 3,
             3, 1, 1, 1, 1, 0.0f, 6.0f, 0);
  variant.fn(nullptr, 0, 0, nullptr, 0, 0, nullptr, 0, &out, 1, 1, 0, 1, 1, 3,
             3, 1, 1, 1, 1, 0.0f, 6.0f, 0);
  EXPECT_EQ(out, sentinel);
}

INSTANTIATE_TEST_SUITE_P(Variants, UkernelDepthwiseConvTest,
                         testing::ValuesIn(variants),
                         [](const testing::TestParamInfo<Variant> &info) {
                           return std::string(info.param.name);
                         });

} // namespace
