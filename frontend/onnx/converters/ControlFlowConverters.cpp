//===- ControlFlowConverters.cpp - If, Loop, Scan and SequenceMap -----------===//
//
// Part of the Loom project.
//
// Control flow of static shapes. A subgraph becomes a region of a loom op
// where it can (RegionBodies.h), else it is imported inline
// (NodeContext::importBody):
//
// - If with a constant condition imports the branch taken. With a
//   condition read at run time the branches are the regions of a loom.if;
//   where they give sequences (or cannot be regions), both are imported
//   inline and each output is a `loom.select` between them. Either way the
//   two branches must give outputs of one kind and type (a tensor of one
//   shape, sequences of one length).
// - Loop needs a constant trip count, or, without one, a constant
//   condition (and a constant one computed by the body). With a constant
//   trip count and tensors carried it is a loom.scan whose body is the
//   subgraph; a condition read at run time is carried too and guards the
//   loop-carried values with selects. Otherwise (sequences carried, no
//   trip count, a body that needs its iteration number as a constant) it
//   is unrolled, at most kMaxIterations iterations. Scan outputs are
//   stacked.
// - Scan (opset 9 on) is a loom.scan over its scan axes, which it moves to
//   dimension 0; opset 8's Scan, and SequenceMap over its sequences'
//   tensors, are unrolled.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/TensorProto.h"
#include "frontend/onnx/converters/ConverterUtils.h"
#include "frontend/onnx/converters/RegionBodies.h"

#include "evaluator/Evaluator.h"
#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"

using namespace mlir;

