// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s

// loom.if (ir/LoomControlFlowOps.td): one of two regions, chosen by a
// condition of one element, each taking the invariants and yielding the
// results.

// The then region negates, the else region passes its argument on.
// CHECK-LABEL: func.func @choose
// CHECK: %[[R:.*]] = loom.if %{{.*}} invariants(%{{.*}}) : (tensor<i1>, tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NEXT: ^bb0(%[[A:.*]]: tensor<4xf32>):
// CHECK-NEXT: %[[N:.*]] = loom.neg %[[A]]
// CHECK-NEXT: loom.yield %[[N]] : tensor<4xf32>
// CHECK-NEXT: } else {
// CHECK-NEXT: ^bb0(%[[B:.*]]: tensor<4xf32>):
// CHECK-NEXT: loom.yield %[[B]] : tensor<4xf32>
func.func @choose(%c: tensor<i1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %r = loom.if %c invariants(%x) : (tensor<i1>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %n = loom.neg %a : tensor<4xf32>
    loom.yield %n : tensor<4xf32>
  } else {
  ^bb0(%a: tensor<4xf32>):
    loom.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @if_condition(%c: tensor<2xi1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{condition must hold one element, not 'tensor<2xi1>'}}
  %r = loom.if %c invariants(%x) : (tensor<2xi1>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    loom.yield %a : tensor<4xf32>
  } else {
  ^bb0(%a: tensor<4xf32>):
    loom.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @if_arguments(%c: tensor<i1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{the else region must take the invariants' types 'tensor<4xf32>' as its arguments, not 'tensor<4xf16>'}}
  %r = loom.if %c invariants(%x) : (tensor<i1>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    loom.yield %a : tensor<4xf32>
  } else {
  ^bb0(%a: tensor<4xf16>):
    %b = loom.cast %a : tensor<4xf16> to tensor<4xf32>
    loom.yield %b : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

func.func @if_yield(%c: tensor<i1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{the then region yields 'tensor<4xf16>', but the op's results are 'tensor<4xf32>'}}
  %r = loom.if %c invariants(%x) : (tensor<i1>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %b = loom.cast %a : tensor<4xf32> to tensor<4xf16>
    loom.yield %b : tensor<4xf16>
  } else {
  ^bb0(%a: tensor<4xf32>):
    loom.yield %a : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}
