// loom-systolic-outline-collectives: each shard collective of the
// partitioned program becomes a kernel of its own (in call order, named
// after the op), so the artifact launches it on every chip instead of
// running a Collective command; all_slice of a constant stays.
// RUN: loomc %s --target=systolic --emit=kernels | FileCheck %s
// RUN: loomc %S/Inputs/megatron_mlp.mlir --mesh=model=2 --parallel=tensor \
// RUN:   --target=systolic --emit=kernels | FileCheck %s --check-prefix=MLP

// CHECK-LABEL: func.func @main
// CHECK-NEXT: %[[G:.*]] = call @main_all_gather_0(%arg0) : (tensor<8x16xf32>) -> tensor<16x16xf32>
// CHECK-NEXT: %[[S:.*]] = call @main_reduce_scatter_0(%[[G]]) : (tensor<16x16xf32>) -> tensor<8x16xf32>
// CHECK-NEXT: %[[T:.*]] = call @main_all_to_all_0(%[[S]]) : (tensor<8x16xf32>) -> tensor<32x4xf32>
// CHECK: %[[M:.*]] = call @main_all_reduce_0(%{{.*}}) : (tensor<8x16xf32>) -> tensor<8x16xf32>
// CHECK-NEXT: %[[N:.*]] = call @main_all_reduce_1(%[[M]])
// CHECK-NEXT: return %[[N]]
// CHECK-NOT: shard.all_
// CHECK: func.func private @main_all_gather_0(%[[X:.*]]: tensor<8x16xf32>) -> tensor<16x16xf32> attributes {loom.kernel = #loom.kernel<generic>}
// CHECK-NEXT: %[[R:.*]] = shard.all_gather %[[X]] on @mesh grid_axes = [1] gather_axis = 0
// CHECK-NEXT: return %[[R]]
// CHECK: func.func private @main_reduce_scatter_0
// CHECK-NEXT: shard.reduce_scatter %{{.*}} on @mesh grid_axes = [1] scatter_axis = 0
// CHECK: func.func private @main_all_to_all_0
// CHECK-NEXT: shard.all_to_all %{{.*}} on @mesh grid_axes = [0, 1] split_axis = 1 concat_axis = 0
// CHECK: func.func private @main_all_reduce_0
// CHECK-NEXT: shard.all_reduce %{{.*}} on @mesh grid_axes = [0] reduction = max
// CHECK: func.func private @main_all_reduce_1
// CHECK-NEXT: shard.all_reduce %{{.*}} on @mesh grid_axes = [0, 1] :
shard.grid @mesh(shape = 2x2) {loom.mesh_axes = ["data", "model"]}
func.func @main(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %g = shard.all_gather %x on @mesh grid_axes = [1] gather_axis = 0 : tensor<8x16xf32> -> tensor<16x16xf32>
  %s = shard.reduce_scatter %g on @mesh grid_axes = [1] scatter_axis = 0 : tensor<16x16xf32> -> tensor<8x16xf32>
  %t = shard.all_to_all %s on @mesh grid_axes = [0, 1] split_axis = 1 concat_axis = 0 : tensor<8x16xf32> -> tensor<32x4xf32>
  %r = loom.reshape %t : tensor<32x4xf32> to tensor<8x16xf32>
  %m = shard.all_reduce %r on @mesh grid_axes = [0] reduction = max : tensor<8x16xf32> -> tensor<8x16xf32>
  %n = shard.all_reduce %m on @mesh grid_axes = [0, 1] : tensor<8x16xf32> -> tensor<8x16xf32>
  return %n : tensor<8x16xf32>
}

// Megatron's MLP on model=2: the row-split second layer's pending sum is
// one all-reduce kernel between the matmul kernel and the result; the
// weights' all_slice stay in @main.
// MLP-LABEL: func.func @main
// MLP: shard.all_slice
// MLP: shard.all_slice
// MLP: call @main_kernel_0
// MLP-NEXT: %[[Y:.*]] = call @main_kernel_1
// MLP-NEXT: %[[R:.*]] = call @main_all_reduce_0(%[[Y]]) : (tensor<8x16xf32>) -> tensor<8x16xf32>
// MLP-NEXT: return %[[R]]
// MLP: func.func private @main_kernel_1
// MLP: func.func private @main_all_reduce_0(%[[A:.*]]: tensor<8x16xf32>) -> tensor<8x16xf32> attributes {loom.kernel = #loom.kernel<generic>}
// MLP-NEXT: %[[S:.*]] = shard.all_reduce %[[A]] on @mesh grid_axes = [0] : tensor<8x16xf32> -> tensor<8x16xf32>
// MLP-NEXT: return %[[S]]
