//===- LoomControlFlowOps.td - Loops with a body region --*- tablegen -*-===//
//
// Part of the Loom project.
//
// Ops with regions: `loom.scan`, a counted loop whose body is a block of
// loom ops, `loom.if`, a choice between two regions, and `loom.yield`,
// their terminator. A recurrent layer's cell and the body of ONNX's Scan
// and Loop are a loop's body, run once per step instead of being copied
// once per step; an If on a condition known at run time is a loom.if
// (docs/dialect.md). The code generators lower them to `scf.for` and
// `scf.if`; the evaluator runs the regions.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_CONTROL_FLOW_OPS_TD
#define LOOM_CONTROL_FLOW_OPS_TD

include "ir/LoomBase.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

def Loom_ScanOp : Loom_Op<"scan", [AttrSizedOperandSegments,
                                   IsolatedFromAbove]> {
  let summary = "a counted loop over a body with carried and stacked values";
  let description = [{
    Runs its body `length` times. Iteration `s` (0 to `length - 1`) works at
    position `t = s`, or `t = length - 1 - s` with `reverse`. The body's
    block takes, in order:

    - the position `t`, a `tensor<i64>`;
    - the carried values: `inits` at the first iteration, then what the
      previous iteration yielded in their place;
    - for each of `scanned`, whose dimension 0 has `length` entries, its
      entry `t` (that dimension dropped);
    - the `invariants`, the same at every iteration.

    The body is isolated from above: everything it reads from outside comes
    in as an operand (a recurrent layer's weights are invariants). It
    yields the new carried values, one per init and of the same type, then
    any number of per-step values. The results are the carried values after
    the last iteration, then each per-step value stacked along a new
    dimension 0 of `length` entries, entry `t` written at iteration `s`. A
    `length` of 0 returns the inits and empty stacks.

    Example (a running sum and its prefix sums, the second result):
    ```mlir
    %sum, %prefix = loom.scan carried(%zero) scanned(%xs) invariants()
        {length = 5 : i64} :
        (tensor<3xf32>, tensor<5x3xf32>) -> (tensor<3xf32>, tensor<5x3xf32>) {
    ^bb0(%t: tensor<i64>, %acc: tensor<3xf32>, %x: tensor<3xf32>):
      %next = loom.add %acc, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
      loom.yield %next, %next : tensor<3xf32>, tensor<3xf32>
    }
    ```
  }];
  let arguments = (ins
    Variadic<Loom_Tensor>:$inits,
    Variadic<Loom_Tensor>:$scanned,
    Variadic<Loom_Tensor>:$invariants,
    ConfinedAttr<I64Attr, [IntMinValue<0>]>:$length,
    UnitAttr:$reverse
  );
  let results = (outs Variadic<Loom_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    `carried` `(` $inits `)` `scanned` `(` $scanned `)`
    `invariants` `(` $invariants `)` attr-dict `:`
    functional-type(operands, results) $body
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The results that carry a value from one iteration to the next.
    ::mlir::ResultRange getCarried() {
      return getResults().take_front(getInits().size());
    }
    /// The results stacked from each iteration's per-step values.
    ::mlir::ResultRange getStacked() {
      return getResults().drop_front(getInits().size());
    }
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
    /// The block argument of the position `t`.
    ::mlir::BlockArgument getPosition() { return getBodyBlock().getArgument(0); }
    /// The per-step type of `stacked` (its dimension 0 dropped).
    static ::mlir::RankedTensorType stepType(::mlir::RankedTensorType stacked);
  }];
}

def Loom_IfOp : Loom_Op<"if", [IsolatedFromAbove]> {
  let summary = "one of two regions, chosen by a condition at run time";
  let description = [{
    Runs `then` when `condition` (a `tensor<i1>` of one element) holds,
    else `else`, and returns what the region run yields. Both regions are
    isolated from above: each takes the `invariants` as its block's
    arguments, and yields one value per result, of the result's type.
    Only the region chosen runs, so the other may hold ops that would fail
    on this run's values (an index out of range).

    Example:
    ```mlir
    %r = loom.if %c invariants(%x) : (tensor<i1>, tensor<4xf32>) -> tensor<4xf32> {
    ^bb0(%a: tensor<4xf32>):
      %n = loom.neg %a : tensor<4xf32>
      loom.yield %n : tensor<4xf32>
    } else {
    ^bb0(%a: tensor<4xf32>):
      loom.yield %a : tensor<4xf32>
    }
    ```
  }];
  let arguments = (ins Loom_BoolTensor:$condition,
                       Variadic<Loom_Tensor>:$invariants);
  let results = (outs Variadic<Loom_Tensor>:$results);
  let regions = (region SizedRegion<1>:$thenRegion,
                        SizedRegion<1>:$elseRegion);
  let assemblyFormat = [{
    $condition `invariants` `(` $invariants `)` attr-dict `:`
    functional-type(operands, results) $thenRegion `else` $elseRegion
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
}

def Loom_YieldOp : Loom_Op<"yield", [Terminator,
                                     ParentOneOf<["ScanOp", "IfOp"]>,
                                     ReturnLike]> {
  let summary = "ends a region: what it gives its op";
  let description = [{
    Terminates the body of `loom.scan`, whose operands are the new carried
    values, one per init of the loop and of the same type, followed by the
    values stacked into the loop's other results; and each region of
    `loom.if`, whose operands are the op's results.
  }];
  let arguments = (ins Variadic<Loom_Tensor>:$values);
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

#endif // LOOM_CONTROL_FLOW_OPS_TD
