//===- ControlFlowEvalTest.cpp - Evaluator tests of loom.scan -------------===//
//
// Part of the Loom project.
//
// The evaluator's loom.scan on hand-computed examples: carried values,
// scanned entries and stacked results in both directions, the position
// argument, invariants, a loop of length 0, and an error inside the body;
// and loom.if, which runs only the region its condition chooses.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

using namespace loom;
using namespace loom::test;

namespace {

class ControlFlowEvalTest : public EvaluatorTest {};

/// Running sums of the rows of %xs: the final sum, then the sum after each
/// row, plus the position each row was read at (reverse or not).
std::string prefixSums(bool reverse) {
  return std::string(R"(
func.func @main(%zero: tensor<2xf32>, %xs: tensor<3x2xf32>) -> (tensor<2xf32>, tensor<3x2xf32>, tensor<3xi64>) {
  %r:3 = loom.scan carried(%zero) scanned(%xs) invariants() {length = 3 : i64)") +
         (reverse ? ", reverse" : "") + R"(} : (tensor<2xf32>, tensor<3x2xf32>) -> (tensor<2xf32>, tensor<3x2xf32>, tensor<3xi64>) {
  ^bb0(%t: tensor<i64>, %acc: tensor<2xf32>, %x: tensor<2xf32>):
    %next = loom.add %acc, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    loom.yield %next, %next, %t : tensor<2xf32>, tensor<2xf32>, tensor<i64>
  }
  return %r#0, %r#1, %r#2 : tensor<2xf32>, tensor<3x2xf32>, tensor<3xi64>
}
)";
}

TEST_F(ControlFlowEvalTest, PrefixSumsForward) {
  std::vector<Tensor> out = run(
      prefixSums(false), {f32({2}, {0, 0}), f32({3, 2}, {1, 2, 3, 4, 5, 6})});
  ASSERT_EQ(out.size(), 3u);
  expectTensorEq(out[0], f32({2}, {9, 12}));
  expectTensorEq(out[1], f32({3, 2}, {1, 2, 4, 6, 9, 12}));
  expectTensorEq(out[2], i64({3}, {0, 1, 2}));
}

TEST_F(ControlFlowEvalTest, PrefixSumsReverse) {
  // Iterations read rows 2, 1, 0 and write the sums back at those rows.
  std::vector<Tensor> out = run(
      prefixSums(true), {f32({2}, {10, 20}), f32({3, 2}, {1, 2, 3, 4, 5, 6})});
  ASSERT_EQ(out.size(), 3u);
  expectTensorEq(out[0], f32({2}, {19, 32}));
  expectTensorEq(out[1], f32({3, 2}, {19, 32, 18, 30, 15, 26}));
  expectTensorEq(out[2], i64({3}, {0, 1, 2}));
}

TEST_F(ControlFlowEvalTest, RecurrenceWithInvariant) {
  // h <- h * W + t, W invariant: [1, 2] -> [2, 4] -> [5, 9] (W = 2*I, then
  // +0, +1).
  const char *source = R"(
func.func @main(%h: tensor<1x2xf32>, %w: tensor<2x2xf32>) -> tensor<1x2xf32> {
  %r = loom.scan carried(%h) scanned() invariants(%w) {length = 2 : i64} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32> {
  ^bb0(%t: tensor<i64>, %state: tensor<1x2xf32>, %weight: tensor<2x2xf32>):
    %m = loom.matmul %state, %weight : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
    %tf = loom.cast %t : tensor<i64> to tensor<f32>
    %n = loom.add %m, %tf : (tensor<1x2xf32>, tensor<f32>) -> tensor<1x2xf32>
    loom.yield %n : tensor<1x2xf32>
  }
  return %r : tensor<1x2xf32>
}
)";
  std::vector<Tensor> out =
      run(source, {f32({1, 2}, {1, 2}), f32({2, 2}, {2, 0, 0, 2})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], f32({1, 2}, {5, 9}));
}

