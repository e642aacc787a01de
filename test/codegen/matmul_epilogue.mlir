// Inputs for the differential tester (`loom-differential FILE.mlir`):
// convolutions whose bias, residual and ReLU / ReLU6 the CPU backend applies
// in the matmul micro-kernel's stores (loom_ukernel_matmul_epilogue_f32;
// loom-cpu-matmul-to-ukernel), against the reference evaluator: ResNet's
// block end (bias, shortcut, ReLU), MobileNetV2's projection (bias,
// shortcut) and expansion (bias, ReLU6), EfficientNet's expansion (bias,
// SiLU as sigmoid and mul) and its stem (SiLU of a strided 3x3 convolution
// without a bias), a transformer's dense layers (a bias per column, then
// the residual; a bias per column and ReLU), a batch, and more than one
// depth
// block of the micro-kernel (K = 32 x 9 = 288 > 256), whose tiles read
// the matmul's [F, P] as [1, F, OH, OW].
// The inputs keep to [-1, 1] (weights to [-0.25, 0.25]): on `wide` draws
// the micro-kernel's fused multiply-adds round differently from the
// evaluator's products and sums where terms cancel, with or without the
// epilogue (as in fused.mlir).
// RUN: loom-differential %s

func.func @bias_residual_relu(%x: tensor<1x16x14x14xf32> {loom.random = [-1.0, 1.0]}, %w: tensor<16x16x3x3xf32> {loom.random = [-0.25, 0.25]}, %b: tensor<1x16x1x1xf32> {loom.random = [-1.0, 1.0]}) -> tensor<1x16x14x14xf32> {
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x16x14x14xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x14x14xf32>
  %a = loom.add %c, %b : (tensor<1x16x14x14xf32>, tensor<1x16x1x1xf32>) -> tensor<1x16x14x14xf32>
  %r = loom.add %a, %x : (tensor<1x16x14x14xf32>, tensor<1x16x14x14xf32>) -> tensor<1x16x14x14xf32>
  %y = loom.relu %r : tensor<1x16x14x14xf32>
  return %y : tensor<1x16x14x14xf32>
}

func.func @projection_bias_residual(%x: tensor<1x32x28x28xf32> {loom.random = [-1.0, 1.0]}, %w: tensor<16x32x1x1xf32> {loom.random = [-0.25, 0.25]}, %b: tensor<1x16x1x1xf32> {loom.random = [-1.0, 1.0]}, %s: tensor<1x16x28x28xf32> {loom.random = [-1.0, 1.0]}) -> tensor<1x16x28x28xf32> {
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x32x28x28xf32>, tensor<16x32x1x1xf32>) -> tensor<1x16x28x28xf32>
  %a = loom.add %c, %b : (tensor<1x16x28x28xf32>, tensor<1x16x1x1xf32>) -> tensor<1x16x28x28xf32>
  %y = loom.add %s, %a : (tensor<1x16x28x28xf32>, tensor<1x16x28x28xf32>) -> tensor<1x16x28x28xf32>
  return %y : tensor<1x16x28x28xf32>
}

func.func @expansion_bias_relu6(%x: tensor<1x8x28x28xf32> {loom.random = [-1.0, 1.0]}, %w: tensor<48x8x1x1xf32> {loom.random = [-0.25, 0.25]}, %b: tensor<1x48x1x1xf32> {loom.random = [-1.0, 1.0]}) -> tensor<1x48x28x28xf32> {
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x8x28x28xf32>, tensor<48x8x1x1xf32>) -> tensor<1x48x28x28xf32>
  %a = loom.add %c, %b : (tensor<1x48x28x28xf32>, tensor<1x48x1x1xf32>) -> tensor<1x48x28x28xf32>
  %y = loom.clamp %a min = 0.000000e+00 max = 6.000000e+00 : tensor<1x48x28x28xf32>
  return %y : tensor<1x48x28x28xf32>
}

