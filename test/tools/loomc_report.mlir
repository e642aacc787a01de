// loomc --report: one row per kernel launch, then the buffer plan.
// The kernels (softmax is 5 operations an element, elementwise ops 1):
//   k0 s1 = softmax(x)                           1280
//   k1 n = neg(exp(s1)), elementwise, over s1     512  (s1 dies here)
//   k2 s2 = softmax(n)                           1280
//   k3 s3 = softmax(n) over columns              1280  (n dies here)
//   k4 u = softmax(s2 + s3)                      1536  (reuses s1's bytes)
//   k5 y = softmax(u)                            1280  (the output)
// Every tensor is 8x32xf32, 1024 bytes; at most three are alive at once.

// RUN: loomc %s -o %t.loom --report | FileCheck %s
// CHECK:      kernel workgroups flops bytes read bytes written
// CHECK-NEXT: main_kernel_0 [[GRID:[0-9]+x[0-9]+x[0-9]+]] 1280 1024 1024
// CHECK-NEXT: main_kernel_1 [[GRID:[0-9]+x[0-9]+x[0-9]+]] 512 1024 1024
// CHECK-NEXT: main_kernel_2 [[GRID:[0-9]+x[0-9]+x[0-9]+]] 1280 1024 1024
// CHECK-NEXT: main_kernel_3 [[GRID:[0-9]+x[0-9]+x[0-9]+]] 1280 1024 1024
// CHECK-NEXT: main_kernel_4 [[GRID:[0-9]+x[0-9]+x[0-9]+]] 1536 2048 1024
// CHECK-NEXT: main_kernel_5 [[GRID:[0-9]+x[0-9]+x[0-9]+]] 1280 1024 1024
// CHECK-NEXT: total 7168 7168 6144
// CHECK-NEXT: buffers: 6 (1 input, 1 output, 0 constant, 4 arena)
// CHECK-NEXT: constant bytes: 0
// CHECK-NEXT: peak arena bytes: 3072 (4096 without reuse; 1 kernel results written in place)
// CHECK-NEXT: output copies: 0

// The plan runs: softmax of rows of equal values is 1/32.
// RUN: loom-run %t.loom --input=8x32xf32=1 | FileCheck %s --check-prefix=OUT
// OUT: output 'y': 8x32xf32 [0.03125, 0.03125,

func.func @main(%x: tensor<8x32xf32> {loom.name = "x"}) -> (tensor<8x32xf32> {loom.name = "y"}) {
  %s1 = loom.softmax %x axis 1 : tensor<8x32xf32>
  %e = loom.exp %s1 : tensor<8x32xf32>
  %n = loom.neg %e : tensor<8x32xf32>
  %s2 = loom.softmax %n axis 1 : tensor<8x32xf32>
  %s3 = loom.softmax %n axis 0 : tensor<8x32xf32>
  %t = loom.add %s2, %s3 : (tensor<8x32xf32>, tensor<8x32xf32>) -> tensor<8x32xf32>
  %u = loom.softmax %t axis 1 : tensor<8x32xf32>
  %y = loom.softmax %u axis 1 : tensor<8x32xf32>
  return %y : tensor<8x32xf32>
}
