//===- NNEvalTest.cpp - Evaluator tests of matmul, conv, pooling, norms -------===//
//
// Part of the Loom project.
//
// Hand-computed expectations for matmul, conv, conv_transpose, the pools,
// softmax and layer norm: padding, groups, dilation, integer wrap-around,
// NaN and infinity, and the single rounding of f16 results accumulated in
// f32.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

#include <cmath>
#include <cstdint>
#include <limits>

using namespace loom;
using namespace loom::test;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

class NNEvalTest : public EvaluatorTest {
protected:
  /// Runs `func.func @main` and returns its only result.
  Tensor runOne(const std::string &source, const std::vector<Tensor> &inputs) {
    std::vector<Tensor> out = run(source, inputs);
    EXPECT_EQ(out.size(), 1u);
    return out.empty() ? Tensor() : out[0];
  }
};

/// `func.func @main(%x: inType) -> outType` applying `op` (everything between
/// the operand and the colon, e.g. "loom.max_pool %x kernel [2] ...") with a
/// functional type.
std::string unaryWindowFunction(const std::string &op, const std::string &inType,
                                const std::string &outType) {
  return "func.func @main(%x: " + inType + ") -> " + outType + " {\n  %0 = " +
         op + " : (" + inType + ") -> " + outType + "\n  return %0 : " +
         outType + "\n}\n";
}

/// The same for conv, with operands %x and %w.
std::string convFunction(const std::string &attributes, const std::string &inType,
                         const std::string &filterType, const std::string &outType) {
  return "func.func @main(%x: " + inType + ", %w: " + filterType + ") -> " +
         outType + " {\n  %0 = loom.conv %x, %w " + attributes + " : (" +
         inType + ", " + filterType + ") -> " + outType +
         "\n  return %0 : " + outType + "\n}\n";
}

/// The same for conv_transpose, with operands %x and %w.
std::string convTransposeFunction(const std::string &attributes,
                                  const std::string &inType,
                                  const std::string &filterType,
                                  const std::string &outType) {
  return "func.func @main(%x: " + inType + ", %w: " + filterType + ") -> " +
         outType + " {\n  %0 = loom.conv_transpose %x, %w " + attributes +
         " : (" + inType + ", " + filterType + ") -> " + outType +
         "\n  return %0 : " + outType + "\n}\n";
}

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

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

TEST_F(NNEvalTest, MatmulIntegerExtendsEachOperandBySignedness) {
  // ui8 255 is 255 (not -1) and i8 -128 is -128: 255 * -128 + 255 * 127 =
  // -255; row 1: 1 * -128 + 2 * 127 = 126. The sum is i32.
  std::string source = R"(
    func.func @main(%a: tensor<2x2xui8>, %b: tensor<2x1xi8>) -> tensor<2x1xi32> {
      %0 = loom.matmul_integer %a, %b : (tensor<2x2xui8>, tensor<2x1xi8>) -> tensor<2x1xi32>
      return %0 : tensor<2x1xi32>
    })";
  Tensor out =
      runOne(source, {Tensor::fromDoubles(DType::UI8, {2, 2}, {255, 255, 1, 2}),
                      i8({2, 1}, {-128, 127})});
  expectTensorEq(out, i32({2, 1}, {-255, 126}));
}

TEST_F(NNEvalTest, MatmulIntegerWrapsInI32) {
  // 2^16 products of 255 * 255 = 65025 sum to 4261478400, which wraps to
  // 4261478400 - 2^32 = -33488896.
  std::string source = R"(
    func.func @main(%a: tensor<1x65536xui8>, %b: tensor<65536x1xui8>) -> tensor<1x1xi32> {
      %0 = loom.matmul_integer %a, %b : (tensor<1x65536xui8>, tensor<65536x1xui8>) -> tensor<1x1xi32>
      return %0 : tensor<1x1xi32>
    })";
  std::vector<double> full(65536, 255);
  Tensor out = runOne(source, {Tensor::fromDoubles(DType::UI8, {1, 65536}, full),
                               Tensor::fromDoubles(DType::UI8, {65536, 1}, full)});
  expectTensorEq(out, i32({1, 1}, {-33488896}));
}

