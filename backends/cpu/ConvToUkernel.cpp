//===- ConvToUkernel.cpp - Convolution tiles to the direct micro-kernel --===//
//
// Part of the Loom project.
//
// loom-cpu-conv-to-ukernel (Passes.td): the tile of a convolution whose
// filters were stored pre-packed (loom-cpu-pack-conv-filters) becomes one
// call of loom_ukernel_conv2d_f32 on the padded input and the filter
// panels, in place of the im2col, the restored filter and the matmul;
// with the elementwise epilogue after it, as loom-cpu-matmul-to-ukernel
// folds a matmul's. The call reads each window in place and broadcasts it
// against 32 filters at a time, so the patches (KH * KW copies of the
// input) are never written (docs/cpu-backend.md, "Direct convolutions").
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/Passes.h"
#include "backends/cpu/UkernelCalls.h"

#include "backends/cpu/ukernels/loom_ukernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUCONVTOUKERNEL
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

constexpr StringLiteral kConvUkernel = "loom_ukernel_conv2d_f32";

/// A matched tile: the convolution, the generic that restores its filter
/// from the panels, and the output the call writes.
struct DirectConv {
  Im2colConv conv;
  linalg::GenericOp unpack;
  Value panels; // [P, C*KH*KW, 32], whole panels
  Value output; // [units.., F, OH, OW]
};

/// The generic that restores `conv`'s filter (a temporary that only it
/// writes and only the matmul reads) from whole panels, or null.
linalg::GenericOp filterUnpack(Im2colConv conv) {
  linalg::GenericOp unpack;
  for (Operation *user : conv.filter.getUsers())
    if (auto generic = dyn_cast<linalg::GenericOp>(user))
      if (generic.getDpsInits()[0] == conv.filter &&
          isFilterPanelUnpack(generic))
        unpack = generic;
  if (!unpack || !unpack.hasPureBufferSemantics() ||
      unpack->getBlock() != conv.matmul->getBlock() ||
      !unpack->isBeforeInBlock(conv.matmul) ||
      !isTemporaryOnlyUsedBy(conv.filter, {unpack, conv.matmul}))
    return {};
  auto panels = cast<MemRefType>(unpack.getDpsInputs()[0].getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!panels.getElementType().isF32() ||
      failed(panels.getStridesAndOffset(strides, offset)) ||
      panels.getDimSize(2) != kWeightPanel || strides[1] != kWeightPanel ||
      strides[2] != 1)
    return {};
  // The panels are (a view of) an argument of the kernel, which nothing in
  // it writes; the temporary only the restoring generic writes.
  Value root = unpack.getDpsInputs()[0];
  while (auto view = root.getDefiningOp<ViewLikeOpInterface>())
    root = view.getViewSource();
  if (!isa<BlockArgument>(root))
    return {};
  return unpack;
}

/// `conv`'s output [units.., F, OH, OW]: the buffer its matmul's collapsed
/// output views, or the matmul's [F, OH * OW] output itself when it is a
/// dense buffer (a view [F, OH, OW] of it is made at the call); null
/// otherwise.
Value convOutput(Im2colConv conv) {
  Value init = conv.matmul.getDpsInits()[0];
  if (auto collapse = init.getDefiningOp<memref::CollapseShapeOp>())
    init = collapse.getSrc();
  auto type = cast<MemRefType>(init.getType());
  int64_t rank = type.getRank();
  if (!type.hasStaticShape() || !isF32WithUnitInnerStride(init, 2))
    return {};
  if (rank == 2)
    return type.getDimSize(0) == conv.filters &&
                   type.getDimSize(1) == conv.height * conv.width &&
                   type.getLayout().isIdentity()
               ? init
               : Value();
  if (rank < 3 || type.getDimSize(rank - 3) != conv.filters ||
      type.getDimSize(rank - 2) != conv.height ||
      type.getDimSize(rank - 1) != conv.width ||
      leadingUnitDims(type) < rank - 3)
    return {};
  return init;
}

std::optional<DirectConv> matchDirectConv(linalg::MatmulOp matmul) {
  std::optional<Im2colConv> conv = matchIm2colConv(matmul);
  if (!conv || conv->window.kernelH * conv->window.kernelW >
                   LOOM_UKERNEL_CONV_MAX_WINDOW)
    return std::nullopt;
  linalg::GenericOp unpack = filterUnpack(*conv);
  Value output = convOutput(*conv);
  if (!unpack || !output)
    return std::nullopt;
  return DirectConv{*conv, unpack, unpack.getDpsInputs()[0], output};
}

/// Erases `alloc`'s views that nothing uses, then `alloc` itself if unused.
void eraseIfUnused(memref::AllocOp alloc) {
  SmallVector<Operation *> views;
  for (Operation *user : alloc->getUsers())
    if (isa<ViewLikeOpInterface>(user) && user->use_empty())
      views.push_back(user);
  for (Operation *view : views)
    view->erase();
  if (alloc->use_empty())
    alloc.erase();
}

