// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// Both results take the input's shape with k along the axis; the indices are
// always i64. largest and sorted default to true and are printed only when
// false.

// CHECK-LABEL: func.func @topk_largest
// CHECK: loom.topk %{{.*}} axis 1 k 2 : (tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
func.func @topk_largest(%x: tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>) {
  %values, %indices = loom.topk %x axis 1 k 2 : (tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  return %values, %indices : tensor<3x2xf32>, tensor<3x2xi64>
}

// -----

// CHECK-LABEL: func.func @topk_flags
// CHECK: loom.topk %{{.*}} axis 0 k 1 largest = false : (tensor<3x4xi32>) -> (tensor<1x4xi32>, tensor<1x4xi64>)
// CHECK: loom.topk %{{.*}} axis 0 k 3 sorted = false : (tensor<3x4xi32>) -> (tensor<3x4xi32>, tensor<3x4xi64>)
// CHECK: loom.topk %{{.*}} axis 1 k 4 largest = false sorted = false : (tensor<3x4xi32>) -> (tensor<3x4xi32>, tensor<3x4xi64>)
// CHECK: loom.topk %{{.*}} axis 1 k 1 : (tensor<3x4xi32>) -> (tensor<3x1xi32>, tensor<3x1xi64>)
func.func @topk_flags(%x: tensor<3x4xi32>) -> (tensor<1x4xi32>, tensor<3x4xi32>, tensor<3x4xi64>, tensor<3x1xi64>) {
  %0:2 = loom.topk %x axis 0 k 1 largest = false : (tensor<3x4xi32>) -> (tensor<1x4xi32>, tensor<1x4xi64>)
  %1:2 = loom.topk %x axis 0 k 3 sorted = false : (tensor<3x4xi32>) -> (tensor<3x4xi32>, tensor<3x4xi64>)
  %2:2 = loom.topk %x axis 1 k 4 largest = false sorted = false : (tensor<3x4xi32>) -> (tensor<3x4xi32>, tensor<3x4xi64>)
  // The defaults spelled out are elided.
  %3:2 = loom.topk %x axis 1 k 1 largest = true sorted = true : (tensor<3x4xi32>) -> (tensor<3x1xi32>, tensor<3x1xi64>)
  return %0#0, %1#0, %2#1, %3#1 : tensor<1x4xi32>, tensor<3x4xi32>, tensor<3x4xi64>, tensor<3x1xi64>
}

// -----

// k = 0 gives empty results.
// CHECK-LABEL: func.func @topk_zero
// CHECK: loom.topk %{{.*}} axis 0 k 0 : (tensor<5xf16>) -> (tensor<0xf16>, tensor<0xi64>)
func.func @topk_zero(%x: tensor<5xf16>) -> (tensor<0xf16>, tensor<0xi64>) {
  %0:2 = loom.topk %x axis 0 k 0 : (tensor<5xf16>) -> (tensor<0xf16>, tensor<0xi64>)
  return %0#0, %0#1 : tensor<0xf16>, tensor<0xi64>
}

// -----

// A dynamic axis accepts any k (the evaluator checks it); other dynamic
// dimensions stay dynamic.
// CHECK-LABEL: func.func @topk_dynamic
// CHECK: loom.topk %{{.*}} axis 1 k 7 : (tensor<?x?xbf16>) -> (tensor<?x7xbf16>, tensor<?x7xi64>)
func.func @topk_dynamic(%x: tensor<?x?xbf16>) -> (tensor<?x7xbf16>, tensor<?x7xi64>) {
  %0:2 = loom.topk %x axis 1 k 7 : (tensor<?x?xbf16>) -> (tensor<?x7xbf16>, tensor<?x7xi64>)
  return %0#0, %0#1 : tensor<?x7xbf16>, tensor<?x7xi64>
}

// -----

func.func @negative_topk_axis_out_of_range(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'loom.topk' op failed to infer returned types}}
  %0:2 = loom.topk %x axis 2 k 2 : (tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  return %0#0 : tensor<3x2xf32>
}

// -----

func.func @negative_topk_negative_axis(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{axis -1 is out of range for rank 2}}
  // expected-error @+1 {{'loom.topk' op failed to infer returned types}}
  %0:2 = loom.topk %x axis -1 k 2 : (tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  return %0#0 : tensor<3x2xf32>
}

// -----

func.func @negative_topk_negative_k(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{k -1 is negative}}
  // expected-error @+1 {{'loom.topk' op failed to infer returned types}}
  %0:2 = loom.topk %x axis 1 k -1 : (tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xi64>)
  return %0#0 : tensor<3x4xf32>
}

// -----

func.func @negative_topk_k_too_large(%x: tensor<3x4xf32>) -> tensor<3x5xf32> {
  // expected-error @+2 {{k 5 exceeds the size 4 of axis 1}}
  // expected-error @+1 {{'loom.topk' op failed to infer returned types}}
  %0:2 = loom.topk %x axis 1 k 5 : (tensor<3x4xf32>) -> (tensor<3x5xf32>, tensor<3x5xi64>)
  return %0#0 : tensor<3x5xf32>
}

// -----

func.func @negative_topk_wrong_result_shape(%x: tensor<3x4xf32>) -> tensor<2x2xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<3x2xf32>', 'tensor<3x2xi64>' are incompatible with return type(s) of operation 'tensor<2x2xf32>', 'tensor<3x2xi64>'}}
  // expected-error @+1 {{'loom.topk' op failed to infer returned types}}
  %0:2 = loom.topk %x axis 1 k 2 : (tensor<3x4xf32>) -> (tensor<2x2xf32>, tensor<3x2xi64>)
  return %0#0 : tensor<2x2xf32>
}

// -----

func.func @negative_topk_values_element_type(%x: tensor<3x4xf32>) -> tensor<3x2xf16> {
  // expected-error @+2 {{inferred type(s) 'tensor<3x2xf32>', 'tensor<3x2xi64>' are incompatible with return type(s) of operation 'tensor<3x2xf16>', 'tensor<3x2xi64>'}}
  // expected-error @+1 {{'loom.topk' op failed to infer returned types}}
  %0:2 = loom.topk %x axis 1 k 2 : (tensor<3x4xf32>) -> (tensor<3x2xf16>, tensor<3x2xi64>)
  return %0#0 : tensor<3x2xf16>
}

// -----

func.func @negative_topk_indices_not_i64(%x: tensor<3x4xf32>) -> tensor<3x2xi32> {
  // expected-error @+1 {{'loom.topk' op result #1 must be ranked tensor of 64-bit signless integer values}}
  %0:2 = loom.topk %x axis 1 k 2 : (tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi32>)
  return %0#1 : tensor<3x2xi32>
}

// -----

func.func @negative_topk_bool(%x: tensor<4xi1>) -> tensor<2xi64> {
  // expected-error @+1 {{'loom.topk' op operand #0 must be ranked tensor of}}
  %0:2 = loom.topk %x axis 0 k 2 : (tensor<4xi1>) -> (tensor<2xi1>, tensor<2xi64>)
  return %0#1 : tensor<2xi64>
}
