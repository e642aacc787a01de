//===- RegionBodies.h - ONNX subgraphs as regions of loom ops -*- C++ -*-===//
//
// Part of the Loom project.
//
// A Loop or Scan whose body is imported once, as the body of a loom.scan,
// instead of once per iteration, and an If whose branches become the
// regions of a loom.if. A region is isolated from the graphs around it:
// each name it reads from them comes in as an invariant of its op, or, for
// a small integer constant, as a copy of the constant inside the region (so
// that a shape or an axis stays a constant there).
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_FRONTEND_ONNX_CONVERTERS_REGIONBODIES_H
#define LOOM_FRONTEND_ONNX_CONVERTERS_REGIONBODIES_H

#include "frontend/onnx/NodeContext.h"

#include <functional>
#include <optional>

namespace loom::onnx_import {

/// The loop to build around a subgraph.
struct LoopSpec {
  /// The loop's carried values and the values whose dimension 0 (of
  /// `length` entries) it walks; `reverse` walks them from the end.
  llvm::SmallVector<mlir::Value> inits, scanned;
  int64_t length = 0;
  bool reverse = false;
  /// The subgraph's inputs, from the body's position (a tensor<i64>), its
  /// carried values and its entries of `scanned`.
  std::function<llvm::SmallVector<OnnxValue>(
      mlir::Value position, mlir::ValueRange carried, mlir::ValueRange entries)>
      bodyInputs;
  /// What the body yields (the carried values, one per init and of its
  /// type, then the per-step values), built in the body from the
  /// subgraph's outputs; nullopt when they cannot be a loop's.
  std::function<std::optional<llvm::SmallVector<mlir::Value>>(
      llvm::ArrayRef<OnnxValue> outputs, mlir::ValueRange carried)>
      bodyYields;
};

/// The tensors of a subgraph's `outputs`, or nullopt when one is not a
/// plain tensor (a sequence, an empty optional, a value sized by data): a
/// region yields tensors only.
std::optional<llvm::SmallVector<mlir::Value>>
tensorsOf(llvm::ArrayRef<OnnxValue> outputs);

/// Builds a loom.scan whose body is the graph attribute `attr` of the node,
/// imported once; returns its results (the carried values, then each
/// per-step value stacked along a new dimension 0). Returns nullopt, with
/// nothing of the attempt left and the node not failed, when the subgraph
/// cannot be a loop's body: it reads a sequence, an empty optional or a
/// value sized by data from the graphs around it, it does not import with
/// its inputs known only at run time, or it yields a carried value of
/// another type than it takes; the caller then unrolls the loop. `scope`
/// prefixes the errors of a failed import (which a tentative one drops).
std::optional<llvm::SmallVector<mlir::Value>>
importLoop(NodeContext &node, llvm::StringRef attr, const LoopSpec &spec,
           const llvm::Twine &scope);

/// Builds a loom.if on `condition` (a bool tensor of one element read at
/// run time) whose regions are the node's then_branch and else_branch;
/// returns its results. Nullopt, with nothing of the attempt left and the
/// node not failed, when the branches cannot be regions: one reads a
/// sequence, an empty optional or a value sized by data from the graphs
/// around it, gives one (or a value of another type than the other branch
/// at the same position), or does not import; the caller then imports
/// both branches inline.
std::optional<llvm::SmallVector<mlir::Value>> importIf(NodeContext &node,
                                                       mlir::Value condition);

} // namespace loom::onnx_import

#endif // LOOM_FRONTEND_ONNX_CONVERTERS_REGIONBODIES_H
