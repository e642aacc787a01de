//===- DataMovementEvalTest.cpp - Evaluator tests of data movement -----------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

using namespace loom;
using namespace loom::test;

namespace {

using DataMovementEvalTest = EvaluatorTest;

TEST_F(DataMovementEvalTest, Constant) {
  std::string source = R"(
    func.func @main() -> (tensor<2xf32>, tensor<3xi1>, tensor<2x2xi64>) {
      %0 = loom.constant dense<[1.5, -2.0]> : tensor<2xf32>
      %1 = loom.constant dense<[true, false, true]> : tensor<3xi1>
      %2 = loom.constant dense<7> : tensor<2x2xi64>
      return %0, %1, %2 : tensor<2xf32>, tensor<3xi1>, tensor<2x2xi64>
    })";
  std::vector<Tensor> out = run(source, {});
  ASSERT_EQ(out.size(), 3u);
  expectTensorEq(out[0], f32({2}, {1.5, -2}));
  expectTensorEq(out[1], i1({3}, {1, 0, 1}));
  expectTensorEq(out[2], i64({2, 2}, {7, 7, 7, 7}));
}

TEST_F(DataMovementEvalTest, Reshape) {
  std::string source = R"(
    func.func @main(%x: tensor<2x3xi32>) -> tensor<3x2xi32> {
      %0 = loom.reshape %x : tensor<2x3xi32> to tensor<3x2xi32>
      return %0 : tensor<3x2xi32>
    })";
  std::vector<Tensor> out = run(source, {i32({2, 3}, {1, 2, 3, 4, 5, 6})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i32({3, 2}, {1, 2, 3, 4, 5, 6}));
}

TEST_F(DataMovementEvalTest, Transpose) {
  std::string source = R"(
    func.func @main(%x: tensor<2x3xf16>) -> tensor<3x2xf16> {
      %0 = loom.transpose %x permutation [1, 0] : (tensor<2x3xf16>) -> tensor<3x2xf16>
      return %0 : tensor<3x2xf16>
    })";
  std::vector<Tensor> out = run(source, {f16({2, 3}, {1, 2, 3, 4, 5, 6})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], f16({3, 2}, {1, 4, 2, 5, 3, 6}));
}

} // namespace
