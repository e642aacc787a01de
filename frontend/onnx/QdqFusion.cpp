//===- QdqFusion.cpp - QDQ convolutions and Gemms as integer ops ----------===//
//
// Part of the Loom project.
//
// The conditions are stated in QdqFusion.h. The rewrite works on the
// protobuf graph before the import: the converters then see plain
// QLinearConv and MatMulInteger nodes, and the DequantizeLinear nodes left
// without a reader are dropped so that their float weights are never
// built.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/QdqFusion.h"

#include "frontend/onnx/TensorProto.h"

#include "onnx/onnx_pb.h"
#include "llvm/ADT/ArrayRef.h"
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

/// What replaces one QuantizeLinear node and the nodes it consumes.
struct Fusion {
  llvm::SmallVector<onnx::NodeProto> nodes;
  llvm::SmallVector<onnx::TensorProto> initializers;
  llvm::SmallVector<const onnx::NodeProto *> consumed;
};

/// The QuantizeLinear's y: a constant f32 scale and uint8/int8 zero point,
/// one value each.
struct QuantizedOutput {
  Tensor scale, zero;
  /// The Conv or Gemm it quantizes, and the Relu between them (dropped).
  const onnx::NodeProto *op = nullptr, *relu = nullptr;
};

std::optional<QuantizedOutput> quantizedOutput(const GraphIndex &index,
                                               const onnx::NodeProto &quantize) {
  if (quantize.input_size() < 3 || quantize.input(2).empty())
    return std::nullopt;
  std::optional<Tensor> yScale = index.constant(quantize.input(1));
  std::optional<Tensor> yZero = index.constant(quantize.input(2));
  if (!yScale || yScale->dtype() != DType::F32 ||
      yScale->numElements() != 1 || !yZero ||
      !isQuantizedDType(yZero->dtype()) || yZero->numElements() != 1)
    return std::nullopt;
  QuantizedOutput result{*yScale, *yZero};
  result.op = index.producer(quantize.input(0));
  if (result.op && result.op->op_type() == "Relu" &&
      isDefaultDomain(result.op->domain())) {
    // Saturation clamps at y's zero point: the Relu is redundant only when
    // that is the lowest value of the type.
    double lowest = yZero->dtype() == DType::UI8 ? 0 : -128;
    if (yZero->getDouble(0) != lowest ||
        index.readerCount(quantize.input(0)) != 1)
      return std::nullopt;
    result.relu = result.op;
    result.op = index.producer(result.relu->input(0));
  }
  if (!result.op || !isDefaultDomain(result.op->domain()) ||
      result.op->input_size() < 1 || result.op->output_size() != 1 ||
      index.readerCount(result.op->output(0)) != 1)
    return std::nullopt;
  return result;
}

/// The bias of a quantized Conv or Gemm, when its input `position` is
/// one: an int32 constant dequantized with zero point 0 at scale
/// `x_scale * w_scale` (per output channel or column, in f32). `nullopt`
/// inside the result means no bias; a failed match returns nullopt.
std::optional<std::optional<Dequantized>>
quantizedBias(const GraphIndex &index, const onnx::NodeProto &op,
              int position, const Dequantized &x, const Dequantized &w) {
  if (op.input_size() <= position || op.input(position).empty())
    return std::optional<Dequantized>();
  std::optional<Dequantized> b = dequantized(index, op.input(position), true);
  if (!b)
    return std::nullopt;
  int64_t channels = w.scale.numElements();
  int64_t biasScales = b->scale.numElements();
  if (biasScales != 1 && channels != 1 && biasScales != channels)
    return std::nullopt;
  float xs = x.scale.data<float>()[0];
  for (int64_t c = 0; c < std::max(biasScales, channels); ++c) {
    float ws = w.scale.data<float>()[channels == 1 ? 0 : c];
    float bs = b->scale.data<float>()[biasScales == 1 ? 0 : c];
    if (bs != xs * ws)
      return std::nullopt;
  }
  return b;
}

