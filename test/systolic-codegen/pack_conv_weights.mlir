// loom-systolic-pack-conv-weights: constant conv filters become
// [KH, KW, O, C/groups] constants, the kernel takes that layout and restores
// [O, C/groups, KH, KW] with a transpose for the conv.
// RUN: loomc %s --target=systolic --emit=kernels | FileCheck %s

// The filter's elements in tap-major order: W[o][c][kh][kw] = 4o + 2kh + kw + 1
// is stored as [kh][kw][o][c].
// CHECK-LABEL: func.func @main
// CHECK: %[[W:.*]] = loom.constant dense<{{\[\[\[\[}}1.000000e+00], [5.000000e+00]], {{\[\[}}2.000000e+00], [6.000000e+00]]], {{\[\[\[}}3.000000e+00], [7.000000e+00]], {{\[\[}}4.000000e+00], [8.000000e+00]]]]> : tensor<2x2x2x1xf32>
// CHECK: call @main_kernel_0(%arg0, %[[W]]) : (tensor<1x1x4x4xf32>, tensor<2x2x2x1xf32>) -> tensor<1x2x3x3xf32>
// CHECK: func.func private @main_kernel_0(%[[X:.*]]: tensor<1x1x4x4xf32>, %[[P:.*]]: tensor<2x2x2x1xf32>)
// CHECK-NEXT: %[[T:.*]] = loom.transpose %[[P]] permutation [2, 3, 0, 1] : (tensor<2x2x2x1xf32>) -> tensor<2x1x2x2xf32>
// CHECK-NEXT: loom.conv %[[X]], %[[T]]
func.func @main(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x3x3xf32> {
  %w = loom.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]], [[[5.0, 6.0], [7.0, 8.0]]]]> : tensor<2x1x2x2xf32>
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x1x4x4xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
