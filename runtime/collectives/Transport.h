//===- Transport.h - Moving bytes between processes -------------*- C++ -*-===//
//
// Part of the Loom project.
//
// What a communicator needs from whatever connects its process to the
// others: post a set of sends and receives of raw bytes and wait, bounded by
// a deadline, until all of them complete. The communicator decides every
// transfer and does all arithmetic itself, so a transport never combines
// values and the results cannot depend on it. A communicator whose devices
// all live in one process has no transport.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_COLLECTIVES_TRANSPORT_H
#define LOOM_RUNTIME_COLLECTIVES_TRANSPORT_H

#include "runtime/Status.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace loom::collectives {

/// `blocks` runs of `blockBytes` bytes, `strideBytes` apart, starting at
/// `data`: a whole tensor (one block) or one slice of it along an axis.
struct Transfer {
  int peerRank = 0;
  /// The device on the other side, only for error messages; -1 for none
  /// (the communicator's own messages before any collective).
  int peerDevice = 0;
  int tag = 0;
  void *data = nullptr;
  int64_t blocks = 1;
  int64_t blockBytes = 0;
  int64_t strideBytes = 0;
};

class Transport {
public:
  virtual ~Transport() = default;

  virtual int rank() const = 0;
  virtual int numRanks() const = 0;
  /// The largest message tag the transport carries.
  virtual int maxTag() const = 0;

  /// Posts every receive and send, then waits until all completed or
  /// `deadline` passed. Messages between two ranks with the same tag match
  /// in the order they were posted. `what` starts every error message
  /// (e.g. "allReduce on device 3"). After a failure the transport may hold
  /// requests it could not complete; the job should end (see abortJob in
  /// the MPI transport).
  virtual Status exchange(const std::vector<Transfer> &sends,
                          const std::vector<Transfer> &receives,
                          std::chrono::steady_clock::time_point deadline,
                          const std::string &what) = 0;
};

} // namespace loom::collectives

#endif // LOOM_RUNTIME_COLLECTIVES_TRANSPORT_H
