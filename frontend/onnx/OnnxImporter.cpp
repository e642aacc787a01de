//===- OnnxImporter.cpp - Imports ONNX models into the loom dialect ----------===//
//
// Part of the Loom project.
//
// Walks the graph in order (ONNX requires topological order), binds each
// value name to an MLIR value (or, for a sequence, a list of them), and
// hands each node to its converter. A node that cannot be converted is
// reported and its outputs are poisoned, so one run lists every
// unsupported node without cascading errors. Subgraphs (If branches, Loop
// and Scan bodies) are imported inline where their node is, as often as
// the node's converter asks (once per iteration of an unrolled loop).
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/OnnxImporter.h"

#include "frontend/onnx/NodeContext.h"
#include "frontend/onnx/OnnxSchema.h"
#include "frontend/onnx/OnnxVersionConverter.h"
#include "frontend/onnx/QdqFusion.h"
#include "frontend/onnx/TensorProto.h"

#include "evaluator/Evaluator.h"
#include "ir/LoomOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "onnx/onnx_pb.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <climits>
#include <limits>

using namespace mlir;

namespace loom::onnx_import {

namespace {

constexpr int64_t kMinOpset = 7;
constexpr int64_t kMaxOpset = 17;
/// The most nodes of subgraphs one import builds, over every unrolled
/// iteration and nested subgraph, so that a hostile model (loops within
/// loops) cannot stall the import.
constexpr int64_t kMaxSubgraphNodes = 1 << 17;

bool isDefaultDomain(const std::string &domain) {
  return domain.empty() || domain == "ai.onnx";
}

/// The domains besides the default one that Loom converts nodes of, with
/// the versions it knows.
struct OtherDomain {
  const char *name;
  int64_t minVersion, maxVersion;
};
constexpr OtherDomain kOtherDomains[] = {
    // Adagrad, Adam, Momentum and Gradient (TrainingConverters.cpp).
    {"ai.onnx.preview.training", 1, 1},
};

/// The names of a sequence's tensors among the function's arguments and
/// results: sequence `xs` of 3 tensors is `xs.0`, `xs.1`, `xs.2`.
std::string elementName(StringRef sequence, size_t index) {
  return (sequence + "." + Twine(index)).str();
}

std::string formatDims(ArrayRef<int64_t> dims) {
  std::string text;
  for (auto [index, dim] : llvm::enumerate(dims)) {
    if (index)
      text += "x";
    text += ShapedType::isDynamic(dim) ? "?" : std::to_string(dim);
  }
  return text;
}

/// Reports every message as an error without a location (each already
/// names the model) and yields a null module.
OwningOpRef<ModuleOp> reportErrors(MLIRContext &context,
                                   const std::vector<std::string> &errors) {
  for (const std::string &message : errors)
    emitError(UnknownLoc::get(&context)) << message;
  return nullptr;
}

/// The dimensions of an ONNX tensor type, "?" for unknown ones; "scalar"
/// for rank 0 and "?" without a shape.
std::string formatOnnxDims(const onnx::TypeProto::Tensor &type) {
  if (!type.has_shape())
    return "?";
  if (type.shape().dim_size() == 0)
    return "scalar";
  std::string text;
  for (const onnx::TensorShapeProto::Dimension &dim : type.shape().dim())
    text += (text.empty() ? "" : "x") +
            (dim.has_dim_value() ? std::to_string(dim.dim_value()) : "?");
  return text;
}

/// "seq(tensor(float, ?x3))", "optional(tensor(int64, 4))", for messages.
std::string formatOnnxType(const onnx::TypeProto &type) {
  if (type.has_tensor_type())
    return "tensor(" + onnxTypeName(type.tensor_type().elem_type()) + ", " +
           formatOnnxDims(type.tensor_type()) + ")";
  if (type.has_sequence_type())
    return "seq(" + formatOnnxType(type.sequence_type().elem_type()) + ")";
  if (type.has_optional_type())
    return "optional(" + formatOnnxType(type.optional_type().elem_type()) +
           ")";
  if (type.has_map_type())
    return "map";
  return "an unknown type";
}

/// How one graph input becomes arguments of @main: a tensor is one, a
/// sequence one per tensor (named NAME.0, NAME.1, ...), an empty optional
/// none.
struct InputArguments {
  OnnxValue::Kind kind = OnnxValue::Kind::Tensor;
  SmallVector<Type> types;
  SmallVector<std::string> names;
  /// Per argument, its symbolic dimensions (ImportOptions::
  /// symbolicDimBound).
  SmallVector<SmallVector<int64_t>> symbolicDims;
  /// Kind::Sequence: the tensors' element type.
  Type elementType;
};

class GraphImporter : public SubgraphImporter {
public:
  GraphImporter(MLIRContext &context, StringRef displayName,
                StringRef baseDirectory, const ImportOptions &options)
      : context(context), displayName(displayName.str()),
        baseDirectory(baseDirectory.str()), options(options) {}

  OwningOpRef<ModuleOp> run(onnx::ModelProto &model);

