//===- UkernelCalls.cpp - Building calls of the micro-kernels ------------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/UkernelCalls.h"

#include "backends/cpu/ukernels/loom_ukernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/bit.h"

using namespace mlir;

namespace loom::cpu {

static_assert(kWeightPanel == LOOM_UKERNEL_RHS_PANEL,
              "pre-packed weights are in the micro-kernel's panels");

AffineMap weightPanelMap(MLIRContext *context) {
  AffineExpr k = getAffineDimExpr(0, context);
  AffineExpr n = getAffineDimExpr(1, context);
  return AffineMap::get(2, 0,
                        {n.floorDiv(kWeightPanel), k, n % kWeightPanel},
                        context);
}

/// Whether `op` copies its one input, all loops parallel, to an output of
/// rank `rank` through the identity: a copy that reads its input through
/// maps[0]. `op`'s output shape is left to the caller.
static bool isParallelCopy(linalg::GenericOp op, unsigned rank) {
  if (op.getNumDpsInputs() != 1 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != rank || op.getNumParallelLoops() != rank ||
      !op.getIndexingMapsArray()[1].isIdentity())
    return false;
  Block &body = op.getRegion().front();
  return body.getOperations().size() == 1 &&
         cast<linalg::YieldOp>(body.getTerminator()).getValues()[0] ==
             body.getArgument(0);
}

/// Whether the input of `op` is shaped [P, K, kWeightPanel].
static bool readsPanels(linalg::GenericOp op) {
  auto input = dyn_cast<ShapedType>(op.getDpsInputs()[0].getType());
  return input && input.getRank() == 3 && input.getDimSize(2) == kWeightPanel;
}

bool isWeightPanelUnpack(linalg::GenericOp op) {
  return isParallelCopy(op, 2) && readsPanels(op) &&
         op.getIndexingMapsArray()[0] == weightPanelMap(op.getContext());
}

AffineMap filterPanelMap(MLIRContext *context, int64_t kernelH,
                         int64_t kernelW) {
  AffineExpr f = getAffineDimExpr(0, context);
  AffineExpr c = getAffineDimExpr(1, context);
  AffineExpr i = getAffineDimExpr(2, context);
  AffineExpr j = getAffineDimExpr(3, context);
  return AffineMap::get(4, 0,
                        {f.floorDiv(kWeightPanel),
                         c * (kernelH * kernelW) + i * kernelW + j,
                         f % kWeightPanel},
                        context);
}

AffineMap pointwiseFilterPanelMap(MLIRContext *context) {
  AffineExpr f = getAffineDimExpr(0, context);
  AffineExpr c = getAffineDimExpr(1, context);
  return AffineMap::get(2, 0, {f.floorDiv(kWeightPanel), c, f % kWeightPanel},
                        context);
}

bool isFilterPanelMap(AffineMap map, ShapedType output) {
  if (output.getRank() == 2)
    return map == pointwiseFilterPanelMap(map.getContext());
  return output.getRank() == 4 && !output.isDynamicDim(2) &&
         !output.isDynamicDim(3) &&
         map == filterPanelMap(map.getContext(), output.getDimSize(2),
                               output.getDimSize(3));
}

bool isFilterPanelUnpack(linalg::GenericOp op) {
  auto output = cast<ShapedType>(op.getDpsInits()[0].getType());
  return isParallelCopy(op, output.getRank()) && readsPanels(op) &&
         output.hasStaticShape() &&
         isFilterPanelMap(op.getIndexingMapsArray()[0], output);
}

std::optional<Im2colWindow> matchIm2col(linalg::GenericOp op,
                                        bool allowBatch) {
  if (!isParallelCopy(op, op.getNumLoops()))
    return std::nullopt;
  AffineMap read = op.getIndexingMapsArray()[0];
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  unsigned n = loops.size(), rank = read.getNumResults();
  if (n < 3 || rank < 3 || llvm::any_of(loops, ShapedType::isDynamic))
    return std::nullopt;
  MLIRContext *context = op.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, context); };
  // The stride of a window row or column: the read's coefficient of the
  // output position, which must be the only other term beside the tap
  // (none for a 1x1 window).
  auto strideOf = [&](AffineExpr read, unsigned position,
                      std::optional<unsigned> tap) -> std::optional<int64_t> {
    SmallVector<AffineExpr> dims;
    for (unsigned i = 0; i < n; ++i)
      dims.push_back(getAffineConstantExpr(i == position ? 1 : 0, context));
    auto stride = dyn_cast<AffineConstantExpr>(
        simplifyAffineExpr(read.replaceDims(dims), n, 0));
    if (!stride || stride.getValue() < 1)
      return std::nullopt;
    AffineExpr expected = d(position) * stride.getValue();
    if (tap)
      expected = expected + d(*tap);
    auto zero = dyn_cast<AffineConstantExpr>(
        simplifyAffineExpr(read - expected, n, 0));
    if (!zero || zero.getValue() != 0)
      return std::nullopt;
    return stride.getValue();
  };
  // Loops (c, i, j, batch.., oh, ow) over the output, the input read at
  // (batch.., c, oh * strideH + i, ow * strideW + j); or, for a 1x1
  // window whose unit loops the lowering folded away, (c, batch.., oh, ow)
  // and (batch.., c, oh * strideH, ow * strideW).
  std::optional<int64_t> strideH, strideW;
  int64_t kernelH = 1, kernelW = 1;
  unsigned firstBatch = 1;
  if (n >= 5) {
    strideH = strideOf(read.getResult(rank - 2), n - 2, 1);
    strideW = strideOf(read.getResult(rank - 1), n - 1, 2);
    kernelH = loops[1];
    kernelW = loops[2];
    firstBatch = 3;
  }
  if (!strideH || !strideW) {
    strideH = strideOf(read.getResult(rank - 2), n - 2, std::nullopt);
    strideW = strideOf(read.getResult(rank - 1), n - 1, std::nullopt);
    kernelH = kernelW = 1;
    firstBatch = 1;
  }
  auto channel = dyn_cast<AffineConstantExpr>(
      simplifyAffineExpr(read.getResult(rank - 3) - d(0), n, 0));
  if (!channel || channel.getValue() != 0 || !strideH || !strideW)
    return std::nullopt;
  for (unsigned i = firstBatch; i + 2 < n; ++i)
    if (loops[i] != 1 && !allowBatch)
      return std::nullopt;
  // The input's leading dimensions: its image (unit in a tile).
  auto inputType = cast<ShapedType>(op.getDpsInputs()[0].getType());
  for (unsigned i = 0; i + 3 < rank; ++i)
    if (inputType.getDimSize(i) != 1 && !allowBatch)
      return std::nullopt;
  return Im2colWindow{kernelH, kernelW, *strideH, *strideW};
}

