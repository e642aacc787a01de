//===- RegionBodies.cpp - ONNX subgraphs as regions of loom ops -----------===//
//
// Part of the Loom project.
//
// importLoop and importIf: the names the subgraphs read from the graphs
// around them are found first (through the subgraphs of their own nodes
// too), each bound to a block argument of the region (an invariant of its
// op) or to a copy of a small constant; a subgraph is then imported into a
// block of its own, tentatively, and the block becomes the region once it
// is known to read nothing from outside.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/converters/RegionBodies.h"

#include "frontend/onnx/converters/ConverterUtils.h"

#include "ir/LoomOps.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringSet.h"

#include "onnx/onnx_pb.h"

#include <memory>
#include <string>
#include <vector>

using namespace mlir;

namespace loom::onnx_import {
namespace {

/// An integer or bool constant of at most this many elements is copied into
/// the body, so that the body's converters still see it as a constant (a
/// Reshape's shape, an axis); a larger one, and every float constant (a
/// weight, which training takes as a parameter of the model), is an
/// invariant.
constexpr int64_t kMaxCopiedConstantElements = 64;

/// Adds to `names` the names that `graph`'s nodes, and the nodes of their
/// subgraphs, read without `graph` (or a subgraph) defining them before.
void collectOuterNames(const onnx::GraphProto &graph, llvm::StringSet<> defined,
                       std::vector<std::string> &names,
                       llvm::StringSet<> &seen) {
  for (const onnx::ValueInfoProto &input : graph.input())
    defined.insert(input.name());
  for (const onnx::TensorProto &initializer : graph.initializer())
    defined.insert(initializer.name());
  for (const onnx::NodeProto &node : graph.node()) {
    for (const std::string &input : node.input())
      if (!input.empty() && !defined.contains(input) &&
          seen.insert(input).second)
        names.push_back(input);
    for (const onnx::AttributeProto &attribute : node.attribute()) {
      if (attribute.has_g())
        collectOuterNames(attribute.g(), defined, names, seen);
      for (const onnx::GraphProto &subgraph : attribute.graphs())
        collectOuterNames(subgraph, defined, names, seen);
    }
    for (const std::string &output : node.output())
      defined.insert(output);
  }
}

/// Whether every operand of an op in `block` (at any depth) is defined in
/// it: what IsolatedFromAbove asks of a loop's body.
bool readsOnlyItself(Block &block) {
  llvm::DenseSet<Value> defined(block.getArguments().begin(),
                                block.getArguments().end());
  bool isolated = true;
  block.walk([&](Operation *op) {
    for (Region &region : op->getRegions())
      for (Block &inner : region)
        defined.insert(inner.getArguments().begin(),
                       inner.getArguments().end());
    for (Value operand : op->getOperands())
      isolated = isolated && defined.contains(operand);
    defined.insert(op->getResults().begin(), op->getResults().end());
  });
  return isolated;
}

/// The values of the graphs around a node that its subgraphs read: the
/// names in first-use order, and for each a small constant to copy into a
/// region or the position of the invariant that carries it in.
struct Captures {
  struct Capture {
    std::string name;
    ElementsAttr constant; ///< copied, or null: invariants[index]
    unsigned index = 0;
    Location loc;
  };
  std::vector<Capture> captures;
  SmallVector<Value> invariants;
};

/// The captures of `graphs`; nullopt when one reads a sequence, an empty
/// optional or a value sized by data.
std::optional<Captures> captureOuterValues(
    NodeContext &node, ArrayRef<const onnx::GraphProto *> graphs) {
  std::vector<std::string> names;
  llvm::StringSet<> seen;
  for (const onnx::GraphProto *graph : graphs)
    collectOuterNames(*graph, {}, names, seen);
  Captures result;
  for (const std::string &name : names) {
    const OnnxValue *outer = node.graphItem(name);
    if (!outer)
      continue; // the import reports an unknown name
    if (!outer->isTensor() || outer->isDataShaped())
      return std::nullopt;
    Value value = outer->tensor;
    ElementsAttr constant;
    Captures::Capture capture{name, {}, 0, value.getLoc()};
    if (matchPattern(value, m_Constant(&constant)) &&
        !isa<FloatType>(constant.getElementType()) &&
        constant.getNumElements() <= kMaxCopiedConstantElements) {
      capture.constant = constant;
    } else {
      capture.index = result.invariants.size();
      result.invariants.push_back(value);
    }
    result.captures.push_back(std::move(capture));
  }
  return result;
}

/// Appends one argument per invariant to `block` and copies the constants
/// at `b`'s insertion point (in the block); returns the names bound to
/// them, for a tentative import.
SubgraphImporter::Binding bindCaptures(OpBuilder &b, Block &block,
                                       const Captures &captures,
                                       Location loc) {
  SmallVector<Value> arguments;
  for (Value invariant : captures.invariants)
    arguments.push_back(block.addArgument(invariant.getType(), loc));
  SubgraphImporter::Binding binding;
  binding.tentative = true;
  for (const Captures::Capture &capture : captures.captures) {
    Value inside = capture.constant
                       ? Value(ConstantOp::create(b, capture.loc,
                                                  capture.constant))
                       : arguments[capture.index];
    binding.names.push_back({capture.name, OnnxValue::ofTensor(inside)});
  }
  return binding;
}

} // namespace

std::optional<SmallVector<Value>> tensorsOf(ArrayRef<OnnxValue> outputs) {
  SmallVector<Value> tensors;
  for (const OnnxValue &output : outputs) {
    if (!output.isTensor() || output.isDataShaped() || !output.tensor)
      return std::nullopt;
    tensors.push_back(output.tensor);
  }
  return tensors;
}

std::optional<SmallVector<Value>> importLoop(NodeContext &node,
                                             StringRef attr,
                                             const LoopSpec &spec,
                                             const Twine &scope) {
  const onnx::GraphProto *graph = node.graphAttr(attr);
  if (!graph || node.hasFailed())
    return std::nullopt;
  OpBuilder &b = node.builder();
  Location loc = node.loc();
  auto block = std::make_unique<Block>();
  Value position =
      block->addArgument(RankedTensorType::get({}, b.getI64Type()), loc);
  SmallVector<Value> carried, entries;
  for (Value init : spec.inits)
    carried.push_back(block->addArgument(init.getType(), loc));
  for (Value scanned : spec.scanned)
    entries.push_back(block->addArgument(
        ScanOp::stepType(typeOf(scanned)), loc));

  std::optional<Captures> captures = captureOuterValues(node, {graph});
  if (!captures)
    return std::nullopt;
  std::optional<SmallVector<Value>> yields;
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(block.get());
    SubgraphImporter::Binding binding =
        bindCaptures(b, *block, *captures, loc);
    FailureOr<SmallVector<OnnxValue>> outputs = node.importRegionBody(
        attr, spec.bodyInputs(position, carried, entries), scope, binding);
    if (succeeded(outputs) && !node.hasFailed())
      yields = spec.bodyYields(*outputs, carried);
    if (yields)
      YieldOp::create(b, loc, *yields);
  }
  if (!yields || node.hasFailed() || !readsOnlyItself(*block))
    return std::nullopt;
  for (auto [init, yielded] : llvm::zip(spec.inits, *yields))
    if (init.getType() != yielded.getType())
      return std::nullopt;

