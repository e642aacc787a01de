//===- UkernelConvTest.cpp - The direct convolution micro-kernel, checked -===//
//
// Part of the Loom project.
//
// Every variant of loom_ukernel_conv2d_f32 against a reference that sums
// each output in double: filter counts around the panels of 32 (a ragged
// last panel), output widths around the runs of 7 (whole runs paired
// within and across rows, a shorter last run alone), windows 1x1 to 7x7
// and unequal ones, strides 1 to 3, dense and padded rows and planes, and
// the epilogue (bias, addend, SiLU, clamps) with and without accumulation.
// The input ends at a page that cannot be read, so a read past its last
// element crashes; sentinels between output rows and planes must stay
// untouched, and the last panel's padding columns hold NaN, which must not
// reach any output.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/ukernels/loom_ukernels.h"
#include "backends/cpu/ukernels/loom_ukernels_native.h"
#include "test/ukernels/Guarded.h"
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
using Variant = loom::test::Variant<loom_ukernel_conv2d_f32_fn>;
using ConvFn = loom_ukernel_conv2d_f32_fn *;

const Variant variants[] = {
    {"generic", loom_ukernel_conv2d_f32_generic, Isa::Baseline},
    {"avx2fma", loom_ukernel_conv2d_f32_avx2fma, Isa::Avx2Fma},
    {"avx2", loom_ukernel_conv2d_f32_avx2, Isa::Avx2Fma},
    {"avx512", loom_ukernel_conv2d_f32_avx512, Isa::Avx512F},
};

constexpr float sentinel = -12345.0f;
constexpr float inf = std::numeric_limits<float>::infinity();
constexpr int64_t panel = LOOM_UKERNEL_RHS_PANEL;

using loom::test::GuardedFloats;

struct Shape {
  int64_t filters, channels, height, width, kernelH, kernelW, strideH, strideW;
  bool padded = false, bias = false, addend = false, silu = false,
       accumulate = false;
  float lo = -inf, hi = inf;

  std::string describe() const {
    std::ostringstream os;
    os << "filters=" << filters << " channels=" << channels << " out=" << height
       << "x" << width << " window=" << kernelH << "x" << kernelW
       << " stride=" << strideH << "," << strideW << (padded ? " padded" : "")
       << (bias ? " bias" : "") << (addend ? " addend" : "")
       << (silu ? " silu" : "") << (accumulate ? " accumulate" : "")
       << " clamp=[" << lo << ", " << hi << "]";
    return os.str();
  }
};

double siluOf(double v) { return v / (1.0 + std::exp(-v)); }

