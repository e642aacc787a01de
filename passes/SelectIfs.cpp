//===- SelectIfs.cpp - loom.if as both regions and selects ----------------===//
//
// Part of the Loom project.
//
// loom-select-ifs: for targets whose kernels are straight-line code, each
// loom.if becomes the ops of both its regions and a loom.select per result
// (Passes.td).
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/LoomOps.h"

#include "mlir/IR/IRMapping.h"

namespace loom {
#define GEN_PASS_DEF_LOOMSELECTIFS
#include "passes/Passes.h.inc"
} // namespace loom

using namespace mlir;

namespace loom {
namespace {

/// The values `region`'s block yields, its ops cloned before `b`'s
/// insertion point with its arguments replaced by `invariants`.
SmallVector<Value> inlined(OpBuilder &b, Region &region,
                           ValueRange invariants) {
  Block &block = region.front();
  IRMapping mapping;
  mapping.map(block.getArguments(), invariants);
  for (Operation &op : block.without_terminator())
    b.clone(op, mapping);
  SmallVector<Value> yielded;
  for (Value value : cast<YieldOp>(block.getTerminator()).getValues())
    yielded.push_back(mapping.lookupOrDefault(value));
  return yielded;
}

struct LoomSelectIfsPass : impl::LoomSelectIfsBase<LoomSelectIfsPass> {
  void runOnOperation() override {
    // Post-order: an if's inner ifs are replaced before it is copied.
    SmallVector<IfOp> ifs;
    getOperation().walk([&](IfOp op) { ifs.push_back(op); });
    for (IfOp op : ifs) {
      OpBuilder b(op);
      Location loc = op.getLoc();
      Value condition = op.getCondition();
      auto conditionType = cast<RankedTensorType>(condition.getType());
      if (conditionType.getRank() != 0)
        condition = ReshapeOp::create(
            b, loc, RankedTensorType::get({}, conditionType.getElementType()),
            condition);
      SmallVector<Value> onTrue =
          inlined(b, op.getThenRegion(), op.getInvariants());
      SmallVector<Value> onFalse =
          inlined(b, op.getElseRegion(), op.getInvariants());
      SmallVector<Value> results;
      for (auto [type, a, c] :
           llvm::zip(op.getResultTypes(), onTrue, onFalse))
        results.push_back(
            a == c ? a : SelectOp::create(b, loc, type, condition, a, c));
      op.replaceAllUsesWith(results);
      op.erase();
    }
  }
};

} // namespace
} // namespace loom
