//===- NodeContext.h - What an ONNX op converter works with ------*- C++ -*-===//
//
// Part of the Loom project.
//
// A converter turns one ONNX node into `loom` ops through a NodeContext: it
// reads inputs and attributes, builds ops (whose result types are inferred
// and verified without ever aborting on bad input), and sets the node's
// results. Any problem is recorded with `fail(reason)`, and the importer
// reports it as `MODEL: node 'NAME' (OpType, opset N): reason`.
//
// Ops whose operands are all constants are evaluated as they are built, so
// shape computations (Shape -> Gather -> Concat -> Reshape) become constants
// that later converters can read with `constantInput`.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_FRONTEND_ONNX_NODECONTEXT_H
#define LOOM_FRONTEND_ONNX_NODECONTEXT_H

#include "runtime/Tensor.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <optional>
#include <string>
#include <vector>

namespace onnx {
class AttributeProto;
class GraphProto;
class NodeProto;
} // namespace onnx

namespace loom::onnx_import {

/// A value of the ONNX graph as the importer binds it. ONNX has tensors,
/// sequences of tensors and optionals of either; Loom compiles static
/// shapes, so a sequence is a list of tensor values whose length and
/// shapes are fixed at compile time, and whether an optional holds a value
/// is known at compile time too: a present optional is bound to its value,
/// an empty one is `None`.
struct OnnxValue {
  enum class Kind { Tensor, Sequence, None };
  Kind kind = Kind::Tensor;
  /// Kind::Tensor: the tensor.
  mlir::Value tensor;
  /// Kind::Sequence: the tensors in order.
  llvm::SmallVector<mlir::Value> elements;
  /// Kind::Sequence: the tensors' element type, which an empty sequence
  /// keeps too.
  mlir::Type elementType;
  /// A tensor whose size depends on data (NonZero, Compress; docs/dynamic-
  /// shapes.md, phase 3): `tensor` is its flat form at `bounds` (one per
  /// dimension) and `dims` (a tensor<rank x i64>) its actual shape. Such a
  /// value may only be a graph output; `producer` names its node for the
  /// error when another node reads it.
  mlir::Value dims;
  llvm::SmallVector<int64_t> bounds;
  std::string producer;

  static OnnxValue ofTensor(mlir::Value value) {
    OnnxValue result;
    result.tensor = value;
    return result;
  }
  static OnnxValue ofSequence(llvm::ArrayRef<mlir::Value> elements,
                              mlir::Type elementType) {
    OnnxValue result;
    result.kind = Kind::Sequence;
    result.elements.assign(elements.begin(), elements.end());
    result.elementType = elementType;
    return result;
  }
  static OnnxValue ofDataShaped(mlir::Value values, mlir::Value dims,
                                llvm::ArrayRef<int64_t> bounds,
                                llvm::StringRef producer) {
    OnnxValue result = ofTensor(values);
    result.dims = dims;
    result.bounds.assign(bounds.begin(), bounds.end());
    result.producer = producer.str();
    return result;
  }
  bool isDataShaped() const { return static_cast<bool>(dims); }
  static OnnxValue none() {
    OnnxValue result;
    result.kind = Kind::None;
    return result;
  }
  bool isTensor() const { return kind == Kind::Tensor; }
  bool isSequence() const { return kind == Kind::Sequence; }
  bool isNone() const { return kind == Kind::None; }
  /// "a tensor", "a sequence of 3 tensors", "an empty optional", for
  /// messages.
  std::string describe() const;
};

/// Imports a subgraph (an If branch, a Loop or Scan body, SequenceMap's
/// body) inline, at the point where the node that holds it is imported:
/// its inputs bound to `inputs`, the enclosing graphs' values visible, and
/// its names unbound again afterwards. Implemented by the importer.
class SubgraphImporter {
public:
  /// What importing a subgraph as a loop's body (into a block of its own,
  /// isolated from the enclosing graphs) needs besides its inputs.
  struct Binding {
    /// Names of the enclosing graphs bound to other values while the
    /// subgraph is imported: the body's block arguments that carry them in.
    llvm::SmallVector<std::pair<std::string, OnnxValue>> names;
    /// On failure, drop the errors of the subgraph's nodes instead of
    /// reporting them: the caller imports the subgraph another way.
    bool tentative = false;
  };

