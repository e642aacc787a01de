// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// The default reduction is not printed; other reductions are. Integer,
// boolean and dynamic cases.

// CHECK-LABEL: func.func @scatter_replace
// CHECK: loom.scatter %{{.*}}, %{{.*}}, %{{.*}} axis 1 : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x4xf32>
func.func @scatter_replace(%data: tensor<3x4xf32>, %ids: tensor<3x2xi64>, %updates: tensor<3x2xf32>) -> tensor<3x4xf32> {
  %0 = loom.scatter %data, %ids, %updates axis 1 reduction none : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func.func @scatter_histogram
// CHECK: loom.scatter %{{.*}}, %{{.*}}, %{{.*}} axis 0 reduction add : (tensor<16xi32>, tensor<100xi64>, tensor<100xi32>) -> tensor<16xi32>
func.func @scatter_histogram(%zeros: tensor<16xi32>, %bins: tensor<100xi64>, %ones: tensor<100xi32>) -> tensor<16xi32> {
  %0 = loom.scatter %zeros, %bins, %ones axis 0 reduction add : (tensor<16xi32>, tensor<100xi64>, tensor<100xi32>) -> tensor<16xi32>
  return %0 : tensor<16xi32>
}

// -----

// CHECK-LABEL: func.func @scatter_bool
// CHECK: loom.scatter %{{.*}}, %{{.*}}, %{{.*}} axis 0 : (tensor<4xi1>, tensor<2xi32>, tensor<2xi1>) -> tensor<4xi1>
func.func @scatter_bool(%mask: tensor<4xi1>, %ids: tensor<2xi32>, %updates: tensor<2xi1>) -> tensor<4xi1> {
  %0 = loom.scatter %mask, %ids, %updates axis 0 : (tensor<4xi1>, tensor<2xi32>, tensor<2xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @scatter_dynamic
// CHECK: loom.scatter %{{.*}}, %{{.*}}, %{{.*}} axis 0 reduction max : (tensor<?x8xf16>, tensor<?x8xi64>, tensor<5x?xf16>) -> tensor<?x8xf16>
func.func @scatter_dynamic(%data: tensor<?x8xf16>, %ids: tensor<?x8xi64>, %updates: tensor<5x?xf16>) -> tensor<?x8xf16> {
  %0 = loom.scatter %data, %ids, %updates axis 0 reduction max : (tensor<?x8xf16>, tensor<?x8xi64>, tensor<5x?xf16>) -> tensor<?x8xf16>
  return %0 : tensor<?x8xf16>
}

// -----

func.func @negative_scatter_axis(%data: tensor<3x4xf32>, %ids: tensor<3x2xi64>, %updates: tensor<3x2xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{axis 2 is out of range for data of rank 2}}
  // expected-error @+1 {{'loom.scatter' op failed to infer returned types}}
  %0 = loom.scatter %data, %ids, %updates axis 2 : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @negative_scatter_updates_shape(%data: tensor<3x4xf32>, %ids: tensor<3x2xi64>, %updates: tensor<2x2xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{updates has shape 2x2 but indices has shape 3x2}}
  // expected-error @+1 {{'loom.scatter' op failed to infer returned types}}
  %0 = loom.scatter %data, %ids, %updates axis 1 : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<2x2xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @negative_scatter_indices_too_wide(%data: tensor<3x4xf32>, %ids: tensor<4x2xi64>, %updates: tensor<4x2xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{indices dimension 0 has size 4 but data's has only 3}}
  // expected-error @+1 {{'loom.scatter' op failed to infer returned types}}
  %0 = loom.scatter %data, %ids, %updates axis 1 : (tensor<3x4xf32>, tensor<4x2xi64>, tensor<4x2xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @negative_scatter_element_types(%data: tensor<4xf32>, %ids: tensor<2xi64>, %updates: tensor<2xf16>) -> tensor<4xf32> {
  // expected-error @+1 {{'loom.scatter' op failed to verify that all of {data, updates} have same element type}}
  %0 = loom.scatter %data, %ids, %updates axis 0 : (tensor<4xf32>, tensor<2xi64>, tensor<2xf16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @negative_scatter_bool_reduction(%mask: tensor<4xi1>, %ids: tensor<2xi64>, %updates: tensor<2xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'loom.scatter' op reduction add needs numbers, but the elements are i1}}
  %0 = loom.scatter %mask, %ids, %updates axis 0 reduction add : (tensor<4xi1>, tensor<2xi64>, tensor<2xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @negative_scatter_wrong_result(%data: tensor<3x4xf32>, %ids: tensor<3x2xi64>, %updates: tensor<3x2xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<3x4xf32>' are incompatible with return type(s) of operation 'tensor<3x2xf32>'}}
  // expected-error @+1 {{'loom.scatter' op failed to infer returned types}}
  %0 = loom.scatter %data, %ids, %updates axis 1 : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
