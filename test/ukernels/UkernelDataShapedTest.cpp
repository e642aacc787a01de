//===- UkernelDataShapedTest.cpp - NonZero and Compress micro-kernels -----===//
//
// Part of the Loom project.
//
// The data-shaped micro-kernels (nonzero, compress, unique,
// non_max_suppression, reshape_to_shape) against naive references on random
// inputs of several shapes and element sizes, empty results included, the
// -1 they write into dims when a result would not fit, and the -2 of an
// invalid run-time reshape shape.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/ukernels/loom_ukernels.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <algorithm>
#include <cstring>
#include <map>
#include <random>
#include <tuple>
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

TEST(UkernelDataShapedTest, UniqueMatchesReference) {
  std::mt19937 rng(3);
  // [outer, slices, inner]; values from a small range, so slices repeat.
  const int64_t cases[][3] = {{1, 9, 1}, {1, 1, 1}, {2, 5, 3}, {3, 6, 1},
                              {1, 7, 2}, {1, 0, 1}};
  for (const auto &c : cases)
    for (int sorted = 0; sorted < 2; ++sorted) {
      int64_t outer = c[0], slices = c[1], inner = c[2];
      std::vector<int32_t> x(outer * slices * inner);
      for (int32_t &v : x)
        v = static_cast<int32_t>(rng() % 3) - 1;
      auto sliceOf = [&](int64_t s) {
        std::vector<int32_t> slice;
        for (int64_t o = 0; o < outer; ++o)
          for (int64_t i = 0; i < inner; ++i)
            slice.push_back(x[(o * slices + s) * inner + i]);
        return slice;
      };
      // The reference: first positions and counts by slice value.
      std::map<std::vector<int32_t>, std::pair<int64_t, int64_t>> seen;
      std::vector<std::vector<int32_t>> order;
      for (int64_t s = 0; s < slices; ++s) {
        auto [it, fresh] = seen.try_emplace(sliceOf(s), s, 0);
        ++it->second.second;
        if (fresh)
          order.push_back(it->first);
      }
      if (sorted)
        std::sort(order.begin(), order.end());
      int64_t n = static_cast<int64_t>(order.size());
      int64_t bound = outer * slices * inner;
      std::vector<int32_t> values(bound + 1, 55);
      std::vector<int64_t> indices(slices + 1, -5), inverse(slices + 1, -5),
          counts(slices + 1, -5);
      const int64_t shape[] = {outer, slices, inner};
      int64_t dims[3], countDims[1];
      loom_ukernel_unique(x.data(), 4, LOOM_UKERNEL_SIGNED, outer, slices,
                          inner, sorted, values.data(), bound, shape, 3, 1,
                          dims, indices.data(), inverse.data(), counts.data(),
                          countDims);
      ASSERT_EQ(countDims[0], n);
      EXPECT_EQ(dims[0], outer);
      EXPECT_EQ(dims[1], n);
      EXPECT_EQ(dims[2], inner);
      for (int64_t k = 0; k < n; ++k) {
        EXPECT_EQ(indices[k], seen[order[k]].first);
        EXPECT_EQ(counts[k], seen[order[k]].second);
        for (int64_t o = 0; o < outer; ++o)
          for (int64_t i = 0; i < inner; ++i)
            EXPECT_EQ(values[(o * n + k) * inner + i],
                      order[k][o * inner + i]);
      }
      for (int64_t s = 0; s < slices; ++s)
        EXPECT_EQ(order[inverse[s]], sliceOf(s));
      EXPECT_EQ(values[bound], 55) << "written past the bound";
      EXPECT_EQ(indices[slices], -5) << "written past the slices";
    }
}

TEST(UkernelDataShapedTest, UniqueComparesFloatsByValue) {
  // -0.0 equals 0.0; NaNs are equal and sort last; -1 sorts first.
  const float x[] = {0.0f, __builtin_nanf(""), -0.0f, -1.0f,
                     __builtin_nanf("")};
  const int64_t shape[] = {5};
  float values[5];
  int64_t dims[1], indices[5], inverse[5], counts[5], n[1];
  loom_ukernel_unique(x, 4, LOOM_UKERNEL_FLOAT, 1, 5, 1, 1, values, 5, shape,
                      1, 0, dims, indices, inverse, counts, n);
  ASSERT_EQ(n[0], 3);
  EXPECT_EQ(values[0], -1.0f);
  EXPECT_EQ(values[1], 0.0f);
  EXPECT_NE(values[2], values[2]);
  EXPECT_EQ(counts[1], 2);
  EXPECT_EQ(counts[2], 2);
  EXPECT_EQ(inverse[2], 1);
  EXPECT_EQ(inverse[4], 2);
}

/// Greedy non-maximum suppression, the naive way: every candidate against
/// every kept box, in order of score.
std::vector<int64_t> referenceNms(const std::vector<float> &boxes,
                                  const std::vector<float> &scores,
                                  int64_t count, int64_t limit, float iou,
                                  float threshold) {
  std::vector<int64_t> order;
  for (int64_t i = 0; i < count; ++i)
    if (scores[i] > threshold)
      order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return scores[a] > scores[b];
  });
  auto area = [](const float *b) {
    return (std::max(b[0], b[2]) - std::min(b[0], b[2])) *
           (std::max(b[1], b[3]) - std::min(b[1], b[3]));
  };
  std::vector<int64_t> kept;
  for (int64_t i : order) {
    if (static_cast<int64_t>(kept.size()) >= limit)
      break;
    const float *a = &boxes[i * 4];
    bool suppressed = false;
    for (int64_t k : kept) {
      const float *b = &boxes[k * 4];
      double h = std::min<double>(std::max(a[0], a[2]), std::max(b[0], b[2])) -
                 std::max<double>(std::min(a[0], a[2]), std::min(b[0], b[2]));
      double w = std::min<double>(std::max(a[1], a[3]), std::max(b[1], b[3])) -
                 std::max<double>(std::min(a[1], a[3]), std::min(b[1], b[3]));
      if (h <= 0 || w <= 0 || area(a) <= 0 || area(b) <= 0)
        continue;
      double inter = h * w;
      suppressed |= inter / (double(area(a)) + area(b) - inter) > iou;
    }
    if (!suppressed)
      kept.push_back(i);
  }
  return kept;
}

