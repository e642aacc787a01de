// RUN: loom-opt %s -split-input-file -verify-diagnostics \
// RUN:   -pass-pipeline='builtin.module(func.func(loom-cpu-kernels-to-linalg))' \
// RUN:   | FileCheck %s

// CHECK-LABEL: func.func @kernel_is_lowered
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK-NOT: loom.
func.func @kernel_is_lowered(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Functions that are not kernels are not code generation's business.
// CHECK-LABEL: func.func @negative_not_a_kernel
// CHECK: loom.add
func.func @negative_not_a_kernel(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = loom.add %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Every op without a lowering (here: dynamic shapes, which no pattern
// lowers) is reported, not only the first.
func.func @unsupported_ops(%a: tensor<?xf32>) -> tensor<?xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  // expected-error @+1 {{'loom.neg' op is not supported by the CPU backend}}
  %0 = loom.neg %a : tensor<?xf32>
  // expected-error @+1 {{'loom.exp' op is not supported by the CPU backend}}
  %1 = loom.exp %0 : tensor<?xf32>
  return %1 : tensor<?xf32>
}
