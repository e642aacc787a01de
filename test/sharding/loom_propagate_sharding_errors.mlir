// RUN: loom-opt %s -split-input-file -verify-diagnostics -loom-propagate-sharding

shard.grid @mesh(shape = 2) {loom.mesh_axes = ["data"]}
func.func @conflicting_annotations(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %s = shard.sharding @mesh split_axes = [[0]] : !shard.sharding
  %a = shard.shard %x to %s : tensor<8x8xf32>
  %t = shard.sharding @mesh split_axes = [[], [0]] : !shard.sharding
  // expected-error@+1 {{conflicting annotations of one value: [_,data] here, another before}}
  %b = shard.shard %x to %t : tensor<8x8xf32>
  %0 = loom.add %a, %b : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

shard.grid @mesh(shape = 4) {loom.mesh_axes = ["data"]}
func.func @not_divisible(%x: tensor<6xf32>) -> tensor<6xf32> {
  %s = shard.sharding @mesh split_axes = [[0]] : !shard.sharding
  // expected-error@+1 {{the annotated tensor: dimension 0 of size 6 is not divisible by 4 (data)}}
  %a = shard.shard %x to %s : tensor<6xf32>
  return %a : tensor<6xf32>
}

// -----

shard.grid @mesh(shape = 2) {loom.mesh_axes = ["data"]}
func.func @too_many_entries(%x: tensor<6xf32>) -> tensor<6xf32> {
  %s = shard.sharding @mesh split_axes = [[], [0]] : !shard.sharding
  // expected-error@+1 {{the sharding has 2 entries for a tensor of rank 1}}
  %a = shard.shard %x to %s : tensor<6xf32>
  return %a : tensor<6xf32>
}

// -----

shard.grid @mesh(shape = 2) {loom.mesh_axes = ["data"]}
func.func @unknown_axis(%x: tensor<6xf32>) -> tensor<6xf32> {
  %s = shard.sharding @mesh split_axes = [[1]] : !shard.sharding
  // expected-error@+1 {{the annotated tensor: mesh axis 1 does not exist; the mesh has 1 axis}}
  %a = shard.shard %x to %s : tensor<6xf32>
  return %a : tensor<6xf32>
}

// -----

shard.grid @mesh(shape = 2) {loom.mesh_axes = ["data"]}
func.func @halo(%x: tensor<8xf32>) -> tensor<8xf32> {
  %s = shard.sharding @mesh split_axes = [[0]] halo_sizes = [1, 1] : !shard.sharding
  // expected-error@+1 {{halo sizes and uneven shard offsets are not supported}}
  %a = shard.shard %x to %s : tensor<8xf32>
  return %a : tensor<8xf32>
}

// -----

shard.grid @a(shape = 2)
shard.grid @b(shape = 2)
// expected-error@+1 {{the annotations use 2 grids; sharding supports one}}
func.func @two_grids(%x: tensor<8xf32>, %y: tensor<8xf32>) -> tensor<8xf32> {
  %s = shard.sharding @a split_axes = [[0]] : !shard.sharding
  %xa = shard.shard %x to %s : tensor<8xf32>
  %t = shard.sharding @b split_axes = [[0]] : !shard.sharding
  %yb = shard.shard %y to %t : tensor<8xf32>
  %0 = loom.add %xa, %yb : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// expected-error@+1 {{grid @mesh: loom.mesh_axes must hold distinct identifier strings}}
shard.grid @mesh(shape = 2x2) {loom.mesh_axes = ["data", "data"]}
func.func @bad_names(%x: tensor<8xf32>) -> tensor<8xf32> {
  return %x : tensor<8xf32>
}
