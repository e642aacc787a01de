// A model whose batch is dynamic (loomc_train.mlir).
func.func @main(%x: tensor<?x3xf32> {loom.name = "x"}) -> (tensor<?x3xf32> {loom.name = "out"}) {
  %w = loom.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32> loc("w")
  %y = loom.mul %x, %w : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}
