//===- LoomDataShapedAxesOps.td - Ops on axes given at run time -*- tablegen -*-===//
//
// Part of the Loom project.
//
// Ops whose per-axis operand is only known when the model runs (ONNX
// Unsqueeze, Squeeze and ReduceSum with a run-time `axes` input, Pad with
// run-time `pads`). The operand's static length fixes the result's rank;
// the sizes are what the run decides, so, like the ops of
// LoomDataShapedOps.td, they return the result flat at a bound plus a
// `dims` result holding its shape (docs/dynamic-shapes.md). Invalid axes
// or pads fail the run.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_DATA_SHAPED_AXES_OPS_TD
#define LOOM_DATA_SHAPED_AXES_OPS_TD

include "ir/LoomBase.td"
include "ir/LoomEnums.td"

// The contract of LoomDataShapedOps.td: `values` is rank 1 and holds the
// result densely in row-major order of the shape `dims` gives, zeros after
// it; `dims` is a tensor<rank x i64>. The input has a static shape; `axes`
// is a rank-1 i64 tensor of static length k >= 1. The flat result holds
// the input's element count (at least 1), and each result dimension is
// bounded by the input's largest dimension (at least 1).
class Loom_DataShapedAxesOp<string mnemonic, list<Trait> traits = []>
    : Loom_Op<mnemonic, !listconcat([Loom_InferTensorTypes], traits)> {
  let extraClassDeclaration = [{
    /// Each result dimension's bound for `input`: its largest dimension, at
    /// least 1.
    static int64_t dimBound(::mlir::RankedTensorType input) {
      int64_t largest = 1;
      for (int64_t dim : input.getShape())
        largest = dim > largest ? dim : largest;
      return largest;
    }
  }];
}

def Loom_RuntimeUnsqueezeOp : Loom_DataShapedAxesOp<"runtime_unsqueeze"> {
  let summary = "dimensions of size 1 inserted where run-time axes say";
  let description = [{
    ONNX `Unsqueeze` (opset 13 on) whose `axes` are only known when the
    model runs: the input's elements unchanged, in a shape of rank
    `r + k` (`r` the input's rank, `k` the number of axes) whose
    dimensions `axes[i]` (negative counts from the end of the result) are
    1 and whose others are the input's, in order. An axis outside
    `[-(r + k), r + k)` or an axis given twice is an error of the run (the
    dims then hold -8).

    `values` holds the input's elements flat (one zero element when it has
    none); `dims` is the result's shape.

    Example:
    ```mlir
    %values, %dims = loom.runtime_unsqueeze %x, %axes : (tensor<3x4x5xf32>, tensor<1xi64>) -> (tensor<60xf32>, tensor<4xi64>)
    ```
  }];
  let arguments = (ins Loom_Tensor:$input, RankedTensorOf<[I64]>:$axes);
  let results = (outs Loom_Tensor:$values, RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = [{
    $input `,` $axes attr-dict `:` functional-type(operands, results)
  }];
}

def Loom_RuntimeSqueezeOp : Loom_DataShapedAxesOp<"runtime_squeeze"> {
  let summary = "dimensions of size 1 removed where run-time axes say";
  let description = [{
    ONNX `Squeeze` (opset 13 on) whose `axes` are only known when the model
    runs: the input's elements unchanged, in the input's shape without the
    `k` dimensions `axes[i]` (negative counts from the end), a result of
    rank `r - k`. An axis outside `[-r, r)`, an axis given twice, or one
    naming a dimension whose size is not 1 is an error of the run (the
    dims then hold -8).

    `values` holds the input's elements flat (one zero element when it has
    none); `dims` is the result's shape (of rank 0 when every dimension is
    squeezed).

    Example:
    ```mlir
    %values, %dims = loom.runtime_squeeze %x, %axes : (tensor<1x3x4x5xf32>, tensor<1xi64>) -> (tensor<60xf32>, tensor<3xi64>)
    ```
  }];
  let arguments = (ins Loom_Tensor:$input, RankedTensorOf<[I64]>:$axes);
  let results = (outs Loom_Tensor:$values, RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = [{
    $input `,` $axes attr-dict `:` functional-type(operands, results)
  }];
}

def Loom_RuntimeReduceSumOp : Loom_DataShapedAxesOp<"runtime_reduce_sum"> {
  let summary = "the sum over axes given at run time";
  let description = [{
    ONNX `ReduceSum` (opset 13 on) whose `axes` (k >= 1 of them) are only
    known when the model runs: the sum of `input` over the dimensions the
    axes name (negative counts from the end), kept as dimensions of size 1
    with `keepdims`, else removed (a result of rank `r - k`). Each output
    element adds its input elements in row-major order of the reduced
    dimensions, in the element type, starting from 0 (the evaluator and
    the CPU kernel add in the same order, so their results are equal). An
    axis outside `[-r, r)` or an axis given twice is an error of the run
    (the dims then hold -8).

    `values` holds the sums flat at the input's element count (at least
    1), zeros after them; `dims` is the result's shape.

    Example:
    ```mlir
    %values, %dims = loom.runtime_reduce_sum %x, %axes {keepdims = true} : (tensor<3x2x2xf32>, tensor<1xi64>) -> (tensor<12xf32>, tensor<3xi64>)
    ```
  }];
  let arguments = (ins Loom_NumericTensor:$input, RankedTensorOf<[I64]>:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs Loom_NumericTensor:$values,
                      RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = [{
    $input `,` $axes attr-dict `:` functional-type(operands, results)
  }];
}

def Loom_RuntimePadOp : Loom_DataShapedAxesOp<"runtime_pad"> {
  let summary = "pads or crops each dimension by amounts given at run time";
  let description = [{
    ONNX `Pad` (opset 11 on) whose `pads` (a rank-1 i64 tensor of `2r`
    entries for an input of rank `r >= 1`: the amounts before each
    dimension, then after each) are only known when the model runs: as
    `loom.pad` with `low` and `high` read at run time. A negative amount
    removes elements; `mode` is `constant` (the elements added are
    `value`, a one-element tensor of the input's element type, or 0
    without it), `reflect` or `edge`, with `loom.pad`'s rules.

    Each result dimension is at most `bound` (loomc `--max-dim`): `values`
    holds `bound^r` elements, the result densely first, zeros after it;
    `dims` is the shape. A result size above `bound` is an error of the run
    (dims -6); a negative result size, a `reflect` amount not below its
    dimension's size, or an `edge` or `reflect` pad of an empty dimension
    too (dims -9).

    Example:
    ```mlir
    %values, %dims = loom.runtime_pad %x, %pads, %v mode constant {bound = 16 : i64} : (tensor<2x3xf32>, tensor<4xi64>, tensor<f32>) -> (tensor<256xf32>, tensor<2xi64>)
    ```
  }];
  let arguments = (ins Loom_Tensor:$input, RankedTensorOf<[I64]>:$pads,
                       Optional<Loom_Tensor>:$value, Loom_PadMode:$mode,
                       I64Attr:$bound);
  let results = (outs Loom_Tensor:$values, RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = [{
    $input `,` $pads (`,` $value^)? `mode` $mode attr-dict `:`
    functional-type(operands, results)
  }];
}

#endif // LOOM_DATA_SHAPED_AXES_OPS_TD
