//===- Interconnect.h - Inter-chip links on a torus --------------*- C++ -*-===//
//
// Part of the Loom project.
//
// Chips sit on a 1-, 2- or 3-D torus (chip id = x + X * (y + Y * z)). Each
// chip has, per dimension and direction, config.linksPerDirection() parallel
// one-way links of config.linkBytesPerCycle() each. A message takes
// dimension-order routing, the shorter way round each ring (ties go the
// positive way), and moves cut-through: on each hop it takes the earliest
// free slot, at or after its head arrives, on any of the parallel links,
// holds that link for ceil(bytes / bandwidth) cycles, and its head reaches
// the next chip one hop latency later. One hop therefore costs latency +
// bytes / bandwidth, the alpha-beta cost. Links keep their reservations as
// intervals, so a message sent later can still use a gap before a message
// that will only reach the link in the future.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_SIMULATOR_SYSTOLIC_INTERCONNECT_H
#define LOOM_SIMULATOR_SYSTOLIC_INTERCONNECT_H

#include "simulator/systolic/Config.h"

#include <cstdint>
#include <vector>

namespace loom::systolic {

struct Transfer {
  int64_t leaveTime;     // the source has sent its last byte
  int64_t arrivalTime;   // the destination holds the whole message
  int64_t contention;    // cycles hops waited for busy links
  int64_t linkCycles;    // cycles of link occupancy over all hops
  int hops;
};

class Torus {
public:
  explicit Torus(const ChipConfig &config);

  int numChips() const { return chips; }
  std::vector<int> coordinates(int chip) const;
  /// Hops of the route from `source` to `destination`.
  int distance(int source, int destination) const;
  /// Times a message of `bytes` that starts at `start`, reserving its links.
  /// `start` must not precede any earlier call's (the simulator steps the
  /// chip with the smallest clock), which lets old reservations be dropped.
  Transfer send(int source, int destination, int64_t bytes, int64_t start);

private:
  std::vector<int> dims;
  int chips;
  int parallelLinks;
  double bytesPerCycle;
  int64_t hopLatency;
  struct Busy {
    int64_t begin, end;
  };
  /// Reservations per (chip, dim, direction, parallel link), sorted.
  std::vector<std::vector<Busy>> reservations;
  /// Earliest start >= `earliest` of a `length`-cycle slot on `link`.
  int64_t findSlot(size_t link, int64_t earliest, int64_t length) const;
  void reserve(size_t link, int64_t begin, int64_t end, int64_t horizon);
};

} // namespace loom::systolic

#endif // LOOM_SIMULATOR_SYSTOLIC_INTERCONNECT_H
