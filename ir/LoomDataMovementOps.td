//===- LoomDataMovementOps.td - Data-movement loom ops ----------------*- tablegen -*-===//
//
// Part of the Loom project.
//
// Constants and the ops that move, select or generate elements without
// arithmetic: reshape, transpose, broadcasts, concat, slice, pad, gathers
// and scatters, iota, triangular masks and resize.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_DATA_MOVEMENT_OPS_TD
#define LOOM_DATA_MOVEMENT_OPS_TD

include "ir/LoomBase.td"
include "ir/LoomEnums.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

def Loom_ConstantOp : Loom_Op<"constant", [ConstantLike,
                                           AllTypesMatch<["value", "result"]>]> {
  let summary = "a constant tensor";
  let description = [{
    A tensor whose elements are known at compile time: weights, shapes and
    scalars. The value is any elements attribute (dense literals, splats, or
    `dense_resource` blobs for large weights) with a static shape.

    Example:
    ```mlir
    %c = loom.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let builders = [OpBuilder<(ins "::mlir::ElementsAttr":$value), [{
    build($_builder, $_state, value.getType(), value);
  }]>];
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Loom_ReshapeOp : Loom_Op<"reshape"> {
  let summary = "the same elements in another shape";
  let description = [{
    Reinterprets `input` in row-major order with the result's shape; both
    have the same number of elements. The result type carries the new shape.

    Example:
    ```mlir
    %r = loom.reshape %x : tensor<2x3x4xf32> to tensor<6x4xf32>
    ```
  }];
  let arguments = (ins Loom_Tensor:$input);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Loom_TransposeOp : Loom_Op<"transpose", [Loom_InferTensorTypes]> {
  let summary = "permutes dimensions";
  let description = [{
    Result dimension `i` is input dimension `permutation[i]`.

    Example:
    ```mlir
    %t = loom.transpose %x permutation [0, 2, 1] : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
    ```
  }];
  let arguments = (ins Loom_Tensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = [{
    $input `permutation` $permutation attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Broadcasts
//===----------------------------------------------------------------------===//

def Loom_BroadcastToOp : Loom_Op<"broadcast_to"> {
  let summary = "NumPy broadcast to the result's shape";
  let description = [{
    Repeats `input` to the result type's shape as NumPy broadcasting does
    (`numpy.broadcast_to`, ONNX `Expand` with a known shape): shapes are
    aligned at their trailing dimension, missing leading input dimensions
    count as 1, and each input dimension must be 1 (repeated) or equal to the
    result's. The element type does not change. Broadcasting to a size 0
    gives an empty tensor; an input dimension of size 0 can only match 0.

    A dynamic size is compatible with any size while verifying; the target
    shape comes only from the result type, so the evaluator and code
    generation need it static.

    Example:
    ```mlir
    %b = loom.broadcast_to %x : tensor<3xf32> to tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Loom_Tensor:$input);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Loom_ExpandOp : Loom_Op<"expand"> {
  let summary = "broadcast with an explicit dimension map";
  let description = [{
    Broadcasts `input` to the result type's shape with input dimension `i`
    placed at result dimension `dims[i]` (StableHLO `broadcast_in_dim`);
    result dimensions not named in `dims` are new and repeat the input.
    `dims` has one entry per input dimension, strictly increasing, each in
    `[0, result rank)`, and input dimension `i` must be 1 (repeated) or equal
    to result dimension `dims[i]`. The element type does not change.

    Example:
    ```mlir
    %e = loom.expand %x dims [1] : tensor<3xf32> to tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins Loom_Tensor:$input, DenseI64ArrayAttr:$dims);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = [{
    $input `dims` $dims attr-dict `:` type($input) `to` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Concatenation, slicing and padding
//===----------------------------------------------------------------------===//

def Loom_ConcatOp : Loom_Op<"concat", [SameOperandsElementType,
                                       Loom_InferTensorTypes]> {
  let summary = "joins tensors along an axis";
  let description = [{
    Joins one or more `inputs` along `axis` (in `[0, rank)`; negative axes
    are not accepted) in operand order (ONNX `Concat`, `numpy.concatenate`).
    All inputs have the same element type and rank and equal sizes in every
    other dimension. The result's size along `axis` is the sum of the
    inputs' (dynamic when any of them is); inputs of size 0 along `axis`
    contribute nothing.

    Example:
    ```mlir
    %c = loom.concat %a, %b axis 0 : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<3x3xf32>
    ```
  }];
  let arguments = (ins Variadic<Loom_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = [{
    $inputs `axis` $axis attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Loom_SliceOp : Loom_Op<"slice"> {
  let summary = "strided window of a tensor";
  let description = [{
    Takes a strided window of `input` whose shape is the result type's:
    along each dimension `d`, result position `i` reads input position
    `offsets[d] + i * steps[d]`, so
    `result[i0, i1, ...] = input[offsets[0] + i0 * steps[0], offsets[1] + i1 * steps[1], ...]`.
    A negative step walks backwards from the offset. `offsets` and `steps`
    have one entry per dimension, offsets are absolute (not counted from the
    end) and steps are non-zero. Every position read must lie inside the
    input: where the sizes are static and the result size `n` is positive,
    `offsets[d]` and `offsets[d] + (n - 1) * steps[d]` are in `[0, size)`.
    A result size of 0 reads nothing and accepts any offset. The element
    type does not change.

    Example:
    ```mlir
    // Rows 0..1 of a 4x5 tensor, columns 4, 3, 2 (reversed).
    %s = loom.slice %x offsets [0, 4] steps [1, -1] : tensor<4x5xf32> to tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Loom_Tensor:$input, DenseI64ArrayAttr:$offsets,
                       DenseI64ArrayAttr:$steps);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = [{
    $input `offsets` $offsets `steps` $steps attr-dict `:` type($input) `to` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Loom_PadOp : Loom_Op<"pad", [Loom_InferTensorTypes]> {
  let summary = "pads or crops each dimension at both ends";
  let description = [{
    Adds `low[d]` elements before and `high[d]` elements after dimension `d`
    of `input` (ONNX `Pad`, `numpy.pad`); a negative amount removes that
    many elements from that end instead. `low` and `high` have one entry per
    dimension and each result size `size + low[d] + high[d]` must be
    non-negative. Result position `j` along `d` comes from input position
    `p = j - low[d]`; when `p` is outside `[0, size)` the `mode` decides:

    - `constant`: the element is `value` (default 0.0, then not printed)
      converted to the element type. For integer tensors `value` must be an
      integer that the element type can hold (0 or 1 for i1).
    - `reflect`: the input is mirrored about its edge element without
      repeating it (`p = -p` before, `p = 2 * (size - 1) - p` after), as
      `numpy.pad(mode="reflect")`; each positive pad must be smaller than
      the dimension.
    - `edge`: the nearest edge element is repeated; a dimension padded with
      `edge` must not be empty.

    Reflect and edge take no `value`. A dynamic input size gives a dynamic
    result size and is not checked.

    Example:
    ```mlir
    %p = loom.pad %x low [1, 0] high [2, -1] mode constant value 0.0 : (tensor<2x3xf32>) -> tensor<5x2xf32>
    ```
  }];
  let arguments = (ins Loom_Tensor:$input, DenseI64ArrayAttr:$low,
                       DenseI64ArrayAttr:$high,
                       Loom_PadMode:$mode,
                       DefaultValuedAttr<F64Attr, "0.0">:$value);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = [{
    $input `low` $low `high` $high `mode` $mode (`value` $value^)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Generated tensors and masks
//===----------------------------------------------------------------------===//

def Loom_IotaOp : Loom_Op<"iota"> {
  let summary = "each element's index along a dimension";
  let description = [{
    A tensor of the result type whose every element is its own index along
    dimension `dim` (in `[0, rank)`), converted to the element type
    (StableHLO `iota`): `result[i0, ..., ik, ...] = ik` for `k = dim`.
    Integers wrap when the index does not fit (in i8, index 128 becomes
    -128); floats round to nearest even (in f16, index 2049 becomes 2048).
    Only numeric element types are accepted. The result shape must be
    static; the op takes no operands, so `loom-fold-constants` turns it into
    a constant.

    Example:
    ```mlir
    %i = loom.iota dim 1 : tensor<2x3xi64>
    ```
  }];
  let arguments = (ins I64Attr:$dim);
  let results = (outs Loom_NumericTensor:$result);
  let assemblyFormat = "`dim` $dim attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Loom_TriluOp : Loom_Op<"trilu", [SameOperandsAndResultType,
                                     InferTypeOpInterface]> {
  let summary = "keeps the upper or lower triangle of matrices";
  let description = [{
    Treats the last two dimensions of `input` (rank >= 2; leading dimensions
    are a batch) as matrices and keeps element `(i, j)` when
    `j - i >= diagonal` with `upper`, or `j - i <= diagonal` without it
    (ONNX `Trilu`); every other element becomes zero (false for i1, +0.0
    for floats). `diagonal` defaults to 0, the main diagonal; positive
    values move it up and right, and a diagonal beyond the matrix keeps all
    or nothing. Matrices need not be square and may be empty.

    Example:
    ```mlir
    %u = loom.trilu %x upper diagonal 1 : tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Loom_Tensor:$input, UnitAttr:$upper,
                       DefaultValuedAttr<I64Attr, "0">:$diagonal);
  let results = (outs Loom_Tensor:$result);
  let assemblyFormat = [{
    $input (`upper` $upper^)? (`diagonal` $diagonal^)? attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

#endif // LOOM_DATA_MOVEMENT_OPS_TD
