// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// New leading dimensions, and size-1 dimensions repeated.

// CHECK-LABEL: func.func @broadcast_to_new_leading_dim
// CHECK: loom.broadcast_to %{{.*}} : tensor<3xf32> to tensor<2x3xf32>
func.func @broadcast_to_new_leading_dim(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = loom.broadcast_to %x : tensor<3xf32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_to_repeat_ones_i1
// CHECK: loom.broadcast_to %{{.*}} : tensor<4x1xi1> to tensor<2x4x5xi1>
func.func @broadcast_to_repeat_ones_i1(%x: tensor<4x1xi1>) -> tensor<2x4x5xi1> {
  %0 = loom.broadcast_to %x : tensor<4x1xi1> to tensor<2x4x5xi1>
  return %0 : tensor<2x4x5xi1>
}

// -----

// A dynamic size on either side is accepted.

// CHECK-LABEL: func.func @broadcast_to_dynamic
// CHECK: loom.broadcast_to %{{.*}} : tensor<?x3xf16> to tensor<7x5x?xf16>
func.func @broadcast_to_dynamic(%x: tensor<?x3xf16>) -> tensor<7x5x?xf16> {
  %0 = loom.broadcast_to %x : tensor<?x3xf16> to tensor<7x5x?xf16>
  return %0 : tensor<7x5x?xf16>
}

// -----

func.func @negative_broadcast_to_size_mismatch(%x: tensor<2x3xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'loom.broadcast_to' op input shape 2x3 does not broadcast to 2x4: input dimension 1 is 3 against 4}}
  %0 = loom.broadcast_to %x : tensor<2x3xf32> to tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @negative_broadcast_to_lower_rank(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'loom.broadcast_to' op result rank 1 is smaller than the input rank 2}}
  %0 = loom.broadcast_to %x : tensor<2x3xf32> to tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @negative_broadcast_to_element_type(%x: tensor<3xf32>) -> tensor<2x3xf16> {
  // expected-error @+1 {{'loom.broadcast_to' op cannot change the element type from 'f32' to 'f16'}}
  %0 = loom.broadcast_to %x : tensor<3xf32> to tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}
