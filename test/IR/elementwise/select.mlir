// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @select_broadcasts_all_operands
// CHECK: loom.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x1xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
func.func @select_broadcasts_all_operands(%c: tensor<2x1xi1>, %a: tensor<2x3xf32>, %b: tensor<f32>) -> tensor<2x3xf32> {
  %0 = loom.select %c, %a, %b : (tensor<2x1xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @select_dynamic_integer
// CHECK: loom.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?xi1>, tensor<?xi64>, tensor<?xi64>) -> tensor<?xi64>
func.func @select_dynamic_integer(%c: tensor<?xi1>, %a: tensor<?xi64>, %b: tensor<?xi64>) -> tensor<?xi64> {
  %0 = loom.select %c, %a, %b : (tensor<?xi1>, tensor<?xi64>, tensor<?xi64>) -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// -----

func.func @negative_select_value_types_differ(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf16>) -> tensor<4xf32> {
  // expected-error @+2 {{on_true has element type 'f32' but on_false has 'f16'}}
  // expected-error @+1 {{'loom.select' op failed to infer returned types}}
  %0 = loom.select %c, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @negative_select_condition_not_bool(%c: tensor<4xi32>, %a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'loom.select' op operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = loom.select %c, %a, %b : (tensor<4xi32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @negative_select_condition_does_not_broadcast(%c: tensor<3xi1>, %a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{shapes 3 and 4 do not broadcast: dimension 0 is 3 against 4}}
  // expected-error @+1 {{'loom.select' op failed to infer returned types}}
  %0 = loom.select %c, %a, %b : (tensor<3xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
