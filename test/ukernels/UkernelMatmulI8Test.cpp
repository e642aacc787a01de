//===- UkernelMatmulI8Test.cpp - loom_ukernel_matmul_i8 against a reference ==//
//
// Part of the Loom project.
//
// Every variant (the generic object's entry, the AVX2+FMA object's entry,
// and its AVX2 and AVX-512 VNNI kernels each on their own) for all four
// signedness pairs, against a reference that sums in int64 and wraps the
// sum to int32 at the end, which must match exactly: on shapes around every
// register tile (4 x 8, 4 x 16, 12 x 32), every k remainder modulo 4 and
// the cache blocks (256 or 512 deep, 128 or 384 wide), with dense and
// padded rows, overwriting (garbage that must never be read) and
// accumulating; the padding between output rows must stay untouched. Then
// extreme values with a depth at which the int32 sums wrap, the empty
// cases, operands that end right before a page that cannot be read, and
// concurrent calls.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/ukernels/loom_ukernels.h"
#include "backends/cpu/ukernels/loom_ukernels_native.h"
#include "test/ukernels/Guarded.h"
#include "test/ukernels/Variants.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <ostream>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace {

using MatmulI8Fn = void (*)(const void *, int64_t, const void *, int64_t,
                            int32_t *, int64_t, int64_t, int64_t, int64_t,
                            uint32_t);

using loom::test::Isa;
using Variant = loom::test::Variant<loom_ukernel_matmul_i8_fn>;

// The AVX2+FMA object's entry point and, separately, both of its kernels:
// the entry point picks only one of them for a given call.
const Variant variants[] = {
    {"generic", loom_ukernel_matmul_i8_generic, Isa::Baseline},
    {"avx2fma", loom_ukernel_matmul_i8_avx2fma, Isa::Avx2Fma},
    {"avx2", loom_ukernel_matmul_i8_avx2, Isa::Avx2Fma},
    {"avx512vnni", loom_ukernel_matmul_i8_avx512vnni, Isa::Avx512Vnni},
};

struct Signedness {
  const char *name;
  uint32_t flags;
};

void PrintTo(const Signedness &signedness, std::ostream *os) {
  *os << signedness.name;
}

const Signedness signednesses[] = {
    {"s8s8", 0},
    {"u8s8", LOOM_UKERNEL_LHS_UNSIGNED},
    {"s8u8", LOOM_UKERNEL_RHS_UNSIGNED},
    {"u8u8", LOOM_UKERNEL_LHS_UNSIGNED | LOOM_UKERNEL_RHS_UNSIGNED},
};

// A sentinel for the padding between output rows.
constexpr int32_t padding = -123456789;


// The value of a byte as the operand's signedness says.
int64_t extend(uint8_t byte, bool isUnsigned) {
  return isUnsigned ? int64_t(byte) : int64_t(int8_t(byte));
}

// x modulo 2^32, as int32.
int32_t wrap(int64_t x) { return int32_t(uint32_t(uint64_t(x))); }

std::vector<uint8_t> randomBytes(int64_t count, std::mt19937 &rng) {
  std::uniform_int_distribution<int> dist(0, 255);
  std::vector<uint8_t> bytes(count);
  for (uint8_t &b : bytes)
    b = uint8_t(dist(rng));
  return bytes;
}

/// One shape, layout and signedness: the inputs, the start of `out` for
/// accumulating calls and the reference product.
struct Problem {
  int64_t m, n, k, lhsStride, rhsStride, outStride;
  uint32_t signs;
  std::vector<uint8_t> lhs, rhs;
  std::vector<int32_t> initial, product;

