// RUN: loom-opt %s -split-input-file -loom-autodiff | FileCheck %s

// A Linear layer: the bias gradient is summed back over the batch, the
// weight gradient is x^T times the cotangent; only what is asked for.
// CHECK-LABEL: func.func @main_grad
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[W:.*]]: tensor<3x4xf32>, %[[B:.*]]: tensor<4xf32>, %[[CT:.*]]: tensor<2x4xf32>)
// CHECK-SAME: -> (tensor<2x4xf32>, tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>)
// CHECK: %[[Y:.*]] = loom.matmul %[[X]], %[[W]]
// CHECK: %[[OUT:.*]] = loom.add %[[Y]], %[[B]]
// CHECK: %[[GB:.*]] = loom.reduce_sum %[[CT]] axes [0] : (tensor<2x4xf32>) -> tensor<4xf32>
// CHECK: %[[WT:.*]] = loom.transpose %[[W]] permutation [1, 0]
// CHECK: %[[GX:.*]] = loom.matmul %[[CT]], %[[WT]]
// CHECK: %[[XT:.*]] = loom.transpose %[[X]] permutation [1, 0]
// CHECK: %[[GW:.*]] = loom.matmul %[[XT]], %[[CT]]
// CHECK: return %[[OUT]], %[[GX]], %[[GW]], %[[GB]]
func.func @main(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = loom.matmul %x, %w : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = loom.add %0, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}

// -----

// A value read twice gets the sum of both adjoints; integer arguments get
// no gradient and ops that only integers reach need no rule (argmax).
// CHECK-LABEL: func.func @main_grad
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>, %[[I:.*]]: tensor<2xi64>, %[[CT:.*]]: tensor<3xf32>, %[[CTI:.*]]: tensor<2xf32>)
// CHECK-SAME: -> (tensor<3xf32>, tensor<2xf32>, tensor<i64>, tensor<3xf32>)
// CHECK: loom.argmax
// CHECK-DAG: %[[G1:.*]] = loom.mul %[[CT]], %[[X]]
// CHECK-DAG: %[[G2:.*]] = loom.mul %[[CT]], %[[X]]
// CHECK: %[[SUM:.*]] = loom.add %[[G1]], %[[G2]]
// CHECK: return %{{.*}}, %{{.*}}, %{{.*}}, %[[SUM]]
func.func @main(%x: tensor<3xf32>, %i: tensor<2xi64>) -> (tensor<3xf32>, tensor<2xf32>, tensor<i64>) {
  %sq = loom.mul %x, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %c = loom.cast %i : tensor<2xi64> to tensor<2xf32>
  %am = loom.argmax %sq axis 0 : (tensor<3xf32>) -> tensor<i64>
  return %sq, %c, %am : tensor<3xf32>, tensor<2xf32>, tensor<i64>
}

// -----

// An argument that no result depends on gets zeros.
// CHECK-LABEL: func.func @main_grad
// CHECK: %[[Z:.*]] = loom.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK: return %{{.*}}, %{{.*}}, %[[Z]]
func.func @main(%x: tensor<2xf32>, %unused: tensor<2xf32>) -> tensor<2xf32> {
  %0 = loom.exp %x : tensor<2xf32>
  return %0 : tensor<2xf32>
}
