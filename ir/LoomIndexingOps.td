//===- LoomIndexingOps.td - Indexing loom ops ---------------------------*- tablegen -*-===//
//
// Part of the Loom project.
//
// Ops that read or write elements at positions computed at run time or from
// coordinates: gathers, scatters and resize.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_INDEXING_OPS_TD
#define LOOM_INDEXING_OPS_TD

include "ir/LoomBase.td"
include "ir/LoomEnums.td"

//===----------------------------------------------------------------------===//
// Gathers
//===----------------------------------------------------------------------===//

def Loom_GatherOp : Loom_Op<"gather", [Loom_InferTensorTypes]> {
  let summary = "takes slices of a tensor along an axis by index";
  let description = [{
    Selects slices of `data` along `axis` (in `[0, rank)`) at the positions
    in `indices` (ONNX `Gather`, `numpy.take`). The result shape is
    `data.shape[:axis] + indices.shape + data.shape[axis+1:]`. A negative
    index counts from the end; an index outside `[-size, size)` is an error: the evaluator refuses it and compiled code stops the run
    (unless the CPU target's `runtime-checks` option is off).

    Example:
    ```mlir
    %rows = loom.gather %table, %ids axis 0 : (tensor<100x16xf32>, tensor<4x2xi64>) -> tensor<4x2x16xf32>
    ```
  }];
  let arguments = (ins Loom_Tensor:$data, Loom_IndexTensor:$indices,
                       I64Attr:$axis);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = [{
    $data `,` $indices `axis` $axis attr-dict `:` functional-type(operands, results)
  }];
}

def Loom_GatherElementsOp : Loom_Op<"gather_elements", [Loom_InferTensorTypes]> {
  let summary = "picks one element along an axis for every index";
  let description = [{
    ONNX `GatherElements` (`numpy.take_along_axis`): `indices` has the rank of
    `data`, the result has the shape of `indices` and the element type of
    `data`, and for every position `i` of the result

        result[i] = data[i with coordinate `axis` replaced by indices[i]]

    `axis` lies in `[0, rank)`. Along every other dimension `d` the indices
    tensor may be smaller than `data` but not larger
    (`indices.shape[d] <= data.shape[d]`, checked where both are static).
    A negative index counts from the end; an index outside `[-size, size)`
    of `data.shape[axis]` is an error: the evaluator refuses it and compiled code stops the run
    (unless the CPU target's `runtime-checks` option is off). Empty indices give an
    empty result without reading `data`.

    Example:
    ```mlir
    %picked = loom.gather_elements %scores, %ids axis 1 : (tensor<4x10xf32>, tensor<4x3xi64>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Loom_Tensor:$data, Loom_IndexTensor:$indices,
                       I64Attr:$axis);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = [{
    $data `,` $indices `axis` $axis attr-dict `:` functional-type(operands, results)
  }];
}

def Loom_GatherNdOp : Loom_Op<"gather_nd", [Loom_InferTensorTypes]> {
  let summary = "takes slices of a tensor at index tuples";
  let description = [{
    ONNX `GatherND`. The last dimension of `indices`, `k`, must be static and
    lie in `[1, rank(data) - batch_dims]`; every other position of `indices`
    holds a tuple of `k` coordinates into the dimensions
    `[batch_dims, batch_dims + k)` of `data`, and selects the slice of the
    remaining trailing dimensions. The first `batch_dims` dimensions (default
    0, below the rank of both operands) are batch dimensions: they must be
    equal in `data` and `indices`, and tuple `b` only indexes batch `b`.

    The result shape is `indices.shape[:-1] + data.shape[batch_dims + k:]`:

        result[b..., i..., t...] = data[b..., indices[b..., i..., :], t...]

    A negative coordinate counts from the end of its dimension; a coordinate
    outside `[-size, size)` is an error: the evaluator refuses it and compiled code stops the run
    (unless the CPU target's `runtime-checks` option is off).

    Example:
    ```mlir
    %rows = loom.gather_nd %data, %ids : (tensor<5x4x3xf32>, tensor<7x2xi64>) -> tensor<7x3xf32>
    %per_batch = loom.gather_nd %data, %ids batch_dims 1 : (tensor<5x4x3xf32>, tensor<5x1xi64>) -> tensor<5x3xf32>
    ```
  }];
  let arguments = (ins Loom_Tensor:$data, Loom_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$batch_dims);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = [{
    $data `,` $indices (`batch_dims` $batch_dims^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Scatters
//===----------------------------------------------------------------------===//

def Loom_ScatterOp : Loom_Op<"scatter", [Loom_InferTensorTypes,
    AllElementTypesMatch<["data", "updates"]>]> {
  let summary = "writes elements into a copy of a tensor along an axis";
  let description = [{
    ONNX `ScatterElements`, the inverse of `loom.gather_elements`. `indices`
    and `updates` have the same shape and the rank of `data`; along every
    dimension other than `axis` (in `[0, rank)`) they may be smaller than
    `data` but not larger. The result has the type of `data` and starts as a
    copy of it; then, for every position `i` of `updates` in row-major order,

        result[i with coordinate `axis` replaced by indices[i]] =
            combine(that element, updates[i])

    where `combine` is given by `reduction`: `none` (the default) replaces the
    element, `add` and `mul` add or multiply (integers wrap), `max` and `min`
    keep the larger or smaller (a NaN on either side gives NaN, as
    `loom.max`). A reduction other than `none` needs numbers, not i1.

    When several updates land on one element with `reduction = none`, ONNX
    leaves the result undefined; the evaluator's choice is that the last
    update in row-major order wins. With a reduction the updates are combined
    in row-major order, which fixes the float rounding. f16 and bf16 results
    are rounded once, after all updates. A negative index counts from the
    end; an index outside `[-size, size)` is an error: the evaluator refuses it and compiled code stops the run
    (unless the CPU target's `runtime-checks` option is off).

    Example:
    ```mlir
    %hist = loom.scatter %zeros, %bins, %ones axis 0 reduction add : (tensor<16xi32>, tensor<100xi64>, tensor<100xi32>) -> tensor<16xi32>
    ```
  }];
  let arguments = (ins Loom_Tensor:$data, Loom_IndexTensor:$indices,
                       Loom_Tensor:$updates, I64Attr:$axis,
                       DefaultValuedAttr<Loom_ScatterReduction,
                                         "::loom::ScatterReduction::none">:$reduction);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = [{
    $data `,` $indices `,` $updates `axis` $axis (`reduction` $reduction^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Loom_ScatterNdOp : Loom_Op<"scatter_nd", [Loom_InferTensorTypes,
    AllElementTypesMatch<["data", "updates"]>]> {
  let summary = "writes slices into a copy of a tensor at index tuples";
  let description = [{
    ONNX `ScatterND`, the inverse of `loom.gather_nd` without batch
    dimensions. The last dimension of `indices`, `k`, must be static and lie
    in `[1, rank(data)]`; `updates` must have the shape
    `indices.shape[:-1] + data.shape[k:]`. The result has the type of `data`
    and starts as a copy of it; then, for every index tuple `i` in row-major
    order, the slice `updates[i...]` is combined into
    `result[indices[i..., :]]` element by element, in row-major order:

        result[indices[i..., :], t...] = combine(that element, updates[i..., t...])

    `reduction` works as for `loom.scatter`: `none` (the default) replaces,
    `add`/`mul` combine with integer wrap-around, `max`/`min` propagate NaN;
    i1 allows only `none`. Duplicate tuples with `reduction = none` are
    undefined in ONNX; in the evaluator the last one in row-major order
    wins. A negative coordinate counts from the end; one outside
    `[-size, size)` is an error: the evaluator refuses it and compiled code stops the run
    (unless the CPU target's `runtime-checks` option is off).

    Example:
    ```mlir
    %r = loom.scatter_nd %data, %ids, %rows reduction add : (tensor<8x4xf32>, tensor<3x1xi64>, tensor<3x4xf32>) -> tensor<8x4xf32>
    ```
  }];
  let arguments = (ins Loom_Tensor:$data, Loom_IndexTensor:$indices,
                       Loom_Tensor:$updates,
                       DefaultValuedAttr<Loom_ScatterReduction,
                                         "::loom::ScatterReduction::none">:$reduction);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = [{
    $data `,` $indices `,` $updates (`reduction` $reduction^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Resize
//===----------------------------------------------------------------------===//

def Loom_ResizeOp : Loom_Op<"resize"> {
  let summary = "resamples a tensor by nearest-neighbour or linear interpolation";
  let description = [{
    ONNX `Resize` (opset 13 and later) without `roi`, cubic mode or
    antialiasing. The result type gives the output sizes; `scales` holds one
    positive factor per dimension, and each static result size must lie
    within 1 of `input size * scale` (ONNX computes `floor(size * scale)`,
    or rounds when the scales were derived from target sizes). The result
    has the input's rank and float element type.

    For every dimension, an output coordinate `x` maps to an input
    coordinate computed in f64 from the scale `s`, the output length
    `out` and the input length `in`:

    - `half_pixel`: `(x + 0.5) / s - 0.5`
    - `pytorch_half_pixel`: `out > 1 ? (x + 0.5) / s - 0.5 : 0`
    - `align_corners`: `out == 1 ? 0 : x * (in - 1) / (out - 1)`
    - `asymmetric`: `x / s`
    - `tf_half_pixel_for_nn`: `(x + 0.5) / s`

    `mode = nearest` rounds each coordinate with `nearest_rounding`
    (`round_prefer_floor`, the default: halves go down; `round_prefer_ceil`:
    halves go up; `floor`; `ceil`), clamps it to `[0, in - 1]` and copies
    that element. `nearest_rounding` is optional and printed only when it is
    not the default; `mode = linear` ignores it.

    `mode = linear` interpolates over all dimensions at once: each coordinate
    is clamped to `[0, in - 1]`, and with `i = floor(c)` and `w = c - i` the
    dimension contributes `i` with weight `1 - w` and `i + 1` with weight
    `w`. The weight of each of the `2^rank` corners is the product of its
    dimensions' weights (in f64); the result is the sum of weight times
    element in the compute type, over the corners in row-major order with
    the lower neighbour first. Corners of weight zero are not read, so a
    coordinate that hits a sample exactly returns it unchanged, even when a
    neighbour is infinite or NaN.

    An input dimension of size 0 can only be resized to size 0.

    Example:
    ```mlir
    %up = loom.resize %x mode linear coordinate_transform half_pixel scales [1.0, 1.0, 2.0, 2.0] : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
    %nn = loom.resize %x mode nearest coordinate_transform asymmetric nearest_rounding floor scales [1.0, 3.0] : tensor<2x2xf16> to tensor<2x6xf16>
    ```
  }];
  let arguments = (ins Loom_FloatTensor:$input, Loom_ResizeMode:$mode,
                       Loom_CoordinateTransform:$coordinate_transform,
                       DefaultValuedAttr<Loom_NearestRounding,
                           "::loom::NearestRounding::round_prefer_floor">:$nearest_rounding,
                       DenseF64ArrayAttr:$scales);
  let results = (outs Loom_FloatTensor:$result);
  let assemblyFormat = [{
    $input `mode` $mode `coordinate_transform` $coordinate_transform
    (`nearest_rounding` $nearest_rounding^)? `scales` $scales
    attr-dict `:` type($input) `to` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

#endif // LOOM_INDEXING_OPS_TD
