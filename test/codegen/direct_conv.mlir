// Inputs for the differential tester (`loom-differential FILE.mlir`):
// convolutions whose filters are constants, which the CPU target stores in
// panels of 32 filters (loom-cpu-pack-conv-filters) and, where the CPU has
// AVX-512, runs on loom_ukernel_conv2d_f32 with their epilogues
// (loom-cpu-conv-to-ukernel), against the reference evaluator. The filters
// are computed from iotas and folded into constants at compile time, so
// every element differs: a ragged last panel (40 filters) with a bias and
// ReLU, stride 2 with a residual, a 7x7 stride-2 stem on 3 channels, output
// widths that are no multiple of the micro-kernel's runs of 7, a batch,
// SiLU, unequal strides with an asymmetric padding and a 2x3 window, a
// layer that several workgroups split by filter blocks, a filter shared
// with an add (packed once, kept unpacked for the add), and 1x1
// convolutions into few outputs, at stride 1 (no im2col: the input read in
// place) and 2.
// RUN: loom-differential %s --function=ragged_panel_bias_relu
// RUN: loom-differential %s --function=stride2_residual
// RUN: loom-differential %s --function=stem_7x7
// RUN: loom-differential %s --function=odd_widths_no_padding
// RUN: loom-differential %s --function=batch3
// RUN: loom-differential %s --function=silu
// RUN: loom-differential %s --function=unequal_strides_asymmetric_pad
// RUN: loom-differential %s --function=shared_filter
// RUN: loom-differential %s --function=pointwise_bias_relu
// RUN: loom-differential %s --function=pointwise_stride2
// 576 products a sum: the default atol (1e-5) is below the rounding of
// sums of that magnitude (the evaluator sums in another order), as in
// winograd_conv.mlir.
// RUN: loom-differential %s --function=filter_blocks --atol=2e-4

func.func @ragged_panel_bias_relu(%x: tensor<1x8x16x16xf32> {loom.random = [-1.0, 1.0]}, %b: tensor<1x40x1x1xf32> {loom.random = [-1.0, 1.0]}) -> tensor<1x40x16x16xf32> {
  %i = loom.iota dim 0 : tensor<40x8x3x3xf32>
  %j = loom.iota dim 1 : tensor<40x8x3x3xf32>
  %k = loom.iota dim 3 : tensor<40x8x3x3xf32>
  %c = loom.constant dense<0.37> : tensor<40x8x3x3xf32>
  %ic = loom.mul %i, %c : (tensor<40x8x3x3xf32>, tensor<40x8x3x3xf32>) -> tensor<40x8x3x3xf32>
  %s = loom.add %ic, %j : (tensor<40x8x3x3xf32>, tensor<40x8x3x3xf32>) -> tensor<40x8x3x3xf32>
  %t = loom.add %s, %k : (tensor<40x8x3x3xf32>, tensor<40x8x3x3xf32>) -> tensor<40x8x3x3xf32>
  %w = loom.sin %t : tensor<40x8x3x3xf32>
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x8x16x16xf32>, tensor<40x8x3x3xf32>) -> tensor<1x40x16x16xf32>
  %a = loom.add %y, %b : (tensor<1x40x16x16xf32>, tensor<1x40x1x1xf32>) -> tensor<1x40x16x16xf32>
  %r = loom.relu %a : tensor<1x40x16x16xf32>
  return %r : tensor<1x40x16x16xf32>
}

