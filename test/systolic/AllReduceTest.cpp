//===- AllReduceTest.cpp - Several chips on a torus ------------------------===//
//
// Part of the Loom project.
//
// A ring all-reduce across 2-8 chips gives exactly the sums the ring order
// implies and takes within 10% of the alpha-beta cost
//   2 (p - 1) alpha + 2 ((p - 1) / p) n / B,
// alpha the hop latency, B one link's bandwidth, n the bytes per chip. Also
// routing over several hops and contention on a shared link, cycle-exact.
//
//===----------------------------------------------------------------------===//

#include <gtest/gtest.h>

#include "SystolicTestUtils.h"

#include "simulator/systolic/IniFile.h"

#include <cstring>

#include <fmt/format.h>

using namespace loom;
using namespace loom::systolic;
using namespace loom::systolic::test;

TEST(AllReduceTest, RingAllReduceIsExactAndWithinTenPercentOfAlphaBeta) {
  Result<std::string> text = readTextFile(inputPath("ring_allreduce.s"));
  ASSERT_TRUE(text.isOk());
  const int64_t chunkBytes = 65536, chunkFloats = chunkBytes / 4;
  for (int p = 2; p <= 8; ++p) {
    ChipConfig config;
    config.ici.torus = {p};
    config.vmemBytes = 4 << 20;
    config.hbm.bytes = 1 << 20;
    std::unique_ptr<System> system = makeSystem(config, *text);
    ASSERT_TRUE(system);
    std::mt19937 random(static_cast<uint32_t>(p));
    std::vector<std::vector<float>> data(p);
    for (int chip = 0; chip < p; ++chip) {
      data[chip] = randomFloats(random, static_cast<size_t>(p * chunkFloats));
      std::memcpy(system->chip(chip).vmem(), data[chip].data(),
                  4 * data[chip].size());
    }
    Status ran = system->run();
    ASSERT_TRUE(ran.isOk()) << ran.message();

    // Chunk j's sum starts on chip j and picks up chips j+1, j+2, ... in
    // ring order, each adding its own value to the partial sum it receives.
    std::vector<float> expected(static_cast<size_t>(p * chunkFloats));
    for (int j = 0; j < p; ++j)
      for (int64_t e = 0; e < chunkFloats; ++e) {
        size_t index = static_cast<size_t>(j * chunkFloats + e);
        float sum = data[j][index];
        for (int q = 1; q < p; ++q)
          sum = sum + data[(j + q) % p][index];
        expected[index] = sum;
      }
    for (int chip = 0; chip < p; ++chip) {
      std::vector<float> result(expected.size());
      std::memcpy(result.data(), system->chip(chip).vmem(), 4 * result.size());
      EXPECT_TRUE(sameBits(result, expected)) << "p=" << p << " chip " << chip;
    }

    double alpha = static_cast<double>(config.hopLatencyCycles());
    double beta = 1.0 / config.linkBytesPerCycle();
    double n = static_cast<double>(p * chunkBytes);
    double model = 2 * (p - 1) * alpha + 2.0 * (p - 1) / p * n * beta;
    double measured = static_cast<double>(system->totalCycles());
    RecordProperty(fmt::format("p{}_cycles", p), std::to_string(measured));
    EXPECT_LT(std::abs(measured - model) / model, 0.10)
        << "p=" << p << ": " << measured << " cycles vs alpha-beta " << model;
    EXPECT_GT(measured, model) << "p=" << p;
    std::printf("all-reduce p=%d: %.0f cycles, alpha-beta %.0f (+%.2f%%)\n", p,
                measured, model, 100.0 * (measured - model) / model);
  }
}

TEST(AllReduceTest, MessagesRouteOverSeveralHopsAndShareLinks) {
  // 4x2 torus: chip 0 -> chip 6 is (0,0) -> (2,1): two hops along x, one
  // along y. Chips 1 and 0 both send to chip 2; on x, 0 -> 2 goes through
  // chip 1 and its +x link, which 1 -> 2 also uses.
  ChipConfig config;
  config.ici.torus = {4, 2};
  config.vmemBytes = 1 << 20;
  config.hbm.bytes = 1 << 20;
  std::string program = "    s.li s2, 0\n"                   // 0
                        "    br.eq s0, s2, zero\n"           // 1
                        "    s.li s3, 1\n"                   // 2
                        "    br.eq s0, s3, one\n"            // 3
                        "    s.li s3, 2\n"
                        "    br.eq s0, s3, two\n"
                        "    s.li s3, 6\n"
                        "    br.eq s0, s3, six\n"
                        "    halt\n"
                        "zero:\n"
                        "    s.li s3, 6\n"                   // 2
                        "    send s2, s3, f0, 42857\n"       // 3
                        "    s.li s3, 2\n"                   // 4
                        "    send s2, s3, f0, 42857\n"       // 5
                        "    wait f0, 2\n    halt\n"
                        "one:\n"
                        "    s.li s3, 2\n"                   // 4
                        "    send s2, s3, f0, 42857\n"       // 5
                        "    wait f0, 1\n    halt\n"
                        "two:\n"
                        "    s.li s3, 0\n    recv s2, s3, f1, 42857\n"
                        "    s.li s3, 1\n    recv s2, s3, f1, 42857\n"
                        "    wait f1, 2\n    halt\n"
                        "six:\n"
                        "    s.li s3, 0\n    recv s2, s3, f1, 42857\n"
                        "    wait f1, 1\n    halt\n";
  std::unique_ptr<System> system = makeSystem(config, program);
  ASSERT_TRUE(system);
  ASSERT_TRUE(system->run().isOk());
  // 42857 bytes at 45 GB/s / 1.05 GHz take 1000 cycles per link; a hop's
  // head takes 1050. 0 -> 6 (sent at 3) holds chip 0's +x link [3, 1003),
  // chip 1's +x link [1053, 2053), chip 2's +y link [2103, 3103) and
  // arrives at 2103 + 1050 + 1000 = 4153. 1 -> 2 (sent at 5) fits before
  // it on chip 1's +x link: [5, 1005). 0 -> 2 (sent at 5) waits for chip
  // 0's +x link until 1003 (998 cycles of contention), reaches chip 1 at
  // 2053 just as 0 -> 6 frees its link, and arrives at 2053 + 2050. A
  // receiver's `wait` ends at the arrival and its `halt` takes one more
  // cycle.
  ChipStats six = system->stats()[6];
  EXPECT_EQ(six.totalCycles, 4153 + 2);
  ChipStats two = system->stats()[2];
  EXPECT_EQ(two.totalCycles, 2053 + 1050 + 1000 + 2);
  EXPECT_EQ(system->stats()[0].stalls[static_cast<size_t>(
                StallCause::LinkContention)],
            1003 - 5);
  EXPECT_EQ(system->torus().distance(0, 6), 3);
  EXPECT_EQ(system->torus().distance(0, 3), 1); // the wrap-around link
}
