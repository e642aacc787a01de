//===- loom-run.cpp - Run a compiled Loom artifact --------------------------===//
//
// Part of the Loom project.
//
// Runs an artifact on inputs from .npy files or literals; see `loom-run
// --help` and docs/runtime.md. Where MPI was found at build time and Open
// MPI's launcher started the process (OMPI_COMM_WORLD_SIZE is set), it is
// one rank of a job that shares a multi-device artifact's devices.
//
//===----------------------------------------------------------------------===//

#include "tools/loom-run/RunTool.h"

#include <cstdlib>
#include <iostream>

#ifdef LOOM_RUN_WITH_MPI
#include "runtime/collectives/mpi/MpiTransport.h"

static int runUnderMpi(int argc, char **argv,
                       const std::vector<std::string> &args) {
  using namespace loom;
  // The MPI transport makes every MPI call under one mutex.
  int provided = MPI_THREAD_SINGLE;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
  runner::MpiContext mpi;
  MPI_Comm_rank(MPI_COMM_WORLD, &mpi.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &mpi.ranks);
  mpi.abortJob = [](const Status &status) {
    collectives::abortJob(MPI_COMM_WORLD, status);
  };
  if (provided < MPI_THREAD_SERIALIZED)
    mpi.abortJob(aborted("loom-run: rank " + std::to_string(mpi.rank) +
                         ": MPI provides no MPI_THREAD_SERIALIZED"));
  mpi.communicator = [](int devices, std::chrono::milliseconds timeout,
                        const std::string &program,
                        std::unique_ptr<collectives::Communicator> &out) {
    collectives::Options options;
    options.timeout = timeout;
    options.program = program;
    return collectives::createMpiCommunicator(MPI_COMM_WORLD, devices,
                                              options, out);
  };
  int code = runner::runLoomRun(args, std::cout, std::cerr, &mpi);
  MPI_Finalize();
  return code;
}
#endif

int main(int argc, char **argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
#ifdef LOOM_RUN_WITH_MPI
  if (std::getenv("OMPI_COMM_WORLD_SIZE"))
    return runUnderMpi(argc, argv, args);
#endif
  return loom::runner::runLoomRun(args, std::cout, std::cerr);
}
