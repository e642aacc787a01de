//===- SplitFusedProjections.cpp - One Linear per slice of a fused one -------===//
//
// Part of the Loom project.
//
// A fused projection (GPT's qkv Linear of width 3*D, then split into q, k
// and v) split by columns over a mesh would hand device 0 all of q and part
// of k. Rewriting it as one projection per slice, each with its own columns
// of the weight and bias, lets each be split by columns on its own, so
// every device gets its heads of q, of k and of v. The rewrite is exact:
// a column slice of x * W + b is x * W[:, cols] + b[cols].
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/LoomOps.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "loom-split-fused-projections"

namespace loom {
#define GEN_PASS_DEF_LOOMSPLITFUSEDPROJECTIONS
#include "passes/Passes.h.inc"
} // namespace loom

using namespace mlir;

namespace loom {
namespace {

/// Columns [begin, begin + size) of the last dimension of `value`, as a new
/// dense attribute; none for attributes not stored densely with byte-sized
/// elements (a resource blob, i1).
DenseElementsAttr sliceColumns(ElementsAttr value, int64_t begin,
                               int64_t size) {
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (!dense)
    return {};
  auto type = cast<RankedTensorType>(dense.getType());
  SmallVector<int64_t> shape(type.getShape());
  int64_t columns = shape.back();
  shape.back() = size;
  auto sliced = type.clone(shape);
  if (dense.isSplat())
    return dense.resizeSplat(sliced);
  unsigned bits = type.getElementTypeBitWidth();
  if (bits % 8 != 0)
    return {};
  size_t bytes = bits / 8;
  ArrayRef<char> raw = dense.getRawData();
  int64_t rows = type.getNumElements() / columns;
  std::vector<char> data;
  data.reserve(rows * size * bytes);
  for (int64_t row = 0; row < rows; ++row) {
    const char *start = raw.data() + (row * columns + begin) * bytes;
    data.insert(data.end(), start, start + size * bytes);
  }
  return DenseElementsAttr::getFromRawBuffer(sliced, data);
}

/// A slice that takes a contiguous range of the last dimension and all of
/// every other: its start and size there.
std::optional<std::pair<int64_t, int64_t>> columnRange(SliceOp slice) {
  RankedTensorType input = slice.getInput().getType();
  RankedTensorType result = slice.getType();
  if (!input.hasStaticShape() || !result.hasStaticShape())
    return std::nullopt;
  int64_t last = input.getRank() - 1;
  for (int64_t dim = 0; dim < input.getRank(); ++dim) {
    if (slice.getSteps()[dim] != 1)
      return std::nullopt;
    if (dim != last && (slice.getOffsets()[dim] != 0 ||
                        input.getDimSize(dim) != result.getDimSize(dim)))
      return std::nullopt;
  }
  return std::make_pair(slice.getOffsets()[last], result.getDimSize(last));
}

/// The name of the i-th part of a named constant, so that `--shard` can
/// name it: `NAME:i`.
Location partLocation(Location loc, unsigned part) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return NameLoc::get(StringAttr::get(loc.getContext(),
                                        name.getName().str() + ":" +
                                            std::to_string(part)),
                        name.getChildLoc());
  return loc;
}

/// Rewrites matmul(x, W) [+ b], used only by two or more column slices,
/// into one matmul [+ add] per slice. Returns false, changing nothing, when
/// the pattern does not match.
bool splitFusedProjection(MatmulOp matmul, IRRewriter &rewriter) {
  auto weight = matmul.getRhs().getDefiningOp<ConstantOp>();
  if (!weight || matmul.getRhs().getType().getRank() != 2)
    return false;
  Value fused = matmul.getResult();
  AddOp biasAdd;
  ConstantOp bias;
  if (fused.hasOneUse() && (biasAdd = dyn_cast<AddOp>(*fused.user_begin()))) {
    Value other =
        biasAdd.getLhs() == fused ? biasAdd.getRhs() : biasAdd.getLhs();
    bias = other.getDefiningOp<ConstantOp>();
    auto type = cast<RankedTensorType>(other.getType());
    bool vector = bias && type.getRank() >= 1 &&
                  llvm::all_of(type.getShape().drop_back(),
                               [](int64_t size) { return size == 1; }) &&
                  type.getShape().back() == matmul.getType().getShape().back();
    if (!vector)
      return false;
    fused = biasAdd.getResult();
  }
  SmallVector<std::pair<SliceOp, std::pair<int64_t, int64_t>>> slices;
  for (Operation *user : fused.getUsers()) {
    auto slice = dyn_cast<SliceOp>(user);
    std::optional<std::pair<int64_t, int64_t>> range =
        slice ? columnRange(slice) : std::nullopt;
    if (!range)
      return false;
    slices.push_back({slice, *range});
  }
  if (slices.size() < 2)
    return false;
  // Parts are numbered by their columns.
  llvm::stable_sort(slices, [](const auto &a, const auto &b) {
    return a.second < b.second;
  });

  // Every part's weight first, so that nothing changes on a failure.
  SmallVector<std::pair<DenseElementsAttr, DenseElementsAttr>> parts;
  for (auto &[slice, range] : slices) {
    DenseElementsAttr partWeight =
        sliceColumns(weight.getValue(), range.first, range.second);
    DenseElementsAttr partBias =
        bias ? sliceColumns(bias.getValue(), range.first, range.second)
             : DenseElementsAttr();
    if (!partWeight || (bias && !partBias))
      return false;
    parts.push_back({partWeight, partBias});
  }
  LLVM_DEBUG(llvm::dbgs() << "splitting " << matmul << " into "
                          << slices.size() << " projections\n");
  bool biasFirst = biasAdd && biasAdd.getLhs() != matmul.getResult();
  for (auto [index, entry] : llvm::enumerate(slices)) {
    SliceOp slice = entry.first;
    rewriter.setInsertionPoint(slice);
    auto partWeight = ConstantOp::create(
        rewriter, partLocation(weight.getLoc(), index), parts[index].first);
    Value part = MatmulOp::create(rewriter, slice.getLoc(), slice.getType(),
                                  matmul.getLhs(), partWeight);
    if (bias) {
      auto partBias = ConstantOp::create(
          rewriter, partLocation(bias.getLoc(), index), parts[index].second);
      part = AddOp::create(rewriter, slice.getLoc(), slice.getType(),
                           biasFirst ? partBias.getResult() : part,
                           biasFirst ? part : partBias.getResult());
    }
    rewriter.replaceOp(slice, part);
  }
  if (biasAdd)
    rewriter.eraseOp(biasAdd);
  rewriter.eraseOp(matmul);
  // The fused weight and bias, unless something else reads them.
  for (ConstantOp constant : {weight, bias})
    if (constant && constant->use_empty())
      rewriter.eraseOp(constant);
  return true;
}

struct LoomSplitFusedProjectionsPass
    : impl::LoomSplitFusedProjectionsBase<LoomSplitFusedProjectionsPass> {
  void runOnOperation() override {
    SmallVector<MatmulOp> matmuls;
    getOperation().walk([&](MatmulOp op) { matmuls.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (MatmulOp matmul : matmuls)
      splitFusedProjection(matmul, rewriter);
  }
};

} // namespace
} // namespace loom
