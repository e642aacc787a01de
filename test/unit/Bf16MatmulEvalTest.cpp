//===- Bf16MatmulEvalTest.cpp - The evaluator's Bf16Matmul precision ---------===//
//
// Part of the Loom project.
//
// Precision::Bf16Matmul, the systolic chip's numeric contract, against
// direct references written here on seeded random data: matmul with a
// broadcast batch, a grouped, strided and padded conv, a depthwise dilated
// conv and a 1x1 conv, each bit for bit, and conv_transpose against Native
// on rounded operands. Hand-made cases pin the operand rounding, the
// channel-innermost order of conv and the +0.0f start, and the ops that
// are not contractions stay bit-identical to Native. Compiled with
// -ffp-contract=off (CMakeLists.txt), like the evaluator.
//
//===----------------------------------------------------------------------===//

#include "EvaluatorTestUtils.h"

#include "runtime/Float16.h"

#include <cmath>
#include <random>

using namespace loom;
using namespace loom::test;

namespace {

float bf16(float value) { return bfloat16ToFloat(floatToBFloat16(value)); }

/// A seeded f32 tensor uniform in [-2, 2] with full 24-bit mantissas, so
/// that rounding to bf16 changes almost every element.
Tensor randomF32(Shape shape, uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::uniform_real_distribution<float> distribution(-2.0f, 2.0f);
  Tensor tensor(DType::F32, std::move(shape));
  for (int64_t i = 0; i < tensor.numElements(); ++i)
    tensor.data<float>()[i] = distribution(generator);
  return tensor;
}

/// [B, M, K] x [K, N] the chip's way: bf16 operands, f32 products and sums
/// from +0.0f, k ascending.
Tensor referenceMatmul(const Tensor &lhs, const Tensor &rhs) {
  int64_t batch = lhs.shape()[0], m = lhs.shape()[1], k = lhs.shape()[2];
  int64_t n = rhs.shape()[1];
  Tensor result(DType::F32, {batch, m, n});
  const float *a = lhs.data<float>(), *b = rhs.data<float>();
  for (int64_t p = 0; p < batch; ++p)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        float sum = +0.0f;
        for (int64_t q = 0; q < k; ++q) {
          float product = bf16(a[(p * m + i) * k + q]) * bf16(b[q * n + j]);
          sum += product;
        }
        result.data<float>()[(p * m + i) * n + j] = sum;
      }
  return result;
}

struct Conv2d {
  int64_t stride, dilation, padLow, padHigh, groups;
};

/// NCHW conv with an [O, C/groups, KH, KW] filter the chip's way: for kh,
/// for kw, for c, bf16 operands, f32 sums from +0.0f, padding reading 0.
Tensor referenceConv(const Tensor &input, const Tensor &filter, Conv2d conv) {
  int64_t batch = input.shape()[0], channels = input.shape()[1];
  int64_t height = input.shape()[2], width = input.shape()[3];
  int64_t outChannels = filter.shape()[0], groupChannels = filter.shape()[1];
  int64_t kh = filter.shape()[2], kw = filter.shape()[3];
  auto outSize = [&](int64_t size, int64_t window) {
    return (size + conv.padLow + conv.padHigh - conv.dilation * (window - 1) -
            1) / conv.stride + 1;
  };
  int64_t outH = outSize(height, kh), outW = outSize(width, kw);
  int64_t outPerGroup = outChannels / conv.groups;
  Tensor result(DType::F32, {batch, outChannels, outH, outW});
  const float *x = input.data<float>(), *w = filter.data<float>();
  float *y = result.data<float>();
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t o = 0; o < outChannels; ++o)
      for (int64_t oy = 0; oy < outH; ++oy)
        for (int64_t ox = 0; ox < outW; ++ox) {
          float sum = +0.0f;
          for (int64_t i = 0; i < kh; ++i)
            for (int64_t j = 0; j < kw; ++j)
              for (int64_t c = 0; c < groupChannels; ++c) {
                int64_t iy = oy * conv.stride - conv.padLow + i * conv.dilation;
                int64_t ix = ox * conv.stride - conv.padLow + j * conv.dilation;
                int64_t channel = o / outPerGroup * groupChannels + c;
                bool inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
                int64_t row = (n * channels + channel) * height + iy;
                float value = inside ? x[row * width + ix] : 0.0f;
                float weight = w[((o * groupChannels + c) * kh + i) * kw + j];
                float product = bf16(value) * bf16(weight);
                sum += product;
              }
          y[((n * outChannels + o) * outH + oy) * outW + ox] = sum;
        }
  return result;
}

