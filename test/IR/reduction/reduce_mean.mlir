// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @reduce_mean_keepdims
// CHECK: loom.reduce_mean %{{.*}} axes [0, 2] keepdims : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
func.func @reduce_mean_keepdims(%x: tensor<2x3x4xf32>) -> tensor<1x3x1xf32> {
  %0 = loom.reduce_mean %x axes [0, 2] keepdims : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  return %0 : tensor<1x3x1xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_mean_to_scalar
// CHECK: loom.reduce_mean %{{.*}} axes [1, 0] : (tensor<2x3xi32>) -> tensor<i32>
func.func @reduce_mean_to_scalar(%x: tensor<2x3xi32>) -> tensor<i32> {
  %0 = loom.reduce_mean %x axes [1, 0] : (tensor<2x3xi32>) -> tensor<i32>
  return %0 : tensor<i32>
}

// -----

// CHECK-LABEL: func.func @reduce_mean_dynamic
// CHECK: loom.reduce_mean %{{.*}} axes [1] : (tensor<?x?xbf16>) -> tensor<?xbf16>
// CHECK: loom.reduce_mean %{{.*}} axes [] : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
func.func @reduce_mean_dynamic(%x: tensor<?x?xbf16>) -> (tensor<?xbf16>, tensor<?x?xbf16>) {
  %0 = loom.reduce_mean %x axes [1] : (tensor<?x?xbf16>) -> tensor<?xbf16>
  %1 = loom.reduce_mean %x axes [] : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  return %0, %1 : tensor<?xbf16>, tensor<?x?xbf16>
}

// -----

func.func @negative_reduce_mean_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{axis 3 is out of range for rank 2}}
  // expected-error @+1 {{'loom.reduce_mean' op failed to infer returned types}}
  %0 = loom.reduce_mean %x axes [3] : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @negative_reduce_mean_repeated_axis(%x: tensor<2x3xf32>) -> tensor<f32> {
  // expected-error @+2 {{axis 0 is repeated}}
  // expected-error @+1 {{'loom.reduce_mean' op failed to infer returned types}}
  %0 = loom.reduce_mean %x axes [0, 1, 0] : (tensor<2x3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @negative_reduce_mean_wrong_result_shape(%x: tensor<2x3xi32>) -> tensor<2xi32> {
  // expected-error @+2 {{inferred type(s) 'tensor<3xi32>' are incompatible with return type(s) of operation 'tensor<2xi32>'}}
  // expected-error @+1 {{'loom.reduce_mean' op failed to infer returned types}}
  %0 = loom.reduce_mean %x axes [0] : (tensor<2x3xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @negative_reduce_mean_bool(%x: tensor<4xi1>) -> tensor<i1> {
  // expected-error @+1 {{'loom.reduce_mean' op operand #0 must be ranked tensor of}}
  %0 = loom.reduce_mean %x axes [0] : (tensor<4xi1>) -> tensor<i1>
  return %0 : tensor<i1>
}
