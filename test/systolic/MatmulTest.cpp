//===- MatmulTest.cpp - Bit-exact matmul and conv programs -----------------===//
//
// Part of the Loom project.
//
// Whole programs (DMA in, ldw/matmul over K and N folds, pop, vst, DMA out)
// on random inputs of odd sizes, compared bit for bit with a direct
// implementation of the numeric contract: bf16 operands (f32 inputs rounded
// to nearest even), products and sums in f32, k ascending from +0.0f.
//
//===----------------------------------------------------------------------===//

#include <gtest/gtest.h>

#include "SystolicTestUtils.h"

#include "runtime/Float16.h"

#include <fmt/format.h>

using namespace loom;
using namespace loom::systolic;
using namespace loom::systolic::test;

namespace {

constexpr int64_t kA = 0x0, kW = 0x100000, kOut = 0x200000;

/// Emits `s.li` + the DMA of `bytes` contiguous bytes (padded to 32).
std::string dmaText(const char *direction, int64_t address, int64_t bytes,
                    int flag) {
  return fmt::format("    s.li s2, {0}\n    dma.{1} s2, s2, f{2}, 1, {3}, 0, 0\n",
                     address, direction, flag, alignTo(bytes, 32));
}

/// out (M x N f32, row-major) = A (M x K) x W (K x N), folded over an
/// R x C array, alternating MXUs per column fold.
std::string matmulProgram(const ChipConfig &config, int64_t M, int64_t K,
                          int64_t N, bool f32) {
  const int64_t R = config.mxu.rows, C = config.mxu.cols, e = f32 ? 4 : 2;
  std::string text = dmaText("load", kA, M * K * e, 0) +
                     dmaText("load", kW, K * N * e, 0) +
                     "    wait f0, 2\n    s.li s4, 0\n";
  std::string suffix = f32 ? ".f32" : "";
  for (int64_t nf = 0; nf * C < N; ++nf) {
    int m = static_cast<int>(nf % config.mxu.count);
    int64_t cols = std::min(C, N - nf * C);
    for (int64_t kf = 0; kf * R < K; ++kf) {
      int64_t rows = std::min(R, K - kf * R);
      text += fmt::format("    s.li s5, {}\n    ldw{} m{}, s5, {}, {}, {}\n",
                          kW + (kf * R * N + nf * C) * e, suffix, m, rows, cols,
                          N * e);
      text += fmt::format("    s.li s6, {}\n    matmul{}.swap{} m{}, s4, s6, "
                          "{}, {}\n",
                          kA + kf * R * e, kf ? ".acc" : "", suffix, m, M,
                          K * e);
    }
    for (int64_t r = 0; r < M; r += 8)
      text += fmt::format("    s.li s7, {}\n    pop m{}, v{}, s7, 0\n"
                          "    s.li s8, {}\n    vst v{}, s8, {}, {}, {}\n",
                          r, m, r / 8 % 4, kOut + (r * N + nf * C) * 4,
                          r / 8 % 4, N * 4, std::min<int64_t>(8, M - r), cols);
  }
  text += dmaText("store", kOut, M * N * 4, 1) + "    wait f1, 1\n    halt\n";
  return text;
}

/// The numeric contract, stated directly.
std::vector<float> referenceMatmul(const std::vector<float> &a,
                                   const std::vector<float> &w, int64_t M,
                                   int64_t K, int64_t N) {
  std::vector<float> out(M * N);
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      float acc = 0.0f;
      for (int64_t k = 0; k < K; ++k)
        acc = acc + a[i * K + k] * w[k * N + j];
      out[i * N + j] = acc;
    }
  return out;
}

float roundToBf16(float x) { return bfloat16ToFloat(floatToBFloat16(x)); }

struct Shape {
  int64_t m, k, n;
  int rows, cols;
  Dataflow dataflow;
  bool f32;
};

