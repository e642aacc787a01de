// With --winograd=true the CPU target runs a 3x3 stride-1 convolution with
// enough 2x2 output tiles per workgroup on the Winograd micro-kernel (the
// filters transformed once per workgroup), and a small one on the matmul;
// without, both run on the matmul.
// RUN: loomc %s --target=cpu --winograd=true --emit=llvm -o - | FileCheck %s
// RUN: loomc %s --target=cpu --winograd=true --report -o %t.loom | FileCheck %s --check-prefix=REPORT
// RUN: loomc %s --target=cpu --emit=llvm -o - | FileCheck %s --check-prefix=DEFAULT

// CHECK-LABEL: define {{.*}}@main_kernel_0(
// CHECK: call void @loom_ukernel_winograd_f32_filters(
// CHECK: call void @loom_ukernel_conv2d_3x3_winograd_f32(
// CHECK-NOT: call void @loom_ukernel_matmul_f32(
// CHECK-LABEL: define {{.*}}@main_kernel_1(
// CHECK-NOT: winograd
// CHECK: call void @loom_ukernel_matmul_f32(

// 56 x 56 outputs in workgroups of 8 rows: 4 x 28 tiles each.
// REPORT: main_kernel_0 {{ *}}7x1x1

// DEFAULT-NOT: winograd
func.func @main(%x: tensor<1x16x56x56xf32>, %w: tensor<16x16x3x3xf32>, %v: tensor<8x16x3x3xf32>) -> (tensor<1x8x5x5xf32>) {
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x16x56x56xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x56x56xf32>
  %p = loom.max_pool %c kernel [8, 8] strides [8, 8] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<1x16x56x56xf32>) -> tensor<1x16x7x7xf32>
  %y = loom.conv %p, %v strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x16x7x7xf32>, tensor<8x16x3x3xf32>) -> tensor<1x8x5x5xf32>
  return %y : tensor<1x8x5x5xf32>
}
