// RUN: loom-opt %s -split-input-file -verify-diagnostics \
// RUN:   -pass-pipeline='builtin.module(func.func(loom-cpu-workgroup-loops))' \
// RUN:   | FileCheck %s

// Workgroup `id` runs tiles id, id + count, ... of the 4 x 2 tiles, the
// last forall dimension varying fastest.
// CHECK-LABEL: func.func @distributed
// CHECK-SAME: (%[[IN:.*]]: memref<256x256xf32>, %[[OUT:.*]]: memref<256x256xf32>, %[[ID:.*]]: index, %[[COUNT:.*]]: index)
// CHECK-SAME: loom.kernel_buffers = [memref<256x256xf32>, memref<256x256xf32>]
// CHECK: %[[TILES:.*]] = arith.constant 8 : index
// CHECK: scf.for %[[T:.*]] = %[[ID]] to %[[TILES]] step %[[COUNT]] {
// CHECK: %[[TWO:.*]] = arith.constant 2 : index
// CHECK: %[[COLUMN:.*]] = arith.remui %[[T]], %[[TWO]]
// CHECK: %[[ROW:.*]] = arith.divui %[[T]], %[[TWO]]
// CHECK: %[[J:.*]] = arith.muli %[[COLUMN]], %{{.*}}
// CHECK: %[[I:.*]] = arith.muli %[[ROW]], %{{.*}}
// CHECK: memref.subview %[[IN]][%[[I]], %[[J]]]
// CHECK: memref.copy
// CHECK-NOT: scf.forall
func.func @distributed(%in: memref<256x256xf32>, %out: memref<256x256xf32>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  scf.forall (%i, %j) = (0, 0) to (256, 256) step (64, 128) {
    %s = memref.subview %in[%i, %j] [64, 128] [1, 1] : memref<256x256xf32> to memref<64x128xf32, strided<[256, 1], offset: ?>>
    %d = memref.subview %out[%i, %j] [64, 128] [1, 1] : memref<256x256xf32> to memref<64x128xf32, strided<[256, 1], offset: ?>>
    memref.copy %s, %d : memref<64x128xf32, strided<[256, 1], offset: ?>> to memref<64x128xf32, strided<[256, 1], offset: ?>>
  }
  return
}

// -----

// Without a forall the kernel is one tile, which workgroup 0 runs.
// CHECK-LABEL: func.func @single_tile
// CHECK-SAME: (%[[IN:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<4xf32>, %[[ID:.*]]: index, %{{.*}}: index)
// CHECK: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[ID]], %[[ZERO]]
// CHECK: scf.if %[[FIRST]] {
// CHECK-NEXT: memref.copy %[[IN]], %[[OUT]]
// CHECK-NEXT: }
// CHECK-NEXT: return
func.func @single_tile(%in: memref<4xf32>, %out: memref<4xf32>) attributes {loom.kernel = #loom.kernel<generic>} {
  memref.copy %in, %out : memref<4xf32> to memref<4xf32>
  return
}

// -----

func.func @not_bufferized(%in: tensor<4xf32>) attributes {loom.kernel = #loom.kernel<generic>} {
  // expected-error @-1 {{kernel arguments must be statically shaped memrefs with the identity layout, not 'tensor<4xf32>'}}
  return
}

// -----

// The tiles write a temporary that is then copied to the output: the copy
// needs every tile, so workgroup 0 runs all tiles in order (from 0, step 1)
// and then the copy; the other workgroups do nothing.
// CHECK-LABEL: func.func @write_outside_the_tiles
// CHECK-SAME: (%[[IN:.*]]: memref<256xf32>, %[[OUT:.*]]: memref<256xf32>, %[[ID:.*]]: index, %{{.*}}: index)
// CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[ID]], %{{.*}}
// CHECK: scf.if %[[FIRST]] {
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : index
// CHECK: %[[TEMP:.*]] = memref.alloc
// CHECK: %[[TILES:.*]] = arith.constant 4 : index
// CHECK: scf.for %[[T:.*]] = %[[ZERO]] to %[[TILES]] step %[[ONE]] {
// CHECK: memref.subview %[[TEMP]]
// CHECK: }
// CHECK-NEXT: memref.copy %[[TEMP]], %[[OUT]]
// CHECK-NEXT: }
// CHECK-NEXT: return
func.func @write_outside_the_tiles(%in: memref<256xf32>, %out: memref<256xf32>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %temp = memref.alloc() : memref<256xf32>
  scf.forall (%i) = (0) to (256) step (64) {
    %s = memref.subview %in[%i] [64] [1] : memref<256xf32> to memref<64xf32, strided<[1], offset: ?>>
    %d = memref.subview %temp[%i] [64] [1] : memref<256xf32> to memref<64xf32, strided<[1], offset: ?>>
    memref.copy %s, %d : memref<64xf32, strided<[1], offset: ?>> to memref<64xf32, strided<[1], offset: ?>>
  }
  memref.copy %temp, %out : memref<256xf32> to memref<256xf32>
  return
}
