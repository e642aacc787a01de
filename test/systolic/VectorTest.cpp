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
  EXPECT_TRUE(ran.isOk()) << ran.message();
  std::vector<float> out(kN);
  std::memcpy(out.data(), system->chip(0).vmem() + kOut, 4 * kN);
  return out;
}

/// loom.round in the evaluator: half to even, the sign kept.
float refRound(float x) {
  float floor = std::floor(x);
  float diff = x - floor;
  float rounded = diff > 0.5f   ? floor + 1
                  : diff < 0.5f ? floor
                  : std::fmod(floor, 2.0f) == 0 ? floor
                                                : floor + 1;
  return std::copysign(rounded, x);
}

/// Runs `body` with v0 = `a` and v1 = `b` (padded with zeros), returns v3.
std::vector<float> runOnValues(const std::string &body,
                               const std::vector<float> &a,
                               const std::vector<float> &b) {
  ChipConfig config;
  std::string text = "    s.li s2, 0\n    s.li s3, 4096\n    s.li s5, 0x40000\n"
                     "    vld v0, s2, 512, 8, 128\n"
                     "    vld v1, s3, 512, 8, 128\n" +
                     body + "    vst v3, s5, 512, 8, 128\n    halt\n";
  std::unique_ptr<System> system = makeSystem(config, text);
  std::memcpy(system->chip(0).vmem(), a.data(), 4 * a.size());
  if (!b.empty())
    std::memcpy(system->chip(0).vmem() + 4096, b.data(), 4 * b.size());
  Status ran = system->run();
  EXPECT_TRUE(ran.isOk()) << ran.message();
  std::vector<float> out(kN);
  std::memcpy(out.data(), system->chip(0).vmem() + kOut, 4 * kN);
  out.resize(a.size());
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
      // The evaluator's f32 formulas (evaluator/ElementwiseKernels.cpp).
      {"v.div v3, v0, v1", [](float a, float b, float) { return a / b; }},
      {"v.sqrt v3, v0", [](float a, float, float) { return std::sqrt(a); }},
      {"v.tanh v3, v0", [](float a, float, float) { return std::tanh(a); }},
      {"v.log v3, v0", [](float a, float, float) { return std::log(a); }},
      {"v.erf v3, v0", [](float a, float, float) { return std::erf(a); }},
      {"v.abs v3, v0", [](float a, float, float) { return std::fabs(a); }},
      {"v.neg v3, v0", [](float a, float, float) { return -a; }},
      {"v.floor v3, v0", [](float a, float, float) { return std::floor(a); }},
      {"v.ceil v3, v0", [](float a, float, float) { return std::ceil(a); }},
      {"v.round v3, v0", [](float a, float, float) { return refRound(a); }},
      {"v.pow v3, v0, v1",
       [](float a, float b, float) { return std::pow(a, b); }},
      {"v.cmple v3, v0, v1",
       [](float a, float b, float) { return a <= b ? 1.0f : 0.0f; }},
      {"v.relu v3, v0",
       [](float a, float, float) { return (a > 0.0f || a != a) ? a : 0.0f; }},
      {"v.sin v3, v0", [](float a, float, float) { return std::sin(a); }},
      {"v.cos v3, v0", [](float a, float, float) { return std::cos(a); }},
      {"v.tan v3, v0", [](float a, float, float) { return std::tan(a); }},
      {"v.asin v3, v0", [](float a, float, float) { return std::asin(a); }},
      {"v.acos v3, v0", [](float a, float, float) { return std::acos(a); }},
      {"v.atan v3, v0", [](float a, float, float) { return std::atan(a); }},
      {"v.sinh v3, v0", [](float a, float, float) { return std::sinh(a); }},
      {"v.cosh v3, v0", [](float a, float, float) { return std::cosh(a); }},
      {"v.asinh v3, v0", [](float a, float, float) { return std::asinh(a); }},
      {"v.acosh v3, v0", [](float a, float, float) { return std::acosh(a); }},
      {"v.atanh v3, v0", [](float a, float, float) { return std::atanh(a); }},
      {"v.fmod v3, v0, v1",
       [](float a, float b, float) { return std::fmod(a, b); }},
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
  ASSERT_TRUE(system->run().isOk());
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
  ASSERT_TRUE(system->run().isOk());
  std::vector<float> out(kN), expected(kN, 0.0f);
  std::memcpy(out.data(), system->chip(0).vmem() + 0x2000, 4 * kN);
  for (int s = 0; s < 5; ++s)
    for (int l = 0; l < 100; ++l)
      expected[s * kL + l] = bfloat16ToFloat(floatToBFloat16(values[s * kL + l]));
  EXPECT_TRUE(sameBits(out, expected));
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], 1.015625f);
}

