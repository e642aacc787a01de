//===- Reduction.cpp - Softmax, layer norm and reductions on the vector unit -===//
//
// Part of the Loom project.
//
// A kernel with one softmax, log_softmax, layer_norm or reduce_sum / mean /
// max / min, elementwise ops in front of it (computed on each loaded tile)
// and elementwise ops after it. Reducing trailing dimensions (the rows
// layout), the input is seen as [rows, columns] (columns = the reduced or
// normalized elements of one row); a register tile holds up to `sublanes`
// rows and `lanes` columns, and every row is reduced with the cross-lane
// unit's reductions that start from an initial value (x.sum.init,
// x.max.init), so that chunk after chunk continues one sequential fold.
// Reducing leading or middle dimensions (the columns layout), a tile holds
// rows by the elements after the reduced ones and each reduced position is
// one vector op. Both are exactly the evaluator's order
// (evaluator/ReductionKernels.cpp, NNKernels.cpp):
//
//   softmax     max from -inf skipping NaN (NaN replaced by -inf first),
//               sum of exp(x - max) from +0, then exp(x - max) / sum
//               (log_softmax: (x - max) - log(sum))
//   layer_norm  on x - x0 (x0 the row's first element): sum from +0,
//               mean = sum / n, squares (x - x0 - mean)^2 summed from +0,
//               sqrt(squares / n + eps), (x - x0 - mean) / dev * g + b
//   reduce_*    sum from -0.0 (mean: then / n), max from -inf, min from +inf,
//               prod from 1 (always the columns layout: the cross-lane unit
//               has no product)
//
// The operands stream through VMEM by rows (emitStreamed, VectorTiles.h).
// max_pool and avg_pool (NCW, NCHW or NCDHW) copy each plane (volume) into
// a VMEM one padded with -inf (max) or +0 (avg) and fold one strided load
// per window position.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/codegen/VectorTiles.h"

#include "ir/LoomOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <array>
#include <cstring>
#include <limits>

namespace loom::systolic::codegen {

using namespace mlir;

namespace {

bool isRowReduction(Operation *op) {
  return isa<SoftmaxOp, LogSoftmaxOp, LayerNormOp, ReduceSumOp, ReduceMeanOp,
             ReduceMaxOp, ReduceMinOp, ReduceProdOp>(op);
}

/// The kernel's one reduction, when every other op is elementwise.
Operation *findReduction(func::FuncOp kernel) {
  Operation *found = nullptr;
  for (Operation &op : kernel.front().without_terminator()) {
    if (isa<ConstantOp>(op))
      continue;
    if (isRowReduction(&op)) {
      if (found)
        return nullptr;
      found = &op;
      continue;
    }
    if (!isVectorElementwiseOp(&op) && !op.hasTrait<OpTrait::Elementwise>())
      return nullptr;
  }
  return found;
}

/// Whether `op` computes with integers wider than i1, which the vector unit
/// cannot do exactly (f32 holds 24 bits), other than casting an argument
/// to f32 (a converting load). Such kernels are the scalar core's
/// (codegen/ScalarCompute.cpp), which also reduces.
bool computesIntegers(Operation &op) {
  if (auto cast = dyn_cast<CastOp>(op))
    if (isa<BlockArgument>(cast.getInput()) &&
        cast.getType().getElementType().isF32())
      return false;
  return llvm::any_of(
      llvm::concat<Value>(op.getOperands(), op.getResults()), [](Value v) {
        auto type = dyn_cast<RankedTensorType>(v.getType());
        auto integer =
            type ? dyn_cast<IntegerType>(type.getElementType()) : nullptr;
        return integer && integer.getWidth() > 1;
      });
}

bool matchesReduction(func::FuncOp kernel) {
  return kernel.getNumResults() == 1 && findReduction(kernel) &&
         llvm::none_of(kernel.front().without_terminator(), computesIntegers);
}

/// A tensor read or written in the [rows, columns] view.
struct ViewOperand {
  unsigned argument;
  ElementType element;
  int64_t rowStride, columnStride; // elements
  int64_t reduceStride;            // elements per reduced position (columns
                                   // layout)
  int reg = -1;                    // its VMEM address, moved by the loops
};

/// The strides of a tensor whose element strides over `shape` are
/// `strides`, seen as [outer, reduced, inner]: dimensions [0, first),
/// [first, last), [last, rank); nullopt when a group does not collapse into
/// one dimension.
std::optional<std::array<int64_t, 3>>
viewStrides(ArrayRef<int64_t> shape, ArrayRef<int64_t> strides, size_t first,
            size_t last) {
  std::array<int64_t, 3> view;
  size_t bounds[4] = {0, first, last, shape.size()};
  for (int group = 0; group < 3; ++group) {
    SmallVector<int64_t> dims(
        shape.slice(bounds[group], bounds[group + 1] - bounds[group]));
    SmallVector<SmallVector<int64_t>> st{SmallVector<int64_t>(
        strides.slice(bounds[group], bounds[group + 1] - bounds[group]))};
    coalesceDimensions(dims, st);
    if (dims.size() != 1)
      return std::nullopt;
    view[group] = dims[0] == 1 ? 0 : st[0][0];
  }
  return view;
}

SmallVector<int64_t> rowMajorStrides(ArrayRef<int64_t> shape) {
  return broadcastStrides(shape, shape);
}

/// The elementwise ops from `op`'s result to the kernel's one result (as
/// ElementwiseChain::analyze, keeping the constants hoistable).
FailureOr<ElementwiseOps> analyzeEpilogue(KernelEnv &env, Operation *op) {
  Operation *terminator = env.kernel.front().getTerminator();
  if (terminator->getNumOperands() != 1)
    return env.error(nullptr, "has " + Twine(terminator->getNumOperands()) +
                                  " results; the vector unit generates "
                                  "reductions with one");
  Value result = terminator->getOperand(0);
  if (cast<ShapedType>(op->getResult(0).getType()).getShape() !=
      cast<ShapedType>(result.getType()).getShape())
    return env.error(op, "is followed by ops that broadcast its result; "
                         "the ops after it must keep its shape");
  return ElementwiseOps::analyze(env, op->getResult(0), result);
}

enum class Kind { Softmax, LogSoftmax, LayerNorm, Sum, Mean, Max, Min, Prod };

class ReductionGenerator {
public:
  ReductionGenerator(KernelEnv &env, Operation *reduction)
      : env(env), reduction(reduction), S(env.chip.vector.sublanes),
        L(env.chip.vector.lanes) {}

