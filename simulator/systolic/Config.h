//===- Config.h - Architecture of the simulated systolic chip ----*- C++ -*-===//
//
// Part of the Loom project.
//
// The machine Loom's systolic backend targets, as plain data. The defaults
// model one TPU v4 TensorCore: four 128x128 bf16 MXUs with f32 accumulators,
// 1.05 GHz, 32 MiB of VMEM, an 8x128-lane f32 vector unit with 32 registers,
// HBM at 1200 GB/s with ~500 cycles of latency, and six inter-chip links of
// 45 GB/s each way with ~1 us per hop. Every field can be overridden by an INI
// file (docs/systolic.md lists the keys); parsing checks ranges and reports
// `file:line:` for anything wrong.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_SIMULATOR_SYSTOLIC_CONFIG_H
#define LOOM_SIMULATOR_SYSTOLIC_CONFIG_H

#include "runtime/Result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loom::systolic {

/// Which operand stays in the array while the other streams through it.
enum class Dataflow { WeightStationary, OutputStationary, InputStationary };

/// "ws", "os" or "is", the spelling SCALE-Sim and the config files use.
std::string_view dataflowName(Dataflow dataflow);
bool parseDataflow(std::string_view text, Dataflow &dataflow);

struct MxuConfig {
  int count = 4;
  int rows = 128;
  int cols = 128;
  Dataflow dataflow = Dataflow::WeightStationary;
  /// Rows of f32 accumulators per MXU, each `cols` wide.
  int64_t accumulatorRows = 4096;
  /// Loom's full model loads the next weights while the array computes and
  /// pipelines back-to-back matmuls; SCALE-Sim's model does neither.
  bool overlapWeightLoad = true;
};

struct VectorConfig {
  int sublanes = 8;
  int lanes = 128;
  int registers = 32;
  int loadLatency = 2;
  int aluLatency = 2;
  int transcendentalLatency = 4;
  int crossLaneLatency = 4;
};

struct HbmConfig {
  int64_t bytes = int64_t(32) << 30;
  double bandwidthGBps = 1200.0;
  int64_t latencyCycles = 500;
  /// Every DMA address, row size and stride must be a multiple of this.
  int64_t dmaAlignment = 4;
  /// HBM moves whole bursts: a DMA row occupies the channel for its size
  /// rounded up to a multiple of this.
  int64_t burstBytes = 32;
};

struct IciConfig {
  int links = 6;
  double linkBandwidthGBps = 45.0; // each way
  double hopLatencyNs = 1000.0;
  /// Torus extent per dimension: {n} is a ring, {x, y} and {x, y, z} tori.
  std::vector<int> torus = {1};
};

struct ChipConfig {
  double frequencyGHz = 1.05;
  /// Operations a unit's queue holds before the scalar core must wait.
  int queueDepth = 16;
  int64_t vmemBytes = int64_t(32) << 20;
  MxuConfig mxu;
  VectorConfig vector;
  HbmConfig hbm;
  IciConfig ici;

  int numChips() const;
  double hbmBytesPerCycle() const {
    return hbm.bandwidthGBps / frequencyGHz;
  }
  double linkBytesPerCycle() const {
    return ici.linkBandwidthGBps / frequencyGHz;
  }
  int64_t hopLatencyCycles() const;
  /// Parallel links per direction of each torus dimension.
  int linksPerDirection() const;
  /// Checks the cross-field constraints; single fields are checked on parse.
  Status validate() const;
};

/// Parses a config file's text over the defaults.
Result<ChipConfig> parseChipConfig(std::string_view text,
                                   const std::string &path);
Result<ChipConfig> loadChipConfig(const std::string &path);

/// "4x2" style spelling of a torus, and its parser ("8", "2x2", "2x2x2").
std::string torusName(const std::vector<int> &torus);
bool parseTorus(std::string_view text, std::vector<int> &torus);

/// The chip as a config file, every key present (the documented defaults
/// when called on a default ChipConfig).
std::string formatChipConfig(const ChipConfig &config);

} // namespace loom::systolic

#endif // LOOM_SIMULATOR_SYSTOLIC_CONFIG_H
