// An MLP (6 -> 8 -> ReLU -> 3, batch 4) whose named constants are the
// parameters of its training step (train_loop.py, docs/training.md).
func.func @main(%x: tensor<4x6xf32> {loom.name = "x"}) -> (tensor<4x3xf32> {loom.name = "logits"}) {
  %w1 = loom.constant dense<[[0.137, -0.230, -0.459, -0.483, 0.313, 0.413, 0.107, 0.229], [0.044, 0.435, 0.316, -0.497, 0.357, -0.466, 0.230, -0.324], [0.363, 0.041, -0.200, -0.077, -0.472, -0.376, 0.171, 0.147], [0.115, -0.116, 0.497, 0.481, 0.186, 0.150, 0.188, -0.111], [-0.365, 0.221, 0.025, -0.190, -0.014, 0.389, 0.434, -0.142], [0.072, -0.178, 0.094, -0.162, -0.108, 0.390, -0.273, 0.123]]> : tensor<6x8xf32> loc("fc1.weight")
  %b1 = loom.constant dense<[-0.083, 0.067, 0.057, -0.052, 0.075, -0.088, -0.033, -0.070]> : tensor<8xf32> loc("fc1.bias")
  %w2 = loom.constant dense<[[-0.050, 0.296, -0.269], [-0.448, -0.095, -0.301], [-0.409, 0.080, -0.201], [0.172, -0.300, 0.442], [-0.135, -0.395, 0.129], [0.427, -0.060, 0.455], [-0.000, -0.075, 0.120], [0.495, 0.449, -0.040]]> : tensor<8x3xf32> loc("fc2.weight")
  %b2 = loom.constant dense<[0.052, -0.001, 0.006]> : tensor<3xf32> loc("fc2.bias")
  %h = loom.matmul %x, %w1 : (tensor<4x6xf32>, tensor<6x8xf32>) -> tensor<4x8xf32>
  %hb = loom.add %h, %b1 : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %a = loom.relu %hb : tensor<4x8xf32>
  %o = loom.matmul %a, %w2 : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  %ob = loom.add %o, %b2 : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %ob : tensor<4x3xf32>
}
