//===- ShardingSpec.h - Tensor shardings and the spec syntax -----*- C++ -*-===//
//
// Part of the Loom project.
//
// How one tensor is laid out over a mesh, as a value the passes compute
// with (`TensorSharding`, the C++ form of `#loom.sharding`), and the text a
// user writes for it: `NAME=[data,_]`, one entry per dimension, each `_`
// (not split), one axis, or several in parentheses, major first
// (`[(data,model),_]`, as in JAX's PartitionSpec). Every check a spec must
// pass against a tensor and a mesh is here, with one-line messages.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_PASSES_SHARDING_SHARDINGSPEC_H
#define LOOM_PASSES_SHARDING_SHARDINGSPEC_H

#include "ir/LoomDialect.h"
#include "passes/sharding/Mesh.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"

namespace loom::sharding {

/// The mesh axes each dimension is split over (major first; none: the
/// dimension is whole on every device) and the axes over which the tensor
/// is a pending sum: every device group along them holds an addend, and
/// the value is their sum.
struct TensorSharding {
  llvm::SmallVector<llvm::SmallVector<MeshAxis>> dims;
  llvm::SmallVector<MeshAxis> partial;

  static TensorSharding replicated(unsigned rank) {
    TensorSharding sharding;
    sharding.dims.resize(rank);
    return sharding;
  }
  unsigned rank() const { return dims.size(); }
  bool isReplicated() const;
  /// Every axis the tensor uses, split or partial.
  llvm::SmallVector<MeshAxis> usedAxes() const;
  bool operator==(const TensorSharding &other) const {
    return dims == other.dims && partial == other.partial;
  }
  bool operator!=(const TensorSharding &other) const {
    return !(*this == other);
  }
};

/// A `--shard` entry as written: the tensor's name and, per dimension, the
/// names of its axes.
struct ShardSpec {
  std::string text;
  std::string name;
  llvm::SmallVector<llvm::SmallVector<std::string>> dims;
};

/// Parses `NAME=[ENTRY,...]`, ENTRY being `_`, `AXIS` or `(AXIS,AXIS...)`.
std::optional<ShardSpec> parseShardSpec(llvm::StringRef text,
                                        std::string &error);

/// Checks that `sharding` fits a tensor of `type` on `mesh`: one entry per
/// dimension, no axis twice, every static dimension divisible by the number
/// of devices it is split over (a dynamic one is accepted). `what` names the
/// tensor in the message (`tensor 'x'`).
bool checkSharding(const TensorSharding &sharding, const Mesh &mesh,
                   mlir::RankedTensorType type, llvm::StringRef what,
                   std::string &error);

/// Resolves a spec's axis names on `mesh` and checks it against the tensor
/// it names, of type `type`.
std::optional<TensorSharding> resolveShardSpec(const ShardSpec &spec,
                                               const Mesh &mesh,
                                               mlir::RankedTensorType type,
                                               std::string &error);

/// The spec syntax of a sharding (`[data,_]`, with ` partial (model)`
/// appended when it has pending axes), for messages.
std::string formatSharding(const TensorSharding &sharding, const Mesh &mesh);

/// Conversions from and to the IR forms: the typed attribute and upstream's
/// `shard.sharding` op (which has no partial axes).
ShardingAttr toAttr(mlir::FlatSymbolRefAttr grid,
                    const TensorSharding &sharding);
TensorSharding fromAttr(ShardingAttr attr);
TensorSharding fromShardingOp(mlir::shard::ShardingOp op, unsigned rank);
mlir::Value createShardingOp(mlir::OpBuilder &builder, mlir::Location loc,
                             mlir::FlatSymbolRefAttr grid,
                             const TensorSharding &sharding);

/// The function whose tensors a model's names refer to: `@main`, or the only
/// function with a body. Null when there is neither.
mlir::func::FuncOp findEntryFunction(mlir::ModuleOp module);

} // namespace loom::sharding

#endif // LOOM_PASSES_SHARDING_SHARDINGSPEC_H
