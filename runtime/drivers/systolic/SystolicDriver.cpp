//===- SystolicDriver.cpp - Running device programs on the systolic chip --===//
//
// Part of the Loom project.
//
// A systolic device runs one device program on a simulated chip
// (simulator/systolic) through SystolicMachine. Opening it reads the
// driver options, verifies every kernel library the program launches
// (SystolicLibrary), checks the chip against each library's requirements
// and each launch against its kernel, lays out HBM and writes the
// constants. HBM, from address 0, every region 64-byte aligned:
//
//   [library constants]   each launched library's constants, by library
//   [artifact constants]  each constant segment the plan binds, by number
//   [arena]               the plan's scratch arena, offsets as planned
//   [inputs]              each input of the signature, in order
//   [outputs]             each output of the signature, in order
//
// A run writes the inputs, executes the commands in order and reads the
// outputs. A Launch starts its kernel's entry with s0 = 0, s1 = 1 (one
// chip), s2 = its library's constants and s3 + i = the address of the
// launch's argument i; a Copy copies HBM bytes. Collective commands are
// refused when the device opens: collectives between chips come with
// multi-chip execution. Nothing the artifact holds is trusted beyond what
// Artifact::load checked: a corrupt library or a kernel that faults is one
// error line naming the command and the kernel.
//
//===----------------------------------------------------------------------===//

#include "runtime/Driver.h"
#include "runtime/drivers/systolic/SystolicLibrary.h"
#include "runtime/drivers/systolic/SystolicMachine.h"
#include "runtime/drivers/systolic/SystolicProfile.h"

#include <fstream>
#include <limits>
#include <optional>

namespace loom {

namespace {

std::string str(uint64_t value) { return std::to_string(value); }

constexpr uint64_t kHbmAlignment = 64;

/// The driver's option keys (DeviceOptions::driverOptions).
constexpr const char *kChipConfigKey = "systolic.chip-config";
constexpr const char *kTraceKey = "systolic.trace";

/// Where each part of the program's data lives in HBM.
struct HbmLayout {
  /// By library / constant number; only those the program uses are set.
  std::vector<std::optional<uint64_t>> libraryConstants, constants;
  uint64_t arena = 0;
  std::vector<uint64_t> inputs, outputs;
  /// By plan buffer.
  std::vector<uint64_t> buffers;
  uint64_t end = 0;
};

/// Appends a region of `size` bytes at the next aligned address; false when
/// the addresses overflow.
bool place(HbmLayout &layout, uint64_t size, uint64_t &address) {
  uint64_t aligned =
      (layout.end + kHbmAlignment - 1) / kHbmAlignment * kHbmAlignment;
  if (aligned < layout.end ||
      size > std::numeric_limits<uint64_t>::max() - aligned)
    return false;
  address = aligned;
  layout.end = aligned + size;
  return true;
}

class SystolicDevice final : public Device {
public:
  SystolicDevice(const Artifact &artifact, size_t index)
      : model(artifact), index(index), program(artifact.device(index)),
        plan(artifact.plan(index)), libraries(artifact.libraryCount()) {}

  /// Everything open() does once: options, libraries, checks, layout and
  /// constants.
  Status open(const DeviceOptions &options);

  Status run(TensorList inputs, std::vector<Tensor> &outputs) override;
  std::string profile() const override {
    return lastRun.empty() ? std::string() : lastRun.report(chip);
  }

private:
  Status readOptions(const DeviceOptions &options);
  Status checkCommands();
  Status layOut();
  Status writeConstants();
  Status launch(size_t command, const artifact::Launch &launch);
  Status writeTrace() const;

  /// "command N: kernel 'NAME'".
  std::string where(size_t command, const artifact::Launch &launch) const {
    return "command " + str(command) + ": kernel '" +
           libraries[launch.library()]->kernels()[launch.entry()].name + "'";
  }

