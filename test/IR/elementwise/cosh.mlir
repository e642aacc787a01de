// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @cosh_f32
// CHECK: loom.cosh %{{.*}} : tensor<2x3xf32>
func.func @cosh_f32(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = loom.cosh %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @cosh_f16_dynamic
// CHECK: loom.cosh %{{.*}} : tensor<?xf16>
func.func @cosh_f16_dynamic(%x: tensor<?xf16>) -> tensor<?xf16> {
  %0 = loom.cosh %x : tensor<?xf16>
  return %0 : tensor<?xf16>
}

// -----

func.func @negative_cosh_integer(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'loom.cosh' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit float values, but got 'tensor<4xi32>'}}
  %0 = loom.cosh %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @negative_cosh_result_type(%x: tensor<4xf32>) -> tensor<4xf16> {
  // expected-error @+1 {{'loom.cosh' op requires the same type for all operands and results}}
  %0 = "loom.cosh"(%x) : (tensor<4xf32>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}
