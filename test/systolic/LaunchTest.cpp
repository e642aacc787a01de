//===- LaunchTest.cpp - Repeated kernel launches on one System -------------===//
//
// Part of the Loom project.
//
// The interface a runtime driver uses: launches from an entry instruction
// with argument registers, the power-on state each launch starts from, HBM
// that persists between launches, per-launch statistics and trace, and
// bounds-checked host access to HBM.
//
//===----------------------------------------------------------------------===//

#include <gtest/gtest.h>

#include "SystolicTestUtils.h"

#include "simulator/systolic/Report.h"

#include <cstring>

#include <fmt/format.h>

using namespace loom;
using namespace loom::systolic;
using namespace loom::systolic::test;

namespace {

// Two kernels. `twice` (entry 0): HBM[s4] = 2 * HBM[s3] (128 floats), and it
// leaves state behind: s20 = 77, f2 = 5, v0 and m0's accumulators nonzero.
// `dump` (entry 13): HBM[s3] = m0's accumulator rows 0..7 and v0..v1, to
// show what a launch starts from.
constexpr const char *kLibrary = R"(
twice:
    s.li    s5, 0
    dma.load s5, s3, f0, 1, 512, 0, 0
    wait    f0, 1
    vld     v0, s5, 0, 1, 128
    v.add   v0, v0, v0
    vst     v0, s5, 0, 1, 128
    dma.store s5, s4, f1, 1, 512, 0, 0
    wait    f1, 1
    ldw.f32 m0, s5, 1, 128, 512
    matmul.swap.f32 m0, s5, s5, 8, 0
    signal  f2, 5
    s.li    s20, 77
    halt
dump:
    s.li    s5, 0
    pop     m0, v1, s5, 0
    vst     v1, s5, 512, 8, 128
    s.li    s6, 4096
    vst     v0, s6, 512, 8, 128
    dma.store s5, s3, f0, 1, 8192, 0, 0
    wait    f0, 1
    halt
)";

std::unique_ptr<System> makeDevice() {
  Result<std::unique_ptr<System>> system =
      System::create(ChipConfig(), RunOptions());
  EXPECT_TRUE(system.isOk()) << system.message();
  return std::move(*system);
}

Program library() {
  Result<Program> program = assemble(kLibrary, "library.s");
  EXPECT_TRUE(program.isOk()) << program.message();
  return *program;
}

} // namespace

TEST(LaunchTest, KernelsRunFromTheirEntriesAgainOnTheSameHbm) {
  std::unique_ptr<System> device = makeDevice();
  Program code = library();
  std::vector<float> input(128);
  for (int i = 0; i < 128; ++i)
    input[i] = static_cast<float>(i) - 40.5f;
  ASSERT_TRUE(device->writeHbm(0, 0x1000, input.data(), 512).isOk());

  // Launch 1: 0x1000 -> 0x2000; launch 2 reads launch 1's output from HBM.
  Status first = device->launch(code, 0, {0, 0x1000, 0x2000});
  ASSERT_TRUE(first.isOk()) << first.message();
  ChipStats firstStats = device->stats()[0];
  EXPECT_EQ(device->chip(0).scalar(3), 0x1000);
  EXPECT_EQ(device->chip(0).scalar(20), 77);
  EXPECT_EQ(device->chip(0).flag(2), 5);
  Status second = device->launch(code, 0, {0, 0x2000, 0x3000});
  ASSERT_TRUE(second.isOk()) << second.message();
  std::vector<float> output(128);
  ASSERT_TRUE(device->readHbm(0, 0x3000, output.data(), 512).isOk());
  for (int i = 0; i < 128; ++i)
    EXPECT_EQ(output[i], 4 * input[i]) << i;

  // Each launch is measured from cycle 0 on its own.
  ChipStats secondStats = device->stats()[0];
  EXPECT_EQ(secondStats.totalCycles, firstStats.totalCycles);
  EXPECT_EQ(secondStats.instructions, 13);
  EXPECT_EQ(secondStats.hbmBytesRead, 512);
  EXPECT_EQ(secondStats.hbmBytesWritten, 512);
  EXPECT_EQ(secondStats.macs, 8 * 128);
  EXPECT_GT(mxuUtilization(secondStats, 4, 128, 128), 0.0);
}

