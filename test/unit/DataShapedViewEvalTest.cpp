//===- DataShapedViewEvalTest.cpp - Evaluator tests of run-time views -----===//
//
// Part of the Loom project.
//
// The evaluator's runtime_slice, runtime_topk and runtime_split on
// hand-computed examples: ONNX's clamping of slice bounds, TopK's order
// (ties by lower index, NaN first), Split's parts, the zeros after each
// flat result, and the error each gives for invalid run-time sizes.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

#include <limits>

using namespace loom;
using namespace loom::test;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

class DataShapedViewEvalTest : public EvaluatorTest {};

const char *kSlice = R"(
func.func @main(%x: tensor<3x4xf32>, %s: tensor<2xi64>, %e: tensor<2xi64>, %a: tensor<2xi64>, %st: tensor<2xi64>) -> (tensor<12xf32>, tensor<2xi64>) {
  %values, %dims = loom.runtime_slice %x, %s, %e, %a, %st : (tensor<3x4xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> (tensor<12xf32>, tensor<2xi64>)
  return %values, %dims : tensor<12xf32>, tensor<2xi64>
}
)";

Tensor iota12() { return f32({3, 4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}); }

TEST_F(DataShapedViewEvalTest, SliceForwardAndBackward) {
  // Rows 1 to 3, every other column.
  std::vector<Tensor> out =
      run(kSlice, {iota12(), i64({2}, {1, 0}), i64({2}, {3, 4}),
                   i64({2}, {0, 1}), i64({2}, {1, 2})});
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], f32({12}, {4, 6, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0}));
  expectTensorEq(out[1], i64({2}, {2, 2}));
  // Negative axes; rows from 1000 (clamped to the last) back by 2 to
  // INT64_MIN (clamped before the first); columns -1 back to 0 exclusive.
  out = run(kSlice, {iota12(), i64({2}, {1000, -1}), i64({2}, {kMin, 0}),
                     i64({2}, {-2, -1}), i64({2}, {-2, -1})});
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], f32({12}, {11, 10, 9, 3, 2, 1, 0, 0, 0, 0, 0, 0}));
  expectTensorEq(out[1], i64({2}, {2, 3}));
}

TEST_F(DataShapedViewEvalTest, SliceMaySelectNothing) {
  std::vector<Tensor> out =
      run(kSlice, {iota12(), i64({2}, {5, 0}), i64({2}, {9, 4}),
                   i64({2}, {0, 1}), i64({2}, {1, 1})});
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[1], i64({2}, {0, 4}));
  expectTensorEq(out[0], f32({12}, std::vector<double>(12, 0.0)));
}

TEST_F(DataShapedViewEvalTest, SliceRefusesInvalidAxesAndSteps) {
  auto bad = [&](std::vector<int64_t> axes, std::vector<int64_t> steps,
                 const std::string &message) {
    expectError(kSlice,
                {iota12(), i64({2}, {0, 0}), i64({2}, {1, 1}), i64({2}, axes),
                 i64({2}, steps)},
                message);
  };
  bad({0, -2}, {1, 1}, "axis 0 is sliced twice");
  bad({0, 2}, {1, 1}, "axes entry 1 is 2, outside [-2, 2)");
  bad({0, 1}, {1, 0}, "the step of axis 1 is 0");
}

const char *kTopK = R"(
func.func @main(%x: tensor<2x4xf32>, %k: tensor<1xi64>) -> (tensor<8xf32>, tensor<8xi64>, tensor<2xi64>) {
  %values, %indices, %dims = loom.runtime_topk %x, %k {axis = 1 : i64} : (tensor<2x4xf32>, tensor<1xi64>) -> (tensor<8xf32>, tensor<8xi64>, tensor<2xi64>)
  return %values, %indices, %dims : tensor<8xf32>, tensor<8xi64>, tensor<2xi64>
}
)";

TEST_F(DataShapedViewEvalTest, TopKOrdersTiesAndNaN) {
  Tensor x = f32({2, 4}, {1, 3, 3, 2, kNaN, 0, kNaN, 5});
  std::vector<Tensor> out = run(kTopK, {x, i64({1}, {3})});
  ASSERT_EQ(out.size(), 3u);
  expectTensorEq(out[0], f32({8}, {3, 3, 2, kNaN, kNaN, 5, 0, 0}));
  expectTensorEq(out[1], i64({8}, {1, 2, 3, 0, 2, 3, 0, 0}));
  expectTensorEq(out[2], i64({2}, {2, 3}));
}

TEST_F(DataShapedViewEvalTest, TopKRefusesKOutsideTheAxis) {
  Tensor x = f32({2, 4}, {1, 2, 3, 4, 5, 6, 7, 8});
  expectError(kTopK, {x, i64({1}, {5})},
              "K = 5 is outside 0 to the size 4 of axis 1");
  expectError(kTopK, {x, i64({1}, {-1})},
              "K = -1 is outside 0 to the size 4 of axis 1");
}

const char *kSplit = R"(
func.func @main(%x: tensor<2x3xi32>, %s: tensor<2xi64>) -> (tensor<6xi32>, tensor<6xi32>, tensor<2xi64>, tensor<2xi64>) {
  %parts:4 = loom.runtime_split %x, %s {axis = 1 : i64} : (tensor<2x3xi32>, tensor<2xi64>) -> (tensor<6xi32>, tensor<6xi32>, tensor<2xi64>, tensor<2xi64>)
  return %parts#0, %parts#1, %parts#2, %parts#3 : tensor<6xi32>, tensor<6xi32>, tensor<2xi64>, tensor<2xi64>
}
)";

TEST_F(DataShapedViewEvalTest, SplitGivesEachPart) {
  Tensor x = i32({2, 3}, {1, 2, 3, 4, 5, 6});
  std::vector<Tensor> out = run(kSplit, {x, i64({2}, {1, 2})});
  ASSERT_EQ(out.size(), 4u);
  expectTensorEq(out[0], i32({6}, {1, 4, 0, 0, 0, 0}));
  expectTensorEq(out[1], i32({6}, {2, 3, 5, 6, 0, 0}));
  expectTensorEq(out[2], i64({2}, {2, 1}));
  expectTensorEq(out[3], i64({2}, {2, 2}));
  out = run(kSplit, {x, i64({2}, {0, 3})});
  ASSERT_EQ(out.size(), 4u);
  expectTensorEq(out[2], i64({2}, {2, 0}));
  expectTensorEq(out[1], i32({6}, {1, 2, 3, 4, 5, 6}));
}

TEST_F(DataShapedViewEvalTest, SplitRefusesSizesThatDoNotAddUp) {
  Tensor x = i32({2, 3}, {1, 2, 3, 4, 5, 6});
  expectError(kSplit, {x, i64({2}, {1, 1})},
              "the split sizes add up to 2, not the size 3 of axis 1");
  expectError(
      kSplit, {x, i64({2}, {std::numeric_limits<int64_t>::max(), 1})},
      "the split sizes add up to more than 3, not the size 3 of axis 1");
  expectError(kSplit, {x, i64({2}, {4, -1})}, "split entry 1 is -1");
}

} // namespace
