// RUN: loom-opt %s -split-input-file -mlir-print-local-scope \
// RUN:   -pass-pipeline='builtin.module(func.func(loom-cpu-collapse-contiguous-loops))' \
// RUN:   | FileCheck %s

// A SiLU over a tile of 8 channels of a 14x14 layer, written into the
// tile's contiguous slice of the output: one loop of 8 * 196.
// CHECK-LABEL: func.func @silu_tile
// CHECK-SAME: %[[IN:[a-z0-9]+]]: memref<8x14x14xf32>
// CHECK-SAME: %[[OUT:[a-z0-9]+]]: memref<672x14x14xf32>
// CHECK: %[[SLICE:.*]] = memref.subview %[[OUT]]
// CHECK-DAG: %[[IN1:.*]] = memref.collapse_shape %[[IN]] {{\[}}[0, 1, 2]] : memref<8x14x14xf32> into memref<1568xf32>
// CHECK-DAG: %[[OUT1:.*]] = memref.collapse_shape %[[SLICE]] {{\[}}[0, 1, 2]] : memref<8x14x14xf32, strided<[196, 14, 1], offset: ?>> into memref<1568xf32, strided<[1], offset: ?>>
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel"]
// CHECK-SAME: ins(%[[IN1]] : memref<1568xf32>) outs(%[[OUT1]] :
// CHECK: math.exp
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @silu_tile(%in: memref<8x14x14xf32>, %out: memref<672x14x14xf32>,
                     %c: index) {
  %one = arith.constant 1.0 : f32
  %slice = memref.subview %out[%c, 0, 0] [8, 14, 14] [1, 1, 1]
      : memref<672x14x14xf32> to memref<8x14x14xf32, strided<[196, 14, 1], offset: ?>>
  linalg.generic {indexing_maps = [#id3, #id3],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%in : memref<8x14x14xf32>)
      outs(%slice : memref<8x14x14xf32, strided<[196, 14, 1], offset: ?>>) {
  ^bb0(%x: f32, %y: f32):
    %n = arith.negf %x : f32
    %e = math.exp %n : f32
    %d = arith.addf %e, %one : f32
    %s = arith.divf %one, %d : f32
    %r = arith.mulf %x, %s : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A per-channel bias indexes none of the spatial loops: they join, the
// channel loop stays.
// CHECK-LABEL: func.func @bias_per_channel
// CHECK-DAG: memref.collapse_shape %{{.*}} {{\[}}[0], [1, 2]] : memref<16x7x7xf32> into memref<16x49xf32>
// CHECK-DAG: memref.collapse_shape %{{.*}} {{\[}}[0], [1, 2]] : memref<16x7x7xf32> into memref<16x49xf32>
// CHECK: linalg.generic
// CHECK-SAME: affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : memref<16x49xf32>, memref<16xf32>)
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#channel = affine_map<(d0, d1, d2) -> (d0)>
func.func @bias_per_channel(%in: memref<16x7x7xf32>, %bias: memref<16xf32>,
                            %out: memref<16x7x7xf32>) {
  linalg.generic {indexing_maps = [#id3, #channel, #id3],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%in, %bias : memref<16x7x7xf32>, memref<16xf32>)
      outs(%out : memref<16x7x7xf32>) {
  ^bb0(%x: f32, %b: f32, %y: f32):
    %r = arith.addf %x, %b : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A global average pool's sum over a 14x14 plane: the two reduction loops
// are one loop over the plane, in the same order.
// CHECK-LABEL: func.func @plane_sum
// CHECK: memref.collapse_shape %{{.*}} {{\[}}[0], [1, 2]] : memref<32x14x14xf32> into memref<32x196xf32>
// CHECK: linalg.generic
// CHECK-SAME: affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#channel = affine_map<(d0, d1, d2) -> (d0)>
func.func @plane_sum(%in: memref<32x14x14xf32>, %out: memref<32xf32>) {
  linalg.generic {indexing_maps = [#id3, #channel],
                  iterator_types = ["parallel", "reduction", "reduction"]}
      ins(%in : memref<32x14x14xf32>) outs(%out : memref<32xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %r = arith.addf %acc, %x : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// The rows of a padded buffer's interior are not contiguous (18 apart, 14
// long), nor are its planes: nothing joins.
// CHECK-LABEL: func.func @negative_padded_interior
// CHECK-NOT: memref.collapse_shape
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel"]
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @negative_padded_interior(%in: memref<8x14x14xf32>,
                                    %padded: memref<8x18x18xf32>) {
  %interior = memref.subview %padded[0, 2, 2] [8, 14, 14] [1, 1, 1]
      : memref<8x18x18xf32> to memref<8x14x14xf32, strided<[324, 18, 1], offset: 38>>
  linalg.generic {indexing_maps = [#id3, #id3],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%in : memref<8x14x14xf32>)
      outs(%interior : memref<8x14x14xf32, strided<[324, 18, 1], offset: 38>>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  return
}

// -----

// A transpose reads its input's dimensions in the other order; parallel
// and reduction loops never join.
// CHECK-LABEL: func.func @negative_transpose_and_mixed_iterators
// CHECK-NOT: memref.collapse_shape
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#swap = affine_map<(d0, d1) -> (d1, d0)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @negative_transpose_and_mixed_iterators(
    %a: memref<8x8xf32>, %b: memref<8x8xf32>, %sum: memref<8xf32>) {
  linalg.generic {indexing_maps = [#swap, #id2],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<8x8xf32>) outs(%b : memref<8x8xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  linalg.generic {indexing_maps = [#id2, #row],
                  iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<8x8xf32>) outs(%sum : memref<8xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %r = arith.addf %acc, %x : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// The last of a kernel's tiles of 29 channels out of 480 has a dynamic
// channel count; the planes are still contiguous, so the loops join.
// CHECK-LABEL: func.func @ragged_channel_tile
// CHECK-DAG: memref.collapse_shape %{{.*}} {{\[}}[0, 1, 2]] : memref<?x14x14xf32> into memref<?xf32>
// CHECK-DAG: memref.collapse_shape %{{.*}} {{\[}}[0, 1, 2]] : memref<?x14x14xf32, strided<[196, 14, 1], offset: ?>> into memref<?xf32, strided<[1], offset: ?>>
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel"]
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @ragged_channel_tile(%in: memref<?x14x14xf32>,
                               %out: memref<480x14x14xf32>, %c: index,
                               %n: index) {
  %slice = memref.subview %out[%c, 0, 0] [%n, 14, 14] [1, 1, 1]
      : memref<480x14x14xf32> to memref<?x14x14xf32, strided<[196, 14, 1], offset: ?>>
  linalg.generic {indexing_maps = [#id3, #id3],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%in : memref<?x14x14xf32>)
      outs(%slice : memref<?x14x14xf32, strided<[196, 14, 1], offset: ?>>) {
  ^bb0(%x: f32, %y: f32):
    %r = arith.mulf %x, %x : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A dynamic inner size leaves the stride of the dimension outside it
// unknown to compare: nothing joins.
// CHECK-LABEL: func.func @negative_dynamic_row
// CHECK-NOT: memref.collapse_shape
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @negative_dynamic_row(%in: memref<8x?xf32>, %out: memref<8x?xf32>) {
  linalg.generic {indexing_maps = [#id2, #id2],
                  iterator_types = ["parallel", "parallel"]}
      ins(%in : memref<8x?xf32>) outs(%out : memref<8x?xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  return
}