struct LoomCpuConvToUkernelPass
    : impl::LoomCpuConvToUkernelBase<LoomCpuConvToUkernelPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<DirectConv> convs;
    module.walk([&](linalg::MatmulOp op) {
      if (std::optional<DirectConv> conv = matchDirectConv(op))
        convs.push_back(*conv);
    });
    if (convs.empty())
      return;

    MLIRContext *context = &getContext();
    OpBuilder builder(context);
    Type pointer = LLVM::LLVMPointerType::get(context);
    Type i64 = builder.getI64Type();
    FloatType f32 = builder.getF32Type();
    declareUkernel(module, kConvUkernel,
                   {pointer, i64, i64, pointer, i64, pointer, i64, i64, i64,
                    i64, i64, i64, i64, i64, i64, i64, builder.getI32Type(),
                    pointer, i64, pointer, i64, i64, f32, f32});

    for (DirectConv &direct : convs) {
      Im2colConv &conv = direct.conv;
      linalg::MatmulOp op = conv.matmul;
      Location loc = op.getLoc();
      builder.setInsertionPoint(op);
      uint32_t flags = accumulateUnlessZeroFilled(op);
      // The bias-and-clamp epilogue after the matmul joins the call, writing
      // the epilogue's output.
      std::optional<Epilogue> epilogue = followingEpilogue(
          op, op.getDpsInits()[0],
          /*overwrites=*/(flags & LOOM_UKERNEL_ACCUMULATE) == 0,
          /*channelFirst=*/true, /*allowResidual=*/true, /*allowSilu=*/true);
      // The epilogue's output and residual are [units.., F, OH, OW] too.
      auto isOutputShaped = [&](Value memref) {
        auto type = cast<MemRefType>(memref.getType());
        return type.getRank() >= 3 &&
               type.getShape().take_back(3) ==
                   ArrayRef<int64_t>{conv.filters, conv.height, conv.width} &&
               leadingUnitDims(type) >= type.getRank() - 3;
      };
      if (epilogue &&
          (!isOutputShaped(epilogue->output) ||
           (epilogue->residual && !isOutputShaped(epilogue->residual))))
        epilogue.reset();
      builder.setInsertionPoint(epilogue ? epilogue->op.getOperation()
                                         : op.getOperation());
      Value output = epilogue ? epilogue->output : direct.output;
      if (cast<MemRefType>(output.getType()).getRank() == 2)
        output = memref::ExpandShapeOp::create(
            builder, loc,
            ArrayRef<int64_t>{conv.filters, conv.height, conv.width}, output,
            ArrayRef<ReassociationIndices>{{0}, {1, 2}});
      if (epilogue && epilogue->silu)
        flags |= LOOM_UKERNEL_EPILOGUE_SILU;
      I64Constants constants(builder, loc);
      auto i64Constant = [&](int64_t value) { return constants.get(value); };
      auto [inPointer, inStrides] = pointerAndStrides(
          builder, loc, withoutLeadingUnits(builder, loc, conv.padded, 3));
      auto [panelsPointer, panelsStrides] =
          pointerAndStrides(builder, loc, direct.panels);
      auto [outPointer, outStrides] = pointerAndStrides(
          builder, loc, withoutLeadingUnits(builder, loc, output, 3));
      SmallVector<Value> arguments = {
          inPointer,
          inStrides[0],
          inStrides[1],
          panelsPointer,
          panelsStrides[0],
          outPointer,
          outStrides[0],
          outStrides[1],
          i64Constant(conv.filters),
          i64Constant(conv.channels),
          i64Constant(conv.height),
          i64Constant(conv.width),
          i64Constant(conv.window.kernelH),
          i64Constant(conv.window.kernelW),
          i64Constant(conv.window.strideH),
          i64Constant(conv.window.strideW),
          arith::ConstantIntOp::create(builder, loc, flags, 32)};
      Value null = LLVM::ZeroOp::create(builder, loc, pointer);
      auto f32Constant = [&](float value) -> Value {
        return arith::ConstantFloatOp::create(builder, loc, f32,
                                              APFloat(value));
      };
      if (epilogue) {
        auto [biasPointer, biasStride] = biasPointerAndStride(
            builder, loc, op, *epilogue, [&] { return null; });
        arguments.append({biasPointer, biasStride});
        if (epilogue->residual) {
          auto [residualPointer, residualStrides] = pointerAndStrides(
              builder, loc,
              withoutLeadingUnits(builder, loc, epilogue->residual, 3));
          arguments.append(
              {residualPointer, residualStrides[0], residualStrides[1]});
        } else {
          arguments.append({null, i64Constant(0), i64Constant(0)});
        }
        arguments.append(
            {f32Constant(epilogue->lo), f32Constant(epilogue->hi)});
      } else {
        float inf = std::numeric_limits<float>::infinity();
        arguments.append({null, i64Constant(0), null, i64Constant(0),
                          i64Constant(0), f32Constant(-inf), f32Constant(inf)});
      }
      func::CallOp::create(builder, loc, kConvUkernel, TypeRange{}, arguments);
      // The matmul, the epilogue, the im2col and the restoring generic go,
      // and the temporaries only they used: the patches, the restored
      // filter, the product the epilogue read.
      auto filterTemp = conv.filter.getDefiningOp<memref::AllocOp>();
      auto product = direct.output.getDefiningOp<memref::AllocOp>();
      if (epilogue)
        epilogue->op.erase();
      op.erase();
      if (conv.im2col)
        conv.im2col.erase();
      direct.unpack.erase();
      for (memref::AllocOp alloc : {conv.patches, filterTemp, product})
        if (alloc)
          eraseIfUnused(alloc);
    }
  }
};

} // namespace
} // namespace loom::cpu