TEST(UkernelDataShapedTest, NonMaxSuppressionMatchesReference) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> coordinate(0.0f, 10.0f);
  for (int64_t count : {0, 1, 6, 40})
    for (int64_t limit : {0, 3, 100}) {
      std::vector<float> boxes(count * 4), scores(count);
      for (float &v : boxes)
        v = coordinate(rng);
      for (float &v : scores)
        v = static_cast<float>(rng() % 8) / 8.0f; // ties happen
      const int64_t max[] = {limit};
      const float iou[] = {0.3f}, threshold[] = {0.2f};
      std::vector<int64_t> selected(count * 3 + 1, -7), scratch(count + 1);
      int64_t dims[2];
      loom_ukernel_non_max_suppression(
          boxes.data(), scores.data(), 1, 1, count, max, iou, threshold, 0,
          selected.data(), count, scratch.data(), dims);
      std::vector<int64_t> expected =
          referenceNms(boxes, scores, count, limit, 0.3f, 0.2f);
      ASSERT_EQ(dims[0], static_cast<int64_t>(expected.size()));
      EXPECT_EQ(dims[1], 3);
      for (size_t k = 0; k < expected.size(); ++k) {
        EXPECT_EQ(selected[3 * k], 0);
        EXPECT_EQ(selected[3 * k + 1], 0);
        EXPECT_EQ(selected[3 * k + 2], expected[k]);
      }
      EXPECT_EQ(selected[count * 3], -7) << "written past the bound";
    }
}

/// Runs loom_ukernel_reshape_to_shape on 24 floats of shape [2, 3, 4] (or
/// `input_shape`) with `shape`; returns the dims it wrote.
std::vector<int64_t> reshapeDims(std::vector<int64_t> shape, bool allowZero,
                                 std::vector<int64_t> inputShape = {2, 3, 4}) {
  int64_t numel = 1;
  for (int64_t dim : inputShape)
    numel *= dim;
  int64_t largest = 1;
  for (int64_t dim : inputShape)
    largest = std::max(largest, dim);
  std::vector<float> x(std::max<int64_t>(numel, 1)), values(x.size() + 1, -7);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = static_cast<float>(i) + 0.5f;
  std::vector<int64_t> dims(shape.size(), 99);
  loom_ukernel_reshape_to_shape(
      x.data(), inputShape.data(), static_cast<int64_t>(inputShape.size()),
      numel, 4, shape.data(), static_cast<int64_t>(shape.size()), allowZero,
      numel ? numel : largest, values.data(), dims.data());
  if (dims[0] != -2) {
    for (int64_t i = 0; i < numel; ++i)
      EXPECT_EQ(values[i], x[i]);
    if (numel == 0)
      EXPECT_EQ(values[0], 0.0f) << "the one padding element";
    EXPECT_EQ(values[std::max<int64_t>(numel, 1)], -7) << "written past";
  } else {
    EXPECT_EQ(values[0], -7) << "an invalid shape writes no values";
  }
  return dims;
}

TEST(UkernelReshapeToShape, ResolvesZerosAndMinusOne) {
  using V = std::vector<int64_t>;
  EXPECT_EQ(reshapeDims({4, 2, 3}, false), (V{4, 2, 3}));
  EXPECT_EQ(reshapeDims({24}, false), (V{24}));
  EXPECT_EQ(reshapeDims({2, -1, 2}, false), (V{2, 6, 2}));
  EXPECT_EQ(reshapeDims({-1, 2, 3, 4}, false), (V{1, 2, 3, 4}));
  EXPECT_EQ(reshapeDims({2, 0, 4, 1}, false), (V{2, 3, 4, 1}));
  EXPECT_EQ(reshapeDims({2, 0, 1, -1}, false), (V{2, 3, 1, 4}));
  // allowzero: a 0 is a size 0, of an input with no elements.
  EXPECT_EQ(reshapeDims({3, 4, 0}, true, {0, 3, 4}), (V{3, 4, 0}));
  EXPECT_EQ(reshapeDims({0, 4, 3}, false, {0, 3, 4}), (V{0, 4, 3}));
}

TEST(UkernelReshapeToShape, InvalidShapesWriteMinusTwo) {
  using V = std::vector<int64_t>;
  for (auto [shape, allowZero, inputShape] :
       std::vector<std::tuple<V, bool, V>>{
           {{-1, -1, 6}, false, {2, 3, 4}},      // two -1s
           {{2, -3, -4}, false, {2, 3, 4}},      // a negative other than -1
           {{2, 3, 5}, false, {2, 3, 4}},        // 30 elements, not 24
           {{5, -1}, false, {2, 3, 4}},          // 24 does not divide by 5
           {{2, 3, 4, 0}, false, {2, 3, 4}},     // a 0 past the input's rank
           {{0, -1}, true, {0, 3, 4}},           // 0 and -1 with allowzero
           {{0, 5}, true, {0, 3, 4}},            // above the empty bound 4
           {{INT64_MAX, INT64_MAX, 2}, false, {2, 3, 4}}, // no overflow
       }) {
    V dims = reshapeDims(shape, allowZero, inputShape);
    EXPECT_EQ(dims, V(shape.size(), -2)) << shape.size();
  }
}

} // namespace
