// Patterns that loom-form-dispatches fuses into one kernel, compiled for
// the CPU against the reference evaluator on seeded random inputs: softmax
// and layer norm written as primitives, matmul with a bias and activation
// epilogue, convolution with bias, relu and a residual add, and long
// elementwise chains with broadcasting.
// RUN: loom-differential %s

// softmax(x) = exp(x - max(x)) / sum(exp(x - max(x))) over the last axis.
func.func @softmax_primitives(%x: tensor<6x37xf32> {loom.random = [-8.0, 8.0]}) -> tensor<6x37xf32> {
  %max = loom.reduce_max %x axes [1] keepdims : (tensor<6x37xf32>) -> tensor<6x1xf32>
  %shifted = loom.sub %x, %max : (tensor<6x37xf32>, tensor<6x1xf32>) -> tensor<6x37xf32>
  %exp = loom.exp %shifted : tensor<6x37xf32>
  %sum = loom.reduce_sum %exp axes [1] keepdims : (tensor<6x37xf32>) -> tensor<6x1xf32>
  %0 = loom.div %exp, %sum : (tensor<6x37xf32>, tensor<6x1xf32>) -> tensor<6x37xf32>
  return %0 : tensor<6x37xf32>
}
func.func @softmax_op(%x: tensor<2x5x19xf32> {loom.random = [-8.0, 8.0]}) -> (tensor<2x5x19xf32>, tensor<2x5x19xf32>) {
  %0 = loom.softmax %x axis 2 : tensor<2x5x19xf32>
  %1 = loom.log_softmax %x axis 2 : tensor<2x5x19xf32>
  return %0, %1 : tensor<2x5x19xf32>, tensor<2x5x19xf32>
}

// Layer norm over the last axis: (x - mean) / sqrt(var + eps) * gamma + beta.
// Not on near-constant rows: written with primitives in f32, x - mean
// cancels (|x| ~ 1e4, |x - mean| < 1), so the few ulps by which the CPU's
// reassociated mean and the evaluator's sequential one differ are amplified
// ten thousand times; loom.layer_norm itself is held to those rows (nn.mlir).
func.func @layer_norm_primitives(%x: tensor<4x48xf32>, %gamma: tensor<48xf32>, %beta: tensor<48xf32>) -> tensor<4x48xf32>
    attributes {loom.skip_distributions = ["near-constant"]} {
  %mean = loom.reduce_mean %x axes [1] keepdims : (tensor<4x48xf32>) -> tensor<4x1xf32>
  %centered = loom.sub %x, %mean : (tensor<4x48xf32>, tensor<4x1xf32>) -> tensor<4x48xf32>
  %square = loom.mul %centered, %centered : (tensor<4x48xf32>, tensor<4x48xf32>) -> tensor<4x48xf32>
  %var = loom.reduce_mean %square axes [1] keepdims : (tensor<4x48xf32>) -> tensor<4x1xf32>
  %eps = loom.constant dense<1.0e-05> : tensor<f32>
  %var_eps = loom.add %var, %eps : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
  %inv_std = loom.rsqrt %var_eps : tensor<4x1xf32>
  %normalized = loom.mul %centered, %inv_std : (tensor<4x48xf32>, tensor<4x1xf32>) -> tensor<4x48xf32>
  %scaled = loom.mul %normalized, %gamma : (tensor<4x48xf32>, tensor<48xf32>) -> tensor<4x48xf32>
  %0 = loom.add %scaled, %beta : (tensor<4x48xf32>, tensor<48xf32>) -> tensor<4x48xf32>
  return %0 : tensor<4x48xf32>
}
func.func @layer_norm_op(%x: tensor<2x16x40xf32>, %gamma: tensor<40xf32>, %beta: tensor<40xf32>) -> tensor<2x16x40xf32> {
  %0 = loom.layer_norm %x, %gamma, %beta axis 2 epsilon 1.0e-05 : (tensor<2x16x40xf32>, tensor<40xf32>, tensor<40xf32>) -> tensor<2x16x40xf32>
  return %0 : tensor<2x16x40xf32>
}

