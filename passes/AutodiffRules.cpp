//===- AutodiffRules.cpp - VJPs of elementwise, reduction, data movement ---===//
//
// Part of the Loom project.
//
// The vector-Jacobian rules of the elementwise ops, the reductions and the
// data-movement ops, and the helpers every rule builds with. Gradients of
// broadcasting operands are summed back to the operand's shape (`sumTo`).
// Piecewise-constant ops (floor, ceil, round, sign) pass no gradient, as in
// PyTorch; ties of max/min split the gradient evenly, as PyTorch does.
//
//===----------------------------------------------------------------------===//

#include "passes/AutodiffRules.h"

#include "ir/LoomOps.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;

namespace loom::autodiff {

constexpr double kPi = 3.14159265358979323846;

//===----------------------------------------------------------------------===//
// Emitter
//===----------------------------------------------------------------------===//

static RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

Value Emitter::splat(RankedTensorType type, double value) {
  Type element = type.getElementType();
  return ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, FloatAttr::get(element, value)));
}

Value Emitter::scalar(Value like, double value) {
  return splat(RankedTensorType::get({}, tensorType(like).getElementType()),
               value);
}

Value Emitter::add(Value x, Value y) { return AddOp::create(b, loc, x, y); }
Value Emitter::sub(Value x, Value y) { return SubOp::create(b, loc, x, y); }
Value Emitter::mul(Value x, Value y) { return MulOp::create(b, loc, x, y); }
Value Emitter::div(Value x, Value y) { return DivOp::create(b, loc, x, y); }
Value Emitter::neg(Value x) { return NegOp::create(b, loc, x); }

Value Emitter::mask(int predicate, Value x, Value y, Value like) {
  Value bits = CompareOp::create(b, loc, static_cast<ComparePredicate>(predicate),
                                 x, y);
  auto type = RankedTensorType::get(tensorType(bits).getShape(),
                                    tensorType(like).getElementType());
  return CastOp::create(b, loc, type, bits);
}

Value Emitter::reshape(Value x, ArrayRef<int64_t> shape) {
  if (tensorType(x).getShape() == shape)
    return x;
  return ReshapeOp::create(
      b, loc, RankedTensorType::get(shape, tensorType(x).getElementType()), x);
}

Value Emitter::transpose(Value x, ArrayRef<int64_t> permutation) {
  return TransposeOp::create(b, loc, x, permutation);
}

Value Emitter::reduceSum(Value x, ArrayRef<int64_t> axes, bool keepdims) {
  return ReduceSumOp::create(b, loc, x, axes, keepdims);
}

Value Emitter::reduceMean(Value x, ArrayRef<int64_t> axes, bool keepdims) {
  return ReduceMeanOp::create(b, loc, x, axes, keepdims);
}

Value Emitter::broadcastTo(Value x, RankedTensorType type) {
  if (tensorType(x) == type)
    return x;
  return BroadcastToOp::create(b, loc, type, x);
}

Value Emitter::slice(Value x, ArrayRef<int64_t> offsets,
                     ArrayRef<int64_t> steps, ArrayRef<int64_t> shape) {
  return SliceOp::create(
      b, loc, RankedTensorType::get(shape, tensorType(x).getElementType()), x,
      offsets, steps);
}

Value Emitter::sumTo(Value grad, RankedTensorType type) {
  RankedTensorType from = tensorType(grad);
  if (from.getShape() == type.getShape())
    return grad;
  int64_t lead = from.getRank() - type.getRank();
  SmallVector<int64_t> axes;
  for (int64_t dim = 0; dim < from.getRank(); ++dim)
    if (dim < lead ||
        (type.getDimSize(dim - lead) == 1 && from.getDimSize(dim) != 1))
      axes.push_back(dim);
  Value summed = axes.empty() ? grad : reduceSum(grad, axes, /*keepdims=*/false);
  return reshape(summed, type.getShape());
}

