// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @transpose_last_two
// CHECK: loom.transpose %{{.*}} permutation [0, 2, 1] : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
func.func @transpose_last_two(%x: tensor<2x3x4xf32>) -> tensor<2x4x3xf32> {
  %0 = loom.transpose %x permutation [0, 2, 1] : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
  return %0 : tensor<2x4x3xf32>
}

// -----

// A dynamic size moves with its dimension.

// CHECK-LABEL: func.func @transpose_dynamic_i8
// CHECK: loom.transpose %{{.*}} permutation [1, 0] : (tensor<?x5xi8>) -> tensor<5x?xi8>
func.func @transpose_dynamic_i8(%x: tensor<?x5xi8>) -> tensor<5x?xi8> {
  %0 = loom.transpose %x permutation [1, 0] : (tensor<?x5xi8>) -> tensor<5x?xi8>
  return %0 : tensor<5x?xi8>
}

// -----

// CHECK-LABEL: func.func @transpose_scalar
// CHECK: loom.transpose %{{.*}} permutation [] : (tensor<bf16>) -> tensor<bf16>
func.func @transpose_scalar(%x: tensor<bf16>) -> tensor<bf16> {
  %0 = loom.transpose %x permutation [] : (tensor<bf16>) -> tensor<bf16>
  return %0 : tensor<bf16>
}

// -----

func.func @negative_transpose_repeated_dim(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  // expected-error @+2 {{permutation [0, 0] is not a permutation of 0..1}}
  // expected-error @+1 {{'loom.transpose' op failed to infer returned types}}
  %0 = loom.transpose %x permutation [0, 0] : (tensor<2x3xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @negative_transpose_out_of_range(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{permutation [2, 0] is not a permutation of 0..1}}
  // expected-error @+1 {{'loom.transpose' op failed to infer returned types}}
  %0 = loom.transpose %x permutation [2, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @negative_transpose_wrong_length(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{permutation has 3 entries but the input has rank 2}}
  // expected-error @+1 {{'loom.transpose' op failed to infer returned types}}
  %0 = loom.transpose %x permutation [1, 0, 2] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @negative_transpose_wrong_result(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<3x2xf32>' are incompatible with return type(s) of operation 'tensor<2x3xf32>'}}
  // expected-error @+1 {{'loom.transpose' op failed to infer returned types}}
  %0 = loom.transpose %x permutation [1, 0] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
