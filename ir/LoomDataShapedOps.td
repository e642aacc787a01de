//===- LoomDataShapedOps.td - Ops whose result size depends on data -*- tablegen -*-===//
//
// Part of the Loom project.
//
// Ops whose result shape depends on the values of their operands (ONNX
// NonZero, Compress, Unique, NonMaxSuppression; Reshape to a run-time
// shape). Every value of the dialect keeps a static type: such
// an op returns its result flat and padded at a bound, plus a `dims` result
// that holds the actual shape (docs/dynamic-shapes.md, phase 3).
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_DATA_SHAPED_OPS_TD
#define LOOM_DATA_SHAPED_OPS_TD

include "ir/LoomBase.td"

// The contract every op of this group keeps: `values` is rank 1, holds the
// actual result densely in row-major order of the shape that `dims` gives,
// and zeros after it; `dims` is a tensor<rank x i64>.
class Loom_DataShapedOp<string mnemonic, list<Trait> traits = []>
    : Loom_Op<mnemonic, !listconcat([Loom_InferTensorTypes], traits)>;

def Loom_NonZeroOp : Loom_DataShapedOp<"nonzero"> {
  let summary = "the indices of the nonzero elements";
  let description = [{
    ONNX `NonZero`: the indices of the elements of `input` that are not
    zero, as a `[rank, n]` tensor of i64 (row `d` holds dimension `d` of
    each index), in row-major order of the elements. A float is zero when
    it equals 0 (`-0.0` included; NaN is not zero); `true` is nonzero.

    `values` is the flat result at its bound, `rank * numel` elements: the
    first `rank * n` hold the `[rank, n]` tensor, the rest are 0. `dims` is
    `[rank, n]`. The input has rank 1 at least.

    Example:
    ```mlir
    %values, %dims = loom.nonzero %x : (tensor<2x3xf32>) -> (tensor<12xi64>, tensor<2xi64>)
    ```
  }];
  let arguments = (ins Loom_Tensor:$input);
  let results = (outs RankedTensorOf<[I64]>:$values,
                      RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Loom_CompressOp : Loom_DataShapedOp<"compress"> {
  let summary = "the slices along an axis whose condition is true";
  let description = [{
    ONNX `Compress`: the slices of `input` along `axis` whose entry of
    `condition` (rank 1, i1) is true, in order. Without `axis`, `input` is
    read flattened and the result has rank 1. `condition` may be shorter
    than the axis (the slices past its end are dropped), never longer.

    `values` is the flat result at its bound (the input's elements, with the
    axis' size replaced by the condition's length when that is shorter);
    `dims` is the result's shape: the input's with the axis' size replaced
    by the number of true entries (`[n]` without `axis`).

    Example:
    ```mlir
    %values, %dims = loom.compress %x, %c {axis = 0 : i64} : (tensor<3x2xf32>, tensor<3xi1>) -> (tensor<6xf32>, tensor<2xi64>)
    ```
  }];
  let arguments = (ins Loom_Tensor:$input, Loom_BoolTensor:$condition,
                       OptionalAttr<I64Attr>:$axis);
  let results = (outs Loom_Tensor:$values, RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = [{
    $input `,` $condition attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The largest number of slices the result can hold: the axis' size
    /// (the element count without an axis), or the condition's length when
    /// that is smaller; dynamic when either is.
    static int64_t sliceBound(::mlir::RankedTensorType input,
                              ::mlir::RankedTensorType condition,
                              std::optional<int64_t> axis);
  }];
}

def Loom_UniqueOp : Loom_DataShapedOp<"unique"> {
  let summary = "the distinct elements or slices, their first positions, "
                "the inverse map and the counts";
  let description = [{
    ONNX `Unique`: the distinct slices of `input` along `axis` (the distinct
    elements of the flattened input without `axis`), sorted ascending
    (lexicographically for slices) with `sorted`, else in order of first
    occurrence. Floats compare by value (`-0.0` equals `0.0`; NaNs compare
    equal to each other and sort last).

    Results: `values`, the unique slices flat at their bound (the input's
    size), with `dims` their shape (the input's with the axis' size
    replaced by the count `n`; `[n]` without an axis); `indices`, the first
    position of each along the axis, and `counts`, how often each occurs,
    both flat at the axis' size, with `count_dims` = `[n]`; `inverse`, for
    every position along the axis, the index of its slice in `values` (a
    static shape: the axis' size).

    Example:
    ```mlir
    %y, %dims, %indices, %inverse, %counts, %n = loom.unique %x {sorted = true} : (tensor<6xf32>) -> (tensor<6xf32>, tensor<1xi64>, tensor<6xi64>, tensor<6xi64>, tensor<6xi64>, tensor<1xi64>)
    ```
  }];
  let arguments = (ins Loom_Tensor:$input, OptionalAttr<I64Attr>:$axis,
                       DefaultValuedAttr<BoolAttr, "true">:$sorted);
  let results = (outs Loom_Tensor:$values, RankedTensorOf<[I64]>:$dims,
                      RankedTensorOf<[I64]>:$indices,
                      RankedTensorOf<[I64]>:$inverse,
                      RankedTensorOf<[I64]>:$counts,
                      RankedTensorOf<[I64]>:$count_dims);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Loom_NonMaxSuppressionOp : Loom_DataShapedOp<"non_max_suppression"> {
  let summary = "boxes selected by greedy non-maximum suppression";
  let description = [{
    ONNX `NonMaxSuppression` on `boxes` `[batches, boxes, 4]` and `scores`
    `[batches, classes, boxes]` (f32): for each batch and class, the boxes
    in order of decreasing score (equal scores by index), skipping a box
    whose score is not above `score_threshold` (when given) or whose
    intersection over union with a box selected before exceeds
    `iou_threshold`, up to `max_output_boxes_per_class` (a one-element i64
    tensor; 0 or less selects nothing). A box is `[y1, x1, y2, x2]` (any
    two opposite corners) with `center_point_box = 0`, `[x_center,
    y_center, width, height]` with 1. The thresholds are one-element f32
    tensors.

    `selected` holds the `[n, 3]` rows `(batch, class, box)`, batch-major
    then class-major, flat at its bound of `batches * classes * boxes`
    rows; `dims` is `[n, 3]`.

    Example:
    ```mlir
    %selected, %dims = loom.non_max_suppression %boxes, %scores, %max, %iou, %score : (tensor<1x6x4xf32>, tensor<1x1x6xf32>, tensor<1xi64>, tensor<1xf32>, tensor<1xf32>) -> (tensor<18xi64>, tensor<2xi64>)
    ```
  }];
  let arguments = (ins Loom_FloatTensor:$boxes, Loom_FloatTensor:$scores,
                       RankedTensorOf<[I64]>:$max_output_boxes_per_class,
                       Loom_FloatTensor:$iou_threshold,
                       Optional<Loom_FloatTensor>:$score_threshold,
                       DefaultValuedAttr<I64Attr, "0">:$center_point_box);
  let results = (outs RankedTensorOf<[I64]>:$selected,
                      RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = [{
    $boxes `,` $scores `,` $max_output_boxes_per_class `,` $iou_threshold
    (`,` $score_threshold^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Loom_ReshapeToShapeOp : Loom_DataShapedOp<"reshape_to_shape"> {
  let summary = "the input reshaped to a shape given at run time";
  let description = [{
    ONNX `Reshape` whose `shape` (rank 1, i64, of static length `r` >= 1)
    is only known when the model runs: the input's elements, in row-major
    order, as a tensor of that shape. Entry `d` of `shape` is a size; 0
    copies the input's dimension `d` (an error when `d` is not below the
    input's rank) unless `allowzero`, when it is a size 0; one entry may be
    -1, inferred so that the element count is the input's. Two -1s, a
    negative entry other than -1, 0 and -1 together with `allowzero`, or a
    shape whose element count is not the input's are errors of the run
    (the dims then hold -2).

    `values` holds the input's `numel` elements flat (a reshape moves
    none; one zero element when `numel` is 0); `dims` is the shape. Each
    dimension's bound is `numel` (the entry point's `#loom.data_shape` then
    carries `elements = numel`); for an input of no elements, whose shape
    may have any size beside a 0, it is the input's largest dimension (at
    least 1), and a larger size is an error of the run.

    Example:
    ```mlir
    %values, %dims = loom.reshape_to_shape %x, %shape : (tensor<2x3x4xf32>, tensor<4xi64>) -> (tensor<24xf32>, tensor<4xi64>)
    ```
  }];
  let arguments = (ins Loom_Tensor:$input, RankedTensorOf<[I64]>:$shape,
                       DefaultValuedAttr<BoolAttr, "false">:$allowzero);
  let results = (outs Loom_Tensor:$values, RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = [{
    $input `,` $shape attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// Each result dimension's bound for `input` (static): its element
    /// count, or its largest dimension (at least 1) when it has none.
    static int64_t dimBound(::mlir::RankedTensorType input);
  }];
}

include "ir/LoomDataShapedGeneratorOps.td"

#endif // LOOM_DATA_SHAPED_OPS_TD
