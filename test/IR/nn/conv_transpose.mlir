// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// out = (D - 1) * stride - pad_low - pad_high + dilation * (K - 1) + output_padding + 1

// (16 - 1) * 2 - 0 - 0 + 1 * 2 + 1 + 1 = 34; O = 4 * groups 1
// CHECK-LABEL: func.func @conv_transpose_2d_strided
// CHECK: loom.conv_transpose %{{.*}}, %{{.*}} strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] output_padding [1, 1] groups 1 : (tensor<1x8x16x16xf32>, tensor<8x4x3x3xf32>) -> tensor<1x4x34x34xf32>
func.func @conv_transpose_2d_strided(%x: tensor<1x8x16x16xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x4x34x34xf32> {
  %0 = loom.conv_transpose %x, %w strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] output_padding [1, 1] groups 1 : (tensor<1x8x16x16xf32>, tensor<8x4x3x3xf32>) -> tensor<1x4x34x34xf32>
  return %0 : tensor<1x4x34x34xf32>
}

// -----

// Two groups of 2 input channels, 3 outputs each (O = 6), dilation 2 and
// pads: (10 - 1) * 1 - 1 - 2 + 2 * 2 + 0 + 1 = 11.
// CHECK-LABEL: func.func @conv_transpose_1d_grouped_dilated_padded
// CHECK: loom.conv_transpose %{{.*}}, %{{.*}} strides [1] dilations [2] pad_low [1] pad_high [2] output_padding [0] groups 2 : (tensor<2x4x10xi32>, tensor<4x3x3xi32>) -> tensor<2x6x11xi32>
func.func @conv_transpose_1d_grouped_dilated_padded(%x: tensor<2x4x10xi32>, %w: tensor<4x3x3xi32>) -> tensor<2x6x11xi32> {
  %0 = loom.conv_transpose %x, %w strides [1] dilations [2] pad_low [1] pad_high [2] output_padding [0] groups 2 : (tensor<2x4x10xi32>, tensor<4x3x3xi32>) -> tensor<2x6x11xi32>
  return %0 : tensor<2x6x11xi32>
}

// -----

// Dynamic batch and first spatial size stay dynamic; (5 - 1) * 3 + 2 + 1 = 15.
// CHECK-LABEL: func.func @conv_transpose_dynamic
// CHECK: loom.conv_transpose %{{.*}}, %{{.*}} strides [1, 3] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] output_padding [0, 0] groups 1 : (tensor<?x3x?x5xf16>, tensor<3x2x3x3xf16>) -> tensor<?x2x?x15xf16>
func.func @conv_transpose_dynamic(%x: tensor<?x3x?x5xf16>, %w: tensor<3x2x3x3xf16>) -> tensor<?x2x?x15xf16> {
  %0 = loom.conv_transpose %x, %w strides [1, 3] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] output_padding [0, 0] groups 1 : (tensor<?x3x?x5xf16>, tensor<3x2x3x3xf16>) -> tensor<?x2x?x15xf16>
  return %0 : tensor<?x2x?x15xf16>
}

// -----

// 3-d, pads crop the full scatter of 2 * (2 - 1) + 2 = 4 down to 2.
// CHECK-LABEL: func.func @conv_transpose_3d_cropped
// CHECK: loom.conv_transpose %{{.*}}, %{{.*}} strides [2, 2, 2] dilations [1, 1, 1] pad_low [1, 1, 1] pad_high [1, 1, 1] output_padding [0, 0, 0] groups 1 : (tensor<1x1x2x2x2xbf16>, tensor<1x1x2x2x2xbf16>) -> tensor<1x1x2x2x2xbf16>
func.func @conv_transpose_3d_cropped(%x: tensor<1x1x2x2x2xbf16>, %w: tensor<1x1x2x2x2xbf16>) -> tensor<1x1x2x2x2xbf16> {
  %0 = loom.conv_transpose %x, %w strides [2, 2, 2] dilations [1, 1, 1] pad_low [1, 1, 1] pad_high [1, 1, 1] output_padding [0, 0, 0] groups 1 : (tensor<1x1x2x2x2xbf16>, tensor<1x1x2x2x2xbf16>) -> tensor<1x1x2x2x2xbf16>
  return %0 : tensor<1x1x2x2x2xbf16>
}

