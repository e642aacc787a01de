//===- IndexingEvalTest.cpp - Evaluator tests of gathers, scatters, resize ---===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

using namespace loom;
using namespace loom::test;

namespace {

using IndexingEvalTest = EvaluatorTest;

const char *kGatherColumns = R"(
  func.func @main(%data: tensor<2x3xf32>, %indices: tensor<2xi64>) -> tensor<2x2xf32> {
    %0 = loom.gather %data, %indices axis 1 : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x2xf32>
    return %0 : tensor<2x2xf32>
  })";

TEST_F(IndexingEvalTest, GatherAlongInnerAxisWithNegativeIndex) {
  std::vector<Tensor> out =
      run(kGatherColumns, {f32({2, 3}, {1, 2, 3, 4, 5, 6}), i64({2}, {2, -3})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], f32({2, 2}, {3, 1, 6, 4}));
}

TEST_F(IndexingEvalTest, GatherRowsWithIndexMatrix) {
  std::vector<Tensor> out = run(R"(
    func.func @main(%data: tensor<3x2xi32>, %indices: tensor<2x2xi32>) -> tensor<2x2x2xi32> {
      %0 = loom.gather %data, %indices axis 0 : (tensor<3x2xi32>, tensor<2x2xi32>) -> tensor<2x2x2xi32>
      return %0 : tensor<2x2x2xi32>
    })",
                                {i32({3, 2}, {1, 2, 3, 4, 5, 6}), i32({2, 2}, {0, 2, 1, 1})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i32({2, 2, 2}, {1, 2, 5, 6, 3, 4, 3, 4}));
}

TEST_F(IndexingEvalTest, GatherIndexOutOfRangeIsAnError) {
  expectError(kGatherColumns, {f32({2, 3}, {1, 2, 3, 4, 5, 6}), i64({2}, {0, 3})},
              "index 3 is out of range for a dimension of size 3");
}

} // namespace
