//===- TrainingStep.h - A model's training step as one function --*- C++ -*-===//
//
// Part of the Loom project.
//
// Rewrites a model's entry function into its training step (loomc --train,
// docs/training.md): the named float constants become parameters, a loss is
// attached to an output, loom-autodiff differentiates it, and an optimizer
// update follows:
//
//   @main(params..., optimizer state..., inputs..., labels)
//       -> (loss, new params..., new optimizer state...)
//
// Each parameter and state tensor is an input and an output of the same
// name, so a caller feeds the outputs of one step to the next.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_COMPILER_TRAININGSTEP_H
#define LOOM_COMPILER_TRAININGSTEP_H

#include "runtime/Tensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/LogicalResult.h"

#include <string>
#include <utility>
#include <vector>

namespace loom {

struct TrainingOptions {
  /// "cross_entropy:LOGITS,LABELS" or "mse:OUT,TARGET" (loomc --loss).
  std::string loss;
  /// "sgd:lr=0.1[,momentum=0.9][,weight_decay=W]" or
  /// "adam:lr=1e-3[,betas=0.9,0.999][,eps=1e-8][,weight_decay=W]"
  /// (loomc --optimizer).
  std::string optimizer;
};

/// The step's state before the first step, keyed by input name in input
/// order: every parameter at the model's value, the optimizer state zeros,
/// `adam.step` 0 (loomc --initial-state).
using TrainingState = std::vector<std::pair<std::string, Tensor>>;

/// Replaces the module's entry function (@main, or the only function) by
/// its training step; fills `initialState` when it is given. Errors are
/// emitted at the entry function, one line each, and leave the result
/// unusable (failure).
llvm::LogicalResult buildTrainingStep(mlir::ModuleOp module,
                                      const TrainingOptions &options,
                                      TrainingState *initialState = nullptr);

} // namespace loom

#endif // LOOM_COMPILER_TRAININGSTEP_H