  Problem(int64_t m, int64_t n, int64_t k, int64_t lhsStride, int64_t rhsStride,
          int64_t outStride, uint32_t signs, std::vector<uint8_t> lhsBytes,
          std::vector<uint8_t> rhsBytes, std::mt19937 &rng)
      : m(m), n(n), k(k), lhsStride(lhsStride), rhsStride(rhsStride),
        outStride(outStride), signs(signs), lhs(std::move(lhsBytes)),
        rhs(std::move(rhsBytes)), initial(m * outStride), product(m * n) {
    // Accumulation starts from anything, the int32 extremes included, so
    // that adding the product wraps too.
    std::uniform_int_distribution<int32_t> any(
        std::numeric_limits<int32_t>::min(),
        std::numeric_limits<int32_t>::max());
    for (int32_t &v : initial)
      v = any(rng);
    if (!initial.empty()) {
      initial[0] = std::numeric_limits<int32_t>::max();
      initial.back() = std::numeric_limits<int32_t>::min();
    }
    bool lhsUnsigned = signs & LOOM_UKERNEL_LHS_UNSIGNED;
    bool rhsUnsigned = signs & LOOM_UKERNEL_RHS_UNSIGNED;
    // The naive sum in int64 (exact for k < 2^33), wrapped at the end.
    std::vector<int64_t> sums(n);
    for (int64_t i = 0; i < m; ++i) {
      std::fill(sums.begin(), sums.end(), 0);
      for (int64_t p = 0; p < k; ++p) {
        int64_t a = extend(lhs[i * lhsStride + p], lhsUnsigned);
        const uint8_t *row = rhs.data() + p * rhsStride;
        for (int64_t j = 0; j < n; ++j)
          sums[j] += a * extend(row[j], rhsUnsigned);
      }
      for (int64_t j = 0; j < n; ++j)
        product[i * n + j] = wrap(sums[j]);
    }
  }

  /// Random bytes with rows padded by 3, 5 and 7 elements when `padded`.
  static Problem random(int64_t m, int64_t n, int64_t k, bool padded,
                        uint32_t signs, std::mt19937 &rng,
                        int64_t rhsRowStride = 0) {
    int64_t lhsStride = padded ? k + 3 : k;
    int64_t rhsStride = rhsRowStride ? rhsRowStride : padded ? n + 5 : n;
    int64_t outStride = padded ? n + 7 : n;
    std::vector<uint8_t> lhs = randomBytes(m * lhsStride, rng);
    std::vector<uint8_t> rhs = randomBytes(k * rhsStride, rng);
    return Problem(m, n, k, lhsStride, rhsStride, outStride, signs,
                   std::move(lhs), std::move(rhs), rng);
  }

  std::string describe(bool accumulate) const {
    return "m=" + std::to_string(m) + " n=" + std::to_string(n) +
           " k=" + std::to_string(k) + " strides=" + std::to_string(lhsStride) +
           "," + std::to_string(rhsStride) + "," + std::to_string(outStride) +
           " flags=" + std::to_string(signs) +
           (accumulate ? " accumulate" : "");
  }

  /// Runs `fn` and checks every output element and the padding; returns the
  /// number of mismatches (reporting the first few).
  int check(MatmulI8Fn fn, bool accumulate, std::mt19937 &rng) const {
    std::uniform_int_distribution<int32_t> garbage(
        std::numeric_limits<int32_t>::min(),
        std::numeric_limits<int32_t>::max());
    std::vector<int32_t> out(m * outStride);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < outStride; ++j)
        out[i * outStride + j] =
            j >= n ? padding
                   : (accumulate ? initial[i * outStride + j] : garbage(rng));
    fn(lhs.data(), lhsStride, rhs.data(), rhsStride, out.data(), outStride, m,
       n, k, signs | (accumulate ? LOOM_UKERNEL_ACCUMULATE : 0));
    int mismatches = 0;
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < outStride; ++j) {
        int32_t got = out[i * outStride + j];
        if (j >= n) {
          if (got != padding && mismatches++ < 3)
            ADD_FAILURE() << describe(accumulate) << ": padding at (" << i
                          << ", " << j << ") overwritten with " << got;
          continue;
        }
        int32_t want = product[i * n + j];
        if (accumulate)
          want = wrap(int64_t(initial[i * outStride + j]) + want);
        if (got != want && mismatches++ < 3)
          ADD_FAILURE() << describe(accumulate) << ": out(" << i << ", " << j
                        << ") = " << got << ", want " << want;
      }
    return mismatches;
  }

  int checkBoth(MatmulI8Fn fn, std::mt19937 &rng) const {
    return check(fn, /*accumulate=*/false, rng) +
           check(fn, /*accumulate=*/true, rng);
  }
};

class UkernelMatmulI8Test
    : public testing::TestWithParam<std::tuple<Variant, Signedness>> {};

