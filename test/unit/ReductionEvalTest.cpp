//===- ReductionEvalTest.cpp - Evaluator tests of reductions -----------------===//
//
// Part of the Loom project.
//
// Axis reductions, arg reductions, cumsum and top-k against hand-computed
// values: empty extents, NaN and signed zeros, ties, integer wrap-around and
// truncation, and accumulation in f32 for f16.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

#include "ir/LoomOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <limits>

using namespace mlir;
using namespace loom;
using namespace loom::test;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

class ReductionEvalTest : public EvaluatorTest {
protected:
  /// Runs `loom.<op> %x <attrs>` from `inType` to `outType` (written with a
  /// functional type, as axis reductions and arg reductions are) on `input`.
  Tensor reduce(const std::string &op, const std::string &attrs,
                const std::string &inType, const std::string &outType,
                const Tensor &input) {
    return first(run(source(op, attrs, inType, outType), {input}));
  }

  /// Runs `loom.cumsum %x <attrs> : <type>` on `input`.
  Tensor cumsum(const std::string &attrs, const std::string &type,
                const Tensor &input) {
    std::string text = "func.func @main(%x: " + type + ") -> " + type +
                       " {\n  %0 = loom.cumsum %x " + attrs + " : " + type +
                       "\n  return %0 : " + type + "\n}";
    return first(run(text, {input}));
  }

  /// Runs `loom.topk %x <attrs>` on `input`; `inType` is the input's type,
  /// `valuesType` and `indicesType` those of the two results.
  std::vector<Tensor> topk(const std::string &attrs, const std::string &inType,
                           const std::string &valuesType,
                           const std::string &indicesType,
                           const Tensor &input) {
    return run(topkSource(attrs, inType, valuesType, indicesType), {input});
  }

  static std::string topkSource(const std::string &attrs,
                                const std::string &inType,
                                const std::string &valuesType,
                                const std::string &indicesType) {
    std::string results = valuesType + ", " + indicesType;
    return "func.func @main(%x: " + inType + ") -> (" + results +
           ") {\n  %0:2 = loom.topk %x " + attrs + " : (" + inType +
           ") -> (" + results + ")\n  return %0#0, %0#1 : " + results + "\n}";
  }

  static std::string source(const std::string &op, const std::string &attrs,
                            const std::string &inType,
                            const std::string &outType) {
    return "func.func @main(%x: " + inType + ") -> " + outType +
           " {\n  %0 = loom." + op + " %x " + attrs + " : (" + inType +
           ") -> " + outType + "\n  return %0 : " + outType + "\n}";
  }

private:
  static Tensor first(const std::vector<Tensor> &results) {
    EXPECT_EQ(results.size(), 1u);
    return results.empty() ? Tensor() : results.front();
  }
};

//===----------------------------------------------------------------------===//
// reduce_sum
//===----------------------------------------------------------------------===//

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

TEST_F(ReductionEvalTest, ReduceSumWrapsIntegers) {
  // 100 + 100 + 100 = 300 = 256 + 44; -128 + -1 = -129 = -128 - 1 wraps to 127.
  expectTensorEq(reduce("reduce_sum", "axes [1]", "tensor<2x3xi8>",
                        "tensor<2xi8>",
                        i8({2, 3}, {100, 100, 100, -128, -1, 0})),
                 i8({2}, {44, 127}));
}

TEST_F(ReductionEvalTest, ReduceSumSignedZeros) {
  // A sum of only -0.0 is -0.0 (so that reducing nothing is the identity the
  // folder assumes); -0.0 + 0.0 is +0.0; an empty float sum is +0.0.
  expectTensorEq(reduce("reduce_sum", "axes [1]", "tensor<2x2xf32>",
                        "tensor<2xf32>", f32({2, 2}, {-0.0, -0.0, -0.0, 0.0})),
                 f32({2}, {-0.0, 0.0}));
  expectTensorEq(reduce("reduce_sum", "axes []", "tensor<2xf32>",
                        "tensor<2xf32>", f32({2}, {-0.0, 1.5})),
                 f32({2}, {-0.0, 1.5}));
  expectTensorEq(reduce("reduce_sum", "axes [0]", "tensor<0x2xf32>",
                        "tensor<2xf32>", f32({0, 2}, {})),
                 f32({2}, {0.0, 0.0}));
}

