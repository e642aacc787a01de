//===- ApproximateMath.cpp - Vectorizable f32 transcendental functions ----===//
//
// Part of the Loom project.
//
// loom-cpu-approximate-math: LLVM cannot vectorize a loop that calls libm's
// expf or tanhf, so f32 transcendental functions are expanded into upstream
// MLIR's polynomial approximations (plain arithmetic) first.
//
// Upstream's approximations work on normal numbers only: log clamps its
// argument to the smallest normal float (so log of a subnormal was -87.34
// where libm gives down to -103.28) and exp flushes results below it to 0.
// Both are wrapped first so that the subnormal range goes through the
// normal one: log(x) = log(x * 2^24) - 24 ln 2, and exp(x) = exp(x / 2)^2,
// the square rounding once into the subnormal range. The wrapping costs a
// compare, two selects and two arithmetic ops a value, no branch.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
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

/// `value` as an f32 constant of `type` (f32 or a vector of f32).
Value f32Constant(OpBuilder &b, Location loc, Type type, float value) {
  FloatAttr scalar = b.getF32FloatAttr(value);
  if (auto vector = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(b, loc, vector,
                                     DenseElementsAttr::get(vector, scalar));
  return arith::ConstantOp::create(b, loc, scalar);
}

/// The smallest positive normal f32, 2^-126, and ln of it.
constexpr float kMinNormal = 0x1p-126f;
constexpr float kLogMinNormal = -87.3365447505531f;

/// Replaces `op` (a math.log or math.exp on f32) by the same op on a value
/// in the normal range and the correction, selected where the argument
/// (log) or the result (exp) is subnormal. NaN compares false and keeps the
/// plain path; so does everything in the normal range.
void wrapSubnormalRange(Operation *op) {
  OpBuilder b(op);
  Location loc = op->getLoc();
  Value x = op->getOperand(0);
  Type type = x.getType();
  auto select = [&](Value condition, Value ifTrue, Value ifFalse) {
    return arith::SelectOp::create(b, loc, condition, ifTrue, ifFalse);
  };
  auto flags = cast<arith::ArithFastMathInterface>(op).getFastMathFlagsAttr();
  Value result;
  if (isa<math::LogOp>(op)) {
    // x below 2^-126 (subnormal, zero or negative) is scaled by 2^24, which
    // is exact and makes every positive subnormal normal; zero and negative
    // values keep their -inf and NaN through the scaled path.
    Value small = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                        f32Constant(b, loc, type, kMinNormal));
    Value scaled =
        arith::MulFOp::create(b, loc, x, f32Constant(b, loc, type, 0x1p24f));
    Value log = math::LogOp::create(b, loc, select(small, scaled, x), flags);
    Value corrected = arith::SubFOp::create(
        b, loc, log, f32Constant(b, loc, type, 16.6355323334386862f));
    result = select(small, corrected, log);
  } else {
    // Below ln(2^-126) the result is subnormal (or 0): exp(x / 2) is normal
    // down to x = -174 and its square rounds once, like libm's result.
    Value small =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                              f32Constant(b, loc, type, kLogMinNormal));
    Value halved =
        arith::MulFOp::create(b, loc, x, f32Constant(b, loc, type, 0.5f));
    Value exp = math::ExpOp::create(b, loc, select(small, halved, x), flags);
    Value squared = arith::MulFOp::create(b, loc, exp, exp);
    result = select(small, squared, exp);
  }
  op->getResult(0).replaceAllUsesWith(result);
  op->erase();
}

struct LoomCpuApproximateMathPass
    : impl::LoomCpuApproximateMathBase<LoomCpuApproximateMathPass> {
  void runOnOperation() override {
    // Collected first: the wrapped ops are new math ops that must not be
    // wrapped again.
    SmallVector<Operation *> wrap;
    getOperation()->walk([&](Operation *op) {
      if (isa<math::LogOp, math::ExpOp>(op) &&
          getElementTypeOrSelf(op->getResult(0).getType()).isF32())
        wrap.push_back(op);
    });
    for (Operation *op : wrap)
      wrapSubnormalRange(op);

    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns, isApproximated);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
} // namespace loom::cpu
