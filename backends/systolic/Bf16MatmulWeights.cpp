//===- Bf16MatmulWeights.cpp - Constant matmul weights stored as bf16 -----===//
//
// Part of the Loom project.
//
// loom-systolic-bf16-matmul-weights (Passes.td): the MXUs read a matmul's
// weights as bf16, so a constant weight matrix every caller passes is
// stored rounded to bf16 (half the bytes in the artifact and on every load)
// and the kernel widens it back with a loom.cast, exact, that only the
// evaluator executes.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/Passes.h"
#include "backends/systolic/Bf16Rounding.h"

#include "ir/LoomDialect.h"
#include "ir/LoomOps.h"
#include "runtime/Float16.h"
#include "simulator/systolic/Config.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace loom::systolic {
#define GEN_PASS_DEF_LOOMSYSTOLICBF16MATMULWEIGHTS
#include "backends/systolic/Passes.h.inc"
} // namespace loom::systolic

using namespace mlir;

namespace loom::systolic {
DenseElementsAttr roundToBf16(ElementsAttr value) {
  auto type = cast<RankedTensorType>(value.getType());
  auto bf16Type = type.clone(BFloat16Type::get(type.getContext()));
  std::vector<float> values;
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    if (dense.isSplat()) {
      uint16_t bits = floatToBFloat16(dense.getSplatValue<float>());
      return DenseElementsAttr::get(
          bf16Type, APFloat(APFloat::BFloat(), APInt(16, bits)));
    }
    values.assign(dense.getValues<float>().begin(),
                  dense.getValues<float>().end());
  } else if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    size_t count = static_cast<size_t>(type.getNumElements());
    if (!blob || blob->getData().size() != count * sizeof(float))
      return {};
    values.resize(count);
    std::memcpy(values.data(), blob->getData().data(), count * sizeof(float));
  } else {
    return {};
  }
  std::vector<uint16_t> rounded(values.size());
  std::transform(values.begin(), values.end(), rounded.begin(),
                 floatToBFloat16);
  ArrayRef<char> raw(reinterpret_cast<const char *>(rounded.data()),
                     rounded.size() * sizeof(uint16_t));
  return DenseElementsAttr::getFromRawBuffer(bf16Type, raw);
}

namespace {

/// Whether bf16 rows of `columns` elements, and the rows of the MXU column
/// tiles of `tileColumns` cut from them, keep a DMA alignment of
/// `alignment` bytes.
bool keepsDmaAlignment(int64_t columns, int64_t tileColumns,
                       int64_t alignment) {
  return llvm::all_of(
      std::initializer_list<int64_t>{columns, std::min(columns, tileColumns),
                                     columns % tileColumns},
      [&](int64_t count) { return count * 2 % alignment == 0; });
}

/// The weights argument of `matmul` in `kernel` that this pass may store
/// as bf16, or -1.
int weightsArgument(MatmulOp matmul, func::FuncOp kernel,
                    int64_t tileColumns, int64_t alignment) {
  auto lhsType = cast<RankedTensorType>(matmul.getLhs().getType());
  auto rhsType = cast<RankedTensorType>(matmul.getRhs().getType());
  if (!lhsType.getElementType().isF32() || !rhsType.getElementType().isF32() ||
      !rhsType.hasStaticShape() || rhsType.getRank() < 2 ||
      !keepsDmaAlignment(rhsType.getShape().back(), tileColumns, alignment))
    return -1;
  auto argument = dyn_cast<BlockArgument>(matmul.getRhs());
  if (!argument || argument.getOwner() != &kernel.front() ||
      !argument.hasOneUse())
    return -1;
  return static_cast<int>(argument.getArgNumber());
}

struct LoomSystolicBf16MatmulWeightsPass
    : impl::LoomSystolicBf16MatmulWeightsBase<
          LoomSystolicBf16MatmulWeightsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (dmaAlignment <= 0 || mxuCols <= 0) {
      module.emitError("loom-systolic-bf16-matmul-weights: dma-alignment and "
                       "mxu-cols must be positive");
      return signalPassFailure();
    }
    storedOf.clear();
    SymbolTableCollection symbols;
    SymbolUserMap users(symbols, module);
    for (func::FuncOp kernel : module.getOps<func::FuncOp>()) {
      if (!isKernel(kernel) || kernel.isExternal())
        continue;
      SmallVector<MatmulOp> matmuls;
      kernel.walk([&](MatmulOp matmul) { matmuls.push_back(matmul); });
      // The MXU path runs kernels of one matmul.
      if (matmuls.size() != 1)
        continue;
      ArrayRef<Operation *> kernelUsers = users.getUsers(kernel);
      SmallVector<func::CallOp> calls;
      for (Operation *user : kernelUsers)
        if (auto call = dyn_cast<func::CallOp>(user))
          calls.push_back(call);
      if (calls.empty() || calls.size() != kernelUsers.size())
        continue;
      store(matmuls.front(), kernel, calls);
    }
    for (auto &[constant, stored] : storedOf)
      if (constant->use_empty())
        constant->erase();
  }

  /// Rewrites the weights of `matmul` when every call passes the same f32
  /// constant.
  void store(MatmulOp matmul, func::FuncOp kernel,
             ArrayRef<func::CallOp> calls) {
    int index = weightsArgument(matmul, kernel, mxuCols, dmaAlignment);
    if (index < 0)
      return;
    ElementsAttr value;
    for (func::CallOp call : calls) {
      auto constant = call.getOperand(index).getDefiningOp<ConstantOp>();
      if (!constant || (value && value != constant.getValue()))
        return;
      value = constant.getValue();
    }
    DenseElementsAttr rounded = roundToBf16(value);
    if (!rounded)
      return;

    for (func::CallOp call : calls) {
      auto constant = call.getOperand(index).getDefiningOp<ConstantOp>();
      Value &stored = storedOf[constant];
      if (!stored) {
        OpBuilder builder(constant);
        stored = ConstantOp::create(builder, constant.getLoc(),
                                    cast<ElementsAttr>(rounded));
      }
      call.setOperand(index, stored);
    }

    BlockArgument argument = kernel.getArgument(index);
    Type weightsType = argument.getType();
    argument.setType(rounded.getType());
    SmallVector<Type> inputs(kernel.front().getArgumentTypes());
    kernel.setType(FunctionType::get(kernel.getContext(), inputs,
                                     kernel.getResultTypes()));
    OpBuilder builder(kernel.getContext());
    builder.setInsertionPointToStart(&kernel.front());
    auto widened =
        CastOp::create(builder, matmul.getLoc(), weightsType, argument);
    matmul.getRhsMutable().assign(widened.getResult());
  }

  /// The bf16 constant that replaces each f32 one, shared by every call
  /// (of any kernel) that passed the f32 one.
  DenseMap<Operation *, Value> storedOf;
};

} // namespace
} // namespace loom::systolic
