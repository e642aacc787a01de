//===- SystolicMachine.cpp - One simulated chip a device runs on ----------===//
//
// Part of the Loom project.
//
// The simulator starts a program at instruction 0 with fresh state, so a
// launch runs a fresh single-chip System whose program is a prologue (load
// s2.. with the launch's scalars, jump to the entry) before the library's
// code, every branch target moved past the prologue. HBM lives here, as the
// bytes [0, hbmBytes) the device's layout uses: each launch loads them into
// the chip and reads them back once it halted. The prologue's instructions
// are not counted in the launch's statistics.
//
//===----------------------------------------------------------------------===//

#include "runtime/drivers/systolic/SystolicMachine.h"

#include "simulator/systolic/System.h"

#include <cstring>
#include <new>

namespace loom {

namespace {

std::string str(uint64_t value) { return std::to_string(value); }

systolic::Instruction loadImmediate(int reg, int64_t value) {
  systolic::Instruction inst;
  inst.opcode = systolic::Opcode::ScalarAluImmediate;
  inst.func = static_cast<uint8_t>(systolic::ScalarFunc::LoadImmediate);
  inst.field[0] = reg;
  inst.field[2] = value;
  return inst;
}

systolic::Instruction jump(int64_t target) {
  systolic::Instruction inst;
  inst.opcode = systolic::Opcode::Branch;
  inst.func = static_cast<uint8_t>(systolic::BranchFunc::Always);
  inst.field[2] = target;
  return inst;
}

/// `program` behind a prologue that sets s2 + i = scalars[i] and jumps to
/// `entry`.
systolic::Program withPrologue(const systolic::Program &program, uint32_t entry,
                               const std::vector<int64_t> &scalars) {
  int64_t shift = static_cast<int64_t>(scalars.size()) + 1;
  systolic::Program out;
  out.name = program.name;
  out.code.reserve(program.code.size() + shift);
  for (size_t i = 0; i < scalars.size(); ++i)
    out.code.push_back(loadImmediate(static_cast<int>(2 + i), scalars[i]));
  out.code.push_back(jump(entry + shift));
  for (systolic::Instruction inst : program.code) {
    const systolic::OpcodeInfo &info = systolic::opcodeInfo(inst.opcode);
    for (size_t f = 0; f < info.fields.size(); ++f)
      if (info.fields[f].kind == systolic::FieldKind::Target)
        inst.field[f] += shift;
    out.code.push_back(inst);
  }
  if (!program.lines.empty()) {
    out.lines.assign(shift, 0);
    out.lines.insert(out.lines.end(), program.lines.begin(),
                     program.lines.end());
  }
  return out;
}

} // namespace

Status SystolicMachine::create(const systolic::ChipConfig &config,
                               uint64_t hbmBytes, bool recordTrace,
                               std::unique_ptr<SystolicMachine> &out) {
  out.reset();
  if (hbmBytes > static_cast<uint64_t>(config.hbm.bytes))
    return resourceExhausted("the device program needs " + str(hbmBytes) +
                             " bytes of HBM, but the chip has " +
                             str(config.hbm.bytes));
  std::unique_ptr<SystolicMachine> machine(
      new SystolicMachine(config, recordTrace));
  // One chip: a device is one chip of the config's torus.
  machine->chip.ici.torus = {1};
  machine->hbm.resize(hbmBytes);
  out = std::move(machine);
  return Status::ok();
}

Status SystolicMachine::write(uint64_t address, const void *data,
                              uint64_t size) {
  if (address > hbm.size() || size > hbm.size() - address)
    return outOfRange("HBM bytes [" + str(address) + ", " +
                      str(address + size) + ") lie outside the " +
                      str(hbm.size()) + " bytes in use");
  if (size)
    std::memcpy(hbm.data() + address, data, size);
  return Status::ok();
}

Status SystolicMachine::read(uint64_t address, void *data,
                             uint64_t size) const {
  if (address > hbm.size() || size > hbm.size() - address)
    return outOfRange("HBM bytes [" + str(address) + ", " +
                      str(address + size) + ") lie outside the " +
                      str(hbm.size()) + " bytes in use");
  if (size)
    std::memcpy(data, hbm.data() + address, size);
  return Status::ok();
}

Status SystolicMachine::copy(uint64_t destination, uint64_t source,
                             uint64_t size) {
  for (uint64_t address : {destination, source})
    if (address > hbm.size() || size > hbm.size() - address)
      return outOfRange("HBM bytes [" + str(address) + ", " +
                        str(address + size) + ") lie outside the " +
                        str(hbm.size()) + " bytes in use");
  if (size)
    std::memmove(hbm.data() + destination, hbm.data() + source, size);
  return Status::ok();
}

Status SystolicMachine::launch(const systolic::Program &program, uint32_t entry,
                               const std::vector<int64_t> &scalars,
                               SystolicLaunchResult &result) {
  result = SystolicLaunchResult();
  systolic::RunOptions options;
  options.trace = recordTrace;
  systolic::Result<std::unique_ptr<systolic::System>> created =
      systolic::System::create(chip, options);
  if (!created.ok())
    return invalidArgument(created.message());
  systolic::System &system = **created;
  systolic::Status loaded =
      system.loadPrograms({withPrologue(program, entry, scalars)});
  if (!loaded.ok())
    return invalidArgument(loaded.message());
  systolic::Chip &device = system.chip(0);
  device.hbm().write(0, hbm.data(), static_cast<int64_t>(hbm.size()));
  systolic::Status ran = system.run();
  if (!ran.ok())
    return aborted(ran.message());
  device.hbm().read(0, hbm.data(), static_cast<int64_t>(hbm.size()));

  result.stats = device.stats();
  result.stats.instructions -= static_cast<int64_t>(scalars.size()) + 1;
  result.trace = system.trace();
  return Status::ok();
}

} // namespace loom
