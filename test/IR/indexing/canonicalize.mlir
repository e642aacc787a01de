// RUN: loom-opt %s -split-input-file -canonicalize | FileCheck %s

// Identities that the indexing folders remove, and the cases they must
// leave alone.

// A scatter without updates is its data.
// CHECK-LABEL: func.func @scatter_no_updates
// CHECK-SAME: (%[[DATA:[^:]*]]: tensor<3x4xf32>
// CHECK-NEXT: return %[[DATA]]
func.func @scatter_no_updates(%data: tensor<3x4xf32>, %ids: tensor<3x0xi64>, %updates: tensor<3x0xf32>) -> tensor<3x4xf32> {
  %0 = loom.scatter %data, %ids, %updates axis 1 reduction mul : (tensor<3x4xf32>, tensor<3x0xi64>, tensor<3x0xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func.func @scatter_nd_no_updates
// CHECK-SAME: (%[[DATA:[^:]*]]: tensor<3x4xi32>
// CHECK-NEXT: return %[[DATA]]
func.func @scatter_nd_no_updates(%data: tensor<3x4xi32>, %ids: tensor<0x1xi64>, %updates: tensor<0x4xi32>) -> tensor<3x4xi32> {
  %0 = loom.scatter_nd %data, %ids, %updates : (tensor<3x4xi32>, tensor<0x1xi64>, tensor<0x4xi32>) -> tensor<3x4xi32>
  return %0 : tensor<3x4xi32>
}

// -----

// CHECK-LABEL: func.func @negative_scatter_with_updates
// CHECK: loom.scatter
func.func @negative_scatter_with_updates(%data: tensor<3x4xf32>, %ids: tensor<3x1xi64>, %updates: tensor<3x1xf32>) -> tensor<3x4xf32> {
  %0 = loom.scatter %data, %ids, %updates axis 1 : (tensor<3x4xf32>, tensor<3x1xi64>, tensor<3x1xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Scale 1 maps every coordinate to itself, also with dynamic sizes.
// CHECK-LABEL: func.func @resize_unit_scales
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @resize_unit_scales(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = loom.resize %x mode linear coordinate_transform align_corners scales [1.0, 1.0] : tensor<?x4xf32> to tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// tf_half_pixel_for_nn maps x to x + 0.5, which round_prefer_floor and
// floor bring back to x.
// CHECK-LABEL: func.func @resize_tf_half_pixel_prefer_floor
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf16>)
// CHECK-NEXT: return %[[X]]
func.func @resize_tf_half_pixel_prefer_floor(%x: tensor<2x3xf16>) -> tensor<2x3xf16> {
  %0 = loom.resize %x mode nearest coordinate_transform tf_half_pixel_for_nn scales [1.0, 1.0] : tensor<2x3xf16> to tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// -----

// ... but round_prefer_ceil takes x + 1, and linear mode averages x and x + 1.
// CHECK-LABEL: func.func @negative_resize_tf_half_pixel
// CHECK: loom.resize
// CHECK: loom.resize
func.func @negative_resize_tf_half_pixel(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = loom.resize %x mode nearest coordinate_transform tf_half_pixel_for_nn nearest_rounding round_prefer_ceil scales [1.0, 1.0] : tensor<2x3xf32> to tensor<2x3xf32>
  %1 = loom.resize %x mode linear coordinate_transform tf_half_pixel_for_nn scales [1.0, 1.0] : tensor<2x3xf32> to tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @negative_resize_upsample
// CHECK: loom.resize
func.func @negative_resize_upsample(%x: tensor<2x3xf32>) -> tensor<2x6xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform half_pixel scales [1.0, 2.0] : tensor<2x3xf32> to tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}
