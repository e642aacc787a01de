//===- MpiBench.cpp - Loom's all-reduce over MPI against MPI's own --------===//
//
// Part of the Loom project.
//
// Run as `mpirun -np P loom-collectives-mpi-bench`: one device per rank, an
// f32 sum all-reduce of 1, 4, 16 and 64 MiB through Loom's MPI transport and
// through MPI_Allreduce, alternating in the same run. Prints a markdown
// table from rank 0. MPI's own reduction may combine in any order; Loom's
// moves bytes only and reduces in group order, the price of results that do
// not depend on the placement.
//
//===----------------------------------------------------------------------===//

#include "bench/multi-device/BenchTiming.h"
#include "runtime/collectives/mpi/MpiTransport.h"

#include <mpi.h>

#include <cstdio>
#include <vector>

using namespace loom;
using namespace loom::collectives;
using namespace loom::bench;

int main(int argc, char **argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  std::unique_ptr<Communicator> comm;
  Status status = createMpiCommunicator(MPI_COMM_WORLD, ranks, Options(), comm);
  if (!status.isOk())
    abortJob(MPI_COMM_WORLD, status);
  Group group;
  for (int d = 0; d < ranks; ++d)
    group.push_back(d);

  const double n = ranks;
  if (rank == 0)
    std::printf("| MiB | Loom ms | Loom algbw GB/s | Loom busbw GB/s | MPI_Allreduce ms | "
                "MPI algbw GB/s | MPI busbw GB/s | Loom / MPI time |\n"
                "|---|---|---|---|---|---|---|---|\n");
  for (int mib : {1, 4, 16, 64}) {
    const int64_t bytes = static_cast<int64_t>(mib) << 20;
    const int64_t elements = bytes / 4;
    std::vector<float> input(elements, 1.0f + rank), output(elements, 0.0f);
    const ConstTensorView in{input.data(), DType::F32, {elements}};
    const TensorView out{output.data(), DType::F32, {elements}};
    std::vector<double> loomTimes, mpiTimes;
    for (int i = 0; i < repetitionsFor(bytes) + 2; ++i) {
      MPI_Barrier(MPI_COMM_WORLD);
      auto start = std::chrono::steady_clock::now();
      status = comm->allReduce(rank, group, ReduceKind::Sum, in, out);
      if (!status.isOk())
        abortJob(MPI_COMM_WORLD, status);
      const double loomSeconds = secondsSince(start);
      MPI_Barrier(MPI_COMM_WORLD);
      start = std::chrono::steady_clock::now();
      MPI_Allreduce(input.data(), output.data(), static_cast<int>(elements), MPI_FLOAT,
                    MPI_SUM, MPI_COMM_WORLD);
      const double mpiSeconds = secondsSince(start);
      if (i >= 2) {
        loomTimes.push_back(loomSeconds);
        mpiTimes.push_back(mpiSeconds);
      }
    }
    // The slowest rank's median is the collective's time.
    double local[2] = {median(loomTimes), median(mpiTimes)}, slowest[2];
    MPI_Reduce(local, slowest, 2, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    if (rank == 0) {
      const double loomAlg = gbPerSecond(bytes, slowest[0]);
      const double mpiAlg = gbPerSecond(bytes, slowest[1]);
      const double bus = 2 * (n - 1) / n;
      std::printf("| %d | %.3f | %.2f | %.2f | %.3f | %.2f | %.2f | %.2f |\n", mib,
                  slowest[0] * 1e3, loomAlg, loomAlg * bus, slowest[1] * 1e3, mpiAlg,
                  mpiAlg * bus, slowest[0] / slowest[1]);
    }
  }
  std::fflush(stdout);
  comm.reset();
  MPI_Finalize();
  return 0;
}