Value Emitter::sliceAdjoint(Value grad, ArrayRef<int64_t> offsets,
                            ArrayRef<int64_t> steps, RankedTensorType type) {
  ArrayRef<int64_t> shape = tensorType(grad).getShape();
  int64_t count = tensorType(grad).getNumElements();
  if (count == 0)
    return splat(type, 0.0);
  // Positive steps: the slice is a window (unit steps), its adjoint a zero
  // padding; a stepped dimension is first spread out, every element
  // followed by step - 1 zeros ([.., n, ..] -> [.., n, 1, ..], padded to
  // [.., n, step, ..], merged to [.., n * step, ..]). Only pads and reshapes: each keeps the other
  // dimensions as they are, so a batch-split adjoint stays split.
  if (llvm::all_of(steps, [](int64_t step) { return step >= 1; })) {
    Value spread = grad;
    for (auto [dim, step] : llvm::enumerate(steps)) {
      if (step == 1)
        continue;
      SmallVector<int64_t> current(tensorType(spread).getShape());
      SmallVector<int64_t> split(current);
      split.insert(split.begin() + dim + 1, 1);
      SmallVector<int64_t> low(split.size(), 0), high(split.size(), 0);
      high[dim + 1] = step - 1;
      spread = PadOp::create(b, loc, reshape(spread, split), low, high,
                             PadMode::constant, APFloat(0.0));
      current[dim] *= step;
      spread = reshape(spread, current);
    }
    // The last element's trailing zeros may run past the end: trim them.
    SmallVector<int64_t> extent(tensorType(spread).getShape());
    SmallVector<int64_t> kept(extent), high;
    for (auto [dim, size] : llvm::enumerate(type.getShape())) {
      kept[dim] = std::min(extent[dim], size - offsets[dim]);
      high.push_back(size - offsets[dim] - kept[dim]);
    }
    if (kept != extent)
      spread = slice(spread, SmallVector<int64_t>(kept.size(), 0),
                     SmallVector<int64_t>(kept.size(), 1), kept);
    return PadOp::create(b, loc, spread, offsets, high, PadMode::constant,
                         APFloat(0.0));
  }
  // Negative steps: every position read, as index tuples for a scatter_nd
  // (the positions are distinct, so replacing is exact).
  int64_t rank = type.getRank();
  SmallVector<int64_t> indices;
  indices.reserve(count * rank);
  SmallVector<int64_t> position(rank, 0);
  for (int64_t element = 0; element < count; ++element) {
    for (int64_t dim = 0; dim < rank; ++dim)
      indices.push_back(offsets[dim] + position[dim] * steps[dim]);
    for (int64_t dim = rank - 1; dim >= 0; --dim) {
      if (++position[dim] < shape[dim])
        break;
      position[dim] = 0;
    }
  }
  auto indexType = RankedTensorType::get({count, rank}, b.getI64Type());
  Value table = ConstantOp::create(
      b, loc, DenseElementsAttr::get(indexType, ArrayRef<int64_t>(indices)));
  Value updates = reshape(grad, {count});
  return ScatterNdOp::create(b, loc, splat(type, 0.0), table, updates,
                             ScatterReduction::none);
}

//===----------------------------------------------------------------------===//
// Rules
//===----------------------------------------------------------------------===//

