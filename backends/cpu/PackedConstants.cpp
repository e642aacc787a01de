//===- PackedConstants.cpp - Kernel arguments stored pre-packed ----------===//
//
// Part of the Loom project.
//
//===----------------------------------------------------------------------===//

#include "backends/cpu/PackedConstants.h"

#include "ir/LoomDialect.h"

using namespace mlir;

namespace loom::cpu {

std::optional<RankedTensorType>
packConstantArgument(func::FuncOp kernel, unsigned index, SymbolUserMap &users,
                     DenseMap<Operation *, ConstantOp> &packed,
                     function_ref<DenseElementsAttr(DenseElementsAttr)> pack) {
  ArrayRef<Operation *> calls = users.getUsers(kernel);
  auto constantAt = [&](Operation *call) -> ConstantOp {
    auto callOp = dyn_cast<func::CallOp>(call);
    if (!callOp)
      return {};
    auto constant = callOp.getOperand(index).getDefiningOp<ConstantOp>();
    return constant && isa<DenseElementsAttr>(constant.getValue())
               ? constant
               : ConstantOp();
  };
  // Every call must pass a dense constant there.
  if (calls.empty() || !llvm::all_of(calls, [&](Operation *call) {
        return static_cast<bool>(constantAt(call));
      }))
    return std::nullopt;
  // Pack first, so that a constant that cannot be packed leaves the module
  // as it was.
  SmallVector<std::pair<func::CallOp, DenseElementsAttr>> packedCalls;
  for (Operation *call : calls) {
    ConstantOp constant = constantAt(call);
    DenseElementsAttr value =
        packed.count(constant)
            ? cast<DenseElementsAttr>(packed[constant].getValue())
            : pack(cast<DenseElementsAttr>(constant.getValue()));
    if (!value)
      return std::nullopt;
    packedCalls.emplace_back(cast<func::CallOp>(call), value);
  }
  for (auto [call, value] : packedCalls) {
    auto original = call.getOperand(index).getDefiningOp<ConstantOp>();
    ConstantOp &twin = packed[original];
    if (!twin) {
      OpBuilder builder(original);
      twin = ConstantOp::create(builder, original.getLoc(),
                                cast<ElementsAttr>(value));
    }
    call.setOperand(index, twin.getResult());
    // The original may still feed other calls or ops; the map keeps its
    // packed twin for them, so it is erased only when unused.
    if (original->use_empty()) {
      packed.erase(original);
      original->erase();
    }
  }
  auto type = cast<RankedTensorType>(packedCalls.front().second.getType());
  kernel.getArgument(index).setType(type);
  kernel.setType(FunctionType::get(kernel.getContext(),
                                   kernel.front().getArgumentTypes(),
                                   kernel.getResultTypes()));
  return type;
}

void packKernelArguments(
    ModuleOp module, function_ref<int(func::FuncOp)> packable,
    function_ref<DenseElementsAttr(DenseElementsAttr)> pack,
    function_ref<void(func::FuncOp, int, RankedTensorType, RankedTensorType)>
        restore) {
  SymbolTableCollection symbols;
  SymbolUserMap users(symbols, module);
  // A constant passed to several kernels is packed once.
  DenseMap<Operation *, ConstantOp> packed;
  for (func::FuncOp kernel : module.getOps<func::FuncOp>()) {
    if (!isKernel(kernel) || kernel.isExternal())
      continue;
    int index = packable(kernel);
    if (index < 0)
      continue;
    auto original = cast<RankedTensorType>(kernel.getArgument(index).getType());
    if (std::optional<RankedTensorType> packedType =
            packConstantArgument(kernel, index, users, packed, pack))
      restore(kernel, index, original, *packedType);
  }
}

} // namespace loom::cpu
