// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s

// A Split whose sizes are given at run time: as many parts as `split` has
// entries, each flat at the input's element count, then their dims.

// CHECK-LABEL: func.func @runtime_split
// CHECK: %{{.*}}:2, %{{.*}}:2 = loom.runtime_split %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x6xf32>, tensor<2xi64>) -> (tensor<12xf32>, tensor<12xf32>, tensor<2xi64>, tensor<2xi64>)
func.func @runtime_split(%x: tensor<2x6xf32>, %split: tensor<2xi64>) -> (tensor<12xf32> {loom.data_shape = #loom.data_shape<bounds = [2, 6], dims = 2>}, tensor<12xf32> {loom.data_shape = #loom.data_shape<bounds = [2, 6], dims = 3>}, tensor<2xi64>, tensor<2xi64>) {
  %parts:4 = loom.runtime_split %x, %split {axis = 1 : i64} : (tensor<2x6xf32>, tensor<2xi64>) -> (tensor<12xf32>, tensor<12xf32>, tensor<2xi64>, tensor<2xi64>)
  return %parts#0, %parts#1, %parts#2, %parts#3 : tensor<12xf32>, tensor<12xf32>, tensor<2xi64>, tensor<2xi64>
}

// -----

func.func @negative_split_rank(%x: tensor<6xf32>, %split: tensor<1x2xi64>) {
  // expected-error @+2 {{split must be a rank-1 tensor of static length, not 'tensor<1x2xi64>'}}
  // expected-error @+1 {{'loom.runtime_split' op failed to infer returned types}}
  %parts:4 = loom.runtime_split %x, %split {axis = 0 : i64} : (tensor<6xf32>, tensor<1x2xi64>) -> (tensor<6xf32>, tensor<6xf32>, tensor<1xi64>, tensor<1xi64>)
  return
}

// -----

func.func @negative_no_parts(%x: tensor<6xf32>, %split: tensor<0xi64>) {
  // expected-error @+2 {{split must have 1 entry or more}}
  // expected-error @+1 {{'loom.runtime_split' op failed to infer returned types}}
  loom.runtime_split %x, %split {axis = 0 : i64} : (tensor<6xf32>, tensor<0xi64>) -> ()
  return
}