  virtual ~SubgraphImporter() = default;
  /// The subgraph's outputs; failure once its nodes' errors are reported,
  /// each prefixed with `scope` (e.g. "in iteration 2 of the body of node
  /// 'Loop_0': "), or, when `binding.tentative`, dropped.
  virtual mlir::FailureOr<llvm::SmallVector<OnnxValue>>
  importSubgraph(const onnx::GraphProto &graph,
                 llvm::ArrayRef<OnnxValue> inputs, llvm::StringRef scope,
                 const Binding &binding) = 0;
};

class NodeContext {
public:
  NodeContext(const onnx::NodeProto &node, int64_t opset,
              llvm::ArrayRef<OnnxValue> inputs, mlir::OpBuilder &builder,
              mlir::Location loc, llvm::StringRef baseDirectory,
              int64_t maxFoldElements);

  const onnx::NodeProto &node() const { return nodeProto; }
  /// The node's name as messages give it (`OpType_INDEX` when it has none).
  llvm::StringRef name() const { return nodeName; }
  void setName(llvm::StringRef name) { nodeName = name.str(); }
  llvm::StringRef opType() const;
  int64_t opset() const { return opsetVersion; }
  mlir::OpBuilder &builder() { return opBuilder; }
  mlir::MLIRContext *context() { return opBuilder.getContext(); }
  mlir::Location loc() const { return location; }

  //===--------------------------------------------------------------------===//
  // Inputs
  //===--------------------------------------------------------------------===//

  /// Number of inputs the node lists, including empty (omitted) ones.
  size_t numInputs() const { return inputValues.size(); }
  /// True when input `index` is a tensor, listed and not omitted with "".
  bool hasInput(size_t index) const {
    return index < inputValues.size() && inputValues[index];
  }
  /// Input `index`, or null when absent (or not a tensor: only the
  /// operators registered with ConverterRegistry::addTakingAnyValue are
  /// given sequences and empty optionals).
  mlir::Value input(size_t index) const {
    return hasInput(index) ? inputValues[index] : mlir::Value();
  }
  /// Input `index` as the importer binds it (a tensor, a sequence or an
  /// empty optional); null when the node omits it.
  const OnnxValue *valueInput(size_t index) const {
    return index < inputItems.size() && inputItems[index] ? &*inputItems[index]
                                                          : nullptr;
  }
  /// Input `index` when it is a sequence; otherwise records a failure
  /// naming it as `what` and returns null.
  const OnnxValue *sequenceInput(size_t index, llvm::StringRef what);
  mlir::RankedTensorType inputType(size_t index) const;
  /// Input `index` as a host tensor when it is a constant; nullopt otherwise.
  std::optional<Tensor> constantInput(size_t index) const;
  /// `value` as a host tensor when it is a constant; nullopt otherwise.
  static std::optional<Tensor> constantOf(mlir::Value value);
  /// A constant integer input as values; records a failure naming the input
  /// when it is absent or not a constant.
  std::optional<std::vector<int64_t>> intsInput(size_t index,
                                                llvm::StringRef what);

