// RUN: loom-opt %s -split-input-file -loom-select-ifs | FileCheck %s

// Both regions inline, their arguments replaced by the invariants, and a
// select per result on the condition (reshaped to a scalar); a result both
// regions give alike needs no select.
// CHECK-LABEL: func.func @choose
// CHECK-SAME: (%[[C:.*]]: tensor<1xi1>, %[[X:.*]]: tensor<4xf32>, %[[Y:.*]]: tensor<4xf32>)
// CHECK-NOT: loom.if
// CHECK: %[[S:.*]] = loom.reshape %[[C]] : tensor<1xi1> to tensor<i1>
// CHECK: %[[N:.*]] = loom.neg %[[X]]
// CHECK: %[[R:.*]] = loom.select %[[S]], %[[N]], %[[X]] : (tensor<i1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: return %[[R]], %[[Y]]
func.func @choose(%c: tensor<1xi1>, %x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %r:2 = loom.if %c invariants(%x, %y) : (tensor<1xi1>, tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>):
    %n = loom.neg %a : tensor<4xf32>
    loom.yield %n, %b : tensor<4xf32>, tensor<4xf32>
  } else {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>):
    loom.yield %a, %b : tensor<4xf32>, tensor<4xf32>
  }
  return %r#0, %r#1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// An if inside an if's region is replaced first.
// CHECK-LABEL: func.func @nested
// CHECK-NOT: loom.if
// CHECK: %[[INNER:.*]] = loom.select %arg1, %{{.*}}, %arg2
// CHECK: loom.select %arg0, %[[INNER]], %arg2
func.func @nested(%c: tensor<i1>, %d: tensor<i1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %r = loom.if %c invariants(%d, %x) : (tensor<i1>, tensor<i1>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%e: tensor<i1>, %a: tensor<4xf32>):
    %inner = loom.if %e invariants(%a) : (tensor<i1>, tensor<4xf32>) -> tensor<4xf32> {
    ^bb0(%b: tensor<4xf32>):
      %n = loom.neg %b : tensor<4xf32>
      loom.yield %n : tensor<4xf32>
    } else {
    ^bb0(%b: tensor<4xf32>):
      loom.yield %b : tensor<4xf32>
    }
    loom.yield %inner : tensor<4xf32>
  } else {
  ^bb0(%e: tensor<i1>, %a: tensor<4xf32>):
    loom.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}
