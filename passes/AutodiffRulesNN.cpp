//===- AutodiffRulesNN.cpp - VJPs of contractions, windows, norms, gathers -===//
//
// Part of the Loom project.
//
// The vector-Jacobian rules of matmul, convolution (input by
// `loom.conv_transpose`, filter by a convolution of the input with the
// result's adjoint, group by group), max and average pooling (window
// position by window position: strided slices of the padded input and their
// adjoints), softmax, log_softmax, layer_norm (recomputing its mean and
// inverse deviation) and the gathers (a scatter-add into zeros).
//
//===----------------------------------------------------------------------===//

#include "passes/AutodiffRules.h"

#include "evaluator/ResizeCoordinates.h"
#include "ir/LoomOps.h"

#include "llvm/ADT/TypeSwitch.h"

#include <limits>

using namespace mlir;

namespace loom::autodiff {
namespace {

RankedTensorType typeOf(Value v) { return cast<RankedTensorType>(v.getType()); }

SmallVector<int64_t> ones(int64_t rank) { return SmallVector<int64_t>(rank, 1); }

/// The permutation that swaps the last two dimensions.
SmallVector<int64_t> swapLastTwo(int64_t rank) {
  SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(perm[rank - 1], perm[rank - 2]);
  return perm;
}

void matmulVjp(Emitter &e, MatmulOp op, Value g, ArrayRef<bool> needed,
               SmallVectorImpl<Value> &grads) {
  Value a = op.getLhs(), b = op.getRhs();
  if (needed[0]) {
    Value bt = e.transpose(b, swapLastTwo(typeOf(b).getRank()));
    grads[0] = e.sumTo(MatmulOp::create(e.b, e.loc, g, bt), typeOf(a));
  }
  if (needed[1]) {
    Value at = e.transpose(a, swapLastTwo(typeOf(a).getRank()));
    grads[1] = e.sumTo(MatmulOp::create(e.b, e.loc, at, g), typeOf(b));
  }
}

/// A convolution's window: strides, dilations and padding.
struct ConvWindow {
  ArrayRef<int64_t> strides, dilations, padLow, padHigh;
};

/// dW[o, c, k] = sum over n, i of g[n, o, i] * x[n, c, i*s + k*d - pl], as a
/// convolution of x with channels and batch swapped by g read the same way:
/// strides and dilations trade places. One group.
Value convFilterGrad(Emitter &e, const ConvWindow &op, Value x, Value g,
                     RankedTensorType filterType) {
  int64_t rank = typeOf(x).getRank();
  SmallVector<int64_t> swap = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(swap[0], swap[1]);
  Value xt = e.transpose(x, swap); // [C, N, D...]
  Value gt = e.transpose(g, swap); // [O, N, out...]
  Value full = ConvOp::create(e.b, e.loc, xt, gt, op.dilations, op.strides,
                              op.padLow, op.padHigh,
                              /*groups=*/1); // [C, O, K'...], K' >= K
  SmallVector<int64_t> shape(filterType.getShape());
  std::swap(shape[0], shape[1]);
  Value window = full;
  if (typeOf(full).getShape() != ArrayRef<int64_t>(shape))
    window = e.slice(full, SmallVector<int64_t>(rank, 0), ones(rank), shape);
  return e.transpose(window, swap);
}

/// convFilterGrad group by group: group j's filter rows read channels
/// [j*C/groups, (j+1)*C/groups) of `x` and of `g` alike, for a convolution
/// (x its input, g its result's adjoint) as for a transposed one (the
/// roles of the two swapped); the groups' adjoints are concatenated.
Value groupedFilterGrad(Emitter &e, const ConvWindow &window, Value x,
                        Value g, RankedTensorType filterType, int64_t groups) {
  if (groups == 1)
    return convFilterGrad(e, window, x, g, filterType);
  RankedTensorType xType = typeOf(x), gType = typeOf(g);
  int64_t rank = xType.getRank();
  int64_t xPerGroup = xType.getDimSize(1) / groups;
  int64_t gPerGroup = gType.getDimSize(1) / groups;
  SmallVector<int64_t> filterShape(filterType.getShape());
  filterShape[0] /= groups;
  auto groupFilter =
      RankedTensorType::get(filterShape, filterType.getElementType());
  SmallVector<Value> parts;
  for (int64_t group = 0; group < groups; ++group) {
    SmallVector<int64_t> offsets(rank, 0);
    SmallVector<int64_t> xShape(xType.getShape()), gShape(gType.getShape());
    xShape[1] = xPerGroup;
    gShape[1] = gPerGroup;
    offsets[1] = group * xPerGroup;
    Value xg = e.slice(x, offsets, ones(rank), xShape);
    offsets[1] = group * gPerGroup;
    Value gg = e.slice(g, offsets, ones(rank), gShape);
    parts.push_back(convFilterGrad(e, window, xg, gg, groupFilter));
  }
  return ConcatOp::create(e.b, e.loc, filterType, parts, /*axis=*/0);
}

void convVjp(Emitter &e, ConvOp op, Value g, ArrayRef<bool> needed,
             SmallVectorImpl<Value> &grads) {
  Value x = op.getInput(), w = op.getFilter();
  RankedTensorType xType = typeOf(x), wType = typeOf(w), gType = typeOf(g);
  int64_t spatial = xType.getRank() - 2, groups = op.getGroups();
  if (needed[0]) {
    SmallVector<int64_t> outputPadding;
    for (int64_t i = 0; i < spatial; ++i) {
      int64_t covered = (gType.getDimSize(i + 2) - 1) * op.getStrides()[i] -
                        op.getPadLow()[i] - op.getPadHigh()[i] +
                        op.getDilations()[i] * (wType.getDimSize(i + 2) - 1) + 1;
      outputPadding.push_back(xType.getDimSize(i + 2) - covered);
    }
    grads[0] = ConvTransposeOp::create(
        e.b, e.loc, xType, g, w, op.getStrides(), op.getDilations(),
        op.getPadLow(), op.getPadHigh(), outputPadding, groups);
  }
  ConvWindow window{op.getStrides(), op.getDilations(), op.getPadLow(),
                    op.getPadHigh()};
  if (needed[1])
    grads[1] = groupedFilterGrad(e, window, x, g, wType, groups);
}

/// conv_transpose is the adjoint of a convolution in its input (group for
/// group):
/// its own input adjoint is that convolution of g with the same filter
/// ([C, O, K] read as O -> C channels) and window, cropped to the input's
/// size (output padding may leave the convolution longer); its filter
/// adjoint dW[c, o, k] = sum x[n, c, i] * g[n, o, i*s + k*d - pl] is a
/// convolution's filter adjoint with g as the input and x as the output's
/// adjoint.
void convTransposeVjp(Emitter &e, ConvTransposeOp op, Value g,
                      ArrayRef<bool> needed, SmallVectorImpl<Value> &grads) {
  Value x = op.getInput(), w = op.getFilter();
  RankedTensorType xType = typeOf(x), wType = typeOf(w);
  int64_t rank = xType.getRank();
  ConvWindow window{op.getStrides(), op.getDilations(), op.getPadLow(),
                    op.getPadHigh()};
  if (needed[0]) {
    // A [C, O/groups, K] filter is a grouped convolution's [C, O/groups, K]
    // filter from O to C channels, group for group.
    Value full = ConvOp::create(e.b, e.loc, g, w, op.getStrides(),
                                op.getDilations(), op.getPadLow(),
                                op.getPadHigh(), op.getGroups());
    grads[0] = typeOf(full).getShape() == xType.getShape()
                   ? full
                   : e.slice(full, SmallVector<int64_t>(rank, 0), ones(rank),
                             xType.getShape());
  }
  if (needed[1])
    grads[1] = groupedFilterGrad(e, window, g, x, wType, op.getGroups());
}

/// resize is linear in its input and separable: along each dimension d it
/// multiplies by the [out, in] matrix M_d of the taps the evaluator and the
/// lowering read (eval::resizeTap). Its adjoint applies each M_d
/// transposed: the dimension moved last, a matmul by M_d (adj[.., j] =
/// sum_x g[.., x] M_d[x, j]), moved back. Dimensions whose taps are the
/// identity are skipped.
Value resizeVjp(Emitter &e, ResizeOp op, Value g) {
  RankedTensorType xType = typeOf(op.getInput()), yType = typeOf(op.getResult());
  int64_t rank = xType.getRank();
  auto element = cast<FloatType>(xType.getElementType());
  Value adjoint = g;
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t in = xType.getDimSize(dim), out = yType.getDimSize(dim);
    std::vector<double> matrix(out * in, 0.0);
    bool identity = in == out;
    for (int64_t x = 0; x < out; ++x) {
      eval::ResizeTap tap = eval::resizeTap(op, dim, in, out, x);
      matrix[x * in + tap.lower] += 1.0 - tap.weight;
      if (tap.weight != 0)
        matrix[x * in + tap.upper] += tap.weight;
      identity &= tap.lower == x && tap.weight == 0;
    }
    if (identity)
      continue;
    SmallVector<APFloat> values;
    for (double value : matrix) {
      APFloat converted(value);
      bool lost = false;
      converted.convert(element.getFloatSemantics(),
                        APFloat::rmNearestTiesToEven, &lost);
      values.push_back(converted);
    }
    Value weights = ConstantOp::create(
        e.b, e.loc,
        DenseElementsAttr::get(RankedTensorType::get({out, in}, element),
                               values));
    SmallVector<int64_t> toLast;
    for (int64_t i = 0; i < rank; ++i)
      if (i != dim)
        toLast.push_back(i);
    toLast.push_back(dim);
    SmallVector<int64_t> back(rank);
    for (auto [index, from] : llvm::enumerate(toLast))
      back[from] = index;
    bool moves = dim != rank - 1;
    Value moved = moves ? e.transpose(adjoint, toLast) : adjoint;
    Value product = MatmulOp::create(e.b, e.loc, moved, weights);
    adjoint = moves ? e.transpose(product, back) : product;
  }
  return adjoint;
}

/// Pools, window position by window position: the strided slice of the
/// padded input that each position reads, and its adjoint.
struct Window {
  ArrayRef<int64_t> kernel, strides, dilations, padLow, padHigh;
};

/// Calls `body(offsets)` with the slice offsets of each window position, in
/// row-major order of the window.
void forEachWindowPosition(const Window &w, int64_t rank,
                           function_ref<void(ArrayRef<int64_t>)> body) {
  int64_t spatial = w.kernel.size();
  SmallVector<int64_t> k(spatial, 0);
  while (true) {
    SmallVector<int64_t> offsets(rank, 0);
    for (int64_t i = 0; i < spatial; ++i)
      offsets[i + 2] = k[i] * (w.dilations.empty() ? 1 : w.dilations[i]);
    body(offsets);
    int64_t i = spatial - 1;
    for (; i >= 0; --i) {
      if (++k[i] < w.kernel[i])
        break;
      k[i] = 0;
    }
    if (i < 0)
      return;
  }
}

/// The padded input's type and the steps of every window-position slice.
RankedTensorType paddedType(RankedTensorType x, const Window &w,
                            SmallVectorImpl<int64_t> &steps,
                            SmallVectorImpl<int64_t> &low,
                            SmallVectorImpl<int64_t> &high) {
  SmallVector<int64_t> shape(x.getShape());
  steps.assign(x.getRank(), 1);
  low.assign(x.getRank(), 0);
  high.assign(x.getRank(), 0);
  for (size_t i = 0; i < w.kernel.size(); ++i) {
    shape[i + 2] += w.padLow[i] + w.padHigh[i];
    steps[i + 2] = w.strides[i];
    low[i + 2] = w.padLow[i];
    high[i + 2] = w.padHigh[i];
  }
  return RankedTensorType::get(shape, x.getElementType());
}

Value poolVjp(Emitter &e, Operation *op, const Window &w, Value g,
              bool isMax, bool countIncludePad) {
  Value x = op->getOperand(0), y = op->getResult(0);
  RankedTensorType xType = typeOf(x), yType = typeOf(y);
  int64_t rank = xType.getRank();
  SmallVector<int64_t> steps, low, high;
  RankedTensorType padded = paddedType(xType, w, steps, low, high);
  auto pad = [&](Value v, double value) -> Value {
    if (typeOf(v) == padded)
      return v;
    return PadOp::create(e.b, e.loc, v, low, high, PadMode::constant,
                         APFloat(value));
  };
  Value sum;
  auto accumulate = [&](Value v) { sum = sum ? e.add(sum, v) : v; };
  if (isMax) {
    // The first position of the window holding the maximum takes the
    // gradient (PyTorch's choice on ties); padding never wins.
    Value xp = pad(x, -std::numeric_limits<double>::infinity());
    Value taken = e.splat(yType, 0.0);
    forEachWindowPosition(w, rank, [&](ArrayRef<int64_t> offsets) {
      Value xk = e.slice(xp, offsets, steps, yType.getShape());
      Value hit = e.mul(e.mask(int(ComparePredicate::eq), xk, y, y),
                        e.sub(e.scalar(y, 1.0), taken));
      taken = e.add(taken, hit);
      accumulate(e.sliceAdjoint(e.mul(g, hit), offsets, steps, padded));
    });
  } else {
    Value share;
    if (countIncludePad) {
      int64_t size = 1;
      for (int64_t k : w.kernel)
        size *= k;
      share = e.div(g, e.scalar(g, double(size)));
    } else {
      // The count of non-padded elements per window: a constant the
      // compiler folds.
      Value inside = pad(e.splat(xType, 1.0), 0.0);
      Value count;
      forEachWindowPosition(w, rank, [&](ArrayRef<int64_t> offsets) {
        Value part = e.slice(inside, offsets, steps, yType.getShape());
        count = count ? e.add(count, part) : part;
      });
      share = e.div(g, count);
    }
    forEachWindowPosition(w, rank, [&](ArrayRef<int64_t> offsets) {
      accumulate(e.sliceAdjoint(share, offsets, steps, padded));
    });
  }
  if (padded == xType)
    return sum;
  return e.slice(sum, low, ones(rank), xType.getShape());
}

void layerNormVjp(Emitter &e, LayerNormOp op, Value g, ArrayRef<bool> needed,
                  SmallVectorImpl<Value> &grads) {
  Value x = op.getInput(), scale = op.getScale();
  int64_t rank = typeOf(x).getRank();
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(op.getAxis(), rank));
  // Recomputed statistics (the checkpointing policy keeps the op's result,
  // not its intermediates).
  Value mean = e.reduceMean(x, axes, true);
  Value centered = e.sub(x, mean);
  Value var = e.reduceMean(e.mul(centered, centered), axes, true);
  double epsilon = op.getEpsilon().convertToDouble();
  Value rstd = RsqrtOp::create(e.b, e.loc, e.add(var, e.scalar(x, epsilon)));
  Value xhat = e.mul(centered, rstd);
  if (needed[2])
    grads[2] = e.sumTo(g, typeOf(op.getBias()));
  if (needed[1])
    grads[1] = e.sumTo(e.mul(g, xhat), typeOf(scale));
  if (needed[0]) {
    Value gh = e.mul(g, scale);
    Value inner = e.sub(e.sub(gh, e.reduceMean(gh, axes, true)),
                        e.mul(xhat, e.reduceMean(e.mul(gh, xhat), axes, true)));
    grads[0] = e.mul(rstd, inner);
  }
}