  /// The value bound to `name` in the graph so far (a graph input, an
  /// initializer or an earlier node's output), for an operator whose
  /// attributes name values (Gradient's xs and y); null when none is bound
  /// or the importer gave no graph.
  mlir::Value graphValue(llvm::StringRef name) const;
  /// The same for any kind of value (a sequence, an empty optional); null
  /// when none is bound.
  const OnnxValue *graphItem(llvm::StringRef name) const;
  void setGraphValues(const llvm::StringMap<OnnxValue> *values) {
    graphValues = values;
  }
  /// Lets the converters of If, Loop, Scan and SequenceMap import their
  /// subgraphs (importBody).
  void setSubgraphImporter(SubgraphImporter *importer) {
    subgraphImporter = importer;
  }
  /// Imports the graph attribute `name` inline with its inputs bound to
  /// `inputs` (see SubgraphImporter); on failure the body's errors are
  /// reported, each prefixed with "in `scope` of node 'NAME': " (scope:
  /// "the then branch", "iteration 2 of the body"), and the node fails
  /// without a message of its own.
  mlir::FailureOr<llvm::SmallVector<OnnxValue>>
  importBody(llvm::StringRef name, llvm::ArrayRef<OnnxValue> inputs,
             const llvm::Twine &scope);
  /// Imports the graph attribute `name` as a region of an op (a loop's
  /// body, an if's branch), at the builder's insertion point (the region's
  /// block), its inputs bound to `inputs` and the enclosing graphs' names
  /// to `binding.names`. A tentative import that fails leaves no error and
  /// does not fail the node.
  mlir::FailureOr<llvm::SmallVector<OnnxValue>>
  importRegionBody(llvm::StringRef name, llvm::ArrayRef<OnnxValue> inputs,
                 const llvm::Twine &scope,
                 const SubgraphImporter::Binding &binding);
  /// The graph attribute `name`, or null.
  const onnx::GraphProto *graphAttr(llvm::StringRef name) const;
  /// Values the context never folds an op of (the parameters of a model
  /// imported for training); null: none.
  void setUnfoldable(const llvm::DenseSet<mlir::Value> *values) {
    unfoldable = values;
  }
  /// The bound of a result dimension that an input's values decide (loomc
  /// --max-dim, ImportOptions::symbolicDimBound); 0 when none was given.
  void setDimBound(int64_t bound) { dimBoundValue = bound; }
  int64_t dimBound() const { return dimBoundValue; }
  /// The bound of each of `rank` result dimensions that `inputs` (index
  /// and ONNX name, e.g. {0, "shape"}, the node's inputs that are given at
  /// run time) decide: dimBound(), or nullopt with the failure recorded
  /// when there is none (the message names every input and asks for
  /// --max-dim) or when bound^rank is more elements than Loom plans for
  /// one result.
  std::optional<int64_t>
  runTimeDimBound(llvm::ArrayRef<std::pair<int, llvm::StringRef>> inputs,
                  int64_t rank);

  //===--------------------------------------------------------------------===//
  // Attributes
  //===--------------------------------------------------------------------===//

  const onnx::AttributeProto *attribute(llvm::StringRef name) const;
  bool hasAttribute(llvm::StringRef name) const { return attribute(name); }
  int64_t intAttr(llvm::StringRef name, int64_t fallback) const;
  float floatAttr(llvm::StringRef name, float fallback) const;
  std::string stringAttr(llvm::StringRef name, llvm::StringRef fallback) const;
  std::vector<int64_t> intsAttr(llvm::StringRef name,
                                std::vector<int64_t> fallback = {}) const;
  std::vector<float> floatsAttr(llvm::StringRef name,
                                std::vector<float> fallback = {}) const;
  /// A tensor-valued attribute (Constant's `value`); records a failure and
  /// returns nullopt when missing or undecodable.
  std::optional<Tensor> tensorAttr(llvm::StringRef name);

  //===--------------------------------------------------------------------===//
  // Building ops
  //===--------------------------------------------------------------------===//

  /// Builds an op whose result type is inferred, e.g.
  /// `create<AddOp>(lhs, rhs)`. Returns null (with the reason recorded)
  /// when inference or verification fails.
  template <typename OpT, typename... Args> mlir::Value create(Args &&...args) {
    if (hasFailed())
      return {};
    mlir::OperationState state(location, OpT::getOperationName());
    OpT::build(opBuilder, state, opBuilder.getNoneType(),
               std::forward<Args>(args)...);
    if (!inferResultTypes<OpT>(state))
      return {};
    return finish(state);
  }