TEST(VectorTest, F16LoadsWidenAndStoresRoundToNearestEven) {
  ChipConfig config;
  std::string text = "    s.li s2, 0\n    s.li s3, 0x1000\n    s.li s4, 0x2000\n"
                     "    vld v0, s2, 512, 8, 128\n"
                     "    vst.f16 v0, s3, 256, 8, 128\n"
                     "    vld.f16 v1, s3, 256, 5, 100\n"
                     "    vst v1, s4, 512, 8, 128\n    halt\n";
  std::unique_ptr<System> system = makeSystem(config, text);
  std::mt19937 random(12);
  std::vector<float> values = randomFloats(random, kN);
  values[0] = 1.00048828125f; // halfway between 1 and the next f16: to even
  values[1] = 1.00146484375f; // halfway, rounds up to even
  values[2] = 65520.0f;       // rounds to infinity
  values[3] = 3e-8f;          // a subnormal f16 (2^-24 = 5.96e-8 apart)
  values[4] = -0.0f;
  std::memcpy(system->chip(0).vmem(), values.data(), 4 * kN);
  ASSERT_TRUE(system->run().isOk());
  std::vector<float> out(kN), expected(kN, 0.0f);
  std::memcpy(out.data(), system->chip(0).vmem() + 0x2000, 4 * kN);
  for (int s = 0; s < 5; ++s)
    for (int l = 0; l < 100; ++l)
      expected[s * kL + l] = halfToFloat(floatToHalf(values[s * kL + l]));
  EXPECT_TRUE(sameBits(out, expected));
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], 1.001953125f);
  EXPECT_EQ(out[2], INFINITY);
  EXPECT_EQ(out[3], 0x1p-24f);
  EXPECT_TRUE(std::signbit(out[4]));
}

TEST(VectorTest, F16RoundingKeepsTheValueInF32) {
  std::vector<float> in = {1.00048828125f, 1.00146484375f, 65519.0f, 65520.0f,
                           -1e-9f, NAN, 0.1f};
  std::vector<float> out = runOnValues("    v.f16 v3, v0\n", in, {});
  std::vector<float> expected(in.size());
  for (size_t i = 0; i < in.size(); ++i)
    expected[i] = halfToFloat(floatToHalf(in[i]));
  EXPECT_TRUE(sameBits(out, expected));
  EXPECT_EQ(out[2], 65504.0f);
  EXPECT_EQ(out[3], INFINITY);
  EXPECT_EQ(out[6], 0.0999755859375f);
}

TEST(VectorTest, RoundGoesHalfToEvenAndKeepsTheSign) {
  std::vector<float> in = {0.5f,  1.5f,  2.5f,  -0.5f, -1.5f, -2.5f, 2.4999998f,
                           -0.0f, 1e30f, -3.7f, INFINITY, 8388609.0f};
  std::vector<float> out = runOnValues("    v.round v3, v0\n", in, {});
  std::vector<float> expected = {0.0f,  2.0f,  2.0f,  -0.0f, -2.0f, -2.0f, 2.0f,
                                 -0.0f, 1e30f, -4.0f, INFINITY, 8388609.0f};
  EXPECT_TRUE(sameBits(out, expected));
}

