// RUN: loom-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(loom-adjacent-reduction-axes))' | FileCheck %s

// Mean-variance normalization's NCHW mean over [0, 2, 3]: the channels
// first, the reduced dimensions last in their order, and a reshape back to
// the keepdims shape.
// CHECK-LABEL: func.func @mean_nhw
// CHECK: %[[T:.*]] = loom.transpose %{{.*}} permutation [1, 0, 2, 3] : (tensor<2x3x4x5xf32>) -> tensor<3x2x4x5xf32>
// CHECK: %[[M:.*]] = loom.reduce_mean %[[T]] axes [1, 2, 3] keepdims : (tensor<3x2x4x5xf32>) -> tensor<3x1x1x1xf32>
// CHECK: %[[R:.*]] = loom.reshape %[[M]] : tensor<3x1x1x1xf32> to tensor<1x3x1x1xf32>
// CHECK: return %[[R]]
func.func @mean_nhw(%x: tensor<2x3x4x5xf32>) -> tensor<1x3x1x1xf32> {
  %0 = loom.reduce_mean %x axes [0, 2, 3] keepdims : (tensor<2x3x4x5xf32>) -> tensor<1x3x1x1xf32>
  return %0 : tensor<1x3x1x1xf32>
}

// -----

// Without keepdims the kept dimensions are the result, in order: no reshape.
// CHECK-LABEL: func.func @sum_dropped
// CHECK: %[[T:.*]] = loom.transpose %{{.*}} permutation [1, 3, 0, 2] : (tensor<2x3x4x5xf32>) -> tensor<3x5x2x4xf32>
// CHECK: %[[S:.*]] = loom.reduce_sum %[[T]] axes [2, 3] : (tensor<3x5x2x4xf32>) -> tensor<3x5xf32>
// CHECK-NOT: loom.reshape
// CHECK: return %[[S]]
func.func @sum_dropped(%x: tensor<2x3x4x5xf32>) -> tensor<3x5xf32> {
  %0 = loom.reduce_sum %x axes [0, 2] : (tensor<2x3x4x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// Every kind of reduction; max and min keep their element type.
// CHECK-LABEL: func.func @kinds
// CHECK: loom.reduce_max %{{.*}} axes [1, 2] : (tensor<3x2x4xi32>) -> tensor<3xi32>
// CHECK: loom.reduce_min %{{.*}} axes [1, 2] : (tensor<3x2x4xf32>) -> tensor<3xf32>
// CHECK: loom.reduce_prod %{{.*}} axes [1, 2] keepdims : (tensor<3x2x4xf32>) -> tensor<3x1x1xf32>
func.func @kinds(%i: tensor<2x3x4xi32>, %x: tensor<2x3x4xf32>) -> (tensor<3xi32>, tensor<3xf32>, tensor<1x3x1xf32>) {
  %0 = loom.reduce_max %i axes [0, 2] : (tensor<2x3x4xi32>) -> tensor<3xi32>
  %1 = loom.reduce_min %x axes [0, 2] : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %2 = loom.reduce_prod %x axes [0, 2] keepdims : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  return %0, %1, %2 : tensor<3xi32>, tensor<3xf32>, tensor<1x3x1xf32>
}

// -----

// Adjacent axes, and axes apart only by dimensions of size 1, stay.
// CHECK-LABEL: func.func @unchanged
// CHECK-NOT: loom.transpose
// CHECK: loom.reduce_sum %{{.*}} axes [1, 2]
// CHECK: loom.reduce_sum %{{.*}} axes [0, 2]
func.func @unchanged(%x: tensor<2x3x4xf32>, %y: tensor<4x1x5xf32>) -> (tensor<2xf32>, tensor<1xf32>) {
  %0 = loom.reduce_sum %x axes [1, 2] : (tensor<2x3x4xf32>) -> tensor<2xf32>
  %1 = loom.reduce_sum %y axes [0, 2] : (tensor<4x1x5xf32>) -> tensor<1xf32>
  return %0, %1 : tensor<2xf32>, tensor<1xf32>
}