  FailureOr<SmallVector<OnnxValue>>
  importSubgraph(const onnx::GraphProto &graph, ArrayRef<OnnxValue> inputs,
                 StringRef scope, const Binding &binding) override;

private:
  OwningOpRef<ModuleOp> report() { return reportErrors(context, errors); }
  void error(const Twine &message) {
    errors.push_back((displayName + ": " + message).str());
  }
  /// Reads the default domain's opset and the versions of the other
  /// domains; upgrades a model at opsets 1 to 6 to kMinOpset with ONNX's
  /// version converter. A model that imports no opset of the default
  /// domain (only ai.onnx.preview.training's, say) is taken when none of
  /// its nodes is in the default domain.
  LogicalResult readOpset(onnx::ModelProto &model);
  /// ImportOptions::returnRunningStatistics: appends the running mean and
  /// variance that each training-mode BatchNormalization of `graph`
  /// computes (outputs 1 and 2) to `results`, named after the initializer
  /// each updates (inputs 3 and 4), unless a graph output has that name.
  void appendRunningStatistics(const onnx::GraphProto &graph,
                               SmallVectorImpl<Value> &results,
                               SmallVectorImpl<std::string> &names);
  /// Checks what ONNX's IR import trusts in `graph` and its subgraphs
  /// (`outer` holds the values of the enclosing graphs): every tensor
  /// (initializers, tensor attributes) reads as the importer reads it, and
  /// every graph output and value_info names a defined value. Reports the
  /// first problem.
  LogicalResult checkForConverter(const onnx::GraphProto &graph,
                                  const llvm::StringSet<> &outer);
  /// The user's --input-shape for the graph input `name` at `position`, or
  /// null.
  const InputShape *givenShape(StringRef name, size_t position) const;
  /// The arguments of graph input `info`, with the user's shape applied.
  std::optional<InputArguments> inputArguments(const onnx::ValueInfoProto &info,
                                               size_t position);
  /// The type of a tensor input of ONNX type `tensorType` (`what` names it
  /// in messages: "input 'x'", "input 'xs' tensor 1"), with the user's
  /// shape `given` (null: none) applied; appends its symbolic dimensions
  /// to `symbolicDims`.
  std::optional<RankedTensorType>
  tensorInputType(const std::string &name, const std::string &what,
                  const onnx::TypeProto::Tensor &tensorType,
                  const std::vector<int64_t> *given,
                  SmallVector<SmallVector<int64_t>> &symbolicDims);
  void importNode(const onnx::NodeProto &node, size_t index);

