// The --parallel presets: which tensors they annotate (PRESET checks), and
// the layouts propagation then gives every tensor (the other prefixes), on
// an MLP pair, an attention block with a fused qkv projection, an
// embedding with its vocabulary projection, and a convolution net.
// RUN: split-file %s %t
// RUN: loom-opt %t/mlp.mlir -loom-annotate-sharding="mesh=model=2 parallel=tensor" -mlir-print-debuginfo -mlir-print-local-scope | FileCheck %t/mlp.mlir --check-prefix=PRESET
// RUN: loom-opt %t/mlp.mlir -loom-annotate-sharding="mesh=model=2 parallel=tensor" -loom-propagate-sharding | FileCheck %t/mlp.mlir --check-prefix=TENSOR
// RUN: loom-opt %t/mlp.mlir -loom-annotate-sharding="mesh=data=2 parallel=data" -loom-propagate-sharding | FileCheck %t/mlp.mlir --check-prefix=DATA
// RUN: loom-opt %t/mlp.mlir -loom-annotate-sharding="mesh=data=2,model=2 parallel=data,tensor shard=fc2.weight=[_,_]" -loom-propagate-sharding | FileCheck %t/mlp.mlir --check-prefix=BOTH
// RUN: loom-opt %t/attention.mlir -loom-split-fused-projections -loom-annotate-sharding="mesh=model=2 parallel=tensor" -loom-propagate-sharding | FileCheck %t/attention.mlir
// RUN: loom-opt %t/lm.mlir -loom-annotate-sharding="mesh=model=2 parallel=tensor" -loom-propagate-sharding | FileCheck %t/lm.mlir
// RUN: loom-opt %t/convnet.mlir -loom-annotate-sharding="mesh=model=2 parallel=tensor" -loom-propagate-sharding | FileCheck %t/convnet.mlir

//--- mlp.mlir
// The first Linear is split by columns, the second, reading the first's
// split through the bias add and gelu, by rows; biases are left to
// propagation.
// PRESET-LABEL: func.func @mlp(
// PRESET: %[[W1:.*]] = loom.constant {{.*}} loc("fc1.weight")
// PRESET-NEXT: %[[S1:.*]] = shard.sharding @mesh split_axes = {{\[\[}}], [0]]
// PRESET-NEXT: shard.shard %[[W1]] to %[[S1]]
// PRESET-NEXT: loom.constant {{.*}} loc("fc1.bias")
// PRESET-NEXT: %[[W2:.*]] = loom.constant {{.*}} loc("fc2.weight")
// PRESET-NEXT: %[[S2:.*]] = shard.sharding @mesh split_axes = {{\[\[}}0], []]
// PRESET-NEXT: shard.shard %[[W2]] to %[[S2]]
// PRESET-NEXT: loom.constant {{.*}} loc("fc2.bias")
// PRESET-NEXT: loom.matmul
//
// Column then row: the hidden layer is split, the second matmul's result is
// a pending sum, summed before its bias add: one all-reduce.
// TENSOR-LABEL: func.func @mlp(
// TENSOR-SAME: loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []]>
// TENSOR: loom.constant {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0]]>} {{.*}} : tensor<64xf32>
// TENSOR: %[[H:.*]] = loom.matmul {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [0]]>}
// TENSOR: %[[HB:.*]] = loom.add %[[H]], {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [0]]>}
// TENSOR: %[[G:.*]] = loom.gelu %[[HB]] {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [0]]>}
// TENSOR: %[[Y:.*]] = loom.matmul %[[G]], {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []], partial = [0]>}
// TENSOR: loom.add %[[Y]], {{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}], []]>, #loom.sharding<@mesh, {{\[\[}}]]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []]>}
//
// Data parallel: the batch is split, weights stay whole, nothing reshards.
// DATA-LABEL: func.func @mlp(
// DATA-SAME: loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], []]>
// DATA-NOT: loom.operand_shardings
// DATA: loom.constant {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []]>} {{.*}} : tensor<16x64xf32>
// DATA-NOT: loom.operand_shardings
// DATA: loom.gelu {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], []]>}
// DATA-NOT: loom.operand_shardings
// DATA: return
//
// Both on a 2x2 mesh, with --shard keeping fc2's weight whole: the preset
// does not override it (the weight stays whole), and the second matmul
// reads it sliced by rows, a local slice, so its result is still a pending
// sum over `model`.
// BOTH-LABEL: func.func @mlp(
// BOTH: loom.constant {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []]>} {{.*}} : tensor<64x16xf32>
// BOTH: %[[H:.*]] = loom.matmul {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], [1]]>}
// BOTH: %[[G:.*]] = loom.gelu {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], [1]]>}
// BOTH: loom.matmul %[[G]], {{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}0], [1]]>, #loom.sharding<@mesh, {{\[\[}}1], []]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], []], partial = [1]>}
func.func @mlp(%x: tensor<8x16xf32> {loom.name = "x"}) -> tensor<8x16xf32> {
  %w1 = loom.constant dense<1.0> : tensor<16x64xf32> loc("fc1.weight")
  %b1 = loom.constant dense<0.5> : tensor<64xf32> loc("fc1.bias")
  %w2 = loom.constant dense<1.0> : tensor<64x16xf32> loc("fc2.weight")
  %b2 = loom.constant dense<0.5> : tensor<16xf32> loc("fc2.bias")
  %h = loom.matmul %x, %w1 : (tensor<8x16xf32>, tensor<16x64xf32>) -> tensor<8x64xf32>
  %hb = loom.add %h, %b1 : (tensor<8x64xf32>, tensor<64xf32>) -> tensor<8x64xf32>
  %g = loom.gelu %hb : tensor<8x64xf32>
  %y = loom.matmul %g, %w2 : (tensor<8x64xf32>, tensor<64x16xf32>) -> tensor<8x16xf32>
  %yb = loom.add %y, %b2 : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  return %yb : tensor<8x16xf32>
}

