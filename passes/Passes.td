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

def LoomLowerToLinalg : Pass<"loom-lower-to-linalg", "mlir::func::FuncOp"> {
  let summary = "Lowers statically shaped loom ops to linalg on tensors";
  let description = [{
    The first step of the CPU backend. Rewrites `loom` ops whose operands and
    results all have static shapes into `linalg`, `tensor`, `arith` and
    `math` ops on tensors, with the exact semantics of the dialect:

    - `loom.constant` becomes `arith.constant`.
    - Every elementwise op (`add`, `sub`, `mul`, `div`, `rem`, `max`, `min`,
      `pow` on floats, `compare`, `and`, `or`, `xor`, `neg`, `abs`, `exp`,
      `log`, `sqrt`, `rsqrt`, `reciprocal`, `tanh`, `sigmoid`, `erf`,
      `gelu`, `relu`, `clamp`, `floor`, `ceil`, `round`, `sign`, `not`,
      `sin`, `cos`, `tan`, `asin`, `acos`, `atan`, `sinh`, `cosh`, `asinh`,
      `acosh`, `atanh`, `cast`) and `select` becomes one `linalg.generic`
      writing into a `tensor.empty`. NumPy
      broadcasting is in the indexing maps: an operand dimension of size 1
      against a larger result dimension reads index 0. Integer division is
      `arith.divsi`, float `max`/`min` are the NaN-propagating
      `arith.maximumf`/`arith.minimumf`, `round` is `math.roundeven`, and
      comparisons use ordered float predicates except `ne` (`une`), signed
      integer ones, and unsigned ones on i1. `rem` is `arith.remf` or
      `arith.remsi`, which with `fmod` is the result; otherwise a nonzero
      remainder whose sign differs from the divisor's gets the divisor
      added, and a float zero takes the divisor's sign. `clamp` applies its
      bounds with `arith.maximumf`/`arith.minimumf` (NaN stays NaN) or
      `arith.maxsi`/`arith.minsi`. `gelu` uses `math.erf`, or `math.tanh`
      with `approximation = tanh`. `cast` is `arith.extf`/`truncf`,
      `sitofp`, `extsi`/`trunci`, `x != 0` to i1 and `uitofp`/`extui` from
      i1; float to integer checks the input against the integer's range
      before `arith.fptosi`, saturating, with NaN giving 0. On f16 and bf16
      the body computes in f32 and rounds once, as the evaluator does.
    - `loom.matmul` of two rank-2 operands becomes `linalg.matmul`, of two
      rank-3 operands with the same batch `linalg.batch_matmul`, both into a
      `linalg.fill` of zero.
    - `loom.transpose` becomes `linalg.transpose`.
    - `loom.reshape` becomes `tensor.collapse_shape` or
      `tensor.expand_shape` when it only merges or only splits adjacent
      dimensions, otherwise `tensor.reshape` with a constant shape.
    - `loom.reduce_sum`, `reduce_mean`, `reduce_max`, `reduce_min` and
      `reduce_prod` become `linalg.reduce` into a tensor filled with the
      value of an empty extent (0; `-inf` or the smallest integer for max;
      `+inf` or the largest integer for min; 1 for prod), combining with
      `arith.addf`/`addi`, the NaN-propagating `arith.maximumf`/`minimumf`
      (`maxsi`/`minsi` on integers) or `arith.mulf`/`muli`. `reduce_mean`
      then divides by the number of reduced elements (`arith.divf`, or
      `arith.divsi` truncating toward zero). With `keepdims`,
      `tensor.expand_shape` follows.

    The conversion is partial: every other op, an op with a dynamic shape,
    integer `pow`, integer `rem` on i1, an integer `clamp` whose bound does
    not fit the type, a matmul of other ranks or with a broadcast batch, a
    matmul or reduction on f16/bf16 (which the evaluator accumulates in
    f32), a `reduce_max`/`min`/`prod`/`mean` on i1, and an integer
    `reduce_mean` over an empty extent are left as they are for later steps
    of the backend.

    Example: `loom.add %x, %b : (tensor<2x3xf32>, tensor<3xf32>) ->
    tensor<2x3xf32>` becomes a `linalg.generic` with the maps
    `(d0, d1) -> (d0, d1)`, `(d0, d1) -> (d1)` and `(d0, d1) -> (d0, d1)`
    whose body is `arith.addf`.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::linalg::LinalgDialect",
                           "mlir::math::MathDialect",
                           "mlir::tensor::TensorDialect"];
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