  MLIRContext &context;
  std::string displayName;
  std::string baseDirectory;
  const ImportOptions &options;
  /// The default domain's opset; 0 when the model imports none.
  int64_t opset = 0;
  /// The model's own opset when it was upgraded, else 0.
  int64_t upgradedFrom = 0;
  /// The versions the model imports of the other domains, by name.
  llvm::StringMap<int64_t> domainVersions;
  llvm::StringMap<OnnxValue> values;
  /// Where nodes are built: the end of @main's body.
  OpBuilder *builder = nullptr;
  /// Prefixed to the errors of the nodes of the subgraph being imported
  /// ("in the then branch of node 'If_0': ").
  std::string scopePrefix;
  /// The subgraph nodes imported so far (kMaxSubgraphNodes).
  int64_t subgraphNodes = 0;
  /// The float initializers of rank >= 1, which ImportOptions::
  /// foldParameters keeps from being folded.
  llvm::DenseSet<Value> parameters;
  /// Names produced by nodes that failed: uses are not reported again.
  llvm::StringSet<> poisoned;
  std::vector<std::string> errors;
};

LogicalResult GraphImporter::readOpset(onnx::ModelProto &model) {
  bool importsDefault = false;
  for (const onnx::OperatorSetIdProto &entry : model.opset_import()) {
    if (isDefaultDomain(entry.domain())) {
      opset = entry.version();
      importsDefault = true;
    } else {
      domainVersions[entry.domain()] = entry.version();
    }
  }
  if (model.opset_import_size() == 0) {
    opset = 1; // ONNX: a model without opset_import is at opset 1
    importsDefault = true;
    model.add_opset_import()->set_version(1);
  }
  if (!importsDefault) {
    for (const onnx::NodeProto &node : model.graph().node())
      if (isDefaultDomain(node.domain())) {
        error("node '" + node.name() + "' (" + node.op_type() +
              ") is in the default domain, of which the model imports no "
              "opset");
        return failure();
      }
    return success();
  }
  if (opset >= 1 && opset < kMinOpset) {
    // ONNX's IR, which its converter builds, trusts its input: the sizes
    // of tensor data, and that every output and value_info names a value
    // (a fuzzed model crashed it). Both are checked first.
    if (failed(checkForConverter(model.graph(), {})))
      return failure();
    std::string reason;
    std::optional<OpsetUpgrade> upgrade =
        upgradeOpset(model, static_cast<int>(kMinOpset), reason);
    if (!upgrade) {
      error("opset " + Twine(opset) + " of the default domain: " + reason);
      return failure();
    }
    for (const std::string &line : upgrade->lossy)
      emitWarning(UnknownLoc::get(&context))
          << displayName << ": the upgrade from opset " << opset << " to "
          << kMinOpset << " is lossy: " << line;
    upgradedFrom = opset;
    opset = kMinOpset;
  }
  if (opset < kMinOpset || opset > kMaxOpset) {
    error("opset " + Twine(opset) + " of the default domain is not supported (" +
          Twine(kMinOpset) + " to " + Twine(kMaxOpset) +
          "; 1 to 6 are upgraded to " + Twine(kMinOpset) + ")");
    return failure();
  }
  return success();
}

LogicalResult
GraphImporter::checkForConverter(const onnx::GraphProto &graph,
                                 const llvm::StringSet<> &outer) {
  std::string reason;
  llvm::StringSet<> defined = outer;
  for (const onnx::ValueInfoProto &input : graph.input())
    defined.insert(input.name());
  for (const onnx::TensorProto &tensor : graph.initializer()) {
    if (!tensorFromProto(tensor, baseDirectory, reason)) {
      error("initializer '" + tensor.name() + "': " + reason);
      return failure();
    }
    defined.insert(tensor.name());
  }
  if (graph.sparse_initializer_size()) {
    error("sparse initializers are not supported");
    return failure();
  }
  for (const onnx::NodeProto &node : graph.node()) {
    for (const onnx::AttributeProto &attribute : node.attribute()) {
      if (attribute.has_t() &&
          !tensorFromProto(attribute.t(), baseDirectory, reason)) {
        error("node '" + node.name() + "' (" + node.op_type() +
              "): attribute '" + attribute.name() + "': " + reason);
        return failure();
      }
      if (attribute.tensors_size() || attribute.has_sparse_tensor() ||
          attribute.sparse_tensors_size()) {
        error("node '" + node.name() + "' (" + node.op_type() +
              "): attribute '" + attribute.name() +
              "' holds tensors of a kind that is not supported");
        return failure();
      }
      if (attribute.has_g() && failed(checkForConverter(attribute.g(), defined)))
        return failure();
      for (const onnx::GraphProto &subgraph : attribute.graphs())
        if (failed(checkForConverter(subgraph, defined)))
          return failure();
    }
    for (const std::string &output : node.output())
      defined.insert(output);
  }
  for (const onnx::ValueInfoProto &output : graph.output())
    if (!defined.contains(output.name())) {
      error("graph output '" + output.name() + "' is never produced");
      return failure();
    }
  for (const onnx::ValueInfoProto &info : graph.value_info())
    if (!defined.contains(info.name())) {
      error("value_info '" + info.name() + "' names no value of the graph");
      return failure();
    }
  return success();
}

const InputShape *GraphImporter::givenShape(StringRef name,
                                            size_t position) const {
  const InputShape *given = nullptr;
  for (const InputShape &shape : options.inputShapes)
    if (shape.index ? *shape.index == position : shape.name == name)
      given = &shape;
  return given;
}

std::optional<InputArguments>
GraphImporter::inputArguments(const onnx::ValueInfoProto &info,
                              size_t position) {
  const std::string &name = info.name();
  const InputShape *given = givenShape(name, position);
  InputArguments arguments;
  if (!info.has_type()) {
    error("input '" + name + "' has no type");
    return std::nullopt;
  }
  const onnx::TypeProto *type = &info.type();
  if (type->has_optional_type()) {
    // Whether an optional input holds a value is fixed at compile time: it
    // does unless the user says NAME:none.
    if (given && given->absent) {
      arguments.kind = OnnxValue::Kind::None;
      return arguments;
    }
    type = &type->optional_type().elem_type();
  } else if (given && given->absent) {
    error("input '" + name + "' is not optional; --input-shape=" + name +
          ":none is for an optional input");
    return std::nullopt;
  }
  if (type->has_tensor_type()) {
    if (given && given->sequence) {
      error("input '" + name + "' is a tensor, but --input-shape gives it " +
            "the shapes of a sequence");
      return std::nullopt;
    }
    std::optional<RankedTensorType> tensor = tensorInputType(
        name, "input '" + name + "'", type->tensor_type(),
        given ? &given->dims : nullptr, arguments.symbolicDims);
    if (!tensor)
      return std::nullopt;
    arguments.types.push_back(*tensor);
    arguments.names.push_back(name);
    return arguments;
  }
  if (!type->has_sequence_type() ||
      !type->sequence_type().elem_type().has_tensor_type()) {
    error("input '" + name + "' has type " + formatOnnxType(info.type()) +
          ", which is not supported (tensors, sequences of tensors and " +
          "optionals of either are)");
    return std::nullopt;
  }
  // A sequence's length and the shape of each of its tensors are fixed at
  // compile time: the user gives one shape per tensor.
  const onnx::TypeProto::Tensor &elementType =
      type->sequence_type().elem_type().tensor_type();
  std::optional<DType> dtype = dtypeFromOnnx(elementType.elem_type());
  if (!dtype) {
    error("input '" + name + "' has element type " +
          onnxTypeName(elementType.elem_type()) + ", which is not supported");
    return std::nullopt;
  }
  if (!given) {
    error("input '" + name + "' is a sequence, whose length and shapes " +
          "Loom fixes at compile time; give the shape of each of its " +
          "tensors with --input-shape=" + name +
          ":DIMS,DIMS,... (the model has " + formatOnnxType(info.type()) +
          ")");
    return std::nullopt;
  }
  std::vector<std::vector<int64_t>> shapes =
      given->sequence ? *given->sequence
                      : std::vector<std::vector<int64_t>>{given->dims};
  arguments.kind = OnnxValue::Kind::Sequence;
  arguments.elementType = eval::elementTypeOf(&context, *dtype);
  for (auto [index, shape] : llvm::enumerate(shapes)) {
    std::optional<RankedTensorType> tensor = tensorInputType(
        name, "input '" + name + "' tensor " + std::to_string(index),
        elementType, &shape, arguments.symbolicDims);
    if (!tensor)
      return std::nullopt;
    arguments.types.push_back(*tensor);
    arguments.names.push_back(elementName(name, index));
  }
  return arguments;
}

std::optional<RankedTensorType>
GraphImporter::tensorInputType(const std::string &name, const std::string &what,
                               const onnx::TypeProto::Tensor &tensorType,
                               const std::vector<int64_t> *given,
                               SmallVector<SmallVector<int64_t>> &symbolicDims) {
  std::optional<DType> dtype = dtypeFromOnnx(tensorType.elem_type());
  if (!dtype) {
    error(what + " has element type " + onnxTypeName(tensorType.elem_type()) +
          ", which is not supported");
    return std::nullopt;
  }
  SmallVector<int64_t> dims;
  SmallVector<std::string> dimNames;
  if (tensorType.has_shape()) {
    for (const onnx::TensorShapeProto::Dimension &dim : tensorType.shape().dim()) {
      dims.push_back(dim.has_dim_value() && dim.dim_value() >= 0
                         ? dim.dim_value()
                         : ShapedType::kDynamic);
      dimNames.push_back(dim.has_dim_param() ? dim.dim_param() : "");
    }
  }
  if (given) {
    if (tensorType.has_shape() && given->size() != dims.size()) {
      error(what + " has rank " + Twine(dims.size()) +
            " but --input-shape gives " +
            (given->empty() ? "scalar" : formatDims(*given)));
      return std::nullopt;
    }
    for (size_t i = 0; i < dims.size(); ++i) {
      if (!ShapedType::isDynamic(dims[i]) && dims[i] != (*given)[i]) {
        error(what + " has dimension " + Twine(i) + " of size " +
              Twine(dims[i]) + " but --input-shape gives " +
              (ShapedType::isDynamic((*given)[i])
                   ? Twine("'?' (the model fixes it, so it cannot be "
                           "symbolic)")
                   : Twine((*given)[i])));
        return std::nullopt;
      }
    }
    dims.assign(given->begin(), given->end());
    dimNames.assign(dims.size(), "");
  }
  if (!tensorType.has_shape() && dims.empty() && !given) {
    error(what + " has no shape; give it with --input-shape=" + name +
          ":DIMS");
    return std::nullopt;
  }
  SmallVector<int64_t> symbolic;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (!ShapedType::isDynamic(dims[i]))
      continue;
    if (options.symbolicDimBound > 0) {
      dims[i] = options.symbolicDimBound;
      symbolic.push_back(static_cast<int64_t>(i));
      continue;
    }
    std::string symbol =
        dimNames[i].empty() ? "" : " ('" + dimNames[i] + "')";
    error(what + " dimension " + Twine(i) + symbol +
          " is unknown; give all sizes with --input-shape=" + name +
          ":DIMS (the model has " + formatDims(dims) +
          "), or keep it symbolic with an upper bound, --max-dim=N");
    return std::nullopt;
  }
  // Element counts must fit in 64 bits, or every size computation later on
  // could overflow.
  int64_t count = 1;
  for (int64_t dim : dims) {
    if (dim != 0 && count > std::numeric_limits<int64_t>::max() / 16 / dim) {
      error(what + " shape " + formatDims(dims) + " is too large");
      return std::nullopt;
    }
    count *= dim;
  }
  symbolicDims.push_back(std::move(symbolic));
  return RankedTensorType::get(dims, eval::elementTypeOf(&context, *dtype));
}

void GraphImporter::importNode(const onnx::NodeProto &node, size_t index) {
  std::string name =
      node.name().empty() ? node.op_type() + "_" + std::to_string(index)
                          : node.name();
  // The node's domain ("" for the default one), and its version there
  // when Loom knows the domain.
  bool inDefault = isDefaultDomain(node.domain());
  std::string domain = inDefault ? "" : node.domain();
  const OtherDomain *known =
      llvm::find_if(kOtherDomains, [&](const OtherDomain &other) {
        return domain == other.name;
      });
  bool inOther = known != std::end(kOtherDomains);
  int64_t version = opset;
  if (inOther) {
    auto it = domainVersions.find(domain);
    version = it == domainVersions.end() ? 0 : it->second;
  }
  auto fail = [&](const Twine &reason) {
    std::string where =
        inOther ? domain + " version " + std::to_string(version)
                : "opset " + std::to_string(opset);
    if (!inOther && upgradedFrom)
      where += ", upgraded from " + std::to_string(upgradedFrom);
    error(scopePrefix + "node '" + name + "' (" + node.op_type() + ", " +
          where + "): " + reason);
    for (const std::string &output : node.output())
      poisoned.insert(output);
  };

  if (!inDefault && !inOther)
    return fail("domain '" + domain + "' is not supported");
  if (inOther && !domainVersions.count(domain))
    return fail("the model imports no version of domain '" + domain + "'");
  if (inOther && (version < known->minVersion || version > known->maxVersion))
    return fail("version " + Twine(version) + " of domain '" + domain +
                "' is not supported (" + Twine(known->minVersion) + " to " +
                Twine(known->maxVersion) + ")");
  ConverterFn converter = converterRegistry().lookup(domain, node.op_type());
  if (!converter)
    return fail("operator is not supported");
  // Check the node against ONNX's own schema of the operator at this opset,
  // so that converters can rely on every required input and the arity.
  std::optional<OperatorSignature> signature =
      lookupOperator(node.op_type(), static_cast<int>(version), domain);
  if (!signature)
    return fail("operator does not exist at this opset");
  if (node.input_size() < signature->minInputs ||
      node.input_size() > signature->maxInputs)
    return fail("has " + Twine(node.input_size()) +
                " inputs; the operator takes " + Twine(signature->minInputs) +
                " to " + Twine(signature->maxInputs));
  if (node.output_size() < signature->minOutputs ||
      node.output_size() > signature->maxOutputs)
    return fail("has " + Twine(node.output_size()) +
                " outputs; the operator produces " +
                Twine(signature->minOutputs) + " to " +
                Twine(signature->maxOutputs));
  for (size_t index = 0; index < signature->required.size(); ++index)
    if (signature->required[index] &&
        (static_cast<int>(index) >= node.input_size() ||
         node.input(static_cast<int>(index)).empty()))
      return fail("required input " + Twine(index) + " ('" +
                  signature->inputNames[index] + "') is missing");

  SmallVector<OnnxValue> inputs;
  bool takesAnyValue =
      converterRegistry().takesAnyValue(domain, node.op_type());
  for (const std::string &input : node.input()) {
    if (input.empty()) {
      inputs.push_back(OnnxValue::ofTensor(Value()));
      continue;
    }
    if (poisoned.contains(input)) { // reported at its producer
      for (const std::string &output : node.output())
        poisoned.insert(output);
      return;
    }
    auto it = values.find(input);
    if (it == values.end())
      return fail("input '" + input + "' is not defined before this node");
    if (!it->second.isTensor() && !takesAnyValue)
      return fail("input '" + input + "' is " + it->second.describe() +
                  "; the operator takes tensors");
    if (it->second.isDataShaped())
      return fail("input '" + input + "' has a size that depends on data (" +
                  it->second.producer +
                  "); computing on a data-dependent size is not built, only "
                  "graph outputs may have one (docs/dynamic-shapes.md)");
    inputs.push_back(it->second);
  }

  Location loc = NameLoc::get(
      StringAttr::get(&context, name),
      FileLineColLoc::get(&context, displayName, /*line=*/index + 1, 0));
  NodeContext nodeContext(node, version, inputs, *builder, loc, baseDirectory,
                          options.maxFoldElements);
  nodeContext.setName(name);
  nodeContext.setGraphValues(&values);
  nodeContext.setSubgraphImporter(this);
  if (!options.foldParameters)
    nodeContext.setUnfoldable(&parameters);
  nodeContext.setDimBound(options.symbolicDimBound);
  if (failed(converter(nodeContext)) || nodeContext.hasFailed()) {
    // A subgraph's nodes have reported their errors already.
    if (nodeContext.failedInBody()) {
      for (const std::string &output : node.output())
        poisoned.insert(output);
      return;
    }
    return fail(nodeContext.reason().empty() ? "conversion failed"
                                             : nodeContext.reason());
  }
  ArrayRef<OnnxValue> results = nodeContext.results();
  for (int i = 0; i < node.output_size(); ++i) {
    const std::string &output = node.output(i);
    if (output.empty())
      continue;
    if (i >= static_cast<int>(results.size()) ||
        (results[i].isTensor() && !results[i].tensor))
      return fail("output " + Twine(i) + " ('" + output + "') is not produced");
    values[output] = results[i];
  }
}

FailureOr<SmallVector<OnnxValue>>
GraphImporter::importSubgraph(const onnx::GraphProto &graph,
                              ArrayRef<OnnxValue> inputs, StringRef scope,
                              const Binding &binding) {
  std::string outerScope = scopePrefix;
  scopePrefix += scope.str();
  size_t errorsBefore = errors.size();
  // The names the subgraph binds hide those of the enclosing graphs while
  // it is imported; they are restored afterwards.
  struct Saved {
    std::string name;
    std::optional<OnnxValue> value;
    bool poisoned;
  };
  std::vector<Saved> saved;
  llvm::StringSet<> bound;
  auto save = [&](const std::string &name) {
    if (name.empty() || !bound.insert(name).second)
      return;
    auto it = values.find(name);
    saved.push_back({name,
                     it == values.end() ? std::nullopt
                                        : std::optional<OnnxValue>(it->second),
                     poisoned.contains(name)});
    values.erase(name);
    poisoned.erase(name);
  };
  auto restore = [&] {
    for (Saved &entry : llvm::reverse(saved)) {
      values.erase(entry.name);
      poisoned.erase(entry.name);
      if (entry.value)
        values[entry.name] = std::move(*entry.value);
      if (entry.poisoned)
        poisoned.insert(entry.name);
    }
    scopePrefix = outerScope;
  };

  if (graph.input_size() != static_cast<int>(inputs.size())) {
    error(scopePrefix + "the subgraph has " + Twine(graph.input_size()) +
          " inputs but is given " + Twine(inputs.size()));
    restore();
    return failure();
  }
  subgraphNodes += graph.node_size();
  if (subgraphNodes > kMaxSubgraphNodes) {
    error(scopePrefix + "the unrolled subgraphs have more than " +
          Twine(kMaxSubgraphNodes) + " nodes, the most the importer builds");
    restore();
    return failure();
  }
  for (const auto &[name, value] : binding.names) {
    save(name);
    values[name] = value;
  }
  for (auto [info, value] : llvm::zip(graph.input(), inputs)) {
    save(info.name());
    values[info.name()] = value;
  }
  for (const onnx::TensorProto &tensor : graph.initializer()) {
    save(tensor.name());
    std::string reason;
    std::optional<Tensor> value = tensorFromProto(tensor, baseDirectory, reason);
    if (!value) {
      error(scopePrefix + "initializer '" + tensor.name() + "': " + reason);
      poisoned.insert(tensor.name());
      continue;
    }
    auto type = RankedTensorType::get(
        value->shape(), eval::elementTypeOf(&context, value->dtype()));
    values[tensor.name()] = OnnxValue::ofTensor(ConstantOp::create(
        *builder, NameLoc::get(builder->getStringAttr(tensor.name())),
        eval::attrFromTensor(*value, type)));
  }
  for (auto [index, node] : llvm::enumerate(graph.node())) {
    for (const std::string &output : node.output())
      save(output);
    importNode(node, index);
  }
  SmallVector<OnnxValue> outputs;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    auto it = values.find(output.name());
    if (it != values.end() && it->second.isDataShaped())
      error(scopePrefix + "subgraph output '" + output.name() +
            "' has a size that depends on data (" + it->second.producer +
            "); only the main graph's outputs may have one");
    else if (it != values.end())
      outputs.push_back(it->second);
    else if (!poisoned.contains(output.name()))
      error(scopePrefix + "subgraph output '" + output.name() +
            "' is never produced");
  }
  bool ok = errors.size() == errorsBefore &&
            outputs.size() == static_cast<size_t>(graph.output_size());
  restore();
  if (!ok && binding.tentative)
    errors.resize(errorsBefore);
  // Without an error of its own, the failure is an output poisoned by a
  // node of an enclosing graph, which reported it.
  if (!ok)
    return failure();
  return outputs;
}

