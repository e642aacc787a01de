//===- ElementwiseEvalTest.cpp - Evaluator tests of elementwise ops -----------===//
//
// Part of the Loom project.
//
// Hand-computed expectations for every elementwise op: broadcasting,
// integer wrap-around and division, NaN and infinity propagation, and the
// rounding of f16/bf16 results.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

#include <cmath>
#include <limits>

using namespace loom;
using namespace loom::test;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

class ElementwiseEvalTest : public EvaluatorTest {
protected:
  Tensor binary(const std::string &op, const Tensor &lhs, const Tensor &rhs,
                const std::string &lhsType, const std::string &rhsType,
                const std::string &resultType) {
    std::vector<Tensor> out =
        run(binaryFunction(op, lhsType, rhsType, resultType), {lhs, rhs});
    return out.empty() ? Tensor() : out[0];
  }
  Tensor unary(const std::string &op, const Tensor &input,
               const std::string &type) {
    std::vector<Tensor> out = run(unaryFunction(op, type), {input});
    return out.empty() ? Tensor() : out[0];
  }
};

TEST_F(ElementwiseEvalTest, AddBroadcastsTrailingDimensions) {
  expectTensorEq(binary("loom.add", f32({2, 3}, {1, 2, 3, 4, 5, 6}),
                        f32({3}, {10, 20, 30}), "tensor<2x3xf32>",
                        "tensor<3xf32>", "tensor<2x3xf32>"),
                 f32({2, 3}, {11, 22, 33, 14, 25, 36}));
}

TEST_F(ElementwiseEvalTest, AddBroadcastsBothOperands) {
  expectTensorEq(binary("loom.add", f32({2, 1}, {1, 2}), f32({1, 3}, {10, 20, 30}),
                        "tensor<2x1xf32>", "tensor<1x3xf32>", "tensor<2x3xf32>"),
                 f32({2, 3}, {11, 21, 31, 12, 22, 32}));
}

TEST_F(ElementwiseEvalTest, AddWrapsIntegers) {
  expectTensorEq(binary("loom.add", i8({2}, {127, -128}), i8({2}, {1, -1}),
                        "tensor<2xi8>", "tensor<2xi8>", "tensor<2xi8>"),
                 i8({2}, {-128, 127}));
}

TEST_F(ElementwiseEvalTest, AddPropagatesNaNAndInfinity) {
  expectTensorEq(binary("loom.add", f32({3}, {kNaN, kInf, kInf}),
                        f32({3}, {1, 1, -kInf}), "tensor<3xf32>",
                        "tensor<3xf32>", "tensor<3xf32>"),
                 f32({3}, {kNaN, kInf, kNaN}));
}

TEST_F(ElementwiseEvalTest, AddRoundsHalfResults) {
  // 2048 + 1 is not representable in f16 (spacing 2): ties to even 2048.
  expectTensorEq(binary("loom.add", f16({2}, {2048, 2048}), f16({2}, {1, 3}),
                        "tensor<2xf16>", "tensor<2xf16>", "tensor<2xf16>"),
                 f16({2}, {2048, 2052}));
  // bf16 has 8 significant bits: 256 + 1 ties to 256, 256 + 3 to 260.
  expectTensorEq(binary("loom.add", bf16({2}, {256, 256}), bf16({2}, {1, 3}),
                        "tensor<2xbf16>", "tensor<2xbf16>", "tensor<2xbf16>"),
                 bf16({2}, {256, 260}));
}

TEST_F(ElementwiseEvalTest, Sub) {
  expectTensorEq(binary("loom.sub", i32({3}, {5, -2147483648.0, 0}),
                        i32({1}, {1}), "tensor<3xi32>", "tensor<1xi32>",
                        "tensor<3xi32>"),
                 i32({3}, {4, 2147483647, -1}));
}

TEST_F(ElementwiseEvalTest, Mul) {
  expectTensorEq(binary("loom.mul", i64({2}, {1LL << 62, 3}), i64({}, {4}),
                        "tensor<2xi64>", "tensor<i64>", "tensor<2xi64>"),
                 i64({2}, {0, 12}));
  expectTensorEq(binary("loom.mul", f32({2}, {0, -2}), f32({2}, {kInf, 0}),
                        "tensor<2xf32>", "tensor<2xf32>", "tensor<2xf32>"),
                 f32({2}, {kNaN, -0.0}));
}

