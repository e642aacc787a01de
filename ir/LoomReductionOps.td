//===- LoomReductionOps.td - Reduction loom ops ---------------------*- tablegen -*-===//
//
// Part of the Loom project.
//
// Reductions over axes (sum, mean, max, min, prod), arg reductions,
// cumulative sums and top-k.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_REDUCTION_OPS_TD
#define LOOM_REDUCTION_OPS_TD

include "ir/LoomBase.td"

//===----------------------------------------------------------------------===//
// Reductions over axes
//===----------------------------------------------------------------------===//

// Reduces `input` over `axes` (distinct, each in [0, rank)); with `keepdims`
// the reduced dimensions stay with size 1, otherwise they are dropped.
// `semantics` is the op's own paragraph: how elements combine, what an empty
// extent gives, NaN and integer overflow.
class Loom_ReduceOp<string mnemonic, string what, string semantics>
    : Loom_Op<mnemonic, [Loom_InferTensorTypes]> {
  let summary = what # " over axes";
  let description = [{
    Reduces `input` to the }] # what # [{ of its elements over `axes` (each in
    `[0, rank)`, no repeats; an empty list reduces nothing). With `keepdims`
    the reduced dimensions stay with size 1, otherwise they are dropped: a
    `2x3x4` input reduced over `[1]` gives `2x4`, or `2x1x4` with `keepdims`.
    A dynamic kept dimension stays dynamic.
    }] # semantics # [{
    The evaluator visits the reduced elements in row-major order and computes
    in f32 for f16/bf16 (rounding each result once), in the element type
    otherwise. When the result type equals the input type (nothing is
    reduced, or only dimensions of size 1 with `keepdims`) the op folds to
    its input.

    Example:
    ```mlir
    %r = loom.}] # mnemonic # [{ %x axes [1] keepdims : (tensor<2x3xf32>) -> tensor<2x1xf32>
    ```
  }];
  let arguments = (ins Loom_NumericTensor:$input, DenseI64ArrayAttr:$axes,
                       UnitAttr:$keepdims);
  let results = (outs Loom_NumericTensor:$result);
  let assemblyFormat = [{
    $input `axes` $axes (`keepdims` $keepdims^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
      return ::loom::inferReducedType(location, adaptor.getInput().getType(),
          adaptor.getAxes(), adaptor.getKeepdims(), inferredReturnTypes);
    }
    ::mlir::OpFoldResult $cppClass::fold(FoldAdaptor) {
      return foldReductionOfNothing(getInput(), getType());
    }
  }];
}

def Loom_ReduceSumOp : Loom_ReduceOp<"reduce_sum", "sum", [{
    Elements are added one by one starting from the first, so an empty
    extent gives 0 and a sum of only `-0.0` stays `-0.0`. Integers wrap
    around on overflow; floats follow IEEE-754 (a NaN gives NaN, `inf` plus
    `-inf` gives NaN).
  }]>;

def Loom_ReduceMeanOp : Loom_ReduceOp<"reduce_mean", "mean", [{
    The sum (as `loom.reduce_sum` computes it) divided by the number of
    reduced elements. For floats the division is in the compute type, and an
    empty extent gives NaN (0 / 0). For integers the wrapped sum is divided
    by the count, truncating toward zero (`[-3, 0]` gives -1); an empty
    extent is an error in the evaluator, since there is no integer NaN.
  }]>;

def Loom_ReduceMaxOp : Loom_ReduceOp<"reduce_max", "maximum", [{
    A NaN anywhere in the reduced elements gives NaN (as `numpy.max`), and
    `+0.0` counts as greater than `-0.0`. An empty extent gives `-inf` for
    floats and the smallest value of the type for integers (-128 for i8).
  }]>;

def Loom_ReduceMinOp : Loom_ReduceOp<"reduce_min", "minimum", [{
    A NaN anywhere in the reduced elements gives NaN (as `numpy.min`), and
    `-0.0` counts as less than `+0.0`. An empty extent gives `+inf` for
    floats and the largest value of the type for integers (127 for i8).
  }]>;

def Loom_ReduceProdOp : Loom_ReduceOp<"reduce_prod", "product", [{
    Elements are multiplied one by one starting from 1, so an empty extent
    gives 1. Integers wrap around on overflow (keep the low bits of the exact
    product); floats follow IEEE-754 (`0 * inf` gives NaN).
  }]>;

//===----------------------------------------------------------------------===//
// Arg reductions
//===----------------------------------------------------------------------===//

