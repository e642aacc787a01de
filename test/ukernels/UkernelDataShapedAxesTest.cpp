//===- UkernelDataShapedAxesTest.cpp - Run-time axes micro-kernels --------===//
//
// Part of the Loom project.
//
// loom_ukernel_runtime_reshape_axes (Unsqueeze, Squeeze) and
// loom_ukernel_runtime_reduce_sum against naive references: the shapes they
// resolve, the bytes they copy, sums over every set of axes of random
// inputs (f32, f64, i32 wrapping, i64), and LOOM_UKERNEL_INVALID_AXES for
// axes out of range, repeated, or squeezing a dimension that is not 1; and
// loom_ukernel_runtime_pad in each mode, cropping, and its error codes.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/ukernels/loom_ukernels.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace {

using Dims = std::vector<int64_t>;

/// Runs the reshape kernel on `shape` (f32 elements 0.5, 1.5, ...) and
/// checks the copy; returns the dims it wrote.
Dims reshapeAxes(const Dims &shape, const Dims &axes, bool squeeze) {
  int64_t numel = 1;
  for (int64_t dim : shape)
    numel *= dim;
  int64_t rank = static_cast<int64_t>(shape.size());
  int64_t count = static_cast<int64_t>(axes.size());
  int64_t resultRank = squeeze ? rank - count : rank + count;
  std::vector<float> x(numel), values(numel + 1, -7.0f);
  for (int64_t i = 0; i < numel; ++i)
    x[i] = static_cast<float>(i) + 0.5f;
  Dims marked(rank + count, 42), dims(resultRank, 99);
  loom_ukernel_runtime_reshape_axes(x.data(), shape.data(), rank, numel, 4,
                                    axes.data(), count, squeeze,
                                    marked.data(), values.data(),
                                    dims.data());
  bool invalid = !dims.empty() && dims[0] == LOOM_UKERNEL_INVALID_AXES;
  for (int64_t i = 0; i < numel; ++i)
    EXPECT_EQ(values[i], invalid ? -7.0f : x[i]) << i;
  EXPECT_EQ(values[numel], -7.0f) << "past the copy";
  return dims;
}

TEST(UkernelRuntimeAxes, Unsqueeze) {
  EXPECT_EQ(reshapeAxes({3, 4, 5}, {0}, false), (Dims{1, 3, 4, 5}));
  EXPECT_EQ(reshapeAxes({3, 4, 5}, {-1}, false), (Dims{3, 4, 5, 1}));
  EXPECT_EQ(reshapeAxes({3, 4, 5}, {4, 1}, false), (Dims{3, 1, 4, 5, 1}));
  EXPECT_EQ(reshapeAxes({3, 4, 5}, {2, 0, -2}, false),
            (Dims{1, 3, 1, 4, 1, 5}));
}

TEST(UkernelRuntimeAxes, Squeeze) {
  EXPECT_EQ(reshapeAxes({1, 3, 1, 5}, {0}, true), (Dims{3, 1, 5}));
  EXPECT_EQ(reshapeAxes({1, 3, 1, 5}, {-2, 0}, true), (Dims{3, 5}));
}

TEST(UkernelRuntimeAxes, InvalidAxesWriteTheCode) {
  Dims invalid3(3, LOOM_UKERNEL_INVALID_AXES), invalid4(4, invalid3[0]);
  EXPECT_EQ(reshapeAxes({3, 4, 5}, {4}, false), invalid4);   // out of range
  EXPECT_EQ(reshapeAxes({3, 4, 5}, {-5}, false), invalid4);  // out of range
  EXPECT_EQ(reshapeAxes({3, 4, 5}, {1, -4}, false),          // repeated
            Dims(5, LOOM_UKERNEL_INVALID_AXES));
  EXPECT_EQ(reshapeAxes({1, 3, 1, 5}, {1}, true), invalid3); // size 3
  EXPECT_EQ(reshapeAxes({1, 3, 1, 5}, {4}, true), invalid3); // out of range
  EXPECT_EQ(reshapeAxes({1, 3, 1, 5}, {0, -4}, true),        // repeated
            (Dims{LOOM_UKERNEL_INVALID_AXES, LOOM_UKERNEL_INVALID_AXES}));
}

