//===- FuzzDialects.h - The compiler's dialects for fuzz targets -*- C++ -*-===//
//
// Part of the Loom project.
//
// The dialects of loom::registerLoomDialects (passes/Registration.cpp), the
// ones the compiler loads, registered here so that a fuzz target needs the
// IR libraries only and not every pass: the libFuzzer build instruments all
// it links, and the passes would double its build time.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_TEST_FUZZ_FUZZDIALECTS_H
#define LOOM_TEST_FUZZ_FUZZDIALECTS_H

#include "ir/LoomDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Shard/IR/ShardDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/MLIRContext.h"

#include <memory>

namespace loom::fuzz {

/// A single-threaded context with the compiler's dialects loaded.
inline std::unique_ptr<mlir::MLIRContext> createCompilerContext() {
  mlir::DialectRegistry registry;
  registry.insert<LoomDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::linalg::LinalgDialect,
                  mlir::math::MathDialect, mlir::shard::ShardDialect,
                  mlir::tensor::TensorDialect>();
  auto context = std::make_unique<mlir::MLIRContext>(
      registry, mlir::MLIRContext::Threading::DISABLED);
  context->loadAllAvailableDialects();
  return context;
}

} // namespace loom::fuzz

#endif // LOOM_TEST_FUZZ_FUZZDIALECTS_H