/// QuantizeLinear([Relu](Conv(DQ(x), DQ(w), [DQ(b)]))) as one QLinearConv.
std::optional<Fusion> fuseConv(const GraphIndex &index,
                               const onnx::NodeProto &quantize,
                               const QuantizedOutput &y) {
  const onnx::NodeProto &conv = *y.op;
  if (conv.input_size() < 2)
    return std::nullopt;
  std::optional<Dequantized> x = dequantized(index, conv.input(0), false);
  std::optional<Dequantized> w = dequantized(index, conv.input(1), false);
  if (!x || !w || x->scale.numElements() != 1)
    return std::nullopt;
  // A per-channel w runs along the output channels.
  if (w->scale.numElements() > 1 && intAttribute(*w->node, "axis", 1) != 0)
    return std::nullopt;
  std::optional<std::optional<Dequantized>> b =
      quantizedBias(index, conv, 2, *x, *w);
  if (!b)
    return std::nullopt;

  Fusion fusion;
  onnx::NodeProto &fused = fusion.nodes.emplace_back();
  fused.set_op_type("QLinearConv");
  fused.set_name(conv.name());
  for (const std::string &input :
       {x->input, x->scaleName, x->zeroName, w->input, w->scaleName,
        w->zeroName, quantize.input(1), quantize.input(2)})
    fused.add_input(input);
  if (*b)
    fused.add_input((*b)->input);
  fused.add_output(quantize.output(0));
  *fused.mutable_attribute() = conv.attribute();
  return fusion;
}

/// An f32 initializer named `name` of shape [count] (rank 0 when `scalar`).
onnx::TensorProto floatInitializer(const std::string &name,
                                   llvm::ArrayRef<float> values, bool scalar) {
  onnx::TensorProto tensor;
  tensor.set_name(name);
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  if (!scalar)
    tensor.add_dims(static_cast<int64_t>(values.size()));
  for (float value : values)
    tensor.add_float_data(value);
  return tensor;
}

onnx::NodeProto makeNode(const std::string &opType, const std::string &name,
                         llvm::ArrayRef<std::string> inputs,
                         const std::string &output) {
  onnx::NodeProto node;
  node.set_op_type(opType);
  node.set_name(name);
  for (const std::string &input : inputs)
    node.add_input(input);
  node.add_output(output);
  return node;
}

/// QuantizeLinear([Relu](Gemm(DQ(a), DQ(b), [DQ(c)]))) with alpha = beta
/// = 1 and no transA, as the same integer product QLinearMatMul computes
/// plus the int32 bias, in standard nodes:
///   QuantizeLinear(Cast<float>(MatMulInteger(a, b') + c) * m, 1, y_zp)
/// with b' = b or its transpose and m = (a_scale * b_scale) / y_scale (f32,
/// per column), which is QLinearConv's requantization.
std::optional<Fusion> fuseGemm(const GraphIndex &index,
                               const onnx::NodeProto &quantize,
                               const QuantizedOutput &y) {
  const onnx::NodeProto &gemm = *y.op;
  if (gemm.input_size() < 2)
    return std::nullopt;
  for (const onnx::AttributeProto &attribute : gemm.attribute())
    if ((attribute.name() == "alpha" || attribute.name() == "beta")
            ? attribute.f() != 1.0f
            : attribute.name() == "transA" && attribute.i() != 0)
      return std::nullopt;
  bool transB = intAttribute(gemm, "transB", 0) != 0;
  std::optional<Dequantized> a = dequantized(index, gemm.input(0), false);
  std::optional<Dequantized> b = dequantized(index, gemm.input(1), false);
  if (!a || !b || a->scale.numElements() != 1)
    return std::nullopt;
  // A per-column b runs along N: B's axis 0 with transB, else axis 1.
  int64_t columns = b->scale.numElements();
  if (columns > 1 && intAttribute(*b->node, "axis", 1) != (transB ? 0 : 1))
    return std::nullopt;
  std::optional<std::optional<Dequantized>> c =
      quantizedBias(index, gemm, 2, *a, *b);
  if (!c)
    return std::nullopt;

  // Names of the new values: the QuantizeLinear's output with a suffix.
  const std::string &out = quantize.output(0);
  auto name = [&](const char *suffix) { return out + "/qdq_gemm_" + suffix; };
  Fusion fusion;
  std::string bInput = b->input;
  if (transB) {
    onnx::NodeProto &transpose = fusion.nodes.emplace_back(
        makeNode("Transpose", gemm.name(), {b->input}, name("b")));
    onnx::AttributeProto *perm = transpose.add_attribute();
    perm->set_name("perm");
    perm->set_type(onnx::AttributeProto::INTS);
    perm->add_ints(1);
    perm->add_ints(0);
    bInput = name("b");
  }
  std::string acc = name("acc");
  fusion.nodes.push_back(makeNode(
      "MatMulInteger", gemm.name(),
      {a->input, bInput, a->zeroName, b->zeroName}, acc));
  if (*c) {
    fusion.nodes.push_back(
        makeNode("Add", gemm.name(), {acc, (*c)->input}, name("sum")));
    acc = name("sum");
  }
  onnx::NodeProto &cast = fusion.nodes.emplace_back(
      makeNode("Cast", gemm.name(), {acc}, name("float")));
  onnx::AttributeProto *to = cast.add_attribute();
  to->set_name("to");
  to->set_type(onnx::AttributeProto::INT);
  to->set_i(onnx::TensorProto::FLOAT);

  float as = a->scale.data<float>()[0], ys = y.scale.data<float>()[0];
  llvm::SmallVector<float> multipliers;
  for (int64_t n = 0; n < columns; ++n)
    multipliers.push_back((as * b->scale.data<float>()[n]) / ys);
  fusion.initializers.push_back(
      floatInitializer(name("multiplier"), multipliers, columns == 1));
  fusion.initializers.push_back(floatInitializer(name("one"), {1.0f}, true));
  fusion.nodes.push_back(makeNode("Mul", gemm.name(),
                                  {name("float"), name("multiplier")},
                                  name("scaled")));
  fusion.nodes.push_back(
      makeNode("QuantizeLinear", quantize.name(),
               {name("scaled"), name("one"), quantize.input(2)}, out));
  return fusion;
}

