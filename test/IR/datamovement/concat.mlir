// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @concat_rows
// CHECK: loom.concat %{{.*}}, %{{.*}} axis 0 : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<3x3xf32>
func.func @concat_rows(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>) -> tensor<3x3xf32> {
  %0 = loom.concat %a, %b axis 0 : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// Three inputs along the last axis, one of them empty.

// CHECK-LABEL: func.func @concat_columns_i64
// CHECK: loom.concat %{{.*}}, %{{.*}}, %{{.*}} axis 1 : (tensor<2x1xi64>, tensor<2x0xi64>, tensor<2x4xi64>) -> tensor<2x5xi64>
func.func @concat_columns_i64(%a: tensor<2x1xi64>, %b: tensor<2x0xi64>, %c: tensor<2x4xi64>) -> tensor<2x5xi64> {
  %0 = loom.concat %a, %b, %c axis 1 : (tensor<2x1xi64>, tensor<2x0xi64>, tensor<2x4xi64>) -> tensor<2x5xi64>
  return %0 : tensor<2x5xi64>
}

// -----

// A dynamic size along the axis makes the sum dynamic; elsewhere a static
// size from any input fixes the result's.

// CHECK-LABEL: func.func @concat_dynamic
// CHECK: loom.concat %{{.*}}, %{{.*}} axis 0 : (tensor<?x?xf16>, tensor<2x3xf16>) -> tensor<?x3xf16>
func.func @concat_dynamic(%a: tensor<?x?xf16>, %b: tensor<2x3xf16>) -> tensor<?x3xf16> {
  %0 = loom.concat %a, %b axis 0 : (tensor<?x?xf16>, tensor<2x3xf16>) -> tensor<?x3xf16>
  return %0 : tensor<?x3xf16>
}

// -----

// CHECK-LABEL: func.func @concat_single
// CHECK: loom.concat %{{.*}} axis 0 : (tensor<4xi1>) -> tensor<4xi1>
func.func @concat_single(%a: tensor<4xi1>) -> tensor<4xi1> {
  %0 = loom.concat %a axis 0 : (tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @negative_concat_size_mismatch(%a: tensor<2x3xf32>, %b: tensor<1x4xf32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{input #1 has size 4 in dimension 1 but input #0 has 3 (only axis 0 may differ)}}
  // expected-error @+1 {{'loom.concat' op failed to infer returned types}}
  %0 = loom.concat %a, %b axis 0 : (tensor<2x3xf32>, tensor<1x4xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @negative_concat_axis_out_of_range(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+2 {{axis 2 is out of range for inputs of rank 2}}
  // expected-error @+1 {{'loom.concat' op failed to infer returned types}}
  %0 = loom.concat %a, %b axis 2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @negative_concat_rank_mismatch(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{input #1 has rank 1 but input #0 has rank 2}}
  // expected-error @+1 {{'loom.concat' op failed to infer returned types}}
  %0 = loom.concat %a, %b axis 0 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @negative_concat_no_inputs() -> tensor<0xf32> {
  // expected-error @+1 {{'loom.concat' op expected 1 or more operands, but found 0}}
  %0 = "loom.concat"() {axis = 0 : i64} : () -> tensor<0xf32>
  return %0 : tensor<0xf32>
}

// -----

func.func @negative_concat_element_types(%a: tensor<2xf32>, %b: tensor<2xf16>) -> tensor<4xf32> {
  // expected-error @+1 {{'loom.concat' op requires the same element type for all operands}}
  %0 = loom.concat %a, %b axis 0 : (tensor<2xf32>, tensor<2xf16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @negative_concat_wrong_result(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<3x3xf32>' are incompatible with return type(s) of operation 'tensor<4x3xf32>'}}
  // expected-error @+1 {{'loom.concat' op failed to infer returned types}}
  %0 = loom.concat %a, %b axis 0 : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
