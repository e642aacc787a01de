//===- ReassociateReductions.cpp - Vectorizable float reductions ----------===//
//
// Part of the Loom project.
//
// loom-cpu-reassociate-reductions: a float sum written as a loop is a chain
// of dependent additions that LLVM may not reorder, so it runs at one
// addition per FP-add latency. Allowing reassociation on the combiner lets
// the loop vectorizer keep one partial sum per lane (and several vectors),
// the usual speed/order trade-off of reductions on CPUs.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUREASSOCIATEREDUCTIONS
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

/// Adds `reassoc` to the float adds and multiplies of `body`.
void allowReassociation(Block &body) {
  for (Operation &op : body) {
    auto fastMath = dyn_cast<arith::ArithFastMathInterface>(&op);
    if (!fastMath || !isa<arith::AddFOp, arith::MulFOp>(op))
      continue;
    arith::FastMathFlags flags =
        fastMath.getFastMathFlagsAttr().getValue() |
        arith::FastMathFlags::reassoc;
    op.setAttr(fastMath.getFastMathAttrName(),
               arith::FastMathFlagsAttr::get(op.getContext(), flags));
  }
}

struct LoomCpuReassociateReductionsPass
    : impl::LoomCpuReassociateReductionsBase<
          LoomCpuReassociateReductionsPass> {
  void runOnOperation() override {
    getOperation().walk([](linalg::LinalgOp op) {
      if (op.getNumReductionLoops() > 0)
        allowReassociation(*op.getBlock());
    });
  }
};

} // namespace
} // namespace loom::cpu
