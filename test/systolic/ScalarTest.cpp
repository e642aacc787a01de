//===- ScalarTest.cpp - Scalar core floating-point arithmetic --------------===//
//
// Part of the Loom project.
//
// s.addf64 (IEEE f64 addition on the bits of two scalar registers, the f64
// running sums of cumsum) against the host's double addition, bit for bit,
// on pairs of special and random values, and its cycle rule: one cycle, as
// every scalar ALU instruction.
//
//===----------------------------------------------------------------------===//

#include <gtest/gtest.h>

#include "SystolicTestUtils.h"

#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

using namespace loom;
using namespace loom::systolic;
using namespace loom::systolic::test;

namespace {

int64_t bitsOf(double value) {
  int64_t bits;
  std::memcpy(&bits, &value, 8);
  return bits;
}

} // namespace

TEST(ScalarTest, AddF64IsTheHostsDoubleAddition) {
  using Limits = std::numeric_limits<double>;
  std::vector<double> special = {0.0,
                                 -0.0,
                                 1.0,
                                 -1.5,
                                 0.1,
                                 1e308,
                                 -1e308,
                                 Limits::max(),
                                 Limits::min(),
                                 Limits::denorm_min(),
                                 -Limits::denorm_min(),
                                 Limits::infinity(),
                                 -Limits::infinity(),
                                 Limits::quiet_NaN(),
                                 std::ldexp(1.0, 53),
                                 1.0 + Limits::epsilon()};
  std::vector<std::pair<double, double>> pairs;
  for (double a : special)
    for (double b : special)
      pairs.push_back({a, b});
  std::mt19937_64 random(7);
  for (int i = 0; i < 200; ++i) {
    // Random bit patterns: every exponent, subnormals and NaN payloads.
    uint64_t a = random(), b = random();
    if (i % 2) // close magnitudes: cancellation and round-to-even ties
      b = (a & 0xfff0000000000000ull) | (b & 0x000fffffffffffffull);
    double x, y;
    std::memcpy(&x, &a, 8);
    std::memcpy(&y, &b, 8);
    pairs.push_back({x, y});
  }
  // 24 sums a program, in s6..s29, the operands loaded from VMEM.
  constexpr size_t kBatch = 24;
  for (size_t first = 0; first < pairs.size(); first += kBatch) {
    size_t count = std::min(kBatch, pairs.size() - first);
    std::string text = "    s.li s2, 0\n";
    for (size_t i = 0; i < count; ++i)
      text += fmt::format("    s.ld s3, s2\n    s.addi s2, s2, 8\n"
                          "    s.ld s4, s2\n    s.addi s2, s2, 8\n"
                          "    s.addf64 s{}, s3, s4\n",
                          6 + i);
    text += "    halt\n";
    ChipConfig config;
    std::unique_ptr<System> system = makeSystem(config, text);
    for (size_t i = 0; i < count; ++i)
      std::memcpy(system->chip(0).vmem() + 16 * i, &pairs[first + i], 16);
    Status ran = system->run();
    ASSERT_TRUE(ran.isOk()) << ran.message();
    for (size_t i = 0; i < count; ++i) {
      auto [a, b] = pairs[first + i];
      EXPECT_EQ(system->chip(0).scalar(6 + static_cast<int>(i)),
                bitsOf(a + b))
          << fmt::format("{} + {}", a, b);
    }
  }
}

TEST(ScalarTest, AddF64TakesOneCycle) {
  ChipConfig config;
  std::unique_ptr<System> system =
      makeSystem(config, "    s.li s2, 0x3ff8000000000000\n" // 0: 1.5
                         "    s.li s3, 0x4004000000000000\n" // 1: 2.5
                         "    s.addf64 s4, s2, s3\n"         // 2
                         "    s.addf64 s4, s4, s4\n"         // 3: reads 2's sum
                         "    halt\n");                      // 4
  ASSERT_TRUE(system->run().isOk());
  EXPECT_EQ(system->chip(0).scalar(4), bitsOf(8.0));
  EXPECT_EQ(system->stats()[0].totalCycles, 5);
}
