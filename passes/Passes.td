//===- Passes.td - Loom's graph passes ------------------------------*- tablegen -*-===//
//
// Part of the Loom project.
//
// Every pass Loom defines, sorted by name. Each lives in a file of its own
// named after it and has a lit test in test/passes/ with the flag's name.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_PASSES_TD
#define LOOM_PASSES_TD

include "mlir/Pass/PassBase.td"

def LoomFoldConstants : Pass<"loom-fold-constants", "mlir::func::FuncOp"> {
  let summary = "Evaluates ops whose operands are all constants";
  let description = [{
    Replaces every `loom` op whose operands are all `loom.constant` ops (or
    that has none, like `loom.iota`) with a `loom.constant` holding its
    result, computed by the reference evaluator, and erases the constants
    that fed it when nothing else uses them. This is how shape
    computations exported with a model (Shape -> Gather -> Concat ->
    Reshape) and folded weights (BatchNormalization into a convolution)
    become plain constants. Ops whose result would exceed
    `max-result-elements`, or whose evaluation would take more than 16 times
    that many scalar operations (`eval::evaluationCost`), are left alone,
    and so is an op the evaluator
    reports an error for (integer division by zero, say): the error then
    surfaces when the graph runs, not at compile time.

    Example: `loom.add (loom.constant dense<1>, loom.constant dense<2>)`
    becomes `loom.constant dense<3>`.
  }];
  let options = [
    Option<"maxResultElements", "max-result-elements", "int64_t",
           /*default=*/"1 << 22",
           "Largest result (in elements) worth folding into a constant">,
  ];
  let dependentDialects = ["loom::LoomDialect"];
}

def LoomRefineShapes : Pass<"loom-refine-shapes", "mlir::func::FuncOp"> {
  let summary = "Propagates static shapes through the graph";
  let description = [{
    Visits the ops in order and replaces every result type that type
    inference can make more static (a `?` whose size follows from the
    operands). When a refined value is returned, the function's result
    type is updated to match. A user outside the `loom` dialect that does
    not accept the new type receives a `tensor.cast` back to the old one.

    Together with fixed input shapes this turns a graph imported with
    symbolic dimensions into one with static shapes everywhere.
  }];
  let dependentDialects = ["mlir::tensor::TensorDialect"];
}

#endif // LOOM_PASSES_TD