TEST_F(ElementwiseEvalTest, DivFloat) {
  expectTensorEq(binary("loom.div", f32({4}, {1, -1, 0, 7}), f32({4}, {0, 0, 0, 2}),
                        "tensor<4xf32>", "tensor<4xf32>", "tensor<4xf32>"),
                 f32({4}, {kInf, -kInf, kNaN, 3.5}));
}

TEST_F(ElementwiseEvalTest, DivIntegerTruncatesTowardZero) {
  expectTensorEq(binary("loom.div", i32({4}, {7, -7, 7, -2147483648.0}),
                        i32({4}, {2, 2, -2, -1}), "tensor<4xi32>",
                        "tensor<4xi32>", "tensor<4xi32>"),
                 i32({4}, {3, -3, -3, -2147483648.0}));
}

TEST_F(ElementwiseEvalTest, DivIntegerByZeroIsAnError) {
  expectError(binaryFunction("loom.div", "tensor<2xi32>", "tensor<2xi32>",
                             "tensor<2xi32>"),
              {i32({2}, {1, 2}), i32({2}, {1, 0})}, "integer division by zero");
}

TEST_F(ElementwiseEvalTest, Pow) {
  expectTensorEq(binary("loom.pow", f32({3}, {2, 4, -8}), f32({3}, {10, 0.5, 1.0 / 3}),
                        "tensor<3xf32>", "tensor<3xf32>", "tensor<3xf32>"),
                 f32({3}, {1024, 2, kNaN}));
  expectTensorEq(binary("loom.pow", i32({5}, {3, 2, -1, 1, 5}),
                        i32({5}, {4, 31, -3, -7, -1}), "tensor<5xi32>",
                        "tensor<5xi32>", "tensor<5xi32>"),
                 i32({5}, {81, -2147483648.0, -1, 1, 0}));
}

TEST_F(ElementwiseEvalTest, MaxAndMinPropagateNaN) {
  expectTensorEq(binary("loom.max", f32({3}, {1, kNaN, -0.0}), f32({3}, {2, 1, 3}),
                        "tensor<3xf32>", "tensor<3xf32>", "tensor<3xf32>"),
                 f32({3}, {2, kNaN, 3}));
  expectTensorEq(binary("loom.min", f32({3}, {1, 5, kNaN}), f32({3}, {2, kNaN, 3}),
                        "tensor<3xf32>", "tensor<3xf32>", "tensor<3xf32>"),
                 f32({3}, {1, kNaN, kNaN}));
  expectTensorEq(binary("loom.max", i8({2}, {-128, 3}), i8({}, {0}),
                        "tensor<2xi8>", "tensor<i8>", "tensor<2xi8>"),
                 i8({2}, {0, 3}));
}

TEST_F(ElementwiseEvalTest, MaxAndMinOrderSignedZeros) {
  // +0.0 counts as above -0.0 whichever side it is on.
  Tensor lhs = f32({2}, {0.0, -0.0});
  Tensor rhs = f32({2}, {-0.0, 0.0});
  expectTensorEq(binary("loom.max", lhs, rhs, "tensor<2xf32>", "tensor<2xf32>",
                        "tensor<2xf32>"),
                 f32({2}, {0.0, 0.0}));
  expectTensorEq(binary("loom.min", lhs, rhs, "tensor<2xf32>", "tensor<2xf32>",
                        "tensor<2xf32>"),
                 f32({2}, {-0.0, -0.0}));
}

TEST_F(ElementwiseEvalTest, RemTakesSignOfDivisor) {
  expectTensorEq(binary("loom.rem", i32({4}, {7, -7, 7, -7}), i32({4}, {3, 3, -3, -3}),
                        "tensor<4xi32>", "tensor<4xi32>", "tensor<4xi32>"),
                 i32({4}, {1, 2, -2, -1}));
  expectTensorEq(binary("loom.rem", f32({2}, {5.5, -5.5}), f32({2}, {2, 2}),
                        "tensor<2xf32>", "tensor<2xf32>", "tensor<2xf32>"),
                 f32({2}, {1.5, 0.5}));
}

