// RUN: loom-opt %s -split-input-file -loom-cuda-outline-kernels | FileCheck %s
// RUN: loom-opt %s -split-input-file -loom-cuda-outline-kernels='block-size=32' \
// RUN:   | FileCheck %s --check-prefix=B32
// 4x300 iterations: 1200 threads in blocks of 256 (5 blocks); the linear
// id is delinearized row-major, threads past 1200 do nothing.
// CHECK: module attributes {gpu.container_module}
// CHECK-NOT: func.func @neg
// CHECK: gpu.module @loom_cuda_kernels
// CHECK: gpu.func @neg(%[[A:.*]]: memref<4x300xf32>, %[[B:.*]]: memref<4x300xf32>) kernel
// CHECK-SAME: known_block_size = array<i32: 256, 1, 1>
// CHECK-SAME: known_grid_size = array<i32: 5, 1, 1>
// CHECK: %[[BID:.*]] = gpu.block_id x
// CHECK: %[[TID:.*]] = gpu.thread_id x
// CHECK: %[[BASE:.*]] = arith.muli %[[BID]], %c256
// CHECK: %[[ID:.*]] = arith.addi %[[BASE]], %[[TID]]
// CHECK: %[[IN:.*]] = arith.cmpi ult, %[[ID]], %c1200
// CHECK: scf.if %[[IN]]
// CHECK: %[[J:.*]] = arith.remui %[[ID]], %c300
// CHECK: %[[I:.*]] = arith.divui %[[ID]], %c300
// CHECK: memref.load %[[A]]
// CHECK: arith.negf
// CHECK: memref.store
// CHECK: gpu.return
// B32: known_block_size = array<i32: 32, 1, 1>
// B32-SAME: known_grid_size = array<i32: 38, 1, 1>
func.func @neg(%a: memref<4x300xf32>, %b: memref<4x300xf32>)
    attributes {loom.kernel = #loom.kernel<elementwise>} {
  scf.forall (%i, %j) in (4, 300) {
    %x = memref.load %a[%i, %j] : memref<4x300xf32>
    %n = arith.negf %x : f32
    memref.store %n, %b[%i, %j] : memref<4x300xf32>
  }
  return
}

// -----

// Without a forall the kernel runs on one thread, its per-thread
// temporary allocated once at the entry rather than in the loop.
// CHECK-LABEL: gpu.func @scalar
// CHECK-SAME: known_block_size = array<i32: 1, 1, 1>
// CHECK-SAME: known_grid_size = array<i32: 1, 1, 1>
// CHECK-NEXT: memref.alloca() : memref<f32>
// CHECK: scf.for
// CHECK-NOT: memref.alloca
// CHECK: gpu.return
func.func @scalar(%a: memref<8xf32>, %b: memref<f32>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %i = %c0 to %c8 step %c1 {
    %t = memref.alloca() : memref<f32>
    %x = memref.load %a[%i] : memref<8xf32>
    memref.store %x, %t[] : memref<f32>
    %y = memref.load %t[] : memref<f32>
    memref.store %y, %b[] : memref<f32>
  }
  return
}

