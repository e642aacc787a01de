//===- PropagateSharding.cpp - A sharding for every tensor -------------------===//
//
// Part of the Loom project.
//
// Finds the grid the entry function is annotated on and runs the
// propagation engine (Propagation.cpp) over it.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "passes/sharding/Propagation.h"
#include "passes/sharding/ShardingSpec.h"

#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "llvm/ADT/SetVector.h"

namespace loom {
#define GEN_PASS_DEF_LOOMPROPAGATESHARDING
#include "passes/Passes.h.inc"
} // namespace loom

using namespace mlir;

namespace loom {
namespace {

struct LoomPropagateShardingPass
    : impl::LoomPropagateShardingBase<LoomPropagateShardingPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp function = sharding::findEntryFunction(module);
    if (!function)
      return;
    // The grid the annotations name, or the module's only grid.
    llvm::SetVector<StringAttr> named;
    function.walk([&](shard::ShardingOp spec) {
      named.insert(spec.getGridAttr().getAttr());
    });
    if (named.size() > 1) {
      function.emitError("the annotations use ")
          << named.size() << " grids; sharding supports one";
      return signalPassFailure();
    }
    shard::GridOp grid;
    if (named.size() == 1) {
      grid = module.lookupSymbol<shard::GridOp>(named.front());
      if (!grid) {
        function.emitError("no shard.grid named @") << named.front().getValue();
        return signalPassFailure();
      }
    } else {
      auto grids = module.getOps<shard::GridOp>();
      if (!llvm::hasSingleElement(grids))
        return; // Nothing is sharded.
      grid = *grids.begin();
    }
    std::string error;
    std::optional<sharding::Mesh> mesh = sharding::meshOfGrid(grid, error);
    if (!mesh) {
      grid.emitError(error);
      return signalPassFailure();
    }
    if (failed(sharding::propagateShardings(function, grid, *mesh)))
      signalPassFailure();
  }
};

} // namespace
} // namespace loom
