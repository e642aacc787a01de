//===- UkernelMaxPoolTest.cpp - The max pool micro-kernel, checked --------===//
//
// Part of the Loom project.
//
// Every variant of loom_ukernel_max_pool2d_f32 against a reference with
// arith.maximumf's rules (a NaN wins, +0 above -0): output widths around
// the vectors of 16 and the rows of four vectors, windows 1x1 to 5x5 and
// unequal, strides 1 to 3 (the vector loads, the even-lane permute, the
// gather), dilations, dense and padded rows and planes, old outputs that
// win, NaNs and signed zeros in the input, and implicit padding on every
// side, which must give the bits of the same call on a copy padded with
// -inf. The input starts or ends at a page that cannot be read, so a read
// before its first element or past its last crashes; sentinels between
// output rows and planes must stay untouched.
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
using Variant = loom::test::Variant<loom_ukernel_max_pool2d_f32_fn>;

const Variant variants[] = {
    {"generic", loom_ukernel_max_pool2d_f32_generic, Isa::Baseline},
    {"avx2fma", loom_ukernel_max_pool2d_f32_avx2fma, Isa::Avx2Fma},
    {"avx2", loom_ukernel_max_pool2d_f32_avx2, Isa::Avx2Fma},
    {"avx512", loom_ukernel_max_pool2d_f32_avx512, Isa::Avx512F},
};

constexpr float sentinel = -12345.0f;
constexpr float nan = std::numeric_limits<float>::quiet_NaN();

using loom::test::Guard;
using loom::test::GuardedFloats;
using loom::test::Pads;
using loom::test::padsOnEachSide;

/// arith.maximumf.
float maximumF(float a, float b) {
  if (std::isnan(a) || std::isnan(b))
    return nan;
  if (a == b)
    return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

/// Equal as arith.maximumf's results: both NaN, or the same bits.
bool same(float a, float b) {
  if (std::isnan(a) || std::isnan(b))
    return std::isnan(a) && std::isnan(b);
  return std::memcmp(&a, &b, sizeof(float)) == 0;
}

struct Shape {
  int64_t channels, height, width, kernelH, kernelW, strideH, strideW,
      dilationH, dilationW;
  bool padded;
  Pads pads = {};

  std::string describe() const {
    std::ostringstream os;
    os << "channels=" << channels << " out=" << height << "x" << width
       << " window=" << kernelH << "x" << kernelW << " stride=" << strideH
       << "," << strideW << " dilation=" << dilationH << "," << dilationW
       << (padded ? " padded" : "") << " pads=" << pads.top << ","
       << pads.bottom << "," << pads.left << "," << pads.right;
    return os.str();
  }
};

/// Runs `fn` on `shape` with values that include NaNs, signed zeros and
/// old outputs that beat their windows; returns the mismatches.
int check(loom_ukernel_max_pool2d_f32_fn *fn, const Shape &s, std::mt19937 &rng,
          Guard guard = Guard::End) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::uniform_int_distribution<int> kind(0, 39);
  auto value = [&] {
    switch (kind(rng)) {
    case 0:
      return nan;
    case 1:
      return 0.0f;
    case 2:
      return -0.0f;
    default:
      return dist(rng);
    }
  };
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
  int64_t outRow = s.width + (s.padded ? 7 : 0);
  int64_t outPlane = s.height * outRow + (s.padded ? 3 : 0);
  int64_t inCount = (s.channels - 1) * inPlane + (inH - 1) * inRow + inW;
  GuardedFloats in(inCount, guard);
  for (int64_t i = 0; i < inCount; ++i)
    in[i] = value();
  std::vector<float> initial(s.channels * outPlane);
  for (int64_t i = 0; i < s.channels * outPlane; ++i) {
    bool inside =
        i % outPlane < s.height * outRow && i % outPlane % outRow < s.width;
    // Mostly -inf (a pool's fill), sometimes a value that may win.
    initial[i] = !inside          ? sentinel
                 : kind(rng) < 30 ? -std::numeric_limits<float>::infinity()
                                  : value();
  }
  std::vector<float> out = initial;
  fn(in.data(), inPlane, inRow, inH, inW, s.pads.top, s.pads.left, out.data(),
     outPlane, outRow, s.channels, s.height, s.width, s.kernelH, s.kernelW,
     s.strideH, s.strideW, s.dilationH, s.dilationW);
  // The input element at (c, r, q) of the padded plane: -inf outside.
  auto input = [&](int64_t c, int64_t r, int64_t q) {
    r -= s.pads.top;
    q -= s.pads.left;
    return r < 0 || r >= inH || q < 0 || q >= inW
               ? -std::numeric_limits<float>::infinity()
               : in[c * inPlane + r * inRow + q];
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
    float want = initial[i];
    for (int64_t ky = 0; ky < s.kernelH; ++ky)
      for (int64_t kx = 0; kx < s.kernelW; ++kx)
        want = maximumF(want, input(c, y * s.strideH + ky * s.dilationH,
                                    x * s.strideW + kx * s.dilationW));
    if (!same(out[i], want) && mismatches++ < 3)
      ADD_FAILURE() << s.describe() << ": out(" << c << ", " << y << ", " << x
                    << ") = " << out[i] << ", want " << want;
  }
  if (mismatches)
    return mismatches;

  // The same call on a copy padded with -inf gives the same bits.
  std::vector<float> copy(s.channels * coveredH * coveredW);
  for (int64_t c = 0; c < s.channels; ++c)
    for (int64_t r = 0; r < coveredH; ++r)
      for (int64_t q = 0; q < coveredW; ++q)
        copy[(c * coveredH + r) * coveredW + q] = input(c, r, q);
  std::vector<float> explicitOut = initial;
  fn(copy.data(), coveredH * coveredW, coveredW, coveredH, coveredW, 0, 0,
     explicitOut.data(), outPlane, outRow, s.channels, s.height, s.width,
     s.kernelH, s.kernelW, s.strideH, s.strideW, s.dilationH, s.dilationW);
  for (int64_t i = 0; i < s.channels * outPlane; ++i)
    if (std::memcmp(&out[i], &explicitOut[i], sizeof(float)) != 0 &&
        mismatches++ < 3)
      ADD_FAILURE() << s.describe() << ": element " << i << " is " << out[i]
                    << " with implicit padding, " << explicitOut[i]
                    << " on a padded copy";
  return mismatches;
}

