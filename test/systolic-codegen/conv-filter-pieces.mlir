// Convs of one block (ResNet-50's 7x7 layers at batch 8): the filter is
// loaded in pieces in the order the folds read it (unit by unit, a tap a
// piece) after the input's first channel chunk, each piece waited for
// only before the first fold that reads it (Conv.cpp's piecewise and
// emitTiles' foldWeights), so that the MXUs start once the first chunk
// and piece are in, not the whole filter; the other chunks, pieces and
// each unit's residual are issued a few DMAs a fold, any still pending
// before a wait that needs them (ResNet-50 at batch 8: the 1x1 2048->512
// @7x7 convs 15851 -> 12498 cycles, the 3x3 512->512 25892 -> 21762).
// A 1x1 conv of two chunks and two units with a bias and a residual, a
// 3x3 one of two chunks and two units, and a 3x3/2 one whose staged row
// phases are loaded chunk by chunk too (one block only: ResNet-50's 3x3/2
// 512->512 @7x7 at batch 8 25693 -> 25261 cycles), the 3x3 filters
// constants (packed as in a model), bit for bit against the evaluator's
// Bf16Matmul mode.
// RUN: split-file %s %t
// RUN: loomc %t/pointwise.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=ONE
// RUN: loomc %t/3x3.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=THREE
// RUN: loomc %t/strided.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=STRIDED
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s --check-prefix=EXACT

// EXACT: @pieces_1x1: ok (1 output, bit-exact to the evaluator's bf16-matmul mode
// EXACT: @pieces_3x3: ok (1 output, bit-exact to the evaluator's bf16-matmul mode
// EXACT: @pieces_strided: ok (1 output, bit-exact to the evaluator's bf16-matmul mode

// The first chunk, the bias with piece 0 (unit 0), then the second chunk,
// unit 1's piece and the residual unit by unit.
// ONE-LABEL: # kernel @pieces_1x1_kernel_0
// ONE: dma.load {{.*}}, f[[IN:[0-9]+]], 128, 1024, {{.*}}# input rows, channels 0+128 (all in one)
// ONE-NEXT: s.li
// ONE-NEXT: dma.load {{.*}}, f[[W:[0-9]+]], 1, 2048, {{.*}}# epilogue operand (argument 2)
// ONE: dma.load {{.*}}, f[[W]], 256, 1024, {{.*}}# filter piece 0 (256 rows)
// ONE: dma.load {{.*}}, f[[IN]], 128, 1024, {{.*}}# input rows, channels 128+128 (all in one)
// ONE: dma.load {{.*}}, f[[W]], 256, 1024, {{.*}}# filter piece 1 (256 rows)
// ONE: dma.load {{.*}}, f[[RES:[0-9]+]], 256, 1024, {{.*}}# epilogue operand (argument 3) of channels 0+256 (all in one)
// ONE: dma.load {{.*}}, f[[RES]], 256, 1024, {{.*}}# epilogue operand (argument 3) of channels 256+256 (all in one)
// ONE: wait f[[IN]], 1
// ONE: wait f[[W]], 2
// ONE-NOT: wait f[[W]]
// ONE: ldw.f32 m0, {{.*}} # tap (0, 0), channels 0+128
// ONE-NOT: ldw.f32 m0
// ONE: wait f[[IN]], 1
// ONE-NOT: wait
// ONE: ldw.f32 m0, {{.*}} # tap (0, 0), channels 128+128
// Unit 1 waits for its piece.
// ONE-NOT: ldw.f32 m0
// ONE: wait f[[W]], 1
// ONE-NEXT: s.addi
// ONE-NEXT: ldw.f32 m0, {{.*}} # tap (0, 0), channels 0+128
// ONE-NOT: wait f[[W]]
// ONE: halt

