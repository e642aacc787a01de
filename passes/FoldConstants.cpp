//===- FoldConstants.cpp - Evaluate ops on constant operands -----------------===//
//
// Part of the Loom project.
//
// Constant folding through the reference evaluator, so that folding and
// execution can never disagree about an op's meaning.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "evaluator/Evaluator.h"
#include "ir/LoomOps.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "loom-fold-constants"

namespace loom {
#define GEN_PASS_DEF_LOOMFOLDCONSTANTS
#include "passes/Passes.h.inc"
} // namespace loom

using namespace mlir;

namespace loom {
namespace {

/// The tensors of `op`'s operands when each is a constant the evaluator can
/// read; nullopt otherwise.
std::optional<SmallVector<Tensor>> constantOperands(Operation *op) {
  SmallVector<Tensor> tensors;
  for (Value operand : op->getOperands()) {
    ElementsAttr value;
    if (!matchPattern(operand, m_Constant(&value)))
      return std::nullopt;
    FailureOr<Tensor> tensor = eval::tensorFromAttr(value);
    if (failed(tensor))
      return std::nullopt;
    tensors.push_back(std::move(*tensor));
  }
  return tensors;
}

bool hasFoldableResults(Operation *op, int64_t maxElements) {
  for (Type type : op->getResultTypes()) {
    auto tensorType = dyn_cast<RankedTensorType>(type);
    if (!tensorType || !tensorType.hasStaticShape() ||
        tensorType.getNumElements() > maxElements)
      return false;
  }
  // The work must stay proportionate too (a constant 4096^3 matmul has a
  // small result but takes minutes).
  return eval::evaluationCost(op) <= 16 * maxElements;
}

struct LoomFoldConstantsPass
    : impl::LoomFoldConstantsBase<LoomFoldConstantsPass> {
  using Base::Base;

  void runOnOperation() override {
    eval::Options options;
    if (precision == "bf16-matmul") {
      options.precision = eval::Precision::Bf16Matmul;
    } else if (precision != "native") {
      getOperation().emitError("loom-fold-constants: unknown precision '")
          << precision << "' (native or bf16-matmul)";
      return signalPassFailure();
    }
    OpBuilder builder(&getContext());
    // Ops are visited in order, so a folded result feeds the next fold.
    getOperation().walk([&](Operation *op) {
      if (!isa<LoomDialect>(op->getDialect()) || isa<ConstantOp>(op) ||
          !eval::hasKernel(op) || !hasFoldableResults(op, maxResultElements))
        return;
      std::optional<SmallVector<Tensor>> operands = constantOperands(op);
      if (!operands)
        return;
      FailureOr<std::vector<Tensor>> results =
          eval::evaluateOp(op, *operands, options, /*emitErrors=*/false);
      if (failed(results)) {
        LLVM_DEBUG(llvm::dbgs() << "not folding " << op->getName()
                                << ": the evaluator failed\n");
        return;
      }
      builder.setInsertionPoint(op);
      SmallVector<Value> replacements;
      for (auto [result, tensor] : llvm::zip(op->getResults(), *results)) {
        auto type = cast<RankedTensorType>(result.getType());
        replacements.push_back(ConstantOp::create(
            builder, op->getLoc(), eval::attrFromTensor(tensor, type)));
      }
      // Each producer once: an op that reads one value twice (loom.add %c,
      // %c) would otherwise have its producer erased, then read again.
      llvm::SmallSetVector<Operation *, 4> producers;
      for (Value operand : op->getOperands())
        if (Operation *producer = operand.getDefiningOp())
          producers.insert(producer);
      op->replaceAllUsesWith(replacements);
      op->erase();
      // Inputs of the fold that nothing else uses are dead weight.
      for (Operation *producer : producers)
        if (producer->use_empty())
          producer->erase();
    });
  }
};

} // namespace
} // namespace loom
