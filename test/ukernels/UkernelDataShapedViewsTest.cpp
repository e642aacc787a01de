//===- UkernelDataShapedViewsTest.cpp - Slice, TopK, Split micro-kernels -===//
//
// Part of the Loom project.
//
// The micro-kernels of views sized at run time (runtime_slice,
// runtime_topk, runtime_split) against naive references: random slices of
// several shapes and element sizes (negative and out-of-range bounds,
// negative steps, INT64 extremes), TopK's order (ties by lower index, NaN
// first, smallest, integers and f16), Split's parts, the zero padding after
// each result, and the code each writes into dims for invalid sizes.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/ukernels/loom_ukernels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

/// One axis of a slice, resolved to (first, step, size).
struct Resolved {
  int64_t first, step, size;
};

/// The ONNX Slice text, followed literally: a negative start or end adds
/// the size; the start is clamped to [0, d] (forward) or [0, d - 1]
/// (backward), the end to [0, d] or [-1, d - 1]; then the elements from the
/// start are counted one step at a time while before the end.
Resolved resolveAsOnnx(int64_t start, int64_t end, int64_t step, int64_t dim) {
  if (start < 0)
    start += dim;
  if (end < 0)
    end += dim;
  bool forward = step > 0;
  if (dim == 0)
    return {0, step, 0};
  start = std::clamp<int64_t>(start, 0, forward ? dim : dim - 1);
  end = std::clamp<int64_t>(end, forward ? 0 : -1, forward ? dim : dim - 1);
  int64_t size = 0;
  for (__int128 i = start; forward ? i < end : i > end; i += step)
    ++size;
  return {start, step, size};
}

/// The slice of x (row-major, shape) along the listed axes, naively.
template <typename T>
std::vector<T>
referenceSlice(const std::vector<T> &x, const std::vector<int64_t> &shape,
               const std::vector<Resolved> &axes, std::vector<int64_t> &dims) {
  size_t rank = shape.size();
  dims.assign(rank, 0);
  for (size_t d = 0; d < rank; ++d)
    dims[d] = axes[d].size;
  int64_t total = 1;
  for (int64_t d : dims)
    total *= d;
  std::vector<T> out;
  for (int64_t i = 0; i < total; ++i) {
    int64_t rest = i, offset = 0, pitch = 1;
    for (size_t d = rank; d-- > 0;) {
      int64_t index = rest % dims[d];
      rest /= dims[d];
      offset += (axes[d].first + index * axes[d].step) * pitch;
      pitch *= shape[d];
    }
    out.push_back(x[offset]);
  }
  return out;
}

TEST(UkernelRuntimeSlice, MatchesReference) {
  std::mt19937 rng(11);
  const std::vector<std::vector<int64_t>> shapes = {
      {7}, {3, 4}, {2, 3, 5}, {4, 1, 3, 2}, {20, 10, 5}, {0, 3}};
  const std::vector<int64_t> extremes = {kMax, kMin, 1000, -1000};
  for (const auto &shape : shapes) {
    int64_t rank = static_cast<int64_t>(shape.size()), numel = 1;
    for (int64_t d : shape)
      numel *= d;
    std::vector<int32_t> x(numel);
    std::iota(x.begin(), x.end(), 1);
    for (int trial = 0; trial < 50; ++trial) {
      // A random subset of the axes, in random order, some negative.
      std::vector<int64_t> order(rank);
      std::iota(order.begin(), order.end(), 0);
      std::shuffle(order.begin(), order.end(), rng);
      int64_t count = 1 + static_cast<int64_t>(rng() % rank);
      std::vector<int64_t> starts, ends, axes, steps;
      std::vector<Resolved> resolved;
      for (int64_t d = 0; d < rank; ++d)
        resolved.push_back({0, 1, shape[d]});
      for (int64_t i = 0; i < count; ++i) {
        int64_t axis = order[i], dim = shape[axis];
        auto bound = [&]() -> int64_t {
          if (rng() % 5 == 0)
            return extremes[rng() % extremes.size()];
          return static_cast<int64_t>(rng() % (2 * dim + 5)) - dim - 2;
        };
        int64_t step = static_cast<int64_t>(rng() % 7) - 3;
        if (step == 0)
          step = rng() % 2 ? kMax : kMin;
        starts.push_back(bound());
        ends.push_back(bound());
        steps.push_back(step);
        axes.push_back(rng() % 2 ? axis : axis - rank);
        resolved[axis] = resolveAsOnnx(starts.back(), ends.back(), step, dim);
      }
      std::vector<int64_t> expectedDims;
      std::vector<int32_t> expected =
          referenceSlice(x, shape, resolved, expectedDims);
      int64_t bound = std::max<int64_t>(numel, 1);
      std::vector<int32_t> values(bound, -7);
      std::vector<int64_t> dims(rank, -9);
      loom_ukernel_runtime_slice(x.data(), shape.data(), rank, 4, starts.data(),
                                 ends.data(), axes.data(), steps.data(), count,
                                 values.data(), bound, dims.data());
      ASSERT_EQ(dims, expectedDims)
          << "shape rank " << rank << " trial " << trial;
      for (size_t i = 0; i < expected.size(); ++i)
        ASSERT_EQ(values[i], expected[i]) << "element " << i;
      for (size_t i = expected.size(); i < values.size(); ++i)
        ASSERT_EQ(values[i], 0) << "padding " << i;
    }
  }
}

