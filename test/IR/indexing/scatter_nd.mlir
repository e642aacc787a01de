// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// Row updates (short tuples), element updates (full tuples) with a
// reduction, and dynamic sizes.

// CHECK-LABEL: func.func @scatter_nd_rows
// CHECK: loom.scatter_nd %{{.*}}, %{{.*}}, %{{.*}} : (tensor<8x4xf32>, tensor<3x1xi64>, tensor<3x4xf32>) -> tensor<8x4xf32>
func.func @scatter_nd_rows(%data: tensor<8x4xf32>, %ids: tensor<3x1xi64>, %rows: tensor<3x4xf32>) -> tensor<8x4xf32> {
  %0 = loom.scatter_nd %data, %ids, %rows : (tensor<8x4xf32>, tensor<3x1xi64>, tensor<3x4xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// CHECK-LABEL: func.func @scatter_nd_elements
// CHECK: loom.scatter_nd %{{.*}}, %{{.*}}, %{{.*}} reduction mul : (tensor<4x4xi64>, tensor<2x3x2xi32>, tensor<2x3xi64>) -> tensor<4x4xi64>
func.func @scatter_nd_elements(%data: tensor<4x4xi64>, %ids: tensor<2x3x2xi32>, %updates: tensor<2x3xi64>) -> tensor<4x4xi64> {
  %0 = loom.scatter_nd %data, %ids, %updates reduction mul : (tensor<4x4xi64>, tensor<2x3x2xi32>, tensor<2x3xi64>) -> tensor<4x4xi64>
  return %0 : tensor<4x4xi64>
}

// -----

// CHECK-LABEL: func.func @scatter_nd_dynamic
// CHECK: loom.scatter_nd %{{.*}}, %{{.*}}, %{{.*}} reduction min : (tensor<?x?x3xbf16>, tensor<?x1xi64>, tensor<5x?x3xbf16>) -> tensor<?x?x3xbf16>
func.func @scatter_nd_dynamic(%data: tensor<?x?x3xbf16>, %ids: tensor<?x1xi64>, %updates: tensor<5x?x3xbf16>) -> tensor<?x?x3xbf16> {
  %0 = loom.scatter_nd %data, %ids, %updates reduction min : (tensor<?x?x3xbf16>, tensor<?x1xi64>, tensor<5x?x3xbf16>) -> tensor<?x?x3xbf16>
  return %0 : tensor<?x?x3xbf16>
}

// -----

func.func @negative_scatter_nd_updates_shape(%data: tensor<8x4xf32>, %ids: tensor<3x1xi64>, %rows: tensor<3x5xf32>) -> tensor<8x4xf32> {
  // expected-error @+2 {{updates has shape 3x5 but indices and data require 3x4 (indices.shape[:-1] + data.shape[1:])}}
  // expected-error @+1 {{'loom.scatter_nd' op failed to infer returned types}}
  %0 = loom.scatter_nd %data, %ids, %rows : (tensor<8x4xf32>, tensor<3x1xi64>, tensor<3x5xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

func.func @negative_scatter_nd_tuple_too_long(%data: tensor<8x4xf32>, %ids: tensor<3x3xi64>, %updates: tensor<3xf32>) -> tensor<8x4xf32> {
  // expected-error @+2 {{the last dimension of indices is 3 but must lie in [1, 2]}}
  // expected-error @+1 {{'loom.scatter_nd' op failed to infer returned types}}
  %0 = loom.scatter_nd %data, %ids, %updates : (tensor<8x4xf32>, tensor<3x3xi64>, tensor<3xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

func.func @negative_scatter_nd_dynamic_tuple(%data: tensor<8x4xf32>, %ids: tensor<3x?xi64>, %updates: tensor<3xf32>) -> tensor<8x4xf32> {
  // expected-error @+2 {{the last dimension of indices must be static}}
  // expected-error @+1 {{'loom.scatter_nd' op failed to infer returned types}}
  %0 = loom.scatter_nd %data, %ids, %updates : (tensor<8x4xf32>, tensor<3x?xi64>, tensor<3xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

func.func @negative_scatter_nd_bool_reduction(%mask: tensor<4xi1>, %ids: tensor<2x1xi64>, %updates: tensor<2xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'loom.scatter_nd' op reduction max needs numbers, but the elements are i1}}
  %0 = loom.scatter_nd %mask, %ids, %updates reduction max : (tensor<4xi1>, tensor<2x1xi64>, tensor<2xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}
