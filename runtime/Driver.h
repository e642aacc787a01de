//===- Driver.h - Devices as plug-ins of the runtime ------------*- C++ -*-===//
//
// Part of the Loom project.
//
// A driver runs the device programs of one artifact target (artifact::Target:
// Cpu, Cuda, Systolic). The executor (runtime/Executor.h) looks each program
// of an artifact up in the DriverRegistry by its target and never names a
// driver itself, so a new kind of device is a new folder under
// runtime/drivers/ and one line in the CMake list of drivers. An artifact
// that holds a program no registered driver runs is refused when it is
// loaded, before anything has run.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_DRIVER_H
#define LOOM_RUNTIME_DRIVER_H

#include "runtime/Artifact.h"
#include "runtime/Status.h"
#include "runtime/Tensor.h"

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace loom {

class TraceRecorder;

/// A read-only view of tensors the caller owns, so that inputs need not be
/// copied into a vector.
class TensorList {
public:
  TensorList(const std::vector<Tensor> &tensors)
      : first(tensors.data()), count(tensors.size()) {}
  TensorList(const Tensor *tensors, size_t size)
      : first(tensors), count(size) {}

  size_t size() const { return count; }
  const Tensor &operator[](size_t index) const { return first[index]; }

private:
  const Tensor *first;
  size_t count;
};

/// Runs the Collective commands of one device of a mesh: the executor
/// implements it over a collectives::Communicator, knowing the device's id
/// and the mesh, so that a driver needs neither.
class CollectiveRunner {
public:
  virtual ~CollectiveRunner() = default;

  /// Runs `collective` (validated by the loader) with this device's group:
  /// `source` holds the source buffer's bytes, `destination` receives the
  /// result; both are host memory. Blocks until the collective is done
  /// here; every wait is bounded by the communicator's timeout.
  virtual Status run(const artifact::Collective &collective,
                     const void *source, void *destination) = 0;
};

/// Sees every Launch and Collective of a device's runs, just before and
/// just after it, in host memory: loom-run --compare-reference checks each
/// kernel against the reference evaluator on the very inputs it read, and
/// each collective against its definition on the sources the group sent.
/// `device` is the device's number in the run (its mesh device id; 0
/// without a mesh). A launch's argument i is `arguments[i]`, `sizes[i]`
/// bytes. Arguments may alias (a kernel writing in place), so an observer
/// that needs the inputs copies them before the launch. A status that is
/// not ok stops the device's run with it. Called on each device's run
/// thread, so several devices of a mesh call it concurrently; the CPU
/// driver calls it, the others do not yet. A sliced launch (an artifact
/// with dimension symbols) is seen once per slice, in slice order, with
/// that slice's arguments: each is a run of the one-slice kernel.
class CommandObserver {
public:
  virtual ~CommandObserver() = default;
  virtual Status beforeLaunch(int device, size_t command,
                              const artifact::Launch &launch,
                              const std::vector<void *> &arguments,
                              const std::vector<uint64_t> &sizes) = 0;
  virtual Status afterLaunch(int device, size_t command,
                             const artifact::Launch &launch,
                             const std::vector<void *> &arguments,
                             const std::vector<uint64_t> &sizes) = 0;
  /// The collective's source (its `shape` and `element_type`) before it
  /// runs, and its destination after.
  virtual Status beforeCollective(int /*device*/, size_t /*command*/,
                                  const artifact::Collective & /*op*/,
                                  const void * /*source*/) {
    return Status::ok();
  }
  virtual Status afterCollective(int /*device*/, size_t /*command*/,
                                 const artifact::Collective & /*op*/,
                                 const void * /*destination*/) {
    return Status::ok();
  }
};

/// What a device is opened with.
struct DeviceOptions {
  /// Host threads the device may use, the caller's included; 0 means one
  /// per hardware thread.
  unsigned threads = 0;
  /// What runs the program's Collective commands; a program that has some
  /// is refused when this is null. Must outlive the device.
  CollectiveRunner *collectives = nullptr;
  /// Settings of particular drivers, each key "DRIVER.NAME" (e.g.
  /// "systolic.chip-config"); a driver reads the keys that start with its
  /// own name and refuses one of them it does not know, and ignores the
  /// others. docs/runtime.md lists every driver's keys.
  std::map<std::string, std::string> driverOptions;
  /// Where the device records its spans (a span per kernel launch, copy and
  /// collective on its track, process TraceRecorder::kFirstDeviceProcess +
  /// traceDevice); null: nothing is recorded. Must outlive the device.
  TraceRecorder *trace = nullptr;
  /// The device's number in the run (its mesh device id; 0 without a mesh).
  int traceDevice = 0;
  /// Sees every launch and collective (CommandObserver); null: nothing
  /// does. Must outlive the device.
  CommandObserver *commandObserver = nullptr;
};

/// One device program of an artifact, loaded by its driver and ready to run
/// any number of times (one run at a time).
class Device {
public:
  virtual ~Device() = default;

  /// Runs the program. `inputs` match the artifact's signature (the
  /// executor checked them), each the device's local shard
  /// (TensorSpec::localShape) in a multi-device artifact; `outputs` receives
  /// one tensor per output of the signature, again the local shard.
  /// `symbols` holds the value of each of the artifact's dimension symbols
  /// (Artifact::dimSymbols), which the executor bound from the inputs'
  /// shapes: the inputs and outputs then have Artifact::runShape, sliced
  /// buffers and copies their live sizes, and a sliced launch runs once per
  /// slice (docs/runtime.md). Empty for an artifact without symbols. A
  /// failure names the command and what went wrong.
  virtual Status run(TensorList inputs, const std::vector<int64_t> &symbols,
                     std::vector<Tensor> &outputs) = 0;

  /// What the device measured during its last run, as text for people
  /// (e.g. the systolic device's cycles per kernel); empty for a device
  /// that measures nothing or has not run.
  virtual std::string profile() const { return {}; }
};

/// Every device program of a mesh artifact, opened together as one group
/// that runs them as one: for devices connected among themselves, whose
/// programs move data between devices by their own kernels (e.g. chips of
/// one simulated torus, Driver::openMesh). Ready to run any number of
/// times (one run at a time).
class MeshDevice {
public:
  virtual ~MeshDevice() = default;

  /// Runs every program once. `inputs[d]` holds device d's local shard
  /// (TensorSpec::localShape) of every input of the signature (the executor
  /// checked and cut them); `outputs[d]` receives device d's local shard of
  /// every output. A failure names the device, the command and the reason.
  virtual Status run(const std::vector<std::vector<Tensor>> &inputs,
                     std::vector<std::vector<Tensor>> &outputs) = 0;

  /// What the group measured during its last run, as for Device::profile.
  virtual std::string profile() const { return {}; }
};

class Driver {
public:
  virtual ~Driver() = default;

  /// The name users see ("cpu").
  virtual const char *name() const = 0;
  /// The artifact target whose programs this driver runs.
  virtual artifact::Target target() const = 0;
  /// Loads device program `program` of `artifact` (whose target is
  /// target()); `artifact` must outlive `out`.
  virtual Status open(const Artifact &artifact, size_t program,
                      const DeviceOptions &options,
                      std::unique_ptr<Device> &out) const = 0;
  /// Opens every device program of mesh artifact `artifact` (each of
  /// target()) as one MeshDevice, when this driver's devices run a mesh
  /// together; the executor then runs the whole mesh through it, in this
  /// process, instead of opening each program and connecting their
  /// Collective commands. Leaves `out` null, as the default does, when the
  /// driver opens a mesh's programs one by one with open(). `options` has
  /// no CollectiveRunner; `artifact` must outlive `out`.
  virtual Status openMesh(const Artifact & /*artifact*/,
                          const DeviceOptions & /*options*/,
                          std::unique_ptr<MeshDevice> &out) const {
    out.reset();
    return Status::ok();
  }
};

/// The drivers this runtime was built with, by target.
class DriverRegistry {
public:
  /// Every driver built into the runtime (runtime/drivers/).
  static const DriverRegistry &builtin();

  void add(std::unique_ptr<Driver> driver);
  /// The driver of `target`, or null.
  const Driver *find(artifact::Target target) const;
  /// The driver called `name` ("cpu"), or null.
  const Driver *findByName(const std::string &name) const;
  /// The drivers' names, comma-separated, for messages.
  std::string names() const;
  /// Checks that every key of `options` names one of these drivers
  /// ("DRIVER.NAME") and that this driver runs a device program of
  /// `artifact`: an option no driver would read is an error, not ignored.
  /// Every program of `artifact` must have a driver here.
  Status checkOptionKeys(const std::map<std::string, std::string> &options,
                         const Artifact &artifact) const;

private:
  std::vector<std::unique_ptr<Driver>> drivers;
};

} // namespace loom

#endif // LOOM_RUNTIME_DRIVER_H