func.func @batch2_bias_residual_relu(%x: tensor<2x32x12x12xf32> {loom.random = [-1.0, 1.0]}, %w: tensor<32x32x3x3xf32> {loom.random = [-0.25, 0.25]}, %b: tensor<1x32x1x1xf32> {loom.random = [-1.0, 1.0]}) -> tensor<2x32x12x12xf32> {
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<2x32x12x12xf32>, tensor<32x32x3x3xf32>) -> tensor<2x32x12x12xf32>
  %a = loom.add %c, %b : (tensor<2x32x12x12xf32>, tensor<1x32x1x1xf32>) -> tensor<2x32x12x12xf32>
  %r = loom.add %a, %x : (tensor<2x32x12x12xf32>, tensor<2x32x12x12xf32>) -> tensor<2x32x12x12xf32>
  %y = loom.relu %r : tensor<2x32x12x12xf32>
  return %y : tensor<2x32x12x12xf32>
}

func.func @expansion_bias_silu(%x: tensor<1x16x28x28xf32> {loom.random = [-1.0, 1.0]}, %w: tensor<96x16x1x1xf32> {loom.random = [-0.25, 0.25]}, %b: tensor<1x96x1x1xf32> {loom.random = [-1.0, 1.0]}) -> tensor<1x96x28x28xf32> {
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x16x28x28xf32>, tensor<96x16x1x1xf32>) -> tensor<1x96x28x28xf32>
  %a = loom.add %c, %b : (tensor<1x96x28x28xf32>, tensor<1x96x1x1xf32>) -> tensor<1x96x28x28xf32>
  %s = loom.sigmoid %a : tensor<1x96x28x28xf32>
  %y = loom.mul %a, %s : (tensor<1x96x28x28xf32>, tensor<1x96x28x28xf32>) -> tensor<1x96x28x28xf32>
  return %y : tensor<1x96x28x28xf32>
}

func.func @stem_silu(%x: tensor<1x3x32x32xf32> {loom.random = [-1.0, 1.0]}, %w: tensor<32x3x3x3xf32> {loom.random = [-0.25, 0.25]}) -> tensor<1x32x16x16xf32> {
  %c = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x3x32x32xf32>, tensor<32x3x3x3xf32>) -> tensor<1x32x16x16xf32>
  %s = loom.sigmoid %c : tensor<1x32x16x16xf32>
  %y = loom.mul %s, %c : (tensor<1x32x16x16xf32>, tensor<1x32x16x16xf32>) -> tensor<1x32x16x16xf32>
  return %y : tensor<1x32x16x16xf32>
}

func.func @dense_bias_residual(%x: tensor<1x32x64xf32> {loom.random = [-1.0, 1.0]}, %w: tensor<64x48xf32> {loom.random = [-0.25, 0.25]}, %b: tensor<48xf32> {loom.random = [-1.0, 1.0]}, %r: tensor<1x32x48xf32> {loom.random = [-1.0, 1.0]}) -> tensor<1x32x48xf32> {
  %m = loom.matmul %x, %w : (tensor<1x32x64xf32>, tensor<64x48xf32>) -> tensor<1x32x48xf32>
  %a = loom.add %m, %b : (tensor<1x32x48xf32>, tensor<48xf32>) -> tensor<1x32x48xf32>
  %y = loom.add %r, %a : (tensor<1x32x48xf32>, tensor<1x32x48xf32>) -> tensor<1x32x48xf32>
  return %y : tensor<1x32x48xf32>
}

func.func @dense_bias_relu(%x: tensor<20x300xf32> {loom.random = [-1.0, 1.0]}, %w: tensor<300x40xf32> {loom.random = [-0.25, 0.25]}, %b: tensor<40xf32> {loom.random = [-1.0, 1.0]}) -> tensor<20x40xf32> {
  %m = loom.matmul %x, %w : (tensor<20x300xf32>, tensor<300x40xf32>) -> tensor<20x40xf32>
  %a = loom.add %m, %b : (tensor<20x40xf32>, tensor<40xf32>) -> tensor<20x40xf32>
  %y = loom.relu %a : tensor<20x40xf32>
  return %y : tensor<20x40xf32>
}
