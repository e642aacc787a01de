// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// out = floor((D + pad_low + pad_high - dilation * (K - 1) - 1) / stride) + 1

// (8 + 1 + 1 - 2 - 1) / 2 + 1 = 4
// CHECK-LABEL: func.func @conv_2d_strided_padded
// CHECK: loom.conv %{{.*}}, %{{.*}} strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
func.func @conv_2d_strided_padded(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32> {
  %0 = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// Two groups of 2 input channels, dilation 2: (10 + 0 + 1 - 2 * 2 - 1) / 1 + 1 = 7
// CHECK-LABEL: func.func @conv_1d_grouped_dilated
// CHECK: loom.conv %{{.*}}, %{{.*}} strides [1] dilations [2] pad_low [0] pad_high [1] groups 2 : (tensor<2x4x10xi32>, tensor<6x2x3xi32>) -> tensor<2x6x7xi32>
func.func @conv_1d_grouped_dilated(%x: tensor<2x4x10xi32>, %w: tensor<6x2x3xi32>) -> tensor<2x6x7xi32> {
  %0 = loom.conv %x, %w strides [1] dilations [2] pad_low [0] pad_high [1] groups 2 : (tensor<2x4x10xi32>, tensor<6x2x3xi32>) -> tensor<2x6x7xi32>
  return %0 : tensor<2x6x7xi32>
}

// -----

// Dynamic batch and first spatial size stay dynamic; (16 + 2 - 2 - 1) / 2 + 1 = 8.
// CHECK-LABEL: func.func @conv_dynamic
// CHECK: loom.conv %{{.*}}, %{{.*}} strides [1, 2] dilations [1, 1] pad_low [0, 1] pad_high [0, 1] groups 1 : (tensor<?x3x?x16xf16>, tensor<8x3x3x3xf16>) -> tensor<?x8x?x8xf16>
func.func @conv_dynamic(%x: tensor<?x3x?x16xf16>, %w: tensor<8x3x3x3xf16>) -> tensor<?x8x?x8xf16> {
  %0 = loom.conv %x, %w strides [1, 2] dilations [1, 1] pad_low [0, 1] pad_high [0, 1] groups 1 : (tensor<?x3x?x16xf16>, tensor<8x3x3x3xf16>) -> tensor<?x8x?x8xf16>
  return %0 : tensor<?x8x?x8xf16>
}

// -----

// Depthwise 3-d convolution.
// CHECK-LABEL: func.func @conv_3d_depthwise
// CHECK: loom.conv %{{.*}}, %{{.*}} strides [1, 1, 1] dilations [1, 1, 1] pad_low [0, 0, 0] pad_high [0, 0, 0] groups 2 : (tensor<1x2x4x4x4xbf16>, tensor<2x1x2x2x2xbf16>) -> tensor<1x2x3x3x3xbf16>
func.func @conv_3d_depthwise(%x: tensor<1x2x4x4x4xbf16>, %w: tensor<2x1x2x2x2xbf16>) -> tensor<1x2x3x3x3xbf16> {
  %0 = loom.conv %x, %w strides [1, 1, 1] dilations [1, 1, 1] pad_low [0, 0, 0] pad_high [0, 0, 0] groups 2 : (tensor<1x2x4x4x4xbf16>, tensor<2x1x2x2x2xbf16>) -> tensor<1x2x3x3x3xbf16>
  return %0 : tensor<1x2x3x3x3xbf16>
}

// -----

func.func @negative_conv_input_rank(%x: tensor<3x8xf32>, %w: tensor<4x3xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{input must have rank 3 or more ([N, C, D1, ...]), got rank 2}}
  // expected-error @+1 {{'loom.conv' op failed to infer returned types}}
  %0 = loom.conv %x, %w strides [] dilations [] pad_low [] pad_high [] groups 1 : (tensor<3x8xf32>, tensor<4x3xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @negative_conv_filter_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{filter has rank 3 but the input has rank 4 ([O, C/groups, K1, ...] must match [N, C, D1, ...])}}
  // expected-error @+1 {{'loom.conv' op failed to infer returned types}}
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @negative_conv_groups_zero(%x: tensor<1x4x8xf32>, %w: tensor<4x4x3xf32>) -> tensor<1x4x6xf32> {
  // expected-error @+2 {{groups 0 must be at least 1}}
  // expected-error @+1 {{'loom.conv' op failed to infer returned types}}
  %0 = loom.conv %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] groups 0 : (tensor<1x4x8xf32>, tensor<4x4x3xf32>) -> tensor<1x4x6xf32>
  return %0 : tensor<1x4x6xf32>
}

// -----

func.func @negative_conv_input_channels_not_divisible(%x: tensor<1x6x8xf32>, %w: tensor<4x1x3xf32>) -> tensor<1x4x6xf32> {
  // expected-error @+2 {{input channels 6 are not divisible by groups 4}}
  // expected-error @+1 {{'loom.conv' op failed to infer returned types}}
  %0 = loom.conv %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] groups 4 : (tensor<1x6x8xf32>, tensor<4x1x3xf32>) -> tensor<1x4x6xf32>
  return %0 : tensor<1x4x6xf32>
}

