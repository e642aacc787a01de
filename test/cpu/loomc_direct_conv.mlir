// On a CPU with AVX-512 the CPU target stores constant convolution filters
// in panels of 32 (loom-cpu-pack-conv-filters) and runs those convolutions
// on loom_ukernel_conv2d_f32, its epilogue (bias, residual, ReLU) in the
// call, a 1x1 one into few outputs too; a convolution whose filter is a
// model input keeps the matmul. Without AVX-512, and with the Winograd
// option, every convolution keeps the matmul.
// RUN: loomc %s --target=cpu --cpu=skylake-avx512 --emit=llvm -o - | FileCheck %s
// RUN: loomc %s --target=cpu --cpu=haswell --cpu-features=+avx2,+fma --emit=llvm -o - | FileCheck %s --check-prefix=NODIRECT
// RUN: loomc %s --target=cpu --cpu=skylake-avx512 --winograd=true --emit=llvm -o - | FileCheck %s --check-prefix=NODIRECT

// CHECK-LABEL: define {{.*}}@main_kernel_0(
// CHECK: call void @loom_ukernel_conv2d_f32(
// CHECK-NOT: call void @loom_ukernel_matmul
// CHECK-LABEL: define {{.*}}@main_kernel_1(
// CHECK: call void @loom_ukernel_conv2d_f32(
// CHECK-NOT: call void @loom_ukernel_matmul
// CHECK-LABEL: define {{.*}}@main_kernel_2(
// CHECK-NOT: call void @loom_ukernel_conv2d_f32(
// CHECK: call void @loom_ukernel_matmul
// CHECK-LABEL: define {{.*}}@main_kernel_3(
// CHECK: call void @loom_ukernel_conv2d_f32(
// CHECK-NOT: call void @loom_ukernel_matmul

// NODIRECT-NOT: loom_ukernel_conv2d_f32
func.func @main(%x: tensor<1x3x32x32xf32>, %v: tensor<32x32x3x3xf32>, %b: tensor<1x64x1x1xf32>) -> tensor<1x32x8x8xf32> {
  %i = loom.iota dim 0 : tensor<64x3x7x7xf32>
  %w = loom.sin %i : tensor<64x3x7x7xf32>
  %c = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [3, 3] pad_high [3, 3] groups 1 : (tensor<1x3x32x32xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x16x16xf32>
  %cb = loom.add %c, %b : (tensor<1x64x16x16xf32>, tensor<1x64x1x1xf32>) -> tensor<1x64x16x16xf32>
  %r = loom.relu %cb : tensor<1x64x16x16xf32>
  %j = loom.iota dim 1 : tensor<32x64x3x3xf32>
  %w2 = loom.cos %j : tensor<32x64x3x3xf32>
  %c2 = loom.conv %r, %w2 strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x64x16x16xf32>, tensor<32x64x3x3xf32>) -> tensor<1x32x8x8xf32>
  %r2 = loom.relu %c2 : tensor<1x32x8x8xf32>
  %c3 = loom.conv %r2, %v strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x32x8x8xf32>, tensor<32x32x3x3xf32>) -> tensor<1x32x8x8xf32>
  %k = loom.iota dim 0 : tensor<32x32x1x1xf32>
  %w4 = loom.sin %k : tensor<32x32x1x1xf32>
  %c4 = loom.conv %c3, %w4 strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x32x8x8xf32>, tensor<32x32x1x1xf32>) -> tensor<1x32x8x8xf32>
  return %c4 : tensor<1x32x8x8xf32>
}
