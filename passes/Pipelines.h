//===- Pipelines.h - Loom's pass pipelines -----------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// Named pipelines shared by the tools, so that `loomc` and the conformance
// runner simplify a graph the same way.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_PASSES_PIPELINES_H
#define LOOM_PASSES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

namespace loom {

/// Graph simplification after import: refine shapes, fold constants through
/// the evaluator, canonicalize and CSE, on every function of the module.
void buildSimplificationPipeline(mlir::OpPassManager &pm);

} // namespace loom

#endif // LOOM_PASSES_PIPELINES_H
