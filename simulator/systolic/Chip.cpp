//===- Chip.cpp - Issue, scalar, DMA, sync and link instructions -----------===//
//
// Part of the Loom project.
//
// The scalar core's side of the chip: decoding each instruction, the queue
// admission that makes the core wait when a unit falls behind, scalar and
// branch semantics, flags, DMA and the link engine. MXU and vector
// instructions live in ChipCompute.cpp.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/Chip.h"

#include "simulator/systolic/System.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include <fmt/format.h>

namespace loom::systolic {

Chip::Chip(System &owner, const ChipConfig &chipConfig, int id,
           const RunOptions &runOptions)
    : system(owner), config(chipConfig), chipId(id), options(runOptions),
      hbmMemory(chipConfig.hbm.bytes) {}

Status Chip::initialize() {
  vmemBuffer = ZeroedBuffer(static_cast<size_t>(config.vmemBytes));
  if (!vmemBuffer.valid())
    return resourceExhausted(fmt::format(
        "chip {}: cannot allocate {} bytes of VMEM", chipId, config.vmemBytes));
  mxus.resize(config.mxu.count);
  for (int m = 0; m < config.mxu.count; ++m)
    if (!mxus[m].initialize(config.mxu.rows, config.mxu.cols,
                            config.mxu.accumulatorRows))
      return resourceExhausted(fmt::format(
          "chip {}: cannot allocate the accumulators of MXU {}", chipId, m));
  reset(0, {});
  return Status::ok();
}

void Chip::reset(size_t entry, const std::vector<int64_t> &arguments) {
  sregs.fill(0);
  sregs[0] = chipId;
  sregs[1] = config.numChips();
  for (size_t i = 0; i < arguments.size() && i + 2 < sregs.size(); ++i)
    sregs[i + 2] = arguments[i];
  flags.fill(0);
  vregs.assign(static_cast<size_t>(config.vector.registers) *
                   config.vector.sublanes * config.vector.lanes,
               0.0f);
  for (MxuState &mxu : mxus)
    mxu.reset();
  stagedValid.assign(config.mxu.count, false);
  activeValid.assign(config.mxu.count, false);

  programCounter = entry;
  now = 0;
  isHalted = false;
  isBlocked = false;
  waitStart = 0;
  waitFlag = 0;
  waitCount = 0;

  dmaChannelFree = dmaLastStart = dmaLastDone = 0;
  dmaQueue.clear();
  mxuTimelines.assign(config.mxu.count, MxuTimeline());
  vectorNextIssue = vectorLastReady = 0;
  vregReady.assign(config.vector.registers, 0);
  vectorQueue.clear();
  iciNextIssue = iciLastDone = 0;
  iciQueue.clear();
  vmemWrites.clear();

  counters = ChipStats();
  counters.units.assign(kUnitMxu0 + config.mxu.count, UnitStats());
  mxuRecords.clear();
}

void Chip::setProgram(const Program *program) { code = program; }

float *Chip::vectorRegister(int reg) {
  return vregs.data() +
         static_cast<size_t>(reg) * config.vector.sublanes * config.vector.lanes;
}

Status Chip::fail(const std::string &message) const {
  std::string prefix =
      config.numChips() > 1 ? fmt::format("chip {}: ", chipId) : "";
  return aborted(
      fmt::format("{}{}: {}", prefix, code->where(programCounter), message));
}

Status Chip::checkVmem(int64_t address, int64_t rows, int64_t rowBytes,
                       int64_t stride, const char *what) const {
  if (address < 0)
    return fail(fmt::format("{} address {} is negative", what, address));
  if (address >= config.vmemBytes) // also keeps `end` from overflowing
    return fail(fmt::format("{} address {} is outside VMEM ({} bytes)", what,
                            address, config.vmemBytes));
  int64_t end = address + (rows - 1) * stride + rowBytes;
  if (end > config.vmemBytes)
    return fail(fmt::format(
        "{} range [{}, {}) is outside VMEM ({} bytes)", what, address, end,
        config.vmemBytes));
  return Status::ok();
}

bool Chip::admit(std::deque<int64_t> &queue, StallCause cause) {
  while (!queue.empty() && queue.front() <= now)
    queue.pop_front();
  if (static_cast<int>(queue.size()) < config.queueDepth)
    return true;
  addStall(cause, queue.front() - now);
  now = queue.front();
  return false;
}

int64_t Chip::vmemWriteDone(int64_t begin, int64_t end) const {
  int64_t done = 0;
  for (const VmemWrite &write : vmemWrites)
    if (write.begin < end && begin < write.end)
      done = std::max(done, write.done);
  return done;
}

void Chip::recordVmemWrite(int64_t begin, int64_t end, int64_t done) {
  if (vmemWrites.size() >= 64)
    vmemWrites.erase(std::remove_if(vmemWrites.begin(), vmemWrites.end(),
                                    [&](const VmemWrite &w) {
                                      return w.done <= now;
                                    }),
                     vmemWrites.end());
  vmemWrites.push_back({begin, end, done});
}

void Chip::addStall(StallCause cause, int64_t cycles) {
  if (cycles > 0)
    counters.stalls[static_cast<size_t>(cause)] += cycles;
}

void Chip::addTrace(int unit, const Instruction &inst, int64_t start,
                    int64_t end) {
  if (options.trace)
    system.addTrace({chipId, unit, formatInstruction(inst), start, end});
}

void Chip::addBusyInterval(int unit, int64_t start, int64_t end,
                           int64_t &coveredUntil) {
  // Operations of a unit start in order, so the union of their intervals
  // grows only at its right end.
  int64_t from = std::max(start, coveredUntil);
  if (end > from)
    counters.units[unit].busyCycles += end - from;
  coveredUntil = std::max(coveredUntil, end);
  ++counters.units[unit].operations;
}

Status Chip::step() {
  if (programCounter >= code->code.size())
    return aborted(fmt::format(
        "{}{}: execution ran past the last instruction ({}) without `halt`",
        config.numChips() > 1 ? fmt::format("chip {}: ", chipId) : "",
        code->name, code->code.size() - 1));
  const Instruction &inst = code->code[programCounter];
  Status status = Status::ok();
  size_t next = programCounter + 1;
  switch (inst.opcode) {
  case Opcode::Halt:
    isHalted = true;
    break;
  case Opcode::ScalarAlu:
  case Opcode::ScalarAluImmediate:
    status = executeScalar(inst);
    break;
  case Opcode::Branch:
    status = executeBranch(inst);
    next = programCounter; // executeBranch already moved it
    break;
  case Opcode::Dma:
    if (!admit(dmaQueue, StallCause::DmaQueueFull))
      return Status::ok();
    status = executeDma(inst);
    break;
  case Opcode::LoadWeights:
  case Opcode::Matmul: {
    int m = static_cast<int>(inst.field[mm::Mxu]);
    if (m >= config.mxu.count)
      return fail(fmt::format("MXU m{} does not exist (the chip has {})", m,
                              config.mxu.count));
    if (!admit(mxuTimelines[m].queue, StallCause::MxuQueueFull))
      return Status::ok();
    status = inst.opcode == Opcode::Matmul ? executeMatmul(inst)
                                           : executeLoadWeights(inst);
    break;
  }
  case Opcode::Pop:
  case Opcode::VectorLoad:
  case Opcode::VectorStore:
  case Opcode::VectorAlu:
  case Opcode::CrossLane:
    if (!admit(vectorQueue, StallCause::VectorQueueFull))
      return Status::ok();
    status = inst.opcode == Opcode::Pop         ? executePop(inst)
             : inst.opcode == Opcode::VectorAlu ? executeVectorAlu(inst)
             : inst.opcode == Opcode::CrossLane ? executeCrossLane(inst)
                                                : executeVectorMemory(inst);
    break;
  case Opcode::Sync:
    status = executeSync(inst);
    if (isBlocked)
      return status;
    break;
  case Opcode::Send:
    if (!admit(iciQueue, StallCause::IciQueueFull))
      return Status::ok();
    status = executeSend(inst);
    break;
  case Opcode::Recv:
    status = executeRecv(inst);
    break;
  case Opcode::ScalarLoad:
    status = executeScalarLoad(inst);
    break;
  case Opcode::Count:
    return fail("invalid opcode");
  }
  if (!status.isOk())
    return status;
  programCounter = next;
  ++now;
  ++counters.instructions;
  ++counters.units[kUnitScalar].operations;
  ++counters.units[kUnitScalar].busyCycles;
  return Status::ok();
}

Status Chip::executeScalar(const Instruction &inst) {
  bool immediate = inst.opcode == Opcode::ScalarAluImmediate;
  int dest = static_cast<int>(inst.field[alu::Dest]);
  int64_t a = sregs[inst.field[alu::SrcA]];
  int64_t b = immediate ? inst.field[alui::Imm] : sregs[inst.field[alu::SrcB]];
  auto func = static_cast<ScalarFunc>(inst.func);
  uint64_t ua = static_cast<uint64_t>(a), ub = static_cast<uint64_t>(b);
  int64_t result = 0;
  switch (func) {
  case ScalarFunc::Add:
    result = static_cast<int64_t>(ua + ub);
    break;
  case ScalarFunc::Sub:
    result = static_cast<int64_t>(ua - ub);
    break;
  case ScalarFunc::Mul:
    result = static_cast<int64_t>(ua * ub);
    break;
  case ScalarFunc::Div:
  case ScalarFunc::Rem:
    if (b == 0)
      return fail("division by zero");
    if (a == INT64_MIN && b == -1)
      return fail("division overflows 64 bits");
    result = func == ScalarFunc::Div ? a / b : a % b;
    break;
  case ScalarFunc::And:
    result = a & b;
    break;
  case ScalarFunc::Or:
    result = a | b;
    break;
  case ScalarFunc::Xor:
    result = a ^ b;
    break;
  case ScalarFunc::Shl:
    result = static_cast<int64_t>(ua << (ub & 63));
    break;
  case ScalarFunc::Shr:
    result = a >> (ub & 63); // arithmetic
    break;
  case ScalarFunc::Lt:
    result = a < b;
    break;
  case ScalarFunc::Eq:
    result = a == b;
    break;
  case ScalarFunc::Min:
    result = std::min(a, b);
    break;
  case ScalarFunc::Max:
    result = std::max(a, b);
    break;
  case ScalarFunc::LoadImmediate:
  case ScalarFunc::LoadFloatImmediate:
    result = b;
    break;
  case ScalarFunc::AddF64: {
    double x, y;
    std::memcpy(&x, &a, 8);
    std::memcpy(&y, &b, 8);
    double sum = x + y;
    std::memcpy(&result, &sum, 8);
    break;
  }
  }
  sregs[dest] = result;
  return Status::ok();
}

Status Chip::executeScalarLoad(const Instruction &inst) {
  bool wide = static_cast<ScalarLoadFunc>(inst.func) == ScalarLoadFunc::I64;
  int64_t address = sregs[inst.field[sld::Addr]];
  int64_t bytes = wide ? 8 : 4;
  LOOM_RETURN_IF_ERROR(
      checkVmem(address, 1, bytes, 0, wide ? "s.ld VMEM" : "s.ld32 VMEM"));
  // The core waits for vst still writing the word, then for the load.
  int64_t ready = vmemWriteDone(address, address + bytes);
  if (ready > now) {
    addStall(StallCause::ScalarLoadHazard, ready - now);
    now = ready;
  }
  now += config.vector.loadLatency - 1;
  int64_t value = 0;
  if (options.functional) {
    if (wide) {
      std::memcpy(&value, vmem() + address, 8);
    } else {
      int32_t narrow;
      std::memcpy(&narrow, vmem() + address, 4);
      value = narrow;
    }
  }
  sregs[inst.field[sld::Dest]] = value;
  return Status::ok();
}

Status Chip::executeBranch(const Instruction &inst) {
  int64_t a = sregs[inst.field[br::SrcA]];
  int64_t b = sregs[inst.field[br::SrcB]];
  bool taken = false;
  switch (static_cast<BranchFunc>(inst.func)) {
  case BranchFunc::Eq:
    taken = a == b;
    break;
  case BranchFunc::Ne:
    taken = a != b;
    break;
  case BranchFunc::Lt:
    taken = a < b;
    break;
  case BranchFunc::Ge:
    taken = a >= b;
    break;
  case BranchFunc::Always:
    taken = true;
    break;
  case BranchFunc::Loop:
    sregs[inst.field[br::SrcA]] = a - 1;
    taken = a - 1 != 0;
    break;
  }
  programCounter = taken ? static_cast<size_t>(inst.field[br::Target])
                         : programCounter + 1;
  return Status::ok();
}

Status Chip::executeSync(const Instruction &inst) {
  int index = static_cast<int>(inst.field[sync::Flag]);
  int64_t count = inst.field[sync::Count];
  if (static_cast<SyncFunc>(inst.func) == SyncFunc::Signal) {
    flags[index] += count;
    return Status::ok();
  }
  if (flags[index] >= count) {
    flags[index] -= count;
    return Status::ok();
  }
  isBlocked = true;
  waitStart = now;
  waitFlag = index;
  waitCount = count;
  return Status::ok();
}

void Chip::raiseFlag(int index, int64_t amount, int64_t time) {
  flags[index] += amount;
  if (!isBlocked || waitFlag != index || flags[index] < waitCount)
    return;
  flags[index] -= waitCount;
  isBlocked = false;
  int64_t resume = std::max(time, waitStart);
  addStall(StallCause::FlagWait, resume - waitStart);
  now = resume + 1;
  ++programCounter;
  ++counters.instructions;
  ++counters.units[kUnitScalar].operations;
  ++counters.units[kUnitScalar].busyCycles;
}

std::string Chip::blockedDescription() const {
  std::string prefix =
      config.numChips() > 1 ? fmt::format("chip {}: ", chipId) : "";
  return fmt::format("{}{} waits from cycle {}: f{} is {}, needs {}", prefix,
                     code->where(programCounter), waitStart, waitFlag,
                     flags[waitFlag], waitCount);
}

Status Chip::executeDma(const Instruction &inst) {
  bool load = static_cast<DmaFunc>(inst.func) == DmaFunc::Load;
  int64_t vaddr = sregs[inst.field[dma::VmemAddr]];
  int64_t haddr = sregs[inst.field[dma::HbmAddr]];
  int flagIndex = static_cast<int>(inst.field[dma::Flag]);
  int64_t rows = inst.field[dma::Rows], rowBytes = inst.field[dma::RowBytes];
  int64_t vstride = inst.field[dma::VmemStride];
  int64_t hstride = inst.field[dma::HbmStride];
  if (rows == 0 || rowBytes == 0)
    return fail("DMA of zero bytes (rows and row_bytes must be at least 1)");
  int64_t align = config.hbm.dmaAlignment;
  const struct {
    const char *name;
    int64_t value;
  } aligned[] = {{"VMEM address", vaddr}, {"HBM address", haddr},
                 {"row size", rowBytes},  {"VMEM stride", vstride},
                 {"HBM stride", hstride}};
  for (const auto &item : aligned)
    if (item.value % align != 0)
      return fail(fmt::format("misaligned DMA: {} {} is not a multiple of the "
                              "{}-byte DMA alignment",
                              item.name, item.value, align));
  LOOM_RETURN_IF_ERROR(checkVmem(vaddr, rows, rowBytes, vstride, "DMA VMEM"));
  if (haddr < 0 || haddr >= config.hbm.bytes)
    return fail(fmt::format("DMA HBM address {} is outside HBM ({} bytes)",
                            haddr, config.hbm.bytes));
  int64_t hbmEnd = haddr + (rows - 1) * hstride + rowBytes;
  if (hbmEnd > config.hbm.bytes)
    return fail(fmt::format("DMA HBM range [{}, {}) is outside HBM ({} bytes)",
                            haddr, hbmEnd, config.hbm.bytes));

  int64_t bytes = rows * rowBytes;
  int64_t burst = config.hbm.burstBytes;
  int64_t channelBytes = rows * ((rowBytes + burst - 1) / burst * burst);
  int64_t transfer = std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil(static_cast<double>(channelBytes) /
                                            config.hbmBytesPerCycle() -
                                        1e-9)));
  int64_t base = std::max(now, dmaLastStart);
  int64_t hazard =
      load ? 0 : vmemWriteDone(vaddr, vaddr + (rows - 1) * vstride + rowBytes);
  int64_t start = std::max({base, hazard, dmaChannelFree});
  if (start > base)
    addStall(dmaChannelFree >= hazard ? StallCause::HbmBandwidth
                                      : StallCause::DmaVmemHazard,
             start - base);
  int64_t done = start + config.hbm.latencyCycles + transfer;
  dmaChannelFree = start + transfer;
  dmaLastStart = start;
  dmaLastDone = std::max(dmaLastDone, done);
  dmaQueue.push_back(start);
  counters.units[kUnitDma].busyCycles += transfer;
  ++counters.units[kUnitDma].operations;
  (load ? counters.hbmBytesRead : counters.hbmBytesWritten) += bytes;
  addTrace(kUnitDma, inst, start, done);

  bool functional = options.functional;
  system.schedule(done, [this, load, vaddr, haddr, rows, rowBytes, vstride,
                         hstride, flagIndex, done, functional]() {
    if (functional)
      for (int64_t r = 0; r < rows; ++r) {
        uint8_t *v = vmem() + vaddr + r * vstride;
        if (load)
          hbmMemory.read(haddr + r * hstride, v, rowBytes);
        else
          hbmMemory.write(haddr + r * hstride, v, rowBytes);
      }
    raiseFlag(flagIndex, 1, done);
    return Status::ok();
  });
  return Status::ok();
}