func.func @stride2_residual(%x: tensor<1x16x14x14xf32> {loom.random = [-1.0, 1.0]}, %res: tensor<1x64x7x7xf32> {loom.random = [-1.0, 1.0]}) -> tensor<1x64x7x7xf32> {
  %i = loom.iota dim 0 : tensor<64x16x3x3xf32>
  %j = loom.iota dim 1 : tensor<64x16x3x3xf32>
  %k = loom.iota dim 2 : tensor<64x16x3x3xf32>
  %c = loom.constant dense<0.61> : tensor<64x16x3x3xf32>
  %jc = loom.mul %j, %c : (tensor<64x16x3x3xf32>, tensor<64x16x3x3xf32>) -> tensor<64x16x3x3xf32>
  %s = loom.sub %jc, %i : (tensor<64x16x3x3xf32>, tensor<64x16x3x3xf32>) -> tensor<64x16x3x3xf32>
  %t = loom.add %s, %k : (tensor<64x16x3x3xf32>, tensor<64x16x3x3xf32>) -> tensor<64x16x3x3xf32>
  %w = loom.cos %t : tensor<64x16x3x3xf32>
  %y = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x16x14x14xf32>, tensor<64x16x3x3xf32>) -> tensor<1x64x7x7xf32>
  %a = loom.add %y, %res : (tensor<1x64x7x7xf32>, tensor<1x64x7x7xf32>) -> tensor<1x64x7x7xf32>
  %r = loom.relu %a : tensor<1x64x7x7xf32>
  return %r : tensor<1x64x7x7xf32>
}

func.func @stem_7x7(%x: tensor<1x3x40x40xf32> {loom.random = [-1.0, 1.0]}) -> tensor<1x32x20x20xf32> {
  %i = loom.iota dim 0 : tensor<32x3x7x7xf32>
  %j = loom.iota dim 2 : tensor<32x3x7x7xf32>
  %k = loom.iota dim 3 : tensor<32x3x7x7xf32>
  %c = loom.constant dense<0.23> : tensor<32x3x7x7xf32>
  %ic = loom.mul %i, %c : (tensor<32x3x7x7xf32>, tensor<32x3x7x7xf32>) -> tensor<32x3x7x7xf32>
  %s = loom.add %ic, %j : (tensor<32x3x7x7xf32>, tensor<32x3x7x7xf32>) -> tensor<32x3x7x7xf32>
  %t = loom.sub %s, %k : (tensor<32x3x7x7xf32>, tensor<32x3x7x7xf32>) -> tensor<32x3x7x7xf32>
  %w = loom.sin %t : tensor<32x3x7x7xf32>
  %y = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [3, 3] pad_high [3, 3] groups 1 : (tensor<1x3x40x40xf32>, tensor<32x3x7x7xf32>) -> tensor<1x32x20x20xf32>
  return %y : tensor<1x32x20x20xf32>
}

// 10 x 11 outputs: each row is a run of 7 and one of 3 or 4.
func.func @odd_widths_no_padding(%x: tensor<1x5x12x13xf32> {loom.random = [-1.0, 1.0]}) -> tensor<1x33x10x11xf32> {
  %i = loom.iota dim 0 : tensor<33x5x3x3xf32>
  %j = loom.iota dim 1 : tensor<33x5x3x3xf32>
  %c = loom.constant dense<0.79> : tensor<33x5x3x3xf32>
  %ic = loom.mul %i, %c : (tensor<33x5x3x3xf32>, tensor<33x5x3x3xf32>) -> tensor<33x5x3x3xf32>
  %s = loom.add %ic, %j : (tensor<33x5x3x3xf32>, tensor<33x5x3x3xf32>) -> tensor<33x5x3x3xf32>
  %w = loom.sin %s : tensor<33x5x3x3xf32>
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x5x12x13xf32>, tensor<33x5x3x3xf32>) -> tensor<1x33x10x11xf32>
  return %y : tensor<1x33x10x11xf32>
}

func.func @batch3(%x: tensor<3x8x9x9xf32> {loom.random = [-1.0, 1.0]}, %b: tensor<1x64x1x1xf32> {loom.random = [-1.0, 1.0]}) -> tensor<3x64x9x9xf32> {
  %i = loom.iota dim 0 : tensor<64x8x3x3xf32>
  %j = loom.iota dim 1 : tensor<64x8x3x3xf32>
  %c = loom.constant dense<0.43> : tensor<64x8x3x3xf32>
  %jc = loom.mul %j, %c : (tensor<64x8x3x3xf32>, tensor<64x8x3x3xf32>) -> tensor<64x8x3x3xf32>
  %s = loom.add %jc, %i : (tensor<64x8x3x3xf32>, tensor<64x8x3x3xf32>) -> tensor<64x8x3x3xf32>
  %w = loom.cos %s : tensor<64x8x3x3xf32>
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<3x8x9x9xf32>, tensor<64x8x3x3xf32>) -> tensor<3x64x9x9xf32>
  %a = loom.add %y, %b : (tensor<3x64x9x9xf32>, tensor<1x64x1x1xf32>) -> tensor<3x64x9x9xf32>
  return %a : tensor<3x64x9x9xf32>
}

