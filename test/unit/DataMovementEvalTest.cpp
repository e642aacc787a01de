//===- DataMovementEvalTest.cpp - Evaluator tests of data movement -----------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

#include <limits>

using namespace loom;
using namespace loom::test;

namespace {

using DataMovementEvalTest = EvaluatorTest;

/// `func.func @main(%x)` returning the single op `op`, written in full
/// (operand %x, attributes and types), whose result has `resultType`.
std::string opFunction(const std::string &op, const std::string &inputType,
                       const std::string &resultType) {
  return "func.func @main(%x: " + inputType + ") -> " + resultType +
         " {\n  %0 = " + op + "\n  return %0 : " + resultType + "\n}\n";
}

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

//===----------------------------------------------------------------------===//
// broadcast_to and expand
//===----------------------------------------------------------------------===//

TEST_F(DataMovementEvalTest, BroadcastToNewLeadingDim) {
  std::vector<Tensor> out =
      run(opFunction("loom.broadcast_to %x : tensor<3xf32> to tensor<2x3xf32>",
                     "tensor<3xf32>", "tensor<2x3xf32>"),
          {f32({3}, {1, 2, 3})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], f32({2, 3}, {1, 2, 3, 1, 2, 3}));
}

TEST_F(DataMovementEvalTest, BroadcastToRepeatsSizeOneDims) {
  // x = [[1], [2]] repeated along a new leading dim and its columns.
  std::vector<Tensor> out = run(R"(
    func.func @main(%x: tensor<2x1xi32>) -> tensor<2x2x3xi32> {
      %0 = loom.broadcast_to %x : tensor<2x1xi32> to tensor<2x2x3xi32>
      return %0 : tensor<2x2x3xi32>
    })",
                                {i32({2, 1}, {1, 2})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i32({2, 2, 3}, {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2}));
}

TEST_F(DataMovementEvalTest, BroadcastToKeepsF16BitsAndEmptyTarget) {
  // The bytes are copied: the f16 nearest 0.1 stays exactly that value.
  std::vector<Tensor> out = run(R"(
    func.func @main(%x: tensor<f16>) -> (tensor<2xf16>, tensor<0x3xf16>) {
      %0 = loom.broadcast_to %x : tensor<f16> to tensor<2xf16>
      %1 = loom.broadcast_to %x : tensor<f16> to tensor<0x3xf16>
      return %0, %1 : tensor<2xf16>, tensor<0x3xf16>
    })",
                                {f16({}, {0.1})});
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], f16({2}, {0.1, 0.1}));
  expectTensorEq(out[1], f16({0, 3}, {}));
}

TEST_F(DataMovementEvalTest, BroadcastToDynamicResultIsAnError) {
  // The target size comes only from the result type.
  expectError(R"(
    func.func @main(%x: tensor<3xf32>) -> tensor<?x3xf32> {
      %0 = loom.broadcast_to %x : tensor<3xf32> to tensor<?x3xf32>
      return %0 : tensor<?x3xf32>
    })",
              {f32({3}, {1, 2, 3})}, "result #0 has a dynamic shape");
}

TEST_F(DataMovementEvalTest, ExpandIntoMiddleDim) {
  // result[a, b, c] = x[b].
  std::vector<Tensor> out = run(
      opFunction("loom.expand %x dims [1] : tensor<3xf32> to tensor<2x3x2xf32>",
                 "tensor<3xf32>", "tensor<2x3x2xf32>"),
      {f32({3}, {1, 2, 3})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0],
                 f32({2, 3, 2}, {1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}));
}

TEST_F(DataMovementEvalTest, ExpandRepeatsSizeOneInputDim) {
  // x is 2x1 placed at dims 0 and 2: result[a, b, c] = x[a, 0].
  std::vector<Tensor> out = run(R"(
    func.func @main(%x: tensor<2x1xi64>) -> tensor<2x2x3xi64> {
      %0 = loom.expand %x dims [0, 2] : tensor<2x1xi64> to tensor<2x2x3xi64>
      return %0 : tensor<2x2x3xi64>
    })",
                                {i64({2, 1}, {7, 8})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i64({2, 2, 3}, {7, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8}));
}

//===----------------------------------------------------------------------===//
// concat
//===----------------------------------------------------------------------===//

