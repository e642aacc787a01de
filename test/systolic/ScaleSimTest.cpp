//===- ScaleSimTest.cpp - SCALE-Sim-compatible mode ------------------------===//
//
// Part of the Loom project.
//
// Two kinds of expected numbers:
//  * SCALE-Sim's own published outputs: its golden test (AlexNet Conv1,
//    32x32 ws, 64 KB SRAMs), its three GEMM goldens (test/general/
//    golden_trace_user_{os,ws,is}, 256x128x256 on 32x32; those ran with a
//    finite USER bandwidth, so their stall-free part is Total - Stall), and
//    a v2.0.2 run of two GEMMs on 32x32 ws (M, N, K = 128, 128, 64 and
//    128, 2048, 512) quoted to two decimals;
//  * for every other layer, array shape and dataflow: SCALE-Sim's demand-
//    matrix algorithm restated as row counts (referenceScaleSim below),
//    independent of the program Loom generates and runs.
//
//===----------------------------------------------------------------------===//

#include <gtest/gtest.h>

#include <unistd.h>

#include "SystolicTestUtils.h"

#include "simulator/systolic/IniFile.h"
#include "simulator/systolic/ScaleSim.h"

#include <filesystem>

#include <fmt/format.h>

using namespace loom;
using namespace loom::systolic;
using namespace loom::systolic::test;

namespace {

struct Reference {
  int64_t totalCycles;
  double overallUtil, mappingEfficiency, computeUtil;
};

/// SCALE-Sim v2's numbers for one stall-free layer, from its demand
/// matrices: per fold (column folds outer, row folds inner) ws and is emit
/// R weight-load rows + T + R + C - 2 rows (skew and drain), os emits
/// T + R + C - 2; the report's cycle count is the last row's index.
/// Compute utilization divides by the ofmap (os) or filter (ws, is) demand
/// matrix's extent: os T + R + C - 2, ws/is 2R + 2C + T - 3.
Reference referenceScaleSim(const ScaleSimLayer &layer, int64_t R, int64_t C,
                            Dataflow dataflow, Summation summation) {
  int64_t M = layer.ofmapPixels(), K = layer.windowSize(), N = layer.numFilters;
  int64_t Sr, Sc, T;
  switch (dataflow) {
  case Dataflow::OutputStationary: Sr = M, Sc = N, T = K; break;
  case Dataflow::WeightStationary: Sr = K, Sc = N, T = M; break;
  case Dataflow::InputStationary: Sr = K, Sc = M, T = N; break;
  }
  bool os = dataflow == Dataflow::OutputStationary;
  int64_t rows = 0;
  std::vector<double> mapping, compute;
  for (int64_t fc = 0; fc < (Sc + C - 1) / C; ++fc)
    for (int64_t fr = 0; fr < (Sr + R - 1) / R; ++fr) {
      int64_t used = std::min(R, Sr - fr * R) * std::min(C, Sc - fc * C);
      rows += os ? T + R + C - 2 : 2 * R + C + T - 2;
      int64_t extent = os ? T + R + C - 2 : 2 * R + 2 * C + T - 3;
      mapping.push_back(static_cast<double>(used) / static_cast<double>(R * C));
      compute.push_back(static_cast<double>(used * T) /
                        static_cast<double>(R * C * extent));
    }
  Reference ref;
  ref.totalCycles = rows - 1;
  ref.overallUtil = static_cast<double>(layer.macs() * 100) /
                    static_cast<double>(ref.totalCycles * R * C);
  double n = static_cast<double>(mapping.size());
  ref.mappingEfficiency = pythonSum(mapping, summation) / n * 100;
  ref.computeUtil = pythonSum(compute, summation) / n * 100;
  return ref;
}

ScaleSimConfig arrayConfig(int rows, int cols, Dataflow dataflow) {
  ScaleSimConfig config;
  config.path = "test.cfg";
  config.runName = "run";
  config.arrayRows = rows;
  config.arrayCols = cols;
  config.dataflow = dataflow;
  return config;
}

ScaleSimLayer gemm(int64_t m, int64_t n, int64_t k) {
  ScaleSimLayer layer;
  layer.name = "gemm";
  layer.ifmapHeight = m;
  layer.ifmapWidth = k;
  layer.filterHeight = 1;
  layer.filterWidth = k;
  layer.channels = 1;
  layer.numFilters = n;
  return layer;
}

std::string tempDirectory(const std::string &tag) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      fmt::format("loom-scalesim-{}-{}", tag, ::getpid());
  std::filesystem::remove_all(dir);
  return dir.string();
}

} // namespace

