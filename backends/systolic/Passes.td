//===- Passes.td - The systolic backend's passes -----------*- tablegen -*-===//
//
// Part of the Loom project.
//
// The passes the systolic target runs on the fused module before memory
// planning and code generation (Pipelines.cpp chains them), sorted by name,
// each in a file named after it, each with a lit test in
// test/systolic-codegen/.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_SYSTOLIC_PASSES_TD
#define LOOM_BACKENDS_SYSTOLIC_PASSES_TD

include "mlir/Pass/PassBase.td"

def LoomSystolicBf16MatmulWeights
    : Pass<"loom-systolic-bf16-matmul-weights", "mlir::ModuleOp"> {
  let summary = "Stores constant matmul weights as bf16 for the MXUs";
  let description = [{
    The systolic matmul kernels (backends/systolic/codegen/Matmul.cpp) load
    a matmul's weights (its right operand B) into the MXUs as bf16. For a
    kernel with one f32 `loom.matmul` whose B is an argument of the kernel
    that nothing else reads, where every call of the kernel passes the same
    f32 `loom.constant`, this pass replaces that constant by its bf16
    rounding (round to nearest even; a new constant, the old one goes once
    unused) and gives the kernel that argument type, with a `loom.cast` to
    f32 at the kernel's entry for the matmul. The cast is exact and the
    evaluator's Bf16Matmul mode rounds its result to the same bf16 values,
    so the module computes bit for bit what it did; the code generator
    recognises the cast of an argument and loads the bf16 argument directly,
    and the artifact holds half the bytes. Weights whose bf16 rows (of N
    columns, and of the MXU column tiles cut from them) would break the
    chip's DMA alignment are left alone; the target passes its chip's
    `dma-alignment` and `mxu-cols` (the default chip's otherwise).
  }];
  let options = [
    Option<"dmaAlignment", "dma-alignment", "int64_t", /*default=*/"4",
           "The chip's DMA alignment in bytes (hbm.dma_alignment)">,
    Option<"mxuCols", "mxu-cols", "int64_t", /*default=*/"128",
           "The chip's MXU columns (mxu.cols), the width of a weight tile">,
  ];
}

def LoomSystolicBf16ConvWeights
    : Pass<"loom-systolic-bf16-conv-weights", "mlir::ModuleOp"> {
  let summary = "Stores constant convolution filters as bf16 for the MXUs";
  let description = [{
    The systolic conv kernels (backends/systolic/codegen/Conv.cpp) stream
    the filter rows through the MXUs, which round them to bf16. For a
    kernel with one f32 1-D or 2-D `loom.conv` (not depthwise, whose filter
    the vector unit reads) and one call site, whose filter is an argument
    that nothing else reads, either 1x1 (1-D: of width 1) or behind the
    `loom.transpose` of loom-systolic-pack-conv-weights (run it first),
    where the call passes a
    `loom.constant`, this pass replaces that constant by its bf16 rounding
    (round to nearest even) and gives the kernel that argument type, with a
    `loom.cast` to f32 at the kernel's entry. The cast is exact and the
    evaluator's Bf16Matmul mode rounds the filter to the same bf16 values,
    so the module computes bit for bit what it did; the code generator
    recognises the cast of an argument, loads the filter as bf16 (half the
    DMA bytes before the first tile) and streams it without rounding.
    Filters whose bf16 rows of C/groups channels would break the chip's
    DMA alignment (e.g. the 3 channels of an RGB stem) stay f32; the target
    passes its chip's `dma-alignment`.
  }];
  let options = [
    Option<"dmaAlignment", "dma-alignment", "int64_t", /*default=*/"4",
           "The chip's DMA alignment in bytes (hbm.dma_alignment)">,
  ];
}

def LoomSystolicGatherConvWindows
    : Pass<"loom-systolic-gather-conv-windows", "mlir::ModuleOp"> {
  let summary = "Runs 3-D convolutions and transposed ones as 1x1 convolutions "
                "over gathered windows";
  let description = [{
    The systolic conv kernels (backends/systolic/codegen/Conv.cpp) take 1-D
    and 2-D convolutions. For a kernel with one call site whose only
    contraction is an f32 `loom.conv` of three or more spatial dimensions
    or an f32 `loom.conv_transpose`, whose input and filter are arguments
    of the kernel (a conv_transpose's filter a `loom.constant` at the call
    whose elements are finite: the gathered zeros multiply it where the
    evaluator multiplies nothing, and 0 * inf is NaN), this pass gathers the windows as channels (an im2col): the input, flattened
    to `[N, C, S]`, gets one zero appended (`loom.pad`), a `loom.gather` of
    constant indices `[T, P]` (T window elements, P output positions; a
    position in the padding, or that no input reaches, reads the zero)
    makes `[N, C, T, P]`, and a 1x1 1-D `loom.conv` with the repacked
    filter (a constant, or a conv's run-time filter through a
    `loom.transpose`) computes `[N, O, P]`, reshaped to the result. The
    columns are ordered so that the conv kernel's fold order is the
    evaluator's Bf16Matmul order of the original op: (group, window
    element, channel) for a conv (a `loom.transpose` moves the channels
    innermost), (channel, window element from the last) for a
    conv_transpose, whose evaluator sums each result's contributions by
    input channel, then input position. A product with an appended zero
    leaves the f32 sum unchanged, so the module keeps its meaning bit for
    bit. The pad, gather, transposes and conv are kernels of their own,
    called before the original kernel, which keeps what follows the
    contraction (an epilogue) with its result as an argument, or goes if
    nothing follows. A conv_transpose this pass leaves (a filter given at
    run time, or one with an infinity or NaN) runs on the vector unit as
    the evaluator's scatter (backends/systolic/codegen/ConvTranspose.cpp).
  }];
}

