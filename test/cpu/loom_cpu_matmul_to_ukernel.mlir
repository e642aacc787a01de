// RUN: loom-opt %s -split-input-file -loom-cpu-matmul-to-ukernel | FileCheck %s

// The zero fill of the output is dropped: the call overwrites (flags 0).
// CHECK-LABEL: func.func @tile_after_zero_fill
// CHECK-SAME: (%[[A:.*]]: memref<64x32xf32, strided<[128, 1], offset: ?>>, %[[B:.*]]: memref<32x16xf32>, %[[C:.*]]: memref<64x16xf32>)
// CHECK-NOT: linalg.fill
// CHECK: %[[BASE:.*]], %[[OFFSET:.*]], %{{.*}}:2, %[[STRIDES:.*]]:2 = memref.extract_strided_metadata %[[A]]
// CHECK: %[[ALIGNED:.*]] = memref.extract_aligned_pointer_as_index %[[A]]
// CHECK: %[[BYTES:.*]] = arith.muli %[[OFFSET]], %c4
// CHECK: %[[ADDRESS:.*]] = arith.addi %[[ALIGNED]], %[[BYTES]]
// CHECK: %[[ADDRESS64:.*]] = arith.index_cast %[[ADDRESS]] : index to i64
// CHECK: %[[LHS:.*]] = llvm.inttoptr %[[ADDRESS64]] : i64 to !llvm.ptr
// CHECK: %[[LHS_STRIDE:.*]] = arith.index_cast %[[STRIDES]]#0 : index to i64
// CHECK: %[[FLAGS:.*]] = arith.constant 0 : i32
// CHECK: call @loom_ukernel_matmul_f32(%[[LHS]], %[[LHS_STRIDE]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[FLAGS]])
// CHECK-NOT: linalg.matmul
// CHECK: func.func private @loom_ukernel_matmul_f32(!llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr, i64, i64, i64, i64, i32)
func.func @tile_after_zero_fill(%a: memref<64x32xf32, strided<[128, 1], offset: ?>>, %b: memref<32x16xf32>, %c: memref<64x16xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<64x16xf32>)
  linalg.matmul ins(%a, %b : memref<64x32xf32, strided<[128, 1], offset: ?>>, memref<32x16xf32>) outs(%c : memref<64x16xf32>)
  return
}

// -----

// Without a fill the product is accumulated (flags 1).
// CHECK-LABEL: func.func @accumulates
// CHECK: %[[FLAGS:.*]] = arith.constant 1 : i32
// CHECK: call @loom_ukernel_matmul_f32({{.*}}, %[[FLAGS]])
func.func @accumulates(%a: memref<4x4xf32>, %b: memref<4x4xf32>, %c: memref<4x4xf32>) {
  linalg.matmul ins(%a, %b : memref<4x4xf32>, memref<4x4xf32>) outs(%c : memref<4x4xf32>)
  return
}

// -----

// Other element types, strided rows and tensors stay linalg.matmul.
// CHECK-LABEL: func.func @negative_not_f32_rows
// CHECK-COUNT-3: linalg.matmul
// CHECK-NOT: call
func.func @negative_not_f32_rows(%a: memref<4x4xf64>, %b: memref<4x4xf64>, %c: memref<4x4xf64>,
                                 %s: memref<4x4xf32, strided<[8, 2]>>, %d: memref<4x4xf32>,
                                 %t: tensor<4x4xf32>) -> tensor<4x4xf32> {
  linalg.matmul ins(%a, %b : memref<4x4xf64>, memref<4x4xf64>) outs(%c : memref<4x4xf64>)
  linalg.matmul ins(%s, %d : memref<4x4xf32, strided<[8, 2]>>, memref<4x4xf32>) outs(%d : memref<4x4xf32>)
  %r = linalg.matmul ins(%t, %t : tensor<4x4xf32>, tensor<4x4xf32>) outs(%t : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}
