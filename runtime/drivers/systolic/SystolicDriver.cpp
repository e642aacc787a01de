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
// refused when the device opens: between chips, data moves by kernels that
// `send` and `recv`. Nothing the artifact holds is trusted beyond what
// Artifact::load checked: a corrupt library or a kernel that faults is one
// error line naming the command and the kernel. A launch that executes more
// instructions than the driver option systolic.max-instructions allows (a
// loop that never ends) stops with DeadlineExceeded.
//
// A Launch of a CPU kernel library (the kernels the systolic target placed
// on the host, docs/systolic.md "Host fallback") runs on the host
// (HostLaunch.h): its arguments are read out of HBM, the CPU kernel runs
// and the results are written back; the profile lists such launches apart
// from the chip's cycles.
//
// A mesh artifact runs on one simulated System whose torus (the chip
// config's ici.torus) has a chip per device of the mesh: device d's program
// on chip d, laid out in chip d's HBM as above. The programs run in
// lockstep (SPMD): command c of every program together, so a Launch starts
// each chip's kernel (s0 = chip id, s1 = chip count) in one System launch,
// where their sends and receives meet; a Copy copies on every chip. The
// programs must therefore have the same shape: as many commands, and at
// each position all launches or all copies. A mesh has no host fallback:
// a Launch of a CPU library is refused when the mesh opens.
//
//===----------------------------------------------------------------------===//

#include "runtime/Driver.h"
#include "runtime/drivers/cpu/CpuExecutable.h"
#include "runtime/drivers/systolic/HostLaunch.h"
#include "runtime/drivers/systolic/SystolicLibrary.h"
#include "runtime/drivers/systolic/SystolicMachine.h"
#include "runtime/drivers/systolic/SystolicProfile.h"
#include "runtime/trace/Trace.h"

#include <algorithm>
#include <charconv>
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
constexpr const char *kMaxInstructionsKey = "systolic.max-instructions";

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

/// The driver options (DeviceOptions::driverOptions).
struct SystolicOptions {
  systolic::ChipConfig chip;
  /// The config file, or "the default chip", for messages.
  std::string chipName = "the default chip";
  std::string tracePath;
  /// Instructions one launch may execute, over all chips, before it fails
  /// as runaway (DeadlineExceeded).
  int64_t maxInstructions = systolic::RunOptions().maxInstructions;
  /// The run trace (DeviceOptions::trace; loom-run --trace), or null, and
  /// the device's number in it.
  TraceRecorder *runTrace = nullptr;
  int traceDevice = 0;

  systolic::RunOptions run() const {
    systolic::RunOptions options;
    options.trace = !tracePath.empty() || runTrace;
    options.maxInstructions = maxInstructions;
    return options;
  }
};

/// A positive decimal integer, or nullopt.
std::optional<int64_t> parsePositive(const std::string &text) {
  int64_t value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1)
    return std::nullopt;
  return value;
}

Status readOptions(const DeviceOptions &options, SystolicOptions &out) {
  out.runTrace = options.trace;
  out.traceDevice = options.traceDevice;
  for (const auto &[key, value] : options.driverOptions) {
    if (key.compare(0, 9, "systolic.") != 0)
      continue;
    if (key == kChipConfigKey) {
      Result<systolic::ChipConfig> loaded = systolic::loadChipConfig(value);
      if (!loaded.isOk())
        return loaded.status();
      out.chip = *loaded;
      out.chipName = "the chip config '" + value + "'";
    } else if (key == kTraceKey) {
      if (value.empty())
        return invalidArgument(std::string(kTraceKey) + " needs a file name");
      out.tracePath = value;
    } else if (key == kMaxInstructionsKey) {
      std::optional<int64_t> limit = parsePositive(value);
      if (!limit)
        return invalidArgument(std::string(kMaxInstructionsKey) +
                               " needs a positive integer, not '" + value +
                               "'");
      out.maxInstructions = *limit;
    } else {
      return invalidArgument("unknown systolic driver option '" + key +
                             "' (known: " + kChipConfigKey + ", " + kTraceKey +
                             ", " + kMaxInstructionsKey + ")");
    }
  }
  return Status::ok();
}

Status writeFile(const std::string &path, const std::string &text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file)
    return invalidArgument("cannot write the trace to '" + path + "'");
  return Status::ok();
}