void checkMatmul(const Shape &shape, uint32_t seed) {
  ChipConfig config;
  config.mxu.count = 2;
  config.mxu.rows = shape.rows;
  config.mxu.cols = shape.cols;
  config.mxu.dataflow = shape.dataflow;
  config.vmemBytes = 4 << 20;
  config.hbm.bytes = 4 << 20;
  std::mt19937 random(seed);
  std::vector<float> a = randomFloats(random, shape.m * shape.k);
  std::vector<float> w = randomFloats(random, shape.k * shape.n);
  std::unique_ptr<System> system = makeSystem(
      config, matmulProgram(config, shape.m, shape.k, shape.n, shape.f32));
  ASSERT_TRUE(system);
  Chip &chip = system->chip(0);
  std::vector<float> aUsed(a.size()), wUsed(w.size());
  auto store = [&](const std::vector<float> &values, std::vector<float> &used,
                   int64_t address) {
    if (shape.f32) {
      writeHbm(chip, address, values.data(), 4 * values.size());
      for (size_t i = 0; i < values.size(); ++i)
        used[i] = roundToBf16(values[i]); // rounded on the way in
      return;
    }
    std::vector<uint16_t> bits(values.size());
    for (size_t i = 0; i < values.size(); ++i) {
      bits[i] = floatToBFloat16(values[i]);
      used[i] = bfloat16ToFloat(bits[i]);
    }
    writeHbm(chip, address, bits.data(), 2 * bits.size());
  };
  store(a, aUsed, kA);
  store(w, wUsed, kW);
  Status ran = system->run();
  ASSERT_TRUE(ran.isOk()) << ran.message();
  std::vector<float> expected =
      referenceMatmul(aUsed, wUsed, shape.m, shape.k, shape.n);
  EXPECT_TRUE(sameBits(readHbmFloats(chip, kOut, expected.size()), expected))
      << "M=" << shape.m << " K=" << shape.k << " N=" << shape.n << " on "
      << shape.rows << "x" << shape.cols;
  EXPECT_EQ(system->stats()[0].macs, shape.m * shape.k * shape.n);
}

} // namespace

TEST(MatmulTest, OddSizesAreBitExactOnEveryArrayAndDataflow) {
  const Shape shapes[] = {
      {37, 45, 23, 16, 16, Dataflow::WeightStationary, false},
      {1, 1, 1, 8, 8, Dataflow::WeightStationary, false},
      {67, 129, 131, 128, 128, Dataflow::WeightStationary, false},
      {29, 53, 41, 16, 24, Dataflow::OutputStationary, false},
      {19, 33, 9, 8, 32, Dataflow::InputStationary, false},
      {45, 77, 57, 32, 16, Dataflow::WeightStationary, true},
      {13, 200, 5, 64, 8, Dataflow::OutputStationary, true},
  };
  uint32_t seed = 1;
  for (const Shape &shape : shapes)
    checkMatmul(shape, seed++);
}

TEST(MatmulTest, ConvProgramIsBitExact) {
  // NHWC 11x11x5 input, 3x3x5x7 filter, stride 2, no padding: 5x5x7 out.
  // The program accumulates the nine taps of each output row in a fixed
  // order, one strided matmul per tap, which is the reference's k order.
  const int64_t H = 11, W = 11, Cin = 5, Cout = 7, F = 3, S = 2;
  const int64_t OH = (H - F) / S + 1, OW = (W - F) / S + 1;
  ChipConfig config;
  config.mxu.rows = 8;
  config.mxu.cols = 8;
  config.vmemBytes = 4 << 20;
  config.hbm.bytes = 4 << 20;
  std::string text = dmaText("load", kA, H * W * Cin * 2, 0) +
                     dmaText("load", kW, F * F * Cin * Cout * 2, 0) +
                     "    wait f0, 2\n";
  for (int64_t oy = 0; oy < OH; ++oy)
    for (int64_t tap = 0; tap < F * F; ++tap) {
      int64_t dy = tap / F, dx = tap % F;
      text += fmt::format("    s.li s5, {}\n    ldw m1, s5, {}, {}, {}\n",
                          kW + tap * Cin * Cout * 2, Cin, Cout, Cout * 2);
      text += fmt::format("    s.li s4, {}\n    s.li s6, {}\n"
                          "    matmul{}.swap m1, s4, s6, {}, {}\n",
                          oy * OW, kA + ((oy * S + dy) * W + dx) * Cin * 2,
                          tap ? ".acc" : "", OW, S * Cin * 2);
    }
  for (int64_t r = 0; r < OH * OW; r += 8)
    text += fmt::format("    s.li s7, {}\n    pop m1, v2, s7, 0\n    s.li s8, "
                        "{}\n    vst v2, s8, {}, {}, {}\n",
                        r, kOut + r * Cout * 4, Cout * 4,
                        std::min<int64_t>(8, OH * OW - r), Cout);
  text += dmaText("store", kOut, OH * OW * Cout * 4, 1) + "    wait f1, 1\n"
                                                          "    halt\n";
  std::unique_ptr<System> system = makeSystem(config, text);
  ASSERT_TRUE(system);
  std::mt19937 random(99);
  std::vector<uint16_t> input = randomBf16(random, H * W * Cin);
  std::vector<uint16_t> filter = randomBf16(random, F * F * Cin * Cout);
  writeHbm(system->chip(0), kA, input.data(), 2 * input.size());
  writeHbm(system->chip(0), kW, filter.data(), 2 * filter.size());
  Status ran = system->run();
  ASSERT_TRUE(ran.isOk()) << ran.message();

  std::vector<float> expected(OH * OW * Cout);
  for (int64_t oy = 0; oy < OH; ++oy)
    for (int64_t ox = 0; ox < OW; ++ox)
      for (int64_t co = 0; co < Cout; ++co) {
        float acc = 0.0f;
        for (int64_t dy = 0; dy < F; ++dy)
          for (int64_t dx = 0; dx < F; ++dx)
            for (int64_t c = 0; c < Cin; ++c)
              acc = acc +
                    bfloat16ToFloat(
                        input[((oy * S + dy) * W + ox * S + dx) * Cin + c]) *
                        bfloat16ToFloat(
                            filter[((dy * F + dx) * Cin + c) * Cout + co]);
        expected[(oy * OW + ox) * Cout + co] = acc;
      }
  EXPECT_TRUE(sameBits(readHbmFloats(system->chip(0), kOut, expected.size()),
                       expected));
}

