//===- Mesh.h - Device meshes with named axes --------------------*- C++ -*-===//
//
// Part of the Loom project.
//
// A device mesh as the user writes it (`data=2,model=4`): named axes with
// sizes, major axis first. In IR it is a `shard.grid` whose shape is the axis
// sizes and whose `loom.mesh_axes` attribute holds the names.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_PASSES_SHARDING_MESH_H
#define LOOM_PASSES_SHARDING_MESH_H

#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace loom::sharding {

/// A mesh axis: the index of a `shard.grid` dimension, as upstream's
/// `split_axes` count them.
using MeshAxis = int16_t;

struct Mesh {
  llvm::SmallVector<std::string> names;
  llvm::SmallVector<int64_t> sizes;

  unsigned rank() const { return sizes.size(); }
  /// The index of the axis called `name`, or none.
  std::optional<MeshAxis> find(llvm::StringRef name) const;
  /// The number of devices a dimension split over `axes` is divided among.
  int64_t product(llvm::ArrayRef<MeshAxis> axes) const;
  /// `data` for one axis, `(data,model)` for several, `_` for none: the
  /// spelling of the spec syntax, for messages.
  std::string format(llvm::ArrayRef<MeshAxis> axes) const;
};

/// Parses `NAME=SIZE[,NAME=SIZE...]`. Names are identifiers (letters,
/// digits, `_`, not starting with a digit, not `_` alone); sizes are at
/// least 1; no name twice. On failure `error` says why in one line.
std::optional<Mesh> parseMesh(llvm::StringRef text, std::string &error);

/// The mesh of a `shard.grid`: its shape, and the names in its
/// `loom.mesh_axes` attribute, or `0`, `1`, ... when it has none (a grid
/// written by hand). Fails on a dynamic grid size or a malformed name list.
std::optional<Mesh> meshOfGrid(mlir::shard::GridOp grid, std::string &error);

} // namespace loom::sharding

#endif // LOOM_PASSES_SHARDING_MESH_H
