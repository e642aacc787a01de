// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// The axis is dropped, or kept as 1 with keepdims; the result is always i64.

// CHECK-LABEL: func.func @argmin_keepdims
// CHECK: loom.argmin %{{.*}} axis 1 keepdims : (tensor<2x3xf32>) -> tensor<2x1xi64>
func.func @argmin_keepdims(%x: tensor<2x3xf32>) -> tensor<2x1xi64> {
  %0 = loom.argmin %x axis 1 keepdims : (tensor<2x3xf32>) -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

// CHECK-LABEL: func.func @argmin_select_last_index
// CHECK: loom.argmin %{{.*}} axis 0 select_last_index : (tensor<4x3xi8>) -> tensor<3xi64>
// CHECK: loom.argmin %{{.*}} axis 1 keepdims select_last_index : (tensor<4x3xi8>) -> tensor<4x1xi64>
func.func @argmin_select_last_index(%x: tensor<4x3xi8>) -> (tensor<3xi64>, tensor<4x1xi64>) {
  %0 = loom.argmin %x axis 0 select_last_index : (tensor<4x3xi8>) -> tensor<3xi64>
  %1 = loom.argmin %x axis 1 keepdims select_last_index : (tensor<4x3xi8>) -> tensor<4x1xi64>
  return %0, %1 : tensor<3xi64>, tensor<4x1xi64>
}

// -----

// A dynamic axis is accepted; its size is checked once it is refined.
// CHECK-LABEL: func.func @argmin_dynamic
// CHECK: loom.argmin %{{.*}} axis 1 : (tensor<?x?x8xbf16>) -> tensor<?x8xi64>
func.func @argmin_dynamic(%x: tensor<?x?x8xbf16>) -> tensor<?x8xi64> {
  %0 = loom.argmin %x axis 1 : (tensor<?x?x8xbf16>) -> tensor<?x8xi64>
  return %0 : tensor<?x8xi64>
}

// -----

// Other dimensions may be empty; only the reduced one may not.
// CHECK-LABEL: func.func @argmin_empty_kept_dimension
// CHECK: loom.argmin %{{.*}} axis 1 : (tensor<0x3xi32>) -> tensor<0xi64>
func.func @argmin_empty_kept_dimension(%x: tensor<0x3xi32>) -> tensor<0xi64> {
  %0 = loom.argmin %x axis 1 : (tensor<0x3xi32>) -> tensor<0xi64>
  return %0 : tensor<0xi64>
}

// -----

func.func @negative_argmin_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2xi64> {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'loom.argmin' op failed to infer returned types}}
  %0 = loom.argmin %x axis 2 : (tensor<2x3xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @negative_argmin_negative_axis(%x: tensor<2x3xf32>) -> tensor<2xi64> {
  // expected-error @+2 {{axis -1 is out of range for rank 2}}
  // expected-error @+1 {{'loom.argmin' op failed to infer returned types}}
  %0 = loom.argmin %x axis -1 : (tensor<2x3xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @negative_argmin_empty_axis(%x: tensor<2x0xf32>) -> tensor<2xi64> {
  // expected-error @+2 {{axis 1 has size 0, so there is no index to return}}
  // expected-error @+1 {{'loom.argmin' op failed to infer returned types}}
  %0 = loom.argmin %x axis 1 : (tensor<2x0xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @negative_argmin_result_not_i64(%x: tensor<2x3xf32>) -> tensor<2xi32> {
  // expected-error @+1 {{'loom.argmin' op result #0 must be ranked tensor of 64-bit signless integer values}}
  %0 = loom.argmin %x axis 1 : (tensor<2x3xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @negative_argmin_wrong_result_shape(%x: tensor<2x3xf32>) -> tensor<3xi64> {
  // expected-error @+2 {{inferred type(s) 'tensor<2xi64>' are incompatible with return type(s) of operation 'tensor<3xi64>'}}
  // expected-error @+1 {{'loom.argmin' op failed to infer returned types}}
  %0 = loom.argmin %x axis 1 : (tensor<2x3xf32>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

func.func @negative_argmin_bool(%x: tensor<4xi1>) -> tensor<i64> {
  // expected-error @+1 {{'loom.argmin' op operand #0 must be ranked tensor of}}
  %0 = loom.argmin %x axis 0 : (tensor<4xi1>) -> tensor<i64>
  return %0 : tensor<i64>
}
