// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s

// OneHot of a run-time depth and Resize by run-time scales or sizes
// (ir/LoomDataShapedGeneratorOps.td): the flat result at the product of the
// dimensions' bounds and the shape in `dims`.

// CHECK-LABEL: func.func @one_hot
// CHECK: loom.runtime_one_hot %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, bound = 8 : i64} : (tensor<3xi64>, tensor<1xi64>, tensor<2xf32>) -> (tensor<24xf32>, tensor<2xi64>)
func.func @one_hot(%i: tensor<3xi64>, %d: tensor<1xi64>, %v: tensor<2xf32>) -> (tensor<24xf32> {loom.data_shape = #loom.data_shape<bounds = [3, 8], dims = 1>}, tensor<2xi64>) {
  %values, %dims = loom.runtime_one_hot %i, %d, %v {axis = 1 : i64, bound = 8 : i64} : (tensor<3xi64>, tensor<1xi64>, tensor<2xf32>) -> (tensor<24xf32>, tensor<2xi64>)
  return %values, %dims : tensor<24xf32>, tensor<2xi64>
}

// -----

// Rank-0 indices: the result is the depth dimension alone.
// CHECK-LABEL: func.func @one_hot_scalar
// CHECK: loom.runtime_one_hot {{.*}} : (tensor<i64>, tensor<i64>, tensor<2xi32>) -> (tensor<4xi32>, tensor<1xi64>)
func.func @one_hot_scalar(%i: tensor<i64>, %d: tensor<i64>, %v: tensor<2xi32>) -> (tensor<4xi32>, tensor<1xi64>) {
  %values, %dims = loom.runtime_one_hot %i, %d, %v {axis = 0 : i64, bound = 4 : i64} : (tensor<i64>, tensor<i64>, tensor<2xi32>) -> (tensor<4xi32>, tensor<1xi64>)
  return %values, %dims : tensor<4xi32>, tensor<1xi64>
}

// -----

// Each dimension's bound is `bound` or the input's size, when larger:
// 8 x 8 x 8 x 10.
// CHECK-LABEL: func.func @resize_scales
// CHECK: loom.runtime_resize %{{.*}}, %{{.*}} mode cubic coordinate_transform half_pixel {bound = 8 : i64, exclude_outside = true} : (tensor<1x1x4x10xf32>, tensor<4xf64>) -> (tensor<5120xf32>, tensor<4xi64>)
func.func @resize_scales(%x: tensor<1x1x4x10xf32>, %s: tensor<4xf64>) -> (tensor<5120xf32>, tensor<4xi64>) {
  %values, %dims = loom.runtime_resize %x, %s mode cubic coordinate_transform half_pixel {bound = 8 : i64, exclude_outside = true} : (tensor<1x1x4x10xf32>, tensor<4xf64>) -> (tensor<5120xf32>, tensor<4xi64>)
  return %values, %dims : tensor<5120xf32>, tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @resize_sizes_crop
// CHECK: loom.runtime_resize %{{.*}}, %{{.*}}, %{{.*}} mode nearest coordinate_transform tf_crop_and_resize nearest_rounding ceil {bound = 4 : i64, extrapolation_value = 1.000000e+01 : f64} : (tensor<2x3xf64>, tensor<2xi64>, tensor<4xf64>) -> (tensor<16xf64>, tensor<2xi64>)
func.func @resize_sizes_crop(%x: tensor<2x3xf64>, %s: tensor<2xi64>, %roi: tensor<4xf64>) -> (tensor<16xf64>, tensor<2xi64>) {
  %values, %dims = loom.runtime_resize %x, %s, %roi mode nearest coordinate_transform tf_crop_and_resize nearest_rounding ceil {bound = 4 : i64, extrapolation_value = 10.0 : f64} : (tensor<2x3xf64>, tensor<2xi64>, tensor<4xf64>) -> (tensor<16xf64>, tensor<2xi64>)
  return %values, %dims : tensor<16xf64>, tensor<2xi64>
}

// -----

// Resize-10's and Upsample's rounding, and Upsample's refusal of scales
// below 1.
// CHECK-LABEL: func.func @resize_legacy
// CHECK: loom.runtime_resize %{{.*}}, %{{.*}} mode nearest coordinate_transform asymmetric nearest_rounding floor_growing_ceil_shrinking {bound = 4 : i64, enlarge_only = true}
func.func @resize_legacy(%x: tensor<2x3xf32>, %s: tensor<2xf64>) -> (tensor<16xf32>, tensor<2xi64>) {
  %values, %dims = loom.runtime_resize %x, %s mode nearest coordinate_transform asymmetric nearest_rounding floor_growing_ceil_shrinking {bound = 4 : i64, enlarge_only = true} : (tensor<2x3xf32>, tensor<2xf64>) -> (tensor<16xf32>, tensor<2xi64>)
  return %values, %dims : tensor<16xf32>, tensor<2xi64>
}

// -----

func.func @negative_one_hot_axis(%i: tensor<3xi64>, %d: tensor<1xi64>, %v: tensor<2xf32>) {
  // expected-error @+2 {{axis 2 is outside 0 to 1}}
  // expected-error @+1 {{'loom.runtime_one_hot' op failed to infer returned types}}
  %values, %dims = loom.runtime_one_hot %i, %d, %v {axis = 2 : i64, bound = 8 : i64} : (tensor<3xi64>, tensor<1xi64>, tensor<2xf32>) -> (tensor<24xf32>, tensor<2xi64>)
  return
}

// -----

func.func @negative_one_hot_depth(%i: tensor<3xi64>, %d: tensor<2xi64>, %v: tensor<2xf32>) {
  // expected-error @+2 {{depth must hold one element, not 'tensor<2xi64>'}}
  // expected-error @+1 {{'loom.runtime_one_hot' op failed to infer returned types}}
  %values, %dims = loom.runtime_one_hot %i, %d, %v {axis = 1 : i64, bound = 8 : i64} : (tensor<3xi64>, tensor<2xi64>, tensor<2xf32>) -> (tensor<24xf32>, tensor<2xi64>)
  return
}

// -----

func.func @negative_one_hot_off_on(%i: tensor<3xi64>, %d: tensor<1xi64>, %v: tensor<3xf32>) {
  // expected-error @+2 {{off_on must be a rank-1 tensor of two elements, not 'tensor<3xf32>'}}
  // expected-error @+1 {{'loom.runtime_one_hot' op failed to infer returned types}}
  %values, %dims = loom.runtime_one_hot %i, %d, %v {axis = 1 : i64, bound = 8 : i64} : (tensor<3xi64>, tensor<1xi64>, tensor<3xf32>) -> (tensor<24xf32>, tensor<2xi64>)
  return
}

// -----

func.func @negative_resize_target(%x: tensor<2x3xf32>, %s: tensor<3xf64>) {
  // expected-error @+2 {{target must be a rank-1 tensor of 2 scales or sizes, not 'tensor<3xf64>'}}
  // expected-error @+1 {{'loom.runtime_resize' op failed to infer returned types}}
  %values, %dims = loom.runtime_resize %x, %s mode linear coordinate_transform half_pixel {bound = 4 : i64} : (tensor<2x3xf32>, tensor<3xf64>) -> (tensor<16xf32>, tensor<2xi64>)
  return
}

// -----

func.func @negative_resize_crop_without_roi(%x: tensor<2x3xf32>, %s: tensor<2xf64>) {
  // expected-error @+2 {{coordinate_transform tf_crop_and_resize needs a roi}}
  // expected-error @+1 {{'loom.runtime_resize' op failed to infer returned types}}
  %values, %dims = loom.runtime_resize %x, %s mode linear coordinate_transform tf_crop_and_resize {bound = 4 : i64} : (tensor<2x3xf32>, tensor<2xf64>) -> (tensor<16xf32>, tensor<2xi64>)
  return
}

// -----

func.func @negative_resize_roi_without_crop(%x: tensor<2x3xf32>, %s: tensor<2xf64>, %roi: tensor<4xf64>) {
  // expected-error @+2 {{roi is given only with coordinate_transform tf_crop_and_resize}}
  // expected-error @+1 {{'loom.runtime_resize' op failed to infer returned types}}
  %values, %dims = loom.runtime_resize %x, %s, %roi mode linear coordinate_transform half_pixel {bound = 4 : i64} : (tensor<2x3xf32>, tensor<2xf64>, tensor<4xf64>) -> (tensor<16xf32>, tensor<2xi64>)
  return
}

// -----

func.func @negative_resize_target_type(%x: tensor<2x3xf32>, %s: tensor<2xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 64-bit float values or ranked tensor of 64-bit signless integer values}}
  %values, %dims = loom.runtime_resize %x, %s mode linear coordinate_transform half_pixel {bound = 4 : i64} : (tensor<2x3xf32>, tensor<2xf32>) -> (tensor<16xf32>, tensor<2xi64>)
  return
}

// -----

func.func @negative_static_resize_cubic(%x: tensor<2x2xf32>) {
  // expected-error @+1 {{mode cubic is only loom.runtime_resize's}}
  %r = loom.resize %x mode cubic coordinate_transform half_pixel scales [1.0, 2.0] : tensor<2x2xf32> to tensor<2x4xf32>
  return
}

// -----

func.func @negative_static_resize_crop(%x: tensor<2x2xf32>) {
  // expected-error @+1 {{coordinate_transform tf_crop_and_resize is only loom.runtime_resize's}}
  %r = loom.resize %x mode linear coordinate_transform tf_crop_and_resize scales [1.0, 2.0] : tensor<2x2xf32> to tensor<2x4xf32>
  return
}

// -----

func.func @negative_static_resize_legacy(%x: tensor<2x2xf32>) {
  // expected-error @+1 {{nearest_rounding floor_growing_ceil_shrinking is only loom.runtime_resize's}}
  %r = loom.resize %x mode nearest coordinate_transform asymmetric nearest_rounding floor_growing_ceil_shrinking scales [1.0, 2.0] : tensor<2x2xf32> to tensor<2x4xf32>
  return
}
