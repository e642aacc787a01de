//===- LowerToLinalg.cpp - Lower loom ops to linalg on tensors --------------===//
//
// Part of the Loom project.
//
// The first step of the CPU backend: patterns that rewrite statically shaped
// loom ops into linalg, tensor, arith and math ops on tensors, keeping the
// exact semantics of docs/dialect.md (NumPy broadcasting, wrapping integers,
// NaN-propagating max/min, round half to even). Ops without a pattern, and
// ops with dynamic shapes, are left for later steps.
//
//===----------------------------------------------------------------------===//

#include "passes/LowerToLinalg.h"
#include "passes/LinalgLoweringUtils.h"
#include "passes/Passes.h"

#include "ir/LoomOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>
#include <type_traits>

namespace loom {
#define GEN_PASS_DEF_LOOMLOWERTOLINALG
#include "passes/Passes.h.inc"
} // namespace loom

using namespace mlir;

namespace loom {
namespace {

//===----------------------------------------------------------------------===//
// Scalar bodies of the elementwise ops
//===----------------------------------------------------------------------===//

// One overload per op computes a result element from operand elements. The
// `Operation *` overload of `supports` accepts every element type; ops with
// a narrower lowering overload it.

bool supports(Operation *, Type) { return true; }
bool supports(PowOp, Type elementType) { return !elementType.isInteger(1); }

Value scalar(AddOp, OpBuilder &b, Location loc, ValueRange args) {
  return floatOrInt<arith::AddFOp, arith::AddIOp>(b, loc, args);
}
Value scalar(SubOp, OpBuilder &b, Location loc, ValueRange args) {
  return floatOrInt<arith::SubFOp, arith::SubIOp>(b, loc, args);
}
Value scalar(MulOp, OpBuilder &b, Location loc, ValueRange args) {
  return floatOrInt<arith::MulFOp, arith::MulIOp>(b, loc, args);
}
/// An integer divisor that arith.divsi/remsi may take: x86 traps on a
/// division by zero and on the smallest integer divided by -1, so both
/// become 1, and the callers choose the results for them.
struct SafeDivisor {
  Value divisor, isZero, isMinusOne;
};
SafeDivisor safeDivisor(OpBuilder &b, Location loc, Value rhs) {
  Type type = rhs.getType();
  Value isZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs,
                                       scalarConstant(b, loc, type, 0.0));
  Value isMinusOne =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs,
                            scalarConstant(b, loc, type, -1.0));
  Value unsafe = arith::OrIOp::create(b, loc, isZero, isMinusOne);
  Value divisor = arith::SelectOp::create(
      b, loc, unsafe, scalarConstant(b, loc, type, 1.0), rhs);
  return {divisor, isZero, isMinusOne};
}

