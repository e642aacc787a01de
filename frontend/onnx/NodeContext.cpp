//===- NodeContext.cpp - What an ONNX op converter works with ----------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"

#include "frontend/onnx/TensorProto.h"

#include "evaluator/Evaluator.h"
#include "ir/LoomOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/Verifier.h"
#include "onnx/onnx_pb.h"

using namespace mlir;

namespace loom::onnx_import {

std::string OnnxValue::describe() const {
  switch (kind) {
  case Kind::Tensor:
    return "a tensor";
  case Kind::Sequence:
    return "a sequence of " + std::to_string(elements.size()) +
           (elements.size() == 1 ? " tensor" : " tensors");
  case Kind::None:
    return "an empty optional";
  }
  return "";
}

NodeContext::NodeContext(const onnx::NodeProto &node, int64_t opset,
                         ArrayRef<OnnxValue> inputs, OpBuilder &builder,
                         Location loc, StringRef baseDirectory,
                         int64_t maxFoldElements)
    : nodeProto(node), opsetVersion(opset), opBuilder(builder), location(loc),
      baseDirectory(baseDirectory), maxFoldElements(maxFoldElements) {
  // An omitted input ("") is bound to a null tensor.
  for (const OnnxValue &input : inputs) {
    bool omitted = input.isTensor() && !input.tensor;
    inputValues.push_back(input.isTensor() ? input.tensor : Value());
    inputItems.push_back(omitted ? std::nullopt
                                 : std::optional<OnnxValue>(input));
  }
}

StringRef NodeContext::opType() const { return nodeProto.op_type(); }

Value NodeContext::graphValue(StringRef name) const {
  if (!graphValues)
    return {};
  auto it = graphValues->find(name);
  return it == graphValues->end() || !it->second.isTensor()
             ? Value()
             : it->second.tensor;
}

const OnnxValue *NodeContext::graphItem(StringRef name) const {
  if (!graphValues)
    return nullptr;
  auto it = graphValues->find(name);
  return it == graphValues->end() ? nullptr : &it->second;
}

const OnnxValue *NodeContext::sequenceInput(size_t index, StringRef what) {
  const OnnxValue *value = valueInput(index);
  if (!value) {
    (void)fail("input " + Twine(index) + " (" + what + ") is missing");
    return nullptr;
  }
  if (!value->isSequence()) {
    (void)fail("input " + Twine(index) + " (" + what + ", '" +
               nodeProto.input(static_cast<int>(index)) + "') is " +
               value->describe() + ", not a sequence");
    return nullptr;
  }
  return value;
}

const onnx::GraphProto *NodeContext::graphAttr(StringRef name) const {
  const onnx::AttributeProto *attr = attribute(name);
  return attr && attr->has_g() ? &attr->g() : nullptr;
}

FailureOr<SmallVector<OnnxValue>>
NodeContext::importBody(StringRef name, ArrayRef<OnnxValue> inputs,
                        const Twine &scope) {
  if (hasFailed())
    return failure();
  const onnx::GraphProto *graph = graphAttr(name);
  if (!graph) {
    (void)fail("attribute '" + name + "' is missing or not a graph");
    return failure();
  }
  if (!subgraphImporter) {
    (void)fail("subgraphs cannot be imported here");
    return failure();
  }
  FailureOr<SmallVector<OnnxValue>> outputs =
      subgraphImporter->importSubgraph(
          *graph, inputs, ("in " + scope + " of node '" + nodeName + "': ").str(),
          SubgraphImporter::Binding());
  if (failed(outputs)) {
    bodyFailed = true;
    (void)fail("its subgraph '" + name + "' cannot be imported");
  }
  return outputs;
}

FailureOr<SmallVector<OnnxValue>>
NodeContext::importRegionBody(StringRef name, ArrayRef<OnnxValue> inputs,
                            const Twine &scope,
                            const SubgraphImporter::Binding &binding) {
  if (!binding.tentative)
    return importBody(name, inputs, scope);
  if (hasFailed())
    return failure();
  const onnx::GraphProto *graph = graphAttr(name);
  if (!graph || !subgraphImporter)
    return failure();
  return subgraphImporter->importSubgraph(
      *graph, inputs, ("in " + scope + " of node '" + nodeName + "': ").str(),
      binding);
}

RankedTensorType NodeContext::inputType(size_t index) const {
  Value value = input(index);
  return value ? cast<RankedTensorType>(value.getType()) : RankedTensorType();
}

std::optional<Tensor> NodeContext::constantInput(size_t index) const {
  return constantOf(input(index));
}

std::optional<Tensor> NodeContext::constantOf(Value value) {
  if (!value)
    return std::nullopt;
  // A tensor of no elements holds no data: its type is its whole value, so
  // it is known at compile time even when the model gives it at run time
  // (ReduceSum's empty `axes` input declared with shape [0]).
  if (auto type = dyn_cast<RankedTensorType>(value.getType());
      type && type.hasStaticShape() && type.getNumElements() == 0)
    if (std::optional<DType> dtype = eval::dtypeOf(type.getElementType()))
      return Tensor(*dtype, Shape(type.getShape().begin(),
                                  type.getShape().end()));
  ElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  FailureOr<Tensor> tensor = eval::tensorFromAttr(attr);
  if (failed(tensor))
    return std::nullopt;
  return std::move(*tensor);
}

std::optional<std::vector<int64_t>> NodeContext::intsInput(size_t index,
                                                           StringRef what) {
  if (!hasInput(index)) {
    (void)fail("input " + Twine(index) + " (" + what + ") is missing");
    return std::nullopt;
  }
  std::optional<Tensor> tensor = constantInput(index);
  if (!tensor || !isInteger(tensor->dtype()) || tensor->dtype() == DType::I1) {
    (void)fail("input " + Twine(index) + " (" + what + ", '" +
         nodeProto.input(static_cast<int>(index)) +
         "') must be a constant integer tensor computable at compile time");
    return std::nullopt;
  }
  std::vector<int64_t> values;
  for (int64_t i = 0; i < tensor->numElements(); ++i)
    values.push_back(tensor->getInt(i));
  return values;
}

const onnx::AttributeProto *NodeContext::attribute(StringRef name) const {
  for (const onnx::AttributeProto &attr : nodeProto.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

int64_t NodeContext::intAttr(StringRef name, int64_t fallback) const {
  const onnx::AttributeProto *attr = attribute(name);
  return attr && attr->has_i() ? attr->i() : fallback;
}

float NodeContext::floatAttr(StringRef name, float fallback) const {
  const onnx::AttributeProto *attr = attribute(name);
  return attr && attr->has_f() ? attr->f() : fallback;
}

std::string NodeContext::stringAttr(StringRef name, StringRef fallback) const {
  const onnx::AttributeProto *attr = attribute(name);
  return attr && attr->has_s() ? attr->s() : fallback.str();
}

std::vector<int64_t> NodeContext::intsAttr(StringRef name,
                                           std::vector<int64_t> fallback) const {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr)
    return fallback;
  return std::vector<int64_t>(attr->ints().begin(), attr->ints().end());
}

std::vector<float> NodeContext::floatsAttr(StringRef name,
                                           std::vector<float> fallback) const {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr)
    return fallback;
  return std::vector<float>(attr->floats().begin(), attr->floats().end());
}

std::optional<Tensor> NodeContext::tensorAttr(StringRef name) {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr || !attr->has_t()) {
    (void)fail("attribute '" + name + "' is missing or not a tensor");
    return std::nullopt;
  }
  std::string error;
  std::optional<Tensor> tensor = tensorFromProto(attr->t(), baseDirectory, error);
  if (!tensor)
    (void)fail("attribute '" + name.str() + "': " + error);
  return tensor;
}

