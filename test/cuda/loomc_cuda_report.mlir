// loomc --target=cuda --report: per kernel and cubin, the registers,
// static shared memory and local memory that ptxas gave the kernel and the
// block size it was compiled for, read from the cubins in the artifact.
// RUN: rm -rf %t && split-file %s %t

// An elementwise kernel of 8 threads, a matmul of blocks of 256 and a
// convolution whose per-thread 64x3x3 patch (2304 bytes) lives in local
// memory. No kernel uses shared memory yet.
// RUN: loomc %t/model.mlir --target=cuda --report -o %t/model.loom > %t/report.txt
// RUN: FileCheck %s --input-file=%t/report.txt
// CHECK:      total
// CHECK-NEXT: kernel resources, per compiled image (as the target's tool chain recorded them):
// CHECK-NEXT: main_kernel_0 sm_80: registers {{[1-9][0-9]*}}, shared bytes 0, local bytes 0, max threads 8
// CHECK-NEXT: main_kernel_0 sm_90: registers {{[1-9][0-9]*}}, shared bytes 0, local bytes 0, max threads 8
// CHECK-NEXT: main_kernel_1 sm_80: registers {{[1-9][0-9]*}}, shared bytes 0, local bytes 0, max threads 256
// CHECK-NEXT: main_kernel_1 sm_90: registers {{[1-9][0-9]*}}, shared bytes 0, local bytes 0, max threads 256
// CHECK-NEXT: main_kernel_2 sm_80: registers {{[1-9][0-9]*}}, shared bytes 0, local bytes {{2[3-9][0-9][0-9]|[3-9][0-9][0-9][0-9]}}, max threads 128
// CHECK-NEXT: main_kernel_2 sm_90: registers {{[1-9][0-9]*}}, shared bytes 0, local bytes {{2[3-9][0-9][0-9]|[3-9][0-9][0-9][0-9]}}, max threads 128
// CHECK-NEXT: buffers:

// The figures are those ptxas -v prints when it compiles the same PTX
// (the cuda target runs ptxas at --opt-level 3 too).
// RUN: loomc %t/model.mlir --target=cuda --emit=ptx -o %t/sm_80.ptx
// RUN: %ptxas -v --opt-level 3 -arch=sm_80 %t/sm_80.ptx -o %t/sm_80.cubin 2> %t/sm_80.txt
// RUN: loomc %t/model.mlir --target=cuda --cuda-arch=sm_90 --emit=ptx -o %t/sm_90.ptx
// RUN: %ptxas -v --opt-level 3 -arch=sm_90 %t/sm_90.ptx -o %t/sm_90.cubin 2> %t/sm_90.txt
// RUN: python3 %S/Inputs/compare_ptxas.py %t/report.txt sm_80=%t/sm_80.txt sm_90=%t/sm_90.txt | FileCheck %s --check-prefix=PTXAS
// PTXAS:      sm_80: 3 kernels agree with ptxas -v
// PTXAS-NEXT: sm_90: 3 kernels agree with ptxas -v
// The comparison fails on a difference.
// RUN: sed 's/sm_90: registers [0-9]*/sm_90: registers 999/' %t/report.txt > %t/wrong.txt
// RUN: not python3 %S/Inputs/compare_ptxas.py %t/wrong.txt sm_90=%t/sm_90.txt | FileCheck %s --check-prefix=WRONG
// WRONG: main_kernel_0 sm_90: registers 999 in the report, {{[0-9]+}} from ptxas -v

// One line per kernel and --cuda-arch.
// RUN: loomc %t/model.mlir --target=cuda --cuda-arch=sm_90 --report -o %t/sm_90.loom | FileCheck %s --check-prefix=ONE --implicit-check-not=sm_80
// ONE:      main_kernel_0 sm_90: registers
// ONE-NEXT: main_kernel_1 sm_90: registers
// ONE-NEXT: main_kernel_2 sm_90: registers
// ONE-NEXT: buffers:

// --report=json: under kernel_resources, the figures' names in snake case.
// RUN: loomc %t/model.mlir --target=cuda --report=json -o %t/json.loom | FileCheck %s --check-prefix=JSON
// JSON: "kernel_resources":[{"image":"sm_80","kernel":"main_kernel_0","local_bytes":0,"max_threads":8,"registers":{{[1-9][0-9]*}},"shared_bytes":0},{"image":"sm_90","kernel":"main_kernel_0",

// A target that reads no resources prints no such section.
// RUN: loomc %t/model.mlir --target=cpu --report -o %t/cpu.loom | FileCheck %s --check-prefix=CPU
// CPU-NOT: kernel resources

//--- model.mlir
func.func @main(%x: tensor<2x4xf32> {loom.name = "x"}, %y: tensor<2x4xf32> {loom.name = "y"},
                %w: tensor<4x300xf32> {loom.name = "w"},
                %image: tensor<1x64x4x4xf32> {loom.name = "image"},
                %filter: tensor<8x64x3x3xf32> {loom.name = "filter"})
    -> (tensor<2x4xf32> {loom.name = "z"}, tensor<2x300xf32> {loom.name = "m"},
        tensor<1x8x4x4xf32> {loom.name = "c"}) {
  %sum = loom.add %x, %y : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %z = loom.exp %sum : tensor<2x4xf32>
  %m = loom.matmul %z, %w : (tensor<2x4xf32>, tensor<4x300xf32>) -> tensor<2x300xf32>
  %c = loom.conv %image, %filter strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x64x4x4xf32>, tensor<8x64x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %z, %m, %c : tensor<2x4xf32>, tensor<2x300xf32>, tensor<1x8x4x4xf32>
}