std::string typeOf(const Shape &shape) {
  std::string text = "tensor<";
  for (int64_t dim : shape)
    text += std::to_string(dim) + "x";
  return text + "f32>";
}

class Bf16MatmulEvalTest : public EvaluatorTest {
protected:
  Tensor runOne(const std::string &source, const std::vector<Tensor> &inputs,
                eval::Precision precision = eval::Precision::Bf16Matmul) {
    std::vector<Tensor> out = run(source, inputs, precision);
    EXPECT_EQ(out.size(), 1u);
    return out.empty() ? Tensor() : out[0];
  }

  /// Evaluates a 2-D conv of `x` and `w` under Bf16Matmul and expects the
  /// reference's bits.
  void checkConv(const Tensor &x, const Tensor &w, Conv2d conv) {
    Tensor expected = referenceConv(x, w, conv);
    std::string stride = std::to_string(conv.stride),
                dilation = std::to_string(conv.dilation),
                low = std::to_string(conv.padLow),
                high = std::to_string(conv.padHigh);
    std::string source =
        "func.func @main(%x: " + typeOf(x.shape()) + ", %w: " +
        typeOf(w.shape()) + ") -> " + typeOf(expected.shape()) +
        " {\n  %0 = loom.conv %x, %w strides [" + stride + ", " + stride +
        "] dilations [" + dilation + ", " + dilation + "] pad_low [" + low +
        ", " + low + "] pad_high [" + high + ", " + high + "] groups " +
        std::to_string(conv.groups) + " : (" + typeOf(x.shape()) + ", " +
        typeOf(w.shape()) + ") -> " + typeOf(expected.shape()) +
        "\n  return %0 : " + typeOf(expected.shape()) + "\n}\n";
    expectTensorEq(runOne(source, {x, w}), expected);
    // Native computes the same sums in f32 from unrounded operands: the
    // two precisions must differ somewhere on random data.
    EXPECT_FALSE(runOne(source, {x, w}, eval::Precision::Native)
                     .bitwiseEqual(expected));
  }
};

TEST_F(Bf16MatmulEvalTest, MatmulMatchesReferenceOnRandomData) {
  Tensor lhs = randomF32({3, 5, 37}, 1), rhs = randomF32({37, 6}, 2);
  std::string source = R"(
    func.func @main(%a: tensor<3x5x37xf32>, %b: tensor<37x6xf32>) -> tensor<3x5x6xf32> {
      %0 = loom.matmul %a, %b : (tensor<3x5x37xf32>, tensor<37x6xf32>) -> tensor<3x5x6xf32>
      return %0 : tensor<3x5x6xf32>
    })";
  Tensor expected = referenceMatmul(lhs, rhs);
  expectTensorEq(runOne(source, {lhs, rhs}), expected);
  EXPECT_FALSE(runOne(source, {lhs, rhs}, eval::Precision::Native)
                   .bitwiseEqual(expected));
}

TEST_F(Bf16MatmulEvalTest, GroupedStridedPaddedConvMatchesReference) {
  // C = 6, O = 4, groups 2, 3x3, stride 2, pads 1 low and 2 high.
  checkConv(randomF32({2, 6, 7, 9}, 3), randomF32({4, 3, 3, 3}, 4),
            {/*stride=*/2, /*dilation=*/1, /*padLow=*/1, /*padHigh=*/2,
             /*groups=*/2});
}

TEST_F(Bf16MatmulEvalTest, DepthwiseDilatedConvMatchesReference) {
  // Depthwise with a channel multiplier of 2 (C = 4, O = 8), dilation 2.
  checkConv(randomF32({1, 4, 8, 8}, 5), randomF32({8, 1, 3, 3}, 6),
            {/*stride=*/1, /*dilation=*/2, /*padLow=*/2, /*padHigh=*/2,
             /*groups=*/4});
}