//===----------------------------------------------------------------------===//
// reduce_mean
//===----------------------------------------------------------------------===//

TEST_F(ReductionEvalTest, ReduceMeanOverAxes) {
  // Rows [1 2 3] and [4 5 6]: row means 2 and 5, column means 2.5 3.5 4.5.
  Tensor x = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  expectTensorEq(reduce("reduce_mean", "axes [1] keepdims", "tensor<2x3xf32>",
                        "tensor<2x1xf32>", x),
                 f32({2, 1}, {2, 5}));
  expectTensorEq(reduce("reduce_mean", "axes [0]", "tensor<2x3xf32>",
                        "tensor<3xf32>", x),
                 f32({3}, {2.5, 3.5, 4.5}));
}

TEST_F(ReductionEvalTest, ReduceMeanOfIntegersTruncatesTowardZero) {
  // -3 / 2 = -1.5 -> -1, 7 / 2 = 3.5 -> 3, -7 / 2 = -3.5 -> -3 (floor
  // division would give -2, 3 and -4).
  expectTensorEq(reduce("reduce_mean", "axes [1]", "tensor<3x2xi32>",
                        "tensor<3xi32>", i32({3, 2}, {-3, 0, 7, 0, -7, 0})),
                 i32({3}, {-1, 3, -3}));
}

TEST_F(ReductionEvalTest, ReduceMeanOfIntegersDividesTheWrappedSum) {
  // i8: 100 + 100 = 200 wraps to -56, and -56 / 2 = -28 (not 100).
  expectTensorEq(reduce("reduce_mean", "axes [0]", "tensor<2xi8>",
                        "tensor<i8>", i8({2}, {100, 100})),
                 i8({}, {-28}));
}

TEST_F(ReductionEvalTest, ReduceMeanOfEmptyExtent) {
  // Floats: 0 / 0 is NaN.
  expectTensorEq(reduce("reduce_mean", "axes [1]", "tensor<2x0xf32>",
                        "tensor<2xf32>", f32({2, 0}, {})),
                 f32({2}, {kNaN, kNaN}));
  // Integers have no NaN.
  expectError(source("reduce_mean", "axes [1]", "tensor<2x0xi32>",
                     "tensor<2xi32>"),
              {i32({2, 0}, {})}, "integer mean over an empty extent");
  // No result element, no division: not an error.
  expectTensorEq(reduce("reduce_mean", "axes [1]", "tensor<0x0xi32>",
                        "tensor<0xi32>", i32({0, 0}, {})),
                 i32({0}, {}));
}

TEST_F(ReductionEvalTest, ReduceMeanOfF16AccumulatesInF32) {
  // 60000 + 60000 overflows f16 (max 65504) but not f32: the mean is 60000,
  // which f16 holds exactly (a multiple of its spacing 32 there).
  // 1 + 2 + 2 = 5, 5 / 3 = 1.6666666 in f32, rounded once to f16 (spacing
  // 2^-10 in [1, 2)): 1706.67 * 2^-10 -> 1707 * 2^-10 = 1.6669921875.
  expectTensorEq(reduce("reduce_mean", "axes [1]", "tensor<2x3xf16>",
                        "tensor<2xf16>",
                        f16({2, 3}, {60000, 60000, 60000, 1, 2, 2})),
                 f16({2}, {60000, 1.6669921875}));
}

//===----------------------------------------------------------------------===//
// reduce_max and reduce_min
//===----------------------------------------------------------------------===//

