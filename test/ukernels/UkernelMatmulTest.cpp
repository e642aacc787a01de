//===- UkernelMatmulTest.cpp - loom_ukernel_matmul_f32 against a reference ===//
//
// Part of the Loom project.
//
// Both variants on every (m, n, k) from a set of odd and block-straddling
// sizes, with dense and padded rows, overwriting (into NaN, which must never
// be read) and accumulating; the padding between output rows must stay
// untouched. The reference accumulates in double; the tolerance is relative
// to the sum of the terms' magnitudes, which bounds float rounding.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/ukernels/loom_ukernels.h"
#include "backends/cpu/ukernels/loom_ukernels_native.h"
#include "test/ukernels/Variants.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <ostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using MatmulFn = void (*)(const float *, int64_t, const float *, int64_t,
                          float *, int64_t, int64_t, int64_t, int64_t,
                          uint32_t);

using loom::test::Isa;

struct Variant {
  const char *name;
  MatmulFn fn;
  Isa needs;
  loom_ukernel_matmul_epilogue_f32_fn *epilogue;
};

// Names the variant in test names and messages, not its bytes.
void PrintTo(const Variant &variant, std::ostream *os) { *os << variant.name; }

// The AVX2+FMA object's entry point and, separately, both of its kernels:
// the entry point picks only one of them on any given CPU.
const Variant variants[] = {
    {"generic", loom_ukernel_matmul_f32_generic, Isa::Baseline,
     loom_ukernel_matmul_epilogue_f32_generic},
    {"avx2fma", loom_ukernel_matmul_f32_avx2fma, Isa::Avx2Fma,
     loom_ukernel_matmul_epilogue_f32_avx2fma},
    {"avx2", loom_ukernel_matmul_f32_avx2, Isa::Avx2Fma,
     loom_ukernel_matmul_epilogue_f32_avx2},
    {"avx512", loom_ukernel_matmul_f32_avx512, Isa::Avx512F,
     loom_ukernel_matmul_epilogue_f32_avx512},
};

// Sizes around the register tiles (6 x 8, 6 x 16, 12 x 32) and the cache
// blocks (256 deep, 128 or 192 wide), and zero.
const int64_t sizes[] = {0,  1,  2,  5,   7,   8,   15,  16,
                         17, 63, 64, 65, 129, 255, 300};

// A sentinel for the padding between output rows.
constexpr float padding = -12345.0f;

void skipUnsupported(const Variant &variant) {
  LOOM_SKIP_UNSUPPORTED(variant);
}

std::vector<float> randomMatrix(int64_t rows, int64_t stride,
                                std::mt19937 &rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> values(rows * stride);
  for (float &v : values)
    v = dist(rng);
  return values;
}

/// Fills each of `vectors` with values drawn uniformly from [-1, 1).
void fillUniform(std::initializer_list<std::vector<float> *> vectors,
                 std::mt19937 &rng) {
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  for (std::vector<float> *values : vectors)
    for (float &v : *values)
      v = value(rng);
}

/// One shape and layout: inputs, the reference product and the magnitude
/// bound of its rounding error.
struct Problem {
  int64_t m, n, k, lhsStride, rhsStride, outStride;
  std::vector<float> lhs, rhs, initial;
  std::vector<double> product, magnitude;