  /// Builds an op with several results whose types are inferred; returns
  /// them all, or an empty vector with the reason recorded. `args` are those
  /// of the op's builder that takes one type per result: pass
  /// `builder().getNoneType()` for each, inference replaces them.
  template <typename OpT, typename... Args>
  llvm::SmallVector<mlir::Value> createMulti(Args &&...args) {
    if (hasFailed())
      return {};
    mlir::OperationState state(location, OpT::getOperationName());
    OpT::build(opBuilder, state, std::forward<Args>(args)...);
    if (!inferResultTypes<OpT>(state))
      return {};
    return finishMulti(state);
  }

  /// Builds an op with an explicit result type, e.g.
  /// `createTyped<ReshapeOp>(type, input)`.
  template <typename OpT, typename... Args>
  mlir::Value createTyped(mlir::Type resultType, Args &&...args) {
    if (hasFailed())
      return {};
    mlir::OperationState state(location, OpT::getOperationName());
    OpT::build(opBuilder, state, resultType, std::forward<Args>(args)...);
    if (hasMissingOperand(state))
      return {};
    return finish(state);
  }

  /// The largest constant (in elements) the importer builds or folds.
  int64_t maxConstantElements() const { return maxFoldElements; }

  /// A `loom.constant` holding `tensor`.
  mlir::Value constant(const Tensor &tensor);
  /// A rank-0 constant of element type `type`.
  mlir::Value scalar(mlir::Type elementType, double value);

  //===--------------------------------------------------------------------===//
  // Results and failures
  //===--------------------------------------------------------------------===//

  /// Sets the node's outputs in order; an output the node leaves unnamed
  /// may be given a null value.
  mlir::LogicalResult setResults(llvm::ArrayRef<mlir::Value> values);
  /// The same for outputs that may be sequences or empty optionals.
  mlir::LogicalResult setValueResults(llvm::ArrayRef<OnnxValue> values);
  /// The outputs; a tensor output left null is not produced.
  llvm::ArrayRef<OnnxValue> results() const { return resultValues; }

  /// `axis` in [-rank, rank) made non-negative; records a failure naming
  /// `what` and returns nullopt otherwise.
  std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                       llvm::StringRef what = "axis");

  /// Records why the node cannot be imported; returns failure.
  mlir::LogicalResult fail(const llvm::Twine &reason);
  bool hasFailed() const { return !failureReason.empty(); }
  const std::string &reason() const { return failureReason; }
  /// True when the failure is a subgraph's, whose errors are reported
  /// already.
  bool failedInBody() const { return bodyFailed; }

private:
  /// Collects the diagnostics emitted while building one op.
  class CapturedDiagnostics {
  public:
    explicit CapturedDiagnostics(NodeContext &node);
    std::string text;

  private:
    mlir::ScopedDiagnosticHandler handler;
  };

  /// Replaces the stand-in result types in `state` with the op's
  /// inferred ones; false (with the reason recorded) when inference fails.
  template <typename OpT> bool inferResultTypes(mlir::OperationState &state) {
    state.types.clear();
    if (hasMissingOperand(state))
      return false;
    llvm::SmallVector<mlir::Type> types;
    CapturedDiagnostics captured(*this);
    if (mlir::failed(OpT::inferReturnTypes(
            context(), location, mlir::ValueRange(state.operands),
            state.attributes.getDictionary(context()),
            state.getRawProperties(), state.regions, types))) {
      recordBuildFailure(captured, OpT::getOperationName());
      return false;
    }
    state.addTypes(types);
    return true;
  }

  /// Fails when a converter passed a null value (an absent input or the
  /// result of an earlier failed build) as an operand.
  bool hasMissingOperand(const mlir::OperationState &state);
  mlir::Value recordBuildFailure(const CapturedDiagnostics &captured,
                                 llvm::StringRef opName);
  /// Creates the op, verifies it and folds it when its operands are
  /// constants.
  mlir::Value finish(mlir::OperationState &state);
  /// The same for ops with any number of results.
  llvm::SmallVector<mlir::Value> finishMulti(mlir::OperationState &state);