TEST_F(ReductionEvalTest, ReduceMaxAndMinOverAxes) {
  // [[1 5 3] [4 2 6]].
  Tensor x = f32({2, 3}, {1, 5, 3, 4, 2, 6});
  expectTensorEq(reduce("reduce_max", "axes [1]", "tensor<2x3xf32>",
                        "tensor<2xf32>", x),
                 f32({2}, {5, 6}));
  expectTensorEq(reduce("reduce_max", "axes [0]", "tensor<2x3xf32>",
                        "tensor<3xf32>", x),
                 f32({3}, {4, 5, 6}));
  expectTensorEq(reduce("reduce_min", "axes [1] keepdims", "tensor<2x3xf32>",
                        "tensor<2x1xf32>", x),
                 f32({2, 1}, {1, 2}));
  expectTensorEq(reduce("reduce_min", "axes [0, 1]", "tensor<2x3xf32>",
                        "tensor<f32>", x),
                 f32({}, {1}));
}

TEST_F(ReductionEvalTest, ReduceMaxAndMinOfIntegers) {
  // Signed comparison, extremes of i64 included.
  Tensor x = i64({2, 2}, {-5, -9, std::numeric_limits<int64_t>::min(),
                          std::numeric_limits<int64_t>::max()});
  expectTensorEq(reduce("reduce_max", "axes [1]", "tensor<2x2xi64>",
                        "tensor<2xi64>", x),
                 i64({2}, {-5, std::numeric_limits<int64_t>::max()}));
  expectTensorEq(reduce("reduce_min", "axes [1]", "tensor<2x2xi64>",
                        "tensor<2xi64>", x),
                 i64({2}, {-9, std::numeric_limits<int64_t>::min()}));
}

TEST_F(ReductionEvalTest, ReduceMaxAndMinPropagateNaN) {
  // A NaN anywhere in a row gives NaN, before or after larger values; the
  // last row has none.
  Tensor x = f32({3, 3}, {1, kNaN, 3, kNaN, 9, -kInf, 2, kInf, -1});
  expectTensorEq(reduce("reduce_max", "axes [1]", "tensor<3x3xf32>",
                        "tensor<3xf32>", x),
                 f32({3}, {kNaN, kNaN, kInf}));
  expectTensorEq(reduce("reduce_min", "axes [1]", "tensor<3x3xf32>",
                        "tensor<3xf32>", x),
                 f32({3}, {kNaN, kNaN, -1}));
}

TEST_F(ReductionEvalTest, ReduceMaxAndMinOfSignedZeros) {
  // Whatever the order, max picks +0.0 and min picks -0.0.
  Tensor x = f32({2, 2}, {-0.0, 0.0, 0.0, -0.0});
  expectTensorEq(reduce("reduce_max", "axes [1]", "tensor<2x2xf32>",
                        "tensor<2xf32>", x),
                 f32({2}, {0.0, 0.0}));
  expectTensorEq(reduce("reduce_min", "axes [1]", "tensor<2x2xf32>",
                        "tensor<2xf32>", x),
                 f32({2}, {-0.0, -0.0}));
}

TEST_F(ReductionEvalTest, ReduceMaxAndMinOfEmptyExtent) {
  expectTensorEq(reduce("reduce_max", "axes [1]", "tensor<2x0xf32>",
                        "tensor<2xf32>", f32({2, 0}, {})),
                 f32({2}, {-kInf, -kInf}));
  expectTensorEq(reduce("reduce_min", "axes [1]", "tensor<2x0xf32>",
                        "tensor<2xf32>", f32({2, 0}, {})),
                 f32({2}, {kInf, kInf}));
  expectTensorEq(reduce("reduce_max", "axes [0]", "tensor<0x2xi8>",
                        "tensor<2xi8>", i8({0, 2}, {})),
                 i8({2}, {-128, -128}));
  expectTensorEq(reduce("reduce_min", "axes [0]", "tensor<0x2xi8>",
                        "tensor<2xi8>", i8({0, 2}, {})),
                 i8({2}, {127, 127}));
}

//===----------------------------------------------------------------------===//
// reduce_prod
//===----------------------------------------------------------------------===//

