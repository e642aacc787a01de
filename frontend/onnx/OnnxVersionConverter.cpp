//===- OnnxVersionConverter.cpp - Upgrades old opsets with ONNX's converter ===//
//
// Part of the Loom project.
//
// ONNX's checker and version converter report problems by throwing; this
// file (no LLVM inside) is built with exceptions and turns them into
// messages.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/OnnxVersionConverter.h"

#include "onnx/checker.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"

#include <exception>
#include <map>
#include <set>

namespace loom::onnx_import {
namespace {

/// The first line of an exception's message, without ONNX's
/// "[ONNXRuntimeError]"-style prefixes' trailing whitespace.
std::string oneLine(const char *what) {
  std::string text(what ? what : "unknown error");
  text = text.substr(0, text.find('\n'));
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r'))
    text.pop_back();
  return text;
}

/// The dims of every value whose shape `model` records (graph inputs,
/// value_info from shape inference, initializers); -1 for unknown dims.
std::map<std::string, std::vector<int64_t>>
knownShapes(const onnx::ModelProto &model) {
  std::map<std::string, std::vector<int64_t>> shapes;
  auto add = [&](const onnx::ValueInfoProto &info) {
    if (!info.type().has_tensor_type() ||
        !info.type().tensor_type().has_shape())
      return;
    std::vector<int64_t> dims;
    for (const auto &dim : info.type().tensor_type().shape().dim())
      dims.push_back(dim.has_dim_value() ? dim.dim_value() : -1);
    shapes[info.name()] = dims;
  };
  for (const onnx::ValueInfoProto &info : model.graph().input())
    add(info);
  for (const onnx::ValueInfoProto &info : model.graph().value_info())
    add(info);
  for (const onnx::TensorProto &tensor : model.graph().initializer())
    shapes[tensor.name()] =
        std::vector<int64_t>(tensor.dims().begin(), tensor.dims().end());
  return shapes;
}

/// PRelu before opset 7 applies a one-dimensional slope of C values per
/// channel (dimension 1 of X); from opset 7 the slope broadcasts like
/// numpy's, from the right. ONNX's converter lets PRelu through unchanged,
/// so each such slope gets an Unsqueeze to C x 1 x ... x 1 here. Returns
/// how many were rewritten.
int fixChannelSlopes(onnx::ModelProto &converted,
                     const std::map<std::string, std::vector<int64_t>> &shapes) {
  int fixed = 0;
  onnx::GraphProto &graph = *converted.mutable_graph();
  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    if (node.op_type() == "PRelu" && node.input_size() == 2) {
      auto x = shapes.find(node.input(0));
      auto slope = shapes.find(node.input(1));
      if (x != shapes.end() && slope != shapes.end() &&
          x->second.size() >= 3 && slope->second.size() == 1 &&
          slope->second[0] > 1 && slope->second[0] == x->second[1]) {
        onnx::NodeProto *unsqueeze = nodes.Add();
        std::string output = node.input(1) + "_per_channel_" +
                             std::to_string(fixed++);
        unsqueeze->set_op_type("Unsqueeze");
        unsqueeze->set_name(output);
        unsqueeze->add_input(node.input(1));
        unsqueeze->add_output(output);
        onnx::AttributeProto *axes = unsqueeze->add_attribute();
        axes->set_name("axes");
        axes->set_type(onnx::AttributeProto::INTS);
        for (size_t axis = 1; axis + 1 < x->second.size(); ++axis)
          axes->add_ints(static_cast<int64_t>(axis));
        node.set_input(1, output);
      }
    }
    *nodes.Add() = node;
  }
  graph.mutable_node()->Swap(&nodes);
  return fixed;
}

} // namespace

std::optional<OpsetUpgrade> upgradeOpset(onnx::ModelProto &model,
                                         int targetOpset, std::string &error) {
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    error = "ONNX's checker refuses the model: " + oneLine(e.what());
    return std::nullopt;
  }
  // The broadcasting adapters need the shapes of the values they rewrite:
  // ONNX's shape inference adds them to a copy (value_info), which is what
  // gets converted.
  onnx::ModelProto inferred = model;
  try {
    onnx::shape_inference::InferShapes(inferred);
  } catch (const std::exception &e) {
    error = "ONNX's shape inference fails on the model: " + oneLine(e.what());
    return std::nullopt;
  }
  onnx::ModelProto converted;
  try {
    converted = onnx::version_conversion::ConvertVersion(inferred, targetOpset);
  } catch (const std::exception &e) {
    error = "ONNX's version converter cannot upgrade it to opset " +
            std::to_string(targetOpset) + ": " + oneLine(e.what());
    return std::nullopt;
  }
  OpsetUpgrade upgrade;
  for (const onnx::NodeProto &node : model.graph().node()) {
    if (node.op_type() != "BatchNormalization" && node.op_type() != "Dropout")
      continue;
    bool hasIsTest = false;
    for (const onnx::AttributeProto &attribute : node.attribute())
      hasIsTest |= attribute.name() == "is_test";
    if (!hasIsTest)
      upgrade.lossy.push_back(
          "node '" + (node.name().empty() ? node.output(0) : node.name()) +
          "' (" + node.op_type() +
          ") has no is_test, which means training mode before opset 7; it "
          "is imported in inference mode");
  }
  upgrade.channelSlopes = fixChannelSlopes(converted, knownShapes(inferred));
  model = std::move(converted);
  return upgrade;
}

} // namespace loom::onnx_import
