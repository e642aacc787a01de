// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// Reduced dimensions are dropped, or kept as 1 with keepdims; an empty axes
// list reduces nothing; dynamic kept dimensions stay dynamic.

// CHECK-LABEL: func.func @reduce_sum_drop
// CHECK: loom.reduce_sum %{{.*}} axes [0, 2] : (tensor<2x3x4xf32>) -> tensor<3xf32>
func.func @reduce_sum_drop(%x: tensor<2x3x4xf32>) -> tensor<3xf32> {
  %0 = loom.reduce_sum %x axes [0, 2] : (tensor<2x3x4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_sum_keepdims
// CHECK: loom.reduce_sum %{{.*}} axes [1] keepdims : (tensor<2x3xi32>) -> tensor<2x1xi32>
func.func @reduce_sum_keepdims(%x: tensor<2x3xi32>) -> tensor<2x1xi32> {
  %0 = loom.reduce_sum %x axes [1] keepdims : (tensor<2x3xi32>) -> tensor<2x1xi32>
  return %0 : tensor<2x1xi32>
}

// -----

// CHECK-LABEL: func.func @reduce_sum_no_axes
// CHECK: loom.reduce_sum %{{.*}} axes [] : (tensor<2x3xbf16>) -> tensor<2x3xbf16>
func.func @reduce_sum_no_axes(%x: tensor<2x3xbf16>) -> tensor<2x3xbf16> {
  %0 = loom.reduce_sum %x axes [] : (tensor<2x3xbf16>) -> tensor<2x3xbf16>
  return %0 : tensor<2x3xbf16>
}

// -----

// CHECK-LABEL: func.func @reduce_sum_dynamic
// CHECK: loom.reduce_sum %{{.*}} axes [1] keepdims : (tensor<?x?x4xf16>) -> tensor<?x1x4xf16>
// CHECK: loom.reduce_sum %{{.*}} axes [0] : (tensor<?x?x4xf16>) -> tensor<?x4xf16>
func.func @reduce_sum_dynamic(%x: tensor<?x?x4xf16>) -> (tensor<?x1x4xf16>, tensor<?x4xf16>) {
  %0 = loom.reduce_sum %x axes [1] keepdims : (tensor<?x?x4xf16>) -> tensor<?x1x4xf16>
  %1 = loom.reduce_sum %x axes [0] : (tensor<?x?x4xf16>) -> tensor<?x4xf16>
  return %0, %1 : tensor<?x1x4xf16>, tensor<?x4xf16>
}

// -----

// A declared static size may refine a dynamic inferred one.
// CHECK-LABEL: func.func @reduce_sum_refined_result
// CHECK: loom.reduce_sum %{{.*}} axes [1] : (tensor<?x3xi64>) -> tensor<5xi64>
func.func @reduce_sum_refined_result(%x: tensor<?x3xi64>) -> tensor<5xi64> {
  %0 = loom.reduce_sum %x axes [1] : (tensor<?x3xi64>) -> tensor<5xi64>
  return %0 : tensor<5xi64>
}

// -----

func.func @negative_reduce_sum_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'loom.reduce_sum' op failed to infer returned types}}
  %0 = loom.reduce_sum %x axes [2] : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @negative_reduce_sum_negative_axis(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{axis -1 is out of range for rank 2}}
  // expected-error @+1 {{'loom.reduce_sum' op failed to infer returned types}}
  %0 = loom.reduce_sum %x axes [-1] : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @negative_reduce_sum_repeated_axis(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{axis 1 is repeated}}
  // expected-error @+1 {{'loom.reduce_sum' op failed to infer returned types}}
  %0 = loom.reduce_sum %x axes [1, 1] : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @negative_reduce_sum_wrong_result_shape(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{'loom.reduce_sum' op failed to infer returned types}}
  %0 = loom.reduce_sum %x axes [1] : (tensor<2x3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @negative_reduce_sum_dropped_keepdims(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<2x1xf32>'}}
  // expected-error @+1 {{'loom.reduce_sum' op failed to infer returned types}}
  %0 = loom.reduce_sum %x axes [1] : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @negative_reduce_sum_wrong_element_type(%x: tensor<2x3xf32>) -> tensor<2xf16> {
  // expected-error @+2 {{inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<2xf16>'}}
  // expected-error @+1 {{'loom.reduce_sum' op failed to infer returned types}}
  %0 = loom.reduce_sum %x axes [1] : (tensor<2x3xf32>) -> tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

func.func @negative_reduce_sum_bool(%x: tensor<2x3xi1>) -> tensor<2xi1> {
  // expected-error @+1 {{'loom.reduce_sum' op operand #0 must be ranked tensor of}}
  %0 = loom.reduce_sum %x axes [1] : (tensor<2x3xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}
