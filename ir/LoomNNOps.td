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

#endif // LOOM_NN_OPS_TD
