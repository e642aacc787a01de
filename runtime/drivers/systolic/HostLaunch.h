//===- HostLaunch.h - A systolic device's kernels run on its host -*- C++ -*-===//
//
// Part of the Loom project.
//
// Host fallback at run time (docs/systolic.md, "Host fallback"): a Launch of
// a CPU kernel library (the kernels the systolic target left to the `cpu`
// target) runs on the host of the chip. Its arguments are read out of the
// chip's HBM (every range checked against the HBM), the CPU kernel runs over
// its workgroup grid, one workgroup after another on the calling thread,
// through the runtime's CPU loader (runtime/drivers/cpu/CpuExecutable.h),
// and every range of an output or arena argument that the kernel changed
// goes back to HBM. Arguments whose HBM ranges overlap (a result planned in
// place of an operand) share one host copy, so the kernel sees the
// aliasing it would see in one memory.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_RUNTIME_DRIVERS_SYSTOLIC_HOSTLAUNCH_H
#define LOOM_RUNTIME_DRIVERS_SYSTOLIC_HOSTLAUNCH_H

#include "runtime/Status.h"
#include "runtime/artifact/loom_artifact_generated.h"
#include "runtime/drivers/cpu/CpuExecutable.h"
#include "runtime/drivers/systolic/SystolicMachine.h"

#include <cstdint>
#include <vector>

namespace loom {

/// One argument of a host launch: a range of the chip's HBM.
struct HostArgument {
  uint64_t address = 0;
  uint64_t size = 0;
  /// False for inputs and constants, which the kernel only reads: a range
  /// of those alone is not written back.
  bool writable = true;
};

/// What one host launch moved and took.
struct HostLaunchResult {
  uint64_t bytesRead = 0, bytesWritten = 0;
  /// Wall-clock seconds of the kernel's workgroups on the host.
  double seconds = 0;
};

/// Runs entry `launch.entry()` of `library` over `arguments` (in the
/// launch's order) on chip `chip` of `machine`. Errors name neither the
/// command nor the kernel; the caller prefixes them.
Status runHostLaunch(const CpuExecutable &library,
                     const artifact::Launch &launch,
                     const std::vector<HostArgument> &arguments,
                     SystolicMachine &machine, int chip,
                     HostLaunchResult &result);

} // namespace loom

#endif // LOOM_RUNTIME_DRIVERS_SYSTOLIC_HOSTLAUNCH_H
