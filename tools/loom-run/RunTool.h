//===- RunTool.h - The loom-run command line ----------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// loom-run loads an artifact, binds its inputs from .npy files or literals,
// runs its CPU program, and writes, prints or checks the outputs; it can
// also time repeated runs. docs/tools.md describes the options. It depends
// on the runtime only, like every program that runs models without
// compiling them.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TOOLS_LOOMRUN_RUNTOOL_H
#define LOOM_TOOLS_LOOMRUN_RUNTOOL_H

#include <ostream>
#include <string>
#include <vector>

namespace loom::runner {

/// Runs loom-run with `args` (argv without the program name). Results go to
/// `out`; every error is one line on `err`. Returns the exit code: 0, or 1
/// for any error or an output outside the expected tolerance.
int runLoomRun(const std::vector<std::string> &args, std::ostream &out,
               std::ostream &err);

} // namespace loom::runner

#endif // LOOM_TOOLS_LOOMRUN_RUNTOOL_H
