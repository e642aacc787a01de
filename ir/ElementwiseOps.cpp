//===- ElementwiseOps.cpp - Elementwise loom ops ------------------------------===//
//
// Part of the Loom project.
//
// Verifiers, folders and type inference of the elementwise ops. Folders here
// only remove identities; folding constant operands is the job of
// `loom-fold-constants`, which evaluates ops with the reference evaluator.
//
//===----------------------------------------------------------------------===//

#include "ir/LoomOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>

using namespace mlir;
using namespace loom;

#define GET_OP_CLASSES
#include "ir/LoomElementwiseOps.cpp.inc"

namespace {

/// `value` when it can replace `op`'s result without changing its type.
OpFoldResult sameTypeOrNull(Operation *op, Value value) {
  return value.getType() == op->getResult(0).getType() ? value : nullptr;
}

/// True when `value` is a constant whose every element is integer `number`,
/// or float `number` with the given sign bit.
bool isSplatOf(Value value, int64_t number, bool negativeZero = false) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return false;
  auto splat = dyn_cast<SplatElementsAttr>(attr);
  if (!splat)
    return false;
  Type elementType = splat.getElementType();
  if (isa<FloatType>(elementType)) {
    APFloat element = splat.getSplatValue<APFloat>();
    return element.convertToDouble() == static_cast<double>(number) &&
           element.isNegative() == negativeZero;
  }
  if (elementType.isInteger(1))
    return false;
  return splat.getSplatValue<APInt>().getSExtValue() == number;
}

bool isFloatTensor(Value value) {
  return isa<FloatType>(getElementTypeOrSelf(value.getType()));
}

} // namespace

// x + 0 is x for integers; for floats only x + (-0.0) is (-0.0 + 0.0 = +0.0).
OpFoldResult AddOp::fold(FoldAdaptor) {
  if (isSplatOf(getRhs(), 0, /*negativeZero=*/isFloatTensor(getRhs())))
    return sameTypeOrNull(*this, getLhs());
  if (isSplatOf(getLhs(), 0, /*negativeZero=*/isFloatTensor(getLhs())))
    return sameTypeOrNull(*this, getRhs());
  return nullptr;
}

// x - (+0) is x for floats too, including x = -0.0.
OpFoldResult SubOp::fold(FoldAdaptor) {
  if (isSplatOf(getRhs(), 0))
    return sameTypeOrNull(*this, getLhs());
  return nullptr;
}

OpFoldResult MulOp::fold(FoldAdaptor) {
  if (isSplatOf(getRhs(), 1))
    return sameTypeOrNull(*this, getLhs());
  if (isSplatOf(getLhs(), 1))
    return sameTypeOrNull(*this, getRhs());
  return nullptr;
}

OpFoldResult DivOp::fold(FoldAdaptor) {
  if (isSplatOf(getRhs(), 1))
    return sameTypeOrNull(*this, getLhs());
  return nullptr;
}

OpFoldResult NegOp::fold(FoldAdaptor) {
  if (auto inner = getInput().getDefiningOp<NegOp>())
    return inner.getInput();
  return nullptr;
}

OpFoldResult NotOp::fold(FoldAdaptor) {
  if (auto inner = getInput().getDefiningOp<NotOp>())
    return inner.getInput();
  return nullptr;
}

namespace {
/// relu(relu(x)) -> relu(x).
struct FoldReluOfRelu : OpRewritePattern<ReluOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReluOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<ReluOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not a relu");
    rewriter.replaceOp(op, inner.getResult());
    return success();
  }
};
} // namespace

void ReluOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                         MLIRContext *context) {
  patterns.add<FoldReluOfRelu>(context);
}

LogicalResult ClampOp::verify() {
  std::optional<double> lower, upper;
  if (FloatAttr attr = getMinAttr())
    lower = attr.getValueAsDouble();
  if (FloatAttr attr = getMaxAttr())
    upper = attr.getValueAsDouble();
  if (lower && upper && *lower > *upper)
    return emitOpError("min ") << *lower << " is greater than max " << *upper;
  if (isa<IntegerType>(getElementTypeOrSelf(getInput().getType()))) {
    for (std::optional<double> bound : {lower, upper})
      if (bound && *bound != std::trunc(*bound))
        return emitOpError("bound ")
               << *bound << " is not an integer but the input is";
  }
  return success();
}

OpFoldResult ClampOp::fold(FoldAdaptor) {
  if (!getMin() && !getMax())
    return getInput();
  return nullptr;
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  return sameTypeOrNull(*this, getInput());
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  auto trueType = cast<RankedTensorType>(adaptor.getOnTrue().getType());
  auto falseType = cast<RankedTensorType>(adaptor.getOnFalse().getType());
  if (trueType.getElementType() != falseType.getElementType())
    return emitOptionalError(location, "on_true has element type ",
                             trueType.getElementType(), " but on_false has ",
                             falseType.getElementType());
  auto conditionType = cast<RankedTensorType>(adaptor.getCondition().getType());
  FailureOr<SmallVector<int64_t>> values =
      broadcastShapes(location, trueType.getShape(), falseType.getShape());
  if (failed(values))
    return failure();
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(location, conditionType.getShape(), *values);
  if (failed(shape))
    return failure();
  results.push_back(RankedTensorType::get(*shape, trueType.getElementType()));
  return success();
}

OpFoldResult SelectOp::fold(FoldAdaptor adaptor) {
  if (getOnTrue() == getOnFalse())
    return sameTypeOrNull(*this, getOnTrue());
  auto condition = dyn_cast_if_present<SplatElementsAttr>(adaptor.getCondition());
  if (!condition)
    return nullptr;
  return sameTypeOrNull(*this, condition.getSplatValue<bool>() ? getOnTrue()
                                                                : getOnFalse());
}