Status Chip::executeSend(const Instruction &inst) {
  int64_t address = sregs[inst.field[ici::Addr]];
  int64_t destination = sregs[inst.field[ici::Chip]];
  int flagIndex = static_cast<int>(inst.field[ici::Flag]);
  int64_t bytes = inst.field[ici::Bytes];
  if (bytes == 0)
    return fail("send of zero bytes");
  if (destination < 0 || destination >= config.numChips())
    return fail(fmt::format("send to chip {}, but the torus {} has chips 0..{}",
                            destination, torusName(config.ici.torus),
                            config.numChips() - 1));
  if (destination == chipId)
    return fail("send to the sending chip itself");
  LOOM_RETURN_IF_ERROR(checkVmem(address, 1, bytes, 0, "send VMEM"));

  int64_t base = std::max(now, iciNextIssue);
  int64_t hazard = vmemWriteDone(address, address + bytes);
  int64_t start = std::max(base, hazard);
  addStall(StallCause::DmaVmemHazard, start - base);
  Transfer transfer = system.torus().send(chipId, static_cast<int>(destination),
                                          bytes, start);
  addStall(StallCause::LinkContention, transfer.contention);
  iciNextIssue = start + 1;
  iciLastDone = std::max(iciLastDone, transfer.arrivalTime);
  iciQueue.push_back(start);
  counters.units[kUnitIci].busyCycles += transfer.linkCycles;
  ++counters.units[kUnitIci].operations;
  counters.iciBytesSent += bytes;
  addTrace(kUnitIci, inst, start, transfer.arrivalTime);

  auto data = std::make_shared<std::vector<uint8_t>>();
  bool functional = options.functional;
  int64_t leave = transfer.leaveTime;
  system.schedule(leave, [this, data, address, bytes, flagIndex, leave,
                          functional]() {
    if (functional)
      data->assign(vmem() + address, vmem() + address + bytes);
    raiseFlag(flagIndex, 1, leave);
    return Status::ok();
  });
  System::Message message{chipId, static_cast<int>(destination), bytes,
                          programCounter, data};
  System *owner = &system;
  int64_t arrival = transfer.arrivalTime;
  system.schedule(arrival, [owner, message, arrival]() {
    Status status = Status::ok();
    owner->deliver(message, arrival, status);
    return status;
  });
  return Status::ok();
}

