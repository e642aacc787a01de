// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @cumsum_plain
// CHECK: loom.cumsum %{{.*}} axis 0 : tensor<2x3xf32>
func.func @cumsum_plain(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = loom.cumsum %x axis 0 : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @cumsum_flags
// CHECK: loom.cumsum %{{.*}} axis 1 exclusive : tensor<2x3xi32>
// CHECK: loom.cumsum %{{.*}} axis 1 reverse : tensor<2x3xi32>
// CHECK: loom.cumsum %{{.*}} axis 1 exclusive reverse : tensor<2x3xi32>
func.func @cumsum_flags(%x: tensor<2x3xi32>) -> (tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xi32>) {
  %0 = loom.cumsum %x axis 1 exclusive : tensor<2x3xi32>
  %1 = loom.cumsum %x axis 1 reverse : tensor<2x3xi32>
  %2 = loom.cumsum %x axis 1 exclusive reverse : tensor<2x3xi32>
  return %0, %1, %2 : tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xi32>
}

// -----

// CHECK-LABEL: func.func @cumsum_dynamic
// CHECK: loom.cumsum %{{.*}} axis 0 reverse : tensor<?x4xf16>
func.func @cumsum_dynamic(%x: tensor<?x4xf16>) -> tensor<?x4xf16> {
  %0 = loom.cumsum %x axis 0 reverse : tensor<?x4xf16>
  return %0 : tensor<?x4xf16>
}

// -----

func.func @negative_cumsum_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'loom.cumsum' op axis 2 is out of range for rank 2}}
  %0 = loom.cumsum %x axis 2 : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @negative_cumsum_negative_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'loom.cumsum' op axis -1 is out of range for rank 2}}
  %0 = loom.cumsum %x axis -1 : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @negative_cumsum_scalar(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'loom.cumsum' op axis 0 is out of range for rank 0}}
  %0 = loom.cumsum %x axis 0 : tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @negative_cumsum_result_type(%x: tensor<2x3xf32>) -> tensor<2x3xf16> {
  // expected-error @+1 {{'loom.cumsum' op requires the same type for all operands and results}}
  %0 = "loom.cumsum"(%x) <{axis = 0 : i64}> : (tensor<2x3xf32>) -> tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// -----

func.func @negative_cumsum_bool(%x: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'loom.cumsum' op operand #0 must be ranked tensor of}}
  %0 = loom.cumsum %x axis 0 : tensor<4xi1>
  return %0 : tensor<4xi1>
}
