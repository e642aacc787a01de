//===- Chip.h - One simulated chip: state, execution and timing --*- C++ -*-===//
//
// Part of the Loom project.
//
// A chip runs its program on an in-order scalar core that executes scalar
// and branch instructions itself (one per cycle) and dispatches everything
// else into per-unit queues: one DMA engine, one queue per MXU, the vector
// unit and the link engine. Units overlap; they meet through flags (DMA and
// link completion, `wait`, `signal`) and through interlocks the hardware
// keeps: vector registers, accumulator rows and VMEM written by `vst`.
// DMA loads and receives are not interlocked; a program orders them with
// flags, as TPU's decoupled access/execute design has it.
//
// Functional effects of scalar, MXU and vector instructions apply at
// dispatch, in program order; DMA and link copies apply when they complete.
// A program that synchronises through flags sees exactly the hardware's
// results; one that races a DMA gets whichever order the timeline implies.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_SIMULATOR_SYSTOLIC_CHIP_H
#define LOOM_SIMULATOR_SYSTOLIC_CHIP_H

#include "runtime/Status.h"
#include "simulator/systolic/Config.h"
#include "simulator/systolic/Isa.h"
#include "simulator/systolic/Memory.h"
#include "simulator/systolic/Mxu.h"
#include "simulator/systolic/Stats.h"

#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace loom::systolic {

class System;

struct RunOptions {
  /// False: time only. Every address is still checked, but no arithmetic or
  /// copy is done (SCALE-Sim mode uses this; its operands carry no data).
  bool functional = true;
  bool trace = false;
  bool recordMxuOps = false;
  /// Dynamic instructions over all chips before a run is declared runaway.
  int64_t maxInstructions = int64_t(1) << 32;
};

class Chip {
public:
  Chip(System &system, const ChipConfig &config, int id,
       const RunOptions &options);
  Status initialize();
  void setProgram(const Program *program);
  /// Power-on state for a launch at instruction `entry`: s0 = chip id,
  /// s1 = chip count, s(2+i) = arguments[i], every other register, flag,
  /// vector register and accumulator zero, no weights, all unit clocks and
  /// statistics at zero. VMEM and HBM keep their content.
  void reset(size_t entry, const std::vector<int64_t> &arguments);

  int id() const { return chipId; }
  PagedMemory &hbm() { return hbmMemory; }
  uint8_t *vmem() { return vmemBuffer.data(); }
  int64_t vmemBytes() const { return config.vmemBytes; }
  int64_t scalar(int reg) const { return sregs[reg]; }
  int64_t flag(int index) const { return flags[index]; }
  float *vectorRegister(int reg);
  MxuState &mxu(int index) { return mxus[index]; }

  bool halted() const { return isHalted; }
  bool blocked() const { return isBlocked; }
  int64_t clock() const { return now; }
  /// Executes (or, for a full queue, waits before) one instruction.
  Status step();
  /// Called by completion events at `time`; may unblock a `wait`.
  void raiseFlag(int index, int64_t amount, int64_t time);
  /// Counts a message that landed in this chip's VMEM.
  void countReceived(int64_t bytes) { counters.iciBytesReceived += bytes; }
  /// "prog.s:7: instruction 4 (wait f1, 1): f1 is 0, needs 1".
  std::string blockedDescription() const;
  /// When the last unit of this chip finishes.
  int64_t finishTime() const;
  ChipStats stats() const;
  const std::vector<MxuOpRecord> &mxuOps() const { return mxuRecords; }
  const Program *program() const { return code; }
  size_t pc() const { return programCounter; }

private:
  struct VmemWrite {
    int64_t begin, end, done;
  };
  struct AccWrite {
    int64_t begin, end, done;
  };
  struct MxuTimeline {
    int64_t lastStart = 0, lastDone = 0, streamFree = 0, weightPathFree = 0,
            stagedReady = 0, coveredUntil = 0;
    int64_t stagedRows = 0, stagedCols = 0, activeRows = 0, activeCols = 0;
    std::deque<int64_t> queue;
    std::vector<AccWrite> accWrites;
  };

  Status fail(const std::string &message) const;
  Status checkVmem(int64_t address, int64_t rows, int64_t rowBytes,
                   int64_t stride, const char *what) const;
  /// Waits (returns false) while `queue` holds queueDepth not-yet-started
  /// operations; counts the wait as `cause`.
  bool admit(std::deque<int64_t> &queue, StallCause cause);
  int64_t vmemWriteDone(int64_t begin, int64_t end) const;
  void recordVmemWrite(int64_t begin, int64_t end, int64_t done);
  void addStall(StallCause cause, int64_t cycles);
  void addTrace(int unit, const Instruction &inst, int64_t start, int64_t end);
  void addBusyInterval(int unit, int64_t start, int64_t end,
                       int64_t &coveredUntil);

  Status executeScalar(const Instruction &inst);
  Status executeBranch(const Instruction &inst);
  Status executeDma(const Instruction &inst);
  Status executeLoadWeights(const Instruction &inst);
  Status executeMatmul(const Instruction &inst);
  Status executePop(const Instruction &inst);
  Status executeVectorMemory(const Instruction &inst);
  Status executeVectorAlu(const Instruction &inst);
  Status executeCrossLane(const Instruction &inst);
  Status executeSync(const Instruction &inst);
  Status executeSend(const Instruction &inst);
  Status executeRecv(const Instruction &inst);
  Status executeScalarLoad(const Instruction &inst);
  /// Times one vector-unit operation: returns its start, updates the issue
  /// slot, and marks `dest` (if >= 0) ready after `latency`.
  int64_t timeVectorOp(const std::vector<int> &sources, int dest,
                       int64_t occupancy, int64_t latency,
                       int64_t extraReady, StallCause extraCause);

  System &system;
  const ChipConfig &config;
  int chipId;
  const RunOptions &options;
  const Program *code = nullptr;

  // Architectural state.
  std::array<int64_t, 32> sregs{};
  std::array<int64_t, 32> flags{};
  std::vector<float> vregs;
  ZeroedBuffer vmemBuffer;
  PagedMemory hbmMemory;
  std::vector<MxuState> mxus;
  std::vector<bool> stagedValid, activeValid; // timing-only bookkeeping

  // Issue state.
  size_t programCounter = 0;
  int64_t now = 0;
  bool isHalted = false;
  bool isBlocked = false;
  int64_t waitStart = 0;
  int waitFlag = 0;
  int64_t waitCount = 0;

  // Unit timelines.
  int64_t dmaChannelFree = 0, dmaLastStart = 0, dmaLastDone = 0;
  std::deque<int64_t> dmaQueue;
  std::vector<MxuTimeline> mxuTimelines;
  int64_t vectorNextIssue = 0, vectorLastReady = 0;
  std::vector<int64_t> vregReady;
  std::deque<int64_t> vectorQueue;
  int64_t iciNextIssue = 0, iciLastDone = 0;
  std::deque<int64_t> iciQueue;
  std::vector<VmemWrite> vmemWrites;

  ChipStats counters;
  std::vector<MxuOpRecord> mxuRecords;
};

} // namespace loom::systolic

#endif // LOOM_SIMULATOR_SYSTOLIC_CHIP_H