TEST_F(ReductionEvalTest, ReduceProdOverAxes) {
  // Rows [1 2 3] and [4 5 6]: 6 and 120; columns 4, 10, 18.
  Tensor x = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  expectTensorEq(reduce("reduce_prod", "axes [1]", "tensor<2x3xf32>",
                        "tensor<2xf32>", x),
                 f32({2}, {6, 120}));
  expectTensorEq(reduce("reduce_prod", "axes [0] keepdims", "tensor<2x3xf32>",
                        "tensor<1x3xf32>", x),
                 f32({1, 3}, {4, 10, 18}));
}

TEST_F(ReductionEvalTest, ReduceProdWrapsIntegers) {
  // i8: 16 * 16 = 256 -> 0; 3 * 100 = 300 -> 44; -128 * -1 = 128 -> -128.
  expectTensorEq(reduce("reduce_prod", "axes [1]", "tensor<3x2xi8>",
                        "tensor<3xi8>", i8({3, 2}, {16, 16, 3, 100, -128, -1})),
                 i8({3}, {0, 44, -128}));
  // i32: 2^16 * 2^16 = 2^32 -> 0; 2^16 * (2^16 + 1) = 2^32 + 2^16 -> 2^16.
  expectTensorEq(reduce("reduce_prod", "axes [1]", "tensor<2x2xi32>",
                        "tensor<2xi32>",
                        i32({2, 2}, {65536, 65536, 65536, 65537})),
                 i32({2}, {0, 65536}));
}

TEST_F(ReductionEvalTest, ReduceProdOfEmptyExtentIsOne) {
  expectTensorEq(reduce("reduce_prod", "axes [1]", "tensor<2x0xi32>",
                        "tensor<2xi32>", i32({2, 0}, {})),
                 i32({2}, {1, 1}));
  expectTensorEq(reduce("reduce_prod", "axes [0]", "tensor<0xf32>",
                        "tensor<f32>", f32({0}, {})),
                 f32({}, {1}));
}

//===----------------------------------------------------------------------===//
// argmax and argmin
//===----------------------------------------------------------------------===//

TEST_F(ReductionEvalTest, ArgMaxAlongAxes) {
  // [[1 5 3] [4 2 6]]: row maxima at 1 and 2; column maxima in row 1, 0, 1.
  Tensor x = f32({2, 3}, {1, 5, 3, 4, 2, 6});
  expectTensorEq(reduce("argmax", "axis 1", "tensor<2x3xf32>", "tensor<2xi64>",
                        x),
                 i64({2}, {1, 2}));
  expectTensorEq(reduce("argmax", "axis 0 keepdims", "tensor<2x3xf32>",
                        "tensor<1x3xi64>", x),
                 i64({1, 3}, {1, 0, 1}));
}

TEST_F(ReductionEvalTest, ArgMaxAlongMiddleAxis) {
  // x[o][i][n] for shape 2x3x2, reduced over i:
  //   o=0: n=0 [1 3 2] -> 1,  n=1 [6 2 9] -> 2
  //   o=1: n=0 [0 5 5] -> 1 (first of the tie; 2 with select_last_index),
  //        n=1 [0 1 4] -> 2
  Tensor x = i32({2, 3, 2}, {1, 6, 3, 2, 2, 9, 0, 0, 5, 1, 5, 4});
  expectTensorEq(reduce("argmax", "axis 1", "tensor<2x3x2xi32>",
                        "tensor<2x2xi64>", x),
                 i64({2, 2}, {1, 2, 1, 2}));
  expectTensorEq(reduce("argmax", "axis 1 select_last_index",
                        "tensor<2x3x2xi32>", "tensor<2x2xi64>", x),
                 i64({2, 2}, {1, 2, 2, 2}));
}