/// Integers: as in the evaluator, `x / -1` is the wrapping `0 - x`; `x / 0`,
/// an error there, is 0 here.
Value scalar(DivOp, OpBuilder &b, Location loc, ValueRange args) {
  if (isa<FloatType>(args[0].getType()))
    return arith::DivFOp::create(b, loc, args);
  Value lhs = args[0];
  if (lhs.getType().isUnsignedInteger()) {
    Value zero = scalarConstant(b, loc, lhs.getType(), 0.0);
    Value isZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                         args[1], zero);
    Value divisor = arith::SelectOp::create(
        b, loc, isZero, scalarConstant(b, loc, lhs.getType(), 1.0), args[1]);
    Value quotient = arith::DivUIOp::create(b, loc, lhs, divisor);
    return arith::SelectOp::create(b, loc, isZero, zero, quotient);
  }
  SafeDivisor rhs = safeDivisor(b, loc, args[1]);
  Value zero = scalarConstant(b, loc, lhs.getType(), 0.0);
  Value quotient = arith::DivSIOp::create(b, loc, lhs, rhs.divisor);
  Value negated = arith::SubIOp::create(b, loc, zero, lhs);
  Value result =
      arith::SelectOp::create(b, loc, rhs.isMinusOne, negated, quotient);
  return arith::SelectOp::create(b, loc, rhs.isZero, zero, result);
}
Value scalar(MaxOp, OpBuilder &b, Location loc, ValueRange args) {
  return floatOrInt<arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>(b, loc, args);
}
Value scalar(MinOp, OpBuilder &b, Location loc, ValueRange args) {
  return floatOrInt<arith::MinimumFOp, arith::MinSIOp, arith::MinUIOp>(b, loc, args);
}
/// Integers: square and multiply over the exponent's bits below the sign
/// bit, unrolled (wrapping like the evaluator's loop). A negative exponent
/// gives 1 for base 1, +-1 for base -1 by the exponent's parity, and 0
/// otherwise, including `0 ** negative`, which is an error in the evaluator.
Value scalar(PowOp, OpBuilder &b, Location loc, ValueRange args) {
  if (isa<FloatType>(args[0].getType()))
    return math::PowFOp::create(b, loc, args);
  Value base = args[0], exponent = args[1];
  Type type = base.getType();
  Value zero = scalarConstant(b, loc, type, 0.0);
  Value one = scalarConstant(b, loc, type, 1.0);
  Value minusOne = scalarConstant(b, loc, type, -1.0);
  Value result = one, square = base;
  unsigned width = type.getIntOrFloatBitWidth();
  // An unsigned exponent has no sign bit: every bit counts.
  bool isUnsigned = type.isUnsignedInteger();
  unsigned bits = isUnsigned ? width : width - 1;
  for (unsigned bit = 0; bit < bits; ++bit) {
    Value amount = scalarConstant(b, loc, type, bit);
    Value shifted =
        isUnsigned
            ? arith::ShRUIOp::create(b, loc, exponent, amount).getResult()
            : arith::ShRSIOp::create(b, loc, exponent, amount).getResult();
    Value isSet = arith::TruncIOp::create(b, loc, b.getI1Type(), shifted);
    Value product = arith::MulIOp::create(b, loc, result, square);
    result = arith::SelectOp::create(b, loc, isSet, product, result);
    if (bit + 1 < bits)
      square = arith::MulIOp::create(b, loc, square, square);
  }
  if (isUnsigned)
    return result;
  Value isOdd = arith::TruncIOp::create(b, loc, b.getI1Type(), exponent);
  Value minusOnePower = arith::SelectOp::create(b, loc, isOdd, minusOne, one);
  Value baseIsOne =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, base, one);
  Value baseIsMinusOne =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, base, minusOne);
  Value reciprocal =
      arith::SelectOp::create(b, loc, baseIsMinusOne, minusOnePower, zero);
  reciprocal = arith::SelectOp::create(b, loc, baseIsOne, one, reciprocal);
  Value isNegative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, exponent, zero);
  return arith::SelectOp::create(b, loc, isNegative, reciprocal, result);
}
/// shli or shrui, and 0 for a shift by the width or more (poison in arith).
Value scalar(ShiftOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0], amount = args[1];
  Type type = x.getType();
  Value shifted =
      op.getRight() ? arith::ShRUIOp::create(b, loc, x, amount).getResult()
                    : arith::ShLIOp::create(b, loc, x, amount).getResult();
  Value width = scalarConstant(b, loc, type, type.getIntOrFloatBitWidth());
  Value tooFar =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, amount, width);
  return arith::SelectOp::create(b, loc, tooFar,
                                 scalarConstant(b, loc, type, 0.0), shifted);
}
Value scalar(AndOp, OpBuilder &b, Location loc, ValueRange args) {
  return arith::AndIOp::create(b, loc, args);
}
Value scalar(OrOp, OpBuilder &b, Location loc, ValueRange args) {
  return arith::OrIOp::create(b, loc, args);
}
Value scalar(XorOp, OpBuilder &b, Location loc, ValueRange args) {
  return arith::XOrIOp::create(b, loc, args);
}

/// Comparisons with NaN are false except `ne` (hence the ordered predicates
/// and `une`); integers compare as signed, and i1 (0 < 1) and ui8..ui64 as
/// unsigned.
Value scalar(CompareOp op, OpBuilder &b, Location loc, ValueRange args) {
  ComparePredicate predicate = op.getPredicate();
  if (isa<FloatType>(args[0].getType())) {
    arith::CmpFPredicate fp = arith::CmpFPredicate::OEQ;
    switch (predicate) {
    case ComparePredicate::eq: fp = arith::CmpFPredicate::OEQ; break;
    case ComparePredicate::ne: fp = arith::CmpFPredicate::UNE; break;
    case ComparePredicate::lt: fp = arith::CmpFPredicate::OLT; break;
    case ComparePredicate::le: fp = arith::CmpFPredicate::OLE; break;
    case ComparePredicate::gt: fp = arith::CmpFPredicate::OGT; break;
    case ComparePredicate::ge: fp = arith::CmpFPredicate::OGE; break;
    }
    return arith::CmpFOp::create(b, loc, fp, args[0], args[1]);
  }
  bool isBool = args[0].getType().isInteger(1) ||
                args[0].getType().isUnsignedInteger();
  arith::CmpIPredicate ip = arith::CmpIPredicate::eq;
  switch (predicate) {
  case ComparePredicate::eq: ip = arith::CmpIPredicate::eq; break;
  case ComparePredicate::ne: ip = arith::CmpIPredicate::ne; break;
  case ComparePredicate::lt:
    ip = isBool ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt;
    break;
  case ComparePredicate::le:
    ip = isBool ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle;
    break;
  case ComparePredicate::gt:
    ip = isBool ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt;
    break;
  case ComparePredicate::ge:
    ip = isBool ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge;
    break;
  }
  return arith::CmpIOp::create(b, loc, ip, args[0], args[1]);
}

Value scalar(SelectOp, OpBuilder &b, Location loc, ValueRange args) {
  return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
}

