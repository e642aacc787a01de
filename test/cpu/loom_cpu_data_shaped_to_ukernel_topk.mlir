// RUN: loom-opt %s -loom-cpu-data-shaped-to-ukernel | FileCheck %s
// RUN: loom-opt %s -loom-cpu-lower-kernels | FileCheck %s --check-prefix=LLVM

// A TopK with a run-time k becomes a call on buffers: f16 elements of 2
// bytes compared as LOOM_UKERNEL_F16 (3), the input as [3, 4, 1] around
// axis 1, its shape and rank, k's buffer, largest 0, values, indices, the
// bound of 12, a scratch of 2 * 4 i64 and the shared dims.
// CHECK-LABEL: func.func private @topk
// CHECK-SAME: (%{{.*}}: memref<3x4xf16>, %{{.*}}: memref<1xi64>, %{{.*}}: memref<12xf16>, %{{.*}}: memref<12xi64>, %{{.*}}: memref<2xi64>)
// CHECK-NOT: loom.runtime_topk
// CHECK: memref.alloc() : memref<8xi64>
// CHECK: call @loom_ukernel_runtime_topk(%{{.*}}, %c2_i64, %c3_i64, %c3_i64, %c4_i64, %c1_i64, %{{.*}}, %c2_i64, %c1_i64, %{{.*}}, %c0_i64, %{{.*}}, %{{.*}}, %c12_i64, %{{.*}}, %{{.*}}) : (!llvm.ptr, i64, i64, i64, i64, i64, !llvm.ptr, i64, i64, !llvm.ptr, i64, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr, !llvm.ptr) -> ()
// CHECK: return

// LLVM-DAG: llvm.func @loom_ukernel_runtime_topk(!llvm.ptr, i64, i64, i64, i64, i64, !llvm.ptr, i64, i64, !llvm.ptr, i64, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr, !llvm.ptr)
// LLVM-DAG: llvm.func @topk(%{{.*}}: !llvm.ptr) -> i32
func.func private @topk(%x: tensor<3x4xf16>, %k: tensor<1xi64>) -> (tensor<12xf16>, tensor<12xi64>, tensor<2xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %v, %i, %d = loom.runtime_topk %x, %k {axis = 1 : i64, largest = false} : (tensor<3x4xf16>, tensor<1xi64>) -> (tensor<12xf16>, tensor<12xi64>, tensor<2xi64>)
  return %v, %i, %d : tensor<12xf16>, tensor<12xi64>, tensor<2xi64>
}
