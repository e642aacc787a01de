//===- TimingTest.cpp - The cycle model, cycle by cycle --------------------===//
//
// Part of the Loom project.
//
// Small programs whose every cycle is worked out in the comments: DMA
// latency and bandwidth, queue back-pressure, double-buffered weight loads,
// and how Loom's full model (overlapped weight loads, finite HBM bandwidth)
// differs from SCALE-Sim's serial, unlimited-bandwidth one.
//
//===----------------------------------------------------------------------===//

#include <gtest/gtest.h>

#include "SystolicTestUtils.h"

#include "simulator/systolic/Report.h"
#include "simulator/systolic/ScaleSim.h"

#include <fmt/format.h>

using namespace loom;
using namespace loom::systolic;
using namespace loom::systolic::test;

namespace {

int64_t stall(const ChipStats &stats, StallCause cause) {
  return stats.stalls[static_cast<size_t>(cause)];
}

/// ceil(bytes / (1200 GB/s / 1.05 GHz)), the default HBM transfer time.
int64_t hbmCycles(int64_t bytes) {
  return static_cast<int64_t>(std::ceil(bytes / (1200.0 / 1.05) - 1e-9));
}

} // namespace

TEST(TimingTest, DmaCostsLatencyPlusBytesOverBandwidth) {
  ChipConfig config;
  std::unique_ptr<System> system =
      makeSystem(config, "    s.li s2, 0\n"                              // 0
                         "    dma.load s2, s2, f0, 1, 65536, 0, 0\n"     // 1
                         "    wait f0, 1\n"                              // 2
                         "    halt\n");
  ASSERT_TRUE(system->run().isOk());
  ChipStats stats = system->stats()[0];
  // The DMA starts at 1 and moves 64 KiB in 58 cycles after 500 of latency:
  // the flag rises at 559; the wait (issued at 2) ends there, halt at 560.
  EXPECT_EQ(hbmCycles(65536), 58);
  EXPECT_EQ(stats.totalCycles, 561);
  EXPECT_EQ(stall(stats, StallCause::FlagWait), 557);
  EXPECT_EQ(stats.units[kUnitDma].busyCycles, 58);
  EXPECT_EQ(stats.hbmBytesRead, 65536);
}

TEST(TimingTest, DmasShareTheHbmChannelAndFillTheQueue) {
  ChipConfig config;
  config.queueDepth = 1;
  std::string dma = "    dma.load s2, s2, f0, 1, 65536, 0, 0\n";
  std::unique_ptr<System> system = makeSystem(
      config, "    s.li s2, 0\n" + dma + dma + dma + "    wait f0, 3\n    halt\n");
  ASSERT_TRUE(system->run().isOk());
  ChipStats stats = system->stats()[0];
  // DMA 1 starts at 1; DMA 2 (issued at 2) waits for the channel until 59;
  // DMA 3 cannot enter the one-deep queue until DMA 2 starts at 59 (56
  // cycles), then waits for the channel until 117 and finishes at
  // 117 + 500 + 58 = 675. The wait ends there; halt issues at 676.
  EXPECT_EQ(stall(stats, StallCause::DmaQueueFull), 56);
  EXPECT_EQ(stall(stats, StallCause::HbmBandwidth), 57 + 58);
  EXPECT_EQ(stats.totalCycles, 677);
}

TEST(TimingTest, WeightLoadsOverlapComputeInTheFullModel) {
  const std::string program = "    s.li s2, 0\n"                       // 0
                              "    s.li s3, 65536\n"                   // 1
                              "    s.li s4, 0\n"                       // 2
                              "    ldw m0, s2, 128, 128, 256\n"        // 3
                              "    matmul.swap m0, s4, s3, 64, 256\n"  // 4
                              "    ldw m0, s2, 128, 128, 256\n"        // 5
                              "    matmul.swap m0, s4, s3, 64, 256\n"  // 6
                              "    halt\n";
  ChipConfig config;
  std::unique_ptr<System> full = makeSystem(config, program);
  ASSERT_TRUE(full->run().isOk());
  ChipStats stats = full->stats()[0];
  // ldw 1: [3, 131). matmul 1 waits for it (127 cycles), streams [131, 195)
  // and drains until 131 + 64 + 254 = 449. ldw 2 loads [131, 259) while
  // matmul 1 computes; matmul 2 waits for it (259 - 195 = 64 cycles) and
  // finishes at 259 + 64 + 254 = 577.
  EXPECT_EQ(stats.totalCycles, 577);
  EXPECT_EQ(stall(stats, StallCause::WeightLoad), 127 + 64);
  EXPECT_EQ(stats.units[kUnitMxu0].busyCycles, 577 - 3);
  EXPECT_EQ(stats.macs, 2 * 64 * 128 * 128);

  config.mxu.overlapWeightLoad = false; // SCALE-Sim's serial MXU
  std::unique_ptr<System> serial = makeSystem(config, program);
  ASSERT_TRUE(serial->run().isOk());
  // ldw [3, 131), matmul [131, 449), ldw [449, 577), matmul [577, 895).
  EXPECT_EQ(serial->stats()[0].totalCycles, 895);
  EXPECT_EQ(stall(serial->stats()[0], StallCause::WeightLoad), 0);
}

