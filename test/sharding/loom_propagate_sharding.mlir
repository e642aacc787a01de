// RUN: loom-opt %s -split-input-file -loom-propagate-sharding | FileCheck %s

// Elementwise ops with NumPy broadcasting: the bias's one dimension is the
// result's last, so it takes the model split; a scalar takes nothing.
// CHECK-LABEL: func.func @elementwise_broadcast(
// CHECK-SAME: {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], [1]]>}
// CHECK-SAME: {loom.sharding = #loom.sharding<@mesh, {{\[\[}}1]]>}
// CHECK: loom.constant {loom.sharding = #loom.sharding<@mesh, []>}
// CHECK: loom.add {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], [1]]>}
// CHECK: loom.mul {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], [1]]>}
// CHECK: loom.tanh {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], [1]]>}
// CHECK-NOT: loom.operand_shardings
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @elementwise_broadcast(%x: tensor<8x16xf32>, %b: tensor<16xf32>) -> tensor<8x16xf32> {
  %s = shard.sharding @mesh split_axes = [[0], [1]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<8x16xf32>
  %c = loom.constant dense<2.0> : tensor<f32>
  %0 = loom.add %xs, %b : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  %1 = loom.mul %0, %c : (tensor<8x16xf32>, tensor<f32>) -> tensor<8x16xf32>
  %2 = loom.tanh %1 : tensor<8x16xf32>
  return %2 : tensor<8x16xf32>
}

// -----

// A matmul whose K is split gives a pending sum; it stays pending through a
// scaling and an add of values pending alike, and is summed before a bias
// add and before being returned.
// CHECK-LABEL: func.func @matmul_k_split(
// CHECK-SAME: -> (tensor<8x32xf32> {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []]>}, tensor<8x32xf32> {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []]>})
// CHECK: %[[MM:.*]] = loom.matmul {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []], partial = [1]>}
// CHECK: %[[SCALED:.*]] = loom.mul %[[MM]], {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []], partial = [1]>}
// CHECK: %[[SUM:.*]] = loom.add %[[SCALED]], %[[MM]] {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []], partial = [1]>}
// CHECK: %[[BIASED:.*]] = loom.add %[[SUM]], %{{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}], []]>, #loom.sharding<@mesh, {{\[\[}}]]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []]>}
// CHECK: return {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}], []]>, #loom.sharding<@mesh, {{\[\[}}], []]>]} %[[SUM]], %[[BIASED]]
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @matmul_k_split(%x: tensor<8x16xf32>, %w: tensor<16x32xf32>, %b: tensor<32xf32>) -> (tensor<8x32xf32>, tensor<8x32xf32>) {
  %s = shard.sharding @mesh split_axes = [[], [1]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<8x16xf32>
  %t = shard.sharding @mesh split_axes = [[1], []] : !shard.sharding
  %ws = shard.shard %w to %t : tensor<16x32xf32>
  %c = loom.constant dense<0.5> : tensor<f32>
  %0 = loom.matmul %xs, %ws : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %1 = loom.mul %0, %c : (tensor<8x32xf32>, tensor<f32>) -> tensor<8x32xf32>
  %2 = loom.add %1, %0 : (tensor<8x32xf32>, tensor<8x32xf32>) -> tensor<8x32xf32>
  %3 = loom.add %2, %b : (tensor<8x32xf32>, tensor<32xf32>) -> tensor<8x32xf32>
  return %2, %3 : tensor<8x32xf32>, tensor<8x32xf32>
}

// -----

// Batch matmul: batch and head dimensions pass to the other operand and
// the result.
// CHECK-LABEL: func.func @batch_matmul(
// CHECK-SAME: %{{.*}}: tensor<2x8x4x6xf32> {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], [1], [], []]>}
// CHECK: loom.matmul {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], [1], [], []]>}
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @batch_matmul(%q: tensor<2x8x6x4xf32>, %k: tensor<2x8x4x6xf32>) -> tensor<2x8x6x6xf32> {
  %s = shard.sharding @mesh split_axes = [[0], [1]] : !shard.sharding
  %qs = shard.shard %q to %s : tensor<2x8x6x4xf32>
  %0 = loom.matmul %qs, %k : (tensor<2x8x6x4xf32>, tensor<2x8x4x6xf32>) -> tensor<2x8x6x6xf32>
  return %0 : tensor<2x8x6x6xf32>
}

// -----

// Reductions over a split dimension: a sum stays pending, a max is
// combined by the op; argmax needs its axis whole.
// CHECK-LABEL: func.func @reductions(
// CHECK: loom.reduce_sum {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0]], partial = [1]>}
// CHECK: loom.reduce_max {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0]]>}
// CHECK: loom.argmax {{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}0], []]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}0]]>}
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @reductions(%x: tensor<8x16xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xi64>) {
  %s = shard.sharding @mesh split_axes = [[0], [1]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<8x16xf32>
  %0 = loom.reduce_sum %xs axes [1] : (tensor<8x16xf32>) -> tensor<8xf32>
  %1 = loom.reduce_max %xs axes [1] : (tensor<8x16xf32>) -> tensor<8xf32>
  %2 = loom.argmax %xs axis 1 : (tensor<8x16xf32>) -> tensor<8xi64>
  return %0, %1, %2 : tensor<8xf32>, tensor<8xf32>, tensor<8xi64>
}

// -----

// Transpose permutes the split dimensions.
// CHECK-LABEL: func.func @transpose(
// CHECK: loom.transpose {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}1], [], [0]]>}
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @transpose(%x: tensor<2x8x4xf32>) -> tensor<8x4x2xf32> {
  %s = shard.sharding @mesh split_axes = [[0], [1]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<2x8x4xf32>
  %0 = loom.transpose %xs permutation [1, 2, 0] : (tensor<2x8x4xf32>) -> tensor<8x4x2xf32>
  return %0 : tensor<8x4x2xf32>
}

// -----

// Head splitting: a split of [H*hd] maps onto H when H divides by the
// axis (8 heads over 4) and back when merged; 2 heads over 4 do not divide,
// so that reshape reads the dimension whole.
// CHECK-LABEL: func.func @reshape_heads(
// CHECK: %[[HEADS:.*]] = loom.reshape {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], [], [1], []]>} : tensor<2x8x32xf32> to tensor<2x8x8x4xf32>
// CHECK: loom.reshape %[[HEADS]] {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], [], [1]]>} : tensor<2x8x8x4xf32> to tensor<2x8x32xf32>
// CHECK: loom.reshape {{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}0], [], []]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], [], [], []]>} : tensor<2x8x32xf32> to tensor<2x8x2x16xf32>
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @reshape_heads(%x: tensor<2x8x32xf32>) -> (tensor<2x8x32xf32>, tensor<2x8x2x16xf32>) {
  %s = shard.sharding @mesh split_axes = [[0], [], [1]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<2x8x32xf32>
  %0 = loom.reshape %xs : tensor<2x8x32xf32> to tensor<2x8x8x4xf32>
  %1 = loom.reshape %0 : tensor<2x8x8x4xf32> to tensor<2x8x32xf32>
  %2 = loom.reshape %xs : tensor<2x8x32xf32> to tensor<2x8x2x16xf32>
  return %1, %2 : tensor<2x8x32xf32>, tensor<2x8x2x16xf32>
}

// -----

// Concat and slice: the dimensions they keep pass through, the concat
// axis and the cut dimension are whole.
// CHECK-LABEL: func.func @concat_slice(
// CHECK-SAME: %{{.*}}: tensor<8x4xf32> {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], []]>}
// CHECK: loom.concat {{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}0], []]>, #loom.sharding<@mesh, {{\[\[}}0], []]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], []]>}
// CHECK: loom.slice {{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}], [1]]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [1]]>}
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @concat_slice(%a: tensor<8x4xf32>, %b: tensor<8x4xf32>) -> (tensor<8x8xf32>, tensor<4x4xf32>) {
  %s = shard.sharding @mesh split_axes = [[0], [1]] : !shard.sharding
  %as = shard.shard %a to %s : tensor<8x4xf32>
  %0 = loom.concat %as, %b axis 1 : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x8xf32>
  %1 = loom.slice %as offsets [4, 0] steps [1, 1] : tensor<8x4xf32> to tensor<4x4xf32>
  return %0, %1 : tensor<8x8xf32>, tensor<4x4xf32>
}

// -----

// Softmax and layer_norm need the normalized dimension whole: they read a
// split one gathered.
// CHECK-LABEL: func.func @normalizations(
// CHECK: loom.softmax {{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}0], []]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], []]>}
// CHECK: loom.layer_norm {{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}0], []]>, #loom.sharding<@mesh, {{\[\[}}]]>, #loom.sharding<@mesh, {{\[\[}}]]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], []]>}
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @normalizations(%x: tensor<8x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>) -> (tensor<8x16xf32>, tensor<8x16xf32>) {
  %s = shard.sharding @mesh split_axes = [[0], [1]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<8x16xf32>
  %0 = loom.softmax %xs axis 1 : tensor<8x16xf32>
  %1 = loom.layer_norm %xs, %g, %b axis 1 : (tensor<8x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  return %0, %1 : tensor<8x16xf32>, tensor<8x16xf32>
}

// -----

// An embedding lookup in a vocabulary-split table is a pending sum.
// CHECK-LABEL: func.func @embedding(
// CHECK: loom.gather {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], [], []], partial = [1]>}
// CHECK: return {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}0], [], []]>]}
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @embedding(%ids: tensor<2x8xi64>) -> tensor<2x8x16xf32> {
  %table = loom.constant dense<1.0> : tensor<32x16xf32>
  %s = shard.sharding @mesh split_axes = [[1], []] : !shard.sharding
  %ts = shard.shard %table to %s : tensor<32x16xf32>
  %t = shard.sharding @mesh split_axes = [[0], []] : !shard.sharding
  %is = shard.shard %ids to %t : tensor<2x8xi64>
  %0 = loom.gather %ts, %is axis 0 : (tensor<32x16xf32>, tensor<2x8xi64>) -> tensor<2x8x16xf32>
  return %0 : tensor<2x8x16xf32>
}

// -----

// Convolution and pooling: batch and output channels pass through.
// CHECK-LABEL: func.func @conv_pool(
// CHECK: loom.conv {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], [1], [], []]>}
// CHECK: loom.max_pool {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], [1], [], []]>}
// CHECK-NOT: loom.operand_shardings
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @conv_pool(%x: tensor<2x8x6x6xf32>) -> tensor<2x16x3x3xf32> {
  %w = loom.constant dense<1.0> : tensor<16x8x3x3xf32>
  %s = shard.sharding @mesh split_axes = [[1]] : !shard.sharding
  %ws = shard.shard %w to %s : tensor<16x8x3x3xf32>
  %t = shard.sharding @mesh split_axes = [[0]] : !shard.sharding
  %xs = shard.shard %x to %t : tensor<2x8x6x6xf32>
  %0 = loom.conv %xs, %ws strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<2x8x6x6xf32>, tensor<16x8x3x3xf32>) -> tensor<2x16x6x6xf32>
  %1 = loom.max_pool %0 kernel [2, 2] strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] : (tensor<2x16x6x6xf32>) -> tensor<2x16x3x3xf32>
  return %1 : tensor<2x16x3x3xf32>
}

// -----

// Split input channels: the filter follows, the result is a pending sum.
// A split spatial dimension is read whole.
// CHECK-LABEL: func.func @conv_input_channels(
// CHECK: loom.constant {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [1], [], []]>}
// CHECK: loom.conv {{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}], [1], [], []]>, #loom.sharding<@mesh, {{\[\[}}], [1], [], []]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [], [], []], partial = [1]>}
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @conv_input_channels(%x: tensor<2x8x6x6xf32>) -> tensor<2x16x6x6xf32> {
  %w = loom.constant dense<1.0> : tensor<16x8x3x3xf32>
  %t = shard.sharding @mesh split_axes = [[], [1], [0]] : !shard.sharding
  %xs = shard.shard %x to %t : tensor<2x8x6x6xf32>
  %0 = loom.conv %xs, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<2x8x6x6xf32>, tensor<16x8x3x3xf32>) -> tensor<2x16x6x6xf32>
  return %0 : tensor<2x16x6x6xf32>
}

// -----

// Depthwise convolution: channels are [groups, per group], and a split of
// the output channels is a split of the groups, which the input follows.
// CHECK-LABEL: func.func @depthwise(
// CHECK-SAME: %{{.*}}: tensor<2x8x6x6xf32> {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [1], [], []]>}
// CHECK: loom.conv {{.*}} {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [1], [], []]>}
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @depthwise(%x: tensor<2x8x6x6xf32>) -> tensor<2x8x6x6xf32> {
  %w = loom.constant dense<1.0> : tensor<8x1x3x3xf32>
  %s = shard.sharding @mesh split_axes = [[1]] : !shard.sharding
  %ws = shard.shard %w to %s : tensor<8x1x3x3xf32>
  %0 = loom.conv %x, %ws strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 8 : (tensor<2x8x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<2x8x6x6xf32>
  return %0 : tensor<2x8x6x6xf32>
}

// -----

// An op without a rule reads everything whole and produces it whole.
// CHECK-LABEL: func.func @fallback(
// CHECK: loom.gather_nd {{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}], []]>, #loom.sharding<@mesh, {{\[\[}}], []]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}]]>}
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @fallback(%x: tensor<8x16xf32>, %i: tensor<8x2xi64>) -> tensor<8xf32> {
  %s = shard.sharding @mesh split_axes = [[0], [1]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<8x16xf32>
  %0 = loom.gather_nd %xs, %i : (tensor<8x16xf32>, tensor<8x2xi64>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// gather_elements and scatter keep the batch split off their axis (a
// cross-entropy loss and its adjoint on a data-parallel mesh); the axis is
// read whole.
// CHECK-LABEL: func.func @along_axis(
// CHECK: loom.gather_elements {{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}0], []]>, #loom.sharding<@mesh, {{\[\[}}0], []]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], []]>}
// CHECK: loom.scatter {{.*}} loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], []]>}
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @along_axis(%x: tensor<8x16xf32>, %i: tensor<8x2xi64>, %u: tensor<8x2xf32>) -> (tensor<8x2xf32>, tensor<8x16xf32>) {
  %s = shard.sharding @mesh split_axes = [[0], [1]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<8x16xf32>
  %t = shard.sharding @mesh split_axes = [[0]] : !shard.sharding
  %is = shard.shard %i to %t : tensor<8x2xi64>
  %0 = loom.gather_elements %xs, %is axis 1 : (tensor<8x16xf32>, tensor<8x2xi64>) -> tensor<8x2xf32>
  %1 = loom.scatter %x, %is, %u axis 1 : (tensor<8x16xf32>, tensor<8x2xi64>, tensor<8x2xf32>) -> tensor<8x16xf32>
  return %0, %1 : tensor<8x2xf32>, tensor<8x16xf32>
}

// -----

// A scatter-add into zeros whose index tuples are split sums the devices'
// parts: the result is pending over the tuples' axis (an embedding's
// gradient on a data-parallel mesh). Into other data, the tuples stay whole.
// CHECK-LABEL: func.func @scatter_nd_add(
// CHECK: loom.scatter_nd {{.*}} reduction add {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []], partial = [0]>}
// CHECK: loom.scatter_nd {{.*}} reduction add {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}], []]>, #loom.sharding<@mesh, {{\[\[}}], [], []]>, #loom.sharding<@mesh, {{\[\[}}], [], []]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []]>}
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @scatter_nd_add(%i: tensor<8x4x1xi64>, %g: tensor<8x4x32xf32>, %d: tensor<64x32xf32>) -> (tensor<64x32xf32>, tensor<64x32xf32>) {
  %zeros = loom.constant dense<0.0> : tensor<64x32xf32>
  %s = shard.sharding @mesh split_axes = [[0]] : !shard.sharding
  %is = shard.shard %i to %s : tensor<8x4x1xi64>
  %gs = shard.shard %g to %s : tensor<8x4x32xf32>
  %0 = loom.scatter_nd %zeros, %is, %gs reduction add : (tensor<64x32xf32>, tensor<8x4x1xi64>, tensor<8x4x32xf32>) -> tensor<64x32xf32>
  %1 = loom.scatter_nd %d, %is, %gs reduction add : (tensor<64x32xf32>, tensor<8x4x1xi64>, tensor<8x4x32xf32>) -> tensor<64x32xf32>
  return %0, %1 : tensor<64x32xf32>, tensor<64x32xf32>
}

// -----

// A pending sum that one reader needs reduced is reduced for all: the
// scaled gradient reads the reduced value instead of a second pending sum
// (Adam's two moments of one gradient).
// CHECK-LABEL: func.func @reduced_once(
// CHECK: %[[G:.*]] = loom.matmul {{.*}} partial = [0]
// CHECK: loom.mul %[[G]], %[[G]] {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}], []]>, #loom.sharding<@mesh, {{\[\[}}], []]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []]>}
// CHECK: loom.mul %[[G]], %{{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}], []]>, #loom.sharding<@mesh, []>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}], []]>}
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @reduced_once(%x: tensor<8x4xf32>, %dy: tensor<8x3xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %s = shard.sharding @mesh split_axes = [[0]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<8x4xf32>
  %dys = shard.shard %dy to %s : tensor<8x3xf32>
  %xt = loom.transpose %xs permutation [1, 0] : (tensor<8x4xf32>) -> tensor<4x8xf32>
  %g = loom.matmul %xt, %dys : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  %sq = loom.mul %g, %g : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  %c = loom.constant dense<0.1> : tensor<f32>
  %m = loom.mul %g, %c : (tensor<4x3xf32>, tensor<f32>) -> tensor<4x3xf32>
  return %sq, %m : tensor<4x3xf32>, tensor<4x3xf32>
}

// -----

// Conflicts: both operands are annotated with axis 0 on different
// dimensions; the first dimension's factor takes it, the second dimension
// takes what the output annotation asks for (axis 1), and each annotated
// value is read resharded. The output annotation's result keeps its layout,
// read from the add's result resharded.
// CHECK-LABEL: func.func @conflict(
// CHECK-SAME: -> (tensor<8x16xf32> {loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [1]]>})
// CHECK: %[[SUM:.*]] = loom.add {{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}0], [1]]>, #loom.sharding<@mesh, {{\[\[}}0], [1]]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}0], [1]]>}
// CHECK: shard.shard %[[SUM]] to %{{.*}} annotate_for_users {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}], [1]]>, unit], loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [1]]>}
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @conflict(%x: tensor<8x16xf32>, %y: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %s = shard.sharding @mesh split_axes = [[0]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<8x16xf32>
  %t = shard.sharding @mesh split_axes = [[], [0]] : !shard.sharding
  %ys = shard.shard %y to %t : tensor<8x16xf32>
  %0 = loom.add %xs, %ys : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  %u = shard.sharding @mesh split_axes = [[], [1]] : !shard.sharding
  %1 = shard.shard %0 to %u annotate_for_users : tensor<8x16xf32>
  return %1 : tensor<8x16xf32>
}

// -----

// Between two unannotated candidates the larger tensor wins: the 8x16
// operand's split of dimension 1, not the bias's.
// CHECK-LABEL: func.func @larger_tensor_wins(
// CHECK: loom.add {{.*}} {loom.operand_shardings = [#loom.sharding<@mesh, {{\[\[}}], [1]]>, #loom.sharding<@mesh, {{\[\[}}1]]>], loom.sharding = #loom.sharding<@mesh, {{\[\[}}], [1]]>}
shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
func.func @larger_tensor_wins(%x: tensor<8x16xf32>, %b: tensor<16xf32>) -> tensor<8x16xf32> {
  %s = shard.sharding @mesh split_axes = [[], [1]] : !shard.sharding
  %xs = shard.shard %x to %s : tensor<8x16xf32>
  %t = shard.sharding @mesh split_axes = [[0]] : !shard.sharding
  %bs = shard.shard %b to %t : tensor<16xf32>
  %x1 = loom.neg %xs : tensor<8x16xf32>
  %b1 = loom.neg %bs : tensor<16xf32>
  %0 = loom.add %x1, %b1 : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}

// -----

// Without a grid nothing is sharded.
// CHECK-LABEL: func.func @no_grid(
// CHECK-NOT: loom.sharding
func.func @no_grid(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = loom.neg %x : tensor<8xf32>
  return %0 : tensor<8xf32>
}
