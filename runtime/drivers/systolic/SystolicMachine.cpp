//===- SystolicMachine.cpp - One simulated chip a device runs on ----------===//
//
// Part of the Loom project.
//
// A thin layer over systolic::System's device interface (launch, writeHbm,
// readHbm, and the per-chip launch of a mesh); the simulator's statuses are
// the runtime's.
//
//===----------------------------------------------------------------------===//

#include "runtime/drivers/systolic/SystolicMachine.h"

#include "simulator/systolic/System.h"

namespace loom {

namespace {

std::string str(uint64_t value) { return std::to_string(value); }

/// Sizes and addresses are uint64_t here and int64_t in the simulator;
/// anything past INT64_MAX is past every HBM.
int64_t signedSize(uint64_t value) {
  return value > uint64_t(INT64_MAX) ? INT64_MAX : int64_t(value);
}

/// The simulator's status with its message as one line: a deadlock lists
/// each waiting chip on an indented line of its own ("...: chip 0: ...;
/// chip 1: ...").
Status launchFailure(const Status &ran) {
  const std::string &message = ran.message();
  std::string line;
  size_t start = 0;
  for (size_t at; (at = message.find("\n  ", start)) != std::string::npos;
       start = at + 3) {
    line += message.substr(start, at - start);
    line += !line.empty() && line.back() == ':' ? " " : "; ";
  }
  return Status(ran.code(), line + message.substr(start));
}

} // namespace

SystolicMachine::~SystolicMachine() = default;

Status SystolicMachine::create(const systolic::ChipConfig &config,
                               uint64_t hbmBytes,
                               const systolic::RunOptions &run,
                               std::unique_ptr<SystolicMachine> &out) {
  return create(config, hbmBytes, run, /*wholeTorus=*/false, out);
}

Status SystolicMachine::createTorus(const systolic::ChipConfig &config,
                                    uint64_t hbmBytes,
                                    const systolic::RunOptions &run,
                                    std::unique_ptr<SystolicMachine> &out) {
  return create(config, hbmBytes, run, /*wholeTorus=*/true, out);
}

Status SystolicMachine::create(const systolic::ChipConfig &config,
                               uint64_t hbmBytes,
                               const systolic::RunOptions &run, bool wholeTorus,
                               std::unique_ptr<SystolicMachine> &out) {
  out.reset();
  if (hbmBytes > static_cast<uint64_t>(config.hbm.bytes))
    return resourceExhausted("the device program needs " + str(hbmBytes) +
                             " bytes of HBM, but the chip has " +
                             str(config.hbm.bytes));
  systolic::ChipConfig chip = config;
  if (!wholeTorus)
    chip.ici.torus = {1};
  Result<std::unique_ptr<systolic::System>> created =
      systolic::System::create(chip, run);
  if (!created.isOk())
    return created.status();
  std::unique_ptr<SystolicMachine> machine(new SystolicMachine());
  machine->system = std::move(*created);
  out = std::move(machine);
  return Status::ok();
}

int SystolicMachine::chips() const { return system->numChips(); }

Status SystolicMachine::write(uint64_t address, const void *data, uint64_t size,
                              int chip) {
  return system->writeHbm(chip, signedSize(address), data, signedSize(size));
}

Status SystolicMachine::read(uint64_t address, void *data, uint64_t size,
                             int chip) const {
  return system->readHbm(chip, signedSize(address), data, signedSize(size));
}

Status SystolicMachine::copy(uint64_t destination, uint64_t source,
                             uint64_t size, int chip) {
  // Through the host, whole: the ranges may overlap.
  std::vector<uint8_t> bytes(size);
  LOOM_RETURN_IF_ERROR(read(source, bytes.data(), size, chip));
  return write(destination, bytes.data(), size, chip);
}

Status SystolicMachine::launch(const systolic::Program &program, uint32_t entry,
                               const std::vector<int64_t> &scalars,
                               SystolicLaunchResult &result) {
  result = SystolicLaunchResult();
  Status ran = system->launch(program, entry, scalars);
  if (!ran.isOk())
    return launchFailure(ran);
  result.stats = system->stats()[0];
  result.trace = system->trace();
  return Status::ok();
}

Status SystolicMachine::launch(
    const std::vector<systolic::System::ChipLaunch> &perChip,
    std::vector<SystolicLaunchResult> &results) {
  results.clear();
  Status ran = system->launch(perChip);
  if (!ran.isOk())
    return launchFailure(ran);
  std::vector<systolic::ChipStats> stats = system->stats();
  results.resize(stats.size());
  for (size_t c = 0; c < stats.size(); ++c)
    results[c].stats = stats[c];
  for (const systolic::TraceEvent &event : system->trace())
    results[event.chip].trace.push_back(event);
  return Status::ok();
}

int64_t SystolicMachine::lastLaunchCycles() const {
  return system->totalCycles();
}

} // namespace loom