namespace {

/// The adjoints of a unary op's input, given x, its result y and the
/// result's adjoint g; nullopt for an op that is not a unary float op with a
/// rule here.
std::optional<Value> unaryVjp(Emitter &e, Operation *op, Value g) {
  if (op->getNumOperands() != 1 || op->getNumResults() != 1)
    return std::nullopt;
  Value x = op->getOperand(0), y = op->getResult(0);
  auto c = [&](double value) { return e.scalar(x, value); };
  auto one_minus = [&](Value v) { return e.sub(c(1.0), v); };
  return TypeSwitch<Operation *, std::optional<Value>>(op)
      .Case([&](NegOp) { return e.neg(g); })
      .Case([&](AbsOp) { return e.mul(g, SignOp::create(e.b, e.loc, x)); })
      .Case([&](ExpOp) { return e.mul(g, y); })
      .Case([&](LogOp) { return e.div(g, x); })
      .Case([&](SqrtOp) { return e.div(g, e.mul(y, c(2.0))); })
      .Case([&](RsqrtOp) {
        return e.mul(e.mul(g, c(-0.5)), e.mul(y, e.mul(y, y)));
      })
      .Case([&](ReciprocalOp) { return e.neg(e.mul(g, e.mul(y, y))); })
      .Case([&](TanhOp) { return e.mul(g, one_minus(e.mul(y, y))); })
      .Case([&](SigmoidOp) { return e.mul(g, e.mul(y, one_minus(y))); })
      .Case([&](ErfOp) {
        Value gauss = ExpOp::create(e.b, e.loc, e.neg(e.mul(x, x)));
        return e.mul(g, e.mul(gauss, c(2.0 / std::sqrt(kPi))));
      })
      .Case([&](ReluOp) {
        // y > 0 exactly where x > 0. Read off the result, the mask follows
        // the ReLU in the kernel that computes both, instead of being a
        // second reader of x that keeps the kernel on one workgroup
        // (docs/cpu-backend.md).
        return e.mul(g, e.mask(int(ComparePredicate::gt), y, c(0.0), y));
      })
      .Case([&](GeluOp gelu) -> Value {
        if (gelu.getApproximation() == GeluApproximation::tanh) {
          // y = x/2 (1 + tanh(u)), u = k (x + a x^3).
          double k = std::sqrt(2.0 / kPi), a = 0.044715;
          Value x2 = e.mul(x, x);
          Value u = e.mul(c(k), e.add(x, e.mul(c(a), e.mul(x2, x))));
          Value t = TanhOp::create(e.b, e.loc, u);
          Value du = e.mul(c(k), e.add(c(1.0), e.mul(c(3.0 * a), x2)));
          Value left = e.mul(c(0.5), e.add(c(1.0), t));
          Value right = e.mul(e.mul(c(0.5), x),
                              e.mul(one_minus(e.mul(t, t)), du));
          return e.mul(g, e.add(left, right));
        }
        // d/dx x Phi(x) = Phi(x) + x phi(x).
        Value cdf = e.mul(c(0.5),
                          e.add(c(1.0), ErfOp::create(e.b, e.loc,
                                                      e.mul(x, c(0.70710678118654752440)))));
        Value pdf = e.mul(c(1.0 / std::sqrt(2.0 * kPi)),
                          ExpOp::create(e.b, e.loc,
                                        e.mul(c(-0.5), e.mul(x, x))));
        return e.mul(g, e.add(cdf, e.mul(x, pdf)));
      })
      .Case([&](SinOp) { return e.mul(g, CosOp::create(e.b, e.loc, x)); })
      .Case([&](CosOp) {
        return e.neg(e.mul(g, SinOp::create(e.b, e.loc, x)));
      })
      .Case([&](TanOp) { return e.mul(g, e.add(c(1.0), e.mul(y, y))); })
      .Case([&](SinhOp) { return e.mul(g, CoshOp::create(e.b, e.loc, x)); })
      .Case([&](CoshOp) { return e.mul(g, SinhOp::create(e.b, e.loc, x)); })
      .Case([&](AtanOp) { return e.div(g, e.add(c(1.0), e.mul(x, x))); })
      .Case([&](AsinOp) {
        return e.mul(g, RsqrtOp::create(e.b, e.loc, one_minus(e.mul(x, x))));
      })
      .Case([&](AcosOp) {
        return e.neg(
            e.mul(g, RsqrtOp::create(e.b, e.loc, one_minus(e.mul(x, x)))));
      })
      .Case([&](AsinhOp) {
        return e.mul(g, RsqrtOp::create(e.b, e.loc,
                                        e.add(e.mul(x, x), c(1.0))));
      })
      .Case([&](AcoshOp) {
        return e.mul(g, RsqrtOp::create(e.b, e.loc,
                                        e.sub(e.mul(x, x), c(1.0))));
      })
      .Case([&](AtanhOp) { return e.div(g, one_minus(e.mul(x, x))); })
      .Case([&](ClampOp clamp) {
        // PyTorch's rule: the gradient passes where min <= x <= max.
        Value pass = g;
        if (clamp.getMin())
          pass = e.mul(pass, e.mask(int(ComparePredicate::ge), x,
                                    c(clamp.getMin()->convertToDouble()), x));
        if (clamp.getMax())
          pass = e.mul(pass, e.mask(int(ComparePredicate::le), x,
                                    c(clamp.getMax()->convertToDouble()), x));
        return pass;
      })
      .Case([&](CastOp) {
        return Value(CastOp::create(e.b, e.loc, x.getType(), g));
      })
      .Default([](Operation *) { return std::nullopt; });
}

/// Adjoints of the broadcasting binary ops, before `sumTo`.
bool binaryVjp(Emitter &e, Operation *op, Value g, ArrayRef<bool> needed,
               Value &ga, Value &gb) {
  if (!isa<AddOp, SubOp, MulOp, DivOp, PowOp, MaxOp, MinOp, RemOp>(op))
    return false;
  Value a = op->getOperand(0), bv = op->getOperand(1), y = op->getResult(0);
  auto c = [&](double value) { return e.scalar(y, value); };
  TypeSwitch<Operation *>(op)
      .Case([&](AddOp) { ga = g, gb = g; })
      .Case([&](SubOp) {
        ga = g;
        if (needed[1])
          gb = e.neg(g);
      })
      .Case([&](MulOp) {
        if (needed[0])
          ga = e.mul(g, bv);
        if (needed[1])
          gb = e.mul(g, a);
      })
      .Case([&](DivOp) {
        if (needed[0])
          ga = e.div(g, bv);
        if (needed[1])
          gb = e.neg(e.div(e.mul(g, y), bv));
      })
      .Case([&](PowOp) {
        if (needed[0])
          ga = e.mul(g, e.mul(bv, PowOp::create(e.b, e.loc, a,
                                                e.sub(bv, c(1.0)))));
        if (needed[1])
          gb = e.mul(g, e.mul(y, LogOp::create(e.b, e.loc, a)));
      })
      .Case([&](RemOp) {
        // y = a - q b with q = trunc(a / b) (fmod) or floor(a / b), constant
        // between its jumps: dy/da = 1, dy/db = -q = -(a - y) / b.
        ga = g;
        if (needed[1])
          gb = e.neg(e.div(e.mul(g, e.sub(a, y)), bv));
      })
      .Case<MaxOp, MinOp>([&](Operation *) {
        // The winner takes the gradient; a tie splits it evenly.
        auto wins = isa<MaxOp>(op) ? ComparePredicate::gt : ComparePredicate::lt;
        Value share = e.add(e.mask(int(wins), a, bv, y),
                            e.mul(c(0.5), e.mask(int(ComparePredicate::eq), a,
                                                 bv, y)));
        if (needed[0])
          ga = e.mul(g, share);
        if (needed[1])
          gb = e.mul(g, e.sub(c(1.0), share));
      });
  return true;
}

/// Reductions: the adjoint spread back over the reduced positions.
std::optional<Value> reductionVjp(Emitter &e, Operation *op, Value g) {
  if (!isa<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp, ReduceProdOp>(
          op))
    return std::nullopt;
  Value x = op->getOperand(0), y = op->getResult(0);
  RankedTensorType xType = tensorType(x);
  auto axes = cast<DenseI64ArrayAttr>(op->getAttr("axes")).asArrayRef();
  SmallVector<int64_t> kept(xType.getShape());
  int64_t count = 1;
  for (int64_t axis : axes) {
    count *= kept[axis];
    kept[axis] = 1;
  }
  Value gk = e.reshape(g, kept);
  Value yk = e.reshape(y, kept);
  return TypeSwitch<Operation *, Value>(op)
      .Case([&](ReduceSumOp) { return e.broadcastTo(gk, xType); })
      .Case([&](ReduceMeanOp) {
        return e.broadcastTo(e.div(gk, e.scalar(x, double(count))), xType);
      })
      .Case<ReduceMaxOp, ReduceMinOp>([&](Operation *) {
        Value hits = e.mask(int(ComparePredicate::eq), x, yk, x);
        Value ties = e.reduceSum(hits, axes, /*keepdims=*/true);
        return e.mul(e.div(gk, ties), hits);
      })
      .Case([&](ReduceProdOp) {
        return e.div(e.broadcastTo(e.mul(gk, yk), xType), x);
      });
}

/// pad in reflect or edge mode: along each padded dimension every result
/// position reads one input position, so the adjoint adds g back along one
/// dimension at a time: g (that dimension last, the others flattened) times
/// the 0/1 matrix of the map (result positions x input positions). Each row
/// holds one 1, so every product is exact and each input position sums the
/// adjoints of the positions that read it. Negative amounts (crops) too.
Value mirroredPadVjp(Emitter &e, PadOp pad, Value g) {
  RankedTensorType in = tensorType(pad.getInput());
  Type element = in.getElementType();
  int64_t rank = in.getRank();
  bool reflect = pad.getMode() == PadMode::reflect;
  Value grad = g;
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t low = pad.getLow()[dim], high = pad.getHigh()[dim];
    if (low == 0 && high == 0)
      continue;
    int64_t size = in.getDimSize(dim), out = size + low + high;
    SmallVector<Attribute> map(out * size, FloatAttr::get(element, 0.0));
    for (int64_t j = 0; j < out; ++j) {
      int64_t p = j - low;
      if (p < 0)
        p = reflect ? -p : 0;
      else if (p >= size)
        p = reflect ? 2 * (size - 1) - p : size - 1;
      map[j * size + p] = FloatAttr::get(element, 1.0);
    }
    Value matrix = ConstantOp::create(
        e.b, e.loc,
        DenseElementsAttr::get(RankedTensorType::get({out, size}, element),
                               map));
    // Move `dim` last, flatten the others, multiply, and undo both.
    SmallVector<int64_t> permutation, inverse(rank), movedShape;
    for (int64_t d = 0; d < rank; ++d)
      if (d != dim)
        permutation.push_back(d);
    permutation.push_back(dim);
    for (int64_t d = 0; d < rank; ++d)
      inverse[permutation[d]] = d;
    ArrayRef<int64_t> gradShape = tensorType(grad).getShape();
    int64_t rest = 1;
    for (int64_t d : ArrayRef<int64_t>(permutation).drop_back()) {
      movedShape.push_back(gradShape[d]);
      rest *= gradShape[d];
    }
    Value moved = dim == rank - 1 ? grad : e.transpose(grad, permutation);
    Value rows = e.reshape(moved, {rest, out});
    Value summed = MatmulOp::create(e.b, e.loc, rows, matrix);
    movedShape.push_back(size);
    Value back = e.reshape(summed, movedShape);
    grad = dim == rank - 1 ? back : e.transpose(back, inverse);
  }
  return grad;
}

