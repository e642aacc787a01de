//===- ApproximateMath.cpp - Vectorizable f32 transcendental functions ----===//
//
// Part of the Loom project.
//
// loom-cpu-approximate-math: LLVM cannot vectorize a loop that calls libm's
// expf or tanhf, so f32 transcendental functions are expanded into upstream
// MLIR's polynomial approximations (plain arithmetic) first.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUAPPROXIMATEMATH
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

/// The math ops that loom kernels produce and whose approximations the CPU
/// codegen tests check against the reference evaluator. The others (sin,
/// cos, atan, asin, acos, ...) call libm.
bool isApproximated(StringRef opName) {
  return llvm::is_contained({"math.exp", "math.log", "math.tanh", "math.erf"},
                            opName);
}

struct LoomCpuApproximateMathPass
    : impl::LoomCpuApproximateMathBase<LoomCpuApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns, isApproximated);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
} // namespace loom::cpu
