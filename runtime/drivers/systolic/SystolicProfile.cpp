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

std::string jsonString(const std::string &text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (static_cast<unsigned char>(c) < 0x20)
      out += fmt::format("\\u{:04x}", static_cast<int>(c));
    else
      out += c;
  }
  return out + "\"";
}

} // namespace

void SystolicProfile::clear() { *this = SystolicProfile(); }

void SystolicProfile::addLaunch(std::string kernel,
                                SystolicLaunchResult result) {
  int64_t start = cycles;
  cycles += result.stats.totalCycles;
  launches.push_back({std::move(kernel), start, std::move(result)});
}

void SystolicProfile::addCopy(uint64_t bytes) {
  ++copies;
  copiedBytes += bytes;
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
  return out;
}

std::string SystolicProfile::chromeTrace(const systolic::ChipConfig &chip,
                                         int process,
                                         const std::string &processName) const {
  double cyclesPerMicrosecond = chip.frequencyGHz * 1e3;
  std::string out = "{\"displayTimeUnit\": \"ns\", \"traceEvents\": [\n";
  bool first = true;
  auto emit = [&](const std::string &event) {
    out += first ? "  " : ",\n  ";
    out += event;
    first = false;
  };
  auto span = [&](const std::string &name, int thread, int64_t start,
                  int64_t end) {
    emit(fmt::format(
        "{{\"name\": {}, \"ph\": \"X\", \"pid\": {}, \"tid\": "
        "{}, \"ts\": {:.4f}, \"dur\": {:.4f}, \"args\": "
        "{{\"start_cycle\": {}, \"end_cycle\": {}}}}}",
        jsonString(name), process, thread, start / cyclesPerMicrosecond,
        std::max<int64_t>(end - start, 0) / cyclesPerMicrosecond, start, end));
  };
  int units = systolic::kUnitMxu0 + chip.mxu.count;
  int kernelThread = units;
  emit(fmt::format("{{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": {}, "
                   "\"args\": {{\"name\": {}}}}}",
                   process, jsonString(processName)));
  for (int unit = 0; unit <= units; ++unit)
    emit(fmt::format("{{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": "
                     "{}, \"tid\": {}, \"args\": {{\"name\": {}}}}}",
                     process, unit,
                     jsonString(unit == kernelThread
                                    ? std::string("kernels")
                                    : systolic::unitName(unit))));
  for (const Launch &launch : launches) {
    span(launch.kernel, kernelThread, launch.start,
         launch.start + launch.result.stats.totalCycles);
    for (const systolic::TraceEvent &event : launch.result.trace)
      span(event.name, event.unit, launch.start + event.start,
           launch.start + event.end);
  }
  out += "\n]}\n";
  return out;
}

} // namespace loom