Status Chip::executeRecv(const Instruction &inst) {
  int64_t address = sregs[inst.field[ici::Addr]];
  int64_t source = sregs[inst.field[ici::Chip]];
  int flagIndex = static_cast<int>(inst.field[ici::Flag]);
  int64_t bytes = inst.field[ici::Bytes];
  if (bytes == 0)
    return fail("recv of zero bytes");
  if (source < 0 || source >= config.numChips())
    return fail(fmt::format(
        "recv from chip {}, but the torus {} has chips 0..{}", source,
        torusName(config.ici.torus), config.numChips() - 1));
  if (source == chipId)
    return fail("recv from the receiving chip itself");
  LOOM_RETURN_IF_ERROR(checkVmem(address, 1, bytes, 0, "recv VMEM"));
  return system.postRecv(chipId, static_cast<int>(source), address, bytes,
                         flagIndex, programCounter, now);
}

int64_t Chip::finishTime() const {
  int64_t finish = std::max({now, dmaLastDone, vectorLastReady, vectorNextIssue,
                             iciLastDone, system.lastDeliveryTime(chipId)});
  for (const MxuTimeline &timeline : mxuTimelines)
    finish = std::max(finish, timeline.lastDone);
  return finish;
}

ChipStats Chip::stats() const {
  ChipStats result = counters;
  result.totalCycles = finishTime();
  return result;
}

} // namespace loom::systolic