TEST(ScaleSimTest, GoldenAlexNetConv1ReportIsByteIdentical) {
  std::string dir = tempDirectory("golden");
  std::string out, err;
  int code = runTool({"scalesim", "-c", inputPath("scalesim_32x32_ws.cfg"), "-t",
                      inputPath("alexnet_part.csv"), "-p", dir},
                     out, err);
  ASSERT_EQ(code, 0) << err;
  Result<std::string> report =
      readTextFile(dir + "/scale_example_run_32x32_ws/COMPUTE_REPORT.csv");
  ASSERT_TRUE(report.isOk()) << report.message();
  // SCALE-Sim v2's test/golden_trace/COMPUTE_REPORT.csv.
  EXPECT_EQ(*report,
            "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping "
            "Efficiency %, Compute Util %,\n"
            "0, 112283, 0, 91.68309650614964, 94.53125, 90.78000992063485,\n");
  EXPECT_NE(out.find("layer 0 (Conv1): 112283 cycles, 91.683% overall util, "
                     "94.531% mapping efficiency, 90.780% compute util"),
            std::string::npos)
      << out;
  std::filesystem::remove_all(dir);
}

TEST(ScaleSimTest, GemmGoldensOfAllThreeDataflows) {
  // test/general/golden_trace_user_{os,ws,is}: 256x128x256 on 32x32 with
  // USER bandwidth; golden (Total, Stall, Compute Util %). Their runs used
  // CPython >= 3.12's compensated sum().
  struct Case {
    Dataflow dataflow;
    int64_t total, stalls;
    const char *computeUtil;
    const char *overallUtil;
  } cases[] = {
      {Dataflow::OutputStationary, 52447, 42272, "80.50314465408806",
       "15.619577859553454"},
      {Dataflow::WeightStationary, 52447, 41248, "67.19160104986877",
       "15.619577859553454"},
      {Dataflow::InputStationary, 19984, 5777, "50.59288537549407",
       "40.99279423538831"},
  };
  Result<std::vector<ScaleSimLayer>> layers = loadScaleSimTopology(
      inputPath("test_mnk_input.csv"), TopologyFormat::Gemm);
  ASSERT_TRUE(layers.isOk()) << layers.message();
  ASSERT_EQ(layers->size(), 1u);
  for (const Case &c : cases) {
    ScaleSimOptions options;
    options.summation = Summation::Compensated;
    Result<ScaleSimLayerResult> row = simulateScaleSimLayer(
        arrayConfig(32, 32, c.dataflow), (*layers)[0], 0, options);
    ASSERT_TRUE(row.isOk()) << row.message();
    EXPECT_EQ(row->totalCycles, c.total - c.stalls) << dataflowName(c.dataflow);
    EXPECT_EQ(pythonFloat(row->mappingEfficiency), "100.0");
    EXPECT_EQ(pythonFloat(row->computeUtil), c.computeUtil);
    // Overall util is computed over the golden's stall-inclusive total.
    EXPECT_EQ(pythonFloat(static_cast<double>(row->macs * 100) /
                          static_cast<double>(c.total * 32 * 32)),
              c.overallUtil);
    // Under CPython <= 3.11's left-to-right sum the last digits differ,
    // which is why the summation is a choice.
    Result<ScaleSimLayerResult> sequential =
        simulateScaleSimLayer(arrayConfig(32, 32, c.dataflow), (*layers)[0], 0);
    EXPECT_EQ(sequential->totalCycles, row->totalCycles);
  }
}