std::optional<LogicalResult>
dataMovementVjp(Emitter &e, Operation *op, Value g, ArrayRef<bool> needed,
                SmallVectorImpl<Value> &grads, std::string &whyNot) {
  auto typeOf = [](Value v) { return tensorType(v); };
  return TypeSwitch<Operation *, std::optional<LogicalResult>>(op)
      .Case([&](ReshapeOp reshape) -> LogicalResult {
        grads[0] = e.reshape(g, typeOf(reshape.getInput()).getShape());
        return success();
      })
      .Case([&](TransposeOp transpose) -> LogicalResult {
        ArrayRef<int64_t> perm = transpose.getPermutation();
        SmallVector<int64_t> inverse(perm.size());
        for (auto [index, dim] : llvm::enumerate(perm))
          inverse[dim] = index;
        grads[0] = e.transpose(g, inverse);
        return success();
      })
      .Case([&](BroadcastToOp broadcast) -> LogicalResult {
        grads[0] = e.sumTo(g, typeOf(broadcast.getInput()));
        return success();
      })
      .Case([&](ExpandOp expand) -> LogicalResult {
        RankedTensorType in = typeOf(expand.getInput());
        RankedTensorType out = typeOf(expand.getResult());
        ArrayRef<int64_t> dims = expand.getDims();
        SmallVector<int64_t> axes;
        for (int64_t dim = 0; dim < out.getRank(); ++dim) {
          const int64_t *at = llvm::find(dims, dim);
          if (at == dims.end() || (in.getDimSize(at - dims.begin()) == 1 &&
                                   out.getDimSize(dim) != 1))
            axes.push_back(dim);
        }
        Value summed = axes.empty() ? g : e.reduceSum(g, axes, false);
        grads[0] = e.reshape(summed, in.getShape());
        return success();
      })
      .Case([&](ConcatOp concat) -> LogicalResult {
        int64_t axis = concat.getAxis(), offset = 0;
        for (auto [index, input] : llvm::enumerate(concat.getInputs())) {
          RankedTensorType type = typeOf(input);
          if (needed[index]) {
            SmallVector<int64_t> offsets(type.getRank(), 0);
            offsets[axis] = offset;
            grads[index] =
                e.slice(g, offsets, SmallVector<int64_t>(type.getRank(), 1),
                        type.getShape());
          }
          offset += type.getDimSize(axis);
        }
        return success();
      })
      .Case([&](SliceOp slice) -> LogicalResult {
        grads[0] = e.sliceAdjoint(g, slice.getOffsets(), slice.getSteps(),
                                  typeOf(slice.getInput()));
        return success();
      })
      .Case([&](PadOp pad) -> LogicalResult {
        if (pad.getMode() != PadMode::constant) {
          grads[0] = mirroredPadVjp(e, pad, g);
          return success();
        }
        // The input positions that survive the crop, read back from g.
        RankedTensorType in = typeOf(pad.getInput());
        SmallVector<int64_t> offsets, shape, low, high;
        for (int64_t dim = 0; dim < in.getRank(); ++dim) {
          int64_t first = std::max<int64_t>(0, -pad.getLow()[dim]);
          int64_t end = in.getDimSize(dim) - std::max<int64_t>(0, -pad.getHigh()[dim]);
          offsets.push_back(first + pad.getLow()[dim]);
          shape.push_back(std::max<int64_t>(0, end - first));
          low.push_back(first);
          high.push_back(in.getDimSize(dim) - first - shape.back());
        }
        Value kept = e.slice(g, offsets, SmallVector<int64_t>(in.getRank(), 1),
                             shape);
        grads[0] = e.sliceAdjoint(kept, low,
                                  SmallVector<int64_t>(in.getRank(), 1), in);
        return success();
      })
      .Case([&](TriluOp trilu) -> LogicalResult {
        // The kept triangle passes the adjoint; the zeroed one none.
        grads[0] = TriluOp::create(e.b, e.loc, g, trilu.getUpperAttr(),
                                   trilu.getDiagonalAttr());
        return success();
      })
      .Case([&](CumSumOp cumsum) -> LogicalResult {
        grads[0] = CumSumOp::create(e.b, e.loc, g, cumsum.getAxis(),
                                    cumsum.getExclusive(), !cumsum.getReverse());
        return success();
      })
      .Case([&](SelectOp select) -> LogicalResult {
        Value zero = e.scalar(g, 0.0);
        if (needed[1])
          grads[1] = e.sumTo(
              SelectOp::create(e.b, e.loc, select.getCondition(), g, zero),
              typeOf(select.getOnTrue()));
        if (needed[2])
          grads[2] = e.sumTo(
              SelectOp::create(e.b, e.loc, select.getCondition(), zero, g),
              typeOf(select.getOnFalse()));
        return success();
      })
      .Default([](Operation *) { return std::nullopt; });
}

} // namespace