TEST(UkernelRuntimeSlice, CopiesEachElementSize) {
  // [2, 3] of 1, 2 and 8 bytes: columns 2 and 0 of each row.
  const std::vector<int64_t> shape = {2, 3};
  int64_t starts[] = {-1}, ends[] = {kMin}, axes[] = {1}, steps[] = {-2};
  std::vector<int64_t> dims(2);
  std::vector<uint8_t> bytes = {1, 2, 3, 4, 5, 6}, byteOut(6);
  loom_ukernel_runtime_slice(bytes.data(), shape.data(), 2, 1, starts, ends,
                             axes, steps, 1, byteOut.data(), 6, dims.data());
  EXPECT_EQ(dims, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(byteOut, (std::vector<uint8_t>{3, 1, 6, 4, 0, 0}));
  std::vector<uint16_t> halves = {1, 2, 3, 4, 5, 6}, halfOut(6);
  loom_ukernel_runtime_slice(halves.data(), shape.data(), 2, 2, starts, ends,
                             axes, steps, 1, halfOut.data(), 6, dims.data());
  EXPECT_EQ(halfOut, (std::vector<uint16_t>{3, 1, 6, 4, 0, 0}));
  std::vector<double> wide = {1, 2, 3, 4, 5, 6}, wideOut(6);
  loom_ukernel_runtime_slice(wide.data(), shape.data(), 2, 8, starts, ends,
                             axes, steps, 1, wideOut.data(), 6, dims.data());
  EXPECT_EQ(wideOut, (std::vector<double>{3, 1, 6, 4, 0, 0}));
}

TEST(UkernelRuntimeSlice, InvalidAxesAndStepsWriteTheirCode) {
  const std::vector<int64_t> shape = {2, 3};
  std::vector<float> x(6, 1.0f), out(6, 5.0f);
  auto run = [&](std::vector<int64_t> axes, std::vector<int64_t> steps) {
    std::vector<int64_t> starts(axes.size(), 0), ends(axes.size(), 2);
    std::vector<int64_t> dims(2, 0);
    loom_ukernel_runtime_slice(x.data(), shape.data(), 2, 4, starts.data(),
                               ends.data(), axes.data(), steps.data(),
                               static_cast<int64_t>(axes.size()), out.data(), 6,
                               dims.data());
    return dims;
  };
  std::vector<int64_t> invalid(2, LOOM_UKERNEL_INVALID_SLICE);
  EXPECT_EQ(run({2}, {1}), invalid);           // past the rank
  EXPECT_EQ(run({-3}, {1}), invalid);          // before -rank
  EXPECT_EQ(run({0, -2}, {1, 1}), invalid);    // axis 0 twice
  EXPECT_EQ(run({1}, {0}), invalid);           // step 0
  EXPECT_EQ(out, std::vector<float>(6, 5.0f)); // left as it was
  EXPECT_EQ(run({-1}, {1}), (std::vector<int64_t>{2, 2}));
}

/// TopK along `axis` of x [outer, size, inner], the first k of a stable
/// sort.
template <typename T, typename Before>
void referenceTopK(const std::vector<T> &x, int64_t outer, int64_t size,
                   int64_t inner, int64_t k, Before before,
                   std::vector<T> &values, std::vector<int64_t> &indices) {
  values.clear();
  indices.clear();
  values.resize(outer * k * inner);
  indices.resize(outer * k * inner);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t n = 0; n < inner; ++n) {
      std::vector<int64_t> order(size);
      std::iota(order.begin(), order.end(), 0);
      auto at = [&](int64_t i) { return x[(o * size + i) * inner + n]; };
      std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return before(at(a), at(b));
      });
      for (int64_t i = 0; i < k; ++i) {
        values[(o * k + i) * inner + n] = at(order[i]);
        indices[(o * k + i) * inner + n] = order[i];
      }
    }
}