TEST(ScaleSimTest, PublishedV202GemmRuns) {
  // 32x32 ws, M,N,K = 128,128,64: "0, 1775, 0, 57.69, 100.0, 50.59".
  Result<ScaleSimLayerResult> small = simulateScaleSimLayer(
      arrayConfig(32, 32, Dataflow::WeightStationary), gemm(128, 128, 64), 0);
  ASSERT_TRUE(small.isOk());
  EXPECT_EQ(small->totalCycles, 1775);
  EXPECT_EQ(small->stallCycles, 0);
  EXPECT_EQ(fmt::format("{:.2f}", small->overallUtil), "57.69");
  EXPECT_EQ(fmt::format("{:.2f}", small->computeUtil), "50.59");
  EXPECT_EQ(pythonFloat(small->mappingEfficiency), "100.0");
  // M,N,K = 128,2048,512: 3984321 total with 3756994 stall cycles.
  Result<ScaleSimLayerResult> large = simulateScaleSimLayer(
      arrayConfig(32, 32, Dataflow::WeightStationary), gemm(128, 2048, 512), 1);
  ASSERT_TRUE(large.isOk());
  EXPECT_EQ(large->totalCycles, 3984321 - 3756994);
}

TEST(ScaleSimTest, EveryLayerArrayShapeAndDataflowMatchesTheAlgorithm) {
  Result<std::vector<ScaleSimLayer>> alexnet =
      loadScaleSimTopology(inputPath("alexnet.csv"), TopologyFormat::Conv);
  Result<std::vector<ScaleSimLayer>> gemms =
      loadScaleSimTopology(inputPath("gemm_shapes.csv"), TopologyFormat::Gemm);
  ASSERT_TRUE(alexnet.isOk() && gemms.isOk());
  std::vector<ScaleSimLayer> layers = *alexnet;
  layers.insert(layers.end(), gemms->begin(), gemms->end());
  const std::pair<int, int> arrays[] = {{8, 8},   {16, 16}, {32, 32},
                                        {64, 64}, {128, 128}, {32, 64},
                                        {64, 16}, {8, 128},  {128, 24}};
  int checked = 0;
  for (Dataflow dataflow : {Dataflow::OutputStationary,
                            Dataflow::WeightStationary,
                            Dataflow::InputStationary})
    for (auto [rows, cols] : arrays)
      for (const ScaleSimLayer &layer : layers) {
        // The smallest arrays on the biggest os layers run ~10^6 MXU
        // operations; keep the suite fast by skipping those pairs.
        if (dataflow == Dataflow::OutputStationary && rows * cols < 256 &&
            layer.macs() > 100'000'000)
          continue;
        Result<ScaleSimLayerResult> row = simulateScaleSimLayer(
            arrayConfig(rows, cols, dataflow), layer, 0);
        ASSERT_TRUE(row.isOk()) << row.message();
        Reference ref = referenceScaleSim(layer, rows, cols, dataflow,
                                          Summation::Sequential);
        std::string where = fmt::format("{} on {}x{} {}", layer.name, rows,
                                        cols, dataflowName(dataflow));
        EXPECT_EQ(row->totalCycles, ref.totalCycles) << where;
        EXPECT_EQ(row->stallCycles, 0) << where;
        EXPECT_EQ(pythonFloat(row->overallUtil), pythonFloat(ref.overallUtil))
            << where;
        EXPECT_EQ(pythonFloat(row->mappingEfficiency),
                  pythonFloat(ref.mappingEfficiency))
            << where;
        EXPECT_EQ(pythonFloat(row->computeUtil), pythonFloat(ref.computeUtil))
            << where;
        ++checked;
      }
  EXPECT_GT(checked, 200);
}

