//===- MpiDriver.cpp - Collectives across MPI processes, checked ----------===//
//
// Part of the Loom project.
//
// Run under mpirun: each rank hosts its block of --devices devices, runs
// every standard case on one thread per device through the MPI transport,
// and compares its devices' outputs bit for bit with the same case run in
// process (all devices as threads of this rank). With --exit-rank=R, rank R
// leaves before the first collective, and the others must fail with a
// clear error within the timeout and end the job. With --mismatch-rank=R,
// rank R all-reduces a longer tensor than the others, which MPI must report
// (a truncated message) rather than anyone hanging or reading past a buffer.
//
//===----------------------------------------------------------------------===//

#include "runtime/collectives/mpi/MpiTransport.h"
#include "test/collectives/CollectiveCases.h"

#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace loom;
using namespace loom::collectives;
using namespace loom::collectives::test;

int main(int argc, char **argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);

  int devices = ranks, exitRank = -1, mismatchRank = -1;
  Options options;
  for (int i = 1; i < argc; ++i) {
    if (!std::strncmp(argv[i], "--devices=", 10))
      devices = std::atoi(argv[i] + 10);
    else if (!std::strncmp(argv[i], "--timeout-ms=", 13))
      options.timeout = std::chrono::milliseconds(std::atoi(argv[i] + 13));
    else if (!std::strncmp(argv[i], "--exit-rank=", 12))
      exitRank = std::atoi(argv[i] + 12);
    else if (!std::strncmp(argv[i], "--mismatch-rank=", 16))
      mismatchRank = std::atoi(argv[i] + 16);
    else
      abortJob(MPI_COMM_WORLD, invalidArgument(std::string("unknown argument ") + argv[i]));
  }

  std::unique_ptr<Communicator> comm;
  Status status = createMpiCommunicator(MPI_COMM_WORLD, devices, options, comm);
  if (!status.isOk())
    abortJob(MPI_COMM_WORLD, status);
  std::unique_ptr<Communicator> local;
  status = Communicator::createInProcess(devices, options, local);
  if (!status.isOk())
    abortJob(MPI_COMM_WORLD, status);

  if (rank == exitRank) {
    std::printf("rank %d: leaving before the first collective\n", rank);
    std::fflush(stdout);
    comm.reset();
    MPI_Finalize();
    return 0;
  }

  const int first = comm->firstLocalDevice(), count = comm->numLocalDevices();
  if (mismatchRank >= 0) {
    Group all;
    for (int d = 0; d < devices; ++d)
      all.push_back(d);
    const int64_t elements = rank == mismatchRank ? 2048 : 1024;
    std::vector<std::vector<float>> inputs(count, std::vector<float>(elements, 1.0f)),
        outputs = inputs;
    std::vector<Status> statuses = onDeviceThreads(first, count, [&](int d) {
      return comm->allReduce(d, all, ReduceKind::Sum,
                             {inputs[d - first].data(), DType::F32, {elements}},
                             {outputs[d - first].data(), DType::F32, {elements}});
    });
    for (const Status &s : statuses)
      if (!s.isOk())
        abortJob(MPI_COMM_WORLD, s);
    // Ranks that received less than they expected can finish; they wait
    // here for the job to be ended by the rank that saw the truncation.
    MPI_Barrier(MPI_COMM_WORLD);
    abortJob(MPI_COMM_WORLD, aborted("the mismatched all-reduce reported no error"));
  }
  int failures = 0, checked = 0;
  for (const Case &c : standardCases(devices)) {
    std::vector<Tensor> outputs(devices), expected(devices);
    std::vector<Status> statuses = onDeviceThreads(
        first, count, [&](int d) { return runOnDevice(*comm, c, d, outputs[d]); });
    for (const Status &s : statuses)
      if (!s.isOk())
        abortJob(MPI_COMM_WORLD, s);
    statuses = onDeviceThreads(
        0, devices, [&](int d) { return runOnDevice(*local, c, d, expected[d]); });
    for (const Status &s : statuses)
      if (!s.isOk())
        abortJob(MPI_COMM_WORLD, s);
    for (int d = first; d < first + count; ++d, ++checked)
      if (!bitIdentical(outputs[d], expected[d])) {
        ++failures;
        std::printf("rank %d: %s: device %d differs from in process: %s vs %s\n", rank,
                    c.name().c_str(), d, outputs[d].toString().c_str(),
                    expected[d].toString().c_str());
      }
  }
  int totalFailures = 0, totalChecked = 0;
  MPI_Reduce(&failures, &totalFailures, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
  MPI_Reduce(&checked, &totalChecked, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
  if (rank == 0)
    std::printf("%d devices on %d ranks: %d of %d outputs bit-identical to in process\n",
                devices, ranks, totalChecked - totalFailures, totalChecked);
  comm.reset();
  MPI_Finalize();
  return totalFailures == 0 ? 0 : 1;
}
