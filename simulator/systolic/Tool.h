//===- Tool.h - The loom-sim command line ------------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// Everything loom-sim does, behind one entry point so that tests can drive
// the command line (arguments, messages, exit codes) without a process.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_SIMULATOR_SYSTOLIC_TOOL_H
#define LOOM_SIMULATOR_SYSTOLIC_TOOL_H

#include <ostream>
#include <string>
#include <vector>

namespace loom::systolic {

/// Exit codes of loom-sim.
enum ToolExit : int { kExitSuccess = 0, kExitFailure = 1, kExitUsage = 2 };

/// Runs `loom-sim ARGS...` (args excludes the program name). Results go to
/// `out`, diagnostics to `err`.
int runLoomSim(const std::vector<std::string> &args, std::ostream &out,
               std::ostream &err);

} // namespace loom::systolic

#endif // LOOM_SIMULATOR_SYSTOLIC_TOOL_H