TEST_F(ReductionEvalTest, ArgMaxTies) {
  // [2 7 7 1 7]: the maximum 7 is at 1, 2 and 4. i8 extremes: [-128 127 127].
  Tensor x = f32({5}, {2, 7, 7, 1, 7});
  expectTensorEq(reduce("argmax", "axis 0", "tensor<5xf32>", "tensor<i64>", x),
                 i64({}, {1}));
  expectTensorEq(reduce("argmax", "axis 0 select_last_index", "tensor<5xf32>",
                        "tensor<i64>", x),
                 i64({}, {4}));
  Tensor small = i8({3}, {-128, 127, 127});
  expectTensorEq(reduce("argmax", "axis 0", "tensor<3xi8>", "tensor<i64>",
                        small),
                 i64({}, {1}));
  expectTensorEq(reduce("argmax", "axis 0 select_last_index", "tensor<3xi8>",
                        "tensor<i64>", small),
                 i64({}, {2}));
  // -0.0 and +0.0 tie.
  Tensor zeros = f32({2}, {-0.0, 0.0});
  expectTensorEq(reduce("argmax", "axis 0", "tensor<2xf32>", "tensor<i64>",
                        zeros),
                 i64({}, {0}));
  expectTensorEq(reduce("argmax", "axis 0 select_last_index", "tensor<2xf32>",
                        "tensor<i64>", zeros),
                 i64({}, {1}));
}

TEST_F(ReductionEvalTest, ArgMaxAndArgMinPickNaN) {
  // Rows: [1 NaN 5 NaN] -> first NaN 1, last NaN 3;
  //       [NaN 9 inf -inf] -> 0 either way (the only NaN);
  //       [inf 2 -inf 0] -> no NaN: max at 0, min at 2.
  Tensor x = f32({3, 4}, {1, kNaN, 5, kNaN, kNaN, 9, kInf, -kInf, kInf, 2,
                          -kInf, 0});
  const char *in = "tensor<3x4xf32>";
  expectTensorEq(reduce("argmax", "axis 1", in, "tensor<3xi64>", x),
                 i64({3}, {1, 0, 0}));
  expectTensorEq(reduce("argmax", "axis 1 select_last_index", in,
                        "tensor<3xi64>", x),
                 i64({3}, {3, 0, 0}));
  expectTensorEq(reduce("argmin", "axis 1", in, "tensor<3xi64>", x),
                 i64({3}, {1, 0, 2}));
  expectTensorEq(reduce("argmin", "axis 1 select_last_index", in,
                        "tensor<3xi64>", x),
                 i64({3}, {3, 0, 2}));
}

TEST_F(ReductionEvalTest, ArgMinAlongAxis) {
  // [[4 1 3] [2 2 0]]: minima at 1 and 2; columns: 2<4 -> 1, 1<2 -> 0, 0<3 -> 1.
  Tensor x = f32({2, 3}, {4, 1, 3, 2, 2, 0});
  expectTensorEq(reduce("argmin", "axis 1 keepdims", "tensor<2x3xf32>",
                        "tensor<2x1xi64>", x),
                 i64({2, 1}, {1, 2}));
  expectTensorEq(reduce("argmin", "axis 0", "tensor<2x3xf32>",
                        "tensor<3xi64>", x),
                 i64({3}, {1, 0, 1}));
}

TEST_F(ReductionEvalTest, ArgMinTies) {
  // [3 1 2 1]: minimum 1 at 1 and 3; [inf -inf -inf]: -inf at 1 and 2.
  Tensor x = f32({2, 4}, {3, 1, 2, 1, kInf, -kInf, -kInf, kInf});
  expectTensorEq(reduce("argmin", "axis 1", "tensor<2x4xf32>",
                        "tensor<2xi64>", x),
                 i64({2}, {1, 1}));
  expectTensorEq(reduce("argmin", "axis 1 select_last_index",
                        "tensor<2x4xf32>", "tensor<2xi64>", x),
                 i64({2}, {3, 2}));
}

TEST_F(ReductionEvalTest, ArgMinOfI64Extremes) {
  int64_t lowest = std::numeric_limits<int64_t>::min();
  expectTensorEq(reduce("argmin", "axis 0", "tensor<3xi64>", "tensor<i64>",
                        i64({3}, {5, lowest, 0})),
                 i64({}, {1}));
}

