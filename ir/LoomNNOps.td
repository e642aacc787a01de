//===- LoomNNOps.td - Neural-network loom ops ----------------------*- tablegen -*-===//
//
// Part of the Loom project.
//
// Contractions and the layers built on them: matmul, convolution, pooling,
// softmax and normalization.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_NN_OPS_TD
#define LOOM_NN_OPS_TD

include "ir/LoomBase.td"
include "ir/LoomEnums.td"

def Loom_MatmulOp : Loom_Op<"matmul", [SameOperandsElementType,
                                       Loom_InferTensorTypes]> {
  let summary = "batched matrix multiplication with broadcasting";
  let description = [{
    `lhs` is `[B..., M, K]` and `rhs` is `[B'..., K, N]`; the batch dimensions
    broadcast as in NumPy and the result is `[broadcast(B, B')..., M, N]`.
    Both operands have rank 2 or more (a 1-D ONNX operand is reshaped first).
    The evaluator accumulates over K in increasing order, in f32 for
    f16/bf16 operands and in the element type otherwise (integers wrap).

    Example:
    ```mlir
    %y = loom.matmul %x, %w : (tensor<8x128x64xf32>, tensor<64x32xf32>) -> tensor<8x128x32xf32>
    ```
  }];
  let arguments = (ins Loom_NumericTensor:$lhs, Loom_NumericTensor:$rhs);
  let results = (outs Loom_NumericTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Loom_MatmulIntegerOp : Loom_Op<"matmul_integer", [Loom_InferTensorTypes]> {
  let summary = "matmul of 8-bit integers accumulated in i32";
  let description = [{
    `loom.matmul` on `i8` or `ui8` operands (each its own) with an `i32`
    result: `sum over k of ext(lhs[.., m, k]) * ext(rhs[.., k, n])`, where
    `ext` sign-extends an `i8` and zero-extends a `ui8`, wrapping modulo
    2^32 (so any order of the sums gives the same result). Shapes and batch
    broadcasting are `loom.matmul`'s. Zero points are not part of the op:
    ONNX's MatMulInteger subtracts them with corrections built from row and
    column sums (docs/onnx.md, "Integer products").

    Example:
    ```mlir
    %y = loom.matmul_integer %a, %b : (tensor<4x64xui8>, tensor<64x16xi8>) -> tensor<4x16xi32>
    ```
  }];
  let arguments = (ins Loom_Int8Tensor:$lhs, Loom_Int8Tensor:$rhs);
  let results = (outs Loom_I32Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Sliding windows: convolution and pooling
//===----------------------------------------------------------------------===//

// Conv and the pools share one output-size rule, stated once here and in
// each description: for spatial dimension i with input size D, window size
// K, stride s, dilation d and padding pl/ph,
//   out = floor((D + pl + ph - d * (K - 1) - 1) / s) + 1,
// which must be at least 1. A window never reaches past the padded input.

def Loom_ConvOp : Loom_Op<"conv", [SameOperandsElementType,
                                   Loom_InferTensorTypes]> {
  let summary = "grouped, strided and dilated N-d convolution";
  let description = [{
    Convolves `input` `[N, C, D1..Dk]` (k >= 1, channels first as in ONNX
    `Conv`) with `filter` `[O, C/groups, K1..Kk]`. `strides`, `dilations`,
    `pad_low` and `pad_high` have one entry per spatial dimension (strides
    and dilations at least 1, pads at least 0). The channels split into
    `groups` groups (`C` and `O` divisible by `groups`): output channel `o`
    reads the input channels of group `o / (O / groups)`. The result is
    `[N, O, out1..outk]` with
    `out_i = floor((D_i + pad_low_i + pad_high_i - dilations_i * (K_i - 1) - 1) / strides_i) + 1`,
    which must be at least 1; every filter size `K_i` is at least 1 too.
    There is no bias operand: add one with `loom.add`.

    Padding is with zeros: a padded position contributes `0 * w`, so a
    non-finite weight that meets padding gives NaN, as convolving an
    explicitly zero-padded input does. The evaluator accumulates each output
    element from zero over `(c, k1..kk)` in row-major order, in f32 for
    f16/bf16 operands (one rounding at the end) and in the element type
    otherwise; integers wrap.

    Example:
    ```mlir
    %y = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1
        : (tensor<1x3x224x224xf32>, tensor<64x3x3x3xf32>) -> tensor<1x64x112x112xf32>
    ```
  }];
  let arguments = (ins Loom_NumericTensor:$input, Loom_NumericTensor:$filter,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$pad_low, DenseI64ArrayAttr:$pad_high,
                       I64Attr:$groups);
  let results = (outs Loom_NumericTensor:$result);
  let assemblyFormat = [{
    $input `,` $filter `strides` $strides `dilations` $dilations
    `pad_low` $pad_low `pad_high` $pad_high `groups` $groups attr-dict
    `:` functional-type(operands, results)
  }];
}

def Loom_ConvIntegerOp : Loom_Op<"conv_integer", [Loom_InferTensorTypes]> {
  let summary = "convolution of 8-bit integers accumulated in i32";
  let description = [{
    `loom.conv` on `i8` or `ui8` operands (each its own) with an `i32`
    result: each output element is the sum of `ext(x) * ext(w)` over the
    group's channels and the window, where `ext` sign-extends an `i8` and
    zero-extends a `ui8`, wrapping modulo 2^32. Shapes, attributes and the
    output-size rule are `loom.conv`'s; padding contributes 0. Zero points
    are not part of the op: ONNX's ConvInteger pads its input with the zero
    point explicitly and subtracts the rest with corrections (docs/onnx.md,
    "Integer products").

    Example:
    ```mlir
    %y = loom.conv_integer %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1
        : (tensor<1x8x10x10xui8>, tensor<16x8x3x3xi8>) -> tensor<1x16x8x8xi32>
    ```
  }];
  let arguments = (ins Loom_Int8Tensor:$input, Loom_Int8Tensor:$filter,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$pad_low, DenseI64ArrayAttr:$pad_high,
                       I64Attr:$groups);
  let results = (outs Loom_I32Tensor:$result);
  let assemblyFormat = [{
    $input `,` $filter `strides` $strides `dilations` $dilations
    `pad_low` $pad_low `pad_high` $pad_high `groups` $groups attr-dict
    `:` functional-type(operands, results)
  }];
}

def Loom_ConvTransposeOp : Loom_Op<"conv_transpose", [SameOperandsElementType,
                                                      Loom_InferTensorTypes]> {
  let summary = "grouped, strided and dilated N-d transposed convolution";
  let description = [{
    The transpose (gradient with respect to the input) of `loom.conv`, as
    ONNX `ConvTranspose` defines it: every input element scatters a scaled
    copy of the filter into the result. `input` is `[N, C, D1..Dk]` (k >= 1)
    and `filter` is `[C, O/groups, K1..Kk]`, input channels first; `C` is
    divisible by `groups`, and input channel `c` feeds the output channels
    of its group `g = c / (C / groups)`, `g * O/groups .. (g + 1) * O/groups - 1`.
    `strides` and `dilations` (at least 1), `pad_low`, `pad_high` and
    `output_padding` (at least 0) have one entry per spatial dimension.

    With `p = i * strides + k * dilations - pad_low` per spatial dimension,
    `result[n, g * O/groups + o, p] += input[n, c, i] * filter[c, o, k]` for
    every input position `i` and filter position `k` whose `p` lies in
    `[0, out)`; positions no input reaches are 0. The result is
    `[N, O, out1..outk]` with
    `out_i = (D_i - 1) * strides_i - pad_low_i - pad_high_i + dilations_i * (K_i - 1) + output_padding_i + 1`,
    which must be at least 1: the pads crop the full scatter at either end
    and `output_padding` adds rows of zeros (or of the contributions they
    receive) at the high end. Every filter size `K_i` is at least 1. There
    is no bias operand: add one with `loom.add`.

    The evaluator accumulates each result element from zero in the order
    its contributions arrive, `(c, i1..ik, k1..kk)` in row-major order; in
    f32 for f16/bf16 operands (one rounding at the end) and in the element
    type otherwise; integers wrap.

    Example:
    ```mlir
    %y = loom.conv_transpose %x, %w strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0]
        output_padding [1, 1] groups 1
        : (tensor<1x8x16x16xf32>, tensor<8x4x3x3xf32>) -> tensor<1x4x34x34xf32>
    ```
  }];
  let arguments = (ins Loom_NumericTensor:$input, Loom_NumericTensor:$filter,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$pad_low, DenseI64ArrayAttr:$pad_high,
                       DenseI64ArrayAttr:$output_padding, I64Attr:$groups);
  let results = (outs Loom_NumericTensor:$result);
  let assemblyFormat = [{
    $input `,` $filter `strides` $strides `dilations` $dilations
    `pad_low` $pad_low `pad_high` $pad_high `output_padding` $output_padding
    `groups` $groups attr-dict `:` functional-type(operands, results)
  }];
}

def Loom_MaxPoolOp : Loom_Op<"max_pool", [Loom_InferTensorTypes]> {
  let summary = "N-d max pooling";
  let description = [{
    The maximum of each window of `input` `[N, C, D1..Dk]` (k >= 1), per
    batch and channel. `kernel` (sizes at least 1), `strides`, `dilations`
    (at least 1) and `pad_low`/`pad_high` (at least 0) have one entry per
    spatial dimension. The result is `[N, C, out1..outk]` with
    `out_i = floor((D_i + pad_low_i + pad_high_i - dilations_i * (kernel_i - 1) - 1) / strides_i) + 1`,
    which must be at least 1.

    Padded positions never win: they act as -infinity. A window that holds
    only padding (possible with large pads or dilations) gives -infinity for
    floats and the smallest value of the type for integers. A NaN anywhere
    in a window makes that window's result NaN.

    Example:
    ```mlir
    %y = loom.max_pool %x kernel [3, 3] strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1]
        : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins Loom_NumericTensor:$input, DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$pad_low, DenseI64ArrayAttr:$pad_high);
  let results = (outs Loom_NumericTensor:$result);
  let assemblyFormat = [{
    $input `kernel` $kernel `strides` $strides `dilations` $dilations
    `pad_low` $pad_low `pad_high` $pad_high attr-dict
    `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Loom_AvgPoolOp : Loom_Op<"avg_pool", [Loom_InferTensorTypes]> {
  let summary = "N-d average pooling";
  let description = [{
    The mean of each window of `input` `[N, C, D1..Dk]` (k >= 1, float
    types), per batch and channel. `kernel` (sizes at least 1), `strides`
    (at least 1) and `pad_low`/`pad_high` (at least 0) have one entry per
    spatial dimension. The result is `[N, C, out1..outk]` with
    `out_i = floor((D_i + pad_low_i + pad_high_i - kernel_i) / strides_i) + 1`,
    which must be at least 1.

    The sum covers the non-padded elements of the window. It is divided by
    the full window size (the product of `kernel`) with
    `count_include_pad`, otherwise by the number of non-padded elements; a
    window that holds only padding then gives 0 / 0 = NaN. The evaluator
    sums in row-major window order from zero, in f32 for f16/bf16, and then
    divides once.

    Example:
    ```mlir
    %y = loom.avg_pool %x kernel [2, 2] strides [2, 2] pad_low [0, 0] pad_high [0, 0] count_include_pad
        : (tensor<1x64x56x56xf32>) -> tensor<1x64x28x28xf32>
    ```
  }];
  let arguments = (ins Loom_FloatTensor:$input, DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pad_low,
                       DenseI64ArrayAttr:$pad_high, UnitAttr:$count_include_pad);
  let results = (outs Loom_FloatTensor:$result);
  let assemblyFormat = [{
    $input `kernel` $kernel `strides` $strides `pad_low` $pad_low
    `pad_high` $pad_high (`count_include_pad` $count_include_pad^)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Softmax and normalization
//===----------------------------------------------------------------------===//

class Loom_SoftmaxBaseOp<string mnemonic, string formula>
    : Loom_Op<mnemonic, [SameOperandsAndResultType, InferTypeOpInterface]> {
  let summary = formula # " along an axis";
  let description = [{
    Computes `}] # formula # [{` over the slices of `input` along `axis`
    (in `[0, rank)`); the result has the input's type. It is evaluated in
    the numerically stable form: with `m` the slice's maximum,
    `softmax(x) = exp(x - m) / sum(exp(x - m))` and
    `log_softmax(x) = x - m - log(sum(exp(x - m)))`. The evaluator sums in
    increasing index order from zero, in f32 for f16/bf16.

    Edge cases follow from that form: a slice of only -infinity gives NaN
    (`-inf - -inf`), so does a slice holding +infinity or a NaN. An empty
    slice produces no elements.

    Example:
    ```mlir
    %y = loom.}] # mnemonic # [{ %x axis 1 : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Loom_FloatTensor:$input, I64Attr:$axis);
  let results = (outs Loom_FloatTensor:$result);
  let assemblyFormat = "$input `axis` $axis attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Loom_SoftmaxOp : Loom_SoftmaxBaseOp<"softmax", "softmax">;
def Loom_LogSoftmaxOp : Loom_SoftmaxBaseOp<"log_softmax", "log(softmax)">;

def Loom_LayerNormOp : Loom_Op<"layer_norm", [SameOperandsAndResultElementType,
                                              Loom_InferTensorTypes]> {
  let summary = "layer normalization over the trailing dimensions";
  let description = [{
    Normalizes `input` over its dimensions `[axis, rank)` (ONNX
    `LayerNormalization`): with `mean` and the biased variance `var` (divided
    by the element count) of each normalized slice,
    `y = (x - mean) / sqrt(var + epsilon) * scale + bias`. `axis` is in
    `[0, rank)`, `epsilon` is at least 0 (default 1e-5), and `scale` and
    `bias` broadcast in the NumPy way to `input.shape[axis:]`. All operands
    and the result share a float element type; the result has the input's
    shape.

    The evaluator computes the mean, then the variance from it (two passes,
    each summing in row-major order from zero), in f32 for f16/bf16. A
    slice whose variance and `epsilon` are both 0 (a constant slice with
    `epsilon = 0`) divides 0 by 0 and gives NaN.

    Example:
    ```mlir
    %y = loom.layer_norm %x, %gamma, %beta axis 2 epsilon 1.0e-05
        : (tensor<2x16x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<2x16x768xf32>
    ```
  }];
  let arguments = (ins Loom_FloatTensor:$input, Loom_FloatTensor:$scale,
                       Loom_FloatTensor:$bias, I64Attr:$axis,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let results = (outs Loom_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `axis` $axis (`epsilon` $epsilon^)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // LOOM_NN_OPS_TD
