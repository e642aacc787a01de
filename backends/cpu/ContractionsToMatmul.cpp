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
// loom-cpu-matmul-to-ukernel turns into a micro-kernel call (for 8-bit
// integer operands a linalg.generic [M, K] x [K, N] with the contraction's
// own body, which extends each operand by its signedness). The tile of a
// batched convolution holds one image, [1, F, out..] from [1, C, K.., out..]:
// its unit batch loop joins a neighbouring group, so it collapses the same way.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"
#include "backends/cpu/UkernelCalls.h"

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
/// [m.., n..]: `m` and `n` in the output's order, `k` in the inputs'; and
/// for each operand the reassociation that collapses it to rank 2. Loops of
/// static size 1 belong to no group and may stand anywhere (a tile of one
/// image of a batched convolution: [1, F, ..] = [F, C, ..] x [1, C, .., ..]);
/// their dimensions join the group of the next dimension.
struct MatmulGroups {
  SmallVector<unsigned> m, n, k;
  SmallVector<ReassociationIndices> lhs, rhs, out;
};

SmallVector<unsigned> resultDims(AffineMap map) {
  SmallVector<unsigned> dims;
  for (unsigned i = 0; i < map.getNumResults(); ++i)
    dims.push_back(map.getDimPosition(i));
  return dims;
}

/// Two groups for an operand whose dimensions are the loops `dims`: the
/// first holds the non-unit loops of `first`, which must all come before
/// the others; a unit loop joins the group of the next non-unit one (the
/// second group at the end).
std::optional<SmallVector<ReassociationIndices>>
twoGroupsOf(ArrayRef<unsigned> dims, ArrayRef<unsigned> first,
            llvm::function_ref<bool(unsigned)> isUnit) {
  SmallVector<ReassociationIndices> groups(2);
  SmallVector<int64_t> pending;
  bool seenSecond = false;
  for (auto [position, dim] : llvm::enumerate(dims)) {
    if (isUnit(dim)) {
      pending.push_back(position);
      continue;
    }
    bool inFirst = llvm::is_contained(first, dim);
    if (inFirst && seenSecond)
      return std::nullopt;
    seenSecond |= !inFirst;
    ReassociationIndices &group = groups[inFirst ? 0 : 1];
    group.append(pending.begin(), pending.end());
    pending.clear();
    group.push_back(position);
  }
  groups[1].append(pending.begin(), pending.end());
  if (groups[0].empty() || groups[1].empty())
    return std::nullopt;
  return groups;
}

std::optional<MatmulGroups> matchGroupedMatmul(linalg::GenericOp op,
                                               bool ignoreUnitLoops) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || !linalg::isaContractionOpInterface(op))
    return std::nullopt;
  bool isF32 = llvm::all_of(op->getOperands(), [](Value operand) {
    return cast<ShapedType>(operand.getType()).getElementType().isF32();
  });
  if (!isF32 && !int8ContractionOperands(op))
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (!llvm::all_of(maps, [](AffineMap map) {
        return map.isProjectedPermutation(/*allowZeroInResults=*/false);
      }))
    return std::nullopt;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims))
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  auto isUnit = [&](unsigned dim) {
    return ignoreUnitLoops && ranges[dim] == 1;
  };
  auto nonUnit = [&](ArrayRef<unsigned> list) {
    SmallVector<unsigned> kept;
    for (unsigned dim : list)
      if (!isUnit(dim))
        kept.push_back(dim);
    return kept;
  };
  if (!nonUnit(SmallVector<unsigned>(dims->batch.begin(), dims->batch.end()))
           .empty())
    return std::nullopt;

  SmallVector<unsigned> lhsDims = resultDims(maps[0]),
                        rhsDims = resultDims(maps[1]),
                        outDims = resultDims(maps[2]);
  SmallVector<unsigned> lhs = nonUnit(lhsDims), rhs = nonUnit(rhsDims),
                        out = nonUnit(outDims);
  size_t numM = nonUnit(SmallVector<unsigned>(dims->m.begin(), dims->m.end())).size(),
         numN = nonUnit(SmallVector<unsigned>(dims->n.begin(), dims->n.end())).size(),
         numK = nonUnit(SmallVector<unsigned>(dims->k.begin(), dims->k.end())).size();
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
  auto lhsGroups = twoGroupsOf(lhsDims, groups.m, isUnit);
  auto rhsGroups = twoGroupsOf(rhsDims, groups.k, isUnit);
  auto outGroups = twoGroupsOf(outDims, groups.m, isUnit);
  if (!lhsGroups || !rhsGroups || !outGroups)
    return std::nullopt;
  groups.lhs = std::move(*lhsGroups);
  groups.rhs = std::move(*rhsGroups);
  groups.out = std::move(*outGroups);
  return groups;
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
  ArrayRef<ReassociationIndices> outGroups = groups.out;
  Value lhs = collapse(rewriter, loc, op.getDpsInputs()[0], groups.lhs);
  Value rhs = collapse(rewriter, loc, op.getDpsInputs()[1], groups.rhs);
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
  Value product;
  if (int8ContractionOperands(op)) {
    // The named op has one cast for both operands: the 8-bit contraction
    // stays generic, (m, n, k) with the original body.
    MLIRContext *context = rewriter.getContext();
    AffineExpr m = getAffineDimExpr(0, context), n = getAffineDimExpr(1, context),
               k = getAffineDimExpr(2, context);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{accumulator.getType()}, ValueRange{lhs, rhs},
        ValueRange{accumulator},
        ArrayRef<AffineMap>{AffineMap::get(3, 0, {m, k}, context),
                            AffineMap::get(3, 0, {k, n}, context),
                            AffineMap::get(3, 0, {m, n}, context)},
        SmallVector<utils::IteratorType>{utils::IteratorType::parallel,
                                         utils::IteratorType::parallel,
                                         utils::IteratorType::reduction});
    rewriter.cloneRegionBefore(op.getRegion(), generic.getRegion(),
                               generic.getRegion().begin());
    product = generic.getResult(0);
  } else {
    product =
        linalg::MatmulOp::create(rewriter, loc, TypeRange{accumulator.getType()},
                                 ValueRange{lhs, rhs}, ValueRange{accumulator})
            ->getResult(0);
  }
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
    std::vector<std::pair<linalg::GenericOp, MatmulGroups>> matches;
    getOperation().walk([&](linalg::GenericOp op) {
      // Unit loops only where the contraction matches no other way (a unit
      // m loop is a matmul of one row, not a matrix-vector product).
      std::optional<MatmulGroups> groups =
          matchGroupedMatmul(op, /*ignoreUnitLoops=*/false);
      if (!groups)
        groups = matchGroupedMatmul(op, /*ignoreUnitLoops=*/true);
      if (groups)
        matches.emplace_back(op, std::move(*groups));
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, groups] : matches)
      rewriteAsMatmul(rewriter, op, groups);
  }
};

} // namespace
} // namespace loom::cpu
