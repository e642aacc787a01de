//===- PackMatmulWeights.cpp - Constant matmul weights in panel order ----===//
//
// Part of the Loom project.
//
// loom-cpu-pack-matmul-weights (Passes.td): the matmul micro-kernel streams
// its right-hand side in panels of LOOM_UKERNEL_RHS_PANEL columns, and packs
// them on every call. A constant right-hand side (a layer's weights) is
// stored packed instead, [ceil(N / 32), K, 32] with zeros past column N, and
// the kernel restores the [K, N] matrix from it with loom ops (a transpose,
// a reshape and, for a ragged last panel, a slice) that
// loom-cpu-fold-weight-panels folds into one view-like generic and
// loom-cpu-matmul-to-ukernel into the call (LOOM_UKERNEL_RHS_PACKED).
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/PackedConstants.h"
#include "backends/cpu/Passes.h"
#include "backends/cpu/UkernelCalls.h"

#include "ir/LoomDialect.h"
#include "ir/LoomOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"

#include "llvm/ADT/DenseMap.h"

#include <cstring>

namespace loom::cpu {
#define GEN_PASS_DEF_LOOMCPUPACKMATMULWEIGHTS
#include "backends/cpu/Passes.h.inc"
} // namespace loom::cpu

using namespace mlir;

namespace loom::cpu {
namespace {

/// `value`, an f32 [K, N] matrix, as [ceil(N / panel), K, panel] panels
/// with zeros past column N; null when its storage is not dense f32.
DenseElementsAttr packPanels(DenseElementsAttr value) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t k = type.getDimSize(0), n = type.getDimSize(1);
  int64_t panels = llvm::divideCeil(n, kWeightPanel);
  auto packedType =
      RankedTensorType::get({panels, k, kWeightPanel}, type.getElementType());
  if (value.isSplat() && n % kWeightPanel == 0)
    return value.reshape(packedType);
  std::vector<float> packed(panels * k * kWeightPanel, 0.0f);
  if (value.isSplat()) {
    float splat = value.getSplatValue<float>();
    for (int64_t p = 0; p < k; ++p)
      for (int64_t j = 0; j < n; ++j)
        packed[((j / kWeightPanel) * k + p) * kWeightPanel + j % kWeightPanel] =
            splat;
  } else {
    ArrayRef<char> raw = value.getRawData();
    if (static_cast<int64_t>(raw.size()) != k * n * 4)
      return {};
    for (int64_t p = 0; p < k; ++p)
      for (int64_t q = 0; q < panels; ++q) {
        int64_t width = std::min<int64_t>(kWeightPanel, n - q * kWeightPanel);
        std::memcpy(&packed[(q * k + p) * kWeightPanel],
                    raw.data() + (p * n + q * kWeightPanel) * 4, width * 4);
      }
  }
  return DenseElementsAttr::getFromRawBuffer(
      packedType, ArrayRef<char>(reinterpret_cast<const char *>(packed.data()),
                                 packed.size() * 4));
}

/// The argument number of `kernel`'s matmul right-hand side that this pass
/// packs, or -1: the kernel's only contraction is one f32 loom.matmul whose
/// static [K, N] right-hand side is an argument used by nothing else, with
/// at least two panels of columns and kMinWeightPanelDepth rows.
int packableArgument(func::FuncOp kernel) {
  MatmulOp matmul;
  int contractions = 0;
  kernel.walk([&](Operation *op) {
    if (isa<MatmulOp, MatmulIntegerOp, ConvOp, ConvIntegerOp,
            ConvTransposeOp>(op))
      ++contractions;
    if (auto found = dyn_cast<MatmulOp>(op))
      matmul = found;
  });
  if (contractions != 1 || !matmul)
    return -1;
  auto argument = dyn_cast<BlockArgument>(matmul.getRhs());
  auto type = dyn_cast<RankedTensorType>(matmul.getRhs().getType());
  if (!argument || argument.getOwner() != &kernel.front() ||
      !argument.hasOneUse() || !type || type.getRank() != 2 ||
      !type.hasStaticShape() || !type.getElementType().isF32() ||
      type.getDimSize(0) < kMinWeightPanelDepth ||
      type.getDimSize(1) < 2 * kWeightPanel)
    return -1;
  return static_cast<int>(argument.getArgNumber());
}

struct LoomCpuPackMatmulWeightsPass
    : impl::LoomCpuPackMatmulWeightsBase<LoomCpuPackMatmulWeightsPass> {
  void runOnOperation() override {
    packKernelArguments(getOperation(), packableArgument, packPanels,
                        restoreInKernel);
  }

  /// Gives the uses of argument `index` of `kernel`, now the packed
  /// `packedType`, the [K, N] `matrixType` back.
  static void restoreInKernel(func::FuncOp kernel, int index,
                              RankedTensorType matrixType,
                              RankedTensorType packedType) {
    BlockArgument argument = kernel.getArgument(index);
    int64_t k = matrixType.getDimSize(0), n = matrixType.getDimSize(1);
    int64_t panels = packedType.getDimSize(0);
    OpBuilder builder = OpBuilder::atBlockBegin(&kernel.front());
    Location loc = argument.getLoc();
    Type f32 = matrixType.getElementType();
    Value panelsByRow = TransposeOp::create(
        builder, loc, RankedTensorType::get({k, panels, kWeightPanel}, f32),
        argument, builder.getDenseI64ArrayAttr({1, 0, 2}));
    Value matrix = ReshapeOp::create(
        builder, loc,
        RankedTensorType::get({k, panels * kWeightPanel}, f32), panelsByRow);
    if (panels * kWeightPanel != n)
      matrix = SliceOp::create(builder, loc, matrixType, matrix,
                               builder.getDenseI64ArrayAttr({0, 0}),
                               builder.getDenseI64ArrayAttr({1, 1}));
    argument.replaceAllUsesExcept(matrix,
                                  panelsByRow.getDefiningOp());
  }
};

} // namespace
} // namespace loom::cpu