/// `value`'s source when it is a memref.collapse_shape, else null.
static Value collapsedSource(Value value) {
  auto collapse = value.getDefiningOp<memref::CollapseShapeOp>();
  return collapse ? collapse.getSrc() : Value();
}

/// The shape without its unit dimensions before the last `keep`.
static SmallVector<int64_t> dropLeadingUnits(ArrayRef<int64_t> shape,
                                             size_t keep) {
  SmallVector<int64_t> kept;
  for (auto [i, size] : llvm::enumerate(shape))
    if (size != 1 || i + keep >= shape.size())
      kept.push_back(size);
  return kept;
}

/// Whether `filter` is a static f32 filter [F, C, KH, KW] with contiguous
/// rows for `window`, or [F, C] for a 1x1 one.
static bool isFilterOf(Value filter, const Im2colWindow &window) {
  auto type = cast<MemRefType>(filter.getType());
  if (!type.hasStaticShape() ||
      !isF32WithUnitInnerStride(filter, type.getRank()))
    return false;
  if (type.getRank() == 2)
    return window.kernelH == 1 && window.kernelW == 1;
  return type.getRank() == 4 && type.getDimSize(2) == window.kernelH &&
         type.getDimSize(3) == window.kernelW;
}

/// The tile of a 1x1, stride-1, unpadded convolution: `matmul` multiplies
/// `filter` [F, C] by `input` [units.., C, H, W] collapsed to [C, H * W].
static std::optional<Im2colConv>
matchPointwiseConv(linalg::MatmulOp matmul, Value filter, Value input) {
  Im2colWindow window{1, 1, 1, 1};
  auto inputType = cast<MemRefType>(input.getType());
  int64_t rank = inputType.getRank();
  if (!isFilterOf(filter, window) || rank < 3 ||
      !inputType.hasStaticShape() || !isF32WithUnitInnerStride(input, 3) ||
      leadingUnitDims(inputType) < rank - 3)
    return std::nullopt;
  auto filterType = cast<MemRefType>(filter.getType());
  if (inputType.getDimSize(rank - 3) != filterType.getDimSize(1))
    return std::nullopt;
  return Im2colConv{matmul,
                    {},
                    {},
                    input,
                    filter,
                    window,
                    filterType.getDimSize(0),
                    filterType.getDimSize(1),
                    inputType.getDimSize(rank - 2),
                    inputType.getDimSize(rank - 1)};
}

