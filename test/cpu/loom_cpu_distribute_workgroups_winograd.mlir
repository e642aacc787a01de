// RUN: loom-opt %s \
// RUN:   -pass-pipeline='builtin.module(func.func(loom-cpu-distribute-workgroups{winograd=true}))' \
// RUN:   | FileCheck %s
// RUN: loom-opt %s \
// RUN:   -pass-pipeline='builtin.module(func.func(loom-cpu-distribute-workgroups))' \
// RUN:   | FileCheck %s --check-prefix=MATMUL

// A 3x3 stride-1 convolution of batch 2 (one image per tile) whose 28 x 28
// outputs are 14 x 14 2x2 tiles. For the Winograd call (the cpu target's
// winograd option) a row block holds at least 64 output tiles in whole
// rows of tiles: 14 of the 28 rows (7 x 14 tiles), 4 workgroups. Without
// it, 128 positions a tile allow 7 rows: 8 workgroups.
// CHECK-LABEL: func.func @conv_batch_two_images_and_rows
// CHECK-SAME: loom.workgroup_count = array<i64: 4, 1, 1>
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (2, 28) step (1, 14)
// MATMUL-LABEL: func.func @conv_batch_two_images_and_rows
// MATMUL-SAME: loom.workgroup_count = array<i64: 8, 1, 1>
// MATMUL: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (2, 28) step (1, 7)
func.func @conv_batch_two_images_and_rows(%x: tensor<2x16x28x28xf32>, %w: tensor<32x16x3x3xf32>) -> tensor<2x32x28x28xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %cst = arith.constant 0.000000e+00 : f32
  %padded = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %cst : f32
  } : tensor<2x16x28x28xf32> to tensor<2x16x30x30xf32>
  %0 = tensor.empty() : tensor<16x3x3x2x28x28xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d0, d1 + d4, d2 + d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%padded : tensor<2x16x30x30xf32>) outs(%0 : tensor<16x3x3x2x28x28xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<16x3x3x2x28x28xf32>
  %2 = tensor.empty() : tensor<2x32x28x28xf32>
  %3 = linalg.fill ins(%cst : f32) outs(%2 : tensor<2x32x28x28xf32>) -> tensor<2x32x28x28xf32>
  %4 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5, d6, d0, d2, d3)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %1 : tensor<32x16x3x3xf32>, tensor<16x3x3x2x28x28xf32>) outs(%3 : tensor<2x32x28x28xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %5 = arith.mulf %in, %in_0 fastmath<reassoc> : f32
    %6 = arith.addf %out, %5 fastmath<reassoc> : f32
    linalg.yield %6 : f32
  } -> tensor<2x32x28x28xf32>
  return %4 : tensor<2x32x28x28xf32>
}
