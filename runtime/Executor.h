//===- Executor.h - Running an artifact on the CPU --------------*- C++ -*-===//
//
// Part of the Loom project.
//
// Runs the device program of a loaded artifact whose target is Cpu and
// ordinal 0. A run checks the inputs against the signature, allocates the
// scratch arena (64-byte aligned), binds every buffer of the plan to its
// memory (the caller's tensors, the constants in place in the artifact, or
// arena + offset), and executes the commands in order: a Launch calls its
// entry point (runtime/KernelAbi.h) once per workgroup, spread over a
// ThreadPool, and the next command starts only when all have returned; a
// Copy copies bytes. The artifact was validated when it was loaded, so
// indices and sizes are not checked again here.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_EXECUTOR_H
#define LOOM_RUNTIME_EXECUTOR_H

#include "runtime/Artifact.h"
#include "runtime/CpuExecutable.h"
#include "runtime/Status.h"
#include "runtime/Tensor.h"
#include "runtime/ThreadPool.h"

#include <cstddef>
#include <vector>

namespace loom {

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

/// The CPU device program of one artifact with its kernel libraries loaded,
/// ready to run any number of times (one run at a time per executor).
class CpuExecutor {
public:
  /// Finds the program of Cpu device 0 and loads every kernel library its
  /// launches use. `artifact` must outlive `out`. On failure `out` is empty.
  static Status load(const Artifact &artifact, CpuExecutor &out);

  bool empty() const { return program == nullptr; }

  /// Runs the program on `inputs`; `outputs` is replaced by tensors with the
  /// signature's dtypes and shapes. Wrong inputs are InvalidArgument naming
  /// the input; a kernel returning non-zero is Aborted, naming the kernel,
  /// the command and the workgroup.
  Status run(TensorList inputs, std::vector<Tensor> &outputs,
             ThreadPool &pool) const;

private:
  Status launch(size_t command, const artifact::Launch &launch,
                const std::vector<void *> &buffers,
                const std::vector<uint64_t> &sizes, ThreadPool &pool) const;

  const Artifact *model = nullptr;
  const artifact::DeviceProgram *program = nullptr;
  /// Indexed by library number; libraries the program does not launch stay
  /// empty.
  std::vector<CpuExecutable> libraries;
};

/// Loads the CPU program of `artifact` and runs it once (CpuExecutor::load,
/// then run); keep a CpuExecutor to run a model repeatedly.
Status run(const Artifact &artifact, TensorList inputs,
           std::vector<Tensor> &outputs, ThreadPool &pool);

} // namespace loom

#endif // LOOM_RUNTIME_EXECUTOR_H
