// Collectives the systolic target cannot generate are errors naming the
// kernel, the op and the reason.
// RUN: not loomc %s --target=systolic --chip-config=%S/Inputs/small-vmem.ini \
// RUN:   --emit=asm 2>&1 | FileCheck %s

// CHECK: error: systolic: kernel @main_all_reduce_0 (shard.all_reduce) reduces 32-bit elements; the vector unit reduces f32
// CHECK: error: systolic: kernel @main_all_to_all_0 (shard.all_to_all) moves 65536 bytes per chip, but an all_to_all must fit twice in VMEM (65536 bytes)
shard.grid @mesh(shape = 4) {loom.mesh_axes = ["model"]}
func.func @main(%i: tensor<64xi32>, %x: tensor<128x128xf32>) -> (tensor<64xi32>, tensor<512x32xf32>) {
  %a = shard.all_reduce %i on @mesh grid_axes = [0] : tensor<64xi32> -> tensor<64xi32>
  %t = shard.all_to_all %x on @mesh grid_axes = [0] split_axis = 1 concat_axis = 0 : tensor<128x128xf32> -> tensor<512x32xf32>
  return %a, %t : tensor<64xi32>, tensor<512x32xf32>
}