TEST_F(NNEvalTest, ConvIntegerPadsWithZeroAndExtendsBySignedness) {
  // x = [200, 10] (ui8), w = [[-1, 3]] (i8), pad 1 on each side:
  // outputs (0, 200) -> 600, (200, 10) -> -200 + 30, (10, 0) -> -10.
  std::string source = R"(
    func.func @main(%x: tensor<1x1x2xui8>, %w: tensor<1x1x2xi8>) -> tensor<1x1x3xi32> {
      %0 = loom.conv_integer %x, %w strides [1] dilations [1] pad_low [1] pad_high [1] groups 1 : (tensor<1x1x2xui8>, tensor<1x1x2xi8>) -> tensor<1x1x3xi32>
      return %0 : tensor<1x1x3xi32>
    })";
  Tensor out = runOne(source, {Tensor::fromDoubles(DType::UI8, {1, 1, 2}, {200, 10}),
                               i8({1, 1, 2}, {-1, 3})});
  expectTensorEq(out, i32({1, 1, 3}, {600, -170, -10}));
}

TEST_F(NNEvalTest, MatmulHalfAccumulatesInF32AndRoundsOnce) {
  std::string source = R"(
    func.func @main(%a: tensor<1x4xf16>, %b: tensor<4x2xf16>) -> tensor<1x2xf16> {
      %0 = loom.matmul %a, %b : (tensor<1x4xf16>, tensor<4x2xf16>) -> tensor<1x2xf16>
      return %0 : tensor<1x2xf16>
    })";
  // Column 0: 2048 + 1 + 1 + 1 = 2051 in f32, which lies halfway between
  // the f16 neighbours 2050 and 2052 (spacing 2): ties to even gives 2052.
  // Column 1: 2048 + 1 + 1 + 0 = 2050, exact in f16. Rounding to f16 after
  // every step would give 2048 for both (2048 + 1 ties back to 2048).
  Tensor out = runOne(source, {f16({1, 4}, {2048, 1, 1, 1}),
                               f16({4, 2}, {1, 1, 1, 1, 1, 1, 1, 0})});
  expectTensorEq(out, f16({1, 2}, {2052, 2050}));
}

//===----------------------------------------------------------------------===//
// conv
//===----------------------------------------------------------------------===//

TEST_F(NNEvalTest, ConvTwoDimensionalStridedWithLowPadding) {
  // x = [[1,2,3],[4,5,6],[7,8,9]], w = [[1,2],[3,4]], stride 2, one row and
  // column of zeros before: out = (3 + 1 - 2) / 2 + 1 = 2 per dimension.
  //   (0,0): rows -1..0, cols -1..0 -> 1*4 = 4
  //   (0,1): rows -1..0, cols  1..2 -> 2*3 + 3*4 = 18
  //   (1,0): rows  1..2, cols -1..0 -> 4*2 + 7*4 = 36
  //   (1,1): rows  1..2, cols  1..2 -> 5*1 + 6*2 + 8*3 + 9*4 = 77
  Tensor out = runOne(
      convFunction("strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [0, 0] groups 1",
                   "tensor<1x1x3x3xf32>", "tensor<1x1x2x2xf32>",
                   "tensor<1x1x2x2xf32>"),
      {f32({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}),
       f32({1, 1, 2, 2}, {1, 2, 3, 4})});
  expectTensorEq(out, f32({1, 1, 2, 2}, {4, 18, 36, 77}));
}

TEST_F(NNEvalTest, ConvGroupsReadTheirOwnChannels) {
  // C = 4, O = 4, groups 2: outputs 0-1 read channels 0-1, outputs 2-3
  // read channels 2-3. Batch 0 has channels [1, 2, 3, 4], batch 1 [5..8].
  //   o0 = c0*1 + c1*10, o1 = c0*100 + c1*1000 (same for o2, o3 on c2, c3)
  Tensor out = runOne(
      convFunction("strides [1] dilations [1] pad_low [0] pad_high [0] groups 2",
                   "tensor<2x4x1xi32>", "tensor<4x2x1xi32>", "tensor<2x4x1xi32>"),
      {i32({2, 4, 1}, {1, 2, 3, 4, 5, 6, 7, 8}),
       i32({4, 2, 1}, {1, 10, 100, 1000, 1, 10, 100, 1000})});
  expectTensorEq(out, i32({2, 4, 1}, {21, 2100, 43, 4300, 65, 6500, 87, 8700}));
}

TEST_F(NNEvalTest, ConvDepthwiseDilated) {
  // Depthwise (groups = C = O = 2), dilation 2: each output pairs x[j] and
  // x[j + 2]; out = (5 - 2 - 1) / 1 + 1 = 3.
  //   channel 0, w [1, 1]:  1+3, 2+4, 3+5       = 4, 6, 8
  //   channel 1, w [2, -1]: 20-30, 40-40, 60-50 = -10, 0, 10
  Tensor out = runOne(
      convFunction("strides [1] dilations [2] pad_low [0] pad_high [0] groups 2",
                   "tensor<1x2x5xf32>", "tensor<2x1x2xf32>", "tensor<1x2x3xf32>"),
      {f32({1, 2, 5}, {1, 2, 3, 4, 5, 10, 20, 30, 40, 50}),
       f32({2, 1, 2}, {1, 1, 2, -1})});
  expectTensorEq(out, f32({1, 2, 3}, {4, 6, 8, -10, 0, 10}));
}

