//===- Interconnect.cpp - Inter-chip links on a torus ----------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Interconnect.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace loom::systolic {

Torus::Torus(const ChipConfig &config)
    : dims(config.ici.torus), chips(config.numChips()),
      parallelLinks(std::max(1, config.linksPerDirection())),
      bytesPerCycle(config.linkBytesPerCycle()),
      hopLatency(config.hopLatencyCycles()) {
  reservations.resize(static_cast<size_t>(chips) * dims.size() * 2 *
                      parallelLinks);
}

int64_t Torus::findSlot(size_t link, int64_t earliest, int64_t length) const {
  int64_t candidate = earliest;
  for (const Busy &busy : reservations[link]) {
    if (busy.end <= candidate)
      continue;
    if (candidate + length <= busy.begin)
      return candidate;
    candidate = busy.end;
  }
  return candidate;
}

void Torus::reserve(size_t link, int64_t begin, int64_t end, int64_t horizon) {
  std::vector<Busy> &list = reservations[link];
  // Nothing will ever ask for a slot before `horizon` again.
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const Busy &b) { return b.end <= horizon; }),
             list.end());
  auto at = std::lower_bound(
      list.begin(), list.end(), begin,
      [](const Busy &b, int64_t value) { return b.begin < value; });
  list.insert(at, {begin, end});
}

std::vector<int> Torus::coordinates(int chip) const {
  std::vector<int> coords;
  for (int extent : dims) {
    coords.push_back(chip % extent);
    chip /= extent;
  }
  return coords;
}

/// Signed steps along one ring: the shorter way, positive on a tie.
static int ringSteps(int from, int to, int extent) {
  int forward = ((to - from) % extent + extent) % extent;
  int backward = extent - forward;
  if (forward == 0)
    return 0;
  return forward <= backward ? forward : -backward;
}

int Torus::distance(int source, int destination) const {
  std::vector<int> a = coordinates(source), b = coordinates(destination);
  int hops = 0;
  for (size_t d = 0; d < dims.size(); ++d)
    hops += std::abs(ringSteps(a[d], b[d], dims[d]));
  return hops;
}

Transfer Torus::send(int source, int destination, int64_t bytes,
                     int64_t start) {
  int64_t serialization =
      static_cast<int64_t>(std::ceil(static_cast<double>(bytes) / bytesPerCycle -
                                     1e-9));
  serialization = std::max<int64_t>(serialization, 1);
  Transfer result{start, start, 0, 0, 0};
  std::vector<int> at = coordinates(source);
  std::vector<int> target = coordinates(destination);
  int64_t head = start;
  int64_t lastHopStart = start;
  bool first = true;
  for (size_t d = 0; d < dims.size(); ++d) {
    int steps = ringSteps(at[d], target[d], dims[d]);
    int direction = steps >= 0 ? 0 : 1;
    for (int s = 0; s < std::abs(steps); ++s) {
      int chip = 0;
      for (size_t e = dims.size(); e-- > 0;)
        chip = chip * dims[e] + at[e];
      size_t base = ((static_cast<size_t>(chip) * dims.size() + d) * 2 +
                     direction) *
                    parallelLinks;
      size_t best = base;
      int64_t hopStart = findSlot(base, head, serialization);
      for (int l = 1; l < parallelLinks; ++l) {
        int64_t slot = findSlot(base + l, head, serialization);
        if (slot < hopStart) {
          hopStart = slot;
          best = base + l;
        }
      }
      result.contention += hopStart - head;
      reserve(best, hopStart, hopStart + serialization, start);
      result.linkCycles += serialization;
      if (first) {
        result.leaveTime = hopStart + serialization;
        first = false;
      }
      lastHopStart = hopStart;
      head = hopStart + hopLatency;
      at[d] = ((at[d] + (direction == 0 ? 1 : -1)) % dims[d] + dims[d]) %
              dims[d];
      ++result.hops;
    }
  }
  result.arrivalTime = lastHopStart + hopLatency + serialization;
  return result;
}

} // namespace loom::systolic
