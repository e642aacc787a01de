//===- VectorTest.cpp - Vector unit semantics ------------------------------===//
//
// Part of the Loom project.
//
// Each vector instruction on random registers against a scalar reference of
// its documented semantics, bit for bit.
//
//===----------------------------------------------------------------------===//

#include <gtest/gtest.h>

#include "SystolicTestUtils.h"

#include "runtime/Float16.h"
#include "runtime/MinMax.h"

#include <cmath>
#include <cstring>
#include <functional>

#include <fmt/format.h>

using namespace loom;
using namespace loom::systolic;
using namespace loom::systolic::test;

namespace {

constexpr int kS = 8, kL = 128, kN = kS * kL;
constexpr int64_t kIn = 0, kOut = 0x40000;

/// Runs `body` between loads of v0, v1, v2 (from 3 random tiles, v2 a 0/1
/// mask) and a store of v3; returns the inputs and the stored tile.
std::vector<float> runVectorOp(const std::string &body,
                               std::vector<std::vector<float>> &inputs) {
  ChipConfig config;
  std::string text = "    s.li s2, 0\n    s.li s3, 4096\n    s.li s4, 8192\n"
                     "    s.li s5, 0x40000\n"
                     "    vld v0, s2, 512, 8, 128\n"
                     "    vld v1, s3, 512, 8, 128\n"
                     "    vld v2, s4, 512, 8, 128\n" +
                     body + "    vst v3, s5, 512, 8, 128\n    halt\n";
  std::unique_ptr<System> system = makeSystem(config, text);
  std::mt19937 random(static_cast<uint32_t>(std::hash<std::string>()(body)));
  inputs.assign(3, std::vector<float>());
  inputs[0] = randomFloats(random, kN);
  inputs[1] = randomFloats(random, kN);
  inputs[2].resize(kN);
  for (int i = 0; i < kN; ++i)
    inputs[2][i] = static_cast<float>(random() % 2);
  inputs[1][5] = inputs[0][5]; // make the comparisons see equality
  for (int t = 0; t < 3; ++t)
    std::memcpy(system->chip(0).vmem() + 4096 * t, inputs[t].data(), 4 * kN);
  Status ran = system->run();
  EXPECT_TRUE(ran.ok()) << ran.message();
  std::vector<float> out(kN);
  std::memcpy(out.data(), system->chip(0).vmem() + kOut, 4 * kN);
  return out;
}

float refMax(float a, float b) { return nanMaximum(a, b); }
float refMin(float a, float b) { return nanMinimum(a, b); }

} // namespace

TEST(VectorTest, ElementwiseOpsMatchTheirDefinitions) {
  using Fn = std::function<float(float, float, float)>;
  struct Case {
    const char *body;
    Fn fn;
  } cases[] = {
      {"v.add v3, v0, v1", [](float a, float b, float) { return a + b; }},
      {"v.sub v3, v0, v1", [](float a, float b, float) { return a - b; }},
      {"v.mul v3, v0, v1", [](float a, float b, float) { return a * b; }},
      {"v.max v3, v0, v1", [](float a, float b, float) { return refMax(a, b); }},
      {"v.min v3, v0, v1", [](float a, float b, float) { return refMin(a, b); }},
      {"v.sel v3, v2, v0, v1",
       [](float a, float b, float m) { return m != 0.0f ? a : b; }},
      {"v.cmplt v3, v0, v1",
       [](float a, float b, float) { return a < b ? 1.0f : 0.0f; }},
      {"v.cmpeq v3, v0, v1",
       [](float a, float b, float) { return a == b ? 1.0f : 0.0f; }},
      {"v.bf16 v3, v0",
       [](float a, float, float) { return bfloat16ToFloat(floatToBFloat16(a)); }},
      {"v.exp v3, v0", [](float a, float, float) { return std::exp(a); }},
      {"v.rsqrt v3, v0",
       [](float a, float, float) { return 1.0f / std::sqrt(a); }},
      {"v.rcp v3, v0", [](float a, float, float) { return 1.0f / a; }},
      {"v.mov v3, v1", [](float, float b, float) { return b; }},
  };
  for (const Case &c : cases) {
    std::vector<std::vector<float>> in;
    std::vector<float> out = runVectorOp(std::string("    ") + c.body + "\n", in);
    std::vector<float> expected(kN);
    for (int i = 0; i < kN; ++i)
      expected[i] = c.fn(in[0][i], in[1][i], in[2][i]);
    EXPECT_TRUE(sameBits(out, expected)) << c.body;
  }
}

