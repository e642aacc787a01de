//===- DataMovementOps.cpp - Data-movement loom ops ----------------------------===//
//
// Part of the Loom project.
//
// Verifiers, type inference, folders and canonicalization patterns of
// constants and the ops that move elements around.
//
//===----------------------------------------------------------------------===//

#include "ir/LoomOps.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace loom;

#define GET_OP_CLASSES
#include "ir/LoomDataMovementOps.cpp.inc"

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::verify() {
  if (!getType().hasStaticShape())
    return emitOpError("value must have a static shape, got ") << getType();
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto resultType = cast<RankedTensorType>(getType());
  if (inputType.getElementType() != resultType.getElementType())
    return emitOpError("cannot change the element type from ")
           << inputType.getElementType() << " to "
           << resultType.getElementType();
  if (inputType.hasStaticShape() && resultType.hasStaticShape() &&
      inputType.getNumElements() != resultType.getNumElements())
    return emitOpError("input ")
           << formatShape(inputType.getShape()) << " has "
           << inputType.getNumElements() << " elements but result "
           << formatShape(resultType.getShape()) << " has "
           << resultType.getNumElements();
  return success();
}

// With two or more dynamic sizes, equal types do not imply equal shapes
// (tensor<?x?xf32> may reshape 2x6 to 3x4); with one, the element count
// pins it.
OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  auto type = cast<RankedTensorType>(getType());
  if (getInput().getType() == type && type.getNumDynamicDims() <= 1)
    return getInput();
  return nullptr;
}

namespace {
/// reshape(reshape(x)) -> reshape(x): only the last shape matters.
struct FoldReshapeOfReshape : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<ReshapeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not a reshape");
    rewriter.modifyOpInPlace(
        op, [&] { op.getInputMutable().assign(inner.getInput()); });
    return success();
  }
};
} // namespace

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<FoldReshapeOfReshape>(context);
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  ArrayRef<int64_t> permutation = adaptor.getPermutation();
  int64_t rank = inputType.getRank();
  if (static_cast<int64_t>(permutation.size()) != rank)
    return emitOptionalError(location, "permutation has ", permutation.size(),
                             " entries but the input has rank ", rank);
  llvm::SmallBitVector seen(rank);
  SmallVector<int64_t> shape;
  for (int64_t dim : permutation) {
    if (dim < 0 || dim >= rank || seen.test(dim))
      return emitOptionalError(location, "permutation [",
                               llvm::make_range(permutation.begin(),
                                                permutation.end()),
                               "] is not a permutation of 0..", rank - 1);
    seen.set(dim);
    shape.push_back(inputType.getDimSize(dim));
  }
  results.push_back(RankedTensorType::get(shape, inputType.getElementType()));
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  for (auto [index, dim] : llvm::enumerate(getPermutation()))
    if (static_cast<int64_t>(index) != dim)
      return nullptr;
  return getInput().getType() == getType() ? getInput() : nullptr;
}

namespace {
/// transpose(transpose(x, p), q) -> transpose(x, p o q).
struct ComposeTransposes : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<TransposeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not a transpose");
    ArrayRef<int64_t> innerPermutation = inner.getPermutation();
    SmallVector<int64_t> composed;
    for (int64_t dim : op.getPermutation())
      composed.push_back(innerPermutation[dim]);
    rewriter.replaceOpWithNewOp<TransposeOp>(op, op.getType(), inner.getInput(),
                                             composed);
    return success();
  }
};
} // namespace

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                              MLIRContext *context) {
  patterns.add<ComposeTransposes>(context);
}

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

namespace {

/// The identity of type-defined ops (broadcast_to, expand, slice): their
/// result sizes come only from the result type, so a `?` there says nothing
/// about the input's size and only a static type proves an identity.
OpFoldResult inputIfSameStaticType(Operation *op, Value input) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  return input.getType() == type && type.hasStaticShape() ? input : nullptr;
}

LogicalResult verifySameElementType(Operation *op, Type input, Type result) {
  Type from = getElementTypeOrSelf(input);
  Type to = getElementTypeOrSelf(result);
  if (from != to)
    return op->emitOpError("cannot change the element type from ")
           << from << " to " << to;
  return success();
}