/// gather along `axis`: the adjoint scatter-adds g's slices into zeros at
/// the indices, with `axis` moved to the front so that scatter_nd's index
/// tuples have one coordinate.
Value gatherVjp(Emitter &e, GatherOp op, Value g) {
  RankedTensorType dataType = typeOf(op.getData());
  Value indices = op.getIndices();
  int64_t axis = op.getAxis(), rank = dataType.getRank();
  int64_t indexRank = typeOf(indices).getRank();
  // g is data[:axis] + indices + data[axis+1:]; put the indices first.
  SmallVector<int64_t> gPerm;
  for (int64_t i = 0; i < indexRank; ++i)
    gPerm.push_back(axis + i);
  for (int64_t i = 0; i < axis; ++i)
    gPerm.push_back(i);
  for (int64_t i = axis + indexRank; i < typeOf(g).getRank(); ++i)
    gPerm.push_back(i);
  Value updates = axis == 0 ? g : e.transpose(g, gPerm);
  SmallVector<int64_t> frontShape{dataType.getDimSize(axis)};
  SmallVector<int64_t> dataPerm{axis};
  for (int64_t i = 0; i < rank; ++i)
    if (i != axis) {
      frontShape.push_back(dataType.getDimSize(i));
      dataPerm.push_back(i);
    }
  SmallVector<int64_t> tupleShape(typeOf(indices).getShape());
  tupleShape.push_back(1);
  Value tuples = e.reshape(indices, tupleShape);
  Value zeros = e.splat(
      RankedTensorType::get(frontShape, dataType.getElementType()), 0.0);
  Value front = ScatterNdOp::create(e.b, e.loc, zeros, tuples, updates,
                                    ScatterReduction::add);
  if (axis == 0)
    return front;
  SmallVector<int64_t> inverse(rank);
  for (auto [index, dim] : llvm::enumerate(dataPerm))
    inverse[dim] = index;
  return e.transpose(front, inverse);
}

