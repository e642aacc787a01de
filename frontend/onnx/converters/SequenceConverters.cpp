//===- SequenceConverters.cpp - Sequences and optionals of tensors ----------===//
//
// Part of the Loom project.
//
// Loom compiles static shapes, and sequences are static in the same way: a
// sequence is a list of tensor values whose length and shapes are fixed at
// compile time (OnnxValue), and whether an optional holds a value is known
// at compile time too. SequenceConstruct, SequenceInsert, SequenceErase,
// SequenceAt, SequenceLength, Optional and its accessors only rearrange
// that list and build no op; SplitToSequence slices and ConcatFromSequence
// concatenates. Positions must be constants, except SequenceAt's into a
// sequence of tensors of one type (a gather): a sequence whose tensors have
// different shapes cannot be indexed at run time.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/TensorProto.h"
#include "frontend/onnx/converters/ConverterUtils.h"

#include "evaluator/Evaluator.h"
#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"

using namespace mlir;

namespace loom::onnx_import {
namespace {

/// The most tensors SplitToSequence makes.
constexpr int64_t kMaxSplitTensors = 1 << 16;

/// The position input `index` of a sequence of `length` tensors as a
/// non-negative position: a constant of one value in [-length, length)
/// (to `length` inclusive when `end` may be named, as SequenceInsert's).
std::optional<int64_t> positionInput(NodeContext &node, size_t index,
                                     int64_t length, bool end) {
  std::optional<Tensor> tensor = node.constantInput(index);
  if (!tensor)
    return (void)node.fail("input " + Twine(index) + " (position, '" +
                           node.node().input(static_cast<int>(index)) +
                           "') is read at run time; a sequence's tensors "
                           "are fixed at compile time, so the position "
                           "must be a constant"),
           std::nullopt;
  if (!isInteger(tensor->dtype()) || tensor->numElements() != 1)
    return (void)node.fail("input " + Twine(index) +
                           " (position) must be one integer"),
           std::nullopt;
  int64_t position = tensor->getInt(0);
  int64_t limit = end ? length : length - 1;
  if (position < -length || position > limit)
    return (void)node.fail("position " + Twine(position) +
                           " is out of range for a sequence of " +
                           Twine(length) + " tensors"),
           std::nullopt;
  return position < 0 ? position + length : position;
}

/// Fails unless `value` is a tensor of `elementType`.
LogicalResult requireElementType(NodeContext &node, Value value,
                                 Type elementType, StringRef what) {
  if (elementTypeOf(value) != elementType) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << what << " has element type " << elementTypeOf(value)
       << " but the sequence holds " << elementType;
    return node.fail(text);
  }
  return success();
}

/// SequenceEmpty: no tensors, of `dtype` (default float).
LogicalResult convertSequenceEmpty(NodeContext &node) {
  int64_t onnxType = node.intAttr("dtype", onnx::TensorProto::FLOAT);
  std::optional<DType> dtype = dtypeFromOnnx(static_cast<int>(onnxType));
  if (!dtype)
    return node.fail("dtype " + onnxTypeName(static_cast<int>(onnxType)) +
                     " is not supported");
  return node.setValueResults(
      {OnnxValue::ofSequence({}, eval::elementTypeOf(node.context(), *dtype))});
}

/// SequenceConstruct: the inputs in order, of one element type.
LogicalResult convertSequenceConstruct(NodeContext &node) {
  SmallVector<Value> elements;
  for (size_t index = 0; index < node.numInputs(); ++index) {
    if (!node.hasInput(index))
      return node.fail("input " + Twine(index) + " is missing");
    elements.push_back(node.input(index));
    if (failed(requireElementType(node, elements.back(),
                                  elementTypeOf(elements.front()),
                                  "input " + std::to_string(index))))
      return failure();
  }
  return node.setValueResults(
      {OnnxValue::ofSequence(elements, elementTypeOf(elements.front()))});
}

/// SequenceInsert: `tensor` at `position` (default: at the end).
LogicalResult convertSequenceInsert(NodeContext &node) {
  const OnnxValue *sequence = node.sequenceInput(0, "input_sequence");
  if (!sequence)
    return failure();
  if (!node.hasInput(1))
    return node.fail("input 1 (tensor) is " +
                     node.valueInput(1)->describe() + ", not a tensor");
  Value tensor = node.input(1);
  if (failed(requireElementType(node, tensor, sequence->elementType,
                                "the tensor")))
    return failure();
  int64_t length = static_cast<int64_t>(sequence->elements.size());
  std::optional<int64_t> position = length;
  if (node.hasInput(2) && !(position = positionInput(node, 2, length, true)))
    return failure();
  OnnxValue result = *sequence;
  result.elements.insert(result.elements.begin() + *position, tensor);
  return node.setValueResults({result});
}

/// SequenceErase: removes the tensor at `position` (default: the last).
LogicalResult convertSequenceErase(NodeContext &node) {
  const OnnxValue *sequence = node.sequenceInput(0, "input_sequence");
  if (!sequence)
    return failure();
  int64_t length = static_cast<int64_t>(sequence->elements.size());
  if (length == 0)
    return node.fail("the sequence is empty");
  std::optional<int64_t> position = length - 1;
  if (node.hasInput(1) && !(position = positionInput(node, 1, length, false)))
    return failure();
  OnnxValue result = *sequence;
  result.elements.erase(result.elements.begin() + *position);
  return node.setValueResults({result});
}

/// SequenceAt at a position read at run time, in a sequence whose tensors
/// share one type: a gather from the tensors stacked along a new dimension
/// 0 (a position out of range stops the run, as any gather's).
LogicalResult convertSequenceAtRuntime(NodeContext &node,
                                       const OnnxValue &sequence) {
  RankedTensorType type = node.inputType(1);
  if (sequence.elements.empty() || type.getNumElements() != 1 ||
      llvm::any_of(sequence.elements, [&](Value element) {
        return element.getType() != sequence.elements.front().getType();
      }))
    return node.fail("input 1 (position, '" + node.node().input(1) +
                     "') is read at run time; the sequence's tensors differ "
                     "in shape or there are none, so the position must be a "
                     "constant");
  SmallVector<Value> parts;
  for (Value element : sequence.elements) {
    SmallVector<int64_t> dims(typeOf(element).getShape());
    dims.insert(dims.begin(), 1);
    parts.push_back(reshapeTo(node, element, dims));
  }
  Value stacked = parts.size() == 1
                      ? parts.front()
                      : node.create<ConcatOp>(ValueRange(parts), uint64_t{0});
  Value position = reshapeTo(node, node.input(1), {});
  return node.setResults({node.create<GatherOp>(stacked, position, 0)});
}

/// SequenceAt: the tensor at a constant `position`, or, where the tensors
/// share one type, at a position read at run time.
LogicalResult convertSequenceAt(NodeContext &node) {
  const OnnxValue *sequence = node.sequenceInput(0, "input_sequence");
  if (!sequence)
    return failure();
  if (node.hasInput(1) && !node.constantInput(1))
    return convertSequenceAtRuntime(node, *sequence);
  int64_t length = static_cast<int64_t>(sequence->elements.size());
  std::optional<int64_t> position = positionInput(node, 1, length, false);
  if (!position)
    return failure();
  return node.setResults({sequence->elements[*position]});
}

/// SequenceLength: an int64 scalar constant.
LogicalResult convertSequenceLength(NodeContext &node) {
  const OnnxValue *sequence = node.sequenceInput(0, "input_sequence");
  if (!sequence)
    return failure();
  Tensor length(DType::I64, {});
  length.setInt(0, static_cast<int64_t>(sequence->elements.size()));
  return node.setResults({node.constant(length)});
}

/// SplitToSequence: slices of `input` along `axis`, of the constant sizes
/// `split` (one size: chunks of it, the last smaller), or of size 1 each
/// without it (`keepdims = 0` then drops the axis).
LogicalResult convertSplitToSequence(NodeContext &node) {
  RankedTensorType type = node.inputType(0);
  if (!type)
    return node.fail("input 0 is missing");
  if (!type.hasStaticShape())
    return node.fail("input 0 must have a static shape");
  int64_t rank = type.getRank();
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", 0), rank, "axis");
  if (!axis)
    return failure();
  int64_t dim = type.getDimSize(*axis);
  std::vector<int64_t> sizes;
  bool keepDims = true;
  if (node.hasInput(1)) {
    std::optional<Tensor> split = node.constantInput(1);
    if (!split)
      return node.fail("input 1 (split, '" + node.node().input(1) +
                       "') is read at run time; the sizes of a sequence's "
                       "tensors are fixed at compile time, so they must be "
                       "constants");
    if (!isInteger(split->dtype()) || split->shape().size() > 1)
      return node.fail("input 1 (split) must be an integer scalar or 1-D "
                       "tensor");
    if (split->shape().empty()) {
      int64_t chunk = split->getInt(0);
      if (chunk <= 0)
        return node.fail("split " + Twine(chunk) + " is not positive");
      if (dim / chunk >= kMaxSplitTensors)
        return node.fail("the split makes more than " +
                         Twine(kMaxSplitTensors) + " tensors");
      for (int64_t offset = 0; offset < dim; offset += chunk)
        sizes.push_back(std::min(chunk, dim - offset));
    } else {
      int64_t sum = 0;
      for (int64_t i = 0; i < split->numElements(); ++i) {
        int64_t size = split->getInt(i);
        if (size < 0 || size > dim - sum)
          return node.fail("split sizes " + Twine(size) +
                           " do not fit dimension " + Twine(*axis) +
                           " of size " + Twine(dim));
        sizes.push_back(size);
        sum += size;
      }
      if (sum != dim)
        return node.fail("split sizes add up to " + Twine(sum) +
                         " but dimension " + Twine(*axis) + " has " +
                         Twine(dim));
    }
  } else {
    if (dim > kMaxSplitTensors)
      return node.fail("dimension " + Twine(*axis) + " of size " + Twine(dim) +
                       " would make more than " + Twine(kMaxSplitTensors) +
                       " tensors");
    sizes.assign(dim, 1);
    keepDims = node.intAttr("keepdims", 1) != 0;
  }
  if (static_cast<int64_t>(sizes.size()) > kMaxSplitTensors)
    return node.fail("the split makes more than " + Twine(kMaxSplitTensors) +
                     " tensors");
  SmallVector<Value> elements;
  SmallVector<int64_t> offsets(rank, 0), steps(rank, 1);
  SmallVector<int64_t> dims(type.getShape());
  for (int64_t size : sizes) {
    dims[*axis] = size;
    Value slice = node.createTyped<SliceOp>(type.clone(dims), node.input(0),
                                            ArrayRef<int64_t>(offsets),
                                            ArrayRef<int64_t>(steps));
    if (!keepDims) {
      SmallVector<int64_t> dropped(dims);
      dropped.erase(dropped.begin() + *axis);
      slice = reshapeTo(node, slice, dropped);
    }
    elements.push_back(slice);
    offsets[*axis] += size;
  }
  if (node.hasFailed())
    return failure();
  return node.setValueResults(
      {OnnxValue::ofSequence(elements, type.getElementType())});
}

/// ConcatFromSequence: the tensors concatenated along `axis`, or stacked
/// along a new one (`new_axis = 1`, where `axis` may be the new rank - 1).
LogicalResult convertConcatFromSequence(NodeContext &node) {
  const OnnxValue *sequence = node.sequenceInput(0, "input_sequence");
  if (!sequence)
    return failure();
  if (sequence->elements.empty())
    return node.fail("the sequence is empty");
  if (!node.hasAttribute("axis"))
    return node.fail("attribute 'axis' is missing");
  bool newAxis = node.intAttr("new_axis", 0) != 0;
  RankedTensorType type = typeOf(sequence->elements.front());
  int64_t rank = type.getRank() + (newAxis ? 1 : 0);
  std::optional<int64_t> axis =
      node.normalizeAxis(node.intAttr("axis", 0), rank, "axis");
  if (!axis)
    return failure();
  SmallVector<Value> parts;
  for (Value element : sequence->elements) {
    // Stacked tensors share one shape; concatenated ones one rank (the
    // concat checks the rest).
    if (newAxis ? element.getType() != type
                : typeOf(element).getRank() != type.getRank())
      return node.fail(std::string("the sequence's tensors differ in ") +
                       (newAxis ? "shape" : "rank") +
                       ", so they cannot be " +
                       (newAxis ? "stacked" : "concatenated"));
    if (newAxis) {
      SmallVector<int64_t> dims(typeOf(element).getShape());
      dims.insert(dims.begin() + *axis, 1);
      element = reshapeTo(node, element, dims);
    }
    parts.push_back(element);
  }
  if (parts.size() == 1)
    return node.setResults({parts.front()});
  return node.setResults(
      {node.create<ConcatOp>(ValueRange(parts), static_cast<uint64_t>(*axis))});
}

/// Optional: the input (present), or an empty optional without one.
LogicalResult convertOptional(NodeContext &node) {
  const OnnxValue *value = node.valueInput(0);
  return node.setValueResults({value ? *value : OnnxValue::none()});
}

/// OptionalHasElement: whether the optional holds a value, known at
/// compile time (a bool scalar constant).
LogicalResult convertOptionalHasElement(NodeContext &node) {
  const OnnxValue *value = node.valueInput(0);
  Tensor present(DType::I1, {});
  present.setInt(0, value && !value->isNone() ? 1 : 0);
  return node.setResults({node.constant(present)});
}

/// OptionalGetElement: the value of an optional that holds one.
LogicalResult convertOptionalGetElement(NodeContext &node) {
  const OnnxValue *value = node.valueInput(0);
  if (!value)
    return node.fail("input 0 is missing");
  if (value->isNone())
    return node.fail("the optional '" + node.node().input(0) +
                     "' is empty (known at compile time)");
  return node.setValueResults({*value});
}

} // namespace

void registerSequenceConverters(ConverterRegistry &registry) {
  registry.add("SequenceConstruct", convertSequenceConstruct);
  registry.add("SequenceEmpty", convertSequenceEmpty);
  registry.add("SplitToSequence", convertSplitToSequence);
  registry.addTakingAnyValue("ConcatFromSequence", convertConcatFromSequence);
  registry.addTakingAnyValue("SequenceAt", convertSequenceAt);
  registry.addTakingAnyValue("SequenceErase", convertSequenceErase);
  registry.addTakingAnyValue("SequenceInsert", convertSequenceInsert);
  registry.addTakingAnyValue("SequenceLength", convertSequenceLength);
  registry.addTakingAnyValue("Optional", convertOptional);
  registry.addTakingAnyValue("OptionalGetElement", convertOptionalGetElement);
  registry.addTakingAnyValue("OptionalHasElement", convertOptionalHasElement);
}

} // namespace loom::onnx_import
