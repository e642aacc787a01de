// RUN: loom-opt %s -loom-cpu-data-shaped-to-ukernel | FileCheck %s
// RUN: loom-opt %s -loom-cpu-lower-kernels | FileCheck %s --check-prefix=LLVM

// A Slice with run-time bounds becomes a call on buffers: the input's shape
// [2, 3, 4] in a stack array, rank 3, elements of 4 bytes, the four bound
// lists of 2 entries, the result's bound of 24 elements and its dims.
// CHECK-LABEL: func.func private @slice
// CHECK-SAME: (%{{.*}}: memref<2x3x4xf32>, %{{.*}}: memref<2xi64>, %{{.*}}: memref<2xi64>, %{{.*}}: memref<2xi64>, %{{.*}}: memref<2xi64>, %{{.*}}: memref<24xf32>, %{{.*}}: memref<3xi64>)
// CHECK-NOT: loom.runtime_slice
// CHECK: memref.alloca() : memref<3xi64>
// CHECK: call @loom_ukernel_runtime_slice(%{{.*}}, %{{.*}}, %c3_i64, %c4_i64, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %c2_i64, %{{.*}}, %c24_i64, %{{.*}}) : (!llvm.ptr, !llvm.ptr, i64, i64, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr) -> ()
// CHECK: return

// The whole kernel pipeline leaves one workgroup that calls it.
// LLVM-DAG: llvm.func @loom_ukernel_runtime_slice(!llvm.ptr, !llvm.ptr, i64, i64, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr)
// LLVM-DAG: llvm.func @slice(%{{.*}}: !llvm.ptr) -> i32
func.func private @slice(%x: tensor<2x3x4xf32>, %s: tensor<2xi64>, %e: tensor<2xi64>, %a: tensor<2xi64>, %st: tensor<2xi64>) -> (tensor<24xf32>, tensor<3xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.runtime_slice %x, %s, %e, %a, %st : (tensor<2x3x4xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> (tensor<24xf32>, tensor<3xi64>)
  return %values, %dims : tensor<24xf32>, tensor<3xi64>
}