/// gather_nd's index tuples as scatter_nd (which has no batch dimensions)
/// reads them: with `batch_dims` b, each tuple is prefixed with its b batch
/// coordinates (iotas along those dimensions), so that it names the
/// element of the whole data that the gather read.
Value fullIndexTuples(Emitter &e, GatherNdOp gather) {
  Value indices = gather.getIndices();
  int64_t batch = gather.getBatchDims();
  if (batch == 0)
    return indices;
  RankedTensorType indexType = typeOf(indices);
  Type i64 = e.b.getI64Type();
  SmallVector<int64_t> coordinateShape(indexType.getShape());
  coordinateShape.back() = 1;
  auto coordinateType = RankedTensorType::get(coordinateShape, i64);
  SmallVector<Value> parts;
  for (int64_t dim = 0; dim < batch; ++dim)
    parts.push_back(IotaOp::create(e.b, e.loc, coordinateType, dim));
  if (!indexType.getElementType().isInteger(64))
    indices = CastOp::create(e.b, e.loc, indexType.clone(i64), indices);
  parts.push_back(indices);
  SmallVector<int64_t> fullShape(indexType.getShape());
  fullShape.back() += batch;
  return ConcatOp::create(e.b, e.loc, RankedTensorType::get(fullShape, i64),
                          parts, indexType.getRank() - 1);
}