std::optional<Im2colConv> matchIm2colConv(linalg::MatmulOp matmul) {
  if (!matmul.hasPureBufferSemantics() ||
      !llvm::all_of(matmul->getOperands(),
                    [](Value v) { return isF32WithUnitInnerStride(v, 2); }))
    return std::nullopt;
  // The default (non-transposed, non-broadcast) matmul only.
  if (matmul.getIndexingMapsArray() !=
      linalg::MatmulOp::getDefaultIndexingMaps(matmul.getContext()))
    return std::nullopt;
  // The filter [F, C, KH, KW] collapsed, or a 1x1 convolution's [F, C].
  Value filter = collapsedSource(matmul.getDpsInputs()[0]);
  if (!filter)
    filter = matmul.getDpsInputs()[0];
  Value patchesView = collapsedSource(matmul.getDpsInputs()[1]);
  if (!patchesView)
    return std::nullopt;
  auto patches = patchesView.getDefiningOp<memref::AllocOp>();
  if (!patches)
    return matchPointwiseConv(matmul, filter, patchesView);
  // The patches' only writer is the im2col just before the matmul (views,
  // allocations, fills and side-effect-free ops between: nothing that
  // writes the padded input), their only reader the matmul's view.
  linalg::GenericOp im2col;
  for (Operation *user : patches->getUsers()) {
    if (auto generic = dyn_cast<linalg::GenericOp>(user);
        generic && generic.getDpsInits()[0] == patchesView && !im2col) {
      im2col = generic;
      continue;
    }
    if (user == matmul.getDpsInputs()[1].getDefiningOp())
      continue;
    return std::nullopt;
  }
  if (!im2col || !im2col.hasPureBufferSemantics() ||
      im2col->getBlock() != matmul->getBlock() ||
      !im2col->isBeforeInBlock(matmul))
    return std::nullopt;
  std::optional<Im2colWindow> window =
      matchIm2col(im2col, /*allowBatch=*/false);
  if (!window)
    return std::nullopt;
  for (Operation *op = im2col->getNextNode(); op != matmul;
       op = op->getNextNode())
    if (!isMemoryEffectFree(op) && !isa<linalg::FillOp, memref::AllocOp>(op))
      return std::nullopt;

  auto filterType = cast<MemRefType>(filter.getType());
  auto paddedType = cast<MemRefType>(im2col.getDpsInputs()[0].getType());
  if (!paddedType.hasStaticShape() ||
      !isF32WithUnitInnerStride(im2col.getDpsInputs()[0], 3) ||
      !isFilterOf(filter, *window))
    return std::nullopt;
  // The patches [C, KH, KW, units.., OH, OW], the padded input [units..,
  // C, H, W] covering every window.
  ArrayRef<int64_t> patchesShape = patches.getType().getShape();
  SmallVector<int64_t> padded = dropLeadingUnits(paddedType.getShape(), 3);
  if (padded.size() != 3)
    return std::nullopt;
  Im2colConv conv{matmul,
                  im2col,
                  patches,
                  im2col.getDpsInputs()[0],
                  filter,
                  *window,
                  filterType.getDimSize(0),
                  filterType.getDimSize(1),
                  patchesShape[patchesShape.size() - 2],
                  patchesShape.back()};
  if (padded[0] != conv.channels ||
      padded[1] < (conv.height - 1) * window->strideH + window->kernelH ||
      padded[2] < (conv.width - 1) * window->strideW + window->kernelW)
    return std::nullopt;
  return conv;
}

