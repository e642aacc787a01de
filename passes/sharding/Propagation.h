//===- Propagation.h - Completing a function's shardings ---------*- C++ -*-===//
//
// Part of the Loom project.
//
// The engine of `loom-propagate-sharding`: from the `shard.shard`
// annotations of a function, a sharding for every tensor value, written as
// `#loom.sharding` attributes (docs/sharding.md states the algorithm).
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_PASSES_SHARDING_PROPAGATION_H
#define LOOM_PASSES_SHARDING_PROPAGATION_H

#include "passes/sharding/Mesh.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace loom::sharding {

/// Completes the shardings of `function`'s tensors on `grid` (whose axes
/// are `mesh`) and records them: `loom.sharding` on arguments, results and
/// ops, `loom.operand_shardings` where an op reads an operand in another
/// layout. Emits an error and fails on an annotation that does not fit its
/// tensor or the grid, or two conflicting annotations of one value.
mlir::LogicalResult propagateShardings(mlir::func::FuncOp function,
                                       mlir::shard::GridOp grid,
                                       const Mesh &mesh);

} // namespace loom::sharding

#endif // LOOM_PASSES_SHARDING_PROPAGATION_H
