//===- UnrollWindowLoops.cpp - Window loops inside the output row --------===//
//
// Part of the Loom project.
//
// loom-cpu-unroll-window-loops: depthwise convolutions and pools iterate
// (.., out1, k1, k2, out2), the output width innermost so that LLVM
// vectorizes the row. Each of the k1 * k2 window positions then loads and
// stores the whole output row again: the loop is bound by loads and stores,
// not by multiply-adds. Moving the row outside the window loops and
// unrolling those (their trip counts are small constants) makes the row
// loop innermost again with the whole window in its body, so the output
// element stays in a register across the window. Each output element still
// sees the window in the same order, so the results do not change.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/PatternMatch.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUUNROLLWINDOWLOOPS
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

/// The permutation that moves the innermost loop of `op` in front of the
/// reduction loops right before it, when those are window loops: between
/// one and `maxWindowLoops` of them, each of at most `maxWindowSize` trips,
/// and the innermost loop a parallel one that indexes the innermost
/// dimension of the output.
std::optional<SmallVector<unsigned>>
windowInterchange(linalg::GenericOp op, int64_t maxWindowSize) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1)
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  unsigned loops = ranges.size();
  if (loops < 2 || iterators.back() != utils::IteratorType::parallel)
    return std::nullopt;
  AffineMap outputMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (outputMap.getNumResults() == 0 ||
      outputMap.getResults().back() != getAffineDimExpr(loops - 1,
                                                        op.getContext()))
    return std::nullopt;
  unsigned first = loops - 1;
  while (first > 0 &&
         iterators[first - 1] == utils::IteratorType::reduction &&
         !ShapedType::isDynamic(ranges[first - 1]) &&
         ranges[first - 1] <= maxWindowSize)
    --first;
  // Only a nest that ends in the window loops: a larger reduction before
  // them would stay between the row and the window.
  if (first == loops - 1 ||
      (first > 0 && iterators[first - 1] == utils::IteratorType::reduction))
    return std::nullopt;
  SmallVector<unsigned> permutation;
  for (unsigned d = 0; d < first; ++d)
    permutation.push_back(d);
  permutation.push_back(loops - 1);
  for (unsigned d = first; d < loops - 1; ++d)
    permutation.push_back(d);
  return permutation;
}

struct LoomCpuUnrollWindowLoopsPass
    : impl::LoomCpuUnrollWindowLoopsBase<LoomCpuUnrollWindowLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<std::pair<linalg::GenericOp, SmallVector<unsigned>>> ops;
    getOperation().walk([&](linalg::GenericOp op) {
      if (std::optional<SmallVector<unsigned>> permutation =
              windowInterchange(op, maxWindowSize))
        ops.emplace_back(op, std::move(*permutation));
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, permutation] : ops) {
      unsigned windowLoops = permutation.size() - 1 -
                             (llvm::find(permutation, permutation.size() - 1) -
                              permutation.begin());
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::GenericOp> interchanged =
          linalg::interchangeGenericOp(rewriter, op, permutation);
      if (failed(interchanged))
        return signalPassFailure();
      FailureOr<linalg::LinalgLoops> nest =
          linalg::linalgOpToLoops(rewriter, *interchanged);
      if (failed(nest))
        return signalPassFailure();
      rewriter.eraseOp(*interchanged);
      // Innermost first, so that each loop's body is loop-free when it is
      // unrolled.
      for (unsigned i = 0; i < windowLoops; ++i) {
        auto loop = cast<scf::ForOp>((*nest)[nest->size() - 1 - i]);
        if (failed(loopUnrollFull(loop)))
          return signalPassFailure();
      }
    }
  }
};

} // namespace
} // namespace loom::cpu
