// A model whose output "stat" updates the named constant "stat" (as the
// ONNX importer returns a training-mode batch norm's running statistics
// under --train): the step keeps it as state.
func.func @main(%x: tensor<4x3xf32> {loom.name = "x"}) -> (tensor<4x2xf32> {loom.name = "logits"}, tensor<3xf32> {loom.name = "stat"}) {
  %w = loom.constant dense<[[0.1, -0.2], [0.4, 0.1], [-0.2, 0.3]]> : tensor<3x2xf32> loc("w")
  %stat = loom.constant dense<[0.0, 1.0, 2.0]> : tensor<3xf32> loc("stat")
  %o = loom.matmul %x, %w : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<4x2xf32>
  %keep = loom.constant dense<9.000000e-01> : tensor<f32>
  %take = loom.constant dense<1.000000e-01> : tensor<f32>
  %mean = loom.reduce_mean %x axes [0] : (tensor<4x3xf32>) -> tensor<3xf32>
  %old = loom.mul %stat, %keep : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %new = loom.mul %mean, %take : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %updated = loom.add %old, %new : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %o, %updated : tensor<4x2xf32>, tensor<3xf32>
}