  const Artifact &model;
  size_t index;
  const artifact::DeviceProgram &program;
  BufferPlan plan;
  systolic::ChipConfig chip;
  /// The config file, or "the default chip", for messages.
  std::string chipName = "the default chip";
  std::string tracePath;
  /// By library number; those the program does not launch stay empty.
  std::vector<std::optional<SystolicLibrary>> libraries;
  HbmLayout layout;
  std::unique_ptr<SystolicMachine> machine;
  SystolicProfile lastRun;
};

Status SystolicDevice::readOptions(const DeviceOptions &options) {
  for (const auto &[key, value] : options.driverOptions) {
    if (key.compare(0, 9, "systolic.") != 0)
      continue;
    if (key == kChipConfigKey) {
      systolic::Result<systolic::ChipConfig> loaded =
          systolic::loadChipConfig(value);
      if (!loaded.ok())
        return invalidArgument(loaded.message());
      chip = *loaded;
      chipName = "the chip config '" + value + "'";
    } else if (key == kTraceKey) {
      if (value.empty())
        return invalidArgument(std::string(kTraceKey) + " needs a file name");
      tracePath = value;
    } else {
      return invalidArgument("unknown systolic driver option '" + key +
                             "' (known: " + kChipConfigKey + ", " + kTraceKey +
                             ")");
    }
  }
  return Status::ok();
}

Status SystolicDevice::checkCommands() {
  const auto *commands = program.commands();
  for (size_t c = 0; commands && c < commands->size(); ++c) {
    const artifact::Command &command = *commands->Get(c);
    std::string at = "command " + str(c);
    if (const artifact::Launch *l = command.operation_as_Launch()) {
      std::optional<SystolicLibrary> &library = libraries[l->library()];
      if (!library) {
        library.emplace();
        LOOM_RETURN_IF_ERROR(
            SystolicLibrary::load(model, l->library(), *library));
        LOOM_RETURN_IF_ERROR(library->checkChip(chip, chipName));
      }
      // Artifact::load checked the entry against the entry points, which
      // SystolicLibrary::load matched with the kernels.
      const SystolicKernel &kernel = library->kernels()[l->entry()];
      at = where(c, *l);
      size_t arguments = l->arguments() ? l->arguments()->size() : 0;
      if (arguments != kernel.argumentCount)
        return dataLoss(at + " is launched with " + str(arguments) +
                        " arguments, but it takes " +
                        str(kernel.argumentCount));
      bool once = true;
      for (size_t d = 0; l->workgroups() && d < l->workgroups()->size(); ++d)
        once = once && l->workgroups()->Get(d) == 1;
      if (!once)
        return unimplemented(at + " is launched over several workgroups; a "
                                  "systolic kernel runs once per launch");
    } else if (command.operation_as_Copy()) {
      continue;
    } else if (const artifact::Collective *collective =
                   command.operation_as_Collective()) {
      return unimplemented(
          at + " is a collective (" +
          artifact::EnumNameCollectiveKind(collective->kind()) +
          "); the systolic driver runs single-chip programs only");
    } else {
      return unimplemented(at + " has operation type " +
                           str(command.operation_type()) +
                           ", which the systolic driver does not run");
    }
  }
  return Status::ok();
}

Status SystolicDevice::layOut() {
  layout.libraryConstants.assign(libraries.size(), std::nullopt);
  layout.constants.assign(model.constantCount(), std::nullopt);
  uint64_t address = 0;
  bool fits = true;
  for (size_t l = 0; l < libraries.size(); ++l)
    if (libraries[l]) {
      fits = fits && place(layout, libraries[l]->constants().size, address);
      layout.libraryConstants[l] = address;
    }
  for (size_t b = 0; b < plan.size(); ++b) {
    const artifact::Buffer &buffer = plan[b];
    if (buffer.kind() != artifact::BufferKind_Constant ||
        layout.constants[buffer.index()])
      continue;
    fits = fits && place(layout, buffer.byte_size(), address);
    layout.constants[buffer.index()] = address;
  }
  fits = fits && place(layout, plan.arenaSize, layout.arena);
  for (const TensorSpec &spec : model.inputs()) {
    fits = fits && place(layout, spec.localByteSize, address);
    layout.inputs.push_back(address);
  }
  for (const TensorSpec &spec : model.outputs()) {
    fits = fits && place(layout, spec.localByteSize, address);
    layout.outputs.push_back(address);
  }
  if (!fits)
    return resourceExhausted("the device program's data does not fit in "
                             "64-bit HBM addresses");

  for (size_t b = 0; b < plan.size(); ++b) {
    const artifact::Buffer &buffer = plan[b];
    switch (buffer.kind()) {
    case artifact::BufferKind_Input:
      layout.buffers.push_back(layout.inputs[buffer.index()]);
      break;
    case artifact::BufferKind_Output:
      layout.buffers.push_back(layout.outputs[buffer.index()]);
      break;
    case artifact::BufferKind_Constant:
      layout.buffers.push_back(*layout.constants[buffer.index()]);
      break;
    case artifact::BufferKind_Arena:
      layout.buffers.push_back(layout.arena + buffer.index());
      break;
    }
  }
  return Status::ok();
}

Status SystolicDevice::writeConstants() {
  for (size_t l = 0; l < libraries.size(); ++l)
    if (libraries[l]) {
      ByteSpan bytes = libraries[l]->constants();
      LOOM_RETURN_IF_ERROR(
          machine->write(*layout.libraryConstants[l], bytes.data, bytes.size));
    }
  for (size_t c = 0; c < layout.constants.size(); ++c)
    if (layout.constants[c]) {
      ByteSpan bytes = model.constant(c);
      LOOM_RETURN_IF_ERROR(
          machine->write(*layout.constants[c], bytes.data, bytes.size));
    }
  return Status::ok();
}

Status SystolicDevice::open(const DeviceOptions &options) {
  LOOM_RETURN_IF_ERROR(readOptions(options));
  LOOM_RETURN_IF_ERROR(checkCommands());
  LOOM_RETURN_IF_ERROR(layOut());
  LOOM_RETURN_IF_ERROR(
      SystolicMachine::create(chip, layout.end, !tracePath.empty(), machine));
  return writeConstants();
}

Status SystolicDevice::launch(size_t command, const artifact::Launch &l) {
  const SystolicLibrary &library = *libraries[l.library()];
  const SystolicKernel &kernel = library.kernels()[l.entry()];
  std::vector<int64_t> scalars;
  scalars.push_back(
      static_cast<int64_t>(*layout.libraryConstants[l.library()]));
  for (size_t a = 0; l.arguments() && a < l.arguments()->size(); ++a)
    scalars.push_back(
        static_cast<int64_t>(layout.buffers[l.arguments()->Get(a)]));
  SystolicLaunchResult result;
  Status status =
      machine->launch(library.program(), kernel.entry, scalars, result);
  if (!status.isOk())
    return Status(status.code(), where(command, l) + ": " + status.message());
  lastRun.addLaunch(kernel.name, std::move(result));
  return Status::ok();
}

Status SystolicDevice::writeTrace() const {
  std::ofstream file(tracePath, std::ios::binary | std::ios::trunc);
  file << lastRun.chromeTrace(chip, static_cast<int>(index),
                              "systolic device " + str(index));
  file.close();
  if (!file)
    return invalidArgument("cannot write the trace to '" + tracePath + "'");
  return Status::ok();
}

Status SystolicDevice::run(TensorList inputs, std::vector<Tensor> &outputs) {
  outputs.clear();
  lastRun.clear();
  for (size_t i = 0; i < inputs.size(); ++i)
    LOOM_RETURN_IF_ERROR(machine->write(layout.inputs[i], inputs[i].bytes(),
                                        model.inputs()[i].localByteSize));

  const auto *commands = program.commands();
  for (size_t c = 0; commands && c < commands->size(); ++c) {
    const artifact::Command &command = *commands->Get(c);
    if (const artifact::Launch *l = command.operation_as_Launch()) {
      LOOM_RETURN_IF_ERROR(launch(c, *l));
    } else {
      // open() let only launches and copies through.
      const artifact::Copy &copy = *command.operation_as_Copy();
      LOOM_RETURN_IF_ERROR(machine->copy(layout.buffers[copy.destination()],
                                         layout.buffers[copy.source()],
                                         copy.byte_size()));
      lastRun.addCopy(copy.byte_size());
    }
  }

  std::vector<Tensor> results;
  for (size_t o = 0; o < model.outputs().size(); ++o) {
    const TensorSpec &spec = model.outputs()[o];
    results.emplace_back(spec.dtype, spec.localShape);
    LOOM_RETURN_IF_ERROR(machine->read(
        layout.outputs[o], results.back().bytes(), spec.localByteSize));
  }
  if (!tracePath.empty())
    LOOM_RETURN_IF_ERROR(writeTrace());
  outputs = std::move(results);
  return Status::ok();
}

class SystolicDriver final : public Driver {
public:
  const char *name() const override { return "systolic"; }
  artifact::Target target() const override { return artifact::Target_Systolic; }
  Status open(const Artifact &artifact, size_t program,
              const DeviceOptions &options,
              std::unique_ptr<Device> &out) const override {
    out.reset();
    auto device = std::make_unique<SystolicDevice>(artifact, program);
    LOOM_RETURN_IF_ERROR(device->open(options));
    out = std::move(device);
    return Status::ok();
  }
};

} // namespace

std::unique_ptr<Driver> createSystolicDriver() {
  return std::make_unique<SystolicDriver>();
}

} // namespace loom
