// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @gelu_default_is_exact
// CHECK: loom.gelu %{{.*}} : tensor<2x3xf32>
// CHECK-NOT: approximation
func.func @gelu_default_is_exact(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = loom.gelu %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @gelu_tanh
// CHECK: loom.gelu %{{.*}} approximation = tanh : tensor<?xbf16>
func.func @gelu_tanh(%x: tensor<?xbf16>) -> tensor<?xbf16> {
  %0 = loom.gelu %x approximation = tanh : tensor<?xbf16>
  return %0 : tensor<?xbf16>
}

// -----

func.func @negative_gelu_integer(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'loom.gelu' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit float values}}
  %0 = loom.gelu %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @negative_gelu_unknown_approximation(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'approximation' [none, tanh]}}
  %0 = loom.gelu %x approximation = sigmoid : tensor<4xf32>
  return %0 : tensor<4xf32>
}
