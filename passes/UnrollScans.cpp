//===- UnrollScans.cpp - Short loom.scan loops as copies of their body ----===//
//
// Part of the Loom project.
//
// loom-unroll-scans: for targets whose kernels are straight-line code, each
// loom.scan of at most max-length iterations becomes one copy of its body
// per iteration, entries of the scanned operands sliced out and the
// per-step values concatenated along a new dimension 0 (Passes.td).
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/LoomOps.h"

#include "mlir/IR/IRMapping.h"

namespace loom {
#define GEN_PASS_DEF_LOOMUNROLLSCANS
#include "passes/Passes.h.inc"
} // namespace loom

using namespace mlir;

namespace loom {
namespace {

/// Entry `t` of `stacked` along dimension 0, that dimension dropped.
Value entryOf(OpBuilder &b, Location loc, Value stacked, int64_t t) {
  auto type = cast<RankedTensorType>(stacked.getType());
  SmallVector<int64_t> offsets(type.getRank(), 0), steps(type.getRank(), 1);
  SmallVector<int64_t> shape(type.getShape());
  offsets[0] = t;
  shape[0] = 1;
  Value slice = SliceOp::create(b, loc, type.clone(shape), stacked,
                                offsets, steps);
  return ReshapeOp::create(b, loc, ScanOp::stepType(type), slice);
}

/// Replaces `scan` by `length` copies of its body.
void unroll(ScanOp scan) {
  OpBuilder b(scan);
  Location loc = scan.getLoc();
  int64_t length = scan.getLength();
  unsigned numCarried = scan.getInits().size();
  SmallVector<Value> carried(scan.getInits());
  // Per-step values by position, each with a leading unit dimension.
  SmallVector<SmallVector<Value>> steps(scan.getStacked().size(),
                                        SmallVector<Value>(length));
  Block &body = scan.getBodyBlock();
  auto positionType = RankedTensorType::get({}, b.getI64Type());
  for (int64_t s = 0; s < length; ++s) {
    int64_t t = scan.getReverse() ? length - 1 - s : s;
    IRMapping mapping;
    mapping.map(scan.getPosition(),
                ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(positionType, t)));
    unsigned argument = 1;
    for (Value value : carried)
      mapping.map(body.getArgument(argument++), value);
    for (Value scanned : scan.getScanned())
      mapping.map(body.getArgument(argument++), entryOf(b, loc, scanned, t));
    for (Value invariant : scan.getInvariants())
      mapping.map(body.getArgument(argument++), invariant);
    for (Operation &op : body.without_terminator())
      b.clone(op, mapping);
    auto yielded = cast<YieldOp>(body.getTerminator()).getValues();
    for (unsigned i = 0; i < numCarried; ++i)
      carried[i] = mapping.lookup(yielded[i]);
    for (auto [k, value] : llvm::enumerate(yielded.drop_front(numCarried))) {
      Value step = mapping.lookup(value);
      auto type = cast<RankedTensorType>(step.getType());
      SmallVector<int64_t> shape{1};
      llvm::append_range(shape, type.getShape());
      steps[k][t] = ReshapeOp::create(b, loc, type.clone(shape), step);
    }
  }
  SmallVector<Value> results(carried);
  for (auto [k, stacked] : llvm::enumerate(scan.getStacked()))
    results.push_back(length == 1 ? steps[k].front()
                                  : ConcatOp::create(b, loc, stacked.getType(),
                                                     steps[k], /*axis=*/0)
                                        .getResult());
  scan.replaceAllUsesWith(results);
  scan.erase();
}

struct LoomUnrollScansPass : impl::LoomUnrollScansBase<LoomUnrollScansPass> {
  using LoomUnrollScansBase::LoomUnrollScansBase;

  void runOnOperation() override {
    // Post-order: a loop's inner loops are unrolled before it is copied.
    SmallVector<ScanOp> scans;
    getOperation().walk([&](ScanOp scan) {
      if (scan.getLength() >= 1 && scan.getLength() <= maxLength)
        scans.push_back(scan);
    });
    for (ScanOp scan : scans)
      unroll(scan);
  }
};

} // namespace
} // namespace loom
