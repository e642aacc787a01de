//===- RefineShapes.cpp - Propagate static shapes ----------------------------===//
//
// Part of the Loom project.
//
// Forward shape refinement: each op's inferred result type replaces its
// declared one when it is strictly more static. Ops are visited in order,
// so operands are always refined before their users.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/LoomOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

namespace loom {
#define GEN_PASS_DEF_LOOMREFINESHAPES
#include "passes/Passes.h.inc"
} // namespace loom

using namespace mlir;

namespace loom {
namespace {

/// True when `candidate` has every static size `current` has and more.
bool isMoreStatic(RankedTensorType candidate, RankedTensorType current) {
  if (candidate == current || candidate.getRank() != current.getRank() ||
      candidate.getElementType() != current.getElementType())
    return false;
  for (auto [refined, old] :
       llvm::zip(candidate.getShape(), current.getShape()))
    if (!ShapedType::isDynamic(old) && refined != old)
      return false;
  return true;
}

/// The result types `op` infers from its current operands, or none.
std::optional<SmallVector<Type>> inferredTypes(Operation *op) {
  auto inferable = dyn_cast<InferTypeOpInterface>(op);
  if (!inferable)
    return std::nullopt;
  SmallVector<Type> types;
  if (failed(inferable.inferReturnTypes(
          op->getContext(), /*location=*/std::nullopt, op->getOperands(),
          op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
          op->getRegions(), types)))
    return std::nullopt;
  return types;
}

/// Gives users outside the loom dialect the type they were built for.
void castForForeignUsers(OpBuilder &builder, Value value, Type oldType) {
  SmallVector<OpOperand *> foreignUses;
  for (OpOperand &use : value.getUses())
    if (!isa<LoomDialect>(use.getOwner()->getDialect()) &&
        !isa<func::ReturnOp>(use.getOwner()))
      foreignUses.push_back(&use);
  if (foreignUses.empty())
    return;
  builder.setInsertionPointAfterValue(value);
  Value cast =
      tensor::CastOp::create(builder, value.getLoc(), oldType, value);
  for (OpOperand *use : foreignUses)
    use->set(cast);
}

struct LoomRefineShapesPass : impl::LoomRefineShapesBase<LoomRefineShapesPass> {
  void runOnOperation() override {
    func::FuncOp function = getOperation();
    OpBuilder builder(&getContext());
    function.walk([&](Operation *op) {
      if (!isa<LoomDialect>(op->getDialect()))
        return;
      std::optional<SmallVector<Type>> types = inferredTypes(op);
      if (!types)
        return;
      for (auto [result, inferred] : llvm::zip(op->getResults(), *types)) {
        auto current = dyn_cast<RankedTensorType>(result.getType());
        auto candidate = dyn_cast<RankedTensorType>(inferred);
        if (!current || !candidate || !isMoreStatic(candidate, current))
          continue;
        result.setType(candidate);
        castForForeignUsers(builder, result, current);
      }
    });

    // Returned values may now be more static than the signature says.
    if (function.isExternal())
      return;
    auto returnOp = cast<func::ReturnOp>(function.getBody().back().getTerminator());
    function.setType(FunctionType::get(&getContext(),
                                       function.getArgumentTypes(),
                                       returnOp.getOperandTypes()));
  }
};

} // namespace
} // namespace loom
