//===- Autodiff.cpp - Reverse-mode differentiation of a loom function ------===//
//
// Part of the Loom project.
//
// Builds `@<function>_grad`, the vector-Jacobian product of a function with
// respect to chosen arguments: the forward ops cloned, then the rule of every
// op that lies between those arguments and the results (AutodiffRules.h),
// visited in reverse, with adjoints of a value used several times summed.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/LoomOps.h"
#include "passes/AutodiffRules.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/DenseSet.h"

#define DEBUG_TYPE "loom-autodiff"

namespace loom {
#define GEN_PASS_DEF_LOOMAUTODIFF
#include "passes/Passes.h.inc"
} // namespace loom

using namespace mlir;

namespace loom {
namespace {

bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

struct LoomAutodiffPass : impl::LoomAutodiffBase<LoomAutodiffPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto forward = module.lookupSymbol<func::FuncOp>(functionName);
    if (!forward || forward.isExternal()) {
      module.emitError("loom-autodiff: no function @") << functionName
                                                        << " with a body";
      return signalPassFailure();
    }
    std::string gradName = functionName + "_grad";
    if (module.lookupSymbol(gradName)) {
      forward.emitError("loom-autodiff: @") << gradName << " exists already";
      return signalPassFailure();
    }
    if (!forward.getBody().hasOneBlock()) {
      forward.emitError("loom-autodiff: @") << functionName
                                            << " has more than one block";
      return signalPassFailure();
    }
    // The rules build static shapes (sums back over broadcast dimensions,
    // slice positions), so every value must have one.
    for (auto [index, input] : llvm::enumerate(forward.getArgumentTypes()))
      if (auto tensor = dyn_cast<RankedTensorType>(input);
          tensor && !tensor.hasStaticShape()) {
        forward.emitError("loom-autodiff: argument ")
            << index << " has a dynamic shape " << tensor
            << " (fix the input shapes and refine shapes first)";
        return signalPassFailure();
      }
    WalkResult dynamic = forward.walk([&](Operation *op) {
      for (Type result : op->getResultTypes())
        if (auto tensor = dyn_cast<RankedTensorType>(result);
            tensor && !tensor.hasStaticShape()) {
          op->emitError("loom-autodiff: the result of '")
              << op->getName() << "' has a dynamic shape " << tensor
              << " (refine shapes first)";
          return WalkResult::interrupt();
        }
      return WalkResult::advance();
    });
    if (dynamic.wasInterrupted())
      return signalPassFailure();
    FunctionType type = forward.getFunctionType();
    SmallVector<unsigned> wrtArgs;
    if (wrt.empty()) {
      for (auto [index, input] : llvm::enumerate(type.getInputs()))
        if (isFloatTensor(input))
          wrtArgs.push_back(index);
    } else {
      for (int64_t index : wrt) {
        if (index < 0 || index >= int64_t(type.getNumInputs()) ||
            !isFloatTensor(type.getInput(index))) {
          forward.emitError("loom-autodiff: wrt argument ")
              << index << " is not a floating-point tensor argument of @"
              << functionName;
          return signalPassFailure();
        }
        wrtArgs.push_back(index);
      }
    }

    // The signature: arguments, then one cotangent per float result;
    // results, then one gradient per wrt argument.
    SmallVector<Type> inputs(type.getInputs()), results(type.getResults());
    SmallVector<unsigned> seededResults;
    for (auto [index, result] : llvm::enumerate(type.getResults()))
      if (isFloatTensor(result)) {
        inputs.push_back(result);
        seededResults.push_back(index);
      }
    for (unsigned index : wrtArgs)
      results.push_back(type.getInput(index));

    OpBuilder builder(module.getContext());
    builder.setInsertionPointAfter(forward);
    auto grad = func::FuncOp::create(builder, forward.getLoc(), gradName,
                                     builder.getFunctionType(inputs, results));
    Block *entry = grad.addEntryBlock();
    builder.setInsertionPointToStart(entry);

    // Forward: every op cloned (the checkpointing policy: every forward
    // value is kept for the backward pass).
    IRMapping mapping;
    Block &body = forward.getBody().front();
    for (auto [from, to] : llvm::zip(body.getArguments(), entry->getArguments()))
      mapping.map(from, to);
    SmallVector<Operation *> cloned;
    for (Operation &op : body.without_terminator())
      cloned.push_back(builder.clone(op, mapping));
    Operation *terminator = body.getTerminator();

    // Activity: float values that depend on a wrt argument.
    DenseSet<Value> active;
    for (unsigned index : wrtArgs)
      active.insert(entry->getArgument(index));
    for (Operation *op : cloned)
      if (llvm::any_of(op->getOperands(),
                       [&](Value v) { return active.contains(v); }))
        for (Value result : op->getResults())
          if (isFloatTensor(result.getType()))
            active.insert(result);

    // Adjoints, seeded by the cotangents.
    DenseMap<Value, Value> adjoint;
    for (auto [seed, index] : llvm::enumerate(seededResults)) {
      Value returned = mapping.lookupOrDefault(terminator->getOperand(index));
      if (active.contains(returned))
        autodiff::accumulateAdjoint(
            builder, adjoint, returned,
            entry->getArgument(type.getNumInputs() + seed));
    }

    Operation *failedOp = nullptr;
    std::string whyNot;
    if (failed(autodiff::propagateAdjoints(builder, cloned, active, adjoint,
                                           failedOp, whyNot))) {
      // Report at the original op, so the location is the user's.
      Operation *original = nullptr;
      for (auto [from, to] : llvm::zip(body.without_terminator(), cloned))
        if (to == failedOp)
          original = &from;
      original->emitError("loom-autodiff: ") << whyNot;
      grad.erase();
      return signalPassFailure();
    }

    SmallVector<Value> returned;
    for (Value value : terminator->getOperands())
      returned.push_back(mapping.lookupOrDefault(value));
    autodiff::Emitter emitter(builder, grad.getLoc());
    for (unsigned index : wrtArgs) {
      Value arg = entry->getArgument(index);
      Value g = adjoint.lookup(arg);
      returned.push_back(
          g ? g : emitter.splat(cast<RankedTensorType>(arg.getType()), 0.0));
    }
    func::ReturnOp::create(builder, terminator->getLoc(), returned);
  }
};

} // namespace
} // namespace loom
