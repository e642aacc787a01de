//===- Reshard.cpp - Collectives that move a tensor between layouts ---------===//
//
// Part of the Loom project.
//
// The steps, in order: (1) pending sums not wanted any more are reduced —
// by one reduce_scatter where the reduced axis becomes the minor split
// axis of a dimension, by one all_reduce over the rest; (2) an axis that
// leaves the minor end of one dimension for the minor end of another is one
// all_to_all; (3) split axes a dimension keeps beyond what it wants are
// all-gathered; (4) axes it wants beyond what it has are sliced locally.
// Every collective's group is ordered by its grid axes, major first, which
// is the order of the blocks of a dimension split over them.
//
//===----------------------------------------------------------------------===//

#include "passes/sharding/Reshard.h"

#include "mlir/Dialect/Shard/IR/ShardOps.h"

using namespace mlir;

namespace loom::sharding {
namespace {

using Axes = SmallVector<MeshAxis>;

/// True when `prefix` is a prefix of `axes`.
bool isPrefix(ArrayRef<MeshAxis> prefix, ArrayRef<MeshAxis> axes) {
  return prefix.size() <= axes.size() &&
         llvm::equal(prefix, axes.take_front(prefix.size()));
}

size_t commonPrefix(ArrayRef<MeshAxis> a, ArrayRef<MeshAxis> b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n])
    ++n;
  return n;
}

class Resharder {
public:
  Resharder(OpBuilder &builder, Location loc, FlatSymbolRefAttr grid,
            const Mesh &mesh, Value local, RankedTensorType wholeType,
            TensorSharding from)
      : builder(builder), loc(loc), grid(grid), mesh(mesh), local(local),
        wholeType(wholeType), current(std::move(from)) {}

  Value run(const TensorSharding &to) {
    reducePending(to);
    moveAxes(to);
    gatherExtras(to);
    sliceMissing(to);
    return local;
  }

private:
  RankedTensorType currentType() const {
    return localType(wholeType, current, mesh);
  }

  void reducePending(const TensorSharding &to) {
    Axes reduce;
    for (MeshAxis axis : current.partial)
      if (!llvm::is_contained(to.partial, axis))
        reduce.push_back(axis);
    if (reduce.empty())
      return;
    // A reduced axis that becomes the minor split axis of a dimension:
    // each device keeps only its block of the sum.
    for (MeshAxis axis : Axes(reduce)) {
      for (unsigned dim = 0; dim < current.rank(); ++dim) {
        Axes wanted = current.dims[dim];
        wanted.push_back(axis);
        if (to.dims[dim] != wanted)
          continue;
        current.dims[dim] = wanted;
        llvm::erase(current.partial, axis);
        llvm::erase(reduce, axis);
        local = shard::ReduceScatterOp::create(
            builder, loc, currentType(), grid.getValue(), ArrayRef(axis),
            local, shard::ReductionKind::Sum, APInt(64, dim));
        break;
      }
    }
    if (reduce.empty())
      return;
    for (MeshAxis axis : reduce)
      llvm::erase(current.partial, axis);
    llvm::sort(reduce);
    local = shard::AllReduceOp::create(builder, loc, currentType(),
                                       grid.getValue(), reduce, local,
                                       shard::ReductionKind::Sum);
  }

  void moveAxes(const TensorSharding &to) {
    for (unsigned from = 0; from < current.rank(); ++from) {
      if (current.dims[from].empty())
        continue;
      MeshAxis axis = current.dims[from].back();
      ArrayRef<MeshAxis> kept = ArrayRef(current.dims[from]).drop_back();
      if (to.dims[from] != kept)
        continue;
      for (unsigned into = 0; into < current.rank(); ++into) {
        if (into == from)
          continue;
        Axes wanted = current.dims[into];
        wanted.push_back(axis);
        if (to.dims[into] != wanted)
          continue;
        current.dims[from].pop_back();
        current.dims[into] = wanted;
        local = shard::AllToAllOp::create(builder, loc, currentType(),
                                          grid.getValue(), ArrayRef(axis),
                                          local, APInt(64, into),
                                          APInt(64, from));
        break;
      }
    }
  }

  void gatherExtras(const TensorSharding &to) {
    for (unsigned dim = 0; dim < current.rank(); ++dim) {
      size_t keep = commonPrefix(current.dims[dim], to.dims[dim]);
      if (keep == current.dims[dim].size())
        continue;
      Axes gathered(current.dims[dim].begin() + keep, current.dims[dim].end());
      current.dims[dim].resize(keep);
      local = shard::AllGatherOp::create(builder, loc, currentType(),
                                         grid.getValue(), gathered, local,
                                         APInt(64, dim));
    }
  }

  void sliceMissing(const TensorSharding &to) {
    for (unsigned dim = 0; dim < current.rank(); ++dim) {
      assert(isPrefix(current.dims[dim], to.dims[dim]));
      if (current.dims[dim].size() == to.dims[dim].size())
        continue;
      Axes sliced(to.dims[dim].begin() + current.dims[dim].size(),
                  to.dims[dim].end());
      current.dims[dim] = to.dims[dim];
      local = shard::AllSliceOp::create(builder, loc, currentType(),
                                        grid.getValue(), sliced, local,
                                        APInt(64, dim));
    }
  }

  OpBuilder &builder;
  Location loc;
  FlatSymbolRefAttr grid;
  const Mesh &mesh;
  Value local;
  RankedTensorType wholeType;
  TensorSharding current;
};

} // namespace

RankedTensorType localType(RankedTensorType type,
                           const TensorSharding &sharding, const Mesh &mesh) {
  SmallVector<int64_t> shape(type.getShape());
  for (auto [dim, axes] : llvm::enumerate(sharding.dims))
    if (!ShapedType::isDynamic(shape[dim]))
      shape[dim] /= mesh.product(axes);
  return type.clone(shape);
}

Value reshard(OpBuilder &builder, Location loc, FlatSymbolRefAttr grid,
              const Mesh &mesh, Value local, RankedTensorType wholeType,
              const TensorSharding &from, const TensorSharding &to) {
  if (from == to)
    return local;
  return Resharder(builder, loc, grid, mesh, local, wholeType, from).run(to);
}

} // namespace loom::sharding
