//===- SystolicProfile.h - What a systolic run measured ---------*- C++ -*-===//
//
// Part of the Loom project.
//
// The launches of one run, in order, each with the simulator's counters
// (and its timeline when traces are recorded), folded into a report per
// kernel and a Chrome trace over the whole run. Launches run back to back:
// launch n starts at the cycle launch n - 1 ended. Copy commands move HBM
// bytes on the host and take no simulated time; the report counts them. A
// mesh run keeps one profile per chip, its launches in lockstep: launch n
// starts on every chip when launch n - 1 ended on the last one.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_DRIVERS_SYSTOLIC_SYSTOLICPROFILE_H
#define LOOM_RUNTIME_DRIVERS_SYSTOLIC_SYSTOLICPROFILE_H

#include "runtime/drivers/systolic/SystolicMachine.h"
#include "simulator/systolic/Config.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace loom {

class SystolicProfile {
public:
  void clear();
  void addLaunch(std::string kernel, SystolicLaunchResult result);
  /// A launch of a mesh that took `span` cycles (until its last chip
  /// finished), of which `result` is this chip's part; the next launch
  /// starts `span` cycles later.
  void addLaunch(std::string kernel, SystolicLaunchResult result, int64_t span);
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

  /// A mesh run from each chip's profile (chip i's at index i, all with
  /// the same launches): per kernel the launches' cycles (each until its
  /// last chip finished), MXU utilization over all chips, and the chips'
  /// MACs, HBM bytes, link bytes sent and link stall cycles added up; the
  /// total; then per chip its busy cycles (each launch until it finished),
  /// MACs, HBM and link bytes and stalls by cause.
  static std::string meshReport(const std::vector<SystolicProfile> &chips,
                                const systolic::ChipConfig &chip);
  /// A mesh run as one Chrome trace: a process per chip ("systolic chip N").
  static std::string meshChromeTrace(const std::vector<SystolicProfile> &chips,
                                     const systolic::ChipConfig &chip);

private:
  struct Launch {
    std::string kernel;
    int64_t start = 0;
    int64_t span = 0;
    SystolicLaunchResult result;
  };
  /// Appends this run's trace events, as process `process`, through `emit`.
  void traceEvents(const systolic::ChipConfig &chip, int process,
                   const std::string &processName,
                   const std::function<void(const std::string &)> &emit) const;

  std::vector<Launch> launches;
  int64_t cycles = 0;
  uint64_t copies = 0, copiedBytes = 0;
};

} // namespace loom

#endif // LOOM_RUNTIME_DRIVERS_SYSTOLIC_SYSTOLICPROFILE_H
