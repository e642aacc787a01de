//===- IndexingConverters.cpp - ONNX gathers, scatters and resize ------------===//
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

LogicalResult convertGather(NodeContext &node) {
  RankedTensorType dataType = node.inputType(0);
  if (!dataType || !node.input(1))
    return node.fail("Gather needs data and indices");
  int64_t rank = dataType.getRank();
  int64_t axis = node.intAttr("axis", 0);
  if (axis < -rank || axis >= rank)
    return node.fail("axis " + Twine(axis) + " is out of range for rank " +
                     Twine(rank));
  return node.setResults({node.create<GatherOp>(
      node.input(0), node.input(1), axis < 0 ? axis + rank : axis)});
}

} // namespace

void registerIndexingConverters(ConverterRegistry &registry) {
  registry.add("Gather", convertGather);
}

} // namespace loom::onnx_import
