//===- Passes.h - Passes of the systolic backend ----------------*- C++ -*-===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_SYSTOLIC_PASSES_H
#define LOOM_BACKENDS_SYSTOLIC_PASSES_H

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace loom::systolic {

/// The passes the systolic target runs on the fused module before the
/// memory plan and code generation (TargetBackend::addPreparationPasses).
void buildPreparationPipeline(mlir::OpPassManager &pm);

} // namespace loom::systolic

#endif // LOOM_BACKENDS_SYSTOLIC_PASSES_H
