// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @reduce_max_keepdims
// CHECK: loom.reduce_max %{{.*}} axes [0, 2] keepdims : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
func.func @reduce_max_keepdims(%x: tensor<2x3x4xf32>) -> tensor<1x3x1xf32> {
  %0 = loom.reduce_max %x axes [0, 2] keepdims : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  return %0 : tensor<1x3x1xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_max_to_scalar
// CHECK: loom.reduce_max %{{.*}} axes [1, 0] : (tensor<2x3xi8>) -> tensor<i8>
func.func @reduce_max_to_scalar(%x: tensor<2x3xi8>) -> tensor<i8> {
  %0 = loom.reduce_max %x axes [1, 0] : (tensor<2x3xi8>) -> tensor<i8>
  return %0 : tensor<i8>
}

// -----

// CHECK-LABEL: func.func @reduce_max_dynamic
// CHECK: loom.reduce_max %{{.*}} axes [1] : (tensor<?x?xf16>) -> tensor<?xf16>
// CHECK: loom.reduce_max %{{.*}} axes [] : (tensor<?x?xf16>) -> tensor<?x?xf16>
func.func @reduce_max_dynamic(%x: tensor<?x?xf16>) -> (tensor<?xf16>, tensor<?x?xf16>) {
  %0 = loom.reduce_max %x axes [1] : (tensor<?x?xf16>) -> tensor<?xf16>
  %1 = loom.reduce_max %x axes [] : (tensor<?x?xf16>) -> tensor<?x?xf16>
  return %0, %1 : tensor<?xf16>, tensor<?x?xf16>
}

// -----

func.func @negative_reduce_max_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{axis 3 is out of range for rank 2}}
  // expected-error @+1 {{'loom.reduce_max' op failed to infer returned types}}
  %0 = loom.reduce_max %x axes [3] : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @negative_reduce_max_repeated_axis(%x: tensor<2x3xf32>) -> tensor<f32> {
  // expected-error @+2 {{axis 0 is repeated}}
  // expected-error @+1 {{'loom.reduce_max' op failed to infer returned types}}
  %0 = loom.reduce_max %x axes [0, 1, 0] : (tensor<2x3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @negative_reduce_max_wrong_result_shape(%x: tensor<2x3xi8>) -> tensor<2xi8> {
  // expected-error @+2 {{inferred type(s) 'tensor<3xi8>' are incompatible with return type(s) of operation 'tensor<2xi8>'}}
  // expected-error @+1 {{'loom.reduce_max' op failed to infer returned types}}
  %0 = loom.reduce_max %x axes [0] : (tensor<2x3xi8>) -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

func.func @negative_reduce_max_bool(%x: tensor<4xi1>) -> tensor<i1> {
  // expected-error @+1 {{'loom.reduce_max' op operand #0 must be ranked tensor of}}
  %0 = loom.reduce_max %x axes [0] : (tensor<4xi1>) -> tensor<i1>
  return %0 : tensor<i1>
}
