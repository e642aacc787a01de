// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @trilu_upper
// CHECK: loom.trilu %{{.*}} upper diagonal 1 : tensor<3x4xf32>
func.func @trilu_upper(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = loom.trilu %x upper diagonal 1 : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Lower with the default main diagonal (not printed), and a negative
// diagonal on a batch of boolean masks.

// CHECK-LABEL: func.func @trilu_lower_i1
// CHECK: loom.trilu %{{.*}} : tensor<2x4x4xi1>
// CHECK: loom.trilu %{{.*}} diagonal -1 : tensor<2x4x4xi1>
func.func @trilu_lower_i1(%x: tensor<2x4x4xi1>) -> (tensor<2x4x4xi1>, tensor<2x4x4xi1>) {
  %0 = loom.trilu %x diagonal 0 : tensor<2x4x4xi1>
  %1 = loom.trilu %x diagonal -1 : tensor<2x4x4xi1>
  return %0, %1 : tensor<2x4x4xi1>, tensor<2x4x4xi1>
}

// -----

// CHECK-LABEL: func.func @trilu_dynamic
// CHECK: loom.trilu %{{.*}} upper : tensor<?x?xbf16>
func.func @trilu_dynamic(%x: tensor<?x?xbf16>) -> tensor<?x?xbf16> {
  %0 = loom.trilu %x upper : tensor<?x?xbf16>
  return %0 : tensor<?x?xbf16>
}

// -----

func.func @negative_trilu_vector(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'loom.trilu' op input must have rank at least 2 (matrices), got rank 1}}
  %0 = loom.trilu %x upper : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @negative_trilu_result_type(%x: tensor<3x3xf32>) -> tensor<3x3xf16> {
  // expected-error @+1 {{'loom.trilu' op requires the same type for all operands and results}}
  %0 = "loom.trilu"(%x) {diagonal = 0 : i64} : (tensor<3x3xf32>) -> tensor<3x3xf16>
  return %0 : tensor<3x3xf16>
}