LogicalResult buildVjp(OpBuilder &builder, const VjpRequest &request,
                       SmallVectorImpl<Value> &operandGrads,
                       std::string &whyNot) {
  Operation *op = request.op;
  Emitter e(builder, op->getLoc());
  operandGrads.assign(op->getNumOperands(), Value());
  whyNot.clear();
  // Piecewise constant: no gradient flows.
  if (isa<FloorOp, CeilOp, RoundOp, SignOp>(op))
    return success();
  Value g = request.resultGrads.empty() ? Value() : request.resultGrads[0];
  if (op->getNumResults() == 1 && g) {
    if (std::optional<Value> grad = unaryVjp(e, op, g)) {
      operandGrads[0] = *grad;
      return success();
    }
    Value ga, gb;
    if (binaryVjp(e, op, g, request.needed, ga, gb)) {
      if (ga && request.needed[0])
        operandGrads[0] = e.sumTo(ga, tensorType(op->getOperand(0)));
      if (gb && request.needed[1])
        operandGrads[1] = e.sumTo(gb, tensorType(op->getOperand(1)));
      return success();
    }
    if (std::optional<Value> grad = reductionVjp(e, op, g)) {
      operandGrads[0] = *grad;
      return success();
    }
    if (std::optional<LogicalResult> done = dataMovementVjp(
            e, op, g, request.needed, operandGrads, whyNot))
      return *done;
  }
  if (std::optional<LogicalResult> done =
          buildNNVjp(e, request, operandGrads, whyNot))
    return *done;
  whyNot = "no gradient rule for '" + op->getName().getStringRef().str() + "'";
  return failure();
}

