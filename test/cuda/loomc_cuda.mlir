// The cuda target end to end on a machine without a GPU. loomc compiles
// fused kernels to gpu.funcs, NVVM, PTX and cubins (ptxas accepts them);
// the artifact records each launch's grid and block; loom-run says in one
// line that no driver is here and exits 1.
// RUN: rm -rf %t && split-file %s %t

// The kernels as gpu.funcs, their buffers in the artifact's order: the
// fused add-mul-add chain (x, y, the constant, z) is one kernel of one
// thread per element (8 elements: one block of 8), the row sum one thread
// per row, the matmul one thread per output element (600: 3 blocks of 256).
// RUN: loomc %t/model.mlir --target=cuda --emit=gpu | FileCheck %s --check-prefix=GPU
// GPU: module attributes {gpu.container_module}
// GPU: gpu.module @loom_cuda_kernels
// GPU: gpu.func @main_kernel_0({{.*}}: memref<2x4xf32>, {{.*}}: memref<2x4xf32>, {{.*}}: memref<2x4xf32>, {{.*}}: memref<2x4xf32>) kernel
// GPU-SAME: known_block_size = array<i32: 8, 1, 1>
// GPU-SAME: known_grid_size = array<i32: 1, 1, 1>
// GPU: gpu.func @{{.*}}({{.*}}: memref<2x4xf32>, {{.*}}: memref<2xf32>) kernel
// GPU-SAME: known_block_size = array<i32: 2, 1, 1>
// GPU: gpu.func @{{.*}}({{.*}}: memref<2x4xf32>, {{.*}}: memref<4x300xf32>, {{.*}}: memref<2x300xf32>) kernel
// GPU-SAME: known_block_size = array<i32: 256, 1, 1>
// GPU-SAME: known_grid_size = array<i32: 3, 1, 1>

// In the NVVM dialect: bare pointers, one per buffer.
// RUN: loomc %t/model.mlir --target=cuda --emit=nvvm | FileCheck %s --check-prefix=NVVM
// NVVM: gpu.module @loom_cuda_kernels
// NVVM: llvm.func @{{.*}}(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) attributes {gpu.kernel
// NVVM: nvvm.read.ptx.sreg.ctaid.x

// The PTX of the first architecture.
// RUN: loomc %t/model.mlir --target=cuda --emit=ptx | FileCheck %s --check-prefix=PTX
// PTX: .target sm_80
// PTX: .visible .entry
// PTX: ld.global
// RUN: loomc %t/model.mlir --target=cuda --cuda-arch=sm_90 --emit=ptx | FileCheck %s --check-prefix=PTX90
// PTX90: .target sm_90

// Options checked before anything is compiled.
// RUN: not loomc %t/model.mlir --target=cuda --cuda-arch=sm_61 -o %t/x.loom 2>&1 | FileCheck %s --check-prefix=ARCH
// ARCH: cuda: --cuda-arch 'sm_61' is not an architecture of the form sm_NN that CUDA 13 supports (sm_75 or newer)
// RUN: not loomc %t/model.mlir --target=cuda --cuda-path=%t/nowhere -o %t/x.loom 2>&1 | FileCheck %s --check-prefix=TOOLKIT
// TOOLKIT: cuda: no ptxas at {{.*}}nowhere/bin/ptxas (give the CUDA toolkit with --cuda-path or CUDA_ROOT)

// The artifact: a CudaImages library with cubins for sm_80 and sm_90 and
// PTX (ptxas accepted every kernel), and per launch the grid and block.
// RUN: loomc %t/model.mlir --target=cuda -o %t/model.loom
// RUN: python3 %S/Inputs/inspect_artifact.py %t/model.loom | FileCheck %s --check-prefix=ART
// ART: program 0 target Cuda
// ART: library 0 target Cuda format CudaImages images Cubin:sm_80 Cubin:sm_90 Ptx:sm_80
// ART: launch grid [1, 1, 1] block [8, 1, 1] shared 0
// ART: launch grid [1, 1, 1] block [2, 1, 1] shared 0
// ART: launch grid [3, 1, 1] block [256, 1, 1] shared 0

// No driver here: one line naming what is missing, exit 1. A stand-in
// library name makes the test hold on a machine that has a driver too.
// RUN: env LOOM_CUDA_DRIVER_LIBRARY=libloom-no-such-driver.so.1 python3 -c "import subprocess, sys; print('exit', subprocess.run(sys.argv[1:]).returncode)" loom-run %t/model.loom --device=cuda:0 --input=2x4xf32=1 --input=2x4xf32=2 --input=4x300xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NODRIVER --implicit-check-not='{{.}}'
// NODRIVER: loom-run: error: {{.*}}model.loom: cuda: cannot load the NVIDIA driver library libloom-no-such-driver.so.1 ({{.*}}): this machine has no NVIDIA driver, so CUDA artifacts cannot run here
// NODRIVER-NEXT: exit 1
// --device must match the artifact.
// RUN: loomc %t/model.mlir --target=cpu -o %t/cpu.loom
// RUN: not loom-run %t/cpu.loom --device=cuda:0 2>&1 | FileCheck %s --check-prefix=MISMATCH --implicit-check-not='{{.}}'
// MISMATCH: loom-run: error: --device=cuda: device program 0 of {{.*}}cpu.loom is for target Cpu, not cuda (compile it with loomc --target=cuda)
// RUN: not loom-run %t/model.loom --device=tpu 2>&1 | FileCheck %s --check-prefix=UNKNOWN --implicit-check-not='{{.}}'
// UNKNOWN: loom-run: error: --device: no driver 'tpu' (this runtime has {{.*}}cuda{{.*}})

//--- model.mlir
func.func @main(%x: tensor<2x4xf32> {loom.name = "x"}, %y: tensor<2x4xf32> {loom.name = "y"},
                %w: tensor<4x300xf32> {loom.name = "w"})
    -> (tensor<2x4xf32> {loom.name = "z"}, tensor<2xf32> {loom.name = "s"},
        tensor<2x300xf32> {loom.name = "m"}) {
  %c = loom.constant dense<[[10.0, 20.0, 30.0, 40.0], [50.0, 60.0, 70.0, 80.0]]> : tensor<2x4xf32>
  %two = loom.constant dense<2.0> : tensor<f32>
  %sum = loom.add %x, %y : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %scaled = loom.mul %sum, %two : (tensor<2x4xf32>, tensor<f32>) -> tensor<2x4xf32>
  %z = loom.add %scaled, %c : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %s = loom.reduce_sum %z axes [1] : (tensor<2x4xf32>) -> tensor<2xf32>
  %m = loom.matmul %z, %w : (tensor<2x4xf32>, tensor<4x300xf32>) -> tensor<2x300xf32>
  return %z, %s, %m : tensor<2x4xf32>, tensor<2xf32>, tensor<2x300xf32>
}
