//===- Pipelines.cpp - The systolic target's preparation pipeline ---------===//
//
// Part of the Loom project.
//
// Runs on the whole fused module (kernels and their callers) after
// dispatch formation and before the memory plan, so that rewriting a
// constant argument also changes the buffer the plan gives it.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/Passes.h"

namespace loom::systolic {

void buildPreparationPipeline(mlir::OpPassManager &pm,
                              const ChipConfig &chip) {
  pm.addPass(createLoomSystolicOutlineCollectives());
  pm.addPass(createLoomSystolicGatherConvWindows());
  pm.addPass(createLoomSystolicPackConvWeights());
  LoomSystolicBf16ConvWeightsOptions filters;
  filters.dmaAlignment = chip.hbm.dmaAlignment;
  pm.addPass(createLoomSystolicBf16ConvWeights(filters));
  LoomSystolicBf16MatmulWeightsOptions weights;
  weights.dmaAlignment = chip.hbm.dmaAlignment;
  weights.mxuCols = chip.mxu.cols;
  pm.addPass(createLoomSystolicBf16MatmulWeights(weights));
}

} // namespace loom::systolic
