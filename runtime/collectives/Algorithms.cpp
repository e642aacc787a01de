//===- Algorithms.cpp - How each collective moves and combines data -------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "runtime/collectives/Algorithms.h"

#include "runtime/collectives/Layout.h"
#include "runtime/collectives/Reduce.h"

#include <cstring>

namespace loom::collectives {

namespace {

enum Step { kInputStep = 0, kResultStep = 1 };

int tagFor(int numDevices, int fromDevice, int toDevice, Step step) {
  return (fromDevice * numDevices + toDevice) * 2 + step;
}

size_t elementBytes(const Call &call) { return dtypeSize(call.input.dtype); }
size_t inputBytes(const Call &call) {
  return static_cast<size_t>(numElementsOf(call.input.shape)) * elementBytes(call);
}

// allReduce's chunk owned by group position p: a contiguous range of
// elements, as even as integer division makes it.
int64_t chunkBegin(int64_t elements, int members, int p) {
  return elements * p / members;
}

const std::byte *inputOf(const Call &call) {
  return static_cast<const std::byte *>(call.input.data);
}
std::byte *outputOf(const Call &call) {
  return static_cast<std::byte *>(call.output.data);
}

// One transfer of `bytes` contiguous bytes, or none when empty.
void addContiguous(std::vector<Transfer> &list, int rank, int device, int tag,
                   const std::byte *data, int64_t bytes) {
  if (bytes == 0)
    return;
  Transfer transfer;
  transfer.peerRank = rank;
  transfer.peerDevice = device;
  transfer.tag = tag;
  transfer.data = const_cast<std::byte *>(data); // sends only read it
  transfer.blockBytes = bytes;
  transfer.strideBytes = bytes;
  list.push_back(transfer);
}

void addStrided(std::vector<Transfer> &list, int rank, int device, int tag,
                const std::byte *base, const Strided &runs) {
  if (runs.blocks == 0 || runs.blockBytes == 0)
    return;
  Transfer transfer;
  transfer.peerRank = rank;
  transfer.peerDevice = device;
  transfer.tag = tag;
  transfer.data = const_cast<std::byte *>(base + runs.offsetBytes);
  transfer.blocks = runs.blocks;
  transfer.blockBytes = runs.blockBytes;
  transfer.strideBytes = runs.strideBytes;
  list.push_back(transfer);
}

// Where member position k's input can be read: in place for local members,
// in staging for remote ones (null for a remote member whose data this
// process does not need, e.g. a permute source targeting another process).
std::vector<const std::byte *> sourcesOf(const LocalCalls &calls,
                                         const Rendezvous &rendezvous) {
  const Call &first = *calls.front();
  const Placement &placement = first.placement;
  std::vector<const std::byte *> sources(first.group.size());
  for (size_t k = 0; k < sources.size(); ++k) {
    const int local = placement.localIndex[k];
    sources[k] = local >= 0 ? inputOf(*calls[local]) : rendezvous.staged(k);
  }
  return sources;
}

} // namespace

const char *collectiveName(CollectiveKind kind) {
  switch (kind) {
  case CollectiveKind::AllReduce: return "allReduce";
  case CollectiveKind::AllGather: return "allGather";
  case CollectiveKind::ReduceScatter: return "reduceScatter";
  case CollectiveKind::AllToAll: return "allToAll";
  case CollectiveKind::Permute: return "permute";
  }
  return "?";
}

int64_t maxTagFor(int numDevices) {
  const int64_t n = numDevices;
  return (n * n) * 2 - 1;
}

Transfers inputTransfers(const LocalCalls &calls, Rendezvous &rendezvous,
                         int numDevices) {
  const Call &first = *calls.front();
  const Placement &placement = first.placement;
  const Group &group = first.group;
  const int members = static_cast<int>(group.size());
  const size_t element = elementBytes(first);
  const int64_t elements = numElementsOf(first.input.shape);
  const int leader = group[placement.local.front()];
  auto staging = [&](int k) {
    return rendezvous.staging(k, inputBytes(first)).data();
  };
  auto tag = [&](int from, int to) {
    return tagFor(numDevices, group[from], group[to], kInputStep);
  };
  Transfers transfers;
  switch (first.collective) {
  case CollectiveKind::AllReduce:
    // Every member's contribution to each chunk goes to the chunk's owner.
    for (int j = 0; j < members; ++j) {
      const int64_t begin = chunkBegin(elements, members, j);
      const int64_t bytes =
          (chunkBegin(elements, members, j + 1) - begin) * static_cast<int64_t>(element);
      const size_t offset = static_cast<size_t>(begin) * element;
      const bool ownerLocal = placement.localIndex[j] >= 0;
      for (int k = 0; k < members; ++k) {
        const bool sourceLocal = placement.localIndex[k] >= 0;
        if (sourceLocal && !ownerLocal)
          addContiguous(transfers.sends, placement.ranks[j], group[j], tag(k, j),
                        inputOf(*calls[placement.localIndex[k]]) + offset, bytes);
        else if (!sourceLocal && ownerLocal)
          addContiguous(transfers.receives, placement.ranks[k], group[k], tag(k, j),
                        staging(k) + offset, bytes);
      }
    }
    break;
  case CollectiveKind::AllGather:
    // Every remote rank needs every local input whole.
    for (int s : placement.local)
      for (size_t r = 0; r < placement.remoteRanks.size(); ++r) {
        const int representative = placement.remoteRepresentatives[r];
        addContiguous(transfers.sends, placement.ranks[representative],
                      group[representative], tag(s, representative),
                      inputOf(*calls[placement.localIndex[s]]),
                      static_cast<int64_t>(inputBytes(first)));
      }
    for (int k = 0; k < members; ++k)
      if (placement.localIndex[k] < 0)
        addContiguous(transfers.receives, placement.ranks[k], group[k],
                      tagFor(numDevices, group[k], leader, kInputStep), staging(k),
                      static_cast<int64_t>(inputBytes(first)));
    break;
  case CollectiveKind::ReduceScatter:
  case CollectiveKind::AllToAll:
    // Member i needs the i-th slice along the (split) axis of every input.
    for (int k = 0; k < members; ++k)
      for (int i = 0; i < members; ++i) {
        const bool sourceLocal = placement.localIndex[k] >= 0;
        const bool targetLocal = placement.localIndex[i] >= 0;
        const Strided runs = sliceRuns(first.input.shape, first.axis, members, i, element);
        if (sourceLocal && !targetLocal)
          addStrided(transfers.sends, placement.ranks[i], group[i], tag(k, i),
                     inputOf(*calls[placement.localIndex[k]]), runs);
        else if (!sourceLocal && targetLocal)
          addStrided(transfers.receives, placement.ranks[k], group[k], tag(k, i),
                     staging(k), runs);
      }
    break;
  case CollectiveKind::Permute:
    for (const PermutePair &pair : first.pairs) {
      const bool sourceLocal = placement.localIndex[pair.source] >= 0;
      const bool targetLocal = placement.localIndex[pair.target] >= 0;
      const int64_t bytes = static_cast<int64_t>(inputBytes(first));
      if (sourceLocal && !targetLocal)
        addContiguous(transfers.sends, placement.ranks[pair.target],
                      group[pair.target], tag(pair.source, pair.target),
                      inputOf(*calls[placement.localIndex[pair.source]]), bytes);
      else if (!sourceLocal && targetLocal)
        addContiguous(transfers.receives, placement.ranks[pair.source],
                      group[pair.source], tag(pair.source, pair.target),
                      staging(pair.source), bytes);
    }
    break;
  }
  return transfers;
}

Transfers resultTransfers(const LocalCalls &calls, int numDevices) {
  const Call &first = *calls.front();
  const Placement &placement = first.placement;
  const Group &group = first.group;
  const int members = static_cast<int>(group.size());
  const int64_t element = static_cast<int64_t>(elementBytes(first));
  const int64_t elements = numElementsOf(first.input.shape);
  const int leaderPosition = placement.local.front();
  Transfers transfers;
  for (int j = 0; j < members; ++j) {
    const int64_t begin = chunkBegin(elements, members, j);
    const int64_t bytes = (chunkBegin(elements, members, j + 1) - begin) * element;
    const int local = placement.localIndex[j];
    if (local >= 0) {
      for (size_t r = 0; r < placement.remoteRanks.size(); ++r) {
        const int representative = placement.remoteRepresentatives[r];
        addContiguous(transfers.sends, placement.ranks[representative],
                      group[representative],
                      tagFor(numDevices, group[j], group[representative], kResultStep),
                      outputOf(*calls[local]) + begin * element, bytes);
      }
    } else {
      addContiguous(transfers.receives, placement.ranks[j], group[j],
                    tagFor(numDevices, group[j], group[leaderPosition], kResultStep),
                    outputOf(*calls.front()) + begin * element, bytes);
    }
  }
  return transfers;
}

void computeShare(const LocalCalls &calls, int member, const Rendezvous &rendezvous) {
  const Call &call = *calls[member];
  const int members = static_cast<int>(call.group.size());
  const int p = call.position;
  const size_t element = elementBytes(call);
  const std::vector<const std::byte *> sources = sourcesOf(calls, rendezvous);
  std::byte *output = outputOf(call);
  switch (call.collective) {
  case CollectiveKind::AllReduce: {
    // This member owns chunk p: it reduces it once and writes it into every
    // local member's output, so nothing is reduced twice or copied again.
    const int64_t elements = numElementsOf(call.input.shape);
    const int64_t begin = chunkBegin(elements, members, p);
    const int64_t count = chunkBegin(elements, members, p + 1) - begin;
    if (count == 0)
      return;
    const size_t offset = static_cast<size_t>(begin) * element;
    std::vector<const std::byte *> chunkSources(members);
    for (int k = 0; k < members; ++k)
      chunkSources[k] = sources[k] + offset;
    std::vector<std::byte *> outputs;
    for (const Call *local : calls)
      outputs.push_back(outputOf(*local) + offset);
    reduceElements(call.kind, call.input.dtype, chunkSources.data(), members, count,
                   outputs.data(), static_cast<int>(outputs.size()));
    return;
  }
  case CollectiveKind::AllGather: {
    const Box whole{call.input.shape, Shape(call.input.shape.size(), 0)};
    for (int k = 0; k < members; ++k) {
      Shape at(call.input.shape.size(), 0);
      at[call.axis] = k * call.input.shape[call.axis];
      forEachRun(call.input.shape, whole, call.output.shape, at, element,
                 [&](int64_t src, int64_t dst, int64_t bytes) {
                   std::memcpy(output + dst, sources[k] + src, static_cast<size_t>(bytes));
                 });
    }
    return;
  }
  case CollectiveKind::ReduceScatter: {
    const Box slice = sliceBox(call.input.shape, call.axis, members, p);
    std::vector<const std::byte *> runSources(members);
    forEachRun(call.input.shape, slice, call.output.shape,
               Shape(call.output.shape.size(), 0), element,
               [&](int64_t src, int64_t dst, int64_t bytes) {
                 for (int k = 0; k < members; ++k)
                   runSources[k] = sources[k] + src;
                 std::byte *target = output + dst;
                 reduceElements(call.kind, call.input.dtype, runSources.data(),
                                members, bytes / static_cast<int64_t>(element),
                                &target, 1);
               });
    return;
  }
  case CollectiveKind::AllToAll: {
    const Box slice = sliceBox(call.input.shape, call.axis, members, p);
    for (int k = 0; k < members; ++k) {
      Shape at(call.output.shape.size(), 0);
      at[call.concatAxis] = k * slice.shape[call.concatAxis];
      forEachRun(call.input.shape, slice, call.output.shape, at, element,
                 [&](int64_t src, int64_t dst, int64_t bytes) {
                   std::memcpy(output + dst, sources[k] + src, static_cast<size_t>(bytes));
                 });
    }
    return;
  }
  case CollectiveKind::Permute: {
    const size_t bytes = inputBytes(call);
    if (bytes == 0)
      return;
    for (const PermutePair &pair : call.pairs)
      if (pair.target == p) {
        std::memcpy(output, sources[pair.source], bytes);
        return;
      }
    std::memset(output, 0, bytes);
    return;
  }
  }
}

void copyRemoteChunks(const LocalCalls &calls, int member) {
  if (member == 0)
    return;
  const Call &call = *calls[member];
  const Placement &placement = call.placement;
  const int members = static_cast<int>(call.group.size());
  const size_t element = elementBytes(call);
  const int64_t elements = numElementsOf(call.input.shape);
  for (int j = 0; j < members; ++j) {
    if (placement.localIndex[j] >= 0)
      continue;
    const int64_t begin = chunkBegin(elements, members, j);
    const int64_t count = chunkBegin(elements, members, j + 1) - begin;
    if (count == 0)
      continue;
    const size_t offset = static_cast<size_t>(begin) * element;
    std::memcpy(outputOf(call) + offset, outputOf(*calls.front()) + offset,
                static_cast<size_t>(count) * element);
  }
}

} // namespace loom::collectives
