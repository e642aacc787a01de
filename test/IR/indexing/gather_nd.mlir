// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// Full tuples selecting elements, short tuples selecting slices, batch
// dimensions, and dynamic sizes.

// CHECK-LABEL: func.func @gather_nd_elements
// CHECK: loom.gather_nd %{{.*}}, %{{.*}} : (tensor<2x2xi32>, tensor<3x2xi64>) -> tensor<3xi32>
func.func @gather_nd_elements(%data: tensor<2x2xi32>, %ids: tensor<3x2xi64>) -> tensor<3xi32> {
  %0 = loom.gather_nd %data, %ids : (tensor<2x2xi32>, tensor<3x2xi64>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

// CHECK-LABEL: func.func @gather_nd_slices
// CHECK: loom.gather_nd %{{.*}}, %{{.*}} : (tensor<5x4x3xf32>, tensor<7x2x1xi32>) -> tensor<7x2x4x3xf32>
func.func @gather_nd_slices(%data: tensor<5x4x3xf32>, %ids: tensor<7x2x1xi32>) -> tensor<7x2x4x3xf32> {
  %0 = loom.gather_nd %data, %ids : (tensor<5x4x3xf32>, tensor<7x2x1xi32>) -> tensor<7x2x4x3xf32>
  return %0 : tensor<7x2x4x3xf32>
}

// -----

// CHECK-LABEL: func.func @gather_nd_batch
// CHECK: loom.gather_nd %{{.*}}, %{{.*}} batch_dims 1 : (tensor<5x4x3xf32>, tensor<5x1xi64>) -> tensor<5x3xf32>
func.func @gather_nd_batch(%data: tensor<5x4x3xf32>, %ids: tensor<5x1xi64>) -> tensor<5x3xf32> {
  %0 = loom.gather_nd %data, %ids batch_dims 1 : (tensor<5x4x3xf32>, tensor<5x1xi64>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

// -----

// The batch size comes from data when indices does not know it.
// CHECK-LABEL: func.func @gather_nd_dynamic
// CHECK: loom.gather_nd %{{.*}}, %{{.*}} batch_dims 1 : (tensor<5x?x3xbf16>, tensor<?x?x2xi64>) -> tensor<5x?xbf16>
func.func @gather_nd_dynamic(%data: tensor<5x?x3xbf16>, %ids: tensor<?x?x2xi64>) -> tensor<5x?xbf16> {
  %0 = loom.gather_nd %data, %ids batch_dims 1 : (tensor<5x?x3xbf16>, tensor<?x?x2xi64>) -> tensor<5x?xbf16>
  return %0 : tensor<5x?xbf16>
}

// -----

func.func @negative_gather_nd_tuple_too_long(%data: tensor<5x4xf32>, %ids: tensor<2x3xi64>) -> tensor<2xf32> {
  // expected-error @+2 {{the last dimension of indices is 3 but must lie in [1, 2]}}
  // expected-error @+1 {{'loom.gather_nd' op failed to infer returned types}}
  %0 = loom.gather_nd %data, %ids : (tensor<5x4xf32>, tensor<2x3xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @negative_gather_nd_dynamic_tuple(%data: tensor<5x4xf32>, %ids: tensor<2x?xi64>) -> tensor<2xf32> {
  // expected-error @+2 {{the last dimension of indices must be static}}
  // expected-error @+1 {{'loom.gather_nd' op failed to infer returned types}}
  %0 = loom.gather_nd %data, %ids : (tensor<5x4xf32>, tensor<2x?xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @negative_gather_nd_batch_dims(%data: tensor<5x4xf32>, %ids: tensor<5x1xi64>) -> tensor<5xf32> {
  // expected-error @+2 {{batch_dims 2 must lie in [0, 2), below the ranks of data (2) and indices (2)}}
  // expected-error @+1 {{'loom.gather_nd' op failed to infer returned types}}
  %0 = loom.gather_nd %data, %ids batch_dims 2 : (tensor<5x4xf32>, tensor<5x1xi64>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @negative_gather_nd_batch_mismatch(%data: tensor<5x4xf32>, %ids: tensor<3x1xi64>) -> tensor<3xf32> {
  // expected-error @+2 {{batch dimension 0 has size 5 in data but 3 in indices}}
  // expected-error @+1 {{'loom.gather_nd' op failed to infer returned types}}
  %0 = loom.gather_nd %data, %ids batch_dims 1 : (tensor<5x4xf32>, tensor<3x1xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @negative_gather_nd_scalar_indices(%data: tensor<5x4xf32>, %ids: tensor<i64>) -> tensor<4xf32> {
  // expected-error @+2 {{indices must have rank at least 1, got a scalar}}
  // expected-error @+1 {{'loom.gather_nd' op failed to infer returned types}}
  %0 = loom.gather_nd %data, %ids batch_dims 0 : (tensor<5x4xf32>, tensor<i64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
