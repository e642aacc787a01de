// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// loom.matmul_integer and loom.conv_integer: 8-bit operands of either
// signedness, each its own, and an i32 result with the shape rules of
// loom.matmul and loom.conv.

// CHECK-LABEL: func.func @matmul_integer_mixed
// CHECK: loom.matmul_integer %{{.*}}, %{{.*}} : (tensor<2x1x4x3xui8>, tensor<5x3x6xi8>) -> tensor<2x5x4x6xi32>
func.func @matmul_integer_mixed(%a: tensor<2x1x4x3xui8>, %b: tensor<5x3x6xi8>) -> tensor<2x5x4x6xi32> {
  %0 = loom.matmul_integer %a, %b : (tensor<2x1x4x3xui8>, tensor<5x3x6xi8>) -> tensor<2x5x4x6xi32>
  return %0 : tensor<2x5x4x6xi32>
}

// -----

// CHECK-LABEL: func.func @matmul_integer_dynamic
// CHECK: loom.matmul_integer %{{.*}}, %{{.*}} : (tensor<?x64xi8>, tensor<64x16xui8>) -> tensor<?x16xi32>
func.func @matmul_integer_dynamic(%a: tensor<?x64xi8>, %b: tensor<64x16xui8>) -> tensor<?x16xi32> {
  %0 = loom.matmul_integer %a, %b : (tensor<?x64xi8>, tensor<64x16xui8>) -> tensor<?x16xi32>
  return %0 : tensor<?x16xi32>
}

// -----

// CHECK-LABEL: func.func @conv_integer_grouped
// CHECK: loom.conv_integer %{{.*}}, %{{.*}} strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 2 : (tensor<1x8x9x9xui8>, tensor<6x4x3x3xi8>) -> tensor<1x6x5x5xi32>
func.func @conv_integer_grouped(%x: tensor<1x8x9x9xui8>, %w: tensor<6x4x3x3xi8>) -> tensor<1x6x5x5xi32> {
  %0 = loom.conv_integer %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 2 : (tensor<1x8x9x9xui8>, tensor<6x4x3x3xi8>) -> tensor<1x6x5x5xi32>
  return %0 : tensor<1x6x5x5xi32>
}

// -----

func.func @matmul_integer_f32(%a: tensor<4x3xf32>, %b: tensor<3x2xi8>) -> tensor<4x2xi32> {
  // expected-error @+1 {{operand #0 must be ranked tensor of 8-bit signless integer or 8-bit unsigned integer values}}
  %0 = loom.matmul_integer %a, %b : (tensor<4x3xf32>, tensor<3x2xi8>) -> tensor<4x2xi32>
  return %0 : tensor<4x2xi32>
}

// -----

func.func @matmul_integer_i8_result(%a: tensor<4x3xi8>, %b: tensor<3x2xi8>) -> tensor<4x2xi8> {
  // expected-error @+1 {{result #0 must be ranked tensor of 32-bit signless integer values}}
  %0 = loom.matmul_integer %a, %b : (tensor<4x3xi8>, tensor<3x2xi8>) -> tensor<4x2xi8>
  return %0 : tensor<4x2xi8>
}

// -----

func.func @matmul_integer_k_mismatch(%a: tensor<4x3xi8>, %b: tensor<4x5xi8>) -> tensor<4x5xi32> {
  // expected-error @+2 {{contraction sizes differ: lhs 4x3 has K = 3 but rhs 4x5 has K = 4}}
  // expected-error @+1 {{'loom.matmul_integer' op failed to infer returned types}}
  %0 = loom.matmul_integer %a, %b : (tensor<4x3xi8>, tensor<4x5xi8>) -> tensor<4x5xi32>
  return %0 : tensor<4x5xi32>
}

// -----

func.func @conv_integer_channels(%x: tensor<1x8x9x9xui8>, %w: tensor<6x3x3x3xi8>) -> tensor<1x6x7x7xi32> {
  // expected-error @+2 {{filter dimension 1 is 3 but must be input channels / groups = 8 / 1 = 8}}
  // expected-error @+1 {{'loom.conv_integer' op failed to infer returned types}}
  %0 = loom.conv_integer %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x8x9x9xui8>, tensor<6x3x3x3xi8>) -> tensor<1x6x7x7xi32>
  return %0 : tensor<1x6x7x7xi32>
}
