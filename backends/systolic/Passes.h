//===- Passes.h - Passes of the systolic backend ----------------*- C++ -*-===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_SYSTOLIC_PASSES_H
#define LOOM_BACKENDS_SYSTOLIC_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "simulator/systolic/Config.h"

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace loom::systolic {

#define GEN_PASS_DECL
#include "backends/systolic/Passes.h.inc"

/// The passes the systolic target runs on the fused module before the
/// memory plan and code generation (TargetBackend::addPreparationPasses).
/// `chip` is the chip the module is compiled for.
void buildPreparationPipeline(mlir::OpPassManager &pm,
                              const ChipConfig &chip);

#define GEN_PASS_REGISTRATION
#include "backends/systolic/Passes.h.inc"

} // namespace loom::systolic

#endif // LOOM_BACKENDS_SYSTOLIC_PASSES_H