void accumulateAdjoint(OpBuilder &builder, DenseMap<Value, Value> &adjoint,
                       Value value, Value grad) {
  auto [it, inserted] = adjoint.try_emplace(value, grad);
  if (!inserted)
    it->second = AddOp::create(builder, grad.getLoc(), it->second, grad);
}

LogicalResult propagateAdjoints(OpBuilder &builder, ArrayRef<Operation *> ops,
                                const DenseSet<Value> &active,
                                DenseMap<Value, Value> &adjoint,
                                Operation *&failedOp, std::string &whyNot) {
  for (Operation *op : llvm::reverse(ops)) {
    SmallVector<Value> resultGrads;
    for (Value result : op->getResults())
      resultGrads.push_back(adjoint.lookup(result));
    if (llvm::none_of(resultGrads, [](Value v) { return bool(v); }))
      continue;
    SmallVector<bool> needed;
    for (Value operand : op->getOperands())
      needed.push_back(active.contains(operand));
    if (!llvm::is_contained(needed, true))
      continue;
    SmallVector<Value> operandGrads;
    if (failed(buildVjp(builder, {op, resultGrads, needed}, operandGrads,
                        whyNot))) {
      failedOp = op;
      return failure();
    }
    for (auto [operand, grad, need] :
         llvm::zip(op->getOperands(), operandGrads, needed))
      if (need && grad)
        accumulateAdjoint(builder, adjoint, operand, grad);
  }
  return success();
}

} // namespace loom::autodiff
