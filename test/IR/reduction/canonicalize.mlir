// RUN: loom-opt %s -split-input-file -canonicalize | FileCheck %s

// Reductions that reduce nothing fold to their input; the ones that change
// the type, or compute something, stay.

// CHECK-LABEL: func.func @reduce_no_axes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]]
func.func @reduce_no_axes(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = loom.reduce_sum %x axes [] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = loom.reduce_mean %x axes [] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = loom.reduce_max %x axes [] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = loom.reduce_min %x axes [] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = loom.reduce_prod %x axes [] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Reducing a kept dimension of size 1 reduces nothing either.
// CHECK-LABEL: func.func @reduce_unit_dim_keepdims
// CHECK-SAME: (%[[X:.*]]: tensor<2x1xi32>)
// CHECK-NEXT: return %[[X]]
func.func @reduce_unit_dim_keepdims(%x: tensor<2x1xi32>) -> tensor<2x1xi32> {
  %0 = loom.reduce_mean %x axes [1] keepdims : (tensor<2x1xi32>) -> tensor<2x1xi32>
  return %0 : tensor<2x1xi32>
}

// -----

// The declared type refines the input's: folding would change the type.
// CHECK-LABEL: func.func @negative_reduce_no_axes_refined_type
// CHECK: loom.reduce_sum
func.func @negative_reduce_no_axes_refined_type(%x: tensor<?x3xf32>) -> tensor<2x3xf32> {
  %0 = loom.reduce_sum %x axes [] : (tensor<?x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A dynamic dimension may be larger than 1.
// CHECK-LABEL: func.func @negative_reduce_dynamic_dim_keepdims
// CHECK: loom.reduce_max
func.func @negative_reduce_dynamic_dim_keepdims(%x: tensor<2x?xf32>) -> tensor<2x1xf32> {
  %0 = loom.reduce_max %x axes [1] keepdims : (tensor<2x?xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

// CHECK-LABEL: func.func @negative_reduce_prod_real_axis
// CHECK: loom.reduce_prod
func.func @negative_reduce_prod_real_axis(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  %0 = loom.reduce_prod %x axes [1] keepdims : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

// Along an axis of size 1 the only index is 0.
// CHECK-LABEL: func.func @argmax_unit_axis
// CHECK-NEXT: %[[ZERO:.*]] = loom.constant dense<0> : tensor<4xi64>
// CHECK-NEXT: %[[ZERO_KEPT:.*]] = loom.constant dense<0> : tensor<4x1xi64>
// CHECK-NEXT: return %[[ZERO]], %[[ZERO_KEPT]]
func.func @argmax_unit_axis(%x: tensor<4x1xf32>) -> (tensor<4xi64>, tensor<4x1xi64>) {
  %0 = loom.argmax %x axis 1 : (tensor<4x1xf32>) -> tensor<4xi64>
  %1 = loom.argmin %x axis 1 keepdims select_last_index : (tensor<4x1xf32>) -> tensor<4x1xi64>
  return %0, %1 : tensor<4xi64>, tensor<4x1xi64>
}

// -----

// No constant of a dynamic shape.
// CHECK-LABEL: func.func @negative_argmin_unit_axis_dynamic_result
// CHECK: loom.argmin
func.func @negative_argmin_unit_axis_dynamic_result(%x: tensor<?x1xf32>) -> tensor<?xi64> {
  %0 = loom.argmin %x axis 1 : (tensor<?x1xf32>) -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// -----

// CHECK-LABEL: func.func @negative_argmax_real_axis
// CHECK: loom.argmax
func.func @negative_argmax_real_axis(%x: tensor<4x2xf32>) -> tensor<4xi64> {
  %0 = loom.argmax %x axis 1 : (tensor<4x2xf32>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @cumsum_unit_axis
// CHECK-SAME: (%[[X:.*]]: tensor<1x3xf32>)
// CHECK-NEXT: return %[[X]], %[[X]]
func.func @cumsum_unit_axis(%x: tensor<1x3xf32>) -> (tensor<1x3xf32>, tensor<1x3xf32>) {
  %0 = loom.cumsum %x axis 0 : tensor<1x3xf32>
  %1 = loom.cumsum %x axis 0 reverse : tensor<1x3xf32>
  return %0, %1 : tensor<1x3xf32>, tensor<1x3xf32>
}

// -----

// Exclusive sums along an axis of size 1 are zeros, not the input.
// CHECK-LABEL: func.func @negative_cumsum_unit_axis_exclusive
// CHECK: loom.cumsum
func.func @negative_cumsum_unit_axis_exclusive(%x: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %0 = loom.cumsum %x axis 0 exclusive : tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// CHECK-LABEL: func.func @negative_cumsum_real_axis
// CHECK: loom.cumsum
func.func @negative_cumsum_real_axis(%x: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %0 = loom.cumsum %x axis 1 : tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}