// -----

func.func @negative_conv_transpose_input_rank(%x: tensor<3x8xf32>, %w: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{input must have rank 3 or more ([N, C, D1, ...]), got rank 2}}
  // expected-error @+1 {{'loom.conv_transpose' op failed to infer returned types}}
  %0 = loom.conv_transpose %x, %w strides [] dilations [] pad_low [] pad_high [] output_padding [] groups 1 : (tensor<3x8xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @negative_conv_transpose_filter_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<3x4x3xf32>) -> tensor<1x4x10x10xf32> {
  // expected-error @+2 {{filter has rank 3 but the input has rank 4 ([C, O/groups, K1, ...] must match [N, C, D1, ...])}}
  // expected-error @+1 {{'loom.conv_transpose' op failed to infer returned types}}
  %0 = loom.conv_transpose %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<3x4x3xf32>) -> tensor<1x4x10x10xf32>
  return %0 : tensor<1x4x10x10xf32>
}

// -----

func.func @negative_conv_transpose_zero_groups(%x: tensor<1x4x8xf32>, %w: tensor<4x1x3xf32>) -> tensor<1x1x10xf32> {
  // expected-error @+2 {{groups 0 must be at least 1}}
  // expected-error @+1 {{'loom.conv_transpose' op failed to infer returned types}}
  %0 = loom.conv_transpose %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] output_padding [0] groups 0 : (tensor<1x4x8xf32>, tensor<4x1x3xf32>) -> tensor<1x1x10xf32>
  return %0 : tensor<1x1x10xf32>
}

// -----

func.func @negative_conv_transpose_channels_not_divisible(%x: tensor<1x6x8xf32>, %w: tensor<6x1x3xf32>) -> tensor<1x4x10xf32> {
  // expected-error @+2 {{input channels 6 are not divisible by groups 4}}
  // expected-error @+1 {{'loom.conv_transpose' op failed to infer returned types}}
  %0 = loom.conv_transpose %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] output_padding [0] groups 4 : (tensor<1x6x8xf32>, tensor<6x1x3xf32>) -> tensor<1x4x10xf32>
  return %0 : tensor<1x4x10xf32>
}

// -----

func.func @negative_conv_transpose_filter_channels(%x: tensor<1x4x8xf32>, %w: tensor<2x2x3xf32>) -> tensor<1x2x10xf32> {
  // expected-error @+2 {{filter dimension 0 is 2 but must equal the input channels 4}}
  // expected-error @+1 {{'loom.conv_transpose' op failed to infer returned types}}
  %0 = loom.conv_transpose %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] output_padding [0] groups 1 : (tensor<1x4x8xf32>, tensor<2x2x3xf32>) -> tensor<1x2x10xf32>
  return %0 : tensor<1x2x10xf32>
}

// -----

func.func @negative_conv_transpose_output_padding_length(%x: tensor<1x3x8x8xf32>, %w: tensor<3x4x3x3xf32>) -> tensor<1x4x10x10xf32> {
  // expected-error @+2 {{output_padding has 1 values but the input has 2 spatial dimensions}}
  // expected-error @+1 {{'loom.conv_transpose' op failed to infer returned types}}
  %0 = loom.conv_transpose %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] output_padding [0] groups 1 : (tensor<1x3x8x8xf32>, tensor<3x4x3x3xf32>) -> tensor<1x4x10x10xf32>
  return %0 : tensor<1x4x10x10xf32>
}

// -----

func.func @negative_conv_transpose_zero_stride(%x: tensor<1x3x8xf32>, %w: tensor<3x4x3xf32>) -> tensor<1x4x10xf32> {
  // expected-error @+2 {{strides value 0 for spatial dimension 0 must be at least 1}}
  // expected-error @+1 {{'loom.conv_transpose' op failed to infer returned types}}
  %0 = loom.conv_transpose %x, %w strides [0] dilations [1] pad_low [0] pad_high [0] output_padding [0] groups 1 : (tensor<1x3x8xf32>, tensor<3x4x3xf32>) -> tensor<1x4x10xf32>
  return %0 : tensor<1x4x10xf32>
}

