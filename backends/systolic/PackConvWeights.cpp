//===- PackConvWeights.cpp - Constant conv filters in tap-major order -----===//
//
// Part of the Loom project.
//
// loom-systolic-pack-conv-weights (Passes.td): the conv kernels stream one
// filter row per output channel and tap with its input channels contiguous,
// so a constant filter is stored once as [KH, KW, O, C] instead of being
// gathered element by element on every call. The kernel undoes the
// permutation with a loom.transpose that only the evaluator executes.
//
//===----------------------------------------------------------------------===//

#include "backends/systolic/Passes.h"

#include "ir/LoomDialect.h"
#include "ir/LoomOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"

#include <cstring>

namespace loom::systolic {
#define GEN_PASS_DEF_LOOMSYSTOLICPACKCONVWEIGHTS
#include "backends/systolic/Passes.h.inc"
} // namespace loom::systolic

using namespace mlir;

namespace loom::systolic {
namespace {

/// The transpose that restores [O, C, K...] from the packed [K..., O, C]:
/// [2, 3, 0, 1] for a 2-D filter (which also packs it), [1, 2, 0] for a
/// 1-D one.
SmallVector<int64_t, 4> restorePermutation(int64_t rank) {
  SmallVector<int64_t, 4> permutation = {rank - 2, rank - 1};
  for (int64_t d = 0; d + 2 < rank; ++d)
    permutation.push_back(d);
  return permutation;
}

/// `value` ([O, C, K...], 1-D or 2-D) packed as [K..., O, C], or null when
/// its storage is not a dense buffer of whole bytes per element.
DenseElementsAttr packFilter(DenseElementsAttr value) {
  auto type = cast<RankedTensorType>(value.getType());
  ArrayRef<int64_t> shape = type.getShape();
  SmallVector<int64_t, 4> packedShape(shape.drop_front(2));
  packedShape.append({shape[0], shape[1]});
  auto packedType = RankedTensorType::get(packedShape, type.getElementType());
  if (value.isSplat())
    return value.reshape(packedType);
  unsigned bits = type.getElementTypeBitWidth();
  if (bits % 8 != 0)
    return {};
  size_t width = bits / 8;
  ArrayRef<char> source = value.getRawData();
  int64_t o = shape[0], c = shape[1];
  if (o * c == 0)
    return {};
  int64_t taps = type.getNumElements() / (o * c);
  if (static_cast<int64_t>(source.size()) !=
      o * c * taps * static_cast<int64_t>(width))
    return {};
  std::vector<char> packed(source.size());
  for (int64_t io = 0; io < o; ++io)
    for (int64_t ic = 0; ic < c; ++ic)
      for (int64_t t = 0; t < taps; ++t) {
        int64_t from = (io * c + ic) * taps + t;
        int64_t to = (t * o + io) * c + ic;
        std::memcpy(packed.data() + to * width, source.data() + from * width,
                    width);
      }
  return DenseElementsAttr::getFromRawBuffer(packedType, packed);
}

/// The argument number of the filter of a conv in `kernel` that this pass
/// packs, or -1.
int packableFilterArgument(ConvOp conv, func::FuncOp kernel) {
  auto filterType = cast<RankedTensorType>(conv.getFilter().getType());
  int64_t rank = filterType.getRank();
  if (rank != 3 && rank != 4)
    return -1;
  // Depthwise filters stay [C, 1, KH, KW]: the vector unit reads them per
  // channel.
  int64_t groups = conv.getGroups();
  if (groups != 1 && filterType.getDimSize(1) == 1 &&
      filterType.getDimSize(0) == groups)
    return -1;
  if (filterType.getNumElements() ==
      filterType.getDimSize(0) * filterType.getDimSize(1))
    return -1;
  auto argument = dyn_cast<BlockArgument>(conv.getFilter());
  if (!argument || argument.getOwner() != &kernel.front() ||
      !argument.hasOneUse())
    return -1;
  return static_cast<int>(argument.getArgNumber());
}

struct LoomSystolicPackConvWeightsPass
    : impl::LoomSystolicPackConvWeightsBase<LoomSystolicPackConvWeightsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTableCollection symbols;
    SymbolUserMap users(symbols, module);
    for (func::FuncOp kernel : module.getOps<func::FuncOp>()) {
      if (!isKernel(kernel) || kernel.isExternal())
        continue;
      ArrayRef<Operation *> calls = users.getUsers(kernel);
      if (calls.size() != 1)
        continue;
      auto call = dyn_cast<func::CallOp>(calls.front());
      if (!call)
        continue;
      SmallVector<ConvOp> convs;
      kernel.walk([&](ConvOp conv) { convs.push_back(conv); });
      for (ConvOp conv : convs)
        pack(conv, kernel, call);
    }
  }

  void pack(ConvOp conv, func::FuncOp kernel, func::CallOp call) {
    int index = packableFilterArgument(conv, kernel);
    if (index < 0)
      return;
    auto constant = call.getOperand(index).getDefiningOp<ConstantOp>();
    if (!constant)
      return;
    auto value = dyn_cast<DenseElementsAttr>(constant.getValue());
    if (!value)
      return;
    DenseElementsAttr packed = packFilter(value);
    if (!packed)
      return;

    OpBuilder builder(constant);
    auto packedConstant =
        ConstantOp::create(builder, constant.getLoc(), cast<ElementsAttr>(packed));
    call.setOperand(index, packedConstant.getResult());
    if (constant->use_empty())
      constant->erase();

    BlockArgument argument = kernel.getArgument(index);
    Type filterType = argument.getType();
    argument.setType(packed.getType());
    SmallVector<Type> inputs(kernel.front().getArgumentTypes());
    kernel.setType(FunctionType::get(kernel.getContext(), inputs,
                                     kernel.getResultTypes()));
    builder.setInsertionPointToStart(&kernel.front());
    auto restore = TransposeOp::create(
        builder, conv.getLoc(), filterType, argument,
        builder.getDenseI64ArrayAttr(
            restorePermutation(cast<RankedTensorType>(filterType).getRank())));
    conv.getFilterMutable().assign(restore.getResult());
  }
};

} // namespace
} // namespace loom::systolic
