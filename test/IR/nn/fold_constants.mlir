// RUN: loom-opt %s -split-input-file -loom-fold-constants | FileCheck %s

// Zero padding on the left: windows [0, 1], [1, 2], [2, 3] with weights
// [2, 1] give 0*2 + 1*1 = 1, 1*2 + 2*1 = 4, 2*2 + 3*1 = 7.
// CHECK-LABEL: func.func @fold_conv
// CHECK-NOT: loom.conv
// CHECK: loom.constant dense<{{\[\[\[}}1, 4, 7]]]> : tensor<1x1x3xi32>
func.func @fold_conv() -> tensor<1x1x3xi32> {
  %x = loom.constant dense<[[[1, 2, 3]]]> : tensor<1x1x3xi32>
  %w = loom.constant dense<[[[2, 1]]]> : tensor<1x1x2xi32>
  %0 = loom.conv %x, %w strides [1] dilations [1] pad_low [1] pad_high [0] groups 1 : (tensor<1x1x3xi32>, tensor<1x1x2xi32>) -> tensor<1x1x3xi32>
  return %0 : tensor<1x1x3xi32>
}

// -----

// Stride 2 scatters [1, 2, 3] with weights [2, 1] into [2, 1, 4, 2, 6, 3];
// pad_low 1 crops the first element.
// CHECK-LABEL: func.func @fold_conv_transpose
// CHECK-NOT: loom.conv_transpose
// CHECK: loom.constant dense<{{\[\[\[}}1, 4, 2, 6, 3]]]> : tensor<1x1x5xi32>
func.func @fold_conv_transpose() -> tensor<1x1x5xi32> {
  %x = loom.constant dense<[[[1, 2, 3]]]> : tensor<1x1x3xi32>
  %w = loom.constant dense<[[[2, 1]]]> : tensor<1x1x2xi32>
  %0 = loom.conv_transpose %x, %w strides [2] dilations [1] pad_low [1] pad_high [0] output_padding [0] groups 1 : (tensor<1x1x3xi32>, tensor<1x1x2xi32>) -> tensor<1x1x5xi32>
  return %0 : tensor<1x1x5xi32>
}

// -----

// CHECK-LABEL: func.func @fold_max_pool
// CHECK-NOT: loom.max_pool
// CHECK: loom.constant dense<{{\[\[\[}}1.000000e+00, 5.000000e+00]]]> : tensor<1x1x2xf32>
func.func @fold_max_pool() -> tensor<1x1x2xf32> {
  %x = loom.constant dense<[[[1.0, -3.0, 5.0, 2.0]]]> : tensor<1x1x4xf32>
  %0 = loom.max_pool %x kernel [2] strides [2] dilations [1] pad_low [0] pad_high [0] : (tensor<1x1x4xf32>) -> tensor<1x1x2xf32>
  return %0 : tensor<1x1x2xf32>
}

// -----

// The first window holds the padding and 1; without count_include_pad it
// averages over one element: [1, (1+2)/2, (2+3)/2, (3+4)/2].
// CHECK-LABEL: func.func @fold_avg_pool
// CHECK-NOT: loom.avg_pool
// CHECK: loom.constant dense<{{\[\[\[}}1.000000e+00, 1.500000e+00, 2.500000e+00, 3.500000e+00]]]> : tensor<1x1x4xf32>
func.func @fold_avg_pool() -> tensor<1x1x4xf32> {
  %x = loom.constant dense<[[[1.0, 2.0, 3.0, 4.0]]]> : tensor<1x1x4xf32>
  %0 = loom.avg_pool %x kernel [2] strides [1] pad_low [1] pad_high [0] : (tensor<1x1x4xf32>) -> tensor<1x1x4xf32>
  return %0 : tensor<1x1x4xf32>
}

// -----

// CHECK-LABEL: func.func @fold_softmax
// CHECK-NOT: loom.softmax
// CHECK: loom.constant dense<5.000000e-01> : tensor<2x2xf32>
func.func @fold_softmax() -> tensor<2x2xf32> {
  %x = loom.constant dense<[[0.0, 0.0], [7.0, 7.0]]> : tensor<2x2xf32>
  %0 = loom.softmax %x axis 1 : tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// mean 2, variance 1: (x - 2) / 1 * 2 + 1 = [-1, 3].
// CHECK-LABEL: func.func @fold_layer_norm
// CHECK-NOT: loom.layer_norm
// CHECK: loom.constant dense<{{\[\[}}-1.000000e+00, 3.000000e+00]]> : tensor<1x2xf32>
func.func @fold_layer_norm() -> tensor<1x2xf32> {
  %x = loom.constant dense<[[1.0, 3.0]]> : tensor<1x2xf32>
  %s = loom.constant dense<2.0> : tensor<f32>
  %b = loom.constant dense<1.0> : tensor<1xf32>
  %0 = loom.layer_norm %x, %s, %b axis 1 epsilon 0.0 : (tensor<1x2xf32>, tensor<f32>, tensor<1xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}