TEST(VectorTest, ReluGivesPositiveZeroAndKeepsNaNBits) {
  // The evaluator's relu, (x > 0 || x != x) ? x : 0: -0.0 becomes +0.0
  // (v.max's NaN would be the canonical one; v.relu keeps the payload).
  float negativeNaN, payloadNaN;
  uint32_t bits = 0xffc00000u, payload = 0x7fc12345u;
  std::memcpy(&negativeNaN, &bits, 4);
  std::memcpy(&payloadNaN, &payload, 4);
  std::vector<float> in = {-0.0f, 0.0f, -1.5f, 2.5f, negativeNaN, payloadNaN,
                           -INFINITY, INFINITY, 1e-45f, -1e-45f};
  std::vector<float> out = runOnValues("    v.relu v3, v0\n", in, {});
  std::vector<float> expected = {0.0f, 0.0f, 0.0f, 2.5f, negativeNaN,
                                 payloadNaN, 0.0f, INFINITY, 1e-45f, 0.0f};
  EXPECT_TRUE(sameBits(out, expected));
  EXPECT_FALSE(std::signbit(out[0]));
}

TEST(VectorTest, OffsetFormsAddTheirImmediateToTheAddressRegister) {
  // vldo / vldso / vsto at s2 + offset are vld / vlds / vst at that
  // address.
  ChipConfig config;
  std::string text = "    s.li s2, 8192\n"
                     "    vldo v0, s2, -8192, 512, 8, 128\n"
                     "    vldso v1, s2, -4096, 512, 8, 128, 0\n"
                     "    v.add v3, v0, v1\n"
                     "    vsto v3, s2, " +
                     std::to_string(kOut - 8192) +
                     ", 512, 8, 128\n"
                     "    halt\n";
  std::unique_ptr<System> system = makeSystem(config, text);
  std::mt19937 random(5);
  std::vector<float> a = randomFloats(random, kN), b = randomFloats(random, kN);
  std::memcpy(system->chip(0).vmem(), a.data(), 4 * kN);
  std::memcpy(system->chip(0).vmem() + 4096, b.data(), 4 * kN);
  Status ran = system->run();
  ASSERT_TRUE(ran.isOk()) << ran.message();
  std::vector<float> out(kN), expected(kN);
  std::memcpy(out.data(), system->chip(0).vmem() + kOut, 4 * kN);
  for (int s = 0; s < kN / kL; ++s)
    for (int l = 0; l < kL; ++l)
      expected[s * kL + l] = a[s * kL + l] + b[s * kL];
  EXPECT_TRUE(sameBits(out, expected));

  // The offset address is bounds-checked like any other.
  std::unique_ptr<System> below =
      makeSystem(config, "    s.li s2, 64\n    vldo v0, s2, -128, 512, 8, "
                         "128\n    halt\n");
  Status fault = below->run();
  ASSERT_FALSE(fault.isOk());
  EXPECT_NE(fault.message().find("vld VMEM"), std::string::npos)
      << fault.message();
}

TEST(VectorTest, MaxAndMinOrderSignedZerosAndPropagateNaN) {
  std::vector<float> a = {0.0f, -0.0f, 0.0f, -0.0f, NAN, 1.0f};
  std::vector<float> b = {-0.0f, 0.0f, 0.0f, -0.0f, 1.0f, NAN};
  std::vector<float> max = runOnValues("    v.max v3, v0, v1\n", a, b);
  std::vector<float> min = runOnValues("    v.min v3, v0, v1\n", a, b);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(floatBits(max[i]), floatBits(nanMaximum(a[i], b[i]))) << i;
    EXPECT_EQ(floatBits(min[i]), floatBits(nanMinimum(a[i], b[i]))) << i;
  }
  EXPECT_FALSE(std::signbit(max[0]));
  EXPECT_FALSE(std::signbit(max[1]));
  EXPECT_TRUE(std::signbit(min[0]));
  EXPECT_TRUE(std::signbit(min[1]));
  EXPECT_TRUE(std::isnan(max[4]) && std::isnan(max[5]));
}