Value scalar(NegOp, OpBuilder &b, Location loc, ValueRange args) {
  Type type = args[0].getType();
  if (isa<FloatType>(type))
    return arith::NegFOp::create(b, loc, args[0]);
  return arith::SubIOp::create(b, loc, scalarConstant(b, loc, type, 0),
                               args[0]);
}
Value scalar(AbsOp, OpBuilder &b, Location loc, ValueRange args) {
  return floatOrInt<math::AbsFOp, math::AbsIOp>(b, loc, args);
}
Value scalar(ExpOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::ExpOp::create(b, loc, args[0]);
}
Value scalar(LogOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::LogOp::create(b, loc, args[0]);
}
Value scalar(SqrtOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::SqrtOp::create(b, loc, args[0]);
}
Value scalar(RsqrtOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::RsqrtOp::create(b, loc, args[0]);
}
Value scalar(ReciprocalOp, OpBuilder &b, Location loc, ValueRange args) {
  Value one = scalarConstant(b, loc, args[0].getType(), 1.0);
  return arith::DivFOp::create(b, loc, one, args[0]);
}
Value scalar(TanhOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::TanhOp::create(b, loc, args[0]);
}
Value scalar(SigmoidOp, OpBuilder &b, Location loc, ValueRange args) {
  Value one = scalarConstant(b, loc, args[0].getType(), 1.0);
  Value negated = arith::NegFOp::create(b, loc, args[0]);
  Value exp = math::ExpOp::create(b, loc, negated);
  Value denominator = arith::AddFOp::create(b, loc, one, exp);
  return arith::DivFOp::create(b, loc, one, denominator);
}
Value scalar(ErfOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::ErfOp::create(b, loc, args[0]);
}
/// max(x, 0), NaN-propagating for floats like loom.max.
Value scalar(ReluOp, OpBuilder &b, Location loc, ValueRange args) {
  Value zero = scalarConstant(b, loc, args[0].getType(), 0.0);
  return floatOrInt<arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>(b, loc,
                                                       {args[0], zero});
}
Value scalar(FloorOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::FloorOp::create(b, loc, args[0]);
}
Value scalar(CeilOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::CeilOp::create(b, loc, args[0]);
}
Value scalar(RoundOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::RoundEvenOp::create(b, loc, args[0]);
}
/// -1 below zero, 1 above, and the input itself otherwise: that keeps NaN
/// (both comparisons are false) and zero.
Value scalar(SignOp, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  Type type = x.getType();
  Value zero = scalarConstant(b, loc, type, 0.0);
  Value one = scalarConstant(b, loc, type, 1.0);
  Value minusOne = scalarConstant(b, loc, type, -1.0);
  Value isNegative, isPositive;
  if (isa<FloatType>(type)) {
    isNegative =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zero);
    isPositive =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero);
  } else {
    isNegative =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, zero);
    isPositive =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, x, zero);
  }
  Value negativeOrX = arith::SelectOp::create(b, loc, isNegative, minusOne, x);
  return arith::SelectOp::create(b, loc, isPositive, one, negativeOrX);
}
Value scalar(NotOp, OpBuilder &b, Location loc, ValueRange args) {
  Value trueValue = arith::ConstantOp::create(b, loc, b.getBoolAttr(true));
  return arith::XOrIOp::create(b, loc, args[0], trueValue);
}
Value scalar(SinOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::SinOp::create(b, loc, args[0]);
}
Value scalar(CosOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::CosOp::create(b, loc, args[0]);
}

Value scalar(TanOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::TanOp::create(b, loc, args[0]);
}
Value scalar(AsinOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::AsinOp::create(b, loc, args[0]);
}
Value scalar(AcosOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::AcosOp::create(b, loc, args[0]);
}
Value scalar(AtanOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::AtanOp::create(b, loc, args[0]);
}
Value scalar(SinhOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::SinhOp::create(b, loc, args[0]);
}
Value scalar(CoshOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::CoshOp::create(b, loc, args[0]);
}
Value scalar(AsinhOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::AsinhOp::create(b, loc, args[0]);
}
Value scalar(AcoshOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::AcoshOp::create(b, loc, args[0]);
}
Value scalar(AtanhOp, OpBuilder &b, Location loc, ValueRange args) {
  return math::AtanhOp::create(b, loc, args[0]);
}
/// x * Phi(x) with Phi = 0.5 * (1 + erf(x / sqrt(2))), or with the tanh
/// approximation 0.5 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))).
Value scalar(GeluOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  Type type = x.getType();
  Value half = scalarConstant(b, loc, type, 0.5);
  Value one = scalarConstant(b, loc, type, 1.0);
  Value core;
  if (op.getApproximation() == GeluApproximation::tanh) {
    Value coefficient = scalarConstant(b, loc, type, 0.044715);
    Value scale = scalarConstant(b, loc, type, std::sqrt(2.0 / M_PI));
    Value square = arith::MulFOp::create(b, loc, x, x);
    Value cube = arith::MulFOp::create(b, loc, square, x);
    Value term = arith::MulFOp::create(b, loc, coefficient, cube);
    Value inner = arith::AddFOp::create(b, loc, x, term);
    Value scaled = arith::MulFOp::create(b, loc, scale, inner);
    core = math::TanhOp::create(b, loc, scaled);
  } else {
    Value invSqrt2 = scalarConstant(b, loc, type, 1.0 / std::sqrt(2.0));
    Value scaled = arith::MulFOp::create(b, loc, x, invSqrt2);
    core = math::ErfOp::create(b, loc, scaled);
  }
  Value sum = arith::AddFOp::create(b, loc, one, core);
  Value phi = arith::MulFOp::create(b, loc, half, sum);
  return arith::MulFOp::create(b, loc, x, phi);
}