Value NodeContext::constant(const Tensor &tensor) {
  auto type = RankedTensorType::get(
      tensor.shape(), eval::elementTypeOf(context(), tensor.dtype()));
  return ConstantOp::create(opBuilder, location,
                            eval::attrFromTensor(tensor, type));
}

Value NodeContext::scalar(Type elementType, double value) {
  std::optional<DType> dtype = eval::dtypeOf(elementType);
  if (!dtype) {
    (void)fail("element type is not supported");
    return {};
  }
  return constant(Tensor::fromDoubles(*dtype, {}, {value}));
}

LogicalResult NodeContext::setResults(ArrayRef<Value> values) {
  SmallVector<OnnxValue> items;
  for (Value value : values)
    items.push_back(OnnxValue::ofTensor(value));
  return setValueResults(items);
}

LogicalResult NodeContext::setValueResults(ArrayRef<OnnxValue> values) {
  if (hasFailed())
    return failure();
  if (static_cast<int>(values.size()) < nodeProto.output_size()) {
    // Optional trailing outputs the converter does not produce must be
    // unused (unnamed).
    for (int i = static_cast<int>(values.size()); i < nodeProto.output_size(); ++i)
      if (!nodeProto.output(i).empty())
        return fail("output " + Twine(i) + " ('" + nodeProto.output(i) +
                    "') is not supported");
  }
  resultValues.assign(values.begin(), values.end());
  return success();
}

