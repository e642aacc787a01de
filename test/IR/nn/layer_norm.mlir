// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// The default epsilon (1e-5) is not printed.
// CHECK-LABEL: func.func @layer_norm_last_axis
// CHECK: loom.layer_norm %{{.*}}, %{{.*}}, %{{.*}} axis 2 : (tensor<2x16x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<2x16x768xf32>
func.func @layer_norm_last_axis(%x: tensor<2x16x768xf32>, %gamma: tensor<768xf32>, %beta: tensor<768xf32>) -> tensor<2x16x768xf32> {
  %0 = loom.layer_norm %x, %gamma, %beta axis 2 epsilon 1.0e-05 : (tensor<2x16x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<2x16x768xf32>
  return %0 : tensor<2x16x768xf32>
}

// -----

// Normalized shape 4x8: scale of shape 8 and bias of shape 4x1 broadcast to it.
// CHECK-LABEL: func.func @layer_norm_broadcast_epsilon
// CHECK: loom.layer_norm %{{.*}}, %{{.*}}, %{{.*}} axis 1 epsilon 1.000000e-03 : (tensor<2x4x8xf64>, tensor<8xf64>, tensor<4x1xf64>) -> tensor<2x4x8xf64>
func.func @layer_norm_broadcast_epsilon(%x: tensor<2x4x8xf64>, %gamma: tensor<8xf64>, %beta: tensor<4x1xf64>) -> tensor<2x4x8xf64> {
  %0 = loom.layer_norm %x, %gamma, %beta axis 1 epsilon 1.0e-03 : (tensor<2x4x8xf64>, tensor<8xf64>, tensor<4x1xf64>) -> tensor<2x4x8xf64>
  return %0 : tensor<2x4x8xf64>
}

// -----

// CHECK-LABEL: func.func @layer_norm_dynamic_f16
// CHECK: loom.layer_norm %{{.*}}, %{{.*}}, %{{.*}} axis 1 : (tensor<?x?xf16>, tensor<?xf16>, tensor<f16>) -> tensor<?x?xf16>
func.func @layer_norm_dynamic_f16(%x: tensor<?x?xf16>, %gamma: tensor<?xf16>, %beta: tensor<f16>) -> tensor<?x?xf16> {
  %0 = loom.layer_norm %x, %gamma, %beta axis 1 : (tensor<?x?xf16>, tensor<?xf16>, tensor<f16>) -> tensor<?x?xf16>
  return %0 : tensor<?x?xf16>
}

// -----

func.func @negative_layer_norm_axis(%x: tensor<2x8xf32>, %s: tensor<8xf32>) -> tensor<2x8xf32> {
  // expected-error @+2 {{axis 2 is out of range for an input of rank 2}}
  // expected-error @+1 {{'loom.layer_norm' op failed to infer returned types}}
  %0 = loom.layer_norm %x, %s, %s axis 2 : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @negative_layer_norm_scale_shape(%x: tensor<2x3x5xf32>, %s: tensor<4xf32>, %b: tensor<5xf32>) -> tensor<2x3x5xf32> {
  // expected-error @+2 {{scale of shape 4 does not broadcast to the normalized shape 3x5: scale dimension 0 is 4 but input dimension 2 is 5}}
  // expected-error @+1 {{'loom.layer_norm' op failed to infer returned types}}
  %0 = loom.layer_norm %x, %s, %b axis 1 : (tensor<2x3x5xf32>, tensor<4xf32>, tensor<5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

func.func @negative_layer_norm_bias_rank(%x: tensor<2x8xf32>, %s: tensor<8xf32>, %b: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+2 {{bias of shape 2x8 has more dimensions than the normalized shape 8}}
  // expected-error @+1 {{'loom.layer_norm' op failed to infer returned types}}
  %0 = loom.layer_norm %x, %s, %b axis 1 : (tensor<2x8xf32>, tensor<8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @negative_layer_norm_epsilon(%x: tensor<2x8xf32>, %s: tensor<8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'loom.layer_norm' op epsilon -1.000000e+00 must be at least 0}}
  %0 = loom.layer_norm %x, %s, %s axis 1 epsilon -1.0 : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @negative_layer_norm_element_types(%x: tensor<2x8xf32>, %s: tensor<8xf16>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'loom.layer_norm' op requires the same element type for all operands and results}}
  %0 = loom.layer_norm %x, %s, %s axis 1 : (tensor<2x8xf32>, tensor<8xf16>, tensor<8xf16>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @negative_layer_norm_wrong_result(%x: tensor<2x8xf32>, %s: tensor<8xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<2x8xf32>' are incompatible with return type(s) of operation 'tensor<2x4xf32>'}}
  // expected-error @+1 {{'loom.layer_norm' op failed to infer returned types}}
  %0 = loom.layer_norm %x, %s, %s axis 1 : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
