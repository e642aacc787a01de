// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @reshape_flatten
// CHECK: loom.reshape %{{.*}} : tensor<2x3x4xf32> to tensor<6x4xf32>
func.func @reshape_flatten(%x: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %0 = loom.reshape %x : tensor<2x3x4xf32> to tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_to_scalar_i1
// CHECK: loom.reshape %{{.*}} : tensor<1x1xi1> to tensor<i1>
func.func @reshape_to_scalar_i1(%x: tensor<1x1xi1>) -> tensor<i1> {
  %0 = loom.reshape %x : tensor<1x1xi1> to tensor<i1>
  return %0 : tensor<i1>
}

// -----

// Element counts are only compared when both shapes are static.

// CHECK-LABEL: func.func @reshape_dynamic
// CHECK: loom.reshape %{{.*}} : tensor<?x4xf16> to tensor<2x?x2xf16>
func.func @reshape_dynamic(%x: tensor<?x4xf16>) -> tensor<2x?x2xf16> {
  %0 = loom.reshape %x : tensor<?x4xf16> to tensor<2x?x2xf16>
  return %0 : tensor<2x?x2xf16>
}

// -----

func.func @negative_reshape_element_count(%x: tensor<2x3xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'loom.reshape' op input 2x3 has 6 elements but result 4x2 has 8}}
  %0 = loom.reshape %x : tensor<2x3xf32> to tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @negative_reshape_element_type(%x: tensor<2x3xf32>) -> tensor<6xi32> {
  // expected-error @+1 {{'loom.reshape' op cannot change the element type from 'f32' to 'i32'}}
  %0 = loom.reshape %x : tensor<2x3xf32> to tensor<6xi32>
  return %0 : tensor<6xi32>
}
