// RUN: loom-opt %s -loom-lower-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize="bufferize-function-boundaries" \
// RUN:     --convert-linalg-to-loops --expand-strided-metadata --lower-affine \
// RUN:     --convert-scf-to-cf --convert-math-to-llvm --convert-arith-to-llvm \
// RUN:     --convert-cf-to-llvm --finalize-memref-to-llvm --convert-func-to-llvm \
// RUN:     --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=/usr/lib/llvm-22/lib/libmlir_runner_utils.so,/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so \
// RUN: | FileCheck %s

// Runs the convolutions and matmuls through upstream MLIR's CPU path and
// checks them against numbers from the reference evaluator (the same module
// after loom-fold-constants, which folds every op through it). Inputs are
// multiples of 1/4, so every sum is exact in any order. Cases: conv with
// padding and strides (im2col and contraction), batch 2 with dilation, 1x1
// with batch 1 and 2, 3-D, grouped and depthwise, i32;
// conv_transpose with strides, pads, output_padding, groups and dilation;
// matmul of every lowering form, i32, and f16/bf16 rounded once.

// The printers only read their argument, so constants need no copy.
func.func private @printMemrefF32(tensor<*xf32> {bufferization.access = "read"})
func.func private @printMemrefI32(tensor<*xi32> {bufferization.access = "read"})
func.func private @printMemrefI64(tensor<*xi64> {bufferization.access = "read"})

