//===- NNConverters.cpp - ONNX matmul, convolution, pooling, norms -----------===//
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

/// MatMul with NumPy semantics: a 1-D operand is made a matrix (a row on
/// the left, a column on the right) and the added dimension removed again.
LogicalResult convertMatMul(NodeContext &node) {
  Value lhs = node.input(0), rhs = node.input(1);
  RankedTensorType lhsType = node.inputType(0), rhsType = node.inputType(1);
  if (!lhs || !rhs)
    return node.fail("MatMul needs two inputs");
  bool lhsVector = lhsType.getRank() == 1, rhsVector = rhsType.getRank() == 1;
  if (lhsVector)
    lhs = node.createTyped<ReshapeOp>(
        lhsType.clone({1, lhsType.getDimSize(0)}), lhs);
  if (rhsVector)
    rhs = node.createTyped<ReshapeOp>(
        rhsType.clone({rhsType.getDimSize(0), 1}), rhs);
  Value product = node.create<MatmulOp>(lhs, rhs);
  if (!product || (!lhsVector && !rhsVector))
    return node.setResults({product});
  auto productType = cast<RankedTensorType>(product.getType());
  SmallVector<int64_t> shape(productType.getShape());
  if (rhsVector)
    shape.pop_back();
  if (lhsVector)
    shape.erase(shape.end() - (rhsVector ? 1 : 2));
  return node.setResults(
      {node.createTyped<ReshapeOp>(productType.clone(shape), product)});
}

} // namespace

void registerNNConverters(ConverterRegistry &registry) {
  registry.add("MatMul", convertMatMul);
}

} // namespace loom::onnx_import