TEST_F(NNEvalTest, ConvThreeDimensional) {
  // One 2x2x2 window over 1..8 with weights 1..8: sum of squares = 204.
  Tensor out = runOne(
      convFunction("strides [1, 1, 1] dilations [1, 1, 1] pad_low [0, 0, 0] "
                   "pad_high [0, 0, 0] groups 1",
                   "tensor<1x1x2x2x2xf64>", "tensor<1x1x2x2x2xf64>",
                   "tensor<1x1x1x1x1xf64>"),
      {f64({1, 1, 2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}),
       f64({1, 1, 2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8})});
  expectTensorEq(out, f64({1, 1, 1, 1, 1}, {204}));
}

TEST_F(NNEvalTest, ConvWrapsIntegers) {
  // 100*1 + 100*1 = 200 wraps to -56 in i8; 100*2 = 200 likewise.
  Tensor out = runOne(
      convFunction("strides [1] dilations [1] pad_low [0] pad_high [0] groups 1",
                   "tensor<1x1x2xi8>", "tensor<2x1x2xi8>", "tensor<1x2x1xi8>"),
      {i8({1, 1, 2}, {100, 100}), i8({2, 1, 2}, {1, 1, 2, 0})});
  expectTensorEq(out, i8({1, 2, 1}, {-56, -56}));
}

TEST_F(NNEvalTest, ConvPaddingTimesInfiniteWeightIsNaN) {
  // Padding holds zeros: window [pad, 1] with weights [inf, 1] gives
  // 0 * inf + 1 * 1 = NaN; window [1, pad] with [inf, 1] gives inf + 0.
  Tensor out = runOne(
      convFunction("strides [1] dilations [1] pad_low [1] pad_high [1] groups 1",
                   "tensor<1x1x1xf32>", "tensor<1x1x2xf32>", "tensor<1x1x2xf32>"),
      {f32({1, 1, 1}, {1}), f32({1, 1, 2}, {kInf, 1})});
  expectTensorEq(out, f32({1, 1, 2}, {kNaN, kInf}));
}

TEST_F(NNEvalTest, ConvHalfAccumulatesInF32AndRoundsOnce) {
  // 2048 + 1 + 1 + 1 = 2051 in f32 ties to 2052 in f16 (see the matmul case).
  Tensor out = runOne(
      convFunction("strides [1] dilations [1] pad_low [0] pad_high [0] groups 1",
                   "tensor<1x1x4xf16>", "tensor<1x1x4xf16>", "tensor<1x1x1xf16>"),
      {f16({1, 1, 4}, {2048, 1, 1, 1}), f16({1, 1, 4}, {1, 1, 1, 1})});
  expectTensorEq(out, f16({1, 1, 1}, {2052}));
}

TEST_F(NNEvalTest, ConvVerifierErrorIsReported) {
  expectError(convFunction("strides [1] dilations [1] pad_low [0] pad_high [0] groups 4",
                           "tensor<1x6x8xf32>", "tensor<4x1x3xf32>",
                           "tensor<1x4x6xf32>"),
              {}, "input channels 6 are not divisible by groups 4");
}

//===----------------------------------------------------------------------===//
// conv_transpose
//===----------------------------------------------------------------------===//

TEST_F(NNEvalTest, ConvTransposeScattersWithStride) {
  // x = [1, 2, 3], w = [1, 10]. Stride 2: each input writes its own pair,
  // out = (3 - 1) * 2 + (2 - 1) + 1 = 6: [1, 10, 2, 20, 3, 30]. Stride 1:
  // neighbours overlap, out = 4: [1, 10 + 2, 20 + 3, 30].
  Tensor x = f32({1, 1, 3}, {1, 2, 3}), w = f32({1, 1, 2}, {1, 10});
  expectTensorEq(
      runOne(convTransposeFunction("strides [2] dilations [1] pad_low [0] pad_high [0] "
                                   "output_padding [0] groups 1",
                                   "tensor<1x1x3xf32>", "tensor<1x1x2xf32>",
                                   "tensor<1x1x6xf32>"),
             {x, w}),
      f32({1, 1, 6}, {1, 10, 2, 20, 3, 30}));
  expectTensorEq(
      runOne(convTransposeFunction("strides [1] dilations [1] pad_low [0] pad_high [0] "
                                   "output_padding [0] groups 1",
                                   "tensor<1x1x3xf32>", "tensor<1x1x2xf32>",
                                   "tensor<1x1x4xf32>"),
             {x, w}),
      f32({1, 1, 4}, {1, 12, 23, 30}));
}