TEST_F(ReductionEvalTest, ArgReductionOfEmptyKeptDimension) {
  // Nothing to reduce into: an empty result, no error.
  expectTensorEq(reduce("argmax", "axis 1", "tensor<0x3xf32>", "tensor<0xi64>",
                        f32({0, 3}, {})),
                 i64({0}, {}));
}

//===----------------------------------------------------------------------===//
// cumsum
//===----------------------------------------------------------------------===//

TEST_F(ReductionEvalTest, CumSumVariants) {
  // Rows [1 2 3] and [4 5 6] along axis 1:
  //   inclusive          [1 3 6]   [4 9 15]
  //   exclusive          [0 1 3]   [0 4 9]
  //   reverse            [6 5 3]   [15 11 6]
  //   exclusive reverse  [5 3 0]   [11 6 0]
  Tensor x = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  const char *type = "tensor<2x3xf32>";
  expectTensorEq(cumsum("axis 1", type, x),
                 f32({2, 3}, {1, 3, 6, 4, 9, 15}));
  expectTensorEq(cumsum("axis 1 exclusive", type, x),
                 f32({2, 3}, {0, 1, 3, 0, 4, 9}));
  expectTensorEq(cumsum("axis 1 reverse", type, x),
                 f32({2, 3}, {6, 5, 3, 15, 11, 6}));
  expectTensorEq(cumsum("axis 1 exclusive reverse", type, x),
                 f32({2, 3}, {5, 3, 0, 11, 6, 0}));
  // Along axis 0: the second row becomes [1+4 2+5 3+6].
  expectTensorEq(cumsum("axis 0", type, x),
                 f32({2, 3}, {1, 2, 3, 5, 7, 9}));
}

TEST_F(ReductionEvalTest, CumSumAlongMiddleAxis) {
  // Shape 2x2x2 holding 1..8, summed over the middle index:
  //   [1 3] -> [1 4], [2 4] -> [2 6], [5 7] -> [5 12], [6 8] -> [6 14].
  expectTensorEq(cumsum("axis 1", "tensor<2x2x2xi64>",
                        i64({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8})),
                 i64({2, 2, 2}, {1, 2, 4, 6, 5, 6, 12, 14}));
}

TEST_F(ReductionEvalTest, CumSumWrapsIntegers) {
  // 100, 100 + 100 = 200 -> -56, -56 - 100 = -156 -> 100.
  Tensor x = i8({3}, {100, 100, -100});
  expectTensorEq(cumsum("axis 0", "tensor<3xi8>", x), i8({3}, {100, -56, 100}));
  // Reverse: -100, -100 + 100 = 0, 0 + 100 = 100.
  expectTensorEq(cumsum("axis 0 reverse", "tensor<3xi8>", x),
                 i8({3}, {100, 0, -100}));
}

TEST_F(ReductionEvalTest, CumSumSignedZerosAndNaN) {
  // Inclusive sums start from the first element, so -0.0 stays -0.0; the
  // empty exclusive sum is +0.0. A NaN spoils every later sum.
  expectTensorEq(cumsum("axis 0", "tensor<2xf32>", f32({2}, {-0.0, -0.0})),
                 f32({2}, {-0.0, -0.0}));
  expectTensorEq(cumsum("axis 0 exclusive", "tensor<2xf32>",
                        f32({2}, {-0.0, -0.0})),
                 f32({2}, {0.0, -0.0}));
  expectTensorEq(cumsum("axis 0", "tensor<3xf32>", f32({3}, {1, kNaN, 2})),
                 f32({3}, {1, kNaN, kNaN}));
}

TEST_F(ReductionEvalTest, CumSumOfF16AccumulatesInF32) {
  // f32 sums 2048, 2049, 2050, each rounded to f16 (spacing 2 above 2048):
  // 2049 is a tie and goes to even 2048; 2050 is exact. Accumulating in f16
  // would have stayed at 2048.
  expectTensorEq(cumsum("axis 0", "tensor<3xf16>", f16({3}, {2048, 1, 1})),
                 f16({3}, {2048, 2048, 2050}));
}