Value withoutLeadingUnits(OpBuilder &b, Location loc, Value memref,
                          int64_t rank) {
  auto type = cast<MemRefType>(memref.getType());
  int64_t from = type.getRank();
  if (from == rank)
    return memref;
  SmallVector<OpFoldResult> offsets(from, b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes, strides(from, b.getIndexAttr(1));
  for (int64_t size : type.getShape())
    sizes.push_back(b.getIndexAttr(size));
  auto reduced = cast<MemRefType>(memref::SubViewOp::inferRankReducedResultType(
      type.getShape().take_back(rank), type, offsets, sizes, strides));
  return memref::SubViewOp::create(b, loc, reduced, memref, offsets, sizes,
                                   strides);
}

bool hasUnitInnerStride(Value value, int64_t minRank, Type elementType) {
  auto type = dyn_cast<MemRefType>(value.getType());
  if (!type || type.getRank() < minRank || type.getRank() < 1 ||
      type.getElementType() != elementType)
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(type.getStridesAndOffset(strides, offset)) &&
         strides.back() == 1;
}

bool isF32WithUnitInnerStride(Value value, int64_t minRank) {
  return hasUnitInnerStride(value, minRank,
                            Float32Type::get(value.getContext()));
}

std::optional<Int8Operands> int8ContractionOperands(linalg::LinalgOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !getElementTypeOrSelf(op.getDpsInits()[0].getType()).isInteger(32))
    return std::nullopt;
  Block *body = op.getBlock();
  std::optional<bool> isUnsigned[2];
  for (unsigned i = 0; i < 2; ++i) {
    if (!getElementTypeOrSelf(op.getDpsInputs()[i].getType()).isInteger(8))
      return std::nullopt;
    BlockArgument arg = body->getArgument(i);
    if (!arg.hasOneUse())
      return std::nullopt;
    Operation *user = *arg.user_begin();
    if (!user->getResult(0).getType().isInteger(32))
      return std::nullopt;
    if (isa<arith::ExtUIOp>(user))
      isUnsigned[i] = true;
    else if (isa<arith::ExtSIOp>(user))
      isUnsigned[i] = false;
    else
      return std::nullopt;
  }
  return Int8Operands{*isUnsigned[0], *isUnsigned[1]};
}

linalg::FillOp precedingZeroFill(linalg::LinalgOp op) {
  Value output = op.getDpsInits()[0];
  for (Operation *prev = op->getPrevNode(); prev; prev = prev->getPrevNode()) {
    if (auto fill = dyn_cast<linalg::FillOp>(prev)) {
      if (fill.getDpsInits()[0] != output)
        return nullptr;
      Value value = fill.getDpsInputs()[0];
      return matchPattern(value, m_AnyZeroFloat()) ||
                     matchPattern(value, m_Zero())
                 ? fill
                 : nullptr;
    }
    if (!isMemoryEffectFree(prev))
      return nullptr;
  }
  return nullptr;
}

uint32_t accumulateUnlessZeroFilled(linalg::LinalgOp op) {
  linalg::FillOp fill = precedingZeroFill(op);
  if (!fill)
    return LOOM_UKERNEL_ACCUMULATE;
  fill.erase();
  return 0;
}

Value I64Constants::get(int64_t value) {
  Value &constant = constants[value];
  if (!constant)
    constant = arith::ConstantIntOp::create(builder, loc, value, 64);
  return constant;
}

namespace {

/// `memref`'s strided metadata and the address of its first element as an
/// !llvm.ptr.
std::pair<memref::ExtractStridedMetadataOp, Value>
metadataAndPointer(OpBuilder &b, Location loc, Value memref) {
  auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, memref);
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, memref);
  int64_t bits = cast<MemRefType>(memref.getType()).getElementTypeBitWidth();
  Value elementSize = arith::ConstantIndexOp::create(b, loc, bits / 8);
  Value offsetBytes =
      arith::MulIOp::create(b, loc, metadata.getOffset(), elementSize);
  Value address = arith::AddIOp::create(b, loc, base, offsetBytes);
  Value address64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), address);
  Value pointer = LLVM::IntToPtrOp::create(
      b, loc, LLVM::LLVMPointerType::get(b.getContext()), address64);
  return {metadata, pointer};
}

} // namespace

std::pair<Value, SmallVector<Value>> pointerAndStrides(OpBuilder &b,
                                                       Location loc,
                                                       Value memref) {
  auto [metadata, pointer] = metadataAndPointer(b, loc, memref);
  SmallVector<Value> strides;
  for (Value stride : metadata.getStrides())
    strides.push_back(
        arith::IndexCastOp::create(b, loc, b.getI64Type(), stride));
  return {pointer, strides};
}

std::pair<Value, Value> pointerAndRowStride(OpBuilder &b, Location loc,
                                            Value memref) {
  auto [metadata, pointer] = metadataAndPointer(b, loc, memref);
  Value stride = arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                            metadata.getStrides()[0]);
  return {pointer, stride};
}

