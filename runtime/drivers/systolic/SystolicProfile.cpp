//===- SystolicProfile.cpp - What a systolic device's run measured --------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/drivers/systolic/SystolicProfile.h"

#include "simulator/systolic/Report.h"

#include <algorithm>

#include <fmt/format.h>

namespace loom {

namespace {

using systolic::ChipStats;
using systolic::StallCause;

/// The counters of several launches added up (totalCycles included).
void accumulate(ChipStats &sum, const ChipStats &stats) {
  sum.totalCycles += stats.totalCycles;
  sum.instructions += stats.instructions;
  sum.macs += stats.macs;
  sum.hbmBytesRead += stats.hbmBytesRead;
  sum.hbmBytesWritten += stats.hbmBytesWritten;
  sum.iciBytesSent += stats.iciBytesSent;
  sum.iciBytesReceived += stats.iciBytesReceived;
  for (size_t s = 0; s < sum.stalls.size(); ++s)
    sum.stalls[s] += stats.stalls[s];
}

std::string stallLine(const ChipStats &stats) {
  std::string line;
  for (size_t s = 0; s < stats.stalls.size(); ++s)
    if (stats.stalls[s])
      line += fmt::format("{}{} {}", line.empty() ? "" : ", ",
                          systolic::stallCauseName(static_cast<StallCause>(s)),
                          stats.stalls[s]);
  return line.empty() ? "none" : line;
}

} // namespace

void SystolicProfile::clear() { *this = SystolicProfile(); }

void SystolicProfile::addLaunch(std::string kernel,
                                SystolicLaunchResult result) {
  int64_t span = result.stats.totalCycles;
  addLaunch(std::move(kernel), std::move(result), span);
}

void SystolicProfile::addLaunch(std::string kernel, SystolicLaunchResult result,
                                int64_t span) {
  int64_t start = cycles;
  cycles += span;
  launches.push_back({std::move(kernel), start, span, std::move(result)});
}

void SystolicProfile::addCopy(uint64_t bytes) {
  ++copies;
  copiedBytes += bytes;
}

void SystolicProfile::addHostLaunch(std::string kernel, uint64_t bytesRead,
                                    uint64_t bytesWritten, double seconds) {
  hostLaunches.push_back({std::move(kernel), bytesRead, bytesWritten, seconds});
}

std::string SystolicProfile::report(const systolic::ChipConfig &chip) const {
  // Kernels in order of their first launch.
  std::vector<std::string> names;
  std::vector<ChipStats> perKernel;
  std::vector<int64_t> counts;
  ChipStats total;
  for (const Launch &launch : launches) {
    size_t k =
        std::find(names.begin(), names.end(), launch.kernel) - names.begin();
    if (k == names.size()) {
      names.push_back(launch.kernel);
      perKernel.emplace_back();
      counts.push_back(0);
    }
    accumulate(perKernel[k], launch.result.stats);
    ++counts[k];
    accumulate(total, launch.result.stats);
  }

  auto micros = [&](int64_t cycleCount) {
    return static_cast<double>(cycleCount) / (chip.frequencyGHz * 1e3);
  };
  size_t width = 6;
  for (const std::string &name : names)
    width = std::max(width, name.size());
  std::string out = fmt::format(
      "systolic profile: {} launch{}, {} cycles ({:.3f} us at {} GHz); {} "
      "cop{} of {} bytes on the host\n",
      launches.size(), launches.size() == 1 ? "" : "es", total.totalCycles,
      micros(total.totalCycles), chip.frequencyGHz, copies,
      copies == 1 ? "y" : "ies", copiedBytes);
  out += fmt::format("{:<{}} {:>8} {:>12} {:>12} {:>9} {:>14} {:>12} {:>12}\n",
                     "kernel", width, "launches", "cycles", "time (us)",
                     "MXU util", "MACs", "HBM read", "HBM written");
  auto row = [&](const std::string &name, int64_t count,
                 const ChipStats &stats) {
    double utilization = systolic::mxuUtilization(stats, chip.mxu.count,
                                                  chip.mxu.rows, chip.mxu.cols);
    out += fmt::format(
        "{:<{}} {:>8} {:>12} {:>12.3f} {:>8.2f}% {:>14} {:>12} {:>12}\n", name,
        width, count, stats.totalCycles, micros(stats.totalCycles),
        100.0 * utilization, stats.macs, stats.hbmBytesRead,
        stats.hbmBytesWritten);
    out += fmt::format("{:<{}}   stalls (cycles): {}\n", "", width,
                       stallLine(stats));
  };
  for (size_t k = 0; k < names.size(); ++k)
    row(names[k], counts[k], perKernel[k]);
  row("total", static_cast<int64_t>(launches.size()), total);
  if (!hostLaunches.empty())
    out += hostReport();
  return out;
}

std::string SystolicProfile::hostReport() const {
  std::vector<HostLaunch> perKernel;
  std::vector<int64_t> counts;
  HostLaunch total;
  for (const HostLaunch &launch : hostLaunches) {
    size_t k = std::find_if(perKernel.begin(), perKernel.end(),
                            [&](const HostLaunch &kernel) {
                              return kernel.kernel == launch.kernel;
                            }) -
               perKernel.begin();
    if (k == perKernel.size()) {
      perKernel.push_back({launch.kernel});
      counts.push_back(0);
    }
    for (HostLaunch *sum : {&perKernel[k], &total}) {
      sum->bytesRead += launch.bytesRead;
      sum->bytesWritten += launch.bytesWritten;
      sum->seconds += launch.seconds;
    }
    ++counts[k];
  }
  size_t width = 11;
  for (const HostLaunch &kernel : perKernel)
    width = std::max(width, kernel.kernel.size());
  std::string out = fmt::format(
      "host fallback: {} launch{} of kernels the chip cannot run, on the host "
      "CPU (not in the chip's cycles); {} bytes read from HBM, {} bytes "
      "written back\n",
      hostLaunches.size(), hostLaunches.size() == 1 ? "" : "es",
      total.bytesRead, total.bytesWritten);
  out += fmt::format("{:<{}} {:>8} {:>14} {:>14} {:>14}\n", "host kernel",
                     width, "launches", "HBM read", "HBM written",
                     "host time (us)");
  auto row = [&](const std::string &name, int64_t count,
                 const HostLaunch &sums) {
    out += fmt::format("{:<{}} {:>8} {:>14} {:>14} {:>14.1f}\n", name, width,
                       count, sums.bytesRead, sums.bytesWritten,
                       sums.seconds * 1e6);
  };
  for (size_t k = 0; k < perKernel.size(); ++k)
    row(perKernel[k].kernel, counts[k], perKernel[k]);
  row("total", static_cast<int64_t>(hostLaunches.size()), total);
  return out;
}

std::string
SystolicProfile::meshReport(const std::vector<SystolicProfile> &chips,
                            const systolic::ChipConfig &chip) {
  const SystolicProfile &first = chips.front();
  // Kernels in order of their first launch; every chip has the same
  // launches, so chip 0's spans are the mesh's.
  std::vector<std::string> names;
  std::vector<ChipStats> perKernel;
  std::vector<int64_t> counts, spans;
  ChipStats total;
  for (size_t l = 0; l < first.launches.size(); ++l) {
    const Launch &launch = first.launches[l];
    size_t k =
        std::find(names.begin(), names.end(), launch.kernel) - names.begin();
    if (k == names.size()) {
      names.push_back(launch.kernel);
      perKernel.emplace_back();
      counts.push_back(0);
      spans.push_back(0);
    }
    ++counts[k];
    spans[k] += launch.span;
    for (const SystolicProfile &profile : chips) {
      accumulate(perKernel[k], profile.launches[l].result.stats);
      accumulate(total, profile.launches[l].result.stats);
    }
  }

  auto micros = [&](int64_t cycleCount) {
    return static_cast<double>(cycleCount) / (chip.frequencyGHz * 1e3);
  };
  auto utilization = [&](const ChipStats &stats, int64_t cycleCount,
                         size_t chipCount) {
    ChipStats over = stats;
    over.totalCycles = cycleCount * static_cast<int64_t>(chipCount);
    return 100.0 * systolic::mxuUtilization(over, chip.mxu.count, chip.mxu.rows,
                                            chip.mxu.cols);
  };
  auto linkStalls = [](const ChipStats &stats) {
    return stats.stalls[static_cast<size_t>(StallCause::LinkContention)];
  };
  size_t width = 7;
  for (const std::string &name : names)
    width = std::max(width, name.size());
  uint64_t copies = 0, copiedBytes = 0;
  for (const SystolicProfile &profile : chips) {
    copies += profile.copies;
    copiedBytes += profile.copiedBytes;
  }
  std::string out = fmt::format(
      "systolic profile: {} chips, {} launch{}, {} cycles ({:.3f} us at {} "
      "GHz); {} cop{} of {} bytes on the host\n",
      chips.size(), first.launches.size(),
      first.launches.size() == 1 ? "" : "es", first.cycles,
      micros(first.cycles), chip.frequencyGHz, copies,
      copies == 1 ? "y" : "ies", copiedBytes);
  std::string columns =
      fmt::format("{:>12} {:>12} {:>9} {:>14} {:>12} {:>12} {:>12} {:>12}\n",
                  "cycles", "time (us)", "MXU util", "MACs", "HBM read",
                  "HBM written", "link bytes", "link stall");
  auto row = [&](const ChipStats &stats, int64_t cycleCount, size_t chipCount) {
    return fmt::format(
        "{:>12} {:>12.3f} {:>8.2f}% {:>14} {:>12} {:>12} {:>12} {:>12}\n",
        cycleCount, micros(cycleCount),
        utilization(stats, cycleCount, chipCount), stats.macs,
        stats.hbmBytesRead, stats.hbmBytesWritten, stats.iciBytesSent,
        linkStalls(stats));
  };
  out += fmt::format("{:<{}} {:>8} ", "kernel", width, "launches") + columns;
  for (size_t k = 0; k < names.size(); ++k)
    out += fmt::format("{:<{}} {:>8} ", names[k], width, counts[k]) +
           row(perKernel[k], spans[k], chips.size());
  out += fmt::format("{:<{}} {:>8} ", "total", width, first.launches.size()) +
         row(total, first.cycles, chips.size());
  out += fmt::format("{:<{}} {:>8} ", "chip", width, "") + columns;
  for (size_t c = 0; c < chips.size(); ++c) {
    ChipStats stats;
    for (const Launch &launch : chips[c].launches)
      accumulate(stats, launch.result.stats);
    out +=
        fmt::format("{:<{}} {:>8} ", "chip " + std::to_string(c), width, "") +
        row(stats, stats.totalCycles, 1);
    out += fmt::format("{:<{}}   stalls (cycles): {}\n", "", width,
                       stallLine(stats));
  }
  return out;
}

std::string SystolicProfile::chromeTrace(const systolic::ChipConfig &chip,
                                         int process,
                                         const std::string &processName) const {
  TraceRecorder trace;
  record(trace, chip, process, processName, 0);
  return trace.json();
}

std::string
SystolicProfile::meshChromeTrace(const std::vector<SystolicProfile> &chips,
                                 const systolic::ChipConfig &chip) {
  TraceRecorder trace;
  for (size_t c = 0; c < chips.size(); ++c)
    chips[c].record(trace, chip, static_cast<int>(c),
                    "systolic chip " + std::to_string(c), 0);
  return trace.json();
}

void SystolicProfile::record(TraceRecorder &trace,
                             const systolic::ChipConfig &chip, int process,
                             const std::string &processName,
                             double originUs) const {
  double cyclesPerMicrosecond = chip.frequencyGHz * 1e3;
  auto span = [&](const std::string &name, int thread, int64_t start,
                  int64_t end) {
    trace.span("simulated", name, process, thread,
               originUs + start / cyclesPerMicrosecond,
               originUs + std::max(start, end) / cyclesPerMicrosecond,
               {TraceArg("start_cycle", static_cast<double>(start)),
                TraceArg("end_cycle", static_cast<double>(end))});
  };
  int units = systolic::kUnitMxu0 + chip.mxu.count;
  int kernelThread = units;
  trace.nameProcess(process, processName);
  for (int unit = 0; unit <= units; ++unit)
    trace.nameThread(process, unit,
                     unit == kernelThread ? std::string("kernels")
                                          : systolic::unitName(unit));
  for (const Launch &launch : launches) {
    span(launch.kernel, kernelThread, launch.start,
         launch.start + launch.result.stats.totalCycles);
    for (const systolic::TraceEvent &event : launch.result.trace)
      span(event.name, event.unit, launch.start + event.start,
           launch.start + event.end);
  }
}

} // namespace loom
