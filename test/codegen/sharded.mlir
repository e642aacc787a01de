// RUN: loom-differential %s | FileCheck %s
// CHECK-COUNT-9: : ok (

// Fused patterns partitioned over meshes of 2 and 4 devices (data parallel,
// tensor parallel and a 2-D mesh), each function carrying its own sharding
// annotations: loom-differential compiles each onto its grid, runs every
// device's program in process through the runtime's collectives, and
// compares the whole outputs with the reference evaluator, which reads the
// annotations as the identities they are (they place values, they do not
// change them). Each function must print "ok".

shard.grid @two(shape = 2) {loom.mesh_axes = ["model"]}
shard.grid @four(shape = 4) {loom.mesh_axes = ["model"]}
shard.grid @batch(shape = 4) {loom.mesh_axes = ["data"]}
shard.grid @square(shape = 2x2) {loom.mesh_axes = ["data", "model"]}

// Megatron's MLP with its bias and GELU epilogues: column then row split,
// one all-reduce before the second bias.
func.func @megatron_mlp_two(%x: tensor<8x32xf32>, %w1: tensor<32x64xf32> {loom.random = [-0.3, 0.3]},
                            %b1: tensor<64xf32>, %w2: tensor<64x32xf32> {loom.random = [-0.3, 0.3]},
                            %b2: tensor<32xf32>) -> tensor<8x32xf32> {
  %c = shard.sharding @two split_axes = [[], [0]] : !shard.sharding
  %r = shard.sharding @two split_axes = [[0]] : !shard.sharding
  %w1s = shard.shard %w1 to %c : tensor<32x64xf32>
  %b1s = shard.shard %b1 to %r : tensor<64xf32>
  %w2s = shard.shard %w2 to %r : tensor<64x32xf32>
  %h = loom.matmul %x, %w1s : (tensor<8x32xf32>, tensor<32x64xf32>) -> tensor<8x64xf32>
  %hb = loom.add %h, %b1s : (tensor<8x64xf32>, tensor<64xf32>) -> tensor<8x64xf32>
  %a = loom.gelu %hb : tensor<8x64xf32>
  %y = loom.matmul %a, %w2s : (tensor<8x64xf32>, tensor<64x32xf32>) -> tensor<8x32xf32>
  %yb = loom.add %y, %b2 : (tensor<8x32xf32>, tensor<32xf32>) -> tensor<8x32xf32>
  return %yb : tensor<8x32xf32>
}

// The same on four devices, the residual added after the reduction.
func.func @megatron_mlp_residual_four(%x: tensor<8x32xf32>, %w1: tensor<32x64xf32> {loom.random = [-0.3, 0.3]},
                                      %w2: tensor<64x32xf32> {loom.random = [-0.3, 0.3]}) -> tensor<8x32xf32> {
  %c = shard.sharding @four split_axes = [[], [0]] : !shard.sharding
  %r = shard.sharding @four split_axes = [[0]] : !shard.sharding
  %w1s = shard.shard %w1 to %c : tensor<32x64xf32>
  %w2s = shard.shard %w2 to %r : tensor<64x32xf32>
  %h = loom.matmul %x, %w1s : (tensor<8x32xf32>, tensor<32x64xf32>) -> tensor<8x64xf32>
  %a = loom.relu %h : tensor<8x64xf32>
  %y = loom.matmul %a, %w2s : (tensor<8x64xf32>, tensor<64x32xf32>) -> tensor<8x32xf32>
  %z = loom.add %x, %y : (tensor<8x32xf32>, tensor<8x32xf32>) -> tensor<8x32xf32>
  return %z : tensor<8x32xf32>
}

// Attention split by heads: scores, mask, softmax over the keys and the
// weighted sum stay on each device's heads.
func.func @attention_heads_two(%q: tensor<1x4x16x8xf32>, %k: tensor<1x4x8x16xf32>,
                               %v: tensor<1x4x16x8xf32>) -> tensor<1x4x16x8xf32> {
  %h = shard.sharding @two split_axes = [[], [0]] : !shard.sharding
  %qs = shard.shard %q to %h : tensor<1x4x16x8xf32>
  %scale = loom.constant dense<0.35> : tensor<f32>
  %s = loom.matmul %qs, %k : (tensor<1x4x16x8xf32>, tensor<1x4x8x16xf32>) -> tensor<1x4x16x16xf32>
  %ss = loom.mul %s, %scale : (tensor<1x4x16x16xf32>, tensor<f32>) -> tensor<1x4x16x16xf32>
  %p = loom.softmax %ss axis 3 : tensor<1x4x16x16xf32>
  %o = loom.matmul %p, %v : (tensor<1x4x16x16xf32>, tensor<1x4x16x8xf32>) -> tensor<1x4x16x8xf32>
  return %o : tensor<1x4x16x8xf32>
}

