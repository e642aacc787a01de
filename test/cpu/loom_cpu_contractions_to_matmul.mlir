// RUN: loom-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(loom-cpu-contractions-to-matmul))' \
// RUN:   | FileCheck %s

// A convolution's tile: the filter [F, C, K1, K2] times the patches
// [C, K1, K2, H, W] into [F, H, W] becomes [F, C*K] x [C*K, H*W], one
// linalg.matmul on a zero fill of the collapsed accumulator, expanded back.
// CHECK-LABEL: func.func @convolution_tile
// CHECK-SAME: (%[[W:.*]]: tensor<16x8x3x3xf32>, %[[P:.*]]: tensor<8x3x3x4x14xf32>)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.0
// CHECK-DAG: %[[LHS:.*]] = tensor.collapse_shape %[[W]] {{\[\[}}0], [1, 2, 3]] : tensor<16x8x3x3xf32> into tensor<16x72xf32>
// CHECK-DAG: %[[RHS:.*]] = tensor.collapse_shape %[[P]] {{\[\[}}0, 1, 2], [3, 4]] : tensor<8x3x3x4x14xf32> into tensor<72x56xf32>
// CHECK-DAG: %[[EMPTY:.*]] = tensor.empty() : tensor<16x4x14xf32>
// CHECK: %[[ACC:.*]] = tensor.collapse_shape %[[EMPTY]] {{\[\[}}0], [1, 2]] : tensor<16x4x14xf32> into tensor<16x56xf32>
// CHECK: %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[ACC]] : tensor<16x56xf32>)
// CHECK: %[[MM:.*]] = linalg.matmul ins(%[[LHS]], %[[RHS]] : tensor<16x72xf32>, tensor<72x56xf32>) outs(%[[FILL]] : tensor<16x56xf32>)
// CHECK: %[[Y:.*]] = tensor.expand_shape %[[MM]] {{\[\[}}0], [1, 2]] output_shape [16, 4, 14] : tensor<16x56xf32> into tensor<16x4x14xf32>
// CHECK: return %[[Y]]
func.func @convolution_tile(%w: tensor<16x8x3x3xf32>, %p: tensor<8x3x3x4x14xf32>) -> tensor<16x4x14xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x4x14xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<16x4x14xf32>) -> tensor<16x4x14xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(f, h, w, c, k1, k2) -> (f, c, k1, k2)>, affine_map<(f, h, w, c, k1, k2) -> (c, k1, k2, h, w)>, affine_map<(f, h, w, c, k1, k2) -> (f, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %p : tensor<16x8x3x3xf32>, tensor<8x3x3x4x14xf32>) outs(%f : tensor<16x4x14xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<16x4x14xf32>
  return %y : tensor<16x4x14xf32>
}

// -----

