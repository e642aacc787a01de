//===- PackConvFilters.cpp - Constant convolution filters in panels ------===//
//
// Part of the Loom project.
//
// loom-cpu-pack-conv-filters (Passes.td): the direct convolution
// micro-kernel (loom_ukernel_conv2d_f32) reads its filters as panels of 32
// filters, each the transpose of their [32, C * KH * KW] rows, so that one
// vector load gives one tap of 32 filters. A constant filter [F, C, KH, KW]
// is stored that way, [ceil(F / 32), C * KH * KW, 32] with zeros past
// filter F, and the kernel restores the filter from it with loom ops (a
// transpose, a reshape and, for a ragged last panel, a slice) that
// loom-cpu-fold-weight-panels folds into one view-like generic and
// loom-cpu-conv-to-ukernel into the call.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/PackedConstants.h"
#include "backends/cpu/Passes.h"
#include "backends/cpu/UkernelCalls.h"

#include "backends/cpu/ukernels/loom_ukernels.h"

#include "ir/LoomDialect.h"
#include "ir/LoomOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"

#include <cstring>
#include <vector>

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUPACKCONVFILTERS
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

/// The most output positions of a 1x1 convolution whose filters are packed
/// for the direct call: on larger images the matmul micro-kernel, which
/// packs blocks of the input that stay in cache, was faster (one thread of
/// the Intel Xeon VM: 1024 -> 256 filters at 14x14 145 against 139
/// GFLOP/s, 2048 -> 512 at 7x7 151 against 100, but 512 -> 128 at 28x28 99
/// against 158).
constexpr int64_t kMaxPointwiseOutput = 14 * 14;

/// `value`, an f32 [F, C, KH, KW] filter, as [ceil(F / 32), C*KH*KW, 32]
/// panels with zeros past filter F; null when its storage is not dense f32.
DenseElementsAttr packFilterPanels(DenseElementsAttr value) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t filters = type.getDimSize(0);
  int64_t depth = type.getNumElements() / filters;
  int64_t panels = llvm::divideCeil(filters, kWeightPanel);
  auto packedType = RankedTensorType::get({panels, depth, kWeightPanel},
                                          type.getElementType());
  if (value.isSplat() && filters % kWeightPanel == 0)
    return value.reshape(packedType);
  std::vector<float> packed(panels * depth * kWeightPanel, 0.0f);
  ArrayRef<char> raw = value.getRawData();
  bool splat = value.isSplat();
  if (!splat && static_cast<int64_t>(raw.size()) != filters * depth * 4)
    return {};
  for (int64_t f = 0; f < filters; ++f)
    for (int64_t k = 0; k < depth; ++k) {
      float *slot = &packed[((f / kWeightPanel) * depth + k) * kWeightPanel +
                            f % kWeightPanel];
      std::memcpy(slot, raw.data() + (splat ? 0 : (f * depth + k) * 4), 4);
    }
  return DenseElementsAttr::getFromRawBuffer(
      packedType, ArrayRef<char>(reinterpret_cast<const char *>(packed.data()),
                                 packed.size() * 4));
}

/// The argument number of `kernel`'s convolution filter that this pass
/// packs, or -1: the kernel's only contraction is one f32, 2-D, ungrouped,
/// undilated loom.conv whose static filter [F, C, KH, KW] (a window of at
/// most LOOM_UKERNEL_CONV_MAX_WINDOW taps; a 1x1 one only into at most
/// kMaxPointwiseOutput positions) is an argument used by nothing else.
int packableArgument(func::FuncOp kernel) {
  ConvOp conv;
  int contractions = 0;
  kernel.walk([&](Operation *op) {
    if (isa<MatmulOp, MatmulIntegerOp, ConvOp, ConvIntegerOp, ConvTransposeOp>(
            op))
      ++contractions;
    if (auto found = dyn_cast<ConvOp>(op))
      conv = found;
  });
  if (contractions != 1 || !conv || conv.getGroups() != 1 ||
      !llvm::all_of(conv.getDilations(),
                    [](int64_t dilation) { return dilation == 1; }))
    return -1;
  auto argument = dyn_cast<BlockArgument>(conv.getFilter());
  auto type = dyn_cast<RankedTensorType>(conv.getFilter().getType());
  if (!argument || argument.getOwner() != &kernel.front() ||
      !argument.hasOneUse() || !type || type.getRank() != 4 ||
      !type.hasStaticShape() || !type.getElementType().isF32())
    return -1;
  int64_t taps = type.getDimSize(2) * type.getDimSize(3);
  auto output = cast<RankedTensorType>(conv.getType());
  if (taps > LOOM_UKERNEL_CONV_MAX_WINDOW ||
      (taps == 1 && output.getDimSize(2) * output.getDimSize(3) >
                        kMaxPointwiseOutput))
    return -1;
  return static_cast<int>(argument.getArgNumber());
}

struct LoomCpuPackConvFiltersPass
    : impl::LoomCpuPackConvFiltersBase<LoomCpuPackConvFiltersPass> {
  void runOnOperation() override {
    packKernelArguments(getOperation(), packableArgument, packFilterPanels,
                        restoreInKernel);
  }

  /// Gives the use of argument `index` of `kernel`, now the packed
  /// `packedType` [P, K, 32], the `filterType` [F, C, KH, KW] filter back:
  /// transposed to [P, 32, K], reshaped to [P * 32, C, KH, KW], sliced to F
  /// filters.
  static void restoreInKernel(func::FuncOp kernel, int index,
                              RankedTensorType filterType,
                              RankedTensorType packedType) {
    BlockArgument argument = kernel.getArgument(index);
    int64_t panels = packedType.getDimSize(0);
    int64_t depth = packedType.getDimSize(1);
    OpBuilder builder = OpBuilder::atBlockBegin(&kernel.front());
    Location loc = argument.getLoc();
    Type f32 = filterType.getElementType();
    Value filtersByRow = TransposeOp::create(
        builder, loc, RankedTensorType::get({panels, kWeightPanel, depth}, f32),
        argument, builder.getDenseI64ArrayAttr({0, 2, 1}));
    SmallVector<int64_t> shape(filterType.getShape());
    shape[0] = panels * kWeightPanel;
    Value filter = ReshapeOp::create(
        builder, loc, RankedTensorType::get(shape, f32), filtersByRow);
    if (shape[0] != filterType.getDimSize(0))
      filter = SliceOp::create(builder, loc, filterType, filter,
                               builder.getDenseI64ArrayAttr({0, 0, 0, 0}),
                               builder.getDenseI64ArrayAttr({1, 1, 1, 1}));
    argument.replaceAllUsesExcept(filter, filtersByRow.getDefiningOp());
  }
};

} // namespace
} // namespace loom::cpu