TEST_F(Bf16MatmulEvalTest, PointwiseConvMatchesReference) {
  checkConv(randomF32({2, 16, 5, 5}, 7), randomF32({8, 16, 1, 1}, 8),
            {/*stride=*/1, /*dilation=*/1, /*padLow=*/0, /*padHigh=*/0,
             /*groups=*/1});
}

TEST_F(Bf16MatmulEvalTest, ConvTransposeRoundsOperandsInNativeOrder) {
  // Native's scatter order on bf16 values: Native on inputs rounded
  // beforehand gives the same bits.
  std::string source = R"(
    func.func @main(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x6x11x11xf32> {
      %0 = loom.conv_transpose %x, %w strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] output_padding [0, 0] groups 2 : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x6x11x11xf32>
      return %0 : tensor<1x6x11x11xf32>
    })";
  Tensor x = randomF32({1, 4, 5, 5}, 12), w = randomF32({4, 3, 3, 3}, 13);
  Tensor roundedX = x, roundedW = w;
  for (Tensor *tensor : {&roundedX, &roundedW})
    for (int64_t i = 0; i < tensor->numElements(); ++i)
      tensor->data<float>()[i] = bf16(tensor->data<float>()[i]);
  Tensor expected =
      runOne(source, {roundedX, roundedW}, eval::Precision::Native);
  expectTensorEq(runOne(source, {x, w}), expected);
  EXPECT_FALSE(
      runOne(source, {x, w}, eval::Precision::Native).bitwiseEqual(expected));
}

TEST_F(Bf16MatmulEvalTest, OperandsRoundToNearestEven) {
  // 1 + 2^-8 lies halfway between the bf16 values 1 and 1 + 2^-7 and
  // rounds to the even 1; 1 + 3 * 2^-8 rounds up to 1 + 2^-6.
  std::string source = R"(
    func.func @main(%a: tensor<1x2xf32>, %b: tensor<2x1xf32>) -> tensor<1x1xf32> {
      %0 = loom.matmul %a, %b : (tensor<1x2xf32>, tensor<2x1xf32>) -> tensor<1x1xf32>
      return %0 : tensor<1x1xf32>
    })";
  std::vector<Tensor> inputs = {
      f32({1, 2}, {1 + std::ldexp(1.0, -8), 1 + 3 * std::ldexp(1.0, -8)}),
      f32({2, 1}, {1, 1})};
  expectTensorEq(runOne(source, inputs),
                 f32({1, 1}, {2 + std::ldexp(1.0, -6)}));
  expectTensorEq(runOne(source, inputs, eval::Precision::Native),
                 f32({1, 1}, {2 + 4 * std::ldexp(1.0, -8)}));
}

TEST_F(Bf16MatmulEvalTest, ConvSumsChannelsInnermost) {
  // Two channels, a 1x2 window of ones. Window-major: (2^27 - 2^27) + 1 + 1
  // = 2; Native's channel-major order loses the first 1 in 2^27 + 1.
  std::string source = R"(
    func.func @main(%x: tensor<1x2x1x2xf32>, %w: tensor<1x2x1x2xf32>) -> tensor<1x1x1x1xf32> {
      %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x2x1x2xf32>, tensor<1x2x1x2xf32>) -> tensor<1x1x1x1xf32>
      return %0 : tensor<1x1x1x1xf32>
    })";
  double big = std::ldexp(1.0, 27);
  std::vector<Tensor> inputs = {f32({1, 2, 1, 2}, {big, 1, -big, 1}),
                                f32({1, 2, 1, 2}, {1, 1, 1, 1})};
  expectTensorEq(runOne(source, inputs), f32({1, 1, 1, 1}, {2}));
  expectTensorEq(runOne(source, inputs, eval::Precision::Native),
                 f32({1, 1, 1, 1}, {1}));
}