std::optional<std::pair<int64_t, int64_t>>
windowSteps(AffineExpr expr, unsigned outer, unsigned window) {
  int64_t coefficients[2] = {0, 0};
  SmallVector<AffineExpr> terms = {expr};
  while (!terms.empty()) {
    AffineExpr term = terms.pop_back_val();
    if (auto sum = dyn_cast<AffineBinaryOpExpr>(term);
        sum && sum.getKind() == AffineExprKind::Add) {
      terms.push_back(sum.getLHS());
      terms.push_back(sum.getRHS());
      continue;
    }
    int64_t factor = 1;
    AffineExpr dim = term;
    if (auto product = dyn_cast<AffineBinaryOpExpr>(term);
        product && product.getKind() == AffineExprKind::Mul) {
      auto constant = dyn_cast<AffineConstantExpr>(product.getRHS());
      if (!constant)
        return std::nullopt;
      factor = constant.getValue();
      dim = product.getLHS();
    }
    auto position = dyn_cast<AffineDimExpr>(dim);
    if (!position || factor <= 0)
      return std::nullopt;
    if (position.getPosition() == outer)
      coefficients[0] += factor;
    else if (position.getPosition() == window)
      coefficients[1] += factor;
    else
      return std::nullopt;
  }
  if (coefficients[0] <= 0 || coefficients[1] <= 0)
    return std::nullopt;
  return std::make_pair(coefficients[0], coefficients[1]);
}

DenseMap<unsigned, Value> batchLoops(OpBuilder &b, Location loc, Value output,
                                     ArrayRef<unsigned> batch) {
  DenseMap<unsigned, Value> index;
  for (auto [position, dim] : llvm::enumerate(batch)) {
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value size = memref::DimOp::create(b, loc, output, position);
    auto loop = scf::ForOp::create(b, loc, zero, size, one);
    index[dim] = loop.getInductionVar();
    b.setInsertionPoint(loop.getBody()->getTerminator());
  }
  return index;
}

Value trailingSlice(OpBuilder &b, Location loc, Value operand, AffineMap map,
                    const DenseMap<unsigned, Value> &batchIndex,
                    unsigned keep) {
  auto type = cast<MemRefType>(operand.getType());
  if (type.getRank() == keep)
    return operand;
  SmallVector<OpFoldResult> offsets, sizes, strides;
  for (unsigned position = 0; position < map.getNumResults(); ++position) {
    bool isBatch = position + keep < map.getNumResults();
    offsets.push_back(
        isBatch ? OpFoldResult(batchIndex.lookup(map.getDimPosition(position)))
                : OpFoldResult(b.getIndexAttr(0)));
    sizes.push_back(isBatch ? b.getIndexAttr(1)
                            : memref::getMixedSize(b, loc, operand, position));
    strides.push_back(b.getIndexAttr(1));
  }
  auto sliceType = memref::SubViewOp::inferRankReducedResultType(
      type.getShape().take_back(keep), type, offsets, sizes, strides);
  return memref::SubViewOp::create(b, loc, cast<MemRefType>(sliceType),
                                   operand, offsets, sizes, strides);
}

/// Whether `op` allocates memory and does nothing else with memory (a
/// temporary's memref.alloc).
bool onlyAllocates(Operation *op) {
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  return effects && effects.hasEffect<MemoryEffects::Allocate>() &&
         effects.onlyHasEffect<MemoryEffects::Allocate>();
}

/// Whether `value` is a view of a memref.alloc that nothing but `users`
/// (and views of it, and its dealloc) touches.
bool isTemporaryOnlyUsedBy(Value value, ArrayRef<Operation *> users) {
  Value root = value;
  while (auto view = root.getDefiningOp<ViewLikeOpInterface>())
    root = view.getViewSource();
  if (!root.getDefiningOp<memref::AllocOp>())
    return false;
  SmallVector<Value> pending = {root};
  while (!pending.empty()) {
    Value current = pending.pop_back_val();
    for (Operation *user : current.getUsers()) {
      if (auto view = dyn_cast<ViewLikeOpInterface>(user);
          view && view.getViewSource() == current) {
        llvm::append_range(pending, user->getResults());
        continue;
      }
      if (!llvm::is_contained(users, user) && !isa<memref::DeallocOp>(user))
        return false;
    }
  }
  return true;
}

/// The constant of an f32 arith.constant, if `value` is one.
std::optional<float> constantFloat(Value value) {
  FloatAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.getType().isF32())
    return std::nullopt;
  return attr.getValue().convertToFloat();
}

/// The constant that `op` fills its whole output with: a linalg.fill, or a
/// linalg.map without inputs that yields a value from outside.
static std::optional<float> filledConstant(Operation *op, Value output) {
  if (auto fill = dyn_cast<linalg::FillOp>(op))
    return fill.getDpsInits()[0] == output
               ? constantFloat(fill.getDpsInputs()[0])
               : std::nullopt;
  auto map = dyn_cast<linalg::MapOp>(op);
  if (!map || map.getNumDpsInputs() != 0 || map.getInit() != output)
    return std::nullopt;
  Block &body = map.getMapper().front();
  if (body.getOperations().size() != 1)
    return std::nullopt;
  Value yielded = cast<linalg::YieldOp>(body.getTerminator()).getValues()[0];
  return yielded.getParentBlock() == &body ? std::nullopt
                                           : constantFloat(yielded);
}

