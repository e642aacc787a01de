// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @expand_middle
// CHECK: loom.expand %{{.*}} dims [1] : tensor<3xf32> to tensor<2x3x4xf32>
func.func @expand_middle(%x: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %0 = loom.expand %x dims [1] : tensor<3xf32> to tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// A size-1 input dimension repeats; a scalar expands with no dims.

// CHECK-LABEL: func.func @expand_repeat_i32
// CHECK: loom.expand %{{.*}} dims [0, 2] : tensor<1x5xi32> to tensor<4x2x5xi32>
// CHECK: loom.expand %{{.*}} dims [] : tensor<i32> to tensor<3xi32>
func.func @expand_repeat_i32(%x: tensor<1x5xi32>, %s: tensor<i32>) -> (tensor<4x2x5xi32>, tensor<3xi32>) {
  %0 = loom.expand %x dims [0, 2] : tensor<1x5xi32> to tensor<4x2x5xi32>
  %1 = loom.expand %s dims [] : tensor<i32> to tensor<3xi32>
  return %0, %1 : tensor<4x2x5xi32>, tensor<3xi32>
}

// -----

// CHECK-LABEL: func.func @expand_dynamic
// CHECK: loom.expand %{{.*}} dims [0] : tensor<?xbf16> to tensor<6x?xbf16>
func.func @expand_dynamic(%x: tensor<?xbf16>) -> tensor<6x?xbf16> {
  %0 = loom.expand %x dims [0] : tensor<?xbf16> to tensor<6x?xbf16>
  return %0 : tensor<6x?xbf16>
}

// -----

func.func @negative_expand_size_mismatch(%x: tensor<3xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'loom.expand' op input dimension 0 of size 3 cannot expand to result dimension 2 of size 4}}
  %0 = loom.expand %x dims [2] : tensor<3xf32> to tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

func.func @negative_expand_not_increasing(%x: tensor<3x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{'loom.expand' op dims [1, 0] are not strictly increasing}}
  %0 = loom.expand %x dims [1, 0] : tensor<3x3xf32> to tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @negative_expand_dim_out_of_range(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'loom.expand' op dims entry 2 is out of range for result rank 2}}
  %0 = loom.expand %x dims [2] : tensor<3xf32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @negative_expand_dims_length(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'loom.expand' op dims has 2 entries but the input has rank 1}}
  %0 = loom.expand %x dims [0, 1] : tensor<3xf32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @negative_expand_element_type(%x: tensor<3xi32>) -> tensor<2x3xi64> {
  // expected-error @+1 {{'loom.expand' op cannot change the element type from 'i32' to 'i64'}}
  %0 = loom.expand %x dims [1] : tensor<3xi32> to tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}
