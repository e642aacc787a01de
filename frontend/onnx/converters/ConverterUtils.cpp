//===- ConverterUtils.cpp - Helpers shared by the ONNX converters -----------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/converters/ConverterUtils.h"

#include "ir/LoomOps.h"

#include <cstdio>
#include <cstring>
#include <functional>
#include <numeric>

using namespace mlir;

namespace loom::onnx_import {

std::string formatInts(ArrayRef<int64_t> values) {
  std::string text = "[";
  for (auto [index, value] : llvm::enumerate(values))
    text += (index ? ", " : "") + std::to_string(value);
  return text + "]";
}

std::string formatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.9g", value);
  return text;
}

int64_t product(ArrayRef<int64_t> values) {
  return std::accumulate(values.begin(), values.end(), int64_t(1),
                         std::multiplies<int64_t>());
}

LogicalResult requireInputs(NodeContext &node, ArrayRef<StringRef> names) {
  for (auto [index, name] : llvm::enumerate(names))
    if (!node.hasInput(index))
      return node.fail("input " + Twine(index) + " (" + name + ") is missing");
  return success();
}

LogicalResult requireStatic(NodeContext &node, Value value, StringRef what) {
  if (!typeOf(value).hasStaticShape())
    return node.fail(what + " must have a static shape");
  return success();
}

Value reshapeTo(NodeContext &node, Value value, ArrayRef<int64_t> shape) {
  if (!value)
    return {};
  if (typeOf(value).getShape() == shape)
    return value;
  return node.createTyped<ReshapeOp>(typeOf(value).clone(shape), value);
}

Value castTo(NodeContext &node, Value value, Type type) {
  if (!value || elementTypeOf(value) == type)
    return value;
  return node.createTyped<CastOp>(typeOf(value).clone(type), value);
}

Value perChannel(NodeContext &node, Value value, int64_t channels,
                 int64_t rank, StringRef what) {
  if (!value || failed(requireStatic(node, value, what)))
    return {};
  if (typeOf(value).getNumElements() != channels) {
    (void)node.fail(what + " has shape " + formatInts(typeOf(value).getShape()) +
                    " but must hold one value per channel (" + Twine(channels) +
                    ")");
    return {};
  }
  SmallVector<int64_t> shape(rank, 1);
  shape[1] = channels;
  return reshapeTo(node, value, shape);
}

OnnxValue dataShapedResult(NodeContext &node, Value values, Value dims,
                           ArrayRef<int64_t> bounds) {
  std::optional<Tensor> folded = NodeContext::constantOf(values);
  std::optional<Tensor> shape = NodeContext::constantOf(dims);
  if (folded && shape) {
    Shape actual(shape->data<int64_t>(),
                 shape->data<int64_t>() + shape->numElements());
    Tensor tensor(folded->dtype(), actual);
    if (tensor.byteSize())
      std::memcpy(tensor.bytes(), folded->bytes(), tensor.byteSize());
    return OnnxValue::ofTensor(node.constant(tensor));
  }
  return OnnxValue::ofDataShaped(
      values, dims, bounds,
      "output of " + node.opType().str() + " node '" + node.name().str() + "'");
}

} // namespace loom::onnx_import