std::optional<PaddedCopy> matchPaddedCopy(Value input, Operation *reader,
                                          float padding) {
  auto alloc = input.getDefiningOp<memref::AllocOp>();
  if (!alloc || alloc.getType().getRank() < 2)
    return std::nullopt;
  Operation *fill = nullptr;
  memref::SubViewOp interior;
  memref::CopyOp copy;
  PaddedCopy padded;
  for (Operation *user : alloc->getUsers()) {
    if (user == reader)
      continue;
    if (isa<memref::DeallocOp>(user)) {
      padded.ops.push_back(user);
      continue;
    }
    if (auto view = dyn_cast<memref::SubViewOp>(user)) {
      if (interior || !view->hasOneUse())
        return std::nullopt;
      interior = view;
      copy = dyn_cast<memref::CopyOp>(*view->getUsers().begin());
      if (!copy || copy.getTarget() != view.getResult())
        return std::nullopt;
      continue;
    }
    std::optional<float> constant = filledConstant(user, alloc.getResult());
    if (fill || !constant ||
        llvm::bit_cast<uint32_t>(*constant) != llvm::bit_cast<uint32_t>(padding))
      return std::nullopt;
    fill = user;
  }
  if (!fill || !interior || fill->getBlock() != reader->getBlock() ||
      copy->getBlock() != reader->getBlock() || !fill->isBeforeInBlock(copy) ||
      !copy->isBeforeInBlock(reader))
    return std::nullopt;
  // The interior: static offsets, unit strides, whole in every dimension
  // but the last two (the copy gives it the source's shape).
  int64_t rank = alloc.getType().getRank();
  auto sourceType = dyn_cast<MemRefType>(copy.getSource().getType());
  if (!sourceType || sourceType.getRank() != rank ||
      interior.getType().getRank() != rank || !interior.hasUnitStride() ||
      llvm::any_of(interior.getStaticOffsets(), ShapedType::isDynamic))
    return std::nullopt;
  ArrayRef<int64_t> offsets = interior.getStaticOffsets();
  SmallVector<OpFoldResult> allocSizes = alloc.getMixedSizes();
  SmallVector<OpFoldResult> interiorSizes = interior.getMixedSizes();
  for (int64_t d = 0; d + 2 < rank; ++d)
    if (offsets[d] != 0 ||
        !isEqualConstantIntOrValue(interiorSizes[d], allocSizes[d]))
      return std::nullopt;
  padded.source = copy.getSource();
  padded.padTop = offsets[rank - 2];
  padded.padLeft = offsets[rank - 1];
  padded.ops.insert(padded.ops.begin(), {fill, copy, interior});
  padded.ops.push_back(alloc);
  return padded;
}

void erasePaddedCopy(PaddedCopy &copy) {
  for (Operation *op : copy.ops)
    op->erase();
  copy.ops.clear();
}

unsigned leadingUnitDims(MemRefType type) {
  unsigned units = 0;
  while (units < type.getRank() && type.getDimSize(units) == 1)
    ++units;
  return units;
}

/// The buffer a view is of: `value` through its view-like producers.
static Value viewRoot(Value value) {
  while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
    value = view.getViewSource();
  return value;
}

/// Whether `value` is the f32 constant `expected`.
static bool isFloat(Value value, float expected) {
  std::optional<float> constant = constantFloat(value);
  return constant && *constant == expected;
}

/// The result of x * (1 / (1 + exp(-x))) computed by the five operations
/// from `start` on, or null; `end` is then the last of them.
static Value matchSilu(Operation *start, Value x, Operation *&end) {
  auto neg = dyn_cast<arith::NegFOp>(start);
  if (!neg || neg.getOperand() != x)
    return {};
  auto exp = dyn_cast_or_null<math::ExpOp>(neg->getNextNode());
  if (!exp || exp.getOperand() != neg.getResult())
    return {};
  auto add = dyn_cast_or_null<arith::AddFOp>(exp->getNextNode());
  if (!add || !((add.getLhs() == exp.getResult() && isFloat(add.getRhs(), 1)) ||
                (add.getRhs() == exp.getResult() && isFloat(add.getLhs(), 1))))
    return {};
  auto div = dyn_cast_or_null<arith::DivFOp>(add->getNextNode());
  if (!div || div.getRhs() != add.getResult() || !isFloat(div.getLhs(), 1))
    return {};
  auto mul = dyn_cast_or_null<arith::MulFOp>(div->getNextNode());
  if (!mul || !((mul.getLhs() == x && mul.getRhs() == div.getResult()) ||
                (mul.getRhs() == x && mul.getLhs() == div.getResult())))
    return {};
  // The intermediate values stay inside the five operations.
  if (!neg->hasOneUse() || !exp->hasOneUse() || !add->hasOneUse() ||
      !div->hasOneUse())
    return {};
  end = mul;
  return mul.getResult();
}

