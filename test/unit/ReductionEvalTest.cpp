//===- ReductionEvalTest.cpp - Evaluator tests of reductions -----------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

using namespace loom;
using namespace loom::test;

namespace {

using ReductionEvalTest = EvaluatorTest;

TEST_F(ReductionEvalTest, ReduceSumOverAxes) {
  std::string source = R"(
    func.func @main(%x: tensor<2x3xf32>) -> (tensor<2x1xf32>, tensor<3xf32>, tensor<f32>) {
      %0 = loom.reduce_sum %x axes [1] keepdims : (tensor<2x3xf32>) -> tensor<2x1xf32>
      %1 = loom.reduce_sum %x axes [0] : (tensor<2x3xf32>) -> tensor<3xf32>
      %2 = loom.reduce_sum %x axes [0, 1] : (tensor<2x3xf32>) -> tensor<f32>
      return %0, %1, %2 : tensor<2x1xf32>, tensor<3xf32>, tensor<f32>
    })";
  std::vector<Tensor> out = run(source, {f32({2, 3}, {1, 2, 3, 4, 5, 6})});
  ASSERT_EQ(out.size(), 3u);
  expectTensorEq(out[0], f32({2, 1}, {6, 15}));
  expectTensorEq(out[1], f32({3}, {5, 7, 9}));
  expectTensorEq(out[2], f32({}, {21}));
}

TEST_F(ReductionEvalTest, ReduceSumOfEmptyExtentIsZero) {
  std::string source = R"(
    func.func @main(%x: tensor<2x0xi32>) -> tensor<2xi32> {
      %0 = loom.reduce_sum %x axes [1] : (tensor<2x0xi32>) -> tensor<2xi32>
      return %0 : tensor<2xi32>
    })";
  std::vector<Tensor> out = run(source, {i32({2, 0}, {})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i32({2}, {0, 0}));
}

} // namespace
