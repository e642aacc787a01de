// RUN: loom-opt %s -split-input-file -loom-annotate-sharding="mesh=slices=4 shard=x=[slices,_,_,_]" -loom-propagate-sharding -loom-partition -loom-extract-slice-program | FileCheck %s
// RUN: loom-opt %s -split-input-file -loom-annotate-sharding="mesh=slices=4 shard=x=[slices,_,_,_]" -loom-propagate-sharding -loom-partition -loom-extract-slice-program="axis=other" | FileCheck %s --check-prefix=OTHER

// A convolution, a ReLU, global pooling and a flatten at batch 4: each
// image is computed on its own, so the program is that of one image, the
// grid is gone, and the input and output carry the symbol in dimension 0.
// CHECK-LABEL: func.func @main(
// CHECK-SAME: %{{.*}}: tensor<1x3x8x8xf32> {loom.name = "x", loom.sliced_dim = 0 : i64}
// CHECK-SAME: -> (tensor<1x4xf32> {loom.sliced_dim = 0 : i64})
// CHECK-SAME: loom.dim_symbol = #loom.dim_symbol<"x:0", 4>
// CHECK: loom.conv {{.*}} -> tensor<1x4x8x8xf32>
// CHECK: loom.reshape {{.*}} to tensor<1x4xf32>
// CHECK-NOT: shard.
// CHECK-NOT: loom.sharding
// With another axis name the pass leaves the module as it is.
// OTHER: shard.grid @mesh(shape = 4) {loom.mesh_axes = ["slices"]}
// OTHER-NOT: loom.dim_symbol
func.func @main(%x: tensor<4x3x8x8xf32> {loom.name = "x"}) -> tensor<4x4xf32> {
  %w = loom.constant dense<0.5> : tensor<4x3x3x3xf32>
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<4x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<4x4x8x8xf32>
  %r = loom.relu %c : tensor<4x4x8x8xf32>
  %p = loom.reduce_mean %r axes [2, 3] keepdims : (tensor<4x4x8x8xf32>) -> tensor<4x4x1x1xf32>
  %f = loom.reshape %p : tensor<4x4x1x1xf32> to tensor<4x4xf32>
  return %f : tensor<4x4xf32>
}
