// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @clamp_both_bounds
// CHECK: loom.clamp %{{.*}} min = 0.000000e+00 max = 6.000000e+00 : tensor<4xf32>
func.func @clamp_both_bounds(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = loom.clamp %x min = 0.0 max = 6.0 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @clamp_upper_only_integer
// CHECK: loom.clamp %{{.*}} max = 1.270000e+02 : tensor<?xi32>
func.func @clamp_upper_only_integer(%x: tensor<?xi32>) -> tensor<?xi32> {
  %0 = loom.clamp %x max = 127.0 : tensor<?xi32>
  return %0 : tensor<?xi32>
}

// -----

func.func @negative_clamp_empty_range(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'loom.clamp' op min 6.000000e+00 is greater than max 0.000000e+00}}
  %0 = loom.clamp %x min = 6.0 max = 0.0 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @negative_clamp_fractional_integer_bound(%x: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'loom.clamp' op bound 5.000000e-01 is not an integer but the input is}}
  %0 = loom.clamp %x min = 0.5 : tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @negative_clamp_bool(%x: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'loom.clamp' op operand #0 must be ranked tensor of}}
  %0 = loom.clamp %x max = 1.0 : tensor<4xi1>
  return %0 : tensor<4xi1>
}
