// RUN: loom-opt %s -loom-cpu-lower-kernels | FileCheck %s

// A convolution of batch 2 runs through the micro-kernel like one of batch
// 1: each workgroup's tile holds one image (loom-cpu-distribute-workgroups),
// whose contraction collapses to a matmul (loom-cpu-contractions-to-matmul);
// before, the [N, F, H, W] output of the tile kept it a loop nest. Its
// ReLU joins the call (the epilogue entry, reading the tile as [1, F, H,
// W]).
// CHECK-LABEL: llvm.func internal @batched_conv.impl(
// CHECK: llvm.call @loom_ukernel_matmul_epilogue_f32(
// CHECK-LABEL: llvm.func @batched_conv(
func.func private @batched_conv(%x: tensor<2x16x20x20xf32>, %w: tensor<32x16x3x3xf32>) -> tensor<2x32x20x20xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<2x16x20x20xf32>, tensor<32x16x3x3xf32>) -> tensor<2x32x20x20xf32>
  %1 = loom.relu %0 : tensor<2x32x20x20xf32>
  return %1 : tensor<2x32x20x20xf32>
}
