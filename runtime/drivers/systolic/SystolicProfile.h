//===- SystolicProfile.h - What a systolic run measured ---------*- C++ -*-===//
//
// Part of the Loom project.
//
// The launches of one run, in order, each with the simulator's counters
// (and its timeline when traces are recorded), folded into a report per
// kernel and a Chrome trace over the whole run. Launches run back to back:
// launch n starts at the cycle launch n - 1 ended. Copy commands move HBM
// bytes on the host and take no simulated time; the report counts them.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_DRIVERS_SYSTOLIC_SYSTOLICPROFILE_H
#define LOOM_RUNTIME_DRIVERS_SYSTOLIC_SYSTOLICPROFILE_H

#include "runtime/drivers/systolic/SystolicMachine.h"
#include "simulator/systolic/Config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace loom {

class SystolicProfile {
public:
  void clear();
  void addLaunch(std::string kernel, SystolicLaunchResult result);
  void addCopy(uint64_t bytes);

  bool empty() const { return launches.empty() && copies == 0; }

  /// Per kernel, in order of first launch: launches, cycles, simulated
  /// time, MXU utilization, MACs, HBM bytes read and written, and stalls by
  /// cause; then the total over the run.
  std::string report(const systolic::ChipConfig &chip) const;

  /// The run as Chrome trace-event JSON (chrome://tracing, Perfetto): one
  /// process `process` named `processName`, a thread per unit plus one
  /// "kernels" thread with a span per launch, times in microseconds.
  std::string chromeTrace(const systolic::ChipConfig &chip, int process,
                          const std::string &processName) const;

private:
  struct Launch {
    std::string kernel;
    int64_t start = 0;
    SystolicLaunchResult result;
  };
  std::vector<Launch> launches;
  int64_t cycles = 0;
  uint64_t copies = 0, copiedBytes = 0;
};

} // namespace loom

#endif // LOOM_RUNTIME_DRIVERS_SYSTOLIC_SYSTOLICPROFILE_H
