// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @constant_f32
// CHECK: loom.constant dense<[1.500000e+00, -2.000000e+00]> : tensor<2xf32>
func.func @constant_f32() -> tensor<2xf32> {
  %0 = loom.constant dense<[1.5, -2.0]> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @constant_splat_bf16
// CHECK: loom.constant dense<3.000000e+00> : tensor<2x3xbf16>
func.func @constant_splat_bf16() -> tensor<2x3xbf16> {
  %0 = loom.constant dense<3.0> : tensor<2x3xbf16>
  return %0 : tensor<2x3xbf16>
}

// -----

// CHECK-LABEL: func.func @constant_bool_scalar
// CHECK: loom.constant dense<true> : tensor<i1>
func.func @constant_bool_scalar() -> tensor<i1> {
  %0 = loom.constant dense<true> : tensor<i1>
  return %0 : tensor<i1>
}

// -----

// CHECK-LABEL: func.func @constant_i64_empty
// CHECK: loom.constant dense<> : tensor<0x4xi64>
func.func @constant_i64_empty() -> tensor<0x4xi64> {
  %0 = loom.constant dense<> : tensor<0x4xi64>
  return %0 : tensor<0x4xi64>
}

// -----

func.func @negative_constant_dynamic_type() -> tensor<?xf32> {
  // expected-error @+1 {{'loom.constant' op value must have a static shape, got 'tensor<?xf32>'}}
  %0 = loom.constant dense_resource<weights> : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @negative_constant_type_mismatch() -> tensor<3xf32> {
  // expected-error @+1 {{'loom.constant' op failed to verify that all of {value, result} have same type}}
  %0 = "loom.constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @negative_constant_unsupported_element_type() -> tensor<2xi4> {
  // expected-error @+1 {{'loom.constant' op result #0 must be ranked tensor of}}
  %0 = loom.constant dense<[1, 2]> : tensor<2xi4>
  return %0 : tensor<2xi4>
}