TEST_F(ControlFlowEvalTest, LengthZeroReturnsInits) {
  const char *source = R"(
func.func @main(%h: tensor<2xi32>, %xs: tensor<0x2xi32>) -> (tensor<2xi32>, tensor<0x2xi32>) {
  %r:2 = loom.scan carried(%h) scanned(%xs) invariants() {length = 0 : i64} : (tensor<2xi32>, tensor<0x2xi32>) -> (tensor<2xi32>, tensor<0x2xi32>) {
  ^bb0(%t: tensor<i64>, %acc: tensor<2xi32>, %x: tensor<2xi32>):
    %n = loom.add %acc, %x : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
    loom.yield %n, %n : tensor<2xi32>, tensor<2xi32>
  }
  return %r#0, %r#1 : tensor<2xi32>, tensor<0x2xi32>
}
)";
  std::vector<Tensor> out = run(source, {i32({2}, {7, 8}), i32({0, 2}, {})});
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], i32({2}, {7, 8}));
  expectTensorEq(out[1], i32({0, 2}, {}));
}

TEST_F(ControlFlowEvalTest, F64PrecisionCarriesF64) {
  // 1 + 2^-30 is not an f32, so the native evaluator rounds the carried sum
  // at every step and the f64 one does not.
  const char *source = R"(
func.func @main(%h: tensor<f32>, %d: tensor<f32>) -> tensor<f32> {
  %r = loom.scan carried(%h) scanned() invariants(%d) {length = 4 : i64} : (tensor<f32>, tensor<f32>) -> tensor<f32> {
  ^bb0(%t: tensor<i64>, %acc: tensor<f32>, %delta: tensor<f32>):
    %n = loom.add %acc, %delta : (tensor<f32>, tensor<f32>) -> tensor<f32>
    loom.yield %n : tensor<f32>
  }
  return %r : tensor<f32>
}
)";
  double tiny = 1.0 / (1 << 30);
  std::vector<Tensor> native = run(source, {f32({}, {1}), f32({}, {tiny})});
  expectTensorEq(native[0], f32({}, {1}));
  std::vector<Tensor> wide = run(source, {f32({}, {1}), f32({}, {tiny})},
                                 eval::Precision::F64);
  expectTensorEq(wide[0], f32({}, {1 + 4 * tiny}));
}

TEST_F(ControlFlowEvalTest, ErrorInsideTheBody) {
  const char *source = R"(
func.func @main(%h: tensor<2xi32>, %d: tensor<2xi32>) -> tensor<2xi32> {
  %r = loom.scan carried(%h) scanned() invariants(%d) {length = 2 : i64} : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32> {
  ^bb0(%t: tensor<i64>, %acc: tensor<2xi32>, %divisor: tensor<2xi32>):
    %n = loom.div %acc, %divisor : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
    loom.yield %n : tensor<2xi32>
  }
  return %r : tensor<2xi32>
}
)";
  expectError(source, {i32({2}, {4, 4}), i32({2}, {1, 0})}, "division by zero");
}

const char *kIf = R"(
func.func @main(%c: tensor<i1>, %x: tensor<2xi32>, %d: tensor<2xi32>) -> tensor<2xi32> {
  %r = loom.if %c invariants(%x, %d) : (tensor<i1>, tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32> {
  ^bb0(%a: tensor<2xi32>, %b: tensor<2xi32>):
    %q = loom.div %a, %b : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
    loom.yield %q : tensor<2xi32>
  } else {
  ^bb0(%a: tensor<2xi32>, %b: tensor<2xi32>):
    %n = loom.neg %a : tensor<2xi32>
    loom.yield %n : tensor<2xi32>
  }
  return %r : tensor<2xi32>
}
)";

TEST_F(ControlFlowEvalTest, IfRunsTheChosenRegionOnly) {
  // The then region divides by zero: only running it fails.
  std::vector<Tensor> out =
      run(kIf, {i1({}, {0}), i32({2}, {6, -4}), i32({2}, {3, 0})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i32({2}, {-6, 4}));
  out = run(kIf, {i1({}, {1}), i32({2}, {6, -4}), i32({2}, {3, 2})});
  expectTensorEq(out[0], i32({2}, {2, -2}));
  expectError(kIf, {i1({}, {1}), i32({2}, {6, -4}), i32({2}, {3, 0})},
              "division by zero");
}

} // namespace
