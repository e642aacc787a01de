//===- Presets.cpp - The --parallel presets ----------------------------------===//
//
// Part of the Loom project.
//
// The tensor preset pairs Linear layers as Megatron-LM does, from the data
// flow alone: a layer whose input carries a column split (a value computed
// from a column-split layer's result without a normalization or reduction
// in between) takes it as a row split, so the pair needs no communication
// until the row layer's pending sum is reduced.
//
//===----------------------------------------------------------------------===//

#include "passes/sharding/Presets.h"

#include "ir/LoomOps.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;

namespace loom::sharding {
namespace {

/// The constant of rank `rank` that `value` is, if any.
ConstantOp weightOf(Value value, int64_t rank) {
  auto constant = value.getDefiningOp<ConstantOp>();
  if (!constant || cast<RankedTensorType>(constant.getType()).getRank() != rank)
    return {};
  return constant;
}

TensorSharding splitDim(Value value, int64_t dim, MeshAxis axis) {
  TensorSharding sharding = TensorSharding::replicated(
      cast<RankedTensorType>(value.getType()).getRank());
  sharding.dims[dim].push_back(axis);
  return sharding;
}

/// Ops across which a column split is no longer what the next layer sees:
/// normalizations and reductions read the whole feature dimension.
bool endsColumnSplit(Operation *op) {
  return isa<LayerNormOp, ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp,
             ReduceProdOp, ArgMaxOp, ArgMinOp, TopKOp>(op);
}

} // namespace

void dataParallelTargets(func::FuncOp function, MeshAxis axis,
                         SmallVectorImpl<ShardTarget> &targets) {
  // State carried from one call to the next (a training step's parameters
  // and optimizer state: an input returned under its own name) is the
  // replicas' shared model, not a batch.
  llvm::StringSet<> returned;
  for (unsigned index = 0; index < function.getNumResults(); ++index)
    if (auto name = function.getResultAttrOfType<StringAttr>(index, "loom.name"))
      returned.insert(name.getValue());
  for (BlockArgument argument : function.getArguments()) {
    auto name = function.getArgAttrOfType<StringAttr>(argument.getArgNumber(),
                                                      "loom.name");
    if (name && returned.contains(name.getValue()))
      continue;
    if (auto type = dyn_cast<RankedTensorType>(argument.getType());
        type && type.getRank() >= 1)
      targets.push_back({argument, splitDim(argument, 0, axis)});
  }
}

void tensorParallelTargets(func::FuncOp function, MeshAxis axis,
                           SmallVectorImpl<ShardTarget> &targets) {
  llvm::DenseSet<Value> columnSplit;
  llvm::DenseSet<Value> targeted;
  auto target = [&](Value weight, int64_t dim) {
    if (targeted.insert(weight).second)
      targets.push_back({weight, splitDim(weight, dim, axis)});
  };
  for (Operation &op : function.getBody().front().without_terminator()) {
    if (auto matmul = dyn_cast<MatmulOp>(op)) {
      if (weightOf(matmul.getRhs(), 2)) {
        if (columnSplit.contains(matmul.getLhs())) {
          target(matmul.getRhs(), 0); // Row-parallel: the pair ends.
        } else {
          target(matmul.getRhs(), 1); // Column-parallel.
          columnSplit.insert(matmul.getResult());
        }
        continue;
      }
    }
    if (auto gather = dyn_cast<GatherOp>(op)) {
      if (gather.getAxis() == 0 && weightOf(gather.getData(), 2)) {
        target(gather.getData(), 0);
        continue;
      }
    }
    if (auto conv = dyn_cast<ConvOp>(op)) {
      if (conv.getFilter().getDefiningOp<ConstantOp>())
        target(conv.getFilter(), 0);
      continue;
    }
    if (auto conv = dyn_cast<ConvTransposeOp>(op)) {
      if (conv.getGroups() == 1 && conv.getFilter().getDefiningOp<ConstantOp>())
        target(conv.getFilter(), 1);
      continue;
    }
    if (endsColumnSplit(&op))
      continue;
    if (llvm::any_of(op.getOperands(),
                     [&](Value v) { return columnSplit.contains(v); }))
      for (Value result : op.getResults())
        columnSplit.insert(result);
  }
}

} // namespace loom::sharding