TEST_F(NNEvalTest, ConvTransposePadsCropAndOutputPaddingExtends) {
  // The stride-2 scatter [1, 10, 2, 20, 3, 30] with pad_low 1 loses its
  // first element; output_padding 1 adds a position nothing reaches:
  // out = 4 - 1 - 0 + 1 + 1 + 1 = 6.
  Tensor out = runOne(
      convTransposeFunction("strides [2] dilations [1] pad_low [1] pad_high [0] "
                            "output_padding [1] groups 1",
                            "tensor<1x1x3xf32>", "tensor<1x1x2xf32>",
                            "tensor<1x1x6xf32>"),
      {f32({1, 1, 3}, {1, 2, 3}), f32({1, 1, 2}, {1, 10})});
  expectTensorEq(out, f32({1, 1, 6}, {10, 2, 20, 3, 30, 0}));
}

TEST_F(NNEvalTest, ConvTransposeMixesChannelsAndSplitsGroups) {
  // One group: y[o] = x[0] * w[0, o] + x[1] * w[1, o] with x = [2, 3],
  // w = [[1, 10], [100, 1000]]: [2 + 300, 20 + 3000].
  Tensor w = i32({2, 2, 1}, {1, 10, 100, 1000});
  expectTensorEq(
      runOne(convTransposeFunction("strides [1] dilations [1] pad_low [0] pad_high [0] "
                                   "output_padding [0] groups 1",
                                   "tensor<1x2x1xi32>", "tensor<2x2x1xi32>",
                                   "tensor<1x2x1xi32>"),
             {i32({1, 2, 1}, {2, 3}), w}),
      i32({1, 2, 1}, {302, 3020}));
  // Two groups of one input channel and two outputs (O = 2 * 2): channel 0
  // [1, 2] feeds outputs 0-1, channel 1 [3, 4] feeds outputs 2-3.
  expectTensorEq(
      runOne(convTransposeFunction("strides [1] dilations [1] pad_low [0] pad_high [0] "
                                   "output_padding [0] groups 2",
                                   "tensor<1x2x2xi32>", "tensor<2x2x1xi32>",
                                   "tensor<1x4x2xi32>"),
             {i32({1, 2, 2}, {1, 2, 3, 4}), w}),
      i32({1, 4, 2}, {1, 2, 10, 20, 300, 400, 3000, 4000}));
}

TEST_F(NNEvalTest, ConvTransposeTwoDimensionalDilated) {
  // x = [[1, 2], [3, 4]], an all-ones 2x2 filter with dilation 2: input
  // (a, b) and filter (c, d) land on (a + 2c, b + 2d), one contribution per
  // position, so y[r, s] = x[r % 2, s % 2] on a 4x4 result.
  Tensor out = runOne(
      convTransposeFunction("strides [1, 1] dilations [2, 2] pad_low [0, 0] "
                            "pad_high [0, 0] output_padding [0, 0] groups 1",
                            "tensor<1x1x2x2xf64>", "tensor<1x1x2x2xf64>",
                            "tensor<1x1x4x4xf64>"),
      {f64({1, 1, 2, 2}, {1, 2, 3, 4}), f64({1, 1, 2, 2}, {1, 1, 1, 1})});
  expectTensorEq(out, f64({1, 1, 4, 4}, {1, 2, 1, 2, 3, 4, 3, 4, 1, 2, 1, 2,
                                         3, 4, 3, 4}));
}

TEST_F(NNEvalTest, ConvTransposeWrapsIntegers) {
  // The middle position receives 100 + 100 = 200, which wraps to -56 in i8.
  Tensor out = runOne(
      convTransposeFunction("strides [1] dilations [1] pad_low [0] pad_high [0] "
                            "output_padding [0] groups 1",
                            "tensor<1x1x2xi8>", "tensor<1x1x2xi8>",
                            "tensor<1x1x3xi8>"),
      {i8({1, 1, 2}, {100, 100}), i8({1, 1, 2}, {1, 1})});
  expectTensorEq(out, i8({1, 1, 3}, {100, -56, 100}));
}

TEST_F(NNEvalTest, ConvTransposeCroppedContributionsAreDropped) {
  // w = [inf, 1]: input 1 at position 0 sends inf to p = -1, which
  // pad_low 1 crops, so no 0 * inf or inf - inf arises: [1 + 2 * inf, 2]
  // gives [inf, 2].
  Tensor out = runOne(
      convTransposeFunction("strides [1] dilations [1] pad_low [1] pad_high [0] "
                            "output_padding [0] groups 1",
                            "tensor<1x1x2xf32>", "tensor<1x1x2xf32>",
                            "tensor<1x1x2xf32>"),
      {f32({1, 1, 2}, {1, 2}), f32({1, 1, 2}, {kInf, 1})});
  expectTensorEq(out, f32({1, 1, 2}, {kInf, 2}));
}