TEST(UkernelRuntimeTopK, MatchesReference) {
  std::mt19937 rng(5);
  // (outer, size, inner) around the axis.
  const std::vector<std::vector<int64_t>> views = {
      {1, 7, 1}, {3, 4, 1}, {2, 5, 3}, {1, 33, 2}, {4, 1, 1}};
  for (const auto &view : views) {
    int64_t outer = view[0], size = view[1], inner = view[2];
    int64_t numel = outer * size * inner;
    // Few distinct values, so that ties are common.
    std::vector<int32_t> x(numel);
    for (int32_t &v : x)
      v = static_cast<int32_t>(rng() % 5) - 2;
    const std::vector<int64_t> shape = {outer, size, inner};
    std::vector<int64_t> scratch(2 * size);
    for (int64_t largest : {0, 1})
      for (int64_t k = 0; k <= size; ++k) {
        std::vector<int32_t> expected;
        std::vector<int64_t> expectedIndices;
        referenceTopK(
            x, outer, size, inner, k,
            [&](int32_t a, int32_t b) { return largest ? a > b : a < b; },
            expected, expectedIndices);
        std::vector<int32_t> values(numel, 9);
        std::vector<int64_t> indices(numel, 9), dims(3);
        loom_ukernel_runtime_topk(x.data(), 4, LOOM_UKERNEL_SIGNED, outer, size,
                                  inner, shape.data(), 3, 1, &k, largest,
                                  values.data(), indices.data(), numel,
                                  scratch.data(), dims.data());
        ASSERT_EQ(dims, (std::vector<int64_t>{outer, k, inner}));
        for (size_t i = 0; i < expected.size(); ++i) {
          ASSERT_EQ(values[i], expected[i]) << "k " << k << " element " << i;
          ASSERT_EQ(indices[i], expectedIndices[i]) << "k " << k;
        }
        for (size_t i = expected.size(); i < values.size(); ++i) {
          ASSERT_EQ(values[i], 0);
          ASSERT_EQ(indices[i], 0);
        }
      }
  }
}

TEST(UkernelRuntimeTopK, OrdersFloatsTiesAndNaNAsONNX) {
  float nan = std::nanf("");
  std::vector<float> x = {1.0f, nan, 3.0f, -0.0f, 3.0f, 0.0f, nan};
  const int64_t shape[] = {7};
  std::vector<float> values(7);
  std::vector<int64_t> indices(7), dims(1), scratch(14);
  int64_t k = 5;
  loom_ukernel_runtime_topk(x.data(), 4, LOOM_UKERNEL_FLOAT, 1, 7, 1, shape, 1,
                            0, &k, 1, values.data(), indices.data(), 7,
                            scratch.data(), dims.data());
  EXPECT_EQ(dims, (std::vector<int64_t>{5}));
  // NaNs first (by index), then 3 (index 2 before 4), then 1.
  EXPECT_EQ(indices, (std::vector<int64_t>{1, 6, 2, 4, 0, 0, 0}));
  loom_ukernel_runtime_topk(x.data(), 4, LOOM_UKERNEL_FLOAT, 1, 7, 1, shape, 1,
                            0, &k, 0, values.data(), indices.data(), 7,
                            scratch.data(), dims.data());
  // Smallest: -0.0 and 0.0 equal (index 3 before 5), then 1, 3, 3.
  EXPECT_EQ(indices, (std::vector<int64_t>{3, 5, 0, 2, 4, 0, 0}));
  EXPECT_EQ(values[4], 3.0f);
}