TEST_F(DataMovementEvalTest, ConcatColumnsWithEmptyInput) {
  // Rows: [1] ++ [] ++ [3, 4] and [2] ++ [] ++ [5, 6].
  std::vector<Tensor> out = run(R"(
    func.func @main(%a: tensor<2x1xf32>, %b: tensor<2x0xf32>, %c: tensor<2x2xf32>) -> tensor<2x3xf32> {
      %0 = loom.concat %a, %b, %c axis 1 : (tensor<2x1xf32>, tensor<2x0xf32>, tensor<2x2xf32>) -> tensor<2x3xf32>
      return %0 : tensor<2x3xf32>
    })",
                                {f32({2, 1}, {1, 2}), f32({2, 0}, {}),
                                 f32({2, 2}, {3, 4, 5, 6})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], f32({2, 3}, {1, 3, 4, 2, 5, 6}));
}

TEST_F(DataMovementEvalTest, ConcatRowsOfBool) {
  std::vector<Tensor> out = run(R"(
    func.func @main(%a: tensor<1x2xi1>, %b: tensor<2x2xi1>) -> tensor<3x2xi1> {
      %0 = loom.concat %a, %b axis 0 : (tensor<1x2xi1>, tensor<2x2xi1>) -> tensor<3x2xi1>
      return %0 : tensor<3x2xi1>
    })",
                                {i1({1, 2}, {1, 0}), i1({2, 2}, {0, 1, 1, 1})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i1({3, 2}, {1, 0, 0, 1, 1, 1}));
}

//===----------------------------------------------------------------------===//
// slice
//===----------------------------------------------------------------------===//

TEST_F(DataMovementEvalTest, SliceReversedColumns) {
  // x[r, c] = 5r + c; rows 0, 1 and columns 4, 3, 2.
  std::vector<double> values;
  for (int i = 0; i < 20; ++i)
    values.push_back(i);
  std::vector<Tensor> out = run(
      opFunction("loom.slice %x offsets [0, 4] steps [1, -1] : "
                 "tensor<4x5xf32> to tensor<2x3xf32>",
                 "tensor<4x5xf32>", "tensor<2x3xf32>"),
      {f32({4, 5}, values)});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], f32({2, 3}, {4, 3, 2, 9, 8, 7}));
}

TEST_F(DataMovementEvalTest, SliceNegativeAndLargeSteps) {
  // x[r, c] = 4r + c; rows 2, 0 (step -2) and columns 1, 3 (step 2); the
  // empty slice reads nothing, whatever its offset.
  std::vector<Tensor> out = run(R"(
    func.func @main(%x: tensor<3x4xi8>) -> (tensor<2x2xi8>, tensor<0x4xi8>) {
      %0 = loom.slice %x offsets [2, 1] steps [-2, 2] : tensor<3x4xi8> to tensor<2x2xi8>
      %1 = loom.slice %x offsets [7, 0] steps [1, 1] : tensor<3x4xi8> to tensor<0x4xi8>
      return %0, %1 : tensor<2x2xi8>, tensor<0x4xi8>
    })",
                                {i8({3, 4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})});
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], i8({2, 2}, {9, 11, 1, 3}));
  expectTensorEq(out[1], i8({0, 4}, {}));
}

TEST_F(DataMovementEvalTest, SliceDynamicResultIsAnError) {
  expectError(R"(
    func.func @main(%x: tensor<4xf32>) -> tensor<?xf32> {
      %0 = loom.slice %x offsets [0] steps [1] : tensor<4xf32> to tensor<?xf32>
      return %0 : tensor<?xf32>
    })",
              {f32({4}, {1, 2, 3, 4})}, "result #0 has a dynamic shape");
}

//===----------------------------------------------------------------------===//
// pad
//===----------------------------------------------------------------------===//

TEST_F(DataMovementEvalTest, PadConstantAndCrop) {
  // x = [[1, 2, 3], [4, 5, 6]]: one zero row before, two after, and the
  // last column cropped.
  std::vector<Tensor> out = run(
      opFunction("loom.pad %x low [1, 0] high [2, -1] mode constant value "
                 "0.0 : (tensor<2x3xf32>) -> tensor<5x2xf32>",
                 "tensor<2x3xf32>", "tensor<5x2xf32>"),
      {f32({2, 3}, {1, 2, 3, 4, 5, 6})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], f32({5, 2}, {0, 0, 1, 2, 4, 5, 0, 0, 0, 0}));
}