TEST(TimingTest, LaneStridedWeightLoadsTakeTheSameRCycles) {
  // The program of WeightLoadsOverlapComputeInTheFullModel with ldws (every
  // other element of rows twice as long): the weight path still takes one
  // row a cycle, so every cycle is the same.
  ChipConfig config;
  std::unique_ptr<System> system =
      makeSystem(config, "    s.li s2, 0\n"
                         "    s.li s3, 131072\n"
                         "    s.li s4, 0\n"
                         "    ldws m0, s2, 128, 128, 512, 2\n"
                         "    matmul.swap m0, s4, s3, 64, 256\n"
                         "    ldws m0, s2, 128, 128, 512, 2\n"
                         "    matmul.swap m0, s4, s3, 64, 256\n"
                         "    halt\n");
  ASSERT_TRUE(system->run().isOk());
  ChipStats stats = system->stats()[0];
  EXPECT_EQ(stats.totalCycles, 577);
  EXPECT_EQ(stall(stats, StallCause::WeightLoad), 127 + 64);
  EXPECT_EQ(stats.units[kUnitMxu0].busyCycles, 577 - 3);
}

TEST(TimingTest, FullModelHidesEveryFoldsWeightLoadAndFill) {
  // Same program, Loom's MXU: fold f + 1's ldw runs while fold f streams,
  // and its matmul starts streaming when fold f's rows are in, so each fold
  // after the first costs max(T, R) instead of SCALE-Sim's 2R + C + T - 2:
  //   full = R + (F - 1) * max(T, R) + (T + R + C - 2) - 1.
  struct Case {
    const char *topology;
    TopologyFormat format;
    int rows, cols;
    Dataflow dataflow;
  } cases[] = {
      {"alexnet_part.csv", TopologyFormat::Conv, 32, 32, Dataflow::WeightStationary},
      {"alexnet.csv", TopologyFormat::Conv, 64, 16, Dataflow::WeightStationary},
      {"alexnet.csv", TopologyFormat::Conv, 16, 64, Dataflow::InputStationary},
      {"gemm_shapes.csv", TopologyFormat::Gemm, 128, 128, Dataflow::WeightStationary},
  };
  for (const Case &c : cases) {
    ScaleSimConfig config;
    config.path = c.topology;
    config.arrayRows = c.rows;
    config.arrayCols = c.cols;
    config.dataflow = c.dataflow;
    Result<std::vector<ScaleSimLayer>> layers =
        loadScaleSimTopology(inputPath(c.topology), c.format);
    ASSERT_TRUE(layers.isOk()) << layers.message();
    for (const ScaleSimLayer &layer : *layers) {
      Result<ScaleSimLayerResult> serial = simulateScaleSimLayer(config, layer, 0);
      ScaleSimOptions options;
      options.fullModel = true;
      Result<ScaleSimLayerResult> full =
          simulateScaleSimLayer(config, layer, 0, options);
      ASSERT_TRUE(serial.isOk() && full.isOk());
      const int64_t R = c.rows, C = c.cols, F = serial->folds;
      bool ws = c.dataflow == Dataflow::WeightStationary;
      int64_t T = ws ? layer.ofmapPixels() : layer.numFilters;
      EXPECT_EQ(serial->totalCycles, F * (2 * R + C + T - 2) - 1) << layer.name;
      EXPECT_EQ(full->totalCycles,
                R + (F - 1) * std::max(T, R) + (T + R + C - 2) - 1)
          << layer.name << " " << c.rows << "x" << c.cols;
      if (T >= R) {
        EXPECT_EQ(serial->totalCycles - full->totalCycles,
                  (F - 1) * (2 * R + C - 2))
            << layer.name;
      }
      // The full model's array stalls: the first matmul (issued at cycle 4)
      // waits for the first ldw (issued at 2), and when T < R every later
      // matmul waits R - T cycles for its ldw.
      EXPECT_EQ(full->stallCycles, (R - 2) + (F - 1) * std::max<int64_t>(0, R - T))
          << layer.name;
    }
  }
}

