// RUN: loom-opt %s -split-input-file -loom-cpu-data-shaped-to-ukernel | FileCheck %s
// RUN: loom-opt %s -split-input-file -loom-cpu-lower-kernels | FileCheck %s --check-prefix=LLVM

// Unsqueeze by run-time axes becomes a call on buffers: the input's shape
// in a stack array, rank 3, 60 elements of 4 bytes, 2 axes, squeeze 0, and
// scratch for the result's 5 dimensions.
// CHECK-LABEL: func.func private @unsqueeze
// CHECK-SAME: (%{{.*}}: memref<3x4x5xf32>, %{{.*}}: memref<2xi64>, %{{.*}}: memref<60xf32>, %{{.*}}: memref<5xi64>)
// CHECK-NOT: loom.runtime_unsqueeze
// CHECK: memref.alloca() : memref<5xi64>
// CHECK: call @loom_ukernel_runtime_reshape_axes(%{{.*}}, %{{.*}}, %c3_i64, %c60_i64, %c4_i64, %{{.*}}, %c2_i64, %c0_i64, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, !llvm.ptr, i64, i64, i64, !llvm.ptr, i64, i64, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
// LLVM-DAG: llvm.func @loom_ukernel_runtime_reshape_axes(!llvm.ptr, !llvm.ptr, i64, i64, i64, !llvm.ptr, i64, i64, !llvm.ptr, !llvm.ptr, !llvm.ptr)
// LLVM-DAG: llvm.func @unsqueeze(%{{.*}}: !llvm.ptr) -> i32
func.func private @unsqueeze(%x: tensor<3x4x5xf32>, %axes: tensor<2xi64>) -> (tensor<60xf32>, tensor<5xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.runtime_unsqueeze %x, %axes : (tensor<3x4x5xf32>, tensor<2xi64>) -> (tensor<60xf32>, tensor<5xi64>)
  return %values, %dims : tensor<60xf32>, tensor<5xi64>
}

// -----

// Squeeze: the same micro-kernel with squeeze 1.
// CHECK-LABEL: func.func private @squeeze
// CHECK: call @loom_ukernel_runtime_reshape_axes(%{{.*}}, %{{.*}}, %c3_i64, %c3_i64, %c4_i64, %{{.*}}, %c1_i64, %c1_i64, %{{.*}}, %{{.*}}, %{{.*}})
func.func private @squeeze(%x: tensor<1x3x1xi32>, %axes: tensor<1xi64>) -> (tensor<3xi32>, tensor<2xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.runtime_squeeze %x, %axes : (tensor<1x3x1xi32>, tensor<1xi64>) -> (tensor<3xi32>, tensor<2xi64>)
  return %values, %dims : tensor<3xi32>, tensor<2xi64>
}

// -----

// ReduceSum of f64 (kind 2, the float code; 8 bytes), keepdims 0, the
// values' bound 9 (3 x 3).
// CHECK-LABEL: func.func private @reduce_sum
// CHECK: call @loom_ukernel_runtime_reduce_sum(%{{.*}}, %{{.*}}, %c3_i64, %c12_i64, %c2_i64, %c8_i64, %{{.*}}, %c1_i64, %c0_i64, %{{.*}}, %{{.*}}, %{{.*}}, %c9_i64, %{{.*}})
func.func private @reduce_sum(%x: tensor<3x2x2xf64>, %axes: tensor<1xi64>) -> (tensor<9xf64>, tensor<2xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.runtime_reduce_sum %x, %axes {keepdims = false} : (tensor<3x2x2xf64>, tensor<1xi64>) -> (tensor<9xf64>, tensor<2xi64>)
  return %values, %dims : tensor<9xf64>, tensor<2xi64>
}

// -----

// Pad: rank 2, 4-byte elements, the value's address (a null pointer
// without one), mode 1 (reflect), bound 4, capacity 16.
// CHECK-LABEL: func.func private @pad
// CHECK: call @loom_ukernel_runtime_pad(%{{.*}}, %{{.*}}, %c2_i64, %c4_i64, %{{.*}}, %{{.*}}, %c1_i64, %c4_i64, %{{.*}}, %{{.*}}, %c16_i64, %{{.*}}) : (!llvm.ptr, !llvm.ptr, i64, i64, !llvm.ptr, !llvm.ptr, i64, i64, !llvm.ptr, !llvm.ptr, i64, !llvm.ptr) -> ()
// CHECK-LABEL: func.func private @pad_value
// CHECK-NOT: llvm.mlir.zero
// CHECK: call @loom_ukernel_runtime_pad(
func.func private @pad(%x: tensor<2x3xf32>, %pads: tensor<4xi64>) -> (tensor<16xf32>, tensor<2xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.runtime_pad %x, %pads mode reflect {bound = 4 : i64} : (tensor<2x3xf32>, tensor<4xi64>) -> (tensor<16xf32>, tensor<2xi64>)
  return %values, %dims : tensor<16xf32>, tensor<2xi64>
}
func.func private @pad_value(%x: tensor<2x3xf32>, %pads: tensor<4xi64>, %v: tensor<f32>) -> (tensor<16xf32>, tensor<2xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %values, %dims = loom.runtime_pad %x, %pads, %v mode constant {bound = 4 : i64} : (tensor<2x3xf32>, tensor<4xi64>, tensor<f32>) -> (tensor<16xf32>, tensor<2xi64>)
  return %values, %dims : tensor<16xf32>, tensor<2xi64>
}