TEST_F(ReductionEvalTest, CumSumOfEmptyAxis) {
  expectTensorEq(cumsum("axis 1 exclusive", "tensor<2x0xi32>", i32({2, 0}, {})),
                 i32({2, 0}, {}));
}

//===----------------------------------------------------------------------===//
// topk
//===----------------------------------------------------------------------===//

TEST_F(ReductionEvalTest, TopKLargestAndSmallest) {
  // Rows [1 5 3 2] and [4 2 6 6].
  //   largest k 2:  5 (1), 3 (2)  |  6 (2), 6 (3)  (the tie by index)
  //   smallest k 3: 1 (0), 2 (3), 3 (2)  |  2 (1), 4 (0), 6 (2)
  Tensor x = f32({2, 4}, {1, 5, 3, 2, 4, 2, 6, 6});
  std::vector<Tensor> out = topk("axis 1 k 2", "tensor<2x4xf32>",
                                 "tensor<2x2xf32>", "tensor<2x2xi64>", x);
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], f32({2, 2}, {5, 3, 6, 6}));
  expectTensorEq(out[1], i64({2, 2}, {1, 2, 2, 3}));
  out = topk("axis 1 k 3 largest = false", "tensor<2x4xf32>",
             "tensor<2x3xf32>", "tensor<2x3xi64>", x);
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], f32({2, 3}, {1, 2, 3, 2, 4, 6}));
  expectTensorEq(out[1], i64({2, 3}, {0, 3, 2, 1, 0, 2}));
}

TEST_F(ReductionEvalTest, TopKAlongMiddleAxis) {
  // x[o][i][n] for shape 2x3x2, the two largest over i:
  //   o=0: n=0 [1 3 2] -> 3 (1), 2 (2);  n=1 [6 2 9] -> 9 (2), 6 (0)
  //   o=1: n=0 [0 5 5] -> 5 (1), 5 (2);  n=1 [0 1 4] -> 4 (2), 1 (1)
  // laid out as result[o][rank][n].
  Tensor x = i32({2, 3, 2}, {1, 6, 3, 2, 2, 9, 0, 0, 5, 1, 5, 4});
  std::vector<Tensor> out = topk("axis 1 k 2", "tensor<2x3x2xi32>",
                                 "tensor<2x2x2xi32>", "tensor<2x2x2xi64>", x);
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], i32({2, 2, 2}, {3, 9, 2, 6, 5, 4, 5, 1}));
  expectTensorEq(out[1], i64({2, 2, 2}, {1, 2, 2, 0, 1, 2, 2, 1}));
}

TEST_F(ReductionEvalTest, TopKTiesKeepIndexOrder) {
  // [-0.0 +0.0 7 7 -0.0]: the 7s at 2 and 3 first, then the three zeros,
  // which are equal, in index order 0, 1, 4 either way.
  Tensor x = f32({5}, {-0.0, 0.0, 7, 7, -0.0});
  std::vector<Tensor> out =
      topk("axis 0 k 5", "tensor<5xf32>", "tensor<5xf32>", "tensor<5xi64>", x);
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], f32({5}, {7, 7, -0.0, 0.0, -0.0}));
  expectTensorEq(out[1], i64({5}, {2, 3, 0, 1, 4}));
  out = topk("axis 0 k 5 largest = false", "tensor<5xf32>", "tensor<5xf32>",
             "tensor<5xi64>", x);
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], f32({5}, {-0.0, 0.0, -0.0, 7, 7}));
  expectTensorEq(out[1], i64({5}, {0, 1, 4, 2, 3}));
}

TEST_F(ReductionEvalTest, TopKRanksNaNAboveEveryNumber) {
  // [1 NaN 3 NaN -inf inf]: largest first are the NaNs (1, 3), then inf (5);
  // smallest first, the NaNs come last.
  Tensor x = f32({6}, {1, kNaN, 3, kNaN, -kInf, kInf});
  std::vector<Tensor> out =
      topk("axis 0 k 3", "tensor<6xf32>", "tensor<3xf32>", "tensor<3xi64>", x);
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], f32({3}, {kNaN, kNaN, kInf}));
  expectTensorEq(out[1], i64({3}, {1, 3, 5}));
  out = topk("axis 0 k 6 largest = false", "tensor<6xf32>", "tensor<6xf32>",
             "tensor<6xi64>", x);
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], f32({6}, {-kInf, 1, 3, kInf, kNaN, kNaN}));
  expectTensorEq(out[1], i64({6}, {4, 0, 2, 5, 1, 3}));
}

