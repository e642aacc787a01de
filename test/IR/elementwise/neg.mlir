// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @neg_f32
// CHECK: loom.neg %{{.*}} : tensor<2x3xf32>
func.func @neg_f32(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = loom.neg %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @neg_f16_dynamic
// CHECK: loom.neg %{{.*}} : tensor<?xf16>
func.func @neg_f16_dynamic(%x: tensor<?xf16>) -> tensor<?xf16> {
  %0 = loom.neg %x : tensor<?xf16>
  return %0 : tensor<?xf16>
}

// -----

// CHECK-LABEL: func.func @neg_i32
// CHECK: loom.neg %{{.*}} : tensor<4xi32>
func.func @neg_i32(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = loom.neg %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @negative_neg_bool(%x: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'loom.neg' op operand #0 must be ranked tensor of}}
  %0 = loom.neg %x : tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @negative_neg_result_type(%x: tensor<4xf32>) -> tensor<4xf16> {
  // expected-error @+1 {{'loom.neg' op requires the same type for all operands and results}}
  %0 = "loom.neg"(%x) : (tensor<4xf32>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}
