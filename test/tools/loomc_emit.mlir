// Every --emit kind of loomc, and the artifact run end to end with
// loom-run. With x = 0.5 and w = 0.25 everywhere, relu(x w) is 2
// everywhere, so `probs` (a softmax over 32) is 1/32 and `flat` is 2.

// RUN: loomc %s --emit=loom | FileCheck %s --check-prefix=LOOM
// LOOM: func.func @main
// LOOM: loom.matmul
// LOOM-NOT: loom.kernel

// Without --emit, -o FILE.loom writes an artifact and any other -o the graph.
// RUN: loomc %s -o %t.mlir && FileCheck %s --check-prefix=LOOM < %t.mlir

// RUN: loomc %s --emit=dispatches | FileCheck %s --check-prefix=DISPATCHES
// DISPATCHES-LABEL: func.func @main(
// DISPATCHES:         %[[MM:.*]] = call @main_kernel_0(%arg0, %arg1)
// DISPATCHES:         loom.reshape %[[MM]]
// DISPATCHES:         call @main_kernel_1(%[[MM]])
// DISPATCHES-LABEL: func.func private @main_kernel_0(
// DISPATCHES-SAME:    attributes {loom.kernel = #loom.kernel<generic>}
// DISPATCHES:         loom.matmul
// DISPATCHES:         loom.relu
// DISPATCHES-LABEL: func.func private @main_kernel_1(
// DISPATCHES:         loom.softmax

// RUN: loomc %s --emit=linalg | FileCheck %s --check-prefix=LINALG
// LINALG-LABEL: func.func @main_kernel_0(
// LINALG:         linalg.matmul
// LINALG-LABEL: func.func @main_kernel_1(
// LINALG-NOT:     loom.softmax
// LINALG:         math.exp

// RUN: loomc %s --emit=llvm | FileCheck %s --check-prefix=LLVM
// LLVM-DAG: define {{.*}}i32 @main_kernel_0(ptr
// LLVM-DAG: define {{.*}}i32 @main_kernel_1(ptr
// LLVM-DAG: @loom_kernel_abi_version = {{.*}}constant i32 1

// The CPU and its features are flags (features default to the host's, so
// this machine's AVX-512 is left out explicitly).
// RUN: loomc %s --emit=asm --cpu=x86-64-v3 --cpu-features=+avx2,+fma,-avx512f | FileCheck %s --check-prefix=ASM --implicit-check-not=zmm
// RUN: loomc %s --emit=asm --cpu=x86-64-v3 --cpu-features=+avx512f -O2 | FileCheck %s --check-prefix=ASM
// ASM: main_kernel_0:
// ASM: main_kernel_1:

// With AVX-512F the kernels' loops prefer 512-bit vectors (LLVM's AVX-512
// CPU models prefer 256); without it the attribute is absent.
// RUN: loomc %s --emit=llvm --cpu=x86-64-v3 --cpu-features=+avx2,+fma,+avx512f | FileCheck %s --check-prefix=WIDE
// RUN: loomc %s --emit=asm --cpu=x86-64-v3 --cpu-features=+avx2,+fma,+avx512f | FileCheck %s --check-prefix=WIDE-ASM
// RUN: loomc %s --emit=llvm --cpu=x86-64-v3 --cpu-features=+avx2,+fma,-avx512f | FileCheck %s --check-prefix=NARROW --implicit-check-not=prefer-vector-width
// WIDE: "prefer-vector-width"="512"
// WIDE-ASM: zmm
// NARROW: define

// RUN: loomc %s -o %t.loom
// RUN: loom-run %t.loom --input=8x16xf32=0.5 --input=16x32xf32=0.25 | FileCheck %s --check-prefix=OUT
// RUN: loomc %s -O0 --emit=artifact -o %t.O0.loom
// RUN: loom-run %t.O0.loom --input=8x16xf32=0.5 --input=16x32xf32=0.25 | FileCheck %s --check-prefix=OUT
// RUN: loomc %s -O1 --cpu=x86-64 --cpu-features=-avx2,-fma -o %t.O1.loom
// RUN: loom-run %t.O1.loom --input=8x16xf32=0.5 --input=16x32xf32=0.25 | FileCheck %s --check-prefix=OUT
// OUT-LABEL: output 'probs': 8x32xf32 [0.03125, 0.03125,
// OUT-LABEL: output 'flat': 256xf32 [2, 2, 2,

func.func @main(%x: tensor<8x16xf32> {loom.name = "x"}, %w: tensor<16x32xf32> {loom.name = "w"})
    -> (tensor<8x32xf32> {loom.name = "probs"}, tensor<256xf32> {loom.name = "flat"}) {
  %m = loom.matmul %x, %w : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %r = loom.relu %m : tensor<8x32xf32>
  %f = loom.reshape %r : tensor<8x32xf32> to tensor<256xf32>
  %s = loom.softmax %r axis 1 : tensor<8x32xf32>
  return %s, %f : tensor<8x32xf32>, tensor<256xf32>
}
