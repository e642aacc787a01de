// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @reduce_min_keepdims
// CHECK: loom.reduce_min %{{.*}} axes [0, 2] keepdims : (tensor<2x3x4xf64>) -> tensor<1x3x1xf64>
func.func @reduce_min_keepdims(%x: tensor<2x3x4xf64>) -> tensor<1x3x1xf64> {
  %0 = loom.reduce_min %x axes [0, 2] keepdims : (tensor<2x3x4xf64>) -> tensor<1x3x1xf64>
  return %0 : tensor<1x3x1xf64>
}

// -----

// CHECK-LABEL: func.func @reduce_min_to_scalar
// CHECK: loom.reduce_min %{{.*}} axes [1, 0] : (tensor<2x3xi64>) -> tensor<i64>
func.func @reduce_min_to_scalar(%x: tensor<2x3xi64>) -> tensor<i64> {
  %0 = loom.reduce_min %x axes [1, 0] : (tensor<2x3xi64>) -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

// CHECK-LABEL: func.func @reduce_min_dynamic
// CHECK: loom.reduce_min %{{.*}} axes [1] : (tensor<?x?xbf16>) -> tensor<?xbf16>
// CHECK: loom.reduce_min %{{.*}} axes [] : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
func.func @reduce_min_dynamic(%x: tensor<?x?xbf16>) -> (tensor<?xbf16>, tensor<?x?xbf16>) {
  %0 = loom.reduce_min %x axes [1] : (tensor<?x?xbf16>) -> tensor<?xbf16>
  %1 = loom.reduce_min %x axes [] : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  return %0, %1 : tensor<?xbf16>, tensor<?x?xbf16>
}

// -----

func.func @negative_reduce_min_axis_out_of_range(%x: tensor<2x3xf64>) -> tensor<2xf64> {
  // expected-error @+2 {{axis 3 is out of range for rank 2}}
  // expected-error @+1 {{'loom.reduce_min' op failed to infer returned types}}
  %0 = loom.reduce_min %x axes [3] : (tensor<2x3xf64>) -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// -----

func.func @negative_reduce_min_repeated_axis(%x: tensor<2x3xf64>) -> tensor<f64> {
  // expected-error @+2 {{axis 0 is repeated}}
  // expected-error @+1 {{'loom.reduce_min' op failed to infer returned types}}
  %0 = loom.reduce_min %x axes [0, 1, 0] : (tensor<2x3xf64>) -> tensor<f64>
  return %0 : tensor<f64>
}

// -----

func.func @negative_reduce_min_wrong_result_shape(%x: tensor<2x3xi64>) -> tensor<2xi64> {
  // expected-error @+2 {{inferred type(s) 'tensor<3xi64>' are incompatible with return type(s) of operation 'tensor<2xi64>'}}
  // expected-error @+1 {{'loom.reduce_min' op failed to infer returned types}}
  %0 = loom.reduce_min %x axes [0] : (tensor<2x3xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @negative_reduce_min_bool(%x: tensor<4xi1>) -> tensor<i1> {
  // expected-error @+1 {{'loom.reduce_min' op operand #0 must be ranked tensor of}}
  %0 = loom.reduce_min %x axes [0] : (tensor<4xi1>) -> tensor<i1>
  return %0 : tensor<i1>
}