void GraphImporter::appendRunningStatistics(
    const onnx::GraphProto &graph, SmallVectorImpl<Value> &results,
    SmallVectorImpl<std::string> &names) {
  llvm::StringSet<> initializers;
  for (const onnx::TensorProto &tensor : graph.initializer())
    initializers.insert(tensor.name());
  for (const onnx::NodeProto &node : graph.node()) {
    if (node.op_type() != "BatchNormalization" || !node.domain().empty())
      continue;
    bool training = false;
    for (const onnx::AttributeProto &attribute : node.attribute())
      if (attribute.name() == "training_mode")
        training = attribute.i() != 0;
    if (!training)
      continue;
    // Outputs 1 and 2 (running mean, running variance) update inputs 3
    // and 4.
    for (int output : {1, 2}) {
      if (node.output_size() <= output || node.input_size() <= output + 2)
        continue;
      const std::string &updated = node.input(output + 2);
      auto it = values.find(node.output(output));
      if (it == values.end() || !initializers.contains(updated) ||
          llvm::is_contained(names, updated))
        continue;
      if (!it->second.isTensor())
        continue;
      results.push_back(it->second.tensor);
      names.push_back(updated);
    }
  }
}

OwningOpRef<ModuleOp> GraphImporter::run(onnx::ModelProto &model) {
  context.loadDialect<LoomDialect, func::FuncDialect>();
  if (!model.has_graph()) {
    error("the model has no graph");
  } else if (succeeded(readOpset(model))) {
    // QDQ convolutions and Gemms become integer products requantized once,
    // as ONNX Runtime computes them.
    fuseQdqContractions(*model.mutable_graph(), baseDirectory);
    const onnx::GraphProto &graph = model.graph();
    OpBuilder builder(&context);
    this->builder = &builder;
    OwningOpRef<ModuleOp> module(
        ModuleOp::create(FileLineColLoc::get(&context, displayName, 0, 0)));

    llvm::StringMap<const onnx::TensorProto *> initializers;
    for (const onnx::TensorProto &tensor : graph.initializer())
      initializers[tensor.name()] = &tensor;

    // Graph inputs that have an initializer are constants with a default.
    SmallVector<const onnx::ValueInfoProto *> inputs;
    SmallVector<InputArguments> inputArgs;
    SmallVector<Type> inputTypes;
    llvm::StringMap<std::string> argumentOwner;
    for (const onnx::ValueInfoProto &info : graph.input()) {
      if (initializers.count(info.name()) ||
          options.constantInputs.count(info.name()))
        continue;
      if (std::optional<InputArguments> arguments =
              inputArguments(info, inputs.size())) {
        // The tensors of a sequence `xs` are arguments `xs.0`, ...: no
        // name may be given twice.
        for (const std::string &name : arguments->names) {
          auto [it, fresh] = argumentOwner.try_emplace(name, info.name());
          if (!fresh)
            error("inputs '" + it->second + "' and '" + info.name() +
                  "' both give the function an argument named '" + name +
                  "'");
        }
        llvm::append_range(inputTypes, arguments->types);
        inputArgs.push_back(std::move(*arguments));
      }
      inputs.push_back(&info);
    }
    for (const InputShape &shape : options.inputShapes) {
      if (shape.index && *shape.index >= inputs.size())
        error("--input-shape names input #" + Twine(*shape.index) +
              " but the model has " + Twine(inputs.size()) + " inputs");
      if (!shape.index && llvm::none_of(inputs, [&](auto *info) {
            return info->name() == shape.name;
          }))
        error("--input-shape names input '" + shape.name +
              "', which the model does not have");
    }
    if (!errors.empty())
      return report();

    auto function = func::FuncOp::create(
        builder, module->getLoc(), "main",
        builder.getFunctionType(inputTypes, {}));
    module->push_back(function);
    Block *body = function.addEntryBlock();
    builder.setInsertionPointToStart(body);
    unsigned next = 0;
    for (auto [info, arguments] : llvm::zip(inputs, inputArgs)) {
      SmallVector<Value> bound;
      for (auto [name, symbolic] :
           llvm::zip(arguments.names, arguments.symbolicDims)) {
        unsigned number = next++;
        bound.push_back(function.getArgument(number));
        function.setArgAttr(number, "loom.name", builder.getStringAttr(name));
        if (!symbolic.empty())
          function.setArgAttr(number, "loom.symbolic_dims",
                              builder.getDenseI64ArrayAttr(symbolic));
      }
      switch (arguments.kind) {
      case OnnxValue::Kind::Tensor:
        values[info->name()] = OnnxValue::ofTensor(bound.front());
        break;
      case OnnxValue::Kind::Sequence:
        values[info->name()] =
            OnnxValue::ofSequence(bound, arguments.elementType);
        break;
      case OnnxValue::Kind::None:
        values[info->name()] = OnnxValue::none();
        break;
      }
    }

    for (const auto &[name, value] : options.constantInputs) {
      auto type = RankedTensorType::get(
          value.shape(), eval::elementTypeOf(&context, value.dtype()));
      values[name] = OnnxValue::ofTensor(ConstantOp::create(
          builder, NameLoc::get(builder.getStringAttr(name), module->getLoc()),
          eval::attrFromTensor(value, type)));
    }

    for (const onnx::TensorProto &tensor : graph.initializer()) {
      std::string reason;
      std::optional<Tensor> value =
          tensorFromProto(tensor, baseDirectory, reason);
      if (!value) {
        error("initializer '" + tensor.name() + "': " + reason);
        poisoned.insert(tensor.name());
        continue;
      }
      auto type = RankedTensorType::get(
          value->shape(), eval::elementTypeOf(&context, value->dtype()));
      Value constant = ConstantOp::create(
          builder,
          NameLoc::get(builder.getStringAttr(tensor.name()), module->getLoc()),
          eval::attrFromTensor(*value, type));
      values[tensor.name()] = OnnxValue::ofTensor(constant);
      if (isa<FloatType>(type.getElementType()) && type.getRank() > 0)
        parameters.insert(constant);
    }

    for (auto [index, node] : llvm::enumerate(graph.node()))
      importNode(node, index);

    // A sequence output of N tensors is N results, NAME.0 to NAME.N-1; an
    // empty optional none.
    SmallVector<Value> results;
    SmallVector<std::string> resultNames;
    llvm::StringMap<std::string> resultOwner;
    // Outputs of a data-dependent size: (result number, value).
    SmallVector<std::pair<unsigned, const OnnxValue *>> dataShaped;
    auto addResult = [&](Value value, const std::string &name,
                         const std::string &owner) {
      auto [it, fresh] = resultOwner.try_emplace(name, owner);
      if (!fresh)
        error("outputs '" + it->second + "' and '" + owner +
              "' both give the function a result named '" + name + "'");
      results.push_back(value);
      resultNames.push_back(name);
    };
    for (const onnx::ValueInfoProto &output : graph.output()) {
      auto it = values.find(output.name());
      if (it == values.end()) {
        if (!poisoned.contains(output.name()))
          error("graph output '" + output.name() + "' is never produced");
        continue;
      }
      const OnnxValue &value = it->second;
      if (value.isDataShaped())
        dataShaped.push_back({static_cast<unsigned>(results.size()), &value});
      if (value.isTensor())
        addResult(value.tensor, output.name(), output.name());
      for (auto [index, element] : llvm::enumerate(value.elements))
        addResult(element, elementName(output.name(), index), output.name());
    }
    if (!errors.empty())
      return report();
    if (options.returnRunningStatistics)
      appendRunningStatistics(graph, results, resultNames);
    // Each data-shaped output's shape is one more result, after the others
    // and shared by outputs of one shape (Unique's indices and counts); it
    // is no model output (ir/LoomAttributes.td, #loom.data_shape).
    SmallVector<std::pair<unsigned, DataShapeAttr>> shapeAttrs;
    llvm::DenseMap<Value, unsigned> dimsResult;
    for (auto [number, value] : dataShaped) {
      auto [it, fresh] = dimsResult.try_emplace(value->dims, results.size());
      if (fresh) {
        results.push_back(value->dims);
        resultNames.push_back(resultNames[number] + ":dims");
      }
      // The flat result's length bounds the element count when it is below
      // the product of the bounds (a Reshape to a run-time shape).
      int64_t product = 1;
      for (int64_t bound : value->bounds)
        product *= bound;
      int64_t length =
          cast<RankedTensorType>(value->tensor.getType()).getDimSize(0);
      shapeAttrs.push_back(
          {number, DataShapeAttr::get(&context, value->bounds, it->second,
                                      length == product ? 0 : length)});
    }

    func::ReturnOp::create(builder, module->getLoc(), results);
    function.setType(builder.getFunctionType(inputTypes,
                                             ValueRange(results).getTypes()));
    for (auto [index, name] : llvm::enumerate(resultNames))
      function.setResultAttr(index, "loom.name", builder.getStringAttr(name));
    for (auto [number, attr] : shapeAttrs)
      function.setResultAttr(number, LoomDialect::DataShapeAttrHelper::getNameStr(),
                             attr);
    return module;
  }
  return report();
}

} // namespace