TEST_F(NNEvalTest, ConvTransposeHalfAccumulatesInF32AndRoundsOnce) {
  // x = [2048, 1, 1, 1] and four unit weights: position p sums x[0..p]
  // (p < 4). In f32 then rounded once: 2048, 2049 (tie to even: 2048),
  // 2050, 2051 (tie to even: 2052); then 3, 2, 1. An f16 running sum would
  // give 2048 at p = 3.
  Tensor out = runOne(
      convTransposeFunction("strides [1] dilations [1] pad_low [0] pad_high [0] "
                            "output_padding [0] groups 1",
                            "tensor<1x1x4xf16>", "tensor<1x1x4xf16>",
                            "tensor<1x1x7xf16>"),
      {f16({1, 1, 4}, {2048, 1, 1, 1}), f16({1, 1, 4}, {1, 1, 1, 1})});
  expectTensorEq(out, f16({1, 1, 7}, {2048, 2048, 2050, 2052, 3, 2, 1}));
}

TEST_F(NNEvalTest, ConvTransposeVerifierErrorIsReported) {
  expectError(convTransposeFunction("strides [1] dilations [1] pad_low [0] pad_high [0] "
                                    "output_padding [0] groups 1",
                                    "tensor<1x2x4xf32>", "tensor<3x1x3xf32>",
                                    "tensor<1x1x6xf32>"),
              {}, "filter dimension 0 is 3 but must equal the input channels 2");
}

//===----------------------------------------------------------------------===//
// max_pool
//===----------------------------------------------------------------------===//

TEST_F(NNEvalTest, MaxPoolPaddingNeverWins) {
  // All inputs negative: zero padding would win, -inf padding does not.
  // x = -[[1,2,3],[4,5,6],[7,8,9]], 2x2 windows, stride 2, pads 1 and 1:
  //   (0,0): {-1}; (0,1): {-2,-3}; (1,0): {-4,-7}; (1,1): {-5,-6,-8,-9}
  Tensor out = runOne(
      unaryWindowFunction("loom.max_pool %x kernel [2, 2] strides [2, 2] dilations [1, 1] "
                          "pad_low [1, 1] pad_high [1, 1]",
                          "tensor<1x1x3x3xf32>", "tensor<1x1x2x2xf32>"),
      {f32({1, 1, 3, 3}, {-1, -2, -3, -4, -5, -6, -7, -8, -9})});
  expectTensorEq(out, f32({1, 1, 2, 2}, {-1, -2, -4, -5}));
}

TEST_F(NNEvalTest, MaxPoolPropagatesNaN) {
  // Windows {1, NaN}, {7, 2}, {3, NaN}, {NaN, 9}: NaN wins wherever it
  // appears, before or after a larger number.
  Tensor out = runOne(
      unaryWindowFunction("loom.max_pool %x kernel [2] strides [2] dilations [1] "
                          "pad_low [0] pad_high [0]",
                          "tensor<1x1x8xf32>", "tensor<1x1x4xf32>"),
      {f32({1, 1, 8}, {1, kNaN, 7, 2, 3, kNaN, kNaN, 9})});
  expectTensorEq(out, f32({1, 1, 4}, {kNaN, 7, kNaN, kNaN}));
}

TEST_F(NNEvalTest, MaxPoolDilatedPerChannel) {
  // Dilation 2 pairs x[j] and x[j + 2]: channel 0 [1,9,2,8,3] gives
  // max(1,2), max(9,8), max(2,3); channel 1 [-1..-5] gives -1, -2, -3.
  Tensor out = runOne(
      unaryWindowFunction("loom.max_pool %x kernel [2] strides [1] dilations [2] "
                          "pad_low [0] pad_high [0]",
                          "tensor<1x2x5xi32>", "tensor<1x2x3xi32>"),
      {i32({1, 2, 5}, {1, 9, 2, 8, 3, -1, -2, -3, -4, -5})});
  expectTensorEq(out, i32({1, 2, 3}, {2, 9, 3, -1, -2, -3}));
}

