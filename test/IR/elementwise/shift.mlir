// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @shift_left_ui8
// CHECK: loom.shift %{{.*}}, %{{.*}} : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
func.func @shift_left_ui8(%x: tensor<3xui8>, %n: tensor<3xui8>) -> tensor<3xui8> {
  %0 = loom.shift %x, %n : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  return %0 : tensor<3xui8>
}

// -----

// CHECK-LABEL: func.func @shift_right_broadcast_ui64
// CHECK: loom.shift %{{.*}}, %{{.*}} {right} : (tensor<2x3xui64>, tensor<ui64>) -> tensor<2x3xui64>
func.func @shift_right_broadcast_ui64(%x: tensor<2x3xui64>, %n: tensor<ui64>) -> tensor<2x3xui64> {
  %0 = loom.shift %x, %n {right} : (tensor<2x3xui64>, tensor<ui64>) -> tensor<2x3xui64>
  return %0 : tensor<2x3xui64>
}

// -----

func.func @negative_shift_signed(%x: tensor<3xi8>, %n: tensor<3xi8>) -> tensor<3xi8> {
  // expected-error @+1 {{'loom.shift' op operand #0 must be ranked tensor of}}
  %0 = loom.shift %x, %n : (tensor<3xi8>, tensor<3xi8>) -> tensor<3xi8>
  return %0 : tensor<3xi8>
}

// -----

// Unsigned integers have no sign to negate.
func.func @negative_neg_unsigned(%x: tensor<3xui8>) -> tensor<3xui8> {
  // expected-error @+1 {{'loom.neg' op operand #0 must be ranked tensor of}}
  %0 = loom.neg %x : tensor<3xui8>
  return %0 : tensor<3xui8>
}