/// Runs `fn` on `shape` with random data; returns the number of mismatches
/// (reporting the first few).
int check(ConvFn fn, const Shape &s, std::mt19937 &rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  int64_t inH = (s.height - 1) * s.strideH + s.kernelH;
  int64_t inW = (s.width - 1) * s.strideW + s.kernelW;
  int64_t inRow = inW + (s.padded ? 3 : 0);
  int64_t inPlane = inH * inRow + (s.padded ? 5 : 0);
  int64_t outRow = s.width + (s.padded ? 7 : 0);
  int64_t outPlane = s.height * outRow + (s.padded ? 3 : 0);
  int64_t taps = s.kernelH * s.kernelW;
  int64_t depth = s.channels * taps;
  int64_t panels = (s.filters + panel - 1) / panel;
  int64_t panelStride = depth * panel + (s.padded ? 16 : 0);

  // The input ends with its last element read.
  int64_t inCount = (s.channels - 1) * inPlane + (inH - 1) * inRow + inW;
  GuardedFloats in(inCount);
  for (int64_t i = 0; i < inCount; ++i)
    in[i] = dist(rng);
  // filter(f, c, i, j) as a [F, C, KH, KW] array, and its panels; the
  // columns past the last filter hold NaN.
  std::vector<float> filter(s.filters * depth);
  for (float &v : filter)
    v = dist(rng);
  std::vector<float> panelled(panels * panelStride,
                              std::numeric_limits<float>::quiet_NaN());
  for (int64_t f = 0; f < s.filters; ++f)
    for (int64_t k = 0; k < depth; ++k)
      panelled[f / panel * panelStride + k * panel + f % panel] =
          filter[f * depth + k];
  std::vector<float> bias(s.filters * 2);
  for (float &v : bias)
    v = dist(rng);
  std::vector<float> addend(s.filters * outPlane);
  for (float &v : addend)
    v = dist(rng);
  std::vector<float> initial(s.filters * outPlane), out;
  for (int64_t i = 0; i < s.filters * outPlane; ++i) {
    bool inside =
        i % outPlane < s.height * outRow && i % outPlane % outRow < s.width;
    initial[i] = !inside        ? sentinel
                 : s.accumulate ? dist(rng)
                                : std::numeric_limits<float>::quiet_NaN();
  }
  out = initial;
  uint32_t flags = (s.accumulate ? LOOM_UKERNEL_ACCUMULATE : 0) |
                   (s.silu ? LOOM_UKERNEL_EPILOGUE_SILU : 0);
  fn(in.data(), inPlane, inRow, panelled.data(), panelStride, out.data(),
     outPlane, outRow, s.filters, s.channels, s.height, s.width, s.kernelH,
     s.kernelW, s.strideH, s.strideW, flags, s.bias ? bias.data() : nullptr, 2,
     s.addend ? addend.data() : nullptr, outPlane, outRow, s.lo, s.hi);

  int mismatches = 0;
  for (int64_t i = 0; i < s.filters * outPlane; ++i) {
    int64_t f = i / outPlane, y = i % outPlane / outRow,
            x = i % outPlane % outRow;
    if (y >= s.height || x >= s.width) {
      if (out[i] != sentinel && mismatches++ < 3)
        ADD_FAILURE() << s.describe() << ": padding at " << i
                      << " overwritten with " << out[i];
      continue;
    }
    double sum = s.accumulate ? initial[i] : 0.0;
    double magnitude = std::fabs(sum);
    for (int64_t c = 0; c < s.channels; ++c)
      for (int64_t ky = 0; ky < s.kernelH; ++ky)
        for (int64_t kx = 0; kx < s.kernelW; ++kx) {
          double term =
              double(in[c * inPlane + (y * s.strideH + ky) * inRow +
                        x * s.strideW + kx]) *
              double(filter[f * depth + (c * s.kernelH + ky) * s.kernelW + kx]);
          sum += term;
          magnitude += std::fabs(term);
        }
    if (s.bias) {
      sum += bias[f * 2];
      magnitude += std::fabs(bias[f * 2]);
    }
    if (s.addend) {
      sum += addend[i];
      magnitude += std::fabs(addend[i]);
    }
    if (s.silu)
      sum = siluOf(sum);
    double want = std::min(std::max(sum, double(s.lo)), double(s.hi));
    double tolerance = 1e-5 * magnitude + 1e-30;
    if (!(std::fabs(out[i] - want) <= tolerance) && mismatches++ < 3)
      ADD_FAILURE() << s.describe() << ": out(" << f << ", " << y << ", " << x
                    << ") = " << out[i] << ", want " << want << " +- "
                    << tolerance;
  }
  return mismatches;
}

class UkernelConvTest : public testing::TestWithParam<Variant> {};

// The tiles: widths 1 to 30 and ResNet's (runs of 7 paired within a row,
// across rows at width 7, a shorter last run alone), heights 1 to 3, 3x3
// windows at strides 1 and 2, filter counts around a panel.
TEST_P(UkernelConvTest, TilesMatchReference) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::mt19937 rng(3);
  std::vector<int64_t> widths;
  for (int64_t w = 1; w <= 30; ++w)
    widths.push_back(w);
  for (int64_t w : {56, 112})
    widths.push_back(w);
  for (int64_t filters : {1, 32, 45})
    for (int64_t stride : {1, 2})
      for (int64_t width : widths)
        for (int64_t height : {1, 2, 3})
          for (bool padded : {false, true}) {
            Shape shape{filters, 3, height, width, 3, 3, stride, stride};
            shape.padded = padded;
            if (check(variant.fn, shape, rng))
              return; // One failing shape says enough.
          }
}

// Windows from 1x1 to 7x7 and unequal ones, strides up to 3 and unequal,
// many channels, several panels.
TEST_P(UkernelConvTest, WindowsStridesAndPanels) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::mt19937 rng(5);
  const int64_t windows[][2] = {{1, 1}, {2, 2}, {7, 7}, {3, 1}, {1, 3}};
  const int64_t steps[][2] = {{1, 1}, {2, 2}, {3, 3}, {1, 2}, {2, 1}};
  for (auto [kernelH, kernelW] : windows)
    for (auto [strideH, strideW] : steps)
      for (int64_t filters : {7, 64, 97})
        for (int64_t width : {7, 9, 14}) {
          Shape shape{filters, 5, 3, width, kernelH, kernelW, strideH, strideW};
          shape.padded = true;
          if (check(variant.fn, shape, rng))
            return;
        }
  Shape deep{40, 67, 7, 7, 3, 3, 1, 1};
  check(variant.fn, deep, rng);
}

// The epilogue in each combination, with and without accumulation.
TEST_P(UkernelConvTest, EpilogueAndAccumulation) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::mt19937 rng(7);
  for (bool bias : {false, true})
    for (bool addend : {false, true})
      for (bool silu : {false, true})
        for (bool accumulate : {false, true})
          for (auto [lo, hi] : {std::pair{-inf, inf}, std::pair{0.0f, inf},
                                std::pair{-0.25f, 0.5f}}) {
            Shape shape{36, 4, 2, 14, 3, 3, 1, 1};
            shape.padded = true;
            shape.bias = bias;
            shape.addend = addend;
            shape.silu = silu;
            shape.accumulate = accumulate;
            shape.lo = lo;
            shape.hi = hi;
            if (check(variant.fn, shape, rng))
              return;
          }
}