TEST_F(ElementwiseEvalTest, RemFmodTakesSignOfDividend) {
  std::string source = R"(
    func.func @main(%a: tensor<2xi32>, %b: tensor<2xi32>) -> tensor<2xi32> {
      %0 = loom.rem %a, %b {fmod} : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
      return %0 : tensor<2xi32>
    })";
  std::vector<Tensor> out = run(source, {i32({2}, {-7, 7}), i32({2}, {3, -3})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i32({2}, {-1, 1}));
  expectError(source, {i32({2}, {1, 1}), i32({2}, {0, 1})},
              "integer remainder by zero");
}

TEST_F(ElementwiseEvalTest, Compare) {
  Tensor lhs = f32({3}, {1, 2, kNaN});
  Tensor rhs = f32({3}, {2, 2, kNaN});
  auto cmp = [&](const std::string &predicate) {
    return binary("loom.compare " + predicate + ",", lhs, rhs, "tensor<3xf32>",
                  "tensor<3xf32>", "tensor<3xi1>");
  };
  expectTensorEq(cmp("eq"), i1({3}, {0, 1, 0}));
  expectTensorEq(cmp("ne"), i1({3}, {1, 0, 1}));
  expectTensorEq(cmp("lt"), i1({3}, {1, 0, 0}));
  expectTensorEq(cmp("le"), i1({3}, {1, 1, 0}));
  expectTensorEq(cmp("gt"), i1({3}, {0, 0, 0}));
  expectTensorEq(cmp("ge"), i1({3}, {0, 1, 0}));
  // Integers compare as signed.
  expectTensorEq(binary("loom.compare lt,", i8({2}, {-1, 5}), i8({1}, {0}),
                        "tensor<2xi8>", "tensor<1xi8>", "tensor<2xi1>"),
                 i1({2}, {1, 0}));
}

TEST_F(ElementwiseEvalTest, LogicalOps) {
  Tensor lhs = i1({4}, {0, 0, 1, 1});
  Tensor rhs = i1({4}, {0, 1, 0, 1});
  const char *type = "tensor<4xi1>";
  expectTensorEq(binary("loom.and", lhs, rhs, type, type, type), i1({4}, {0, 0, 0, 1}));
  expectTensorEq(binary("loom.or", lhs, rhs, type, type, type), i1({4}, {0, 1, 1, 1}));
  expectTensorEq(binary("loom.xor", lhs, rhs, type, type, type), i1({4}, {0, 1, 1, 0}));
  expectTensorEq(binary("loom.and", lhs, i1({}, {1}), type, "tensor<i1>", type), lhs);
}

TEST_F(ElementwiseEvalTest, NegAndAbs) {
  expectTensorEq(unary("loom.neg", f32({3}, {1, 0, kNaN}), "tensor<3xf32>"),
                 f32({3}, {-1, -0.0, kNaN}));
  expectTensorEq(unary("loom.neg", i8({2}, {-128, 5}), "tensor<2xi8>"),
                 i8({2}, {-128, -5}));
  expectTensorEq(unary("loom.abs", f32({3}, {-1.5, -0.0, -kInf}), "tensor<3xf32>"),
                 f32({3}, {1.5, 0, kInf}));
  expectTensorEq(unary("loom.abs", i32({2}, {-2147483648.0, -3}), "tensor<2xi32>"),
                 i32({2}, {-2147483648.0, 3}));
}

TEST_F(ElementwiseEvalTest, ExpAndLog) {
  expectTensorNear(unary("loom.exp", f32({4}, {0, 1, -kInf, 100}), "tensor<4xf32>"),
                   f32({4}, {1, 2.718281828, 0, kInf}));
  expectTensorEq(unary("loom.log", f32({4}, {1, 0, -1, kInf}), "tensor<4xf32>"),
                 f32({4}, {0, -kInf, kNaN, kInf}));
}

TEST_F(ElementwiseEvalTest, SqrtRsqrtReciprocal) {
  expectTensorEq(unary("loom.sqrt", f32({3}, {4, -1, 0}), "tensor<3xf32>"),
                 f32({3}, {2, kNaN, 0}));
  expectTensorEq(unary("loom.rsqrt", f32({3}, {4, 0, kInf}), "tensor<3xf32>"),
                 f32({3}, {0.5, kInf, 0}));
  expectTensorEq(unary("loom.reciprocal", f32({3}, {4, -0.0, kInf}), "tensor<3xf32>"),
                 f32({3}, {0.25, -kInf, 0}));
}

