// A two-layer perceptron whose hidden shapes were left open (as an importer
// with a symbolic batch size would leave them): `--loom-refine-shapes`
// makes every shape static from the input's, `--loom-fold-constants` folds
// the scaled bias into one constant.
func.func @mlp(%input: tensor<4x8xf32>) -> tensor<?x2xf32> {
  %w1 = loom.constant dense<0.125> : tensor<8x16xf32>
  %b1 = loom.constant dense<[0.0, 0.5, -0.5, 1.0, 0.0, 0.5, -0.5, 1.0,
                             0.0, 0.5, -0.5, 1.0, 0.0, 0.5, -0.5, 1.0]> : tensor<16xf32>
  %scale = loom.constant dense<2.0> : tensor<f32>
  %b1_scaled = loom.mul %b1, %scale : (tensor<16xf32>, tensor<f32>) -> tensor<16xf32>
  %h = loom.matmul %input, %w1 : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<?x16xf32>
  %h_bias = loom.add %h, %b1_scaled : (tensor<?x16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  %h_act = loom.gelu %h_bias : tensor<?x16xf32>
  %w2 = loom.constant dense<-0.25> : tensor<16x2xf32>
  %out = loom.matmul %h_act, %w2 : (tensor<?x16xf32>, tensor<16x2xf32>) -> tensor<?x2xf32>
  return %out : tensor<?x2xf32>
}
