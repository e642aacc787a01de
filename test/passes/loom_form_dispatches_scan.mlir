// RUN: loom-opt %s -loom-form-dispatches | FileCheck %s

// A loom.scan is a kernel of its own, body and all: fusion partitions the
// function's block only, so neither its elementwise producer nor its
// consumer joins it, and the body's ops stay in the loop.

// CHECK-LABEL: func.func @between_kernels
// CHECK: %[[E:.*]] = call @between_kernels_kernel_0(%arg1)
// CHECK: %[[R:.*]] = call @between_kernels_kernel_1(%arg0, %[[E]])
// CHECK: call @between_kernels_kernel_2(%[[R]])
// CHECK: func.func private @between_kernels_kernel_0
// CHECK-NEXT: loom.exp
// CHECK: func.func private @between_kernels_kernel_1({{.*}}) -> tensor<3x8xf32> attributes {loom.kernel = #loom.kernel<generic>}
// CHECK-NEXT: loom.scan carried(%arg0) scanned(%arg1) invariants()
// CHECK-NEXT: ^bb0
// CHECK-NEXT: loom.max
// CHECK-NEXT: loom.yield
// CHECK: func.func private @between_kernels_kernel_2
// CHECK-NEXT: loom.neg
func.func @between_kernels(%h: tensor<3x8xf32>, %xs: tensor<9x3x8xf32>) -> tensor<3x8xf32> {
  %e = loom.exp %xs : tensor<9x3x8xf32>
  %r = loom.scan carried(%h) scanned(%e) invariants() {length = 9 : i64} : (tensor<3x8xf32>, tensor<9x3x8xf32>) -> tensor<3x8xf32> {
  ^bb0(%t: tensor<i64>, %acc: tensor<3x8xf32>, %x: tensor<3x8xf32>):
    %m = loom.max %acc, %x : (tensor<3x8xf32>, tensor<3x8xf32>) -> tensor<3x8xf32>
    loom.yield %m : tensor<3x8xf32>
  }
  %n = loom.neg %r : tensor<3x8xf32>
  return %n : tensor<3x8xf32>
}
