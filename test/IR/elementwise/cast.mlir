// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @cast_float_to_int
// CHECK: loom.cast %{{.*}} : tensor<2x3xf32> to tensor<2x3xi32>
func.func @cast_float_to_int(%x: tensor<2x3xf32>) -> tensor<2x3xi32> {
  %0 = loom.cast %x : tensor<2x3xf32> to tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// CHECK-LABEL: func.func @cast_to_bool_and_half
// CHECK: loom.cast %{{.*}} : tensor<?xi64> to tensor<?xi1>
// CHECK: loom.cast %{{.*}} : tensor<?xi1> to tensor<?xbf16>
func.func @cast_to_bool_and_half(%x: tensor<?xi64>) -> tensor<?xbf16> {
  %0 = loom.cast %x : tensor<?xi64> to tensor<?xi1>
  %1 = loom.cast %0 : tensor<?xi1> to tensor<?xbf16>
  return %1 : tensor<?xbf16>
}

// -----

func.func @negative_cast_changes_shape(%x: tensor<4xf32>) -> tensor<2x2xf16> {
  // expected-error @+1 {{'loom.cast' op all non-scalar operands/results must have the same shape and base type}}
  %0 = loom.cast %x : tensor<4xf32> to tensor<2x2xf16>
  return %0 : tensor<2x2xf16>
}

// -----

func.func @negative_cast_unsupported_type(%x: tensor<4xf32>) -> tensor<4xi4> {
  // expected-error @+1 {{'loom.cast' op result #0 must be ranked tensor of}}
  %0 = loom.cast %x : tensor<4xf32> to tensor<4xi4>
  return %0 : tensor<4xi4>
}
