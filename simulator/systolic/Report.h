//===- Report.h - Human-readable run report and Chrome trace -----*- C++ -*-===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_SIMULATOR_SYSTOLIC_REPORT_H
#define LOOM_SIMULATOR_SYSTOLIC_REPORT_H

#include "simulator/systolic/Stats.h"

#include <string>

namespace loom::systolic {

class System;

/// MACs over the cycles the MXUs could have computed in (all of them).
double mxuUtilization(const ChipStats &stats, int mxuCount, int rows, int cols);

/// Total cycles and time; per chip: busy cycles per unit, MXU utilization,
/// HBM bytes and bandwidth, link bytes, and stalls by cause.
std::string formatReport(const System &system);

/// The run's unit operations as Chrome trace-event JSON (chrome://tracing,
/// Perfetto): one process per chip, one thread per unit, times in
/// microseconds at the chip's clock. Empty trace unless the run recorded one.
std::string formatChromeTrace(const System &system);

} // namespace loom::systolic

#endif // LOOM_SIMULATOR_SYSTOLIC_REPORT_H
