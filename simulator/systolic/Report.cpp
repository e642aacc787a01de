//===- Report.cpp - Human-readable run report and Chrome trace -------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Report.h"

#include "simulator/systolic/System.h"

#include <algorithm>

#include <fmt/format.h>

namespace loom::systolic {

double mxuUtilization(const ChipStats &stats, int mxuCount, int rows,
                      int cols) {
  double capacity = static_cast<double>(stats.totalCycles) * mxuCount * rows *
                    cols;
  return capacity > 0 ? static_cast<double>(stats.macs) / capacity : 0.0;
}

std::string formatReport(const System &system) {
  const ChipConfig &config = system.config();
  int64_t total = system.totalCycles();
  double microseconds = static_cast<double>(total) / (config.frequencyGHz * 1e3);
  std::string out = fmt::format(
      "total cycles: {} ({:.3f} us at {} GHz), {} chip(s) on a {} torus\n",
      total, microseconds, config.frequencyGHz, system.numChips(),
      torusName(config.ici.torus));
  std::vector<ChipStats> all = system.stats();
  for (size_t c = 0; c < all.size(); ++c) {
    const ChipStats &stats = all[c];
    double seconds = static_cast<double>(stats.totalCycles) /
                     (config.frequencyGHz * 1e9);
    out += fmt::format("chip {}: {} cycles, {} instructions\n", c,
                       stats.totalCycles, stats.instructions);
    out += "  unit      ops          busy cycles   busy %\n";
    for (size_t u = 0; u < stats.units.size(); ++u) {
      const UnitStats &unit = stats.units[u];
      double percent = stats.totalCycles
                           ? 100.0 * unit.busyCycles / stats.totalCycles
                           : 0.0;
      out += fmt::format("  {:<8} {:>10} {:>14} {:>8.2f}\n",
                         unitName(static_cast<int>(u)), unit.operations,
                         unit.busyCycles, percent);
    }
    out += fmt::format("  MACs: {}, MXU utilization: {:.2f}%\n", stats.macs,
                       100.0 * mxuUtilization(stats, config.mxu.count,
                                              config.mxu.rows, config.mxu.cols));
    double hbmBytes =
        static_cast<double>(stats.hbmBytesRead + stats.hbmBytesWritten);
    out += fmt::format(
        "  HBM: {} bytes read, {} bytes written, {:.2f} GB/s average\n",
        stats.hbmBytesRead, stats.hbmBytesWritten,
        seconds > 0 ? hbmBytes / seconds / 1e9 : 0.0);
    if (stats.iciBytesSent || stats.iciBytesReceived)
      out += fmt::format("  links: {} bytes sent, {} bytes received\n",
                         stats.iciBytesSent, stats.iciBytesReceived);
    bool any = false;
    for (size_t s = 0; s < stats.stalls.size(); ++s)
      if (stats.stalls[s]) {
        if (!any)
          out += "  stalls (cycles by cause):\n";
        any = true;
        out += fmt::format("    {:<32} {:>12}\n",
                           stallCauseName(static_cast<StallCause>(s)),
                           stats.stalls[s]);
      }
    if (!any)
      out += "  stalls: none\n";
  }
  return out;
}

/// JSON string escaping for names (mnemonics never need more than this).
static std::string jsonString(const std::string &text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string formatChromeTrace(const System &system) {
  double cyclesPerMicrosecond = system.config().frequencyGHz * 1e3;
  std::string out = "{\"displayTimeUnit\": \"ns\", \"traceEvents\": [\n";
  bool first = true;
  auto emit = [&](const std::string &event) {
    out += first ? "  " : ",\n  ";
    out += event;
    first = false;
  };
  int units = kUnitMxu0 + system.config().mxu.count;
  for (int chip = 0; chip < system.numChips(); ++chip) {
    emit(fmt::format("{{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": "
                     "{}, \"args\": {{\"name\": \"chip {}\"}}}}",
                     chip, chip));
    for (int unit = 0; unit < units; ++unit)
      emit(fmt::format("{{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": "
                       "{}, \"tid\": {}, \"args\": {{\"name\": {}}}}}",
                       chip, unit, jsonString(unitName(unit))));
  }
  for (const TraceEvent &event : system.trace())
    emit(fmt::format("{{\"name\": {}, \"ph\": \"X\", \"pid\": {}, \"tid\": {}, "
                     "\"ts\": {:.4f}, \"dur\": {:.4f}, \"args\": "
                     "{{\"start_cycle\": {}, \"end_cycle\": {}}}}}",
                     jsonString(event.name), event.chip, event.unit,
                     event.start / cyclesPerMicrosecond,
                     std::max<int64_t>(event.end - event.start, 0) /
                         cyclesPerMicrosecond,
                     event.start, event.end));
  out += "\n]}\n";
  return out;
}

} // namespace loom::systolic
