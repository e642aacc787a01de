// A 1x1 conv with a residual operand in two blocks of one image and two
// units of 256 output channels: the first block loads its residual unit
// by unit after its input and waits, before its tile groups, for the
// input alone; for unit 0's channels before their first pops (in tile
// group 0, among unit 1's folds) and for unit 1's once tile group 0 is
// done (Conv.cpp, emitTiles' firstPops), so that the MXUs start once the
// input is in (ResNet-50 at batch 8: the 1x1 256->1024 @14x14 convs
// 22878 -> 21819 cycles). Bit for bit against the evaluator's Bf16Matmul
// mode.
// RUN: loomc %s --target=systolic --emit=asm | FileCheck %s --check-prefix=ASM
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s --check-prefix=EXACT

// EXACT: @two_units_residual: ok (1 output, bit-exact to the evaluator's bf16-matmul mode

// ASM-LABEL: # kernel @two_units_residual_kernel_0
// ASM: dma.load {{.*}}, f[[IN2:[0-9]+]], 8, 4096, {{.*}}# input rows (all in one)
// ASM-NEXT: s.li
// ASM-NEXT: s.addi
// ASM-NEXT: dma.load {{.*}}, f[[IN2]], 256, 4096, {{.*}}# epilogue operand (argument 2) of channels 0+256 (all in one)
// ASM: dma.load {{.*}}, f[[IN2]], 256, 4096, {{.*}}# epilogue operand (argument 2) of channels 256+256 (all in one)
// ASM: wait f[[IN2]], 1
// The MXUs start (unit 0's folds, with the pops of the stale regions).
// ASM-NOT: wait f[[IN2]]
// ASM: matmul.swap.f32 m0
// ASM: wait f[[IN2]], 1
// ASM-NOT: ldw
// ASM: pop
// ASM: loop
// ASM-NEXT: wait f[[IN2]], 1
// ASM: halt
func.func @two_units_residual(%x: tensor<2x8x32x32xf32>, %w: tensor<512x8x1x1xf32>, %r: tensor<2x512x32x32xf32>) -> tensor<2x512x32x32xf32> {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<2x8x32x32xf32>, tensor<512x8x1x1xf32>) -> tensor<2x512x32x32xf32>
  %ya = loom.add %y, %r : (tensor<2x512x32x32xf32>, tensor<2x512x32x32xf32>) -> tensor<2x512x32x32xf32>
  %yr = loom.relu %ya : tensor<2x512x32x32xf32>
  return %yr : tensor<2x512x32x32xf32>
}