TEST(MatmulTest, LaneStridedWeightTilesAreBitExact) {
  // The weights W (K x N) sit every `ls`-th element of rows of P elements,
  // from element `first` on (ls < 0: backwards), between other values; an
  // ldws of lane stride ls stages exactly W, in f32 (rounded to bf16) and
  // in bf16.
  const int64_t M = 21, K = 13, N = 11, P = 40;
  for (bool f32 : {true, false})
    for (int64_t ls : {2, 3, -2}) {
      const int64_t e = f32 ? 4 : 2;
      const int64_t first = ls > 0 ? 1 : P - 2;
      ChipConfig config;
      config.mxu.rows = 16;
      config.mxu.cols = 16;
      config.vmemBytes = 4 << 20;
      config.hbm.bytes = 4 << 20;
      std::string suffix = f32 ? ".f32" : "";
      std::string text =
          dmaText("load", kA, M * K * e, 0) +
          dmaText("load", kW, K * P * e, 0) +
          "    wait f0, 2\n    s.li s4, 0\n" +
          fmt::format("    s.li s5, {}\n    ldws{} m0, s5, {}, {}, {}, {}\n",
                      kW + first * e, suffix, K, N, P * e, ls) +
          fmt::format("    s.li s6, {}\n    matmul.swap{} m0, s4, s6, {}, {}\n",
                      kA, suffix, M, K * e);
      for (int64_t r = 0; r < M; r += 8)
        text += fmt::format("    s.li s7, {}\n    pop m0, v0, s7, 0\n"
                            "    s.li s8, {}\n    vst v0, s8, {}, {}, {}\n",
                            r, kOut + r * N * 4, N * 4,
                            std::min<int64_t>(8, M - r), N);
      text += dmaText("store", kOut, M * N * 4, 1) +
              "    wait f1, 1\n    halt\n";
      std::unique_ptr<System> system = makeSystem(config, text);
      ASSERT_TRUE(system);
      Chip &chip = system->chip(0);
      std::mt19937 random(static_cast<uint32_t>(17 + ls + (f32 ? 10 : 0)));
      std::vector<float> a = randomFloats(random, M * K);
      std::vector<float> rows = randomFloats(random, K * P);
      auto used = [&](float x) {
        return bfloat16ToFloat(floatToBFloat16(x));
      };
      auto write = [&](const std::vector<float> &values, int64_t address) {
        if (f32) {
          writeHbm(chip, address, values.data(), 4 * values.size());
          return;
        }
        std::vector<uint16_t> bits(values.size());
        for (size_t i = 0; i < values.size(); ++i)
          bits[i] = floatToBFloat16(values[i]);
        writeHbm(chip, address, bits.data(), 2 * bits.size());
      };
      write(a, kA);
      write(rows, kW);
      std::vector<float> aUsed(a.size()), w(K * N);
      for (size_t i = 0; i < a.size(); ++i)
        aUsed[i] = used(a[i]);
      for (int64_t k = 0; k < K; ++k)
        for (int64_t n = 0; n < N; ++n)
          w[k * N + n] = used(rows[k * P + first + n * ls]);
      Status ran = system->run();
      ASSERT_TRUE(ran.isOk()) << ran.message();
      std::vector<float> expected = referenceMatmul(aUsed, w, M, K, N);
      EXPECT_TRUE(sameBits(readHbmFloats(chip, kOut, expected.size()),
                           expected))
          << "lane stride " << ls << (f32 ? " f32" : " bf16");
    }
}