  /// rhsRowStride, when given, is rhs's row stride instead of n (or n + 5).
  Problem(int64_t m, int64_t n, int64_t k, bool padded, std::mt19937 &rng,
          int64_t rhsRowStride = 0)
      : m(m), n(n), k(k), lhsStride(padded ? k + 3 : k),
        rhsStride(rhsRowStride ? rhsRowStride : padded ? n + 5 : n),
        outStride(padded ? n + 7 : n),
        product(m * n), magnitude(m * n) {
    lhs = randomMatrix(m, lhsStride, rng);
    rhs = randomMatrix(k, rhsStride, rng);
    initial = randomMatrix(m, outStride, rng);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double sum = 0, abs = 0;
        for (int64_t p = 0; p < k; ++p) {
          double term = double(lhs[i * lhsStride + p]) *
                        double(rhs[p * rhsStride + j]);
          sum += term;
          abs += std::fabs(term);
        }
        product[i * n + j] = sum;
        magnitude[i * n + j] = abs;
      }
  }

  std::string describe(bool accumulate) const {
    return "m=" + std::to_string(m) + " n=" + std::to_string(n) +
           " k=" + std::to_string(k) +
           " strides=" + std::to_string(lhsStride) + "," +
           std::to_string(rhsStride) + "," + std::to_string(outStride) +
           (accumulate ? " accumulate" : "");
  }

  /// Runs `fn` and checks every output element and the padding; returns the
  /// number of mismatches (reporting the first few).
  int check(MatmulFn fn, bool accumulate) const {
    std::vector<float> out(m * outStride);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < outStride; ++j)
        out[i * outStride + j] =
            j >= n ? padding
                   : (accumulate ? initial[i * outStride + j]
                                 : std::numeric_limits<float>::quiet_NaN());
    fn(lhs.data(), lhsStride, rhs.data(), rhsStride, out.data(), outStride, m,
       n, k, accumulate ? LOOM_UKERNEL_ACCUMULATE : 0);
    int mismatches = 0;
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < outStride; ++j) {
        float got = out[i * outStride + j];
        if (j >= n) {
          if (got != padding && mismatches++ < 3)
            ADD_FAILURE() << describe(accumulate) << ": padding at (" << i
                          << ", " << j << ") overwritten with " << got;
          continue;
        }
        double base = accumulate ? initial[i * outStride + j] : 0.0;
        double want = base + product[i * n + j];
        double tolerance =
            1e-5 * (magnitude[i * n + j] + std::fabs(base)) + 1e-30;
        if (!(std::fabs(got - want) <= tolerance) && mismatches++ < 3)
          ADD_FAILURE() << describe(accumulate) << ": out(" << i << ", " << j
                        << ") = " << got << ", want " << want << " +- "
                        << tolerance;
      }
    return mismatches;
  }
};

class UkernelMatmulTest
    : public testing::TestWithParam<std::tuple<Variant, int64_t>> {};

TEST_P(UkernelMatmulTest, MatchesReferenceOnEveryShape) {
  const auto &[variant, m] = GetParam();
  skipUnsupported(variant);
  std::mt19937 rng(static_cast<unsigned>(m));
  for (int64_t n : sizes)
    for (int64_t k : sizes)
      for (bool padded : {false, true}) {
        Problem problem(m, n, k, padded, rng);
        for (bool accumulate : {false, true})
          if (problem.check(variant.fn, accumulate))
            return; // One failing shape says enough.
      }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, UkernelMatmulTest,
    testing::Combine(testing::ValuesIn(variants), testing::ValuesIn(sizes)),
    [](const testing::TestParamInfo<UkernelMatmulTest::ParamType> &info) {
      return std::string(std::get<0>(info.param).name) + "_m" +
             std::to_string(std::get<1>(info.param));
    });

class UkernelVariantTest : public testing::TestWithParam<Variant> {};

// Rows of rhs 4 KiB apart: the AVX-512 variant packs rhs for such strides
// (reading it in place for any other), so this is where its packed path
// with several row tiles runs; the shapes above all read rhs in place there.
TEST_P(UkernelVariantTest, MatchesReferenceWithPageStridedRhs) {
  const Variant &variant = GetParam();
  skipUnsupported(variant);
  std::mt19937 rng(11);
  for (int64_t m : {13, 64, 129})
    for (int64_t n : {1, 17, 65, 300})
      for (int64_t k : {1, 255, 300}) {
        Problem problem(m, n, k, /*padded=*/false, rng, /*rhsRowStride=*/1024);
        for (bool accumulate : {false, true})
          if (problem.check(variant.fn, accumulate))
            return;
      }
}

