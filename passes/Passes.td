//===- Passes.td - Loom's graph passes ------------------------------*- tablegen -*-===//
//
// Part of the Loom project.
//
// Every pass Loom defines, sorted by name. Each lives in a file of its own
// named after it and has a lit test in test/passes/ with the flag's name.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_PASSES_TD
#define LOOM_PASSES_TD

include "mlir/Pass/PassBase.td"

def LoomAutodiff : Pass<"loom-autodiff", "mlir::ModuleOp"> {
  let summary = "Builds the vector-Jacobian product of a function "
                "(reverse-mode differentiation)";
  let description = [{
    Adds to the module `@<function>_grad`, the reverse-mode derivative of
    `@<function>` with respect to the arguments listed in `wrt` (by
    position; every floating-point tensor argument when empty):

    ```mlir
    func.func @f_grad(<f's arguments>, <one cotangent per float result>)
        -> (<f's results>, <one gradient per wrt argument>)
    ```

    Each gradient is the sum over results of `cotangent * d result /
    d argument` (a vector-Jacobian product); for a scalar loss with
    cotangent 1 it is the loss's gradient. The function's ops are cloned
    first, then, visiting them in reverse, every op that reads a value
    depending on a `wrt` argument and whose result reaches a result of the
    function contributes the adjoints of its operands through its rule in
    `passes/AutodiffRules.cpp` / `AutodiffRulesNN.cpp`; adjoints of a value
    read several times are summed, and those of broadcast operands are
    summed back to the operand's shape. Integer and boolean values (indices,
    masks, comparisons) carry no gradient; floor, ceil, round and sign pass
    none. A `wrt` argument that no result depends on gets zeros.

    Checkpointing: every forward value is kept for the backward pass (the
    forward ops are the first part of the gradient function, and the rules
    read their results); layer_norm recomputes its mean and inverse
    deviation from its input. Recomputing cheap elementwise ops instead of
    keeping them is not implemented.

    An op that a gradient must pass through and that has no rule is an
    error at that op, `loom-autodiff: no gradient rule for 'loom.resize'`
    (also for an unsupported variant: `loom.scatter` with a `max` reduction),
    and the module is left unchanged. docs/training.md lists the rules.

    Example: for `@f(%x, %w) -> loom.matmul %x, %w` with `wrt=1`, `@f_grad`
    returns `f`'s result and `loom.matmul (loom.transpose %x), %ct`.
  }];
  let options = [
    Option<"functionName", "function", "std::string", /*default=*/"\"main\"",
           "The function to differentiate">,
    ListOption<"wrt", "wrt", "int64_t",
               "Positions of the arguments to differentiate with respect "
               "to (default: every floating-point tensor argument)">,
  ];
}

def LoomFoldConstants : Pass<"loom-fold-constants", "mlir::func::FuncOp"> {
  let summary = "Evaluates ops whose operands are all constants";
  let description = [{
    Replaces every `loom` op whose operands are all `loom.constant` ops (or
    that has none, like `loom.iota`) with a `loom.constant` holding its
    result, computed by the reference evaluator, and erases the constants
    that fed it when nothing else uses them. This is how shape
    computations exported with a model (Shape -> Gather -> Concat ->
    Reshape) and folded weights (BatchNormalization into a convolution)
    become plain constants. Ops whose result would exceed
    `max-result-elements`, or whose evaluation would take more than 16 times
    that many scalar operations (`eval::evaluationCost`), are left alone,
    and so is an op the evaluator
    reports an error for (integer division by zero, say): the error then
    surfaces when the graph runs, not at compile time.

    Example: `loom.add (loom.constant dense<1>, loom.constant dense<2>)`
    becomes `loom.constant dense<3>`.
  }];
  let options = [
    Option<"maxResultElements", "max-result-elements", "int64_t",
           /*default=*/"1 << 22",
           "Largest result (in elements) worth folding into a constant">,
    Option<"precision", "precision", "std::string", /*default=*/"\"native\"",
           "The evaluator mode folds compute in: native, or bf16-matmul for "
           "a target whose contractions round their operands to bf16 (the "
           "systolic chip), so that a folded constant is what the target "
           "would have computed">,
  ];
  let dependentDialects = ["loom::LoomDialect"];
}