//--- attention.mlir
// The fused qkv projection becomes three, each split by columns, which the
// head reshape turns into a split of the 4 heads; attention runs on each
// device's heads; the output projection is split by rows and summed before
// the residual add.
// CHECK-LABEL: func.func @attention(
// CHECK-COUNT-3: loom.matmul %arg0, {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [], [0]]>}
// CHECK: loom.reshape {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [], [0], []]>}
// CHECK: loom.transpose {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [0], [], []]>}
// CHECK: %[[SCORES:.*]] = loom.matmul {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [0], [], []]>} : (tensor<2x4x8x4xf32>, tensor<2x4x4x8xf32>)
// CHECK: loom.softmax {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [0], [], []]>}
// CHECK: loom.matmul {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [0], [], []]>} : (tensor<2x4x8x8xf32>, tensor<2x4x8x4xf32>)
// CHECK: %[[MERGED:.*]] = loom.reshape {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [], [0]]>} : tensor<2x8x4x4xf32> to tensor<2x8x16xf32>
// CHECK: %[[OUT:.*]] = loom.matmul %[[MERGED]], {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [], []], partial = [0]>}
// CHECK: loom.add %[[OUT]], %arg0 {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}], [], []]>, #loom.sharding<@mesh, {{\[\[}}], [], []]>]
// CHECK-NOT: loom.operand_shardings
func.func @attention(%x: tensor<2x8x16xf32> {loom.name = "x"}) -> tensor<2x8x16xf32> {
  %wqkv = loom.constant dense<1.0> : tensor<16x48xf32> loc("qkv.weight")
  %bqkv = loom.constant dense<0.5> : tensor<48xf32> loc("qkv.bias")
  %wo = loom.constant dense<1.0> : tensor<16x16xf32> loc("proj.weight")
  %scale = loom.constant dense<0.5> : tensor<f32>
  %qkv0 = loom.matmul %x, %wqkv : (tensor<2x8x16xf32>, tensor<16x48xf32>) -> tensor<2x8x48xf32>
  %qkv = loom.add %qkv0, %bqkv : (tensor<2x8x48xf32>, tensor<48xf32>) -> tensor<2x8x48xf32>
  %q0 = loom.slice %qkv offsets [0, 0, 0] steps [1, 1, 1] : tensor<2x8x48xf32> to tensor<2x8x16xf32>
  %k0 = loom.slice %qkv offsets [0, 0, 16] steps [1, 1, 1] : tensor<2x8x48xf32> to tensor<2x8x16xf32>
  %v0 = loom.slice %qkv offsets [0, 0, 32] steps [1, 1, 1] : tensor<2x8x48xf32> to tensor<2x8x16xf32>
  %q1 = loom.reshape %q0 : tensor<2x8x16xf32> to tensor<2x8x4x4xf32>
  %q = loom.transpose %q1 permutation [0, 2, 1, 3] : (tensor<2x8x4x4xf32>) -> tensor<2x4x8x4xf32>
  %k1 = loom.reshape %k0 : tensor<2x8x16xf32> to tensor<2x8x4x4xf32>
  %k = loom.transpose %k1 permutation [0, 2, 3, 1] : (tensor<2x8x4x4xf32>) -> tensor<2x4x4x8xf32>
  %v1 = loom.reshape %v0 : tensor<2x8x16xf32> to tensor<2x8x4x4xf32>
  %v = loom.transpose %v1 permutation [0, 2, 1, 3] : (tensor<2x8x4x4xf32>) -> tensor<2x4x8x4xf32>
  %s0 = loom.matmul %q, %k : (tensor<2x4x8x4xf32>, tensor<2x4x4x8xf32>) -> tensor<2x4x8x8xf32>
  %s1 = loom.mul %s0, %scale : (tensor<2x4x8x8xf32>, tensor<f32>) -> tensor<2x4x8x8xf32>
  %p = loom.softmax %s1 axis 3 : tensor<2x4x8x8xf32>
  %a = loom.matmul %p, %v : (tensor<2x4x8x8xf32>, tensor<2x4x8x4xf32>) -> tensor<2x4x8x4xf32>
  %a1 = loom.transpose %a permutation [0, 2, 1, 3] : (tensor<2x4x8x4xf32>) -> tensor<2x8x4x4xf32>
  %a2 = loom.reshape %a1 : tensor<2x8x4x4xf32> to tensor<2x8x16xf32>
  %o = loom.matmul %a2, %wo : (tensor<2x8x16xf32>, tensor<16x16xf32>) -> tensor<2x8x16xf32>
  %r = loom.add %o, %x : (tensor<2x8x16xf32>, tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  return %r : tensor<2x8x16xf32>
}

//--- lm.mlir
// The embedding table and the vocabulary projection are split by
// vocabulary: the lookup is a pending sum, summed before layer_norm; the
// logits come out split by vocabulary.
// CHECK-LABEL: func.func @lm(
// CHECK-SAME: -> (tensor<2x8x32xf32> {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [], [0]]>})
// CHECK: shard.sharding @mesh split_axes = {{\[\[}}0], []]
// CHECK: shard.sharding @mesh split_axes = {{\[\[}}], [0]]
// CHECK: %[[E:.*]] = loom.gather {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [], []], partial = [0]>}
// CHECK: loom.layer_norm %[[E]], {{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}], [], []]>
// CHECK: loom.matmul {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [], [0]]>}
func.func @lm(%ids: tensor<2x8xi64> {loom.name = "ids"}) -> tensor<2x8x32xf32> {
  %table = loom.constant dense<1.0> : tensor<32x16xf32> loc("tokens.weight")
  %gamma = loom.constant dense<1.0> : tensor<16xf32>
  %beta = loom.constant dense<0.0> : tensor<16xf32>
  %head = loom.constant dense<1.0> : tensor<16x32xf32> loc("head.weight")
  %e = loom.gather %table, %ids axis 0 : (tensor<32x16xf32>, tensor<2x8xi64>) -> tensor<2x8x16xf32>
  %n = loom.layer_norm %e, %gamma, %beta axis 2 : (tensor<2x8x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  %l = loom.matmul %n, %head : (tensor<2x8x16xf32>, tensor<16x32xf32>) -> tensor<2x8x32xf32>
  return %l : tensor<2x8x32xf32>
}

//--- convnet.mlir
// Filters are split by output channels; the bias follows; a convolution
// reads its input channels whole.
// CHECK-LABEL: func.func @convnet(
// CHECK: loom.constant {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [0], [], []]>} {{.*}} : tensor<1x8x1x1xf32>
// CHECK: loom.conv {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [0], [], []]>}
// CHECK: loom.relu {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [0], [], []]>}
// CHECK: loom.max_pool {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [0], [], []]>}
// CHECK: loom.conv {{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}], [], [], []]>, #loom.sharding<@mesh, {{\[\[}}0], [], [], []]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [0], [], []]>}
func.func @convnet(%x: tensor<2x3x8x8xf32> {loom.name = "image"}) -> tensor<2x16x4x4xf32> {
  %w1 = loom.constant dense<1.0> : tensor<8x3x3x3xf32> loc("conv1.weight")
  %b1 = loom.constant dense<0.5> : tensor<1x8x1x1xf32> loc("conv1.bias")
  %w2 = loom.constant dense<1.0> : tensor<16x8x3x3xf32> loc("conv2.weight")
  %c1 = loom.conv %x, %w1 strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<2x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<2x8x8x8xf32>
  %c1b = loom.add %c1, %b1 : (tensor<2x8x8x8xf32>, tensor<1x8x1x1xf32>) -> tensor<2x8x8x8xf32>
  %r = loom.relu %c1b : tensor<2x8x8x8xf32>
  %p = loom.max_pool %r kernel [2, 2] strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<2x8x8x8xf32>) -> tensor<2x8x4x4xf32>
  %c2 = loom.conv %p, %w2 strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<2x8x4x4xf32>, tensor<16x8x3x3xf32>) -> tensor<2x16x4x4xf32>
  return %c2 : tensor<2x16x4x4xf32>
}
