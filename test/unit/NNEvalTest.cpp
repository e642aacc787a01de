//===- NNEvalTest.cpp - Evaluator tests of matmul, conv, pooling, norms -------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

using namespace loom;
using namespace loom::test;

namespace {

using NNEvalTest = EvaluatorTest;

TEST_F(NNEvalTest, MatmulBroadcastsBatch) {
  std::string source = R"(
    func.func @main(%a: tensor<2x2x3xf32>, %b: tensor<3x2xf32>) -> tensor<2x2x2xf32> {
      %0 = loom.matmul %a, %b : (tensor<2x2x3xf32>, tensor<3x2xf32>) -> tensor<2x2x2xf32>
      return %0 : tensor<2x2x2xf32>
    })";
  std::vector<Tensor> out =
      run(source, {f32({2, 2, 3}, {1, 2, 3, 4, 5, 6, 1, 0, 0, 0, 1, 0}),
                   f32({3, 2}, {1, 2, 3, 4, 5, 6})});
  ASSERT_EQ(out.size(), 1u);
  // [[1,2,3],[4,5,6]] x [[1,2],[3,4],[5,6]] = [[22,28],[49,64]]
  expectTensorEq(out[0], f32({2, 2, 2}, {22, 28, 49, 64, 1, 2, 3, 4}));
}

TEST_F(NNEvalTest, MatmulWrapsIntegers) {
  std::string source = R"(
    func.func @main(%a: tensor<1x2xi8>, %b: tensor<2x1xi8>) -> tensor<1x1xi8> {
      %0 = loom.matmul %a, %b : (tensor<1x2xi8>, tensor<2x1xi8>) -> tensor<1x1xi8>
      return %0 : tensor<1x1xi8>
    })";
  std::vector<Tensor> out = run(source, {i8({1, 2}, {100, 100}), i8({2, 1}, {1, 1})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i8({1, 1}, {-56})); // 200 wraps to -56
}

} // namespace
