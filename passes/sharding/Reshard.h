//===- Reshard.h - Collectives that move a tensor between layouts -*- C++ -*-===//
//
// Part of the Loom project.
//
// Partitioning turns every change of layout into upstream `shard`
// collectives on the device-local tensor: pending sums are all-reduced (or
// reduce-scattered when the reduced axis then splits a dimension), a moved
// axis becomes an all-to-all, split axes that go away are all-gathered and
// new ones sliced locally (`shard.all_slice`, no communication). Layouts
// that agree need nothing.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_PASSES_SHARDING_RESHARD_H
#define LOOM_PASSES_SHARDING_RESHARD_H

#include "passes/sharding/ShardingSpec.h"

#include "mlir/IR/Builders.h"

namespace loom::sharding {

/// The device-local type of a tensor of `type` laid out as `sharding`.
mlir::RankedTensorType localType(mlir::RankedTensorType type,
                                 const TensorSharding &sharding,
                                 const Mesh &mesh);

/// Moves `local` (this device's part of a tensor whose whole type is
/// `wholeType`) from layout `from` to layout `to`, appending collectives at
/// the builder's insertion point; returns the value in the new layout.
mlir::Value reshard(mlir::OpBuilder &builder, mlir::Location loc,
                    mlir::FlatSymbolRefAttr grid, const Mesh &mesh,
                    mlir::Value local, mlir::RankedTensorType wholeType,
                    const TensorSharding &from, const TensorSharding &to);

} // namespace loom::sharding

#endif // LOOM_PASSES_SHARDING_RESHARD_H