/// Integer bounds must fit the element type; a bound outside it would need
/// a saturating constant the dialect does not define.
bool supports(ClampOp op, Type elementType) {
  auto intType = dyn_cast<IntegerType>(elementType);
  if (!intType)
    return true;
  if (intType.getWidth() == 1)
    return false;
  for (FloatAttr bound : {op.getMinAttr(), op.getMaxAttr()}) {
    if (!bound)
      continue;
    double value = bound.getValueAsDouble();
    unsigned width = intType.getWidth();
    double low = intType.isUnsigned() ? 0.0 : -std::ldexp(1.0, width - 1);
    double high = intType.isUnsigned() ? std::ldexp(1.0, width)
                                       : std::ldexp(1.0, width - 1);
    if (value < low || value >= high)
      return false;
  }
  return true;
}
/// max then min with the bounds as constants: arith.maximumf/minimumf keep
/// a NaN input NaN, and a missing bound is skipped.
Value scalar(ClampOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  Type type = x.getType();
  if (FloatAttr low = op.getMinAttr())
    x = floatOrInt<arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>(
        b, loc, {x, scalarConstant(b, loc, type, low.getValueAsDouble())});
  if (FloatAttr high = op.getMaxAttr())
    x = floatOrInt<arith::MinimumFOp, arith::MinSIOp, arith::MinUIOp>(
        b, loc, {x, scalarConstant(b, loc, type, high.getValueAsDouble())});
  return x;
}

bool supports(RemOp, Type elementType) { return !elementType.isInteger(1); }
/// The truncated remainder (arith.remf/remsi) takes the sign of the
/// dividend, as `fmod`. Otherwise a nonzero remainder whose sign differs
/// from the divisor's gets the divisor added, and a float zero takes the
/// divisor's sign, as Python's `%`. An integer remainder by -1 is 0, and by
/// 0 (an error in the evaluator) 0 too: arith.remsi divides by 1 instead.
Value scalar(RemOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value lhs = args[0], rhs = args[1];
  Type type = lhs.getType();
  if (type.isUnsignedInteger()) {
    // No signs to fix: fmod and Python's % agree. A remainder by 0 is 0.
    Value zero = scalarConstant(b, loc, type, 0.0);
    Value isZero =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, zero);
    Value divisor = arith::SelectOp::create(
        b, loc, isZero, scalarConstant(b, loc, type, 1.0), rhs);
    Value remainder = arith::RemUIOp::create(b, loc, lhs, divisor);
    return arith::SelectOp::create(b, loc, isZero, zero, remainder);
  }
  Value remainder =
      isa<FloatType>(type)
          ? arith::RemFOp::create(b, loc, lhs, rhs).getResult()
          : arith::RemSIOp::create(b, loc, lhs,
                                   safeDivisor(b, loc, rhs).divisor)
                .getResult();
  if (op.getFmod())
    return remainder;
  Value zero = scalarConstant(b, loc, type, 0.0);
  if (isa<FloatType>(type)) {
    Value isNonzero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ONE,
                                            remainder, zero);
    Value remNegative = arith::CmpFOp::create(
        b, loc, arith::CmpFPredicate::OLT, remainder, zero);
    Value rhsNegative =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, rhs, zero);
    Value signsDiffer = arith::XOrIOp::create(b, loc, remNegative, rhsNegative);
    Value needsFix = arith::AndIOp::create(b, loc, isNonzero, signsDiffer);
    Value fixed = arith::AddFOp::create(b, loc, remainder, rhs);
    Value isZero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                         remainder, zero);
    Value signedZero = math::CopySignOp::create(b, loc, remainder, rhs);
    Value nonzeroResult =
        arith::SelectOp::create(b, loc, needsFix, fixed, remainder);
    return arith::SelectOp::create(b, loc, isZero, signedZero, nonzeroResult);
  }
  Value isNonzero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                          remainder, zero);
  Value signBits = arith::XOrIOp::create(b, loc, remainder, rhs);
  Value signsDiffer = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                            signBits, zero);
  Value needsFix = arith::AndIOp::create(b, loc, isNonzero, signsDiffer);
  Value fixed = arith::AddIOp::create(b, loc, remainder, rhs);
  return arith::SelectOp::create(b, loc, needsFix, fixed, remainder);
}

//===----------------------------------------------------------------------===//
// Run-time checks of the elementwise ops
//===----------------------------------------------------------------------===//

// One overload per op that has any emits the cf.asserts of an element
// (LoomToLinalgOptions::runtimeChecks); most ops have none.