def LoomUnrollScans : Pass<"loom-unroll-scans", "mlir::func::FuncOp"> {
  let summary = "Replaces short loom.scan loops by copies of their body";
  let description = [{
    For a target whose code generators take straight-line kernels (the
    systolic chip's), each `loom.scan` of 1 to `max-length` iterations
    becomes one copy of its body per iteration, before fusion, so that the
    copies fuse into kernels like any other ops. Iteration `s`, at position
    `t` (`length - 1 - s` with `reverse`), maps the body's arguments to a
    constant `t`, the carried values of the iteration before, entry `t` of
    each scanned operand (a `loom.slice` and a `loom.reshape`) and the
    invariants; each per-step value is reshaped to a leading unit dimension
    and the entries are concatenated in position order. Inner loops are
    unrolled before the loops around them. A longer loop, or one of no
    iteration, is left alone (the target places it on its host).

    Example: a 2-step running sum becomes `loom.add`s of the init and
    slices of the scanned operand, their results concatenated.
  }];
  let options = [
    Option<"maxLength", "max-length", "int64_t", /*default=*/"64",
           "The longest loop unrolled">,
  ];
  let dependentDialects = ["loom::LoomDialect"];
}

def LoomSelectIfs : Pass<"loom-select-ifs", "mlir::func::FuncOp"> {
  let summary = "Replaces loom.if by both its regions and a select per result";
  let description = [{
    For a target whose code generators take straight-line kernels (the
    systolic chip's), each `loom.if` becomes the ops of both its regions,
    their arguments replaced by the invariants, and one `loom.select`
    between the two regions' values per result, before fusion. Both
    regions then run: an error of the region not chosen (an index out of
    range on this run's values) stops the run, which is the price of
    straight-line code. Inner ifs are replaced before the ifs around them.

    Example: `loom.if %c invariants(%x)` whose regions yield `loom.neg %a`
    and `%a` becomes `%n = loom.neg %x` and `loom.select %c, %n, %x`.
  }];
  let dependentDialects = ["loom::LoomDialect"];
}

def LoomExpandIntegerContractions
    : Pass<"loom-expand-integer-contractions", "mlir::func::FuncOp"> {
  let summary = "Computes loom.matmul_integer and loom.conv_integer with f32 "
                "contractions, exactly";
  let description = [{
    For a target without 8-bit integer kernels (the systolic chip, whose
    MXUs multiply bf16 values; every 8-bit integer is one exactly), before
    fusion. An f32 sum of integer products is exact when each of its partial
    sums is an integer of magnitude at most 2^24, in any order of addition.
    Each product is at most 255 * 255 (ui8 x ui8), 255 * 128 or 128 * 128,
    so a slice of the reduction of at most 2^24 / that many terms is exact:
    `loom.matmul_integer` becomes `loom.cast`s of its operands to f32, one
    `loom.matmul` per slice of K, each cast back to i32, and their i32 sum
    (which wraps as the op's sum does). `loom.conv_integer` is sliced the
    same way over its input channels (a slice holds the whole window of
    each of its channels); a grouped one that needs more than one slice,
    and one whose window alone is too large, becomes an i32 `loom.conv`.

    Example: `loom.matmul_integer` of `4x300xui8` and `300x8xui8` (258
    terms per slice) becomes two f32 matmuls over K = [0, 258) and
    [258, 300) whose results are added in i32.
  }];
  let dependentDialects = ["loom::LoomDialect"];
}

def LoomAdjacentReductionAxes
    : Pass<"loom-adjacent-reduction-axes", "mlir::func::FuncOp"> {
  let summary = "Transposes a reduction's input so that its axes are adjacent";
  let description = [{
    For a target whose reductions take one block of adjacent dimensions
    (the systolic chip's vector unit), before fusion. A `loom.reduce_*`
    over axes that are not adjacent (mean-variance normalization and
    training-mode batch norm reduce NCHW over [0, 2, 3]) reduces instead a
    `loom.transpose` of its input that puts the kept dimensions first and
    the reduced ones last, each group in its order; with `keepdims` a
    `loom.reshape` restores the result's shape. The reduced elements keep
    their row-major order, which is the order the evaluator adds them in,
    so the result is the same bit for bit. Dimensions of size 1 do not
    separate axes (`[0, 2]` of `4x1x5` is adjacent, as the chip takes it).

    Example: `loom.reduce_mean %x axes [0, 2, 3] keepdims` of `2x3x4x5`
    becomes `loom.transpose %x permutation [1, 0, 2, 3]`, a reduce_mean
    over `[1, 2, 3]` of `3x2x4x5` giving `3x1x1x1`, and a reshape to
    `1x3x1x1`.
  }];
  let dependentDialects = ["loom::LoomDialect"];
}

def LoomFormDispatches : Pass<"loom-form-dispatches", "mlir::ModuleOp"> {
  let summary = "Partitions each function's loom ops into outlined kernels";
  let description = [{
    The fusion step of code generation. In every function of the module
    that is not itself a kernel, the `loom` ops are partitioned into groups
    and each group is outlined into

    ```mlir
    func.func private @<func>_kernel_<N>(<values the group reads>)
        -> (<values used outside the group>) attributes {loom.kernel}
    ```

    called with `func.call` from the function. Afterwards the function holds
    only those calls, `loom.constant` ops that are kernel arguments or
    returned, `loom.reshape` (an alias of its operand's buffer, never a
    kernel), ops of other dialects, and its terminator.

    Groups follow these rules; "elementwise" means an op of the elementwise
    group (`LoomElementwiseOps.td`: the broadcasting binary ops, `compare`,
    the logical ops, the unary math, `clamp`, `cast`, `select`):

    - A group has at most one *root*, a non-elementwise op; two roots never
      share a group. A group without a root is a chain of elementwise ops.
    - Epilogues: `matmul`, `conv` and `conv_transpose` take the elementwise
      ops that consume their result, directly or through other epilogue
      ops (bias add, activation, residual add, clamp), when the op's result
      has the root's static result shape and its other operands do not
      depend on the group. Those are formed first, in program order.
    - Producers: then, visiting ops from last to first, every op not yet in
      a group starts one, and an elementwise op joins the group of its
      consumers when all its users are in that group. Reductions
      (`reduce_*`, `argmax`, `argmin`), `softmax`, `log_softmax` and
      `layer_norm` take producers; `matmul`/`conv`/`conv_transpose` take
      them only into their epilogue, never into the root's operands (they
      would be recomputed for every tile); all other roots (pools,
      transposes, concat, gathers, `cumsum`, `topk`, ...) form a kernel of
      their own. A producer whose result is smaller than the group's ops
      (a bias computation feeding a broadcasting add) is recomputed where
      it is broadcast, which is cheap.
    - Chains: last, a group without a root takes the rootless group whose
      values it reads when both end in the same static shape and none of
      its other operands depends on that group (the epilogue rule for
      chains), so a value of a chain that is also returned leaves the
      kernel as a result instead of splitting the chain in two.
    - Nothing fuses across `loom.reshape` or an op of another dialect.
    - A splat or single-element `loom.constant` is cloned into every kernel
      that reads it; other constants are passed as kernel arguments.

    A value used in two groups is a result of one kernel and an argument of
    the other; no op is computed twice. Both rules keep the graph of groups
    acyclic: a producer joins only when all its users are in the group, and
    an epilogue op joins only when none of its other operands depends on
    the group. The calls are emitted in a topological order of that graph
    (of a group reading another's value, the other's call comes first),
    taking among the ready groups the one whose last op comes first. A group
    none of whose values is used is erased: loom ops have no side effects.

    Kernels are numbered in the order of their calls. Arguments come in the
    order of their first use in the group, results in program order. The
    ops inside keep their locations (the ONNX node names); a call and its
    kernel function take the root's location, or the last op's in a group
    without a root. Every kernel is marked `loom.kernel = #loom.kernel<KIND>`
    (ir/LoomAttributes.td); one whose ops are all elementwise with results
    of one static shape is `#loom.kernel<elementwise>`: the memory planner
    may write its result into the buffer of an argument of the same size
    that dies there.

    Example: `matmul -> add(bias) -> relu` becomes one kernel
    `@main_kernel_0(%x, %w, %bias)` returning the relu's result.
  }];
  let dependentDialects = ["mlir::func::FuncDialect"];
}

def LoomLowerToLinalg : Pass<"loom-lower-to-linalg", "mlir::func::FuncOp"> {
  let summary = "Lowers statically shaped loom ops to linalg on tensors";
  let description = [{
    The graph-level conversion from `loom` to `linalg`, usable on any
    function: ops it cannot lower (a dynamic shape) stay as they are. Code
    generation applies the same patterns through the CPU backend's
    `loom-cpu-kernels-to-linalg`, which runs on each `loom.kernel` and fails
    on any op left over. Rewrites `loom` ops whose operands and results all
    have static shapes into `linalg`, `tensor`, `arith` and `math` ops on
    tensors, with the exact semantics of the dialect:

    - `loom.constant` becomes `arith.constant`.
    - Every elementwise op (`add`, `sub`, `mul`, `div`, `rem`, `max`, `min`,
      `pow`, `compare`, `shift`, `and`, `or`, `xor`, `neg`, `abs`, `exp`,
      `log`, `sqrt`, `rsqrt`, `reciprocal`, `tanh`, `sigmoid`, `erf`,
      `gelu`, `relu`, `clamp`, `floor`, `ceil`, `round`, `sign`, `not`,
      `sin`, `cos`, `tan`, `asin`, `acos`, `atan`, `sinh`, `cosh`, `asinh`,
      `acosh`, `atanh`, `cast`) and `select` becomes one `linalg.generic`
      writing into a `tensor.empty`. NumPy
      broadcasting is in the indexing maps: an operand dimension of size 1
      against a larger result dimension reads index 0. Integer division is
      `arith.divsi` by a divisor made safe (x86 traps on a division by zero
      and on the smallest integer by -1): `x / -1` is the wrapping `0 - x`
      and `x / 0`, an error in the evaluator, is 0. Integer `pow` squares
      and multiplies over the exponent's bits (unrolled, wrapping); a
      negative exponent gives 1 for base 1, +-1 for base -1 and 0
      otherwise (`0 ** negative` too). Float `max`/`min` are the NaN-propagating
      `arith.maximumf`/`arith.minimumf`, `round` is `math.roundeven`, and
      comparisons use ordered float predicates except `ne` (`une`), signed
      integer ones, and unsigned ones on i1. `rem` is `arith.remf` or
      `arith.remsi`, which with `fmod` is the result; otherwise a nonzero
      remainder whose sign differs from the divisor's gets the divisor
      added, and a float zero takes the divisor's sign; an integer
      remainder by -1 or 0 is 0. `clamp` applies its
      bounds with `arith.maximumf`/`arith.minimumf` (NaN stays NaN) or
      `arith.maxsi`/`arith.minsi`. `gelu` uses `math.erf`, or `math.tanh`
      with `approximation = tanh`. `cast` is `arith.extf`/`truncf`,
      `sitofp`, `extsi`/`trunci`, `x != 0` to i1 and `uitofp`/`extui` from
      i1; float to integer checks the input against the integer's range
      before `arith.fptosi`, saturating, with NaN giving 0. On f16 and bf16
      the body computes in f32 and rounds once, as the evaluator does.
    - Unsigned integers (ui8, ui16, ui32, ui64) take the unsigned forms:
      `arith.divui` and `arith.remui` (a divisor of 0 gives 0, and `rem` has
      no sign to fix), `cmpi ult/ule/ugt/uge`, `arith.maxui`/`minui` (also
      in `clamp`, `max_pool`, the max/min reductions and argmax/argmin),
      `uitofp`/`extui` from them and, from floats, `fptoui` on an input
      checked against [0, 2^w) (saturating; negative and NaN give 0); a
      cast between i8 and ui8 of one width keeps the bits. `shift` is
      `arith.shli`/`shrui`, 0 for a shift by the width or more. The bodies are
      built on the unsigned types; once no loom op is left in the function,
      every type and constant is rewritten to the signless type of the same
      width, since `arith` takes signless integers only.
    - `loom.matmul` of two rank-2 operands, or of a batched lhs and a
      rank-2 rhs (the lhs collapsed to rows), becomes `linalg.matmul`; equal
      batch dimensions (collapsed to one) `linalg.batch_matmul`; a
      broadcast batch a `linalg.generic` contraction; all into a
      `linalg.fill` of zero.
    - `loom.conv` with one group is an im2col `linalg.generic` over the
      zero-padded input (`tensor.pad`), laid out `[C*K, N*out]`, times the
      filter `[O, C*K]` in one `linalg.matmul` for any batch size, then a
      reshape (and for N > 1 a `linalg.transpose`) to `[N, O, out..]`; a
      1x1 convolution with unit strides and no padding reshapes the input
      instead of an im2col. Grouped and depthwise convolutions are one
      `linalg.generic` over the input and filter expanded by group.
      `loom.conv_transpose` is one `linalg.generic` over the result that
      gathers its contributions with `tensor.extract`.
    - `loom.max_pool` and `loom.avg_pool` are a `linalg.generic` over the
      padded input (`-inf`/smallest integer or 0) with the window as
      reduction loops; avg_pool then divides by the window size or, without
      `count_include_pad`, by the count of non-padded elements.
    - `loom.softmax`, `log_softmax` and `layer_norm` are a few
      `linalg.generic` ops along the normalized dimensions in the
      evaluator's order (max, sum of exp, normalize; mean, variance,
      normalize).
    - `loom.argmax`/`argmin` are one `linalg.generic` reduction carrying
      the best value and index; `loom.cumsum` and `loom.topk` are
      `linalg.generic` ops with an extra reduction loop along the axis
      (O(size^2) per line; topk ranks every element, then selects).
    - The NN ops, matmul and the reductions on f16/bf16 compute in f32 and
      round each result once, as the evaluator does.
    - `loom.transpose` becomes `linalg.transpose`.
    - `loom.reshape` becomes `tensor.collapse_shape` or
      `tensor.expand_shape` when it only merges or only splits adjacent
      dimensions, otherwise `tensor.reshape` with a constant shape.
    - `loom.reduce_sum`, `reduce_mean`, `reduce_max`, `reduce_min` and
      `reduce_prod` become `linalg.reduce` into a tensor filled with the
      value of an empty extent (0; `-inf` or the smallest integer for max;
      `+inf` or the largest integer for min; 1 for prod), combining with
      `arith.addf`/`addi`, the NaN-propagating `arith.maximumf`/`minimumf`
      (`maxsi`/`minsi` on integers) or `arith.mulf`/`muli`. `reduce_mean`
      then divides by the number of reduced elements (`arith.divf`, or
      `arith.divsi` truncating toward zero). With `keepdims`,
      `tensor.expand_shape` follows.
    - `loom.broadcast_to` and `loom.expand` are a `linalg.generic` copying
      through a broadcasting indexing map. `loom.concat` inserts each
      non-empty input into a `tensor.empty` with `tensor.insert_slice`.
      `loom.slice` with positive steps is a `tensor.extract_slice`, with a
      negative step a `linalg.generic` whose body reads
      `input[offsets + index * steps]` with `tensor.extract`.
    - `loom.pad` in `constant` mode crops negative amounts with
      `tensor.extract_slice` and pads with `tensor.pad` (a `linalg.fill`
      when nothing of the input is left); `edge` and `reflect` are a
      `linalg.generic` reading the clamped or mirrored position.
    - `loom.iota` and `loom.trilu` are a `linalg.generic` on `linalg.index`
      (`arith.trunci` or `arith.sitofp` of the index; a select against the
      diagonal).
    - `loom.gather`, `gather_elements` and `gather_nd` are a
      `linalg.generic` whose body reads `data` with `tensor.extract`; a
      negative index counts from the end, and an index still outside the
      dimension (an error in the evaluator) is clamped into it.
    - `loom.scatter` and `scatter_nd` copy `data` (to f32 for f16/bf16 `add`
      and `mul`, rounded once at the end) and apply the updates in
      row-major order in an `scf.for` nest of `tensor.extract` /
      `tensor.insert`, so the last duplicate wins and reductions combine in
      the evaluator's order; an update whose target is outside the data (an
      error in the evaluator) is skipped.
    - `loom.resize` computes its source positions and linear weights at
      compile time in f64, exactly as the evaluator, into constant tables
      read by a `linalg.generic`: nearest reads one element, linear sums the
      weighted corners whose weight is not zero in the compute type.

    The conversion is partial: every other op, an op with a dynamic shape,
    integer `rem` on i1, an integer `clamp` whose bound does
    not fit the type, a `reduce_max`/`min`/`prod`/`mean` on i1, an argmax or
    argmin over an empty axis, a gather indexing an empty dimension or a
    resize of an empty input (into a non-empty result), a scatter reduction
    on i1, and an integer
    `reduce_mean` over an empty extent are left as they are for later steps
    of the backend.

    Example: `loom.add %x, %b : (tensor<2x3xf32>, tensor<3xf32>) ->
    tensor<2x3xf32>` becomes a `linalg.generic` with the maps
    `(d0, d1) -> (d0, d1)`, `(d0, d1) -> (d1)` and `(d0, d1) -> (d0, d1)`
    whose body is `arith.addf`.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::linalg::LinalgDialect",
                           "mlir::math::MathDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect"];
}

def LoomRefineShapes : Pass<"loom-refine-shapes", "mlir::func::FuncOp"> {
  let summary = "Propagates static shapes through the graph";
  let description = [{
    Visits the ops in order and replaces every result type that type
    inference can make more static (a `?` whose size follows from the
    operands). When a refined value is returned, the function's result
    type is updated to match. A user outside the `loom` dialect that does
    not accept the new type receives a `tensor.cast` back to the old one.

    Together with fixed input shapes this turns a graph imported with
    symbolic dimensions into one with static shapes everywhere.
  }];
  let dependentDialects = ["mlir::tensor::TensorDialect"];
}

//===----------------------------------------------------------------------===//
// Sharding (passes/sharding/, tests in test/sharding/, docs/sharding.md)
//===----------------------------------------------------------------------===//

def LoomAnnotateSharding : Pass<"loom-annotate-sharding", "mlir::ModuleOp"> {
  let summary = "Creates the device mesh and annotates the tensors named on "
                "the command line";
  let description = [{
    The front of sharding: turns a mesh and per-tensor specs into IR in the
    upstream `shard` vocabulary. With `mesh=data=2,model=4` it adds

    ```mlir
    shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
    ```

    (or reuses a `@mesh` grid the module already has with those axes), and
    for each tensor a spec names, an annotation

    ```mlir
    %s = shard.sharding @mesh split_axes = [[0], []] : !shard.sharding
    %x1 = shard.shard %x to %s : tensor<8x16xf32>
    ```

    that every other use of the tensor then reads. A spec is
    `NAME=[ENTRY,...]` with one entry per dimension: `_` (not split), a mesh
    axis, or several axes in parentheses, major first (`[(data,model),_]`).
    NAME is an input or output of the entry function (`@main`, or the only
    function) by its `loom.name` attribute, `input_N`/`output_N` without
    one, or a constant by its location name `loc("NAME")` (the ONNX
    importer names every initializer so). An output is annotated with
    `annotate_for_users` before the return: the function returns it in that
    layout.

    `parallel` presets annotate what the specs do not name: `data` splits
    dimension 0 of every input over the axis `data`; `tensor` splits, over
    the axis `model`, the weights of Linear layers Megatron-style (a layer
    whose input comes from a column-split layer is split by rows, others by
    columns), embedding tables by rows (the vocabulary) and convolution
    filters by output channels. Both may be given on a 2-D mesh. A tensor
    preset target whose dimension does not divide by the axis stays
    replicated, with a warning; a batch that does not divide is an error.

    Errors, each one line at the entry function, leave the module
    unchanged: an empty or malformed mesh, an axis named twice or of size
    below 1; a malformed spec, a name the model lacks or named twice, an
    unknown axis, an axis used twice in one spec, a spec of the wrong rank,
    a dimension not divisible by its axes' sizes; an unknown preset or a
    mesh without its axis. Without any option the pass does nothing.
  }];
  let options = [
    Option<"mesh", "mesh", "std::string", /*default=*/"\"\"",
           "The device mesh: NAME=SIZE,... (major axis first)">,
    ListOption<"shard", "shard", "std::string",
               "Tensor specs NAME=[AXIS|_|(AXIS,AXIS),...]">,
    ListOption<"parallel", "parallel", "std::string",
               "Presets: data, tensor">,
  ];
  let dependentDialects = ["mlir::shard::ShardDialect"];
}

def LoomPropagateSharding : Pass<"loom-propagate-sharding", "mlir::ModuleOp"> {
  let summary = "Computes a sharding for every tensor of the entry function";
  let description = [{
    From the `shard.shard` annotations of the entry function (`@main`, or
    the only function) on one `shard.grid`, computes the layout of every
    tensor and writes it as `#loom.sharding` attributes:

    - `loom.sharding` on every op with one tensor result
      (`loom.result_shardings`, an array, with several), and as argument and
      result attribute of the function;
    - `loom.operand_shardings` (one per operand; `unit` for non-tensors) on
      an op that reads some operand in another layout than the operand has:
      that is where partitioning reshards (gathers, slices, or sums a
      pending sum).

    A value's layout is exactly what its producer computes from the layouts
    it reads, so reshards happen only at readers. Annotations are never
    overridden: an annotation's result keeps its layout, and the value it
    annotates (without `annotate_for_users`) is asked of its producer before
    anything else.

    Each op class has a rule (`passes/sharding/ShardingRules.cpp`, listed in
    `docs/sharding.md`) in the factor form of Shardy: its dimensions map to
    shared factors, some of them reductions. A split sum reduction (a matmul
    whose K is split, a vocabulary-split embedding lookup) makes the result
    a pending sum (`partial = [...]`), which stays pending through linear
    ops (add and sub of values pending alike, mul by an unsplit value, data
    movement) and is summed before anything else; a pending sum that one
    reader needs summed is summed once for all its readers (a linear reader
    then reads the sum instead of starting a second pending sum: Adam's two
    moments of one gradient cost one all-reduce). Max, min and product
    reductions over a split dimension combine at once. Softmax, log_softmax
    and layer_norm need their normalized dimensions whole, as do
    convolution windows and spatial dimensions, concat axes, sliced or
    padded dimensions; ops without a rule read and produce everything
    whole.

    Propagation sweeps forward and backward until nothing changes; a
    dimension it never reaches is not split. Between candidates for one
    factor, an annotated tensor wins, then the tensor with more elements,
    then operand order. A function result is never a pending sum. Without a
    grid, or with several and no annotation, the pass does nothing; two
    conflicting annotations of one value, an annotation that does not fit
    its tensor or grid, halo sizes or uneven offsets are errors.

    Example: with `%w1` split by columns and `%w2` by rows over axis 0,

    ```mlir
    %h = loom.matmul %x, %w1 {loom.sharding = #loom.sharding<@mesh, [[], [0]]>} ...
    %g = loom.gelu %h {loom.sharding = #loom.sharding<@mesh, [[], [0]]>} ...
    %y = loom.matmul %g, %w2 {loom.sharding = #loom.sharding<@mesh, [[], []], partial = [0]>} ...
    ```
  }];
}

def LoomSplitFusedProjections : Pass<"loom-split-fused-projections",
                                     "mlir::func::FuncOp"> {
  let summary = "Splits a Linear layer whose result is sliced into one "
                "Linear per slice";
  let description = [{
    Rewrites `loom.matmul %x, %W` with a rank-2 constant weight, optionally
    followed by a bias `loom.add` of a constant (`[N]` or `[1, ..., N]`),
    whose result is used only by two or more `loom.slice` ops that each take
    a contiguous range of the last dimension (and all of every other), into
    one matmul (and bias add) per slice, with that slice's columns of the
    weight and bias as new constants named `NAME:i` after the originals.
    The fused weight and bias are erased when nothing else reads them.

    This is what lets `--parallel=tensor` split GPT's fused qkv projection
    (width 3*D, then split into q, k and v) per block, each of q, k and v
    by heads, instead of as one contiguous column range that would hand a
    device all of q and part of k. The rewrite is exact; weights stored
    other than as dense byte-sized elements are left alone.
  }];
}

def LoomPartition : Pass<"loom-partition", "mlir::ModuleOp"> {
  let summary = "Rewrites the sharded entry function into each device's program";
  let description = [{
    Runs after `loom-propagate-sharding` on a module with one `shard.grid`
    (a module without one is left as it is). The entry function becomes
    the program every device runs on its own part of the data (SPMD):

    - arguments and results take their device-local types and keep their
      whole layouts as `loom.sharding` attributes (what the artifact's
      signature records); results are never pending sums;
    - every op is rebuilt on local operands with local result types, after
      the collectives that move each operand into the layout the op reads
      it in: pending sums are reduced (`shard.reduce_scatter` when the
      reduced axis then splits a dimension, `shard.all_reduce` otherwise),
      an axis moving between dimensions is one `shard.all_to_all`, split
      axes that go away are `shard.all_gather`ed, new ones are sliced
      locally with `shard.all_slice`; layouts that agree need nothing;
    - a constant stays whole, followed by the `shard.all_slice`s of its
      layout (artifact emission stores each device's slice);
    - a max, min or product reduction over a split dimension is combined at
      once (`shard.all_reduce`); a mean over split dimensions is scaled by
      the local over the whole count, so that its partial sums add up.

    An op whose local form does not verify is an error naming the layouts
    of its operands. Example, a Megatron MLP on `model=2` (the first
    weight split by columns, the second by rows), per device:

    ```mlir
    %h = loom.matmul %x, %w1 : (tensor<8x16xf32>, tensor<16x16xf32>) -> tensor<8x16xf32>
    %a = loom.relu %h : tensor<8x16xf32>
    %y = loom.matmul %a, %w2 : (tensor<8x16xf32>, tensor<16x16xf32>) -> tensor<8x16xf32>
    %r = shard.all_reduce %y on @mesh grid_axes = [0] : tensor<8x16xf32> -> tensor<8x16xf32>
    ```

    where `%w1` and `%w2` are the whole `16x32` and `32x16` constants
    followed by `shard.all_slice`.
  }];
  let dependentDialects = ["mlir::shard::ShardDialect"];
}

def LoomBucketAllReduces : Pass<"loom-bucket-all-reduces",
                                "mlir::func::FuncOp"> {
  let summary = "Combines small all-reduces into buckets, as PyTorch's "
                "DistributedDataParallel does";
  let description = [{
    Runs after `loom-partition`. The `shard.all_reduce` ops of a function
    that agree on grid, axes, reduction and element type are grouped, in
    the order their inputs are computed (the order a backward pass finishes
    gradients), into buckets of at most `bucket-bytes` bytes; each bucket
    of two or more becomes one all-reduce of the concatenated, flattened
    inputs, whose result is sliced and reshaped back into the members'
    results. The bucket is placed right after its last input, and the ops
    that read its results move after it. An all-reduce whose input is
    computed from another member's result closes the bucket (it would wait
    for itself); one of `bucket-bytes` or more stays alone. Each element is
    still reduced on its own, so results are bit-identical.

    A data-parallel training step on `data=2` goes from one all-reduce per
    gradient and one for the loss to one in all:

    ```mlir
    %flat = loom.reshape %gw : tensor<8x4xf32> to tensor<32xf32>
    %all = loom.concat %loss, %flat, %gb axis 0 : (tensor<1xf32>, tensor<32xf32>, tensor<4xf32>) -> tensor<37xf32>
    %sum = shard.all_reduce %all on @mesh grid_axes = [0] : tensor<37xf32> -> tensor<37xf32>
    %part = loom.slice %sum offsets [1] steps [1] : tensor<37xf32> to tensor<32xf32>
    ```

    `bucket-bytes=0` leaves every all-reduce alone (`loomc
    --all-reduce-bucket-bytes=0`).
  }];
  let options = [
    Option<"bucketBytes", "bucket-bytes", "int64_t",
           /*default=*/"25 * 1024 * 1024",
           "Most bytes one bucket reduces (PyTorch DDP's default, 25 MiB); "
           "0 turns bucketing off">,
  ];
}


def LoomExtractSliceProgram : Pass<"loom-extract-slice-program",
                                   "mlir::ModuleOp"> {
  let summary = "Turns the partition over a symbolic dimension's slices into "
                "the program of one slice";
  let description = [{
    A model compiled with a symbolic dimension (`loomc
    --input-shape=x:?x3x224x224 --max-dim=16`, docs/dynamic-shapes.md) is
    imported at the bound (16) and partitioned (`loom-partition`) over a
    one-axis grid of that many devices, named `axis`, that splits the
    symbolic dimension of every input that has it: each device holds one
    slice, a batch element. This pass runs next. It checks that the slices
    are computed independently: no collective combines them (a reduction
    over the batch, a batch norm in training mode) and no op reads a
    device's own part of a tensor that is not an input (a constant of the
    batch's size). The device program is then the program of any one
    slice, and the runtime runs it once per slice, for as many slices as
    the inputs have at run time:

    - the grid and every layout attribute are removed;
    - an argument or result split along dimension `d` gets
      `loom.sliced_dim = d`; `d` must be its leading dimension (every
      dimension before it of size 1), so that the whole tensor is its slices
      one after another;
    - the entry gets `loom.dim_symbol = #loom.dim_symbol<"x:0", 16>`: the
      first sliced input and dimension name the symbol, the grid's size is
      its bound.

    A module without a grid named `axis` is left as it is. Each refusal is
    one error at the op or function, naming the symbol:

    ```mlir
    // ReduceSum over the batch: the partition needs a shard.all_reduce.
    %s = loom.reduce_sum %x axes [0] ...
    // error: this op combines the slices of symbolic dimension 'x:0' (it
    // needs shard.all_reduce across them): ...
    ```
  }];
  let options = [
    Option<"axis", "axis", "std::string", /*default=*/"\"slices\"",
           "The grid axis that splits the symbolic dimension">,
  ];
  let dependentDialects = ["mlir::shard::ShardDialect"];
}

#endif // LOOM_PASSES_TD
