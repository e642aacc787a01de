// RUN: loom-opt %s -pass-pipeline='builtin.module(func.func(loom-cpu-lower-strided-copies))' | FileCheck %s

// CHECK-LABEL: func.func @copies
// CHECK-SAME: (%[[TILE:.*]]: memref<4x8xf32, strided<[16, 1], offset: ?>>, %[[A:.*]]: memref<4x8xf32>, %[[B:.*]]: memref<4x8xf32>)
// CHECK: linalg.copy ins(%[[TILE]] : memref<4x8xf32, strided<[16, 1], offset: ?>>) outs(%[[A]] : memref<4x8xf32>)
// CHECK: memref.copy %[[A]], %[[B]] : memref<4x8xf32> to memref<4x8xf32>
func.func @copies(%tile: memref<4x8xf32, strided<[16, 1], offset: ?>>, %a: memref<4x8xf32>, %b: memref<4x8xf32>) {
  memref.copy %tile, %a : memref<4x8xf32, strided<[16, 1], offset: ?>> to memref<4x8xf32>
  memref.copy %a, %b : memref<4x8xf32> to memref<4x8xf32>
  return
}
