// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @log_softmax_last_axis
// CHECK: loom.log_softmax %{{.*}} axis 1 : tensor<2x3xf32>
func.func @log_softmax_last_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = loom.log_softmax %x axis 1 : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @log_softmax_dynamic_f16
// CHECK: loom.log_softmax %{{.*}} axis 0 : tensor<?x?xf16>
func.func @log_softmax_dynamic_f16(%x: tensor<?x?xf16>) -> tensor<?x?xf16> {
  %0 = loom.log_softmax %x axis 0 : tensor<?x?xf16>
  return %0 : tensor<?x?xf16>
}

// -----

// CHECK-LABEL: func.func @log_softmax_middle_axis_bf16
// CHECK: loom.log_softmax %{{.*}} axis 1 : tensor<2x8x4xbf16>
func.func @log_softmax_middle_axis_bf16(%x: tensor<2x8x4xbf16>) -> tensor<2x8x4xbf16> {
  %0 = loom.log_softmax %x axis 1 : tensor<2x8x4xbf16>
  return %0 : tensor<2x8x4xbf16>
}

// -----

func.func @negative_log_softmax_axis_too_large(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'loom.log_softmax' op axis 2 is out of range for an input of rank 2}}
  %0 = loom.log_softmax %x axis 2 : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Axes are non-negative: a frontend normalizes -1 before building the op.
func.func @negative_log_softmax_negative_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'loom.log_softmax' op axis -1 is out of range for an input of rank 2}}
  %0 = loom.log_softmax %x axis -1 : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @negative_log_softmax_integer(%x: tensor<2x3xi32>) -> tensor<2x3xi32> {
  // expected-error @+1 {{'loom.log_softmax' op operand #0 must be ranked tensor of}}
  %0 = loom.log_softmax %x axis 1 : tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

func.func @negative_log_softmax_result_type(%x: tensor<2x3xf32>) -> tensor<2x3xf16> {
  // expected-error @+1 {{'loom.log_softmax' op requires the same type for all operands and results}}
  %0 = "loom.log_softmax"(%x) <{axis = 1 : i64}> : (tensor<2x3xf32>) -> tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}