std::optional<int64_t> NodeContext::normalizeAxis(int64_t axis, int64_t rank,
                                                  StringRef what) {
  if (axis < -rank || axis >= rank) {
    (void)fail(what + " " + Twine(axis) + " is out of range for rank " +
               Twine(rank));
    return std::nullopt;
  }
  return axis < 0 ? axis + rank : axis;
}

std::optional<int64_t> NodeContext::runTimeDimBound(
    ArrayRef<std::pair<int, StringRef>> inputs, int64_t rank) {
  std::string input;
  for (auto [position, entry] : llvm::enumerate(inputs))
    input += std::string(position == 0 ? ""
                         : position + 1 == inputs.size() ? " and "
                                                         : ", ") +
             "input " + std::to_string(entry.first) + " (" +
             entry.second.str() + ", '" + nodeProto.input(entry.first) + "')";
  bool plural = inputs.size() > 1;
  if (dimBoundValue <= 0) {
    (void)fail(input + (plural ? " are" : " is") +
               " given at run time and decide" + (plural ? "" : "s") +
               " the size of the result; give the largest size of a result "
               "dimension with --max-dim=N (docs/dynamic-shapes.md)");
    return std::nullopt;
  }
  // The result is planned flat at bound^rank elements; far past what a run
  // needs, it would only exhaust memory.
  constexpr int64_t kMaxElements = int64_t(1) << 28;
  int64_t elements = 1;
  for (int64_t d = 0; d < rank; ++d) {
    if (elements > kMaxElements / dimBoundValue) {
      (void)fail(input + (plural ? " decide " : " decides ") +
                 Twine(rank) + " dimensions of the result; at --max-dim=" +
                 Twine(dimBoundValue) + " that is more than " +
                 Twine(kMaxElements) +
                 " elements, give a smaller --max-dim");
      return std::nullopt;
    }
    elements *= dimBoundValue;
  }
  return dimBoundValue;
}

LogicalResult NodeContext::fail(const Twine &reason) {
  if (failureReason.empty())
    failureReason = reason.str();
  return failure();
}

NodeContext::CapturedDiagnostics::CapturedDiagnostics(NodeContext &node)
    : handler(node.context(), [this](Diagnostic &diagnostic) {
        if (diagnostic.getSeverity() == DiagnosticSeverity::Error) {
          if (!text.empty())
            text += "; ";
          text += diagnostic.str();
        }
        return success();
      }) {}

