//===- ExpandIntegerContractions.cpp - 8-bit products as exact f32 ones ---===//
//
// Part of the Loom project.
//
// loom-expand-integer-contractions: for a target without 8-bit integer
// kernels (the systolic chip's MXUs take bf16), each loom.matmul_integer
// and loom.conv_integer becomes f32 contractions whose results are the i32
// result exactly (Passes.td).
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/LoomOps.h"

namespace loom {
#define GEN_PASS_DEF_LOOMEXPANDINTEGERCONTRACTIONS
#include "passes/Passes.h.inc"
} // namespace loom

using namespace mlir;

namespace loom {
namespace {

/// f32 holds every integer of magnitude up to 2^24 exactly, whatever the
/// order of the additions that reach it.
constexpr int64_t kExactF32 = int64_t(1) << 24;

/// The largest magnitude of an 8-bit value of `type`: 255 for ui8, 128
/// for i8.
int64_t largestMagnitude(Value value) {
  return getElementTypeOrSelf(value).isUnsignedInteger() ? 255 : 128;
}

RankedTensorType typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// `value` restricted to [begin, end) along dimension `dim`.
Value sliceAlong(OpBuilder &b, Location loc, Value value, int64_t dim,
                 int64_t begin, int64_t end) {
  RankedTensorType type = typeOf(value);
  if (begin == 0 && end == type.getDimSize(dim))
    return value;
  SmallVector<int64_t> shape(type.getShape()), offsets(type.getRank(), 0);
  SmallVector<int64_t> steps(type.getRank(), 1);
  shape[dim] = end - begin;
  offsets[dim] = begin;
  return SliceOp::create(b, loc, type.clone(shape), value, offsets, steps);
}

Value castElements(OpBuilder &b, Location loc, Value value, Type element) {
  return CastOp::create(b, loc, typeOf(value).clone(element), value);
}

/// The sum in i32 of `part(begin, end)` over the slices of [0, size) of
/// `step` elements each: one slice when the whole fits.
template <typename Fn>
Value sumOverSlices(OpBuilder &b, Location loc, int64_t size, int64_t step,
                    Fn part) {
  Value sum;
  for (int64_t begin = 0; begin < size; begin += step) {
    Value partial = castElements(b, loc, part(begin, std::min(size, begin + step)),
                                 b.getI32Type());
    sum = sum ? AddOp::create(b, loc, sum, partial).getResult() : partial;
  }
  return sum;
}

/// matmul_integer as f32 matmuls over slices of K of at most `step`
/// elements, whose sums are exact.
Value expand(OpBuilder &b, MatmulIntegerOp op) {
  Location loc = op.getLoc();
  Value lhs = castElements(b, loc, op.getLhs(), b.getF32Type());
  Value rhs = castElements(b, loc, op.getRhs(), b.getF32Type());
  int64_t lhsRank = typeOf(lhs).getRank(), rhsRank = typeOf(rhs).getRank();
  int64_t depth = typeOf(lhs).getDimSize(lhsRank - 1);
  int64_t step = kExactF32 / (largestMagnitude(op.getLhs()) *
                              largestMagnitude(op.getRhs()));
  return sumOverSlices(b, loc, depth, step, [&](int64_t begin, int64_t end) {
    Value lhsSlice = sliceAlong(b, loc, lhs, lhsRank - 1, begin, end);
    Value rhsSlice = sliceAlong(b, loc, rhs, rhsRank - 2, begin, end);
    return MatmulOp::create(b, loc, lhsSlice, rhsSlice).getResult();
  });
}

/// conv_integer as f32 convolutions over slices of the input channels whose
/// window sums are exact; a grouped convolution, whose channels cannot be
/// sliced without splitting its groups, only where one slice suffices, else
/// an i32 convolution (which the target may place on its host).
Value expand(OpBuilder &b, ConvIntegerOp op) {
  Location loc = op.getLoc();
  RankedTensorType filterType = typeOf(op.getFilter());
  int64_t channels = filterType.getDimSize(1);
  int64_t window = 1;
  for (int64_t size : filterType.getShape().drop_front(2))
    window *= size;
  int64_t step = kExactF32 / (largestMagnitude(op.getInput()) *
                              largestMagnitude(op.getFilter()) * window);
  auto conv = [&](Value input, Value filter) {
    return ConvOp::create(b, loc, input, filter, op.getStrides(),
                          op.getDilations(), op.getPadLow(), op.getPadHigh(),
                          op.getGroups())
        .getResult();
  };
  bool exact = step >= channels || (step > 0 && op.getGroups() == 1);
  Type element = exact ? Type(b.getF32Type()) : Type(b.getI32Type());
  Value input = castElements(b, loc, op.getInput(), element);
  Value filter = castElements(b, loc, op.getFilter(), element);
  if (element.isInteger(32))
    return conv(input, filter);
  return sumOverSlices(b, loc, channels, step, [&](int64_t begin, int64_t end) {
    Value inputSlice = sliceAlong(b, loc, input, 1, begin, end);
    Value filterSlice = sliceAlong(b, loc, filter, 1, begin, end);
    return conv(inputSlice, filterSlice);
  });
}

struct LoomExpandIntegerContractionsPass
    : impl::LoomExpandIntegerContractionsBase<
          LoomExpandIntegerContractionsPass> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<MatmulIntegerOp, ConvIntegerOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      OpBuilder b(op);
      Value result = isa<MatmulIntegerOp>(op)
                         ? expand(b, cast<MatmulIntegerOp>(op))
                         : expand(b, cast<ConvIntegerOp>(op));
      op->getResult(0).replaceAllUsesWith(result);
      op->erase();
    }
  }
};

} // namespace
} // namespace loom
