// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// Plain matrices, broadcast batch dimensions, dynamic sizes and a declared
// result that is less static than the inferred one.

// CHECK-LABEL: func.func @matmul_2d
// CHECK: loom.matmul %{{.*}}, %{{.*}} : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
func.func @matmul_2d(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>) -> tensor<4x5xf32> {
  %0 = loom.matmul %a, %b : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// Batch [2, 1] against [5] broadcasts to [2, 5].
// CHECK-LABEL: func.func @matmul_broadcast_batch
// CHECK: loom.matmul %{{.*}}, %{{.*}} : (tensor<2x1x4x3xi8>, tensor<5x3x6xi8>) -> tensor<2x5x4x6xi8>
func.func @matmul_broadcast_batch(%a: tensor<2x1x4x3xi8>, %b: tensor<5x3x6xi8>) -> tensor<2x5x4x6xi8> {
  %0 = loom.matmul %a, %b : (tensor<2x1x4x3xi8>, tensor<5x3x6xi8>) -> tensor<2x5x4x6xi8>
  return %0 : tensor<2x5x4x6xi8>
}

// -----

// A dynamic K matches any K; a dynamic batch size stays dynamic.
// CHECK-LABEL: func.func @matmul_dynamic
// CHECK: loom.matmul %{{.*}}, %{{.*}} : (tensor<?x4x?xf16>, tensor<3x8xf16>) -> tensor<?x4x8xf16>
func.func @matmul_dynamic(%a: tensor<?x4x?xf16>, %b: tensor<3x8xf16>) -> tensor<?x4x8xf16> {
  %0 = loom.matmul %a, %b : (tensor<?x4x?xf16>, tensor<3x8xf16>) -> tensor<?x4x8xf16>
  return %0 : tensor<?x4x8xf16>
}

// -----

// CHECK-LABEL: func.func @matmul_declared_dynamic
// CHECK: loom.matmul %{{.*}}, %{{.*}} : (tensor<2x3xi32>, tensor<3x4xi32>) -> tensor<?x4xi32>
func.func @matmul_declared_dynamic(%a: tensor<2x3xi32>, %b: tensor<3x4xi32>) -> tensor<?x4xi32> {
  %0 = loom.matmul %a, %b : (tensor<2x3xi32>, tensor<3x4xi32>) -> tensor<?x4xi32>
  return %0 : tensor<?x4xi32>
}

// -----

func.func @negative_matmul_rank_1(%a: tensor<3xf32>, %b: tensor<3x2xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{operands must have rank 2 or more, got 1 and 2}}
  // expected-error @+1 {{'loom.matmul' op failed to infer returned types}}
  %0 = loom.matmul %a, %b : (tensor<3xf32>, tensor<3x2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @negative_matmul_contraction_mismatch(%a: tensor<4x3xf32>, %b: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+2 {{contraction sizes differ: lhs 4x3 has K = 3 but rhs 4x5 has K = 4}}
  // expected-error @+1 {{'loom.matmul' op failed to infer returned types}}
  %0 = loom.matmul %a, %b : (tensor<4x3xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @negative_matmul_batch_no_broadcast(%a: tensor<2x4x3xf32>, %b: tensor<3x3x5xf32>) -> tensor<3x4x5xf32> {
  // expected-error @+2 {{shapes 2 and 3 do not broadcast: dimension 0 is 2 against 3}}
  // expected-error @+1 {{'loom.matmul' op failed to infer returned types}}
  %0 = loom.matmul %a, %b : (tensor<2x4x3xf32>, tensor<3x3x5xf32>) -> tensor<3x4x5xf32>
  return %0 : tensor<3x4x5xf32>
}

// -----

func.func @negative_matmul_wrong_result(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>) -> tensor<4x6xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<4x5xf32>' are incompatible with return type(s) of operation 'tensor<4x6xf32>'}}
  // expected-error @+1 {{'loom.matmul' op failed to infer returned types}}
  %0 = loom.matmul %a, %b : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @negative_matmul_mixed_element_types(%a: tensor<4x3xf32>, %b: tensor<3x5xf16>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'loom.matmul' op requires the same element type for all operands}}
  %0 = loom.matmul %a, %b : (tensor<4x3xf32>, tensor<3x5xf16>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}
