// loom-run --profile on the cpu target: the last run's wall time per
// kernel (its launches together), slowest first, with the workgroups of
// its launch and its share of the run.
// RUN: loomc %s --target=cpu -o %t.loom
// RUN: loom-run %t.loom --input=64x256xf32=0.5 --input=256x512xf32=0.25 --threads=2 --benchmark=2 --profile 2>&1 >/dev/null | FileCheck %s
// CHECK:      cpu profile: 2 launches, {{[0-9]+\.[0-9][0-9][0-9]}} ms (wall time of the last run's launches, 2 threads)
// CHECK-NEXT: kernel                           launches  workgroups          ms      %
// CHECK-NEXT: main_kernel_{{[01]}} 1 {{[0-9]+}} {{[0-9]+\.[0-9][0-9][0-9]}} {{[0-9]+\.[0-9]$}}
// CHECK-NEXT: main_kernel_{{[01]}} 1 {{[0-9]+}} {{[0-9]+\.[0-9][0-9][0-9]}} {{[0-9]+\.[0-9]$}}
// CHECK-NOT:  {{.}}
// Without --profile, nothing is printed on stderr.
// RUN: loom-run %t.loom --input=64x256xf32=0.5 --input=256x512xf32=0.25 --threads=2 2>&1 >/dev/null | count 0
func.func @main(%a: tensor<64x256xf32>, %b: tensor<256x512xf32>) -> tensor<64x512xf32> {
  %0 = loom.matmul %a, %b : (tensor<64x256xf32>, tensor<256x512xf32>) -> tensor<64x512xf32>
  %1 = loom.softmax %0 axis 1 : tensor<64x512xf32>
  return %1 : tensor<64x512xf32>
}
