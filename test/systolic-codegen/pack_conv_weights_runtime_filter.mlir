// loom-systolic-pack-conv-weights leaves filters that are not constants.
// RUN: loomc %s --target=systolic --emit=kernels | FileCheck %s

// A filter that is run-time data stays as it is.
// CHECK-LABEL: func.func @main
// CHECK: func.func private @main_kernel_0(%{{.*}}: tensor<1x2x4x4xf32>, %{{.*}}: tensor<2x2x3x3xf32>)
// CHECK-NOT: loom.transpose
// CHECK: loom.conv
func.func @main(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32> {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}
