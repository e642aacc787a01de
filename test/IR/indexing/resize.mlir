// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// nearest_rounding is printed only when it is not round_prefer_floor.

// CHECK-LABEL: func.func @resize_linear_upsample
// CHECK: loom.resize %{{.*}} mode linear coordinate_transform half_pixel scales [1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00] : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
func.func @resize_linear_upsample(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %0 = loom.resize %x mode linear coordinate_transform half_pixel nearest_rounding round_prefer_floor scales [1.0, 1.0, 2.0, 2.0] : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @resize_nearest_f16
// CHECK: loom.resize %{{.*}} mode nearest coordinate_transform asymmetric nearest_rounding floor scales [1.000000e+00, 3.000000e+00] : tensor<2x2xf16> to tensor<2x6xf16>
func.func @resize_nearest_f16(%x: tensor<2x2xf16>) -> tensor<2x6xf16> {
  %0 = loom.resize %x mode nearest coordinate_transform asymmetric nearest_rounding floor scales [1.0, 3.0] : tensor<2x2xf16> to tensor<2x6xf16>
  return %0 : tensor<2x6xf16>
}

// -----

// 4 * 0.6 = 2.4 rounds down to 2; the dynamic size is not checked.
// CHECK-LABEL: func.func @resize_downsample_dynamic
// CHECK: loom.resize %{{.*}} mode linear coordinate_transform align_corners scales [1.000000e+00, 6.000000e-01, 6.000000e-01] : tensor<?x2x4xbf16> to tensor<?x1x2xbf16>
func.func @resize_downsample_dynamic(%x: tensor<?x2x4xbf16>) -> tensor<?x1x2xbf16> {
  %0 = loom.resize %x mode linear coordinate_transform align_corners scales [1.0, 0.6, 0.6] : tensor<?x2x4xbf16> to tensor<?x1x2xbf16>
  return %0 : tensor<?x1x2xbf16>
}

// -----

// Scales derived from target sizes may round up: 3 * 0.85 = 2.55 to 3.
// CHECK-LABEL: func.func @resize_rounded_size
// CHECK: loom.resize %{{.*}} mode nearest coordinate_transform pytorch_half_pixel nearest_rounding round_prefer_ceil scales [8.500000e-01] : tensor<3xf64> to tensor<3xf64>
func.func @resize_rounded_size(%x: tensor<3xf64>) -> tensor<3xf64> {
  %0 = loom.resize %x mode nearest coordinate_transform pytorch_half_pixel nearest_rounding round_prefer_ceil scales [0.85] : tensor<3xf64> to tensor<3xf64>
  return %0 : tensor<3xf64>
}

// -----

func.func @negative_resize_scales_length(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'loom.resize' op scales has 2 entries but the input has rank 4}}
  %0 = loom.resize %x mode linear coordinate_transform half_pixel scales [2.0, 2.0] : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @negative_resize_scale_not_positive(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'loom.resize' op scale 0 of dimension 1 must be positive and finite}}
  %0 = loom.resize %x mode nearest coordinate_transform half_pixel scales [1.0, 0.0] : tensor<2x2xf32> to tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @negative_resize_size_mismatch(%x: tensor<2x2xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'loom.resize' op result dimension 1 has size 5 but input size 2 times scale 2 is 4}}
  %0 = loom.resize %x mode nearest coordinate_transform half_pixel scales [1.0, 2.0] : tensor<2x2xf32> to tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @negative_resize_element_type(%x: tensor<2x2xf32>) -> tensor<2x4xf16> {
  // expected-error @+1 {{'loom.resize' op result element type 'f16' differs from the input's 'f32'}}
  %0 = loom.resize %x mode nearest coordinate_transform half_pixel scales [1.0, 2.0] : tensor<2x2xf32> to tensor<2x4xf16>
  return %0 : tensor<2x4xf16>
}

// -----

func.func @negative_resize_rank(%x: tensor<2x2xf32>) -> tensor<2x2x1xf32> {
  // expected-error @+1 {{'loom.resize' op result has rank 3 but the input has rank 2}}
  %0 = loom.resize %x mode nearest coordinate_transform half_pixel scales [1.0, 1.0] : tensor<2x2xf32> to tensor<2x2x1xf32>
  return %0 : tensor<2x2x1xf32>
}

// -----

func.func @negative_resize_integer(%x: tensor<2x2xi32>) -> tensor<2x4xi32> {
  // expected-error @+1 {{'loom.resize' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 64-bit float values}}
  %0 = loom.resize %x mode nearest coordinate_transform half_pixel scales [1.0, 2.0] : tensor<2x2xi32> to tensor<2x4xi32>
  return %0 : tensor<2x4xi32>
}