void check(Operation *, OpBuilder &, Location, ValueRange) {}
/// An integer divisor must not be zero.
void checkDivisor(Operation *op, OpBuilder &b, Location loc, Value rhs) {
  if (!isa<IntegerType>(rhs.getType()))
    return;
  Value nonzero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, rhs,
                                        scalarConstant(b, loc, rhs.getType(), 0.0));
  emitRuntimeCheck(b, loc, nonzero, op, "integer division by zero");
}
void check(DivOp op, OpBuilder &b, Location loc, ValueRange args) {
  checkDivisor(op, b, loc, args[1]);
}
void check(RemOp op, OpBuilder &b, Location loc, ValueRange args) {
  checkDivisor(op, b, loc, args[1]);
}

/// Float to ui8..ui64: truncates toward zero with fptoui on an input first
/// checked against [0, 2^w): at or above gives the largest integer, below 0
/// and NaN give 0, as the evaluator's saturating cast.
Value unsignedFromFloat(OpBuilder &b, Location loc, Value x, Type to) {
  Type from = x.getType();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  Value upper = scalarConstant(b, loc, from, std::ldexp(1.0, toWidth));
  Value zero = scalarConstant(b, loc, from, 0.0);
  Value tooHigh =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x, upper);
  // ULE: below or at zero, or NaN; all of them give 0.
  Value lowOrNaN =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ULE, x, zero);
  Value outOfRange = arith::OrIOp::create(b, loc, tooHigh, lowOrNaN);
  Value safe = arith::SelectOp::create(b, loc, outOfRange, zero, x);
  Value truncated = arith::FPToUIOp::create(b, loc, to, safe);
  Value largest = arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(to, APInt::getMaxValue(toWidth)));
  return arith::SelectOp::create(b, loc, tooHigh, largest, truncated);
}

/// Converts to the result's element type: floats round to nearest even
/// (extf/truncf, sitofp); integers wrap (extsi/trunci); anything becomes i1
/// as `x != 0` (`une`, so NaN is true); i1 becomes 0 or 1 (uitofp/extui).
/// Float to integer truncates toward zero with fptosi on an input first
/// checked against the integer's range: at or above 2^(w-1) gives the
/// largest integer, below -2^(w-1) the smallest, and NaN 0.
Value scalar(CastOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  Type from = x.getType();
  Type to = getElementTypeOrSelf(op.getType());
  if (from == to)
    return x;
  if (to.isInteger(1)) {
    Value zero = scalarConstant(b, loc, from, 0.0);
    if (isa<FloatType>(from))
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x, zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x, zero);
  }
  if (from.isInteger(1)) {
    if (isa<FloatType>(to))
      return arith::UIToFPOp::create(b, loc, to, x);
    return arith::ExtUIOp::create(b, loc, to, x);
  }
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (isa<FloatType>(from) && isa<FloatType>(to)) {
    if (fromWidth < toWidth)
      return arith::ExtFOp::create(b, loc, to, x);
    return arith::TruncFOp::create(b, loc, to, x);
  }
  if (isa<FloatType>(to)) {
    if (from.isUnsignedInteger())
      return arith::UIToFPOp::create(b, loc, to, x);
    return arith::SIToFPOp::create(b, loc, to, x);
  }
  if (!isa<FloatType>(from)) {
    // Same width: only the signedness changes, the bits stay.
    if (fromWidth == toWidth)
      return arith::BitcastOp::create(b, loc, to, x);
    if (fromWidth < toWidth) {
      if (from.isUnsignedInteger())
        return arith::ExtUIOp::create(b, loc, to, x);
      return arith::ExtSIOp::create(b, loc, to, x);
    }
    return arith::TruncIOp::create(b, loc, to, x);
  }
  if (to.isUnsignedInteger())
    return unsignedFromFloat(b, loc, x, to);
  double bound = std::ldexp(1.0, toWidth - 1);
  Value upper = scalarConstant(b, loc, from, bound);
  Value lower = scalarConstant(b, loc, from, -bound);
  Value tooHigh =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x, upper);
  Value tooLow =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, lower);
  Value isNaN = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
  Value outOfRange = arith::OrIOp::create(b, loc, tooHigh, tooLow);
  outOfRange = arith::OrIOp::create(b, loc, outOfRange, isNaN);
  Value zero = scalarConstant(b, loc, from, 0.0);
  Value safe = arith::SelectOp::create(b, loc, outOfRange, zero, x);
  Value truncated = arith::FPToSIOp::create(b, loc, to, safe);
  Value largest = arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(to, APInt::getSignedMaxValue(toWidth)));
  Value smallest = arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(to, APInt::getSignedMinValue(toWidth)));
  Value result = arith::SelectOp::create(b, loc, tooHigh, largest, truncated);
  return arith::SelectOp::create(b, loc, tooLow, smallest, result);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// Any elementwise op (with or without broadcasting) as one linalg.generic
