// RUN: loom-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(loom-cpu-fuse-elementwise))' \
// RUN:   | FileCheck %s

// Elementwise ops still fuse with each other.
// CHECK-LABEL: func.func @elementwise_chain_fuses
// CHECK: linalg.generic
// CHECK: arith.negf
// CHECK: math.exp
// CHECK-NOT: linalg.generic
func.func @elementwise_chain_fuses(%a: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  } -> tensor<8xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%0 : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = math.exp %x : f32
    linalg.yield %n : f32
  } -> tensor<8xf32>
  return %1 : tensor<8xf32>
}

// -----

// A convolution's im2col stays a producer of its contraction (upstream's
// fusion would make the two one direct convolution), and the epilogue
// stays separate too (a contraction is no elementwise producer).
// CHECK-LABEL: func.func @im2col_stays_out_of_the_contraction
// CHECK: %[[COLS:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[COLS]] : tensor<4x2x3xf32>, tensor<2x3x5x6xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[Y]]
// CHECK: arith.maximumf
func.func @im2col_stays_out_of_the_contraction(%x: tensor<2x7x6xf32>, %w: tensor<4x2x3xf32>) -> tensor<4x5x6xf32> {
  %zero = arith.constant 0.0 : f32
  %pe = tensor.empty() : tensor<2x3x5x6xf32>
  %cols = linalg.generic {indexing_maps = [affine_map<(c, k, h, w) -> (c, h + k, w)>, affine_map<(c, k, h, w) -> (c, k, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<2x7x6xf32>) outs(%pe : tensor<2x3x5x6xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  } -> tensor<2x3x5x6xf32>
  %e = tensor.empty() : tensor<4x5x6xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x5x6xf32>) -> tensor<4x5x6xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(f, h, w, c, k) -> (f, c, k)>, affine_map<(f, h, w, c, k) -> (c, k, h, w)>, affine_map<(f, h, w, c, k) -> (f, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%w, %cols : tensor<4x2x3xf32>, tensor<2x3x5x6xf32>) outs(%f : tensor<4x5x6xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x5x6xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(f, h, w) -> (f, h, w)>, affine_map<(f, h, w) -> (f, h, w)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%y : tensor<4x5x6xf32>) outs(%e : tensor<4x5x6xf32>) {
  ^bb0(%in: f32, %o: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x5x6xf32>
  return %r : tensor<4x5x6xf32>
}

// -----

// A reshape is not moved above a tensor.pad, which tiling can then still
// fuse into its consumer's tiles.
// CHECK-LABEL: func.func @reshape_stays_below_a_pad
// CHECK: %[[C:.*]] = tensor.collapse_shape
// CHECK: tensor.pad %[[C]]
func.func @reshape_stays_below_a_pad(%x: tensor<1x2x4xf32>) -> tensor<2x6xf32> {
  %zero = arith.constant 0.0 : f32
  %c = tensor.collapse_shape %x [[0, 1], [2]] : tensor<1x2x4xf32> into tensor<2x4xf32>
  %p = tensor.pad %c low[0, 1] high[0, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<2x4xf32> to tensor<2x6xf32>
  return %p : tensor<2x6xf32>
}
