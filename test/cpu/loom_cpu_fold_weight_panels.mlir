// RUN: loom-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(loom-cpu-kernels-to-linalg,loom-cpu-fold-weight-panels))' \
// RUN:   | FileCheck %s

// A pre-packed weight's transpose, reshape and slice (as
// loom-cpu-pack-matmul-weights writes them) become one generic that reads
// the panels.
// CHECK-DAG: #[[PANELS:.*]] = affine_map<(d0, d1) -> (d1 floordiv 32, d0, d1 mod 32)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @ragged
// CHECK-SAME: (%[[X:.*]]: tensor<8x64xf32>, %[[W:.*]]: tensor<4x64x32xf32>)
// CHECK-NOT: linalg.transpose
// CHECK-NOT: tensor.collapse_shape
// CHECK-NOT: tensor.extract_slice
// CHECK: %[[E:.*]] = tensor.empty() : tensor<64x100xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[PANELS]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[W]] : tensor<4x64x32xf32>) outs(%[[E]] : tensor<64x100xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]] : f32
// CHECK: linalg.matmul ins(%[[X]], %[[R]] : tensor<8x64xf32>, tensor<64x100xf32>)
func.func @ragged(%x: tensor<8x64xf32>, %w: tensor<4x64x32xf32>) -> tensor<8x100xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %t = loom.transpose %w permutation [1, 0, 2] : (tensor<4x64x32xf32>) -> tensor<64x4x32xf32>
  %r = loom.reshape %t : tensor<64x4x32xf32> to tensor<64x128xf32>
  %s = loom.slice %r offsets [0, 0] steps [1, 1] : tensor<64x128xf32> to tensor<64x100xf32>
  %0 = loom.matmul %x, %s : (tensor<8x64xf32>, tensor<64x100xf32>) -> tensor<8x100xf32>
  return %0 : tensor<8x100xf32>
}

// -----

// Whole panels: no slice.
// CHECK-LABEL: func.func @whole
// CHECK-NOT: linalg.transpose
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<2x16x32xf32>) outs(%{{.*}} : tensor<16x64xf32>)
// CHECK: linalg.matmul
func.func @whole(%x: tensor<8x16xf32>, %w: tensor<2x16x32xf32>) -> tensor<8x64xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %t = loom.transpose %w permutation [1, 0, 2] : (tensor<2x16x32xf32>) -> tensor<16x2x32xf32>
  %r = loom.reshape %t : tensor<16x2x32xf32> to tensor<16x64xf32>
  %0 = loom.matmul %x, %r : (tensor<8x16xf32>, tensor<16x64xf32>) -> tensor<8x64xf32>
  return %0 : tensor<8x64xf32>
}

// -----

// Not a restoration: another permutation, and panels of 16 columns.
// CHECK-LABEL: func.func @other_permutation
// CHECK: linalg.transpose
// CHECK-NOT: floordiv
func.func @other_permutation(%x: tensor<8x32xf32>, %w: tensor<2x32x32xf32>) -> tensor<8x64xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %t = loom.transpose %w permutation [2, 0, 1] : (tensor<2x32x32xf32>) -> tensor<32x2x32xf32>
  %r = loom.reshape %t : tensor<32x2x32xf32> to tensor<32x64xf32>
  %0 = loom.matmul %x, %r : (tensor<8x32xf32>, tensor<32x64xf32>) -> tensor<8x64xf32>
  return %0 : tensor<8x64xf32>
}

// -----

// CHECK-LABEL: func.func @narrow_panels
// CHECK: linalg.transpose
// CHECK-NOT: floordiv
func.func @narrow_panels(%x: tensor<8x16xf32>, %w: tensor<4x16x16xf32>) -> tensor<8x64xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %t = loom.transpose %w permutation [1, 0, 2] : (tensor<4x16x16xf32>) -> tensor<16x4x16xf32>
  %r = loom.reshape %t : tensor<16x4x16xf32> to tensor<16x64xf32>
  %0 = loom.matmul %x, %r : (tensor<8x16xf32>, tensor<16x64xf32>) -> tensor<8x64xf32>
  return %0 : tensor<8x64xf32>
}

// -----

// Pre-packed convolution filters (loom-cpu-pack-conv-filters): the
// transpose, the tensor.reshape to [P * 32, C, KH, KW] and the slice become
// one generic, out[f][c][i][j] = panels[f floordiv 32][c * 9 + i * 3 + j][f
// mod 32].
// CHECK-DAG: #[[FILTERS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0 floordiv 32, d1 * 9 + d2 * 3 + d3, d0 mod 32)>
// CHECK-DAG: #[[ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_filters
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x16x16xf32>, %[[W:.*]]: tensor<2x72x32xf32>)
// CHECK-NOT: linalg.transpose
// CHECK-NOT: tensor.reshape
// CHECK-NOT: tensor.extract_slice
// CHECK: %[[E:.*]] = tensor.empty() : tensor<40x8x3x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[FILTERS]], #[[ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[W]] : tensor<2x72x32xf32>) outs(%[[E]] : tensor<40x8x3x3xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]] : f32
// CHECK: linalg.generic {{.*}} ins(%[[R]], %{{.*}} : tensor<40x8x3x3xf32>,
func.func @conv_filters(%x: tensor<1x8x16x16xf32>, %w: tensor<2x72x32xf32>) -> tensor<1x40x16x16xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %t = loom.transpose %w permutation [0, 2, 1] : (tensor<2x72x32xf32>) -> tensor<2x32x72xf32>
  %r = loom.reshape %t : tensor<2x32x72xf32> to tensor<64x8x3x3xf32>
  %s = loom.slice %r offsets [0, 0, 0, 0] steps [1, 1, 1, 1] : tensor<64x8x3x3xf32> to tensor<40x8x3x3xf32>
  %0 = loom.conv %x, %s strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x8x16x16xf32>, tensor<40x8x3x3xf32>) -> tensor<1x40x16x16xf32>
  return %0 : tensor<1x40x16x16xf32>
}

// -----

// A reshape that does not restore [P * 32, C, KH, KW] filters from the
// panels' taps stays as it is.
// CHECK-LABEL: func.func @not_filters
// CHECK: linalg.transpose
// CHECK: tensor.reshape
func.func @not_filters(%w: tensor<2x72x32xf32>) -> tensor<64x2x36xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %t = loom.transpose %w permutation [0, 2, 1] : (tensor<2x72x32xf32>) -> tensor<2x32x72xf32>
  %r = loom.reshape %t : tensor<2x32x72xf32> to tensor<64x2x36xf32>
  return %r : tensor<64x2x36xf32>
}