// The index of an extreme along one axis. `extreme` is "largest" or
// "smallest".
class Loom_ArgReduceOp<string mnemonic, string extreme>
    : Loom_Op<mnemonic, [Loom_InferTensorTypes]> {
  let summary = "index of the " # extreme # " element along an axis";
  let description = [{
    The position (from 0, as i64) of the }] # extreme # [{ element of `input`
    along `axis` (in `[0, rank)`). The axis is dropped from the shape, or
    kept with size 1 with `keepdims`: a `2x3xf32` input over axis 1 gives
    `2xi64`, or `2x1xi64` with `keepdims`. The axis must not have size 0,
    since an empty extent has no answer: a static 0 is a verifier error, and
    a dynamic size is checked once `loom-refine-shapes` makes it static.

    Among equal elements the first index wins, or the last with
    `select_last_index`; `-0.0` and `+0.0` are equal. As in NumPy, a NaN
    beats every number: the index of the first NaN is the answer (the last
    NaN with `select_last_index`).

    Example:
    ```mlir
    %i = loom.}] # mnemonic # [{ %x axis 1 keepdims : (tensor<2x3xf32>) -> tensor<2x1xi64>
    %j = loom.}] # mnemonic # [{ %x axis 0 select_last_index : (tensor<2x3xi32>) -> tensor<3xi64>
    ```
  }];
  let arguments = (ins Loom_NumericTensor:$input, I64Attr:$axis,
                       UnitAttr:$keepdims, UnitAttr:$select_last_index);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = [{
    $input `axis` $axis (`keepdims` $keepdims^)?
    (`select_last_index` $select_last_index^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasFolder = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
      return inferArgReducedType(context, location,
          adaptor.getInput().getType(), adaptor.getAxis(),
          adaptor.getKeepdims(), inferredReturnTypes);
    }
    ::mlir::OpFoldResult $cppClass::fold(FoldAdaptor) {
      return foldArgReductionOfOne(getInput(), getAxis(), getType());
    }
  }];
}

def Loom_ArgMaxOp : Loom_ArgReduceOp<"argmax", "largest">;
def Loom_ArgMinOp : Loom_ArgReduceOp<"argmin", "smallest">;

//===----------------------------------------------------------------------===//
// Cumulative sum
//===----------------------------------------------------------------------===//

def Loom_CumSumOp : Loom_Op<"cumsum",
    [SameOperandsAndResultType, InferTypeOpInterface]> {
  let summary = "cumulative sum along an axis";
  let description = [{
    Running sums of `input` along `axis` (in `[0, rank)`); the result has the
    input's type (ONNX `CumSum`). Element `i` along the axis is
    `x[0] + ... + x[i]`, added in that order starting from `x[0]`. With
    `exclusive` element `i` itself is left out (`x[0] + ... + x[i-1]`, and
    the first element is 0). With `reverse` the sums run from the end
    (`x[i] + ... + x[n-1]`, added from `x[n-1]` down). Integers wrap around
    on overflow. f16/bf16 accumulate in f32 and each result is rounded once.
    Along an axis of size 1 without `exclusive` the op folds to its input.

    Example:
    ```mlir
    %c = loom.cumsum %x axis 1 exclusive reverse : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Loom_NumericTensor:$input, I64Attr:$axis,
                       UnitAttr:$exclusive, UnitAttr:$reverse);
  let results = (outs Loom_NumericTensor:$result);
  let assemblyFormat = [{
    $input `axis` $axis (`exclusive` $exclusive^)? (`reverse` $reverse^)?
    attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Top-k
//===----------------------------------------------------------------------===//

def Loom_TopKOp : Loom_Op<"topk", [Loom_InferTensorTypes]> {
  let summary = "the k largest or smallest elements along an axis";
  let description = [{
    ONNX `TopK`: the `k` largest elements of `input` along `axis` (in
    `[0, rank)`), or the `k` smallest with `largest = false`, and their
    positions along the axis (from 0, as i64). Both results have the input's
    shape with dimension `axis` replaced by `k`; `values` keeps the input's
    element type. `k` lies in `[0, size]` for the axis' size: a static size
    is checked by the verifier, a dynamic one by the evaluator (and by the
    verifier once `loom-refine-shapes` makes it static). `k = 0` gives empty
    results.

    The elements come in order, largest first (smallest first with
    `largest = false`), and equal elements keep their order along the axis,
    so that the lower index comes first (as ONNX specifies): the result is
    the first `k` of a stable sort. `-0.0` and `+0.0` are equal. A NaN ranks
    above every number, as in NumPy's sort and PyTorch's `topk`: NaNs come
    first with `largest` and last otherwise, among themselves by index.

    `sorted = false` says that the consumer does not rely on the order (ONNX
    leaves it unspecified then), so a backend may return the `k` elements in
    any order. The evaluator sorts all the same, which is one of the allowed
    orders.

    Example:
    ```mlir
    %values, %indices = loom.topk %x axis 1 k 2 : (tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
    %low:2 = loom.topk %x axis 0 k 1 largest = false sorted = false : (tensor<3x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xi64>)
    ```
  }];
  let arguments = (ins Loom_NumericTensor:$input, I64Attr:$axis, I64Attr:$k,
                       DefaultValuedAttr<BoolAttr, "true">:$largest,
                       DefaultValuedAttr<BoolAttr, "true">:$sorted);
  let results = (outs Loom_NumericTensor:$values,
                      RankedTensorOf<[I64]>:$indices);
  let assemblyFormat = [{
    $input `axis` $axis `k` $k (`largest` `=` $largest^)?
    (`sorted` `=` $sorted^)? attr-dict `:` functional-type(operands, results)
  }];
}

#endif // LOOM_REDUCTION_OPS_TD