/// whose body is `scalar(op, ...)`.
template <typename OpTy>
struct ElementwiseToGeneric
    : StaticShapePattern<OpTy, /*RewritesEmptyResult=*/true> {
  ElementwiseToGeneric(MLIRContext *context,
                       const LoomToLinalgOptions &options = {})
      : StaticShapePattern<OpTy, /*RewritesEmptyResult=*/true>(context),
        options(options) {}

  LogicalResult rewriteStatic(OpTy op,
                              PatternRewriter &rewriter) const override {
    Value input = op->getOperand(op->getNumOperands() - 1);
    if (!supports(op, getElementTypeOrSelf(input.getType())))
      return rewriter.notifyMatchFailure(op, "unsupported element type");

    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    MLIRContext *context = rewriter.getContext();
    SmallVector<AffineMap> maps;
    for (Value operand : op->getOperands())
      maps.push_back(broadcastMap(cast<RankedTensorType>(operand.getType()),
                                  resultType.getShape(), context));
    maps.push_back(rewriter.getMultiDimIdentityMap(resultType.getRank()));
    SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                               utils::IteratorType::parallel);

    Location loc = op.getLoc();
    Value init = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                         resultType.getElementType());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, op->getOperands(), init, maps, iterators,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          // f16 and bf16 compute in f32 and round once at the end, as in
          // the evaluator; a body of several ops (sigmoid, sign) would
          // otherwise round after each of them.
          SmallVector<Value> operands;
          for (Value arg : args.drop_back()) {
            if (accumulatesInWiderType(arg.getType()))
              arg = arith::ExtFOp::create(b, nestedLoc, b.getF32Type(), arg);
            operands.push_back(arg);
          }
          if (options.runtimeChecks)
            check(op, b, nestedLoc, operands);
          Value result = scalar(op, b, nestedLoc, operands);
          Type elementType = resultType.getElementType();
          if (result.getType() != elementType)
            result = arith::TruncFOp::create(b, nestedLoc, elementType, result);
          linalg::YieldOp::create(b, nestedLoc, result);
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }

  LoomToLinalgOptions options;
};

struct ConstantToArith : OpRewritePattern<ConstantOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConstantOp op,
                                PatternRewriter &rewriter) const override {
    auto value = dyn_cast<TypedAttr>(op.getValue());
    if (!value)
      return rewriter.notifyMatchFailure(op, "value is not a typed attribute");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};

struct TransposeToLinalg
    : StaticShapePattern<TransposeOp, /*RewritesEmptyResult=*/true> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(TransposeOp op,
                              PatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    Value init =
        tensor::EmptyOp::create(rewriter, op.getLoc(), resultType.getShape(),
                                resultType.getElementType());
    auto transpose = linalg::TransposeOp::create(
        rewriter, op.getLoc(), op.getInput(), init, op.getPermutation());
    rewriter.replaceOp(op, transpose->getResults());
    return success();
  }
};

/// A reshape that only merges or only splits adjacent dimensions becomes
/// tensor.collapse_shape or tensor.expand_shape; any other one tensor.reshape
/// with the target shape as a constant.
struct ReshapeToTensor
    : StaticShapePattern<ReshapeOp, /*RewritesEmptyResult=*/true> {
  using StaticShapePattern::StaticShapePattern;

  LogicalResult rewriteStatic(ReshapeOp op,
                              PatternRewriter &rewriter) const override {
    auto sourceType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    if (sourceType == resultType) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }
    std::optional<SmallVector<ReassociationIndices>> reassociation;
    if (sourceType.getRank() != resultType.getRank())
      reassociation = getReassociationIndicesForReshape(sourceType, resultType);
    if (reassociation && sourceType.getRank() > resultType.getRank()) {
      rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
          op, resultType, op.getInput(), *reassociation);
      return success();
    }
    if (reassociation) {
      rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
          op, resultType, op.getInput(), *reassociation);
      return success();
    }
    auto shapeType =
        RankedTensorType::get({resultType.getRank()}, rewriter.getI64Type());
    Value shape = arith::ConstantOp::create(
        rewriter, op.getLoc(),
        DenseIntElementsAttr::get(shapeType, resultType.getShape()));
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, resultType,
                                                   op.getInput(), shape);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// One overload set per reduction gives the value the accumulator starts
// from (what an empty extent yields) and how it absorbs an element.

bool supportsReduction(Operation *, Type) { return true; }
/// i1 has no signed extremes, product or mean in the dialect's sense.
bool supportsReduction(ReduceMaxOp, Type elementType) {
  return !elementType.isInteger(1);
}
bool supportsReduction(ReduceMinOp, Type elementType) {
  return !elementType.isInteger(1);
}
bool supportsReduction(ReduceProdOp, Type elementType) {
  return !elementType.isInteger(1);
}
bool supportsReduction(ReduceMeanOp, Type elementType) {
  return !elementType.isInteger(1);
}

Value reductionInit(ReduceSumOp, OpBuilder &b, Location loc, Type type) {
  return scalarConstant(b, loc, type, 0.0);
}
Value reductionInit(ReduceMeanOp, OpBuilder &b, Location loc, Type type) {
  return scalarConstant(b, loc, type, 0.0);
}
Value reductionInit(ReduceProdOp, OpBuilder &b, Location loc, Type type) {
  return scalarConstant(b, loc, type, 1.0);
}
Value reductionInit(ReduceMaxOp, OpBuilder &b, Location loc, Type type) {
  return extremeConstant(b, loc, type, /*lowest=*/true);
}
Value reductionInit(ReduceMinOp, OpBuilder &b, Location loc, Type type) {
  return extremeConstant(b, loc, type, /*lowest=*/false);
}

