// A 1x1 conv with a residual operand in four blocks of one image (five
// tile groups each): the next block's input and residual loads and the
// stores of the block before are few whole-image DMAs, which the DMA
// queue takes at once, so Conv.cpp issues them all before the block's
// first tile group (one segment of five tile groups) instead of spreading
// them over the tile groups, where the HBM channel idled between them
// (ResNet-50 at batch 8: the 1x1 64->256 @56x56 convs 67087 -> 61440
// cycles). Bit for bit against the evaluator's Bf16Matmul mode.
// RUN: loomc %s --target=systolic --emit=asm | FileCheck %s --check-prefix=ASM
// RUN: loom-differential %s --target=systolic | FileCheck %s --check-prefix=EXACT

// ASM-LABEL: # kernel @one_by_one_residual_kernel_0
// The first block's tile-group loop, then a block of the pair loop.
// ASM: loop
// ASM: wait f{{[0-9]+}}, 2
// ASM-NEXT: wait f{{[0-9]+}}, 1
// ASM-NOT: ldw
// ASM: dma.load {{.*}} # input rows (all in one)
// ASM-NOT: ldw
// ASM: dma.store {{.*}} # output rows (all in one)
// ASM-NOT: ldw
// ASM: dma.load {{.*}} # epilogue operand (argument 3) (all in one)
// ASM-NEXT: s.li s{{[0-9]+}}, 5
// ASM: halt

// EXACT: @one_by_one_residual: ok (1 output, bit-exact to the evaluator's bf16-matmul mode
func.func @one_by_one_residual(%x: tensor<4x8x48x48xf32>, %w: tensor<16x8x1x1xf32>, %b: tensor<16x1x1xf32>, %r: tensor<4x16x48x48xf32>) -> tensor<4x16x48x48xf32> {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<4x8x48x48xf32>, tensor<16x8x1x1xf32>) -> tensor<4x16x48x48xf32>
  %yb = loom.add %y, %b : (tensor<4x16x48x48xf32>, tensor<16x1x1xf32>) -> tensor<4x16x48x48xf32>
  %ya = loom.add %yb, %r : (tensor<4x16x48x48xf32>, tensor<4x16x48x48xf32>) -> tensor<4x16x48x48xf32>
  %yr = loom.relu %ya : tensor<4x16x48x48xf32>
  return %yr : tensor<4x16x48x48xf32>
}
