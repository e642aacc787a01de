//===- ConfigTest.cpp - Chip configuration files ---------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include <gtest/gtest.h>

#include "SystolicTestUtils.h"

#include "simulator/systolic/Config.h"

using namespace loom;
using namespace loom::systolic;
using namespace loom::systolic::test;

TEST(ConfigTest, DefaultsModelATpuV4TensorCore) {
  ChipConfig config;
  EXPECT_EQ(config.mxu.count, 4);
  EXPECT_EQ(config.mxu.rows, 128);
  EXPECT_EQ(config.mxu.cols, 128);
  EXPECT_EQ(config.mxu.dataflow, Dataflow::WeightStationary);
  EXPECT_DOUBLE_EQ(config.frequencyGHz, 1.05);
  EXPECT_EQ(config.vmemBytes, 32 << 20);
  EXPECT_EQ(config.vector.sublanes, 8);
  EXPECT_EQ(config.vector.lanes, 128);
  EXPECT_EQ(config.vector.registers, 32);
  EXPECT_DOUBLE_EQ(config.hbm.bandwidthGBps, 1200);
  EXPECT_EQ(config.hbm.latencyCycles, 500);
  EXPECT_EQ(config.ici.links, 6);
  EXPECT_DOUBLE_EQ(config.ici.linkBandwidthGBps, 45);
  EXPECT_EQ(config.hopLatencyCycles(), 1050); // 1 us at 1.05 GHz
  EXPECT_NEAR(config.hbmBytesPerCycle(), 1142.857, 1e-3);
  EXPECT_TRUE(config.validate().isOk());
}

TEST(ConfigTest, FormattedDefaultsParseBackUnchanged) {
  ChipConfig defaults;
  std::string text = formatChipConfig(defaults);
  Result<ChipConfig> parsed = parseChipConfig(text, "defaults.cfg");
  ASSERT_TRUE(parsed.isOk()) << parsed.message();
  EXPECT_EQ(formatChipConfig(*parsed), text);
  EXPECT_NE(text.find("[mxu]\ncount = 4\nrows = 128\n"), std::string::npos)
      << text;
}

TEST(ConfigTest, ParsesAFileOverTheDefaults) {
  Result<ChipConfig> config = loadChipConfig(inputPath("small_chip.cfg"));
  ASSERT_TRUE(config.isOk()) << config.message();
  EXPECT_EQ(config->mxu.count, 2);
  EXPECT_EQ(config->mxu.rows, 16);
  EXPECT_EQ(config->mxu.cols, 24);
  EXPECT_EQ(config->mxu.dataflow, Dataflow::OutputStationary);
  EXPECT_FALSE(config->mxu.overlapWeightLoad);
  EXPECT_EQ(config->vmemBytes, 2 << 20);
  EXPECT_EQ(config->hbm.bytes, int64_t(1) << 30);
  EXPECT_EQ(config->ici.torus, (std::vector<int>{2, 2}));
  EXPECT_EQ(config->numChips(), 4);
  EXPECT_EQ(config->linksPerDirection(), 1);
  EXPECT_EQ(config->hbm.latencyCycles, 500); // untouched default
}

TEST(ConfigTest, ErrorsNameFileAndLine) {
  struct Case {
    const char *text;
    const char *message;
  } cases[] = {
      {"[mxu]\nrows = 300\n",
       "c.cfg:2: mxu.rows = '300': expected an integer in [8, 256]"},
      {"[mxu]\n\nwidth = 3\n", "c.cfg:3: unknown key 'width' in section [mxu]"},
      {"[gpu]\n", "c.cfg:1: unknown section [gpu]; expected chip, mxu, vmem, "
                  "vector, hbm or ici"},
      {"rows = 3\n", "c.cfg:1: entry before the first [section]"},
      {"[mxu]\nrows\n",
       "c.cfg:2: expected 'key = value' or a [section], got 'rows'"},
      {"[mxu]\ndataflow = xs\n",
       "c.cfg:2: mxu.dataflow = 'xs': expected ws, os or is"},
      {"[vmem]\nbytes = 12QiB\n",
       "c.cfg:2: vmem.bytes = '12QiB': expected an integer in [4096, "
       "1099511627776] (a KiB/MiB/GiB suffix is allowed)"},
      {"[ici]\ntorus = 2x0\n",
       "c.cfg:2: ici.torus = '2x0': expected 1 to 3 extents in [1, 64] joined "
       "by 'x' (at most 4096 chips), e.g. 8, 4x2 or 2x2x2"},
      {"[ici]\ntorus = 2x2x2\nlinks = 4\n",
       "c.cfg: ici.links = 4 is too few for a 3-D torus: each of its 6 "
       "directions needs at least one link"},
      {"[mxu]\nrows = 8\nrows = 16\n",
       "c.cfg:3: key 'rows' appears twice in section [mxu]"},
      {"[chip\n", "c.cfg:1: malformed section header '[chip'"},
  };
  for (const Case &c : cases) {
    Result<ChipConfig> r = parseChipConfig(c.text, "c.cfg");
    ASSERT_FALSE(r.isOk()) << c.text;
    EXPECT_EQ(r.message(), c.message);
  }
  Result<ChipConfig> missing = loadChipConfig("/nonexistent/chip.cfg");
  ASSERT_FALSE(missing.isOk());
  EXPECT_EQ(missing.message(), "/nonexistent/chip.cfg: cannot open file");
}
