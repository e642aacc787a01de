//===- LoomReductionOps.td - Reduction loom ops ---------------------*- tablegen -*-===//
//
// Part of the Loom project.
//
// Reductions over axes (sum, mean, max, min, prod), arg reductions and
// cumulative sums.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_REDUCTION_OPS_TD
#define LOOM_REDUCTION_OPS_TD

include "ir/LoomBase.td"

// Reduces `input` over `axes` (distinct, each in [0, rank)); with `keepdims`
// the reduced dimensions stay with size 1, otherwise they are dropped.
class Loom_ReduceOp<string mnemonic, string what, string identity>
    : Loom_Op<mnemonic, [Loom_InferTensorTypes]> {
  let summary = what # " over axes";
  let description = [{
    Reduces `input` to the }] # what # [{ of its elements over `axes` (each in
    `[0, rank)`, no repeats; an empty list reduces nothing). With `keepdims`
    the reduced dimensions stay with size 1. Reducing an empty extent gives
    }] # identity # [{. The evaluator visits elements in row-major order and
    accumulates in f32 for f16/bf16, in the element type otherwise.

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
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
      return ::loom::inferReducedType(location, adaptor.getInput().getType(),
          adaptor.getAxes(), adaptor.getKeepdims(), inferredReturnTypes);
    }
  }];
}

def Loom_ReduceSumOp : Loom_ReduceOp<"reduce_sum", "sum", "0">;

#endif // LOOM_REDUCTION_OPS_TD
