//===- FoldWeightPanels.cpp - One generic restores a pre-packed weight ---===//
//
// Part of the Loom project.
//
// loom-cpu-fold-weight-panels (Passes.td): loom-cpu-pack-matmul-weights
// stores a constant matmul weight [K, N] as panels [P, K, 32] and restores
// the matrix in the kernel with a transpose to [K, P, 32], a reshape to
// [K, P * 32] and, for a ragged last panel, a slice to [K, N]; lowered to
// linalg these are linalg.transpose, tensor.collapse_shape and
// tensor.extract_slice. Tile-and-fuse cannot see through the reshape, so
// each workgroup would wait for the whole matrix to be restored. This pass
// makes the three one linalg.generic that reads the panels directly,
// out[k][n] = panels[n floordiv 32][k][n mod 32]: a workgroup's column tile
// (a multiple of 32 wide, loom-cpu-distribute-workgroups) then reads only
// its own panels, and loom-cpu-matmul-to-ukernel passes those panels to the
// micro-kernel as they are, so the copy never runs.
// Likewise for convolution filters [F, C, KH, KW] stored as panels [P, C *
// KH * KW, 32] (loom-cpu-pack-conv-filters), restored by a transpose to [P,
// 32, C * KH * KW], a tensor.reshape to [P * 32, C, KH, KW] and a slice:
// out[f][c][i][j] = panels[f floordiv 32][(c * KH + i) * KW + j][f mod
// 32], which loom-cpu-conv-to-ukernel replaces by the direct convolution's
// call.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"
#include "backends/cpu/UkernelCalls.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUFOLDWEIGHTPANELS
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

/// The value that restores a weight from `transpose`'s panels (its
/// collapse_shape, or the slice of that), or null when `transpose` is not
/// such a restoration.
Value restoredWeight(linalg::TransposeOp transpose) {
  auto panels = dyn_cast<RankedTensorType>(transpose.getInput().getType());
  if (!panels || !panels.hasStaticShape() || panels.getRank() != 3 ||
      panels.getDimSize(2) != kWeightPanel ||
      transpose.getPermutation() != ArrayRef<int64_t>{1, 0, 2} ||
      !transpose->getResult(0).hasOneUse())
    return {};
  auto collapse = dyn_cast<tensor::CollapseShapeOp>(
      *transpose->getResult(0).user_begin());
  if (!collapse || collapse.getReassociationIndices() !=
                       SmallVector<ReassociationIndices>{{0}, {1, 2}})
    return {};
  Value matrix = collapse.getResult();
  if (!matrix.hasOneUse())
    return matrix;
  auto slice = dyn_cast<tensor::ExtractSliceOp>(*matrix.user_begin());
  if (!slice || !slice.hasUnitStride() || !slice.hasZeroOffset() ||
      slice.getType().getRank() != 2 || !slice.getType().hasStaticShape() ||
      slice.getType().getDimSize(0) != panels.getDimSize(1))
    return matrix;
  return slice.getResult();
}

/// The value that restores convolution filters from `transpose`'s panels
/// (its reshape to [P * 32, C, KH, KW], or the slice of that), or null.
Value restoredFilter(linalg::TransposeOp transpose) {
  auto panels = dyn_cast<RankedTensorType>(transpose.getInput().getType());
  if (!panels || !panels.hasStaticShape() || panels.getRank() != 3 ||
      panels.getDimSize(2) != kWeightPanel ||
      transpose.getPermutation() != ArrayRef<int64_t>{0, 2, 1} ||
      !transpose->getResult(0).hasOneUse())
    return {};
  Operation *user = *transpose->getResult(0).user_begin();
  if (!isa<tensor::ReshapeOp, tensor::ExpandShapeOp>(user))
    return {};
  Value filter = user->getResult(0);
  auto type = cast<RankedTensorType>(filter.getType());
  if (type.getRank() != 4 || !type.hasStaticShape() ||
      type.getDimSize(0) != panels.getDimSize(0) * kWeightPanel ||
      type.getDimSize(1) * type.getDimSize(2) * type.getDimSize(3) !=
          panels.getDimSize(1))
    return {};
  if (!filter.hasOneUse())
    return filter;
  auto slice = dyn_cast<tensor::ExtractSliceOp>(*filter.user_begin());
  if (!slice || !slice.hasUnitStride() || !slice.hasZeroOffset() ||
      slice.getType().getRank() != 4 || !slice.getType().hasStaticShape() ||
      slice.getType().getShape().drop_front() != type.getShape().drop_front())
    return filter;
  return slice.getResult();
}

struct LoomCpuFoldWeightPanelsPass
    : impl::LoomCpuFoldWeightPanelsBase<LoomCpuFoldWeightPanelsPass> {
  void runOnOperation() override {
    SmallVector<linalg::TransposeOp> transposes;
    getOperation().walk(
        [&](linalg::TransposeOp op) { transposes.push_back(op); });
    MLIRContext *context = &getContext();
    for (linalg::TransposeOp transpose : transposes) {
      Value weight = restoredWeight(transpose);
      bool filter = !weight;
      if (filter)
        weight = restoredFilter(transpose);
      if (!weight)
        continue;
      auto type = cast<RankedTensorType>(weight.getType());
      OpBuilder builder(weight.getDefiningOp());
      Location loc = transpose.getLoc();
      Value empty = tensor::EmptyOp::create(builder, loc, type.getShape(),
                                            type.getElementType());
      int64_t rank = type.getRank();
      AffineMap identity = builder.getMultiDimIdentityMap(rank);
      AffineMap read = filter ? filterPanelMap(context, type.getDimSize(2),
                                               type.getDimSize(3))
                              : weightPanelMap(context);
      auto unpack = linalg::GenericOp::create(
          builder, loc, type, ValueRange{transpose.getInput()},
          ValueRange{empty}, ArrayRef<AffineMap>{read, identity},
          SmallVector<utils::IteratorType>(rank,
                                           utils::IteratorType::parallel),
          [](OpBuilder &b, Location loc, ValueRange args) {
            linalg::YieldOp::create(b, loc, args[0]);
          });
      // Replace, then erase the chain from its last op back.
      Operation *last = weight.getDefiningOp();
      weight.replaceAllUsesWith(unpack.getResult(0));
      while (last != transpose.getOperation()) {
        Operation *previous = last->getOperand(0).getDefiningOp();
        last->erase();
        last = previous;
      }
      transpose.erase();
    }
  }
};

} // namespace
} // namespace loom::cpu