def LoomSystolicOutlineCollectives
    : Pass<"loom-systolic-outline-collectives", "mlir::ModuleOp"> {
  let summary = "Moves each collective of a partitioned program into a kernel";
  let description = [{
    On the simulated torus the chips run a collective themselves: every
    chip launches the same kernel at the same time (s0 = its chip id) and
    the kernel moves the data over the links with `send`/`recv`
    (backends/systolic/codegen/Collective.cpp). This pass gives each
    `shard` collective (`all_reduce`, `all_gather`, `reduce_scatter`,
    `all_to_all`) of a function that is not a kernel a `loom.kernel`
    function of its own, `@<caller>_<mnemonic>_<n>`, holding only that op
    and placed after the kernel called before it, and calls it in the op's
    place; the artifact then launches it like any other kernel and has no
    Collective command. The module keeps its meaning. `shard.all_slice` of a
    constant moves nothing and stays.
  }];
}

def LoomSystolicPackConvWeights : Pass<"loom-systolic-pack-conv-weights",
                                       "mlir::ModuleOp"> {
  let summary = "Stores constant convolution filters tap-major for the MXUs";
  let description = [{
    The systolic conv kernels (backends/systolic/codegen/Conv.cpp) stream,
    for each filter tap `(kh, kw)`, the rows `W[o][0..C/groups)` of the
    filter through the MXUs: one row per output channel, its input channels
    contiguous. For a 1-D or 2-D `loom.conv` (any `groups` but depthwise,
    whose `[C, 1, KH, KW]` filter the vector unit reads per channel) whose
    filter is an argument of its kernel that nothing else reads, where the
    kernel has one call site and that call passes a `loom.constant`, this
    pass replaces the constant by its `[KH, KW, O, C/groups]` permutation
    (1-D: `[KW, O, C/groups]`; a new constant, the old one goes once
    unused) and gives the kernel that argument type, with a
    `loom.transpose ... permutation [2, 3, 0, 1]` (1-D: `[1, 2, 0]`) at the
    kernel's entry that restores `[O, C/groups, KH, KW]` for the conv.
    The module keeps its meaning (the evaluator runs it unchanged); the code
    generator recognises the transpose of an argument and reads the packed
    argument directly. Filters already `1x1` (1-D: of width 1) are left
    alone, since their two layouts are the same bytes.
  }];
}

#endif // LOOM_BACKENDS_SYSTOLIC_PASSES_TD