/// Names device `device`'s tracks in the run trace: its command stream
/// (wall-clock spans per launch and copy) and its chip's own timeline
/// (simulated time).
void nameTracks(TraceRecorder &trace, int device) {
  int pid = TraceRecorder::kFirstDeviceProcess + device;
  trace.nameProcess(pid, "device " + str(device) + " (systolic)");
  trace.nameThread(pid, TraceRecorder::kCommandThread, "commands");
  trace.nameProcess(TraceRecorder::kFirstSimulatedProcess + device,
                    "device " + str(device) +
                        " (systolic chip, simulated time)");
}

/// One device program on one chip of a SystolicMachine: its libraries,
/// checks, HBM layout and constants, and the steps of a run.
class SystolicDevice final : public Device {
public:
  SystolicDevice(const Artifact &artifact, size_t index)
      : model(artifact), index(index), program(artifact.device(index)),
        plan(artifact.plan(index)), libraries(artifact.libraryCount()),
        hostLibraries(artifact.libraryCount()) {}

  /// Everything open() does once for a device of its own: options,
  /// libraries, checks, layout, its chip and constants.
  Status open(const DeviceOptions &options);
  /// A device of a mesh opens in two steps: libraries, checks and layout
  /// for the options' chip ...
  Status prepare(const SystolicOptions &options);
  /// ... then, on chip `chip` of the mesh's machine, the constants.
  Status bind(SystolicMachine &shared, int chip);

  /// open() refused artifacts with dimension symbols: `symbols` is empty.
  Status run(TensorList inputs, const std::vector<int64_t> &symbols,
             std::vector<Tensor> &outputs) override;
  std::string profile() const override {
    return lastRun.empty() ? std::string() : lastRun.report(settings.chip);
  }

  // The steps of a run.
  Status writeInputs(TensorList inputs);
  /// What this device's chip runs for `launch`.
  systolic::System::ChipLaunch chipLaunch(const artifact::Launch &launch) const;
  Status copy(const artifact::Copy &copy);
  Status readOutputs(std::vector<Tensor> &outputs);

  /// "command N: kernel 'NAME'".
  std::string where(size_t command, const artifact::Launch &launch) const {
    return "command " + str(command) + ": kernel '" + kernelName(launch) + "'";
  }
  const std::string &kernelName(const artifact::Launch &launch) const {
    if (isHost(launch))
      return hostLibraries[launch.library()].entryName(launch.entry());
    return libraries[launch.library()]->kernels()[launch.entry()].name;
  }
  /// Whether `launch` runs a kernel placed on the host.
  bool isHost(const artifact::Launch &launch) const {
    return model.library(launch.library()).target() == artifact::Target_Cpu;
  }
  /// Command `c` of the program (which has it).
  const artifact::Command &command(size_t c) const {
    return *program.commands()->Get(c);
  }
  uint64_t hbmBytes() const { return layout.end; }

private:
  /// `inMesh`: the device is a chip of a mesh, which has no host fallback.
  Status checkCommands(bool inMesh);
  Status layOut();
  Status writeConstants();
  Status launch(size_t command, const artifact::Launch &launch);
  Status hostLaunch(size_t command, const artifact::Launch &launch);
  /// Hands the launch's arguments, read out of HBM, to the observer.
  Status observe(size_t command, const artifact::Launch &launch, bool before);

  const Artifact &model;
  size_t index;
  const artifact::DeviceProgram &program;
  BufferPlan plan;
  SystolicOptions settings;
  /// By library number; those the program does not launch stay empty.
  std::vector<std::optional<SystolicLibrary>> libraries;
  /// By library number: the CPU libraries of kernels placed on the host;
  /// the others stay empty.
  std::vector<CpuExecutable> hostLibraries;
  /// DeviceOptions::commandObserver (a device of its own; a mesh's devices
  /// run without one).
  CommandObserver *observer = nullptr;
  HbmLayout layout;
  /// The chip: machine's chip number chipIndex; ownMachine when the device
  /// is not part of a mesh.
  std::unique_ptr<SystolicMachine> ownMachine;
  SystolicMachine *machine = nullptr;
  int chipIndex = 0;
  SystolicProfile lastRun;
};