/// Result dimension of each input dimension when `input` is aligned with
/// `result` at the trailing dimension (NumPy broadcasting).
SmallVector<int64_t> trailingDims(int64_t inputRank, int64_t resultRank) {
  return llvm::to_vector(llvm::seq<int64_t>(resultRank - inputRank, resultRank));
}

/// The first input dimension `i` that cannot be repeated into result
/// dimension `dims[i]`: it must be 1 or equal, and a dynamic size on either
/// side may be either.
std::optional<int64_t> firstUnexpandableDim(ArrayRef<int64_t> input,
                                            ArrayRef<int64_t> result,
                                            ArrayRef<int64_t> dims) {
  for (auto [index, dim] : llvm::enumerate(input)) {
    int64_t target = result[dims[index]];
    if (dim != 1 && !ShapedType::isDynamic(dim) &&
        !ShapedType::isDynamic(target) && dim != target)
      return index;
  }
  return std::nullopt;
}

/// `a + b * c` or nullopt on int64 overflow.
std::optional<int64_t> addMul(int64_t a, int64_t b, int64_t c) {
  int64_t product, sum;
  if (llvm::MulOverflow(b, c, product) || llvm::AddOverflow(a, product, sum))
    return std::nullopt;
  return sum;
}

} // namespace

//===----------------------------------------------------------------------===//
// BroadcastToOp
//===----------------------------------------------------------------------===//

LogicalResult BroadcastToOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto resultType = cast<RankedTensorType>(getType());
  if (failed(verifySameElementType(*this, inputType, resultType)))
    return failure();
  int64_t inputRank = inputType.getRank(), resultRank = resultType.getRank();
  if (resultRank < inputRank)
    return emitOpError("result rank ")
           << resultRank << " is smaller than the input rank " << inputRank;
  SmallVector<int64_t> dims = trailingDims(inputRank, resultRank);
  if (std::optional<int64_t> bad = firstUnexpandableDim(
          inputType.getShape(), resultType.getShape(), dims))
    return emitOpError("input shape ")
           << formatShape(inputType.getShape()) << " does not broadcast to "
           << formatShape(resultType.getShape()) << ": input dimension "
           << *bad << " is " << inputType.getDimSize(*bad) << " against "
           << resultType.getDimSize(dims[*bad]);
  return success();
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor) {
  return inputIfSameStaticType(*this, getInput());
}

namespace {
/// broadcast_to(broadcast_to(x)) -> broadcast_to(x): a dimension the inner
/// op repeats is 1 in x, one it keeps equals the outer target. Only a
/// dynamic middle size can hide a mismatch, so the shapes are rechecked.
struct FoldBroadcastOfBroadcast : OpRewritePattern<BroadcastToOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BroadcastToOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<BroadcastToOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not a broadcast_to");
    auto source = cast<RankedTensorType>(inner.getInput().getType());
    auto result = cast<RankedTensorType>(op.getType());
    if (firstUnexpandableDim(source.getShape(), result.getShape(),
                             trailingDims(source.getRank(), result.getRank())))
      return rewriter.notifyMatchFailure(
          op, "the inner input's static sizes do not broadcast to the result");
    rewriter.modifyOpInPlace(
        op, [&] { op.getInputMutable().assign(inner.getInput()); });
    return success();
  }
};
} // namespace

void BroadcastToOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                                MLIRContext *context) {
  patterns.add<FoldBroadcastOfBroadcast>(context);
}

//===----------------------------------------------------------------------===//
// ExpandOp
//===----------------------------------------------------------------------===//

