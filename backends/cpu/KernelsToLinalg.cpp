//===- KernelsToLinalg.cpp - Kernels' loom ops to linalg, all or nothing --===//
//
// Part of the Loom project.
//
// loom-cpu-kernels-to-linalg: the graph-level patterns of passes/LowerToLinalg
// applied to one kernel, with the difference that code generation has no
// later step to leave an op to, so any loom op that remains is an error at
// that op. Run-time checks (an index inside its dimension, a nonzero integer
// divisor) become cf.asserts unless the `runtime-checks` option is off.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "ir/LoomDialect.h"
#include "passes/LinalgLoweringUtils.h"
#include "passes/LowerToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUKERNELSTOLINALG
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

struct LoomCpuKernelsToLinalgPass
    : impl::LoomCpuKernelsToLinalgBase<LoomCpuKernelsToLinalgPass> {
  using LoomCpuKernelsToLinalgBase::LoomCpuKernelsToLinalgBase;

  void runOnOperation() override {
    func::FuncOp kernel = getOperation();
    if (!isKernel(kernel))
      return;
    RewritePatternSet patterns(&getContext());
    LoomToLinalgOptions options;
    options.runtimeChecks = runtimeChecks;
    populateLoomToLinalgPatterns(patterns, options);
    if (failed(applyPatternsGreedily(kernel, std::move(patterns)))) {
      kernel.emitError("lowering loom ops to linalg did not converge");
      return signalPassFailure();
    }
    // Every op left over is reported, not just the first, so that one
    // compile lists all the ops a model needs lowered.
    bool complete = true;
    kernel.walk([&](Operation *op) {
      if (!isa<LoomDialect>(op->getDialect()))
        return;
      op->emitOpError("is not supported by the CPU backend (no lowering to "
                      "linalg for these operand types)");
      complete = false;
    });
    if (!complete)
      return signalPassFailure();
    // ui8..ui64 have served the lowering; the rest of the pipeline and the
    // kernel ABI see the same bytes as signless integers.
    makeIntegersSignless(kernel);
  }
};

} // namespace
} // namespace loom::cpu
