//===- Registration.cpp - Everything a Loom tool registers -------------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "passes/Registration.h"

#include "ir/LoomDialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Shard/IR/ShardDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/Passes.h"

namespace loom {

void registerLoomDialects(mlir::DialectRegistry &registry) {
  registry.insert<LoomDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::linalg::LinalgDialect,
                  mlir::math::MathDialect, mlir::shard::ShardDialect,
                  mlir::tensor::TensorDialect>();
}

void registerLoomPasses() {
  registerLoomPassesPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerInlinerPass();
  mlir::registerSymbolDCEPass();
}

} // namespace loom