TEST_F(NNEvalTest, MaxPoolWindowOfOnlyPadding) {
  // Input [5], kernel 2, dilation 3, pads 1 and 3: padded size 5, extent 4,
  // two windows at positions {-1, 2} (both padding) and {0, 3} (just 5).
  std::string op = "loom.max_pool %x kernel [2] strides [1] dilations [3] "
                   "pad_low [1] pad_high [3]";
  expectTensorEq(runOne(unaryWindowFunction(op, "tensor<1x1x1xi8>", "tensor<1x1x2xi8>"),
                        {i8({1, 1, 1}, {5})}),
                 i8({1, 1, 2}, {-128, 5}));
  expectTensorEq(runOne(unaryWindowFunction(op, "tensor<1x1x1xf32>", "tensor<1x1x2xf32>"),
                        {f32({1, 1, 1}, {5})}),
                 f32({1, 1, 2}, {-kInf, 5}));
}

//===----------------------------------------------------------------------===//
// avg_pool
//===----------------------------------------------------------------------===//

TEST_F(NNEvalTest, AvgPoolCountIncludePad) {
  // x = [3, 6, 9], kernel 2, pads 1 and 1: windows [pad,3] [3,6] [6,9] [9,pad].
  std::string op = "loom.avg_pool %x kernel [2] strides [1] pad_low [1] pad_high [1]";
  Tensor x = f32({1, 1, 3}, {3, 6, 9});
  // Divided by the non-padded count: 3/1, 9/2, 15/2, 9/1.
  expectTensorEq(runOne(unaryWindowFunction(op, "tensor<1x1x3xf32>", "tensor<1x1x4xf32>"),
                        {x}),
                 f32({1, 1, 4}, {3, 4.5, 7.5, 9}));
  // Divided by the window size 2: 3/2, 9/2, 15/2, 9/2.
  expectTensorEq(runOne(unaryWindowFunction(op + " count_include_pad",
                                            "tensor<1x1x3xf32>", "tensor<1x1x4xf32>"),
                        {x}),
                 f32({1, 1, 4}, {1.5, 4.5, 7.5, 4.5}));
}

TEST_F(NNEvalTest, AvgPoolTwoDimensional) {
  // [[1,2,3,4],[5,6,7,8]] in 2x2 blocks: (1+2+5+6)/4, (3+4+7+8)/4.
  Tensor out = runOne(
      unaryWindowFunction("loom.avg_pool %x kernel [2, 2] strides [2, 2] pad_low [0, 0] "
                          "pad_high [0, 0]",
                          "tensor<1x1x2x4xf64>", "tensor<1x1x1x2xf64>"),
      {f64({1, 1, 2, 4}, {1, 2, 3, 4, 5, 6, 7, 8})});
  expectTensorEq(out, f64({1, 1, 1, 2}, {3.5, 5.5}));
}

TEST_F(NNEvalTest, AvgPoolWindowOfOnlyPadding) {
  // Input [4], kernel 1, pad_low 1: windows [pad] and [4]. The padded
  // window averages zero elements (0/0 = NaN) unless the pad counts (0/1).
  std::string op = "loom.avg_pool %x kernel [1] strides [1] pad_low [1] pad_high [0]";
  Tensor x = f32({1, 1, 1}, {4});
  expectTensorEq(runOne(unaryWindowFunction(op, "tensor<1x1x1xf32>", "tensor<1x1x2xf32>"),
                        {x}),
                 f32({1, 1, 2}, {kNaN, 4}));
  expectTensorEq(runOne(unaryWindowFunction(op + " count_include_pad",
                                            "tensor<1x1x1xf32>", "tensor<1x1x2xf32>"),
                        {x}),
                 f32({1, 1, 2}, {0, 4}));
}

TEST_F(NNEvalTest, AvgPoolHalfRoundsOnce) {
  // (2048 + 1 + 1 + 1) / 4 = 512.75 in f32, halfway between the f16
  // neighbours 512.5 and 513 (spacing 0.5): ties to even gives 513. An f16
  // running sum would stay at 2048 and give 512.
  Tensor out = runOne(
      unaryWindowFunction("loom.avg_pool %x kernel [4] strides [1] pad_low [0] pad_high [0]",
                          "tensor<1x1x4xf16>", "tensor<1x1x1xf16>"),
      {f16({1, 1, 4}, {2048, 1, 1, 1})});
  expectTensorEq(out, f16({1, 1, 1}, {513}));
}

TEST_F(NNEvalTest, PoolVerifierErrorIsReported) {
  expectError(unaryWindowFunction("loom.avg_pool %x kernel [4] strides [1] pad_low [1] "
                                  "pad_high [0]",
                                  "tensor<1x1x2xf32>", "tensor<1x1x1xf32>"),
              {}, "spatial dimension 0 has no output: padded size 3");
}

//===----------------------------------------------------------------------===//
// softmax and log_softmax
//===----------------------------------------------------------------------===//