Value combine(ReduceSumOp, OpBuilder &b, Location loc, ValueRange args) {
  return floatOrInt<arith::AddFOp, arith::AddIOp>(b, loc, args);
}
Value combine(ReduceMeanOp, OpBuilder &b, Location loc, ValueRange args) {
  return floatOrInt<arith::AddFOp, arith::AddIOp>(b, loc, args);
}
Value combine(ReduceProdOp, OpBuilder &b, Location loc, ValueRange args) {
  return floatOrInt<arith::MulFOp, arith::MulIOp>(b, loc, args);
}
/// NaN-propagating, with +0.0 above -0.0, like loom.max.
Value combine(ReduceMaxOp, OpBuilder &b, Location loc, ValueRange args) {
  return floatOrInt<arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>(b, loc, args);
}
Value combine(ReduceMinOp, OpBuilder &b, Location loc, ValueRange args) {
  return floatOrInt<arith::MinimumFOp, arith::MinSIOp, arith::MinUIOp>(b, loc, args);
}

/// linalg.reduce over the axes into a tensor filled with the reduction's
/// initial value (0 for sum and mean, 1 for prod, -inf or the smallest
/// integer for max, +inf or the largest for min); mean then divides by the
/// number of reduced elements (arith.divf, or arith.divsi truncating toward
/// zero). With `keepdims` the reduced dimensions come back as size 1
/// through tensor.expand_shape.
template <typename OpTy>
struct ReduceToLinalg
    : StaticShapePattern<OpTy, /*RewritesEmptyResult=*/true> {
  using StaticShapePattern<OpTy, /*RewritesEmptyResult=*/true>::StaticShapePattern;

  LogicalResult rewriteStatic(OpTy op,
                              PatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    Type elementType = inputType.getElementType();
    if (!supportsReduction(op, elementType))
      return rewriter.notifyMatchFailure(op, "unsupported element type");

    SmallVector<int64_t> axes(op.getAxes());
    llvm::sort(axes);
    int64_t count = 1;
    for (int64_t axis : axes)
      count *= inputType.getDimSize(axis);
    constexpr bool isMean = std::is_same_v<OpTy, ReduceMeanOp>;
    if (isMean && count == 0 && !isa<FloatType>(elementType))
      return rewriter.notifyMatchFailure(op, "integer mean of nothing");
    if (axes.empty()) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }

    SmallVector<int64_t> reducedShape;
    // Result dimensions grouped by the reduced-shape dimension they expand
    // from: every reduced axis joins the kept dimension before it, or the
    // first kept one when it leads.
    SmallVector<ReassociationIndices> reassociation;
    ReassociationIndices pending;
    for (auto [i, size] : llvm::enumerate(inputType.getShape())) {
      pending.push_back(i);
      if (llvm::is_contained(axes, static_cast<int64_t>(i)))
        continue;
      reducedShape.push_back(size);
      reassociation.push_back(pending);
      pending.clear();
    }
    if (!pending.empty() && !reassociation.empty())
      llvm::append_range(reassociation.back(), pending);

    Location loc = op.getLoc();
    // f16/bf16 accumulate in f32 and are rounded once at the end.
    Type accType = computeType(elementType);
    Value initValue = reductionInit(op, rewriter, loc, accType);
    Value empty = tensor::EmptyOp::create(rewriter, loc, reducedShape, accType);
    Value init =
        linalg::FillOp::create(rewriter, loc, initValue, empty).result();
    auto reduce = linalg::ReduceOp::create(
        rewriter, loc, ValueRange{op.getInput()}, ValueRange{init}, axes,
        [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          Value element = toComputeType(b, nestedLoc, args[0]);
          Value combined = combine(op, b, nestedLoc, {element, args[1]});
          linalg::YieldOp::create(b, nestedLoc, combined);
        });
    Value result = reduce->getResult(0);
    if constexpr (isMean) {
      auto reducedType = cast<RankedTensorType>(result.getType());
      Value divisor = scalarConstant(rewriter, loc, accType,
                                     static_cast<double>(count));
      AffineMap identity = rewriter.getMultiDimIdentityMap(reducedType.getRank());
      SmallVector<utils::IteratorType> iterators(
          reducedType.getRank(), utils::IteratorType::parallel);
      Value quotientInit =
          tensor::EmptyOp::create(rewriter, loc, reducedShape, accType);
      result = linalg::GenericOp::create(
                   rewriter, loc, reducedType, ValueRange{result},
                   ValueRange{quotientInit},
                   ArrayRef<AffineMap>{identity, identity}, iterators,
                   [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
                     Value quotient =
                         floatOrInt<arith::DivFOp, arith::DivSIOp, arith::DivUIOp>(
                             b, nestedLoc, {args[0], divisor});
                     linalg::YieldOp::create(b, nestedLoc, quotient);
                   })
                   .getResult(0);
    }
    result = roundTo(rewriter, loc, result, elementType);
    if (op.getKeepdims())
      result = tensor::ExpandShapeOp::create(rewriter, loc, op.getType(),
                                             result, reassociation);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct LoomLowerToLinalgPass
    : impl::LoomLowerToLinalgBase<LoomLowerToLinalgPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateLoomToLinalgPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) {
      getOperation().emitError("loom-lower-to-linalg did not converge");
      return signalPassFailure();
    }
    // Unsigned types become signless only once no loom op is left to need
    // their signedness.
    bool lowered = true;
    getOperation().walk([&](Operation *op) {
      if (isa<LoomDialect>(op->getDialect()))
        lowered = false;
    });
    if (lowered)
      makeIntegersSignless(getOperation());
  }
};

} // namespace