func.func @main() {
  %c1 = loom.constant dense<[[[[0.5, -1.0, 1.0, -1.75, -1.5], [-1.25, 0.75, -1.75, 2.0, -0.5], [-1.75, -1.5, 1.25, 1.25, -1.5], [-0.25, -1.5, 1.25, -1.75, -1.25], [-0.25, -1.75, 1.0, -1.75, -0.25]], [[-1.75, -1.0, 0.25, 1.25, -1.0], [-1.25, 0.25, -0.75, -1.25, -0.5], [0.75, -1.25, -1.5, -1.75, -0.5], [1.75, 1.25, 0.5, 1.5, 1.5], [0.75, 0.25, -0.25, -0.75, -0.25]]]]> : tensor<1x2x5x5xf32>
  %c2 = loom.constant dense<[[[[-1.5, 0.25, 2.0], [1.75, 0.5, 1.5], [0.25, -1.5, -1.25]], [[2.0, 1.25, -0.75], [0.5, -1.0, 1.75], [1.25, -1.75, -1.5]]], [[[0.5, 0.5, 0.75], [1.75, 1.5, -1.5], [-1.5, 0.0, 1.75]], [[-1.5, -1.75, 0.25], [1.5, 0.25, 1.0], [0.75, -2.0, 1.5]]], [[[0.75, -0.75, -1.25], [1.75, -1.75, -0.5], [0.25, -1.0, -0.25]], [[1.0, 1.0, 1.75], [-1.5, -0.75, 1.5], [1.0, 0.0, -1.0]]]]> : tensor<3x2x3x3xf32>
  %r3 = loom.conv %c1, %c2 strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x2x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xf32>
  %p4 = tensor.cast %r3 : tensor<1x3x3x3xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 3, 3, 3]
  // CHECK-NEXT: {{\[\[}}{{\[\[}}1.5,     1.375,     -1.625],
  // CHECK-NEXT: [-9.3125,     -1,     -4.5],
  // CHECK-NEXT: [-4.875,     -5.0625,     3.875]],
  // CHECK-NEXT: {{\[\[}}5,     4.375,     -6.625],
  // CHECK-NEXT: [-3.5,     -3.625,     1.4375],
  // CHECK-NEXT: [-1.3125,     -3.1875,     -11]],
  // CHECK-NEXT: {{\[\[}}0.25,     3.5,     -1.8125],
  // CHECK-NEXT: [-0.0625,     -9.8125,     10.25],
  // CHECK-NEXT: [7.125,     -0.75,     1.3125]]]]
  call @printMemrefF32(%p4) : (tensor<*xf32>) -> ()
  %c5 = loom.constant dense<[[[[1.25, 0.0, 1.25, 0.75], [1.0, -0.25, -1.0, -1.5], [-0.75, -1.0, -0.25, -0.25], [-2.0, 1.75, -0.75, 0.0], [0.25, -2.0, -1.0, 1.25]], [[0.75, 0.5, -1.0, 2.0], [-1.75, 1.5, 1.0, 1.0], [1.0, 1.0, -1.25, 1.75], [1.0, -1.75, -0.5, -1.5], [-0.5, 1.5, -0.75, -1.25]]], [[[0.5, -1.75, -1.25, -2.0], [-1.0, -1.25, 0.75, -2.0], [-1.5, -0.5, 1.0, -1.0], [0.0, 0.75, 0.75, 1.75], [-1.25, -1.25, 1.75, 1.5]], [[1.75, 1.75, 0.25, -1.5], [-1.0, -1.25, 0.5, 0.0], [1.75, -0.75, 2.0, -2.0], [-0.5, 2.0, 0.75, -1.0], [-2.0, 2.0, 0.25, -1.5]]]]> : tensor<2x2x5x4xf32>
  %c6 = loom.constant dense<[[[[0.0, 2.0, 0.75], [-0.75, 0.75, -0.25]], [[2.0, 0.5, -0.25], [-0.5, -0.25, 1.0]]], [[[-0.25, -0.5, 2.0], [1.75, 0.75, -2.0]], [[-2.0, 0.0, 1.75], [0.0, -0.5, 0.75]]], [[[1.5, 0.75, 0.75], [-1.5, -0.25, -1.25]], [[-0.25, 1.75, -0.5], [0.5, -0.5, 1.75]]]]> : tensor<3x2x2x3xf32>
  %r7 = loom.conv %c5, %c6 strides [2, 1] dilations [2, 1] pad_low [0, 0] pad_high [0, 1] groups 1 : (tensor<2x2x5x4xf32>, tensor<3x2x2x3xf32>) -> tensor<2x3x2x3xf32>
  %p8 = tensor.cast %r7 : tensor<2x3x2x3xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 3, 2, 3]
  // CHECK-NEXT: {{\[\[}}{{\[\[}}0.8125,     5.25,     0.6875],
  // CHECK-NEXT: [-1.6875,     -1.125,     0.25]],
  // CHECK-NEXT: {{\[\[}}-4.0625,     3.875,     -0.1875],
  // CHECK-NEXT: [-4.375,     -6.375,     2.5]],
  // CHECK-NEXT: {{\[\[}}3.5,     4.6875,     5.125],
  // CHECK-NEXT: [-0.875,     -4.5625,     4.25]]],
  // CHECK-NEXT: {{\[\[}}[1.6875,     -0.75,     -6.25],
  // CHECK-NEXT: [2.6875,     0.5625,     1.0625]],
  // CHECK-NEXT: {{\[\[}}-7.9375,     -9.6875,     2.8125],
  // CHECK-NEXT: [-4.8125,     -9.5,     1.1875]],
  // CHECK-NEXT: {{\[\[}}6.875,     -7.4375,     -5.3125],
  // CHECK-NEXT: [-6.1875,     1.75,     -5.375]]]]
  call @printMemrefF32(%p8) : (tensor<*xf32>) -> ()
  %c9 = loom.constant dense<[[[-2.0, 1.75, 0.75, -1.5], [-1.25, 1.0, -0.5, 1.75], [-0.75, 1.25, 0.5, -1.5]]]> : tensor<1x3x4xf32>
  %c10 = loom.constant dense<[[[1.0], [1.5], [1.0]], [[-1.5], [-0.75], [-0.75]]]> : tensor<2x3x1xf32>
  %r11 = loom.conv %c9, %c10 strides [1] dilations [1] pad_low [0] pad_high [0] groups 1 : (tensor<1x3x4xf32>, tensor<2x3x1xf32>) -> tensor<1x2x4xf32>
  %p12 = tensor.cast %r11 : tensor<1x2x4xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 2, 4]
  // CHECK-NEXT: {{\[\[}}[-4.625,    4.5,    0.5,    -0.375],
  // CHECK-NEXT: [4.5,    -4.3125,    -1.125,    2.0625]]]
  call @printMemrefF32(%p12) : (tensor<*xf32>) -> ()
  %c13 = loom.constant dense<[[[-1.0, -2.0, -1.0, 1.5], [-1.0, 1.75, 0.75, -1.0], [-1.0, -2.0, -2.0, -1.25]], [[2.0, -1.0, 1.25, -0.5], [-0.5, -2.0, 0.0, -0.5], [0.25, 2.0, -0.25, 0.5]]]> : tensor<2x3x4xf32>
  %c14 = loom.constant dense<[[[0.0], [1.25], [-1.0]], [[-1.75], [0.75], [1.5]]]> : tensor<2x3x1xf32>
  %r15 = loom.conv %c13, %c14 strides [1] dilations [1] pad_low [0] pad_high [0] groups 1 : (tensor<2x3x4xf32>, tensor<2x3x1xf32>) -> tensor<2x2x4xf32>
  %p16 = tensor.cast %r15 : tensor<2x2x4xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 2, 4]
  // CHECK-NEXT: {{\[\[}}[-0.25,    4.1875,    2.9375,    0],
  // CHECK-NEXT: [-0.5,    1.8125,    -0.6875,    -5.25]],
  // CHECK-NEXT: {{\[\[}}-0.875,    -4.5,    0.25,    -1.125],
  // CHECK-NEXT: [-3.5,    3.25,    -2.5625,    1.25]]]
  call @printMemrefF32(%p16) : (tensor<*xf32>) -> ()
  %c17 = loom.constant dense<[[[[[2.0, 1.25, 2.0], [-1.0, -1.0, 2.0], [2.0, -2.0, 1.5]], [[-0.75, -2.0, -1.0], [-0.75, -1.0, 1.75], [-1.25, -1.75, 0.5]], [[2.0, 2.0, 1.75], [-1.25, -1.75, -0.25], [-0.5, 0.0, -1.75]]], [[[-1.25, 2.0, 1.5], [-2.0, -1.5, 1.5], [0.5, 2.0, 2.0]], [[-0.5, 0.0, 1.5], [2.0, 1.75, 2.0], [-0.25, 2.0, 0.0]], [[-0.5, 1.5, -1.0], [1.25, -1.25, 1.0], [1.5, 0.5, -1.5]]]]]> : tensor<1x2x3x3x3xf32>
  %c18 = loom.constant dense<[[[[[-0.25, 1.25], [-1.5, -0.5]], [[0.25, -1.25], [-1.0, 0.75]]], [[[-1.0, 0.0], [-1.0, 1.5]], [[-0.25, -1.25], [1.0, 1.75]]]], [[[[-0.75, -0.25], [-0.75, 1.25]], [[2.0, 1.0], [0.5, 1.25]]], [[[-0.5, 0.75], [0.5, -1.5]], [[0.75, -2.0], [0.5, 1.5]]]]]> : tensor<2x2x2x2x2xf32>
  %r19 = loom.conv %c17, %c18 strides [1, 1, 1] dilations [1, 1, 1] pad_low [0, 0, 0] pad_high [0, 0, 0] groups 1 : (tensor<1x2x3x3x3xf32>, tensor<2x2x2x2x2xf32>) -> tensor<1x2x2x2x2xf32>
  %p20 = tensor.cast %r19 : tensor<1x2x2x2x2xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 2, 2, 2, 2]
  // CHECK-NEXT: {{\[\[}}{{\[\[}}[11.5625,      10.875],
  // CHECK-NEXT: [3.0625,      6.25]],
  // CHECK-NEXT: {{\[\[}}-4.3125,      2.375],
  // CHECK-NEXT: [8.9375,      -3.4375]]],
  // CHECK-NEXT: {{\[\[}}[-0.8125,      -3.5],
  // CHECK-NEXT: [-10.3125,      1.3125]],
  // CHECK-NEXT: {{\[\[}}-2.4375,      12.25],
  // CHECK-NEXT: [-2.8125,      -7]]]]]
  call @printMemrefF32(%p20) : (tensor<*xf32>) -> ()
  %c21 = loom.constant dense<[[[1.5, -2.0, 1.0, 0.5, 2.0], [0.25, 2.0, -1.5, -1.25, -0.25], [-1.25, -1.5, 0.0, 0.0, -1.75], [-0.75, 0.0, -1.0, 1.25, 0.0]], [[1.0, -1.0, 2.0, 1.75, 0.5], [-1.5, 0.0, -1.75, -0.75, 1.25], [-1.5, 0.0, -2.0, -1.5, 0.0], [-1.5, -0.25, -1.5, 0.0, -1.25]]]> : tensor<2x4x5xf32>
  %c22 = loom.constant dense<[[[1.5, -2.0], [0.5, 1.25]], [[0.0, -1.0], [-1.75, 2.0]], [[-0.25, -1.25], [-0.75, 0.0]], [[-1.75, -0.75], [-0.5, 0.25]], [[0.25, 2.0], [-0.5, 0.25]], [[1.5, 2.0], [-0.75, 0.0]]]> : tensor<6x2x2xf32>
  %r23 = loom.conv %c21, %c22 strides [2] dilations [1] pad_low [1] pad_high [0] groups 2 : (tensor<2x4x5xf32>, tensor<6x2x2xf32>) -> tensor<2x6x3xf32>
  %p24 = tensor.cast %r23 : tensor<2x6x3xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 6, 3]
  // CHECK-NEXT: {{\[\[}}[-2.6875,    -5.875,    -4.1875],
  // CHECK-NEXT: [-1,    -7.5,    -0.3125],
  // CHECK-NEXT: [-1.875,    -2.25,    -1.6875],
  // CHECK-NEXT: [0.75,    2.375,    0.6875],
  // CHECK-NEXT: [-2.6875,    -0.625,    -4.125],
  // CHECK-NEXT: [-2.5,    -2.25,    -4.4375]],
  // CHECK-NEXT: {{\[\[}}-3.875,    -7.6875,    2.8125],
  // CHECK-NEXT: [-4,    -5.5,    3.3125],
  // CHECK-NEXT: [-1.25,    -2.25,    -0.5],
  // CHECK-NEXT: [0.75,    1.25,    2.3125],
  // CHECK-NEXT: [-3.375,    -4.25,    -0.6875],
  // CHECK-NEXT: [-3,    -3.8125,    -2.25]]]
  call @printMemrefF32(%p24) : (tensor<*xf32>) -> ()
  %c25 = loom.constant dense<[[[[0.75, -2.0, 0.0, -1.75], [-2.0, -2.0, 2.0, -0.5], [2.0, 1.75, -0.25, 1.5], [-1.25, 1.25, 1.75, 1.0]], [[2.0, 0.25, -0.5, -0.25], [0.5, -0.5, -1.0, 1.0], [0.75, -1.75, -1.0, -2.0], [-1.5, 0.0, 1.25, -0.75]], [[-1.75, -1.5, 1.0, 2.0], [0.25, -0.25, 0.25, -1.75], [1.5, -0.75, -0.75, 0.0], [1.5, -2.0, 0.0, 0.75]]]]> : tensor<1x3x4x4xf32>
  %c26 = loom.constant dense<[[[[0.5, 0.5, -0.25], [-1.75, 0.25, -0.5], [0.75, -0.75, -2.0]]], [[[0.5, 1.0, -1.5], [1.75, 0.0, 2.0], [-0.5, -0.25, 2.0]]], [[[-2.0, -1.5, 0.0], [-1.5, -1.0, 1.0], [-1.75, 1.0, -2.0]]]]> : tensor<3x1x3x3xf32>
  %r27 = loom.conv %c25, %c26 strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 3 : (tensor<1x3x4x4xf32>, tensor<3x1x3x3xf32>) -> tensor<1x3x4x4xf32>
  %p28 = tensor.cast %r27 : tensor<1x3x4x4xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 3, 4, 4]
  // CHECK-NEXT: {{\[\[}}{{\[\[}}6.6875,     -5.8125,     2.375,     1.4375],
  // CHECK-NEXT: [-3.625,     2.0625,     2.1875,     -5.8125],
  // CHECK-NEXT: [-2.4375,     -10.8125,     -6.125,     2.125],
  // CHECK-NEXT: [-0.375,     3.5625,     -1.875,     -2.1875]],
  // CHECK-NEXT: {{\[\[}}-0.625,     0.375,     2.4375,     -0.625],
  // CHECK-NEXT: [-3.0625,     -1.0625,     -1.75,     -1.25],
  // CHECK-NEXT: [-1.875,     3.8125,     -11.625,     -1.6875],
  // CHECK-NEXT: [3.375,     0,     -0.375,     -0.3125]],
  // CHECK-NEXT: {{\[\[}}1,     3.9375,     7.4375,     -5.6875],
  // CHECK-NEXT: [5.125,     4,     0.4375,     -2.3125],
  // CHECK-NEXT: [2.875,     -7,     4,     4],
  // CHECK-NEXT: [-5.75,     -2.125,     6.375,     0.75]]]]
  call @printMemrefF32(%p28) : (tensor<*xf32>) -> ()
  %c29 = loom.constant dense<[[[[-1, -1, 5, -2], [-4, 4, 3, -3], [5, 4, 1, 0], [2, -3, -1, 4]], [[5, -3, -5, 3], [5, 1, 3, -3], [3, 3, 4, -5], [5, 4, 5, 5]]]]> : tensor<1x2x4x4xi32>
  %c30 = loom.constant dense<[[[[-2, -4, -5], [-5, -3, 5], [0, -4, 1]], [[2, 3, -5], [5, -5, 5], [3, 5, -2]]], [[[2, -1, -5], [2, -4, 3], [3, -4, 5]], [[3, -4, 2], [-1, -4, -1], [-2, -2, -2]]], [[[5, 2, 2], [1, -4, 2], [5, -1, -5]], [[4, 5, 5], [-2, -4, 4], [-3, 0, -1]]]]> : tensor<3x2x3x3xi32>
  %r31 = loom.conv %c29, %c30 strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x2x4x4xi32>, tensor<3x2x3x3xi32>) -> tensor<1x3x2x2xi32>
  %p32 = tensor.cast %r31 : tensor<1x3x2x2xi32> to tensor<*xi32>
  // CHECK: sizes = [1, 3, 2, 2]
  // CHECK-NEXT: {{\[\[}}{{\[\[}}66,     -78],
  // CHECK-NEXT: [-1,     3]],
  // CHECK-NEXT: {{\[\[}}-52,     1],
  // CHECK-NEXT: [-47,     -18]],
  // CHECK-NEXT: {{\[\[}}-30,     -46],
  // CHECK-NEXT: [21,     -69]]]]
  call @printMemrefI32(%p32) : (tensor<*xi32>) -> ()
  %c33 = loom.constant dense<[[[[0.25, -1.0, -2.0], [1.75, -1.75, 1.75], [0.0, -1.25, -0.5]], [[1.75, 0.25, 2.0], [0.25, 1.5, 1.5], [1.5, -1.25, -0.5]]]]> : tensor<1x2x3x3xf32>
  %c34 = loom.constant dense<[[[[0.25, -1.5, 1.75], [-2.0, 0.25, 1.5], [-1.5, 2.0, 1.5]], [[0.0, 1.0, -0.5], [-0.5, -1.5, -1.5], [-1.0, 2.0, 0.0]], [[0.75, -1.0, 2.0], [0.0, -1.25, 0.75], [-0.25, 1.75, 1.75]]], [[[1.0, -2.0, -0.75], [-2.0, 1.75, 1.5], [1.0, 0.25, -1.0]], [[1.25, 0.75, 1.0], [0.5, -1.25, 0.5], [-2.0, 0.5, 0.5]], [[1.0, -1.25, -0.5], [-2.0, 0.25, 0.0], [0.75, -1.5, 1.0]]]]> : tensor<2x3x3x3xf32>
  %r35 = loom.conv_transpose %c33, %c34 strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] output_padding [0, 0] groups 1 : (tensor<1x2x3x3xf32>, tensor<2x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  %p36 = tensor.cast %r35 : tensor<1x3x7x7xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 3, 7, 7]
  // CHECK-NEXT: {{\[\[}}{{\[\[}}1.8125,     -3.875,     -0.875,     1,     -0.4375,     -1,     -5],
  // CHECK-NEXT: [-4,     3.125,     4.5,     0.1875,     -1.125,     3,     0],
  // CHECK-NEXT: [2.0625,     -2.1875,     4.3125,     -2.3125,     1,     -9.125,     -3.0625],
  // CHECK-NEXT: [-4,     0.875,     3.5,     2.1875,     -6.875,     3.0625,     4.875],
  // CHECK-NEXT: [-0.875,     0.5625,     3.8125,     1.25,     -7.125,     5.625,     0.625],
  // CHECK-NEXT: [-3,     2.625,     7.25,     -2.5,     -1.75,     -1,     -1.5],
  // CHECK-NEXT: [1.5,     0.375,     -0.875,     -2.8125,     -0.375,     -1.125,     -0.25]],
  // CHECK-NEXT: {{\[\[}}2.1875,     1.5625,     1.9375,     -0.8125,     3.25,     -0.5,     3],
  // CHECK-NEXT: [0.75,     -2.5625,     1.125,     1.1875,     3.625,     0.5,     4],
  // CHECK-NEXT: [-3.4375,     3.3125,     2.625,     -2.5,     2.375,     -0.125,     1.625],
  // CHECK-NEXT: [-0.75,     -2.9375,     -0.875,     0.75,     3.25,     -4.5,     -1.875],
  // CHECK-NEXT: [-0.375,     4.75,     -1.1875,     -4.9375,     -5.25,     3.375,     0.5],
  // CHECK-NEXT: [0.75,     -1.875,     0.75,     3.4375,     1.25,     1.375,     0.5],
  // CHECK-NEXT: [-3,     0.75,     4.5,     -3.125,     0.875,     -1.25,     -0.25]],
  // CHECK-NEXT: {{\[\[}}1.9375,     -2.4375,     -0.875,     0.6875,     -1.625,     -0.5,     -5],
  // CHECK-NEXT: [-3.5,     0.125,     -0.3125,     1.3125,     -4.75,     3,     -1.5],
  // CHECK-NEXT: [2.8125,     -4.25,     6.1875,     -2.25,     -0.9375,     -10.125,     1.25],
  // CHECK-NEXT: [-0.5,     -2.125,     -1.6875,     2.5625,     -4.3125,     -1.8125,     1.3125],
  // CHECK-NEXT: [1.25,     0.8125,     1.9375,     -2.5,     -3.625,     1.9375,     3.8125],
  // CHECK-NEXT: [-3,     0.375,     2.5,     1.25,     0.0625,     0.5,     -0.375],
  // CHECK-NEXT: [1.125,     -2.25,     0.875,     -0.3125,     -3.6875,     -0.125,     -1.375]]]]
  call @printMemrefF32(%p36) : (tensor<*xf32>) -> ()
  %c37 = loom.constant dense<[[[[1.0, -1.5, 0.75], [1.25, 0.0, -1.75], [0.0, -1.25, -1.75]], [[0.25, -1.0, -0.25], [0.0, 1.25, 2.0], [0.5, -0.5, 0.75]]]]> : tensor<1x2x3x3xf32>
  %c38 = loom.constant dense<[[[[1.25, -2.0, 1.0], [-0.5, -1.5, -1.75], [1.25, 1.5, -1.0]], [[0.25, 1.75, -1.75], [-1.0, -0.75, 1.75], [1.25, 0.5, 0.25]], [[0.25, 0.0, 0.0], [1.0, -0.25, 0.25], [1.75, 1.0, -1.25]]], [[[-0.75, -0.75, -1.5], [-0.5, 2.0, 1.75], [-0.25, 1.5, 0.5]], [[1.5, 1.25, -1.0], [-0.5, -0.25, -1.5], [-0.75, 0.5, -1.5]], [[0.5, -0.25, 0.75], [0.0, -0.5, -2.0], [1.25, 1.0, 1.25]]]]> : tensor<2x3x3x3xf32>
  %r39 = loom.conv_transpose %c37, %c38 strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] output_padding [1, 1] groups 1 : (tensor<1x2x3x3xf32>, tensor<2x3x3x3xf32>) -> tensor<1x3x6x6xf32>
  %p40 = tensor.cast %r39 : tensor<1x3x6x6xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 3, 6, 6]
  // CHECK-NEXT: {{\[\[}}{{\[\[}}-1,     -0.0625,     0.25,     0.625,     -1.625,     -1.75],
  // CHECK-NEXT: [-0.625,     -2.1875,     -4.6875,     -3.5625,     2.75,     -5.625],
  // CHECK-NEXT: [-1.875,     -2.8125,     2.5,     2.0625,     6.625,     6.5625],
  // CHECK-NEXT: [1.5,     -3.5,     4.75,     -5.3125,     3.3125,     -0.125],
  // CHECK-NEXT: [1,     1.75,     0.875,     1.8125,     4.125,     4.375],
  // CHECK-NEXT: [0.75,     -1.1875,     -2.625,     -1.375,     -1.5,     2.125]],
  // CHECK-NEXT: {{\[\[}}-0.8125,     3.375,     1.375,     -1.75,     -0.5,     1.6875],
  // CHECK-NEXT: [2.8125,     -1.5625,     0.3125,     3.5625,     -0.3125,     1.625],
  // CHECK-NEXT: [-0.9375,     1.5625,     -0.3125,     -1.125,     0.8125,     -6.0625],
  // CHECK-NEXT: [1.25,     -2.1875,     -2.1875,     -2.1875,     -2,     -1.125],
  // CHECK-NEXT: [-0.125,     0.75,     1.0625,     -0.0625,     1.125,     -4.1875],
  // CHECK-NEXT: [0.25,     -1.9375,     -0.875,     -2.3125,     -0.5,     -1.5625]],
  // CHECK-NEXT: {{\[\[}}-0.375,     -1.75,     0.875,     2.375,     -0.0625,     0.6875],
  // CHECK-NEXT: [1.25,     -4.1875,     -2.8125,     3.125,     0,     0.25],
  // CHECK-NEXT: [-0.3125,     0.3125,     -0.625,     -4.25,     -0.5625,     -4.4375],
  // CHECK-NEXT: [1.125,     -0.1875,     1.375,     0.5625,     0.0625,     5.25],
  // CHECK-NEXT: [-0.25,     -2.25,     0.5625,     -1.0625,     0.0625,     -1.9375],
  // CHECK-NEXT: [0.5,     -2.1875,     -1.75,     -1.1875,     -1,     3.125]]]]
  call @printMemrefF32(%p40) : (tensor<*xf32>) -> ()
  %c41 = loom.constant dense<[[[2.0, -0.5, 1.0], [0.0, 0.5, -1.75], [1.75, 0.0, 0.75], [-1.0, 2.0, 2.0]], [[-0.5, -1.5, 0.0], [-0.25, 1.0, 1.0], [1.5, 1.25, 0.25], [-2.0, -1.0, -1.75]]]> : tensor<2x4x3xf32>
  %c42 = loom.constant dense<[[[1.25, 1.75]], [[1.75, -2.0]], [[-1.5, 1.0]], [[2.0, 1.5]]]> : tensor<4x1x2xf32>
  %r43 = loom.conv_transpose %c41, %c42 strides [2] dilations [1] pad_low [0] pad_high [1] output_padding [1] groups 2 : (tensor<2x4x3xf32>, tensor<4x1x2xf32>) -> tensor<2x2x6xf32>
  %p44 = tensor.cast %r43 : tensor<2x2x6xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 2, 6]
  // CHECK-NEXT: {{\[\[}}[2.5,    3.5,    0.25,    -1.875,    -1.8125,    5.25],
  // CHECK-NEXT: [-4.625,    0.25,    4,    3,    2.875,    3.75]],
  // CHECK-NEXT: {{\[\[}}-1.0625,    -0.375,    -0.125,    -4.625,    1.75,    -2],
  // CHECK-NEXT: [-6.25,    -1.5,    -3.875,    -0.25,    -3.875,    -2.375]]]
  call @printMemrefF32(%p44) : (tensor<*xf32>) -> ()
  %c45 = loom.constant dense<[[[1.5, -0.25, -1.25], [-0.25, -1.0, -1.0]]]> : tensor<1x2x3xf32>
  %c46 = loom.constant dense<[[[2.0, -1.25], [1.5, -1.5]], [[-1.75, -2.0], [-1.0, -0.25]]]> : tensor<2x2x2xf32>
  %r47 = loom.conv_transpose %c45, %c46 strides [1] dilations [2] pad_low [0] pad_high [0] output_padding [0] groups 1 : (tensor<1x2x3xf32>, tensor<2x2x2xf32>) -> tensor<1x2x5xf32>
  %p48 = tensor.cast %r47 : tensor<1x2x5xf32> to tensor<*xf32>
  // CHECK: sizes = [1, 2, 5]
  // CHECK-NEXT: {{\[\[}}[3.4375,    1.25,    -2.125,    2.3125,    3.5625],
  // CHECK-NEXT: [2.5,    0.625,    -3.0625,    0.625,    2.125]]]
  call @printMemrefF32(%p48) : (tensor<*xf32>) -> ()
  %c49 = loom.constant dense<[[-1.75, 0.25, -1.0], [0.0, 2.0, 1.25]]> : tensor<2x3xf32>
  %c50 = loom.constant dense<[[-1.25, -1.25, -1.5, 0.25], [2.0, -0.5, 1.0, 0.0], [-0.25, -2.0, -2.0, 0.25]]> : tensor<3x4xf32>
  %r51 = loom.matmul %c49, %c50 : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %p52 = tensor.cast %r51 : tensor<2x4xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 4]
  // CHECK-NEXT: {{\[\[}}2.9375,   4.0625,   4.875,   -0.6875],
  // CHECK-NEXT: [3.6875,   -3.5,   -0.5,   0.3125]]
  call @printMemrefF32(%p52) : (tensor<*xf32>) -> ()
  %c53 = loom.constant dense<[[[1.5, 0.0, 0.5], [-0.25, 1.75, 2.0]], [[-0.25, -0.25, -2.0], [1.25, 0.25, -1.75]]]> : tensor<2x2x3xf32>
  %c54 = loom.constant dense<[[-2.0, -0.5, 1.75, 1.25], [-1.5, 0.0, -0.25, 1.25], [0.75, -0.25, 1.75, -1.75]]> : tensor<3x4xf32>
  %r55 = loom.matmul %c53, %c54 : (tensor<2x2x3xf32>, tensor<3x4xf32>) -> tensor<2x2x4xf32>
  %p56 = tensor.cast %r55 : tensor<2x2x4xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 2, 4]
  // CHECK-NEXT: {{\[\[}}[-2.625,    -0.875,    3.5,    1],
  // CHECK-NEXT: [-0.625,    -0.375,    2.625,    -1.625]],
  // CHECK-NEXT: {{\[\[}}-0.625,    0.625,    -3.875,    2.875],
  // CHECK-NEXT: [-4.1875,    -0.1875,    -0.9375,    4.9375]]]
  call @printMemrefF32(%p56) : (tensor<*xf32>) -> ()
  %c57 = loom.constant dense<[[[0.5, 1.25, 0.75], [1.0, -0.5, -2.0]], [[0.25, 2.0, -1.5], [-0.5, 1.75, -0.5]]]> : tensor<2x2x3xf32>
  %c58 = loom.constant dense<[[[0.25, -0.5, -0.25, 1.5], [-0.25, 0.0, 0.25, -1.25], [1.75, -0.75, -0.25, 1.75]]]> : tensor<1x3x4xf32>
  %r59 = loom.matmul %c57, %c58 : (tensor<2x2x3xf32>, tensor<1x3x4xf32>) -> tensor<2x2x4xf32>
  %p60 = tensor.cast %r59 : tensor<2x2x4xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 2, 4]
  // CHECK-NEXT: {{\[\[}}[1.125,    -0.8125,    0,    0.5],
  // CHECK-NEXT: [-3.125,    1,    0.125,    -1.375]],
  // CHECK-NEXT: {{\[\[}}-3.0625,    1,    0.8125,    -4.75],
  // CHECK-NEXT: [-1.4375,    0.625,    0.6875,    -3.8125]]]
  call @printMemrefF32(%p60) : (tensor<*xf32>) -> ()
  %c61 = loom.constant dense<[[[[1.25, -1.75, -1.0], [1.0, -1.75, -0.5]], [[-2.0, -1.0, 1.25], [-1.75, -1.75, -0.75]]], [[[1.0, 1.5, 0.5], [-1.25, -1.5, -0.75]], [[0.5, -0.5, -0.75], [2.0, 1.5, -1.75]]]]> : tensor<2x2x2x3xf32>
  %c62 = loom.constant dense<[[[[0.25, 1.0], [0.75, 0.5], [1.5, -0.75]], [[-1.25, -2.0], [-1.5, 0.0], [-1.5, 0.75]]], [[[1.25, -1.25], [-0.5, 1.0], [0.75, 0.25]], [[1.25, -1.5], [-1.75, 1.75], [-0.5, 0.75]]]]> : tensor<2x2x3x2xf32>
  %r63 = loom.matmul %c61, %c62 : (tensor<2x2x2x3xf32>, tensor<2x2x3x2xf32>) -> tensor<2x2x2x2xf32>
  %p64 = tensor.cast %r63 : tensor<2x2x2x2xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 2, 2, 2]
  // CHECK-NEXT: {{\[\[}}{{\[\[}}-2.5,     1.125],
  // CHECK-NEXT: [-1.8125,     0.5]],
  // CHECK-NEXT: {{\[\[}}2.125,     4.9375],
  // CHECK-NEXT: [5.9375,     2.9375]]],
  // CHECK-NEXT: {{\[\[}}[0.875,     0.375],
  // CHECK-NEXT: [-1.375,     -0.125]],
  // CHECK-NEXT: {{\[\[}}1.875,     -2.1875],
  // CHECK-NEXT: [0.75,     -1.6875]]]]
  call @printMemrefF32(%p64) : (tensor<*xf32>) -> ()
  %c65 = loom.constant dense<[[[[1.5, -0.5, 0.5], [0.75, 1.75, -2.0]]], [[[1.25, -0.25, 1.0], [-1.75, 1.0, -1.75]]]]> : tensor<2x1x2x3xf32>
  %c66 = loom.constant dense<[[[1.5, -1.5], [-1.75, 0.0], [-0.5, -1.5]], [[0.5, 0.75], [0.0, 0.5], [-1.75, 0.0]], [[0.5, 0.0], [0.25, -2.0], [-1.5, -2.0]]]> : tensor<3x3x2xf32>
  %r67 = loom.matmul %c65, %c66 : (tensor<2x1x2x3xf32>, tensor<3x3x2xf32>) -> tensor<2x3x2x2xf32>
  %p68 = tensor.cast %r67 : tensor<2x3x2x2xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 3, 2, 2]
  // CHECK-NEXT: {{\[\[}}{{\[\[}}2.875,     -3],
  // CHECK-NEXT: [-0.9375,     1.875]],
  // CHECK-NEXT: {{\[\[}}-0.125,     0.875],
  // CHECK-NEXT: [3.875,     1.4375]],
  // CHECK-NEXT: {{\[\[}}-0.125,     0],
  // CHECK-NEXT: [3.8125,     0.5]]],
  // CHECK-NEXT: {{\[\[}}[1.8125,     -3.375],
  // CHECK-NEXT: [-3.5,     5.25]],
  // CHECK-NEXT: {{\[\[}}-1.125,     0.8125],
  // CHECK-NEXT: [2.1875,     -0.8125]],
  // CHECK-NEXT: {{\[\[}}-0.9375,     -1.5],
  // CHECK-NEXT: [2,     1.5]]]]
  call @printMemrefF32(%p68) : (tensor<*xf32>) -> ()
  %c69 = loom.constant dense<[[-0.25, -1.25, 1.75], [1.5, 1.0, 0.0]]> : tensor<2x3xf32>
  %c70 = loom.constant dense<[[[1.25, 1.75], [-1.0, 1.75], [-0.75, -2.0]], [[0.25, -1.0], [-0.25, 0.5], [0.5, 1.5]]]> : tensor<2x3x2xf32>
  %r71 = loom.matmul %c69, %c70 : (tensor<2x3xf32>, tensor<2x3x2xf32>) -> tensor<2x2x2xf32>
  %p72 = tensor.cast %r71 : tensor<2x2x2xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 2, 2]
  // CHECK-NEXT: {{\[\[}}[-0.375,    -6.125],
  // CHECK-NEXT: [0.875,    4.375]],
  // CHECK-NEXT: {{\[\[}}1.125,    2.25],
  // CHECK-NEXT: [0.125,    -1]]]
  call @printMemrefF32(%p72) : (tensor<*xf32>) -> ()
  %c73 = loom.constant dense<[[0, 4, -4], [3, -2, 1]]> : tensor<2x3xi32>
  %c74 = loom.constant dense<[[-3, -2, 1, -4], [5, -5, 2, 3], [3, 0, -3, 1]]> : tensor<3x4xi32>
  %r75 = loom.matmul %c73, %c74 : (tensor<2x3xi32>, tensor<3x4xi32>) -> tensor<2x4xi32>
  %p76 = tensor.cast %r75 : tensor<2x4xi32> to tensor<*xi32>
  // CHECK: sizes = [2, 4]
  // CHECK-NEXT: {{\[\[}}8,   -20,   20,   8],
  // CHECK-NEXT: [-16,   4,   -4,   -17]]
  call @printMemrefI32(%p76) : (tensor<*xi32>) -> ()
  %c77 = loom.constant dense<[[-1.25, -1.5, 0.0, -1.5, -0.5], [-1.25, 1.25, 1.75, 1.5, -0.75]]> : tensor<2x5xf16>
  %c78 = loom.constant dense<[[-0.25, -1.0, 1.25], [1.5, -0.25, -1.25], [0.25, 0.25, 0.0], [0.0, 0.75, 0.0], [0.0, -0.5, 1.5]]> : tensor<5x3xf16>
  %r79 = loom.matmul %c77, %c78 : (tensor<2x5xf16>, tensor<5x3xf16>) -> tensor<2x3xf16>
  %w80 = loom.cast %r79 : tensor<2x3xf16> to tensor<2x3xf32>
  %p81 = tensor.cast %w80 : tensor<2x3xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: {{\[\[}}-1.9375,   0.75,   -0.4375],
  // CHECK-NEXT: [2.625,   2.875,   -4.25]]
  call @printMemrefF32(%p81) : (tensor<*xf32>) -> ()
  %c82 = loom.constant dense<[[-0.25, -0.75, -0.25, -0.25, -1.0], [0.25, -0.5, 0.5, -1.5, 1.0]]> : tensor<2x5xbf16>
  %c83 = loom.constant dense<[[0.0, -0.25, 2.0], [2.0, -0.25, -1.25], [1.5, -1.75, -1.25], [-2.0, 1.75, -0.25], [1.5, 0.75, -1.75]]> : tensor<5x3xbf16>
  %r84 = loom.matmul %c82, %c83 : (tensor<2x5xbf16>, tensor<5x3xbf16>) -> tensor<2x3xbf16>
  %w85 = loom.cast %r84 : tensor<2x3xbf16> to tensor<2x3xf32>
  %p86 = tensor.cast %w85 : tensor<2x3xf32> to tensor<*xf32>
  // CHECK: sizes = [2, 3]
  // CHECK-NEXT: {{\[\[}}-2.875,   -0.5,   2.5625],
  // CHECK-NEXT: [4.25,   -2.6875,   -0.875]]
  call @printMemrefF32(%p86) : (tensor<*xf32>) -> ()
  return
}
