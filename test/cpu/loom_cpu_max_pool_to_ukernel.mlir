// RUN: loom-opt %s -split-input-file -loom-cpu-max-pool-to-ukernel | FileCheck %s

// A 3x3 stride-2 max pool's tile (padded input [C, H, W], the window-shaped
// temporary, arith.maximumf into the output filled with -inf) becomes one
// call on the padded input and the output, which the call updates; the
// window-shaped temporary goes and the fill stays.
#in = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 * 2 + d2, d4 * 2 + d3)>
#window = affine_map<(d0, d1, d2, d3, d4) -> (d2, d3)>
#out = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4)>
// CHECK-LABEL: func.func @pool
// CHECK-SAME: (%[[IN:.*]]: memref<3x113x113xf32>, %[[OUT:.*]]: memref<3x56x56xf32>)
// CHECK-NOT: memref.alloc
// CHECK: linalg.fill
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : i64
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : i64
// CHECK: call @loom_ukernel_max_pool2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[C0]], %[[C0]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[C3]], %[[C3]], %[[C2]], %[[C2]], %[[C1]], %[[C1]])
// CHECK-NOT: linalg.generic
// CHECK-NOT: memref.dealloc
// CHECK: func.func private @loom_ukernel_max_pool2d_f32(!llvm.ptr, i64, i64, i64, i64, i64, i64, !llvm.ptr, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)
func.func @pool(%in: memref<3x113x113xf32>, %out: memref<3x56x56xf32>) {
  %cst = arith.constant 0xFF800000 : f32
  %window = memref.alloc() {alignment = 64 : i64} : memref<3x3xf32>
  linalg.fill ins(%cst : f32) outs(%out : memref<3x56x56xf32>)
  linalg.generic {indexing_maps = [#in, #window, #out], iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%in, %window : memref<3x113x113xf32>, memref<3x3xf32>) outs(%out : memref<3x56x56xf32>) {
  ^bb0(%a: f32, %w: f32, %o: f32):
    %0 = arith.maximumf %o, %a : f32
    linalg.yield %0 : f32
  }
  memref.dealloc %window : memref<3x3xf32>
  return
}

// -----

// A batch: one call per image, in a loop over the output's first
// dimension; a dilated 2x2 window at unequal strides.
#in = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 3 + d3 * 2, d5 + d4 * 2)>
#window = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
#out = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @batch_dilated
// CHECK: scf.for
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : i64
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : i64
// CHECK: call @loom_ukernel_max_pool2d_f32({{.*}}, %[[C2]], %[[C2]], %[[C3]], %[[C1]], %[[C2]], %[[C2]])
func.func @batch_dilated(%in: memref<2x4x11x12xf32>, %out: memref<2x4x3x10xf32>) {
  %window = memref.alloc() {alignment = 64 : i64} : memref<2x2xf32>
  linalg.generic {indexing_maps = [#in, #window, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%in, %window : memref<2x4x11x12xf32>, memref<2x2xf32>) outs(%out : memref<2x4x3x10xf32>) {
  ^bb0(%a: f32, %w: f32, %o: f32):
    %0 = arith.maximumf %a, %o : f32
    linalg.yield %0 : f32
  }
  return
}

// -----

// Left alone: an integer max pool (arith.maxsi) and a window sum (an
// average pool's).
#in = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d2, d4 + d3)>
#window = affine_map<(d0, d1, d2, d3, d4) -> (d2, d3)>
#out = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4)>
// CHECK-LABEL: func.func @integers
// CHECK-NOT: call
// CHECK: linalg.generic
// CHECK-LABEL: func.func @sum
// CHECK-NOT: call
// CHECK: linalg.generic
func.func @integers(%in: memref<2x5x5xi32>, %window: memref<2x2xi32>, %out: memref<2x4x4xi32>) {
  linalg.generic {indexing_maps = [#in, #window, #out], iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%in, %window : memref<2x5x5xi32>, memref<2x2xi32>) outs(%out : memref<2x4x4xi32>) {
  ^bb0(%a: i32, %w: i32, %o: i32):
    %0 = arith.maxsi %o, %a : i32
    linalg.yield %0 : i32
  }
  return
}
func.func @sum(%in: memref<2x5x5xf32>, %window: memref<2x2xf32>, %out: memref<2x4x4xf32>) {
  linalg.generic {indexing_maps = [#in, #window, #out], iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%in, %window : memref<2x5x5xf32>, memref<2x2xf32>) outs(%out : memref<2x4x4xf32>) {
  ^bb0(%a: f32, %w: f32, %o: f32):
    %0 = arith.addf %o, %a : f32
    linalg.yield %0 : f32
  }
  return
}

// -----

// The pool reads a copy of its input padded with -inf, as bufferization
// makes it of a tensor.pad: the call reads the 112 x 112 input itself with
// one row and column of implicit padding above and left, and the
// allocation, its fill and the copy go. A copy padded with zeros (not what
// a max pool pads with) stays.
#in = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 * 2 + d2, d4 * 2 + d3)>
#window = affine_map<(d0, d1, d2, d3, d4) -> (d2, d3)>
#out = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4)>
// CHECK-LABEL: func.func @padded_copy
// CHECK-SAME: (%[[IN:.*]]: memref<3x112x112xf32>, %[[OUT:.*]]: memref<3x56x56xf32>, %[[OUT2:.*]]: memref<3x56x56xf32>)
// CHECK: %[[ZEROS:.*]] = memref.alloc() {{.*}} : memref<3x113x113xf32>
// CHECK-NOT: memref.alloc
// CHECK: memref.copy %[[IN]]
// CHECK-NOT: memref.copy
// CHECK: memref.extract_strided_metadata %[[IN]]
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK: call @loom_ukernel_max_pool2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[ONE]], %[[ONE]],
// CHECK: memref.extract_strided_metadata %[[ZEROS]]
// CHECK-DAG: %[[NONE:.*]] = arith.constant 0 : i64
// CHECK: call @loom_ukernel_max_pool2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[NONE]], %[[NONE]],
func.func @padded_copy(%in: memref<3x112x112xf32>, %out: memref<3x56x56xf32>,
                       %out2: memref<3x56x56xf32>) {
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %zeros = memref.alloc() {alignment = 64 : i64} : memref<3x113x113xf32>
  linalg.fill ins(%zero : f32) outs(%zeros : memref<3x113x113xf32>)
  %zi = memref.subview %zeros[0, 1, 1] [3, 112, 112] [1, 1, 1]
      : memref<3x113x113xf32> to memref<3x112x112xf32, strided<[12769, 113, 1], offset: 114>>
  memref.copy %in, %zi : memref<3x112x112xf32> to memref<3x112x112xf32, strided<[12769, 113, 1], offset: 114>>
  %padded = memref.alloc() {alignment = 64 : i64} : memref<3x113x113xf32>
  linalg.map outs(%padded : memref<3x113x113xf32>)
    (%init: f32) {
      linalg.yield %ninf : f32
    }
  %pi = memref.subview %padded[0, 1, 1] [3, 112, 112] [1, 1, 1]
      : memref<3x113x113xf32> to memref<3x112x112xf32, strided<[12769, 113, 1], offset: 114>>
  memref.copy %in, %pi : memref<3x112x112xf32> to memref<3x112x112xf32, strided<[12769, 113, 1], offset: 114>>
  %window = memref.alloc() {alignment = 64 : i64} : memref<3x3xf32>
  linalg.fill ins(%ninf : f32) outs(%out : memref<3x56x56xf32>)
  linalg.generic {indexing_maps = [#in, #window, #out], iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%padded, %window : memref<3x113x113xf32>, memref<3x3xf32>) outs(%out : memref<3x56x56xf32>) {
  ^bb0(%a: f32, %w: f32, %o: f32):
    %0 = arith.maximumf %o, %a : f32
    linalg.yield %0 : f32
  }
  linalg.fill ins(%ninf : f32) outs(%out2 : memref<3x56x56xf32>)
  linalg.generic {indexing_maps = [#in, #window, #out], iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%zeros, %window : memref<3x113x113xf32>, memref<3x3xf32>) outs(%out2 : memref<3x56x56xf32>) {
  ^bb0(%a: f32, %w: f32, %o: f32):
    %0 = arith.maximumf %o, %a : f32
    linalg.yield %0 : f32
  }
  memref.dealloc %padded : memref<3x113x113xf32>
  memref.dealloc %zeros : memref<3x113x113xf32>
  return
}