  const onnx::NodeProto &nodeProto;
  int64_t opsetVersion;
  /// The tensor inputs (null where omitted or not a tensor), and every
  /// input as bound (nullopt where omitted).
  llvm::SmallVector<mlir::Value> inputValues;
  llvm::SmallVector<std::optional<OnnxValue>> inputItems;
  mlir::OpBuilder &opBuilder;
  mlir::Location location;
  std::string baseDirectory;
  int64_t maxFoldElements;
  int64_t dimBoundValue = 0;
  llvm::SmallVector<OnnxValue> resultValues;
  std::string failureReason;
  bool bodyFailed = false;
  std::string nodeName;
  const llvm::StringMap<OnnxValue> *graphValues = nullptr;
  SubgraphImporter *subgraphImporter = nullptr;
  const llvm::DenseSet<mlir::Value> *unfoldable = nullptr;
};

/// The element type of a tensor value.
inline mlir::Type elementTypeOf(mlir::Value value) {
  return mlir::getElementTypeOrSelf(value.getType());
}

/// Converts one node; on failure it has called `node.fail`.
using ConverterFn = mlir::LogicalResult (*)(NodeContext &node);

/// Converters by operator domain ("" is the default domain, ai.onnx) and
/// type.
class ConverterRegistry {
public:
  /// Registers the converter of `opType` in the default domain.
  void add(llvm::StringRef opType, ConverterFn converter) {
    add("", opType, converter);
  }
  void add(llvm::StringRef domain, llvm::StringRef opType,
           ConverterFn converter) {
    domains[domain][opType] = converter;
  }
  /// Registers the converter of `opType` in the default domain for inputs
  /// of any kind: the importer gives the other operators tensors only and
  /// refuses a sequence or an empty optional by name.
  void addTakingAnyValue(llvm::StringRef opType, ConverterFn converter) {
    add(opType, converter);
    anyValue.insert(opType);
  }
  bool takesAnyValue(llvm::StringRef domain, llvm::StringRef opType) const {
    return domain.empty() && anyValue.contains(opType);
  }
  ConverterFn lookup(llvm::StringRef domain, llvm::StringRef opType) const {
    auto byDomain = domains.find(domain);
    if (byDomain == domains.end())
      return nullptr;
    auto it = byDomain->second.find(opType);
    return it == byDomain->second.end() ? nullptr : it->second;
  }
  /// Every operator, sorted; those of other domains as "domain.OpType".
  std::vector<std::string> opTypes() const;

private:
  llvm::StringMap<llvm::StringMap<ConverterFn>> domains;
  llvm::StringSet<> anyValue;
};

/// The registry with every converter, built once.
const ConverterRegistry &converterRegistry();

// One function per converter file.
void registerElementwiseConverters(ConverterRegistry &registry);
void registerNNConverters(ConverterRegistry &registry);
void registerContractionConverters(ConverterRegistry &registry);
void registerNormalizationConverters(ConverterRegistry &registry);
void registerReductionConverters(ConverterRegistry &registry);
void registerShapeConverters(ConverterRegistry &registry);
void registerIndexingConverters(ConverterRegistry &registry);
void registerLossConverters(ConverterRegistry &registry);
void registerMathConverters(ConverterRegistry &registry);
void registerRecurrentConverters(ConverterRegistry &registry);
void registerQuantizationConverters(ConverterRegistry &registry);
void registerTrainingConverters(ConverterRegistry &registry);
void registerSequenceConverters(ConverterRegistry &registry);
void registerControlFlowConverters(ConverterRegistry &registry);
void registerDataShapedConverters(ConverterRegistry &registry);

} // namespace loom::onnx_import

#endif // LOOM_FRONTEND_ONNX_NODECONTEXT_H