TEST(VectorTest, ReductionsWithAnInitialValueContinueInLaneOrder) {
  // A 300-element row per sublane, reduced in three steps (128 + 128 + 44
  // lanes) from -0.0 (sum), -inf (max) and +inf (min): exactly the
  // evaluator's sequential order.
  constexpr int kRow = 300;
  for (const char *op : {"x.sum.init", "x.max.init", "x.min.init"}) {
    ChipConfig config;
    std::string text =
        "    s.li s2, 0\n    s.li s3, 0x40000\n"
        "    vlds v1, s2, 0, 8, 128, 0\n" // v1 = the start value, broadcast
        "    s.li s2, 16\n";
    for (int chunk = 0; chunk < 3; ++chunk)
      text += fmt::format("    vld v0, s2, 1200, 8, {}\n"
                          "    {} v1, v0, v1, {}\n"
                          "    s.addi s2, s2, 512\n",
                          chunk < 2 ? 128 : 44, op, chunk < 2 ? 128 : 44);
    text += "    vst v1, s3, 512, 8, 128\n    halt\n";
    std::unique_ptr<System> system = makeSystem(config, text);
    std::mt19937 random(23);
    std::vector<float> rows = randomFloats(random, 8 * kRow);
    rows[7] = NAN;
    float start = op[2] == 's' ? -0.0f : op[3] == 'a' ? -INFINITY : INFINITY;
    std::memcpy(system->chip(0).vmem(), &start, 4);
    // Rows of 300 floats at 16 + 1200 s.
    std::memcpy(system->chip(0).vmem() + 16, rows.data(), 4 * rows.size());
    Status ran = system->run();
    ASSERT_TRUE(ran.isOk()) << ran.message();
    std::vector<float> out(kN), expected(kN);
    std::memcpy(out.data(), system->chip(0).vmem() + kOut, 4 * kN);
    for (int s = 0; s < kS; ++s) {
      float acc = start;
      for (int l = 0; l < kRow; ++l) {
        float x = rows[s * kRow + l];
        acc = op[2] == 's' ? acc + x : op[3] == 'a' ? refMax(acc, x) : refMin(acc, x);
      }
      std::fill(expected.begin() + s * kL, expected.begin() + (s + 1) * kL, acc);
    }
    EXPECT_TRUE(sameBits(out, expected)) << op;
  }
}

TEST(VectorTest, StridedLoadsBroadcastGatherAndWalkBackwards) {
  ChipConfig config;
  // Source: 64 x 64 floats at 0 (row stride 256 bytes).
  std::string text = "    s.li s2, 0\n    s.li s3, 1020\n    s.li s4, 0x40000\n"
                     "    s.li s6, 0x41000\n    s.li s7, 0x42000\n"
                     "    s.li s8, 0x43000\n    s.li s9, 8\n"
                     "    vlds v0, s2, 256, 8, 128, 0\n"   // broadcast lane 0
                     "    vlds v1, s9, 512, 4, 32, 2\n"    // stride-2 window
                     "    vlds v2, s3, 256, 8, 64, -1\n"   // row 3 backwards
                     "    vld v3, s2, 0, 8, 128\n"          // row 0 broadcast
                     "    vst v0, s4, 512, 8, 128\n"
                     "    vst v1, s6, 512, 8, 128\n"
                     "    vst v2, s7, 512, 8, 128\n"
                     "    vst v3, s8, 512, 8, 128\n    halt\n";
  std::unique_ptr<System> system = makeSystem(config, text);
  std::mt19937 random(31);
  std::vector<float> src = randomFloats(random, 64 * 64 * 2);
  std::memcpy(system->chip(0).vmem(), src.data(), 4 * src.size());
  Status ran = system->run();
  ASSERT_TRUE(ran.isOk()) << ran.message();
  auto stored = [&](int64_t address) {
    std::vector<float> out(kN);
    std::memcpy(out.data(), system->chip(0).vmem() + address, 4 * kN);
    return out;
  };
  std::vector<float> broadcast(kN), window(kN, 0.0f), backwards(kN, 0.0f),
      rows(kN);
  for (int s = 0; s < kS; ++s)
    for (int l = 0; l < kL; ++l) {
      broadcast[s * kL + l] = src[s * 64];
      rows[s * kL + l] = src[l];
      if (s < 4 && l < 32)
        window[s * kL + l] = src[2 + s * 128 + 2 * l];
      if (l < 64)
        backwards[s * kL + l] = src[255 + s * 64 - l];
    }
  EXPECT_TRUE(sameBits(stored(0x40000), broadcast));
  EXPECT_TRUE(sameBits(stored(0x41000), window));
  EXPECT_TRUE(sameBits(stored(0x42000), backwards));
  EXPECT_TRUE(sameBits(stored(0x43000), rows));
}

