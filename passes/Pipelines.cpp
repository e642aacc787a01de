//===- Pipelines.cpp - Loom's pass pipelines ----------------------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "passes/Pipelines.h"

#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/Passes.h"

namespace loom {

void buildSimplificationPipeline(mlir::OpPassManager &pm) {
  mlir::OpPassManager &function = pm.nest<mlir::func::FuncOp>();
  function.addPass(createLoomRefineShapes());
  function.addPass(createLoomFoldConstants());
  function.addPass(mlir::createCanonicalizerPass());
  function.addPass(mlir::createCSEPass());
}

} // namespace loom
