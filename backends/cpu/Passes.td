//===- Passes.td - The CPU backend's passes --------------*- tablegen -*-===//
//
// Part of the Loom project.
//
// The passes of the CPU code generation pipeline (CpuPipelines.cpp builds it),
// sorted by name. They run on the kernel module that compileKernels builds
// from the `loom.kernel` functions, each in a file named after it, each with
// a lit test in test/cpu/.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_CPU_PASSES_TD
#define LOOM_BACKENDS_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def LoomCpuApproximateMath : Pass<"loom-cpu-approximate-math",
                                  "mlir::func::FuncOp"> {
  let summary = "Replaces f32 transcendental math ops by polynomials";
  let description = [{
    Rewrites `math.exp`, `log`, `tanh` and `erf` on f32 (scalars or
    vectors) into the polynomial approximations of upstream MLIR, which are
    plain arithmetic that LLVM vectorizes, instead of calls into libm that
    keep a loop scalar. The CPU codegen tests compare them with the
    reference evaluator (relative error below 1e-5 on their inputs). Other
    element types and other math ops are left for math-to-llvm and
    math-to-libm.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::math::MathDialect",
                           "mlir::vector::VectorDialect"];
}

def LoomCpuCollapseContiguousLoops
    : Pass<"loom-cpu-collapse-contiguous-loops", "mlir::func::FuncOp"> {
  let summary = "Makes consecutive loops over contiguous memory one loop";
  let description = [{
    Runs on bufferized linalg before `convert-linalg-to-loops`. In a
    `linalg.generic` whose indexing maps are projected permutations, on
    memrefs and without `linalg.index`, consecutive loops
    of one iterator type become one loop (`collapseOpIterationDims`, the
    operands behind `memref.collapse_shape`) when every operand indexes
    them as consecutive dimensions, in order, that its memref lays out
    contiguously with static strides and static sizes but for the
    outermost (a ragged last tile of channels), or indexes none of them
    (a per-channel bias). A tile of
    a 14x14 or 7x7 layer is then one loop of `C * 196` or `C * 49`
    elements instead of rows of 14 or 7, which LLVM vectorized 4 or 8 wide
    with a scalar remainder. The body, the operands and the order in which
    each reduction visits its elements stay the same.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def LoomCpuContractionsToMatmul : Pass<"loom-cpu-contractions-to-matmul",
                                       "mlir::func::FuncOp"> {
  let summary = "Collapses f32 and 8-bit integer contractions with grouped "
                "dimensions into matmuls";
  let description = [{
    Runs on linalg on tensors after `loom-cpu-distribute-workgroups`. A
    multiply-accumulate `linalg.generic` contraction on f32 whose operands
    are indexed `[m.., k..]`, `[k.., n..]` and `[m.., n..]` (each group in
    the same order everywhere, no batch loops), as a convolution is
    (`[F, C, K..]` times the patches `[C, K.., out..]`), becomes
    `tensor.collapse_shape`s of its operands to `[M, K]`, `[K, N]` and
    `[M, N]`, one `linalg.matmul` and a `tensor.expand_shape` of its
    result, so that `loom-cpu-matmul-to-ukernel` calls the micro-kernel
    for it. An 8-bit integer contraction (i8 operands each extended to the
    i32 accumulator in the body, as `loom.conv_integer` lowers) collapses
    the same way into a `linalg.generic` [M, K] x [K, N] with its own body,
    since the named matmul has one cast for both operands. A zero `linalg.fill` accumulator is filled again in its
    collapsed form, so that the micro-kernel overwrites instead of
    accumulating.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def LoomCpuConvToUkernel : Pass<"loom-cpu-conv-to-ukernel",
                                 "mlir::ModuleOp"> {
  let summary = "Calls the direct convolution micro-kernel for the tiles "
                "of convolutions with pre-packed filters";
  let description = [{
    Runs after bufferization, before `loom-cpu-matmul-to-ukernel`. The tile
    of an undilated f32 2-D convolution is, after
    `loom-cpu-contractions-to-matmul`, a `linalg.matmul` of the filter
    `[F, C, KH, KW]` collapsed to `[F, C*KH*KW]` by the patches `[C, KH,
    KW, OH, OW]` (a temporary that an im2col `linalg.generic` fills from
    the padded input) collapsed to `[C*KH*KW, OH*OW]`. When the filter is a
    temporary that only the generic restoring pre-packed panels writes
    (`loom-cpu-pack-conv-filters`, `loom-cpu-fold-weight-panels`), the
    matmul becomes one call of `loom_ukernel_conv2d_f32`
    (backends/cpu/ukernels/loom_ukernels.h) on the padded input and the
    panels: the im2col, the patches, the restoring generic and the
    restored filter go. The elementwise generic after the matmul joins the
    call when it is an epilogue the call computes (a bias per filter, a
    residual, SiLU, a clamp: `followingEpilogue`), as in
    `loom-cpu-matmul-to-ukernel`. A zero `linalg.fill` of the output right
    before the matmul is dropped and the call overwrites the output;
    otherwise it accumulates.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect",
                           "mlir::LLVM::LLVMDialect",
                           "mlir::memref::MemRefDialect"];
}

def LoomCpuDataShapedToUkernel : Pass<"loom-cpu-data-shaped-to-ukernel",
                                      "mlir::ModuleOp"> {
  let summary = "Writes the kernels of ops whose result size depends on "
                "data as calls of their micro-kernels";
  let description = [{
    Runs first, on kernels still made of `loom` ops. A kernel holding
    `loom.nonzero`, `loom.compress`, `loom.unique`,
    `loom.non_max_suppression`, `loom.reshape_to_shape`,
    `loom.runtime_slice`, `loom.runtime_topk` or `loom.runtime_split`
    (alone: fusion never groups them) becomes a
    function on buffers, its arguments then its results as memrefs and no
    results, that calls the op's micro-kernel (`loom_ukernel_nonzero` ...,
    backends/cpu/ukernels/loom_ukernels.h) with the buffers' addresses, the
    shapes (stack arrays of i64) and the bound of the flat result. A result
    the kernel does not return gets a temporary. NonMaxSuppression needs
    f32 boxes, scores and thresholds.
    The later passes find nothing to lower, tile or bufferize in it, and it
    runs as one workgroup. Another op beside a data-shaped one is an error
    at that op.

    The generators sized at run time (`loom.constant_of_shape`,
    `loom.range`, `loom.window`, `loom.expand_to_shape`,
    `loom.tile_to_repeats`, `loom.runtime_one_hot`, `loom.runtime_resize`)
    call theirs the same way (`loom_ukernel_constant_of_shape` ...); Range
    and the windows write f32, f64 and integers, and refuse f16 and bf16
    with an error at the op; Resize takes f32 and f64, with its tap tables
    in heap scratch.
    So do the ops on axes or pads given at run time
    (`loom.runtime_unsqueeze`, `loom.runtime_squeeze`,
    `loom.runtime_reduce_sum`, `loom.runtime_pad`:
    `loom_ukernel_runtime_reshape_axes`, `loom_ukernel_runtime_reduce_sum`,
    `loom_ukernel_runtime_pad`, with stack scratch for their flags and
    positions).
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect",
                           "mlir::LLVM::LLVMDialect",
                           "mlir::memref::MemRefDialect"];
}

def LoomCpuDepthwiseConvToUkernel
    : Pass<"loom-cpu-depthwise-conv-to-ukernel", "mlir::ModuleOp"> {
  let summary = "Calls the depthwise convolution micro-kernel for 2-D "
                "depthwise convolutions on memrefs";
  let description = [{
    Runs after bufferization, beside `loom-cpu-matmul-to-ukernel`. Each f32
    `linalg.generic` that sums `input[batch.., c, oh * sh + kh * dh, ow * sw
    + kw * dw] * filter[c, kh, kw]` into `output[batch.., c, oh, ow]` (a
    depthwise convolution as `loom-lower-to-linalg` makes it, its unit
    dimensions folded; the window in row-major order), every operand with
    contiguous rows, becomes a call of `loom_ukernel_depthwise_conv2d_f32`
    (backends/cpu/ukernels/loom_ukernels.h) per batch position, with the
    operands' addresses, their plane and row strides, the sizes, the window
    and its steps. When the input is a zero-padded copy made for the
    convolution alone (an allocation filled with +0 by a `linalg.map` or
    `linalg.fill`, the unpadded input copied into its interior at static
    offsets: bufferization's `tensor.pad`), the call reads the unpadded
    input with the padding implicit (its plane's size and the rows and
    columns of padding above and left) and the allocation, the fill and
    the copy are erased; any other input is read as it is. A zero
    `linalg.fill` of the output right before it is dropped and the call
    overwrites the output; otherwise it accumulates. When the next op
    (past views and allocations) is an elementwise generic that adds a bias
    to the result (one per channel, or one constant for all) and clamps it
    (`arith.maximumf` then `arith.minimumf` with constants; each part
    optional: bias, ReLU, ReLU6), it becomes the call's epilogue: the call
    writes that generic's output, which the generic must either share with
    the convolution or, when the convolution's output is (a view of) a
    temporary read by nothing else, have the same static shape.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect",
                           "mlir::LLVM::LLVMDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect"];
}

def LoomCpuDistributeWorkgroups : Pass<"loom-cpu-distribute-workgroups",
                                       "mlir::func::FuncOp"> {
  let summary = "Tiles a kernel into workgroups with tile-and-fuse";
  let description = [{
    Runs on `loom.kernel` functions lowered to linalg on tensors. The root
    (the last linalg op) is tiled along its outer parallel dimensions into
    an `scf.forall`, and its producers are fused into the tile, so that every
    iteration of the forall computes one independent tile of the kernel's
    result: a workgroup. The grid size is chosen from the static shapes
    so that each workgroup gets at least `min-work-per-workgroup` scalar
    iterations of work and there are at most `max-workgroups`; a kernel
    with a contraction keeps tiles large enough for the matmul micro-kernel
    (at least 64 rows and 128 columns; a large matmul at least 256 x 256
    while that leaves 16 tiles, since each row tile packs the right-hand
    side again), and tiles only the N dimension when
    the contraction's right-hand side is computed inside the kernel, so
    that the producer is not recomputed per tile. Around a convolution's
    contraction (several column or reduction dimensions) it splits the
    outermost spatial dimension of the output (tiles of at least 128
    positions, each building the im2col of its own columns, the padding
    fused into the tile), then the filters in blocks of at least 128 (256
    when every tile builds the whole image's patches); tile
    sizes there divide the dimensions, so that the tiles have static shapes.

    The grid is recorded on the function as
    `loom.workgroup_count = array<i64: N, 1, 1>`; N is the number of tiles
    (`loom-cpu-workgroup-loops` turns the forall into the loop a workgroup
    runs). A kernel whose work is too small, or that cannot be tiled as a
    whole (a linalg op would stay outside the forall, e.g. a producer that
    is also a result, or an op behind a reshape), is left as it is with
    grid 1; so is a kernel whose forall would leave any op but views and
    constants outside it, or whose forall results reach the return through
    anything but one reshape (`loom-cpu-results-to-out-params` materializes
    a result behind a reshape into the output's reshaped view, so that the
    tiles still write the output in place), and
    an elementwise kernel of more than one linalg op,
    whose outputs are copied from temporaries at the end
    (`loom-cpu-results-to-out-params`). A matmul whose right-hand side is a
    pre-packed weight (`loom-cpu-fold-weight-panels`' generic) may have its
    rows split, and every tile is rounded up to whole panels of 32 columns;
    each tile's generic then reads whole panels from offset 0, and a kernel
    where a tile could start inside a panel is left with grid 1.
  }];
  let options = [
    Option<"minWorkPerWorkgroup", "min-work-per-workgroup", "int64_t",
           /*default=*/"1 << 16",
           "Fewest scalar iterations (summed over the kernel's linalg ops) "
           "a workgroup should get">,
    Option<"maxWorkgroups", "max-workgroups", "int64_t", /*default=*/"256",
           "Most workgroups a kernel is split into">,
    Option<"winograd", "winograd", "bool", /*default=*/"false",
           "Give the tiles of 3x3 stride-1 convolutions with at least "
           "kWinogradMinTiles 2x2 output tiles whole even rows holding that "
           "many, for loom-cpu-winograd-conv-to-ukernel">,
  ];
  let dependentDialects = ["mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::affine::AffineDialect",
                           "mlir::arith::ArithDialect"];
}

def LoomCpuExpandArith : Pass<"loom-cpu-expand-arith", "mlir::ModuleOp"> {
  let summary = "Expands the arith ops that have no LLVM lowering";
  let description = [{
    Rewrites `arith.ceildivsi`, `ceildivui` and `floordivsi` into plain
    integer arithmetic, and `arith.extf`/`truncf` from and to bf16 into
    integer bit manipulation (so no compiler-runtime conversion routine is
    needed at load time); a `truncf` from f64 to bf16 goes through f32
    rounded to odd, which keeps the final rounding to nearest even exact. Unlike upstream `arith-expand`, it keeps
    `arith.maximumf`/`minimumf`: as `llvm.maximum`/`llvm.minimum` they form
    reductions that LLVM's loop vectorizer recognizes, where the expanded
    compare-and-select chains do not.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def LoomCpuFoldWeightPanels : Pass<"loom-cpu-fold-weight-panels",
                                    "mlir::func::FuncOp"> {
  let summary = "Restores a pre-packed matmul weight or convolution filter "
                "with one generic";
  let description = [{
    Runs after `loom-cpu-kernels-to-linalg`. The `linalg.transpose` of
    panels `[P, K, 32]` to `[K, P, 32]`, its `tensor.collapse_shape` to
    `[K, P * 32]` and, where there is one, a `tensor.extract_slice` of the
    first `N` columns (how `loom-cpu-pack-matmul-weights` restores a
    constant weight) become one `linalg.generic` that copies
    `panels[n floordiv 32][k][n mod 32]` into `[K, N]`. Tile-and-fuse can
    slice that generic (a column tile of a multiple of 32 reads whole
    panels), which it cannot do through the reshape, and
    `loom-cpu-matmul-to-ukernel` hands the panels to the micro-kernel in
    its place. Likewise convolution filters stored as panels `[P, C * KH *
    KW, 32]` (`loom-cpu-pack-conv-filters`): their `linalg.transpose` to
    `[P, 32, C * KH * KW]`, `tensor.reshape` to `[P * 32, C, KH, KW]` and
    slice of the first `F` filters become one generic copying
    `panels[f floordiv 32][(c * KH + i) * KW + j][f mod 32]`, which
    `loom-cpu-conv-to-ukernel` replaces by the direct convolution's call.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def LoomCpuFuseElementwise : Pass<"loom-cpu-fuse-elementwise",
                                   "mlir::func::FuncOp"> {
  let summary = "Elementwise fusion that never fuses into a contraction";
  let description = [{
    Upstream's `linalg-fuse-elementwise-ops` (elementwise fusion, reshape
    propagation by expansion, constant folding of linalg ops) with a
    control function that refuses to fuse a producer into a contraction:
    a convolution's im2col fused into its contraction would make it a
    direct convolution that can neither call the matmul micro-kernel nor
    be tiled by columns without recomputing its patches. Producers that
    stay separate are fused into each workgroup's tile instead. Reshape
    propagation does not move a reshape above a `tensor.pad`, which tiling
    could then no longer fuse into its consumer's tiles. Unit dimensions
    are then dropped again, and a last round of elementwise fusion with
    upstream's operand deduplication fuses what they kept apart: a SiLU
    (`x * sigmoid(x)`) reads its biased input through two operands once the
    sigmoid is fused into the product; read once, the bias add fuses too.
  }];
  let dependentDialects = ["mlir::affine::AffineDialect",
                           "mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def LoomCpuKernelAbi : Pass<"loom-cpu-kernel-abi", "mlir::ModuleOp"> {
  let summary = "Wraps each lowered kernel in its kernel ABI entry point";
  let description = [{
    Runs on the LLVM dialect. Every function that carries `loom.kernel` and
    `loom.kernel_buffers` (the memref types of its buffer arguments, from
    `loom-cpu-workgroup-loops`) is renamed `<name>.impl` and made internal,
    and a new exported `llvm.func @<name>(!llvm.ptr) -> i32` implements the
    kernel ABI of runtime/KernelAbi.h: it reads the buffer pointers from the
    `loom_kernel_dispatch_t`, builds a memref descriptor for each (static
    shapes, row-major strides), linearizes the workgroup id and count of the
    3-D grid, calls the implementation and returns its status. Before it
    touches a buffer, the entry checks `buffer_count` and each buffer's
    byte size against the kernel's buffers and returns
    LOOM_KERNEL_STATUS_BUFFER_COUNT or LOOM_KERNEL_STATUS_BUFFER_SIZE - i
    when they do not fit. An implementation with three more arguments than
    its buffers need has the status argument of `loom-cpu-runtime-checks`
    (a `memref<i32>` descriptor): the entry passes it a zeroed slot of its
    own and returns what the implementation left there; otherwise it
    returns 0. The module also gets the constant `loom_kernel_abi_version`.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

def LoomCpuKernelsToLinalg : Pass<"loom-cpu-kernels-to-linalg",
                                "mlir::func::FuncOp"> {
  let summary = "Lowers a kernel's loom ops to linalg, all or nothing";
  let description = [{
    Applies the patterns of `loom-lower-to-linalg` to a `loom.kernel`
    function and fails, naming the op and its location, when any `loom` op
    remains: unlike the graph pass, code generation cannot leave ops for a
    later step. With `runtime-checks` (the default) every index of a gather
    or scatter and every integer divisor gets a `cf.assert` naming the op
    (passes/LowerToLinalg.h), which `loom-cpu-runtime-checks` turns into the
    kernel's status. Once lowered, the kernel's unsigned integer types
    (ui8..ui64, which chose the unsigned arith ops) become signless of the
    same width, signature included: the rest of the pipeline and the kernel
    ABI see the same bytes.
  }];
  let options = [
    Option<"runtimeChecks", "runtime-checks", "bool", /*default=*/"true",
           "Check indices and integer divisors at run time">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::cf::ControlFlowDialect",
                           "mlir::linalg::LinalgDialect",
                           "mlir::math::MathDialect",
                           "mlir::tensor::TensorDialect"];
}

def LoomCpuLowerStridedCopies : Pass<"loom-cpu-lower-strided-copies",
                                     "mlir::func::FuncOp"> {
  let summary = "Turns memref.copy of non-contiguous memrefs into linalg.copy";
  let description = [{
    The LLVM lowering of a `memref.copy` whose operands are not both
    contiguous calls `memrefCopy` from MLIR's C runner utilities, which a
    kernel library cannot link. Such copies (of tiles, from bufferization)
    become `linalg.copy`, i.e. loops; contiguous copies stay `memref.copy`
    and become `llvm.memcpy`.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def LoomCpuMatmulToUkernel : Pass<"loom-cpu-matmul-to-ukernel",
                                  "mlir::ModuleOp"> {
  let summary = "Calls the matmul micro-kernels for matmuls on memrefs";
  let description = [{
    Runs after bufferization. Each f32 matmul on memrefs whose rows have
    unit stride becomes a call of `loom_ukernel_matmul_f32`
    (backends/cpu/ukernels/loom_ukernels.h) with the operands' aligned base
    pointers plus offsets, their row strides and the sizes. An 8-bit
    integer matmul (i8 operands, an i32 output, a body that extends each
    operand with `arith.extsi`, or `arith.extui` for an unsigned one, as
    `loom.matmul_integer` and `loom.conv_integer` lower) calls
    `loom_ukernel_matmul_i8` the same way, with `LOOM_UKERNEL_LHS_UNSIGNED`
    and `LOOM_UKERNEL_RHS_UNSIGNED` in its flags for the zero-extended
    operands. Matmuls are
    `linalg.matmul`, `linalg.batch_matmul` and any multiply-accumulate
    contraction with one reduction loop whose operands are indexed
    `[batch.., m, k]`, `[batch.., k, n]` and `[batch.., m, n]` (what reshape
    propagation makes of a matmul on `[B.., M, K]` operands); batch
    dimensions become an `scf.for` nest around one call per rank-2 slice.
    Transposed operands do not match. When the output was just filled with
    zero (a `linalg.fill` with only side-effect-free ops between), the fill
    is dropped and the calls overwrite the output; otherwise they
    accumulate (`LOOM_UKERNEL_ACCUMULATE`). A single f32 matmul (no batch)
    whose next op (past views and allocations) is an elementwise generic
    that adds a bias per row (one per row, or one constant; or, where the
    generic has only the matmul's rows and columns, one per column, a dense
    layer's: `LOOM_UKERNEL_EPILOGUE_BIAS_PER_COLUMN`), then a
    residual (another buffer of its shape, not a view of the output's or
    the matmul's), then applies SiLU (`x * (1 / (1 + exp(-x)))` as
    `loom.sigmoid` and `loom.mul` lower it; the flag
    `LOOM_UKERNEL_EPILOGUE_SILU`), then clamps (`arith.maximumf` then
    `arith.minimumf` with constants; each part optional), reading the
    matmul's output or its
    `memref.expand_shape` that keeps the rows (a convolution tile's `[F,
    P]` as `[F, OH, OW]`), calls `loom_ukernel_matmul_epilogue_f32`
    instead, which applies them as the tile is stored: the call writes the
    generic's output (collapsed back to rows when they are contiguous, as
    the residual must be; the generic must share the matmul's output or the
    matmul overwrite a temporary read by nothing else), and the generic
    goes. Example: a `linalg.matmul` of
    `memref<64x32xf32>` by `memref<32x16xf32>` after a zero fill becomes
    `call @loom_ukernel_matmul_f32(%a, %a_stride, %b, %b_stride, %c,
    %c_stride, %m, %n, %k, %c0_i32)`.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect",
                           "mlir::LLVM::LLVMDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect"];
}

def LoomCpuMaxPoolToUkernel : Pass<"loom-cpu-max-pool-to-ukernel",
                                    "mlir::ModuleOp"> {
  let summary = "Calls the max pool micro-kernel for 2-D f32 max pools";
  let description = [{
    Runs after bufferization. The `linalg.generic` that
    `loom-lower-to-linalg` makes of a 2-D f32 `loom.max_pool` (once its
    unit dimensions are folded: input `[batch.., C, H, W]` padded with
    -inf, a window-shaped second input `[KH, KW]` that its body does not
    read, `arith.maximumf` of the output and the input into an output
    `[batch.., C, OH, OW]` filled with -inf) becomes one call of
    `loom_ukernel_max_pool2d_f32` (backends/cpu/ukernels/loom_ukernels.h)
    per batch position, on the input and the output, which the call
    updates. The window-shaped temporary goes. When the input is a copy
    padded with -inf made for the pool alone (an allocation filled with -inf,
    the unpadded input copied into its interior at static offsets), the
    call reads the unpadded input, skipping the padding, and the copy goes.
    The results are the generic's: `arith.maximumf` does not depend on the
    order of the window, and nothing loses to -inf.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect",
                           "mlir::LLVM::LLVMDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect"];
}

def LoomCpuMergeElementwise : Pass<"loom-cpu-merge-elementwise",
                                   "mlir::func::FuncOp"> {
  let summary = "Merges the elementwise generics of one iteration space "
                "into one multi-result generic";
  let description = [{
    Two `linalg.generic`s of the same static iteration space, all loops
    parallel and results written in loop order, are merged into one whose
    body computes the first's values and then the second's (reading the
    first's results directly), when the results of both are only returned
    or read, in loop order, by such generics of the same space, and nothing
    between the two reads the first. Repeated, a kernel's activation and
    the values its backward pass keeps (siblings reading one value), or an
    optimizer's moments and its parameter update, become one generic with a
    result each; results that only the merged ops read are dropped.

    Elementwise fusion leaves these apart (it recomputes a producer with
    several readers, and siblings are no producer and consumer), and apart
    they cannot be tiled as one: `loom-cpu-distribute-workgroups` follows
    the producers of the kernel's root, so a sibling would stay outside the
    `scf.forall`; and an elementwise kernel of several linalg ops is
    computed in temporaries (`needsOutputCopies`). One generic reads and
    writes each element in the same iteration: it is computed in place and
    distributed.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def LoomCpuPackConvFilters : Pass<"loom-cpu-pack-conv-filters",
                                   "mlir::ModuleOp"> {
  let summary = "Stores constant convolution filters in the direct "
                "convolution micro-kernel's panels";
  let description = [{
    A target preparation pass of the cpu target where it has AVX-512 (and
    the `winograd` option is off): it runs on the fused module, `main` and
    its kernels. A kernel whose only contraction is an f32, 2-D, ungrouped,
    undilated `loom.conv` whose static filter `[F, C, KH, KW]` (at most 256
    taps) is an argument used by nothing else, and that every call passes a
    dense `loom.constant`, gets that constant stored as `ceil(F / 32)`
    panels `[P, C * KH * KW, 32]`, each the transpose of its 32 filters'
    rows, zeros past filter F: the layout in which `loom_ukernel_conv2d_f32`
    reads a tap of 32 filters with one vector load. The kernel restores the
    filter with `loom.transpose` (permutation [0, 2, 1]), `loom.reshape`
    and, for a ragged last panel, `loom.slice`, which the evaluator runs as
    written and code generation folds away (`loom-cpu-fold-weight-panels`,
    `loom-cpu-conv-to-ukernel`). A constant shared by several calls is
    packed once. A 1x1 convolution is packed only into at most 14 x 14
    outputs: over larger images the matmul of its input is faster.
  }];
}

def LoomCpuPackMatmulWeights : Pass<"loom-cpu-pack-matmul-weights",
                                     "mlir::ModuleOp"> {
  let summary = "Stores constant matmul weights in the micro-kernel's panels";
  let description = [{
    A target preparation pass: it runs on the fused module, `main` and its
    kernels. A kernel whose only contraction is an f32 `loom.matmul` whose
    right-hand side `[K, N]` (static, K >= 16, N >= 64) is an argument used
    by nothing else, and that every call passes a dense `loom.constant`,
    gets that constant stored as `ceil(N / 32)` panels of 32 columns,
    `[P, K, 32]` with zeros past column N: the layout in which
    `loom_ukernel_matmul_f32` streams its right-hand side
    (`LOOM_UKERNEL_RHS_PACKED`), so the weights are no longer packed again on
    every call. The kernel restores the matrix from its new argument with
    `loom.transpose` (permutation [1, 0, 2]), `loom.reshape` and, for a
    ragged last panel, `loom.slice`, which the evaluator runs as written and
    code generation folds away (`loom-cpu-fold-weight-panels`,
    `loom-cpu-matmul-to-ukernel`). A constant shared by several calls is
    packed once; the unpacked one stays where something else still uses it.
  }];
}

def LoomCpuReassociateReductions : Pass<"loom-cpu-reassociate-reductions",
                                        "mlir::func::FuncOp"> {
  let summary = "Lets LLVM reorder float sums and products of reductions";
  let description = [{
    Adds `fastmath<reassoc>` to the float `arith.addf` and `arith.mulf` in
    the bodies of `linalg.reduce` ops and of `linalg.generic` ops with a
    reduction loop, so that LLVM's loop vectorizer may split a sum or
    product into vector lanes. This trades the reference evaluator's strict
    row-major accumulation order for speed: results differ from the
    evaluator's by rounding (relative 1e-6 for the sums in the tests), which
    is within the tolerance backends are held to. Max and min reductions are
    exact in any order and need no flag.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def LoomCpuResultsToOutParams : Pass<"loom-cpu-results-to-out-params",
                                     "mlir::func::FuncOp"> {
  let summary = "Turns a kernel's tensor results into output memref args";
  let description = [{
    The kernel ABI passes every result's buffer in, after the arguments.
    For a `loom.kernel` function this appends one memref argument per
    result, writes each returned tensor into it with
    `bufferization.materialize_in_destination ... in restrict writable`,
    and makes the function return nothing. A result returned through a
    `tensor.expand_shape` or `collapse_shape` (a kernel computed without
    its unit dimensions) is materialized, unreshaped, into the inverse
    reshape of its output memref, made at the function's entry so that
    empty-tensor elimination can replace the result's `tensor.empty` by it.
    An elementwise kernel that is
    more than one linalg op (see `needsOutputCopies`) may have outputs that
    share the buffer of an input; its materializations are not `restrict`,
    so the results are computed in temporaries and copied at the end. Tensor arguments get
    `bufferization.writable = false`: inputs are read-only. Empty-tensor
    elimination then lets the computation write into the output directly.
  }];
  let dependentDialects = ["mlir::bufferization::BufferizationDialect",
                           "mlir::memref::MemRefDialect"];
}

def LoomCpuRuntimeChecks : Pass<"loom-cpu-runtime-checks", "mlir::ModuleOp"> {
  let summary = "Turns a kernel's cf.asserts into its ABI status";
  let description = [{
    Runs on bufferized kernels. Every `cf.assert` of a `loom.kernel`
    function becomes run-time check n (numbered from 1 over the module, in
    order): the kernel gets a trailing `memref<i32>` argument, the status,
    and where the assertion fails while the status is still 0 it is set to
    n; the kernel runs on (the checked code is defined whatever the check
    says) and `loom-cpu-kernel-abi` returns the status. The module gets the
    exported constants `loom_kernel_checks` (the assertions' messages, each
    ended by a NUL, in order) and `loom_kernel_checks_size`
    (runtime/KernelAbi.h), empty when there is no check.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::LLVM::LLVMDialect",
                           "mlir::memref::MemRefDialect"];
}

def LoomCpuVectorizeShortLoops : Pass<"loom-cpu-vectorize-short-loops",
                                      "mlir::func::FuncOp"> {
  let summary = "Asks LLVM to vectorize innermost loops of 4 to 15 trips";
  let description = [{
    LLVM's loop vectorizer leaves a loop with a constant trip count below
    16 scalar unless it is forced, and the rows of the small layers of CNNs
    (14 and 7 wide in depthwise convolutions, pools and im2cols) are that
    short. Every innermost `scf.for` with a constant trip count from 4 to
    15 gets `loop_annotation = #llvm.loop_annotation<vectorize =
    <disable = false>>`, which scf-to-cf carries to the loop's latch branch
    and cf-to-llvm makes `llvm.loop.vectorize.enable` metadata: LLVM then
    vectorizes it with a scalar or narrower remainder.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

def LoomCpuUnrollWindowLoops : Pass<"loom-cpu-unroll-window-loops",
                                     "mlir::func::FuncOp"> {
  let summary = "Moves the output row outside small window loops and "
                "unrolls them";
  let description = [{
    Runs on bufferized linalg before `convert-linalg-to-loops`. A
    `linalg.generic` whose innermost loop is parallel and indexes the
    innermost output dimension, right after reduction loops of at most
    `max-window-size` trips (the window of a depthwise convolution or a
    pool, lowered with the output width innermost so that LLVM vectorizes
    the row), is interchanged to put that loop before the window loops,
    lowered to `scf.for` loops, and its window loops are fully unrolled.
    The row loop is innermost again, with the whole window in its body: the
    output element is loaded and stored once per window instead of once per
    window position. Each output element sees the window positions in the
    same order as before, so the results are the same.
  }];
  let options = [
    Option<"maxWindowSize", "max-window-size", "int64_t", /*default=*/"3",
           "Largest trip count of a window loop that is unrolled">,
  ];
  let dependentDialects = ["mlir::scf::SCFDialect"];
}

def LoomCpuWinogradConvToUkernel
    : Pass<"loom-cpu-winograd-conv-to-ukernel", "mlir::ModuleOp"> {
  let summary = "Calls the Winograd F(2x2, 3x3) micro-kernel for the tiles "
                "of 3x3 stride-1 convolutions";
  let description = [{
    Runs after bufferization, before `loom-cpu-matmul-to-ukernel`. The tile
    of a 3x3, stride-1, undilated f32 convolution is, after
    `loom-cpu-contractions-to-matmul`, a `linalg.matmul` of the filter
    `[F, C, 3, 3]` collapsed to `[F, C*9]` by the patches `[C, 3, 3, OH,
    OW]` (a temporary that an im2col `linalg.generic` fills from the padded
    input, reading `input[c, oh + i, ow + j]`) collapsed to `[C*9, OH*OW]`,
    into the output `[F, OH, OW]` collapsed to `[F, OH*OW]` (unit
    dimensions before these allowed: the tile's image). When the output has
    at least `min-tiles` 2x2 tiles, the matmul becomes a call of
    `loom_ukernel_conv2d_3x3_winograd_f32`
    (backends/cpu/ukernels/loom_ukernels.h) on the padded input, with a
    workspace allocated and freed around it; the im2col and the patches
    go. A zero `linalg.fill` of the output right before the matmul is
    dropped and the call overwrites the output; otherwise it accumulates.
    The result differs from the direct sum's by rounding (the transforms;
    docs/ukernels.md).
  }];
  let options = [
    Option<"minTiles", "min-tiles", "int64_t",
           /*default=*/"::loom::cpu::kWinogradMinTiles",
           "The fewest 2x2 output tiles a convolution tile needs to take "
           "the Winograd call">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::func::FuncDialect",
                           "mlir::LLVM::LLVMDialect",
                           "mlir::memref::MemRefDialect"];
}

def LoomCpuWorkgroupLoops : Pass<"loom-cpu-workgroup-loops",
                                 "mlir::func::FuncOp"> {
  let summary = "Runs a workgroup's share of the bufferized scf.forall";
  let description = [{
    Runs after bufferization on `loom.kernel` functions. Appends two `index`
    arguments, the workgroup id and the workgroup count, and replaces the
    (at most one, result-free) `scf.forall` by an `scf.for` over the
    linearized tile index from the id to the number of tiles, stepping by
    the count: workgroup `id` runs tiles `id, id + count, ...`. The
    function's memref argument types are recorded in `loom.kernel_buffers`
    for `loom-cpu-kernel-abi`. A linalg op or copy left outside the forall
    of a distributed kernel is an error: every workgroup would run it.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::scf::SCFDialect"];
}

#endif // LOOM_BACKENDS_CPU_PASSES_TD