class UkernelMaxPoolTest : public testing::TestWithParam<Variant> {};

TEST_P(UkernelMaxPoolTest, MatchesMaximumF) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::mt19937 rng(3);
  std::vector<int64_t> widths;
  for (int64_t w = 1; w <= 20; ++w)
    widths.push_back(w);
  for (int64_t w : {31, 32, 33, 56, 63, 64, 65, 70})
    widths.push_back(w);
  const int64_t windows[][2] = {{3, 3}, {1, 1}, {2, 2}, {5, 5}, {1, 3}};
  for (auto [kernelH, kernelW] : windows)
    for (int64_t stride : {1, 2, 3})
      for (int64_t width : widths)
        for (bool padded : {false, true}) {
          Shape shape{3,      2,      width, kernelH, kernelW,
                      stride, stride, 1,     1,       padded};
          if (check(variant.fn, shape, rng))
            return; // One failing shape says enough.
        }
}

TEST_P(UkernelMaxPoolTest, UnequalStridesAndDilations) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::mt19937 rng(5);
  const int64_t steps[][2] = {{1, 2}, {2, 1}, {3, 2}};
  for (auto [strideH, strideW] : steps)
    for (int64_t dilation : {1, 2})
      for (int64_t width : {5, 17, 40}) {
        Shape shape{4,       3,       width,    3,        2,
                    strideH, strideW, dilation, dilation, true};
        if (check(variant.fn, shape, rng))
          return;
      }
}

// Implicit padding on each side alone and on all, up to a window less one,
// for the vector loads (stride 1), the even-lane permute (2) and the
// gather (3), on planes from one column to several vectors of outputs, the
// input against a guard page at its start or its end.
TEST_P(UkernelMaxPoolTest, ImplicitPaddingOnEverySide) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::mt19937 rng(9);
  int shapes = 0;
  for (int64_t window : {2, 3, 5})
    for (int64_t stride : {1, 2, 3})
      for (int64_t width : {1, 2, 7, 16, 17, 33, 56, 65})
        for (int64_t p : {int64_t(1), window - 1}) {
          for (Pads pad : padsOnEachSide(p)) {
            Shape shape{3,      3, width, window,         window, stride,
                        stride, 1, 1,     width % 2 == 1, pad};
            int64_t coveredH = 2 * stride + window;
            int64_t coveredW = (width - 1) * stride + window;
            if (coveredH - pad.top - pad.bottom < 1 ||
                coveredW - pad.left - pad.right < 1)
              continue;
            if (check(variant.fn, shape, rng,
                      ++shapes % 2 ? Guard::Start : Guard::End))
              return;
          }
        }
}

TEST_P(UkernelMaxPoolTest, EmptyOutputWritesNothing) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::vector<float> in(16, 1.0f), out(4, sentinel);
  variant.fn(in.data(), 16, 4, 4, 4, 0, 0, out.data(), 4, 2, 0, 2, 2, 3, 3, 1,
             1, 1, 1);
  variant.fn(in.data(), 16, 4, 4, 4, 0, 0, out.data(), 4, 2, 1, 0, 2, 3, 3, 1,
             1, 1, 1);
  variant.fn(in.data(), 16, 4, 4, 4, 0, 0, out.data(), 4, 2, 1, 2, 0, 3, 3, 1,
             1, 1, 1);
  for (float v : out)
    EXPECT_EQ(v, sentinel);
}

INSTANTIATE_TEST_SUITE_P(Variants, UkernelMaxPoolTest,
                         testing::ValuesIn(variants),
                         [](const testing::TestParamInfo<Variant> &info) {
                           return std::string(info.param.name);
                         });

} // namespace
