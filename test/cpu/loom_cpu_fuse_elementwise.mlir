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

// A 1x1 convolution's bias add and SiLU (x * sigmoid(x)), as a kernel
// reaches the pass: the add has two readers, so it does not fuse; the
// sigmoid fuses into the multiply, which then reads the add through two
// operands. Read once, the add has one use and fuses too, leaving one
// generic after the contraction (the shape of a matmul epilogue with SiLU,
// which loom-cpu-matmul-to-ukernel folds into the micro-kernel).
// CHECK-LABEL: func.func @silu_of_a_conv_bias_add_fuses
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK: %[[ADDED:.*]] = linalg.generic
// CHECK-SAME: ins(%{{.*}} : tensor<8x4x4xf32>)
// CHECK: %[[X:.*]] = arith.addf
// CHECK-NEXT: arith.negf %[[X]]
// CHECK-NEXT: math.exp
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.divf
// CHECK-NEXT: arith.mulf %[[X]]
// CHECK-NOT: linalg.generic
// CHECK: tensor.expand_shape %[[ADDED]]
func.func @silu_of_a_conv_bias_add_fuses(%arg0: tensor<1x3x4x4xf32>, %arg1: tensor<8x3x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %cst = arith.constant dense<0.000000e+00> : tensor<8xf32>
  %cst_0 = arith.constant 1.000000e+00 : f32
  %cst_1 = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<1x8x4x4xf32>
  %collapsed = tensor.collapse_shape %arg1 [[0], [1, 2, 3]] : tensor<8x3x1x1xf32> into tensor<8x3xf32>
  %collapsed_2 = tensor.collapse_shape %arg0 [[0, 1], [2], [3]] : tensor<1x3x4x4xf32> into tensor<3x4x4xf32>
  %collapsed_3 = tensor.collapse_shape %0 [[0, 1], [2], [3]] : tensor<1x8x4x4xf32> into tensor<8x4x4xf32>
  %1 = linalg.fill ins(%cst_1 : f32) outs(%collapsed_3 : tensor<8x4x4xf32>) -> tensor<8x4x4xf32>
  %2 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%collapsed, %collapsed_2 : tensor<8x3xf32>, tensor<3x4x4xf32>) outs(%1 : tensor<8x4x4xf32>) {
  ^bb0(%in: f32, %in_7: f32, %out: f32):
    %9 = arith.mulf %in, %in_7 : f32
    %10 = arith.addf %out, %9 : f32
    linalg.yield %10 : f32
  } -> tensor<8x4x4xf32>
  %3 = tensor.empty() : tensor<1x8x4x4xf32>
  %collapsed_4 = tensor.collapse_shape %3 [[0, 1], [2], [3]] : tensor<1x8x4x4xf32> into tensor<8x4x4xf32>
  %4 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%2, %cst : tensor<8x4x4xf32>, tensor<8xf32>) outs(%collapsed_4 : tensor<8x4x4xf32>) {
  ^bb0(%in: f32, %in_7: f32, %out: f32):
    %9 = arith.addf %in, %in_7 : f32
    linalg.yield %9 : f32
  } -> tensor<8x4x4xf32>
  %5 = tensor.empty() : tensor<1x8x4x4xf32>
  %collapsed_5 = tensor.collapse_shape %5 [[0, 1], [2], [3]] : tensor<1x8x4x4xf32> into tensor<8x4x4xf32>
  %6 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%4 : tensor<8x4x4xf32>) outs(%collapsed_5 : tensor<8x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %9 = arith.negf %in : f32
    %10 = math.exp %9 : f32
    %11 = arith.addf %10, %cst_0 : f32
    %12 = arith.divf %cst_0, %11 : f32
    linalg.yield %12 : f32
  } -> tensor<8x4x4xf32>
  %7 = tensor.empty() : tensor<1x8x4x4xf32>
  %collapsed_6 = tensor.collapse_shape %7 [[0, 1], [2], [3]] : tensor<1x8x4x4xf32> into tensor<8x4x4xf32>
  %8 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%4, %6 : tensor<8x4x4xf32>, tensor<8x4x4xf32>) outs(%collapsed_6 : tensor<8x4x4xf32>) {
  ^bb0(%in: f32, %in_7: f32, %out: f32):
    %9 = arith.mulf %in, %in_7 : f32
    linalg.yield %9 : f32
  } -> tensor<8x4x4xf32>
  %expanded = tensor.expand_shape %8 [[0, 1], [2], [3]] output_shape [1, 8, 4, 4] : tensor<8x4x4xf32> into tensor<1x8x4x4xf32>
  return %expanded : tensor<1x8x4x4xf32>
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
