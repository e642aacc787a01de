//===- ExpandArith.cpp - arith ops without an LLVM lowering ---------------===//
//
// Part of the Loom project.
//
// loom-cpu-expand-arith: the subset of upstream arith-expand that the CPU
// backend needs. arith-to-llvm has no lowering for the ceil/floor divisions,
// and bf16 conversions would otherwise become calls of compiler-rt routines
// that a kernel library cannot count on at load time. NaN-propagating
// max/min are left alone so that LLVM sees them as reductions.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUEXPANDARITH
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

struct LoomCpuExpandArithPass
    : impl::LoomCpuExpandArithBase<LoomCpuExpandArithPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    arith::populateCeilFloorDivExpandOpsPatterns(patterns);
    arith::populateExpandBFloat16Patterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
} // namespace loom::cpu
