//===- BucketAllReduces.cpp - Fewer, larger all-reduces ------------------===//
//
// Part of the Loom project.
//
// loom-bucket-all-reduces: after partitioning, the sum all-reduces of a
// data-parallel training step are one per gradient (and one for the loss):
// dozens of small collectives, each paying a collective's latency. As
// PyTorch's DistributedDataParallel does, they are combined into buckets:
// the inputs flattened and concatenated, one all-reduce, the results sliced
// back out. Members join a bucket in the order their inputs are computed
// (the order the backward pass finishes gradients), until the bucket's
// bytes would pass the cap; an all-reduce whose input depends on a member's
// result starts a new bucket. The bucket sits right after its last input;
// readers of its results move after it (a stable topological sort of the
// block). The sums are the same element by element: each element is still
// reduced on its own.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/LoomOps.h"

#include "mlir/Analysis/TopologicalSortUtils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Shard/IR/ShardOps.h"
#include "llvm/ADT/DenseSet.h"

namespace loom {
#define GEN_PASS_DEF_LOOMBUCKETALLREDUCES
#include "passes/Passes.h.inc"
} // namespace loom

using namespace mlir;

namespace loom {
namespace {

RankedTensorType typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

int64_t byteSize(shard::AllReduceOp op) {
  RankedTensorType type = typeOf(op.getInput());
  return type.getNumElements() *
         llvm::divideCeil(type.getElementTypeBitWidth(), 8);
}

/// All-reduces that may share a bucket: same grid, axes, reduction and
/// element type.
bool compatible(shard::AllReduceOp a, shard::AllReduceOp b) {
  return a.getGrid() == b.getGrid() && a.getGridAxes() == b.getGridAxes() &&
         a.getReduction() == b.getReduction() &&
         typeOf(a.getInput()).getElementType() ==
             typeOf(b.getInput()).getElementType() &&
         typeOf(a.getResult()).getElementType() ==
             typeOf(a.getInput()).getElementType();
}

class Bucketer {
public:
  Bucketer(Block &block, int64_t capBytes) : block(block), capBytes(capBytes) {
    unsigned next = 0;
    for (Operation &op : block)
      position[&op] = next++;
  }

  /// Buckets the block's all-reduces; true if any bucket was formed. The
  /// block is left to be sorted topologically.
  bool run();

private:
  /// Where `value` becomes available: its defining op's position in the
  /// original block, -1 for a block argument.
  int64_t readyAt(Value value) {
    Operation *op = value.getDefiningOp();
    return op ? int64_t(position.lookup(op)) : -1;
  }
  /// True if the input of an all-reduce of `bucket` is computed from the
  /// result of one, through the use-def chains as they are now (buckets
  /// already formed included): such a bucket would wait for itself.
  bool selfDependent(ArrayRef<shard::AllReduceOp> bucket);
  void combine(ArrayRef<shard::AllReduceOp> bucket);

