// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// Same shapes, integer operands, and NumPy broadcasting of both sides.

// CHECK-LABEL: func.func @min_same_shape
// CHECK: loom.min %{{.*}}, %{{.*}} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @min_same_shape(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = loom.min %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @min_broadcast
// CHECK: loom.min %{{.*}}, %{{.*}} : (tensor<2x1x3xi32>, tensor<4x1xi32>) -> tensor<2x4x3xi32>
func.func @min_broadcast(%a: tensor<2x1x3xi32>, %b: tensor<4x1xi32>) -> tensor<2x4x3xi32> {
  %0 = loom.min %a, %b : (tensor<2x1x3xi32>, tensor<4x1xi32>) -> tensor<2x4x3xi32>
  return %0 : tensor<2x4x3xi32>
}

// -----

// CHECK-LABEL: func.func @min_dynamic
// CHECK: loom.min %{{.*}}, %{{.*}} : (tensor<?x3xbf16>, tensor<bf16>) -> tensor<?x3xbf16>
func.func @min_dynamic(%a: tensor<?x3xbf16>, %b: tensor<bf16>) -> tensor<?x3xbf16> {
  %0 = loom.min %a, %b : (tensor<?x3xbf16>, tensor<bf16>) -> tensor<?x3xbf16>
  return %0 : tensor<?x3xbf16>
}

// -----

func.func @negative_min_no_broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{shapes 2x3 and 4 do not broadcast: dimension 1 is 3 against 4}}
  // expected-error @+1 {{'loom.min' op failed to infer returned types}}
  %0 = loom.min %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @negative_min_wrong_result_shape(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<2x4xf32>'}}
  // expected-error @+1 {{'loom.min' op failed to infer returned types}}
  %0 = loom.min %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @negative_min_mixed_element_types(%a: tensor<2xi32>, %b: tensor<2xf32>) -> tensor<2xi32> {
  // expected-error @+1 {{'loom.min' op requires the same element type for all operands}}
  %0 = loom.min %a, %b : (tensor<2xi32>, tensor<2xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @negative_min_bool(%a: tensor<2xi1>, %b: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error @+1 {{'loom.min' op operand #0 must be ranked tensor of}}
  %0 = loom.min %a, %b : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}
