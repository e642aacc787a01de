// RUN: loom-opt %s -loom-autodiff="wrt=1,2" | FileCheck %s

// Only the weight and the bias: no gradient of the input is built.
// CHECK-LABEL: func.func @main_grad
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[W:.*]]: tensor<3x4xf32>, %[[B:.*]]: tensor<4xf32>, %[[CT:.*]]: tensor<2x4xf32>)
// CHECK-SAME: -> (tensor<2x4xf32>, tensor<3x4xf32>, tensor<4xf32>)
// CHECK-NOT: loom.transpose %[[W]]
// CHECK: %[[GB:.*]] = loom.reduce_sum %[[CT]] axes [0]
// CHECK-NOT: loom.transpose %[[W]]
// CHECK: %[[XT:.*]] = loom.transpose %[[X]] permutation [1, 0]
// CHECK: %[[GW:.*]] = loom.matmul %[[XT]], %[[CT]]
// CHECK: return %{{.*}}, %[[GW]], %[[GB]]
func.func @main(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = loom.matmul %x, %w : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = loom.add %0, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}