TEST_F(ReductionEvalTest, TopKOfIntegerExtremes) {
  // i8 [-128 127 0 127]: the largest two are the 127s at 1 and 3; the
  // smallest is -128 at 0. i64 extremes order as signed numbers.
  Tensor x = i8({4}, {-128, 127, 0, 127});
  std::vector<Tensor> out =
      topk("axis 0 k 2", "tensor<4xi8>", "tensor<2xi8>", "tensor<2xi64>", x);
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], i8({2}, {127, 127}));
  expectTensorEq(out[1], i64({2}, {1, 3}));
  out = topk("axis 0 k 1 largest = false", "tensor<4xi8>", "tensor<1xi8>",
             "tensor<1xi64>", x);
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], i8({1}, {-128}));
  expectTensorEq(out[1], i64({1}, {0}));
  int64_t lowest = std::numeric_limits<int64_t>::min();
  int64_t highest = std::numeric_limits<int64_t>::max();
  out = topk("axis 0 k 3", "tensor<3xi64>", "tensor<3xi64>", "tensor<3xi64>",
             i64({3}, {lowest, highest, -1}));
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], i64({3}, {highest, -1, lowest}));
  expectTensorEq(out[1], i64({3}, {1, 2, 0}));
}

TEST_F(ReductionEvalTest, TopKUnsortedIsSortedInTheEvaluator) {
  // sorted = false allows any order; the evaluator gives the sorted one.
  std::vector<Tensor> out =
      topk("axis 0 k 3 sorted = false", "tensor<4xf16>", "tensor<3xf16>",
           "tensor<3xi64>", f16({4}, {0.5, 2.5, -1, 1.5}));
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], f16({3}, {2.5, 1.5, 0.5}));
  expectTensorEq(out[1], i64({3}, {1, 3, 0}));
}

TEST_F(ReductionEvalTest, TopKOfNothing) {
  // k = 0 reads nothing; so does a line of an empty outer dimension.
  std::vector<Tensor> out = topk("axis 1 k 0", "tensor<2x3xf32>",
                                 "tensor<2x0xf32>", "tensor<2x0xi64>",
                                 f32({2, 3}, {1, 2, 3, 4, 5, 6}));
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], f32({2, 0}, {}));
  expectTensorEq(out[1], i64({2, 0}, {}));
  out = topk("axis 1 k 2", "tensor<0x3xi32>", "tensor<0x2xi32>",
             "tensor<0x2xi64>", i32({0, 3}, {}));
  ASSERT_EQ(out.size(), 2u);
  expectTensorEq(out[0], i32({0, 2}, {}));
  expectTensorEq(out[1], i64({0, 2}, {}));
}

TEST_F(ReductionEvalTest, TopKLargerThanDynamicAxis) {
  // The verifier cannot check k against a dynamic size; the kernel does.
  // (Functions only take static arguments, so the op is evaluated alone.)
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(
      topkSource("axis 0 k 3", "tensor<?xf32>", "tensor<3xf32>",
                 "tensor<3xi64>"),
      &context);
  ASSERT_TRUE(module);
  Operation *topk = nullptr;
  module->walk([&](TopKOp op) { topk = op; });
  ASSERT_NE(topk, nullptr);
  std::string diagnostics;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
    diagnostics += diagnostic.str();
    return success();
  });
  EXPECT_TRUE(failed(eval::evaluateOp(topk, {f32({2}, {1, 2})}, {},
                                      /*emitErrors=*/true)));
  EXPECT_NE(diagnostics.find("k 3 is out of range for axis 0 of size 2"),
            std::string::npos)
      << diagnostics;
}

} // namespace