LogicalResult ExpandOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto resultType = cast<RankedTensorType>(getType());
  if (failed(verifySameElementType(*this, inputType, resultType)))
    return failure();
  ArrayRef<int64_t> dims = getDims();
  if (static_cast<int64_t>(dims.size()) != inputType.getRank())
    return emitOpError("dims has ")
           << dims.size() << " entries but the input has rank "
           << inputType.getRank();
  for (auto [index, dim] : llvm::enumerate(dims)) {
    if (dim < 0 || dim >= resultType.getRank())
      return emitOpError("dims entry ")
             << dim << " is out of range for result rank "
             << resultType.getRank();
    if (index > 0 && dim <= dims[index - 1])
      return emitOpError("dims [")
             << llvm::make_range(dims.begin(), dims.end())
             << "] are not strictly increasing";
  }
  if (std::optional<int64_t> bad = firstUnexpandableDim(
          inputType.getShape(), resultType.getShape(), dims))
    return emitOpError("input dimension ")
           << *bad << " of size " << inputType.getDimSize(*bad)
           << " cannot expand to result dimension " << dims[*bad]
           << " of size " << resultType.getDimSize(dims[*bad]);
  return success();
}

OpFoldResult ExpandOp::fold(FoldAdaptor) {
  // Equal types imply equal ranks, and strictly increasing dims of that
  // length can only be the identity map.
  return inputIfSameStaticType(*this, getInput());
}

namespace {
/// expand with dims aligned at the trailing result dimensions is a NumPy
/// broadcast; broadcast_to has its own folds and needs no dimension map.
struct ExpandToBroadcastTo : OpRewritePattern<ExpandOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ExpandOp op,
                                PatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    if (op.getDims() !=
        ArrayRef(trailingDims(inputType.getRank(), resultType.getRank())))
      return rewriter.notifyMatchFailure(op, "dims are not the trailing ones");
    rewriter.replaceOpWithNewOp<BroadcastToOp>(op, resultType, op.getInput());
    return success();
  }
};
} // namespace

void ExpandOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                           MLIRContext *context) {
  patterns.add<ExpandToBroadcastTo>(context);
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return emitOptionalError(location, "requires at least one input");
  auto firstType = cast<RankedTensorType>(inputs.front().getType());
  int64_t rank = firstType.getRank();
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= rank)
    return emitOptionalError(location, "axis ", axis,
                             " is out of range for inputs of rank ", rank);
  SmallVector<int64_t> shape(rank, ShapedType::kDynamic);
  // Which input fixed each non-axis size, to name it in a mismatch.
  SmallVector<int64_t> sizeSource(rank, -1);
  shape[axis] = 0;
  for (auto [index, input] : llvm::enumerate(inputs)) {
    auto type = cast<RankedTensorType>(input.getType());
    if (type.getRank() != rank)
      return emitOptionalError(location, "input #", index, " has rank ",
                               type.getRank(), " but input #0 has rank ", rank);
    for (int64_t dim = 0; dim < rank; ++dim) {
      int64_t size = type.getDimSize(dim);
      if (dim == axis) {
        if (ShapedType::isDynamic(size) || ShapedType::isDynamic(shape[dim]))
          shape[dim] = ShapedType::kDynamic;
        else
          shape[dim] += size;
        continue;
      }
      if (ShapedType::isDynamic(size))
        continue;
      if (ShapedType::isDynamic(shape[dim])) {
        shape[dim] = size;
        sizeSource[dim] = index;
      } else if (shape[dim] != size) {
        return emitOptionalError(location, "input #", index, " has size ",
                                 size, " in dimension ", dim, " but input #",
                                 sizeSource[dim], " has ", shape[dim],
                                 " (only axis ", axis, " may differ)");
      }
    }
  }
  results.push_back(RankedTensorType::get(shape, firstType.getElementType()));
  return success();
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1 && getInputs().front().getType() == getType())
    return getInputs().front();
  return nullptr;
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