TEST_F(NNEvalTest, SoftmaxLastAxis) {
  // Row [1, 2, 3]: e^-2, e^-1, 1 over 1.5032147 = 0.0900306, 0.2447285,
  // 0.6652410. Row [0, 0, 0]: a third each.
  Tensor out = runOne(unaryFunction("loom.softmax axis 1", "tensor<2x3xf32>"),
                      {f32({2, 3}, {1, 2, 3, 0, 0, 0})});
  expectTensorNear(out, f32({2, 3}, {0.0900306, 0.2447285, 0.6652410, 1.0 / 3,
                                     1.0 / 3, 1.0 / 3}));
}

TEST_F(NNEvalTest, SoftmaxLeadingAxis) {
  // Columns of [[0, 0], [ln 3, 100]]: [1, 3] / 4 and [e^-100, 1] / (1 + e^-100).
  Tensor out = runOne(unaryFunction("loom.softmax axis 0", "tensor<2x2xf32>"),
                      {f32({2, 2}, {0, 0, std::log(3.0), 100})});
  expectTensorNear(out, f32({2, 2}, {0.25, 0, 0.75, 1}));
}

TEST_F(NNEvalTest, SoftmaxIsStableAndHandlesInfinities) {
  // [1000, 1000] would overflow exp without the max shift: exactly 1/2 each.
  // [-inf, 0] gives [0, 1]; all -inf gives NaN (-inf - -inf); a NaN or a
  // +inf spreads NaN over its row.
  Tensor out = runOne(
      unaryFunction("loom.softmax axis 1", "tensor<5x2xf32>"),
      {f32({5, 2}, {1000, 1000, -kInf, 0, -kInf, -kInf, kNaN, 1, kInf, 1})});
  expectTensorEq(out, f32({5, 2}, {0.5, 0.5, 0, 1, kNaN, kNaN, kNaN, kNaN,
                                   kNaN, kNaN}));
}

TEST_F(NNEvalTest, SoftmaxHalfRoundsOnce) {
  // 1/3 in f32 rounds to the f16 1.0101010101b * 2^-2 = 0.333251953125 (the
  // next bits 0101... are below half an ulp).
  Tensor out = runOne(unaryFunction("loom.softmax axis 0", "tensor<3xf16>"),
                      {f16({3}, {0, 0, 0})});
  expectTensorEq(out, f16({3}, {0.333251953125, 0.333251953125, 0.333251953125}));
}

TEST_F(NNEvalTest, LogSoftmax) {
  // Row [1, 2, 3]: x - 3 - ln(1.5032147) = x - 3.4076059.
  // Row [1000, 1000, -inf]: -ln 2, -ln 2 (no overflow thanks to the shift)
  // and -inf. Row [-inf, 0, -inf]: sum 1, so -inf, 0, -inf exactly.
  Tensor out = runOne(unaryFunction("loom.log_softmax axis 1", "tensor<3x3xf32>"),
                      {f32({3, 3}, {1, 2, 3, 1000, 1000, -kInf, -kInf, 0, -kInf})});
  expectTensorNear(out, f32({3, 3}, {-2.4076059, -1.4076059, -0.4076059,
                                     -0.6931472, -0.6931472, -kInf, -kInf, 0,
                                     -kInf}));
}

TEST_F(NNEvalTest, LogSoftmaxOfOnlyNegativeInfinityIsNaN) {
  Tensor out = runOne(unaryFunction("loom.log_softmax axis 0", "tensor<2xf32>"),
                      {f32({2}, {-kInf, -kInf})});
  expectTensorEq(out, f32({2}, {kNaN, kNaN}));
}

TEST_F(NNEvalTest, SoftmaxVerifierErrorIsReported) {
  expectError(unaryFunction("loom.softmax axis 2", "tensor<2x3xf32>"), {},
              "axis 2 is out of range for an input of rank 2");
}

//===----------------------------------------------------------------------===//
// layer_norm
//===----------------------------------------------------------------------===//

std::string layerNormFunction(const std::string &attributes, const std::string &type,
                              const std::string &scaleType,
                              const std::string &biasType) {
  return "func.func @main(%x: " + type + ", %s: " + scaleType + ", %b: " +
         biasType + ") -> " + type + " {\n  %0 = loom.layer_norm %x, %s, %b " +
         attributes + " : (" + type + ", " + scaleType + ", " + biasType +
         ") -> " + type + "\n  return %0 : " + type + "\n}\n";
}