TEST(VectorTest, StridedStoresScatterAndTheLastLaneWins) {
  ChipConfig config;
  std::string text = "    s.li s2, 0\n    s.li s3, 0x40000\n    s.li s4, 0x48000\n"
                     "    s.li s5, 0x4a1fc\n"
                     "    vld v0, s2, 512, 8, 128\n"
                     "    vsts v0, s3, 1024, 8, 128, 2\n"
                     "    vsts v0, s4, 4, 8, 128, 0\n"
                     "    vsts.bf16 v0, s5, 256, 2, 128, -1\n    halt\n";
  std::unique_ptr<System> system = makeSystem(config, text);
  std::mt19937 random(37);
  std::vector<float> values = randomFloats(random, kN);
  std::memcpy(system->chip(0).vmem(), values.data(), 4 * kN);
  Status ran = system->run();
  ASSERT_TRUE(ran.isOk()) << ran.message();
  const uint8_t *vmem = system->chip(0).vmem();
  for (int s = 0; s < kS; ++s)
    for (int l = 0; l < kL; ++l) {
      float scattered;
      std::memcpy(&scattered, vmem + 0x40000 + s * 1024 + 8 * l, 4);
      ASSERT_EQ(floatBits(scattered), floatBits(values[s * kL + l]));
    }
  for (int s = 0; s < kS; ++s) {
    float last;
    std::memcpy(&last, vmem + 0x48000 + 4 * s, 4);
    EXPECT_EQ(floatBits(last), floatBits(values[s * kL + kL - 1])) << s;
  }
  for (int s = 0; s < 2; ++s)
    for (int l = 0; l < kL; ++l) {
      uint16_t bits;
      std::memcpy(&bits, vmem + 0x4a1fc + s * 256 - 2 * l, 2);
      ASSERT_EQ(bits, floatToBFloat16(values[s * kL + l])) << s << " " << l;
    }
}

