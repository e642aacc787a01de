// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @or_broadcast
// CHECK: loom.or %{{.*}}, %{{.*}} : (tensor<2x3xi1>, tensor<i1>) -> tensor<2x3xi1>
func.func @or_broadcast(%a: tensor<2x3xi1>, %b: tensor<i1>) -> tensor<2x3xi1> {
  %0 = loom.or %a, %b : (tensor<2x3xi1>, tensor<i1>) -> tensor<2x3xi1>
  return %0 : tensor<2x3xi1>
}

// -----

func.func @negative_or_not_bool(%a: tensor<2xi32>, %b: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error @+1 {{'loom.or' op operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = loom.or %a, %b : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @negative_or_no_broadcast(%a: tensor<2xi1>, %b: tensor<3xi1>) -> tensor<2xi1> {
  // expected-error @+2 {{shapes 2 and 3 do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = loom.or %a, %b : (tensor<2xi1>, tensor<3xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}
