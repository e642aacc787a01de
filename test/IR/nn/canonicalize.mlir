// RUN: loom-opt %s -split-input-file -canonicalize | FileCheck %s

// A pool whose windows are single elements without padding is the identity.

// CHECK-LABEL: func.func @max_pool_unit_window
// CHECK-NOT: loom.max_pool
// CHECK: return %arg0
func.func @max_pool_unit_window(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32> {
  %0 = loom.max_pool %x kernel [1, 1] strides [1, 1] dilations [2, 2] pad_low [0, 0] pad_high [0, 0] : (tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

// CHECK-LABEL: func.func @avg_pool_unit_window
// CHECK-NOT: loom.avg_pool
// CHECK: return %arg0
func.func @avg_pool_unit_window(%x: tensor<2x3x4xf16>) -> tensor<2x3x4xf16> {
  %0 = loom.avg_pool %x kernel [1] strides [1] pad_low [0] pad_high [0] count_include_pad : (tensor<2x3x4xf16>) -> tensor<2x3x4xf16>
  return %0 : tensor<2x3x4xf16>
}

// -----

// Stride 2 drops elements: not the identity.
// CHECK-LABEL: func.func @negative_max_pool_strided
// CHECK: loom.max_pool
func.func @negative_max_pool_strided(%x: tensor<1x1x4xf32>) -> tensor<1x1x2xf32> {
  %0 = loom.max_pool %x kernel [1] strides [2] dilations [1] pad_low [0] pad_high [0] : (tensor<1x1x4xf32>) -> tensor<1x1x2xf32>
  return %0 : tensor<1x1x2xf32>
}

// -----

// Padding adds -inf elements (max_pool) or divides by the padded count: kept.
// CHECK-LABEL: func.func @negative_avg_pool_padded
// CHECK: loom.avg_pool
func.func @negative_avg_pool_padded(%x: tensor<1x1x4xf32>) -> tensor<1x1x5xf32> {
  %0 = loom.avg_pool %x kernel [1] strides [1] pad_low [1] pad_high [0] : (tensor<1x1x4xf32>) -> tensor<1x1x5xf32>
  return %0 : tensor<1x1x5xf32>
}

// -----

// The declared type is less static than the input's: folding would change it.
// CHECK-LABEL: func.func @negative_max_pool_type_change
// CHECK: loom.max_pool
func.func @negative_max_pool_type_change(%x: tensor<1x1x4xf32>) -> tensor<1x1x?xf32> {
  %0 = loom.max_pool %x kernel [1] strides [1] dilations [1] pad_low [0] pad_high [0] : (tensor<1x1x4xf32>) -> tensor<1x1x?xf32>
  return %0 : tensor<1x1x?xf32>
}