TEST(VectorTest, IntegerElementTypesConvertLikeTheEvaluatorsCasts) {
  ChipConfig config;
  std::string text = "    s.li s2, 0\n    s.li s3, 0x1000\n    s.li s4, 0x2000\n"
                     "    s.li s5, 0x3000\n    s.li s6, 0x4000\n"
                     "    s.li s7, 0x5000\n    s.li s8, 0x6000\n"
                     "    vld.u8 v0, s2, 16, 1, 16\n"
                     "    vld.i32 v1, s3, 64, 1, 16\n"
                     "    vld.i64 v2, s4, 128, 1, 16\n"
                     "    vld v3, s5, 64, 1, 16\n"
                     "    vst v1, s6, 64, 1, 16\n"
                     "    s.li s9, 0x7000\n    vst.u8 v3, s9, 16, 1, 16\n"
                     "    vsts.i32 v3, s7, 0, 1, 16, 2\n"
                     "    vst.i64 v3, s8, 128, 1, 16\n"
                     "    s.li s6, 0x4100\n    vst v0, s6, 64, 1, 16\n"
                     "    s.li s6, 0x4200\n    vst v2, s6, 64, 1, 16\n"
                     "    s.li s6, 0x7100\n    vst.i8 v3, s6, 16, 1, 16\n"
                     "    s.li s2, 0x7200\n    vld.i8 v4, s2, 16, 1, 16\n"
                     "    s.li s6, 0x4300\n    vst v4, s6, 64, 1, 16\n"
                     "    halt\n";
  std::unique_ptr<System> system = makeSystem(config, text);
  uint8_t *vmem = system->chip(0).vmem();
  std::vector<uint8_t> u8 = {0, 1, 2, 127, 128, 200, 255, 7, 0, 1, 0, 1, 9, 10, 11, 12};
  std::vector<int32_t> i32 = {0, -1, 1, INT32_MAX, INT32_MIN, 16777217, -16777217, 5,
                              6, 7, 8, 9, 10, 11, 12, 13};
  std::vector<int64_t> i64 = {0, -1, INT64_MAX, INT64_MIN, (int64_t(1) << 53) + 1,
                              -3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
  std::vector<float> f32 = {0.0f,   -0.0f,  0.9f,   1.0f,   -1.5f,  255.5f,
                            256.0f, 1e10f,  -1e10f, NAN,    3e9f,   -3e9f,
                            2.5f,   -2.5f,  1e20f,  -1e20f};
  std::memcpy(vmem, u8.data(), 16);
  std::memcpy(vmem + 0x1000, i32.data(), 64);
  std::memcpy(vmem + 0x2000, i64.data(), 128);
  std::memcpy(vmem + 0x3000, f32.data(), 64);
  std::vector<int8_t> i8 = {0, -1, 1, 127, -128, 5, -5, 100, -100, 7, 8, 9, 10, 11, 12, 13};
  std::memcpy(vmem + 0x7200, i8.data(), 16);
  Status ran = system->run();
  ASSERT_TRUE(ran.isOk()) << ran.message();
  auto floatsAt = [&](int64_t address) {
    std::vector<float> out(16);
    std::memcpy(out.data(), vmem + address, 64);
    return out;
  };
  std::vector<float> fromU8(16), fromI32(16), fromI64(16), fromI8(16);
  for (int i = 0; i < 16; ++i) {
    fromI8[i] = static_cast<float>(i8[i]);
    fromU8[i] = static_cast<float>(u8[i]);
    fromI32[i] = static_cast<float>(i32[i]);
    fromI64[i] = static_cast<float>(i64[i]);
  }
  EXPECT_TRUE(sameBits(floatsAt(0x4100), fromU8));
  EXPECT_TRUE(sameBits(floatsAt(0x4000), fromI32));
  EXPECT_TRUE(sameBits(floatsAt(0x4200), fromI64));
  EXPECT_TRUE(sameBits(floatsAt(0x4300), fromI8));
  // Stores truncate toward zero, saturate and store NaN as 0.
  std::vector<uint8_t> toU8(16);
  std::memcpy(toU8.data(), vmem + 0x7000, 16);
  EXPECT_EQ(toU8, (std::vector<uint8_t>{0, 0, 0, 1, 0, 255, 255, 255, 0, 0, 255,
                                        0, 2, 0, 255, 0}));
  std::vector<int8_t> toI8(16);
  std::memcpy(toI8.data(), vmem + 0x7100, 16);
  EXPECT_EQ(toI8, (std::vector<int8_t>{0, 0, 0, 1, -1, 127, 127, 127, -128, 0,
                                       127, -128, 2, -2, 127, -128}));
  std::vector<int32_t> toI32(16);
  for (int i = 0; i < 16; ++i)
    std::memcpy(&toI32[i], vmem + 0x5000 + 8 * i, 4);
  EXPECT_EQ(toI32, (std::vector<int32_t>{0, 0, 0, 1, -1, 255, 256, INT32_MAX,
                                         INT32_MIN, 0, INT32_MAX, INT32_MIN, 2,
                                         -2, INT32_MAX, INT32_MIN}));
  std::vector<int64_t> toI64(16);
  std::memcpy(toI64.data(), vmem + 0x6000, 128);
  EXPECT_EQ(toI64, (std::vector<int64_t>{0, 0, 0, 1, -1, 255, 256, 10000000000,
                                         -10000000000, 0, 3000000000,
                                         -3000000000, 2, -2, INT64_MAX,
                                         INT64_MIN}));
}
