// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// Rows 0..1 and columns 4, 3, 2 (a negative step walks backwards).

// CHECK-LABEL: func.func @slice_reversed_columns
// CHECK: loom.slice %{{.*}} offsets [0, 4] steps [1, -1] : tensor<4x5xf32> to tensor<2x3xf32>
func.func @slice_reversed_columns(%x: tensor<4x5xf32>) -> tensor<2x3xf32> {
  %0 = loom.slice %x offsets [0, 4] steps [1, -1] : tensor<4x5xf32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Every other element; a result size of 0 accepts any offset.

// CHECK-LABEL: func.func @slice_strided_i8
// CHECK: loom.slice %{{.*}} offsets [1] steps [2] : tensor<6xi8> to tensor<3xi8>
// CHECK: loom.slice %{{.*}} offsets [9] steps [1] : tensor<6xi8> to tensor<0xi8>
func.func @slice_strided_i8(%x: tensor<6xi8>) -> (tensor<3xi8>, tensor<0xi8>) {
  %0 = loom.slice %x offsets [1] steps [2] : tensor<6xi8> to tensor<3xi8>
  %1 = loom.slice %x offsets [9] steps [1] : tensor<6xi8> to tensor<0xi8>
  return %0, %1 : tensor<3xi8>, tensor<0xi8>
}

// -----

// Dynamic sizes are not checked against the offsets.

// CHECK-LABEL: func.func @slice_dynamic
// CHECK: loom.slice %{{.*}} offsets [3, 0] steps [1, 1] : tensor<?x?xbf16> to tensor<2x?xbf16>
func.func @slice_dynamic(%x: tensor<?x?xbf16>) -> tensor<2x?xbf16> {
  %0 = loom.slice %x offsets [3, 0] steps [1, 1] : tensor<?x?xbf16> to tensor<2x?xbf16>
  return %0 : tensor<2x?xbf16>
}

// -----

func.func @negative_slice_past_the_end(%x: tensor<4x5xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'loom.slice' op dimension 1 reads 3 elements from offset 3 with step 1, up to position 5, outside [0, 5)}}
  %0 = loom.slice %x offsets [0, 3] steps [1, 1] : tensor<4x5xf32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @negative_slice_before_the_start(%x: tensor<?xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'loom.slice' op dimension 0 reads 3 elements from offset 1 with step -1, up to position -1, outside [0, ?)}}
  %0 = loom.slice %x offsets [1] steps [-1] : tensor<?xf32> to tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @negative_slice_overflow(%x: tensor<5xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'loom.slice' op dimension 0 reads 3 elements from offset 0 with step 9223372036854775807, beyond the range of int64, outside [0, 5)}}
  %0 = loom.slice %x offsets [0] steps [9223372036854775807] : tensor<5xf32> to tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @negative_slice_zero_step(%x: tensor<4x5xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'loom.slice' op steps[0] is 0}}
  %0 = loom.slice %x offsets [0, 0] steps [0, 1] : tensor<4x5xf32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @negative_slice_offsets_length(%x: tensor<4x5xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'loom.slice' op offsets has 1 entries but the input has rank 2}}
  %0 = loom.slice %x offsets [0] steps [1, 1] : tensor<4x5xf32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @negative_slice_rank_change(%x: tensor<4x5xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'loom.slice' op result rank 1 differs from the input rank 2}}
  %0 = loom.slice %x offsets [0, 0] steps [1, 1] : tensor<4x5xf32> to tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @negative_slice_element_type(%x: tensor<4xf32>) -> tensor<2xf64> {
  // expected-error @+1 {{'loom.slice' op cannot change the element type from 'f32' to 'f64'}}
  %0 = loom.slice %x offsets [0] steps [1] : tensor<4xf32> to tensor<2xf64>
  return %0 : tensor<2xf64>
}
