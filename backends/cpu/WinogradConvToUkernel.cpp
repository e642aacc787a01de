//===- WinogradConvToUkernel.cpp - 3x3 convolutions by Winograd ----------===//
//
// Part of the Loom project.
//
// loom-cpu-winograd-conv-to-ukernel: the tile of a 3x3, stride-1,
// undilated f32 convolution, as loom-cpu-contractions-to-matmul leaves it
// after bufferization (the filter [F, C, 3, 3] times the im2col patches
// [C, 3, 3, OH, OW] of the zero-padded input, both collapsed into a
// linalg.matmul), becomes one call of loom_ukernel_conv2d_3x3_winograd_f32
// on the padded input itself: F(2x2, 3x3) does 16 multiplies per 2x2 tile
// and channel where the matmul does 36, and the patches (nine copies of the
// input) are never written. The call gets a workspace of its own, a
// temporary that the deallocation pipeline after this pass frees. Only tiles with enough 2x2 output tiles take it: the call
// transforms the tile's filters on every launch, which a few output tiles
// do not repay (docs/cpu-backend.md measures where it wins).
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"
#include "backends/cpu/UkernelCalls.h"
#include "backends/cpu/Winograd.h"

#include "backends/cpu/ukernels/loom_ukernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/LoopLikeInterface.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUWINOGRADCONVTOUKERNEL
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {

bool isWinogradIm2col(linalg::GenericOp op, bool allowBatch) {
  std::optional<Im2colWindow> window = matchIm2col(op, allowBatch);
  return window && window->kernelH == 3 && window->kernelW == 3 &&
         window->strideH == 1 && window->strideW == 1;
}

namespace {

constexpr StringLiteral kWinogradUkernel =
    "loom_ukernel_conv2d_3x3_winograd_f32";
constexpr StringLiteral kFiltersUkernel = "loom_ukernel_winograd_f32_filters";

/// The tile of a 3x3 stride-1 convolution that `matmul` computes, if it is
/// one and worth the Winograd call.
std::optional<Im2colConv> matchWinogradConv(linalg::MatmulOp matmul,
                                            int64_t minTiles) {
  std::optional<Im2colConv> conv = matchIm2colConv(matmul);
  if (!conv)
    return std::nullopt;
  Im2colWindow window = conv->window;
  SmallVector<int64_t> filterStrides;
  int64_t offset;
  // Contiguous windows.
  if (window.kernelH != 3 || window.kernelW != 3 || window.strideH != 1 ||
      window.strideW != 1 ||
      failed(cast<MemRefType>(conv->filter.getType())
                 .getStridesAndOffset(filterStrides, offset)) ||
      filterStrides[1] != 9 || filterStrides[2] != 3)
    return std::nullopt;
  int64_t tiles = (conv->height + 1) / 2 * ((conv->width + 1) / 2);
  if (tiles < minTiles)
    return std::nullopt;
  return conv;
}

/// The outermost loop around `op` in its function (the workgroup loop), or
/// `op` itself outside any.
Operation *outermostLoop(Operation *op) {
  Operation *outermost = op;
  for (Operation *parent = op->getParentOp();
       parent && !isa<func::FuncOp>(parent); parent = parent->getParentOp())
    if (isa<LoopLikeOpInterface>(parent))
      outermost = parent;
  return outermost;
}

/// The filters of a tile as rows [offset, offset + F) of `all` [F_all, C,
/// 3, 3], a value defined before `before`: the tile's filter itself, or a
/// subview of such a value that takes whole filters.
struct FilterRows {
  Value all;
  OpFoldResult offset;
};
std::optional<FilterRows> filterRows(Value filter, Operation *before) {
  auto definedBefore = [&](Value value) {
    if (auto arg = dyn_cast<BlockArgument>(value))
      return arg.getOwner()->getParentOp()->isAncestor(before);
    Operation *def = value.getDefiningOp();
    return def->getBlock() == before->getBlock() &&
           def->isBeforeInBlock(before);
  };
  Builder b(filter.getContext());
  if (definedBefore(filter))
    return FilterRows{filter, b.getIndexAttr(0)};
  auto subview = filter.getDefiningOp<memref::SubViewOp>();
  if (!subview || !definedBefore(subview.getSource()) ||
      subview.getSourceType().getRank() != 4 ||
      subview.getType().getRank() != 4 || !subview.hasUnitStride())
    return std::nullopt;
  auto sourceType = subview.getSourceType();
  SmallVector<OpFoldResult> offsets = subview.getMixedOffsets();
  for (unsigned i = 1; i < 4; ++i)
    if (!isConstantIntValue(offsets[i], 0) ||
        subview.getType().getDimSize(i) != sourceType.getDimSize(i))
      return std::nullopt;
  return FilterRows{subview.getSource(), offsets[0]};
}

struct LoomCpuWinogradConvToUkernelPass
    : impl::LoomCpuWinogradConvToUkernelBase<
          LoomCpuWinogradConvToUkernelPass> {
  using Base::Base;

  /// U [16, F, C] for the tile's filters: a view of the transform of all
  /// the filters they are rows of, made once before the workgroup loop
  /// when those are defined there, else the transform of the tile's own
  /// filters, made before its call.
  Value transformedFilters(
      OpBuilder &builder, Im2colConv &conv,
      DenseMap<std::pair<Value, Operation *>, Value> &transformed) {
    Location loc = conv.matmul.getLoc();
    Operation *loop = outermostLoop(conv.matmul);
    std::optional<FilterRows> rows = filterRows(conv.filter, loop);
    if (!rows) {
      loop = conv.matmul;
      rows = FilterRows{conv.filter, builder.getIndexAttr(0)};
    }
    auto allType = cast<MemRefType>(rows->all.getType());
    int64_t allFilters = allType.getDimSize(0);
    Value &all = transformed[{rows->all, loop}];
    if (!all) {
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPoint(loop);
      Type i64 = builder.getI64Type();
      all = memref::AllocOp::create(
          builder, loc,
          MemRefType::get({16, allFilters, conv.channels},
                          builder.getF32Type()),
          ValueRange{}, builder.getI64IntegerAttr(64));
      auto [filterPointer, filterStrides] =
          pointerAndStrides(builder, loc, rows->all);
      func::CallOp::create(
          builder, loc, kFiltersUkernel, TypeRange{},
          ValueRange{filterPointer, filterStrides[0],
                     arith::ConstantIntOp::create(builder, loc, i64,
                                                  allFilters),
                     arith::ConstantIntOp::create(builder, loc, i64,
                                                  conv.channels),
                     pointerAndStrides(builder, loc, all).first});
    }
    SmallVector<OpFoldResult> offsets = {builder.getIndexAttr(0),
                                         rows->offset,
                                         builder.getIndexAttr(0)};
    SmallVector<OpFoldResult> sizes = {builder.getIndexAttr(16),
                                       builder.getIndexAttr(conv.filters),
                                       builder.getIndexAttr(conv.channels)};
    SmallVector<OpFoldResult> strides(3, builder.getIndexAttr(1));
    return memref::SubViewOp::create(builder, loc, all, offsets, sizes,
                                     strides);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Im2colConv> convs;
    module.walk([&](linalg::MatmulOp op) {
      if (std::optional<Im2colConv> conv = matchWinogradConv(op, minTiles))
        convs.push_back(*conv);
    });
    if (convs.empty())
      return;

    MLIRContext *context = &getContext();
    OpBuilder builder(context);
    Type pointer = LLVM::LLVMPointerType::get(context);
    Type i64 = builder.getI64Type();
    declareUkernel(module, kFiltersUkernel,
                   {pointer, i64, i64, i64, pointer});
    declareUkernel(module, kWinogradUkernel,
                   {pointer, i64, i64, pointer, i64, pointer, i64, i64, i64,
                    i64, i64, i64, pointer, builder.getI32Type()});

    // The transformed filters, once per filter value and loop nest.
    DenseMap<std::pair<Value, Operation *>, Value> transformed;
    for (Im2colConv &conv : convs) {
      linalg::MatmulOp op = conv.matmul;
      Location loc = op.getLoc();
      uint32_t flags = accumulateUnlessZeroFilled(op);
      builder.setInsertionPoint(op);
      I64Constants constants(builder, loc);
      auto i64Constant = [&](int64_t value) { return constants.get(value); };
      Value padded = withoutLeadingUnits(builder, loc, conv.padded, 3);
      auto [inPointer, inStrides] = pointerAndStrides(builder, loc, padded);
      auto [outPointer, outRowStride] =
          pointerAndRowStride(builder, loc, op.getDpsInits()[0]);
      Value u = transformedFilters(builder, conv, transformed);
      auto [uPointer, uStrides] = pointerAndStrides(builder, loc, u);
      int64_t floats = loom_ukernel_winograd_f32_workspace(
          conv.filters, conv.channels, conv.height, conv.width);
      auto workspaceType = MemRefType::get({floats}, builder.getF32Type());
      Value workspace = memref::AllocOp::create(
          builder, loc, workspaceType, ValueRange{},
          builder.getI64IntegerAttr(64));
      Value workspacePointer =
          pointerAndStrides(builder, loc, workspace).first;
      func::CallOp::create(
          builder, loc, kWinogradUkernel, TypeRange{},
          ValueRange{inPointer, inStrides[0], inStrides[1], uPointer,
                     uStrides[0], outPointer, outRowStride,
                     i64Constant(conv.width), i64Constant(conv.filters),
                     i64Constant(conv.channels), i64Constant(conv.height),
                     i64Constant(conv.width), workspacePointer,
                     arith::ConstantIntOp::create(builder, loc, flags, 32)});
      // The matmul, its collapsed views, the im2col and the patches go.
      SmallVector<Operation *> views;
      for (Value operand : op->getOperands())
        if (Operation *view = operand.getDefiningOp<memref::CollapseShapeOp>())
          views.push_back(view);
      op.erase();
      conv.im2col.erase();
      for (Operation *view : views)
        if (view->use_empty())
          view->erase();
      if (conv.patches->use_empty())
        conv.patches.erase();
    }
  }
};

} // namespace
} // namespace loom::cpu
