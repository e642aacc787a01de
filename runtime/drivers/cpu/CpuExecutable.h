//===- CpuExecutable.h - A loaded CPU kernel library ------------*- C++ -*-===//
//
// Part of the Loom project.
//
// A kernel library of format ElfSharedObject, loaded into the process from
// the artifact's bytes without a file anyone else can see: the code goes into
// an anonymous memfd that is dlopen'ed through /proc/self/fd. Where
// memfd_create is unavailable, a temporary file is used instead, unlinked
// as soon as it is created and reached through /proc/self/fd as well. Loading
// checks the library's `loom_kernel_abi_version` (runtime/KernelAbi.h),
// resolves every entry point, so a launch never looks a symbol up, and reads
// the messages of the library's run-time checks. Unloaded (dlclose) on
// destruction.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_DRIVERS_CPU_CPUEXECUTABLE_H
#define LOOM_RUNTIME_DRIVERS_CPU_CPUEXECUTABLE_H

#include "runtime/Artifact.h"
#include "runtime/KernelAbi.h"
#include "runtime/Status.h"

#include <string>
#include <vector>

namespace loom {

class CpuExecutable {
public:
  CpuExecutable() = default;
  CpuExecutable(CpuExecutable &&other) noexcept;
  CpuExecutable &operator=(CpuExecutable &&other) noexcept;
  CpuExecutable(const CpuExecutable &) = delete;
  CpuExecutable &operator=(const CpuExecutable &) = delete;
  ~CpuExecutable();

  /// Loads kernel library `library` of `artifact` (it must be a CPU
  /// ElfSharedObject) into `out`. Messages start with "kernel library N".
  /// On failure `out` is left empty.
  static Status load(const Artifact &artifact, size_t library,
                     CpuExecutable &out);

  bool empty() const { return handle == nullptr; }
  size_t entryCount() const { return entries.size(); }
  loom_kernel_entry_t entry(size_t index) const { return entries[index]; }
  const std::string &entryName(size_t index) const { return names[index]; }

  /// What status `status` of an entry point means, e.g. "node 'g'
  /// (loom.gather): an index is outside [-4, 3]" or "buffer 2 of 3
  /// (16 bytes) is smaller than it reads or writes" (runtime/KernelAbi.h);
  /// `sizes` are the launch's buffer sizes. Empty for a status the ABI and
  /// the library leave undescribed.
  std::string describeStatus(int32_t status,
                             const std::vector<uint64_t> &sizes) const;

private:
  void reset();

  void *handle = nullptr;
  // The memfd stays open while the library is loaded: glibc recognises an
  // already-loaded library by its path, so a reused "/proc/self/fd/N" must
  // not name two libraries at once.
  int fd = -1;
  std::vector<loom_kernel_entry_t> entries;
  std::vector<std::string> names;
  /// The message of run-time check n at n - 1.
  std::vector<std::string> checks;
};

} // namespace loom

#endif // LOOM_RUNTIME_DRIVERS_CPU_CPUEXECUTABLE_H
