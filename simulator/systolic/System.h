//===- System.h - Chips on a torus, run to completion ------------*- C++ -*-===//
//
// Part of the Loom project.
//
// The simulation driver. It steps whichever runnable chip has the smallest
// clock and, before that, applies every pending completion event (DMA done,
// message left, message arrived) that is not later than that clock. A chip
// never sees an effect from its own future, and a message cannot arrive
// before it was sent, so chips can run in any number without a global cycle
// loop. When no chip can run and no event is pending, every chip still
// waiting on a flag is deadlocked: the run stops with a message naming each
// one, it never hangs. Runaway loops stop at RunOptions::maxInstructions.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_SIMULATOR_SYSTOLIC_SYSTEM_H
#define LOOM_SIMULATOR_SYSTOLIC_SYSTEM_H

#include "runtime/Result.h"
#include "simulator/systolic/Chip.h"
#include "simulator/systolic/Config.h"
#include "simulator/systolic/Interconnect.h"
#include "simulator/systolic/Stats.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <vector>

namespace loom::systolic {

class System {
public:
  /// Builds the chips of `config`'s torus and allocates their memories.
  static Result<std::unique_ptr<System>> create(const ChipConfig &config,
                                                const RunOptions &options);

  int numChips() const { return static_cast<int>(chips.size()); }
  Chip &chip(int index) { return *chips[index]; }
  const ChipConfig &config() const { return chipConfig; }
  const RunOptions &options() const { return runOptions; }

  /// One program for every chip (SPMD: s0 holds the chip id, s1 the chip
  /// count) or one program per chip.
  Status loadPrograms(std::vector<Program> programs);
  /// Runs every chip to `halt`; fails on a program error, a deadlock or a
  /// message nobody received.
  Status run();

  // The device interface of a runtime driver: one System, created once,
  // runs any number of kernel launches; HBM is the device memory and keeps
  // its content from launch to launch.

  /// Runs `program` on every chip from instruction `entry` until all chips
  /// halt. Each chip first returns to its power-on state: s0 = chip id,
  /// s1 = chip count, s(2+i) = arguments[i] (at most 30), every other
  /// scalar and vector register, flag and accumulator zero, no MXU weights,
  /// clocks at cycle 0; VMEM keeps whatever it held (undefined to a
  /// kernel). Afterwards stats(), totalCycles(), trace() and Report.h's
  /// formatReport / formatChromeTrace / mxuUtilization describe this launch
  /// alone. `program` is read only during the call. Fails like run(), or
  /// when `entry` is past the program's end; the next launch starts clean
  /// after a failure too.
  Status launch(const Program &program, size_t entry,
                const std::vector<int64_t> &arguments);
  /// What one chip runs in a per-chip launch.
  struct ChipLaunch {
    const Program *program = nullptr;
    size_t entry = 0;
    /// s(2+i) = arguments[i] (at most 30).
    std::vector<int64_t> arguments;
  };
  /// The multi-chip form of launch: chip i runs perChip[i] (one entry per
  /// chip), all chips starting together from the power-on state above, so
  /// their `send`s and `recv`s meet within the launch. totalCycles() is
  /// the cycle the last chip finished. Fails like launch(), naming the chip
  /// whose entry or arguments are wrong, or when perChip does not have one
  /// entry per chip.
  Status launch(const std::vector<ChipLaunch> &perChip);
  /// Records every unit operation of later launches for trace().
  void setTracing(bool enabled) { runOptions.trace = enabled; }

  /// Host access to a chip's HBM: copies `bytes` bytes between HBM at
  /// `address` and host memory. Fails, naming the chip, address and size,
  /// when the range is not inside the configured HBM.
  Status writeHbm(int chip, int64_t address, const void *source,
                  int64_t bytes);
  Status readHbm(int chip, int64_t address, void *destination,
                 int64_t bytes) const;

  /// Cycles from the start until the last unit of any chip finished.
  int64_t totalCycles() const;
  std::vector<ChipStats> stats() const;
  const std::vector<TraceEvent> &trace() const { return traceEvents; }

  // Used by chips.
  void schedule(int64_t time, std::function<Status()> action);
  void addTrace(TraceEvent event) { traceEvents.push_back(std::move(event)); }
  Torus &torus() { return links; }
  struct Message {
    int source;
    int destination;
    int64_t bytes;
    size_t sendIndex;
    std::shared_ptr<std::vector<uint8_t>> data;
  };
  void deliver(Message message, int64_t time, Status &status);
  Status postRecv(int destination, int source, int64_t address, int64_t bytes,
                  int flag, size_t recvIndex, int64_t time);
  int64_t lastDeliveryTime(int chip) const { return deliveredUntil[chip]; }

private:
  System(const ChipConfig &config, const RunOptions &options);
  struct Event {
    int64_t time;
    uint64_t sequence;
    std::function<Status()> action;
  };
  struct LaterEvent {
    bool operator()(const Event &a, const Event &b) const {
      return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
    }
  };
  struct PostedRecv {
    int64_t address;
    int64_t bytes;
    int flag;
    size_t recvIndex;
  };
  Status completeDelivery(const Message &message, const PostedRecv &recv,
                          int64_t time);
  Status describeDeadlock() const;
  Status execute();
  Status checkHbmRange(int chip, int64_t address, int64_t bytes,
                       const char *what) const;
  Status checkLeftoverMessages() const;

  ChipConfig chipConfig;
  RunOptions runOptions;
  Torus links;
  std::vector<std::unique_ptr<Chip>> chips;
  std::vector<Program> programs;
  std::priority_queue<Event, std::vector<Event>, LaterEvent> events;
  uint64_t nextSequence = 0;
  std::map<std::pair<int, int>, std::deque<Message>> inbox;      // (dst, src)
  std::map<std::pair<int, int>, std::deque<PostedRecv>> posted;  // (dst, src)
  std::vector<int64_t> deliveredUntil;
  std::vector<TraceEvent> traceEvents;
};

} // namespace loom::systolic

#endif // LOOM_SIMULATOR_SYSTOLIC_SYSTEM_H
