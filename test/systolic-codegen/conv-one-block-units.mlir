// A 1x1 conv with a residual operand in one block of two tile groups and
// two units of 256 output channels (ResNet-50's 28x28 layers at batch 1):
// the residual is loaded unit by unit after the input on a flag of its
// own, the MXUs wait for the input alone, unit 0's channels are waited for
// before their first pops (in tile group 0) and unit 1's once tile group 0
// is done (emitTiles' firstPops), and each unit's output channels are
// stored once its pops of the last tile group are issued (unitDone), not
// after the whole block (ResNet-50 at batch 1: the 1x1 128->512 @28x28
// convs 8367 -> 6265 cycles). Bit for bit against the evaluator's
// Bf16Matmul mode.
// RUN: loomc %s --target=systolic --emit=asm | FileCheck %s --check-prefix=ASM
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s --check-prefix=EXACT

// EXACT: @one_block_units: ok (1 output, bit-exact to the evaluator's bf16-matmul mode

// ASM-LABEL: # kernel @one_block_units_kernel_0
// ASM: dma.load {{.*}}, f[[IN:[0-9]+]], 8, 4096, {{.*}}# input rows (all in one)
// ASM: dma.load {{.*}}, f[[RES:[0-9]+]], 256, 4096, {{.*}}# epilogue operand (argument 2) of channels 0+256 (all in one)
// ASM: dma.load {{.*}}, f[[RES]], 256, 4096, {{.*}}# epilogue operand (argument 2) of channels 256+256 (all in one)
// ASM-NOT: wait f[[RES]]
// ASM: wait f[[IN]], 1
// ASM-NOT: wait f[[RES]]
// ASM: matmul.swap.f32 m0
// ASM: wait f[[RES]], 1
// ASM-NOT: dma.store
// ASM: loop
// ASM-NEXT: wait f[[RES]], 1
// The last tile group: each unit's channels stored after its last pops.
// ASM: dma.store {{.*}}, f[[OUT:[0-9]+]], 256, 4096, {{.*}}# output rows of channels 0+256 (all in one)
// ASM: pop
// ASM: dma.store {{.*}}, f[[OUT]], 256, 4096, {{.*}}# output rows of channels 256+256 (all in one)
// ASM-NOT: dma.store
// ASM: wait f[[OUT]], 2
// ASM-NEXT: halt
func.func @one_block_units(%x: tensor<1x8x32x32xf32>, %w: tensor<512x8x1x1xf32>, %r: tensor<1x512x32x32xf32>) -> tensor<1x512x32x32xf32> {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x8x32x32xf32>, tensor<512x8x1x1xf32>) -> tensor<1x512x32x32xf32>
  %ya = loom.add %y, %r : (tensor<1x512x32x32xf32>, tensor<1x512x32x32xf32>) -> tensor<1x512x32x32xf32>
  %yr = loom.relu %ya : tensor<1x512x32x32xf32>
  return %yr : tensor<1x512x32x32xf32>
}