// Sizes around the register tiles, every k modulo 4 and 64, and zero.
TEST_P(UkernelMatmulI8Test, MatchesReferenceOnEveryShape) {
  const auto &[variant, signedness] = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::mt19937 rng(signedness.flags + 1);
  for (int64_t m : {0, 1, 2, 5, 6, 7, 11, 12, 13, 25})
    for (int64_t n : {0, 1, 3, 8, 9, 15, 16, 17, 31, 32, 33, 48, 65, 129})
      for (int64_t k : {0, 1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 130})
        for (bool padded : {false, true}) {
          Problem problem =
              Problem::random(m, n, k, padded, signedness.flags, rng);
          if (problem.checkBoth(variant.fn, rng))
            return; // One failing shape says enough.
        }
}

// Depths across one and several k blocks (256 and 512) with ragged last
// blocks, widths across the column blocks (128 and 384), row counts across
// several row tiles; padded rows, and rhs rows a page apart.
TEST_P(UkernelMatmulI8Test, MatchesReferenceAcrossCacheBlocks) {
  const auto &[variant, signedness] = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::mt19937 rng(signedness.flags + 17);
  struct Shape {
    int64_t m, n, k, rhsStride;
  };
  for (Shape shape :
       {Shape{13, 400, 1100, 0}, Shape{25, 130, 513, 0}, Shape{3, 385, 257, 0},
        Shape{30, 129, 1030, 0}, Shape{37, 70, 511, 4096},
        Shape{1, 777, 1029, 0}, Shape{64, 64, 2048, 0}})
    for (bool padded : {false, true}) {
      Problem problem = Problem::random(shape.m, shape.n, shape.k, padded,
                                        signedness.flags, rng, shape.rhsStride);
      if (problem.checkBoth(variant.fn, rng))
        return;
    }
}

// Every operand at its extremes (-128 and 127 signed, 0, 128 and 255
// unsigned: 128 is the byte that the VNNI kernel's bias turns into 0), all
// one value or a random mix, over a depth at which every product sum
// passes 2^31 (16384 x 140001 > 2^31; 65025 x 140001 > 2 x 2^32), so the
// int32 results wrap and must equal the reference modulo 2^32.
TEST_P(UkernelMatmulI8Test, ExtremeValuesWrapAsTheReference) {
  const auto &[variant, signedness] = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::mt19937 rng(signedness.flags + 33);
  const int64_t m = 13, n = 17, k = 140001;
  bool lhsUnsigned = signedness.flags & LOOM_UKERNEL_LHS_UNSIGNED;
  bool rhsUnsigned = signedness.flags & LOOM_UKERNEL_RHS_UNSIGNED;
  std::vector<uint8_t> signedExtremes = {0x80, 0x7f};
  std::vector<uint8_t> unsignedExtremes = {0x00, 0xff, 0x80};
  const std::vector<uint8_t> &lhsValues =
      lhsUnsigned ? unsignedExtremes : signedExtremes;
  const std::vector<uint8_t> &rhsValues =
      rhsUnsigned ? unsignedExtremes : signedExtremes;
  // A fill of count bytes: one of the values, or (index -1) a random mix.
  auto fill = [&](int64_t count, const std::vector<uint8_t> &values,
                  int index) {
    std::vector<uint8_t> bytes(count);
    std::uniform_int_distribution<size_t> pick(0, values.size() - 1);
    for (uint8_t &b : bytes)
      b = index < 0 ? values[pick(rng)] : values[index];
    return bytes;
  };
  struct Fill {
    int lhs, rhs;
  };
  std::vector<Fill> fills = {{-1, -1}};
  for (int a = 0; a < int(lhsValues.size()); ++a)
    for (int b = 0; b < int(rhsValues.size()); ++b)
      if (lhsValues[a] != 0 && rhsValues[b] != 0)
        fills.push_back({a, b});
  for (Fill f : fills) {
    Problem problem(m, n, k, k, n, n, signedness.flags,
                    fill(m * k, lhsValues, f.lhs),
                    fill(k * n, rhsValues, f.rhs), rng);
    if (problem.checkBoth(variant.fn, rng))
      return;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Variants, UkernelMatmulI8Test,
    testing::Combine(testing::ValuesIn(variants),
                     testing::ValuesIn(signednesses)),
    [](const testing::TestParamInfo<UkernelMatmulI8Test::ParamType> &info) {
      return std::string(std::get<0>(info.param).name) + "_" +
             std::get<1>(info.param).name;
    });

class UkernelMatmulI8VariantTest : public testing::TestWithParam<Variant> {};

using loom::test::Guarded;

// The masked loads and the edge copies read nothing past the last element
// of lhs (its last row's k bytes) or rhs (its last row's n bytes), and write
// nothing past out's last element: each ends right before a guard page.
TEST_P(UkernelMatmulI8VariantTest, TouchesNothingPastTheOperands) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  std::mt19937 rng(3);
  for (int64_t m : {1, 5, 13})
    for (int64_t n : {1, 7, 17, 33, 65})
      for (int64_t k : {1, 3, 5, 63, 66, 515})
        for (bool padded : {false, true})
          for (const Signedness &signedness : signednesses) {
            Problem problem =
                Problem::random(m, n, k, padded, signedness.flags, rng);
            int64_t lhsCount = (m - 1) * problem.lhsStride + k;
            int64_t rhsCount = (k - 1) * problem.rhsStride + n;
            int64_t outCount = (m - 1) * problem.outStride + n;
            Guarded<uint8_t> lhs(lhsCount), rhs(rhsCount);
            Guarded<int32_t> out(outCount);
            std::memcpy(lhs.data(), problem.lhs.data(), lhsCount);
            std::memcpy(rhs.data(), problem.rhs.data(), rhsCount);
            variant.fn(lhs.data(), problem.lhsStride, rhs.data(),
                       problem.rhsStride, out.data(), problem.outStride, m, n,
                       k, signedness.flags);
            for (int64_t i = 0; i < m; ++i)
              for (int64_t j = 0; j < n; ++j)
                ASSERT_EQ(out.data()[i * problem.outStride + j],
                          problem.product[i * n + j])
                    << problem.describe(false) << " at (" << i << ", " << j
                    << ")";
          }
}

