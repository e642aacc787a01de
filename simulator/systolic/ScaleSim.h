//===- ScaleSim.h - SCALE-Sim-compatible layer simulation --------*- C++ -*-===//
//
// Part of the Loom project.
//
// SCALE-Sim mode maps each layer the way SCALE-Sim v2 does and runs the
// resulting program on a one-MXU chip of the configured array and dataflow:
//   ws: the K x N filter matrix is cut into R x C weight tiles (column folds
//       outer, row folds inner); each is loaded, then all M ifmap rows
//       stream through it;
//   is: the same with the roles of ifmap and filter swapped (K x M ifmap
//       tiles stay, the N filters stream);
//   os: M x N is cut into R x C output tiles; each accumulates the whole K
//       dimension, streamed in chunks of at most R.
// The chip does not overlap weight loads with compute and its operands are
// already in VMEM (SCALE-Sim's stall-free, unlimited-bandwidth case). The
// run is timing-only: SCALE-Sim's operands carry no values.
//
// The report follows SCALE-Sim's conventions exactly, measured from the
// MXU operations the run timed:
//   Total Cycles   the index of the last array cycle: cycles - 1;
//   Stall Cycles   array cycles lost to memory (0 here, as in SCALE-Sim's
//                  CALC mode);
//   Overall Util % MACs * 100 / (Total Cycles * R * C);
//   Mapping Efficiency %  mean over folds of used PEs / (R * C);
//   Compute Util % mean over folds of used PEs * T / (R * C * F), where F is
//                  the fold's cycles, plus C - 1 for ws and is (SCALE-Sim
//                  measures the skewed filter demand matrix there).
// The means are Python's sum() over the folds divided by their count, and
// sum() itself changed in CPython 3.12 (Neumaier-compensated instead of
// left-to-right), which moves the last digits: SCALE-Sim's own goldens were
// made with both. Summation picks which one to reproduce.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_SIMULATOR_SYSTOLIC_SCALESIM_H
#define LOOM_SIMULATOR_SYSTOLIC_SCALESIM_H

#include "runtime/Result.h"
#include "simulator/systolic/Config.h"
#include "simulator/systolic/Isa.h"
#include "simulator/systolic/ScaleSimInput.h"

#include <cstdint>
#include <string>
#include <vector>

namespace loom::systolic {

struct ScaleSimLayerResult {
  int layerId = 0;
  std::string name;
  int64_t totalCycles = 0; // SCALE-Sim's convention: last cycle index
  int64_t stallCycles = 0;
  double overallUtil = 0;       // percent
  double mappingEfficiency = 0; // percent
  double computeUtil = 0;       // percent
  int64_t folds = 0;
  int64_t macs = 0;
};

/// How SCALE-Sim's Python averaged the per-fold ratios.
enum class Summation {
  Sequential,  // CPython <= 3.11: left to right
  Compensated, // CPython >= 3.12: Neumaier's compensated sum
};

struct ScaleSimOptions {
  /// Loom's overlapped MXU (weight loads hidden behind compute, pipelined
  /// matmuls) instead of SCALE-Sim's serial one.
  bool fullModel = false;
  Summation summation = Summation::Sequential;
};

/// The chip a layer runs on: one MXU of the config's array and dataflow,
/// enough VMEM and accumulator rows for the layer's operands. `fullModel`
/// selects Loom's overlapped MXU instead of SCALE-Sim's serial one.
Result<ChipConfig> scaleSimChipConfig(const ScaleSimConfig &config,
                                      const ScaleSimLayer &layer,
                                      bool fullModel);

/// The layer's program in SCALE-Sim's mapping (see the file comment).
Program scaleSimProgram(const ScaleSimConfig &config,
                        const ScaleSimLayer &layer);

/// Generates, runs and measures one layer.
Result<ScaleSimLayerResult>
simulateScaleSimLayer(const ScaleSimConfig &config, const ScaleSimLayer &layer,
                      int layerId, const ScaleSimOptions &options = {});

/// sum(values) as CPython computes it under `summation`.
double pythonSum(const std::vector<double> &values, Summation summation);

/// COMPUTE_REPORT.csv text, byte for byte as SCALE-Sim writes it.
std::string formatComputeReport(const std::vector<ScaleSimLayerResult> &rows);

/// Writes OUTDIR/<run_name>/COMPUTE_REPORT.csv, creating the directories.
Status writeComputeReport(const std::string &outputDirectory,
                          const ScaleSimConfig &config,
                          const std::vector<ScaleSimLayerResult> &rows);

/// A double as Python's str() prints it (shortest round-trip digits, ".0"
/// on integral values, exponent form outside [1e-4, 1e16)).
std::string pythonFloat(double value);

} // namespace loom::systolic

#endif // LOOM_SIMULATOR_SYSTOLIC_SCALESIM_H
