//===- Presets.h - The --parallel presets ------------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// What `--parallel=data` and `--parallel=tensor` annotate: which tensors of
// a model get which sharding. Propagation then shards the rest.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_PASSES_SHARDING_PRESETS_H
#define LOOM_PASSES_SHARDING_PRESETS_H

#include "passes/sharding/ShardingSpec.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace loom::sharding {

/// A tensor to annotate: a function argument or a constant.
struct ShardTarget {
  mlir::Value value;
  TensorSharding sharding;
};

/// The mesh axis each preset splits over.
inline constexpr llvm::StringLiteral kDataAxis = "data";
inline constexpr llvm::StringLiteral kModelAxis = "model";

/// `--parallel=data`: dimension 0 of every tensor argument of rank >= 1
/// split over `axis`, except state: an argument whose `loom.name` a result
/// also carries (a training step's parameters and optimizer state) stays
/// whole on every device. Weights get nothing: no factor of theirs is a
/// batch.
void dataParallelTargets(mlir::func::FuncOp function, MeshAxis axis,
                         llvm::SmallVectorImpl<ShardTarget> &targets);

/// `--parallel=tensor` (Megatron-LM): each matmul by a rank-2 constant
/// (a Linear layer) is split by columns (the weight's dimension 1), unless
/// its input comes from a column-split layer through ops that keep that
/// split (elementwise, reshape, transpose, matmuls between activations,
/// softmax ...), in which case it is split by rows (dimension 0) and its
/// result is a pending sum; a gather from a rank-2 constant along axis 0
/// (an embedding) is split by rows (the vocabulary); a convolution's
/// filter by output channels. All over `axis`.
void tensorParallelTargets(mlir::func::FuncOp function, MeshAxis axis,
                           llvm::SmallVectorImpl<ShardTarget> &targets);

} // namespace loom::sharding

#endif // LOOM_PASSES_SHARDING_PRESETS_H