TEST_F(NNEvalTest, LayerNormLastAxis) {
  // Row [1,2,3,4]: mean 2.5, variance (2.25+0.25+0.25+2.25)/4 = 1.25,
  // normalized +-1.5/sqrt(1.25) = +-1.3416408, +-0.5/sqrt(1.25) = +-0.4472136.
  // Row [-1,1,-1,1]: mean 0, variance 1, normalized as is.
  // Then * [1, 2, 1, 2] + [0, 0, 1, 1].
  Tensor out = runOne(
      layerNormFunction("axis 1 epsilon 0.0", "tensor<2x4xf32>", "tensor<4xf32>",
                        "tensor<4xf32>"),
      {f32({2, 4}, {1, 2, 3, 4, -1, 1, -1, 1}), f32({4}, {1, 2, 1, 2}),
       f32({4}, {0, 0, 1, 1})});
  expectTensorNear(out, f32({2, 4}, {-1.3416408, -0.8944272, 1.4472136, 3.6832816,
                                     -1, 2, 0, 3}));
}

TEST_F(NNEvalTest, LayerNormOverTwoAxesWithBroadcastScale) {
  // Normalizes [0, 2, 4, 6] as one slice: mean 3, variance (9+1+1+9)/4 = 5,
  // normalized -1.3416408, -0.4472136, 0.4472136, 1.3416408. The 2x1 scale
  // [[1], [10]] scales the second row by 10; the scalar bias adds 0.5.
  Tensor out = runOne(
      layerNormFunction("axis 1 epsilon 0.0", "tensor<1x2x2xf32>", "tensor<2x1xf32>",
                        "tensor<f32>"),
      {f32({1, 2, 2}, {0, 2, 4, 6}), f32({2, 1}, {1, 10}), f32({}, {0.5})});
  expectTensorNear(out, f32({1, 2, 2}, {-0.8416408, 0.0527864, 4.9721360,
                                        13.9164079}));
}

TEST_F(NNEvalTest, LayerNormEpsilon) {
  // [0, 2]: mean 1, variance 1; epsilon 3 gives sqrt(4) = 2: [-0.5, 0.5].
  expectTensorEq(runOne(layerNormFunction("axis 0 epsilon 3.0", "tensor<2xf32>",
                                          "tensor<1xf32>", "tensor<1xf32>"),
                        {f32({2}, {0, 2}), f32({1}, {1}), f32({1}, {0})}),
                 f32({2}, {-0.5, 0.5}));
  // A constant slice: 0 / sqrt(0 + 1e-5) = 0 leaves the bias; with
  // epsilon 0 it is 0 / 0 = NaN.
  std::string types[] = {"tensor<2xf32>", "tensor<1xf32>", "tensor<1xf32>"};
  std::vector<Tensor> inputs = {f32({2}, {3, 3}), f32({1}, {1}), f32({1}, {7})};
  expectTensorEq(runOne(layerNormFunction("axis 0", types[0], types[1], types[2]),
                        inputs),
                 f32({2}, {7, 7}));
  expectTensorEq(runOne(layerNormFunction("axis 0 epsilon 0.0", types[0], types[1],
                                          types[2]),
                        inputs),
                 f32({2}, {kNaN, kNaN}));
}

TEST_F(NNEvalTest, LayerNormOfALargeMeanKeepsItsDeviation) {
  // 768 values 10000 + U[0, 1] (a fixed pseudo-random sequence): the exact
  // result, computed in double from the same f32 inputs, within 2e-6. A
  // plain f32 sum of the row is off by about 1e-2 here.
  std::vector<double> row, expected(768);
  uint32_t state = 12345;
  double sum = 0;
  for (int i = 0; i < 768; ++i) {
    state = state * 1664525u + 1013904223u;
    row.push_back(static_cast<float>(10000.0 + (state >> 8) / 16777216.0));
    sum += row.back();
  }
  double mean = sum / 768, squares = 0;
  for (double x : row)
    squares += (x - mean) * (x - mean);
  double deviation = std::sqrt(squares / 768 + 1e-5);
  for (int i = 0; i < 768; ++i)
    expected[i] = (row[i] - mean) / deviation;
  Tensor out = runOne(layerNormFunction("axis 0", "tensor<768xf32>",
                                        "tensor<1xf32>", "tensor<1xf32>"),
                      {Tensor::fromDoubles(DType::F32, {768}, row),
                       f32({1}, {1}), f32({1}, {0})});
  expectTensorNear(out, Tensor::fromDoubles(DType::F32, {768}, expected),
                   2e-6, 2e-6);
}

TEST_F(NNEvalTest, LayerNormVerifierErrorIsReported) {
  expectError(layerNormFunction("axis 1 epsilon -1.0", "tensor<2x4xf32>",
                                "tensor<4xf32>", "tensor<4xf32>"),
              {}, "epsilon -1.000000e+00 must be at least 0");
}

} // namespace