std::optional<Epilogue> followingEpilogue(Operation *producer, Value result,
                                          bool overwrites, bool channelFirst,
                                          bool allowResidual, bool allowSilu,
                                          bool allowColumnBias) {
  Operation *next = producer->getNextNode();
  while (next && (isMemoryEffectFree(next) || onlyAllocates(next)))
    next = next->getNextNode();
  auto op = dyn_cast_or_null<linalg::GenericOp>(next);
  if (!op || !op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumParallelLoops() != op.getNumLoops() ||
      op.getNumDpsInputs() > (allowResidual ? 3 : 2))
    return std::nullopt;
  // The epilogue reads the result, or its expand_shape whose first group is
  // the first dimension after unit ones (a matmul's [F, P] as the
  // convolution's [F, OH, OW], or [1, F, OH, OW] in a batch's tile), or
  // with `channelFirst` another dense view of the same buffer with that
  // dimension and the same elements (the same elements in the same order).
  auto resultType = cast<MemRefType>(result.getType());
  auto rowsFirst = [&](MemRefType type) {
    // [1.., M, ..] with M the result's first dimension.
    unsigned units = leadingUnitDims(type);
    return units + 1 < static_cast<unsigned>(type.getRank()) &&
           type.getDimSize(units) == resultType.getDimSize(0);
  };
  auto sameDenseBuffer = [&](Value input) {
    auto type = dyn_cast<MemRefType>(input.getType());
    return channelFirst && type && viewRoot(input) == viewRoot(result) &&
           type.getLayout().isIdentity() &&
           resultType.getLayout().isIdentity() && type.hasStaticShape() &&
           resultType.hasStaticShape() && rowsFirst(type) &&
           type.getNumElements() == resultType.getNumElements();
  };
  Value read = result;
  for (Value input : op.getDpsInputs())
    if (auto expand = input.getDefiningOp<memref::ExpandShapeOp>();
        (expand && expand.getSrc() == result &&
         expand.getReassociationIndices().front().size() ==
             leadingUnitDims(expand.getType()) + 1 &&
         rowsFirst(expand.getType())) ||
        (input != result && sameDenseBuffer(input)))
      read = input;
  auto readType = cast<MemRefType>(read.getType());
  Value output = op.getDpsInits()[0];
  auto outputType = dyn_cast<MemRefType>(output.getType());
  unsigned rank = readType.getRank();
  if (!outputType || !isF32WithUnitInnerStride(output, 1) ||
      op.getNumLoops() != rank ||
      !op.getMatchingIndexingMap(op.getDpsInitOperand(0)).isIdentity() ||
      (!channelFirst && rank < 3))
    return std::nullopt;
  if (output != read && (!overwrites || !readType.hasStaticShape() ||
                         outputType.getShape() != readType.getShape() ||
                         !isTemporaryOnlyUsedBy(result, {producer, op})))
    return std::nullopt;
  unsigned channel = channelFirst ? leadingUnitDims(readType) : rank - 3;

  Epilogue epilogue{op, output, {}};
  Block &body = op.getRegion().front();
  Value value, biasArg, residualArg;
  for (OpOperand *operand : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(operand);
    BlockArgument arg = body.getArgument(operand->getOperandNumber());
    if (operand->get() == read && !value && map.isIdentity()) {
      value = arg;
      continue;
    }
    // A residual: a buffer of the result's shape, read element by element,
    // that is neither the output's nor the result's (the call stores partial
    // sums into the output before it reads the residual).
    if (allowResidual && !residualArg && map.isIdentity() &&
        isF32WithUnitInnerStride(operand->get(), 1) &&
        cast<MemRefType>(operand->get().getType()).getShape() ==
            readType.getShape() &&
        viewRoot(operand->get()) != viewRoot(output) &&
        viewRoot(operand->get()) != viewRoot(result)) {
      epilogue.residual = operand->get();
      residualArg = arg;
      continue;
    }
    // A bias: one value per channel (or, with `allowColumnBias`, per
    // column of a matmul's [rows, columns]).
    auto biasType = dyn_cast<MemRefType>(operand->get().getType());
    bool perColumn = allowColumnBias && channelFirst &&
                     rank == leadingUnitDims(readType) + 2 &&
                     map.getNumResults() == 1 &&
                     map.getResult(0) ==
                         getAffineDimExpr(rank - 1, op.getContext());
    if (epilogue.bias || map.getNumResults() != 1 ||
        (!perColumn &&
         map.getResult(0) != getAffineDimExpr(channel, op.getContext())) ||
        !biasType || !biasType.getElementType().isF32() ||
        !biasType.isStrided() || operand->get() == output)
      return std::nullopt;
    epilogue.bias = operand->get();
    epilogue.biasPerColumn = perColumn;
    biasArg = arg;
  }
  if (!value)
    return std::nullopt;
  // The body: add the bias, then the residual, then SiLU, then max, then
  // min, each at most once.
  enum { Start, Added, AddedResidual, Silu, Maxed, Mined } stage = Start;
  for (auto it = body.begin(); &*it != body.getTerminator(); ++it) {
    Operation &inner = *it;
    Operation *siluEnd = nullptr;
    if (allowSilu && stage < Silu) {
      if (Value silu = matchSilu(&inner, value, siluEnd)) {
        epilogue.silu = true;
        stage = Silu;
        value = silu;
        it = Block::iterator(siluEnd);
        continue;
      }
    }
    if (inner.getNumOperands() != 2 || inner.getNumResults() != 1)
      return std::nullopt;
    Value lhs = inner.getOperand(0), rhs = inner.getOperand(1);
    Value other = lhs == value ? rhs : lhs;
    if ((lhs == value) == (rhs == value))
      return std::nullopt;
    if (isa<arith::AddFOp>(inner) && residualArg && other == residualArg &&
        stage < AddedResidual) {
      stage = AddedResidual;
    } else if (isa<arith::AddFOp>(inner) && stage == Start) {
      if (other != biasArg) {
        epilogue.biasConstant = constantFloat(other);
        if (!epilogue.biasConstant)
          return std::nullopt;
      }
      stage = Added;
    } else if (isa<arith::MaximumFOp>(inner) && stage < Maxed) {
      std::optional<float> bound = constantFloat(other);
      if (!bound)
        return std::nullopt;
      epilogue.lo = *bound;
      stage = Maxed;
    } else if (isa<arith::MinimumFOp>(inner) && stage < Mined) {
      std::optional<float> bound = constantFloat(other);
      if (!bound)
        return std::nullopt;
      epilogue.hi = *bound;
      stage = Mined;
    } else {
      return std::nullopt;
    }
    value = inner.getResult(0);
  }
  if (biasArg && epilogue.biasConstant)
    return std::nullopt; // the bias operand is read but not added
  if (residualArg && stage < AddedResidual)
    return std::nullopt; // the residual is read but not added
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (yield.getValues()[0] != value)
    return std::nullopt;
  return epilogue;
}

