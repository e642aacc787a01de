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

#include "evaluator/Evaluator.h"

#include "mlir/Pass/PassManager.h"

namespace loom {

/// Graph simplification after import: refine shapes, fold constants through
/// the evaluator, canonicalize and CSE, on every function of the module.
/// Constants are folded in `precision`, the numerics of the target the
/// graph is compiled for (TargetInfo::precision), so a folded value is the
/// one the target would compute.
void buildSimplificationPipeline(
    mlir::OpPassManager &pm,
    eval::Precision precision = eval::Precision::Native);

} // namespace loom

#endif // LOOM_PASSES_PIPELINES_H
