//===- ScaleSimInput.h - SCALE-Sim v2 config and topology files --*- C++ -*-===//
//
// Part of the Loom project.
//
// Readers for the two inputs of SCALE-Sim v2 (scalesim-project/scale-sim-v2):
// its INI .cfg file and its topology CSVs, in the conv form (Layer name,
// IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num
// Filter, Strides) and the GEMM form (Layer, M, N, K). They interpret the
// files as SCALE-Sim does: a GEMM M x K by K x N becomes a conv with an M x K
// ifmap, a 1 x K filter, one channel and N filters; a layer whose name
// contains "DP" (depthwise) becomes one single-channel layer per channel; an
// ofmap side is ceil((ifmap - filter + stride) / stride). They are stricter
// about malformed rows, which SCALE-Sim only meets with a Python traceback.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_SIMULATOR_SYSTOLIC_SCALESIMINPUT_H
#define LOOM_SIMULATOR_SYSTOLIC_SCALESIMINPUT_H

#include "runtime/Result.h"
#include "simulator/systolic/Config.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loom::systolic {

struct ScaleSimConfig {
  std::string path;
  std::string runName;
  int arrayRows = 0;
  int arrayCols = 0;
  int64_t ifmapSramKB = 0, filterSramKB = 0, ofmapSramKB = 0;
  int64_t ifmapOffset = 0, filterOffset = 10000000, ofmapOffset = 20000000;
  Dataflow dataflow = Dataflow::WeightStationary;
  /// InterfaceBandwidth: USER (true) or CALC. Loom simulates both without
  /// memory stalls (see docs/systolic.md); USER bandwidths are still parsed.
  bool userBandwidth = false;
  std::vector<int64_t> bandwidths;
};

Result<ScaleSimConfig> parseScaleSimConfig(std::string_view text,
                                           const std::string &path);
Result<ScaleSimConfig> loadScaleSimConfig(const std::string &path);

struct ScaleSimLayer {
  std::string name;
  int line = 0; // in the topology file
  int64_t ifmapHeight = 0, ifmapWidth = 0, filterHeight = 0, filterWidth = 0,
          channels = 0, numFilters = 0, strideHeight = 1, strideWidth = 1;

  int64_t ofmapHeight() const {
    return (ifmapHeight - filterHeight + 2 * strideHeight - 1) / strideHeight;
  }
  int64_t ofmapWidth() const {
    return (ifmapWidth - filterWidth + 2 * strideWidth - 1) / strideWidth;
  }
  /// Output pixels of one filter: the M of the layer's GEMM.
  int64_t ofmapPixels() const { return ofmapHeight() * ofmapWidth(); }
  /// The K of the layer's GEMM.
  int64_t windowSize() const { return filterHeight * filterWidth * channels; }
  int64_t macs() const { return ofmapPixels() * windowSize() * numFilters; }
};

enum class TopologyFormat { Conv, Gemm };

Result<std::vector<ScaleSimLayer>>
parseScaleSimTopology(std::string_view text, const std::string &path,
                      TopologyFormat format);
Result<std::vector<ScaleSimLayer>>
loadScaleSimTopology(const std::string &path, TopologyFormat format);

} // namespace loom::systolic

#endif // LOOM_SIMULATOR_SYSTOLIC_SCALESIMINPUT_H