/// The address of an f32 holding `value`, on the stack of the function
/// around `op` (allocated at its entry, so not once per loop iteration).
std::pair<Value, Value>
biasPointerAndStride(OpBuilder &b, Location loc, Operation *op,
                     const Epilogue &epilogue,
                     function_ref<Value()> nullPointer) {
  Type i64 = b.getI64Type();
  if (epilogue.bias) {
    auto [address, strides] = pointerAndStrides(b, loc, epilogue.bias);
    return {address, strides[0]};
  }
  Value zero = arith::ConstantIntOp::create(b, loc, i64, 0);
  if (epilogue.biasConstant)
    return {constantInMemory(b, op, *epilogue.biasConstant), zero};
  return {nullPointer(), zero};
}

void declareUkernel(ModuleOp module, StringRef name,
                    ArrayRef<Type> arguments) {
  if (module.lookupSymbol<func::FuncOp>(name))
    return;
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  func::FuncOp::create(builder, module.getLoc(), name,
                       builder.getFunctionType(arguments, {}))
      .setPrivate();
}

Value constantInMemory(OpBuilder &b, Operation *op, float value) {
  Location loc = op->getLoc();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(
      &op->getParentOfType<func::FuncOp>().getBody().front());
  auto type = MemRefType::get({1}, b.getF32Type());
  Value slot = memref::AllocaOp::create(b, loc, type);
  Value constant =
      arith::ConstantFloatOp::create(b, loc, b.getF32Type(), APFloat(value));
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  memref::StoreOp::create(b, loc, constant, slot, ValueRange{zero});
  return pointerAndStrides(b, loc, slot).first;
}


} // namespace loom::cpu