// -----

func.func @negative_conv_output_channels_not_divisible(%x: tensor<1x4x8xf32>, %w: tensor<6x1x3xf32>) -> tensor<1x6x6xf32> {
  // expected-error @+2 {{output channels (filter dimension 0) 6 are not divisible by groups 4}}
  // expected-error @+1 {{'loom.conv' op failed to infer returned types}}
  %0 = loom.conv %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] groups 4 : (tensor<1x4x8xf32>, tensor<6x1x3xf32>) -> tensor<1x6x6xf32>
  return %0 : tensor<1x6x6xf32>
}

// -----

func.func @negative_conv_filter_channels(%x: tensor<1x4x8xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x4x6xf32> {
  // expected-error @+2 {{filter dimension 1 is 3 but must be input channels / groups = 4 / 2 = 2}}
  // expected-error @+1 {{'loom.conv' op failed to infer returned types}}
  %0 = loom.conv %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] groups 2 : (tensor<1x4x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x6xf32>
  return %0 : tensor<1x4x6xf32>
}

// -----

func.func @negative_conv_strides_length(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{strides has 1 values but the input has 2 spatial dimensions}}
  // expected-error @+1 {{'loom.conv' op failed to infer returned types}}
  %0 = loom.conv %x, %w strides [1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @negative_conv_zero_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{strides value 0 for spatial dimension 1 must be at least 1}}
  // expected-error @+1 {{'loom.conv' op failed to infer returned types}}
  %0 = loom.conv %x, %w strides [1, 0] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @negative_conv_zero_dilation(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x4x6xf32> {
  // expected-error @+2 {{dilations value 0 for spatial dimension 0 must be at least 1}}
  // expected-error @+1 {{'loom.conv' op failed to infer returned types}}
  %0 = loom.conv %x, %w strides [1] dilations [0] pad_low [0] pad_high [0] groups 1 : (tensor<1x3x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x6xf32>
  return %0 : tensor<1x4x6xf32>
}

// -----

func.func @negative_conv_negative_pad(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x4x5xf32> {
  // expected-error @+2 {{pad_low value -1 for spatial dimension 0 must be at least 0}}
  // expected-error @+1 {{'loom.conv' op failed to infer returned types}}
  %0 = loom.conv %x, %w strides [1] dilations [1] pad_low [-1] pad_high [0] groups 1 : (tensor<1x3x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x5xf32>
  return %0 : tensor<1x4x5xf32>
}

// -----

func.func @negative_conv_empty_filter(%x: tensor<1x3x8xf32>, %w: tensor<4x3x0xf32>) -> tensor<1x4x9xf32> {
  // expected-error @+2 {{filter size 0 for spatial dimension 0 must be at least 1}}
  // expected-error @+1 {{'loom.conv' op failed to infer returned types}}
  %0 = loom.conv %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] groups 1 : (tensor<1x3x8xf32>, tensor<4x3x0xf32>) -> tensor<1x4x9xf32>
  return %0 : tensor<1x4x9xf32>
}

// -----

// Dilated extent 2 * (3 - 1) + 1 = 5 does not fit in 2 + 1 + 1 = 4.
func.func @negative_conv_no_output(%x: tensor<1x1x2xf32>, %w: tensor<1x1x3xf32>) -> tensor<1x1x1xf32> {
  // expected-error @+2 {{spatial dimension 0 has no output: padded size 4 (input 2 + pad_low 1 + pad_high 1) is smaller than the window extent 5 (filter 3, dilation 2)}}
  // expected-error @+1 {{'loom.conv' op failed to infer returned types}}
  %0 = loom.conv %x, %w strides [1] dilations [2] pad_low [1] pad_high [1] groups 1 : (tensor<1x1x2xf32>, tensor<1x1x3xf32>) -> tensor<1x1x1xf32>
  return %0 : tensor<1x1x1xf32>
}

// -----

func.func @negative_conv_wrong_result(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<1x4x6x6xf32>' are incompatible with return type(s) of operation 'tensor<1x4x8x8xf32>'}}
  // expected-error @+1 {{'loom.conv' op failed to infer returned types}}
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @negative_conv_mixed_element_types(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3xf16>) -> tensor<1x4x6xf32> {
  // expected-error @+1 {{'loom.conv' op requires the same element type for all operands}}
  %0 = loom.conv %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] groups 1 : (tensor<1x3x8xf32>, tensor<4x3x3xf16>) -> tensor<1x4x6xf32>
  return %0 : tensor<1x4x6xf32>
}

// -----

func.func @negative_conv_overflowing_pad(%x: tensor<1x1x8xf32>, %w: tensor<1x1x3xf32>) -> tensor<1x1x?xf32> {
  // expected-error @+2 {{the window of spatial dimension 0 overflows 64-bit sizes}}
  // expected-error @+1 {{'loom.conv' op failed to infer returned types}}
  %0 = loom.conv %x, %w strides [1] dilations [1] pad_low [9223372036854775807] pad_high [1] groups 1 : (tensor<1x1x8xf32>, tensor<1x1x3xf32>) -> tensor<1x1x?xf32>
  return %0 : tensor<1x1x?xf32>
}