TEST_F(ElementwiseEvalTest, TanhSigmoidErf) {
  expectTensorNear(unary("loom.tanh", f32({3}, {0, 1, -kInf}), "tensor<3xf32>"),
                   f32({3}, {0, 0.7615941559, -1}));
  expectTensorNear(unary("loom.sigmoid", f32({4}, {0, 2, -kInf, -100}), "tensor<4xf32>"),
                   f32({4}, {0.5, 0.8807970780, 0, 0}));
  expectTensorNear(unary("loom.erf", f32({3}, {0, 1, -kInf}), "tensor<3xf32>"),
                   f32({3}, {0, 0.8427007929, -1}));
}

TEST_F(ElementwiseEvalTest, Relu) {
  expectTensorEq(unary("loom.relu", f32({4}, {-1, 2, kNaN, -0.0}), "tensor<4xf32>"),
                 f32({4}, {0, 2, kNaN, 0}));
  expectTensorEq(unary("loom.relu", i32({2}, {-5, 5}), "tensor<2xi32>"),
                 i32({2}, {0, 5}));
}

TEST_F(ElementwiseEvalTest, Gelu) {
  // 0.5 * x * (1 + erf(x / sqrt(2))) at x = 1: 0.8413447461.
  expectTensorNear(unary("loom.gelu", f32({3}, {0, 1, -1}), "tensor<3xf32>"),
                   f32({3}, {0, 0.8413447461, -0.1586552539}));
  // tanh form at x = 1: 0.5 * (1 + tanh(0.7978845608 * 1.044715)) = 0.8411919906.
  expectTensorNear(unary("loom.gelu approximation = tanh", f32({2}, {0, 1}),
                         "tensor<2xf32>"),
                   f32({2}, {0, 0.8411919906}));
}

TEST_F(ElementwiseEvalTest, FloorCeilRound) {
  Tensor input = f32({6}, {-1.5, -0.5, 0.5, 1.5, 2.5, kNaN});
  expectTensorEq(unary("loom.floor", input, "tensor<6xf32>"),
                 f32({6}, {-2, -1, 0, 1, 2, kNaN}));
  expectTensorEq(unary("loom.ceil", input, "tensor<6xf32>"),
                 f32({6}, {-1, -0.0, 1, 2, 3, kNaN}));
  // Halves round to even.
  expectTensorEq(unary("loom.round", input, "tensor<6xf32>"),
                 f32({6}, {-2, -0.0, 0, 2, 2, kNaN}));
}

TEST_F(ElementwiseEvalTest, Sign) {
  expectTensorEq(unary("loom.sign", f32({4}, {-3, 0, 7, kNaN}), "tensor<4xf32>"),
                 f32({4}, {-1, 0, 1, kNaN}));
  expectTensorEq(unary("loom.sign", i64({3}, {-9, 0, 9}), "tensor<3xi64>"),
                 i64({3}, {-1, 0, 1}));
}

TEST_F(ElementwiseEvalTest, Not) {
  expectTensorEq(unary("loom.not", i1({2}, {0, 1}), "tensor<2xi1>"), i1({2}, {1, 0}));
}

TEST_F(ElementwiseEvalTest, SinAndCos) {
  expectTensorNear(unary("loom.sin", f32({3}, {0, M_PI / 2, kInf}), "tensor<3xf32>"),
                   f32({3}, {0, 1, kNaN}));
  expectTensorNear(unary("loom.cos", f32({2}, {0, M_PI}), "tensor<2xf32>"),
                   f32({2}, {1, -1}));
}