  LogicalResult generate();

private:
  LogicalResult analyze();
  /// A new operand over the argument's VMEM copy.
  /// `first` and `last` bound the reduced dimensions of `shape`.
  LogicalResult addOperand(SmallVectorImpl<ViewOperand> &list,
                           unsigned argument, ArrayRef<int64_t> shape,
                           ArrayRef<int64_t> strides, size_t first,
                           size_t last, Operation *user);
  /// A scale or bias of layer_norm: a splat constant or an argument.
  LogicalResult addAffine(Value value, std::optional<float> &splat,
                          SmallVectorImpl<ViewOperand> &list);
  int vector();
  /// The register holding `value` for the whole kernel (hoisted by
  /// generate() before the loops).
  int constant(float value) const {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return constants.lookup(bits);
  }
  /// A fresh register holding `value` (an accumulator's start).
  int fresh(float value) { return op(VectorFunc::Move, constant(value)); }
  int load(const ViewOperand &operand, int64_t sublanes, int64_t lanes);
  /// The input tile (the prologue applied).
  int loadInput(int64_t sublanes, int64_t lanes);
  /// v = func(a, b) into a new register.
  int op(VectorFunc func, int a, int b = 0, int c = 0);
  LogicalResult columns(ArrayRef<ViewOperand *> operands,
                        function_ref<LogicalResult(int64_t lanes)> body);
  LogicalResult group(int64_t sublanes);
  LogicalResult columnGroup(int64_t sublanes, int64_t lanes);
  LogicalResult storeTile(int value, int64_t sublanes, int64_t lanes);
  /// exp(x - max) of the input tile (softmax's terms); -1 on failure.
  int softmaxTerm(int64_t sublanes, int64_t lanes, int max);
  /// Stores softmax's (or log_softmax's) result for the input tile:
  /// exp(x - max) / sum, or (x - max) - logSum.
  LogicalResult storeSoftmaxTile(int64_t sublanes, int64_t lanes, int max,
                                 int sum, int logSum, bool logarithm);
  void release(std::initializer_list<int> registers) {
    for (int reg : registers)
      if (reg >= 0)
        env.regs.releaseVector(reg);
  }

