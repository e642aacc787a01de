// RUN: loom-opt %s -split-input-file -verify-diagnostics -loom-partition

// Partitioning reads the layouts propagation wrote; without them it says
// which pass is missing.
shard.grid @mesh(shape = 2) {loom.mesh_axes = ["model"]}
// expected-error @+1 {{argument #0 has no sharding; run loom-propagate-sharding before loom-partition}}
func.func @unpropagated(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %y = loom.relu %x : tensor<8x16xf32>
  return %y : tensor<8x16xf32>
}

// -----

// The partitioner supports one grid.
// expected-error @+1 {{the module has several shard.grid ops; partitioning supports one}}
module {
  shard.grid @a(shape = 2)
  shard.grid @b(shape = 2)
  func.func @main(%x: tensor<8xf32>) -> tensor<8xf32> {
    return %x : tensor<8xf32>
  }
}
