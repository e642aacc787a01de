// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s

// A Slice whose bounds are given at run time returns the selected elements
// flat at the input's element count and the shape in `dims`; each
// dimension is bounded by the input's.

// CHECK-LABEL: func.func @runtime_slice
// CHECK-SAME: {loom.data_shape = #loom.data_shape<bounds = [20, 10, 5], dims = 1>}
// CHECK: loom.runtime_slice %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<20x10x5xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> (tensor<1000xf32>, tensor<3xi64>)
func.func @runtime_slice(%x: tensor<20x10x5xf32>, %starts: tensor<2xi64>, %ends: tensor<2xi64>, %axes: tensor<2xi64>, %steps: tensor<2xi64>) -> (tensor<1000xf32> {loom.data_shape = #loom.data_shape<bounds = [20, 10, 5], dims = 1>}, tensor<3xi64>) {
  %values, %dims = loom.runtime_slice %x, %starts, %ends, %axes, %steps : (tensor<20x10x5xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> (tensor<1000xf32>, tensor<3xi64>)
  return %values, %dims : tensor<1000xf32>, tensor<3xi64>
}

// -----

// An input without elements still has a result of one element: each bound
// is at least 1, the element bound 1.

// CHECK-LABEL: func.func @runtime_slice_empty
// CHECK: loom.runtime_slice {{.*}} -> (tensor<1xi32>, tensor<2xi64>)
func.func @runtime_slice_empty(%x: tensor<0x3xi32>, %s: tensor<1xi64>) -> (tensor<1xi32> {loom.data_shape = #loom.data_shape<bounds = [1, 3], elements = 1, dims = 1>}, tensor<2xi64>) {
  %values, %dims = loom.runtime_slice %x, %s, %s, %s, %s : (tensor<0x3xi32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> (tensor<1xi32>, tensor<2xi64>)
  return %values, %dims : tensor<1xi32>, tensor<2xi64>
}

// -----

func.func @negative_lengths_differ(%x: tensor<4x5xf32>, %s: tensor<2xi64>, %e: tensor<1xi64>) {
  // expected-error @+2 {{ends has 1 entries but starts has 2}}
  // expected-error @+1 {{'loom.runtime_slice' op failed to infer returned types}}
  %values, %dims = loom.runtime_slice %x, %s, %e, %s, %s : (tensor<4x5xf32>, tensor<2xi64>, tensor<1xi64>, tensor<2xi64>, tensor<2xi64>) -> (tensor<20xf32>, tensor<2xi64>)
  return
}

// -----

func.func @negative_more_axes_than_rank(%x: tensor<4xf32>, %s: tensor<2xi64>) {
  // expected-error @+2 {{starts has 2 entries; it needs 1 to the input's rank 1}}
  // expected-error @+1 {{'loom.runtime_slice' op failed to infer returned types}}
  %values, %dims = loom.runtime_slice %x, %s, %s, %s, %s : (tensor<4xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> (tensor<4xf32>, tensor<1xi64>)
  return
}

// -----

func.func @negative_dynamic_input(%x: tensor<?x4xf32>, %s: tensor<1xi64>) {
  // expected-error @+2 {{input must have a static shape of rank 1 or more, not 'tensor<?x4xf32>'}}
  // expected-error @+1 {{'loom.runtime_slice' op failed to infer returned types}}
  %values, %dims = loom.runtime_slice %x, %s, %s, %s, %s : (tensor<?x4xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> (tensor<4xf32>, tensor<2xi64>)
  return
}