TEST_F(ElementwiseEvalTest, TrigonometricAndHyperbolic) {
  expectTensorNear(unary("loom.tan", f32({2}, {0, M_PI / 4}), "tensor<2xf32>"),
                   f32({2}, {0, 1}));
  expectTensorNear(unary("loom.asin", f32({3}, {0, 1, 2}), "tensor<3xf32>"),
                   f32({3}, {0, M_PI / 2, kNaN}));
  expectTensorNear(unary("loom.acos", f32({3}, {1, -1, -2}), "tensor<3xf32>"),
                   f32({3}, {0, M_PI, kNaN}));
  expectTensorNear(unary("loom.atan", f32({3}, {0, 1, -kInf}), "tensor<3xf32>"),
                   f32({3}, {0, M_PI / 4, -M_PI / 2}));
  // sinh(1) = (e - 1/e) / 2 = 1.1752011936, cosh(1) = 1.5430806348.
  expectTensorNear(unary("loom.sinh", f32({2}, {0, 1}), "tensor<2xf32>"),
                   f32({2}, {0, 1.1752011936}));
  expectTensorNear(unary("loom.cosh", f32({2}, {0, 1}), "tensor<2xf32>"),
                   f32({2}, {1, 1.5430806348}));
  // asinh(1) = ln(1 + sqrt 2) = 0.8813735870; acosh(2) = ln(2 + sqrt 3) =
  // 1.3169578969; atanh(0.5) = ln(3) / 2 = 0.5493061443.
  expectTensorNear(unary("loom.asinh", f32({2}, {0, 1}), "tensor<2xf32>"),
                   f32({2}, {0, 0.8813735870}));
  expectTensorNear(unary("loom.acosh", f32({3}, {1, 2, 0.5}), "tensor<3xf32>"),
                   f32({3}, {0, 1.3169578969, kNaN}));
  expectTensorNear(unary("loom.atanh", f32({3}, {0, 0.5, 1}), "tensor<3xf32>"),
                   f32({3}, {0, 0.5493061443, kInf}));
}

TEST_F(ElementwiseEvalTest, Clamp) {
  expectTensorEq(unary("loom.clamp min = 0.0 max = 6.0",
                       f32({4}, {-1, 3, 7, kNaN}), "tensor<4xf32>"),
                 f32({4}, {0, 3, 6, kNaN}));
  expectTensorEq(unary("loom.clamp max = 2.0", i32({3}, {-9, 1, 9}), "tensor<3xi32>"),
                 i32({3}, {-9, 1, 2}));
}

TEST_F(ElementwiseEvalTest, CastFloatToInteger) {
  std::string source = R"(
    func.func @main(%x: tensor<6xf32>) -> tensor<6xi8> {
      %0 = loom.cast %x : tensor<6xf32> to tensor<6xi8>
      return %0 : tensor<6xi8>
    })";
  std::vector<Tensor> out = run(source, {f32({6}, {1.9, -1.9, 300, -300, kNaN, -0.5})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i8({6}, {1, -1, 127, -128, 0, 0}));
}

TEST_F(ElementwiseEvalTest, CastBetweenWidths) {
  std::string source = R"(
    func.func @main(%x: tensor<3xi32>, %y: tensor<3xf32>) -> (tensor<3xi8>, tensor<3xi1>, tensor<3xf16>) {
      %0 = loom.cast %x : tensor<3xi32> to tensor<3xi8>
      %1 = loom.cast %x : tensor<3xi32> to tensor<3xi1>
      %2 = loom.cast %y : tensor<3xf32> to tensor<3xf16>
      return %0, %1, %2 : tensor<3xi8>, tensor<3xi1>, tensor<3xf16>
    })";
  std::vector<Tensor> out =
      run(source, {i32({3}, {257, -129, 0}), f32({3}, {0.1, 70000, 1 + 0x1p-11})});
  ASSERT_EQ(out.size(), 3u);
  expectTensorEq(out[0], i8({3}, {1, 127, 0})); // keeps the low 8 bits
  expectTensorEq(out[1], i1({3}, {1, 1, 0}));
  expectTensorEq(out[2], f16({3}, {0.1, kInf, 1}));
}

TEST_F(ElementwiseEvalTest, Select) {
  std::string source = R"(
    func.func @main(%c: tensor<2x1xi1>, %a: tensor<2x3xi32>, %b: tensor<i32>) -> tensor<2x3xi32> {
      %0 = loom.select %c, %a, %b : (tensor<2x1xi1>, tensor<2x3xi32>, tensor<i32>) -> tensor<2x3xi32>
      return %0 : tensor<2x3xi32>
    })";
  std::vector<Tensor> out =
      run(source, {i1({2, 1}, {1, 0}), i32({2, 3}, {1, 2, 3, 4, 5, 6}), i32({}, {-1})});
  ASSERT_EQ(out.size(), 1u);
  expectTensorEq(out[0], i32({2, 3}, {1, 2, 3, -1, -1, -1}));
}

} // namespace
