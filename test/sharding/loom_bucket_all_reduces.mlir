// RUN: loom-opt %s -split-input-file -loom-bucket-all-reduces | FileCheck %s
// RUN: loom-opt %s -split-input-file -loom-bucket-all-reduces="bucket-bytes=60" | FileCheck %s --check-prefix=CAP
// RUN: loom-opt %s -split-input-file -loom-bucket-all-reduces="bucket-bytes=0" | FileCheck %s --check-prefix=OFF

// A training step's pending sums (a loss and two gradients) become one
// all-reduce, in the order their inputs are computed: the loss first. The
// bucket sits after the last input; the optimizer's reads move after it.
// CHECK-LABEL: func.func @step(
// CHECK: %[[LOSS:.*]] = loom.reduce_sum
// CHECK: %[[GW:.*]] = loom.matmul
// CHECK: %[[GB:.*]] = loom.reduce_sum
// CHECK-NEXT: %[[L1:.*]] = loom.reshape %[[LOSS]] : tensor<f32> to tensor<1xf32>
// CHECK-NEXT: %[[W1:.*]] = loom.reshape %[[GW]] : tensor<4x3xf32> to tensor<12xf32>
// CHECK-NEXT: %[[ALL:.*]] = loom.concat %[[L1]], %[[W1]], %[[GB]] axis 0 : (tensor<1xf32>, tensor<12xf32>, tensor<3xf32>) -> tensor<16xf32>
// CHECK-NEXT: %[[SUM:.*]] = shard.all_reduce %[[ALL]] on @mesh grid_axes = [0] : tensor<16xf32> -> tensor<16xf32>
// CHECK-NEXT: %[[S0:.*]] = loom.slice %[[SUM]] offsets [0] steps [1] : tensor<16xf32> to tensor<1xf32>
// CHECK-NEXT: %[[R0:.*]] = loom.reshape %[[S0]] : tensor<1xf32> to tensor<f32>
// CHECK-NEXT: %[[S1:.*]] = loom.slice %[[SUM]] offsets [1] steps [1] : tensor<16xf32> to tensor<12xf32>
// CHECK-NEXT: %[[R1:.*]] = loom.reshape %[[S1]] : tensor<12xf32> to tensor<4x3xf32>
// CHECK-NEXT: %[[S2:.*]] = loom.slice %[[SUM]] offsets [13] steps [1] : tensor<16xf32> to tensor<3xf32>
// CHECK-DAG: loom.sub %{{.*}}, %[[R1]]
// CHECK-DAG: loom.sub %{{.*}}, %[[S2]]
// CHECK: return %[[R0]]
// CHECK-NOT: shard.all_reduce
// With a cap of 60 bytes, the 4-byte loss and the 48-byte weight fill one
// bucket and the 12-byte bias, which would pass the cap, stays alone.
// CAP-LABEL: func.func @step(
// CAP: loom.concat {{.*}} -> tensor<13xf32>
// CAP: shard.all_reduce {{.*}} : tensor<13xf32> -> tensor<13xf32>
// CAP: shard.all_reduce {{.*}} : tensor<3xf32> -> tensor<3xf32>
// OFF-LABEL: func.func @step(
// OFF-NOT: loom.concat
// OFF-COUNT-3: shard.all_reduce
shard.grid @mesh(shape = 2) {loom.mesh_axes = ["data"]}
func.func @step(%x: tensor<2x4xf32>, %dy: tensor<2x3xf32>, %w: tensor<4x3xf32>, %b: tensor<3xf32>) -> (tensor<f32>, tensor<4x3xf32>, tensor<3xf32>) {
  %loss = loom.reduce_sum %dy axes [0, 1] : (tensor<2x3xf32>) -> tensor<f32>
  %lossr = shard.all_reduce %loss on @mesh grid_axes = [0] : tensor<f32> -> tensor<f32>
  %xt = loom.transpose %x permutation [1, 0] : (tensor<2x4xf32>) -> tensor<4x2xf32>
  %gw = loom.matmul %xt, %dy : (tensor<4x2xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %gwr = shard.all_reduce %gw on @mesh grid_axes = [0] : tensor<4x3xf32> -> tensor<4x3xf32>
  %w2 = loom.sub %w, %gwr : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  %gb = loom.reduce_sum %dy axes [0] : (tensor<2x3xf32>) -> tensor<3xf32>
  %gbr = shard.all_reduce %gb on @mesh grid_axes = [0] : tensor<3xf32> -> tensor<3xf32>
  %b2 = loom.sub %b, %gbr : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %lossr, %w2, %b2 : tensor<f32>, tensor<4x3xf32>, tensor<3xf32>
}

// -----

// An all-reduce whose input is computed from another's result (batch
// norm's variance from its reduced mean) cannot share its bucket; nor can
// a max join a sum.
// CHECK-LABEL: func.func @chained(
// CHECK: %[[M:.*]] = shard.all_reduce %{{.*}} on @mesh grid_axes = [0] : tensor<4xf32> -> tensor<4xf32>
// CHECK: loom.sub %{{.*}}, %[[M]]
// CHECK: shard.all_reduce %{{.*}} on @mesh grid_axes = [0] : tensor<4xf32> -> tensor<4xf32>
// CHECK: shard.all_reduce %{{.*}} on @mesh grid_axes = [0] reduction = max : tensor<4xf32> -> tensor<4xf32>
// CHECK-NOT: loom.concat
shard.grid @mesh(shape = 2) {loom.mesh_axes = ["data"]}
func.func @chained(%x: tensor<2x4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %s = loom.reduce_sum %x axes [0] : (tensor<2x4xf32>) -> tensor<4xf32>
  %mean = shard.all_reduce %s on @mesh grid_axes = [0] : tensor<4xf32> -> tensor<4xf32>
  %c = loom.sub %x, %mean : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %sq = loom.mul %c, %c : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %v = loom.reduce_sum %sq axes [0] : (tensor<2x4xf32>) -> tensor<4xf32>
  %var = shard.all_reduce %v on @mesh grid_axes = [0] : tensor<4xf32> -> tensor<4xf32>
  %mx = loom.reduce_max %x axes [0] : (tensor<2x4xf32>) -> tensor<4xf32>
  %max = shard.all_reduce %mx on @mesh grid_axes = [0] reduction = max : tensor<4xf32> -> tensor<4xf32>
  %r = loom.add %var, %max : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %mean, %r : tensor<4xf32>, tensor<4xf32>
}

// -----

// The all-reduces right after their last input, returned directly (the ops
// are built before the first member, which must outlive their building).
// CHECK-LABEL: func.func @adjacent(
// CHECK: %[[A:.*]] = loom.mul
// CHECK: %[[B:.*]] = loom.mul
// CHECK-NEXT: %[[ALL:.*]] = loom.concat %[[A]], %[[B]] axis 0
// CHECK-NEXT: %[[SUM:.*]] = shard.all_reduce %[[ALL]]
// CHECK-NEXT: %[[S0:.*]] = loom.slice %[[SUM]] offsets [0]
// CHECK-NEXT: %[[S1:.*]] = loom.slice %[[SUM]] offsets [4]
// CHECK-NEXT: return %[[S0]], %[[S1]]
shard.grid @mesh(shape = 4) {loom.mesh_axes = ["model"]}
func.func @adjacent(%x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %a = loom.mul %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %b = loom.mul %y, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %ra = shard.all_reduce %a on @mesh grid_axes = [0] : tensor<4xf32> -> tensor<4xf32>
  %rb = shard.all_reduce %b on @mesh grid_axes = [0] : tensor<4xf32> -> tensor<4xf32>
  return %ra, %rb : tensor<4xf32>, tensor<4xf32>
}
