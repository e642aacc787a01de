//===- OnnxImporter.cpp - Imports ONNX models into the loom dialect ----------===//
//
// Part of the Loom project.
//
// Walks the graph in order (ONNX requires topological order), binds each
// value name to an MLIR value, and hands each node to its converter. A node
// that cannot be converted is reported and its outputs are poisoned, so one
// run lists every unsupported node without cascading errors.
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

class GraphImporter {
public:
  GraphImporter(MLIRContext &context, StringRef displayName,
                StringRef baseDirectory, const ImportOptions &options)
      : context(context), displayName(displayName.str()),
        baseDirectory(baseDirectory.str()), options(options) {}

  OwningOpRef<ModuleOp> run(onnx::ModelProto &model);

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
  /// The type of graph input `info`, with the user's shape applied.
  std::optional<RankedTensorType> inputType(const onnx::ValueInfoProto &info,
                                            size_t position);
  /// Per graph input that inputType accepted, in order: its symbolic
  /// dimensions (ImportOptions::symbolicDimBound).
  SmallVector<SmallVector<int64_t>> symbolicDims;
  void importNode(const onnx::NodeProto &node, size_t index, OpBuilder &builder);

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
  llvm::StringMap<Value> values;
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

std::optional<RankedTensorType>
GraphImporter::inputType(const onnx::ValueInfoProto &info, size_t position) {
  const std::string &name = info.name();
  if (!info.has_type() || !info.type().has_tensor_type()) {
    error("input '" + name + "' is not a tensor (sequences, maps and " +
          "optionals are not supported)");
    return std::nullopt;
  }
  const onnx::TypeProto::Tensor &tensorType = info.type().tensor_type();
  std::optional<DType> dtype = dtypeFromOnnx(tensorType.elem_type());
  if (!dtype) {
    error("input '" + name + "' has element type " +
          onnxTypeName(tensorType.elem_type()) + ", which is not supported");
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
  for (const InputShape &shape : options.inputShapes) {
    if (shape.index ? *shape.index != position : shape.name != name)
      continue;
    if (tensorType.has_shape() && shape.dims.size() != dims.size()) {
      error("input '" + name + "' has rank " + Twine(dims.size()) +
            " but --input-shape gives " + formatDims(shape.dims));
      return std::nullopt;
    }
    for (size_t i = 0; i < dims.size(); ++i) {
      if (!ShapedType::isDynamic(dims[i]) && dims[i] != shape.dims[i]) {
        error("input '" + name + "' has dimension " + Twine(i) + " of size " +
              Twine(dims[i]) + " but --input-shape gives " +
              (ShapedType::isDynamic(shape.dims[i])
                   ? Twine("'?' (the model fixes it, so it cannot be "
                           "symbolic)")
                   : Twine(shape.dims[i])));
        return std::nullopt;
      }
    }
    dims.assign(shape.dims.begin(), shape.dims.end());
    dimNames.assign(dims.size(), "");
  }
  if (!tensorType.has_shape() && dims.empty()) {
    bool given = llvm::any_of(options.inputShapes, [&](const InputShape &s) {
      return s.index ? *s.index == position : s.name == name;
    });
    if (!given) {
      error("input '" + name + "' has no shape; give it with --input-shape=" +
            name + ":DIMS");
      return std::nullopt;
    }
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
    error("input '" + name + "' dimension " + Twine(i) + symbol +
          " is unknown; give all sizes with --input-shape=" + name +
          ":DIMS (the model has " + formatDims(dims) +
          "), or keep it symbolic with an upper bound, --max-dim=N");
    return std::nullopt;
  }
  symbolicDims.push_back(std::move(symbolic));
  // Element counts must fit in 64 bits, or every size computation later on
  // could overflow.
  int64_t count = 1;
  for (int64_t dim : dims) {
    if (dim != 0 && count > std::numeric_limits<int64_t>::max() / 16 / dim) {
      error("input '" + name + "' shape " + formatDims(dims) + " is too large");
      return std::nullopt;
    }
    count *= dim;
  }
  return RankedTensorType::get(dims, eval::elementTypeOf(&context, *dtype));
}

void GraphImporter::importNode(const onnx::NodeProto &node, size_t index,
                               OpBuilder &builder) {
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
    error("node '" + name + "' (" + node.op_type() + ", " + where +
          "): " + reason);
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

  SmallVector<Value> inputs;
  for (const std::string &input : node.input()) {
    if (input.empty()) {
      inputs.push_back(Value());
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
    inputs.push_back(it->second);
  }

  Location loc = NameLoc::get(
      StringAttr::get(&context, name),
      FileLineColLoc::get(&context, displayName, /*line=*/index + 1, 0));
  NodeContext nodeContext(node, version, inputs, builder, loc, baseDirectory,
                          options.maxFoldElements);
  nodeContext.setGraphValues(&values);
  if (!options.foldParameters)
    nodeContext.setUnfoldable(&parameters);
  if (failed(converter(nodeContext)) || nodeContext.hasFailed())
    return fail(nodeContext.reason().empty() ? "conversion failed"
                                             : nodeContext.reason());
  ArrayRef<Value> results = nodeContext.results();
  for (int i = 0; i < node.output_size(); ++i) {
    const std::string &output = node.output(i);
    if (output.empty())
      continue;
    if (i >= static_cast<int>(results.size()) || !results[i])
      return fail("output " + Twine(i) + " ('" + output + "') is not produced");
    values[output] = results[i];
  }
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
      results.push_back(it->second);
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
    OwningOpRef<ModuleOp> module(
        ModuleOp::create(FileLineColLoc::get(&context, displayName, 0, 0)));

    llvm::StringMap<const onnx::TensorProto *> initializers;
    for (const onnx::TensorProto &tensor : graph.initializer())
      initializers[tensor.name()] = &tensor;

    // Graph inputs that have an initializer are constants with a default.
    SmallVector<const onnx::ValueInfoProto *> inputs;
    SmallVector<Type> inputTypes;
    for (const onnx::ValueInfoProto &info : graph.input()) {
      if (initializers.count(info.name()) ||
          options.constantInputs.count(info.name()))
        continue;
      if (std::optional<RankedTensorType> type = inputType(info, inputs.size()))
        inputTypes.push_back(*type);
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
    for (auto [info, argument] : llvm::zip(inputs, body->getArguments())) {
      values[info->name()] = argument;
      function.setArgAttr(argument.getArgNumber(), "loom.name",
                          builder.getStringAttr(info->name()));
      if (!symbolicDims[argument.getArgNumber()].empty())
        function.setArgAttr(argument.getArgNumber(), "loom.symbolic_dims",
                            builder.getDenseI64ArrayAttr(
                                symbolicDims[argument.getArgNumber()]));
    }

    for (const auto &[name, value] : options.constantInputs) {
      auto type = RankedTensorType::get(
          value.shape(), eval::elementTypeOf(&context, value.dtype()));
      values[name] = ConstantOp::create(
          builder, NameLoc::get(builder.getStringAttr(name), module->getLoc()),
          eval::attrFromTensor(value, type));
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
      values[tensor.name()] = constant;
      if (isa<FloatType>(type.getElementType()) && type.getRank() > 0)
        parameters.insert(constant);
    }

    for (auto [index, node] : llvm::enumerate(graph.node()))
      importNode(node, index, builder);

    SmallVector<Value> results;
    SmallVector<std::string> resultNames;
    for (const onnx::ValueInfoProto &output : graph.output()) {
      auto it = values.find(output.name());
      if (it != values.end()) {
        results.push_back(it->second);
        resultNames.push_back(output.name());
      } else if (!poisoned.contains(output.name())) {
        error("graph output '" + output.name() + "' is never produced");
      }
    }
    if (!errors.empty())
      return report();
    if (options.returnRunningStatistics)
      appendRunningStatistics(graph, results, resultNames);

    func::ReturnOp::create(builder, module->getLoc(), results);
    function.setType(builder.getFunctionType(inputTypes,
                                             ValueRange(results).getTypes()));
    for (auto [index, name] : llvm::enumerate(resultNames))
      function.setResultAttr(index, "loom.name", builder.getStringAttr(name));
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
  SmallVector<StringRef> parts;
  dimsText.split(parts, 'x');
  for (StringRef part : parts) {
    int64_t dim;
    if (part == "?") {
      shape.dims.push_back(ShapedType::kDynamic);
      continue;
    }
    if (part.getAsInteger(10, dim) || dim < 0) {
      error = "--input-shape '" + text.str() + "': '" + part.str() +
              "' is not a dimension size";
      return std::nullopt;
    }
    shape.dims.push_back(dim);
  }
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
