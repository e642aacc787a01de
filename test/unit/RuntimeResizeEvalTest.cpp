//===- RuntimeResizeEvalTest.cpp - Evaluator tests of OneHot and Resize ---===//
//
// Part of the Loom project.
//
// The evaluator's runtime_one_hot and runtime_resize on ONNX's documented
// examples (backend test cases), the zeros after each flat result, and the
// error each gives for an invalid depth, scale or size, or one above its
// bound.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

#include <limits>

using namespace loom;
using namespace loom::test;

namespace {

class RuntimeResizeEvalTest : public EvaluatorTest {};

const char *kOneHot = R"(
func.func @main(%i: tensor<3xi64>, %d: tensor<1xi64>, %v: tensor<2xf32>) -> (tensor<12xf32>, tensor<2xi64>) {
  %values, %dims = loom.runtime_one_hot %i, %d, %v {axis = 0 : i64, bound = 4 : i64} : (tensor<3xi64>, tensor<1xi64>, tensor<2xf32>) -> (tensor<12xf32>, tensor<2xi64>)
  return %values, %dims : tensor<12xf32>, tensor<2xi64>
}
)";

TEST_F(RuntimeResizeEvalTest, OneHotAtAxisZero) {
  // Rows are classes: index 5 is outside depth 3, so its column is off.
  std::vector<Tensor> out = run(
      kOneHot, {i64({3}, {2, 0, 5}), i64({1}, {3}), f32({2}, {-1, 1})});
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], f32({12}, {-1, 1, -1, -1, -1, -1, 1, -1, -1, 0, 0,
                                    0}));
  expectTensorEq(out[1], i64({2}, {3, 3}));
}

TEST_F(RuntimeResizeEvalTest, OneHotRefusesBadDepths) {
  expectError(kOneHot, {i64({3}, {0, 1, 2}), i64({1}, {-1}), f32({2}, {0, 1})},
              "depth is -1");
  expectError(kOneHot, {i64({3}, {0, 1, 2}), i64({1}, {5}), f32({2}, {0, 1})},
              "depth is 5, above the bound 4 the model was compiled for "
              "(loomc --max-dim)");
}

const char *kScales = R"(
func.func @main(%x: tensor<1x1x2x2xf32>, %s: tensor<4xf64>) -> (tensor<64xf32>, tensor<4xi64>) {
  %values, %dims = loom.runtime_resize %x, %s mode linear coordinate_transform half_pixel {bound = 4 : i64} : (tensor<1x1x2x2xf32>, tensor<4xf64>) -> (tensor<256xf32>, tensor<4xi64>)
  %head = loom.slice %values offsets [0] steps [1] : tensor<256xf32> to tensor<64xf32>
  return %head, %dims : tensor<64xf32>, tensor<4xi64>
}
)";

TEST_F(RuntimeResizeEvalTest, LinearUpsample) {
  // test_resize_upsample_scales_linear.
  std::vector<Tensor> out =
      run(kScales, {f32({1, 1, 2, 2}, {1, 2, 3, 4}),
                    f64({4}, {1, 1, 2, 2})});
  ASSERT_EQ(out.size(), 2u);
  std::vector<double> expected = {1,   1.25, 1.75, 2,    1.5, 1.75,
                                  2.25, 2.5, 2.5,  2.75, 3.25, 3.5,
                                  3,   3.25, 3.75, 4};
  expected.resize(64, 0.0);
  expectTensorEq(out[0], f32({64}, expected));
  expectTensorEq(out[1], i64({4}, {1, 1, 4, 4}));
}

TEST_F(RuntimeResizeEvalTest, ResizeRefusesBadScales) {
  Tensor x = f32({1, 1, 2, 2}, {1, 2, 3, 4});
  expectError(kScales, {x, f64({4}, {1, 1, 0, 1})},
              "scale 0.000000 of dimension 2 is not positive and finite");
  expectError(kScales,
              {x, f64({4}, {1, 1, std::numeric_limits<double>::infinity(), 1})},
              "of dimension 2 is not positive and finite");
  expectError(kScales, {x, f64({4}, {1, 1, 2.5, 1})},
              "result dimension 2 is 5, above the bound 4");
}

const char *kCrop = R"(
func.func @main(%x: tensor<1x1x4x4xf32>, %s: tensor<4xi64>, %roi: tensor<8xf64>) -> (tensor<9xf32>, tensor<4xi64>) {
  %values, %dims = loom.runtime_resize %x, %s, %roi mode linear coordinate_transform tf_crop_and_resize {bound = 3 : i64, extrapolation_value = 10.0 : f64} : (tensor<1x1x4x4xf32>, tensor<4xi64>, tensor<8xf64>) -> (tensor<144xf32>, tensor<4xi64>)
  %head = loom.slice %values offsets [0] steps [1] : tensor<144xf32> to tensor<9xf32>
  return %head, %dims : tensor<9xf32>, tensor<4xi64>
}
)";

TEST_F(RuntimeResizeEvalTest, CropAndResizeExtrapolates) {
  // test_resize_tf_crop_and_resize.
  std::vector<Tensor> out = run(
      kCrop, {f32({1, 1, 4, 4}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                                 14, 15, 16}),
              i64({4}, {1, 1, 3, 3}),
              f64({8}, {0, 0, 0.4, 0.6, 1, 1, 1.2, 1.7})});
  ASSERT_EQ(out.size(), 2u);
  expectTensorNear(out[0], f32({9}, {7.6, 10, 10, 12.4, 10, 10, 10, 10, 10}),
                   1e-5);
  expectTensorEq(out[1], i64({4}, {1, 1, 3, 3}));
  expectError(kCrop,
              {f32({1, 1, 4, 4}, std::vector<double>(16, 1.0)),
               i64({4}, {1, 1, -3, 3}), f64({8}, {0, 0, 0, 0, 1, 1, 1, 1})},
              "size -3 of dimension 2 is invalid for an input of 4");
}

} // namespace
