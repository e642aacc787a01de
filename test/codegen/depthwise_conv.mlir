// Inputs for the differential tester (`loom-differential FILE.mlir`):
// depthwise convolutions as MobileNet has them, which the CPU backend runs
// on loom_ukernel_depthwise_conv2d_f32 (loom-cpu-depthwise-conv-to-ukernel),
// with the bias and clamp that become the call's epilogue, against the
// reference evaluator. Odd widths and channel counts, both strides the
// micro-kernel tiles, a batch, and shapes that take its loops instead.
// RUN: loom-differential %s

// A per-channel bias given at run time, then ReLU6: the epilogue.
func.func @depthwise_bias_relu6(%x: tensor<1x5x21x21xf32>, %w: tensor<5x1x3x3xf32>, %b: tensor<1x5x1x1xf32>) -> (tensor<1x5x21x21xf32>) {
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 5 : (tensor<1x5x21x21xf32>, tensor<5x1x3x3xf32>) -> tensor<1x5x21x21xf32>
  %a = loom.add %c, %b : (tensor<1x5x21x21xf32>, tensor<1x5x1x1xf32>) -> tensor<1x5x21x21xf32>
  %y = loom.clamp %a min = 0.000000e+00 max = 6.000000e+00 : tensor<1x5x21x21xf32>
  return %y : tensor<1x5x21x21xf32>
}

// A constant per-channel bias and ReLU at stride 2 with an odd input.
func.func @depthwise_stride2_constant_bias_relu(%x: tensor<1x3x17x17xf32>, %w: tensor<3x1x3x3xf32>) -> (tensor<1x3x9x9xf32>) {
  %b = loom.constant dense<[[[[0.5]], [[-0.25]], [[0.125]]]]> : tensor<1x3x1x1xf32>
  %c = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 3 : (tensor<1x3x17x17xf32>, tensor<3x1x3x3xf32>) -> tensor<1x3x9x9xf32>
  %a = loom.add %c, %b : (tensor<1x3x9x9xf32>, tensor<1x3x1x1xf32>) -> tensor<1x3x9x9xf32>
  %y = loom.relu %a : tensor<1x3x9x9xf32>
  return %y : tensor<1x3x9x9xf32>
}

// One bias for every channel (a splat), and a wide row at stride 2 whose
// padding is asymmetric.
func.func @depthwise_stride2_splat_bias(%x: tensor<1x7x40x40xf32>, %w: tensor<7x1x3x3xf32>) -> (tensor<1x7x20x20xf32>) {
  %b = loom.constant dense<0.75> : tensor<1x7x1x1xf32>
  %c = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [1, 1] groups 7 : (tensor<1x7x40x40xf32>, tensor<7x1x3x3xf32>) -> tensor<1x7x20x20xf32>
  %y = loom.add %c, %b : (tensor<1x7x20x20xf32>, tensor<1x7x1x1xf32>) -> tensor<1x7x20x20xf32>
  return %y : tensor<1x7x20x20xf32>
}

// A batch of 3 with ReLU6 but no bias.
func.func @depthwise_batch3_relu6(%x: tensor<3x6x9x11xf32>, %w: tensor<6x1x3x3xf32>) -> (tensor<3x6x9x11xf32>) {
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 6 : (tensor<3x6x9x11xf32>, tensor<6x1x3x3xf32>) -> tensor<3x6x9x11xf32>
  %y = loom.clamp %c min = 0.000000e+00 max = 6.000000e+00 : tensor<3x6x9x11xf32>
  return %y : tensor<3x6x9x11xf32>
}

// The micro-kernel's loops: a 5x5 window, a dilation of 2, unequal strides.
func.func @depthwise_5x5(%x: tensor<1x4x12x12xf32>, %w: tensor<4x1x5x5xf32>) -> (tensor<1x4x12x12xf32>) {
  %y = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [2, 2] pad_high [2, 2] groups 4 : (tensor<1x4x12x12xf32>, tensor<4x1x5x5xf32>) -> tensor<1x4x12x12xf32>
  return %y : tensor<1x4x12x12xf32>
}

func.func @depthwise_dilation2(%x: tensor<1x4x11x11xf32>, %w: tensor<4x1x3x3xf32>) -> (tensor<1x4x11x11xf32>) {
  %y = loom.conv %x, %w strides [1, 1] dilations [2, 2] pad_low [2, 2] pad_high [2, 2] groups 4 : (tensor<1x4x11x11xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x11x11xf32>
  return %y : tensor<1x4x11x11xf32>
}

func.func @depthwise_strides_2_1(%x: tensor<1x4x10x10xf32>, %w: tensor<4x1x3x3xf32>) -> (tensor<1x4x5x10xf32>) {
  %y = loom.conv %x, %w strides [2, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 4 : (tensor<1x4x10x10xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x5x10xf32>
  return %y : tensor<1x4x5x10xf32>
}
