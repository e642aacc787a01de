// RUN: loom-opt %s -split-input-file -loom-propagate-sharding -loom-partition | FileCheck %s

// Megatron's MLP: the first weight split by columns, the second by rows;
// the weights stay whole constants sliced per device, and the one pending
// sum is all-reduced once, at the end.
// CHECK-LABEL: func.func @megatron_mlp(
// CHECK-SAME: %[[X:.*]]: tensor<8x16xf32> {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []]>}
// CHECK: %[[W1:.*]] = loom.constant {{.*}} : tensor<16x32xf32>
// CHECK: %[[W1L:.*]] = shard.all_slice %[[W1]] on @mesh grid_axes = [0] slice_axis = 1 : tensor<16x32xf32> -> tensor<16x16xf32>
// CHECK: %[[W2:.*]] = loom.constant {{.*}} : tensor<32x16xf32>
// CHECK: %[[W2L:.*]] = shard.all_slice %[[W2]] on @mesh grid_axes = [0] slice_axis = 0 : tensor<32x16xf32> -> tensor<16x16xf32>
// CHECK: %[[H:.*]] = loom.matmul %[[X]], %[[W1L]] : (tensor<8x16xf32>, tensor<16x16xf32>) -> tensor<8x16xf32>
// CHECK: %[[A:.*]] = loom.relu %[[H]] : tensor<8x16xf32>
// CHECK: %[[Y:.*]] = loom.matmul %[[A]], %[[W2L]]
// CHECK-NEXT: %[[R:.*]] = shard.all_reduce %[[Y]] on @mesh grid_axes = [0] : tensor<8x16xf32> -> tensor<8x16xf32>
// CHECK-NEXT: return %[[R]]
// CHECK-NOT: shard.all_reduce
// CHECK-NOT: loom.operand_shardings
shard.grid @mesh(shape = 2) {loom.mesh_axes = ["model"]}
func.func @megatron_mlp(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %w1 = loom.constant dense<0.5> : tensor<16x32xf32>
  %w2 = loom.constant dense<0.25> : tensor<32x16xf32>
  %s1 = shard.sharding @mesh split_axes = [[], [0]] : !shard.sharding
  %w1s = shard.shard %w1 to %s1 : tensor<16x32xf32>
  %s2 = shard.sharding @mesh split_axes = [[0], []] : !shard.sharding
  %w2s = shard.shard %w2 to %s2 : tensor<32x16xf32>
  %h = loom.matmul %x, %w1s : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %a = loom.relu %h : tensor<8x32xf32>
  %y = loom.matmul %a, %w2s : (tensor<8x32xf32>, tensor<32x16xf32>) -> tensor<8x16xf32>
  return %y : tensor<8x16xf32>
}

// -----