/// The updates' adjoint reads `g` where they were written.
Value gatherWritten(Emitter &e, ScatterOp scatter, Value g) {
  return GatherElementsOp::create(e.b, e.loc, g, scatter.getIndices(),
                                  scatter.getAxis());
}
Value gatherWritten(Emitter &e, ScatterNdOp scatter, Value g) {
  return GatherNdOp::create(e.b, e.loc, g, scatter.getIndices(), 0);
}
/// `updates` added into `zeros` where the scatter wrote them.
Value addWritten(Emitter &e, ScatterOp scatter, Value zeros, Value updates) {
  return ScatterOp::create(e.b, e.loc, zeros, scatter.getIndices(), updates,
                           scatter.getAxis(), ScatterReduction::add);
}
Value addWritten(Emitter &e, ScatterNdOp scatter, Value zeros,
                 Value updates) {
  return ScatterNdOp::create(e.b, e.loc, zeros, scatter.getIndices(), updates,
                             ScatterReduction::add);
}
/// `updates` multiplied into `ones` where the scatter wrote them.
Value mulWritten(Emitter &e, ScatterOp scatter, Value ones, Value updates) {
  return ScatterOp::create(e.b, e.loc, ones, scatter.getIndices(), updates,
                           scatter.getAxis(), ScatterReduction::mul);
}
Value mulWritten(Emitter &e, ScatterNdOp scatter, Value ones, Value updates) {
  return ScatterNdOp::create(e.b, e.loc, ones, scatter.getIndices(), updates,
                             ScatterReduction::mul);
}
/// `data`'s adjoint for a scatter without reduction: zero where an update
/// overwrote the element.
Value clearWritten(Emitter &e, ScatterOp scatter, Value g) {
  return ScatterOp::create(e.b, e.loc, g, scatter.getIndices(),
                           e.splat(typeOf(scatter.getUpdates()), 0.0),
                           scatter.getAxis(), ScatterReduction::none);
}
Value clearWritten(Emitter &e, ScatterNdOp scatter, Value g) {
  return ScatterNdOp::create(e.b, e.loc, g, scatter.getIndices(),
                             e.splat(typeOf(scatter.getUpdates()), 0.0),
                             ScatterReduction::none);
}

