//===- Rendezvous.h - Where a group's local devices meet --------*- C++ -*-===//
//
// Part of the Loom project.
//
// The devices of one group that live in this process meet here for every
// collective: each publishes its call (tensors and arguments), then they
// pass a sequence of barriers between the phases of the algorithm. A barrier
// also carries errors: a member that fails hands its status in, and every
// member leaves that barrier with the first such status, so all local
// members of a group agree on whether a collective failed. A wait past the
// deadline, or any failure, breaks the rendezvous for good: the members'
// buffers may still be in use by peers, so no later collective of the group
// may start.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_COLLECTIVES_RENDEZVOUS_H
#define LOOM_RUNTIME_COLLECTIVES_RENDEZVOUS_H

#include "runtime/Status.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace loom::collectives {

class Rendezvous {
public:
  using Deadline = std::chrono::steady_clock::time_point;

  /// `members` local devices, named in messages by `description`
  /// (e.g. "local devices 0, 1 of group [0, 1, 2, 3]").
  Rendezvous(int members, std::string description);

  int size() const { return static_cast<int>(calls.size()); }

  /// Publishes member `member`'s call and waits until every member has.
  /// `what` starts the error message of a timeout.
  Status arrive(int member, const void *call, Deadline deadline,
                const std::string &what);

  /// Waits until every member arrived; returns the first non-ok status any
  /// member handed in, or the reason the rendezvous broke.
  Status barrier(Status contribution, Deadline deadline, const std::string &what);

  /// Called by every member whose collective failed after arrive()
  /// succeeded (then every member fails it, at some barrier): waits until
  /// all members have called it, so no member leaves, and its caller frees
  /// its call and buffers, while another still reads or writes them. A
  /// broken barrier returns at once, so this wait is what keeps that
  /// promise on the failure path; it ends because every member's remaining
  /// barriers return at once too, and transfers have deadlines.
  void depart();

  /// Breaks the rendezvous with `reason` (unless it is broken already):
  /// members waiting in a barrier return it at once, and so do later calls.
  void breakWith(const Status &reason);

  /// Member `member`'s published call; valid from arrive() until the last
  /// barrier of the collective.
  const void *call(int member) const { return calls[member]; }

  /// The buffer for data received from other processes on behalf of group
  /// position `position`, grown to `bytes`; kept across collectives so that
  /// repeated calls do not fault pages in again. Only the leader calls it,
  /// between barriers.
  std::vector<std::byte> &staging(size_t position, size_t bytes);

  /// What staging(position, ...) last provided, or null; for every member
  /// to read after the barrier that follows the leader's transfers.
  const std::byte *staged(size_t position) const {
    return position < buffers.size() && !buffers[position].empty()
               ? buffers[position].data()
               : nullptr;
  }

private:
  std::mutex mutex;
  std::condition_variable arrived;
  std::string description;
  std::vector<const void *> calls;
  int waiting = 0;
  int departing = 0;
  uint64_t departures = 0; // rounds of depart() completed
  std::atomic<uint64_t> generation{0}; // written under `mutex`
  Status pending;    // the first error handed into the current barrier
  Status lastResult; // what the barrier that just completed returned
  Status broken;     // non-ok once the rendezvous can no longer be used
  std::vector<std::vector<std::byte>> buffers;
};

} // namespace loom::collectives

#endif // LOOM_RUNTIME_COLLECTIVES_RENDEZVOUS_H