TEST(ScaleSimTest, TopologyFormsAndDepthwiseLayers) {
  Result<std::vector<ScaleSimLayer>> layers = parseScaleSimTopology(
      "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, "
      "Channels, Num Filter, Strides,\n"
      "Conv1,224,224,11,11,3,96,4,\n"
      "\n"
      "Rect, 30, 20, 3, 5, 2, 4, 2, 3\n"  // separate strides, no trailing comma
      "DP_conv, 14, 14, 3, 3, 3, 1, 1,\n" // depthwise: one layer per channel
      "Dense,7,7,1,1,4,8,1,1:1\n",        // v3's sparsity cell, dense
      "t.csv", TopologyFormat::Conv);
  ASSERT_TRUE(layers.isOk()) << layers.message();
  ASSERT_EQ(layers->size(), 6u);
  EXPECT_EQ((*layers)[0].ofmapHeight(), 55); // ceil((224 - 11 + 4) / 4)
  EXPECT_EQ((*layers)[0].windowSize(), 363);
  EXPECT_EQ((*layers)[1].ofmapHeight(), 15); // ceil((30 - 3 + 2) / 2)
  EXPECT_EQ((*layers)[1].ofmapWidth(), 6);
  EXPECT_EQ((*layers)[2].name, "DP_convChannel_0");
  EXPECT_EQ((*layers)[4].name, "DP_convChannel_2");
  EXPECT_EQ((*layers)[4].channels, 1);
  EXPECT_EQ((*layers)[5].line, 6);

  Result<std::vector<ScaleSimLayer>> gemm = parseScaleSimTopology(
      "Layer, M, N, K,\nQKT, 1024, 1024, 64,\n", "g.csv", TopologyFormat::Gemm);
  ASSERT_TRUE(gemm.isOk());
  EXPECT_EQ((*gemm)[0].ofmapPixels(), 1024);
  EXPECT_EQ((*gemm)[0].windowSize(), 64);
  EXPECT_EQ((*gemm)[0].numFilters, 1024);
}

TEST(ScaleSimTest, InputErrorsNameFileAndLine) {
  struct Case {
    const char *text;
    TopologyFormat format;
    const char *message;
  } topologies[] = {
      {"h\nConv1, 224, 224, 11, 11, 3, 96,\n", TopologyFormat::Conv,
       "t.csv:2: expected 'Layer name, IFMAP Height, IFMAP Width, Filter "
       "Height, Filter Width, Channels, Num Filter, Strides,' (optionally a "
       "second stride for the width), got 7 cell(s)"},
      {"h\n\nConv1, 224, x, 11, 11, 3, 96, 4,\n", TopologyFormat::Conv,
       "t.csv:3: cell 3 ('x') must be an integer in [1, 16777216]"},
      {"h\nBig, 5, 5, 7, 3, 1, 1, 1,\n", TopologyFormat::Conv,
       "t.csv:2: the 7x3 filter is larger than the 5x5 ifmap"},
      {"h\nL, 1, 2,\n", TopologyFormat::Gemm,
       "t.csv:2: expected 'Layer, M, N, K,', got 3 cell(s)"},
      {"h\nL, 8, 8, 8, 2:4,\n", TopologyFormat::Gemm,
       "t.csv:2: sparsity ratio '2:4' is not supported (only dense 1:1 layers)"},
      {"just a header\n", TopologyFormat::Gemm,
       "t.csv: the topology has no layers (the first line is the header)"},
  };
  for (const Case &c : topologies) {
    Result<std::vector<ScaleSimLayer>> r =
        parseScaleSimTopology(c.text, "t.csv", c.format);
    ASSERT_FALSE(r.isOk()) << c.text;
    EXPECT_EQ(r.message(), c.message);
  }
  struct ConfigCase {
    const char *text;
    const char *message;
  } configs[] = {
      {"[general]\nrun_name = r\n", "c.cfg: missing section [architecture_presets]"},
      {"[general]\nrun_name = r\n[architecture_presets]\nArrayHeight: 4\n",
       "c.cfg:4: ArrayHeight = '4': expected an integer in [8, 256]"},
      {"[general]\nrun_name = r\n[architecture_presets]\nArrayHeight: 32\n"
       "ArrayWidth: 32\nIfmapSramSzkB: 64\nFilterSramSzkB: 64\n"
       "OfmapSramSzkB: 64\nDataflow : xs\n",
       "c.cfg:9: Dataflow = 'xs': expected os, ws or is"},
      {"[general]\nrun_name = a/b\n", "c.cfg:2: run_name 'a/b' must be a plain, "
                                      "non-empty directory name"},
      {"[general]\nrun_name = r\n[architecture_presets]\nArrayHeight: 32\n"
       "ArrayWidth: 32\nIfmapSramSzkB: 64\nFilterSramSzkB: 64\n"
       "OfmapSramSzkB: 64\nDataflow : os\n[run_presets]\n"
       "InterfaceBandwidth: FAST\n",
       "c.cfg:11: InterfaceBandwidth = 'FAST': expected USER or CALC"},
  };
  for (const ConfigCase &c : configs) {
    Result<ScaleSimConfig> r = parseScaleSimConfig(c.text, "c.cfg");
    ASSERT_FALSE(r.isOk()) << c.text;
    EXPECT_EQ(r.message(), c.message);
  }
}

