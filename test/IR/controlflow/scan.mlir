// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s

// loom.scan (ir/LoomControlFlowOps.td): a counted loop whose body takes the
// position, the carried values, one entry of each scanned operand and the
// invariants, and yields the carried values then per-step values that the
// loop stacks along a new dimension 0.

// CHECK-LABEL: func.func @prefix_sums
// CHECK: %[[R:.*]]:2 = loom.scan carried(%{{.*}}) scanned(%{{.*}}) invariants() {length = 5 : i64} : (tensor<3xf32>, tensor<5x3xf32>) -> (tensor<3xf32>, tensor<5x3xf32>) {
// CHECK-NEXT: ^bb0(%{{.*}}: tensor<i64>, %[[ACC:.*]]: tensor<3xf32>, %[[X:.*]]: tensor<3xf32>):
// CHECK-NEXT: %[[NEXT:.*]] = loom.add %[[ACC]], %[[X]]
// CHECK-NEXT: loom.yield %[[NEXT]], %[[NEXT]] : tensor<3xf32>, tensor<3xf32>
func.func @prefix_sums(%zero: tensor<3xf32>, %xs: tensor<5x3xf32>) -> (tensor<3xf32>, tensor<5x3xf32>) {
  %sum, %prefix = loom.scan carried(%zero) scanned(%xs) invariants() {length = 5 : i64} : (tensor<3xf32>, tensor<5x3xf32>) -> (tensor<3xf32>, tensor<5x3xf32>) {
  ^bb0(%t: tensor<i64>, %acc: tensor<3xf32>, %x: tensor<3xf32>):
    %next = loom.add %acc, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    loom.yield %next, %next : tensor<3xf32>, tensor<3xf32>
  }
  return %sum, %prefix : tensor<3xf32>, tensor<5x3xf32>
}

// -----

// A reversed recurrence with an invariant weight and no scanned operand.
// CHECK-LABEL: func.func @reverse_invariant
// CHECK: loom.scan carried(%{{.*}}) scanned() invariants(%{{.*}}) {length = 4 : i64, reverse}
func.func @reverse_invariant(%h: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %r = loom.scan carried(%h) scanned() invariants(%w) {length = 4 : i64, reverse} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32> {
  ^bb0(%t: tensor<i64>, %state: tensor<2x4xf32>, %weight: tensor<4x4xf32>):
    %m = loom.matmul %state, %weight : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
    %n = loom.tanh %m : tensor<2x4xf32>
    loom.yield %n : tensor<2x4xf32>
  }
  return %r : tensor<2x4xf32>
}

// -----

func.func @scanned_length(%h: tensor<3xf32>, %xs: tensor<4x3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{scanned operand #0 must have 5 entries along dimension 0 (the loop's length), not 'tensor<4x3xf32>'}}
  %r = loom.scan carried(%h) scanned(%xs) invariants() {length = 5 : i64} : (tensor<3xf32>, tensor<4x3xf32>) -> tensor<3xf32> {
  ^bb0(%t: tensor<i64>, %acc: tensor<3xf32>, %x: tensor<3xf32>):
    loom.yield %acc : tensor<3xf32>
  }
  return %r : tensor<3xf32>
}

// -----

func.func @carried_type(%h: tensor<3xf32>) -> tensor<3xf16> {
  // expected-error @+1 {{carried result #0 has type 'tensor<3xf16>', but its init has type 'tensor<3xf32>'}}
  %r = loom.scan carried(%h) scanned() invariants() {length = 2 : i64} : (tensor<3xf32>) -> tensor<3xf16> {
  ^bb0(%t: tensor<i64>, %acc: tensor<3xf32>):
    loom.yield %acc : tensor<3xf32>
  }
  return %r : tensor<3xf16>
}

// -----

func.func @stacked_length(%h: tensor<3xf32>) -> (tensor<3xf32>, tensor<3x3xf32>) {
  // expected-error @+1 {{stacked result #0 must have 2 entries along dimension 0 (the loop's length), not 'tensor<3x3xf32>'}}
  %r:2 = loom.scan carried(%h) scanned() invariants() {length = 2 : i64} : (tensor<3xf32>) -> (tensor<3xf32>, tensor<3x3xf32>) {
  ^bb0(%t: tensor<i64>, %acc: tensor<3xf32>):
    loom.yield %acc, %acc : tensor<3xf32>, tensor<3xf32>
  }
  return %r#0, %r#1 : tensor<3xf32>, tensor<3x3xf32>
}

// -----

func.func @block_arguments(%h: tensor<3xf32>, %w: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{body must take 3 arguments (the position, then one per carried, scanned and invariant operand), not 2}}
  %r = loom.scan carried(%h) scanned() invariants(%w) {length = 2 : i64} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%t: tensor<i64>, %acc: tensor<3xf32>):
    loom.yield %acc : tensor<3xf32>
  }
  return %r : tensor<3xf32>
}

// -----

func.func @position_type(%h: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{body argument #0 has type 'tensor<i32>', expected 'tensor<i64>'}}
  %r = loom.scan carried(%h) scanned() invariants() {length = 2 : i64} : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%t: tensor<i32>, %acc: tensor<3xf32>):
    loom.yield %acc : tensor<3xf32>
  }
  return %r : tensor<3xf32>
}

// -----

func.func @yield_count(%h: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{body yields 2 values, but the loop has 1 results}}
  %r = loom.scan carried(%h) scanned() invariants() {length = 2 : i64} : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%t: tensor<i64>, %acc: tensor<3xf32>):
    loom.yield %acc, %acc : tensor<3xf32>, tensor<3xf32>
  }
  return %r : tensor<3xf32>
}

// -----

func.func @yield_type(%h: tensor<3xf32>) -> (tensor<3xf32>, tensor<2x4xf32>) {
  // expected-error @+1 {{body yields 'tensor<3xf32>' as value #1, expected 'tensor<4xf32>'}}
  %r:2 = loom.scan carried(%h) scanned() invariants() {length = 2 : i64} : (tensor<3xf32>) -> (tensor<3xf32>, tensor<2x4xf32>) {
  ^bb0(%t: tensor<i64>, %acc: tensor<3xf32>):
    loom.yield %acc, %acc : tensor<3xf32>, tensor<3xf32>
  }
  return %r#0, %r#1 : tensor<3xf32>, tensor<2x4xf32>
}

// -----

func.func @isolated(%h: tensor<3xf32>, %w: tensor<3xf32>) -> tensor<3xf32> {
  // expected-note @+1 {{required by region isolation constraints}}
  %r = loom.scan carried(%h) scanned() invariants() {length = 2 : i64} : (tensor<3xf32>) -> tensor<3xf32> {
  ^bb0(%t: tensor<i64>, %acc: tensor<3xf32>):
    // expected-error @+1 {{using value defined outside the region}}
    %n = loom.add %acc, %w : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    loom.yield %n : tensor<3xf32>
  }
  return %r : tensor<3xf32>
}
