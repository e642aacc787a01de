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

struct LoomCpuFoldWeightPanelsPass
    : impl::LoomCpuFoldWeightPanelsBase<LoomCpuFoldWeightPanelsPass> {
  void runOnOperation() override {
    SmallVector<linalg::TransposeOp> transposes;
    getOperation().walk(
        [&](linalg::TransposeOp op) { transposes.push_back(op); });
    MLIRContext *context = &getContext();
    for (linalg::TransposeOp transpose : transposes) {
      Value weight = restoredWeight(transpose);
      if (!weight)
        continue;
      auto type = cast<RankedTensorType>(weight.getType());
      OpBuilder builder(weight.getDefiningOp());
      Location loc = transpose.getLoc();
      Value empty = tensor::EmptyOp::create(builder, loc, type.getShape(),
                                            type.getElementType());
      AffineMap identity = builder.getMultiDimIdentityMap(2);
      auto unpack = linalg::GenericOp::create(
          builder, loc, type, ValueRange{transpose.getInput()},
          ValueRange{empty},
          ArrayRef<AffineMap>{weightPanelMap(context), identity},
          SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
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
