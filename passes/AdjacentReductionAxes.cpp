//===- AdjacentReductionAxes.cpp - Reduce one block of dimensions ---------===//
//
// Part of the Loom project.
//
// loom-adjacent-reduction-axes: a reduction over axes that are not adjacent
// becomes the same reduction of a transpose whose reduced dimensions are
// last, in their order (Passes.td), which adds the same elements in the
// same order.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/LoomOps.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"

namespace loom {
#define GEN_PASS_DEF_LOOMADJACENTREDUCTIONAXES
#include "passes/Passes.h.inc"
} // namespace loom

using namespace mlir;

namespace loom {
namespace {

/// Whether every dimension between the first and the last axis is reduced
/// or of size 1.
bool adjacent(ArrayRef<int64_t> axes, ArrayRef<int64_t> shape) {
  if (axes.empty())
    return true;
  int64_t first = *llvm::min_element(axes), last = *llvm::max_element(axes);
  for (int64_t dim = first; dim <= last; ++dim)
    if (shape[dim] != 1 && !llvm::is_contained(axes, dim))
      return false;
  return true;
}

template <typename ReduceOpT> LogicalResult rewrite(ReduceOpT op) {
  auto inputType = dyn_cast<RankedTensorType>(op.getInput().getType());
  auto resultType = dyn_cast<RankedTensorType>(op.getResult().getType());
  if (!inputType || !resultType || !inputType.hasStaticShape())
    return failure();
  ArrayRef<int64_t> axes = op.getAxes();
  if (adjacent(axes, inputType.getShape()))
    return failure();

  int64_t rank = inputType.getRank();
  SmallVector<int64_t> permutation, reduced;
  for (int64_t dim = 0; dim < rank; ++dim)
    if (!llvm::is_contained(axes, dim))
      permutation.push_back(dim);
  for (int64_t dim = 0; dim < rank; ++dim)
    if (llvm::is_contained(axes, dim)) {
      permutation.push_back(dim);
      reduced.push_back(static_cast<int64_t>(permutation.size()) - 1);
    }

  OpBuilder b(op);
  Location loc = op.getLoc();
  Value transposed = TransposeOp::create(b, loc, op.getInput(), permutation);
  Value result = ReduceOpT::create(b, loc, transposed, reduced,
                                   op.getKeepdims());
  if (result.getType() != resultType)
    result = ReshapeOp::create(b, loc, resultType, result);
  op.getResult().replaceAllUsesWith(result);
  op.erase();
  return success();
}

struct LoomAdjacentReductionAxesPass
    : impl::LoomAdjacentReductionAxesBase<LoomAdjacentReductionAxesPass> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp,
              ReduceProdOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops)
      (void)llvm::TypeSwitch<Operation *, LogicalResult>(op)
          .Case<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp,
                ReduceProdOp>([](auto reduce) { return rewrite(reduce); })
          .Default([](Operation *) { return failure(); });
  }
};

} // namespace
} // namespace loom