// Data parallel: the batch is split, every weight whole; no collective.
// CHECK-LABEL: func.func @data_parallel(
// CHECK-SAME: tensor<2x16xf32> {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], []]>}) -> (tensor<2x4xf32> {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], []]>})
// CHECK-NOT: shard.
// CHECK: loom.matmul {{.*}} : (tensor<2x16xf32>, tensor<16x4xf32>) -> tensor<2x4xf32>
// CHECK-NOT: shard.
// CHECK: return
shard.grid @mesh(shape = 4) {loom.mesh_axes = ["data"]}
func.func @data_parallel(%x: tensor<8x16xf32>) -> tensor<8x4xf32> {
  %s = shard.sharding @mesh split_axes = [[0]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<8x16xf32>
  %w = loom.constant dense<0.5> : tensor<16x4xf32>
  %y = loom.matmul %xs, %w : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
  %t = loom.tanh %y : tensor<8x4xf32>
  return %t : tensor<8x4xf32>
}

// -----

// A pending sum whose reduced axis then splits the rows: one
// reduce_scatter instead of an all_reduce and a slice.
// CHECK-LABEL: func.func @reduce_scatter(
// CHECK: %[[Y:.*]] = loom.matmul {{.*}} : (tensor<8x8xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
// CHECK-NEXT: %[[S:.*]] = shard.reduce_scatter %[[Y]] on @mesh grid_axes = [0] scatter_axis = 0 : tensor<8x4xf32> -> tensor<4x4xf32>
// CHECK-NEXT: loom.exp %[[S]] : tensor<4x4xf32>
// CHECK-NOT: shard.all_reduce
shard.grid @mesh(shape = 2) {loom.mesh_axes = ["model"]}
func.func @reduce_scatter(%x: tensor<8x16xf32>, %w: tensor<16x4xf32>) -> tensor<8x4xf32> {
  %s = shard.sharding @mesh split_axes = [[], [0]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<8x16xf32>
  %t = shard.sharding @mesh split_axes = [[0]] : !shard.sharding
  %ws = shard.shard %w to %t : tensor<16x4xf32>
  %y = loom.matmul %xs, %ws : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
  %r = shard.shard %y to %t annotate_for_users : tensor<8x4xf32>
  %e = loom.exp %r : tensor<8x4xf32>
  return %e : tensor<8x4xf32>
}

// -----

// Max over a split dimension is combined at once; a mean over one is a
// pending sum of local means scaled by the local over the whole count.
// CHECK-LABEL: func.func @split_reductions(
// CHECK-SAME: tensor<2x2xf32>
// CHECK: %[[MAX:.*]] = loom.reduce_max %{{.*}} axes [1] : (tensor<2x2xf32>) -> tensor<2xf32>
// CHECK-NEXT: %[[MAXR:.*]] = shard.all_reduce %[[MAX]] on @mesh grid_axes = [0] reduction = max
// CHECK: %[[MEAN:.*]] = loom.reduce_mean %{{.*}} axes [1] : (tensor<2x2xf32>) -> tensor<2xf32>
// CHECK-NEXT: %[[QUARTER:.*]] = loom.constant dense<2.500000e-01> : tensor<f32>
// CHECK-NEXT: %[[SCALED:.*]] = loom.mul %[[MEAN]], %[[QUARTER]]
// CHECK-NEXT: %[[MEANR:.*]] = shard.all_reduce %[[SCALED]] on @mesh grid_axes = [0] :
// CHECK-NEXT: return %[[MAXR]], %[[MEANR]]
shard.grid @mesh(shape = 4) {loom.mesh_axes = ["model"]}
func.func @split_reductions(%x: tensor<2x8xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %s = shard.sharding @mesh split_axes = [[], [0]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<2x8xf32>
  %m = loom.reduce_max %xs axes [1] : (tensor<2x8xf32>) -> tensor<2xf32>
  %a = loom.reduce_mean %xs axes [1] : (tensor<2x8xf32>) -> tensor<2xf32>
  return %m, %a : tensor<2xf32>, tensor<2xf32>
}

// -----

// An embedding split by vocabulary: each device looks up the rows it
// holds, at its own offset, and zeros elsewhere; the sum is all-reduced.
// CHECK-LABEL: func.func @vocabulary_embedding(
// CHECK-SAME: %[[IDS:.*]]: tensor<3xi64>
// CHECK: %[[TABLE:.*]] = shard.all_slice %{{.*}} on @mesh grid_axes = [0] slice_axis = 0 : tensor<10x4xf32> -> tensor<5x4xf32>
// CHECK: %[[STARTS:.*]] = loom.constant dense<[0, 5]> : tensor<2xi64>
// CHECK: %[[MINE:.*]] = shard.all_slice %[[STARTS]] on @mesh grid_axes = [0] slice_axis = 0 : tensor<2xi64> -> tensor<1xi64>
// CHECK: %[[START:.*]] = loom.reshape %[[MINE]] : tensor<1xi64> to tensor<i64>
// CHECK: %[[SHIFTED:.*]] = loom.sub %[[IDS]], %[[START]]
// CHECK: %[[INSIDE:.*]] = loom.and
// CHECK: %[[SAFE:.*]] = loom.select %[[INSIDE]], %[[SHIFTED]]
// CHECK: %[[ROWS:.*]] = loom.gather %[[TABLE]], %[[SAFE]] axis 0 : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
// CHECK: %[[MASK:.*]] = loom.reshape %[[INSIDE]] : tensor<3xi1> to tensor<3x1xi1>
// CHECK: %[[MASKED:.*]] = loom.select %[[MASK]], %[[ROWS]]
// CHECK: shard.all_reduce %[[MASKED]] on @mesh grid_axes = [0] : tensor<3x4xf32> -> tensor<3x4xf32>
shard.grid @mesh(shape = 2) {loom.mesh_axes = ["model"]}
func.func @vocabulary_embedding(%ids: tensor<3xi64>) -> tensor<3x4xf32> {
  %table = loom.constant dense<1.0> : tensor<10x4xf32>
  %s = shard.sharding @mesh split_axes = [[0]] : !shard.sharding
  %ts = shard.shard %table to %s : tensor<10x4xf32>
  %e = loom.gather %ts, %ids axis 0 : (tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return %e : tensor<3x4xf32>
}

// -----

// An axis that moves from the rows to the columns is one all_to_all; one
// that goes away is gathered.
// CHECK-LABEL: func.func @moves(
// CHECK-SAME: %[[X:.*]]: tensor<4x8xf32>
// CHECK: %[[MOVED:.*]] = shard.all_to_all %[[X]] on @mesh grid_axes = [0] split_axis = 1 concat_axis = 0 : tensor<4x8xf32> -> tensor<8x4xf32>
// CHECK: loom.neg %[[MOVED]] : tensor<8x4xf32>
// CHECK: %[[WHOLE:.*]] = shard.all_gather %[[X]] on @mesh grid_axes = [0] gather_axis = 0 : tensor<4x8xf32> -> tensor<8x8xf32>
// CHECK: loom.abs %[[WHOLE]] : tensor<8x8xf32>
shard.grid @mesh(shape = 2x2) {loom.mesh_axes = ["data", "model"]}
func.func @moves(%x: tensor<8x8xf32>) -> (tensor<8x8xf32>, tensor<8x8xf32>) {
  %s = shard.sharding @mesh split_axes = [[0]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<8x8xf32>
  %t = shard.sharding @mesh split_axes = [[], [0]] : !shard.sharding
  %moved = shard.shard %xs to %t annotate_for_users : tensor<8x8xf32>
  %n = loom.neg %moved : tensor<8x8xf32>
  %r = shard.sharding @mesh split_axes = [[], []] : !shard.sharding
  %whole = shard.shard %xs to %r annotate_for_users : tensor<8x8xf32>
  %a = loom.abs %whole : tensor<8x8xf32>
  return %n, %a : tensor<8x8xf32>, tensor<8x8xf32>
}

// -----

// A depthwise convolution split over its channels keeps whole groups on
// each device: half of them.
// CHECK-LABEL: func.func @depthwise(
// CHECK: %[[W:.*]] = shard.all_slice %{{.*}} on @mesh grid_axes = [0] slice_axis = 0 : tensor<4x1x3x3xf32> -> tensor<2x1x3x3xf32>
// CHECK: loom.conv %{{.*}}, %[[W]] {{.*}} groups 2 : (tensor<1x2x6x6xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x6x6xf32>
shard.grid @mesh(shape = 2) {loom.mesh_axes = ["model"]}
func.func @depthwise(%x: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  %w = loom.constant dense<0.5> : tensor<4x1x3x3xf32>
  %s = shard.sharding @mesh split_axes = [[], [0]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<1x4x6x6xf32>
  %y = loom.conv %xs, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 4 : (tensor<1x4x6x6xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

// The integer contractions split like their float forms: matmul_integer's K
// split leaves a pending i32 sum, all-reduced (exact, wrapping alike), and
// a grouped conv_integer split over its channels keeps whole groups.
// CHECK-LABEL: func.func @integer_contractions(
// CHECK: %[[P:.*]] = loom.matmul_integer %{{.*}}, %{{.*}} : (tensor<4x8xui8>, tensor<8x6xi8>) -> tensor<4x6xi32>
// CHECK: %[[C:.*]] = loom.conv_integer {{.*}} groups 2 : (tensor<1x4x5x5xui8>, tensor<4x2x3x3xi8>) -> tensor<1x4x3x3xi32>
// CHECK: %[[R:.*]] = shard.all_reduce %[[P]] on @mesh grid_axes = [0] : tensor<4x6xi32> -> tensor<4x6xi32>
// CHECK: return %[[R]], %[[C]]
shard.grid @mesh(shape = 2) {loom.mesh_axes = ["model"]}
func.func @integer_contractions(%a: tensor<4x16xui8>, %b: tensor<16x6xi8>, %x: tensor<1x8x5x5xui8>, %w: tensor<8x2x3x3xi8>) -> (tensor<4x6xi32>, tensor<1x8x3x3xi32>) {
  %sa = shard.sharding @mesh split_axes = [[], [0]] : !shard.sharding
  %as = shard.shard %a to %sa : tensor<4x16xui8>
  %sb = shard.sharding @mesh split_axes = [[0], []] : !shard.sharding
  %bs = shard.shard %b to %sb : tensor<16x6xi8>
  %p = loom.matmul_integer %as, %bs : (tensor<4x16xui8>, tensor<16x6xi8>) -> tensor<4x6xi32>
  %sx = shard.sharding @mesh split_axes = [[], [0]] : !shard.sharding
  %xs = shard.shard %x to %sx : tensor<1x8x5x5xui8>
  %c = loom.conv_integer %xs, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 4 : (tensor<1x8x5x5xui8>, tensor<8x2x3x3xi8>) -> tensor<1x8x3x3xi32>
  return %p, %c : tensor<4x6xi32>, tensor<1x8x3x3xi32>
}
