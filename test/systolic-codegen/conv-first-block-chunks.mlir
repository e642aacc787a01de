// Convs of three channel chunks (300 input channels) in two blocks: the
// first block loads its input chunk by chunk (the input rows of channels
// 0+128, 128+128 and 256+44 of each image), its MXUs wait for the first
// chunk alone and tile group 0 for each later chunk only before the first
// fold that reads it (Conv.cpp's firstFolds), so that they start once a
// third of the input is in (ResNet-50 at batch 8: the 1x1 1024->256
// @14x14 convs 14882 -> 13262 cycles); later blocks load whole images. A
// 1x1 conv and a strided 1x1 conv with a residual, bit for bit against
// the evaluator's Bf16Matmul mode.
// RUN: split-file %s %t
// RUN: loomc %t/pointwise.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=ASM
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s --check-prefix=EXACT

// EXACT: @chunked: ok (1 output, bit-exact to the evaluator's bf16-matmul mode
// EXACT: @chunked_strided: ok (1 output, bit-exact to the evaluator's bf16-matmul mode

// ASM-LABEL: # kernel @chunked_kernel_0
// ASM: dma.load {{.*}}, f[[IN:[0-9]+]], 128, 4096, {{.*}}# input rows, channels 0+128 (all in one)
// ASM: dma.load {{.*}}, f[[IN]], 128, 4096, {{.*}}# input rows, channels 0+128 (all in one)
// ASM: dma.load {{.*}}, f[[IN]], 128, 4096, {{.*}}# input rows, channels 128+128 (all in one)
// ASM: dma.load {{.*}}, f[[IN]], 128, 4096, {{.*}}# input rows, channels 128+128 (all in one)
// ASM: dma.load {{.*}}, f[[IN]], 44, 4096, {{.*}}# input rows, channels 256+44 (all in one)
// ASM: dma.load {{.*}}, f[[IN]], 44, 4096, {{.*}}# input rows, channels 256+44 (all in one)
// ASM: wait f[[IN]], 2
// ASM-NOT: wait f[[IN]]
// The second block's loads (whole images) go first.
// ASM: dma.load {{.*}}, 300, 4096, {{.*}}# input rows (all in one)
// ASM-NOT: wait f[[IN]]
// ASM: ldw.f32 m0, {{.*}} # tap (0, 0), channels 0+128
// ASM-NOT: ldw.f32 m0
// ASM: wait f[[IN]], 2
// ASM-NEXT: s.addi
// ASM-NEXT: ldw.f32 m0, {{.*}} # tap (0, 0), channels 128+128
// ASM-NOT: ldw.f32 m0
// ASM: wait f[[IN]], 2
// ASM-NEXT: s.addi
// ASM-NEXT: ldw.f32 m0, {{.*}} # tap (0, 0), channels 256+44

//--- pointwise.mlir
func.func @chunked(%x: tensor<4x300x32x32xf32>, %w: tensor<256x300x1x1xf32>, %b: tensor<256x1x1xf32>) -> tensor<4x256x32x32xf32> {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<4x300x32x32xf32>, tensor<256x300x1x1xf32>) -> tensor<4x256x32x32xf32>
  %yb = loom.add %y, %b : (tensor<4x256x32x32xf32>, tensor<256x1x1xf32>) -> tensor<4x256x32x32xf32>
  %yr = loom.relu %yb : tensor<4x256x32x32xf32>
  return %yr : tensor<4x256x32x32xf32>
}
//--- strided.mlir
func.func @chunked_strided(%x: tensor<4x300x64x64xf32>, %w: tensor<256x300x1x1xf32>, %r: tensor<4x256x32x32xf32>) -> tensor<4x256x32x32xf32> {
  %y = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<4x300x64x64xf32>, tensor<256x300x1x1xf32>) -> tensor<4x256x32x32xf32>
  %ya = loom.add %y, %r : (tensor<4x256x32x32xf32>, tensor<4x256x32x32xf32>) -> tensor<4x256x32x32xf32>
  return %ya : tensor<4x256x32x32xf32>
}
