//===- Stats.h - What a simulation run measured ------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// The counters a run produces: cycles, busy cycles per unit, stalls by cause,
// MACs, HBM and link traffic, and (on request) the timeline of every unit
// operation for the Chrome trace and the MXU operations SCALE-Sim mode folds
// its statistics from. Cycle counts are counts: a run whose last unit
// finishes at the end of cycle 99 took 100 cycles.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_SIMULATOR_SYSTOLIC_STATS_H
#define LOOM_SIMULATOR_SYSTOLIC_STATS_H

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace loom::systolic {

/// Why an instruction or a unit operation started later than it could have.
enum class StallCause {
  FlagWait,          // scalar core: `wait` on a flag not yet raised
  ScalarLoadHazard,  // scalar core: s.ld of VMEM still being written by vst
  DmaQueueFull,      // scalar core: the DMA queue was full
  MxuQueueFull,      // scalar core: an MXU queue was full
  VectorQueueFull,   // scalar core: the vector queue was full
  IciQueueFull,      // scalar core: the link queue was full
  HbmBandwidth,      // DMA: the HBM channel was busy with earlier transfers
  DmaVmemHazard,     // DMA/send: source VMEM still being written by vst
  WeightLoad,        // MXU: matmul.swap waited for its ldw to finish
  MxuOperandHazard,  // MXU: operand VMEM still being written by vst
  MxuResultWait,     // vector unit: pop waited for a matmul to drain
  VectorDependency,  // vector unit: operand register or VMEM not ready
  LinkContention,    // link: a hop waited for a busy link
  Count
};
const char *stallCauseName(StallCause cause);

/// Units of one chip, in report order; MXUs follow kUnitMxu0.
enum UnitIndex : int { kUnitScalar, kUnitDma, kUnitVector, kUnitIci, kUnitMxu0 };
std::string unitName(int unit);

struct UnitStats {
  int64_t operations = 0;
  int64_t busyCycles = 0;
};

struct ChipStats {
  int64_t totalCycles = 0;
  int64_t instructions = 0;
  std::vector<UnitStats> units; // kUnitMxu0 + mxu count entries
  std::array<int64_t, static_cast<size_t>(StallCause::Count)> stalls{};
  int64_t macs = 0;
  int64_t hbmBytesRead = 0;
  int64_t hbmBytesWritten = 0;
  int64_t iciBytesSent = 0;
  int64_t iciBytesReceived = 0;
};

/// One unit operation on the timeline, [start, end) in cycles.
struct TraceEvent {
  int chip;
  int unit;
  std::string name;
  int64_t start;
  int64_t end;
};

/// An MXU operation as the MXU model timed it (SCALE-Sim mode folds its
/// mapping and compute statistics from these).
struct MxuOpRecord {
  enum Kind { LoadWeights, Matmul } kind;
  int mxu;
  int64_t start;
  int64_t end;
  int64_t rows;   // ldw: tile rows (K); matmul: streamed rows
  int64_t cols;   // ldw: tile columns; matmul: active tile columns (N)
  int64_t depth;  // matmul: active tile rows (K)
  bool accumulate;
};

} // namespace loom::systolic

#endif // LOOM_SIMULATOR_SYSTOLIC_STATS_H
