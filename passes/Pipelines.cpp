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

void buildSimplificationPipeline(mlir::OpPassManager &pm,
                                 eval::Precision precision) {
  mlir::OpPassManager &function = pm.nest<mlir::func::FuncOp>();
  function.addPass(createLoomRefineShapes());
  LoomFoldConstantsOptions folding;
  folding.precision =
      precision == eval::Precision::Bf16Matmul ? "bf16-matmul" : "native";
  function.addPass(createLoomFoldConstants(folding));
  function.addPass(mlir::createCanonicalizerPass());
  function.addPass(mlir::createCSEPass());
}

} // namespace loom