  KernelEnv &env;
  Operation *reduction;
  const int64_t S, L;
  Kind kind;
  RankedTensorType inputType;
  /// The reduced dimensions are [axis, last) of the input: rows are the
  /// dimensions before, `count` elements are reduced, `inner` elements
  /// after them. With inner > 1 (the columns layout) a tile holds rows by
  /// inner elements and the reduced elements are folded one vector op
  /// after the other.
  size_t axis = 0, last = 0;
  int64_t rows = 1, count = 1, inner = 1;
  bool columnsLayout = false;
  float epsilon = 0;
  std::optional<ElementwiseOps> prologue;
  std::optional<ElementwiseOps> chain;
  SmallVector<ViewOperand> inputs;      // the input, or the prologue's inputs
  SmallVector<ViewOperand> gamma, beta; // layer_norm's scale and bias
  std::optional<float> gammaSplat, betaSplat;
  SmallVector<ViewOperand> chainInputs;
  SmallVector<ViewOperand> output;
  llvm::DenseMap<uint32_t, int> constants;
};

int ReductionGenerator::vector() {
  int reg = env.regs.vector();
  if (reg < 0)
    (void)env.error(reduction, "runs out of vector registers");
  return reg;
}

int ReductionGenerator::op(VectorFunc func, int a, int b, int c) {
  if (a < 0 || b < 0 || c < 0)
    return -1;
  int d = vector();
  if (d >= 0)
    env.b.valu(func, d, a, b, c);
  return d;
}

LogicalResult ReductionGenerator::addOperand(SmallVectorImpl<ViewOperand> &list,
                                             unsigned argument,
                                             ArrayRef<int64_t> shape,
                                             ArrayRef<int64_t> strides,
                                             size_t first, size_t last,
                                             Operation *user) {
  auto view = viewStrides(shape, strides, first, last);
  if (!view)
    return env.error(user, "reads argument " + Twine(argument) +
                               " broadcast in a way that is not one stride "
                               "per row, one per reduced element and one per "
                               "column");
  RankedTensorType type = env.argumentType(argument);
  std::optional<ElementType> element = vmemElementType(type.getElementType());
  if (!element)
    return env.error(user, "reads argument " + Twine(argument) +
                               " of an element type the vector unit does "
                               "not load");
  // Rows are the outer dimensions; columns the reduced ones (rows layout)
  // or the inner ones (columns layout).
  list.push_back({argument, *element, (*view)[0],
                  columnsLayout ? (*view)[2] : (*view)[1], (*view)[1]});
  return success();
}

LogicalResult ReductionGenerator::addAffine(Value value,
                                            std::optional<float> &splat,
                                            SmallVectorImpl<ViewOperand> &list) {
  if (auto constant = value.getDefiningOp<ConstantOp>()) {
    auto dense = dyn_cast<DenseElementsAttr>(constant.getValue());
    if (dense && dense.isSplat() && dense.getElementType().isF32()) {
      splat = dense.getSplatValue<APFloat>().convertToFloat();
      return success();
    }
  }
  auto argument = dyn_cast<BlockArgument>(value);
  if (!argument)
    return env.error(reduction, "takes a scale or bias that is neither an "
                                "argument nor a splat constant");
  auto type = cast<RankedTensorType>(value.getType());
  ArrayRef<int64_t> normalized = inputType.getShape().drop_front(axis);
  SmallVector<int64_t> strides = broadcastStrides(type.getShape(), normalized);
  SmallVector<int64_t> full(axis, 0);
  full.append(strides.begin(), strides.end());
  return addOperand(list, argument.getArgNumber(), inputType.getShape(), full,
                    axis, inputType.getRank(), reduction);
}

LogicalResult ReductionGenerator::analyze() {
  Value input = reduction->getOperand(0);
  inputType = cast<RankedTensorType>(input.getType());
  if (!inputType.hasStaticShape() || !inputType.getElementType().isF32())
    return env.error(reduction, "reduces a tensor other than a static f32 "
                                "one; the vector unit reduces f32");
  ArrayRef<int64_t> shape = inputType.getShape();
  auto reduceAxes = [&](ArrayRef<int64_t> axes, Kind k) -> LogicalResult {
    kind = k;
    if (axes.empty())
      return env.error(reduction, "reduces no axis");
    axis = static_cast<size_t>(*llvm::min_element(axes));
    last = static_cast<size_t>(*llvm::max_element(axes)) + 1;
    for (size_t dim = axis; dim < last; ++dim)
      if (shape[dim] != 1 && !llvm::is_contained(axes, dim))
        return env.error(reduction, "reduces axes that are not adjacent; the "
                                    "vector unit reduces one block of "
                                    "dimensions");
    return success();
  };
  LogicalResult analyzed =
      llvm::TypeSwitch<Operation *, LogicalResult>(reduction)
          .Case([&](SoftmaxOp op) {
            kind = Kind::Softmax;
            axis = op.getAxis();
            last = axis + 1;
            return success();
          })
          .Case([&](LogSoftmaxOp op) {
            kind = Kind::LogSoftmax;
            axis = op.getAxis();
            last = axis + 1;
            return success();
          })
          .Case([&](LayerNormOp op) {
            kind = Kind::LayerNorm;
            axis = op.getAxis();
            last = shape.size();
            epsilon = op.getEpsilon().convertToFloat();
            return success();
          })
          .Case([&](ReduceSumOp op) { return reduceAxes(op.getAxes(), Kind::Sum); })
          .Case([&](ReduceMeanOp op) { return reduceAxes(op.getAxes(), Kind::Mean); })
          .Case([&](ReduceMaxOp op) { return reduceAxes(op.getAxes(), Kind::Max); })
          .Case([&](ReduceMinOp op) { return reduceAxes(op.getAxes(), Kind::Min); })
          .Case([&](ReduceProdOp op) { return reduceAxes(op.getAxes(), Kind::Prod); })
          .Default([](Operation *) { return failure(); });
  if (failed(analyzed))
    return failure();
  for (size_t dim = 0; dim < shape.size(); ++dim)
    (dim < axis ? rows : dim < last ? count : inner) *= shape[dim];
  // The cross-lane unit has no product: reduce_prod always folds one
  // reduced position after the other (a tile of one lane when no element
  // follows the reduced ones).
  columnsLayout = inner > 1 || kind == Kind::Prod;
  if (!columnsLayout)
    last = shape.size();

  // The input: an argument, or elementwise ops of arguments.
  SmallVector<int64_t> inputStrides = rowMajorStrides(shape);
  if (auto argument = dyn_cast<BlockArgument>(input)) {
    if (failed(addOperand(inputs, argument.getArgNumber(), shape,
                          inputStrides, axis, last, reduction)))
      return failure();
  } else {
    FailureOr<ElementwiseOps> ops = ElementwiseOps::analyze(env, Value(), input);
    if (failed(ops))
      return failure();
    prologue = *ops;
    for (const ChainInput &in : prologue->inputs())
      if (failed(addOperand(inputs, in.argument, shape, in.strides, axis,
                            last, reduction)))
        return failure();
  }
  if (kind == Kind::LayerNorm &&
      (failed(addAffine(reduction->getOperand(1), gammaSplat, gamma)) ||
       failed(addAffine(reduction->getOperand(2), betaSplat, beta))))
    return failure();

  // The chain after it and the result.
  FailureOr<ElementwiseOps> after = analyzeEpilogue(env, reduction);
  if (failed(after))
    return failure();
  chain = *after;
  RankedTensorType resultType = chain->resultType();
  unsigned resultArgument = env.kernel.getNumArguments();
  bool rowsOnly = kind != Kind::Softmax && kind != Kind::LogSoftmax &&
                  kind != Kind::LayerNorm;
  // A reduction's result has no reduced dimension: [rows] in the rows
  // layout, [rows, inner] in the columns layout (its dimensions before
  // `axis` are the rows).
  ArrayRef<int64_t> resultShape = resultType.getShape();
  size_t first = rowsOnly ? (columnsLayout ? axis : resultShape.size()) : axis;
  size_t end = rowsOnly ? first : last;
  for (const ChainInput &in : chain->inputs())
    if (failed(addOperand(chainInputs, in.argument, resultShape, in.strides,
                          first, end, reduction)))
      return failure();
  return addOperand(output, resultArgument, resultShape,
                    rowMajorStrides(resultShape), first, end, reduction);
}

int ReductionGenerator::load(const ViewOperand &operand, int64_t sublanes,
                             int64_t lanes) {
  return loadTile(env, operand.reg, operand.element, operand.rowStride,
                  operand.columnStride, sublanes, lanes);
}

int ReductionGenerator::loadInput(int64_t sublanes, int64_t lanes) {
  if (!prologue)
    return load(inputs[0], sublanes, lanes);
  SmallVector<int> registers;
  for (const ViewOperand &operand : inputs) {
    registers.push_back(load(operand, sublanes, lanes));
    if (registers.back() < 0)
      break;
  }
  int value = llvm::is_contained(registers, -1)
                  ? -1
                  : prologue->emit(env, -1, registers);
  for (int reg : registers)
    if (reg >= 0)
      env.regs.releaseVector(reg);
  return value;
}

LogicalResult
ReductionGenerator::columns(ArrayRef<ViewOperand *> operands,
                            function_ref<LogicalResult(int64_t)> body) {
  SmallVector<TilePointer> pointers;
  for (ViewOperand *operand : operands)
    pointers.push_back(
        {operand->reg, {operand->columnStride * elementBytes(operand->element)}});
  return emitTileLoops(env, {TileLevel{count, L}}, pointers,
                       [&](ArrayRef<int64_t> blocks) { return body(blocks[0]); });
}

LogicalResult ReductionGenerator::storeTile(int value, int64_t sublanes,
                                            int64_t lanes) {
  SmallVector<int> registers;
  for (const ViewOperand &operand : chainInputs) {
    registers.push_back(load(operand, sublanes, lanes));
    if (registers.back() < 0)
      break;
  }
  int out = llvm::is_contained(registers, -1)
                ? -1
                : chain->emit(env, value, registers);
  for (int reg : registers)
    if (reg >= 0)
      env.regs.releaseVector(reg);
  if (out < 0)
    return failure();
  const ViewOperand &result = output[0];
  int64_t bytes = elementBytes(result.element);
  if (result.columnStride == 1 || lanes == 1)
    env.b.vst(out, result.reg, result.rowStride * bytes, sublanes, lanes,
              result.element);
  else
    env.b.vstStrided(out, result.reg, result.rowStride * bytes, sublanes,
                     lanes, result.columnStride, result.element);
  if (out != value)
    env.regs.releaseVector(out);
  return success();
}

int ReductionGenerator::softmaxTerm(int64_t sublanes, int64_t lanes,
                                    int max) {
  int x = loadInput(sublanes, lanes);
  int shifted = op(VectorFunc::Sub, x, max);
  int power = op(VectorFunc::Exp, shifted);
  release({x, shifted});
  return power;
}

LogicalResult ReductionGenerator::storeSoftmaxTile(int64_t sublanes,
                                                   int64_t lanes, int max,
                                                   int sum, int logSum,
                                                   bool logarithm) {
  int x = loadInput(sublanes, lanes);
  int shifted = op(VectorFunc::Sub, x, max);
  int y = -1;
  if (logarithm) {
    y = op(VectorFunc::Sub, shifted, logSum);
    release({x, shifted});
  } else {
    int power = op(VectorFunc::Exp, shifted);
    y = op(VectorFunc::Div, power, sum);
    release({x, shifted, power});
  }
  if (y < 0)
    return failure();
  LogicalResult stored = storeTile(y, sublanes, lanes);
  release({y});
  return stored;
}

LogicalResult ReductionGenerator::group(int64_t sublanes) {
  SmallVector<ViewOperand *> inputPointers;
  for (ViewOperand &operand : inputs)
    inputPointers.push_back(&operand);

  if (kind == Kind::Sum || kind == Kind::Mean || kind == Kind::Max ||
      kind == Kind::Min) {
    float init = kind == Kind::Max   ? -std::numeric_limits<float>::infinity()
                 : kind == Kind::Min ? std::numeric_limits<float>::infinity()
                                     : -0.0f;
    CrossLaneFunc func = kind == Kind::Max   ? CrossLaneFunc::Max
                         : kind == Kind::Min ? CrossLaneFunc::Min
                                             : CrossLaneFunc::Sum;
    int acc = fresh(init);
    if (acc < 0)
      return failure();
    env.b.comment(reduction->getName().getStringRef().str());
    if (failed(columns(inputPointers, [&](int64_t lanes) -> LogicalResult {
          int x = loadInput(sublanes, lanes);
          if (x < 0)
            return failure();
          env.b.xlaneInit(func, acc, x, acc, lanes);
          release({x});
          return success();
        })))
      return failure();
    if (kind == Kind::Mean) {
      int mean = op(VectorFunc::Div, acc, constant(static_cast<float>(count)));
      release({acc});
      acc = mean;
      if (acc < 0)
        return failure();
    }
    LogicalResult stored = storeTile(acc, sublanes, 1);
    release({acc});
    return stored;
  }

  SmallVector<ViewOperand *> outputPointers = inputPointers;
  for (ViewOperand &operand : gamma)
    outputPointers.push_back(&operand);
  for (ViewOperand &operand : beta)
    outputPointers.push_back(&operand);
  for (ViewOperand &operand : chainInputs)
    outputPointers.push_back(&operand);
  outputPointers.push_back(&output[0]);

  if (kind == Kind::LayerNorm) {
    // Every pass reads x less the row's first element, as the evaluator
    // does: -0 + x0 is x0 for every x0, broadcast over the lanes.
    env.b.comment("layer_norm: first element");
    int first = loadInput(sublanes, 1);
    int shift = first < 0 ? -1 : fresh(-0.0f);
    if (shift < 0)
      return failure();
    env.b.xlaneInit(CrossLaneFunc::Sum, shift, first, shift, 1);
    release({first});
    auto loadShifted = [&](int64_t lanes) {
      int x = loadInput(sublanes, lanes);
      int shifted = x < 0 ? -1 : op(VectorFunc::Sub, x, shift);
      release({x});
      return shifted;
    };
    env.b.comment("layer_norm: sum");
    int sum = fresh(0.0f);
    if (sum < 0)
      return failure();
    if (failed(columns(inputPointers, [&](int64_t lanes) -> LogicalResult {
          int x = loadShifted(lanes);
          if (x < 0)
            return failure();
          env.b.xlaneInit(CrossLaneFunc::Sum, sum, x, sum, lanes);
          release({x});
          return success();
        })))
      return failure();
    int n = constant(static_cast<float>(count));
    int mean = op(VectorFunc::Div, sum, n);
    release({sum});
    env.b.comment("layer_norm: squares");
    int squares = mean < 0 ? -1 : fresh(0.0f);
    if (squares < 0)
      return failure();
    if (failed(columns(inputPointers, [&](int64_t lanes) -> LogicalResult {
          int x = loadShifted(lanes);
          int centered = op(VectorFunc::Sub, x, mean);
          int square = op(VectorFunc::Mul, centered, centered);
          if (square < 0)
            return failure();
          env.b.xlaneInit(CrossLaneFunc::Sum, squares, square, squares, lanes);
          release({x, centered, square});
          return success();
        })))
      return failure();
    int variance = op(VectorFunc::Div, squares, n);
    int eps = constant(epsilon);
    int shifted = op(VectorFunc::Add, variance, eps);
    int deviation = op(VectorFunc::Sqrt, shifted);
    release({squares, variance, shifted});
    if (deviation < 0)
      return failure();
    int gammaConstant = gammaSplat ? constant(*gammaSplat) : 0;
    int betaConstant = betaSplat ? constant(*betaSplat) : 0;
    env.b.comment("layer_norm: normalize");
    LogicalResult done =
        columns(outputPointers, [&](int64_t lanes) -> LogicalResult {
          int x = loadShifted(lanes);
          int centered = op(VectorFunc::Sub, x, mean);
          int normalized = op(VectorFunc::Div, centered, deviation);
          int scale = gammaSplat || normalized < 0
                          ? gammaConstant
                          : load(gamma[0], sublanes, lanes);
          int scaled = op(VectorFunc::Mul, normalized, scale);
          int bias = betaSplat || scaled < 0 ? betaConstant
                                              : load(beta[0], sublanes, lanes);
          int y = op(VectorFunc::Add, scaled, bias);
          release({x, centered, normalized, scaled});
          if (!gammaSplat)
            release({scale});
          if (!betaSplat)
            release({bias});
          if (y < 0)
            return failure();
          LogicalResult stored = storeTile(y, sublanes, lanes);
          release({y});
          return stored;
        });
    release({mean, deviation, shift});
    return done;
  }

  // Softmax and log_softmax.
  bool logarithm = kind == Kind::LogSoftmax;
  env.b.comment("softmax: max");
  int lowest = constant(-std::numeric_limits<float>::infinity());
  int max = fresh(-std::numeric_limits<float>::infinity());
  if (max < 0)
    return failure();
  if (failed(columns(inputPointers, [&](int64_t lanes) -> LogicalResult {
        int x = loadInput(sublanes, lanes);
        int number = op(VectorFunc::CmpEq, x, x);
        int skipped = op(VectorFunc::Select, x, lowest, number);
        if (skipped < 0)
          return failure();
        env.b.xlaneInit(CrossLaneFunc::Max, max, skipped, max, lanes);
        release({x, number, skipped});
        return success();
      })))
    return failure();
  env.b.comment("softmax: sum");
  int sum = fresh(0.0f);
  if (sum < 0)
    return failure();
  if (failed(columns(inputPointers, [&](int64_t lanes) -> LogicalResult {
        int power = softmaxTerm(sublanes, lanes, max);
        if (power < 0)
          return failure();
        env.b.xlaneInit(CrossLaneFunc::Sum, sum, power, sum, lanes);
        release({power});
        return success();
      })))
    return failure();
  int logSum = logarithm ? op(VectorFunc::Log, sum) : 0;
  if (logSum < 0)
    return failure();
  env.b.comment("softmax: normalize");
  LogicalResult done =
      columns(outputPointers, [&](int64_t lanes) -> LogicalResult {
        return storeSoftmaxTile(sublanes, lanes, max, sum, logSum, logarithm);
      });
  release({max, sum});
  if (logarithm)
    release({logSum});
  return done;
}

/// The columns layout: a tile of rows by inner elements; each reduced
/// position is one load and one vector op, in the evaluator's order.
LogicalResult ReductionGenerator::columnGroup(int64_t sublanes,
                                              int64_t lanes) {
  auto reduced = [&](ArrayRef<ViewOperand *> operands,
                     function_ref<LogicalResult()> body) {
    SmallVector<TilePointer> pointers;
    for (ViewOperand *operand : operands)
      pointers.push_back({operand->reg,
                          {operand->reduceStride *
                           elementBytes(operand->element)}});
    return emitTileLoops(env, {TileLevel{count, 1}}, pointers,
                         [&](ArrayRef<int64_t>) { return body(); });
  };
  SmallVector<ViewOperand *> inputPointers;
  for (ViewOperand &operand : inputs)
    inputPointers.push_back(&operand);

  if (kind == Kind::Sum || kind == Kind::Mean || kind == Kind::Max ||
      kind == Kind::Min || kind == Kind::Prod) {
    float init = kind == Kind::Max    ? -std::numeric_limits<float>::infinity()
                 : kind == Kind::Min  ? std::numeric_limits<float>::infinity()
                 : kind == Kind::Prod ? 1.0f
                                      : -0.0f;
    VectorFunc func = kind == Kind::Max    ? VectorFunc::Max
                      : kind == Kind::Min  ? VectorFunc::Min
                      : kind == Kind::Prod ? VectorFunc::Mul
                                           : VectorFunc::Add;
    int acc = fresh(init);
    if (acc < 0)
      return failure();
    env.b.comment(reduction->getName().getStringRef().str());
    if (failed(reduced(inputPointers, [&]() -> LogicalResult {
          int x = loadInput(sublanes, lanes);
          if (x < 0)
            return failure();
          env.b.valu(func, acc, acc, x);
          release({x});
          return success();
        })))
      return failure();
    if (kind == Kind::Mean) {
      int mean = op(VectorFunc::Div, acc, constant(static_cast<float>(count)));
      release({acc});
      acc = mean;
      if (acc < 0)
        return failure();
    }
    LogicalResult stored = storeTile(acc, sublanes, lanes);
    release({acc});
    return stored;
  }

  // Softmax and log_softmax along a dimension with elements after it.
  bool logarithm = kind == Kind::LogSoftmax;
  env.b.comment("softmax: max");
  int max = fresh(-std::numeric_limits<float>::infinity());
  if (max < 0)
    return failure();
  if (failed(reduced(inputPointers, [&]() -> LogicalResult {
        // if (x > max) max = x: NaN never replaces the maximum.
        int x = loadInput(sublanes, lanes);
        int above = op(VectorFunc::CmpLt, max, x);
        if (above < 0)
          return failure();
        env.b.valu(VectorFunc::Select, max, x, max, above);
        release({x, above});
        return success();
      })))
    return failure();
  env.b.comment("softmax: sum");
  int sum = fresh(0.0f);
  if (sum < 0)
    return failure();
  if (failed(reduced(inputPointers, [&]() -> LogicalResult {
        int power = softmaxTerm(sublanes, lanes, max);
        if (power < 0)
          return failure();
        env.b.valu(VectorFunc::Add, sum, sum, power);
        release({power});
        return success();
      })))
    return failure();
  int logSum = logarithm ? op(VectorFunc::Log, sum) : 0;
  if (logSum < 0)
    return failure();
  SmallVector<ViewOperand *> outputPointers = inputPointers;
  for (ViewOperand &operand : chainInputs)
    outputPointers.push_back(&operand);
  outputPointers.push_back(&output[0]);
  env.b.comment("softmax: normalize");
  LogicalResult done = reduced(outputPointers, [&]() -> LogicalResult {
    return storeSoftmaxTile(sublanes, lanes, max, sum, logSum, logarithm);
  });
  release({max, sum});
  if (logarithm)
    release({logSum});
  return done;
}

LogicalResult ReductionGenerator::generate() {
  if (failed(analyze()))
    return failure();
  if (rows == 0 || count == 0)
    return env.error(reduction, "reduces an empty tensor");

  // Every operand streams through VMEM by rows (double buffered); those
  // that do not move with the rows (a scale, a bias) stay resident.
  SmallVector<ViewOperand *> all;
  for (auto *list : {&inputs, &gamma, &beta, &chainInputs, &output})
    for (ViewOperand &operand : *list)
      all.push_back(&operand);
  SmallVector<StreamedOperand> streamed;
  for (ViewOperand *operand : all) {
    int64_t bytes = elementBytes(operand->element);
    int64_t rowSpan = columnsLayout ? 1 + (count - 1) * operand->reduceStride +
                                          (inner - 1) * operand->columnStride
                                    : 1 + (count - 1) * operand->columnStride;
    bool moves = operand->rowStride != 0 && rows > 1;
    streamed.push_back(
        {operand->argument, operand == &output[0], 0,
         moves ? operand->rowStride * bytes : 0,
         (moves ? rowSpan : rowSpan + (rows - 1) * operand->rowStride) *
             bytes});
  }
  auto compute = [&](int64_t chunkRows) -> LogicalResult {
    SmallVector<TilePointer> pointers;
    for (auto [operand, stream] : llvm::zip(all, streamed)) {
      operand->reg = stream.reg;
      int64_t bytes = elementBytes(operand->element);
      pointers.push_back({operand->reg,
                          {operand->rowStride * bytes,
                           operand->columnStride * bytes}});
    }
    if (columnsLayout)
      return emitTileLoops(env, {TileLevel{chunkRows, S}, TileLevel{inner, L}},
                           pointers, [&](ArrayRef<int64_t> blocks) {
                             return columnGroup(blocks[0], blocks[1]);
                           });
    return emitTileLoops(env, {TileLevel{chunkRows, S}, TileLevel{1, 1}},
                         pointers, [&](ArrayRef<int64_t> blocks) {
                           return group(blocks[0]);
                         });
  };
  if ((prologue && failed(prologue->hoistConstants(env))) ||
      failed(chain->hoistConstants(env)))
    return failure();
  // The starts of the accumulators and the constants of the formulas.
  const float inf = std::numeric_limits<float>::infinity();
  SmallVector<float> values;
  switch (kind) {
  case Kind::Softmax:
  case Kind::LogSoftmax: values = {-inf, 0.0f}; break;
  case Kind::LayerNorm:
    values = {0.0f, -0.0f, static_cast<float>(count), epsilon};
    break;
  case Kind::Sum: values = {-0.0f}; break;
  case Kind::Mean: values = {-0.0f, static_cast<float>(count)}; break;
  case Kind::Max: values = {-inf}; break;
  case Kind::Min: values = {inf}; break;
  case Kind::Prod: values = {1.0f}; break;
  }
  if (gammaSplat)
    values.push_back(*gammaSplat);
  if (betaSplat)
    values.push_back(*betaSplat);
  for (float value : values) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    if (constants.count(bits))
      continue;
    int reg = splatRegister(env, value);
    if (reg < 0)
      return failure();
    constants[bits] = reg;
  }
  if (failed(emitStreamed(env, reduction, rows, streamed, compute, S)))
    return failure();
  if (prologue)
    prologue->releaseConstants(env);
  chain->releaseConstants(env);
  for (auto &entry : constants)
    env.regs.releaseVector(entry.second);
  return success();
}

//===----------------------------------------------------------------------===//
// max_pool and avg_pool
//===----------------------------------------------------------------------===//

/// The kernel's one max_pool or avg_pool, when every other op is
/// elementwise.
Operation *findPool(func::FuncOp kernel) {
  Operation *found = nullptr;
  for (Operation &op : kernel.front().without_terminator()) {
    if (isa<ConstantOp>(op))
      continue;
    if (isa<MaxPoolOp, AvgPoolOp>(op)) {
      if (found)
        return nullptr;
      found = &op;
      continue;
    }
    if (!isVectorElementwiseOp(&op) && !op.hasTrait<OpTrait::Elementwise>())
      return nullptr;
  }
  return found;
}

bool matchesPool(func::FuncOp kernel) {
  return kernel.getNumResults() == 1 && findPool(kernel);
}

/// A 1-D, 2-D or 3-D max_pool or avg_pool of NC(D)(H)W volumes (a 1-D or
/// 2-D pool is a 3-D one over volumes of one plane of one row: the same
/// window order): each volume is copied into a VMEM volume padded with -inf
/// for max_pool (padding never wins, as in the evaluator) or +0 for
/// avg_pool (the sum starts from +0, so adding +0 never changes it), and a
/// tile holds `sublanes` output rows by `lanes` output columns of one
/// output plane; each window position is one vld with the strides as
/// sublane and lane strides, folded in the evaluator's row-major window
/// order (kd, kh, kw). max_pool: x replaces the best unless x <= best or
/// the best is already NaN (the first NaN wins). avg_pool: sum += x, then
/// sum / the window size (count_include_pad) or sum / the window's count of
/// non-padded elements, a volume of counts in the library's constants.
LogicalResult generatePool(KernelEnv &env) {
  Operation *pool = findPool(env.kernel);
  auto maxPool = dyn_cast<MaxPoolOp>(pool);
  auto avgPool = dyn_cast<AvgPoolOp>(pool);
  Value poolInput = pool->getOperand(0);
  auto inputType = cast<RankedTensorType>(poolInput.getType());
  auto outputType = cast<RankedTensorType>(pool->getResult(0).getType());
  int64_t rank = inputType.getRank();
  if (rank < 3 || rank > 5 || !inputType.hasStaticShape() ||
      !inputType.getElementType().isF32())
    return env.error(pool, "pools a tensor other than a static f32 NCW, "
                           "NCHW or NCDHW one; the vector unit pools 1-D, "
                           "2-D and 3-D f32 volumes");
  auto input = dyn_cast<BlockArgument>(poolInput);
  if (!input)
    return env.error(pool, "pools a value computed in the kernel; the vector "
                           "unit pools a kernel argument");
  FailureOr<ElementwiseOps> chain = analyzeEpilogue(env, pool);
  if (failed(chain) || failed(chain->hoistConstants(env)))
    return failure();
  const int64_t S = env.chip.vector.sublanes, L = env.chip.vector.lanes;
  // A 1-D or 2-D pool is a 3-D one over volumes of one plane of one row:
  // `value` fills the missing leading spatial dimensions of a list whose
  // spatial entries start at `first`.
  auto volumetric = [&](ArrayRef<int64_t> values, int64_t value, size_t first) {
    SmallVector<int64_t> result(values);
    result.insert(result.begin() + first, 5 - rank, value);
    return result;
  };
  SmallVector<int64_t> in = volumetric(inputType.getShape(), 1, 2),
                       out = volumetric(outputType.getShape(), 1, 2);
  int64_t N = in[0], C = in[1], D = in[2], H = in[3], W = in[4];
  int64_t OD = out[2], OH = out[3], OW = out[4];
  SmallVector<int64_t> kernelSize, strides, dilations, low, high;
  if (maxPool) {
    kernelSize = volumetric(maxPool.getKernel(), 1, 0);
    strides = volumetric(maxPool.getStrides(), 1, 0);
    dilations = volumetric(maxPool.getDilations(), 1, 0);
    low = volumetric(maxPool.getPadLow(), 0, 0);
    high = volumetric(maxPool.getPadHigh(), 0, 0);
  } else {
    kernelSize = volumetric(avgPool.getKernel(), 1, 0);
    strides = volumetric(avgPool.getStrides(), 1, 0);
    dilations = {1, 1, 1};
    low = volumetric(avgPool.getPadLow(), 0, 0);
    high = volumetric(avgPool.getPadHigh(), 0, 0);
  }
  int64_t Dp = low[0] + D + high[0], Hp = low[1] + H + high[1],
          Wp = low[2] + W + high[2];
  bool padded = llvm::any_of(low, [](int64_t v) { return v != 0; }) ||
                llvm::any_of(high, [](int64_t v) { return v != 0; });
  int64_t planes = N * C, planeFloats = Dp * Hp * Wp;
  int64_t tile = S * L;
  int64_t paddedFloats = (planes * planeFloats + tile - 1) / tile * tile;
  unsigned resultArgument = env.kernel.getNumArguments();

  struct Operand {
    unsigned argument;
    ElementType element;
    SmallVector<int64_t> strides; // elements per N, C, OD, OH, OW position
    int reg = -1;
    int64_t vmem = -1;
  };
  SmallVector<Operand> operands;
  operands.push_back({input.getArgNumber(),
                      ElementType::F32,
                      {C * planeFloats, planeFloats, strides[0] * Hp * Wp,
                       strides[1] * Wp, strides[2]}});
  for (const ChainInput &chainInput : chain->inputs()) {
    std::optional<ElementType> element =
        vmemElementType(chainInput.type.getElementType());
    if (!element)
      return env.error(pool, "is followed by an op reading an argument of a "
                             "type the vector unit does not load");
    operands.push_back(
        {chainInput.argument, *element, volumetric(chainInput.strides, 0, 2)});
  }
  operands.push_back({resultArgument, ElementType::F32,
                      broadcastStrides(out, out)});

  // avg_pool without count_include_pad divides by each window's count of
  // non-padded elements (planes times rows times columns), exact in f32.
  SmallVector<float> counts;
  if (avgPool && !avgPool.getCountIncludePad()) {
    auto inside = [&](int dim, int64_t position, int64_t extent) {
      int64_t count = 0;
      for (int64_t k = 0; k < kernelSize[dim]; ++k) {
        int64_t at = position * strides[dim] + k - low[dim];
        count += at >= 0 && at < extent;
      }
      return count;
    };
    for (int64_t od = 0; od < OD; ++od)
      for (int64_t oh = 0; oh < OH; ++oh)
        for (int64_t ow = 0; ow < OW; ++ow)
          counts.push_back(static_cast<float>(
              inside(0, od, D) * inside(1, oh, H) * inside(2, ow, W)));
  }
  int64_t countBytes = static_cast<int64_t>(counts.size()) * 4;

  int64_t needed = paddedFloats * 4 + (countBytes + 63) / 64 * 64;
  for (size_t i = 1; i < operands.size(); ++i)
    needed += (vmemTensorBytes(env.argumentType(operands[i].argument)) + 63) /
              64 * 64;
  if (needed > env.vmem.available())
    return env.error(pool, "needs " + Twine(needed) +
                               " bytes of VMEM for its padded planes and "
                               "operands; the chip has " +
                               Twine(env.vmem.available()));
  operands[0].vmem = env.vmem.allocate(paddedFloats * 4);
  for (size_t i = 1; i < operands.size(); ++i)
    operands[i].vmem =
        env.vmem.allocate(vmemTensorBytes(env.argumentType(operands[i].argument)));
  for (Operand &operand : operands) {
    operand.reg = env.regs.scalar();
    if (operand.reg < 0)
      return env.error(pool, "runs out of scalar registers");
    env.b.li(operand.reg, operand.vmem);
  }
  int countPlane = -1;
  if (!counts.empty()) {
    countPlane = env.regs.scalar();
    if (countPlane < 0)
      return env.error(pool, "runs out of scalar registers");
    env.b.li(countPlane, env.vmem.allocate(countBytes));
  }
  int flag = env.regs.flag();
  int address = env.regs.scalar(), source = env.regs.scalar();
  if (flag < 0 || address < 0 || source < 0)
    return env.error(pool, "runs out of scalar registers or flags");
  const float border =
      maxPool ? -std::numeric_limits<float>::infinity() : 0.0f;

  // The border: fill the padded planes, then copy each plane inside.
  int64_t loads = 0;
  if (countPlane >= 0) {
    env.b.addi(source, KernelEnv::kConstantsRegister,
               env.constants.add(counts.data(), countBytes));
    loads += emitDmaCopy(env, DmaFunc::Load, countPlane, source, flag,
                         countBytes);
  }
  if (padded) {
    int lowest = splatRegister(env, border);
    if (lowest < 0)
      return failure();
    env.b.comment(maxPool ? "max_pool: -inf padding" : "avg_pool: +0 padding");
    env.b.li(address, operands[0].vmem);
    if (failed(emitTileLoops(env, {TileLevel{paddedFloats / tile, 1}},
                             {TilePointer{address, {tile * 4}}},
                             [&](ArrayRef<int64_t>) {
                               env.b.vst(lowest, address, L * 4, S, L);
                               return success();
                             })))
      return failure();
    env.regs.releaseVector(lowest);
    env.b.addi(address, operands[0].reg,
               ((low[0] * Hp + low[1]) * Wp + low[2]) * 4);
    env.b.addi(source, KernelEnv::argumentRegister(input.getArgNumber()), 0);
    if (failed(
            emitTileLoops(env, {TileLevel{planes, 1}, TileLevel{D, 1}},
                          {TilePointer{address, {planeFloats * 4, Hp * Wp * 4}},
                           TilePointer{source, {D * H * W * 4, H * W * 4}}},
                          [&](ArrayRef<int64_t>) {
                            env.b.dma(DmaFunc::Load, address, source, flag, H,
                                      W * 4, Wp * 4, W * 4);
                            return success();
                          })))
      return failure();
    loads += planes * D;
  } else {
    loads += emitDmaCopy(env, DmaFunc::Load, operands[0].reg,
                         KernelEnv::argumentRegister(input.getArgNumber()),
                         flag, vmemTensorBytes(inputType));
  }
  for (size_t i = 1; i + 1 < operands.size(); ++i)
    loads += emitDmaCopy(
        env, DmaFunc::Load, operands[i].reg,
        KernelEnv::argumentRegister(operands[i].argument), flag,
        vmemTensorBytes(env.argumentType(operands[i].argument)));
  env.b.wait(flag, loads);

  SmallVector<TilePointer> pointers;
  for (const Operand &operand : operands) {
    TilePointer pointer{operand.reg, {}};
    for (int64_t stride : operand.strides)
      pointer.strides.push_back(stride * elementBytes(operand.element));
    pointers.push_back(pointer);
  }
  if (countPlane >= 0)
    pointers.push_back({countPlane, {0, 0, OH * OW * 4, OW * 4, 4}});
  LogicalResult generated = emitTileLoops(
      env, {{N, 1}, {C, 1}, {OD, 1}, {OH, S}, {OW, L}}, pointers,
      [&](ArrayRef<int64_t> blocks) -> LogicalResult {
        int64_t sublanes = blocks[3], lanes = blocks[4];
        int best = splatRegister(env, border);
        if (best < 0)
          return failure();
        env.b.comment(maxPool ? "max_pool window" : "avg_pool window");
        for (int64_t h = 0; h < kernelSize[0]; ++h)
          for (int64_t i = 0; i < kernelSize[1]; ++i)
            for (int64_t j = 0; j < kernelSize[2]; ++j) {
              env.b.addi(address, operands[0].reg,
                         ((h * dilations[0] * Hp + i * dilations[1]) * Wp +
                          j * dilations[2]) *
                             4);
              int x = loadTile(env, address, ElementType::F32, strides[1] * Wp,
                               strides[2], sublanes, lanes);
              if (avgPool) {
                if (x < 0)
                  return env.error(pool, "runs out of vector registers");
                env.b.valu(VectorFunc::Add, best, best, x);
                env.regs.releaseVector(x);
                continue;
              }
              int notAbove = x < 0 ? -1 : env.regs.vector();
              int candidate = notAbove < 0 ? -1 : env.regs.vector();
              int number = candidate < 0 ? -1 : env.regs.vector();
              if (number < 0)
                return env.error(pool, "runs out of vector registers");
              env.b.valu(VectorFunc::CmpLe, notAbove, x, best);
              env.b.valu(VectorFunc::Select, candidate, best, x, notAbove);
              env.b.valu(VectorFunc::CmpEq, number, best, best);
              env.b.valu(VectorFunc::Select, best, candidate, best, number);
              for (int reg : {x, notAbove, candidate, number})
                env.regs.releaseVector(reg);
            }
        if (avgPool) {
          int divisor =
              countPlane >= 0
                  ? loadTile(env, countPlane, ElementType::F32, OW, 1, sublanes,
                             lanes)
                  : splatRegister(
                        env, static_cast<float>(kernelSize[0] * kernelSize[1] *
                                                kernelSize[2]));
          if (divisor < 0)
            return failure();
          env.b.valu(VectorFunc::Div, best, best, divisor);
          env.regs.releaseVector(divisor);
        }
        SmallVector<TileInput> inputs;
        for (size_t i = 1; i + 1 < operands.size(); ++i)
          inputs.push_back({operands[i].reg, operands[i].element,
                            operands[i].strides[3], operands[i].strides[4]});
        return storeChainTile(env, *chain, best, inputs, operands.back().reg,
                              OW * 4, sublanes, lanes);
      });
  if (failed(generated))
    return failure();
  int64_t stores = emitDmaCopy(env, DmaFunc::Store, operands.back().reg,
                               KernelEnv::argumentRegister(resultArgument),
                               flag, vmemTensorBytes(outputType));
  env.b.wait(flag, stores);
  chain->releaseConstants(env);
  env.regs.releaseFlag(flag);
  env.regs.release(address);
  env.regs.release(source);
  if (countPlane >= 0)
    env.regs.release(countPlane);
  for (Operand &operand : operands)
    env.regs.release(operand.reg);
  return success();
}

LogicalResult generateReduction(KernelEnv &env) {
  ReductionGenerator generator(env, findReduction(env.kernel));
  return generator.generate();
}

} // namespace

void addReductionPatterns(std::vector<KernelPattern> &patterns) {
  patterns.push_back({"reduction", matchesReduction, generateReduction});
  patterns.push_back({"pool", matchesPool, generatePool});
}

} // namespace loom::systolic::codegen
