//===- DistributeWorkgroups.cpp - Tile a kernel into workgroups ----------===//
//
// Part of the Loom project.
//
// loom-cpu-distribute-workgroups: a kernel's root (its last linalg op) is
// tiled along its parallel dimensions into an scf.forall and every producer
// is fused into the tile, so that each forall iteration is an independent
// piece of the kernel that one workgroup can run. The grid size comes from
// the static shapes: enough work per workgroup to pay for its dispatch, a
// bounded count, and tiles shaped for the matmul micro-kernel where there is
// a contraction. Kernels that cannot be tiled as a whole keep grid 1.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"
#include "backends/cpu/TileKernel.h"
#include "backends/cpu/UkernelCalls.h"
#include "ir/LoomDialect.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUDISTRIBUTEWORKGROUPS
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

// Tiles of a contraction feed loom_ukernel_matmul_f32, which repacks the
// right-hand side on every call: a tile needs enough rows for that packing
// to be amortized, and enough columns for its register blocking.
constexpr int64_t kMinContractionRows = 64;
constexpr int64_t kMinContractionColumns = 128;
// Each row tile of a plain matmul packs its own copy of the right-hand side
// and streams the left-hand side's rows again from the outer caches, so a
// large matmul is split into tiles of at least this size while that still
// leaves kMinContractionTiles of them; only smaller matmuls go down to
// kMinContractionRows x kMinContractionColumns. 1024^3 in 128 tiles of 64 x
// 128 ran at 110-113 GFLOP/s on one thread of the Intel Xeon VM, in 16 of
// 256 x 256 at 136-145, in 2 of 512 x 1024 at 153-159 (2048^3: 107, 133-137,
// 138-145; the micro-kernel called once on the whole: 155-170).
constexpr int64_t kPreferredContractionRows = 256;
constexpr int64_t kPreferredContractionColumns = 256;
constexpr int64_t kMinContractionTiles = 16;
// A convolution tile that splits the filters builds its own copy of the
// patches (im2col) and the micro-kernel packs them again: both cost as much
// for 64 filters as for 512, so a block has at least 128. With blocks of 64,
// ResNet-18's 7x7 layers (512 filters, 8 tiles of 903 KB of patches each)
// ran at 64 GFLOP/s against 260 for its 56x56 ones.
constexpr int64_t kMinConvFilterBlock = 128;
// When the whole image has fewer than kMinContractionColumns positions (the
// 7x7 layers), every tile builds the patches of the whole image: those of
// ResNet-18 (512 filters, 903 KB of patches) ran at 1.33 ms per layer in 4
// blocks of 128 filters and 1.12 ms in 2 of 256 (2 threads).
constexpr int64_t kMinConvFilterBlockWholeImage = 256;
// A batch of this many images gives a convolution enough tiles of one
// image each: splitting their filters too would build each image's patches
// once per filter block. ResNet-18 and -50 at batch 8 on the 2-core Intel
// Xeon VM (2 threads, three alternating rounds): 144-152 -> 132-140 ms and
// 362-379 -> 328-352 ms; at 1 thread within the noise. Beyond this many
// threads the layers whose filters were split (the 14x14 and 7x7 ones) use
// only this many.
constexpr int64_t kMinConvImageTiles = 8;
// A 1x1 convolution's block repeats only the micro-kernel's packing of the
// input: two blocks of 56 filters (EfficientNet-B0's 672 -> 112 at 14x14)
// ran 2-3% faster at 2 threads than one of 112, and 1 thread no slower.
constexpr int64_t kMinUnpatchedFilterBlock = 32;
// A direct convolution (pre-packed filters, loom-cpu-conv-to-ukernel)
// builds no patches, so on a small image its blocks of output rows need
// only enough positions for the micro-kernel's tiles of 14 (two runs of
// 7): at least 7 of them, which splits a 14x14 layer in halves (larger
// images, and layers with filters enough for two blocks of
// kMinConvFilterBlock, keep kMinContractionColumns); and where nothing
// else splits it, its filters go down to one panel. MobileNetV2's 1x1
// projections into 96 and 160 filters at 14x14 and 7x7 (direct, with at
// most 196 positions) otherwise ran as one workgroup, half of 2 threads
// idle: 2 threads, alternating runs, MobileNetV2 5.3-6.0 -> 4.8-5.5 ms,
// EfficientNet-B0 9.9-10.1 -> 9.2-9.3 ms; ResNet-18 and -50 unchanged.
constexpr int64_t kMinDirectConvColumns = 98;
// The innermost dimension of other ops stays long enough to vectorize.
constexpr int64_t kMinInnermostTile = 64;