TEST_F(Bf16MatmulEvalTest, SumsStartAtPositiveZero) {
  std::string source = R"(
    func.func @main(%a: tensor<1x2xf32>, %b: tensor<2x1xf32>) -> tensor<1x1xf32> {
      %0 = loom.matmul %a, %b : (tensor<1x2xf32>, tensor<2x1xf32>) -> tensor<1x1xf32>
      return %0 : tensor<1x1xf32>
    })";
  // Both products are -0: +0 + -0 + -0 is +0.
  std::vector<Tensor> inputs = {f32({1, 2}, {-0.0, -0.0}), f32({2, 1}, {1, 1})};
  expectTensorEq(runOne(source, inputs), f32({1, 1}, {0.0}));
}

TEST_F(Bf16MatmulEvalTest, HalfOperandsRoundToBf16Too) {
  // f16 1 + 2^-10 is no bf16 value: it rounds to 1 before the product.
  std::string source = R"(
    func.func @main(%a: tensor<1x1xf16>, %b: tensor<1x1xf16>) -> tensor<1x1xf16> {
      %0 = loom.matmul %a, %b : (tensor<1x1xf16>, tensor<1x1xf16>) -> tensor<1x1xf16>
      return %0 : tensor<1x1xf16>
    })";
  std::vector<Tensor> inputs = {f16({1, 1}, {1 + std::ldexp(1.0, -10)}),
                                f16({1, 1}, {1})};
  expectTensorEq(runOne(source, inputs), f16({1, 1}, {1}));
  expectTensorEq(runOne(source, inputs, eval::Precision::Native),
                 f16({1, 1}, {1 + std::ldexp(1.0, -10)}));
}

TEST_F(Bf16MatmulEvalTest, IntegerAndF64MatmulsStayNative) {
  std::string integer = R"(
    func.func @main(%a: tensor<2x2xi32>, %b: tensor<2x2xi32>) -> tensor<2x2xi32> {
      %0 = loom.matmul %a, %b : (tensor<2x2xi32>, tensor<2x2xi32>) -> tensor<2x2xi32>
      return %0 : tensor<2x2xi32>
    })";
  std::vector<Tensor> ints = {i32({2, 2}, {1000001, 2, 3, 4}),
                              i32({2, 2}, {5, 6, 7, 8})};
  expectTensorEq(runOne(integer, ints),
                 runOne(integer, ints, eval::Precision::Native));
  std::string wide = R"(
    func.func @main(%a: tensor<1x1xf64>, %b: tensor<1x1xf64>) -> tensor<1x1xf64> {
      %0 = loom.matmul %a, %b : (tensor<1x1xf64>, tensor<1x1xf64>) -> tensor<1x1xf64>
      return %0 : tensor<1x1xf64>
    })";
  std::vector<Tensor> doubles = {f64({1, 1}, {1 + std::ldexp(1.0, -30)}),
                                 f64({1, 1}, {1})};
  expectTensorEq(runOne(wide, doubles),
                 f64({1, 1}, {1 + std::ldexp(1.0, -30)}));
}

TEST_F(Bf16MatmulEvalTest, OtherOpsAreNative) {
  // Everything around the contraction is computed as under Native, so a
  // chain that starts from the Bf16Matmul product gives Native's bits.
  std::string chain = R"(
    func.func @main(%h: tensor<4x24xf32>, %s: tensor<24xf32>, %b: tensor<24xf32>) -> tensor<4x24xf32> {
      %0 = loom.layer_norm %h, %s, %b axis 1 epsilon 1.0e-05 : (tensor<4x24xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<4x24xf32>
      %1 = loom.gelu %0 : tensor<4x24xf32>
      %2 = loom.softmax %1 axis 1 : tensor<4x24xf32>
      %3 = loom.reduce_sum %2 axes [0] keepdims : (tensor<4x24xf32>) -> tensor<1x24xf32>
      %4 = loom.add %2, %3 : (tensor<4x24xf32>, tensor<1x24xf32>) -> tensor<4x24xf32>
      return %4 : tensor<4x24xf32>
    })";
  std::vector<Tensor> inputs = {randomF32({4, 24}, 9), randomF32({24}, 10),
                                randomF32({24}, 11)};
  expectTensorEq(runOne(chain, inputs),
                 runOne(chain, inputs, eval::Precision::Native));
}

} // namespace