TEST_F(DataMovementEvalTest, PadConstantValueAndIntegerBounds) {
  std::vector<Tensor> out = run(R"(
    func.func @main(%x: tensor<2xf32>, %y: tensor<1xi8>) -> (tensor<4xf32>, tensor<3xi8>) {
      %0 = loom.pad %x low [1] high [1] mode constant value -1.5 : (tensor<2xf32>) -> tensor<4xf32>
      %1 = loom.pad %y low [1] high [1] mode constant value -128.0 : (tensor<1xi8>) -> tensor<3xi8>
      return %0, %1 : tensor<4xf32>, tensor<3xi8>
    })",
                                {f32({2}, {1, 2}), i8({1}, {127})});
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], f32({4}, {-1.5, 1, 2, -1.5}));
  expectTensorEq(out[1], i8({3}, {-128, 127, -128}));
}

TEST_F(DataMovementEvalTest, PadValueRoundsOnceToF16) {
  // value = 1 + 2^-11 + 2^-40 lies just above the midpoint of the f16
  // neighbours 1 and 1 + 2^-10, so it rounds up to 1.0009765625. Rounding
  // through f32 first would drop the 2^-40, land on the tie and give 1.
  std::vector<Tensor> out = run(
      opFunction("loom.pad %x low [1] high [0] mode constant value "
                 "1.0004882812509095 : (tensor<1xf16>) -> tensor<2xf16>",
                 "tensor<1xf16>", "tensor<2xf16>"),
      {f16({1}, {2})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], f16({2}, {1.0009765625, 2}));
}

TEST_F(DataMovementEvalTest, PadReflect) {
  // numpy.pad([1, 2, 3, 4], (2, 3), mode="reflect"): positions -2..6 map
  // to 2, 1, 0, 1, 2, 3, 2, 1, 0.
  std::vector<Tensor> out = run(
      opFunction("loom.pad %x low [2] high [3] mode reflect : "
                 "(tensor<4xi32>) -> tensor<9xi32>",
                 "tensor<4xi32>", "tensor<9xi32>"),
      {i32({4}, {1, 2, 3, 4})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i32({9}, {3, 2, 1, 2, 3, 4, 3, 2, 1}));
}

TEST_F(DataMovementEvalTest, PadReflectAfterCrop) {
  // low -2 drops 1, 2; result position j reads j + 2 = 2..6, and 5, 6
  // reflect to 2 * 4 - 5 = 3 and 2 * 4 - 6 = 2.
  std::vector<Tensor> out = run(
      opFunction("loom.pad %x low [-2] high [2] mode reflect : "
                 "(tensor<5xf32>) -> tensor<5xf32>",
                 "tensor<5xf32>", "tensor<5xf32>"),
      {f32({5}, {1, 2, 3, 4, 5})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], f32({5}, {3, 4, 5, 4, 3}));
}

TEST_F(DataMovementEvalTest, PadEdge) {
  // x = [[1, 2], [3, 4]]: the first row repeated above, the last column
  // repeated twice to the right.
  std::vector<Tensor> out = run(
      opFunction("loom.pad %x low [1, 0] high [0, 2] mode edge : "
                 "(tensor<2x2xbf16>) -> tensor<3x4xbf16>",
                 "tensor<2x2xbf16>", "tensor<3x4xbf16>"),
      {bf16({2, 2}, {1, 2, 3, 4})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], bf16({3, 4}, {1, 2, 2, 2, 1, 2, 2, 2, 3, 4, 4, 4}));
}

TEST_F(DataMovementEvalTest, PadEmptyInputWithConstant) {
  // Nothing to copy: every element is the value, here in i64.
  std::vector<Tensor> out = run(
      opFunction("loom.pad %x low [1, 0] high [1, 0] mode constant value 2.0 : "
                 "(tensor<0x2xi64>) -> tensor<2x2xi64>",
                 "tensor<0x2xi64>", "tensor<2x2xi64>"),
      {i64({0, 2}, {})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i64({2, 2}, {2, 2, 2, 2}));
}

//===----------------------------------------------------------------------===//
// iota
//===----------------------------------------------------------------------===//

TEST_F(DataMovementEvalTest, IotaAlongEachDim) {
  std::vector<Tensor> out = run(R"(
    func.func @main() -> (tensor<2x3xi64>, tensor<2x3xf32>) {
      %0 = loom.iota dim 1 : tensor<2x3xi64>
      %1 = loom.iota dim 0 : tensor<2x3xf32>
      return %0, %1 : tensor<2x3xi64>, tensor<2x3xf32>
    })",
                                {});
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], i64({2, 3}, {0, 1, 2, 0, 1, 2}));
  expectTensorEq(out[1], f32({2, 3}, {0, 0, 0, 1, 1, 1}));
}