// rhs pre-packed in panels (LOOM_UKERNEL_RHS_PACKED), as code generation
// stores constant weights: the same bits as the unpacked rhs, on every path
// (one row, row tiles, ragged panels, several depth and column blocks, a
// panel stride beyond 32 * k), with and without accumulation, and through
// the epilogue entry with a per-column bias and a clamp.
TEST_P(UkernelVariantTest, PrepackedRhsEqualsUnpackedBitForBit) {
  const Variant &variant = GetParam();
  skipUnsupported(variant);
  constexpr int64_t panel = LOOM_UKERNEL_RHS_PANEL;
  std::mt19937 rng(13);
  for (int64_t m : {1, 2, 13, 64, 129})
    for (int64_t n : {1, 17, 32, 33, 65, 300})
      for (int64_t k : {1, 255, 300, 600}) {
        std::vector<float> lhs(m * k), rhs(k * n), bias(n), start(m * n);
        fillUniform({&lhs, &rhs, &bias, &start}, rng);
        int64_t panels = (n + panel - 1) / panel;
        int64_t panelStride = panel * k + (k % 2 ? panel : 0);
        std::vector<float> packed(panels * panelStride, -7.0f);
        for (int64_t q = 0; q < panels; ++q)
          for (int64_t p = 0; p < k; ++p)
            for (int64_t j = 0; j < panel; ++j) {
              int64_t column = q * panel + j;
              packed[q * panelStride + p * panel + j] =
                  column < n ? rhs[p * n + column] : 0.0f;
            }
        std::string shape = "m " + std::to_string(m) + " n " +
                            std::to_string(n) + " k " + std::to_string(k);
        for (uint32_t flags : {0u, uint32_t(LOOM_UKERNEL_ACCUMULATE)}) {
          std::vector<float> want = start, got = start;
          variant.fn(lhs.data(), k, rhs.data(), n, want.data(), n, m, n, k,
                     flags);
          variant.fn(lhs.data(), k, packed.data(), panelStride, got.data(), n,
                     m, n, k, flags | LOOM_UKERNEL_RHS_PACKED);
          for (int64_t i = 0; i < m * n; ++i)
            ASSERT_EQ(got[i], want[i])
                << shape << " flags " << flags << " element " << i;
          uint32_t epilogueFlags =
              flags | LOOM_UKERNEL_EPILOGUE_BIAS_PER_COLUMN;
          want = start;
          got = start;
          variant.epilogue(lhs.data(), k, rhs.data(), n, want.data(), n, m, n,
                           k, epilogueFlags, bias.data(), 1, nullptr, 0,
                           -0.5f, 0.75f);
          variant.epilogue(lhs.data(), k, packed.data(), panelStride,
                           got.data(), n, m, n, k,
                           epilogueFlags | LOOM_UKERNEL_RHS_PACKED,
                           bias.data(), 1, nullptr, 0, -0.5f, 0.75f);
          for (int64_t i = 0; i < m * n; ++i)
            ASSERT_EQ(got[i], want[i]) << shape << " flags " << flags
                                       << " epilogue, element " << i;
        }
      }
}

// k == 0 is an empty sum: zeros unless accumulating, then out unchanged.
TEST_P(UkernelVariantTest, EmptyDepthWritesZerosOrKeepsOut) {
  const Variant &variant = GetParam();
  skipUnsupported(variant);
  std::vector<float> out(3 * 4, std::numeric_limits<float>::quiet_NaN());
  variant.fn(nullptr, 0, nullptr, 4, out.data(), 4, 3, 4, 0, 0);
  for (float v : out)
    EXPECT_EQ(v, 0.0f);
  std::vector<float> kept(3 * 4, 2.5f);
  variant.fn(nullptr, 0, nullptr, 4, kept.data(), 4, 3, 4, 0,
             LOOM_UKERNEL_ACCUMULATE);
  for (float v : kept)
    EXPECT_EQ(v, 2.5f);
}