// Dynamic tile sizes expand with the accumulator's sizes; an accumulator
// that is not a fill is collapsed as it is.
// CHECK-LABEL: func.func @dynamic_columns
// CHECK-SAME: (%[[W:.*]]: tensor<16x8xf32>, %[[P:.*]]: tensor<8x?x14xf32>, %[[ACC:.*]]: tensor<16x?x14xf32>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[ACC]] {{\[\[}}0], [1, 2]] : tensor<16x?x14xf32> into tensor<16x?xf32>
// CHECK: %[[MM:.*]] = linalg.matmul ins(%[[W]], %{{.*}} : tensor<16x8xf32>, tensor<8x?xf32>) outs(%[[C]] : tensor<16x?xf32>)
// CHECK: %[[ROWS:.*]] = tensor.dim %[[ACC]], %c1
// CHECK: tensor.expand_shape %[[MM]] {{\[\[}}0], [1, 2]] output_shape [16, %[[ROWS]], 14]
func.func @dynamic_columns(%w: tensor<16x8xf32>, %p: tensor<8x?x14xf32>, %acc: tensor<16x?x14xf32>) -> tensor<16x?x14xf32> {
  %y = linalg.generic {indexing_maps = [affine_map<(f, h, w, c) -> (f, c)>, affine_map<(f, h, w, c) -> (c, h, w)>, affine_map<(f, h, w, c) -> (f, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%w, %p : tensor<16x8xf32>, tensor<8x?x14xf32>) outs(%acc : tensor<16x?x14xf32>) {
  ^bb0(%a: f32, %b: f32, %s: f32):
    %m = arith.mulf %a, %b : f32
    %r = arith.addf %s, %m : f32
    linalg.yield %r : f32
  } -> tensor<16x?x14xf32>
  return %y : tensor<16x?x14xf32>
}

// -----

// Batch 2: the output [N, F, H] puts a column dimension before the rows;
// no matmul can write it.
// CHECK-LABEL: func.func @negative_columns_around_rows
// CHECK-NOT: linalg.matmul
func.func @negative_columns_around_rows(%w: tensor<4x3xf32>, %p: tensor<3x2x5xf32>, %acc: tensor<2x4x5xf32>) -> tensor<2x4x5xf32> {
  %y = linalg.generic {indexing_maps = [affine_map<(n, f, h, c) -> (f, c)>, affine_map<(n, f, h, c) -> (c, n, h)>, affine_map<(n, f, h, c) -> (n, f, h)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%w, %p : tensor<4x3xf32>, tensor<3x2x5xf32>) outs(%acc : tensor<2x4x5xf32>) {
  ^bb0(%a: f32, %b: f32, %s: f32):
    %m = arith.mulf %a, %b : f32
    %r = arith.addf %s, %m : f32
    linalg.yield %r : f32
  } -> tensor<2x4x5xf32>
  return %y : tensor<2x4x5xf32>
}

// -----

// The tile of one image of a batched convolution: the unit batch loop stands
// before the filters in the output and between the window and the rows in
// the patches [C, K1, K2, N, H, W]; it joins the group of the next
// dimension, so the tile is the same [F, C*K] x [C*K, H*W] matmul as at
// batch 1.
// CHECK-LABEL: func.func @convolution_tile_of_one_image
// CHECK-SAME: (%[[W:.*]]: tensor<8x4x3x3xf32>, %[[P:.*]]: tensor<4x3x3x1x2x6xf32>)
// CHECK-DAG: %[[LHS:.*]] = tensor.collapse_shape %[[W]] {{\[\[}}0], [1, 2, 3]] : tensor<8x4x3x3xf32> into tensor<8x36xf32>
// CHECK-DAG: %[[RHS:.*]] = tensor.collapse_shape %[[P]] {{\[\[}}0, 1, 2], [3, 4, 5]] : tensor<4x3x3x1x2x6xf32> into tensor<36x12xf32>
// CHECK: %[[ACC:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2, 3]] : tensor<1x8x2x6xf32> into tensor<8x12xf32>
// CHECK: %[[FILL:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[ACC]] : tensor<8x12xf32>)
// CHECK: %[[MM:.*]] = linalg.matmul ins(%[[LHS]], %[[RHS]] : tensor<8x36xf32>, tensor<36x12xf32>) outs(%[[FILL]] : tensor<8x12xf32>)
// CHECK: %[[Y:.*]] = tensor.expand_shape %[[MM]] {{\[\[}}0, 1], [2, 3]] output_shape [1, 8, 2, 6] : tensor<8x12xf32> into tensor<1x8x2x6xf32>
// CHECK: return %[[Y]]
func.func @convolution_tile_of_one_image(%w: tensor<8x4x3x3xf32>, %p: tensor<4x3x3x1x2x6xf32>) -> tensor<1x8x2x6xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x2x6xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x2x6xf32>) -> tensor<1x8x2x6xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(n, f, h, w, c, k1, k2) -> (f, c, k1, k2)>, affine_map<(n, f, h, w, c, k1, k2) -> (c, k1, k2, n, h, w)>, affine_map<(n, f, h, w, c, k1, k2) -> (n, f, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %p : tensor<8x4x3x3xf32>, tensor<4x3x3x1x2x6xf32>) outs(%f : tensor<1x8x2x6xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x2x6xf32>
  return %y : tensor<1x8x2x6xf32>
}

// -----

// The reduction dimensions in different orders in the two operands.
// CHECK-LABEL: func.func @negative_reductions_in_different_orders
// CHECK-NOT: linalg.matmul
func.func @negative_reductions_in_different_orders(%w: tensor<4x3x2xf32>, %p: tensor<2x3x5xf32>, %acc: tensor<4x5xf32>) -> tensor<4x5xf32> {
  %y = linalg.generic {indexing_maps = [affine_map<(f, h, c, k) -> (f, c, k)>, affine_map<(f, h, c, k) -> (k, c, h)>, affine_map<(f, h, c, k) -> (f, h)>], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%w, %p : tensor<4x3x2xf32>, tensor<2x3x5xf32>) outs(%acc : tensor<4x5xf32>) {
  ^bb0(%a: f32, %b: f32, %s: f32):
    %m = arith.mulf %a, %b : f32
    %r = arith.addf %s, %m : f32
    linalg.yield %r : f32
  } -> tensor<4x5xf32>
  return %y : tensor<4x5xf32>
}

// -----

// f16 operands (accumulating in f32) stay as they are: the micro-kernel is
// f32 only.
// CHECK-LABEL: func.func @negative_f16
// CHECK-NOT: linalg.matmul
func.func @negative_f16(%w: tensor<4x3x2xf16>, %p: tensor<3x2x5xf16>, %acc: tensor<4x5xf32>) -> tensor<4x5xf32> {
  %y = linalg.generic {indexing_maps = [affine_map<(f, h, c, k) -> (f, c, k)>, affine_map<(f, h, c, k) -> (c, k, h)>, affine_map<(f, h, c, k) -> (f, h)>], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%w, %p : tensor<4x3x2xf16>, tensor<3x2x5xf16>) outs(%acc : tensor<4x5xf32>) {
  ^bb0(%a: f16, %b: f16, %s: f32):
    %a32 = arith.extf %a : f16 to f32
    %b32 = arith.extf %b : f16 to f32
    %m = arith.mulf %a32, %b32 : f32
    %r = arith.addf %s, %m : f32
    linalg.yield %r : f32
  } -> tensor<4x5xf32>
  return %y : tensor<4x5xf32>
}

// -----

// A matrix-vector product has no [M, N] to collapse to.
// CHECK-LABEL: func.func @negative_matrix_vector
// CHECK-NOT: linalg.matmul
func.func @negative_matrix_vector(%w: tensor<4x3x2xf32>, %v: tensor<3x2xf32>, %acc: tensor<4xf32>) -> tensor<4xf32> {
  %y = linalg.generic {indexing_maps = [affine_map<(f, c, k) -> (f, c, k)>, affine_map<(f, c, k) -> (c, k)>, affine_map<(f, c, k) -> (f)>], iterator_types = ["parallel", "reduction", "reduction"]}
      ins(%w, %v : tensor<4x3x2xf32>, tensor<3x2xf32>) outs(%acc : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32, %s: f32):
    %m = arith.mulf %a, %b : f32
    %r = arith.addf %s, %m : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// An 8-bit integer convolution's tile collapses the same way into a generic
// [M, K] x [K, N] contraction that keeps its body (the named matmul has one
// cast for both operands; these extend a signed filter and unsigned patches).
// CHECK-LABEL: func.func @integer_convolution_tile
// CHECK-DAG: %[[LHS:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2, 3]] : tensor<16x8x3x3xi8> into tensor<16x72xi8>
// CHECK-DAG: %[[RHS:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2], [3, 4]] : tensor<8x3x3x4x14xi8> into tensor<72x56xi8>
// CHECK: %[[FILL:.*]] = linalg.fill ins(%{{.*}} : i32) outs(%{{.*}} : tensor<16x56xi32>)
// CHECK: %[[MM:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[LHS]], %[[RHS]] : tensor<16x72xi8>, tensor<72x56xi8>) outs(%[[FILL]] : tensor<16x56xi32>)
// CHECK: arith.extsi
// CHECK-NEXT: arith.extui
// CHECK: tensor.expand_shape %[[MM]] {{\[\[}}0], [1, 2]] output_shape [16, 4, 14] : tensor<16x56xi32> into tensor<16x4x14xi32>
func.func @integer_convolution_tile(%w: tensor<16x8x3x3xi8>, %p: tensor<8x3x3x4x14xi8>) -> tensor<16x4x14xi32> {
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<16x4x14xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<16x4x14xi32>) -> tensor<16x4x14xi32>
  %y = linalg.generic {indexing_maps = [affine_map<(f, h, w, c, k1, k2) -> (f, c, k1, k2)>, affine_map<(f, h, w, c, k1, k2) -> (c, k1, k2, h, w)>, affine_map<(f, h, w, c, k1, k2) -> (f, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %p : tensor<16x8x3x3xi8>, tensor<8x3x3x4x14xi8>) outs(%f : tensor<16x4x14xi32>) {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %wa = arith.extsi %a : i8 to i32
    %wb = arith.extui %b : i8 to i32
    %m = arith.muli %wa, %wb : i32
    %s = arith.addi %acc, %m : i32
    linalg.yield %s : i32
  } -> tensor<16x4x14xi32>
  return %y : tensor<16x4x14xi32>
}

// -----

// An i8 product accumulated in i8 (no extension) is not an 8-bit integer
// contraction: it stays as it is.
// CHECK-LABEL: func.func @negative_i8_accumulator
// CHECK-NOT: collapse_shape
// CHECK: linalg.generic
func.func @negative_i8_accumulator(%w: tensor<16x8x3x3xi8>, %p: tensor<8x3x3x4x14xi8>, %f: tensor<16x4x14xi8>) -> tensor<16x4x14xi8> {
  %y = linalg.generic {indexing_maps = [affine_map<(f, h, w, c, k1, k2) -> (f, c, k1, k2)>, affine_map<(f, h, w, c, k1, k2) -> (c, k1, k2, h, w)>, affine_map<(f, h, w, c, k1, k2) -> (f, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %p : tensor<16x8x3x3xi8>, tensor<8x3x3x4x14xi8>) outs(%f : tensor<16x4x14xi8>) {
  ^bb0(%a: i8, %b: i8, %acc: i8):
    %m = arith.muli %a, %b : i8
    %s = arith.addi %acc, %m : i8
    linalg.yield %s : i8
  } -> tensor<16x4x14xi8>
  return %y : tensor<16x4x14xi8>
}