  SmallVector<Type> resultTypes(ValueRange(spec.inits).getTypes());
  for (Value step : ArrayRef<Value>(*yields).drop_front(spec.inits.size())) {
    RankedTensorType type = typeOf(step);
    SmallVector<int64_t> shape{spec.length};
    llvm::append_range(shape, type.getShape());
    resultTypes.push_back(type.clone(shape));
  }
  auto scan = ScanOp::create(b, loc, resultTypes, spec.inits, spec.scanned,
                             captures->invariants, spec.length, spec.reverse);
  scan.getBody().push_back(block.release());
  return SmallVector<Value>(scan.getResults());
}

std::optional<SmallVector<Value>> importIf(NodeContext &node,
                                           Value condition) {
  const onnx::GraphProto *thenGraph = node.graphAttr("then_branch");
  const onnx::GraphProto *elseGraph = node.graphAttr("else_branch");
  if (!thenGraph || !elseGraph || node.hasFailed())
    return std::nullopt;
  std::optional<Captures> captures =
      captureOuterValues(node, {thenGraph, elseGraph});
  if (!captures)
    return std::nullopt;
  OpBuilder &b = node.builder();
  Location loc = node.loc();
  std::unique_ptr<Block> blocks[2];
  SmallVector<Value> yields[2];
  for (auto [index, attr, scope] :
       {std::tuple{0, "then_branch", "the then branch"},
        std::tuple{1, "else_branch", "the else branch"}}) {
    blocks[index] = std::make_unique<Block>();
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(blocks[index].get());
    SubgraphImporter::Binding binding =
        bindCaptures(b, *blocks[index], *captures, loc);
    FailureOr<SmallVector<OnnxValue>> outputs =
        node.importRegionBody(attr, {}, scope, binding);
    if (failed(outputs) || node.hasFailed())
      return std::nullopt;
    std::optional<SmallVector<Value>> tensors = tensorsOf(*outputs);
    if (!tensors)
      return std::nullopt;
    yields[index] = std::move(*tensors);
    YieldOp::create(b, loc, yields[index]);
    if (!readsOnlyItself(*blocks[index]))
      return std::nullopt;
  }
  if (ValueRange(yields[0]).getTypes() != ValueRange(yields[1]).getTypes())
    return std::nullopt;
  auto choice = IfOp::create(b, loc, ValueRange(yields[0]).getTypes(),
                             condition, captures->invariants);
  choice.getThenRegion().push_back(blocks[0].release());
  choice.getElseRegion().push_back(blocks[1].release());
  return SmallVector<Value>(choice.getResults());
}

} // namespace loom::onnx_import
