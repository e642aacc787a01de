//===- UkernelDepthwiseConvTest.cpp - The depthwise micro-kernel, checked -===//
//
// Part of the Loom project.
//
// Every variant of loom_ukernel_depthwise_conv2d_f32 against a reference
// that sums each window in double: output widths around the vector widths
// (8 and 16 lanes, tiles of two vectors), heights around the tiles of four
// rows, odd channel counts, strides 1 to 3, windows 3x3 (the tiled path)
// and others (the loops), dilations, dense and padded rows and planes,
// with and without bias, clamps and accumulation, and implicit zero
// padding on every side, which must give the bits of the same call on a
// padded copy. The input starts or ends at a page that cannot be read, so
// a read before its first element or past its last crashes; sentinels
// between output rows and planes must stay untouched.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/ukernels/loom_ukernels.h"
#include "backends/cpu/ukernels/loom_ukernels_native.h"
#include "test/ukernels/Guarded.h"
#include "test/ukernels/Padding.h"
#include "test/ukernels/Variants.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
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

using loom::test::Guard;
using loom::test::GuardedFloats;
using loom::test::Pads;
using loom::test::padsOnEachSide;

struct Shape {
  int64_t channels, height, width, kernelH, kernelW, strideH, strideW,
      dilationH, dilationW;
  bool padded, bias, accumulate;
  float lo, hi;
  int64_t biasStride = 1;
  Pads pads = {};

  std::string describe() const {
    std::ostringstream os;
    os << "channels=" << channels << " out=" << height << "x" << width
       << " window=" << kernelH << "x" << kernelW << " stride=" << strideH
       << "," << strideW << " dilation=" << dilationH << "," << dilationW
       << (padded ? " padded" : "")
       << (bias ? " bias_stride=" + std::to_string(biasStride) : "")
       << (accumulate ? " accumulate" : "") << " clamp=[" << lo << ", " << hi
       << "] pads=" << pads.top << "," << pads.bottom << "," << pads.left << ","
       << pads.right;
    return os.str();
  }
};

/// Runs `fn` on `shape` with random data, the input against the guard page
/// at `guard`; returns the number of mismatches (reporting the first few).
int check(DepthwiseFn fn, const Shape &s, std::mt19937 &rng,
          Guard guard = Guard::End) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  // The rows and columns the windows cover, of which the input holds those
  // inside the padding.
  int64_t coveredH =
      (s.height - 1) * s.strideH + (s.kernelH - 1) * s.dilationH + 1;
  int64_t coveredW =
      (s.width - 1) * s.strideW + (s.kernelW - 1) * s.dilationW + 1;
  int64_t inH = coveredH - s.pads.top - s.pads.bottom;
  int64_t inW = coveredW - s.pads.left - s.pads.right;
  int64_t inRow = inW + (s.padded ? 3 : 0);
  int64_t inPlane = inH * inRow + (s.padded ? 5 : 0);
  int64_t filterRow = s.kernelW + (s.padded ? 1 : 0);
  int64_t filterPlane = s.kernelH * filterRow + (s.padded ? 2 : 0);
  int64_t outRow = s.width + (s.padded ? 7 : 0);
  int64_t outPlane = s.height * outRow + (s.padded ? 3 : 0);

  // The input starts with its first element and ends with its last.
  int64_t inCount = (s.channels - 1) * inPlane + (inH - 1) * inRow + inW;
  GuardedFloats in(inCount, guard);
  for (int64_t i = 0; i < inCount; ++i)
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
  uint32_t flags = s.accumulate ? LOOM_UKERNEL_ACCUMULATE : 0;
  fn(in.data(), inPlane, inRow, inH, inW, s.pads.top, s.pads.left,
     filter.data(), filterPlane, filterRow, s.bias ? bias.data() : nullptr,
     s.biasStride, out.data(), outPlane, outRow, s.channels, s.height, s.width,
     s.kernelH, s.kernelW, s.strideH, s.strideW, s.dilationH, s.dilationW, s.lo,
     s.hi, flags);
  // The input element at (c, r, q) of the padded plane: zero outside.
  auto input = [&](int64_t c, int64_t r, int64_t q) -> double {
    r -= s.pads.top;
    q -= s.pads.left;
    return r < 0 || r >= inH || q < 0 || q >= inW
               ? 0.0
               : double(in[c * inPlane + r * inRow + q]);
  };

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
        double term = input(c, y * s.strideH + ky * s.dilationH,
                            x * s.strideW + kx * s.dilationW) *
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
  if (mismatches)
    return mismatches;

  // The same call on a copy padded with zeros gives the same bits.
  std::vector<float> copy(s.channels * coveredH * coveredW);
  for (int64_t c = 0; c < s.channels; ++c)
    for (int64_t r = 0; r < coveredH; ++r)
      for (int64_t q = 0; q < coveredW; ++q)
        copy[(c * coveredH + r) * coveredW + q] = float(input(c, r, q));
  std::vector<float> explicitOut = initial;
  fn(copy.data(), coveredH * coveredW, coveredW, coveredH, coveredW, 0, 0,
     filter.data(), filterPlane, filterRow, s.bias ? bias.data() : nullptr,
     s.biasStride, explicitOut.data(), outPlane, outRow, s.channels, s.height,
     s.width, s.kernelH, s.kernelW, s.strideH, s.strideW, s.dilationH,
     s.dilationW, s.lo, s.hi, flags);
  for (int64_t i = 0; i < s.channels * outPlane; ++i)
    if (std::memcmp(&out[i], &explicitOut[i], sizeof(float)) != 0 &&
        mismatches++ < 3)
      ADD_FAILURE() << s.describe() << ": element " << i << " is " << out[i]
                    << " with implicit padding, " << explicitOut[i]
                    << " on a padded copy";
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

