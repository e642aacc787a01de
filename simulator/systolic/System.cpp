//===- System.cpp - Chips on a torus, run to completion --------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "simulator/systolic/System.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include <fmt/format.h>

namespace loom::systolic {

System::System(const ChipConfig &config, const RunOptions &options)
    : chipConfig(config), runOptions(options), links(chipConfig) {}

Result<std::unique_ptr<System>> System::create(const ChipConfig &config,
                                               const RunOptions &options) {
  Status valid = config.validate();
  if (!valid.isOk())
    return valid;
  std::unique_ptr<System> system(new System(config, options));
  int count = config.numChips();
  system->deliveredUntil.assign(count, 0);
  for (int i = 0; i < count; ++i) {
    system->chips.push_back(std::make_unique<Chip>(
        *system, system->chipConfig, i, system->runOptions));
    LOOM_RETURN_IF_ERROR(system->chips.back()->initialize());
  }
  return system;
}

Status System::loadPrograms(std::vector<Program> loaded) {
  if (loaded.size() != 1 && loaded.size() != chips.size())
    return invalidArgument(fmt::format(
        "{} programs for a torus of {} chips: give one program for all chips "
        "or one per chip",
        loaded.size(), chips.size()));
  programs = std::move(loaded);
  for (size_t i = 0; i < chips.size(); ++i)
    chips[i]->setProgram(&programs[programs.size() == 1 ? 0 : i]);
  return Status::ok();
}

void System::schedule(int64_t time, std::function<Status()> action) {
  events.push({time, nextSequence++, std::move(action)});
}

Status System::completeDelivery(const Message &message, const PostedRecv &recv,
                                int64_t time) {
  Chip &destination = *chips[message.destination];
  if (recv.bytes != message.bytes)
    return aborted(fmt::format(
        "chip {}: {}: receives {} bytes from chip {}, but chip {} sent {} "
        "bytes at {}",
        message.destination, destination.program()->where(recv.recvIndex),
        recv.bytes, message.source, message.source, message.bytes,
        chips[message.source]->program()->where(message.sendIndex)));
  if (runOptions.functional)
    std::memcpy(destination.vmem() + recv.address, message.data->data(),
                static_cast<size_t>(message.bytes));
  destination.countReceived(message.bytes);
  deliveredUntil[message.destination] =
      std::max(deliveredUntil[message.destination], time);
  destination.raiseFlag(recv.flag, 1, time);
  return Status::ok();
}

void System::deliver(Message message, int64_t time, Status &status) {
  auto key = std::make_pair(message.destination, message.source);
  std::deque<PostedRecv> &waiting = posted[key];
  if (waiting.empty()) {
    inbox[key].push_back(std::move(message));
    return;
  }
  PostedRecv recv = waiting.front();
  waiting.pop_front();
  status = completeDelivery(message, recv, time);
}

Status System::postRecv(int destination, int source, int64_t address,
                        int64_t bytes, int flag, size_t recvIndex,
                        int64_t time) {
  auto key = std::make_pair(destination, source);
  PostedRecv recv{address, bytes, flag, recvIndex};
  std::deque<Message> &arrived = inbox[key];
  if (arrived.empty()) {
    posted[key].push_back(recv);
    return Status::ok();
  }
  Message message = std::move(arrived.front());
  arrived.pop_front();
  return completeDelivery(message, recv, time);
}

Status System::run() {
  if (programs.empty())
    return invalidArgument("no program loaded");
  return execute();
}

namespace {

/// Why `program` cannot start at `entry` with `arguments`, after `prefix`.
Status checkLaunch(const std::string &prefix, const Program &program,
                   size_t entry, const std::vector<int64_t> &arguments) {
  if (entry >= program.code.size())
    return invalidArgument(fmt::format(
        "{}{}: entry instruction {} is past the last instruction ({})", prefix,
        program.name, entry,
        program.code.empty() ? std::string("none")
                             : std::to_string(program.code.size() - 1)));
  if (arguments.size() > 30)
    return invalidArgument(fmt::format(
        "{}{}: {} launch arguments, but only s2..s31 (30) can hold them",
        prefix, program.name, arguments.size()));
  return Status::ok();
}

} // namespace

Status System::launch(const Program &program, size_t entry,
                      const std::vector<int64_t> &arguments) {
  LOOM_RETURN_IF_ERROR(checkLaunch("", program, entry, arguments));
  return launch(std::vector<ChipLaunch>(
      chips.size(), ChipLaunch{&program, entry, arguments}));
}

Status System::launch(const std::vector<ChipLaunch> &perChip) {
  if (perChip.size() != chips.size())
    return invalidArgument(fmt::format(
        "a launch for {} chips on a torus of {} chips: give one entry per "
        "chip",
        perChip.size(), chips.size()));
  for (size_t i = 0; i < perChip.size(); ++i) {
    std::string prefix = fmt::format("chip {}: ", i);
    if (!perChip[i].program)
      return invalidArgument(prefix + "no program to launch");
    LOOM_RETURN_IF_ERROR(checkLaunch(prefix, *perChip[i].program,
                                     perChip[i].entry, perChip[i].arguments));
  }
  events = decltype(events)();
  nextSequence = 0;
  inbox.clear();
  posted.clear();
  deliveredUntil.assign(chips.size(), 0);
  traceEvents.clear();
  links = Torus(chipConfig);
  for (size_t i = 0; i < chips.size(); ++i) {
    chips[i]->reset(perChip[i].entry, perChip[i].arguments);
    chips[i]->setProgram(perChip[i].program);
  }
  return execute();
}

Status System::checkHbmRange(int chip, int64_t address, int64_t bytes,
                             const char *what) const {
  if (chip < 0 || chip >= numChips())
    return outOfRange(
        fmt::format("HBM {} on chip {}, but the system has chips 0..{}", what,
                    chip, numChips() - 1));
  if (address < 0 || bytes < 0 || address > chipConfig.hbm.bytes ||
      bytes > chipConfig.hbm.bytes - address)
    return outOfRange(fmt::format(
        "HBM {} of {} bytes at address {} on chip {} is outside its HBM "
        "({} bytes)",
        what, bytes, address, chip, chipConfig.hbm.bytes));
  return Status::ok();
}

Status System::writeHbm(int chip, int64_t address, const void *source,
                        int64_t bytes) {
  LOOM_RETURN_IF_ERROR(checkHbmRange(chip, address, bytes, "write"));
  chips[chip]->hbm().write(address, source, bytes);
  return Status::ok();
}

Status System::readHbm(int chip, int64_t address, void *destination,
                       int64_t bytes) const {
  LOOM_RETURN_IF_ERROR(checkHbmRange(chip, address, bytes, "read"));
  chips[chip]->hbm().read(address, destination, bytes);
  return Status::ok();
}

Status System::execute() {
  int64_t executed = 0;
  while (true) {
    Chip *next = nullptr;
    for (auto &chip : chips)
      if (!chip->halted() && !chip->blocked() &&
          (!next || chip->clock() < next->clock()))
        next = chip.get();
    int64_t horizon =
        next ? next->clock() : std::numeric_limits<int64_t>::max();
    if (!events.empty() && events.top().time <= horizon) {
      Event event = events.top();
      events.pop();
      LOOM_RETURN_IF_ERROR(event.action());
      continue;
    }
    if (!next)
      break;
    if (++executed > runOptions.maxInstructions)
      return deadlineExceeded(fmt::format(
          "stopped after {} instructions, the limit for one run; chip {} is "
          "at {} (does a loop never end?)",
          runOptions.maxInstructions, next->id(),
          next->program()->where(next->pc())));
    LOOM_RETURN_IF_ERROR(next->step());
  }
  for (auto &chip : chips)
    if (chip->blocked())
      return describeDeadlock();
  return checkLeftoverMessages();
}

Status System::describeDeadlock() const {
  std::string message =
      "deadlock: no DMA, message or signal is pending that could raise the "
      "flags these chips wait on:";
  for (const auto &chip : chips)
    if (chip->blocked())
      message += "\n  " + chip->blockedDescription();
  for (const auto &[key, recvs] : posted)
    for (const PostedRecv &recv : recvs)
      message += fmt::format(
          "\n  chip {}: {} is still waiting for a message from chip {}",
          key.first, chips[key.first]->program()->where(recv.recvIndex),
          key.second);
  return aborted(message);
}

Status System::checkLeftoverMessages() const {
  for (const auto &[key, messages] : inbox)
    if (!messages.empty())
      return aborted(fmt::format(
          "chip {} halted without receiving the {}-byte message chip {} sent "
          "at {}",
          key.first, messages.front().bytes, key.second,
          chips[key.second]->program()->where(messages.front().sendIndex)));
  for (const auto &[key, recvs] : posted)
    if (!recvs.empty())
      return aborted(fmt::format(
          "chip {} halted, but its {} never got a message from chip {}",
          key.first,
          chips[key.first]->program()->where(recvs.front().recvIndex),
          key.second));
  return Status::ok();
}

int64_t System::totalCycles() const {
  int64_t total = 0;
  for (const auto &chip : chips)
    total = std::max(total, chip->finishTime());
  return total;
}

std::vector<ChipStats> System::stats() const {
  std::vector<ChipStats> result;
  for (const auto &chip : chips)
    result.push_back(chip->stats());
  return result;
}

} // namespace loom::systolic
