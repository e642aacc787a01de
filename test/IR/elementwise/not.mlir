// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @not_bool
// CHECK: loom.not %{{.*}} : tensor<2x?xi1>
func.func @not_bool(%x: tensor<2x?xi1>) -> tensor<2x?xi1> {
  %0 = loom.not %x : tensor<2x?xi1>
  return %0 : tensor<2x?xi1>
}

// -----

// CHECK-LABEL: func.func @not_scalar
// CHECK: loom.not %{{.*}} : tensor<i1>
func.func @not_scalar(%x: tensor<i1>) -> tensor<i1> {
  %0 = loom.not %x : tensor<i1>
  return %0 : tensor<i1>
}

// -----

func.func @negative_not_integer(%x: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'loom.not' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xi8>'}}
  %0 = loom.not %x : tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @negative_not_unranked(%x: tensor<*xi1>) -> tensor<*xi1> {
  // expected-error @+1 {{'loom.not' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<*xi1>'}}
  %0 = "loom.not"(%x) : (tensor<*xi1>) -> tensor<*xi1>
  return %0 : tensor<*xi1>
}