/// Whether `contraction`'s right-hand side is a pre-packed weight restored
/// by loom-cpu-fold-weight-panels' generic.
bool hasPackedWeight(linalg::LinalgOp contraction) {
  auto unpack =
      contraction.getDpsInputs()[1].getDefiningOp<linalg::GenericOp>();
  return unpack && isWeightPanelUnpack(unpack);
}

/// Rounds the tiles of `root` up to whole panels when its contraction reads
/// a pre-packed weight: the restoring generic's tile must start at a panel
/// (its map takes n floordiv and mod 32 of the tile's own columns), and the
/// micro-kernel reads whole panels. The columns are usually the root's last
/// parallel loop, but an epilogue may permute them (a transposed product),
/// so every tiled loop is rounded; a tile that would then cover its whole
/// loop is no tile.
void roundTilesToPanels(linalg::LinalgOp root, linalg::LinalgOp contraction,
                        SmallVector<int64_t> &tileSizes) {
  if (!contraction || !hasPackedWeight(contraction))
    return;
  SmallVector<int64_t> ranges = root.getStaticLoopRanges();
  for (auto [tile, range] : llvm::zip(tileSizes, ranges)) {
    if (tile == 0)
      continue;
    tile = llvm::alignTo(tile, kWeightPanel);
    if (!ShapedType::isDynamic(range) && tile >= range)
      tile = 0;
  }
}

/// Whether `offset`, the panel column at which a tile of `forall` starts to
/// read a pre-packed weight, is 0 in every tile: a constant 0, or `iv mod
/// 32` of an induction variable of `forall` that starts at 0 and steps by a
/// multiple of 32.
bool startsAtPanel(OpFoldResult offset, scf::ForallOp forall) {
  if (std::optional<int64_t> constant = getConstantIntValue(offset))
    return *constant == 0;
  auto apply = cast<Value>(offset).getDefiningOp<affine::AffineApplyOp>();
  if (!apply || apply.getMapOperands().size() != 1)
    return false;
  AffineMap map = apply.getAffineMap();
  MLIRContext *context = forall.getContext();
  if (map.getNumResults() != 1 ||
      map.getResult(0) != getAffineDimExpr(0, context) % kWeightPanel)
    return false;
  std::optional<SmallVector<OpFoldResult>> lowerBounds =
      forall.getLoopLowerBounds();
  std::optional<SmallVector<OpFoldResult>> steps = forall.getLoopSteps();
  for (auto [index, iv] : llvm::enumerate(forall.getInductionVars())) {
    if (iv != apply.getMapOperands()[0])
      continue;
    std::optional<int64_t> lower = getConstantIntValue((*lowerBounds)[index]);
    std::optional<int64_t> step = getConstantIntValue((*steps)[index]);
    return lower && *lower == 0 && step && *step % kWeightPanel == 0;
  }
  return false;
}

