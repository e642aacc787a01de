// Collective kernels (codegen/Collective.cpp): every chip runs the same
// code with s0 = its chip id, computes its rank and neighbours from it, and
// moves the data with send/recv. The header comment names the algorithm
// the alpha-beta model chose and its prediction.
// RUN: loomc %s --target=systolic --emit=asm | FileCheck %s
// RUN: loomc %S/Inputs/collective-2d.mlir --target=systolic --emit=asm \
// RUN:   | FileCheck %s --check-prefix=MESH

// A 4 MiB all-reduce over the 4 chips of a ring (3 links each way): ring
// reduce-scatter then all-gather, each step's chunk split over the 3 links.
// CHECK-LABEL: # kernel @main_all_reduce_0
// CHECK-NEXT: 0:  s.li [[T:s[0-9]+]], 4
// CHECK-NEXT: 1:  br.ge s0, [[T]], [[END:[0-9]+]] {{ *}}# all_reduce over 4 chips: ring, 1 segment(s) x 6 steps of 3 x 349568 bytes (1 hops a step; alpha 1050 cycles/hop, B 42.86 bytes/cycle, 3 links/direction); predicted {{[0-9]+}} cycles. Chips past the mesh's 4 take no part
// CHECK-NEXT: s.li [[RANK:s[0-9]+]], 0 {{ *}}# rank = this chip's coordinates on the group's axes, row-major
// CHECK: s.remi [[D:s[0-9]+]], s0, 4
// CHECK: s.add [[RANK]], [[RANK]], [[D]]
// CHECK: dma.load {{.*}}, f0, 1, 4194304, 4194304, 4194304
// CHECK-NEXT: wait f0, 1
// CHECK: # reduce-scatter step 0
// CHECK-NEXT: s.addi [[R:s[0-9]+]], [[TMP:s[0-9]+]], 0
// CHECK-NEXT: recv [[R]], [[LEFT:s[0-9]+]], f2, 349568
// CHECK: recv {{s[0-9]+}}, [[LEFT]], f2, 349568
// CHECK: recv {{s[0-9]+}}, [[LEFT]], f2, 349568
// CHECK: send {{s[0-9]+}}, [[RIGHT:s[0-9]+]], f1, 349568
// CHECK: send {{s[0-9]+}}, [[RIGHT]], f1, 349568
// CHECK: send {{s[0-9]+}}, [[RIGHT]], f1, 349568
// CHECK-NEXT: wait f2, 3
// The received partial sum plus this chip's chunk, 256 register tiles and
// a tail.
// CHECK: s.li [[N:s[0-9]+]], 256
// CHECK-NEXT: [[LOOP:[0-9]+]]:  vld [[VA:v[0-9]+]], [[SRC:s[0-9]+]], 512, 8, 128
// CHECK-NEXT: vld [[VB:v[0-9]+]], [[DST:s[0-9]+]], 512, 8, 128
// CHECK-NEXT: v.add [[VA]], [[VA]], [[VB]]
// CHECK-NEXT: vst [[VA]], [[DST]], 512, 8, 128
// CHECK: loop [[N]], [[LOOP]]
// CHECK: wait f1, 3
// CHECK: # reduce-scatter step 1
// CHECK: # reduce-scatter step 2
// CHECK: # all-gather step 0
// CHECK: recv {{s[0-9]+}}, [[LEFT]], f2, 349568
// CHECK: send {{s[0-9]+}}, [[RIGHT]], f1, 349568
// CHECK: wait f2, 3
// CHECK-NEXT: wait f1, 3
// CHECK: # all-gather step 2
// CHECK: dma.store {{.*}}, f0, 1, 4194304, 4194304, 4194304
// CHECK-NEXT: wait f0, 1
// CHECK-NEXT: [[END]]:  halt

// A small max all-reduce over the data axis of a 2x4 mesh (chips i and
// i + 4): one exchange of the whole tensor, reduced in group order.
// MESH-LABEL: # kernel @main_all_reduce_0
// MESH: # all_reduce over 2 chips: direct, 1 segment(s), 512 bytes to every member
// MESH: s.divi [[Q:s[0-9]+]], s0, 4
// MESH-NEXT: s.remi [[Q]], [[Q]], 2
// MESH: recv {{s[0-9]+}}, {{s[0-9]+}}, f2, 512
// MESH: send {{s[0-9]+}}, {{s[0-9]+}}, f1, 512
// MESH: wait f2, 1
// MESH-NEXT: wait f1, 1
// MESH-NEXT: # reduce the members' tensors in group order
// MESH-NEXT: vld [[V0:v[0-9]+]], [[P:s[0-9]+]], 512, 1, 128
// MESH-NEXT: s.addi [[P1:s[0-9]+]], [[P]], 512
// MESH-NEXT: vld [[V1:v[0-9]+]], [[P1]], 512, 1, 128
// MESH-NEXT: v.max [[V0]], [[V0]], [[V1]]
// MESH-NEXT: vst [[V0]], [[P]], 512, 1, 128
// MESH: dma.store {{.*}}, f0, 1, 512, 512, 512
// MESH-NEXT: wait f0, 1
// MESH-NEXT: halt
shard.grid @ring(shape = 4) {loom.mesh_axes = ["model"]}
func.func @main(%x: tensor<1048576xf32>) -> tensor<1048576xf32> {
  %a = shard.all_reduce %x on @ring grid_axes = [0] : tensor<1048576xf32> -> tensor<1048576xf32>
  return %a : tensor<1048576xf32>
}
