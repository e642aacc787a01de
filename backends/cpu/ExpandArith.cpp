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

/// `arith.truncf` from f64 to bf16, which upstream's bf16 expansion leaves
/// alone and LLVM turns into a call of compiler-rt's __truncdfbf2 (a kernel
/// library then fails to load), becomes f64 -> f32 rounded to odd, then
/// f32 -> bf16 rounded to nearest even (which upstream expands). Rounding to
/// odd first keeps the second rounding correct: f32 has 16 bits more than
/// bf16, so its sticky last bit stands for every bit dropped on the way. To
/// odd: round to nearest, step one toward zero if that overshot |x|, and set
/// the last bit if inexact.
struct TruncF64ThroughOddF32 : OpRewritePattern<arith::TruncFOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(arith::TruncFOp op,
                                PatternRewriter &rewriter) const override {
    Type source = getElementTypeOrSelf(op.getIn().getType());
    Type result = getElementTypeOrSelf(op.getType());
    if (!source.isF64() || !result.isBF16())
      return failure();
    Location loc = op.getLoc();
    auto like = [&](Type element) -> Type {
      if (auto shaped = dyn_cast<ShapedType>(op.getType()))
        return shaped.clone(element);
      return element;
    };
    Type f32 = like(rewriter.getF32Type());
    Type i32 = like(rewriter.getI32Type());
    auto splat = [&](Type type, TypedAttr scalar) -> Value {
      if (auto shaped = dyn_cast<ShapedType>(type))
        return arith::ConstantOp::create(
            rewriter, loc, DenseElementsAttr::get(shaped, scalar));
      return arith::ConstantOp::create(rewriter, loc, scalar);
    };
    Value x = op.getIn();
    Value nearest = arith::TruncFOp::create(rewriter, loc, f32, x);
    Value back = arith::ExtFOp::create(rewriter, loc, x.getType(), nearest);
    // Ordered: a NaN is exact (it keeps its f32 NaN).
    Value inexact = arith::CmpFOp::create(rewriter, loc,
                                          arith::CmpFPredicate::ONE, back, x);
    // |back| > |x|: above a non-negative x, below a negative one.
    Value zero = splat(x.getType(), rewriter.getF64FloatAttr(0.0));
    Value overshot = arith::SelectOp::create(
        rewriter, loc,
        arith::CmpFOp::create(rewriter, loc, arith::CmpFPredicate::OGE, x,
                              zero),
        arith::CmpFOp::create(rewriter, loc, arith::CmpFPredicate::OGT, back,
                              x),
        arith::CmpFOp::create(rewriter, loc, arith::CmpFPredicate::OLT, back,
                              x));
    Value bits = arith::BitcastOp::create(rewriter, loc, i32, nearest);
    Value one = splat(i32, rewriter.getI32IntegerAttr(1));
    Value towardZero = arith::SelectOp::create(
        rewriter, loc, overshot, arith::SubIOp::create(rewriter, loc, bits, one),
        bits);
    Value odd = arith::SelectOp::create(
        rewriter, loc, inexact,
        arith::OrIOp::create(rewriter, loc, towardZero, one), towardZero);
    Value narrowed = arith::BitcastOp::create(rewriter, loc, f32, odd);
    rewriter.replaceOpWithNewOp<arith::TruncFOp>(op, op.getType(), narrowed);
    return success();
  }
};

struct LoomCpuExpandArithPass
    : impl::LoomCpuExpandArithBase<LoomCpuExpandArithPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    arith::populateCeilFloorDivExpandOpsPatterns(patterns);
    arith::populateExpandBFloat16Patterns(patterns);
    patterns.add<TruncF64ThroughOddF32>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
} // namespace loom::cpu