std::string runtimeCheckMessage(Operation *op, const Twine &what) {
  std::string name, file;
  op->getLoc()->walk([&](Location loc) {
    if (auto named = dyn_cast<NameLoc>(loc); named && name.empty())
      name = named.getName().str();
    if (auto position = dyn_cast<FileLineColLoc>(loc); position && file.empty())
      file = (position.getFilename().getValue() + ":" +
              Twine(position.getLine()) + ":" + Twine(position.getColumn()))
                 .str();
    return WalkResult::advance();
  });
  std::string opName = op->getName().getStringRef().str();
  std::string where = !name.empty()   ? "node '" + name + "' (" + opName + ")"
                      : !file.empty() ? opName + " at " + file
                                      : opName;
  return (where + ": " + what).str();
}

void emitRuntimeCheck(OpBuilder &b, Location loc, Value holds, Operation *op,
                      const Twine &what) {
  cf::AssertOp::create(b, loc, holds, runtimeCheckMessage(op, what));
}

void populateLoomToLinalgPatterns(RewritePatternSet &patterns,
                                  const LoomToLinalgOptions &options) {
  MLIRContext *context = patterns.getContext();
  // The ops with run-time checks.
  patterns.add<ElementwiseToGeneric<DivOp>, ElementwiseToGeneric<RemOp>>(
      context, options);
  patterns.add<
      // Binary, with broadcasting.
      ElementwiseToGeneric<AddOp>, ElementwiseToGeneric<SubOp>,
      ElementwiseToGeneric<MulOp>, ElementwiseToGeneric<MaxOp>,
      ElementwiseToGeneric<MinOp>, ElementwiseToGeneric<PowOp>,
      ElementwiseToGeneric<CompareOp>, ElementwiseToGeneric<AndOp>,
      ElementwiseToGeneric<OrOp>, ElementwiseToGeneric<XorOp>,
      ElementwiseToGeneric<SelectOp>, ElementwiseToGeneric<ShiftOp>,
      // Unary.
      ElementwiseToGeneric<NegOp>, ElementwiseToGeneric<AbsOp>,
      ElementwiseToGeneric<ExpOp>, ElementwiseToGeneric<LogOp>,
      ElementwiseToGeneric<SqrtOp>, ElementwiseToGeneric<RsqrtOp>,
      ElementwiseToGeneric<ReciprocalOp>, ElementwiseToGeneric<TanhOp>,
      ElementwiseToGeneric<SigmoidOp>, ElementwiseToGeneric<ErfOp>,
      ElementwiseToGeneric<ReluOp>, ElementwiseToGeneric<FloorOp>,
      ElementwiseToGeneric<CeilOp>, ElementwiseToGeneric<RoundOp>,
      ElementwiseToGeneric<SignOp>, ElementwiseToGeneric<NotOp>,
      ElementwiseToGeneric<SinOp>, ElementwiseToGeneric<CosOp>,
      ElementwiseToGeneric<TanOp>, ElementwiseToGeneric<AsinOp>,
      ElementwiseToGeneric<AcosOp>, ElementwiseToGeneric<AtanOp>,
      ElementwiseToGeneric<SinhOp>, ElementwiseToGeneric<CoshOp>,
      ElementwiseToGeneric<AsinhOp>, ElementwiseToGeneric<AcoshOp>,
      ElementwiseToGeneric<AtanhOp>, ElementwiseToGeneric<GeluOp>,
      ElementwiseToGeneric<ClampOp>, ElementwiseToGeneric<CastOp>,
      // Structured ops and data movement.
      ConstantToArith, ReshapeToTensor, TransposeToLinalg,
      // Reductions.
      ReduceToLinalg<ReduceSumOp>, ReduceToLinalg<ReduceMeanOp>,
      ReduceToLinalg<ReduceMaxOp>, ReduceToLinalg<ReduceMinOp>,
      ReduceToLinalg<ReduceProdOp>>(context);
  populateLoomNNToLinalgPatterns(patterns);
  populateLoomDataMovementToLinalgPatterns(patterns);
  populateLoomIndexingToLinalgPatterns(patterns, options);
  populateLoomNormalizationToLinalgPatterns(patterns);
  populateLoomScanToLinalgPatterns(patterns);
  populateLoomControlFlowToSCFPatterns(patterns);
}

} // namespace loom