// Implicit zero padding around the tiled path (3x3 and 5x5 at strides 1
// and 2) and the loops (7x7, stride 3, dilation 2): every side alone and
// together, up to a window less one, on planes from one row or column
// (where every tile crosses an edge) to several tiles wide and high, the
// input against a guard page at its start or its end.
TEST_P(UkernelDepthwiseConvTest, ImplicitPaddingOnEverySide) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::mt19937 rng(11);
  struct Window {
    int64_t kernel, stride, dilation;
  };
  const Window windows[] = {{3, 1, 1}, {3, 2, 1}, {5, 1, 1},
                            {5, 2, 1}, {7, 1, 1}, {3, 3, 2}};
  int shapes = 0;
  for (Window window : windows)
    for (int64_t width : {1, 2, 7, 14, 16, 17, 31, 33, 56})
      for (int64_t height : {1, 3, 4, 5, 9})
        for (int64_t p : {int64_t(1), window.kernel / 2, window.kernel - 1}) {
          for (Pads pad : padsOnEachSide(p)) {
            Shape shape{3,
                        height,
                        width,
                        window.kernel,
                        window.kernel,
                        window.stride,
                        window.stride,
                        window.dilation,
                        window.dilation,
                        /*padded=*/width % 2 == 1,
                        /*bias=*/true,
                        /*accumulate=*/height == 4,
                        0.0f,
                        6.0f,
                        1,
                        pad};
            int64_t coveredH = (height - 1) * window.stride +
                               (window.kernel - 1) * window.dilation + 1;
            int64_t coveredW = (width - 1) * window.stride +
                               (window.kernel - 1) * window.dilation + 1;
            if (coveredH - pad.top - pad.bottom < 1 ||
                coveredW - pad.left - pad.right < 1)
              continue;
            if (check(variant.fn, shape, rng,
                      ++shapes % 2 ? Guard::Start : Guard::End))
              return;
          }
        }
}

// A zero of the padding is multiplied like any other element: times an
// infinite weight it makes the sum NaN, as it does from a padded copy.
TEST_P(UkernelDepthwiseConvTest, PaddingTimesInfiniteWeightIsNaN) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  for (int64_t width : {5, 20}) {
    std::vector<float> in(3 * width, 1.0f), filter(9, 0.5f);
    filter[0] = inf; // the top-left tap: padding for row 0 and column 0
    std::vector<float> out(3 * width, 0.0f);
    variant.fn(in.data(), 3 * width, width, 3, width, 1, 1, filter.data(), 9, 3,
               nullptr, 0, out.data(), 3 * width, width, 1, 3, width, 3, 3, 1,
               1, 1, 1, -inf, inf, 0);
    for (int64_t y = 0; y < 3; ++y)
      for (int64_t x = 0; x < width; ++x) {
        float v = out[y * width + x];
        if (y == 0 || x == 0)
          EXPECT_TRUE(std::isnan(v))
              << "width " << width << " at " << y << ", " << x << ": " << v;
        else
          EXPECT_EQ(v, inf) << "width " << width << " at " << y << ", " << x;
      }
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
    variant.fn(in.data(), 3 * inW, inW, 3, inW, 0, 0, filter.data(), 9, 3,
               bias.data(), 1, out.data(), width, width, 1, 1, width, 3, 3, 1,
               1, 1, 1, 0.0f, 6.0f, 0);
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
  variant.fn(nullptr, 0, 0, 0, 0, 0, 0, nullptr, 0, 0, nullptr, 0, &out, 1, 1,
             1, 0, 1, 3, 3, 1, 1, 1, 1, 0.0f, 6.0f, 0);
  variant.fn(nullptr, 0, 0, 0, 0, 0, 0, nullptr, 0, 0, nullptr, 0, &out, 1, 1,
             0, 1, 1, 3, 3, 1, 1, 1, 1, 0.0f, 6.0f, 0);
  EXPECT_EQ(out, sentinel);
}

INSTANTIATE_TEST_SUITE_P(Variants, UkernelDepthwiseConvTest,
                         testing::ValuesIn(variants),
                         [](const testing::TestParamInfo<Variant> &info) {
                           return std::string(info.param.name);
                         });

} // namespace
