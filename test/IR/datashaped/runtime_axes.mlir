// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s

// Unsqueeze, Squeeze and ReduceSum whose axes are given at run time: the
// number of axes fixes the result's rank, the values are flat at the
// input's element count, and each dimension is bounded by the input's
// largest (ir/LoomDataShapedAxesOps.td).

// CHECK-LABEL: func.func @unsqueeze
// CHECK: loom.runtime_unsqueeze %{{.*}}, %{{.*}} : (tensor<3x4x5xf32>, tensor<2xi64>) -> (tensor<60xf32>, tensor<5xi64>)
func.func @unsqueeze(%x: tensor<3x4x5xf32>, %axes: tensor<2xi64>) -> (tensor<60xf32> {loom.data_shape = #loom.data_shape<bounds = [5, 5, 5, 5, 5], elements = 60, dims = 1>}, tensor<5xi64>) {
  %values, %dims = loom.runtime_unsqueeze %x, %axes : (tensor<3x4x5xf32>, tensor<2xi64>) -> (tensor<60xf32>, tensor<5xi64>)
  return %values, %dims : tensor<60xf32>, tensor<5xi64>
}

// -----

// CHECK-LABEL: func.func @squeeze
// CHECK: loom.runtime_squeeze %{{.*}}, %{{.*}} : (tensor<1x3x1xi32>, tensor<1xi64>) -> (tensor<3xi32>, tensor<2xi64>)
func.func @squeeze(%x: tensor<1x3x1xi32>, %axes: tensor<1xi64>) -> (tensor<3xi32>, tensor<2xi64>) {
  %values, %dims = loom.runtime_squeeze %x, %axes : (tensor<1x3x1xi32>, tensor<1xi64>) -> (tensor<3xi32>, tensor<2xi64>)
  return %values, %dims : tensor<3xi32>, tensor<2xi64>
}

// -----

// keepdims (the default) keeps the rank; without it the rank drops by the
// number of axes, and the values hold at most the largest dimension to the
// power of that rank (3, not 12).
// CHECK-LABEL: func.func @reduce_sum
// CHECK: loom.runtime_reduce_sum %{{.*}}, %{{.*}} : (tensor<3x2x2xf32>, tensor<1xi64>) -> (tensor<12xf32>, tensor<3xi64>)
// CHECK: loom.runtime_reduce_sum %{{.*}}, %{{.*}} {keepdims = false} : (tensor<3x2x2xf32>, tensor<2xi64>) -> (tensor<3xf32>, tensor<1xi64>)
func.func @reduce_sum(%x: tensor<3x2x2xf32>, %a: tensor<1xi64>, %b: tensor<2xi64>) -> (tensor<12xf32>, tensor<3xi64>, tensor<3xf32>, tensor<1xi64>) {
  %v0, %d0 = loom.runtime_reduce_sum %x, %a : (tensor<3x2x2xf32>, tensor<1xi64>) -> (tensor<12xf32>, tensor<3xi64>)
  %v1, %d1 = loom.runtime_reduce_sum %x, %b {keepdims = false} : (tensor<3x2x2xf32>, tensor<2xi64>) -> (tensor<3xf32>, tensor<1xi64>)
  return %v0, %d0, %v1, %d1 : tensor<12xf32>, tensor<3xi64>, tensor<3xf32>, tensor<1xi64>
}

// -----

func.func @negative_axes_length(%x: tensor<2x3xf32>, %axes: tensor<0xi64>) {
  // expected-error @+2 {{axes must be a rank-1 tensor of static length 1 or more, not 'tensor<0xi64>'}}
  // expected-error @+1 {{'loom.runtime_unsqueeze' op failed to infer returned types}}
  %values, %dims = loom.runtime_unsqueeze %x, %axes : (tensor<2x3xf32>, tensor<0xi64>) -> (tensor<6xf32>, tensor<2xi64>)
  return
}

// -----

func.func @negative_too_many_axes(%x: tensor<2xf32>, %axes: tensor<2xi64>) {
  // expected-error @+2 {{the input of rank 1 has fewer dimensions than the 2 axes}}
  // expected-error @+1 {{'loom.runtime_squeeze' op failed to infer returned types}}
  %values, %dims = loom.runtime_squeeze %x, %axes : (tensor<2xf32>, tensor<2xi64>) -> (tensor<2xf32>, tensor<0xi64>)
  return
}

// -----

// Pad by run-time amounts: the result flat at bound^rank (4^2), with or
// without a value.
// CHECK-LABEL: func.func @pad
// CHECK: loom.runtime_pad %{{.*}}, %{{.*}}, %{{.*}} mode constant {bound = 4 : i64} : (tensor<2x3xf32>, tensor<4xi64>, tensor<f32>) -> (tensor<16xf32>, tensor<2xi64>)
// CHECK: loom.runtime_pad %{{.*}}, %{{.*}} mode reflect {bound = 4 : i64} : (tensor<2x3xf32>, tensor<4xi64>) -> (tensor<16xf32>, tensor<2xi64>)
func.func @pad(%x: tensor<2x3xf32>, %pads: tensor<4xi64>, %v: tensor<f32>) -> (tensor<16xf32>, tensor<2xi64>, tensor<16xf32>, tensor<2xi64>) {
  %v0, %d0 = loom.runtime_pad %x, %pads, %v mode constant {bound = 4 : i64} : (tensor<2x3xf32>, tensor<4xi64>, tensor<f32>) -> (tensor<16xf32>, tensor<2xi64>)
  %v1, %d1 = loom.runtime_pad %x, %pads mode reflect {bound = 4 : i64} : (tensor<2x3xf32>, tensor<4xi64>) -> (tensor<16xf32>, tensor<2xi64>)
  return %v0, %d0, %v1, %d1 : tensor<16xf32>, tensor<2xi64>, tensor<16xf32>, tensor<2xi64>
}

// -----

func.func @negative_pads_length(%x: tensor<2x3xf32>, %pads: tensor<3xi64>) {
  // expected-error @+2 {{pads must be a rank-1 tensor of 4 entries, not 'tensor<3xi64>'}}
  // expected-error @+1 {{'loom.runtime_pad' op failed to infer returned types}}
  %values, %dims = loom.runtime_pad %x, %pads mode edge {bound = 4 : i64} : (tensor<2x3xf32>, tensor<3xi64>) -> (tensor<16xf32>, tensor<2xi64>)
  return
}

// -----

func.func @negative_pad_value_type(%x: tensor<2x3xf32>, %pads: tensor<4xi64>, %v: tensor<i32>) {
  // expected-error @+2 {{value must be one element of the input's element type, not 'tensor<i32>'}}
  // expected-error @+1 {{'loom.runtime_pad' op failed to infer returned types}}
  %values, %dims = loom.runtime_pad %x, %pads, %v mode constant {bound = 4 : i64} : (tensor<2x3xf32>, tensor<4xi64>, tensor<i32>) -> (tensor<16xf32>, tensor<2xi64>)
  return
}
