// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// Indices smaller than data off the axis, larger along it; integer data;
// dynamic sizes, which only need to agree where both are static.

// CHECK-LABEL: func.func @gather_elements_columns
// CHECK: loom.gather_elements %{{.*}}, %{{.*}} axis 1 : (tensor<4x10xf32>, tensor<4x3xi64>) -> tensor<4x3xf32>
func.func @gather_elements_columns(%scores: tensor<4x10xf32>, %ids: tensor<4x3xi64>) -> tensor<4x3xf32> {
  %0 = loom.gather_elements %scores, %ids axis 1 : (tensor<4x10xf32>, tensor<4x3xi64>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @gather_elements_longer_axis
// CHECK: loom.gather_elements %{{.*}}, %{{.*}} axis 0 : (tensor<2x3xi32>, tensor<5x2xi32>) -> tensor<5x2xi32>
func.func @gather_elements_longer_axis(%data: tensor<2x3xi32>, %ids: tensor<5x2xi32>) -> tensor<5x2xi32> {
  %0 = loom.gather_elements %data, %ids axis 0 : (tensor<2x3xi32>, tensor<5x2xi32>) -> tensor<5x2xi32>
  return %0 : tensor<5x2xi32>
}

// -----

// CHECK-LABEL: func.func @gather_elements_dynamic
// CHECK: loom.gather_elements %{{.*}}, %{{.*}} axis 2 : (tensor<?x4x?xf16>, tensor<2x?x7xi64>) -> tensor<2x?x7xf16>
func.func @gather_elements_dynamic(%data: tensor<?x4x?xf16>, %ids: tensor<2x?x7xi64>) -> tensor<2x?x7xf16> {
  %0 = loom.gather_elements %data, %ids axis 2 : (tensor<?x4x?xf16>, tensor<2x?x7xi64>) -> tensor<2x?x7xf16>
  return %0 : tensor<2x?x7xf16>
}

// -----

func.func @negative_gather_elements_axis(%data: tensor<3x4xf32>, %ids: tensor<3x4xi64>) -> tensor<3x4xf32> {
  // expected-error @+2 {{axis -1 is out of range for data of rank 2}}
  // expected-error @+1 {{'loom.gather_elements' op failed to infer returned types}}
  %0 = loom.gather_elements %data, %ids axis -1 : (tensor<3x4xf32>, tensor<3x4xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @negative_gather_elements_rank(%data: tensor<3x4xf32>, %ids: tensor<3xi64>) -> tensor<3xf32> {
  // expected-error @+2 {{indices has rank 1 but data has rank 2}}
  // expected-error @+1 {{'loom.gather_elements' op failed to infer returned types}}
  %0 = loom.gather_elements %data, %ids axis 0 : (tensor<3x4xf32>, tensor<3xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @negative_gather_elements_too_wide(%data: tensor<3x4xf32>, %ids: tensor<2x5xi64>) -> tensor<2x5xf32> {
  // expected-error @+2 {{indices dimension 1 has size 5 but data's has only 4}}
  // expected-error @+1 {{'loom.gather_elements' op failed to infer returned types}}
  %0 = loom.gather_elements %data, %ids axis 0 : (tensor<3x4xf32>, tensor<2x5xi64>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @negative_gather_elements_wrong_result(%data: tensor<3x4xf32>, %ids: tensor<3x2xi32>) -> tensor<3x2xf16> {
  // expected-error @+2 {{inferred type(s) 'tensor<3x2xf32>' are incompatible with return type(s) of operation 'tensor<3x2xf16>'}}
  // expected-error @+1 {{'loom.gather_elements' op failed to infer returned types}}
  %0 = loom.gather_elements %data, %ids axis 1 : (tensor<3x4xf32>, tensor<3x2xi32>) -> tensor<3x2xf16>
  return %0 : tensor<3x2xf16>
}
