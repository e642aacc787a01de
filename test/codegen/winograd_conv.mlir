// Inputs for the differential tester (`loom-differential FILE.mlir`): 3x3
// stride-1 convolutions that the CPU backend runs on
// loom_ukernel_conv2d_3x3_winograd_f32 with its winograd option
// (loom-cpu-winograd-conv-to-ukernel: tiles of at least 64 2x2 output
// tiles), against the reference evaluator. Odd output sizes (partial tiles), no padding and asymmetric
// padding, a batch, a bias and ReLU after it, many channels, and one
// convolution too small for the call. Not on `wide` draws: the
// transforms round relative to the largest terms (as any reordered sum
// does), and where terms of magnitudes 2^-24 to 2^24 cancel that exceeds
// rtol of the small result; test/ukernels/UkernelWinogradTest.cpp bounds
// the error by the sum of the terms' magnitudes. Nor on `special` draws:
// the input transform subtracts inputs, so an infinite input gives NaN
// (inf - inf) where the direct sum gives an infinity (docs/cpu-backend.md).
// RUN: loom-differential %s --target-option=winograd=true --function=pad1_bias_relu
// RUN: loom-differential %s --target-option=winograd=true --function=odd_sizes
// RUN: loom-differential %s --target-option=winograd=true --function=valid
// RUN: loom-differential %s --target-option=winograd=true --function=asymmetric_pad
// RUN: loom-differential %s --target-option=winograd=true --function=batch3
// RUN: loom-differential %s --target-option=winograd=true --function=too_small
// 576 products a sum: the default atol (1e-5) is below the rounding of
// sums of that magnitude (U[-2, 2] inputs: about 576 in absolute value),
// which the matmul path's sum order (blocks of 256) already exceeds.
// RUN: loom-differential %s --target-option=winograd=true --function=resnet_block --atol=2e-4

func.func @pad1_bias_relu(%x: tensor<1x8x16x16xf32>, %w: tensor<16x8x3x3xf32>, %b: tensor<1x16x1x1xf32>) -> (tensor<1x16x16x16xf32>) attributes {loom.skip_distributions = ["wide", "special"]} {
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x8x16x16xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x16x16xf32>
  %a = loom.add %c, %b : (tensor<1x16x16x16xf32>, tensor<1x16x1x1xf32>) -> tensor<1x16x16x16xf32>
  %y = loom.relu %a : tensor<1x16x16x16xf32>
  return %y : tensor<1x16x16x16xf32>
}

// 17 x 19 outputs: the last row and column of tiles are half empty.
func.func @odd_sizes(%x: tensor<1x5x17x19xf32>, %w: tensor<7x5x3x3xf32>) -> (tensor<1x7x17x19xf32>) attributes {loom.skip_distributions = ["wide", "special"]} {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x5x17x19xf32>, tensor<7x5x3x3xf32>) -> tensor<1x7x17x19xf32>
  return %y : tensor<1x7x17x19xf32>
}

// No padding, and padding on one side only.
func.func @valid(%x: tensor<1x4x20x22xf32>, %w: tensor<6x4x3x3xf32>) -> (tensor<1x6x18x20xf32>) attributes {loom.skip_distributions = ["wide", "special"]} {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x4x20x22xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x18x20xf32>
  return %y : tensor<1x6x18x20xf32>
}

func.func @asymmetric_pad(%x: tensor<1x3x18x18xf32>, %w: tensor<5x3x3x3xf32>) -> (tensor<1x5x18x17xf32>) attributes {loom.skip_distributions = ["wide", "special"]} {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [2, 0] pad_high [0, 1] groups 1 : (tensor<1x3x18x18xf32>, tensor<5x3x3x3xf32>) -> tensor<1x5x18x17xf32>
  return %y : tensor<1x5x18x17xf32>
}

// A batch: each tile holds one image.
func.func @batch3(%x: tensor<3x6x16x16xf32>, %w: tensor<9x6x3x3xf32>) -> (tensor<3x9x16x16xf32>) attributes {loom.skip_distributions = ["wide", "special"]} {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<3x6x16x16xf32>, tensor<9x6x3x3xf32>) -> tensor<3x9x16x16xf32>
  return %y : tensor<3x9x16x16xf32>
}

// ResNet's first stage in small: 64 channels, a residual add and ReLU.
func.func @resnet_block(%x: tensor<1x64x28x28xf32>, %w: tensor<64x64x3x3xf32>) -> (tensor<1x64x28x28xf32>) attributes {loom.skip_distributions = ["wide", "special"]} {
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x64x28x28xf32>, tensor<64x64x3x3xf32>) -> tensor<1x64x28x28xf32>
  %a = loom.add %c, %x : (tensor<1x64x28x28xf32>, tensor<1x64x28x28xf32>) -> tensor<1x64x28x28xf32>
  %y = loom.relu %a : tensor<1x64x28x28xf32>
  return %y : tensor<1x64x28x28xf32>
}

// 6 x 6 outputs are 9 tiles: the matmul stays.
func.func @too_small(%x: tensor<1x4x6x6xf32>, %w: tensor<4x4x3x3xf32>) -> (tensor<1x4x6x6xf32>) {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x4x6x6xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}
