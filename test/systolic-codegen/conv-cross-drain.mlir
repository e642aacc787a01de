// A 1x1 conv with a bias and a residual operand in three and in four
// blocks of one image (two tile groups, two units of 256 output channels,
// two accumulator regions): a block leaves its last unit's pops to the
// block after it, which issues them in its first tile group (in place of
// the stale drains a first block has) at the other buffer set's
// positions, so that the MXUs start the next block while the vector unit
// drains the last one; the drained block's stores, and the next block's
// residual loaded over them unit by unit, follow that tile group, and a
// block waits for its input alone before its tile groups and for each
// unit's residual only before its first pops. After the pair loop (three
// blocks: its second block was the last) the last block's pops are issued
// alone, then its stores. ResNet-50 at batch 8: the convolutions 1557086
// -> 1529106 cycles (the pops), 1513698 -> 1487981 (the residual unit by
// unit). Bit for bit against the evaluator's Bf16Matmul mode.
// RUN: split-file %s %t
// RUN: loomc %t/three.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=ASM
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s --check-prefix=EXACT

// EXACT: @cross_drain_3: ok (1 output, bit-exact to the evaluator's bf16-matmul mode
// EXACT: @cross_drain_4: ok (1 output, bit-exact to the evaluator's bf16-matmul mode

// ASM-LABEL: # kernel @cross_drain_3_kernel_0
// The pair loop's first block (its input waited for): tile group 0,
// block 0's pops among its folds, then block 0's stores and block 2's
// residual loaded over them unit by unit; its own units' residual waited
// for before their first pops.
// ASM: # input rows (all in one)
// ASM: dma.load {{.*}}, f[[SET1:[0-9]+]], 8, 4096, {{.*}}# input rows (all in one)
// ASM: [[TOP:[0-9]+]]: wait f[[SET1]], 1
// ASM-NEXT: wait
// ASM-NOT: dma.store
// ASM: ldw.f32 m0
// ASM-NOT: dma.store
// ASM: pop m0
// ASM-NOT: dma.store
// ASM: loop
// ASM-NEXT: s.li
// ASM-NEXT: s.addi
// ASM-NEXT: dma.store {{.*}} # output rows (all in one)
// ASM-NEXT: s.li
// ASM-NEXT: s.addi
// ASM-NEXT: dma.load {{.*}} # epilogue operand (argument 3) of channels 0+256 (all in one)
// ASM-NEXT: s.li
// ASM-NEXT: s.addi
// ASM-NEXT: dma.load {{.*}} # epilogue operand (argument 3) of channels 256+256 (all in one)
// ASM-NEXT: wait f[[SET1]], 1
// After the pair loop: the last block's pops alone, then its stores.
// ASM: loop s{{[0-9]+}}, [[TOP]]{{ *$}}
// ASM-NEXT: s.li
// ASM-NOT: ldw
// ASM: pop m0
// ASM-NOT: ldw
// ASM: dma.store {{.*}} # output rows (all in one)
// ASM-NEXT: wait
// ASM-NEXT: wait
// ASM-NEXT: halt

//--- three.mlir
func.func @cross_drain_3(%x: tensor<3x8x32x32xf32>, %w: tensor<512x8x1x1xf32>, %b: tensor<512x1x1xf32>, %r: tensor<3x512x32x32xf32>) -> tensor<3x512x32x32xf32> {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<3x8x32x32xf32>, tensor<512x8x1x1xf32>) -> tensor<3x512x32x32xf32>
  %yb = loom.add %y, %b : (tensor<3x512x32x32xf32>, tensor<512x1x1xf32>) -> tensor<3x512x32x32xf32>
  %ya = loom.add %yb, %r : (tensor<3x512x32x32xf32>, tensor<3x512x32x32xf32>) -> tensor<3x512x32x32xf32>
  %yr = loom.relu %ya : tensor<3x512x32x32xf32>
  return %yr : tensor<3x512x32x32xf32>
}
//--- four.mlir
func.func @cross_drain_4(%x: tensor<4x8x32x32xf32>, %w: tensor<512x8x1x1xf32>, %b: tensor<512x1x1xf32>, %r: tensor<4x512x32x32xf32>) -> tensor<4x512x32x32xf32> {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<4x8x32x32xf32>, tensor<512x8x1x1xf32>) -> tensor<4x512x32x32xf32>
  %yb = loom.add %y, %b : (tensor<4x512x32x32xf32>, tensor<512x1x1xf32>) -> tensor<4x512x32x32xf32>
  %ya = loom.add %yb, %r : (tensor<4x512x32x32xf32>, tensor<4x512x32x32xf32>) -> tensor<4x512x32x32xf32>
  %yr = loom.relu %ya : tensor<4x512x32x32xf32>
  return %yr : tensor<4x512x32x32xf32>
}