TEST(LaunchTest, EveryLaunchStartsFromThePowerOnState) {
  std::unique_ptr<System> device = makeDevice();
  Program code = library();
  std::vector<float> ones(128, 1.0f);
  ASSERT_TRUE(device->writeHbm(0, 0x1000, ones.data(), 512).isOk());
  ASSERT_TRUE(device->launch(code, 0, {0, 0x1000, 0x2000}).isOk());
  device->setTracing(true);
  Status dumped = device->launch(code, 13, {0, 0x8000});
  ASSERT_TRUE(dumped.isOk()) << dumped.message();
  std::vector<float> state(2048, 1.0f);
  ASSERT_TRUE(device->readHbm(0, 0x8000, state.data(), 8192).isOk());
  for (size_t i = 0; i < state.size(); ++i)
    ASSERT_EQ(state[i], 0.0f) << i; // accumulators, then v0
  EXPECT_EQ(device->chip(0).scalar(20), 0);
  EXPECT_EQ(device->chip(0).flag(2), 0);
  EXPECT_EQ(device->chip(0).scalar(0), 0);
  EXPECT_EQ(device->chip(0).scalar(1), 1);
  EXPECT_EQ(device->chip(0).scalar(3), 0x8000);
  EXPECT_EQ(device->chip(0).scalar(4), 0);
  EXPECT_EQ(device->trace().size(), 4u); // pop, two vst and the DMA
}

TEST(LaunchTest, AFailedLaunchLeavesTheNextOneClean) {
  std::unique_ptr<System> device = makeDevice();
  Result<Program> stuck =
      assemble("    signal f1, 1\n    wait f0, 1\n    halt\n", "stuck.s");
  ASSERT_TRUE(stuck.isOk());
  Status deadlock = device->launch(*stuck, 0, {});
  ASSERT_FALSE(deadlock.isOk());
  EXPECT_EQ(deadlock.code(), StatusCode::Aborted);
  EXPECT_NE(deadlock.message().find("deadlock"), std::string::npos)
      << deadlock.message();
  Status again = device->launch(*stuck, 2, {});
  ASSERT_TRUE(again.isOk()) << again.message();
  EXPECT_EQ(device->chip(0).flag(1), 0);
  EXPECT_EQ(device->stats()[0].instructions, 1);
}

