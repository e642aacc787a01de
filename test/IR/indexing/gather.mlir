// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// An index matrix along the outer axis, a scalar index that removes the
// axis, and dynamic sizes in both operands.

// CHECK-LABEL: func.func @gather_rows
// CHECK: loom.gather %{{.*}}, %{{.*}} axis 0 : (tensor<100x16xf32>, tensor<4x2xi64>) -> tensor<4x2x16xf32>
func.func @gather_rows(%table: tensor<100x16xf32>, %ids: tensor<4x2xi64>) -> tensor<4x2x16xf32> {
  %0 = loom.gather %table, %ids axis 0 : (tensor<100x16xf32>, tensor<4x2xi64>) -> tensor<4x2x16xf32>
  return %0 : tensor<4x2x16xf32>
}

// -----

// CHECK-LABEL: func.func @gather_scalar_index
// CHECK: loom.gather %{{.*}}, %{{.*}} axis 1 : (tensor<3x4x5xi8>, tensor<i64>) -> tensor<3x5xi8>
func.func @gather_scalar_index(%data: tensor<3x4x5xi8>, %id: tensor<i64>) -> tensor<3x5xi8> {
  %0 = loom.gather %data, %id axis 1 : (tensor<3x4x5xi8>, tensor<i64>) -> tensor<3x5xi8>
  return %0 : tensor<3x5xi8>
}

// -----

// CHECK-LABEL: func.func @gather_dynamic
// CHECK: loom.gather %{{.*}}, %{{.*}} axis 1 : (tensor<?x8xbf16>, tensor<?xi32>) -> tensor<?x?xbf16>
func.func @gather_dynamic(%data: tensor<?x8xbf16>, %ids: tensor<?xi32>) -> tensor<?x?xbf16> {
  %0 = loom.gather %data, %ids axis 1 : (tensor<?x8xbf16>, tensor<?xi32>) -> tensor<?x?xbf16>
  return %0 : tensor<?x?xbf16>
}

// -----

func.func @negative_gather_axis_out_of_range(%data: tensor<3x4xf32>, %ids: tensor<2xi64>) -> tensor<3x2xf32> {
  // expected-error @+2 {{axis 2 is out of range for data of rank 2}}
  // expected-error @+1 {{'loom.gather' op failed to infer returned types}}
  %0 = loom.gather %data, %ids axis 2 : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @negative_gather_float_indices(%data: tensor<3x4xf32>, %ids: tensor<2xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'loom.gather' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = loom.gather %data, %ids axis 0 : (tensor<3x4xf32>, tensor<2xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @negative_gather_wrong_result(%data: tensor<3x4xf32>, %ids: tensor<2xi64>) -> tensor<3x4xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<3x2xf32>' are incompatible with return type(s) of operation 'tensor<3x4xf32>'}}
  // expected-error @+1 {{'loom.gather' op failed to infer returned types}}
  %0 = loom.gather %data, %ids axis 1 : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