// Nothing is written for an empty output or no filters.
TEST_P(UkernelConvTest, EmptyOutputWritesNothing) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::vector<float> in(64, 1.0f), filters(panel * 9, 1.0f), out(4, sentinel);
  variant.fn(in.data(), 16, 4, filters.data(), panel * 9, out.data(), 4, 2, 0,
             1, 2, 2, 3, 3, 1, 1, 0, nullptr, 0, nullptr, 0, 0, -inf, inf);
  variant.fn(in.data(), 16, 4, filters.data(), panel * 9, out.data(), 4, 2, 1,
             1, 0, 2, 3, 3, 1, 1, 0, nullptr, 0, nullptr, 0, 0, -inf, inf);
  for (float v : out)
    EXPECT_EQ(v, sentinel);
}

// The AVX-512 variant sums as the AVX-512 matmul kernel does on the
// im2col patches (blocks of LOOM_UKERNEL_CONV_SUM_BLOCK, then the
// epilogue): the two give the same bits, with depths across several blocks,
// strides 1 and 2, every epilogue part, and accumulation.
TEST(UkernelConvAvx512, MatchesMatmulOnPatchesBitForBit) {
  if (!__builtin_cpu_supports("avx512f"))
    GTEST_SKIP() << "this CPU lacks AVX512F";
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (int64_t channels : {3, 40, 67})
    for (int64_t stride : {1, 2})
      for (int variant = 0; variant < 4; ++variant) {
        bool epilogue = variant & 1, accumulate = variant & 2;
        const int64_t filters = 45, height = 3, width = 9, kernel = 3;
        int64_t inH = (height - 1) * stride + kernel;
        int64_t inW = (width - 1) * stride + kernel;
        int64_t depth = channels * kernel * kernel, positions = height * width;
        std::vector<float> in(channels * inH * inW), filter(filters * depth),
            bias(filters), addend(filters * positions),
            initial(filters * positions);
        for (std::vector<float> *values :
             {&in, &filter, &bias, &addend, &initial})
          for (float &v : *values)
            v = dist(rng);
        std::vector<float> panels(2 * depth * panel, 0.0f);
        for (int64_t f = 0; f < filters; ++f)
          for (int64_t k = 0; k < depth; ++k)
            panels[f / panel * depth * panel + k * panel + f % panel] =
                filter[f * depth + k];
        std::vector<float> patches(depth * positions);
        for (int64_t c = 0; c < channels; ++c)
          for (int64_t i = 0; i < kernel; ++i)
            for (int64_t j = 0; j < kernel; ++j)
              for (int64_t y = 0; y < height; ++y)
                for (int64_t x = 0; x < width; ++x)
                  patches[((c * kernel + i) * kernel + j) * positions +
                          y * width + x] =
                      in[(c * inH + y * stride + i) * inW + x * stride + j];
        uint32_t flags = (accumulate ? LOOM_UKERNEL_ACCUMULATE : 0) |
                         (epilogue ? LOOM_UKERNEL_EPILOGUE_SILU : 0);
        float lo = epilogue ? -0.25f : -inf, hi = epilogue ? 0.5f : inf;
        std::vector<float> byMatmul = initial, direct = initial;
        loom_ukernel_matmul_epilogue_f32_avx512(
            filter.data(), depth, patches.data(), positions, byMatmul.data(),
            positions, filters, positions, depth, flags,
            epilogue ? bias.data() : nullptr, 1,
            epilogue ? addend.data() : nullptr, positions, lo, hi);
        loom_ukernel_conv2d_f32_avx512(
            in.data(), inH * inW, inW, panels.data(), depth * panel,
            direct.data(), positions, width, filters, channels, height, width,
            kernel, kernel, stride, stride, flags,
            epilogue ? bias.data() : nullptr, 1,
            epilogue ? addend.data() : nullptr, positions, width, lo, hi);
        for (int64_t e = 0; e < filters * positions; ++e)
          ASSERT_EQ(std::memcmp(&byMatmul[e], &direct[e], sizeof(float)), 0)
              << "channels=" << channels << " stride=" << stride
              << " epilogue=" << epilogue << " accumulate=" << accumulate
              << ": element " << e << " is " << direct[e] << ", the matmul's "
              << byMatmul[e];
      }
}

INSTANTIATE_TEST_SUITE_P(Variants, UkernelConvTest, testing::ValuesIn(variants),
                         [](const testing::TestParamInfo<Variant> &info) {
                           return std::string(info.param.name);
                         });

} // namespace