TEST(LaunchTest, BadEntriesArgumentsAndHbmRangesAreErrors) {
  std::unique_ptr<System> device = makeDevice();
  Program code = library();
  Status past = device->launch(code, 21, {});
  ASSERT_FALSE(past.isOk());
  EXPECT_EQ(past.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(past.message(),
            "library.s: entry instruction 21 is past the last instruction (20)");
  Status many = device->launch(code, 0, std::vector<int64_t>(31, 0));
  ASSERT_FALSE(many.isOk());
  EXPECT_EQ(many.message(), "library.s: 31 launch arguments, but only s2..s31 "
                            "(30) can hold them");
  const int64_t size = device->config().hbm.bytes;
  uint8_t bytes[64] = {};
  Status over = device->writeHbm(0, size - 32, bytes, 64);
  ASSERT_FALSE(over.isOk());
  EXPECT_EQ(over.code(), StatusCode::OutOfRange);
  EXPECT_EQ(over.message(),
            fmt::format("HBM write of 64 bytes at address {} on chip 0 is "
                        "outside its HBM ({} bytes)",
                        size - 32, size));
  Status negative = device->readHbm(0, -8, bytes, 8);
  ASSERT_FALSE(negative.isOk());
  EXPECT_EQ(negative.message(),
            fmt::format("HBM read of 8 bytes at address -8 on chip 0 is "
                        "outside its HBM ({} bytes)",
                        size));
  Status chip = device->readHbm(1, 0, bytes, 8);
  ASSERT_FALSE(chip.isOk());
  EXPECT_EQ(chip.message(), "HBM read on chip 1, but the system has chips 0..0");
  EXPECT_TRUE(device->writeHbm(0, size - 64, bytes, 64).isOk());
}

TEST(LaunchTest, ARunawayLoopStopsAtTheLimit) {
  RunOptions options;
  options.maxInstructions = 500;
  Result<std::unique_ptr<System>> device =
      System::create(ChipConfig(), options);
  ASSERT_TRUE(device.isOk()) << device.message();
  Result<Program> spin = assemble("spin:\n    jmp spin\n", "spin.s");
  ASSERT_TRUE(spin.isOk()) << spin.message();
  Status runaway = (*device)->launch(*spin, 0, {});
  EXPECT_EQ(runaway.code(), StatusCode::DeadlineExceeded);
  EXPECT_EQ(runaway.message(),
            "stopped after 500 instructions, the limit for one run; chip 0 "
            "is at spin.s:2: instruction 0 (jmp 0) (does a loop never end?)");
}

namespace {

// Per-chip launches: `sender` (entry 0) sends 512 bytes of HBM[s2] to chip
// s3; `receiver` (entry 5) receives them from chip s3 and writes twice them
// to HBM[s2]. Each chip starts its own entry with its own arguments, and the
// messages meet within the launch.
constexpr const char *kPair = R"(
sender:
    s.li    s5, 0
    dma.load s5, s2, f0, 1, 512, 0, 0
    wait    f0, 1
    send    s5, s3, f1, 512
    wait    f1, 1
    halt
receiver:
    s.li    s5, 0
    recv    s5, s3, f0, 512
    wait    f0, 1
    vld     v0, s5, 0, 1, 128
    v.add   v0, v0, v0
    vst     v0, s5, 0, 1, 128
    dma.store s5, s2, f1, 1, 512, 0, 0
    wait    f1, 1
    halt
)";

std::unique_ptr<System> makeRing(int chips) {
  ChipConfig config;
  config.ici.torus = {chips};
  Result<std::unique_ptr<System>> system = System::create(config, RunOptions());
  EXPECT_TRUE(system.isOk()) << system.message();
  return std::move(*system);
}

} // namespace

TEST(LaunchTest, PerChipEntriesAndArgumentsMeetWithinOneLaunch) {
  std::unique_ptr<System> ring = makeRing(2);
  Result<Program> code = assemble(kPair, "pair.s");
  ASSERT_TRUE(code.isOk()) << code.message();
  std::vector<float> input(128), output(128);
  for (int i = 0; i < 128; ++i)
    input[i] = static_cast<float>(i) * 0.75f - 3;
  ASSERT_TRUE(ring->writeHbm(0, 0x1000, input.data(), 512).isOk());
  Status status =
      ring->launch({{&*code, 0, {0x1000, 1}}, {&*code, 6, {0x3000, 0}}});
  ASSERT_TRUE(status.isOk()) << status.message();
  ASSERT_TRUE(ring->readHbm(1, 0x3000, output.data(), 512).isOk());
  for (int i = 0; i < 128; ++i)
    EXPECT_EQ(output[i], input[i] + input[i]) << i;
  std::vector<ChipStats> stats = ring->stats();
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_EQ(stats[0].iciBytesSent, 512);
  EXPECT_EQ(stats[1].iciBytesReceived, 512);
  EXPECT_EQ(ring->totalCycles(),
            std::max(stats[0].totalCycles, stats[1].totalCycles));
  EXPECT_GT(stats[1].totalCycles, stats[0].totalCycles);

  // Both chips receiving: a deadlock, reported, and the next launch runs.
  status = ring->launch({{&*code, 6, {0x3000, 1}}, {&*code, 6, {0x3000, 0}}});
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message().rfind("deadlock: ", 0), 0u) << status.message();
  status = ring->launch({{&*code, 0, {0x1000, 1}}, {&*code, 6, {0x3000, 0}}});
  EXPECT_TRUE(status.isOk()) << status.message();

  status = ring->launch({{&*code, 0, {0x1000, 1}}});
  EXPECT_EQ(status.message(), "a launch for 1 chips on a torus of 2 chips: "
                              "give one entry per chip");
  status = ring->launch({{&*code, 0, {0x1000, 1}}, {&*code, 99, {}}});
  EXPECT_EQ(status.message(), "chip 1: pair.s: entry instruction 99 is past "
                              "the last instruction (14)");
}
