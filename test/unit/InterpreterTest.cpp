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

#include <cmath>

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
                     DType::I8, DType::I32, DType::I64, DType::I16, DType::UI8,
                     DType::UI16, DType::UI32, DType::UI64}) {
    Tensor tensor = Tensor::fromDoubles(type, {2, 2}, {1, 0, 1, 1});
    auto tensorType = mlir::RankedTensorType::get(
        {2, 2}, eval::elementTypeOf(&context, type));
    mlir::DenseElementsAttr attr = eval::attrFromTensor(tensor, tensorType);
    mlir::FailureOr<Tensor> back = eval::tensorFromAttr(attr);
    ASSERT_TRUE(mlir::succeeded(back)) << dtypeName(type);
    EXPECT_TRUE(back->bitwiseEqual(tensor)) << dtypeName(type);
  }
}

/// The unsigned types compute as unsigned: 200 is no negative ui8, so it
/// divides, compares, takes the max and converts to f32 as 200, where the
/// same bits as i8 (-56) give other results.
TEST_F(InterpreterTest, UnsignedIntegersComputeAsUnsigned) {
  Tensor a = Tensor::fromDoubles(DType::UI8, {3}, {200, 7, 255});
  Tensor b = Tensor::fromDoubles(DType::UI8, {3}, {3, 200, 255});
  auto one = [&](const std::string &source, std::vector<Tensor> inputs) {
    std::vector<Tensor> results = run(source, inputs);
    EXPECT_EQ(results.size(), 1u);
    return results.empty() ? Tensor(DType::I1, {}) : results[0];
  };
  expectTensorEq(one(binaryFunction("loom.div", "tensor<3xui8>", "tensor<3xui8>",
                                    "tensor<3xui8>"), {a, b}),
                 Tensor::fromDoubles(DType::UI8, {3}, {66, 0, 1}));
  expectTensorEq(one(binaryFunction("loom.rem", "tensor<3xui8>", "tensor<3xui8>",
                                    "tensor<3xui8>"), {a, b}),
                 Tensor::fromDoubles(DType::UI8, {3}, {2, 7, 0}));
  expectTensorEq(one(binaryFunction("loom.max", "tensor<3xui8>", "tensor<3xui8>",
                                    "tensor<3xui8>"), {a, b}),
                 Tensor::fromDoubles(DType::UI8, {3}, {200, 200, 255}));
  expectTensorEq(one(binaryFunction("loom.compare lt,", "tensor<3xui8>",
                                    "tensor<3xui8>", "tensor<3xi1>"), {a, b}),
                 i1({3}, {0, 1, 0}));
  auto cast = [](const std::string &from, const std::string &to) {
    return "func.func @main(%x: " + from + ") -> " + to + " {\n" +
           "  %0 = loom.cast %x : " + from + " to " + to + "\n" +
           "  return %0 : " + to + "\n}\n";
  };
  expectTensorEq(one(cast("tensor<3xui8>", "tensor<3xf32>"), {a}),
                 f32({3}, {200, 7, 255}));
  // Saturating: below 0 and NaN give 0, 2^16 and above the largest ui16.
  expectTensorEq(one(cast("tensor<4xf32>", "tensor<4xui16>"),
                     {f32({4}, {-3.5, 70000, 65535.9, std::nan("")})}),
                 Tensor::fromDoubles(DType::UI16, {4}, {0, 65535, 65535, 0}));
  // A shift by the width or more gives 0.
  Tensor x = Tensor::fromDoubles(DType::UI32, {3}, {1, 0x80000000u, 5});
  Tensor n = Tensor::fromDoubles(DType::UI32, {3}, {31, 31, 32});
  expectTensorEq(one(binaryFunction("loom.shift", "tensor<3xui32>",
                                    "tensor<3xui32>", "tensor<3xui32>"), {x, n}),
                 Tensor::fromDoubles(DType::UI32, {3}, {0x80000000u, 0, 0}));
}

} // namespace
