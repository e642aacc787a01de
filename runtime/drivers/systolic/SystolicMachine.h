//===- SystolicMachine.h - One simulated chip a device runs on --*- C++ -*-===//
//
// Part of the Loom project.
//
// The systolic device's view of the simulator (simulator/systolic): one chip,
// or for a mesh every chip of the configured torus, whose HBM keeps its
// contents from launch to launch, host reads and writes
// of HBM checked against its size, and launches of a kernel at its entry
// with the calling convention's scalar registers, each returning the
// launch's own counters and, on request, its timeline.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_DRIVERS_SYSTOLIC_SYSTOLICMACHINE_H
#define LOOM_RUNTIME_DRIVERS_SYSTOLIC_SYSTOLICMACHINE_H

#include "runtime/Status.h"
#include "simulator/systolic/Config.h"
#include "simulator/systolic/Isa.h"
#include "simulator/systolic/Stats.h"
#include "simulator/systolic/System.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace loom {

/// What one launch measured.
struct SystolicLaunchResult {
  systolic::ChipStats stats;
  /// The launch's unit operations, cycles counted from its start; empty
  /// unless the machine records traces.
  std::vector<systolic::TraceEvent> trace;
};

class SystolicMachine {
public:
  /// One chip of `config` (a device is one chip, whatever the config's
  /// torus) for programs that use HBM bytes [0, hbmBytes); fails when the
  /// chip's HBM is smaller.
  static Status create(const systolic::ChipConfig &config, uint64_t hbmBytes,
                       const systolic::RunOptions &run,
                       std::unique_ptr<SystolicMachine> &out);
  /// Every chip of `config`'s torus (a mesh, device i on chip i), each for
  /// programs that use HBM bytes [0, hbmBytes).
  static Status createTorus(const systolic::ChipConfig &config,
                            uint64_t hbmBytes, const systolic::RunOptions &run,
                            std::unique_ptr<SystolicMachine> &out);

  ~SystolicMachine();

  int chips() const;

  /// Host access to chip `chip`'s HBM; a range outside it is OutOfRange.
  Status write(uint64_t address, const void *data, uint64_t size, int chip = 0);
  Status read(uint64_t address, void *data, uint64_t size, int chip = 0) const;
  /// An HBM-to-HBM copy on chip `chip` (ranges may overlap).
  Status copy(uint64_t destination, uint64_t source, uint64_t size,
              int chip = 0);

  /// Runs `program` from instruction `entry` to its `halt` with s0 = 0,
  /// s1 = 1 and s2 + i = scalars[i]; every other register, flag and
  /// accumulator zero. A failure is the simulator's message.
  Status launch(const systolic::Program &program, uint32_t entry,
                const std::vector<int64_t> &scalars,
                SystolicLaunchResult &result);
  /// Runs perChip[i] on chip i, all chips together (s0 = chip id, s1 =
  /// chip count), until every chip halted; results[i] is chip i's. A
  /// failure (a deadlock included) is the simulator's message.
  Status launch(const std::vector<systolic::System::ChipLaunch> &perChip,
                std::vector<SystolicLaunchResult> &results);
  /// The last launch's cycles, until its last chip finished.
  int64_t lastLaunchCycles() const;

private:
  SystolicMachine() = default;
  static Status create(const systolic::ChipConfig &config, uint64_t hbmBytes,
                       const systolic::RunOptions &run, bool wholeTorus,
                       std::unique_ptr<SystolicMachine> &out);

  std::unique_ptr<systolic::System> system;
};

} // namespace loom

#endif // LOOM_RUNTIME_DRIVERS_SYSTOLIC_SYSTOLICMACHINE_H
