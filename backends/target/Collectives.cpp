//===- Collectives.cpp - The collectives of a partitioned program ---------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "backends/target/Collectives.h"

using namespace mlir;

namespace loom {

std::optional<CollectiveView> viewCollective(Operation *op) {
  CollectiveView view;
  if (auto reduce = dyn_cast<shard::AllReduceOp>(op)) {
    view = {artifact::CollectiveKind_AllReduce, "all_reduce",
            reduce.getReduction(), reduce.getInput(), reduce.getResult(),
            reduce.getGridAxes()};
  } else if (auto gather = dyn_cast<shard::AllGatherOp>(op)) {
    view = {artifact::CollectiveKind_AllGather, "all_gather",
            shard::ReductionKind::Sum, gather.getInput(), gather.getResult(),
            gather.getGridAxes()};
    view.axis = gather.getGatherAxis().getSExtValue();
  } else if (auto scatter = dyn_cast<shard::ReduceScatterOp>(op)) {
    view = {artifact::CollectiveKind_ReduceScatter, "reduce_scatter",
            scatter.getReduction(), scatter.getInput(), scatter.getResult(),
            scatter.getGridAxes()};
    view.axis = scatter.getScatterAxis().getSExtValue();
  } else if (auto toAll = dyn_cast<shard::AllToAllOp>(op)) {
    view = {artifact::CollectiveKind_AllToAll, "all_to_all",
            shard::ReductionKind::Sum, toAll.getInput(), toAll.getResult(),
            toAll.getGridAxes()};
    view.axis = toAll.getSplitAxis().getSExtValue();
    view.concatAxis = toAll.getConcatAxis().getSExtValue();
  } else {
    return std::nullopt;
  }
  return view;
}

} // namespace loom