// -----

func.func @negative_conv_transpose_negative_output_padding(%x: tensor<1x3x8xf32>, %w: tensor<3x4x3xf32>) -> tensor<1x4x9xf32> {
  // expected-error @+2 {{output_padding value -1 for spatial dimension 0 must be at least 0}}
  // expected-error @+1 {{'loom.conv_transpose' op failed to infer returned types}}
  %0 = loom.conv_transpose %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] output_padding [-1] groups 1 : (tensor<1x3x8xf32>, tensor<3x4x3xf32>) -> tensor<1x4x9xf32>
  return %0 : tensor<1x4x9xf32>
}

// -----

func.func @negative_conv_transpose_empty_filter(%x: tensor<1x3x8xf32>, %w: tensor<3x4x0xf32>) -> tensor<1x4x7xf32> {
  // expected-error @+2 {{filter size 0 for spatial dimension 0 must be at least 1}}
  // expected-error @+1 {{'loom.conv_transpose' op failed to infer returned types}}
  %0 = loom.conv_transpose %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] output_padding [0] groups 1 : (tensor<1x3x8xf32>, tensor<3x4x0xf32>) -> tensor<1x4x7xf32>
  return %0 : tensor<1x4x7xf32>
}

// -----

// The full scatter covers (2 - 1) * 1 + 2 + 0 = 3 positions, all cropped.
func.func @negative_conv_transpose_no_output(%x: tensor<1x1x2xf32>, %w: tensor<1x1x2xf32>) -> tensor<1x1x1xf32> {
  // expected-error @+2 {{spatial dimension 0 has no output: the scatter of input size 2 covers 3 positions (with output_padding 0), not more than pad_low 2 + pad_high 1}}
  // expected-error @+1 {{'loom.conv_transpose' op failed to infer returned types}}
  %0 = loom.conv_transpose %x, %w strides [1] dilations [1] pad_low [2] pad_high [1] output_padding [0] groups 1 : (tensor<1x1x2xf32>, tensor<1x1x2xf32>) -> tensor<1x1x1xf32>
  return %0 : tensor<1x1x1xf32>
}

// -----

func.func @negative_conv_transpose_wrong_result(%x: tensor<1x3x8x8xf32>, %w: tensor<3x4x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<1x4x10x10xf32>' are incompatible with return type(s) of operation 'tensor<1x4x8x8xf32>'}}
  // expected-error @+1 {{'loom.conv_transpose' op failed to infer returned types}}
  %0 = loom.conv_transpose %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] output_padding [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<3x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @negative_conv_transpose_mixed_element_types(%x: tensor<1x3x8xf32>, %w: tensor<3x4x3xf16>) -> tensor<1x4x10xf32> {
  // expected-error @+1 {{'loom.conv_transpose' op requires the same element type for all operands}}
  %0 = loom.conv_transpose %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] output_padding [0] groups 1 : (tensor<1x3x8xf32>, tensor<3x4x3xf16>) -> tensor<1x4x10xf32>
  return %0 : tensor<1x4x10xf32>
}

// -----

func.func @negative_conv_transpose_overflowing_stride(%x: tensor<1x1x8xf32>, %w: tensor<1x1x3xf32>) -> tensor<1x1x?xf32> {
  // expected-error @+2 {{the result of spatial dimension 0 overflows 64-bit sizes}}
  // expected-error @+1 {{'loom.conv_transpose' op failed to infer returned types}}
  %0 = loom.conv_transpose %x, %w strides [9223372036854775807] dilations [1] pad_low [0] pad_high [0] output_padding [0] groups 1 : (tensor<1x1x8xf32>, tensor<1x1x3xf32>) -> tensor<1x1x?xf32>
  return %0 : tensor<1x1x?xf32>
}
