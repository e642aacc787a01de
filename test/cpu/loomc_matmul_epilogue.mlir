// The end of a ResNet block on the CPU: the convolution's bias, the
// shortcut and the ReLU are applied in the matmul micro-kernel's stores
// (loom_ukernel_matmul_epilogue_f32 with a bias, the shortcut as its
// addend, and the clamp to [0, inf]); no separate epilogue loop is left.
// RUN: loomc %s --target=cpu --emit=llvm -o - | FileCheck %s

// CHECK-LABEL: define {{.*}}@main_kernel_0(
// CHECK: call void @loom_ukernel_matmul_epilogue_f32({{.*}}, i32 0, ptr %{{[0-9]+}}, i64 1, ptr %{{[0-9]+}}, i64 196, float 0.000000e+00, float 0x7FF0000000000000)
// CHECK-NOT: call void @loom_ukernel_matmul_f32(
func.func @main(%x: tensor<1x16x14x14xf32>, %w: tensor<16x16x3x3xf32>, %b: tensor<1x16x1x1xf32>) -> tensor<1x16x14x14xf32> {
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x16x14x14xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x14x14xf32>
  %a = loom.add %c, %b : (tensor<1x16x14x14xf32>, tensor<1x16x1x1xf32>) -> tensor<1x16x14x14xf32>
  %r = loom.add %a, %x : (tensor<1x16x14x14xf32>, tensor<1x16x14x14xf32>) -> tensor<1x16x14x14xf32>
  %y = loom.relu %r : tensor<1x16x14x14xf32>
  return %y : tensor<1x16x14x14xf32>
}