LogicalResult SliceOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto resultType = cast<RankedTensorType>(getType());
  if (failed(verifySameElementType(*this, inputType, resultType)))
    return failure();
  int64_t rank = inputType.getRank();
  if (resultType.getRank() != rank)
    return emitOpError("result rank ")
           << resultType.getRank() << " differs from the input rank " << rank;
  ArrayRef<int64_t> offsets = getOffsets(), steps = getSteps();
  for (auto [name, values] : {std::pair{"offsets", offsets}, {"steps", steps}})
    if (static_cast<int64_t>(values.size()) != rank)
      return emitOpError(name) << " has " << values.size()
                               << " entries but the input has rank " << rank;
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (steps[dim] == 0)
      return emitOpError("steps[") << dim << "] is 0";
    int64_t count = resultType.getDimSize(dim);
    if (ShapedType::isDynamic(count) || count == 0)
      continue;
    // A dynamic input size still rules out negative positions.
    int64_t size = inputType.getDimSize(dim);
    std::optional<int64_t> last = addMul(offsets[dim], count - 1, steps[dim]);
    auto inRange = [&](int64_t position) {
      return position >= 0 && (ShapedType::isDynamic(size) || position < size);
    };
    if (!last || !inRange(offsets[dim]) || !inRange(*last)) {
      InFlightDiagnostic diag = emitOpError("dimension ")
                                << dim << " reads " << count
                                << " elements from offset " << offsets[dim]
                                << " with step " << steps[dim];
      if (last)
        diag << ", up to position " << *last;
      else
        diag << ", beyond the range of int64";
      return diag << ", outside [0, "
                  << (ShapedType::isDynamic(size) ? std::string("?")
                                                  : std::to_string(size))
                  << ")";
    }
  }
  return success();
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  if (llvm::any_of(getOffsets(), [](int64_t offset) { return offset != 0; }) ||
      llvm::any_of(getSteps(), [](int64_t step) { return step != 1; }))
    return nullptr;
  return inputIfSameStaticType(*this, getInput());
}

namespace {
/// slice(slice(x, o1, s1), o2, s2) -> slice(x, o1 + o2 * s1, s1 * s2): outer
/// position i reads inner position o2 + i * s2, which reads x at
/// o1 + (o2 + i * s2) * s1. Only static shapes, where the verifier has
/// checked both windows, are composed.
struct ComposeSlices : OpRewritePattern<SliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SliceOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<SliceOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not a slice");
    if (!cast<RankedTensorType>(inner.getInput().getType()).hasStaticShape() ||
        !cast<RankedTensorType>(inner.getType()).hasStaticShape() ||
        !cast<RankedTensorType>(op.getType()).hasStaticShape())
      return rewriter.notifyMatchFailure(op, "shapes are not static");
    SmallVector<int64_t> offsets, steps;
    for (auto [innerOffset, innerStep, outerOffset, outerStep] :
         llvm::zip(inner.getOffsets(), inner.getSteps(), op.getOffsets(),
                   op.getSteps())) {
      std::optional<int64_t> offset = addMul(innerOffset, outerOffset, innerStep);
      std::optional<int64_t> step = addMul(0, innerStep, outerStep);
      if (!offset || !step)
        return rewriter.notifyMatchFailure(op, "composed window overflows");
      offsets.push_back(*offset);
      steps.push_back(*step);
    }
    rewriter.replaceOpWithNewOp<SliceOp>(op, op.getType(), inner.getInput(),
                                         offsets, steps);
    return success();
  }
};
} // namespace

void SliceOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                          MLIRContext *context) {
  patterns.add<ComposeSlices>(context);
}

//===----------------------------------------------------------------------===//
// PadOp
//===----------------------------------------------------------------------===//

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &results) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  int64_t rank = inputType.getRank();
  ArrayRef<int64_t> low = adaptor.getLow(), high = adaptor.getHigh();
  for (auto [name, pads] : {std::pair{"low", low}, {"high", high}})
    if (static_cast<int64_t>(pads.size()) != rank)
      return emitOptionalError(location, name, " has ", pads.size(),
                               " entries but the input has rank ", rank);
  SmallVector<int64_t> shape;
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t size = inputType.getDimSize(dim);
    if (ShapedType::isDynamic(size)) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    std::optional<int64_t> padded = addMul(size, low[dim], 1);
    if (padded)
      padded = addMul(*padded, high[dim], 1);
    if (!padded || *padded < 0)
      return emitOptionalError(
          location, "dimension ", dim, " of size ", size, " padded by ",
          low[dim], " and ", high[dim], " would have a negative size");
    shape.push_back(*padded);
  }
  results.push_back(RankedTensorType::get(shape, inputType.getElementType()));
  return success();
}

