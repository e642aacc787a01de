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

def Loom_GatherOp : Loom_Op<"gather", [Loom_InferTensorTypes]> {
  let summary = "takes slices of a tensor along an axis by index";
  let description = [{
    Selects slices of `data` along `axis` (in `[0, rank)`) at the positions
    in `indices` (ONNX `Gather`, `numpy.take`). The result shape is
    `data.shape[:axis] + indices.shape + data.shape[axis+1:]`. A negative
    index counts from the end; an index outside `[-size, size)` is an error
    in the evaluator.

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

#endif // LOOM_INDEXING_OPS_TD
