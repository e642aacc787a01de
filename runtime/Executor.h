//===- Executor.h - Running an artifact -------------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// The executor runs a loaded artifact whatever its target: it opens a device
// for each program it runs through the DriverRegistry (runtime/Driver.h),
// checks each run's inputs against the signature and hands them to the
// devices. Loading fails, naming the program and its target, when no driver
// of this runtime runs a program, so an artifact never half-runs.
//
// A multi-device artifact (one with a mesh) runs SPMD: the executor opens a
// device for every device of the mesh this process hosts (all of them in
// process; under MPI the communicator's local block), runs them
// concurrently, each on a thread of its own, and connects their Collective
// commands through a collectives::Communicator. Callers still pass and get
// whole tensors: the executor cuts each input into the devices' shards and
// assembles whole outputs from theirs. A driver may instead open all of a
// mesh's programs as one group (Driver::openMesh, e.g. simulated chips on
// one torus that move data between themselves): when this process hosts
// every device, the executor then hands that group every device's shards
// at once. docs/runtime.md has the details.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_EXECUTOR_H
#define LOOM_RUNTIME_EXECUTOR_H

#include "runtime/Artifact.h"
#include "runtime/Driver.h"
#include "runtime/Status.h"
#include "runtime/Tensor.h"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace loom {

namespace collectives {
class Communicator;
} // namespace collectives

struct ExecutorOptions {
  /// Host threads the devices may use, the caller's included; 0 means one
  /// per hardware thread. A multi-device artifact gives each local device
  /// max(1, threads / local devices) of them.
  unsigned threads = 0;
  /// For a multi-device artifact: the communicator between its devices,
  /// which must connect exactly the mesh's devices (e.g. one over MPI from
  /// collectives::createMpiCommunicator); this process runs the devices the
  /// communicator hosts here. Null: the executor makes an in-process one
  /// of all the mesh's devices. Must outlive the executor.
  collectives::Communicator *communicator = nullptr;
  /// How long a collective of the in-process communicator the executor
  /// makes may wait for its peers; it bounds how long a run takes to fail
  /// when one device fails and the others wait for it.
  std::chrono::milliseconds collectiveTimeout{60000};
  /// Called, on the failing device's thread, the moment the first device of
  /// a multi-device run fails, with the status run() is to return; the
  /// other devices may still be waiting for it in collectives until their
  /// timeout. An MPI program can end the job here (collectives::abortJob)
  /// rather than let other ranks wait.
  std::function<void(const Status &)> onDeviceFailure;
  /// Settings of particular drivers ("DRIVER.NAME" = value, e.g.
  /// "systolic.chip-config"), handed to every device; a key that names no
  /// driver of the registry, or a driver that runs no program of the
  /// artifact, fails the load (DeviceOptions::driverOptions,
  /// DriverRegistry::checkOptionKeys).
  std::map<std::string, std::string> driverOptions;
  /// Handed to every device (DeviceOptions::trace) to record its spans;
  /// null: no trace. Must outlive the executor.
  TraceRecorder *trace = nullptr;
  /// Handed to every device (DeviceOptions::commandObserver) to see each
  /// launch; null: none. Must outlive the executor.
  CommandObserver *commandObserver = nullptr;
};

/// An artifact's device programs opened on their devices, ready to run any
/// number of times (one run at a time per executor).
class Executor {
public:
  Executor();
  Executor(Executor &&);
  Executor &operator=(Executor &&);
  ~Executor();

  /// Opens the artifact's device programs with the drivers of their
  /// targets. `artifact` must outlive `out`. On failure `out` is empty.
  static Status load(const Artifact &artifact, const ExecutorOptions &options,
                     Executor &out,
                     const DriverRegistry &drivers = DriverRegistry::builtin());

  bool empty() const { return state == nullptr; }

  /// Runs the model on whole `inputs`; `outputs` is replaced by whole
  /// tensors with the signature's dtypes and shapes (under MPI, on every
  /// rank). An artifact with dimension symbols binds them from the inputs'
  /// shapes first (bindInputs), and its outputs come back with their
  /// run-time shapes. Wrong inputs are InvalidArgument naming the input; a failing
  /// kernel or collective is Aborted (or the collective's code), naming the
  /// device, the command and the reason. After a multi-device run fails the
  /// executor is unusable: later runs fail at once, saying why.
  Status run(TensorList inputs, std::vector<Tensor> &outputs) const;

  /// What the devices measured during the last run (Device::profile), each
  /// local device's report under a "device N:" line when the artifact has
  /// a mesh; empty when no device measures anything (or nothing is loaded).
  std::string profile() const;

private:
  struct State;
  std::unique_ptr<State> state;
};

/// Checks `inputs` against `artifact`'s signature, as Executor::run does
/// before anything runs, and binds its dimension symbols: `symbols` gets one
/// value per Artifact::dimSymbols entry (none for a static artifact), each
/// from the first input dimension that names it (run-time size / (size at
/// the bound / bound)). The value must be a whole number from 1 to the
/// bound, and every other dimension that names the symbol must agree with
/// it; dtypes, ranks and static dimensions must match the signature. Each
/// failure is InvalidArgument in one line naming the input and dimension.
Status bindInputs(const Artifact &artifact, TensorList inputs,
                  std::vector<int64_t> &symbols);

/// Loads `artifact` and runs it once (Executor::load, then run); keep an
/// Executor to run a model repeatedly.
Status run(const Artifact &artifact, TensorList inputs,
           std::vector<Tensor> &outputs, const ExecutorOptions &options = {});

} // namespace loom

#endif // LOOM_RUNTIME_EXECUTOR_H