/// QuantizeLinear(MaxPool(DQ(x))) with the same scale (positive) and zero
/// point on both sides as MaxPool(x) on the 8-bit values: dequantizing is
/// increasing, so the largest value of a window dequantizes to the largest
/// dequantized value, and quantizing it again with the same parameters
/// gives it back exactly (|x - zero_point| <= 255 survives the f32 product
/// and quotient to within an ulp, which the rounding removes). A padded
/// position never wins: every window holds an input element.
std::optional<Fusion> fuseMaxPool(const GraphIndex &index,
                                  const onnx::NodeProto &quantize,
                                  const QuantizedOutput &y) {
  const onnx::NodeProto &pool = *y.op;
  std::optional<Dequantized> x = dequantized(index, pool.input(0), false);
  if (y.relu || !x || x->scale.numElements() != 1 ||
      x->zero.dtype() != y.zero.dtype())
    return std::nullopt;
  float scale = x->scale.data<float>()[0];
  if (!(scale > 0.0f) || scale != y.scale.data<float>()[0] ||
      x->zero.getDouble(0) != y.zero.getDouble(0))
    return std::nullopt;
  Fusion fusion;
  onnx::NodeProto &fused = fusion.nodes.emplace_back(pool);
  fused.set_input(0, x->input);
  fused.set_output(0, quantize.output(0));
  return fusion;
}

/// The fusion of QuantizeLinear node `quantize`, or nullopt when its
/// input is not a Conv, Gemm (or a Relu of one) or MaxPool that qualifies.
std::optional<Fusion> fuse(const GraphIndex &index,
                           const onnx::NodeProto &quantize) {
  std::optional<QuantizedOutput> y = quantizedOutput(index, quantize);
  if (!y)
    return std::nullopt;
  std::optional<Fusion> fusion;
  if (y->op->op_type() == "Conv")
    fusion = fuseConv(index, quantize, *y);
  else if (y->op->op_type() == "Gemm")
    fusion = fuseGemm(index, quantize, *y);
  else if (y->op->op_type() == "MaxPool")
    fusion = fuseMaxPool(index, quantize, *y);
  if (!fusion)
    return std::nullopt;
  fusion->consumed.assign({&quantize, y->op});
  if (y->relu)
    fusion->consumed.push_back(y->relu);
  return fusion;
}

} // namespace

int fuseQdqContractions(onnx::GraphProto &graph,
                        llvm::StringRef baseDirectory) {
  llvm::DenseMap<const onnx::NodeProto *, Fusion> fusions;
  llvm::DenseSet<const onnx::NodeProto *> removed;
  {
    GraphIndex index(graph, baseDirectory);
    for (const onnx::NodeProto &node : graph.node()) {
      if (node.op_type() != "QuantizeLinear" || !isDefaultDomain(node.domain()))
        continue;
      if (std::optional<Fusion> fusion = fuse(index, node)) {
        removed.insert(fusion->consumed.begin(), fusion->consumed.end());
        fusions[&node] = std::move(*fusion);
      }
    }
  }
  if (fusions.empty())
    return 0;

  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  for (const onnx::NodeProto &node : graph.node()) {
    auto it = fusions.find(&node);
    if (it != fusions.end()) {
      for (onnx::NodeProto &fused : it->second.nodes)
        *nodes.Add() = std::move(fused);
      for (onnx::TensorProto &tensor : it->second.initializers)
        *graph.add_initializer() = std::move(tensor);
    } else if (!removed.count(&node)) {
      *nodes.Add() = node;
    }
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
  return static_cast<int>(fusions.size());
}

} // namespace loom::onnx_import
