//===- LoomDataShapedViewOps.td - Views sized at run time -*- tablegen -*-===//
//
// Part of the Loom project.
//
// Ops that select part of their input by sizes given at run time (ONNX
// Slice with run-time starts/ends/axes/steps, TopK with a run-time K, Split
// with run-time sizes). Each result dimension is bounded by the input's, so
// they need no flag: like the ops of LoomDataShapedOps.td, they return each
// result flat at its bound plus a `dims` result holding its actual shape
// (docs/dynamic-shapes.md), and an invalid size fails the run.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_DATA_SHAPED_VIEW_OPS_TD
#define LOOM_DATA_SHAPED_VIEW_OPS_TD

include "ir/LoomBase.td"

// The contract of LoomDataShapedOps.td: every `values`-like result is rank
// 1, holds the actual result densely in row-major order of the shape that
// its dims result gives, and zeros after it; a dims result is a
// tensor<rank x i64>. The input has a static shape and rank 1 at least;
// each result dimension is bounded by the input's (at least 1), the flat
// result holds the input's element count (at least 1).
class Loom_DataShapedViewOp<string mnemonic, list<Trait> traits = []>
    : Loom_Op<mnemonic, !listconcat([Loom_InferTensorTypes], traits)> {
  let extraClassDeclaration = [{
    /// Each result dimension's bound for `input` (static): its size, at
    /// least 1, so that an empty input still has a result of one element.
    static ::llvm::SmallVector<int64_t>
    dimBounds(::mlir::RankedTensorType input) {
      ::llvm::SmallVector<int64_t> bounds;
      for (int64_t dim : input.getShape())
        bounds.push_back(dim > 1 ? dim : 1);
      return bounds;
    }
  }];
}

def Loom_RuntimeSliceOp : Loom_DataShapedViewOp<"runtime_slice"> {
  let summary = "a strided slice whose bounds are given at run time";
  let description = [{
    ONNX `Slice` (opset 10 on) whose `starts`, `ends`, `axes` or `steps` are
    only known when the model runs. The four are rank-1 i64 tensors of one
    static length `n` (1 to the input's rank): for each `i`, dimension
    `axes[i]` (negative counts from the end) is sliced from `starts[i]` to
    `ends[i]` (exclusive) by `steps[i]`; the other dimensions are kept
    whole. As ONNX specifies, a negative start or end adds the dimension's
    size `d`; then, for a positive step, both are clamped to `[0, d]`, for a
    negative step the start to `[0, d - 1]` and the end to `[-1, d - 1]`, so
    that out-of-range bounds (INT64_MAX, INT64_MIN) select up to the edge
    and the result may be empty. An axis outside `[-rank, rank)`, an axis
    given twice or a step of 0 is an error of the run (the dims then hold
    -3).

    `values` holds the selected elements flat (its bound is the input's
    element count, at least 1), zeros after them; `dims` is the result's
    shape, each dimension at most the input's.

    Example:
    ```mlir
    %values, %dims = loom.runtime_slice %x, %starts, %ends, %axes, %steps : (tensor<20x10x5xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> (tensor<1000xf32>, tensor<3xi64>)
    ```
  }];
  let arguments = (ins Loom_Tensor:$input, RankedTensorOf<[I64]>:$starts,
                       RankedTensorOf<[I64]>:$ends,
                       RankedTensorOf<[I64]>:$axes,
                       RankedTensorOf<[I64]>:$steps);
  let results = (outs Loom_Tensor:$values, RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = [{
    $input `,` $starts `,` $ends `,` $axes `,` $steps attr-dict `:`
    functional-type(operands, results)
  }];
}

def Loom_RuntimeTopKOp : Loom_DataShapedViewOp<"runtime_topk"> {
  let summary = "the k largest or smallest elements, k given at run time";
  let description = [{
    ONNX `TopK` (opset 10 on) whose `k` (a one-element i64 tensor) is only
    known when the model runs: the `k` largest elements of `input` along
    `axis` (in `[0, rank)`), or the `k` smallest with `largest = false`,
    and their positions along the axis, in the order of `loom.topk`: largest
    (smallest) first, equal elements by lower index first, NaN above every
    number. `sorted = false` allows any order; the kernels sort all the
    same. A `k` that is negative or above the axis' size is an error of the
    run (the dims then hold -4).

    `values` and `indices` hold the results flat at the input's element
    count (at least 1), zeros after them; both have the shape in `dims`,
    the input's with dimension `axis` replaced by `k`.

    Example:
    ```mlir
    %values, %indices, %dims = loom.runtime_topk %x, %k {axis = 1 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<12xf32>, tensor<12xi64>, tensor<2xi64>)
    ```
  }];
  let arguments = (ins Loom_NumericTensor:$input, RankedTensorOf<[I64]>:$k,
                       I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "true">:$largest,
                       DefaultValuedAttr<BoolAttr, "true">:$sorted);
  let results = (outs Loom_NumericTensor:$values,
                      RankedTensorOf<[I64]>:$indices,
                      RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = [{
    $input `,` $k attr-dict `:` functional-type(operands, results)
  }];
}

def Loom_RuntimeSplitOp : Loom_DataShapedViewOp<"runtime_split",
                                                [SameVariadicResultSize]> {
  let summary = "consecutive parts along an axis, sized at run time";
  let description = [{
    ONNX `Split` (opset 13 on) whose `split` sizes (a rank-1 i64 tensor of
    static length `n` >= 1) are only known when the model runs: `n` parts
    of `input` along `axis` (in `[0, rank)`), part `i` holding `split[i]`
    consecutive slices. A negative size, or sizes that do not add up to the
    axis' size, is an error of the run (every dims result then holds -5).

    Results: the `n` parts, each flat at the input's element count (at
    least 1) with zeros after it, then their `n` shapes, the input's with
    dimension `axis` replaced by `split[i]`.

    Example:
    ```mlir
    %parts:4 = loom.runtime_split %x, %split {axis = 0 : i64} : (tensor<6xf32>, tensor<2xi64>) -> (tensor<6xf32>, tensor<6xf32>, tensor<1xi64>, tensor<1xi64>)
    ```
  }];
  let arguments = (ins Loom_Tensor:$input, RankedTensorOf<[I64]>:$split,
                       I64Attr:$axis);
  let results = (outs Variadic<Loom_Tensor>:$outputs,
                      Variadic<RankedTensorOf<[I64]>>:$dims);
  let assemblyFormat = [{
    $input `,` $split attr-dict `:` functional-type(operands, results)
  }];
}

#endif // LOOM_DATA_SHAPED_VIEW_OPS_TD