LogicalResult PadOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  Type elementType = inputType.getElementType();
  double value = getValue().convertToDouble();
  PadMode mode = getMode();
  if (mode != PadMode::constant) {
    if (value != 0.0)
      return emitOpError("value ")
             << value << " is only used in constant mode, not "
             << stringifyPadMode(mode);
  } else if (auto integerType = dyn_cast<IntegerType>(elementType)) {
    if (value != std::trunc(value))
      return emitOpError("value ")
             << value << " is not an integer but the input is " << elementType;
    unsigned width = integerType.getWidth();
    // i1 holds 0 and 1, unsigned types [0, 2^width), the others are read as
    // signed.
    bool fromZero = width == 1 || integerType.isUnsigned();
    double lowest = fromZero ? 0.0 : -std::ldexp(1.0, width - 1);
    double limit = width == 1  ? 2.0
                   : fromZero ? std::ldexp(1.0, width)
                              : std::ldexp(1.0, width - 1);
    if (value < lowest || value >= limit)
      return emitOpError("value ")
             << value << " does not fit in " << elementType;
  }
  // Pads of the wrong length are reported by inferReturnTypes, which may
  // run after this.
  if (static_cast<int64_t>(getLow().size()) != inputType.getRank() ||
      static_cast<int64_t>(getHigh().size()) != inputType.getRank())
    return success();
  for (int64_t dim = 0; dim < inputType.getRank(); ++dim) {
    int64_t size = inputType.getDimSize(dim);
    if (ShapedType::isDynamic(size))
      continue;
    for (auto [end, pad] : {std::pair{"low", getLow()[dim]},
                            {"high", getHigh()[dim]}}) {
      if (pad <= 0)
        continue;
      if (mode == PadMode::reflect && pad >= size)
        return emitOpError("reflect pad ")
               << pad << " at the " << end << " end of dimension " << dim
               << " must be smaller than its size " << size;
      if (mode == PadMode::edge && size == 0)
        return emitOpError("edge pad ")
               << pad << " at the " << end << " end of dimension " << dim
               << " needs a non-empty dimension, but its size is 0";
    }
  }
  return success();
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  auto isZero = [](int64_t pad) { return pad == 0; };
  if (llvm::all_of(getLow(), isZero) && llvm::all_of(getHigh(), isZero) &&
      getInput().getType() == getType())
    return getInput();
  return nullptr;
}

//===----------------------------------------------------------------------===//
// IotaOp
//===----------------------------------------------------------------------===//

LogicalResult IotaOp::verify() {
  auto type = cast<RankedTensorType>(getType());
  if (!type.hasStaticShape())
    return emitOpError("result must have a static shape, got ") << type;
  // I64Attr's getter is unsigned; read the dimension as signed.
  int64_t dim = static_cast<int64_t>(getDim());
  if (dim < 0 || dim >= type.getRank())
    return emitOpError("dim ") << dim << " is out of range for result rank "
                               << type.getRank();
  return success();
}

//===----------------------------------------------------------------------===//
// TriluOp
//===----------------------------------------------------------------------===//

LogicalResult TriluOp::verify() {
  auto type = cast<RankedTensorType>(getType());
  if (type.getRank() < 2)
    return emitOpError("input must have rank at least 2 (matrices), got rank ")
           << type.getRank();
  return success();
}

// An identity when the kept triangle covers every matrix (j - i ranges over
// [1 - rows, columns - 1]) or there are no elements.
OpFoldResult TriluOp::fold(FoldAdaptor) {
  auto type = cast<RankedTensorType>(getType());
  if (type.getRank() < 2)
    return nullptr;
  if (llvm::is_contained(type.getShape(), 0))
    return getInput();
  int64_t rows = type.getDimSize(type.getRank() - 2);
  int64_t columns = type.getDimSize(type.getRank() - 1);
  // The attribute is an I64Attr, whose getter is unsigned: compare signed.
  int64_t diagonal = static_cast<int64_t>(getDiagonal());
  if (getUpper() ? !ShapedType::isDynamic(rows) && diagonal <= 1 - rows
                 : !ShapedType::isDynamic(columns) && diagonal >= columns - 1)
    return getInput();
  return nullptr;
}
