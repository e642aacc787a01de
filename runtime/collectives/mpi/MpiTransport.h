//===- MpiTransport.h - Collectives across processes over MPI ---*- C++ -*-===//
//
// Part of the Loom project.
//
// The transport for devices spread over MPI processes: rank p of a
// communicator of P ranks hosts devices [p·N/P, (p+1)·N/P). It moves raw
// bytes with non-blocking point-to-point calls (MPI_BYTE, strided slices as
// MPI_Type_create_hvector) and never uses MPI's reductions, so results are
// the same bit for bit as in one process.
//
// Threads: several device threads may call collectives at once; every MPI
// call is made under one mutex, so MPI_THREAD_SERIALIZED suffices
// (MPI_THREAD_MULTIPLE is needed only if the application makes MPI calls of
// its own on other threads meanwhile). Waiting is a loop of MPI_Testall under
// that mutex with a deadline, never a blocking wait, so a dead or stuck
// peer turns into an error naming the collective and the peer rank.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_COLLECTIVES_MPI_MPITRANSPORT_H
#define LOOM_RUNTIME_COLLECTIVES_MPI_MPITRANSPORT_H

#include "runtime/collectives/Communicator.h"
#include "runtime/collectives/Transport.h"

#include <mpi.h>

#include <mutex>

namespace loom::collectives {

class MpiTransport : public Transport {
public:
  /// Uses a duplicate of `comm` (so Loom's messages never match the
  /// application's) with errors returned rather than fatal. MPI must be
  /// initialised with at least MPI_THREAD_SERIALIZED; check() reports it.
  explicit MpiTransport(MPI_Comm comm);
  ~MpiTransport() override;

  /// Why the transport cannot be used (MPI not initialised, thread level
  /// too low, MPI_Comm_dup failed), or ok.
  const Status &check() const { return failure; }

  int rank() const override { return myRank; }
  int numRanks() const override { return rankCount; }
  int maxTag() const override { return tagUpperBound; }
  Status exchange(const std::vector<Transfer> &sends,
                  const std::vector<Transfer> &receives,
                  std::chrono::steady_clock::time_point deadline,
                  const std::string &what) override;

private:
  Status mpiError(const std::string &what, const char *call, int code) const;

  MPI_Comm comm = MPI_COMM_NULL;
  int myRank = 0;
  int rankCount = 1;
  int tagUpperBound = 32767; // the least MPI guarantees
  Status failure;
  std::mutex mpiMutex;
};

/// A communicator of `numDevices` devices over the ranks of `comm`.
Status createMpiCommunicator(MPI_Comm comm, int numDevices, const Options &options,
                             std::unique_ptr<Communicator> &result);

/// Prints "loom: <message>" to stderr and ends every process of `comm`'s
/// job with MPI_Abort, so that one rank's failed collective cannot leave
/// the others waiting.
[[noreturn]] void abortJob(MPI_Comm comm, const Status &status);

} // namespace loom::collectives

#endif // LOOM_RUNTIME_COLLECTIVES_MPI_MPITRANSPORT_H