// Data parallel: layer norm and a projection on each device's rows.
func.func @layer_norm_projection_batch(%x: tensor<8x16x24xf32>, %gamma: tensor<24xf32>, %beta: tensor<24xf32>,
                                       %w: tensor<24x12xf32>) -> tensor<8x16x12xf32> {
  %d = shard.sharding @batch split_axes = [[0]] : !shard.sharding
  %xs = shard.shard %x to %d : tensor<8x16x24xf32>
  %n = loom.layer_norm %xs, %gamma, %beta axis 2 epsilon 1.0e-05 : (tensor<8x16x24xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<8x16x24xf32>
  %y = loom.matmul %n, %w : (tensor<8x16x24xf32>, tensor<24x12xf32>) -> tensor<8x16x12xf32>
  %t = loom.tanh %y : tensor<8x16x12xf32>
  return %t : tensor<8x16x12xf32>
}

// A 2-D mesh: rows over data, the hidden dimension over model.
func.func @mlp_square(%x: tensor<8x16xf32>, %w1: tensor<16x32xf32> {loom.random = [-0.5, 0.5]},
                      %w2: tensor<32x16xf32> {loom.random = [-0.5, 0.5]}) -> tensor<8x16xf32> {
  %d = shard.sharding @square split_axes = [[0]] : !shard.sharding
  %c = shard.sharding @square split_axes = [[], [1]] : !shard.sharding
  %r = shard.sharding @square split_axes = [[1]] : !shard.sharding
  %xs = shard.shard %x to %d : tensor<8x16xf32>
  %w1s = shard.shard %w1 to %c : tensor<16x32xf32>
  %w2s = shard.shard %w2 to %r : tensor<32x16xf32>
  %h = loom.matmul %xs, %w1s : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %a = loom.sigmoid %h : tensor<8x32xf32>
  %y = loom.matmul %a, %w2s : (tensor<8x32xf32>, tensor<32x16xf32>) -> tensor<8x16xf32>
  return %y : tensor<8x16xf32>
}

// Convolution split by output channels, bias and ReLU fused, then a
// depthwise convolution on whole groups, gathered for the pooling.
func.func @conv_channels_two(%x: tensor<1x3x10x10xf32>, %w: tensor<8x3x3x3xf32> {loom.random = [-0.5, 0.5]},
                             %b: tensor<8x1x1xf32>, %dw: tensor<8x1x3x3xf32> {loom.random = [-0.5, 0.5]}) -> tensor<1x8x1x1xf32> {
  %o = shard.sharding @two split_axes = [[0]] : !shard.sharding
  %ws = shard.shard %w to %o : tensor<8x3x3x3xf32>
  %y = loom.conv %x, %ws strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x3x10x10xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x10x10xf32>
  %yb = loom.add %y, %b : (tensor<1x8x10x10xf32>, tensor<8x1x1xf32>) -> tensor<1x8x10x10xf32>
  %r = loom.relu %yb : tensor<1x8x10x10xf32>
  %d = loom.conv %r, %dw strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 8 : (tensor<1x8x10x10xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x10x10xf32>
  %m = loom.reduce_mean %d axes [2, 3] keepdims : (tensor<1x8x10x10xf32>) -> tensor<1x8x1x1xf32>
  return %m : tensor<1x8x1x1xf32>
}

// Reductions over a split dimension: max and min combined at once, a sum
// pending through a scaling, a mean scaled by the local count.
func.func @split_reductions_four(%x: tensor<4x32xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %s = shard.sharding @four split_axes = [[], [0]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<4x32xf32>
  %max = loom.reduce_max %xs axes [1] : (tensor<4x32xf32>) -> tensor<4xf32>
  %min = loom.reduce_min %xs axes [1] : (tensor<4x32xf32>) -> tensor<4xf32>
  %sum = loom.reduce_sum %xs axes [1] : (tensor<4x32xf32>) -> tensor<4xf32>
  %half = loom.constant dense<0.5> : tensor<f32>
  %scaled = loom.mul %sum, %half : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %mean = loom.reduce_mean %xs axes [1] : (tensor<4x32xf32>) -> tensor<4xf32>
  return %max, %min, %scaled, %mean : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// An embedding split by vocabulary, then a layer that needs every element.
func.func @vocabulary_embedding_four(%ids: tensor<2x6xi64> {loom.random = [0, 31]}, %table: tensor<32x8xf32>)
    -> tensor<2x6x8xf32> {
  %v = shard.sharding @four split_axes = [[0]] : !shard.sharding
  %ts = shard.shard %table to %v : tensor<32x8xf32>
  %e = loom.gather %ts, %ids axis 0 : (tensor<32x8xf32>, tensor<2x6xi64>) -> tensor<2x6x8xf32>
  %s = loom.softmax %e axis 2 : tensor<2x6x8xf32>
  return %s : tensor<2x6x8xf32>
}

// Layout changes: a pending sum reduce-scattered into rows, an axis moved
// from rows to columns, and a split gathered for the output.
func.func @reshards_two(%x: tensor<8x16xf32>, %w: tensor<16x8xf32>) -> (tensor<8x8xf32>, tensor<8x8xf32>) {
  %k = shard.sharding @two split_axes = [[], [0]] : !shard.sharding
  %kw = shard.sharding @two split_axes = [[0]] : !shard.sharding
  %xs = shard.shard %x to %k : tensor<8x16xf32>
  %ws = shard.shard %w to %kw : tensor<16x8xf32>
  %y = loom.matmul %xs, %ws : (tensor<8x16xf32>, tensor<16x8xf32>) -> tensor<8x8xf32>
  %rows = shard.shard %y to %kw annotate_for_users : tensor<8x8xf32>
  %e = loom.exp %rows : tensor<8x8xf32>
  %cols = shard.shard %e to %k annotate_for_users : tensor<8x8xf32>
  %n = loom.neg %cols : tensor<8x8xf32>
  return %e, %n : tensor<8x8xf32>, tensor<8x8xf32>
}