func.func @silu(%x: tensor<1x4x10x10xf32> {loom.random = [-1.0, 1.0]}) -> tensor<1x32x10x10xf32> {
  %i = loom.iota dim 0 : tensor<32x4x3x3xf32>
  %j = loom.iota dim 1 : tensor<32x4x3x3xf32>
  %c = loom.constant dense<0.53> : tensor<32x4x3x3xf32>
  %ic = loom.mul %i, %c : (tensor<32x4x3x3xf32>, tensor<32x4x3x3xf32>) -> tensor<32x4x3x3xf32>
  %s = loom.sub %ic, %j : (tensor<32x4x3x3xf32>, tensor<32x4x3x3xf32>) -> tensor<32x4x3x3xf32>
  %w = loom.sin %s : tensor<32x4x3x3xf32>
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x4x10x10xf32>, tensor<32x4x3x3xf32>) -> tensor<1x32x10x10xf32>
  %g = loom.sigmoid %y : tensor<1x32x10x10xf32>
  %z = loom.mul %y, %g : (tensor<1x32x10x10xf32>, tensor<1x32x10x10xf32>) -> tensor<1x32x10x10xf32>
  return %z : tensor<1x32x10x10xf32>
}

func.func @unequal_strides_asymmetric_pad(%x: tensor<1x6x11x12xf32> {loom.random = [-1.0, 1.0]}) -> tensor<1x36x6x12xf32> {
  %i = loom.iota dim 0 : tensor<36x6x2x3xf32>
  %j = loom.iota dim 3 : tensor<36x6x2x3xf32>
  %c = loom.constant dense<0.29> : tensor<36x6x2x3xf32>
  %ic = loom.mul %i, %c : (tensor<36x6x2x3xf32>, tensor<36x6x2x3xf32>) -> tensor<36x6x2x3xf32>
  %s = loom.add %ic, %j : (tensor<36x6x2x3xf32>, tensor<36x6x2x3xf32>) -> tensor<36x6x2x3xf32>
  %w = loom.cos %s : tensor<36x6x2x3xf32>
  %y = loom.conv %x, %w strides [2, 1] dilations [1, 1] pad_low [1, 0] pad_high [0, 2] groups 1 : (tensor<1x6x11x12xf32>, tensor<36x6x2x3xf32>) -> tensor<1x36x6x12xf32>
  return %y : tensor<1x36x6x12xf32>
}

// 256 filters of 14 x 14 on 64 channels: split into filter blocks of whole
// panels across workgroups.
func.func @filter_blocks(%x: tensor<1x64x14x14xf32> {loom.random = [-1.0, 1.0]}) -> tensor<1x256x14x14xf32> {
  %i = loom.iota dim 0 : tensor<256x64x3x3xf32>
  %j = loom.iota dim 1 : tensor<256x64x3x3xf32>
  %c = loom.constant dense<0.017> : tensor<256x64x3x3xf32>
  %ic = loom.mul %i, %c : (tensor<256x64x3x3xf32>, tensor<256x64x3x3xf32>) -> tensor<256x64x3x3xf32>
  %s = loom.add %ic, %j : (tensor<256x64x3x3xf32>, tensor<256x64x3x3xf32>) -> tensor<256x64x3x3xf32>
  %w = loom.sin %s : tensor<256x64x3x3xf32>
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x64x14x14xf32>, tensor<256x64x3x3xf32>) -> tensor<1x256x14x14xf32>
  %r = loom.relu %y : tensor<1x256x14x14xf32>
  return %r : tensor<1x256x14x14xf32>
}

