//===- Algorithms.h - How each collective moves and combines data -*- C++ -*-===//
//
// Part of the Loom project.
//
// Each collective runs in up to two steps between barriers of its group's
// rendezvous. Inputs: the leader of each process posts the transfers that
// bring every remote member's data this process needs into staging buffers
// shaped like the input (only the regions needed are sent: a chunk, a
// slice, or the whole tensor). Then every local member computes its own
// share, reading local members' inputs in place and remote ones from
// staging. allReduce adds a second step: each member computes one chunk of
// the result, and the chunks computed elsewhere arrive from their owners.
//
// The messages are addressed device to device: a message's tag encodes
// (sending device, receiving device, step). Two devices take part in their
// common collectives in the same order, so messages between them never mix
// even while other groups of the same processes run concurrently.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_COLLECTIVES_ALGORITHMS_H
#define LOOM_RUNTIME_COLLECTIVES_ALGORITHMS_H

#include "runtime/collectives/Call.h"
#include "runtime/collectives/Rendezvous.h"
#include "runtime/collectives/Transport.h"

#include <vector>

namespace loom::collectives {

/// The local members' calls of one collective, indexed like
/// Placement::local.
using LocalCalls = std::vector<const Call *>;

struct Transfers {
  std::vector<Transfer> sends;
  std::vector<Transfer> receives;
};

/// The largest tag any message of `numDevices` devices uses.
int64_t maxTagFor(int numDevices);

/// The transfers of the input step, sized into `rendezvous`'s staging.
Transfers inputTransfers(const LocalCalls &calls, Rendezvous &rendezvous,
                         int numDevices);

/// The transfers of allReduce's second step: local chunks out, remote
/// chunks into the leader's output.
Transfers resultTransfers(const LocalCalls &calls, int numDevices);

/// Local member `member`'s share of the collective, once its inputs are
/// here (in place, or in staging).
void computeShare(const LocalCalls &calls, int member,
                  const Rendezvous &rendezvous);

/// allReduce across processes: copies the chunks that arrived in the
/// leader's output into member `member`'s (a no-op for the leader).
void copyRemoteChunks(const LocalCalls &calls, int member);

} // namespace loom::collectives

#endif // LOOM_RUNTIME_COLLECTIVES_ALGORITHMS_H
