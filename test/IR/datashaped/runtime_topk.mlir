// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s

// A TopK whose k is given at run time returns values and indices flat at
// the input's element count, sharing one dims result.

// CHECK-LABEL: func.func @runtime_topk
// CHECK: loom.runtime_topk %{{.*}}, %{{.*}} {axis = 1 : i64, largest = false} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<12xf32>, tensor<12xi64>, tensor<2xi64>)
func.func @runtime_topk(%x: tensor<3x4xf32>, %k: tensor<1xi64>) -> (tensor<12xf32> {loom.data_shape = #loom.data_shape<bounds = [3, 4], dims = 2>}, tensor<12xi64> {loom.data_shape = #loom.data_shape<bounds = [3, 4], dims = 2>}, tensor<2xi64>) {
  %values, %indices, %dims = loom.runtime_topk %x, %k {axis = 1 : i64, largest = false} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<12xf32>, tensor<12xi64>, tensor<2xi64>)
  return %values, %indices, %dims : tensor<12xf32>, tensor<12xi64>, tensor<2xi64>
}

// -----

func.func @negative_axis(%x: tensor<3x4xf32>, %k: tensor<1xi64>) {
  // expected-error @+2 {{axis 2 is out of range for input of rank 2}}
  // expected-error @+1 {{'loom.runtime_topk' op failed to infer returned types}}
  %values, %indices, %dims = loom.runtime_topk %x, %k {axis = 2 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<12xf32>, tensor<12xi64>, tensor<2xi64>)
  return
}

// -----

func.func @negative_k_length(%x: tensor<3x4xf32>, %k: tensor<2xi64>) {
  // expected-error @+2 {{k must be a tensor of one element, not 'tensor<2xi64>'}}
  // expected-error @+1 {{'loom.runtime_topk' op failed to infer returned types}}
  %values, %indices, %dims = loom.runtime_topk %x, %k {axis = 0 : i64} : (tensor<3x4xf32>, tensor<2xi64>) -> (tensor<12xf32>, tensor<12xi64>, tensor<2xi64>)
  return
}
