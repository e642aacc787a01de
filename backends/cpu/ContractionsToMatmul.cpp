//===- ContractionsToMatmul.cpp - Grouped contractions as linalg.matmul ---===//
//
// Part of the Loom project.
//
// loom-cpu-contractions-to-matmul: a convolution is lowered to a
// contraction of the filter [F, C, K..] with the patches [C, K.., out..]
// (passes/LowerToLinalgNN.cpp), without reshapes, so that distribution can
// tile its spatial dimensions and fuse the im2col into each tile. Inside the
// tile it is a matmul [F, C*K] x [C*K, P] whose operands are contiguous in
// those groups; collapsing them gives the linalg.matmul that
// loom-cpu-matmul-to-ukernel turns into a micro-kernel call.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUCONTRACTIONSTOMATMUL
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

/// The loop groups of a contraction indexed [m.., k..] x [k.., n..] ->
/// [m.., n..]: `m` and `n` in the output's order, `k` in the inputs'.
struct MatmulGroups {
  SmallVector<unsigned> m, n, k;
};

SmallVector<unsigned> resultDims(AffineMap map) {
  SmallVector<unsigned> dims;
  for (unsigned i = 0; i < map.getNumResults(); ++i)
    dims.push_back(map.getDimPosition(i));
  return dims;
}

std::optional<MatmulGroups> matchGroupedMatmul(linalg::GenericOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || !linalg::isaContractionOpInterface(op))
    return std::nullopt;
  for (Value operand : op->getOperands())
    if (!cast<ShapedType>(operand.getType()).getElementType().isF32())
      return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (!llvm::all_of(maps, [](AffineMap map) {
        return map.isProjectedPermutation(/*allowZeroInResults=*/false);
      }))
    return std::nullopt;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || !dims->batch.empty())
    return std::nullopt;

  SmallVector<unsigned> lhs = resultDims(maps[0]), rhs = resultDims(maps[1]),
                        out = resultDims(maps[2]);
  size_t numM = dims->m.size(), numN = dims->n.size(), numK = dims->k.size();
  // A matrix-vector product (no m or no n) has no [M, N] to collapse to.
  if (numM == 0 || numN == 0 || numK == 0 || lhs.size() != numM + numK ||
      rhs.size() != numK + numN || out.size() != numM + numN)
    return std::nullopt;
  MatmulGroups groups;
  groups.m.assign(out.begin(), out.begin() + numM);
  groups.n.assign(out.begin() + numM, out.end());
  groups.k.assign(lhs.begin() + numM, lhs.end());
  if (!llvm::all_of(
          groups.m,
          [&](unsigned d) { return llvm::is_contained(dims->m, d); }) ||
      ArrayRef<unsigned>(lhs).take_front(numM) != ArrayRef(groups.m) ||
      ArrayRef<unsigned>(rhs).take_front(numK) != ArrayRef(groups.k) ||
      ArrayRef<unsigned>(rhs).drop_front(numK) != ArrayRef(groups.n))
    return std::nullopt;
  return groups;
}

/// Reassociation of a rank `first + second` tensor into two dimensions.
SmallVector<ReassociationIndices> twoGroups(int64_t first, int64_t second) {
  ReassociationIndices a, b;
  for (int64_t i = 0; i < first; ++i)
    a.push_back(i);
  for (int64_t i = 0; i < second; ++i)
    b.push_back(first + i);
  return {a, b};
}

Value collapse(OpBuilder &b, Location loc, Value value,
               ArrayRef<ReassociationIndices> groups) {
  if (cast<RankedTensorType>(value.getType()).getRank() == 2)
    return value;
  return tensor::CollapseShapeOp::create(b, loc, value, groups);
}

void rewriteAsMatmul(RewriterBase &rewriter, linalg::GenericOp op,
                     const MatmulGroups &groups) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  int64_t m = groups.m.size(), n = groups.n.size(), k = groups.k.size();
  SmallVector<ReassociationIndices> outGroups = twoGroups(m, n);
  Value lhs = collapse(rewriter, loc, op.getDpsInputs()[0], twoGroups(m, k));
  Value rhs = collapse(rewriter, loc, op.getDpsInputs()[1], twoGroups(k, n));
  Value init = op.getDpsInits()[0];
  Value accumulator;
  // Filling the collapsed accumulator keeps the fill right before the
  // matmul on the same buffer, where the micro-kernel call absorbs it.
  if (auto fill = init.getDefiningOp<linalg::FillOp>())
    accumulator = linalg::FillOp::create(
                      rewriter, loc, fill.getDpsInputs()[0],
                      collapse(rewriter, loc, fill.getDpsInits()[0], outGroups))
                      .result();
  else
    accumulator = collapse(rewriter, loc, init, outGroups);
  Value product =
      linalg::MatmulOp::create(rewriter, loc, TypeRange{accumulator.getType()},
                               ValueRange{lhs, rhs}, ValueRange{accumulator})
          ->getResult(0);
  auto type = cast<RankedTensorType>(op.getResult(0).getType());
  Value result = product;
  if (type.getRank() != 2)
    result = tensor::ExpandShapeOp::create(
        rewriter, loc, type, product, outGroups,
        tensor::getMixedSizes(rewriter, loc, init));
  rewriter.replaceOp(op, result);
}

struct LoomCpuContractionsToMatmulPass
    : impl::LoomCpuContractionsToMatmulBase<LoomCpuContractionsToMatmulPass> {
  void runOnOperation() override {
    SmallVector<std::pair<linalg::GenericOp, MatmulGroups>> matches;
    getOperation().walk([&](linalg::GenericOp op) {
      if (std::optional<MatmulGroups> groups = matchGroupedMatmul(op))
        matches.emplace_back(op, std::move(*groups));
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, groups] : matches)
      rewriteAsMatmul(rewriter, op, groups);
  }
};

} // namespace
} // namespace loom::cpu