/// scatter and scatter_nd: with reduction `add`, data passes the adjoint
/// and every update reads it at its position; with `none`, the overwritten
/// elements of data get none. Assumes distinct positions for `none` (ONNX
/// leaves repeated ones undefined). With `max` and `min`, each element of
/// the result takes its adjoint from the data element and the updates that
/// equal it, shared evenly among them when several do (PyTorch's rule for
/// scatter_reduce's amax and amin). With `mul`, y = data * P, P the
/// product of the updates written at each position: data's adjoint is
/// g * P, and an update's is g * data times the product of the *other*
/// updates at its position, which is computed without dividing by a zero:
/// from the product of the nonzero ones and the count of zeros there (as
/// PyTorch's scatter_reduce prod does).
template <typename ScatterLike>
LogicalResult scatterVjp(Emitter &e, ScatterLike scatter, Value g,
                         ArrayRef<bool> needed, SmallVectorImpl<Value> &grads,
                         std::string &whyNot) {
  ScatterReduction reduction = scatter.getReduction();
  if (reduction == ScatterReduction::mul) {
    Value data = scatter.getData(), updates = scatter.getUpdates();
    RankedTensorType dataType = typeOf(data);
    Value isZero = e.mask(int(ComparePredicate::eq), updates,
                          e.scalar(updates, 0.0), updates);
    Value nonzero = e.add(updates, isZero); // the zeros read as ones
    Value product = mulWritten(e, scatter, e.splat(dataType, 1.0), nonzero);
    Value zeros = addWritten(e, scatter, e.splat(dataType, 0.0), isZero);
    int eq = int(ComparePredicate::eq);
    if (needed[0])
      grads[0] = e.mul(e.mul(g, product),
                       e.mask(eq, zeros, e.scalar(zeros, 0.0), zeros));
    if (needed[2]) {
      Value zerosHere = gatherWritten(e, scatter, zeros);
      Value productHere = gatherWritten(e, scatter, product);
      // A nonzero update: the others' product is the nonzero product over
      // it when no zero shares its position, else 0. A zero update: the
      // nonzero product when it is the only zero there, else 0.
      Value ifNonzero =
          e.mul(e.mask(eq, zerosHere, e.scalar(zerosHere, 0.0), zerosHere),
                e.div(productHere, nonzero));
      Value ifZero =
          e.mul(e.mask(eq, zerosHere, e.scalar(zerosHere, 1.0), zerosHere),
                productHere);
      Value others = e.add(e.mul(e.sub(e.scalar(isZero, 1.0), isZero),
                                 ifNonzero),
                           e.mul(isZero, ifZero));
      grads[2] = e.mul(gatherWritten(e, scatter, e.mul(g, data)), others);
    }
    return success();
  }
  if (reduction == ScatterReduction::max ||
      reduction == ScatterReduction::min) {
    Value data = scatter.getData(), updates = scatter.getUpdates();
    Value y = scatter.getResult();
    int eq = int(ComparePredicate::eq);
    Value dataHits = e.mask(eq, data, y, data);
    Value updateHits = e.mask(eq, updates, gatherWritten(e, scatter, y), updates);
    Value count = e.add(dataHits, addWritten(e, scatter,
                                             e.splat(typeOf(data), 0.0),
                                             updateHits));
    Value share = e.div(g, count);
    if (needed[0])
      grads[0] = e.mul(share, dataHits);
    if (needed[2])
      grads[2] = e.mul(gatherWritten(e, scatter, share), updateHits);
    return success();
  }
  if (reduction != ScatterReduction::none &&
      reduction != ScatterReduction::add) {
    whyNot = "no gradient rule for '" +
             scatter->getName().getStringRef().str() + "' with reduction " +
             stringifyScatterReduction(reduction).str();
    return failure();
  }
  if (needed[0])
    grads[0] = reduction == ScatterReduction::add ? g
                                                  : clearWritten(e, scatter, g);
  if (needed[2])
    grads[2] = gatherWritten(e, scatter, g);
  return success();
}

} // namespace

