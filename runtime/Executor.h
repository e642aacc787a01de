//===- Executor.h - Running an artifact -------------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// The executor runs a loaded artifact whatever its target: it opens a device
// for the artifact's program through the DriverRegistry (runtime/Driver.h),
// checks each run's inputs against the signature and hands them to the
// device. Loading fails, naming the program and its target, when no driver
// of this runtime runs a program, so an artifact never half-runs. Artifacts
// hold one device program today; one with several is refused until the
// multi-device runtime lands (docs/runtime.md).
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_EXECUTOR_H
#define LOOM_RUNTIME_EXECUTOR_H

#include "runtime/Artifact.h"
#include "runtime/Driver.h"
#include "runtime/Status.h"
#include "runtime/Tensor.h"

#include <memory>
#include <vector>

namespace loom {

struct ExecutorOptions {
  /// Host threads the devices may use, the caller's included; 0 means one
  /// per hardware thread.
  unsigned threads = 0;
};

/// An artifact's device program opened on its device, ready to run any
/// number of times (one run at a time per executor).
class Executor {
public:
  /// Opens the artifact's device program with the driver of its target.
  /// `artifact` must outlive `out`. On failure `out` is empty.
  static Status load(const Artifact &artifact, const ExecutorOptions &options,
                     Executor &out,
                     const DriverRegistry &drivers = DriverRegistry::builtin());

  bool empty() const { return device == nullptr; }

  /// Runs the model on `inputs`; `outputs` is replaced by tensors with the
  /// signature's dtypes and shapes. Wrong inputs are InvalidArgument naming
  /// the input; a failing kernel is Aborted, naming the kernel and command.
  Status run(TensorList inputs, std::vector<Tensor> &outputs) const;

private:
  const Artifact *model = nullptr;
  std::unique_ptr<Device> device;
};

/// Loads `artifact` and runs it once (Executor::load, then run); keep an
/// Executor to run a model repeatedly.
Status run(const Artifact &artifact, TensorList inputs,
           std::vector<Tensor> &outputs, const ExecutorOptions &options = {});

} // namespace loom

#endif // LOOM_RUNTIME_EXECUTOR_H
