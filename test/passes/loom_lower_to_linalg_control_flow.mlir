// RUN: loom-opt %s -split-input-file -loom-lower-to-linalg | FileCheck %s

// loom.scan becomes an scf.for carrying its carried values and its stacks
// (passes/LowerToLinalgControlFlow.cpp): each iteration reads entry t of
// the scanned operands, runs the body's ops (lowered in place) and inserts
// its per-step values at entry t; with `reverse`, t = length - 1 - s.

// CHECK-LABEL: func.func @reverse_rnn
// CHECK-SAME: (%[[H:.*]]: tensor<2x4xf32>, %[[XS:.*]]: tensor<5x2x4xf32>, %[[W:.*]]: tensor<4x4xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : index
// CHECK: %[[STACK:.*]] = tensor.empty() : tensor<5x2x4xf32>
// CHECK: %[[LOOP:.*]]:2 = scf.for %[[S:.*]] = %[[C0]] to %[[C5]] step %[[C1]] iter_args(%[[STATE:.*]] = %[[H]], %[[ACC:.*]] = %[[STACK]]) -> (tensor<2x4xf32>, tensor<5x2x4xf32>)
// CHECK: %[[T:.*]] = arith.subi %[[C4]], %[[S]] : index
// CHECK: %[[X:.*]] = tensor.extract_slice %[[XS]][%[[T]], 0, 0] [1, 2, 4] [1, 1, 1] : tensor<5x2x4xf32> to tensor<2x4xf32>
// CHECK: linalg.matmul ins(%[[STATE]], %[[W]] : tensor<2x4xf32>, tensor<4x4xf32>)
// CHECK: %[[NEXT:.*]] = linalg.generic
// CHECK: %[[INSERTED:.*]] = tensor.insert_slice %[[NEXT]] into %[[ACC]][%[[T]], 0, 0] [1, 2, 4] [1, 1, 1] : tensor<2x4xf32> into tensor<5x2x4xf32>
// CHECK: scf.yield %[[NEXT]], %[[INSERTED]]
// CHECK: return %[[LOOP]]#0, %[[LOOP]]#1
// CHECK-NOT: loom.
func.func @reverse_rnn(%h: tensor<2x4xf32>, %xs: tensor<5x2x4xf32>, %w: tensor<4x4xf32>) -> (tensor<2x4xf32>, tensor<5x2x4xf32>) {
  %r:2 = loom.scan carried(%h) scanned(%xs) invariants(%w) {length = 5 : i64, reverse} : (tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<4x4xf32>) -> (tensor<2x4xf32>, tensor<5x2x4xf32>) {
  ^bb0(%t: tensor<i64>, %state: tensor<2x4xf32>, %x: tensor<2x4xf32>, %weight: tensor<4x4xf32>):
    %m = loom.matmul %state, %weight : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
    %a = loom.add %m, %x : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    loom.yield %a, %a : tensor<2x4xf32>, tensor<2x4xf32>
  }
  return %r#0, %r#1 : tensor<2x4xf32>, tensor<5x2x4xf32>
}

// -----

// The position, forward: the induction variable as a tensor<i64>.
// CHECK-LABEL: func.func @positions
// CHECK: scf.for %[[S:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<3xi64>)
// CHECK-NOT: arith.subi
// CHECK: %[[I:.*]] = arith.index_cast %[[S]] : index to i64
// CHECK: %[[P:.*]] = tensor.from_elements %[[I]] : tensor<i64>
// CHECK: tensor.insert_slice %[[P]] into %{{.*}}[%[[S]]] [1] [1] : tensor<i64> into tensor<3xi64>
func.func @positions() -> tensor<3xi64> {
  %r = loom.scan carried() scanned() invariants() {length = 3 : i64} : () -> tensor<3xi64> {
  ^bb0(%t: tensor<i64>):
    loom.yield %t : tensor<i64>
  }
  return %r : tensor<3xi64>
}

// -----

// loom.if: an scf.if on the condition's element, the regions' arguments
// replaced by the invariants.
// CHECK-LABEL: func.func @choose
// CHECK-SAME: (%[[C:.*]]: tensor<1xi1>, %[[X:.*]]: tensor<4xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: %[[B:.*]] = tensor.extract %[[C]][%[[ZERO]]] : tensor<1xi1>
// CHECK: %[[R:.*]] = scf.if %[[B]] -> (tensor<4xf32>) {
// CHECK: %[[N:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<4xf32>)
// CHECK: scf.yield %[[N]] : tensor<4xf32>
// CHECK: } else {
// CHECK-NEXT: scf.yield %[[X]] : tensor<4xf32>
// CHECK: return %[[R]]
func.func @choose(%c: tensor<1xi1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %r = loom.if %c invariants(%x) : (tensor<1xi1>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %n = loom.neg %a : tensor<4xf32>
    loom.yield %n : tensor<4xf32>
  } else {
  ^bb0(%a: tensor<4xf32>):
    loom.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}