/// The sums over `reduced` (a flag per dimension) the naive way: for each
/// output element, its inputs in row-major order of the reduced
/// dimensions.
template <typename T>
std::vector<T> referenceSum(const std::vector<T> &x, const Dims &shape,
                            const std::vector<bool> &reduced) {
  int64_t rank = static_cast<int64_t>(shape.size());
  int64_t outputs = 1;
  for (int64_t d = 0; d < rank; ++d)
    if (!reduced[d])
      outputs *= shape[d];
  std::vector<T> sums(outputs, T(0));
  Dims index(rank, 0);
  for (size_t i = 0; i < x.size(); ++i) {
    int64_t position = 0;
    for (int64_t d = 0; d < rank; ++d)
      if (!reduced[d])
        position = position * shape[d] + index[d];
    sums[position] = static_cast<T>(sums[position] + x[i]);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return sums;
}

/// Every non-empty set of axes of `shape`, each kept and dropped, on
/// random `T`s: values and dims equal the reference's, zeros after them.
template <typename T>
void checkEverySum(const Dims &shape, int64_t kind, std::mt19937 &random) {
  int64_t rank = static_cast<int64_t>(shape.size());
  int64_t numel = 1;
  for (int64_t dim : shape)
    numel *= dim;
  std::vector<T> x(numel);
  std::uniform_int_distribution<int> pick(-1000, 1000);
  for (T &value : x)
    value = kind == LOOM_UKERNEL_FLOAT ? static_cast<T>(pick(random) / 7.0)
                                       : static_cast<T>(pick(random)) *
                                             static_cast<T>(1 << 21);
  for (int64_t mask = 1; mask < (int64_t(1) << rank); ++mask) {
    for (bool keep : {true, false}) {
      std::vector<bool> reduced(rank);
      Dims axes, expectedDims;
      for (int64_t d = 0; d < rank; ++d) {
        reduced[d] = (mask >> d) & 1;
        if (reduced[d])
          axes.push_back(d % 2 ? d - rank : d); // negative ones too
        if (!reduced[d] || keep)
          expectedDims.push_back(reduced[d] ? 1 : shape[d]);
      }
      if (expectedDims.empty())
        continue; // a result of rank 0 is refused on import
      std::vector<T> values(numel + 1, T(7)), expected =
                                                 referenceSum(x, shape, reduced);
      Dims marked(rank), index(rank), dims(expectedDims.size(), 99);
      loom_ukernel_runtime_reduce_sum(
          x.data(), shape.data(), rank, numel, kind, sizeof(T), axes.data(),
          static_cast<int64_t>(axes.size()), keep, marked.data(),
          index.data(), values.data(), numel, dims.data());
      EXPECT_EQ(dims, expectedDims) << mask;
      for (size_t i = 0; i < expected.size(); ++i)
        EXPECT_EQ(values[i], expected[i]) << mask << " " << i;
      for (int64_t i = static_cast<int64_t>(expected.size()); i < numel; ++i)
        EXPECT_EQ(values[i], T(0)) << "zero past the sums";
      EXPECT_EQ(values[numel], T(7)) << "past the bound";
    }
  }
}

TEST(UkernelRuntimeAxes, ReduceSumOverEverySetOfAxes) {
  std::mt19937 random(11);
  for (const Dims &shape : {Dims{3, 2, 2}, Dims{2, 3, 1, 4}, Dims{5}}) {
    checkEverySum<float>(shape, LOOM_UKERNEL_FLOAT, random);
    checkEverySum<double>(shape, LOOM_UKERNEL_FLOAT, random);
    // Large integers: the i32 sums wrap, as the evaluator's do.
    checkEverySum<uint32_t>(shape, LOOM_UKERNEL_SIGNED, random);
    checkEverySum<uint64_t>(shape, LOOM_UKERNEL_SIGNED, random);
  }
}

TEST(UkernelRuntimeAxes, ReduceSumInvalidAxesWriteTheCode) {
  Dims shape{3, 2, 2};
  std::vector<float> x(12, 1.0f), values(12, 5.0f);
  for (const Dims &axes : {Dims{3}, Dims{-4}, Dims{1, -2}}) {
    Dims marked(3), index(3), dims(3, 99);
    loom_ukernel_runtime_reduce_sum(x.data(), shape.data(), 3, 12,
                                    LOOM_UKERNEL_FLOAT, 4, axes.data(),
                                    static_cast<int64_t>(axes.size()), 1,
                                    marked.data(), index.data(), values.data(),
                                    12, dims.data());
    EXPECT_EQ(dims, Dims(3, LOOM_UKERNEL_INVALID_AXES));
    EXPECT_EQ(values[0], 5.0f) << "nothing written";
  }
}

/// Pads `x` (shape `shape`, i32) by `pads` in `mode` at `bound`, the naive
/// way: each result position's source, or the value.
struct PadResult {
  Dims dims;
  std::vector<int32_t> values;
};

PadResult runPad(const std::vector<int32_t> &x, const Dims &shape,
                 const Dims &pads, int64_t mode, const int32_t *value,
                 int64_t bound) {
  int64_t rank = static_cast<int64_t>(shape.size()), capacity = 1;
  for (int64_t d = 0; d < rank; ++d)
    capacity *= bound;
  PadResult result{Dims(rank, 99), std::vector<int32_t>(capacity + 1, -5)};
  Dims position(rank);
  loom_ukernel_runtime_pad(x.data(), shape.data(), rank, 4, pads.data(),
                           value, mode, bound, position.data(),
                           result.values.data(), capacity,
                           result.dims.data());
  EXPECT_EQ(result.values[capacity], -5) << "past the capacity";
  return result;
}

TEST(UkernelRuntimeAxes, PadModes) {
  std::vector<int32_t> x = {1, 2, 3, 4, 5, 6}; // 2x3
  int32_t seven = 7;
  PadResult constant =
      runPad(x, {2, 3}, {1, 0, 0, 1}, LOOM_UKERNEL_PAD_CONSTANT, &seven, 4);
  EXPECT_EQ(constant.dims, (Dims{3, 4}));
  EXPECT_EQ(std::vector<int32_t>(constant.values.begin(),
                                 constant.values.begin() + 16),
            (std::vector<int32_t>{7, 7, 7, 7, 1, 2, 3, 7, 4, 5, 6, 7, 0, 0,
                                  0, 0}));
  PadResult zeros =
      runPad(x, {2, 3}, {0, 1, 0, 0}, LOOM_UKERNEL_PAD_CONSTANT, nullptr, 4);
  EXPECT_EQ(zeros.dims, (Dims{2, 4}));
  EXPECT_EQ(zeros.values[0], 0);
  EXPECT_EQ(zeros.values[4], 0);
  PadResult edge =
      runPad(x, {2, 3}, {0, 2, 1, 0}, LOOM_UKERNEL_PAD_EDGE, nullptr, 8);
  EXPECT_EQ(edge.dims, (Dims{3, 5}));
  EXPECT_EQ(std::vector<int32_t>(edge.values.begin(), edge.values.begin() + 15),
            (std::vector<int32_t>{1, 1, 1, 2, 3, 4, 4, 4, 5, 6, 4, 4, 4, 5,
                                  6}));
  PadResult reflect =
      runPad(x, {2, 3}, {1, 2, 0, 2}, LOOM_UKERNEL_PAD_REFLECT, nullptr, 8);
  EXPECT_EQ(reflect.dims, (Dims{3, 7}));
  EXPECT_EQ(std::vector<int32_t>(reflect.values.begin(),
                                 reflect.values.begin() + 7),
            (std::vector<int32_t>{6, 5, 4, 5, 6, 5, 4}));
  PadResult crop =
      runPad(x, {2, 3}, {0, -1, -1, -1}, LOOM_UKERNEL_PAD_EDGE, nullptr, 4);
  EXPECT_EQ(crop.dims, (Dims{1, 1}));
  EXPECT_EQ(crop.values[0], 2);
}

TEST(UkernelRuntimeAxes, PadErrorsWriteTheirCodes) {
  std::vector<int32_t> x = {1, 2, 3, 4, 5, 6};
  auto code = [&](const Dims &pads, int64_t mode, int64_t bound) {
    PadResult result = runPad(x, {2, 3}, pads, mode, nullptr, bound);
    EXPECT_EQ(result.values[0], -5) << "the result is not written";
    return result.dims;
  };
  Dims above(2, LOOM_UKERNEL_ABOVE_MAX_DIM), invalid(2,
                                                     LOOM_UKERNEL_INVALID_PADS);
  EXPECT_EQ(code({0, 0, 0, 2}, LOOM_UKERNEL_PAD_CONSTANT, 4), above);
  EXPECT_EQ(code({0, -4, 0, 0}, LOOM_UKERNEL_PAD_CONSTANT, 4), invalid);
  EXPECT_EQ(code({0, 3, 0, 0}, LOOM_UKERNEL_PAD_REFLECT, 8), invalid);
  EXPECT_EQ(code({INT64_MAX, 0, INT64_MAX, 0}, LOOM_UKERNEL_PAD_CONSTANT, 8),
            above);
  std::vector<int32_t> none;
  Dims dims(1, 99), position(1);
  Dims shape{0}, pads{1, 0};
  std::vector<int32_t> values(4, -5);
  loom_ukernel_runtime_pad(none.data(), shape.data(), 1, 4, pads.data(),
                           nullptr, LOOM_UKERNEL_PAD_EDGE, 4, position.data(),
                           values.data(), 4, dims.data());
  EXPECT_EQ(dims, Dims(1, LOOM_UKERNEL_INVALID_PADS)) << "edge of nothing";
}

} // namespace
