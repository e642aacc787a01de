//===- LoomDataShapedGeneratorOps.td - Generators of a run-time size -*- tablegen -*-===//
//
// Part of the Loom project.
//
// Ops that make a tensor whose size is a value given at run time (ONNX
// ConstantOfShape, Range, HannWindow, HammingWindow and BlackmanWindow with
// an input that is no constant, Expand to a run-time shape, Tile by
// run-time repeats, OneHot of a run-time depth and Resize by run-time
// scales or sizes). Nothing in their types bounds that size,
// so each carries `bound`, the largest size of a result dimension (loomc
// --max-dim), and returns its result flat at the bound with the actual
// shape in `dims` like every data-shaped op (docs/dynamic-shapes.md). A
// size above the bound is an error of the run: the dims then hold -6; an
// invalid size (a negative one, a Range's delta of 0) holds -7, invalid
// resize scales or sizes -10.
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

def Loom_RuntimeOneHotOp : Loom_DataShapedOp<"runtime_one_hot"> {
  let summary = "one-hot rows of a depth given at run time";
  let description = [{
    ONNX `OneHot` whose `depth` (one i64 element) is only known when the
    model runs: the result has the indices' shape with a dimension of size
    `depth` inserted at `axis` (0 to the indices' rank), and element
    `[..., k, ...]` is `off_on[1]` where the index at `[..., ...]` equals
    `k`, else `off_on[0]`. Indices are compared as they are (the importer
    wraps ONNX's negative indices); one outside `[0, depth)` gives a row of
    `off_on[0]`.

    The depth dimension's bound is `bound` (loomc `--max-dim`); the others
    are the indices'. `values` holds the indices' element count times
    `bound` elements, the result densely first, zeros after it; `dims` is
    the result's shape. A negative depth is an error of the run (dims -7),
    a depth above `bound` too (dims -6).

    Example:
    ```mlir
    %values, %dims = loom.runtime_one_hot %indices, %depth, %off_on {axis = 1 : i64, bound = 8 : i64} : (tensor<3xi64>, tensor<1xi64>, tensor<2xf32>) -> (tensor<24xf32>, tensor<2xi64>)
    ```
  }];
  let arguments = (ins RankedTensorOf<[I64]>:$indices,
                       RankedTensorOf<[I64]>:$depth, Loom_Tensor:$off_on,
                       I64Attr:$axis, I64Attr:$bound);
  let results = (outs Loom_Tensor:$values, RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = [{
    $indices `,` $depth `,` $off_on attr-dict `:`
    functional-type(operands, results)
  }];
}

def Loom_RuntimeResizeOp : Loom_DataShapedOp<"runtime_resize"> {
  let summary = "resamples a tensor to scales or sizes given at run time";
  let description = [{
    ONNX `Resize` (opset 11 on) whose `scales` or `sizes` are only known
    when the model runs. `target` holds one entry per input dimension:
    scales (f64) or sizes (i64). With scales, dimension `d` of size `in`
    becomes `floor(in * scale)` long; with sizes it becomes `size` long
    and its scale is `size / in`. ONNX's real-valued output length is
    `in * scale` either way.

    An output coordinate `x` maps to an input coordinate `c` in f64 by
    `coordinate_transform`, as ONNX's reference does (`length` is the
    real-valued output length):

    - `half_pixel`: `(x + 0.5) / scale - 0.5`
    - `pytorch_half_pixel`: `length == 1 ? -0.5 : (x + 0.5) / scale - 0.5`
    - `align_corners`: `length == 1 ? 0 : x * (in - 1) / (length - 1)`
    - `asymmetric`: `x / scale`
    - `tf_half_pixel_for_nn`: `(x + 0.5) / scale`
    - `tf_crop_and_resize`: `start * (in - 1) + x * (end - start) * (in -
      1) / (length - 1)` (`(end - start) * (in - 1) / 2` plus the first
      term when `length == 1`), with `start = roi[d]` and `end = roi[rank
      + d]`; an output position whose `c` lies outside `[0, in - 1]` in
      any dimension is `extrapolation_value`. `roi` (f64, `2 * rank`
      entries) is given exactly for this transform.

    Each dimension reads taps around `c`, clamped to the input (ONNX's
    edge padding): `nearest` the position `c` rounds to by
    `nearest_rounding` (`floor_growing_ceil_shrinking`, Resize-10's and
    Upsample's rule, rounds down where the scale is at least 1 and up
    where it is below); `linear` `floor(c)` and `floor(c) + 1` with weights
    `1 - r` and `r`, `r = c - floor(c)`; `cubic` the four positions from
    `ceil(c) - 2` with Keys' weights for `cubic_coeff_a` at the fraction
    `r = c - (ceil(c) - 1)`, and with `exclude_outside` the taps outside
    the input get weight 0 and the others are scaled to sum to 1. An
    output element is the sum over every combination of its dimensions'
    taps of the product of their weights (in f64) times the input element.

    Each result dimension's bound is `bound` (loomc `--max-dim`) or the
    input's size, whichever is larger: `values` holds the product of the
    bounds elements, the result densely first, zeros after it; `dims` is
    the result's shape. A size above its bound is an error of the run
    (dims -6); so is a scale that is not positive and finite, a negative
    size, an empty dimension resized to a size above 0, or with
    `enlarge_only` (Upsample) a scale below 1 (dims -10).

    Example:
    ```mlir
    %values, %dims = loom.runtime_resize %x, %scales mode cubic coordinate_transform half_pixel {bound = 8 : i64} : (tensor<1x1x4x4xf32>, tensor<4xf64>) -> (tensor<4096xf32>, tensor<4xi64>)
    ```
  }];
  let arguments = (ins Loom_FloatTensor:$input,
                       AnyTypeOf<[RankedTensorOf<[F64]>,
                                  RankedTensorOf<[I64]>]>:$target,
                       Optional<RankedTensorOf<[F64]>>:$roi,
                       Loom_ResizeMode:$mode,
                       Loom_CoordinateTransform:$coordinate_transform,
                       DefaultValuedAttr<Loom_NearestRounding,
                           "::loom::NearestRounding::round_prefer_floor">:$nearest_rounding,
                       DefaultValuedAttr<F64Attr, "-0.75">:$cubic_coeff_a,
                       DefaultValuedAttr<BoolAttr, "false">:$exclude_outside,
                       DefaultValuedAttr<F64Attr, "0.0">:$extrapolation_value,
                       DefaultValuedAttr<BoolAttr, "false">:$enlarge_only,
                       I64Attr:$bound);
  let results = (outs Loom_FloatTensor:$values, RankedTensorOf<[I64]>:$dims);
  let assemblyFormat = [{
    $input `,` $target (`,` $roi^)? `mode` $mode `coordinate_transform`
    $coordinate_transform (`nearest_rounding` $nearest_rounding^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// Whether `target` holds sizes (else scales).
    bool bySizes() {
      return ::llvm::cast<::mlir::RankedTensorType>(getTarget().getType())
          .getElementType().isInteger(64);
    }
    /// The bound of each result dimension of resizing `input`.
    static ::llvm::SmallVector<int64_t>
    dimBounds(::mlir::RankedTensorType input, int64_t bound);
  }];
}

#endif // LOOM_DATA_SHAPED_GENERATOR_OPS_TD
