// loom-run binds inputs by position and by name, from literals and .npy
// files, and prints the outputs it does not write. The models are at the
// end of the file.
// RUN: rm -rf %t && split-file %s %t
// RUN: loomc %t/add.mlir --target=cpu -o %t.loom

// Positional literals, in signature order; one value fills a tensor.
// RUN: loom-run %t.loom --input=2x4xf32=0,1,2,3,4,5,6,7 --input=2x4xf32=1 | FileCheck %s --check-prefix=POSITIONAL
// POSITIONAL:      output 'z': 2x4xf32 [12, 24, 36, 48, 60, 72, 84, 96]
// POSITIONAL-NEXT: output 'w': 2x4xf32 [1, 2, 3, 4, 5, 6, 7, 8]

// By name, in any order; an unnamed input takes the position left.
// RUN: loom-run %t.loom --input=y=2x4xf32=0,1,2,3,4,5,6,7 --input 2x4xf32=0.5 | FileCheck %s --check-prefix=NAMED
// NAMED:      output 'z': 2x4xf32 [11, 23, 35, 47, 59, 71, 83, 95]
// NAMED-NEXT: output 'w': 2x4xf32 [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5]

// Outputs written to .npy files (by position or by name) are not printed;
// the files read back as inputs, and the thread count does not matter.
// RUN: loom-run %t.loom --input=2x4xf32=0,1,2,3,4,5,6,7 --input=2x4xf32=1 --output=w=@%t.w.npy --threads=1 | FileCheck %s --check-prefix=WRITE-W --implicit-check-not=w
// WRITE-W: output 'z': 2x4xf32 [12, 24, 36, 48, 60, 72, 84, 96]
// RUN: loom-run %t.loom --input=@%t.w.npy --input=y=@%t.w.npy --output=@%t.z.npy --threads=3 | FileCheck %s --check-prefix=FROM-NPY --implicit-check-not=z
// FROM-NPY: output 'w': 2x4xf32 [2, 4, 6, 8, 10, 12, 14, 16]
// RUN: loom-run %t.loom --input=@%t.z.npy --input=2x4xf32=0 | FileCheck %s --check-prefix=Z-NPY
// Z-NPY: output 'w': 2x4xf32 [14, 28, 42, 56, 70, 84, 98, 112]

