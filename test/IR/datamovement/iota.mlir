// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @iota_i64
// CHECK: loom.iota dim 1 : tensor<2x3xi64>
func.func @iota_i64() -> tensor<2x3xi64> {
  %0 = loom.iota dim 1 : tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// CHECK-LABEL: func.func @iota_floats
// CHECK: loom.iota dim 0 : tensor<5xf16>
// CHECK: loom.iota dim 2 : tensor<1x2x0xbf16>
func.func @iota_floats() -> (tensor<5xf16>, tensor<1x2x0xbf16>) {
  %0 = loom.iota dim 0 : tensor<5xf16>
  %1 = loom.iota dim 2 : tensor<1x2x0xbf16>
  return %0, %1 : tensor<5xf16>, tensor<1x2x0xbf16>
}

// -----

func.func @negative_iota_dynamic() -> tensor<?xi32> {
  // expected-error @+1 {{'loom.iota' op result must have a static shape, got 'tensor<?xi32>'}}
  %0 = loom.iota dim 0 : tensor<?xi32>
  return %0 : tensor<?xi32>
}

// -----

func.func @negative_iota_dim_out_of_range() -> tensor<2x3xi32> {
  // expected-error @+1 {{'loom.iota' op dim 2 is out of range for result rank 2}}
  %0 = loom.iota dim 2 : tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

func.func @negative_iota_scalar() -> tensor<f32> {
  // expected-error @+1 {{'loom.iota' op dim 0 is out of range for result rank 0}}
  %0 = loom.iota dim 0 : tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @negative_iota_bool() -> tensor<2xi1> {
  // expected-error @+1 {{'loom.iota' op result #0 must be ranked tensor of}}
  %0 = loom.iota dim 0 : tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @negative_iota_negative_dim() -> tensor<2x3xf32> {
  // expected-error @+1 {{'loom.iota' op dim -1 is out of range for result rank 2}}
  %0 = loom.iota dim -1 : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
