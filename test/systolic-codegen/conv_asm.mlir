// The conv kernels' code: the padded input zeroed once, the filter and the
// bias loaded once, each input row of every channel by one DMA, per tap a
// stationary ldw of the image tile and a streamed matmul of the filter rows
// on every MXU (the first fold overwriting, the rest accumulating, in
// (kh, kw) order), pops into the epilogue (bias add, relu) and stores, and
// each output row of every channel written back by one DMA.
// RUN: loomc %s --target=systolic --emit=asm | FileCheck %s

// CHECK-LABEL: # kernel @main_kernel_0
// CHECK: v.splat {{.*}} # zero the padded input
// CHECK: dma.load {{.*}}, f{{[0-9]+}}, 72, 16, 16, 16 {{ *}}# filter
// CHECK: dma.load {{.*}}, 1, 32, 32, 32 {{ *}}# epilogue operand (argument 2)
// CHECK: dma.load {{.*}}, 4, 24, 256, 144 {{ *}}# input row of every channel
// CHECK: ldw.f32 m0, {{.*}}, 4, 128, 256 {{ *}}# tap (0, 0), channels 0+4
// CHECK-NEXT: s.li
// CHECK-NEXT: matmul.swap.f32 m0, {{.*}}, 8, 16
// CHECK: ldw.f32 m3, {{.*}}, 4, 128, 256 {{ *}}# tap (0, 0), channels 0+4
// CHECK: ldw.f32 m0, {{.*}}, 4, 128, 256 {{ *}}# tap (0, 1), channels 0+4
// CHECK-NEXT: s.li
// CHECK-NEXT: matmul.acc.swap.f32 m0, {{.*}}, 8, 16
// CHECK: ldw.f32 m3, {{.*}}# tap (2, 2), channels 0+4
// CHECK-NEXT: s.li
// CHECK-NEXT: matmul.acc.swap.f32 m3
// CHECK: pop m0,
// CHECK: vlds {{.*}}, 4, 8, 128, 0
// CHECK: v.add
// CHECK: vst {{.*}}, 2048, 8, 128
// CHECK: pop m3,
// CHECK: dma.store {{.*}}, 8, 24, 2048, 144 {{ *}}# output row of every channel
// CHECK: halt
func.func @main(%x: tensor<1x4x6x6xf32>) -> tensor<1x8x6x6xf32> {
  %w = loom.constant dense<[[[[0.5, -1.0, 0.25]]]]> : tensor<1x1x1x3xf32>
  %wb = loom.broadcast_to %w : tensor<1x1x1x3xf32> to tensor<8x4x3x3xf32>
  %b = loom.constant dense<[[[1.0]], [[2.0]], [[3.0]], [[4.0]], [[5.0]], [[6.0]], [[7.0]], [[8.0]]]> : tensor<8x1x1xf32>
  %y = loom.conv %x, %wb strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x4x6x6xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  %yb = loom.add %y, %b : (tensor<1x8x6x6xf32>, tensor<8x1x1xf32>) -> tensor<1x8x6x6xf32>
  %r = loom.relu %yb : tensor<1x8x6x6xf32>
  return %r : tensor<1x8x6x6xf32>
}