TEST_F(DataMovementEvalTest, IotaWrapsInI8) {
  std::vector<Tensor> out = run(R"(
    func.func @main() -> tensor<130xi8> {
      %0 = loom.iota dim 0 : tensor<130xi8>
      return %0 : tensor<130xi8>
    })",
                                {});
  ASSERT_EQ(out.size(), 1u);
  // 0..127, then 128 and 129 wrap to -128 and -127.
  std::vector<double> expected;
  for (int i = 0; i < 128; ++i)
    expected.push_back(i);
  expected.push_back(-128);
  expected.push_back(-127);
  expectTensorEq(out[0], i8({130}, expected));
}

TEST_F(DataMovementEvalTest, IotaRoundsToNearestEvenInBF16) {
  // bf16 holds every integer up to 256, then only even ones: 257 is a tie
  // between 256 and 258 and goes to 256 (even significand), 259 to 260.
  std::vector<Tensor> out = run(R"(
    func.func @main() -> tensor<1x260xbf16> {
      %0 = loom.iota dim 1 : tensor<1x260xbf16>
      return %0 : tensor<1x260xbf16>
    })",
                                {});
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].numElements(), 260);
  EXPECT_EQ(out[0].getDouble(255), 255);
  EXPECT_EQ(out[0].getDouble(256), 256);
  EXPECT_EQ(out[0].getDouble(257), 256);
  EXPECT_EQ(out[0].getDouble(258), 258);
  EXPECT_EQ(out[0].getDouble(259), 260);
}

//===----------------------------------------------------------------------===//
// trilu
//===----------------------------------------------------------------------===//

TEST_F(DataMovementEvalTest, TriluUpperAboveDiagonal) {
  // Keeps j - i >= 1: row 0 from column 1, row 1 from 2, row 2 from 3.
  std::vector<Tensor> out = run(
      unaryFunction("loom.trilu upper diagonal 1", "tensor<3x4xf32>"),
      {f32({3, 4}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], f32({3, 4}, {0, 2, 3, 4, 0, 0, 7, 8, 0, 0, 0, 12}));
}

TEST_F(DataMovementEvalTest, TriluLowerBelowDiagonal) {
  // Keeps j - i <= -1: nothing of row 0, column 0 of row 1, columns 0, 1
  // of row 2.
  std::vector<Tensor> out = run(
      unaryFunction("loom.trilu diagonal -1", "tensor<3x3xi32>"),
      {i32({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i32({3, 3}, {0, 0, 0, 4, 0, 0, 7, 8, 0}));
}

TEST_F(DataMovementEvalTest, TriluBatchOfBoolMasks) {
  // Each 2x2 matrix keeps j <= i: [[1, 0], [1, 1]].
  std::vector<Tensor> out = run(
      unaryFunction("loom.trilu", "tensor<2x2x2xi1>"),
      {i1({2, 2, 2}, {1, 1, 1, 1, 1, 1, 1, 1})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i1({2, 2, 2}, {1, 0, 1, 1, 1, 0, 1, 1}));
}

TEST_F(DataMovementEvalTest, TriluZeroesArePositiveAndKeptBitsStay) {
  // Upper keeps (0, 0), (0, 1), (1, 1): NaN and -0.0 survive as they are,
  // the dropped NaN at (1, 0) becomes +0.0.
  double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<Tensor> out = run(
      unaryFunction("loom.trilu upper", "tensor<2x2xf64>"),
      {f64({2, 2}, {nan, -0.0, nan, 5})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], f64({2, 2}, {nan, -0.0, 0.0, 5}));
}

} // namespace
