// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// out = floor((D + pad_low + pad_high - kernel) / stride) + 1

// CHECK-LABEL: func.func @avg_pool_count_include_pad
// CHECK: loom.avg_pool %{{.*}} kernel [2, 2] strides [2, 2] pad_low [0, 0] pad_high [0, 0] count_include_pad : (tensor<1x64x56x56xf32>) -> tensor<1x64x28x28xf32>
func.func @avg_pool_count_include_pad(%x: tensor<1x64x56x56xf32>) -> tensor<1x64x28x28xf32> {
  %0 = loom.avg_pool %x kernel [2, 2] strides [2, 2] pad_low [0, 0] pad_high [0, 0] count_include_pad : (tensor<1x64x56x56xf32>) -> tensor<1x64x28x28xf32>
  return %0 : tensor<1x64x28x28xf32>
}

// -----

// Without count_include_pad the keyword is absent; (7 + 1 + 1 - 3) / 2 + 1 = 4.
// CHECK-LABEL: func.func @avg_pool_exclude_pad
// CHECK: loom.avg_pool %{{.*}} kernel [3] strides [2] pad_low [1] pad_high [1] : (tensor<2x3x7xf64>) -> tensor<2x3x4xf64>
func.func @avg_pool_exclude_pad(%x: tensor<2x3x7xf64>) -> tensor<2x3x4xf64> {
  %0 = loom.avg_pool %x kernel [3] strides [2] pad_low [1] pad_high [1] : (tensor<2x3x7xf64>) -> tensor<2x3x4xf64>
  return %0 : tensor<2x3x4xf64>
}

// -----

// CHECK-LABEL: func.func @avg_pool_dynamic
// CHECK: loom.avg_pool %{{.*}} kernel [2, 3] strides [1, 3] pad_low [0, 0] pad_high [0, 0] : (tensor<?x8x?x9xbf16>) -> tensor<?x8x?x3xbf16>
func.func @avg_pool_dynamic(%x: tensor<?x8x?x9xbf16>) -> tensor<?x8x?x3xbf16> {
  %0 = loom.avg_pool %x kernel [2, 3] strides [1, 3] pad_low [0, 0] pad_high [0, 0] : (tensor<?x8x?x9xbf16>) -> tensor<?x8x?x3xbf16>
  return %0 : tensor<?x8x?x3xbf16>
}

// -----

func.func @negative_avg_pool_integer(%x: tensor<1x1x8xi32>) -> tensor<1x1x4xi32> {
  // expected-error @+1 {{'loom.avg_pool' op operand #0 must be ranked tensor of}}
  %0 = loom.avg_pool %x kernel [2] strides [2] pad_low [0] pad_high [0] : (tensor<1x1x8xi32>) -> tensor<1x1x4xi32>
  return %0 : tensor<1x1x4xi32>
}

// -----

func.func @negative_avg_pool_pad_length(%x: tensor<1x1x8x8xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+2 {{pad_low has 1 values but the input has 2 spatial dimensions}}
  // expected-error @+1 {{'loom.avg_pool' op failed to infer returned types}}
  %0 = loom.avg_pool %x kernel [2, 2] strides [2, 2] pad_low [0] pad_high [0, 0] : (tensor<1x1x8x8xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @negative_avg_pool_negative_stride(%x: tensor<1x1x8xf32>) -> tensor<1x1x4xf32> {
  // expected-error @+2 {{strides value -2 for spatial dimension 0 must be at least 1}}
  // expected-error @+1 {{'loom.avg_pool' op failed to infer returned types}}
  %0 = loom.avg_pool %x kernel [2] strides [-2] pad_low [0] pad_high [0] : (tensor<1x1x8xf32>) -> tensor<1x1x4xf32>
  return %0 : tensor<1x1x4xf32>
}

// -----

func.func @negative_avg_pool_no_output(%x: tensor<1x1x2xf32>) -> tensor<1x1x1xf32> {
  // expected-error @+2 {{spatial dimension 0 has no output: padded size 3 (input 2 + pad_low 1 + pad_high 0) is smaller than the window extent 4 (kernel 4)}}
  // expected-error @+1 {{'loom.avg_pool' op failed to infer returned types}}
  %0 = loom.avg_pool %x kernel [4] strides [1] pad_low [1] pad_high [0] : (tensor<1x1x2xf32>) -> tensor<1x1x1xf32>
  return %0 : tensor<1x1x1xf32>
}

// -----

func.func @negative_avg_pool_wrong_result(%x: tensor<1x1x8xf32>) -> tensor<1x1x5xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<1x1x4xf32>' are incompatible with return type(s) of operation 'tensor<1x1x5xf32>'}}
  // expected-error @+1 {{'loom.avg_pool' op failed to infer returned types}}
  %0 = loom.avg_pool %x kernel [2] strides [2] pad_low [0] pad_high [0] : (tensor<1x1x8xf32>) -> tensor<1x1x5xf32>
  return %0 : tensor<1x1x5xf32>
}
