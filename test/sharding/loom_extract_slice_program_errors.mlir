// RUN: loom-opt %s -split-input-file -verify-diagnostics -loom-annotate-sharding="mesh=slices=4 shard=x=[slices,_,_,_]" -loom-propagate-sharding -loom-partition -loom-extract-slice-program

// A reduction over the batch needs the slices of every other image: one
// error, at the op that combines them.
func.func @main(%x: tensor<4x3x2x2xf32> {loom.name = "x"}) -> tensor<3x2x2xf32> {
  // expected-error @+1 {{this op combines the slices of symbolic dimension 'x:0' (it needs shard.all_reduce across them)}}
  %s = loom.reduce_sum %x axes [0] : (tensor<4x3x2x2xf32>) -> tensor<3x2x2xf32>
  return %s : tensor<3x2x2xf32>
}

// -----

// A constant of the batch's size would differ between the slices.
func.func @main(%x: tensor<4x3x1x1xf32> {loom.name = "x"}) -> tensor<4x3x1x1xf32> {
  // expected-error @+1 {{this value would differ between the slices of symbolic dimension 'x:0'}}
  %c = loom.constant dense<1.0> : tensor<4x3x1x1xf32>
  %y = loom.add %x, %c : (tensor<4x3x1x1xf32>, tensor<4x3x1x1xf32>) -> tensor<4x3x1x1xf32>
  return %y : tensor<4x3x1x1xf32>
}

// -----

// An output whose symbolic dimension is not its leading one: its slices
// do not lie one after another.
// expected-error @+1 {{output 'output_0' carries the symbolic dimension in dimension 1}}
func.func @main(%x: tensor<4x3x1x1xf32> {loom.name = "x"}) -> tensor<3x4x1x1xf32> {
  %t = loom.transpose %x permutation [1, 0, 2, 3] : (tensor<4x3x1x1xf32>) -> tensor<3x4x1x1xf32>
  return %t : tensor<3x4x1x1xf32>
}
