//===- SystolicProfile.h - What a systolic run measured ---------*- C++ -*-===//
//
// Part of the Loom project.
//
// The launches of one run, in order, each with the simulator's counters
// (and its timeline when traces are recorded), folded into a report per
// kernel and a Chrome trace over the whole run. Launches run back to back:
// launch n starts at the cycle launch n - 1 ended. Copy commands move HBM
// bytes on the host and take no simulated time; the report counts them, and
// so are the launches of kernels placed on the host (host fallback), which
// the report lists apart from the chip's. A
// mesh run keeps one profile per chip, its launches in lockstep: launch n
// starts on every chip when launch n - 1 ended on the last one.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_DRIVERS_SYSTOLIC_SYSTOLICPROFILE_H
#define LOOM_RUNTIME_DRIVERS_SYSTOLIC_SYSTOLICPROFILE_H

#include "runtime/drivers/systolic/SystolicMachine.h"
#include "runtime/trace/Trace.h"
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
  /// A launch of a kernel placed on the host (host fallback): it takes no
  /// chip cycles; the report lists it apart with the HBM bytes it read and
  /// wrote back and its time on the host.
  void addHostLaunch(std::string kernel, uint64_t bytesRead,
                     uint64_t bytesWritten, double seconds);

  bool empty() const {
    return launches.empty() && copies == 0 && hostLaunches.empty();
  }

  /// Per kernel, in order of first launch: launches, cycles, simulated
  /// time, MXU utilization, MACs, HBM bytes read and written, and stalls by
  /// cause; then the total over the run; then, when some kernels ran on the
  /// host, each of those with its launches, the bytes moved between HBM and
  /// the host and its host time, and their total.
  std::string report(const systolic::ChipConfig &chip) const;

  /// The run as Chrome trace-event JSON (chrome://tracing, Perfetto): one
  /// process `process` named `processName`, a thread per unit plus one
  /// "kernels" thread with a span per launch, times in simulated
  /// microseconds (record()).
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

  /// Records the run into `trace` as process `process` named
  /// `processName`: a thread per unit of the chip with a span per unit
  /// operation, and a "kernels" thread with a span per launch (category
  /// "simulated", args start_cycle and end_cycle). Times are simulated:
  /// cycles at the chip's clock in microseconds, from `originUs`.
  void record(TraceRecorder &trace, const systolic::ChipConfig &chip,
              int process, const std::string &processName,
              double originUs) const;

private:
  /// The host fallback's part of report().
  std::string hostReport() const;

  struct Launch {
    std::string kernel;
    int64_t start = 0;
    int64_t span = 0;
    SystolicLaunchResult result;
  };
  struct HostLaunch {
    std::string kernel;
    uint64_t bytesRead = 0, bytesWritten = 0;
    double seconds = 0;
  };

  std::vector<Launch> launches;
  std::vector<HostLaunch> hostLaunches;
  int64_t cycles = 0;
  uint64_t copies = 0, copiedBytes = 0;
};

} // namespace loom

#endif // LOOM_RUNTIME_DRIVERS_SYSTOLIC_SYSTOLICPROFILE_H