std::optional<LogicalResult>
buildNNVjp(Emitter &e, const VjpRequest &request,
           SmallVectorImpl<Value> &grads, std::string &whyNot) {
  Operation *op = request.op;
  Value g = request.resultGrads.empty() ? Value() : request.resultGrads[0];
  ArrayRef<bool> needed = request.needed;
  if (!g)
    return std::nullopt;
  return TypeSwitch<Operation *, std::optional<LogicalResult>>(op)
      .Case([&](MatmulOp matmul) -> LogicalResult {
        matmulVjp(e, matmul, g, needed, grads);
        return success();
      })
      .Case([&](ConvOp conv) -> LogicalResult {
        convVjp(e, conv, g, needed, grads);
        return success();
      })
      .Case([&](ConvTransposeOp conv) -> LogicalResult {
        convTransposeVjp(e, conv, g, needed, grads);
        return success();
      })
      .Case([&](MaxPoolOp pool) -> LogicalResult {
        Window w{pool.getKernel(), pool.getStrides(), pool.getDilations(),
                 pool.getPadLow(), pool.getPadHigh()};
        grads[0] = poolVjp(e, op, w, g, /*isMax=*/true, false);
        return success();
      })
      .Case([&](AvgPoolOp pool) -> LogicalResult {
        Window w{pool.getKernel(), pool.getStrides(), {}, pool.getPadLow(),
                 pool.getPadHigh()};
        grads[0] = poolVjp(e, op, w, g, /*isMax=*/false,
                           pool.getCountIncludePad());
        return success();
      })
      .Case([&](ResizeOp resize) -> LogicalResult {
        grads[0] = resizeVjp(e, resize, g);
        return success();
      })
      .Case([&](SoftmaxOp softmax) -> LogicalResult {
        Value y = softmax.getResult();
        int64_t axis = softmax.getAxis();
        grads[0] = e.mul(y, e.sub(g, e.reduceSum(e.mul(g, y), {axis}, true)));
        return success();
      })
      .Case([&](LogSoftmaxOp logSoftmax) -> LogicalResult {
        Value y = logSoftmax.getResult();
        int64_t axis = logSoftmax.getAxis();
        grads[0] = e.sub(g, e.mul(ExpOp::create(e.b, e.loc, y),
                                  e.reduceSum(g, {axis}, true)));
        return success();
      })
      .Case([&](LayerNormOp norm) -> LogicalResult {
        layerNormVjp(e, norm, g, needed, grads);
        return success();
      })
      .Case([&](GatherOp gather) -> LogicalResult {
        if (needed[0])
          grads[0] = gatherVjp(e, gather, g);
        return success();
      })
      .Case([&](GatherNdOp gather) -> LogicalResult {
        if (needed[0])
          grads[0] = ScatterNdOp::create(
              e.b, e.loc, e.splat(typeOf(gather.getData()), 0.0),
              fullIndexTuples(e, gather), g, ScatterReduction::add);
        return success();
      })
      .Case([&](TopKOp topk) -> LogicalResult {
        // Each selected value's adjoint back to its position (distinct
        // positions: no accumulation needed, but add is exact).
        if (needed[0])
          grads[0] = ScatterOp::create(
              e.b, e.loc, e.splat(typeOf(topk.getInput()), 0.0),
              topk.getIndices(), g, topk.getAxis(), ScatterReduction::add);
        return success();
      })
      .Case([&](ScatterOp scatter) -> LogicalResult {
        return scatterVjp(e, scatter, g, needed, grads, whyNot);
      })
      .Case([&](ScatterNdOp scatter) -> LogicalResult {
        return scatterVjp(e, scatter, g, needed, grads, whyNot);
      })
      .Case([&](GatherElementsOp gather) -> LogicalResult {
        if (needed[0])
          grads[0] = ScatterOp::create(
              e.b, e.loc, e.splat(typeOf(gather.getData()), 0.0),
              gather.getIndices(), g, gather.getAxis(), ScatterReduction::add);
        return success();
      })
      .Default([](Operation *) { return std::nullopt; });
}

} // namespace loom::autodiff