TEST(TimingTest, FiniteBandwidthAddsExactlyTheDmaTime) {
  // Loom's full model with the operands in HBM instead of SCALE-Sim's
  // preloaded VMEM: A (1024 x 128 bf16, 256 KiB) and W (128 x 128, 32 KiB)
  // come in by DMA first.
  ChipConfig config;
  std::unique_ptr<System> system = makeSystem(
      config, "    s.li s2, 0\n"                                    // 0
              "    dma.load s2, s2, f0, 1, 262144, 0, 0\n"          // 1
              "    s.li s3, 262144\n"                               // 2
              "    dma.load s3, s3, f0, 1, 32768, 0, 0\n"           // 3
              "    wait f0, 2\n"                                    // 4
              "    s.li s4, 0\n"
              "    ldw m0, s3, 128, 128, 256\n"
              "    matmul.swap m0, s4, s2, 1024, 256\n"
              "    halt\n");
  ASSERT_TRUE(system->run().isOk());
  ChipStats stats = system->stats()[0];
  int64_t a = hbmCycles(262144), w = hbmCycles(32768); // 230 and 29
  // DMA A: [1, 1 + 230) on the channel; DMA W waits for it (228 cycles of
  // HBM contention), moves [231, 260) and lands at 260 + 500 = 760. The
  // wait ends at 760; s.li at 761; ldw at 762 takes R = 128 cycles; the
  // matmul streams 1024 rows and drains R + C - 2 = 254: 890 + 1278 = 2168.
  EXPECT_EQ(a, 230);
  EXPECT_EQ(w, 29);
  EXPECT_EQ(stall(stats, StallCause::HbmBandwidth), 228);
  EXPECT_EQ(stats.totalCycles, 1 + a + w + 500 + 2 + 128 + 1024 + 254);
  EXPECT_EQ(stats.hbmBytesRead, 262144 + 32768);
}

TEST(TimingTest, ReportAndChromeTraceCoverEveryUnitOperation) {
  ChipConfig config;
  RunOptions options;
  options.trace = true;
  std::unique_ptr<System> system = makeSystem(
      config,
      "    s.li s2, 0\n    dma.load s2, s2, f0, 1, 4096, 0, 0\n    wait f0, 1\n"
      "    ldw m1, s2, 8, 128, 256\n    s.li s4, 0\n"
      "    matmul.swap m1, s4, s2, 16, 256\n    pop m1, v0, s4, 0\n"
      "    v.exp v1, v0\n    vst v1, s2, 512, 8, 128\n"
      "    dma.store s2, s2, f1, 1, 4096, 0, 0\n    wait f1, 1\n    halt\n",
      options);
  ASSERT_TRUE(system->run().isOk());
  std::string json = formatChromeTrace(*system);
  size_t events = 0;
  for (size_t at = json.find("\"ph\": \"X\""); at != std::string::npos;
       at = json.find("\"ph\": \"X\"", at + 1))
    ++events;
  // Two DMAs, ldw, matmul, pop, v.exp and vst; scalar instructions and
  // waits are not unit operations.
  EXPECT_EQ(events, 7u);
  EXPECT_EQ(system->trace().size(), 7u);
  EXPECT_NE(json.find("\"name\": \"mxu1\""), std::string::npos);
  EXPECT_NE(json.find("\"name\": \"matmul.swap m1, s4, s2, 16, 256\""),
            std::string::npos);
  std::string report = formatReport(*system);
  EXPECT_NE(report.find("MXU utilization"), std::string::npos) << report;
  EXPECT_NE(report.find("flag wait"), std::string::npos) << report;
  EXPECT_NE(report.find("pop waits for matmul"), std::string::npos) << report;
  EXPECT_NE(report.find("HBM: 4096 bytes read, 4096 bytes written"),
            std::string::npos)
      << report;
}

