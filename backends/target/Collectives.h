//===- Collectives.h - The collectives of a partitioned program -*- C++ -*-===//
//
// Part of the Loom project.
//
// A partitioned @main moves data between devices with upstream `shard`
// collectives (all_reduce, all_gather, reduce_scatter, all_to_all). The
// artifact emitter, the report and the targets that compile collectives
// into kernels (the systolic one) read them through this one view,
// so they always agree on which ops are collectives and what they move.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_TARGET_COLLECTIVES_H
#define LOOM_BACKENDS_TARGET_COLLECTIVES_H

#include "runtime/artifact/loom_artifact_generated.h"

#include "mlir/Dialect/Shard/IR/ShardOps.h"

#include <optional>

namespace loom {

struct CollectiveView {
  artifact::CollectiveKind kind;
  /// The op's mnemonic ("all_reduce"), for the report.
  llvm::StringRef name;
  /// For all_reduce and reduce_scatter.
  mlir::shard::ReductionKind reduction = mlir::shard::ReductionKind::Sum;
  mlir::Value input, result;
  /// The group's mesh axes, major first.
  llvm::ArrayRef<int16_t> meshAxes;
  /// The gather, scatter or all-to-all split axis, and all-to-all's concat
  /// axis.
  int64_t axis = 0, concatAxis = 0;
};

/// The collective `op` is, or none for any other op (`shard.all_slice` of
/// a constant moves nothing: each device's slice is its constant).
std::optional<CollectiveView> viewCollective(mlir::Operation *op);

} // namespace loom

#endif // LOOM_BACKENDS_TARGET_COLLECTIVES_H
