// A 1x1 conv with a residual operand in four blocks of one image (five
// tile groups each): the next block's input and residual loads and the
// stores of the block before are few whole-image DMAs, which the DMA
// queue takes at once, so Conv.cpp issues them all before the block's
// first tile group (one segment of five tile groups) instead of spreading
// them over the tile groups, where the HBM channel idled between them
// (ResNet-50 at batch 8: the 1x1 64->256 @56x56 convs 67087 -> 61440
// cycles). The first block waits for its input alone before its tile
// groups and for its residual only before its first own pop (units of
// 16 channels: four accumulator regions, so tile group 3's pops drain
// tile group 0; that tile group is a segment of its own). Bit for bit
// against the evaluator's Bf16Matmul mode. conv-first-block-units.mlir:
// the first block's residual unit by unit.
// RUN: loomc %s --target=systolic --emit=asm | FileCheck %s --check-prefix=ASM
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s --check-prefix=EXACT

// ASM-LABEL: # kernel @one_by_one_residual_kernel_0
// ASM: dma.load {{.*}}, f[[IN:[0-9]+]], 8, 9216, {{.*}}# input rows (all in one)
// ASM: dma.load {{.*}}, f[[IN]], 16, 9216, {{.*}}# epilogue operand (argument 3) of channels 0+16 (all in one)
// ASM: wait f[[IN]], 1
// ASM-NOT: wait f[[IN]]
// ASM: s.li s{{[0-9]+}}, 3{{ *$}}
// ASM-NOT: wait f[[IN]]
// ASM: ldw
// ASM-NOT: wait f[[IN]]
// ASM: loop
// ASM-NEXT: s.li s{{[0-9]+}}, 1{{ *$}}
// ASM-NOT: pop
// ASM: wait f[[IN]], 1
// ASM-NOT: ldw
// ASM: pop
// ASM: loop
// ASM-NEXT: s.li s{{[0-9]+}}, 1{{ *$}}
// A block of the pair loop.
// ASM: wait f{{[0-9]+}}, 2
// ASM-NEXT: wait f{{[0-9]+}}, 1
// ASM-NOT: ldw
// ASM: dma.load {{.*}} # input rows (all in one)
// ASM-NOT: ldw
// ASM: dma.store {{.*}} # output rows (all in one)
// ASM-NOT: ldw
// ASM: dma.load {{.*}} # epilogue operand (argument 3) (all in one)
// ASM-NEXT: s.li s{{[0-9]+}}, 5{{ *$}}
// ASM: halt

// EXACT: @one_by_one_residual: ok (1 output, bit-exact to the evaluator's bf16-matmul mode
func.func @one_by_one_residual(%x: tensor<4x8x48x48xf32>, %w: tensor<16x8x1x1xf32>, %b: tensor<16x1x1xf32>, %r: tensor<4x16x48x48xf32>) -> tensor<4x16x48x48xf32> {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<4x8x48x48xf32>, tensor<16x8x1x1xf32>) -> tensor<4x16x48x48xf32>
  %yb = loom.add %y, %b : (tensor<4x16x48x48xf32>, tensor<16x1x1xf32>) -> tensor<4x16x48x48xf32>
  %ya = loom.add %yb, %r : (tensor<4x16x48x48xf32>, tensor<4x16x48x48xf32>) -> tensor<4x16x48x48xf32>
  %yr = loom.relu %ya : tensor<4x16x48x48xf32>
  return %yr : tensor<4x16x48x48xf32>
}

