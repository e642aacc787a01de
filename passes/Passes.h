//===- Passes.h - Loom's graph passes ----------------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// Declarations of every pass in Passes.td and their registration.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_PASSES_PASSES_H
#define LOOM_PASSES_PASSES_H

#include "ir/LoomDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace loom {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

} // namespace loom

#endif // LOOM_PASSES_PASSES_H
