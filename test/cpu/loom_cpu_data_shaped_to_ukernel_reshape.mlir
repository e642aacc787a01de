// RUN: loom-opt %s -loom-cpu-data-shaped-to-ukernel | FileCheck %s
// RUN: loom-opt %s -loom-cpu-lower-kernels | FileCheck %s --check-prefix=LLVM

// A Reshape to a run-time shape becomes a call on buffers: the input's
// shape [2, 3, 4] in a stack array, rank 3, 24 elements of 4 bytes, the
// shape's 4 entries, allowzero 0, each dimension's bound 24.
// CHECK-LABEL: func.func private @reshape
// CHECK-SAME: (%[[X:.*]]: memref<2x3x4xf32>, %[[SHAPE:.*]]: memref<4xi64>, %[[VALUES:.*]]: memref<24xf32>, %[[DIMS:.*]]: memref<4xi64>)
// CHECK-NOT: loom.reshape_to_shape
// CHECK: memref.alloca() : memref<3xi64>
// CHECK: call @loom_ukernel_reshape_to_shape(%{{.*}}, %{{.*}}, %c3_i64, %c24_i64, %c4_i64, %{{.*}}, %c4_i64, %c0_i64, %c24_i64, %{{.*}}, %{{.*}}) : (!llvm.ptr, !llvm.ptr, i64, i64, i64, !llvm.ptr, i64, i64, i64, !llvm.ptr, !llvm.ptr) -> ()
// CHECK: return

// The whole kernel pipeline leaves one workgroup that calls it.
// LLVM-DAG: llvm.func @loom_ukernel_reshape_to_shape(!llvm.ptr, !llvm.ptr, i64, i64, i64, !llvm.ptr, i64, i64, i64, !llvm.ptr, !llvm.ptr)
// LLVM-DAG: llvm.func @reshape(%{{.*}}: !llvm.ptr) -> i32
func.func private @reshape(%x: tensor<2x3x4xf32>, %s: tensor<4xi64>) -> (tensor<24xf32>, tensor<4xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.reshape_to_shape %x, %s : (tensor<2x3x4xf32>, tensor<4xi64>) -> (tensor<24xf32>, tensor<4xi64>)
  return %values, %dims : tensor<24xf32>, tensor<4xi64>
}
