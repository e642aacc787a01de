//===- QdqFusion.cpp - QDQ convolutions as QLinearConv --------------------===//
//
// Part of the Loom project.
//
// The conditions are stated in QdqFusion.h. The rewrite works on the
// protobuf graph before the import: the converters then see a plain
// QLinearConv node, and the DequantizeLinear nodes left without a reader
// are dropped so that their float weights are never built.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/QdqFusion.h"

#include "frontend/onnx/TensorProto.h"

#include "onnx/onnx_pb.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <optional>

namespace loom::onnx_import {
namespace {

bool isDefaultDomain(const std::string &domain) {
  return domain.empty() || domain == "ai.onnx";
}

/// Who produces and who reads each value, and the values of constants.
class GraphIndex {
public:
  GraphIndex(const onnx::GraphProto &graph, llvm::StringRef baseDirectory)
      : graph(graph), baseDirectory(baseDirectory) {
    for (const onnx::TensorProto &tensor : graph.initializer())
      initializers[tensor.name()] = &tensor;
    for (const onnx::NodeProto &node : graph.node()) {
      for (const std::string &output : node.output())
        producers[output] = &node;
      for (const std::string &input : node.input())
        ++readers[input];
    }
    for (const onnx::ValueInfoProto &output : graph.output())
      ++readers[output.name()];
  }

  const onnx::NodeProto *producer(const std::string &name) const {
    auto it = producers.find(name);
    return it == producers.end() ? nullptr : it->second;
  }
  int readerCount(const std::string &name) const { return readers.lookup(name); }

  /// The value of an initializer or a Constant node's `value` (a graph
  /// input of the same name overrides an initializer: not a constant).
  std::optional<Tensor> constant(const std::string &name) const {
    for (const onnx::ValueInfoProto &input : graph.input())
      if (input.name() == name && !initializers.count(name))
        return std::nullopt;
    const onnx::TensorProto *proto = initializers.lookup(name);
    if (const onnx::NodeProto *node = producer(name);
        !proto && node && node->op_type() == "Constant" &&
        isDefaultDomain(node->domain()))
      for (const onnx::AttributeProto &attribute : node->attribute())
        if (attribute.name() == "value" && attribute.has_t())
          proto = &attribute.t();
    if (!proto)
      return std::nullopt;
    std::string error;
    return tensorFromProto(*proto, baseDirectory, error);
  }

