//===- Passes.td - The CUDA backend's passes -------------*- tablegen -*-===//
//
// Part of the Loom project.
//
// The passes of the CUDA code generation pipeline (Pipelines.cpp builds
// it), sorted by name, each in a file named after it, each with a lit test
// in test/cuda/.
//
//===----------------------------------------------------------------------===//

#ifndef LOOM_BACKENDS_CUDA_PASSES_TD
#define LOOM_BACKENDS_CUDA_PASSES_TD

include "mlir/Pass/PassBase.td"

def LoomCudaDistributeThreads : Pass<"loom-cuda-distribute-threads",
                                     "mlir::func::FuncOp"> {
  let summary = "Tiles a kernel into one GPU thread per output element";
  let description = [{
    Runs on `loom.kernel` functions lowered to linalg on tensors. The root
    (the last linalg op) is tiled by 1 along every static parallel
    dimension into an `scf.forall`, and every producer is fused into the
    tile (upstream tile-and-fuse), so that each forall iteration computes
    one element of the root's result: its reduction loops, and the
    producers' values it needs, run sequentially in that iteration. A
    producer whose result the kernel also returns (an elementwise op) is
    yielded tile by tile. What stays outside the forall may only be views
    and constants, the forall's outputs must be `tensor.empty` and its
    results must go to the return; otherwise the kernel is left as it was
    and runs on one thread (`loom-cuda-outline-kernels`).

    A fused reduction is recomputed by every element that needs it (a
    softmax's row maximum and sum once per element of the row): correct,
    and quadratic in the row's length. Block-level reductions in shared
    memory are not built yet (docs/cuda.md).
  }];
  let dependentDialects = ["mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect"];
}

def LoomCudaOutlineKernels : Pass<"loom-cuda-outline-kernels",
                                  "mlir::ModuleOp"> {
  let summary = "Turns each bufferized kernel into a gpu.func of one "
                "gpu.module";
  let description = [{
    Runs on `loom.kernel` functions on memrefs (after bufferization, with
    their results as output arguments). Each becomes a `gpu.func` kernel of
    the same name and arguments in `gpu.module @loom_cuda_kernels`, and
    the function is erased. A kernel whose body is one `scf.forall` (with
    only side-effect-free ops beside it) runs one thread per iteration:
    the linear thread index `blockIdx.x * blockDim.x + threadIdx.x` is
    delinearized row-major into the forall's induction variables, and
    threads past the iteration count do nothing. Any other kernel runs on
    one thread of one block. The launch shape is recorded on the
    `gpu.func` as upstream's `known_block_size` and `known_grid_size`
    (x only): blocks of `block-size` threads (fewer when the kernel has
    fewer iterations). A `memref.alloc` left in a kernel (a temporary
    larger than the per-thread stack budget) is an error naming the
    kernel.
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block (1 to 1024)">
  ];
  let dependentDialects = ["mlir::gpu::GPUDialect",
                           "mlir::arith::ArithDialect",
                           "mlir::scf::SCFDialect"];
}

#endif // LOOM_BACKENDS_CUDA_PASSES_TD