namespace loom::onnx_import {
namespace {

/// The most iterations a Loop, Scan or SequenceMap is unrolled to (over
/// all batch entries of an opset-8 Scan).
constexpr int64_t kMaxIterations = 1024;

std::string typeText(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

/// A constant scalar of `dtype` holding `value`.
Value scalarConstant(NodeContext &node, DType dtype, int64_t value) {
  Tensor tensor(dtype, {});
  tensor.setInt(0, value);
  return node.constant(tensor);
}

/// The slice of `value` at `position` along `axis`, without that axis.
Value sliceAt(NodeContext &node, Value value, int64_t axis, int64_t position) {
  RankedTensorType type = typeOf(value);
  SmallVector<int64_t> offsets(type.getRank(), 0), steps(type.getRank(), 1);
  SmallVector<int64_t> dims(type.getShape());
  offsets[axis] = position;
  dims[axis] = 1;
  Value slice = node.createTyped<SliceOp>(type.clone(dims), value,
                                          ArrayRef<int64_t>(offsets),
                                          ArrayRef<int64_t>(steps));
  dims.erase(dims.begin() + axis);
  return reshapeTo(node, slice, dims);
}

/// `values`, of one type, stacked along a new dimension `axis` (in [0,
/// rank]); `what` names them in messages.
Value stack(NodeContext &node, ArrayRef<Value> values, int64_t axis,
            const Twine &what) {
  RankedTensorType type = typeOf(values.front());
  SmallVector<Value> parts;
  for (auto [index, value] : llvm::enumerate(values)) {
    if (value.getType() != type) {
      (void)node.fail(what + " is " + typeText(type) + " in iteration 0 and " +
                      typeText(value.getType()) + " in iteration " +
                      Twine(index) + "; stacked, it needs one shape");
      return {};
    }
    SmallVector<int64_t> dims(type.getShape());
    dims.insert(dims.begin() + axis, 1);
    parts.push_back(reshapeTo(node, value, dims));
  }
  if (parts.size() == 1)
    return parts.front();
  return node.create<ConcatOp>(ValueRange(parts), static_cast<uint64_t>(axis));
}

//===----------------------------------------------------------------------===//
// If
//===----------------------------------------------------------------------===//

/// One output of an If whose condition is read at run time: `onTrue` where
/// `condition` holds, else `onFalse`, element by element for sequences.
std::optional<OnnxValue> selectOutput(NodeContext &node, size_t index,
                                      Value condition, const OnnxValue &onTrue,
                                      const OnnxValue &onFalse) {
  auto refuse = [&](const std::string &thenText, const std::string &elseText) {
    (void)node.fail("output " + Twine(index) + " is " + thenText +
                    " in the then branch and " + elseText +
                    " in the else branch, and the condition '" +
                    node.node().input(0) +
                    "' is read at run time: Loom fixes an output's kind and "
                    "shape at compile time");
    return std::nullopt;
  };
  auto select = [&](Value a, Value b) -> Value {
    return a == b ? a : node.create<SelectOp>(condition, a, b);
  };
  if (onTrue.kind != onFalse.kind ||
      onTrue.elements.size() != onFalse.elements.size())
    return refuse(onTrue.describe(), onFalse.describe());
  if (onTrue.isNone())
    return onTrue;
  if (onTrue.isTensor()) {
    if (onTrue.tensor.getType() != onFalse.tensor.getType())
      return refuse(typeText(onTrue.tensor.getType()),
                    typeText(onFalse.tensor.getType()));
    return OnnxValue::ofTensor(select(onTrue.tensor, onFalse.tensor));
  }
  SmallVector<Value> elements;
  for (auto [a, b] : llvm::zip(onTrue.elements, onFalse.elements)) {
    if (a.getType() != b.getType())
      return refuse("a sequence holding " + typeText(a.getType()),
                    "one holding " + typeText(b.getType()) +
                        " at the same position");
    elements.push_back(select(a, b));
  }
  return OnnxValue::ofSequence(elements, onTrue.elementType);
}

LogicalResult convertIf(NodeContext &node) {
  Value condition = node.input(0);
  if (!condition)
    return node.fail("input 0 (cond) is missing");
  RankedTensorType type = typeOf(condition);
  if (!type.hasStaticShape() || type.getNumElements() != 1)
    return node.fail("the condition must hold one value");
  if (std::optional<Tensor> known = node.constantInput(0)) {
    bool taken = known->getInt(0) != 0;
    FailureOr<SmallVector<OnnxValue>> outputs =
        taken ? node.importBody("then_branch", {}, "the then branch")
              : node.importBody("else_branch", {}, "the else branch");
    if (failed(outputs))
      return failure();
    return node.setValueResults(*outputs);
  }
  if (std::optional<SmallVector<Value>> results = importIf(node, condition))
    return node.setResults(*results);
  if (node.hasFailed())
    return failure();
  FailureOr<SmallVector<OnnxValue>> onTrue =
      node.importBody("then_branch", {}, "the then branch");
  if (failed(onTrue))
    return failure();
  FailureOr<SmallVector<OnnxValue>> onFalse =
      node.importBody("else_branch", {}, "the else branch");
  if (failed(onFalse))
    return failure();
  if (onTrue->size() != onFalse->size())
    return node.fail("the then branch has " + Twine(onTrue->size()) +
                     " outputs and the else branch " + Twine(onFalse->size()));
  Value scalar = reshapeTo(node, condition, {});
  SmallVector<OnnxValue> results;
  for (size_t index = 0; index < onTrue->size(); ++index) {
    std::optional<OnnxValue> result =
        selectOutput(node, index, scalar, (*onTrue)[index], (*onFalse)[index]);
    if (!result)
      return failure();
    results.push_back(std::move(*result));
  }
  return node.setValueResults(results);
}

//===----------------------------------------------------------------------===//
// Loop
//===----------------------------------------------------------------------===//

/// A constant bool or integer scalar input's truth; failure (with the
/// reason) when it is read at run time.
FailureOr<int64_t> constantScalar(NodeContext &node, size_t index,
                                  StringRef what) {
  std::optional<Tensor> value = node.constantInput(index);
  if (!value)
    return node.fail("input " + Twine(index) + " (" + what + ", '" +
                     node.node().input(static_cast<int>(index)) +
                     "') is read at run time; Loom fixes a loop's number "
                     "of iterations at compile time, so it must be a "
                     "constant");
  if (value->numElements() != 1)
    return node.fail("input " + Twine(index) + " (" + what +
                     ") must hold one value");
  return value->getInt(0);
}

/// A loop-carried value after a guarded iteration: `next` where `running`
/// holds, else `previous` (sequences tensor by tensor). Null with the
/// reason recorded when the two differ in kind or type.
std::optional<OnnxValue> guardCarried(NodeContext &node, size_t index,
                                      Value running, const OnnxValue &previous,
                                      const OnnxValue &next) {
  auto refuse = [&] {
    (void)node.fail("loop-carried value " + Twine(index) + " is " +
                    previous.describe() + " before an iteration and " +
                    next.describe() +
                    " after it, and the loop's condition is read at run "
                    "time: Loom fixes its kind and shape at compile time");
    return std::nullopt;
  };
  if (previous.kind != next.kind ||
      previous.elements.size() != next.elements.size())
    return refuse();
  if (previous.isNone())
    return previous;
  auto select = [&](Value a, Value b) -> Value {
    return a == b ? a : node.create<SelectOp>(running, a, b);
  };
  if (previous.isTensor()) {
    if (previous.tensor.getType() != next.tensor.getType())
      return refuse();
    return OnnxValue::ofTensor(select(next.tensor, previous.tensor));
  }
  SmallVector<Value> elements;
  for (auto [a, b] : llvm::zip(next.elements, previous.elements)) {
    if (a.getType() != b.getType())
      return refuse();
    elements.push_back(select(a, b));
  }
  return OnnxValue::ofSequence(elements, previous.elementType);
}

/// The Loop as one loom.scan of `tripCount` iterations whose body is the
/// subgraph (see RegionBodies.h), for loop-carried tensors. A condition read
/// at run time (`running`, the input's) or computed by the body is carried
/// along: once it has turned false, the carried values keep their values (a
/// select in the body), as in the unrolled loop; the scan outputs' length
/// would then depend on data, so such a loop has none. Nullopt when the
/// loop cannot take this form (the caller unrolls it, or says why not).
std::optional<SmallVector<Value>>
loopLoop(NodeContext &node, int64_t tripCount, bool hasCondition,
         Value running, ArrayRef<OnnxValue> carried, int64_t numScans) {
  if (tripCount < 1)
    return std::nullopt;
  LoopSpec spec;
  spec.length = tripCount;
  for (const OnnxValue &value : carried) {
    if (!value.isTensor() || value.isDataShaped())
      return std::nullopt;
    spec.inits.push_back(value.tensor);
  }
  // The condition as the loop carries it: the input's when read at run
  // time, else true; the body's is ignored without a condition input.
  Value condition;
  if (hasCondition) {
    condition = running ? running : scalarConstant(node, DType::I1, 1);
    spec.inits.push_back(condition);
  }
  size_t numCarried = carried.size();
  spec.bodyInputs = [&](Value position, ValueRange args, ValueRange) {
    SmallVector<OnnxValue> inputs = {
        OnnxValue::ofTensor(position),
        OnnxValue::ofTensor(hasCondition
                                ? args.back()
                                : scalarConstant(node, DType::I1, 1))};
    for (Value value : args.take_front(numCarried))
      inputs.push_back(OnnxValue::ofTensor(value));
    return inputs;
  };
  spec.bodyYields = [&](ArrayRef<OnnxValue> outputs, ValueRange args)
      -> std::optional<SmallVector<Value>> {
    std::optional<SmallVector<Value>> tensors = tensorsOf(outputs);
    if (!tensors || static_cast<int64_t>(tensors->size()) !=
                        1 + static_cast<int64_t>(numCarried) + numScans)
      return std::nullopt;
    ArrayRef<Value> all = *tensors;
    SmallVector<Value> yields(all.slice(1, numCarried));
    if (!hasCondition) {
      llvm::append_range(yields, all.drop_front(1 + numCarried));
      return yields;
    }
    // This iteration ran where the carried condition held; the next one
    // runs where the body's condition holds too. A loop whose condition is
    // true on entry and that the body passes on or sets to true always runs.
    Value ran = args.back();
    Value next = all.front();
    if (!typeOf(next).hasStaticShape() || typeOf(next).getNumElements() != 1)
      return std::nullopt;
    next = reshapeTo(node, castTo(node, next, node.builder().getI1Type()), {});
    std::optional<Tensor> nextKnown = NodeContext::constantOf(next);
    bool alwaysRuns = !running && (next == ran || (nextKnown &&
                                                   nextKnown->getInt(0) != 0));
    if (alwaysRuns) {
      yields.push_back(ran);
      llvm::append_range(yields, all.drop_front(1 + numCarried));
      return yields;
    }
    if (numScans)
      return std::nullopt;
    for (auto [yield, previous] : llvm::zip(yields, args))
      yield = node.create<SelectOp>(ran, yield, previous);
    yields.push_back(node.create<AndOp>(ran, next));
    return yields;
  };
  std::optional<SmallVector<Value>> results =
      importLoop(node, "body", spec, "the body");
  if (!results)
    return std::nullopt;
  if (hasCondition)
    results->erase(results->begin() + numCarried);
  return results;
}

/// Loop, unrolled. With a constant condition (or none) each iteration is
/// one copy of the body. A condition read at run time (the input's, or one
/// the body computes) needs a constant trip count: every iteration is then
/// imported, and a loop-carried value keeps its previous value once the
/// condition has turned false (a select), which needs it to keep its kind
/// and type; scan outputs, whose length would depend on data, are refused.
LogicalResult convertLoop(NodeContext &node) {
  const onnx::GraphProto *body = node.graphAttr("body");
  if (!body)
    return node.fail("attribute 'body' is missing or not a graph");
  std::optional<int64_t> tripCount;
  if (node.valueInput(0)) {
    FailureOr<int64_t> count = constantScalar(node, 0, "trip count M");
    if (failed(count))
      return failure();
    tripCount = *count;
  }
  // Without a condition input the body's condition is ignored (a loop of M
  // iterations); with one, the loop also stops when it turns false.
  bool hasCondition = node.valueInput(1) != nullptr;
  // While the condition is known it is `condition`; once it is read at run
  // time, `running` (an i1 scalar) holds it.
  bool condition = true;
  Value running;
  auto readAtRunTime = [&](Value value, const Twine &what) -> LogicalResult {
    if (!tripCount)
      return node.fail(what +
                       " is read at run time and the loop has no trip "
                       "count; Loom fixes a loop's number of iterations at "
                       "compile time, so one of them must be a constant");
    if (!typeOf(value).hasStaticShape() || typeOf(value).getNumElements() != 1)
      return node.fail(what + " must hold one value");
    value = reshapeTo(node, value, {});
    running = running ? node.create<AndOp>(running, value) : value;
    return success(running != nullptr);
  };
  if (hasCondition) {
    if (std::optional<Tensor> value = node.constantInput(1)) {
      if (value->numElements() != 1)
        return node.fail("input 1 (cond) must hold one value");
      condition = value->getInt(0) != 0;
    } else if (!node.hasInput(1) ||
               failed(readAtRunTime(node.input(1),
                                    "input 1 (cond, '" + node.node().input(1) +
                                        "')"))) {
      return node.hasFailed() ? failure()
                              : node.fail("input 1 (cond) is not a tensor");
    }
  }
  SmallVector<OnnxValue> carried;
  for (size_t index = 2; index < node.numInputs(); ++index) {
    const OnnxValue *value = node.valueInput(index);
    if (!value)
      return node.fail("input " + Twine(index) + " is missing");
    carried.push_back(*value);
  }
  int64_t numScans = body->output_size() - 1 -
                     static_cast<int64_t>(carried.size());
  if (numScans < 0)
    return node.fail("the body has " + Twine(body->output_size()) +
                     " outputs, fewer than the condition and the " +
                     Twine(carried.size()) + " loop-carried values");
  if (tripCount && condition) {
    if (std::optional<SmallVector<Value>> results = loopLoop(
            node, *tripCount, hasCondition, running, carried, numScans))
      return node.setResults(*results);
    if (node.hasFailed())
      return failure();
  }
  std::vector<SmallVector<Value>> scans(numScans);
  for (int64_t i = 0; condition && (!tripCount || i < *tripCount); ++i) {
    if (i == kMaxIterations)
      return node.fail("the loop runs more than " + Twine(kMaxIterations) +
                       " iterations, the most the importer unrolls");
    if (running && numScans)
      return node.fail("the loop's condition is read at run time, so the "
                       "length of its scan outputs would depend on data");
    SmallVector<OnnxValue> inputs = {
        OnnxValue::ofTensor(scalarConstant(node, DType::I64, i)),
        OnnxValue::ofTensor(running ? running
                                    : scalarConstant(node, DType::I1, 1))};
    llvm::append_range(inputs, carried);
    FailureOr<SmallVector<OnnxValue>> outputs = node.importBody(
        "body", inputs, "iteration " + Twine(i) + " of the body");
    if (failed(outputs))
      return failure();
    // The body's condition decides whether the next iteration runs.
    bool last = tripCount && i + 1 == *tripCount;
    Value guard = running;
    if (hasCondition && !last) {
      const OnnxValue &next = (*outputs)[0];
      if (!next.isTensor())
        return node.fail("the body's condition is " + next.describe() +
                         ", not a tensor");
      std::optional<Tensor> known = NodeContext::constantOf(next.tensor);
      if (known && known->numElements() == 1)
        condition = known->getInt(0) != 0;
      else if (failed(readAtRunTime(next.tensor,
                                    "the condition the body computes in "
                                    "iteration " + Twine(i))))
        return failure();
    }
    SmallVector<OnnxValue> nextCarried(outputs->begin() + 1,
                                       outputs->begin() + 1 + carried.size());
    for (auto [index, value] : llvm::enumerate(nextCarried)) {
      if (!guard)
        continue;
      std::optional<OnnxValue> kept =
          guardCarried(node, index, guard, carried[index], value);
      if (!kept)
        return failure();
      value = std::move(*kept);
    }
    carried = std::move(nextCarried);
    for (int64_t k = 0; k < numScans; ++k) {
      const OnnxValue &scan = (*outputs)[1 + carried.size() + k];
      if (!scan.isTensor())
        return node.fail("scan output " + Twine(k) + " is " +
                         scan.describe() + ", not a tensor");
      scans[k].push_back(scan.tensor);
    }
  }
  if (running && numScans)
    return node.fail("the loop's condition is read at run time, so the "
                     "length of its scan outputs would depend on data");
  SmallVector<OnnxValue> results(carried);
  for (int64_t k = 0; k < numScans; ++k) {
    if (scans[k].empty())
      return node.fail("the loop runs no iteration, so scan output " +
                       Twine(k) + " has no shape");
    Value stacked =
        stack(node, scans[k], 0, "scan output " + Twine(k));
    if (!stacked)
      return failure();
    results.push_back(OnnxValue::ofTensor(stacked));
  }
  return node.setValueResults(results);
}

//===----------------------------------------------------------------------===//
// Scan
//===----------------------------------------------------------------------===//

/// The axes and directions of a Scan's scan inputs and outputs.
struct ScanLayout {
  std::vector<int64_t> inputAxes, inputDirections;
  std::vector<int64_t> outputAxes, outputDirections;
};

/// Unrolls the body over the scan inputs' axes: `states` are carried from
/// one iteration to the next; returns the final states, then the scan
/// outputs stacked along their axes.
FailureOr<SmallVector<Value>> unrollScan(NodeContext &node,
                                         ArrayRef<Value> states,
                                         ArrayRef<Value> scanInputs,
                                         const ScanLayout &layout,
                                         int64_t numScanOutputs,
                                         int64_t &iterations) {
  std::optional<int64_t> length;
  SmallVector<int64_t> axes;
  for (auto [index, input] : llvm::enumerate(scanInputs)) {
    RankedTensorType type = typeOf(input);
    std::optional<int64_t> axis = node.normalizeAxis(
        layout.inputAxes[index], type.getRank(), "scan input axis");
    if (!axis)
      return failure();
    axes.push_back(*axis);
    int64_t size = type.getDimSize(*axis);
    if (length && *length != size)
      return node.fail("the scan inputs have " + Twine(*length) + " and " +
                       Twine(size) + " positions along their scan axes");
    length = size;
  }
  if (!length)
    return node.fail("the Scan has no scan input");
  iterations += *length;
  if (iterations > kMaxIterations)
    return node.fail("the Scan runs more than " + Twine(kMaxIterations) +
                     " iterations, the most the importer unrolls");
  SmallVector<Value> carried(states);
  std::vector<SmallVector<Value>> scans(numScanOutputs);
  for (int64_t t = 0; t < *length; ++t) {
    SmallVector<OnnxValue> inputs;
    for (Value state : carried)
      inputs.push_back(OnnxValue::ofTensor(state));
    for (auto [index, input] : llvm::enumerate(scanInputs)) {
      int64_t position =
          layout.inputDirections[index] ? *length - 1 - t : t;
      inputs.push_back(
          OnnxValue::ofTensor(sliceAt(node, input, axes[index], position)));
    }
    FailureOr<SmallVector<OnnxValue>> outputs = node.importBody(
        "body", inputs, "iteration " + Twine(t) + " of the body");
    if (failed(outputs))
      return failure();
    if (outputs->size() != carried.size() + numScanOutputs)
      return node.fail("the body has " + Twine(outputs->size()) +
                       " outputs, not " +
                       Twine(carried.size() + numScanOutputs));
    for (auto [index, output] : llvm::enumerate(*outputs)) {
      if (!output.isTensor())
        return node.fail("body output " + Twine(index) + " is " +
                         output.describe() + ", not a tensor");
      if (index < carried.size())
        carried[index] = output.tensor;
      else
        scans[index - carried.size()].push_back(output.tensor);
    }
  }
  SmallVector<Value> results(carried);
  for (int64_t k = 0; k < numScanOutputs; ++k) {
    if (scans[k].empty())
      return node.fail("the scan axes are empty, so scan output " + Twine(k) +
                       " has no shape");
    if (layout.outputDirections[k])
      std::reverse(scans[k].begin(), scans[k].end());
    std::optional<int64_t> axis =
        node.normalizeAxis(layout.outputAxes[k],
                           typeOf(scans[k].front()).getRank() + 1,
                           "scan output axis");
    if (!axis)
      return failure();
    Value stacked = stack(node, scans[k], *axis, "scan output " + Twine(k));
    if (!stacked)
      return failure();
    results.push_back(stacked);
  }
  return results;
}

/// `value` with dimension 0 walked from the end.
Value flipped(NodeContext &node, Value value) {
  RankedTensorType type = typeOf(value);
  SmallVector<int64_t> offsets(type.getRank(), 0), steps(type.getRank(), 1);
  offsets[0] = std::max<int64_t>(type.getDimSize(0) - 1, 0);
  steps[0] = -1;
  return node.createTyped<SliceOp>(type, value, ArrayRef<int64_t>(offsets),
                                   ArrayRef<int64_t>(steps));
}

/// `value` with dimension `from` moved to position `to` (the others in
/// order).
Value movedDim(NodeContext &node, Value value, int64_t from, int64_t to) {
  if (from == to)
    return value;
  SmallVector<int64_t> permutation;
  for (int64_t dim = 0; dim < typeOf(value).getRank(); ++dim)
    if (dim != from)
      permutation.push_back(dim);
  permutation.insert(permutation.begin() + to, from);
  return node.create<TransposeOp>(value, ArrayRef<int64_t>(permutation));
}

/// The Scan as one loom.scan whose body is the subgraph (see
/// RegionBodies.h): each scan input with its axis moved to dimension 0, the
/// loop walking them in the direction of the first and every input or
/// output of the other direction flipped. Nullopt when the body cannot be
/// a loop's (the caller unrolls it).
std::optional<SmallVector<Value>> loopScan(NodeContext &node,
                                           ArrayRef<Value> states,
                                           ArrayRef<Value> scanInputs,
                                           const ScanLayout &layout,
                                           int64_t numScanOutputs) {
  LoopSpec spec;
  spec.inits.assign(states.begin(), states.end());
  spec.reverse = layout.inputDirections.front() != 0;
  std::optional<int64_t> length;
  for (auto [index, input] : llvm::enumerate(scanInputs)) {
    RankedTensorType type = typeOf(input);
    std::optional<int64_t> axis = node.normalizeAxis(
        layout.inputAxes[index], type.getRank(), "scan input axis");
    if (!axis)
      return std::nullopt;
    if (length && *length != type.getDimSize(*axis))
      return std::nullopt; // unrollScan names the two lengths
    length = type.getDimSize(*axis);
    Value scanned = movedDim(node, input, *axis, 0);
    if ((layout.inputDirections[index] != 0) != spec.reverse)
      scanned = flipped(node, scanned);
    spec.scanned.push_back(scanned);
  }
  // An empty scan leaves the scan outputs' shapes unknown (unrollScan
  // says so).
  if (!length || *length == 0 || node.hasFailed())
    return std::nullopt;
  spec.length = *length;
  size_t numStates = states.size();
  spec.bodyInputs = [&](Value, ValueRange carried, ValueRange entries) {
    SmallVector<OnnxValue> inputs;
    for (Value value : carried)
      inputs.push_back(OnnxValue::ofTensor(value));
    for (Value value : entries)
      inputs.push_back(OnnxValue::ofTensor(value));
    return inputs;
  };
  spec.bodyYields = [&](ArrayRef<OnnxValue> outputs,
                        ValueRange) -> std::optional<SmallVector<Value>> {
    std::optional<SmallVector<Value>> yields = tensorsOf(outputs);
    if (yields && yields->size() != numStates + numScanOutputs)
      return std::nullopt;
    return yields;
  };
  std::optional<SmallVector<Value>> results =
      importLoop(node, "body", spec, "the body");
  if (!results)
    return std::nullopt;
  for (int64_t k = 0; k < numScanOutputs; ++k) {
    Value &stacked = (*results)[numStates + k];
    if ((layout.outputDirections[k] != 0) != spec.reverse)
      stacked = flipped(node, stacked);
    std::optional<int64_t> axis = node.normalizeAxis(
        layout.outputAxes[k], typeOf(stacked).getRank(), "scan output axis");
    if (!axis)
      return std::nullopt;
    stacked = movedDim(node, stacked, 0, *axis);
  }
  if (node.hasFailed())
    return std::nullopt;
  return results;
}

/// An attribute of one value per scan input or output, `count` zeros
/// when it is absent.
std::optional<std::vector<int64_t>> perScanAttr(NodeContext &node,
                                                StringRef name,
                                                int64_t count) {
  std::vector<int64_t> values =
      node.intsAttr(name, std::vector<int64_t>(count, 0));
  if (static_cast<int64_t>(values.size()) != count) {
    (void)node.fail("attribute '" + name + "' has " + Twine(values.size()) +
                    " values for " + Twine(count) + " scans");
    return std::nullopt;
  }
  return values;
}

LogicalResult convertScan(NodeContext &node) {
  const onnx::GraphProto *body = node.graphAttr("body");
  if (!body)
    return node.fail("attribute 'body' is missing or not a graph");
  int64_t numScanInputs = node.intAttr("num_scan_inputs", -1);
  // Opset 8 has an optional sequence_lens first and a batch dimension 0
  // in front of every state and scan input.
  bool batched = node.opset() < 9;
  size_t first = batched ? 1 : 0;
  int64_t numInputs = static_cast<int64_t>(node.numInputs() - first);
  if (numScanInputs < 1 || numScanInputs > numInputs)
    return node.fail("num_scan_inputs " + Twine(numScanInputs) +
                     " does not fit the " + Twine(numInputs) + " inputs");
  int64_t numStates = numInputs - numScanInputs;
  int64_t numScanOutputs = body->output_size() - numStates;
  if (numScanOutputs < 0)
    return node.fail("the body has fewer outputs than the " +
                     Twine(numStates) + " states");
  SmallVector<Value> states, scanInputs;
  for (size_t index = first; index < node.numInputs(); ++index) {
    Value input = node.input(index);
    if (!input)
      return node.fail("input " + Twine(index) + " is missing");
    if (!typeOf(input).hasStaticShape())
      return node.fail("input " + Twine(index) + " must have a static shape");
    (static_cast<int64_t>(index - first) < numStates ? states : scanInputs)
        .push_back(input);
  }
  ScanLayout layout;
  std::optional<std::vector<int64_t>> inputDirections = perScanAttr(
      node, batched ? "directions" : "scan_input_directions", numScanInputs);
  if (!inputDirections)
    return failure();
  layout.inputDirections = *inputDirections;
  layout.outputDirections.assign(numScanOutputs, 0);
  if (batched) {
    layout.inputAxes.assign(numScanInputs, 0);
    layout.outputAxes.assign(numScanOutputs, 0);
  } else {
    std::optional<std::vector<int64_t>> inputAxes =
        perScanAttr(node, "scan_input_axes", numScanInputs);
    std::optional<std::vector<int64_t>> outputAxes =
        perScanAttr(node, "scan_output_axes", numScanOutputs);
    std::optional<std::vector<int64_t>> outputDirections =
        perScanAttr(node, "scan_output_directions", numScanOutputs);
    if (!inputAxes || !outputAxes || !outputDirections)
      return failure();
    layout.inputAxes = *inputAxes;
    layout.outputAxes = *outputAxes;
    layout.outputDirections = *outputDirections;
  }
  int64_t iterations = 0;
  if (!batched) {
    if (std::optional<SmallVector<Value>> results =
            loopScan(node, states, scanInputs, layout, numScanOutputs))
      return node.setResults(*results);
    if (node.hasFailed())
      return failure();
    FailureOr<SmallVector<Value>> results = unrollScan(
        node, states, scanInputs, layout, numScanOutputs, iterations);
    if (failed(results))
      return failure();
    return node.setResults(*results);
  }

  // Opset 8: the body runs on each batch entry; the results are stacked
  // along dimension 0 again.
  SmallVector<Value> all(states);
  llvm::append_range(all, scanInputs);
  int64_t batch = typeOf(all.front()).getRank() ? typeOf(all.front()).getDimSize(0)
                                                : 0;
  for (Value input : all)
    if (typeOf(input).getRank() < 1 || typeOf(input).getDimSize(0) != batch)
      return node.fail("the states and scan inputs must share their batch "
                       "dimension 0");
  int64_t sequenceLength =
      typeOf(scanInputs.front()).getRank() > 1
          ? typeOf(scanInputs.front()).getDimSize(1)
          : 0;
  if (node.hasInput(0)) {
    std::optional<Tensor> lengths = node.constantInput(0);
    if (!lengths)
      return node.fail("input 0 (sequence_lens, '" + node.node().input(0) +
                       "') is read at run time; Loom unrolls a Scan over "
                       "static lengths, so it must be a constant");
    for (int64_t b = 0; b < lengths->numElements(); ++b)
      if (lengths->getInt(b) != sequenceLength)
        return node.fail("sequence_lens holds " +
                         Twine(lengths->getInt(b)) +
                         "; only the full length " + Twine(sequenceLength) +
                         " is supported");
  }
  std::vector<SmallVector<Value>> perBatch(numStates + numScanOutputs);
  for (int64_t b = 0; b < batch; ++b) {
    SmallVector<Value> entryStates, entryInputs;
    for (Value state : states)
      entryStates.push_back(sliceAt(node, state, 0, b));
    for (Value input : scanInputs)
      entryInputs.push_back(sliceAt(node, input, 0, b));
    if (node.hasFailed())
      return failure();
    FailureOr<SmallVector<Value>> results = unrollScan(
        node, entryStates, entryInputs, layout, numScanOutputs, iterations);
    if (failed(results))
      return failure();
    for (auto [index, result] : llvm::enumerate(*results))
      perBatch[index].push_back(result);
  }
  if (batch == 0)
    return node.fail("the batch is empty");
  SmallVector<Value> results;
  for (auto [index, values] : llvm::enumerate(perBatch)) {
    Value stacked = stack(node, values, 0, "output " + Twine(index));
    if (!stacked)
      return failure();
    results.push_back(stacked);
  }
  return node.setResults(results);
}

//===----------------------------------------------------------------------===//
// SequenceMap
//===----------------------------------------------------------------------===//

/// SequenceMap: the body applied to each position of the sequence inputs
/// (the other inputs given whole), its outputs collected into sequences.
LogicalResult convertSequenceMap(NodeContext &node) {
  const onnx::GraphProto *body = node.graphAttr("body");
  if (!body)
    return node.fail("attribute 'body' is missing or not a graph");
  const OnnxValue *first = node.sequenceInput(0, "input_sequence");
  if (!first)
    return failure();
  size_t length = first->elements.size();
  SmallVector<OnnxValue> inputs;
  for (size_t index = 0; index < node.numInputs(); ++index) {
    const OnnxValue *value = node.valueInput(index);
    if (!value || value->isNone())
      return node.fail("input " + Twine(index) + " is missing");
    if (value->isSequence() && value->elements.size() != length)
      return node.fail("input " + Twine(index) + " has " +
                       Twine(value->elements.size()) +
                       " tensors and input 0 " + Twine(length));
    inputs.push_back(*value);
  }
  if (static_cast<int64_t>(length) > kMaxIterations)
    return node.fail("the sequence has more than " + Twine(kMaxIterations) +
                     " tensors, the most the importer unrolls");
  size_t numOutputs = body->output_size();
  std::vector<SmallVector<Value>> elements(numOutputs);
  for (size_t i = 0; i < length; ++i) {
    SmallVector<OnnxValue> arguments;
    for (const OnnxValue &input : inputs)
      arguments.push_back(input.isSequence()
                              ? OnnxValue::ofTensor(input.elements[i])
                              : input);
    FailureOr<SmallVector<OnnxValue>> outputs = node.importBody(
        "body", arguments, "iteration " + Twine(i) + " of the body");
    if (failed(outputs))
      return failure();
    for (auto [k, output] : llvm::enumerate(*outputs)) {
      if (!output.isTensor())
        return node.fail("body output " + Twine(k) + " is " +
                         output.describe() + ", not a tensor");
      elements[k].push_back(output.tensor);
    }
  }
  SmallVector<OnnxValue> results;
  for (size_t k = 0; k < numOutputs; ++k) {
    // An empty result takes its element type from the body's declaration.
    Type elementType;
    if (!elements[k].empty()) {
      elementType = elementTypeOf(elements[k].front());
    } else {
      const onnx::TypeProto &type = body->output(static_cast<int>(k)).type();
      std::optional<DType> dtype =
          type.has_tensor_type()
              ? dtypeFromOnnx(type.tensor_type().elem_type())
              : std::nullopt;
      if (!dtype)
        return node.fail("body output " + Twine(k) +
                         " declares no supported element type, which the "
                         "empty sequence it gives needs");
      elementType = eval::elementTypeOf(node.context(), *dtype);
    }
    results.push_back(OnnxValue::ofSequence(elements[k], elementType));
  }
  return node.setValueResults(results);
}

} // namespace

void registerControlFlowConverters(ConverterRegistry &registry) {
  registry.add("If", convertIf);
  registry.add("Scan", convertScan);
  registry.addTakingAnyValue("Loop", convertLoop);
  registry.addTakingAnyValue("SequenceMap", convertSequenceMap);
}

} // namespace loom::onnx_import