TEST(TimingTest, MxuUtilizationOfAComputeBoundLoop) {
  ChipConfig config;
  std::unique_ptr<System> system = makeSystem(
      config, "    s.li s2, 0\n    s.li s4, 0\n    s.li s5, 99\n"
              "    ldw m0, s2, 128, 128, 256\n"
              "    matmul.swap m0, s4, s2, 1024, 256\n"
              "again:\n    matmul.acc m0, s4, s2, 1024, 256\n    loop s5, again\n"
              "    halt\n");
  ASSERT_TRUE(system->run().isOk());
  ChipStats stats = system->stats()[0];
  // ldw [3, 131), then 100 matmuls stream back to back from 131; the last
  // drains 254 cycles after its rows are in.
  EXPECT_EQ(stats.totalCycles, 131 + 100 * 1024 + 254);
  EXPECT_EQ(stats.macs, 100LL * 1024 * 128 * 128);
  EXPECT_NEAR(mxuUtilization(stats, 1, 128, 128), 102400.0 / 102785.0, 1e-12);
}

TEST(TimingTest, DmaRowsOccupyTheChannelInWholeBursts) {
  ChipConfig config;
  // 1000 rows of 36 bytes at 4-byte-aligned addresses: 36000 bytes move,
  // but each row holds the channel for two 32-byte bursts (64000 bytes).
  std::unique_ptr<System> system =
      makeSystem(config, "    s.li s2, 12\n    s.li s3, 4\n"
                         "    dma.load s2, s3, f0, 1000, 36, 36, 40\n"
                         "    wait f0, 1\n    halt\n");
  std::vector<uint8_t> hbm(40000);
  for (size_t i = 0; i < hbm.size(); ++i)
    hbm[i] = static_cast<uint8_t>(i * 7 + 1);
  writeHbm(system->chip(0), 0, hbm.data(), hbm.size());
  ASSERT_TRUE(system->run().isOk());
  ChipStats stats = system->stats()[0];
  EXPECT_EQ(stats.units[kUnitDma].busyCycles, hbmCycles(64000));
  EXPECT_EQ(stats.hbmBytesRead, 36000);
  const uint8_t *vmem = system->chip(0).vmem();
  for (int r = 0; r < 1000; ++r)
    for (int b = 0; b < 36; ++b)
      ASSERT_EQ(vmem[12 + 36 * r + b], hbm[4 + 40 * r + b]) << r << " " << b;
  EXPECT_EQ(vmem[11], 0);
  EXPECT_EQ(vmem[12 + 36000], 0);
}

TEST(TimingTest, ScalarLoadsWaitForVstAndReadItsIntegers) {
  ChipConfig config;
  std::unique_ptr<System> system =
      makeSystem(config, "    s.li s2, 0x100\n"             // 0
                         "    s.li s3, 0x200\n"             // 1
                         "    vld v0, s2, 0, 1, 2\n"        // 2: ready at 4
                         "    vst.i64 v0, s3, 0, 1, 2\n"    // 3: starts 4, stored 5
                         "    s.ld s4, s3\n"                // 4: waits 1, loads 2
                         "    s.addi s3, s3, 8\n"           // 7
                         "    s.ld32 s5, s3\n"              // 8, 9
                         "    halt\n");                     // 10
  float values[2] = {5.75f, -3.5f};
  std::memcpy(system->chip(0).vmem() + 0x100, values, 8);
  ASSERT_TRUE(system->run().isOk());
  ChipStats stats = system->stats()[0];
  EXPECT_EQ(system->chip(0).scalar(4), 5);
  EXPECT_EQ(system->chip(0).scalar(5), -3);
  EXPECT_EQ(stall(stats, StallCause::ScalarLoadHazard), 1);
  EXPECT_EQ(stats.totalCycles, 11);
}

TEST(TimingTest, GathersTakeACyclePerSublane) {
  ChipConfig config;
  std::unique_ptr<System> system =
      makeSystem(config, "    s.li s2, 0\n"                   // 0
                         "    vlds v0, s2, 512, 8, 64, 2\n"   // 1: busy 1-8, ready 1 + 2 + 7
                         "    vlds v1, s2, 512, 8, 128, 0\n"  // 2: starts 9, ready 11
                         "    v.add v2, v0, v1\n"             // 3: waits 10-11, ready 13
                         "    halt\n");
  ASSERT_TRUE(system->run().isOk());
  ChipStats stats = system->stats()[0];
  EXPECT_EQ(stats.units[kUnitVector].busyCycles, 8 + 1 + 1);
  EXPECT_EQ(stats.totalCycles, 13);
  EXPECT_EQ(stall(stats, StallCause::VectorDependency), 1);
}
