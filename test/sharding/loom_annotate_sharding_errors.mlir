// Every error of loom-annotate-sharding, one line each at the entry function.
// RUN: split-file %s %t
// RUN: loom-opt %t/empty_mesh.mlir -verify-diagnostics -loom-annotate-sharding="shard=x=[_]"
// RUN: loom-opt %t/duplicate_axis.mlir -verify-diagnostics -loom-annotate-sharding="mesh=data=2,data=4"
// RUN: loom-opt %t/empty_axis.mlir -verify-diagnostics -loom-annotate-sharding="mesh=data=0"
// RUN: loom-opt %t/bad_syntax.mlir -verify-diagnostics -loom-annotate-sharding="mesh=data:2"
// RUN: loom-opt %t/size_not_integer.mlir -verify-diagnostics -loom-annotate-sharding="mesh=data=two"
// RUN: loom-opt %t/unknown_axis.mlir -verify-diagnostics -loom-annotate-sharding="mesh=data=2 shard=x=[model]"
// RUN: loom-opt %t/not_divisible.mlir -verify-diagnostics -loom-annotate-sharding="mesh=data=4 shard=x=[data]"
// RUN: loom-opt %t/product_not_divisible.mlir -verify-diagnostics -loom-annotate-sharding="mesh=data=2,model=4 shard=x=[(data,model),_]"
// RUN: loom-opt %t/axis_twice.mlir -verify-diagnostics -loom-annotate-sharding="mesh=data=2 shard=x=[data,data]"
// RUN: loom-opt %t/wrong_rank.mlir -verify-diagnostics -loom-annotate-sharding="mesh=data=2 shard=x=[data]"
// RUN: loom-opt %t/unknown_tensor.mlir -verify-diagnostics -loom-annotate-sharding="mesh=data=2 shard=w=[data]"
// RUN: loom-opt %t/named_twice.mlir -verify-diagnostics -loom-annotate-sharding="mesh=data=2 shard=x=[data],x=[_]"
// RUN: loom-opt %t/bad_spec.mlir -verify-diagnostics -loom-annotate-sharding="mesh=data=2 shard=x=data"
// RUN: loom-opt %t/unclosed_group.mlir -verify-diagnostics -loom-annotate-sharding="mesh=data=2 shard=x=[(data]"
// RUN: loom-opt %t/unknown_preset.mlir -verify-diagnostics -loom-annotate-sharding="mesh=data=2 parallel=pipeline"
// RUN: loom-opt %t/preset_without_axis.mlir -verify-diagnostics -loom-annotate-sharding="mesh=batch=2 parallel=data"
// RUN: loom-opt %t/batch_not_divisible.mlir -verify-diagnostics -loom-annotate-sharding="mesh=data=4 parallel=data"
// RUN: loom-opt %t/layer_not_divisible.mlir -verify-diagnostics -loom-annotate-sharding="mesh=model=2 parallel=tensor"

//--- empty_mesh.mlir
// expected-error@+1 {{--mesh '': the mesh is empty; write it as NAME=SIZE,... (data=2,model=4)}}
func.func @main(%x: tensor<8xf32> {loom.name = "x"}) -> tensor<8xf32> {
  return %x : tensor<8xf32>
}

//--- duplicate_axis.mlir
// expected-error@+1 {{--mesh 'data=2,data=4': axis 'data' is named twice}}
func.func @duplicate_axis(%x: tensor<8xf32>) -> tensor<8xf32> {
  return %x : tensor<8xf32>
}

//--- empty_axis.mlir
// expected-error@+1 {{--mesh 'data=0': axis 'data' has size 0; sizes are at least 1}}
func.func @empty_axis(%x: tensor<8xf32>) -> tensor<8xf32> {
  return %x : tensor<8xf32>
}

//--- bad_syntax.mlir
// expected-error@+1 {{--mesh 'data:2': 'data:2' is not NAME=SIZE with NAME an identifier}}
func.func @bad_syntax(%x: tensor<8xf32>) -> tensor<8xf32> {
  return %x : tensor<8xf32>
}

