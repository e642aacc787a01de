//===- LoomDataShapedGeneratorOps.td - Generators of a run-time size -*- tablegen -*-===//
//
// Part of the Loom project.
//
// Ops that make a tensor whose size is a value given at run time (ONNX
// ConstantOfShape, Range, HannWindow, HammingWindow and BlackmanWindow with
// an input that is no constant, Expand to a run-time shape and Tile by
// run-time repeats). Nothing in their types bounds that size,
// so each carries `bound`, the largest size of a result dimension (loomc
// --max-dim), and returns its result flat at the bound with the actual
// shape in `dims` like every data-shaped op (docs/dynamic-shapes.md). A
// size above the bound is an error of the run: the dims then hold -6; an
// invalid size (a negative one, a Range's delta of 0) holds -7.
//
// Included by LoomDataShapedOps.td, so that these ops are data-shaped ops
// to every pass that asks (loom::isDataShaped).
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_DATA_SHAPED_GENERATOR_OPS_TD
#define LOOM_DATA_SHAPED_GENERATOR_OPS_TD

include "ir/LoomEnums.td"

def Loom_ConstantOfShapeOp : Loom_DataShapedOp<"constant_of_shape"> {
  let summary = "a tensor of one value, of a shape given at run time";
  let description = [{
    ONNX `ConstantOfShape` whose `shape` (rank 1, i64, of static length
    `r` >= 1) is only known when the model runs: a tensor of that shape
    whose every element is `value` (a one-element tensor attribute; its
    element type is the result's).

    Each dimension is at most `bound` (loomc `--max-dim`): `values` holds
    `bound^r` elements, the result densely first, zeros after it; `dims`
    is the shape. A negative size is an error of the run (dims -7), a size
    above `bound` too (dims -6).

    Example:
    ```mlir
    %values, %dims = loom.constant_of_shape %shape {bound = 32 : i64, value = dense<1.0> : tensor<f32>} : (tensor<2xi64>) -> (tensor<1024xf32>, tensor<2xi64>)
    ```
  }];
  let arguments = (ins RankedTensorOf<[I64]>:$shape, ElementsAttr:$value,
                       I64Attr:$bound);
  let results = (outs Loom_Tensor:$values, RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = "$shape attr-dict `:` functional-type(operands, results)";
}

def Loom_RangeOp : Loom_DataShapedOp<"range"> {
  let summary = "start, start + delta, ... below limit, a run-time count";
  let description = [{
    ONNX `Range` whose `start`, `limit` or `delta` (rank-0 tensors of one
    type) is only known when the model runs: `start + i * delta` for `i`
    below `max(ceil((limit - start) / delta), 0)`, computed in the element
    type.

    The count is at most `bound` (loomc `--max-dim`): `values` holds
    `bound` elements, the result first, zeros after it; `dims` is
    `[count]`. A delta of 0 (or a count that is not finite) is an error of
    the run (dims -7), a count above `bound` too (dims -6).

    Example:
    ```mlir
    %values, %dims = loom.range %start, %limit, %delta {bound = 32 : i64} : (tensor<f32>, tensor<f32>, tensor<f32>) -> (tensor<32xf32>, tensor<1xi64>)
    ```
  }];
  let arguments = (ins Loom_NumericTensor:$start, Loom_NumericTensor:$limit,
                       Loom_NumericTensor:$delta, I64Attr:$bound);
  let results = (outs Loom_NumericTensor:$values, RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = [{
    $start `,` $limit `,` $delta attr-dict `:` functional-type(operands, results)
  }];
}

def Loom_WindowOp : Loom_DataShapedOp<"window"> {
  let summary = "a Hann, Hamming or Blackman window of a run-time length";
  let description = [{
    ONNX `HannWindow`, `HammingWindow` and `BlackmanWindow` whose `size` (a
    rank-0 integer tensor) is only known when the model runs: element `i`
    of `size` is, with `x = 2 pi i / N`,

    - hann: `0.5 - 0.5 cos(x)`,
    - hamming: `25/46 - 21/46 cos(x)`,
    - blackman: `0.42 - 0.5 cos(x) + 0.08 cos(2x)`,

    computed in double precision and converted to `element_type` (ONNX's
    `output_datatype`). `N` is `size` when `periodic`, `size - 1`
    otherwise (symmetric).

    The length is at most `bound` (loomc `--max-dim`): `values` holds
    `bound` elements, the window first, zeros after it; `dims` is
    `[size]`. A negative size is an error of the run (dims -7), a size
    above `bound` too (dims -6).

    Example:
    ```mlir
    %values, %dims = loom.window %size hann {bound = 32 : i64, element_type = f32, periodic = true} : (tensor<i64>) -> (tensor<32xf32>, tensor<1xi64>)
    ```
  }];
  let arguments = (ins RankedTensorOf<[I32, I64]>:$size, Loom_WindowKind:$kind,
                       BoolAttr:$periodic, TypeAttr:$element_type,
                       I64Attr:$bound);
  let results = (outs Loom_NumericTensor:$values, RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = [{
    $size $kind attr-dict `:` functional-type(operands, results)
  }];
}

def Loom_ExpandToShapeOp : Loom_DataShapedOp<"expand_to_shape"> {
  let summary = "the input broadcast to a shape given at run time";
  let description = [{
    ONNX `Expand` whose `shape` (rank 1, i64, of static length `r` >= 1)
    is only known when the model runs: the input broadcast with `shape`
    (aligned at the trailing dimension, the shorter padded with 1s in
    front; a 1 on either side takes the other's size), of rank
    `max(rank, r)`.

    Result dimension `i`'s bound is the input's (aligned) size when that is
    not 1, else `bound` (loomc `--max-dim`): `values` holds the product of
    the bounds (at least 1) elements, the result densely first, zeros
    after it; `dims` is the result's shape. A negative entry or sizes that
    do not broadcast are errors of the run (dims -7), a size above its
    bound too (dims -6).

    Example:
    ```mlir
    %values, %dims = loom.expand_to_shape %x, %shape {bound = 8 : i64} : (tensor<3x1xf32>, tensor<2xi64>) -> (tensor<24xf32>, tensor<2xi64>)
    ```
  }];
  let arguments = (ins Loom_Tensor:$input, RankedTensorOf<[I64]>:$shape,
                       I64Attr:$bound);
  let results = (outs Loom_Tensor:$values, RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = [{
    $input `,` $shape attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The bound of each result dimension of broadcasting `input` with a
    /// shape of `length` entries, `bound` where the input's size is 1.
    static ::llvm::SmallVector<int64_t>
    dimBounds(::mlir::RankedTensorType input, int64_t length, int64_t bound);
    /// Whether some result dimension's bound is `bound` (the input has a
    /// size 1 there, or no dimension).
    static bool needsBound(::mlir::RankedTensorType input, int64_t length);
  }];
}

def Loom_TileToRepeatsOp : Loom_DataShapedOp<"tile_to_repeats"> {
  let summary = "the input tiled by repeats given at run time";
  let description = [{
    ONNX `Tile` whose `repeats` (rank 1, i64, one entry per input
    dimension) is only known when the model runs: the input repeated
    `repeats[i]` times along dimension `i`, of shape `input[i] *
    repeats[i]`.

    Result dimension `i`'s bound is `bound` (loomc `--max-dim`), or the
    input's size when that is larger: `values` holds the product of the
    bounds elements, the result densely first, zeros after it; `dims` is
    the result's shape. A negative repeat is an error of the run (dims
    -7), a size above its bound too (dims -6).

    Example:
    ```mlir
    %values, %dims = loom.tile_to_repeats %x, %repeats {bound = 8 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> (tensor<64xf32>, tensor<2xi64>)
    ```
  }];
  let arguments = (ins Loom_Tensor:$input, RankedTensorOf<[I64]>:$repeats,
                       I64Attr:$bound);
  let results = (outs Loom_Tensor:$values, RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = [{
    $input `,` $repeats attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The bound of each result dimension of tiling `input`.
    static ::llvm::SmallVector<int64_t>
    dimBounds(::mlir::RankedTensorType input, int64_t bound);
  }];
}

#endif // LOOM_DATA_SHAPED_GENERATOR_OPS_TD