// A dense layer: relu(x @ w + b), and the same with gelu and a constant
// weight as a model would hold it.
func.func @matmul_bias_relu(%x: tensor<33x70xf32>, %w: tensor<70x29xf32>, %b: tensor<29xf32>) -> tensor<33x29xf32> {
  %mm = loom.matmul %x, %w : (tensor<33x70xf32>, tensor<70x29xf32>) -> tensor<33x29xf32>
  %biased = loom.add %mm, %b : (tensor<33x29xf32>, tensor<29xf32>) -> tensor<33x29xf32>
  %0 = loom.relu %biased : tensor<33x29xf32>
  return %0 : tensor<33x29xf32>
}
func.func @matmul_constant_bias_gelu(%x: tensor<8x16xf32>) -> tensor<8x4xf32> {
  %w = loom.constant dense<[[0.5, -0.25, 0.125, 1.0], [-0.5, 0.25, 0.75, -1.0], [0.1, 0.2, 0.3, 0.4], [-0.1, -0.2, -0.3, -0.4],
                            [0.5, -0.25, 0.125, 1.0], [-0.5, 0.25, 0.75, -1.0], [0.1, 0.2, 0.3, 0.4], [-0.1, -0.2, -0.3, -0.4],
                            [0.5, -0.25, 0.125, 1.0], [-0.5, 0.25, 0.75, -1.0], [0.1, 0.2, 0.3, 0.4], [-0.1, -0.2, -0.3, -0.4],
                            [0.5, -0.25, 0.125, 1.0], [-0.5, 0.25, 0.75, -1.0], [0.1, 0.2, 0.3, 0.4], [-0.1, -0.2, -0.3, -0.4]]> : tensor<16x4xf32>
  %b = loom.constant dense<[0.5, -0.5, 0.0, 1.0]> : tensor<4xf32>
  %mm = loom.matmul %x, %w : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
  %biased = loom.add %mm, %b : (tensor<8x4xf32>, tensor<4xf32>) -> tensor<8x4xf32>
  %0 = loom.gelu %biased : tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// A residual block: relu(conv(x, w) + b) + x.
func.func @conv_bias_relu_residual(%x: tensor<1x8x10x10xf32>, %w: tensor<8x8x3x3xf32> {loom.random = [-0.5, 0.5]}, %b: tensor<8x1x1xf32>) -> tensor<1x8x10x10xf32> {
  %conv = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x8x10x10xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x10x10xf32>
  %biased = loom.add %conv, %b : (tensor<1x8x10x10xf32>, tensor<8x1x1xf32>) -> tensor<1x8x10x10xf32>
  %relu = loom.relu %biased : tensor<1x8x10x10xf32>
  %0 = loom.add %relu, %x : (tensor<1x8x10x10xf32>, tensor<1x8x10x10xf32>) -> tensor<1x8x10x10xf32>
  return %0 : tensor<1x8x10x10xf32>
}
func.func @conv_strided_bias_clamp(%x: tensor<2x3x9x9xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4x1x1xf32>) -> tensor<2x4x4x4xf32> {
  %conv = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<2x3x9x9xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x4x4xf32>
  %biased = loom.add %conv, %b : (tensor<2x4x4x4xf32>, tensor<4x1x1xf32>) -> tensor<2x4x4x4xf32>
  %0 = loom.clamp %biased min = 0.0 max = 6.0 : tensor<2x4x4x4xf32>
  return %0 : tensor<2x4x4x4xf32>
}

// Elementwise chains: several uses of one value, broadcasting and a cast.
func.func @elementwise_chain(%x: tensor<7x33xf32>, %y: tensor<33xf32>, %s: tensor<f32>) -> (tensor<7x33xf32>, tensor<7x33xf16>) {
  %a = loom.mul %x, %y : (tensor<7x33xf32>, tensor<33xf32>) -> tensor<7x33xf32>
  %b = loom.add %a, %s : (tensor<7x33xf32>, tensor<f32>) -> tensor<7x33xf32>
  %c = loom.tanh %b : tensor<7x33xf32>
  %d = loom.mul %c, %x : (tensor<7x33xf32>, tensor<7x33xf32>) -> tensor<7x33xf32>
  %e = loom.sigmoid %d : tensor<7x33xf32>
  %f = loom.cast %e : tensor<7x33xf32> to tensor<7x33xf16>
  return %d, %f : tensor<7x33xf32>, tensor<7x33xf16>
}
func.func @select_of_compare(%x: tensor<5x21xf32>, %y: tensor<5x21xf32>) -> tensor<5x21xf32> {
  %cond = loom.compare gt, %x, %y : (tensor<5x21xf32>, tensor<5x21xf32>) -> tensor<5x21xi1>
  %diff = loom.sub %x, %y : (tensor<5x21xf32>, tensor<5x21xf32>) -> tensor<5x21xf32>
  %prod = loom.mul %x, %y : (tensor<5x21xf32>, tensor<5x21xf32>) -> tensor<5x21xf32>
  %0 = loom.select %cond, %diff, %prod : (tensor<5x21xi1>, tensor<5x21xf32>, tensor<5x21xf32>) -> tensor<5x21xf32>
  return %0 : tensor<5x21xf32>
}
