//===- ShapeConverters.cpp - ONNX constants, shapes and data movement --------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "frontend/onnx/NodeContext.h"

#include "ir/LoomOps.h"

#include "onnx/onnx_pb.h"

using namespace mlir;

namespace loom::onnx_import {
namespace {

LogicalResult convertConstant(NodeContext &node) {
  if (!node.hasAttribute("value"))
    return node.fail("only the 'value' form of Constant is supported");
  std::optional<Tensor> value = node.tensorAttr("value");
  if (!value)
    return failure();
  return node.setResults({node.constant(*value)});
}

/// Reshape: the shape is a constant input (opset 5+); 0 copies the input's
/// size unless allowzero, and one -1 takes what is left.
LogicalResult convertReshape(NodeContext &node) {
  RankedTensorType inputType = node.inputType(0);
  std::optional<std::vector<int64_t>> shape = node.intsInput(1, "shape");
  if (!inputType || !shape)
    return failure();
  bool allowZero = node.intAttr("allowzero", 0) != 0;
  SmallVector<int64_t> dims;
  int64_t inferred = -1, known = 1;
  for (auto [index, dim] : llvm::enumerate(*shape)) {
    if (dim == 0 && !allowZero) {
      if (index >= static_cast<size_t>(inputType.getRank()))
        return node.fail("shape entry " + Twine(index) +
                         " is 0 but the input has rank " +
                         Twine(inputType.getRank()));
      dim = inputType.getDimSize(index);
    }
    if (dim == -1) {
      if (inferred >= 0)
        return node.fail("shape has more than one -1");
      inferred = index;
      dims.push_back(1);
      continue;
    }
    if (dim < 0)
      return node.fail("shape entry " + Twine(index) + " is " + Twine(dim));
    known *= dim;
    dims.push_back(dim);
  }
  int64_t total = inputType.getNumElements();
  if (inferred >= 0) {
    if (known == 0 || total % known != 0)
      return node.fail("cannot infer the -1 in the shape: " + Twine(total) +
                       " elements do not divide into " + Twine(known));
    dims[inferred] = total / known;
  }
  return node.setResults(
      {node.createTyped<ReshapeOp>(inputType.clone(dims), node.input(0))});
}

} // namespace

void registerShapeConverters(ConverterRegistry &registry) {
  registry.add("Constant", convertConstant);
  registry.add("Reshape", convertReshape);
}

} // namespace loom::onnx_import