// A row multiplied alone (the one-row path) equals, bit for bit, the same
// row of a larger product (the tile kernels): a model run one batch element
// at a time (docs/dynamic-shapes.md) gives the same results as at its whole
// batch. Depths span several LOOM_KC blocks and a ragged last one; widths a
// ragged last column chunk; with and without accumulation.
TEST_P(UkernelVariantTest, OneRowEqualsItsRowOfALargerProduct) {
  const Variant &variant = GetParam();
  skipUnsupported(variant);
  std::mt19937 rng(5);
  for (int64_t m : {2, 5, 16, 37})
    for (int64_t n : {1, 17, 1000})
      for (int64_t k : {3, 512, 1283}) {
        std::vector<float> lhs(m * k), rhs(k * n), start(m * n);
        fillUniform({&lhs, &rhs, &start}, rng);
        for (uint32_t flags : {0u, uint32_t(LOOM_UKERNEL_ACCUMULATE)}) {
          std::vector<float> whole = start;
          variant.fn(lhs.data(), k, rhs.data(), n, whole.data(), n, m, n, k,
                     flags);
          for (int64_t i = 0; i < m; ++i) {
            std::vector<float> row(start.begin() + i * n,
                                   start.begin() + (i + 1) * n);
            variant.fn(lhs.data() + i * k, k, rhs.data(), n, row.data(), n,
                       1, n, k, flags);
            for (int64_t j = 0; j < n; ++j)
              ASSERT_EQ(row[j], whole[i * n + j])
                  << "m " << m << " n " << n << " k " << k << " flags "
                  << flags << " row " << i << " column " << j;
          }
        }
      }
}

