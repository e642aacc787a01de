// RUN: loom-opt %s -split-input-file -loom-unroll-scans | FileCheck %s
// RUN: loom-opt %s -split-input-file -loom-unroll-scans=max-length=2 | FileCheck %s --check-prefix=SHORT

// A reversed 3-step recurrence: iterations at positions 2, 1, 0, each
// reading its entry of %xs and the state of the one before; the per-step
// values concatenated in position order.
// CHECK-LABEL: func.func @reverse
// CHECK-NOT: loom.scan
// CHECK: %[[X2:.*]] = loom.slice %arg1 offsets [2, 0] steps [1, 1] : tensor<3x4xf32> to tensor<1x4xf32>
// CHECK: %[[E2:.*]] = loom.reshape %[[X2]] : tensor<1x4xf32> to tensor<4xf32>
// CHECK: %[[H2:.*]] = loom.add %arg0, %[[E2]]
// CHECK: %[[Y2:.*]] = loom.reshape %[[H2]] : tensor<4xf32> to tensor<1x4xf32>
// CHECK: %[[X1:.*]] = loom.slice %arg1 offsets [1, 0]
// CHECK: %[[E1:.*]] = loom.reshape %[[X1]]
// CHECK: %[[H1:.*]] = loom.add %[[H2]], %[[E1]]
// CHECK: %[[Y1:.*]] = loom.reshape %[[H1]]
// CHECK: %[[X0:.*]] = loom.slice %arg1 offsets [0, 0]
// CHECK: %[[E0:.*]] = loom.reshape %[[X0]]
// CHECK: %[[H0:.*]] = loom.add %[[H1]], %[[E0]]
// CHECK: %[[Y0:.*]] = loom.reshape %[[H0]]
// CHECK: %[[YS:.*]] = loom.concat %[[Y0]], %[[Y1]], %[[Y2]] axis 0 : (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<3x4xf32>
// CHECK: return %[[H0]], %[[YS]]
// The 3-step loop is longer than 2.
// SHORT-LABEL: func.func @reverse
// SHORT: loom.scan
func.func @reverse(%h: tensor<4xf32>, %xs: tensor<3x4xf32>) -> (tensor<4xf32>, tensor<3x4xf32>) {
  %r:2 = loom.scan carried(%h) scanned(%xs) invariants() {length = 3 : i64, reverse} : (tensor<4xf32>, tensor<3x4xf32>) -> (tensor<4xf32>, tensor<3x4xf32>) {
  ^bb0(%t: tensor<i64>, %acc: tensor<4xf32>, %x: tensor<4xf32>):
    %n = loom.add %acc, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    loom.yield %n, %n : tensor<4xf32>, tensor<4xf32>
  }
  return %r#0, %r#1 : tensor<4xf32>, tensor<3x4xf32>
}

// -----

// The position is a constant per copy; invariants are used as they are.
// An inner loop is unrolled inside the outer body before the outer loop.
// CHECK-LABEL: func.func @nested
// CHECK-NOT: loom.scan
// CHECK: %[[T0:.*]] = loom.constant dense<0> : tensor<i64>
// CHECK: loom.add %[[T0]], %arg0
// CHECK: %[[T1:.*]] = loom.constant dense<1> : tensor<i64>
// CHECK: loom.add %[[T1]], %arg0
// SHORT-LABEL: func.func @nested
// SHORT-NOT: loom.scan
func.func @nested(%w: tensor<i64>) -> tensor<2xi64> {
  %r = loom.scan carried() scanned() invariants(%w) {length = 2 : i64} : (tensor<i64>) -> tensor<2xi64> {
  ^bb0(%t: tensor<i64>, %v: tensor<i64>):
    %inner = loom.scan carried(%t) scanned() invariants(%v) {length = 1 : i64} : (tensor<i64>, tensor<i64>) -> tensor<i64> {
    ^bb0(%u: tensor<i64>, %acc: tensor<i64>, %x: tensor<i64>):
      %n = loom.add %acc, %x : (tensor<i64>, tensor<i64>) -> tensor<i64>
      loom.yield %n : tensor<i64>
    }
    loom.yield %inner : tensor<i64>
  }
  return %r : tensor<2xi64>
}
