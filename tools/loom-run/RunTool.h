//===- RunTool.h - The loom-run command line ----------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// loom-run loads an artifact, binds its inputs from .npy files or literals,
// runs its programs (every device of a multi-device artifact, in process or
// shared with the other ranks of an MPI job), and writes, prints or checks the outputs; it can
// also time repeated runs. docs/tools.md describes the options. It depends
// on the runtime only, like every program that runs models without
// compiling them.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TOOLS_LOOMRUN_RUNTOOL_H
#define LOOM_TOOLS_LOOMRUN_RUNTOOL_H

#include "runtime/Status.h"

#include <chrono>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace loom::collectives {
class Communicator;
} // namespace loom::collectives

namespace loom::runner {

/// What loom-run needs when it is one rank of an MPI job; loom-run.cpp
/// makes it, so that this library links no MPI.
struct MpiContext {
  int rank = 0;
  int ranks = 1;
  /// Makes a communicator of `devices` devices over the job's ranks;
  /// `program` (collectives::Options::program) names the artifact, which
  /// every rank must share.
  std::function<Status(int devices, std::chrono::milliseconds timeout,
                       const std::string &program,
                       std::unique_ptr<collectives::Communicator> &out)>
      communicator;
  /// Prints the status's message and ends every rank of the job; never
  /// returns.
  std::function<void(const Status &)> abortJob;
};

/// Runs loom-run with `args` (argv without the program name). Results go to
/// `out`; every error is one line on `err`. Returns the exit code: 0, or 1
/// for any error or an output outside the expected tolerance. `mpi` is null
/// outside an MPI job; within one, an error ends every rank through
/// mpi->abortJob instead of returning.
int runLoomRun(const std::vector<std::string> &args, std::ostream &out,
               std::ostream &err, const MpiContext *mpi = nullptr);

} // namespace loom::runner

#endif // LOOM_TOOLS_LOOMRUN_RUNTOOL_H