// Workgroups call the kernel concurrently; each thread here multiplies its
// own problem several times while the others run.
TEST_P(UkernelVariantTest, ConcurrentCallsDoNotInterfere) {
  const Variant &variant = GetParam();
  skipUnsupported(variant);
  constexpr int threadCount = 4;
  std::vector<Problem> problems;
  std::mt19937 rng(7);
  for (int t = 0; t < threadCount; ++t)
    problems.emplace_back(65 + t, 129 - t, 300, /*padded=*/t % 2, rng);
  std::vector<int> mismatches(threadCount);
  std::vector<std::thread> threads;
  for (int t = 0; t < threadCount; ++t)
    threads.emplace_back([&, t] {
      for (int repeat = 0; repeat < 8; ++repeat)
        mismatches[t] += problems[t].check(variant.fn, repeat % 2);
    });
  for (std::thread &thread : threads)
    thread.join();
  for (int t = 0; t < threadCount; ++t)
    EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

// loom_ukernel_matmul_epilogue_f32: the bias of each row, the addend and
// the clamp on the finished sum, through every path of the blocking (one
// row, one and two depth blocks, the empty sum, ragged tiles, two column
// blocks), with and without accumulation, a strided, a shared (stride 0)
// and no bias, with and without an addend, open bounds, and NaN rows that
// must stay NaN; a bias per column (strided too, across column blocks);
// and the same with LOOM_UKERNEL_EPILOGUE_SILU, whose SiLU
// comes after the addend and before the clamp (its slope is at most 1.1,
// so the sum's error bound grows by a tenth, plus a few ulp of its own).
TEST_P(UkernelVariantTest, BiasAndClampOnTheFinishedSum) {
  const Variant &variant = GetParam();
  skipUnsupported(variant);
  std::mt19937 rng(7);
  const float inf = std::numeric_limits<float>::infinity();
  struct Case {
    int64_t m, n, k, biasStride;
    bool hasBias, hasAddend;
    float lo, hi;
    bool silu = false;
    bool perColumn = false; // LOOM_UKERNEL_EPILOGUE_BIAS_PER_COLUMN
  };
  const Case cases[] = {
      {1, 37, 300, 1, true, false, 0.0f, 6.0f},
      {13, 45, 300, 2, true, true, 0.0f, 6.0f},
      {7, 16, 0, 1, true, true, -0.5f, 0.5f},
      {30, 70, 17, 0, true, false, -inf, inf},
      {25, 33, 64, 1, false, true, 0.0f, inf},
      {12, 32, 257, 1, true, false, -1.0f, 1.0f},
      {1, 20, 9, 1, false, true, -inf, inf},
      {14, 400, 40, 1, true, true, 0.0f, inf},
      {1, 37, 300, 1, true, false, -inf, inf, true},
      {13, 45, 300, 1, true, true, -inf, inf, true},
      {7, 16, 0, 1, true, true, -inf, inf, true},
      {30, 70, 17, 1, true, false, -0.1f, 2.0f, true},
      {12, 33, 257, 0, true, true, -inf, inf, true},
      {14, 400, 40, 1, false, false, 0.0f, inf, true},
      {13, 45, 300, 1, true, true, 0.0f, 6.0f, false, true},
      {1, 37, 300, 3, true, false, -inf, inf, false, true},
      {30, 70, 17, 2, true, false, -inf, inf, true, true},
      {7, 16, 0, 1, true, true, -0.5f, 0.5f, false, true},
      {14, 400, 40, 1, true, true, 0.0f, inf, false, true},
      {12, 250, 257, 2, true, false, -1.0f, 1.0f, false, true},
  };
  for (const Case &c : cases)
    for (bool accumulate : {false, true}) {
      Problem problem(c.m, c.n, c.k, /*padded=*/true, rng);
      // Row 0 of lhs NaN when there is a sum: its outputs stay NaN.
      bool nanRow = c.k > 0 && c.m > 1;
      if (nanRow)
        problem.lhs[0] = std::numeric_limits<float>::quiet_NaN();
      std::vector<float> bias = randomMatrix(
          1,
          std::max<int64_t>(1, std::max(c.m, c.n) *
                                   std::max<int64_t>(c.biasStride, 1)),
          rng);
      for (float &b : bias)
        b *= 4.0f;
      int64_t addendStride = c.n + 3;
      std::vector<float> addend = randomMatrix(c.m, addendStride, rng);
      std::vector<float> out(c.m * problem.outStride);
      for (int64_t i = 0; i < c.m; ++i)
        for (int64_t j = 0; j < problem.outStride; ++j)
          out[i * problem.outStride + j] =
              j >= c.n ? padding
                       : (accumulate ? problem.initial[i * problem.outStride + j]
                                     : std::numeric_limits<float>::quiet_NaN());
      variant.epilogue(problem.lhs.data(), problem.lhsStride,
                        problem.rhs.data(), problem.rhsStride, out.data(),
                        problem.outStride, c.m, c.n, c.k,
                        (accumulate ? LOOM_UKERNEL_ACCUMULATE : 0) |
                            (c.silu ? LOOM_UKERNEL_EPILOGUE_SILU : 0) |
                            (c.perColumn ? LOOM_UKERNEL_EPILOGUE_BIAS_PER_COLUMN
                                         : 0),
                        c.hasBias ? bias.data() : nullptr, c.biasStride,
                        c.hasAddend ? addend.data() : nullptr, addendStride,
                        c.lo, c.hi);
      std::string name = problem.describe(accumulate) + " bias stride " +
                         std::to_string(c.biasStride) +
                         (c.hasBias ? "" : " no bias") +
                         (c.hasAddend ? " addend" : "") +
                         (c.silu ? " silu" : "") +
                         (c.perColumn ? " bias per column" : "");
      for (int64_t i = 0; i < c.m; ++i)
        for (int64_t j = 0; j < problem.outStride; ++j) {
          float got = out[i * problem.outStride + j];
          if (j >= c.n) {
            ASSERT_EQ(got, padding) << name << ": padding overwritten";
            continue;
          }
          if (nanRow && i == 0) {
            ASSERT_TRUE(std::isnan(got)) << name << ": out(0, " << j
                                         << ") = " << got << ", want NaN";
            continue;
          }
          double base =
              accumulate ? problem.initial[i * problem.outStride + j] : 0.0;
          double b = !c.hasBias    ? 0.0
                     : c.perColumn ? bias[j * c.biasStride]
                                   : bias[i * c.biasStride];
          double a = c.hasAddend ? addend[i * addendStride + j] : 0.0;
          double v = base + problem.product[i * c.n + j] + b + a;
          if (c.silu)
            v = v / (1.0 + std::exp(-v));
          double want = std::min<double>(std::max<double>(v, c.lo), c.hi);
          double tolerance =
              (c.silu ? 1.1e-5 : 1e-5) *
                  (problem.magnitude[i * c.n + j] + std::fabs(base) +
                   std::fabs(b) + std::fabs(a)) +
              (c.silu ? 4e-7 * std::fabs(want) : 0.0) + 1e-30;
          ASSERT_NEAR(got, want, tolerance)
              << name << ": out(" << i << ", " << j << ")";
        }
    }
}

/// x * (1 / (1 + exp(-x))) in f32 arithmetic with a correctly rounded exp:
/// what the SiLU epilogue approximates (to about 1 ulp of exp).
float siluReference(float x) {
  float e = static_cast<float>(std::exp(-static_cast<double>(x)));
  return x * (1.0f / (1.0f + e));
}

// SiLU across the range of f32, through the tile kernels (13 rows) and the
// one-row path: a product of 1 and v is v exactly, so the epilogue sees
// every value below. Infinities, NaN and zeros exactly (silu(-inf)
// is -inf * 0 = NaN, as in f32); finite values within 4 ulp of
// siluReference plus |v| * 2^-126 (below -87.3 the sigmoid is subnormal,
// where exp's error is a larger part of it).
TEST_P(UkernelVariantTest, SiluOfSpecialValues) {
  const Variant &variant = GetParam();
  skipUnsupported(variant);
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float maxFloat = std::numeric_limits<float>::max();
  const float denormal = std::numeric_limits<float>::denorm_min();
  std::vector<float> values = {
      0.0f,    -0.0f,    1e-30f,   -1e-30f,  denormal, -denormal, 0.5f,
      -0.5f,   1.0f,     -1.0f,    3.75f,    -3.75f,   10.0f,     -10.0f,
      17.0f,   -17.0f,   30.0f,    -30.0f,   80.0f,    -80.0f,    87.0f,
      -87.0f,  87.5f,    -87.5f,   88.5f,    -88.5f,   88.75f,    -88.75f,
      89.0f,   -89.0f,   100.0f,   -100.0f,  103.9f,   -103.9f,   104.5f,
      -104.5f, 200.0f,   -200.0f,  maxFloat, -maxFloat, inf,      -inf,
      nan,     0.3333f,  -0.3333f};
  const int64_t n = static_cast<int64_t>(values.size());
  for (int64_t m : {1, 13}) {
    std::vector<float> lhs(m, 1.0f), out(m * n, padding);
    variant.epilogue(lhs.data(), 1, values.data(), n, out.data(), n, m, n, 1,
                     LOOM_UKERNEL_EPILOGUE_SILU, nullptr, 0, nullptr, 0, -inf,
                     inf);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        float v = values[j], got = out[i * n + j];
        std::string where = std::string(variant.name) + ", " +
                            std::to_string(m) + " rows: silu(" +
                            std::to_string(v) + ")";
        if (std::isnan(v) || v == -inf) {
          ASSERT_TRUE(std::isnan(got)) << where << " = " << got;
          continue;
        }
        // (The sum starts from +0, so -0 arrives as +0.)
        if (v == inf || v == 0.0f) {
          ASSERT_EQ(got, v) << where;
          continue;
        }
        float want = siluReference(v);
        double tolerance =
            4.0 * std::fabs(want) * std::numeric_limits<float>::epsilon() +
            std::fabs(v) * std::numeric_limits<float>::min();
        ASSERT_NEAR(got, want, tolerance) << where;
      }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Variants, UkernelVariantTest, testing::ValuesIn(variants),
    [](const testing::TestParamInfo<Variant> &info) {
      return std::string(info.param.name);
    });

} // namespace
