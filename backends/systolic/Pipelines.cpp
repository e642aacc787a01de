//===- Pipelines.cpp - The systolic target's preparation pipeline ---------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/Passes.h"

namespace loom::systolic {

void buildPreparationPipeline(mlir::OpPassManager &) {}

} // namespace loom::systolic