TEST(UkernelRuntimeTopK, ReadsHalvesAndUnsigned) {
  // f16 bits of 1.0, -2.0, 0.5, 65504 and +inf.
  std::vector<uint16_t> halves = {0x3c00, 0xc000, 0x3800, 0x7bff, 0x7c00};
  const int64_t shape[] = {5};
  std::vector<uint16_t> values(5);
  std::vector<int64_t> indices(5), dims(1), scratch(10);
  int64_t k = 3;
  loom_ukernel_runtime_topk(halves.data(), 2, LOOM_UKERNEL_F16, 1, 5, 1, shape,
                            1, 0, &k, 1, values.data(), indices.data(), 5,
                            scratch.data(), dims.data());
  EXPECT_EQ(indices, (std::vector<int64_t>{4, 3, 0, 0, 0}));
  EXPECT_EQ(values, (std::vector<uint16_t>{0x7c00, 0x7bff, 0x3c00, 0, 0}));
  std::vector<uint8_t> bytes = {200, 3, 255, 0, 128};
  std::vector<uint8_t> byteValues(5);
  loom_ukernel_runtime_topk(bytes.data(), 1, LOOM_UKERNEL_UNSIGNED, 1, 5, 1,
                            shape, 1, 0, &k, 1, byteValues.data(),
                            indices.data(), 5, scratch.data(), dims.data());
  EXPECT_EQ(byteValues, (std::vector<uint8_t>{255, 200, 128, 0, 0}));
}

TEST(UkernelRuntimeTopK, KOutsideTheAxisWritesItsCode) {
  std::vector<float> x(12, 1.0f), values(12, 5.0f);
  const int64_t shape[] = {3, 4};
  std::vector<int64_t> indices(12), dims(2), scratch(8);
  std::vector<int64_t> invalid(2, LOOM_UKERNEL_INVALID_TOPK);
  for (int64_t k : {int64_t{5}, int64_t{-1}, kMax}) {
    loom_ukernel_runtime_topk(x.data(), 4, LOOM_UKERNEL_FLOAT, 3, 4, 1, shape,
                              2, 1, &k, 1, values.data(), indices.data(), 12,
                              scratch.data(), dims.data());
    EXPECT_EQ(dims, invalid) << "k " << k;
  }
  EXPECT_EQ(values, std::vector<float>(12, 5.0f));
}

TEST(UkernelRuntimeSplit, CopiesEachPart) {
  // [2, 6] along axis 1 into 2, 0 and 4 columns.
  std::vector<float> x(12);
  std::iota(x.begin(), x.end(), 1.0f);
  const int64_t shape[] = {2, 6};
  const int64_t split[] = {2, 0, 4};
  const std::vector<std::vector<float>> expected = {
      {1, 2, 7, 8}, {}, {3, 4, 5, 6, 9, 10, 11, 12}};
  for (int64_t part = 0; part < 3; ++part) {
    std::vector<float> values(12, -1.0f);
    std::vector<int64_t> dims(2);
    loom_ukernel_runtime_split(x.data(), 4, 2, 6, 1, shape, 2, 1, split, 3,
                               part, values.data(), 12, dims.data());
    EXPECT_EQ(dims, (std::vector<int64_t>{2, split[part]}));
    std::vector<float> want = expected[part];
    want.resize(12, 0.0f);
    EXPECT_EQ(values, want) << "part " << part;
  }
}

TEST(UkernelRuntimeSplit, InvalidSizesWriteTheirCode) {
  std::vector<float> x(6, 1.0f), values(6, 5.0f);
  const int64_t shape[] = {6};
  std::vector<int64_t> invalid(1, LOOM_UKERNEL_INVALID_SPLIT);
  const std::vector<std::vector<int64_t>> splits = {
      {2, 3}, {4, 4}, {7, -1}, {kMax, kMax}, {-6, 12}};
  for (const auto &split : splits)
    for (int64_t part = 0; part < 2; ++part) {
      std::vector<int64_t> dims(1);
      loom_ukernel_runtime_split(x.data(), 4, 1, 6, 1, shape, 1, 0,
                                 split.data(), 2, part, values.data(), 6,
                                 dims.data());
      EXPECT_EQ(dims, invalid) << split[0] << ", " << split[1];
    }
  EXPECT_EQ(values, std::vector<float>(6, 5.0f));
}

} // namespace
