//===- CollapseContiguousLoops.cpp - One loop over contiguous dimensions --===//
//
// Part of the Loom project.
//
// loom-cpu-collapse-contiguous-loops: a bufferized linalg.generic over a
// tile of a small CNN layer ([C, 14, 14], [C, 7, 7]) becomes a loop nest
// whose innermost loop is a 14- or 7-wide row, which LLVM vectorizes 4 or 8
// wide with a scalar remainder (the SiLU after EfficientNet's convolutions
// ran 12 of 14 elements in xmm vectors and 2 scalar). The tile's buffers are
// usually contiguous across rows and channels, though, so consecutive loops
// of one iterator type that every operand indexes as consecutive contiguous
// dimensions (or not at all: a per-channel bias) can be one loop over
// `C * 196` elements, which vectorizes at full width. Each element is still
// computed by the same body from the same operands, and a collapsed
// reduction visits its elements in the same order.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUCOLLAPSECONTIGUOUSLOOPS
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

#define DEBUG_TYPE "loom-cpu-collapse-contiguous-loops"

using namespace mlir;

namespace loom::cpu {
namespace {

/// Whether loops `loop` and `loop + 1` of `op` can be one loop: the same
/// iterator type, and in every operand's map either neither appears or they
/// are consecutive results, in order, of dimensions the operand's memref
/// lays out contiguously (the outer stride is the inner one times the
/// inner size).
bool canJoin(linalg::GenericOp op, unsigned loop) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (iterators[loop] != iterators[loop + 1])
    return false;
  for (OpOperand &operand : op->getOpOperands()) {
    AffineMap map = op.getMatchingIndexingMap(&operand);
    std::optional<unsigned> outer =
        map.getResultPosition(getAffineDimExpr(loop, op.getContext()));
    std::optional<unsigned> inner =
        map.getResultPosition(getAffineDimExpr(loop + 1, op.getContext()));
    if (!outer && !inner)
      continue;
    if (!outer || !inner || *inner != *outer + 1)
      return false;
    auto type = cast<MemRefType>(operand.get().getType());
    SmallVector<int64_t> strides;
    int64_t offset;
    if (failed(type.getStridesAndOffset(strides, offset)))
      return false;
    int64_t innerSize = type.getDimSize(*inner);
    if (ShapedType::isDynamic(innerSize) ||
        ShapedType::isDynamic(strides[*outer]) ||
        ShapedType::isDynamic(strides[*inner]) ||
        strides[*outer] != strides[*inner] * innerSize)
      return false;
  }
  return true;
}

/// The groups of consecutive loops of `op` that can each be one loop, every
/// loop in one group; none when no two loops join. Only the outermost size of
/// a group may be dynamic (a ragged last tile of channels): canJoin needs
/// the inner sizes and the strides.
SmallVector<ReassociationIndices> collapsibleLoops(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.hasIndexSemantics() ||
      op.getNumLoops() < 2 ||
      !llvm::all_of(op.getIndexingMapsArray(),
                    [](AffineMap map) {
                      return map.isProjectedPermutation(
                          /*allowZeroInResults=*/false);
                    }) ||
      !llvm::all_of(op->getOperandTypes(),
                    [](Type type) { return isa<MemRefType>(type); }))
    return {};
  SmallVector<ReassociationIndices> groups = {{0}};
  bool joined = false;
  for (unsigned loop = 0; loop + 1 < op.getNumLoops(); ++loop) {
    if (canJoin(op, loop)) {
      groups.back().push_back(loop + 1);
      joined = true;
    } else {
      groups.push_back({static_cast<int64_t>(loop + 1)});
    }
  }
  if (!joined)
    return {};
  return groups;
}

struct LoomCpuCollapseContiguousLoopsPass
    : impl::LoomCpuCollapseContiguousLoopsBase<
          LoomCpuCollapseContiguousLoopsPass> {
  void runOnOperation() override {
    SmallVector<std::pair<linalg::GenericOp, SmallVector<ReassociationIndices>>>
        work;
    getOperation().walk([&](linalg::GenericOp op) {
      SmallVector<ReassociationIndices> groups = collapsibleLoops(op);
      if (!groups.empty())
        work.emplace_back(op, std::move(groups));
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, groups] : work) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::CollapseResult> collapsed =
          linalg::collapseOpIterationDims(op, groups, rewriter);
      // collapsibleLoops checked what the rewrite needs; should it still
      // refuse, the op keeps its loops, which is correct, only slower.
      if (failed(collapsed))
        continue;
      // Buffer semantics: the op has no results to replace.
      rewriter.eraseOp(op);
    }
  }
};

} // namespace
} // namespace loom::cpu