TEST(VectorTest, SplatBroadcastsAScalarsBits) {
  std::vector<std::vector<float>> in;
  std::vector<float> out =
      runVectorOp("    s.lif s9, -2.75\n    v.splat v3, s9\n", in);
  EXPECT_TRUE(sameBits(out, std::vector<float>(kN, -2.75f)));
}

TEST(VectorTest, LaneReductionsSumInLaneOrderAndBroadcast) {
  for (const char *op : {"x.sum", "x.max", "x.min"}) {
    std::vector<std::vector<float>> in;
    std::vector<float> out =
        runVectorOp(fmt::format("    {} v3, v0\n", op), in);
    std::vector<float> expected(kN);
    for (int s = 0; s < kS; ++s) {
      float acc = in[0][s * kL];
      for (int l = 1; l < kL; ++l) {
        float x = in[0][s * kL + l];
        acc = op[2] == 's' ? acc + x : op[3] == 'a' ? refMax(acc, x) : refMin(acc, x);
      }
      std::fill(expected.begin() + s * kL, expected.begin() + (s + 1) * kL, acc);
    }
    EXPECT_TRUE(sameBits(out, expected)) << op;
  }
}

TEST(VectorTest, TransposeOfA128x128TileAcrossSixteenRegisters) {
  ChipConfig config;
  std::string text = "    s.li s2, 0\n    s.li s3, 0x10000\n";
  for (int r = 0; r < 16; ++r)
    text += fmt::format("    vld v{}, s2, 512, 8, 128\n    s.addi s2, s2, 4096\n", r);
  text += "    x.transpose v16, v0\n";
  for (int r = 0; r < 16; ++r)
    text += fmt::format("    vst v{}, s3, 512, 8, 128\n    s.addi s3, s3, 4096\n",
                        16 + r);
  text += "    halt\n";
  std::unique_ptr<System> system = makeSystem(config, text);
  std::mt19937 random(5);
  std::vector<float> tile = randomFloats(random, 128 * 128);
  std::memcpy(system->chip(0).vmem(), tile.data(), 4 * tile.size());
  ASSERT_TRUE(system->run().ok());
  std::vector<float> out(128 * 128), expected(128 * 128);
  std::memcpy(out.data(), system->chip(0).vmem() + 0x10000, 4 * out.size());
  for (int r = 0; r < 128; ++r)
    for (int c = 0; c < 128; ++c)
      expected[r * 128 + c] = tile[c * 128 + r];
  EXPECT_TRUE(sameBits(out, expected));
}

TEST(VectorTest, Bf16LoadsWidenAndStoresRoundToNearestEven) {
  ChipConfig config;
  std::string text = "    s.li s2, 0\n    s.li s3, 0x1000\n    s.li s4, 0x2000\n"
                     "    vld v0, s2, 512, 8, 128\n"
                     "    vst.bf16 v0, s3, 256, 8, 128\n"
                     "    vld.bf16 v1, s3, 256, 5, 100\n"
                     "    vst v1, s4, 512, 8, 128\n    halt\n";
  std::unique_ptr<System> system = makeSystem(config, text);
  std::mt19937 random(11);
  std::vector<float> values = randomFloats(random, kN);
  values[0] = 1.00390625f;  // halfway between two bf16 values: rounds to even
  values[1] = 1.01171875f;  // halfway, rounds up to even
  std::memcpy(system->chip(0).vmem(), values.data(), 4 * kN);
  ASSERT_TRUE(system->run().ok());
  std::vector<float> out(kN), expected(kN, 0.0f);
  std::memcpy(out.data(), system->chip(0).vmem() + 0x2000, 4 * kN);
  for (int s = 0; s < 5; ++s)
    for (int l = 0; l < 100; ++l)
      expected[s * kL + l] = bfloat16ToFloat(floatToBFloat16(values[s * kL + l]));
  EXPECT_TRUE(sameBits(out, expected));
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], 1.015625f);
}
