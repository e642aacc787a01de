//===- Bf16ConvWeights.cpp - Constant conv filters stored as bf16 ---------===//
//
// Part of the Loom project.
//
// loom-systolic-bf16-conv-weights (Passes.td): the MXUs read a
// convolution's filter rows as bf16, so a constant filter (packed by
// loom-systolic-pack-conv-weights, or 1x1) is stored rounded to bf16: half
// the bytes in the artifact and half the DMA time before a conv kernel's
// first tile. The kernel widens it back with a loom.cast, exact, that only
// the evaluator executes.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/Bf16Rounding.h"
#include "backends/systolic/Passes.h"

#include "ir/LoomDialect.h"
#include "ir/LoomOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"

namespace loom::systolic {
#define GEN_PASS_DEF_LOOMSYSTOLICBF16CONVWEIGHTS
#include "backends/systolic/Passes.h.inc"
} // namespace loom::systolic

using namespace mlir;

namespace loom::systolic {
namespace {

/// The argument holding the filter of `conv` (directly when 1x1, through
/// loom-systolic-pack-conv-weights' transpose otherwise) that this pass may
/// store as bf16, or null.
BlockArgument filterArgument(ConvOp conv, func::FuncOp kernel,
                             int64_t alignment) {
  auto inType = cast<RankedTensorType>(conv.getInput().getType());
  auto filterType = cast<RankedTensorType>(conv.getFilter().getType());
  int64_t rank = filterType.getRank();
  if ((rank != 3 && rank != 4) || inType.getRank() != rank ||
      !filterType.getElementType().isF32() ||
      !inType.getElementType().isF32())
    return {};
  ArrayRef<int64_t> shape = filterType.getShape();
  // Depthwise filters are read by the vector unit, as f32.
  int64_t groups = conv.getGroups();
  if (groups != 1 && shape[1] == 1 && shape[0] == groups &&
      inType.getDimSize(1) == groups)
    return {};
  // A DMA row holds the C/groups channels of one filter row.
  if (shape[1] * 2 % alignment != 0)
    return {};
  Value filter = conv.getFilter();
  bool oneByOne = filterType.getNumElements() == shape[0] * shape[1];
  // loom-systolic-pack-conv-weights' restoring transpose: [K..., O, C] to
  // [O, C, K...].
  SmallVector<int64_t, 4> restore = {rank - 2, rank - 1};
  for (int64_t d = 0; d + 2 < rank; ++d)
    restore.push_back(d);
  if (auto transpose = filter.getDefiningOp<TransposeOp>()) {
    if (transpose.getPermutation() != ArrayRef<int64_t>(restore) ||
        !transpose->hasOneUse())
      return {};
    filter = transpose.getInput();
  } else if (!oneByOne) {
    return {}; // not packed: the kernel gathers it element by element
  }
  auto argument = dyn_cast<BlockArgument>(filter);
  if (!argument || argument.getOwner() != &kernel.front() ||
      !argument.hasOneUse())
    return {};
  return argument;
}

struct LoomSystolicBf16ConvWeightsPass
    : impl::LoomSystolicBf16ConvWeightsBase<LoomSystolicBf16ConvWeightsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (dmaAlignment <= 0) {
      module.emitError("loom-systolic-bf16-conv-weights: dma-alignment must "
                       "be positive");
      return signalPassFailure();
    }
    SymbolTableCollection symbols;
    SymbolUserMap users(symbols, module);
    for (func::FuncOp kernel : module.getOps<func::FuncOp>()) {
      if (!isKernel(kernel) || kernel.isExternal())
        continue;
      SmallVector<ConvOp> convs;
      kernel.walk([&](ConvOp conv) { convs.push_back(conv); });
      // The conv code generator runs kernels of one conv.
      if (convs.size() != 1)
        continue;
      ArrayRef<Operation *> calls = users.getUsers(kernel);
      if (calls.size() != 1)
        continue;
      if (auto call = dyn_cast<func::CallOp>(calls.front()))
        store(convs.front(), kernel, call);
    }
  }

  void store(ConvOp conv, func::FuncOp kernel, func::CallOp call) {
    BlockArgument argument = filterArgument(conv, kernel, dmaAlignment);
    if (!argument)
      return;
    unsigned index = argument.getArgNumber();
    auto constant = call.getOperand(index).getDefiningOp<ConstantOp>();
    if (!constant)
      return;
    DenseElementsAttr rounded = roundToBf16(constant.getValue());
    if (!rounded)
      return;
    OpBuilder builder(constant);
    auto stored = ConstantOp::create(builder, constant.getLoc(),
                                     cast<ElementsAttr>(rounded));
    call.setOperand(index, stored.getResult());
    if (constant->use_empty())
      constant->erase();
    Type filterType = argument.getType();
    argument.setType(rounded.getType());
    SmallVector<Type> inputs(kernel.front().getArgumentTypes());
    kernel.setType(FunctionType::get(kernel.getContext(), inputs,
                                     kernel.getResultTypes()));
    builder.setInsertionPointToStart(&kernel.front());
    auto widened = CastOp::create(builder, conv.getLoc(), filterType, argument);
    argument.replaceAllUsesExcept(widened.getResult(), widened);
  }
};

} // namespace
} // namespace loom::systolic
