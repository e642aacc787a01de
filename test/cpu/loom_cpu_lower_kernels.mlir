// RUN: loom-opt %s -loom-cpu-lower-kernels | FileCheck %s

// The whole pipeline: loom ops in, the LLVM dialect with an ABI entry per
// kernel out; the matmuls call the micro-kernel, the one followed by a ReLU
// its bias-and-clamp entry (no bias, clamp to [0, inf]).
// CHECK-DAG: llvm.func @loom_ukernel_matmul_f32(!llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr, i64, i64, i64, i64, i32)
// CHECK-DAG: llvm.func @loom_ukernel_matmul_epilogue_f32(!llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr, i64, i64, i64, i64, i32, !llvm.ptr, i64, !llvm.ptr, i64, f32, f32)
// CHECK-DAG: llvm.func @plain(%{{.*}}: !llvm.ptr) -> i32
// CHECK-DAG: llvm.func internal @chain.impl(
// CHECK-DAG: llvm.func @chain(%{{.*}}: !llvm.ptr) -> i32
// CHECK-DAG: llvm.func internal @dense.impl(
// CHECK-DAG: llvm.func @dense(%{{.*}}: !llvm.ptr) -> i32
// CHECK-DAG: llvm.mlir.global external constant @loom_kernel_abi_version(1 : i32)
// CHECK-NOT: loom.
// CHECK-NOT: linalg.
// CHECK-NOT: memref.
func.func private @chain(%a: tensor<512x512xf32>, %b: tensor<512xf32>) -> tensor<512x512xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.add %a, %b : (tensor<512x512xf32>, tensor<512xf32>) -> tensor<512x512xf32>
  %1 = loom.exp %0 : tensor<512x512xf32>
  return %1 : tensor<512x512xf32>
}
func.func private @dense(%x: tensor<8x16xf32>, %w: tensor<16x4xf32>) -> tensor<8x4xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.matmul %x, %w : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
  %1 = loom.relu %0 : tensor<8x4xf32>
  return %1 : tensor<8x4xf32>
}
func.func private @plain(%x: tensor<8x16xf32>, %w: tensor<16x4xf32>) -> tensor<8x4xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.matmul %x, %w : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
