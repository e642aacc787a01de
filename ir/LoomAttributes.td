//===- LoomAttributes.td - Attributes of the loom dialect ---------*- tablegen -*-===//
//
// Part of the Loom project.
//
// Typed attributes that passes attach to IR (kernel metadata), declared here
// so that their names and values are checked by the dialect rather than
// spelled as string literals in each pass.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_ATTRIBUTES_TD
#define LOOM_ATTRIBUTES_TD

include "ir/LoomBase.td"
include "ir/LoomEnums.td"

class Loom_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Loom_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def Loom_KernelAttr : Loom_Attr<"Kernel", "kernel"> {
  let summary = "marks a function as a kernel formed by fusion";
  let description = [{
    `loom-form-dispatches` outlines every group of fused ops into a private
    function and marks it `loom.kernel = #loom.kernel<KIND>`; the caller
    (`@main`) then holds only kernel calls, constants and reshapes. The kind
    tells later stages what they may assume about the kernel's body:

    - `generic`: any fused group (a contraction or reduction with its
      epilogue, a data-movement op, ...).
    - `elementwise`: only elementwise ops whose operands all have the
      result's shape, so a result may be written over an operand that dies
      at the call (the memory planner's in-place reuse relies on this).

    Example:

    ```mlir
    func.func private @main_kernel_0(%a: tensor<4x8xf32>) -> tensor<4x8xf32>
        attributes {loom.kernel = #loom.kernel<elementwise>} {
      %0 = loom.relu %a : tensor<4x8xf32> -> tensor<4x8xf32>
      return %0 : tensor<4x8xf32>
    }
    ```
  }];
  let parameters = (ins EnumParameter<Loom_KernelKind>:$kind);
  let assemblyFormat = "`<` $kind `>`";
  let extraClassDeclaration = [{
    bool isElementwise() const { return getKind() == KernelKind::elementwise; }
  }];
}

#endif // LOOM_ATTRIBUTES_TD
