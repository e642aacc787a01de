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
    - `elementwise`: only elementwise ops that all produce the result's
      shape (operands may broadcast), so a result may be written over an
      operand of its shape and element size that dies at the call (the
      memory planner's in-place reuse relies on this; it never writes over
      a broadcast operand).

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

def Loom_ShardingAttr : Loom_Attr<"Sharding", "sharding"> {
  let summary = "how a tensor is laid out over a device grid";
  let description = [{
    The layout `loom-propagate-sharding` computes for every tensor of the
    entry function, against a `shard.grid` (see `docs/sharding.md`),
    written `#loom.sharding<@grid, [[axes of dim 0], [axes of dim 1], ...]>`
    with `, partial = [axes]` appended when the tensor is a pending sum:

    - `grid`: the `shard.grid` symbol;
    - `split_axes`: one list of grid axes per tensor dimension, major axis
      first; dimension `d` split over axes `[a, b]` is cut into
      `size(a) * size(b)` equal blocks, device `(i_a, i_b)` holding block
      `i_a * size(b) + i_b`; an empty list means the dimension is whole on
      every device (upstream `shard.sharding`'s `split_axes`);
    - `partial`: grid axes over which the tensor is a *pending sum*: the
      devices along them hold addends whose sum is the value (the result of
      a matmul whose contracted dimension is split). Upstream 22 dropped
      this from `shard.sharding`; Loom keeps it so that linear work can run
      before one late all-reduce.

    No axis appears twice in one sharding. Where a value lives is stated on
    its producer: the op attribute `loom.sharding` (one result) or
    `loom.result_shardings` (several), the argument and result attribute
    `loom.sharding` on the entry function.

    Example:

    ```mlir
    %y = loom.matmul %h, %w {loom.sharding = #loom.sharding<@mesh, [[], []], partial = [1]>}
        : (tensor<8x64xf32>, tensor<64x32xf32>) -> tensor<8x32xf32>
    ```
  }];
  let parameters = (ins
    AttrParameter<"::mlir::FlatSymbolRefAttr", "the shard.grid">:$grid,
    ArrayRefParameter<"::mlir::DenseI16ArrayAttr",
                      "grid axes per dimension">:$split_axes,
    OptionalArrayRefParameter<"int16_t", "pending-sum grid axes">:$partial_axes
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    unsigned getRank() const { return getSplitAxes().size(); }
    /// True when no dimension is split and nothing is pending.
    bool isReplicated() const;
  }];
}


def Loom_DimSymbolAttr : Loom_Attr<"DimSymbol", "dim_symbol"> {
  let summary = "a symbolic dimension of the entry function and its bound";
  let description = [{
    On the entry function of a model compiled with a symbolic dimension
    (`loomc --input-shape=x:?x3x224x224 --max-dim=16`; see
    `docs/dynamic-shapes.md`): the dimension's name (the first input that
    has it and its axis, `x:0`) and the largest size the artifact runs at.
    `loom-extract-slice-program` sets it once the program has become that of
    one slice (one batch element); the arguments and results that carry the
    dimension then have `loom.sliced_dim`, the dimension it is.

    Example: `#loom.dim_symbol<"x:0", 16>`.
  }];
  let parameters = (ins StringRefParameter<"the symbol's name">:$name,
                        "int64_t":$bound);
  let assemblyFormat = "`<` $name `,` $bound `>`";
}

def Loom_DataShapeAttr : Loom_Attr<"DataShape", "data_shape"> {
  let summary = "an entry result whose shape depends on the data";
  let description = [{
    As a result attribute of the entry function: the result is the flat,
    padded form of a tensor whose size depends on the values computed (the
    result of `loom.nonzero`, `loom.compress`, `loom.unique`,
    `loom.non_max_suppression`; see `docs/dynamic-shapes.md`). The result is
    a rank-1 tensor of `product(bounds)` elements holding the actual tensor
    densely, in row-major order of its actual shape, followed by padding;
    `bounds` are the largest size each dimension can take, and result
    `dims` of the same function (a `tensor<rank x i64>`) holds the actual
    shape. The dims result is not a model output: the artifact reads the
    shape from it and returns the output at that shape. Several data-shaped
    results may share one dims result (Unique's indices and counts).

    `elements`, when present, bounds the element count below the product of
    the bounds (a Reshape to a run-time shape: each dimension up to the
    input's size, their product never above it); the result then has
    `elements` elements, and a run whose dims multiply to more fails. Absent
    (0), it is the product of the bounds.

    Examples: `#loom.data_shape<bounds = [2, 6], dims = 1>`,
    `#loom.data_shape<bounds = [24, 24, 24], elements = 24, dims = 1>`.
  }];
  let parameters = (ins ArrayRefParameter<"int64_t", "per-dimension bounds">:$bounds,
                        "unsigned":$dims,
                        OptionalParameter<"int64_t", "the element bound; 0: the product of the bounds">:$elements);
  let assemblyFormat = [{
    `<` `bounds` `=` `[` $bounds `]` `,` (`elements` `=` $elements^ `,`)? `dims` `=` $dims `>`
  }];
  let builders = [
    AttrBuilder<(ins "::llvm::ArrayRef<int64_t>":$bounds, "unsigned":$dims), [{
      return $_get($_ctxt, bounds, dims, 0);
    }]>
  ];
  let extraClassDeclaration = [{
    /// The most elements the result holds: `elements`, or the product of
    /// the bounds when it is absent.
    int64_t getElementBound() const {
      if (getElements())
        return getElements();
      int64_t product = 1;
      for (int64_t bound : getBounds())
        product *= bound;
      return product;
    }
  }];
}

#endif // LOOM_ATTRIBUTES_TD
