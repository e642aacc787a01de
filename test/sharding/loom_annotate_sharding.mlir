// RUN: split-file %s %t
// RUN: loom-opt %t/named.mlir -loom-annotate-sharding="mesh=data=2,model=4 shard=x=[data,_],w1=[_,model],y=[(data,model),_]" | FileCheck %s --check-prefix=NAMED
// RUN: loom-opt %t/named.mlir -loom-annotate-sharding | FileCheck %s --check-prefix=NONE
// RUN: loom-opt %t/unnamed.mlir -loom-annotate-sharding="mesh=d=2 shard=input_1=[d],output_0=[_,d]" | FileCheck %s --check-prefix=DEFAULT
// RUN: loom-opt %t/grid.mlir -loom-annotate-sharding="mesh=data=2 shard=x=[data]" | FileCheck %s --check-prefix=REUSE
// RUN: loom-opt %t/fused.mlir -loom-annotate-sharding="mesh=d=2 shard=b.bias=[d]" | FileCheck %s --check-prefix=FUSED
// RUN: not loom-opt %t/grid.mlir -loom-annotate-sharding="mesh=data=4 shard=x=[data]" 2>&1 | FileCheck %s --check-prefix=OTHER

//--- named.mlir
// Inputs by loom.name, constants by their location name, outputs by
// loom.name: each gets a shard.sharding and a shard.shard that every other
// use reads; an output is annotated for its reader, the return.
// NAMED: shard.grid @mesh(shape = 2x4) {loom.mesh_axes = ["data", "model"]}
// NAMED-LABEL: func.func @main(
// NAMED-SAME: %[[X:.*]]: tensor<8x16xf32> {loom.name = "x"}
// NAMED: %[[SX:.*]] = shard.sharding @mesh split_axes = {{\[\[}}0], []] : !shard.sharding
// NAMED: %[[AX:.*]] = shard.shard %[[X]] to %[[SX]] : tensor<8x16xf32>
// NAMED: %[[W1:.*]] = loom.constant
// NAMED: %[[SW:.*]] = shard.sharding @mesh split_axes = {{\[\[}}], [1]] : !shard.sharding
// NAMED: %[[AW:.*]] = shard.shard %[[W1]] to %[[SW]] : tensor<16x32xf32>
// NAMED: %[[H:.*]] = loom.matmul %[[AX]], %[[AW]]
// NAMED: %[[SY:.*]] = shard.sharding @mesh split_axes = {{\[\[}}0, 1], []] : !shard.sharding
// NAMED: %[[AY:.*]] = shard.shard %[[H]] to %[[SY]] annotate_for_users : tensor<8x32xf32>
// NAMED: return %[[AY]]
// Without options the pass changes nothing.
// NONE-NOT: shard.
func.func @main(%x: tensor<8x16xf32> {loom.name = "x"}) -> (tensor<8x32xf32> {loom.name = "y"}) {
  %w1 = loom.constant dense<1.0> : tensor<16x32xf32> loc("w1")
  %h = loom.matmul %x, %w1 : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  return %h : tensor<8x32xf32>
}

//--- unnamed.mlir
// Without loom.name, inputs and outputs are input_N and output_N, as in
// the artifact.
// DEFAULT-LABEL: func.func @unnamed(
// DEFAULT-SAME: %[[A:.*]]: tensor<4x6xf32>, %[[B:.*]]: tensor<6xf32>)
// DEFAULT: %[[SB:.*]] = shard.sharding @mesh split_axes = {{\[\[}}0]]
// DEFAULT: %[[AB:.*]] = shard.shard %[[B]] to %[[SB]]
// DEFAULT: %[[SUM:.*]] = loom.add %[[A]], %[[AB]]
// DEFAULT: shard.shard %[[SUM]] to %{{.*}} annotate_for_users
func.func @unnamed(%a: tensor<4x6xf32>, %b: tensor<6xf32>) -> tensor<4x6xf32> {
  %0 = loom.add %a, %b : (tensor<4x6xf32>, tensor<6xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

//--- grid.mlir
// A model that brings its own @mesh: reused when it is the same mesh,
// an error otherwise.
// REUSE: shard.grid @mesh(shape = 2) {loom.mesh_axes = ["data"]}
// REUSE-NOT: shard.grid
// OTHER: error: --mesh: the module already has a symbol @mesh that is not this mesh
shard.grid @mesh(shape = 2) {loom.mesh_axes = ["data"]}
func.func @main(%x: tensor<8xf32> {loom.name = "x"}) -> tensor<8xf32> {
  return %x : tensor<8xf32>
}

//--- fused.mlir
// A constant folding deduplicated answers to each of its names.
// FUSED: %[[W:.*]] = loom.constant
// FUSED: shard.sharding @mesh split_axes = {{\[\[}}0]]
// FUSED: shard.shard %[[W]]
func.func @main(%x: tensor<8xf32>) -> tensor<8xf32> {
  %w = loom.constant dense<1.0> : tensor<8xf32> loc(fused["a.bias", "b.bias"])
  %0 = loom.add %x, %w : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