bool NodeContext::hasMissingOperand(const OperationState &state) {
  if (llvm::all_of(state.operands, [](Value value) { return bool(value); }))
    return false;
  (void)fail("a required input of '" + state.name.getStringRef() + "' is missing");
  return true;
}

Value NodeContext::recordBuildFailure(const CapturedDiagnostics &captured,
                                      StringRef opName) {
  (void)fail(captured.text.empty() ? ("cannot build '" + opName + "'").str()
                             : captured.text);
  return {};
}

Value NodeContext::finish(OperationState &state) {
  SmallVector<Value> results = finishMulti(state);
  if (results.size() != 1) {
    if (!results.empty())
      (void)fail("'" + state.name.getStringRef() + "' has " +
                 Twine(results.size()) + " results, expected one");
    return {};
  }
  return results.front();
}

SmallVector<Value> NodeContext::finishMulti(OperationState &state) {
  Operation *op = opBuilder.create(state);
  {
    CapturedDiagnostics captured(*this);
    if (failed(verify(op))) {
      op->erase();
      recordBuildFailure(captured, state.name.getStringRef());
      return {};
    }
  }
  // Fold ops on constants right away, so later converters can read shapes
  // and other compile-time values with constantInput().
  bool foldable = eval::hasKernel(op);
  SmallVector<Tensor> operands;
  for (Value operand : op->getOperands()) {
    ElementsAttr attr;
    if (!foldable || (unfoldable && unfoldable->contains(operand)) ||
        !matchPattern(operand, m_Constant(&attr))) {
      foldable = false;
      break;
    }
    FailureOr<Tensor> tensor = eval::tensorFromAttr(attr);
    if (failed(tensor)) {
      foldable = false;
      break;
    }
    operands.push_back(std::move(*tensor));
  }
  for (Type type : op->getResultTypes()) {
    auto resultType = cast<RankedTensorType>(type);
    foldable = foldable && resultType.hasStaticShape() &&
               resultType.getNumElements() <= maxFoldElements;
  }
  // Bound the work too, so a hostile model cannot stall the import with
  // huge constant contractions.
  foldable = foldable && eval::evaluationCost(op) <= 16 * maxFoldElements;
  if (foldable && !isa<ConstantOp>(op)) {
    FailureOr<std::vector<Tensor>> folded =
        eval::evaluateOp(op, operands, {}, /*emitErrors=*/false);
    if (succeeded(folded)) {
      SmallVector<Value> constants;
      for (auto [tensor, type] : llvm::zip(*folded, op->getResultTypes()))
        constants.push_back(ConstantOp::create(
            opBuilder, location,
            eval::attrFromTensor(tensor, cast<RankedTensorType>(type))));
      op->erase();
      return constants;
    }
  }
  return SmallVector<Value>(op->getResults());
}

std::vector<std::string> ConverterRegistry::opTypes() const {
  std::vector<std::string> names;
  for (const auto &domain : domains)
    for (const auto &entry : domain.getValue())
      names.push_back(domain.getKey().empty()
                          ? entry.getKey().str()
                          : (domain.getKey() + "." + entry.getKey()).str());
  std::sort(names.begin(), names.end());
  return names;
}

const ConverterRegistry &converterRegistry() {
  static const ConverterRegistry registry = [] {
    ConverterRegistry registry;
    registerElementwiseConverters(registry);
    registerNNConverters(registry);
    registerContractionConverters(registry);
    registerNormalizationConverters(registry);
    registerReductionConverters(registry);
    registerShapeConverters(registry);
    registerIndexingConverters(registry);
    registerLossConverters(registry);
    registerMathConverters(registry);
    registerRecurrentConverters(registry);
    registerQuantizationConverters(registry);
    registerTrainingConverters(registry);
    registerSequenceConverters(registry);
    registerControlFlowConverters(registry);
    registerDataShapedConverters(registry);
    return registry;
  }();
  return registry;
}

} // namespace loom::onnx_import