func.func @shared_filter(%x: tensor<1x4x8x8xf32> {loom.random = [-1.0, 1.0]}, %z: tensor<1x4x8x8xf32> {loom.random = [-1.0, 1.0]}) -> (tensor<1x32x8x8xf32>, tensor<1x32x8x8xf32>, tensor<32x4x3x3xf32>) {
  %i = loom.iota dim 0 : tensor<32x4x3x3xf32>
  %j = loom.iota dim 2 : tensor<32x4x3x3xf32>
  %c = loom.constant dense<0.71> : tensor<32x4x3x3xf32>
  %ic = loom.mul %i, %c : (tensor<32x4x3x3xf32>, tensor<32x4x3x3xf32>) -> tensor<32x4x3x3xf32>
  %s = loom.add %ic, %j : (tensor<32x4x3x3xf32>, tensor<32x4x3x3xf32>) -> tensor<32x4x3x3xf32>
  %w = loom.sin %s : tensor<32x4x3x3xf32>
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x4x8x8xf32>, tensor<32x4x3x3xf32>) -> tensor<1x32x8x8xf32>
  %y2 = loom.conv %z, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x4x8x8xf32>, tensor<32x4x3x3xf32>) -> tensor<1x32x8x8xf32>
  %ww = loom.add %w, %w : (tensor<32x4x3x3xf32>, tensor<32x4x3x3xf32>) -> tensor<32x4x3x3xf32>
  return %y, %y2, %ww : tensor<1x32x8x8xf32>, tensor<1x32x8x8xf32>, tensor<32x4x3x3xf32>
}

func.func @pointwise_bias_relu(%x: tensor<1x48x7x7xf32> {loom.random = [-1.0, 1.0]}, %b: tensor<1x96x1x1xf32> {loom.random = [-1.0, 1.0]}) -> tensor<1x96x7x7xf32> {
  %i = loom.iota dim 0 : tensor<96x48x1x1xf32>
  %j = loom.iota dim 1 : tensor<96x48x1x1xf32>
  %c = loom.constant dense<0.31> : tensor<96x48x1x1xf32>
  %ic = loom.mul %i, %c : (tensor<96x48x1x1xf32>, tensor<96x48x1x1xf32>) -> tensor<96x48x1x1xf32>
  %s = loom.add %ic, %j : (tensor<96x48x1x1xf32>, tensor<96x48x1x1xf32>) -> tensor<96x48x1x1xf32>
  %w = loom.sin %s : tensor<96x48x1x1xf32>
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x48x7x7xf32>, tensor<96x48x1x1xf32>) -> tensor<1x96x7x7xf32>
  %a = loom.add %y, %b : (tensor<1x96x7x7xf32>, tensor<1x96x1x1xf32>) -> tensor<1x96x7x7xf32>
  %r = loom.relu %a : tensor<1x96x7x7xf32>
  return %r : tensor<1x96x7x7xf32>
}

func.func @pointwise_stride2(%x: tensor<2x40x13x13xf32> {loom.random = [-1.0, 1.0]}) -> tensor<2x70x7x7xf32> {
  %i = loom.iota dim 0 : tensor<70x40x1x1xf32>
  %j = loom.iota dim 1 : tensor<70x40x1x1xf32>
  %c = loom.constant dense<0.47> : tensor<70x40x1x1xf32>
  %jc = loom.mul %j, %c : (tensor<70x40x1x1xf32>, tensor<70x40x1x1xf32>) -> tensor<70x40x1x1xf32>
  %s = loom.sub %jc, %i : (tensor<70x40x1x1xf32>, tensor<70x40x1x1xf32>) -> tensor<70x40x1x1xf32>
  %w = loom.cos %s : tensor<70x40x1x1xf32>
  %y = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<2x40x13x13xf32>, tensor<70x40x1x1xf32>) -> tensor<2x70x7x7xf32>
  return %y : tensor<2x70x7x7xf32>
}