//--- size_not_integer.mlir
// expected-error@+1 {{--mesh 'data=two': the size of axis 'data' is not an integer}}
func.func @size_not_integer(%x: tensor<8xf32>) -> tensor<8xf32> {
  return %x : tensor<8xf32>
}

//--- unknown_axis.mlir
// expected-error@+1 {{--shard 'x=[model]': the mesh has no axis 'model' (its axes: data)}}
func.func @unknown_axis(%x: tensor<8xf32> {loom.name = "x"}) -> tensor<8xf32> {
  return %x : tensor<8xf32>
}

//--- not_divisible.mlir
// expected-error@+1 {{--shard 'x=[data]': dimension 0 of size 6 is not divisible by 4 (data)}}
func.func @not_divisible(%x: tensor<6xf32> {loom.name = "x"}) -> tensor<6xf32> {
  return %x : tensor<6xf32>
}

//--- product_not_divisible.mlir
// expected-error@+1 {{--shard 'x=[(data,model),_]': dimension 0 of size 4 is not divisible by 8 ((data,model))}}
func.func @product_not_divisible(%x: tensor<4x8xf32> {loom.name = "x"}) -> tensor<4x8xf32> {
  return %x : tensor<4x8xf32>
}

//--- axis_twice.mlir
// expected-error@+1 {{--shard 'x=[data,data]': axis 'data' is used twice in [data,data]}}
func.func @axis_twice(%x: tensor<4x8xf32> {loom.name = "x"}) -> tensor<4x8xf32> {
  return %x : tensor<4x8xf32>
}

//--- wrong_rank.mlir
// expected-error@+1 {{--shard 'x=[data]': tensor 'x' has rank 2 but the spec has 1 entry}}
func.func @wrong_rank(%x: tensor<4x8xf32> {loom.name = "x"}) -> tensor<4x8xf32> {
  return %x : tensor<4x8xf32>
}

//--- unknown_tensor.mlir
// expected-error@+1 {{--shard 'w=[data]': the model has no tensor named 'w'}}
func.func @unknown_tensor(%x: tensor<4xf32> {loom.name = "x"}) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

//--- named_twice.mlir
// expected-error@+1 {{--shard 'x=[_]': tensor 'x' is named by another --shard too}}
func.func @named_twice(%x: tensor<4xf32> {loom.name = "x"}) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

//--- bad_spec.mlir
// expected-error@+1 {{--shard 'x=data': write it as NAME=[AXIS|_|(AXIS,AXIS),...], one entry per dimension}}
func.func @bad_spec(%x: tensor<4xf32> {loom.name = "x"}) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

//--- unclosed_group.mlir
// expected-error@+1 {{--shard 'x=[(data]': missing ')' in dimension 0}}
func.func @unclosed_group(%x: tensor<4xf32> {loom.name = "x"}) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

//--- unknown_preset.mlir
// expected-error@+1 {{--parallel 'pipeline': unknown preset (data, tensor)}}
func.func @unknown_preset(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

//--- preset_without_axis.mlir
// expected-error@+1 {{--parallel=data needs a mesh axis named 'data' (the mesh has batch)}}
func.func @preset_without_axis(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

//--- batch_not_divisible.mlir
// expected-error@+1 {{--parallel=data: input 'input_0': dimension 0 of size 2 is not divisible by 4 (data)}}
func.func @batch_not_divisible(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  return %x : tensor<2x8xf32>
}

//--- layer_not_divisible.mlir
// expected-warning@+1 {{--parallel=tensor: 'w': dimension 1 of size 5 is not divisible by 2 (model); it stays replicated}}
func.func @layer_not_divisible(%x: tensor<4x8xf32>) -> tensor<4x5xf32> {
  %w = loom.constant dense<1.0> : tensor<8x5xf32> loc("w")
  %y = loom.matmul %x, %w : (tensor<4x8xf32>, tensor<8x5xf32>) -> tensor<4x5xf32>
  return %y : tensor<4x5xf32>
}