// k == 0 is an empty sum: zeros unless accumulating, then out unchanged.
// With m or n zero nothing is touched (and no operand read).
TEST_P(UkernelMatmulI8VariantTest, EmptyProductsWriteZerosOrNothing) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  for (uint32_t signs : {0u, 6u}) {
    std::vector<int32_t> out(3 * 5, 77);
    variant.fn(nullptr, 0, nullptr, 4, out.data(), 5, 3, 4, 0, signs);
    for (int64_t i = 0; i < 3; ++i)
      for (int64_t j = 0; j < 5; ++j)
        EXPECT_EQ(out[i * 5 + j], j < 4 ? 0 : 77) << i << ", " << j;
    std::vector<int32_t> kept(3 * 4, -5);
    variant.fn(nullptr, 0, nullptr, 4, kept.data(), 4, 3, 4, 0,
               signs | LOOM_UKERNEL_ACCUMULATE);
    for (int32_t v : kept)
      EXPECT_EQ(v, -5);
    std::vector<int32_t> untouched(16, 99);
    variant.fn(nullptr, 8, nullptr, 4, untouched.data(), 4, 0, 4, 8, signs);
    variant.fn(nullptr, 8, nullptr, 0, untouched.data(), 0, 4, 0, 8, signs);
    for (int32_t v : untouched)
      EXPECT_EQ(v, 99);
  }
}

// Workgroups call the kernel concurrently; each thread here multiplies its
// own problem several times while the others run.
TEST_P(UkernelMatmulI8VariantTest, ConcurrentCallsDoNotInterfere) {
  const Variant &variant = GetParam();
  LOOM_SKIP_UNSUPPORTED(variant);
  constexpr int threadCount = 4;
  std::vector<Problem> problems;
  std::mt19937 rng(7);
  for (int t = 0; t < threadCount; ++t)
    problems.push_back(Problem::random(65 + t, 129 - t, 600, /*padded=*/t % 2,
                                       signednesses[t].flags, rng));
  std::vector<int> mismatches(threadCount);
  std::vector<std::thread> threads;
  for (int t = 0; t < threadCount; ++t)
    threads.emplace_back([&, t] {
      std::mt19937 local(t);
      for (int repeat = 0; repeat < 6; ++repeat)
        mismatches[t] += problems[t].check(variant.fn, repeat % 2, local);
    });
  for (std::thread &thread : threads)
    thread.join();
  for (int t = 0; t < threadCount; ++t)
    EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

INSTANTIATE_TEST_SUITE_P(Variants, UkernelMatmulI8VariantTest,
                         testing::ValuesIn(variants),
                         [](const testing::TestParamInfo<Variant> &info) {
                           return std::string(info.param.name);
                         });

} // namespace
