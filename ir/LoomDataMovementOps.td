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

#endif // LOOM_DATA_MOVEMENT_OPS_TD
