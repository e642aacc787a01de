// A max all-reduce over the data axis of a 2x4 mesh (collective-asm.mlir).
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @main(%y: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %b = shard.all_reduce %y on @mesh grid_axes = [0] reduction = max : tensor<8x16xf32> -> tensor<8x16xf32>
  return %b : tensor<8x16xf32>
}