std::optional<InputShape> parseInputShape(StringRef text, std::string &error) {
  auto [name, dimsText] = text.rsplit(':');
  if (name.empty() || dimsText.empty() || !text.contains(':')) {
    error = "--input-shape '" + text.str() +
            "' must look like NAME:1x3x224x224 or INDEX:1x3x224x224";
    return std::nullopt;
  }
  InputShape shape;
  size_t index;
  if (!name.getAsInteger(10, index))
    shape.index = index;
  else
    shape.name = name.str();
  // An optional input without a value; an empty sequence.
  if (dimsText == "none") {
    shape.absent = true;
    return shape;
  }
  if (dimsText == "empty") {
    shape.sequence.emplace();
    return shape;
  }
  auto parseDims = [&](StringRef shapeText,
                       std::vector<int64_t> &dims) -> bool {
    if (shapeText == "scalar")
      return true;
    SmallVector<StringRef> parts;
    shapeText.split(parts, 'x');
    for (StringRef part : parts) {
      int64_t dim;
      if (part == "?") {
        dims.push_back(ShapedType::kDynamic);
        continue;
      }
      if (part.getAsInteger(10, dim) || dim < 0) {
        error = "--input-shape '" + text.str() + "': '" + part.str() +
                "' is not a dimension size";
        return false;
      }
      dims.push_back(dim);
    }
    return true;
  };
  // A sequence input: one shape per tensor.
  if (dimsText.contains(',')) {
    SmallVector<StringRef> elements;
    dimsText.split(elements, ',');
    shape.sequence.emplace();
    for (StringRef element : elements)
      if (!parseDims(element, shape.sequence->emplace_back()))
        return std::nullopt;
    return shape;
  }
  if (!parseDims(dimsText, shape.dims))
    return std::nullopt;
  return shape;
}

OwningOpRef<ModuleOp> importOnnxBytes(StringRef bytes, StringRef displayName,
                                      StringRef baseDirectory,
                                      MLIRContext &context,
                                      const ImportOptions &options) {
  onnx::ModelProto model;
  if (bytes.size() > static_cast<size_t>(INT_MAX) ||
      !model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return reportErrors(context, {displayName.str() +
                                  ": not a valid ONNX model (the protobuf "
                                  "data is malformed or truncated)"});
  GraphImporter importer(context, displayName, baseDirectory, options);
  return importer.run(model);
}

OwningOpRef<ModuleOp> importOnnxFile(StringRef path, MLIRContext &context,
                                     const ImportOptions &options) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!file)
    return reportErrors(context, {path.str() + ": cannot read the file: " +
                                  file.getError().message()});
  StringRef directory = llvm::sys::path::parent_path(path);
  return importOnnxBytes((*file)->getBuffer(), path,
                         directory.empty() ? "." : directory, context, options);
}

} // namespace loom::onnx_import