Status SystolicDevice::checkCommands(bool inMesh) {
  const auto *commands = program.commands();
  for (size_t c = 0; commands && c < commands->size(); ++c) {
    const artifact::Command &command = *commands->Get(c);
    std::string at = "command " + str(c);
    if (const artifact::Launch *l = command.operation_as_Launch();
        l && isHost(*l)) {
      // A kernel placed on the host: the CPU driver's loader checks the
      // library and resolves its entries; the grid is the CPU's.
      CpuExecutable &library = hostLibraries[l->library()];
      if (library.empty())
        LOOM_RETURN_IF_ERROR(
            CpuExecutable::load(model, l->library(), library));
      if (inMesh)
        return unimplemented(
            where(c, *l) +
            " is a kernel placed on the host (host fallback), but the "
            "programs of a mesh run in lockstep on the torus without host "
            "fallback");
    } else if (l) {
      std::optional<SystolicLibrary> &library = libraries[l->library()];
      if (!library) {
        library.emplace();
        LOOM_RETURN_IF_ERROR(
            SystolicLibrary::load(model, l->library(), *library));
        LOOM_RETURN_IF_ERROR(
            library->checkChip(settings.chip, settings.chipName));
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
          "); the systolic driver runs launches and copies only (between "
          "chips, kernels move data with send and recv)");
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
      LOOM_RETURN_IF_ERROR(machine->write(*layout.libraryConstants[l],
                                          bytes.data, bytes.size, chipIndex));
    }
  for (size_t c = 0; c < layout.constants.size(); ++c)
    if (layout.constants[c]) {
      ByteSpan bytes = model.constant(c);
      LOOM_RETURN_IF_ERROR(machine->write(*layout.constants[c], bytes.data,
                                          bytes.size, chipIndex));
    }
  return Status::ok();
}

Status SystolicDevice::open(const DeviceOptions &options) {
  LOOM_RETURN_IF_ERROR(readOptions(options, settings));
  observer = options.commandObserver;
  if (settings.runTrace)
    nameTracks(*settings.runTrace, settings.traceDevice);
  if (model.hasMesh())
    return unimplemented(
        "device program " + str(index) + " is one of a mesh of " +
        str(model.mesh().deviceCount()) +
        " devices; the systolic driver runs a mesh's programs together on "
        "one simulated torus, so every device must run in this process");
  LOOM_RETURN_IF_ERROR(checkCommands(/*inMesh=*/false));
  LOOM_RETURN_IF_ERROR(layOut());
  LOOM_RETURN_IF_ERROR(SystolicMachine::create(settings.chip, layout.end,
                                               settings.run(), ownMachine));
  machine = ownMachine.get();
  return writeConstants();
}

Status SystolicDevice::prepare(const SystolicOptions &options) {
  settings = options;
  LOOM_RETURN_IF_ERROR(checkCommands(/*inMesh=*/true));
  return layOut();
}

Status SystolicDevice::bind(SystolicMachine &shared, int chip) {
  machine = &shared;
  chipIndex = chip;
  return writeConstants();
}

systolic::System::ChipLaunch
SystolicDevice::chipLaunch(const artifact::Launch &l) const {
  const SystolicLibrary &library = *libraries[l.library()];
  systolic::System::ChipLaunch launch;
  launch.program = &library.program();
  launch.entry = library.kernels()[l.entry()].entry;
  launch.arguments.push_back(
      static_cast<int64_t>(*layout.libraryConstants[l.library()]));
  for (size_t a = 0; l.arguments() && a < l.arguments()->size(); ++a)
    launch.arguments.push_back(
        static_cast<int64_t>(layout.buffers[l.arguments()->Get(a)]));
  return launch;
}

Status SystolicDevice::hostLaunch(size_t command, const artifact::Launch &l) {
  std::vector<HostArgument> arguments;
  for (size_t a = 0; l.arguments() && a < l.arguments()->size(); ++a) {
    uint32_t buffer = l.arguments()->Get(a);
    artifact::BufferKind kind = plan[buffer].kind();
    arguments.push_back({layout.buffers[buffer], plan[buffer].byte_size(),
                         kind != artifact::BufferKind_Input &&
                             kind != artifact::BufferKind_Constant});
  }
  HostLaunchResult result;
  Status status = runHostLaunch(hostLibraries[l.library()], l, arguments,
                                *machine, chipIndex, result);
  if (!status.isOk())
    return Status(status.code(), where(command, l) + " (on the host): " +
                                     status.message());
  lastRun.addHostLaunch(kernelName(l), result.bytesRead, result.bytesWritten,
                        result.seconds);
  return Status::ok();
}

Status SystolicDevice::launch(size_t command, const artifact::Launch &l) {
  if (isHost(l))
    return hostLaunch(command, l);
  systolic::System::ChipLaunch launch = chipLaunch(l);
  SystolicLaunchResult result;
  Status status =
      machine->launch(*launch.program, static_cast<uint32_t>(launch.entry),
                      launch.arguments, result);
  if (!status.isOk())
    return Status(status.code(), where(command, l) + ": " + status.message());
  lastRun.addLaunch(kernelName(l), std::move(result));
  return Status::ok();
}

Status SystolicDevice::copy(const artifact::Copy &copy) {
  return machine->copy(layout.buffers[copy.destination()],
                       layout.buffers[copy.source()], copy.byte_size(),
                       chipIndex);
}

Status SystolicDevice::writeInputs(TensorList inputs) {
  for (size_t i = 0; i < inputs.size(); ++i)
    LOOM_RETURN_IF_ERROR(machine->write(layout.inputs[i], inputs[i].bytes(),
                                        model.inputs()[i].localByteSize,
                                        chipIndex));
  return Status::ok();
}

Status SystolicDevice::readOutputs(std::vector<Tensor> &outputs) {
  std::vector<Tensor> results;
  for (size_t o = 0; o < model.outputs().size(); ++o) {
    const TensorSpec &spec = model.outputs()[o];
    results.emplace_back(spec.dtype, spec.localShape);
    LOOM_RETURN_IF_ERROR(machine->read(layout.outputs[o],
                                       results.back().bytes(),
                                       spec.localByteSize, chipIndex));
  }
  outputs = std::move(results);
  return Status::ok();
}

Status SystolicDevice::observe(size_t command, const artifact::Launch &l,
                               bool before) {
  // The observer sees host memory: the arguments are read out of HBM.
  size_t count = l.arguments() ? l.arguments()->size() : 0;
  std::vector<std::vector<uint8_t>> bytes(count);
  std::vector<void *> arguments(count);
  std::vector<uint64_t> sizes(count);
  for (size_t a = 0; a < count; ++a) {
    uint32_t buffer = l.arguments()->Get(a);
    sizes[a] = plan[buffer].byte_size();
    bytes[a].resize(sizes[a]);
    arguments[a] = bytes[a].data();
    LOOM_RETURN_IF_ERROR(machine->read(layout.buffers[buffer], bytes[a].data(),
                                       sizes[a], chipIndex));
  }
  return before ? observer->beforeLaunch(int(index), command, l, arguments,
                                         sizes)
                : observer->afterLaunch(int(index), command, l, arguments,
                                        sizes);
}

Status SystolicDevice::run(TensorList inputs,
                           const std::vector<int64_t> & /*symbols*/,
                           std::vector<Tensor> &outputs) {
  outputs.clear();
  lastRun.clear();
  TraceRecorder *trace = settings.runTrace;
  const int tracePid = TraceRecorder::kFirstDeviceProcess + settings.traceDevice;
  double runStart = trace ? trace->now() : 0;
  LOOM_RETURN_IF_ERROR(writeInputs(inputs));
  const auto *commands = program.commands();
  for (size_t c = 0; commands && c < commands->size(); ++c) {
    const artifact::Command &command = *commands->Get(c);
    if (const artifact::Launch *l = command.operation_as_Launch()) {
      if (observer)
        LOOM_RETURN_IF_ERROR(observe(c, *l, /*before=*/true));
      TraceSpan span(trace, "launch", kernelName(*l), tracePid,
                     TraceRecorder::kCommandThread);
      span.arg({"command", double(c)});
      if (isHost(*l))
        span.arg({"placed", std::string("host")});
      LOOM_RETURN_IF_ERROR(launch(c, *l));
      span.end();
      if (observer)
        LOOM_RETURN_IF_ERROR(observe(c, *l, /*before=*/false));
    } else {
      // open() let only launches and copies through.
      const artifact::Copy &bytes = *command.operation_as_Copy();
      TraceSpan span(trace, "copy", "copy", tracePid,
                     TraceRecorder::kCommandThread);
      span.arg({"command", double(c)});
      span.arg({"bytes", double(bytes.byte_size())});
      LOOM_RETURN_IF_ERROR(copy(bytes));
      lastRun.addCopy(bytes.byte_size());
    }
  }
  LOOM_RETURN_IF_ERROR(readOutputs(outputs));
  if (trace)
    lastRun.record(*trace, settings.chip,
                   TraceRecorder::kFirstSimulatedProcess + settings.traceDevice,
                   "device " + str(settings.traceDevice) +
                       " (systolic chip, simulated time)",
                   runStart);
  if (!settings.tracePath.empty())
    LOOM_RETURN_IF_ERROR(
        writeFile(settings.tracePath,
                  lastRun.chromeTrace(settings.chip, static_cast<int>(index),
                                      "systolic device " + str(index))));
  return Status::ok();
}

/// Every program of a mesh, device d on chip d of one simulated torus,
/// run in lockstep.
class SystolicMeshDevice final : public MeshDevice {
public:
  explicit SystolicMeshDevice(const Artifact &artifact) : model(artifact) {}

  Status open(const DeviceOptions &options);
  Status run(const std::vector<std::vector<Tensor>> &inputs,
             std::vector<std::vector<Tensor>> &outputs) override;
  std::string profile() const override;

private:
  /// Checks that the programs have the same shape of commands.
  Status checkLockstep() const;
  Status launch(size_t command);

  const Artifact &model;
  SystolicOptions settings;
  std::vector<std::unique_ptr<SystolicDevice>> devices;
  std::unique_ptr<SystolicMachine> machine;
  std::vector<SystolicProfile> lastRun;
};

Status SystolicMeshDevice::open(const DeviceOptions &options) {
  LOOM_RETURN_IF_ERROR(readOptions(options, settings));
  const MeshSpec &mesh = model.mesh();
  uint64_t count = mesh.deviceCount();
  uint64_t chips = static_cast<uint64_t>(settings.chip.numChips());
  if (chips != count)
    return invalidArgument(
        "the artifact's mesh has " + str(count) + " devices, but " +
        settings.chipName + " has a torus of " + str(chips) +
        (chips == 1 ? " chip" : " chips") +
        " (ici.torus = " + systolic::torusName(settings.chip.ici.torus) +
        "); a mesh runs with one chip per device (set ici.torus to " +
        str(count) + " chips in the chip config)");
  LOOM_RETURN_IF_ERROR(checkLockstep());
  if (settings.runTrace)
    for (size_t d = 0; d < count; ++d)
      nameTracks(*settings.runTrace, static_cast<int>(d));
  uint64_t hbmBytes = 0;
  for (size_t d = 0; d < count; ++d) {
    devices.push_back(std::make_unique<SystolicDevice>(model, d));
    Status status = devices.back()->prepare(settings);
    if (!status.isOk())
      return Status(status.code(),
                    "device " + str(d) + ": " + status.message());
    hbmBytes = std::max(hbmBytes, devices.back()->hbmBytes());
  }
  LOOM_RETURN_IF_ERROR(SystolicMachine::createTorus(settings.chip, hbmBytes,
                                                    settings.run(), machine));
  for (size_t d = 0; d < count; ++d)
    LOOM_RETURN_IF_ERROR(devices[d]->bind(*machine, static_cast<int>(d)));
  return Status::ok();
}

Status SystolicMeshDevice::checkLockstep() const {
  auto commandCount = [&](size_t d) -> size_t {
    const auto *commands = model.device(d).commands();
    return commands ? commands->size() : 0;
  };
  size_t count = commandCount(0);
  for (size_t d = 1; d < model.deviceCount(); ++d) {
    if (commandCount(d) != count)
      return unimplemented(
          "device " + str(d) + " has " + str(commandCount(d)) +
          " commands but device 0 has " + str(count) +
          "; the systolic driver runs a mesh's programs in lockstep, so "
          "they must have the same commands, launch for launch and copy for "
          "copy");
    for (size_t c = 0; c < count; ++c) {
      artifact::Operation first =
          model.device(0).commands()->Get(c)->operation_type();
      artifact::Operation mine =
          model.device(d).commands()->Get(c)->operation_type();
      if (mine != first)
        return unimplemented(
            "device " + str(d) + " command " + str(c) + " is a " +
            artifact::EnumNameOperation(mine) + " but device 0's is a " +
            artifact::EnumNameOperation(first) +
            "; the systolic driver runs a mesh's programs in lockstep, so "
            "they must have the same commands, launch for launch and copy "
            "for copy");
    }
  }
  return Status::ok();
}

Status SystolicMeshDevice::launch(size_t command) {
  // checkLockstep made command `command` of every device a launch.
  auto launchOf = [&](size_t d) -> const artifact::Launch & {
    return *devices[d]->command(command).operation_as_Launch();
  };
  std::vector<systolic::System::ChipLaunch> perChip;
  for (size_t d = 0; d < devices.size(); ++d)
    perChip.push_back(devices[d]->chipLaunch(launchOf(d)));
  std::vector<SystolicLaunchResult> results;
  TraceRecorder *trace = settings.runTrace;
  double traceStart = trace ? trace->now() : 0;
  Status status = machine->launch(perChip, results);
  if (!status.isOk())
    return Status(status.code(), devices[0]->where(command, launchOf(0)) +
                                     ": " + status.message());
  // The chips run in lockstep: one wall-clock span on every device's track.
  if (trace)
    for (size_t d = 0; d < devices.size(); ++d)
      trace->span("launch", devices[d]->kernelName(launchOf(d)),
                  TraceRecorder::kFirstDeviceProcess + static_cast<int>(d),
                  TraceRecorder::kCommandThread, traceStart, trace->now(),
                  {{"command", double(command)}});
  int64_t span = machine->lastLaunchCycles();
  for (size_t d = 0; d < devices.size(); ++d)
    lastRun[d].addLaunch(devices[d]->kernelName(launchOf(d)),
                         std::move(results[d]), span);
  return Status::ok();
}

Status SystolicMeshDevice::run(const std::vector<std::vector<Tensor>> &inputs,
                               std::vector<std::vector<Tensor>> &outputs) {
  outputs.assign(devices.size(), {});
  lastRun.assign(devices.size(), SystolicProfile());
  TraceRecorder *trace = settings.runTrace;
  double runStart = trace ? trace->now() : 0;
  for (size_t d = 0; d < devices.size(); ++d)
    LOOM_RETURN_IF_ERROR(devices[d]->writeInputs(inputs[d]));
  const auto *commands = model.device(0).commands();
  for (size_t c = 0; commands && c < commands->size(); ++c) {
    if (commands->Get(c)->operation_as_Launch()) {
      LOOM_RETURN_IF_ERROR(launch(c));
      continue;
    }
    // checkLockstep and each device's checks let only launches and copies
    // through.
    for (size_t d = 0; d < devices.size(); ++d) {
      const artifact::Copy &copy = *devices[d]->command(c).operation_as_Copy();
      TraceSpan span(trace, "copy", "copy",
                     TraceRecorder::kFirstDeviceProcess + static_cast<int>(d),
                     TraceRecorder::kCommandThread);
      span.arg({"command", double(c)});
      span.arg({"bytes", double(copy.byte_size())});
      if (Status status = devices[d]->copy(copy); !status.isOk())
        return Status(status.code(), "device " + str(d) + ": command " +
                                         str(c) + ": " + status.message());
      lastRun[d].addCopy(copy.byte_size());
    }
  }
  for (size_t d = 0; d < devices.size(); ++d)
    LOOM_RETURN_IF_ERROR(devices[d]->readOutputs(outputs[d]));
  if (trace)
    for (size_t d = 0; d < devices.size(); ++d)
      lastRun[d].record(*trace, settings.chip,
                        TraceRecorder::kFirstSimulatedProcess +
                            static_cast<int>(d),
                        "device " + str(d) + " (systolic chip, simulated time)",
                        runStart);
  if (!settings.tracePath.empty())
    LOOM_RETURN_IF_ERROR(
        writeFile(settings.tracePath,
                  SystolicProfile::meshChromeTrace(lastRun, settings.chip)));
  return Status::ok();
}

std::string SystolicMeshDevice::profile() const {
  return lastRun.empty() ? std::string()
                         : SystolicProfile::meshReport(lastRun, settings.chip);
}

class SystolicDriver final : public Driver {
public:
  const char *name() const override { return "systolic"; }
  artifact::Target target() const override { return artifact::Target_Systolic; }
  Status open(const Artifact &artifact, size_t program,
              const DeviceOptions &options,
              std::unique_ptr<Device> &out) const override {
    out.reset();
    if (artifact.hasDimSymbols())
      return unimplemented("the systolic driver does not run artifacts with "
                           "symbolic dimensions; compile with static shapes");
    if (artifact.hasDataShapes())
      return unimplemented("the systolic driver does not run artifacts with "
                           "outputs whose size depends on data or on sizes "
                           "given at run time (docs/dynamic-shapes.md); "
                           "compile them for the cpu target");
    auto device = std::make_unique<SystolicDevice>(artifact, program);
    LOOM_RETURN_IF_ERROR(device->open(options));
    out = std::move(device);
    return Status::ok();
  }
  Status openMesh(const Artifact &artifact, const DeviceOptions &options,
                  std::unique_ptr<MeshDevice> &out) const override {
    out.reset();
    auto device = std::make_unique<SystolicMeshDevice>(artifact);
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
