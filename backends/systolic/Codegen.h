//===- Codegen.h - The systolic backend's code generation -------*- C++ -*-===//
//
// Part of the Loom project.
//
// The compiler side of the systolic accelerator: the fused kernels of
// `loom-form-dispatches` (after the target's preparation passes, Passes.td)
// become one systolic kernel library (runtime/artifact/systolic_library.fbs)
// for the chip of a config file (simulator/systolic/Config.h). The chip
// itself is simulated by simulator/systolic and run by
// runtime/drivers/systolic; docs/systolic.md describes all three.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_SYSTOLIC_CODEGEN_H
#define LOOM_BACKENDS_SYSTOLIC_CODEGEN_H

#include "backends/target/Target.h"
#include "simulator/systolic/Config.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include <string>

namespace loom::systolic {

/// Generates every `loom.kernel` function of `module` into one library.
/// With `hostFallback`, a kernel the chip cannot run is not an error: it is
/// left out and listed in KernelLibrary::hostPlaced (docs/systolic.md, "Host
/// fallback").
mlir::FailureOr<KernelLibrary> compileKernels(mlir::ModuleOp module,
                                              const ChipConfig &chip,
                                              bool hostFallback = false);

/// The same kernels as commented assembly (loom-sim's syntax), one block
/// per kernel.
mlir::FailureOr<std::string> emitKernelsAssembly(mlir::ModuleOp module,
                                                 const ChipConfig &chip);

} // namespace loom::systolic

#endif // LOOM_BACKENDS_SYSTOLIC_CODEGEN_H
