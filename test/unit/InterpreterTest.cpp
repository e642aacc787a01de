//===- InterpreterTest.cpp - Tests of the evaluator's driver ------------------===//
//
// Part of the Loom project.
//
// Input checking, precision modes and the conversions between attributes
// and tensors.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

#include "mlir/IR/Builders.h"

using namespace loom;
using namespace loom::test;

namespace {

using InterpreterTest = EvaluatorTest;

const char *kAddOne = R"(
  func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
    %one = loom.constant dense<1.0> : tensor<2xf32>
    %0 = loom.add %x, %one : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    return %0 : tensor<2xf32>
  })";

TEST_F(InterpreterTest, RejectsWrongInputCountShapeAndType) {
  expectError(kAddOne, {}, "expected 1 inputs, got 0");
  expectError(kAddOne, {f32({3}, {1, 2, 3})},
              "input #0 is 3xf32 but the function expects 2xf32");
  expectError(kAddOne, {i32({2}, {1, 2})},
              "input #0 is 2xi32 but the function expects 2xf32");
}

TEST_F(InterpreterTest, RejectsDynamicShapes) {
  expectError(R"(
    func.func @main(%x: tensor<?xf32>) -> tensor<?xf32> {
      return %x : tensor<?xf32>
    })",
              {f32({2}, {1, 2})}, "has a dynamic shape");
}

TEST_F(InterpreterTest, F64PrecisionKeepsIntermediatesWide) {
  // (1 + 2^-30) - 1 is 0 in f32 but 2^-30 when intermediates stay in f64.
  std::string source = R"(
    func.func @main(%x: tensor<1xf32>, %tiny: tensor<1xf32>) -> tensor<1xf32> {
      %0 = loom.add %x, %tiny : (tensor<1xf32>, tensor<1xf32>) -> tensor<1xf32>
      %1 = loom.sub %0, %x : (tensor<1xf32>, tensor<1xf32>) -> tensor<1xf32>
      return %1 : tensor<1xf32>
    })";
  std::vector<Tensor> inputs = {f32({1}, {1}), f32({1}, {0x1p-30})};
  std::vector<Tensor> native = run(source, inputs);
  std::vector<Tensor> wide = run(source, inputs, eval::Precision::F64);
  ASSERT_EQ(native.size(), 1u);
  ASSERT_EQ(wide.size(), 1u);
  expectTensorEq(native[0], f32({1}, {0}));
  expectTensorEq(wide[0], f32({1}, {0x1p-30}));
}

TEST_F(InterpreterTest, F64PrecisionStillRoundsCasts) {
  std::string source = R"(
    func.func @main(%x: tensor<1xf32>) -> tensor<1xf32> {
      %0 = loom.cast %x : tensor<1xf32> to tensor<1xf16>
      %1 = loom.cast %0 : tensor<1xf16> to tensor<1xf32>
      return %1 : tensor<1xf32>
    })";
  std::vector<Tensor> wide = run(source, {f32({1}, {0.1})}, eval::Precision::F64);
  ASSERT_EQ(wide.size(), 1u);
  expectTensorEq(wide[0], f32({1}, {f16({1}, {0.1}).getDouble(0)}));
}

TEST_F(InterpreterTest, AttributesRoundTripThroughTensors) {
  mlir::Builder builder(&context);
  for (DType type : {DType::F32, DType::F16, DType::BF16, DType::F64, DType::I1,
                     DType::I8, DType::I32, DType::I64}) {
    Tensor tensor = Tensor::fromDoubles(type, {2, 2}, {1, 0, 1, 1});
    auto tensorType = mlir::RankedTensorType::get(
        {2, 2}, eval::elementTypeOf(&context, type));
    mlir::DenseElementsAttr attr = eval::attrFromTensor(tensor, tensorType);
    mlir::FailureOr<Tensor> back = eval::tensorFromAttr(attr);
    ASSERT_TRUE(mlir::succeeded(back)) << dtypeName(type);
    EXPECT_TRUE(back->bitwiseEqual(tensor)) << dtypeName(type);
  }
}

} // namespace
