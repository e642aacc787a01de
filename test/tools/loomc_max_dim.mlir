// Symbolic batch dimensions (docs/dynamic-shapes.md): compiled once with
// loomc --max-dim, run by loom-run at any batch up to the bound. The models
// are at the end of the file.
// RUN: rm -rf %t && split-file %s %t

// A convolution, ReLU, global mean and flatten, compiled for batches of 1
// to 4: the report names the symbol, and the kernels are those of one image.
// RUN: loomc %t/conv.mlir --input-shape=x:?x3x8x8 --max-dim=4 --report -o %t.conv.loom | FileCheck %s --check-prefix=REPORT
// REPORT: symbolic dimension: x:0, 1 to 4
// REPORT: main_kernel_0 1x1x1 14080 768 1024
// The arena holds the bound's four images: 4 x 1024 bytes.
// REPORT: peak arena bytes: 4096

// Each image: the 3x3 window of 0.5s over 3 channels of ones, padded by 1,
// averages 0.5 x 3 x 22 x 22 / 64 = 11.34375 over the 8x8 image.
// RUN: loom-run %t.conv.loom --input=x=2x3x8x8xf32=1 2>%t.ran | FileCheck %s --check-prefix=RUN2
// RUN: FileCheck %s --check-prefix=RAN2 < %t.ran
// RUN2: output 'output_0': 2x4xf32 [11.34375, 11.34375, 11.34375, 11.34375, 11.34375, 11.34375, 11.34375, 11.34375]
// RAN2: ran with x:0=2
// RUN: loom-run %t.conv.loom --input=x=4x3x8x8xf32=1 2>/dev/null | FileCheck %s --check-prefix=RUN4
// RUN4: output 'output_0': 4x4xf32 [11.34375,

// Above the bound: one line, before anything runs.
// RUN: not loom-run %t.conv.loom --input=x=5x3x8x8xf32=1 2>&1 | FileCheck %s --check-prefix=ABOVE
// ABOVE: input 'x' dimension 0 is 5, above the bound 4 the artifact was compiled for (symbol 'x:0')

// Two inputs that share the symbol must agree on it.
// RUN: loomc %t/add.mlir --input-shape=x:?x2 --input-shape=y:?x2 --max-dim=3 -o %t.add.loom
// RUN: loom-run %t.add.loom --input=x=3x2xf32=1,2,3,4,5,6 --input=y=3x2xf32=10 2>/dev/null | FileCheck %s --check-prefix=ADD
// ADD: output 'output_0': 3x2xf32 [11, 12, 13, 14, 15, 16]
// RUN: not loom-run %t.add.loom --input=x=3x2xf32=1 --input=y=2x2xf32=1 2>&1 | FileCheck %s --check-prefix=DISAGREE
// DISAGREE: input 'y' dimension 0 is 2, but input 'x' gives symbol 'x:0' the value 3

// A dimension left symbolic needs a bound.
// RUN: not loomc %t/conv.mlir --input-shape=x:?x3x8x8 -o %t.x.loom 2>&1 | FileCheck %s --check-prefix=NO-BOUND
// NO-BOUND: input 'x' has type 'tensor<?x3x8x8xf32>'; code generation needs static shapes (give them with --input-shape, or bound the dynamic ones with --max-dim)

// A reduction over the batch combines the slices: refused at the op.
// RUN: not loomc %t/batch_sum.mlir --input-shape=x:?x3 --max-dim=4 -o %t.x.loom 2>&1 | FileCheck %s --check-prefix=COMBINES
// COMBINES: error: this op combines the slices of symbolic dimension 'x:0' (it needs shard.all_reduce across them): a symbolic dimension must be computed slice by slice; give the dimension a fixed size with --input-shape

// One symbolic dimension a tensor.
// RUN: not loomc %t/square.mlir --input-shape=x:?x? --max-dim=2 -o %t.x.loom 2>&1 | FileCheck %s --check-prefix=TWO
// TWO: input 'x' has 2 symbolic dimensions; a tensor may have one (its batch dimension), computed slice by slice

// Only targets whose runtime runs sliced programs, and no mesh yet.
// RUN: not loomc %t/conv.mlir --input-shape=x:?x3x8x8 --max-dim=4 --target=systolic -o %t.x.loom 2>&1 | FileCheck %s --check-prefix=TARGET
// TARGET: the 'systolic' target does not run symbolic dimensions yet (only the cpu target does); give every size with --input-shape
// RUN: not loomc %t/conv.mlir --input-shape=x:?x3x8x8 --max-dim=4 --mesh=data=2 --parallel=data -o %t.x.loom 2>&1 | FileCheck %s --check-prefix=MESH
// MESH: a symbolic dimension (--max-dim) cannot be combined with a device mesh yet
// A user's mesh may name an axis `slices`: it stays a mesh.
// RUN: loomc %t/conv.mlir --mesh=slices=2 --shard=x=[slices,_,_,_] --report -o %t.mesh.loom | FileCheck %s --check-prefix=USER-MESH
// USER-MESH: mesh: slices=2 (2 devices
// USER-MESH-NOT: symbolic dimension
// RUN: not loomc %t/conv.mlir --input-shape=x:?x3x8x8 --max-dim=-2 -o %t.x.loom 2>&1 | FileCheck %s --check-prefix=RANGE
// RANGE: --max-dim -2 is out of range (1 to 2147483648)

//--- conv.mlir
func.func @main(%x: tensor<4x3x8x8xf32> {loom.name = "x"}) -> tensor<4x4xf32> {
  %w = loom.constant dense<0.5> : tensor<4x3x3x3xf32>
  %c = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<4x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<4x4x8x8xf32>
  %r = loom.relu %c : tensor<4x4x8x8xf32>
  %p = loom.reduce_mean %r axes [2, 3] keepdims : (tensor<4x4x8x8xf32>) -> tensor<4x4x1x1xf32>
  %f = loom.reshape %p : tensor<4x4x1x1xf32> to tensor<4x4xf32>
  return %f : tensor<4x4xf32>
}

//--- add.mlir
func.func @main(%x: tensor<3x2xf32> {loom.name = "x"}, %y: tensor<3x2xf32> {loom.name = "y"}) -> tensor<3x2xf32> {
  %z = loom.add %x, %y : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  return %z : tensor<3x2xf32>
}

//--- batch_sum.mlir
func.func @main(%x: tensor<4x3xf32> {loom.name = "x"}) -> tensor<3xf32> {
  %s = loom.reduce_sum %x axes [0] : (tensor<4x3xf32>) -> tensor<3xf32>
  return %s : tensor<3xf32>
}

//--- square.mlir
func.func @main(%x: tensor<2x2xf32> {loom.name = "x"}) -> tensor<2x2xf32> {
  %r = loom.relu %x : tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}