  Block &block;
  int64_t capBytes;
  llvm::DenseMap<Operation *, unsigned> position;
};

bool Bucketer::selfDependent(ArrayRef<shard::AllReduceOp> bucket) {
  llvm::DenseSet<Operation *> members;
  for (shard::AllReduceOp member : bucket)
    members.insert(member);
  SmallVector<Operation *> worklist;
  llvm::DenseSet<Operation *> seen;
  auto push = [&](Value value) {
    if (Operation *op = value.getDefiningOp(); op && seen.insert(op).second)
      worklist.push_back(op);
  };
  for (shard::AllReduceOp member : bucket)
    push(member.getInput());
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (members.contains(op))
      return true;
    for (Value operand : op->getOperands())
      push(operand);
  }
  return false;
}

void Bucketer::combine(ArrayRef<shard::AllReduceOp> bucket) {
  Operation *last = nullptr;
  for (shard::AllReduceOp member : bucket)
    if (Operation *op = member.getInput().getDefiningOp();
        op && (!last || position.lookup(op) > position.lookup(last)))
      last = op;
  OpBuilder builder(block.getParentOp()->getContext());
  if (last)
    builder.setInsertionPointAfter(last);
  else
    builder.setInsertionPointToStart(&block);
  Location loc = builder.getFusedLoc(llvm::map_to_vector(
      bucket, [](shard::AllReduceOp op) { return op.getLoc(); }));

  shard::AllReduceOp first = bucket.front();
  Type elementType = typeOf(first.getInput()).getElementType();
  SmallVector<Value> flat;
  int64_t total = 0;
  for (shard::AllReduceOp member : bucket) {
    Value input = member.getInput();
    int64_t count = typeOf(input).getNumElements();
    auto flatType = RankedTensorType::get({count}, elementType);
    flat.push_back(typeOf(input) == flatType
                       ? input
                       : ReshapeOp::create(builder, loc, flatType, input)
                             .getResult());
    total += count;
  }
  auto bucketType = RankedTensorType::get({total}, elementType);
  Value concatenated =
      ConcatOp::create(builder, loc, bucketType, flat, /*axis=*/0);
  Value reduced = shard::AllReduceOp::create(
      builder, loc, bucketType, first.getGrid(), first.getGridAxes(),
      concatenated, first.getReduction());
  int64_t offset = 0;
  for (shard::AllReduceOp member : bucket) {
    RankedTensorType type = typeOf(member.getResult());
    int64_t count = type.getNumElements();
    auto flatType = RankedTensorType::get({count}, elementType);
    Value part = SliceOp::create(builder, loc, flatType, reduced,
                                 ArrayRef<int64_t>{offset},
                                 ArrayRef<int64_t>{1});
    if (flatType != type)
      part = ReshapeOp::create(builder, loc, type, part);
    member.getResult().replaceAllUsesWith(part);
    offset += count;
  }
  // Erased last: the builder inserts before the op after `last`, which
  // may be a member.
  for (shard::AllReduceOp member : bucket)
    member.erase();
}

bool Bucketer::run() {
  SmallVector<shard::AllReduceOp> candidates;
  for (Operation &op : block)
    if (auto reduce = dyn_cast<shard::AllReduceOp>(op);
        reduce && typeOf(reduce.getInput()).hasStaticShape())
      candidates.push_back(reduce);
  // In the order their inputs are ready: the backward pass's order.
  llvm::stable_sort(candidates, [&](shard::AllReduceOp a,
                                    shard::AllReduceOp b) {
    return readyAt(a.getInput()) < readyAt(b.getInput());
  });

  // Each bucket is formed before the next is looked for, so that the
  // dependence test sees the buckets before it.
  bool formed = false;
  llvm::DenseSet<Operation *> taken;
  for (auto [index, seed] : llvm::enumerate(candidates)) {
    if (taken.contains(seed) || byteSize(seed) >= capBytes)
      continue;
    taken.insert(seed);
    SmallVector<shard::AllReduceOp> bucket{seed};
    int64_t bytes = byteSize(seed);
    for (shard::AllReduceOp next :
         ArrayRef(candidates).drop_front(index + 1)) {
      if (taken.contains(next) || !compatible(seed, next))
        continue;
      if (bytes + byteSize(next) > capBytes)
        break;
      bucket.push_back(next);
      if (selfDependent(bucket)) {
        bucket.pop_back();
        break;
      }
      taken.insert(next);
      bytes += byteSize(next);
    }
    if (bucket.size() > 1) {
      combine(bucket);
      formed = true;
    }
  }
  return formed;
}

struct LoomBucketAllReducesPass
    : impl::LoomBucketAllReducesBase<LoomBucketAllReducesPass> {
  using LoomBucketAllReducesBase::LoomBucketAllReducesBase;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    if (bucketBytes <= 0 || !function.getBody().hasOneBlock())
      return;
    Block &block = function.getBody().front();
    if (Bucketer(block, bucketBytes).run() && !sortTopologically(&block)) {
      function.emitError("bucketing all-reduces left a cycle in @")
          << function.getSymName();
      signalPassFailure();
    }
  }
};

} // namespace
} // namespace loom
