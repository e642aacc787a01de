// RUN: loom-opt %s -loom-cpu-data-shaped-to-ukernel | FileCheck %s
// RUN: loom-opt %s -loom-cpu-lower-kernels | FileCheck %s --check-prefix=LLVM

// A Split with run-time sizes becomes one call per part, each checking the
// sizes and copying its part: i32 elements of 4 bytes, the input as
// [2, 6, 1] around axis 1, its shape (one stack array for both calls) and
// rank, the 2 sizes, the part's number, its buffer, bound 12 and dims.
// CHECK-LABEL: func.func private @split
// CHECK-SAME: (%{{.*}}: memref<2x6xi32>, %{{.*}}: memref<2xi64>, %{{.*}}: memref<12xi32>, %{{.*}}: memref<12xi32>, %{{.*}}: memref<2xi64>, %{{.*}}: memref<2xi64>)
// CHECK-NOT: loom.runtime_split
// CHECK: memref.alloca() : memref<2xi64>
// CHECK-NOT: memref.alloca
// CHECK: call @loom_ukernel_runtime_split(%{{.*}}, %c4_i64, %c2_i64, %c6_i64, %c1_i64, %[[SHAPE:.*]], %c2_i64, %c1_i64, %{{.*}}, %c2_i64, %c0_i64, %{{.*}}, %c12_i64, %{{.*}})
// CHECK: call @loom_ukernel_runtime_split(%{{.*}}, %c4_i64, %c2_i64, %c6_i64, %c1_i64, %[[SHAPE]], %c2_i64, %c1_i64, %{{.*}}, %c2_i64, %c1_i64, %{{.*}}, %c12_i64, %{{.*}})
// CHECK: return

// LLVM-DAG: llvm.func @loom_ukernel_runtime_split(!llvm.ptr, i64, i64, i64, i64, !llvm.ptr, i64, i64, !llvm.ptr, i64, i64, !llvm.ptr, i64, !llvm.ptr)
// LLVM-DAG: llvm.func @split(%{{.*}}: !llvm.ptr) -> i32
func.func private @split(%x: tensor<2x6xi32>, %s: tensor<2xi64>) -> (tensor<12xi32>, tensor<12xi32>, tensor<2xi64>, tensor<2xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %p:4 = loom.runtime_split %x, %s {axis = 1 : i64} : (tensor<2x6xi32>, tensor<2xi64>) -> (tensor<12xi32>, tensor<12xi32>, tensor<2xi64>, tensor<2xi64>)
  return %p#0, %p#1, %p#2, %p#3 : tensor<12xi32>, tensor<12xi32>, tensor<2xi64>, tensor<2xi64>
}
