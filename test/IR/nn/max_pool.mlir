// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// out = floor((D + pad_low + pad_high - dilation * (kernel - 1) - 1) / stride) + 1

// (112 + 1 + 1 - 2 - 1) / 2 + 1 = 56
// CHECK-LABEL: func.func @max_pool_2d
// CHECK: loom.max_pool %{{.*}} kernel [3, 3] strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
func.func @max_pool_2d(%x: tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32> {
  %0 = loom.max_pool %x kernel [3, 3] strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  return %0 : tensor<1x64x56x56xf32>
}

// -----

// Dilated window of extent 3 over 9 with stride 3: (9 - 3) / 3 + 1 = 3.
// CHECK-LABEL: func.func @max_pool_1d_dilated_i8
// CHECK: loom.max_pool %{{.*}} kernel [2] strides [3] dilations [2] pad_low [0] pad_high [0] : (tensor<2x3x9xi8>) -> tensor<2x3x3xi8>
func.func @max_pool_1d_dilated_i8(%x: tensor<2x3x9xi8>) -> tensor<2x3x3xi8> {
  %0 = loom.max_pool %x kernel [2] strides [3] dilations [2] pad_low [0] pad_high [0] : (tensor<2x3x9xi8>) -> tensor<2x3x3xi8>
  return %0 : tensor<2x3x3xi8>
}

// -----

// CHECK-LABEL: func.func @max_pool_dynamic
// CHECK: loom.max_pool %{{.*}} kernel [2, 2] strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<?x?x?x10xf16>) -> tensor<?x?x?x5xf16>
func.func @max_pool_dynamic(%x: tensor<?x?x?x10xf16>) -> tensor<?x?x?x5xf16> {
  %0 = loom.max_pool %x kernel [2, 2] strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<?x?x?x10xf16>) -> tensor<?x?x?x5xf16>
  return %0 : tensor<?x?x?x5xf16>
}

// -----

func.func @negative_max_pool_input_rank(%x: tensor<4x8xf32>) -> tensor<4x4xf32> {
  // expected-error @+2 {{input must have rank 3 or more ([N, C, D1, ...]), got rank 2}}
  // expected-error @+1 {{'loom.max_pool' op failed to infer returned types}}
  %0 = loom.max_pool %x kernel [2] strides [2] dilations [1] pad_low [0] pad_high [0] : (tensor<4x8xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @negative_max_pool_kernel_length(%x: tensor<1x1x8x8xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+2 {{kernel has 3 values but the input has 2 spatial dimensions}}
  // expected-error @+1 {{'loom.max_pool' op failed to infer returned types}}
  %0 = loom.max_pool %x kernel [2, 2, 2] strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<1x1x8x8xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @negative_max_pool_zero_kernel(%x: tensor<1x1x8x8xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+2 {{kernel size 0 for spatial dimension 1 must be at least 1}}
  // expected-error @+1 {{'loom.max_pool' op failed to infer returned types}}
  %0 = loom.max_pool %x kernel [2, 0] strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<1x1x8x8xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @negative_max_pool_dilations_length(%x: tensor<1x1x8x8xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+2 {{dilations has 1 values but the input has 2 spatial dimensions}}
  // expected-error @+1 {{'loom.max_pool' op failed to infer returned types}}
  %0 = loom.max_pool %x kernel [2, 2] strides [2, 2] dilations [1] pad_low [0, 0] pad_high [0, 0] : (tensor<1x1x8x8xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @negative_max_pool_negative_pad(%x: tensor<1x1x8x8xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+2 {{pad_high value -2 for spatial dimension 0 must be at least 0}}
  // expected-error @+1 {{'loom.max_pool' op failed to infer returned types}}
  %0 = loom.max_pool %x kernel [2, 2] strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [-2, 0] : (tensor<1x1x8x8xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Extent 3 * (2 - 1) + 1 = 4 against padded size 3 + 0 + 0.
func.func @negative_max_pool_no_output(%x: tensor<1x1x5x3xf32>) -> tensor<1x1x2x1xf32> {
  // expected-error @+2 {{spatial dimension 1 has no output: padded size 3 (input 3 + pad_low 0 + pad_high 0) is smaller than the window extent 4 (kernel 2, dilation 3)}}
  // expected-error @+1 {{'loom.max_pool' op failed to infer returned types}}
  %0 = loom.max_pool %x kernel [2, 2] strides [2, 2] dilations [1, 3] pad_low [0, 0] pad_high [0, 0] : (tensor<1x1x5x3xf32>) -> tensor<1x1x2x1xf32>
  return %0 : tensor<1x1x2x1xf32>
}

// -----

func.func @negative_max_pool_wrong_result(%x: tensor<1x1x8x8xf32>) -> tensor<1x1x8x8xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<1x1x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x1x8x8xf32>'}}
  // expected-error @+1 {{'loom.max_pool' op failed to infer returned types}}
  %0 = loom.max_pool %x kernel [2, 2] strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<1x1x8x8xf32>) -> tensor<1x1x8x8xf32>
  return %0 : tensor<1x1x8x8xf32>
}

// -----

func.func @negative_max_pool_bool(%x: tensor<1x1x8xi1>) -> tensor<1x1x4xi1> {
  // expected-error @+1 {{'loom.max_pool' op operand #0 must be ranked tensor of}}
  %0 = loom.max_pool %x kernel [2] strides [2] dilations [1] pad_low [0] pad_high [0] : (tensor<1x1x8xi1>) -> tensor<1x1x4xi1>
  return %0 : tensor<1x1x4xi1>
}