// Every dtype through .npy files: a literal is written by a model that
// copies its input, then read back.
// RUN: loomc %t/copy_2_3_f16.mlir --target=cpu -o %t.f16.loom
// RUN: loom-run %t.f16.loom --input=2x3xf16=0.1,-2,65504,inf,-0,nan --output=@%t.f16.npy
// RUN: loom-run %t.f16.loom --input=@%t.f16.npy | FileCheck %s --check-prefix=F16
// F16: output 'y': 2x3xf16 [0.099975586, -2, 65504, inf, -0, nan]
// RUN: loomc %t/copy_3_bf16.mlir --target=cpu -o %t.bf16.loom
// RUN: loom-run %t.bf16.loom --input=3xbf16=1.1,-3e38,1e-40 --output=@%t.bf16.npy
// RUN: loom-run %t.bf16.loom --input=@%t.bf16.npy | FileCheck %s --check-prefix=BF16
// BF16: output 'y': 3xbf16 [1.1015625, -3.0040553e+38, 9.1835e-41]
// RUN: loomc %t/copy_2_2_f64.mlir --target=cpu -o %t.f64.loom
// RUN: loom-run %t.f64.loom --input=2x2xf64=0.1,1e300,-5e-324,3 --output=@%t.f64.npy
// RUN: loom-run %t.f64.loom --input=@%t.f64.npy | FileCheck %s --check-prefix=F64
// F64: output 'y': 2x2xf64 [0.1, 1e+300, -5e-324, 3]
// RUN: loomc %t/copy_3_i8.mlir --target=cpu -o %t.i8.loom
// RUN: loom-run %t.i8.loom --input=3xi8=-128,127,0 --output=@%t.i8.npy
// RUN: loom-run %t.i8.loom --input=@%t.i8.npy | FileCheck %s --check-prefix=I8
// I8: output 'y': 3xi8 [-128, 127, 0]
// RUN: loomc %t/copy_2_1_i32.mlir --target=cpu -o %t.i32.loom
// RUN: loom-run %t.i32.loom --input=2x1xi32=-2147483648,2147483647 --output=@%t.i32.npy
// RUN: loom-run %t.i32.loom --input=@%t.i32.npy | FileCheck %s --check-prefix=I32
// I32: output 'y': 2x1xi32 [-2147483648, 2147483647]
// RUN: loomc %t/copy_2_i64.mlir --target=cpu -o %t.i64.loom
// RUN: loom-run %t.i64.loom --input=2xi64=-9223372036854775808,9223372036854775807 --output=@%t.i64.npy
// RUN: loom-run %t.i64.loom --input=@%t.i64.npy | FileCheck %s --check-prefix=I64
// I64: output 'y': 2xi64 [-9223372036854775808, 9223372036854775807]
// The unsigned types and i16 (ui16 shares '<u2' with bf16 and is read
// back as ui16 where the model expects ui16); `add` runs a kernel that
// wraps at each type's top.
// RUN: loomc %t/add_2_ui16.mlir --target=cpu -o %t.ui16.loom
// RUN: loom-run %t.ui16.loom --input=2xui16=1,65535 --output=@%t.ui16.npy
// RUN: loom-run %t.ui16.loom --input=@%t.ui16.npy | FileCheck %s --check-prefix=UI16
// UI16: output 'y': 2xui16 [4, 65532]
// RUN: head -c 80 %t.ui16.npy | FileCheck %s --check-prefix=UI16-DESCR
// UI16-DESCR: {'descr': '<u2', 'fortran_order': False, 'shape': (2,)
// RUN: loomc %t/add_3_ui8.mlir --target=cpu -o %t.ui8.loom
// RUN: loom-run %t.ui8.loom --input=3xui8=0,128,255 --output=@%t.ui8.npy
// RUN: loom-run %t.ui8.loom --input=@%t.ui8.npy | FileCheck %s --check-prefix=UI8
// UI8: output 'y': 3xui8 [0, 0, 252]
// RUN: loomc %t/copy_2_ui64.mlir --target=cpu -o %t.ui64.loom
// RUN: loom-run %t.ui64.loom --input=2xui64=0,9223372036854775807 --output=@%t.ui64.npy
// RUN: loom-run %t.ui64.loom --input=@%t.ui64.npy | FileCheck %s --check-prefix=UI64
// UI64: output 'y': 2xui64 [0, 9223372036854775807]
// RUN: loomc %t/copy_2_i16.mlir --target=cpu -o %t.i16.loom
// RUN: loom-run %t.i16.loom --input=2xi16=-32768,32767 --output=@%t.i16.npy
// RUN: loom-run %t.i16.loom --input=@%t.i16.npy | FileCheck %s --check-prefix=I16
// I16: output 'y': 2xi16 [-32768, 32767]
// RUN: not loom-run %t.ui8.loom --input=3xui8=0,1,256 2>&1 | FileCheck %s --check-prefix=UI8-RANGE
// UI8-RANGE: in the range of ui8
// RUN: loomc %t/copy_4_i1.mlir --target=cpu -o %t.i1.loom
// RUN: loom-run %t.i1.loom --input=4xi1=1,0,true,false --output=@%t.i1.npy
// RUN: loom-run %t.i1.loom --input=@%t.i1.npy | FileCheck %s --check-prefix=I1
// I1: output 'y': 4xi1 [true, false, true, false]

// The .npy files carry NumPy's dtypes; bf16 is stored as uint16.
// RUN: head -c 80 %t.bf16.npy | FileCheck %s --check-prefix=BF16-DESCR
// BF16-DESCR: {'descr': '<u2', 'fortran_order': False, 'shape': (3,)
// RUN: head -c 80 %t.i1.npy | FileCheck %s --check-prefix=I1-DESCR
// I1-DESCR: {'descr': '|b1', 'fortran_order': False, 'shape': (4,)

// Scalars, empty tensors, and big tensors printed in part.
// RUN: loomc %t/copy_f32.mlir --target=cpu -o %t.scalar.loom
// RUN: loom-run %t.scalar.loom --input=f32=-0.25 | FileCheck %s --check-prefix=SCALAR
// SCALAR: output 'y': f32 [-0.25]
// RUN: loomc %t/copy_0_3_f32.mlir --target=cpu -o %t.empty.loom
// RUN: loom-run %t.empty.loom --input=0x3xf32= | FileCheck %s --check-prefix=EMPTY
// EMPTY: output 'y': 0x3xf32 []
// RUN: loomc %t/copy_10_10_i32.mlir --target=cpu -o %t.big.loom
// RUN: loom-run %t.big.loom --input=10x10xi32=7 | FileCheck %s --check-prefix=BIG
// BIG: output 'y': 10x10xi32 [7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, ... (84 more)]

