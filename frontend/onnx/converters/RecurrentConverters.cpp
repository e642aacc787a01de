//===- RecurrentConverters.cpp - ONNX RNN, GRU and LSTM ----------------===//
//
// Part of the Loom project.
//
// RNN, GRU and LSTM (opsets 7 to 17, every direction, layouts 0 and 1,
// sequence_lens, initial states, LSTM's peepholes, clip and every
// activation ONNX lists). The input projection of the whole sequence is one
// matmul per direction. The recurrence is one cell (a matmul with R and the
// gates' elementwise ops) per time step: unrolled on import up to
// kMaxUnrolledSteps steps, where each step can fuse with its neighbours and
// every target runs it as it runs any other op; a longer sequence is a
// loom.scan whose body is one cell, so the model grows with the cell, not
// with the sequence.
//
// With sequence_lens, batch entry b stops after sequence_lens[b] steps: a
// step at t >= sequence_lens[b] keeps the state and writes 0 to Y, which for
// the reverse direction (walking t from the end) is ONNX's "reverse each
// sequence within its length".
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/converters/ConverterUtils.h"

#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"

using namespace mlir;

namespace loom::onnx_import {
namespace {

/// The longest sequence the importer unrolls; a longer one is a loop.
constexpr int64_t kMaxUnrolledSteps = 16;

enum class Cell { RNN, GRU, LSTM };

/// One activation function of the `activations` attribute with its alpha
/// and beta (from activation_alpha/activation_beta, else ONNX's defaults).
struct Activation {
  std::string name;
  double alpha = 0, beta = 0;
};

/// Applies `activation` to `x`; null (with the failure recorded) for a
/// function that is not supported.
Value activate(NodeContext &node, const Activation &activation, Value x) {
  Type type = elementTypeOf(x);
  Builder &b = node.builder();
  auto affine = [&](Value v, double alpha, double beta) {
    return node.create<AddOp>(node.create<MulOp>(v, node.scalar(type, alpha)),
                              node.scalar(type, beta));
  };
  const std::string &name = activation.name;
  if (name == "Sigmoid")
    return node.create<SigmoidOp>(x);
  if (name == "Tanh")
    return node.create<TanhOp>(x);
  if (name == "Relu")
    return node.create<ReluOp>(x);
  if (name == "Affine")
    return affine(x, activation.alpha, activation.beta);
  if (name == "LeakyRelu")
    return node.create<SelectOp>(
        node.create<CompareOp>(ComparePredicate::lt, x, node.scalar(type, 0)),
        node.create<MulOp>(x, node.scalar(type, activation.alpha)), x);
  if (name == "HardSigmoid")
    return node.create<ClampOp>(affine(x, activation.alpha, activation.beta),
                                b.getF64FloatAttr(0), b.getF64FloatAttr(1));
  if (name == "ScaledTanh")
    return node.create<MulOp>(
        node.create<TanhOp>(
            node.create<MulOp>(x, node.scalar(type, activation.beta))),
        node.scalar(type, activation.alpha));
  if (name == "Elu") // x if x >= 0 else alpha * (e^x - 1)
    return node.create<SelectOp>(
        node.create<CompareOp>(ComparePredicate::lt, x, node.scalar(type, 0)),
        node.create<MulOp>(
            node.create<SubOp>(node.create<ExpOp>(x), node.scalar(type, 1)),
            node.scalar(type, activation.alpha)),
        x);
  if (name == "ThresholdedRelu") // x if x > alpha else 0
    return node.create<SelectOp>(
        node.create<CompareOp>(ComparePredicate::gt, x,
                               node.scalar(type, activation.alpha)),
        x, node.scalar(type, 0));
  if (name == "Softsign") // x / (1 + |x|)
    return node.create<DivOp>(
        x, node.create<AddOp>(node.create<AbsOp>(x), node.scalar(type, 1)));
  if (name == "Softplus") // log(1 + e^x)
    return node.create<LogOp>(
        node.create<AddOp>(node.create<ExpOp>(x), node.scalar(type, 1)));
  (void)node.fail("activation '" + name +
                  "' is not one of Sigmoid, Tanh, Relu, Affine, LeakyRelu, "
                  "ThresholdedRelu, ScaledTanh, HardSigmoid, Elu, Softsign, "
                  "Softplus");
  return {};
}

/// ONNX's default alpha and beta of an activation that takes them.
std::pair<double, double> defaultAlphaBeta(StringRef name) {
  if (name == "LeakyRelu")
    return {0.01, 0};
  if (name == "HardSigmoid")
    return {0.2, 0.5};
  if (name == "Affine" || name == "ScaledTanh" || name == "Elu" ||
      name == "ThresholdedRelu")
    return {1.0, 0};
  return {0, 0};
}

/// What the node asks for, read and checked once.
struct RecurrentPlan {
  Cell cell;
  int64_t gates;      ///< 1 (RNN), 3 (GRU) or 4 (LSTM)
  int64_t hidden;     ///< hidden_size
  int64_t steps;      ///< sequence length
  int64_t batch;
  int64_t inputSize;
  int64_t directions; ///< 1 or 2
  bool reverseOnly;   ///< direction = reverse
  bool batchFirst;    ///< layout = 1
  std::optional<double> clip;
  bool linearBeforeReset = false; ///< GRU
  /// Per direction: f, g (GRU, LSTM), h (LSTM).
  SmallVector<Activation> activations;
  Type element;
};

LogicalResult readPlan(NodeContext &node, Cell cell, RecurrentPlan &plan) {
  plan.cell = cell;
  plan.gates = cell == Cell::RNN ? 1 : cell == Cell::GRU ? 3 : 4;
  if (failed(requireInputs(node, {"X", "W", "R"})))
    return failure();
  RankedTensorType xType = node.inputType(0);
  if (xType.getRank() != 3)
    return node.fail("input X must have rank 3, got rank " +
                     Twine(xType.getRank()));
  if (failed(requireStatic(node, node.input(0), "input X")))
    return failure();
  if (!isa<FloatType>(xType.getElementType()))
    return node.fail("input X must hold floats");
  plan.element = xType.getElementType();
  plan.batchFirst = node.intAttr("layout", 0) != 0;
  plan.steps = xType.getDimSize(plan.batchFirst ? 1 : 0);
  plan.batch = xType.getDimSize(plan.batchFirst ? 0 : 1);
  plan.inputSize = xType.getDimSize(2);
  std::string direction = node.stringAttr("direction", "forward");
  if (direction != "forward" && direction != "reverse" &&
      direction != "bidirectional")
    return node.fail("direction '" + direction +
                     "' is not one of forward, reverse, bidirectional");
  plan.directions = direction == "bidirectional" ? 2 : 1;
  plan.reverseOnly = direction == "reverse";
  if (!node.hasAttribute("hidden_size"))
    return node.fail("attribute 'hidden_size' is missing");
  plan.hidden = node.intAttr("hidden_size", 0);
  if (plan.hidden <= 0)
    return node.fail("hidden_size " + Twine(plan.hidden) +
                     " must be positive");
  if (plan.steps == 0 || plan.batch == 0)
    return node.fail("an empty sequence or batch (X has shape " +
                     formatInts(xType.getShape()) + ") is not supported");
  if (node.hasAttribute("clip")) {
    double clip = node.floatAttr("clip", 0);
    if (!(clip > 0))
      return node.fail("clip " + formatNumber(clip) + " must be positive");
    plan.clip = clip;
  }
  if (cell == Cell::GRU)
    plan.linearBeforeReset = node.intAttr("linear_before_reset", 0) != 0;
  if (cell == Cell::LSTM && node.intAttr("input_forget", 0) != 0)
    return node.fail("input_forget = 1 (coupled input and forget gates) is "
                     "not supported");

  // Shapes of the weights and optional inputs.
  int64_t d = plan.directions, g = plan.gates, h = plan.hidden;
  auto expect = [&](size_t index, StringRef name,
                    ArrayRef<int64_t> shape) -> LogicalResult {
    if (!node.hasInput(index))
      return success();
    RankedTensorType type = node.inputType(index);
    if (!type.hasStaticShape() || type.getShape() != shape)
      return node.fail("input " + Twine(index) + " (" + name + ") has shape " +
                       formatInts(type.getShape()) + " but must have " +
                       formatInts(shape));
    return success();
  };
  SmallVector<int64_t> stateShape =
      plan.batchFirst ? SmallVector<int64_t>{plan.batch, d, h}
                      : SmallVector<int64_t>{d, plan.batch, h};
  if (failed(expect(1, "W", {d, g * h, plan.inputSize})) ||
      failed(expect(2, "R", {d, g * h, h})) ||
      failed(expect(3, "B", {d, 2 * g * h})) ||
      failed(expect(4, "sequence_lens", {plan.batch})) ||
      failed(expect(5, "initial_h", stateShape)))
    return failure();
  if (cell == Cell::LSTM && (failed(expect(6, "initial_c", stateShape)) ||
                             failed(expect(7, "P", {d, 3 * h}))))
    return failure();
  for (size_t index : {1, 2, 3, 5, 6, 7})
    if (node.hasInput(index) && node.inputType(index).getElementType() !=
                                    plan.element)
      return node.fail("input " + Twine(index) +
                       " must have X's element type");

  // Activations: one list per direction, ONNX's defaults when absent.
  SmallVector<std::string> defaults =
      cell == Cell::RNN   ? SmallVector<std::string>{"Tanh"}
      : cell == Cell::GRU ? SmallVector<std::string>{"Sigmoid", "Tanh"}
                          : SmallVector<std::string>{"Sigmoid", "Tanh", "Tanh"};
  size_t perDirection = defaults.size();
  std::vector<std::string> names;
  if (const onnx::AttributeProto *attr = node.attribute("activations"))
    names.assign(attr->strings().begin(), attr->strings().end());
  if (names.empty())
    for (int64_t i = 0; i < d; ++i)
      names.insert(names.end(), defaults.begin(), defaults.end());
  if (names.size() != perDirection * static_cast<size_t>(d))
    return node.fail("activations lists " + Twine(names.size()) +
                     " functions; this cell takes " + Twine(perDirection) +
                     " per direction (" + Twine(perDirection * d) + ")");
  std::vector<float> alphas = node.floatsAttr("activation_alpha");
  std::vector<float> betas = node.floatsAttr("activation_beta");
  // activation_alpha/beta list values only for the functions that take
  // them, in order.
  size_t nextAlpha = 0, nextBeta = 0;
  for (const std::string &name : names) {
    Activation activation;
    activation.name = name;
    auto [alpha, beta] = defaultAlphaBeta(name);
    bool takesAlpha = name == "LeakyRelu" || name == "HardSigmoid" ||
                      name == "Affine" || name == "ScaledTanh" ||
                      name == "Elu" || name == "ThresholdedRelu";
    bool takesBeta =
        name == "HardSigmoid" || name == "Affine" || name == "ScaledTanh";
    activation.alpha = takesAlpha && nextAlpha < alphas.size()
                           ? alphas[nextAlpha++]
                           : alpha;
    activation.beta =
        takesBeta && nextBeta < betas.size() ? betas[nextBeta++] : beta;
    plan.activations.push_back(activation);
  }
  return success();
}

/// Rows [offset, offset + size) of dimension `dim` of `value`.
Value sliceDim(NodeContext &node, Value value, int64_t dim, int64_t offset,
               int64_t size) {
  RankedTensorType type = typeOf(value);
  SmallVector<int64_t> offsets(type.getRank(), 0), steps(type.getRank(), 1),
      shape(type.getShape());
  offsets[dim] = offset;
  shape[dim] = size;
  return node.createTyped<SliceOp>(type.clone(shape), value,
                                   ArrayRef<int64_t>(offsets),
                                   ArrayRef<int64_t>(steps));
}

/// Direction `dir` of a [D, ...] input, without the leading dimension.
Value direction(NodeContext &node, Value value, int64_t dir) {
  Value slice = sliceDim(node, value, 0, dir, 1);
  if (!slice)
    return {};
  ArrayRef<int64_t> shape = typeOf(slice).getShape();
  return reshapeTo(node, slice, shape.drop_front());
}

/// A [batch, hidden] tensor of zeros.
Value zerosOf(NodeContext &node, Type type, int64_t batch, int64_t hidden) {
  return node.createTyped<BroadcastToOp>(
      RankedTensorType::get({batch, hidden}, type), node.scalar(type, 0));
}

/// What every step of one direction reads besides its input projection and
/// its state: R^T ([H, G*H]), R's bias ([G*H], GRU with
/// linear_before_reset only), the peepholes ([3*H], LSTM) and the sequence
/// lengths ([B, 1]); each but rT may be null.
struct StepWeights {
  Value rT, rBias, peepholes, lengths;
};

/// The state after one step and its output (Y's entry, [B, H]).
struct StepResult {
  Value output, hidden, cellState;
};

/// One step of the cell at `position` (a tensor<i64>: only a step beyond an
/// entry's sequence length reads it). `xt` is the step's input projection
/// [B, G*H] with W's bias (and R's where the cell adds it outside).
StepResult step(NodeContext &node, const RecurrentPlan &plan,
                const Activation *acts, const StepWeights &weights, Value xt,
                Value hidden, Value cellState, Value position) {
  int64_t h = plan.hidden;
  Value rT = weights.rT, rBias = weights.rBias;
  auto peephole = [&](int64_t which) { // P is [Pi, Po, Pf]
    return sliceDim(node, weights.peepholes, 0, which * h, h);
  };
  auto clipped = [&](Value v) {
    if (!plan.clip)
      return v;
    Builder &b = node.builder();
    return node.create<ClampOp>(v, b.getF64FloatAttr(-*plan.clip),
                                b.getF64FloatAttr(*plan.clip));
  };
  Value newHidden, newCell;
  if (plan.cell == Cell::RNN) {
    Value pre = node.create<AddOp>(xt, node.create<MatmulOp>(hidden, rT));
    newHidden = activate(node, acts[0], clipped(pre));
  } else if (plan.cell == Cell::GRU) {
    // Gates in W/R/B order z, r, h.
    Value rZR = sliceDim(node, rT, 1, 0, 2 * h);
    Value rH = sliceDim(node, rT, 1, 2 * h, h);
    Value recurrent = node.create<MatmulOp>(hidden, rZR);
    if (rBias)
      recurrent =
          node.create<AddOp>(recurrent, sliceDim(node, rBias, 0, 0, 2 * h));
    Value zr = node.create<AddOp>(sliceDim(node, xt, 1, 0, 2 * h), recurrent);
    Value z = activate(node, acts[0], clipped(sliceDim(node, zr, 1, 0, h)));
    Value r = activate(node, acts[0], clipped(sliceDim(node, zr, 1, h, h)));
    Value hRecurrent;
    if (plan.linearBeforeReset) {
      hRecurrent = node.create<MatmulOp>(hidden, rH);
      if (rBias)
        hRecurrent = node.create<AddOp>(hRecurrent,
                                        sliceDim(node, rBias, 0, 2 * h, h));
      hRecurrent = node.create<MulOp>(r, hRecurrent);
    } else {
      hRecurrent = node.create<MatmulOp>(node.create<MulOp>(r, hidden), rH);
    }
    Value candidate = activate(
        node, acts[1],
        clipped(node.create<AddOp>(sliceDim(node, xt, 1, 2 * h, h),
                                   hRecurrent)));
    // (1 - z) * candidate + z * hidden = candidate + z * (hidden - candidate)
    newHidden = node.create<AddOp>(
        candidate,
        node.create<MulOp>(z, node.create<SubOp>(hidden, candidate)));
  } else {
    // Gates in W/R/B order i, o, f, c; P is [Pi, Po, Pf].
    Value pre = node.create<AddOp>(xt, node.create<MatmulOp>(hidden, rT));
    auto gate = [&](int64_t which) {
      return sliceDim(node, pre, 1, which * h, h);
    };
    Value iPre = gate(0), oPre = gate(1), fPre = gate(2), cPre = gate(3);
    if (weights.peepholes) {
      iPre = node.create<AddOp>(iPre,
                                node.create<MulOp>(peephole(0), cellState));
      fPre = node.create<AddOp>(fPre,
                                node.create<MulOp>(peephole(2), cellState));
    }
    Value in = activate(node, acts[0], clipped(iPre));
    Value forget = activate(node, acts[0], clipped(fPre));
    Value candidate = activate(node, acts[1], clipped(cPre));
    newCell = node.create<AddOp>(node.create<MulOp>(forget, cellState),
                                 node.create<MulOp>(in, candidate));
    if (weights.peepholes)
      oPre = node.create<AddOp>(oPre, node.create<MulOp>(peephole(1), newCell));
    Value out = activate(node, acts[0], clipped(oPre));
    newHidden = node.create<MulOp>(out, activate(node, acts[2], newCell));
  }
  if (!weights.lengths)
    return {newHidden, newHidden, newCell};
  Value running = node.create<CompareOp>(
      ComparePredicate::lt,
      castTo(node, position, elementTypeOf(weights.lengths)),
      weights.lengths); // [B, 1]
  StepResult result;
  result.output = node.create<SelectOp>(
      running, newHidden, zerosOf(node, plan.element, plan.batch, h));
  result.hidden = node.create<SelectOp>(running, newHidden, hidden);
  if (newCell)
    result.cellState = node.create<SelectOp>(running, newCell, cellState);
  return result;
}

/// One direction's Y ([S, 1, B, H]) and final hidden (and for LSTM cell)
/// state ([B, H]).
struct DirectionResult {
  Value y, hidden, cellState;
};

/// The steps of one direction unrolled, each step's position a constant.
DirectionResult unrollDirection(NodeContext &node, const RecurrentPlan &plan,
                                const Activation *acts,
                                const StepWeights &weights, Value projected,
                                Value hidden, Value cellState, bool reverse) {
  int64_t g = plan.gates, h = plan.hidden, batch = plan.batch;
  SmallVector<Value> outputs(plan.steps);
  for (int64_t i = 0; i < plan.steps && !node.hasFailed(); ++i) {
    int64_t t = reverse ? plan.steps - 1 - i : i;
    Value xt = reshapeTo(node, sliceDim(node, projected, 0, t, 1),
                         {batch, g * h});
    StepResult next =
        step(node, plan, acts, weights, xt, hidden, cellState,
             node.scalar(node.builder().getI64Type(), static_cast<double>(t)));
    outputs[t] = reshapeTo(node, next.output, {1, 1, batch, h});
    hidden = next.hidden;
    cellState = next.cellState;
  }
  if (node.hasFailed())
    return {};
  Value y = outputs.size() == 1
                ? outputs.front()
                : node.create<ConcatOp>(ValueRange(outputs), uint64_t{0});
  return {y, hidden, cellState};
}

/// The steps of one direction as a loom.scan whose body is one step: the
/// state is carried, the input projection scanned, Y stacked, and the
/// weights are invariants.
DirectionResult loopDirection(NodeContext &node, const RecurrentPlan &plan,
                              const Activation *acts,
                              const StepWeights &weights, Value projected,
                              Value hidden, Value cellState, bool reverse) {
  OpBuilder &b = node.builder();
  Location loc = node.loc();
  int64_t h = plan.hidden, batch = plan.batch;
  SmallVector<Value> inits{hidden};
  if (cellState)
    inits.push_back(cellState);
  SmallVector<Value> invariants;
  for (Value weight :
       {weights.rT, weights.rBias, weights.peepholes, weights.lengths})
    if (weight)
      invariants.push_back(weight);
  SmallVector<Type> resultTypes(ValueRange(inits).getTypes());
  resultTypes.push_back(
      RankedTensorType::get({plan.steps, batch, h}, plan.element));
  auto scan = ScanOp::create(b, loc, resultTypes, inits, ValueRange{projected},
                             invariants, plan.steps, reverse);

  SmallVector<Type> argumentTypes{RankedTensorType::get({}, b.getI64Type())};
  llvm::append_range(argumentTypes, ValueRange(inits).getTypes());
  argumentTypes.push_back(ScanOp::stepType(typeOf(projected)));
  llvm::append_range(argumentTypes, ValueRange(invariants).getTypes());
  {
    OpBuilder::InsertionGuard guard(b);
    Block *body =
        b.createBlock(&scan.getBody(), {}, argumentTypes,
                      SmallVector<Location>(argumentTypes.size(), loc));
    auto arguments = body->getArguments();
    Value position = arguments[0];
    Value stateIn = arguments[1];
    Value cellIn = cellState ? arguments[2] : Value();
    unsigned next = inits.size() + 1;
    Value xt = arguments[next++];
    StepWeights inside;
    for (auto [outer, inner] :
         {std::pair{weights.rT, &inside.rT},
          std::pair{weights.rBias, &inside.rBias},
          std::pair{weights.peepholes, &inside.peepholes},
          std::pair{weights.lengths, &inside.lengths}})
      if (outer)
        *inner = arguments[next++];
    StepResult result =
        step(node, plan, acts, inside, xt, stateIn, cellIn, position);
    if (node.hasFailed()) {
      scan.erase();
      return {};
    }
    SmallVector<Value> yielded{result.hidden};
    if (result.cellState)
      yielded.push_back(result.cellState);
    yielded.push_back(result.output);
    YieldOp::create(b, loc, yielded);
  }
  DirectionResult result;
  result.hidden = scan.getCarried()[0];
  if (cellState)
    result.cellState = scan.getCarried()[1];
  result.y = reshapeTo(node, scan.getStacked()[0], {plan.steps, 1, batch, h});
  return result;
}

/// Runs one direction.
DirectionResult runDirection(NodeContext &node, const RecurrentPlan &plan,
                             Value x, int64_t dir, bool reverse) {
  Type type = plan.element;
  int64_t g = plan.gates, h = plan.hidden, batch = plan.batch;
  // f, g (GRU, LSTM) and h (LSTM) of this direction.
  const Activation *acts =
      &plan.activations[dir * (g == 1 ? 1 : g == 3 ? 2 : 3)];

  StepWeights weights;
  // W^T and R^T of this direction: [I, G*H] and [H, G*H].
  Value wT = node.create<TransposeOp>(direction(node, node.input(1), dir),
                                      ArrayRef<int64_t>{1, 0});
  weights.rT = node.create<TransposeOp>(direction(node, node.input(2), dir),
                                        ArrayRef<int64_t>{1, 0});
  // The input projection of every step at once: [S, B, G*H].
  Value projected = node.create<MatmulOp>(x, wT);
  if (node.hasInput(3)) {
    Value bias = direction(node, node.input(3), dir); // [2*G*H]
    Value wBias = sliceDim(node, bias, 0, 0, g * h);
    Value rBias = sliceDim(node, bias, 0, g * h, g * h);
    // GRU's h gate adds Rb inside the reset when linear_before_reset, so
    // the step adds R's bias itself.
    if (plan.cell == Cell::GRU && plan.linearBeforeReset) {
      projected = node.create<AddOp>(projected, wBias);
      weights.rBias = rBias;
    } else {
      projected =
          node.create<AddOp>(projected, node.create<AddOp>(wBias, rBias));
    }
  }
  auto stateInput = [&](size_t index) -> Value {
    if (!node.hasInput(index))
      return zerosOf(node, type, batch, h);
    Value state = node.input(index);
    if (plan.batchFirst) // [B, D, H] -> [D, B, H]
      state = node.create<TransposeOp>(state, ArrayRef<int64_t>{1, 0, 2});
    return direction(node, state, dir);
  };
  Value hidden = stateInput(5);
  Value cellState = plan.cell == Cell::LSTM ? stateInput(6) : Value();
  if (plan.cell == Cell::LSTM && node.hasInput(7))
    weights.peepholes = direction(node, node.input(7), dir);
  if (node.hasInput(4))
    weights.lengths = reshapeTo(node, node.input(4), {batch, 1});
  if (node.hasFailed())
    return {};
  if (plan.steps <= kMaxUnrolledSteps)
    return unrollDirection(node, plan, acts, weights, projected, hidden,
                           cellState, reverse);
  return loopDirection(node, plan, acts, weights, projected, hidden,
                       cellState, reverse);
}

LogicalResult convertRecurrent(NodeContext &node, Cell cell) {
  RecurrentPlan plan;
  if (failed(readPlan(node, cell, plan)))
    return failure();
  Value x = node.input(0);
  if (plan.batchFirst) // [B, S, I] -> [S, B, I]
    x = node.create<TransposeOp>(x, ArrayRef<int64_t>{1, 0, 2});
  int64_t batch = plan.batch, h = plan.hidden;

  SmallVector<Value> ys, finalHidden, finalCell;
  for (int64_t dir = 0; dir < plan.directions; ++dir) {
    bool reverse = plan.reverseOnly || dir == 1;
    DirectionResult run = runDirection(node, plan, x, dir, reverse);
    if (node.hasFailed())
      return failure();
    ys.push_back(run.y);
    finalHidden.push_back(reshapeTo(node, run.hidden, {1, batch, h}));
    if (run.cellState)
      finalCell.push_back(reshapeTo(node, run.cellState, {1, batch, h}));
  }
  auto concat = [&](ArrayRef<Value> values, uint64_t axis) {
    return values.size() == 1
               ? values.front()
               : node.create<ConcatOp>(ValueRange(values), axis);
  };
  auto state = [&](ArrayRef<Value> perDirection) { // [D, B, H]
    Value value = concat(perDirection, 0);
    return plan.batchFirst
               ? node.create<TransposeOp>(value, ArrayRef<int64_t>{1, 0, 2})
               : value;
  };
  SmallVector<Value> results(node.node().output_size());
  if (!results.empty() && !node.node().output(0).empty()) {
    Value y = concat(ys, 1); // [S, D, B, H]
    if (plan.batchFirst) // [B, S, D, H]
      y = node.create<TransposeOp>(y, ArrayRef<int64_t>{2, 0, 1, 3});
    results[0] = y;
  }
  if (results.size() > 1)
    results[1] = state(finalHidden);
  if (results.size() > 2)
    results[2] = state(finalCell);
  return node.setResults(results);
}

LogicalResult convertRNN(NodeContext &node) {
  return convertRecurrent(node, Cell::RNN);
}
LogicalResult convertGRU(NodeContext &node) {
  return convertRecurrent(node, Cell::GRU);
}
LogicalResult convertLSTM(NodeContext &node) {
  return convertRecurrent(node, Cell::LSTM);
}

} // namespace

void registerRecurrentConverters(ConverterRegistry &registry) {
  registry.add("RNN", convertRNN);
  registry.add("GRU", convertGRU);
  registry.add("LSTM", convertLSTM);
}

} // namespace loom::onnx_import