TEST(ScaleSimTest, PythonFloatFormatting) {
  EXPECT_EQ(pythonFloat(100.0), "100.0");
  EXPECT_EQ(pythonFloat(94.53125), "94.53125");
  EXPECT_EQ(pythonFloat(0.1), "0.1");
  EXPECT_EQ(pythonFloat(1e-5), "1e-05");
  EXPECT_EQ(pythonFloat(1e16), "1e+16");
  EXPECT_EQ(pythonFloat(123456789012345.0), "123456789012345.0");
  EXPECT_EQ(pythonFloat(0.0), "0.0");
}

TEST(ScaleSimTest, ToolOptionsAndMultiLayerReport) {
  std::string dir = tempDirectory("multi");
  std::string out, err;
  std::string cfg = dir + "/os.cfg";
  std::filesystem::create_directories(dir);
  Result<std::string> base = readTextFile(inputPath("scalesim_32x32_ws.cfg"));
  std::string text = *base;
  text.replace(text.find("Dataflow : ws"), 13, "Dataflow : os");
  text.replace(text.find("CALC"), 4, "USER");
  ASSERT_TRUE(
      writeFile(cfg, std::vector<uint8_t>(text.begin(), text.end())).isOk());
  ASSERT_EQ(runTool({"scalesim", "-c", cfg, "-t", inputPath("gemm_shapes.csv"),
                     "-p", dir + "/out", "-i", "gemm", "--summation",
                     "compensated"},
                    out, err),
            0)
      << err;
  EXPECT_NE(err.find("InterfaceBandwidth is USER"), std::string::npos) << err;
  Result<std::string> report =
      readTextFile(dir + "/out/scale_example_run_32x32_ws/COMPUTE_REPORT.csv");
  ASSERT_TRUE(report.isOk());
  EXPECT_EQ(std::count(report->begin(), report->end(), '\n'), 5);
  EXPECT_EQ(runTool({"scalesim", "-c", cfg, "-t", inputPath("gemm_shapes.csv"),
                     "-p", dir, "--summation", "kahan"},
                    out, err),
            2);
  EXPECT_NE(err.find("--summation expects sequential or compensated, got "
                     "'kahan'"),
            std::string::npos);
  std::filesystem::remove_all(dir);
}