// --help lists the options.
// RUN: loom-run --help | FileCheck %s --check-prefix=HELP
// HELP: usage: loom-run MODEL.loom [options]
// HELP: --benchmark=N

//--- add.mlir
// z = (x + y) * 2 + [[10, 20, 30, 40], [50, 60, 70, 80]] and w = x + y.
func.func @main(%x: tensor<2x4xf32> {loom.name = "x"}, %y: tensor<2x4xf32> {loom.name = "y"}) -> (tensor<2x4xf32> {loom.name = "z"}, tensor<2x4xf32> {loom.name = "w"}) {
  %c = loom.constant dense<[[10.0, 20.0, 30.0, 40.0], [50.0, 60.0, 70.0, 80.0]]> : tensor<2x4xf32>
  %two = loom.constant dense<2.0> : tensor<f32>
  %w = loom.add %x, %y : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %scaled = loom.mul %w, %two : (tensor<2x4xf32>, tensor<f32>) -> tensor<2x4xf32>
  %z = loom.add %scaled, %c : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %z, %w : tensor<2x4xf32>, tensor<2x4xf32>
}
//--- copy_2_3_f16.mlir
func.func @main(%x: tensor<2x3xf16> {loom.name = "x"}) -> (tensor<2x3xf16> {loom.name = "y"}) {
  return %x : tensor<2x3xf16>
}
//--- copy_3_bf16.mlir
func.func @main(%x: tensor<3xbf16> {loom.name = "x"}) -> (tensor<3xbf16> {loom.name = "y"}) {
  return %x : tensor<3xbf16>
}
//--- copy_2_2_f64.mlir
func.func @main(%x: tensor<2x2xf64> {loom.name = "x"}) -> (tensor<2x2xf64> {loom.name = "y"}) {
  return %x : tensor<2x2xf64>
}
//--- copy_3_i8.mlir
func.func @main(%x: tensor<3xi8> {loom.name = "x"}) -> (tensor<3xi8> {loom.name = "y"}) {
  return %x : tensor<3xi8>
}
//--- copy_2_1_i32.mlir
func.func @main(%x: tensor<2x1xi32> {loom.name = "x"}) -> (tensor<2x1xi32> {loom.name = "y"}) {
  return %x : tensor<2x1xi32>
}
//--- copy_2_i64.mlir
func.func @main(%x: tensor<2xi64> {loom.name = "x"}) -> (tensor<2xi64> {loom.name = "y"}) {
  return %x : tensor<2xi64>
}
//--- add_2_ui16.mlir
func.func @main(%x: tensor<2xui16> {loom.name = "x"}) -> (tensor<2xui16> {loom.name = "y"}) {
  %0 = loom.add %x, %x : (tensor<2xui16>, tensor<2xui16>) -> tensor<2xui16>
  return %0 : tensor<2xui16>
}
//--- add_3_ui8.mlir
func.func @main(%x: tensor<3xui8> {loom.name = "x"}) -> (tensor<3xui8> {loom.name = "y"}) {
  %0 = loom.add %x, %x : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  return %0 : tensor<3xui8>
}
//--- copy_2_ui64.mlir
func.func @main(%x: tensor<2xui64> {loom.name = "x"}) -> (tensor<2xui64> {loom.name = "y"}) {
  return %x : tensor<2xui64>
}
//--- copy_2_i16.mlir
func.func @main(%x: tensor<2xi16> {loom.name = "x"}) -> (tensor<2xi16> {loom.name = "y"}) {
  return %x : tensor<2xi16>
}
//--- copy_4_i1.mlir
func.func @main(%x: tensor<4xi1> {loom.name = "x"}) -> (tensor<4xi1> {loom.name = "y"}) {
  return %x : tensor<4xi1>
}
//--- copy_f32.mlir
func.func @main(%x: tensor<f32> {loom.name = "x"}) -> (tensor<f32> {loom.name = "y"}) {
  return %x : tensor<f32>
}
//--- copy_0_3_f32.mlir
func.func @main(%x: tensor<0x3xf32> {loom.name = "x"}) -> (tensor<0x3xf32> {loom.name = "y"}) {
  return %x : tensor<0x3xf32>
}
//--- copy_10_10_i32.mlir
func.func @main(%x: tensor<10x10xi32> {loom.name = "x"}) -> (tensor<10x10xi32> {loom.name = "y"}) {
  return %x : tensor<10x10xi32>
}