// Piece t of unit 0 is tap t's rows: waited for before tap t's first fold.
// THREE-LABEL: # kernel @pieces_3x3_kernel_0
// THREE: # input rows, channels 0+128
// THREE: dma.load {{.*}}, f[[W:[0-9]+]], 256, 1024, {{.*}}# filter piece 0 (256 rows)
// THREE: # input rows, channels 128+128
// THREE: wait f[[W]], 2
// THREE-NOT: wait f[[W]]
// THREE: ldw.f32 m0, {{.*}} # tap (0, 0), channels 0+128
// THREE-NOT: wait f[[W]]
// THREE: ldw.f32 m0, {{.*}} # tap (0, 0), channels 128+128
// THREE-NOT: ldw.f32 m0
// THREE: wait f[[W]], 1
// THREE-NEXT: s.addi
// THREE-NEXT: ldw.f32 m0, {{.*}} # tap (0, 1), channels 0+128
// THREE-NOT: ldw.f32 m0
// THREE: ldw.f32 m0, {{.*}} # tap (0, 1), channels 128+128
// THREE-NOT: ldw.f32 m0
// THREE: wait f[[W]], 1
// THREE-NEXT: s.addi
// THREE-NEXT: ldw.f32 m0, {{.*}} # tap (0, 2), channels 0+128

// Both row phases of the first chunk, then piece 0, then the second chunk.
// STRIDED-LABEL: # kernel @pieces_strided_kernel_0
// STRIDED: dma.load {{.*}}, f[[IN:[0-9]+]], 128, 56, {{.*}}# input rows of row phase 0, channels 0+128
// STRIDED: dma.load {{.*}}, f[[IN]], 128, 56, {{.*}}# input rows of row phase 1, channels 0+128
// STRIDED: dma.load {{.*}}, f[[W:[0-9]+]], 256, 1024, {{.*}}# filter piece 0 (256 rows)
// STRIDED: # input rows of row phase 0, channels 128+128
// STRIDED: wait f[[IN]], 14
// STRIDED: wait f[[W]], 1
// STRIDED: ldws.f32 m0, {{.*}} # tap (0, 0), channels 0+128
// STRIDED-NOT: ldws.f32 m0
// STRIDED: wait f[[IN]], 14
// STRIDED-NOT: ldws.f32 m0
// STRIDED: ldws.f32 m0, {{.*}} # tap (0, 0), channels 128+128

//--- pointwise.mlir
func.func @pieces_1x1(%x: tensor<1x256x16x16xf32>, %w: tensor<512x256x1x1xf32>, %b: tensor<512x1x1xf32>, %r: tensor<1x512x16x16xf32>) -> tensor<1x512x16x16xf32> {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x256x16x16xf32>, tensor<512x256x1x1xf32>) -> tensor<1x512x16x16xf32>
  %yb = loom.add %y, %b : (tensor<1x512x16x16xf32>, tensor<512x1x1xf32>) -> tensor<1x512x16x16xf32>
  %ya = loom.add %yb, %r : (tensor<1x512x16x16xf32>, tensor<1x512x16x16xf32>) -> tensor<1x512x16x16xf32>
  %yr = loom.relu %ya : tensor<1x512x16x16xf32>
  return %yr : tensor<1x512x16x16xf32>
}

//--- 3x3.mlir
func.func @pieces_3x3(%x: tensor<1x256x7x7xf32>, %b: tensor<512x1x1xf32>) -> tensor<1x512x7x7xf32> {
  %w = loom.constant dense<0.0123> : tensor<512x256x3x3xf32>
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x256x7x7xf32>, tensor<512x256x3x3xf32>) -> tensor<1x512x7x7xf32>
  %yb = loom.add %y, %b : (tensor<1x512x7x7xf32>, tensor<512x1x1xf32>) -> tensor<1x512x7x7xf32>
  %yr = loom.relu %yb : tensor<1x512x7x7xf32>
  return %yr : tensor<1x512x7x7xf32>
}

//--- strided.mlir
func.func @pieces_strided(%x: tensor<1x256x14x14xf32>) -> tensor<1x256x7x7xf32> {
  %w = loom.constant dense<0.0123> : tensor<256x256x3x3xf32>
  %y = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x256x14x14xf32>, tensor<256x256x3x3xf32>) -> tensor<1x256x7x7xf32>
  %yr = loom.relu %y : tensor<1x256x7x7xf32>
  return %yr : tensor<1x256x7x7xf32>
}