/// Gives each tile's restoring generic of a pre-packed weight (or of
/// pre-packed convolution filters) whole panels:
/// tile-and-fuse slices the panels by the bounding box of its map, whose
/// `n mod 32` makes the last tile's slice as narrow as its last panel's
/// columns (and dynamic). The tiles start at panels (roundTilesToPanels),
/// so the slice from offset 0 with all 32 columns holds every element the
/// generic reads. Fails, as a guard, where a tile could start inside a
/// panel (the generic's `n floordiv 32` and `n mod 32` of the tile's own
/// columns would then read the wrong elements): the kernel is then not
/// distributed.
LogicalResult sliceWholePanels(scf::ForallOp forall) {
  WalkResult result = forall.walk([&](linalg::GenericOp unpack) {
    if (!unpack.hasPureTensorSemantics() || unpack.getNumDpsInputs() != 1)
      return WalkResult::advance();
    // A matmul weight's map, or convolution filters' (whose window sizes
    // are the output's last two dimensions).
    AffineMap map = unpack.getIndexingMapsArray()[0];
    if (map != weightPanelMap(unpack.getContext()) &&
        !isFilterPanelMap(
            map, cast<ShapedType>(unpack.getDpsInits()[0].getType())))
      return WalkResult::advance();
    auto slice =
        unpack.getDpsInputs()[0].getDefiningOp<tensor::ExtractSliceOp>();
    if (!slice)
      return WalkResult::advance();
    if (slice.getSourceType().getRank() != 3 ||
        slice.getSourceType().getDimSize(2) != kWeightPanel ||
        !slice.hasUnitStride() || slice.getType().getRank() != 3 ||
        !startsAtPanel(slice.getMixedOffsets()[2], forall))
      return WalkResult::interrupt();
    OpBuilder builder(slice);
    SmallVector<OpFoldResult> offsets = slice.getMixedOffsets();
    SmallVector<OpFoldResult> sizes = slice.getMixedSizes();
    offsets[2] = builder.getIndexAttr(0);
    sizes[2] = builder.getIndexAttr(kWeightPanel);
    SmallVector<OpFoldResult> strides(3, builder.getIndexAttr(1));
    Value panels = tensor::ExtractSliceOp::create(
        builder, slice.getLoc(), slice.getSource(), offsets, sizes, strides);
    unpack->setOperand(0, panels);
    if (slice->use_empty())
      slice.erase();
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

void setGrid(func::FuncOp kernel, int64_t count) {
  LoomDialect::WorkgroupCountAttrHelper(kernel.getContext())
      .setAttr(kernel,
               DenseI64ArrayAttr::get(kernel.getContext(), {count, 1, 1}));
}

/// Scalar iterations of every linalg op in `kernel`: the estimate of its
/// work that the grid size is derived from.
int64_t kernelWork(func::FuncOp kernel) {
  int64_t work = 0;
  kernel.walk([&](linalg::LinalgOp op) {
    int64_t iterations = 1;
    for (int64_t range : op.getStaticLoopRanges())
      iterations = ShapedType::isDynamic(range) ? iterations
                                                : iterations * range;
    work += iterations;
  });
  return work;
}

/// The tile size of each loop of `root` (0: not tiled) that splits it into
/// about `target` tiles, a contraction's rows and columns (where there is
/// one) into tiles of at least `minRows` x `minColumns`.
SmallVector<int64_t> chooseTileSizes(linalg::LinalgOp root, int64_t target,
                                     linalg::LinalgOp contraction,
                                     int64_t minRows, int64_t minColumns) {
  SmallVector<int64_t> ranges = root.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = root.getIteratorTypesArray();
  SmallVector<unsigned> parallel;
  for (auto [dim, iterator] : llvm::enumerate(iterators))
    if (iterator == utils::IteratorType::parallel &&
        !ShapedType::isDynamic(ranges[dim]))
      parallel.push_back(dim);

  SmallVector<int64_t> minTile(ranges.size(), 1);
  SmallVector<unsigned> order = parallel;
  if (!parallel.empty())
    minTile[parallel.back()] = kMinInnermostTile;
  // Kernels around a contraction: the root's last two parallel loops are
  // the contraction's rows and columns (the root is the contraction itself
  // or an elementwise epilogue on its result).
  if (contraction && parallel.size() >= 2) {
    unsigned rows = parallel[parallel.size() - 2];
    unsigned columns = parallel.back();
    minTile[rows] = minRows;
    minTile[columns] = minColumns;
    Operation *rhsProducer = contraction.getDpsInputs()[1].getDefiningOp();
    // A pre-packed weight's restoring generic is no computation: the
    // micro-kernel call reads the panels in its place.
    bool rhsComputedInKernel =
        rhsProducer && !rhsProducer->hasTrait<OpTrait::ConstantLike>() &&
        !hasPackedWeight(contraction);
    if (rhsComputedInKernel) {
      // Every row tile would recompute the whole right-hand side: split the
      // columns only.
      minTile[rows] = ranges[rows];
      std::swap(order[order.size() - 2], order.back());
    }
  }

  SmallVector<int64_t> tileSizes(ranges.size(), 0);
  int64_t remaining = target;
  for (unsigned dim : order) {
    if (remaining <= 1)
      break;
    int64_t size = ranges[dim];
    if (size <= 1)
      continue;
    int64_t count = std::min<int64_t>(
        llvm::divideCeil(size, std::max<int64_t>(minTile[dim], 1)), remaining);
    if (count <= 1)
      continue;
    int64_t tile = llvm::divideCeil(size, count);
    count = llvm::divideCeil(size, tile);
    tileSizes[dim] = tile;
    remaining /= count;
  }
  return tileSizes;
}

/// The tiles that `tileSizes` cut `root`'s static loops into.
int64_t countTiles(linalg::LinalgOp root, ArrayRef<int64_t> tileSizes) {
  int64_t count = 1;
  for (auto [range, tile] :
       llvm::zip(root.getStaticLoopRanges(), tileSizes))
    if (tile && !ShapedType::isDynamic(range))
      count *= llvm::divideCeil(range, tile);
  return count;
}

/// chooseTileSizes for a kernel that is not a convolution: a contraction's
/// tiles as large as kPreferredContractionRows x
/// kPreferredContractionColumns while that gives kMinContractionTiles of
/// them, else halved (rows first) down to kMinContractionRows x
/// kMinContractionColumns.
SmallVector<int64_t> chooseMatmulTileSizes(linalg::LinalgOp root,
                                           int64_t target,
                                           linalg::LinalgOp contraction) {
  int64_t minRows = kPreferredContractionRows;
  int64_t minColumns = kPreferredContractionColumns;
  while (true) {
    SmallVector<int64_t> tileSizes =
        chooseTileSizes(root, target, contraction, minRows, minColumns);
    bool smallest =
        minRows <= kMinContractionRows && minColumns <= kMinContractionColumns;
    if (!contraction || smallest ||
        countTiles(root, tileSizes) >= std::min(kMinContractionTiles, target))
      return tileSizes;
    if (minRows > kMinContractionRows && minRows >= minColumns)
      minRows /= 2;
    else
      minColumns = std::max(minColumns / 2, kMinContractionColumns);
  }
}

/// Tile sizes for a kernel around a convolution-shaped contraction (several
/// column or reduction dimensions: [F, C, K..] x [C, K.., out..] ->
/// [F, out..]), or nullopt for other kernels. Its columns are the output
/// positions: only the outermost spatial dimension is split (an output row
/// block whose im2col each tile builds for itself), keeping at least
/// kMinContractionColumns columns per tile; then, when more tiles are
/// wanted (the 7x7 layers have few rows), the filters in blocks of
/// kMinConvFilterBlock (kMinConvFilterBlockWholeImage when a tile builds the
/// patches of the whole image), each recomputing its tile's patches. With
/// `winograd`, a 3x3 stride-1 convolution's row blocks hold at least
/// kWinogradMinTiles 2x2 output tiles in whole (even) rows of tiles.
std::optional<SmallVector<int64_t>>
chooseConvTileSizes(linalg::LinalgOp root, int64_t target,
                    linalg::LinalgOp contraction, bool winograd) {
  if (!contraction)
    return std::nullopt;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(contraction);
  if (failed(dims) || !dims->batch.empty() ||
      (dims->n.size() < 2 && dims->k.size() < 2))
    return std::nullopt;
  // The root loop of each dimension of the contraction's output: the
  // contraction's own loops, or an elementwise epilogue's on the same shape.
  AffineMap out = contraction.getIndexingMapsArray().back();
  if (!out.isProjectedPermutation())
    return std::nullopt;
  bool rootIsContraction = root == contraction;
  if (!rootIsContraction &&
      (!linalg::isElementwise(root) ||
       root.getNumLoops() != out.getNumResults() ||
       !root.getIndexingMapsArray().back().isIdentity() ||
       !llvm::equal(
           root.getStaticLoopRanges(),
           cast<ShapedType>(contraction->getResult(0).getType()).getShape())))
    return std::nullopt;
  auto loopOf = [&](unsigned position) {
    return rootIsContraction ? out.getDimPosition(position) : position;
  };
  SmallVector<int64_t> ranges = root.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return std::nullopt;
  // Root loops, outermost first, without unit ones (a batch of 1); column
  // loops before the first row loop are the images of a batch.
  SmallVector<unsigned> rows, columns, images;
  for (unsigned position = 0; position < out.getNumResults(); ++position) {
    unsigned dim = out.getDimPosition(position), loop = loopOf(position);
    if (ranges[loop] == 1)
      continue;
    if (llvm::is_contained(dims->m, dim))
      rows.push_back(loop);
    else if (llvm::is_contained(dims->n, dim))
      (rows.empty() ? images : columns).push_back(loop);
  }
  if (rows.empty() || columns.empty())
    return std::nullopt;
  int64_t innerColumns = 1;
  for (unsigned loop : ArrayRef(columns).drop_front())
    innerColumns *= ranges[loop];

  SmallVector<int64_t> tileSizes(ranges.size(), 0);
  int64_t remaining = target;
  // One image per tile, however small the target, so that its contraction
  // is the matmul of batch 1 (loom-cpu-contractions-to-matmul collapses it;
  // several images would stay loops); then output rows and filters as for
  // one image, so that a tile's patches stay the size of batch 1's.
  for (unsigned loop : images) {
    tileSizes[loop] = 1;
    remaining = std::max<int64_t>(remaining / ranges[loop], 1);
  }
  // Pre-packed filters: the tile runs the direct convolution micro-kernel
  // (loom-cpu-conv-to-ukernel), which builds no patches; its filter blocks
  // are whole panels.
  auto filterProducer =
      contraction.getDpsInputs()[0].getDefiningOp<linalg::GenericOp>();
  bool packedFilters = filterProducer && isFilterPanelUnpack(filterProducer);
  SmallVector<std::pair<unsigned, int64_t>> order;
  int64_t positions = ranges[columns.front()] * innerColumns;
  int64_t minColumns =
      packedFilters && ranges[rows.front()] < 2 * kMinConvFilterBlock
          ? std::clamp<int64_t>(positions / 2, kMinDirectConvColumns,
                                kMinContractionColumns)
          : kMinContractionColumns;
  order.push_back(
      {columns.front(), llvm::divideCeil(minColumns, innerColumns)});
  // With `winograd`, a 3x3 stride-1 convolution with enough 2x2 output
  // tiles takes the Winograd call (loom-cpu-winograd-conv-to-ukernel),
  // which transforms the filters in every workgroup: its row blocks hold
  // at least kWinogradMinTiles output tiles, in whole (even) rows of tiles.
  auto im2col = contraction.getDpsInputs()[1].getDefiningOp<linalg::GenericOp>();
  int64_t tilesWide = (innerColumns + 1) / 2;
  int64_t winogradRows = 0;
  if (winograd && im2col && isWinogradIm2col(im2col, /*allowBatch=*/true) &&
      columns.size() == 2 &&
      (ranges[columns.front()] + 1) / 2 * tilesWide >= kWinogradMinTiles) {
    winogradRows = 2 * llvm::divideCeil(kWinogradMinTiles, tilesWide);
    order.front().second = std::max(order.front().second, winogradRows);
  }
  // The im2col is a linalg op; a 1x1 convolution's right-hand side is the
  // input itself (through a reshape at most).
  bool buildsPatches = isa_and_nonnull<linalg::LinalgOp>(
      contraction.getDpsInputs()[1].getDefiningOp());
  bool wholeImagePerTile =
      ranges[columns.front()] * innerColumns < kMinContractionColumns;
  // Larger filter blocks where every tile builds the whole image's patches,
  // but never fewer than two blocks where two of kMinConvFilterBlock fit:
  // one block would leave every other thread idle (256 filters at 7x7).
  int64_t filterBlock = kMinConvFilterBlock;
  if (buildsPatches && wholeImagePerTile && !packedFilters)
    filterBlock = std::clamp<int64_t>(ranges[rows.front()] / 2,
                                      kMinConvFilterBlock,
                                      kMinConvFilterBlockWholeImage);
  // A batch of at least kMinConvImageTiles images keeps each image's
  // filters in one tile: every filter block would build the image's
  // patches again.
  int64_t imageTiles = 1;
  for (unsigned loop : images)
    imageTiles *= ranges[loop];
  if (!buildsPatches || images.empty() || imageTiles < kMinConvImageTiles)
    order.push_back({rows.front(), filterBlock});
  bool split = !images.empty();
  for (auto [loop, minTile] : order) {
    if (remaining <= 1)
      break;
    int64_t size = ranges[loop];
    // A 1x1 convolution builds no patches: where nothing else split it and
    // it has fewer than two blocks of kMinConvFilterBlock, two blocks of at
    // least kMinUnpatchedFilterBlock (EfficientNet-B0's and MobileNetV2's
    // projections of fewer than 256 filters at 14x14 and 7x7 ran as one
    // workgroup).
    if (loop == rows.front() && !buildsPatches && !split &&
        size < 2 * kMinConvFilterBlock)
      minTile = std::max<int64_t>(kMinUnpatchedFilterBlock, size / 2);
    // A direct convolution that nothing else split: the largest block of
    // whole panels that makes two or more (160 filters: 5 of one panel).
    if (loop == rows.front() && packedFilters && !split &&
        size < 2 * kMinConvFilterBlock)
      for (int64_t block = size / 2 / kWeightPanel * kWeightPanel;
           block >= kWeightPanel; block -= kWeightPanel)
        if (size % block == 0) {
          minTile = block;
          break;
        }
    // The smallest tile of at least minTile that divides the loop into at
    // most `remaining` tiles: equal tiles keep the shapes static (the
    // micro-kernel call and the im2col loops get constant sizes).
    int64_t tile = size;
    for (int64_t candidate = std::max<int64_t>(minTile, 1); candidate < size;
         ++candidate) {
      if (loop == columns.front() && winogradRows && candidate % 2)
        continue;
      // Pre-packed filters: a block is whole panels, which the restoring
      // generic's tile reads from its start and the micro-kernel call
      // takes as they are.
      if (loop == rows.front() && packedFilters && candidate % kWeightPanel)
        continue;
      if (size % candidate == 0 && size / candidate <= remaining) {
        tile = candidate;
        break;
      }
    }
    if (tile == size)
      continue;
    tileSizes[loop] = tile;
    remaining /= size / tile;
    split = true;
  }
  return tileSizes;
}

/// Tiles in the iteration space of `forall`.
int64_t tileCount(scf::ForallOp forall) {
  int64_t count = 1;
  for (auto [lower, upper, step] :
       llvm::zip(forall.getStaticLowerBound(), forall.getStaticUpperBound(),
                 forall.getStaticStep()))
    count *= llvm::divideCeil(upper - lower, step);
  return count;
}

/// Tiles and fuses the kernel in `kernel` (which may be a detached clone).
/// Returns the number of tiles, or failure when a linalg op would remain
/// outside the forall (each workgroup would then run it in full).
FailureOr<int64_t> distribute(func::FuncOp kernel, int64_t target,
                              bool winograd) {
  if (failed(foldReshapedEmpties(kernel)))
    return failure();
  linalg::LinalgOp root = kernelRoot(kernel), contraction;
  if (!root)
    return failure();
  for (Operation &op : kernel.getBody().front())
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(&op))
      if (linalg::isaContractionOpInterface(linalgOp))
        contraction = linalgOp;
  SmallVector<int64_t> tileSizes =
      chooseConvTileSizes(root, target, contraction, winograd)
          .value_or(chooseMatmulTileSizes(root, target, contraction));
  roundTilesToPanels(root, contraction, tileSizes);
  if (llvm::all_of(tileSizes, [](int64_t size) { return size == 0; }))
    return failure();
  FailureOr<scf::ForallOp> forall = tileKernel(kernel, root, tileSizes);
  if (failed(forall))
    return failure();
  if (failed(sliceWholePanels(*forall)))
    return failure();
  return tileCount(*forall);
}

struct LoomCpuDistributeWorkgroupsPass
    : impl::LoomCpuDistributeWorkgroupsBase<LoomCpuDistributeWorkgroupsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp kernel = getOperation();
    if (!isKernel(kernel) || kernel.isExternal())
      return;
    setGrid(kernel, 1);
    // Each workgroup would copy the whole result from its own temporaries.
    if (needsOutputCopies(kernel))
      return;
    int64_t target =
        std::min<int64_t>(kernelWork(kernel) / std::max<int64_t>(
                                                   minWorkPerWorkgroup, 1),
                          maxWorkgroups);
    if (target <= 1)
      return;

    // Tile a detached copy, so that a kernel that cannot be distributed as
    // a whole is left exactly as it was.
    auto candidate = cast<func::FuncOp>(kernel->clone());
    FailureOr<int64_t> tiles = distribute(candidate, target, winograd);
    if (failed(tiles) || *tiles <= 1) {
      candidate.erase();
      return;
    }
    kernel.getBody().takeBody(candidate.getBody());
    candidate.erase();
    setGrid(kernel, *tiles);
  }
};

} // namespace
} // namespace loom::cpu
