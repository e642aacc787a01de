//===- Call.h - One device's call of a collective ---------------*- C++ -*-===//
//
// Part of the Loom project.
//
// What a device hands to its group's rendezvous: the collective and its
// arguments, already validated, and where the group's members live. The
// placement is computed by every member from the group alone, so all of
// them, in every process, agree on it without talking.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_COLLECTIVES_CALL_H
#define LOOM_RUNTIME_COLLECTIVES_CALL_H

#include "runtime/collectives/Collectives.h"

#include <string>
#include <vector>

namespace loom::collectives {

enum class CollectiveKind { AllReduce, AllGather, ReduceScatter, AllToAll, Permute };

/// "allReduce", "allGather", ...
const char *collectiveName(CollectiveKind kind);

/// Where the members of a group live, seen from one process.
struct Placement {
  /// The rank hosting each group position.
  std::vector<int> ranks;
  /// The positions this process hosts, in group order; the first is the
  /// leader, which does all of the process's cross-process traffic.
  std::vector<int> local;
  /// For each position, its index in `local`, or -1 when remote.
  std::vector<int> localIndex;
  /// Every other rank hosting members, and the first position on each (the
  /// representative that receives what is sent to that rank as a whole).
  std::vector<int> remoteRanks;
  std::vector<int> remoteRepresentatives;

  bool spansRanks() const { return !remoteRanks.empty(); }
};

struct Call {
  CollectiveKind collective = CollectiveKind::AllReduce;
  int device = 0;
  Group group;
  int position = 0; // of `device` in `group`
  ReduceKind kind = ReduceKind::Sum;
  int64_t axis = 0;       // allGather, reduceScatter; allToAll's split axis
  int64_t concatAxis = 0; // allToAll
  std::vector<PermutePair> pairs;
  ConstTensorView input;
  TensorView output;
  Placement placement;
  /// "allReduce on device 3", the start of every message about this call.
  std::string what;
};

} // namespace loom::collectives

#endif // LOOM_RUNTIME_COLLECTIVES_CALL_H