  /// True when `name` is known to hold only zeros: a constant of zeros, or
  /// a Cast or ConstantOfShape of zeros (PyTorch's bias zero point).
  bool isZero(const std::string &name) const {
    if (std::optional<Tensor> value = constant(name)) {
      for (int64_t i = 0; i < value->numElements(); ++i)
        if (value->getDouble(i) != 0)
          return false;
      return true;
    }
    const onnx::NodeProto *node = producer(name);
    if (!node || !isDefaultDomain(node->domain()))
      return false;
    if (node->op_type() == "Cast")
      return isZero(node->input(0));
    if (node->op_type() != "ConstantOfShape")
      return false;
    for (const onnx::AttributeProto &attribute : node->attribute())
      if (attribute.name() == "value") {
        std::string error;
        std::optional<Tensor> value =
            tensorFromProto(attribute.t(), baseDirectory, error);
        return value && value->numElements() == 1 && value->getDouble(0) == 0;
      }
    return true; // ConstantOfShape fills with 0 by default.
  }

private:
  const onnx::GraphProto &graph;
  std::string baseDirectory;
  llvm::StringMap<const onnx::TensorProto *> initializers;
  llvm::StringMap<const onnx::NodeProto *> producers;
  llvm::StringMap<int> readers;
};

int64_t intAttribute(const onnx::NodeProto &node, llvm::StringRef name,
                     int64_t fallback) {
  for (const onnx::AttributeProto &attribute : node.attribute())
    if (attribute.name() == name)
      return attribute.i();
  return fallback;
}

bool isQuantizedDType(DType type) {
  return type == DType::UI8 || type == DType::I8;
}

/// A DequantizeLinear with constant scale and zero point.
struct Dequantized {
  const onnx::NodeProto *node;
  std::string input, scaleName, zeroName;
  Tensor scale, zero;
};

/// The DequantizeLinear that produces `name`, when its scale (f32) and
/// zero point (uint8 or int8, or int32 when `bias`) are constants; a bias
/// may omit its zero point or compute zeros.
std::optional<Dequantized> dequantized(const GraphIndex &index,
                                       const std::string &name, bool bias) {
  const onnx::NodeProto *node = index.producer(name);
  if (!node || node->op_type() != "DequantizeLinear" ||
      !isDefaultDomain(node->domain()) || node->input_size() < 2)
    return std::nullopt;
  Dequantized result{node, node->input(0), node->input(1), "", {}, {}};
  std::optional<Tensor> scale = index.constant(node->input(1));
  if (!scale || scale->dtype() != DType::F32)
    return std::nullopt;
  result.scale = *scale;
  bool hasZero = node->input_size() > 2 && !node->input(2).empty();
  if (bias) {
    std::optional<Tensor> values = index.constant(node->input(0));
    if (!values || values->dtype() != DType::I32 ||
        (hasZero && !index.isZero(node->input(2))))
      return std::nullopt;
    return result;
  }
  if (!hasZero)
    return std::nullopt; // QLinearConv needs the zero point's type
  std::optional<Tensor> zero = index.constant(node->input(2));
  if (!zero || !isQuantizedDType(zero->dtype()) ||
      zero->numElements() != scale->numElements())
    return std::nullopt;
  result.zeroName = node->input(2);
  result.zero = *zero;
  return result;
}

/// The QLinearConv that computes QuantizeLinear node `quantize`, or
/// nullopt when its input is not a Conv (or Relu of a Conv) that
/// qualifies. Sets `consumed` to the nodes it replaces.
std::optional<onnx::NodeProto>
fuse(const GraphIndex &index, const onnx::NodeProto &quantize,
     llvm::SmallVectorImpl<const onnx::NodeProto *> &consumed) {
  if (quantize.input_size() < 3 || quantize.input(2).empty())
    return std::nullopt;
  std::optional<Tensor> yScale = index.constant(quantize.input(1));
  std::optional<Tensor> yZero = index.constant(quantize.input(2));
  if (!yScale || yScale->dtype() != DType::F32 ||
      yScale->numElements() != 1 || !yZero ||
      !isQuantizedDType(yZero->dtype()) || yZero->numElements() != 1)
    return std::nullopt;

  const onnx::NodeProto *conv = index.producer(quantize.input(0));
  const onnx::NodeProto *relu = nullptr;
  if (conv && conv->op_type() == "Relu" && isDefaultDomain(conv->domain())) {
    // Saturation clamps at y's zero point: the Relu is redundant only when
    // that is the lowest value of the type.
    double lowest = yZero->dtype() == DType::UI8 ? 0 : -128;
    if (yZero->getDouble(0) != lowest ||
        index.readerCount(quantize.input(0)) != 1)
      return std::nullopt;
    relu = conv;
    conv = index.producer(relu->input(0));
  }
  if (!conv || conv->op_type() != "Conv" || !isDefaultDomain(conv->domain()) ||
      conv->input_size() < 2 || index.readerCount(conv->output(0)) != 1)
    return std::nullopt;

  std::optional<Dequantized> x = dequantized(index, conv->input(0), false);
  std::optional<Dequantized> w = dequantized(index, conv->input(1), false);
  if (!x || !w || x->scale.numElements() != 1)
    return std::nullopt;
  // A per-channel w runs along the output channels.
  int64_t channels = w->scale.numElements();
  if (channels > 1 && intAttribute(*w->node, "axis", 1) != 0)
    return std::nullopt;

  std::optional<Dequantized> b;
  bool hasBias = conv->input_size() > 2 && !conv->input(2).empty();
  if (hasBias) {
    b = dequantized(index, conv->input(2), true);
    if (!b)
      return std::nullopt;
    // QLinearConv's bias has the scale x_scale * w_scale (in f32).
    int64_t biasScales = b->scale.numElements();
    if (biasScales != 1 && channels != 1 && biasScales != channels)
      return std::nullopt;
    float xs = x->scale.data<float>()[0];
    for (int64_t c = 0; c < std::max(biasScales, channels); ++c) {
      float ws = w->scale.data<float>()[channels == 1 ? 0 : c];
      float bs = b->scale.data<float>()[biasScales == 1 ? 0 : c];
      if (bs != xs * ws)
        return std::nullopt;
    }
  }

  onnx::NodeProto fused;
  fused.set_op_type("QLinearConv");
  fused.set_name(conv->name());
  for (const std::string &input :
       {x->input, x->scaleName, x->zeroName, w->input, w->scaleName,
        w->zeroName, quantize.input(1), quantize.input(2)})
    fused.add_input(input);
  if (b)
    fused.add_input(b->input);
  fused.add_output(quantize.output(0));
  *fused.mutable_attribute() = conv->attribute();
  consumed.assign({&quantize, conv});
  if (relu)
    consumed.push_back(relu);
  return fused;
}

} // namespace

int fuseQdqConvolutions(onnx::GraphProto &graph,
                        llvm::StringRef baseDirectory) {
  llvm::DenseMap<const onnx::NodeProto *, onnx::NodeProto> replacements;
  llvm::DenseSet<const onnx::NodeProto *> removed;
  {
    GraphIndex index(graph, baseDirectory);
    for (const onnx::NodeProto &node : graph.node()) {
      if (node.op_type() != "QuantizeLinear" || !isDefaultDomain(node.domain()))
        continue;
      llvm::SmallVector<const onnx::NodeProto *> consumed;
      if (std::optional<onnx::NodeProto> fused = fuse(index, node, consumed)) {
        replacements[&node] = std::move(*fused);
        removed.insert(consumed.begin(), consumed.end());
      }
    }
  }
  if (replacements.empty())
    return 0;

  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  for (const onnx::NodeProto &node : graph.node()) {
    auto it = replacements.find(&node);
    if (it != replacements.end())
      *nodes.Add() = std::move(it->second);
    else if (!removed.count(&node))
      *nodes.Add() = node;
  }
  graph.mutable_node()->Swap(&nodes);

  // The DequantizeLinear nodes (and so the float weights) nothing reads now.
  GraphIndex index(graph, baseDirectory);
  google::protobuf::RepeatedPtrField<onnx::NodeProto> kept;
  for (const onnx::NodeProto &node : graph.node()) {
    bool unread = node.op_type() == "DequantizeLinear" &&
                  isDefaultDomain(node.domain()) &&
                  index.readerCount(node.output(0)) == 0;
    if (!unread)
      *kept.Add() = node;
  }
  graph.mutable_node()->Swap(&kept);
  return static_cast<int>(replacements.size());
}

} // namespace loom::onnx_import
