//===- UkernelDataShapedTest.cpp - NonZero and Compress micro-kernels -----===//
//
// Part of the Loom project.
//
// loom_ukernel_nonzero and loom_ukernel_compress against naive references
// on random inputs of several shapes and element sizes, empty results
// included, and the -1 they write into dims when a result would not fit.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/ukernels/loom_ukernels.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

namespace {

/// The [rank, n] indices of the nonzero elements, the naive way.
std::vector<int64_t> referenceNonZero(const std::vector<float> &x,
                                      const std::vector<int64_t> &shape) {
  std::vector<std::vector<int64_t>> found;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] == 0.0f)
      continue;
    std::vector<int64_t> index(shape.size());
    size_t rest = i;
    for (size_t d = shape.size(); d-- > 0;) {
      index[d] = static_cast<int64_t>(rest % shape[d]);
      rest /= shape[d];
    }
    found.push_back(index);
  }
  std::vector<int64_t> out;
  for (size_t d = 0; d < shape.size(); ++d)
    for (const auto &index : found)
      out.push_back(index[d]);
  return out;
}

TEST(UkernelDataShapedTest, NonZeroMatchesReference) {
  std::mt19937 rng(7);
  const std::vector<std::vector<int64_t>> shapes = {
      {1}, {7}, {3, 4}, {2, 3, 5}, {2, 1, 3, 2}, {0, 3}};
  for (const auto &shape : shapes)
    for (float density : {0.0f, 0.3f, 1.0f}) {
      int64_t numel = 1;
      for (int64_t d : shape)
        numel *= d;
      std::vector<float> x(numel);
      std::bernoulli_distribution nonzero(density);
      for (float &v : x)
        v = nonzero(rng) ? 1.5f : (rng() % 2 ? 0.0f : -0.0f);
      int64_t rank = static_cast<int64_t>(shape.size());
      int64_t bound = rank * numel;
      std::vector<int64_t> values(bound, 99), dims(2, 99);
      loom_ukernel_nonzero(x.data(), 4, 1, shape.data(), rank, values.data(),
                           bound, dims.data());
      std::vector<int64_t> expected = referenceNonZero(x, shape);
      ASSERT_EQ(dims[0], rank);
      ASSERT_EQ(dims[1] * rank, static_cast<int64_t>(expected.size()));
      EXPECT_EQ(std::vector<int64_t>(values.begin(),
                                     values.begin() + expected.size()),
                expected);
      for (size_t i = expected.size(); i < values.size(); ++i)
        EXPECT_EQ(values[i], 0) << "padding at " << i;
    }
}

TEST(UkernelDataShapedTest, NonZeroReadsIntegersWhole) {
  // 0x80 is a nonzero i8 (only floats ignore the sign bit); NaN is nonzero.
  const int8_t bytes[] = {0, -128, 1, 0};
  const int64_t shape[] = {4};
  int64_t values[4], dims[2];
  loom_ukernel_nonzero(bytes, 1, 0, shape, 1, values, 4, dims);
  EXPECT_EQ(dims[1], 2);
  EXPECT_EQ(values[0], 1);
  EXPECT_EQ(values[1], 2);
  const double floats[] = {-0.0, __builtin_nan(""), 0.0};
  const int64_t three[] = {3};
  loom_ukernel_nonzero(floats, 8, 1, three, 1, values, 3, dims);
  EXPECT_EQ(dims[1], 1);
  EXPECT_EQ(values[0], 1);
}

TEST(UkernelDataShapedTest, NonZeroAboveTheBoundWritesMinusOne) {
  const float x[] = {1, 2, 3};
  const int64_t shape[] = {3};
  int64_t values[2] = {5, 5}, dims[2];
  loom_ukernel_nonzero(x, 4, 1, shape, 1, values, 2, dims);
  EXPECT_EQ(dims[0], -1);
  EXPECT_EQ(values[0], 5) << "nothing is written past a bound";
}

TEST(UkernelDataShapedTest, CompressMatchesReference) {
  std::mt19937 rng(11);
  // [outer, size, inner] around the axis, and the condition's length.
  const int64_t cases[][4] = {{1, 6, 1, 6}, {1, 6, 1, 3}, {3, 4, 2, 4},
                              {2, 5, 3, 2}, {4, 3, 1, 3}, {2, 0, 3, 0}};
  for (const auto &c : cases)
    for (int fill = 0; fill < 3; ++fill) {
      int64_t outer = c[0], size = c[1], inner = c[2], length = c[3];
      std::vector<int32_t> x(outer * size * inner);
      for (int32_t &v : x)
        v = static_cast<int32_t>(rng() % 1000);
      std::vector<uint8_t> condition(length);
      for (uint8_t &flag : condition)
        flag = fill == 0 ? 0 : fill == 1 ? 1 : uint8_t(rng() % 2);
      std::vector<int32_t> expected;
      for (int64_t o = 0; o < outer; ++o)
        for (int64_t s = 0; s < length; ++s)
          if (condition[s])
            for (int64_t i = 0; i < inner; ++i)
              expected.push_back(x[(o * size + s) * inner + i]);
      int64_t bound = outer * length * inner;
      std::vector<int32_t> values(bound + 1, 77);
      const int64_t shape[] = {outer, length, inner};
      int64_t dims[3];
      loom_ukernel_compress(x.data(), condition.data(), length, outer, size,
                            inner, 4, values.data(), bound, shape, 3, 1,
                            dims);
      int64_t kept = static_cast<int64_t>(expected.size()) /
                     std::max<int64_t>(outer * inner, 1);
      EXPECT_EQ(dims[0], outer);
      EXPECT_EQ(dims[1], outer * inner ? kept : dims[1]);
      EXPECT_EQ(dims[2], inner);
      EXPECT_EQ(std::vector<int32_t>(values.begin(),
                                     values.begin() + expected.size()),
                expected);
      for (int64_t i = expected.size(); i < bound; ++i)
        EXPECT_EQ(values[i], 0) << "padding at " << i;
      EXPECT_EQ(values[bound], 77) << "written past the bound";
    }
}

TEST(UkernelDataShapedTest, CompressAboveTheBoundWritesMinusOne) {
  const float x[] = {1, 2, 3};
  const uint8_t condition[] = {1, 1, 1};
  const int64_t shape[] = {3};
  float values[2] = {5, 5};
  int64_t dims[1];
  loom_ukernel_compress(x, condition, 3, 1, 3, 1, 4, values, 2, shape, 1, 0,
                        dims);
  EXPECT_EQ(dims[0], -1);
  EXPECT_EQ(values[0], 5);
}

} // namespace
