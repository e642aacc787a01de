// Elementwise kernels and chains on the systolic target's vector unit, bit
// for bit the reference evaluator's f32 formulas (codegen/Elementwise.cpp):
// GPT's residual add and GELU, MobileNet's clamp, broadcasts along every
// kind of dimension, each unary op the chip computes, compares and logic on
// i1, casts, results of i1, f16 and bf16 arithmetic, and tensors streamed through VMEM in chunks
// (more than the 1 MiB a chunk of operands takes).
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false --seed=7 | FileCheck %s
// CHECK-COUNT-16: : ok ({{[0-9]}} output{{s?}}, bit-exact to the evaluator's bf16-matmul mode

// GPT's residual add: one coalesced dimension, rows of 128 lanes.
func.func @residual(%a: tensor<1x128x384xf32>, %b: tensor<1x128x384xf32>) -> tensor<1x128x384xf32> {
  %0 = loom.add %a, %b : (tensor<1x128x384xf32>, tensor<1x128x384xf32>) -> tensor<1x128x384xf32>
  return %0 : tensor<1x128x384xf32>
}

// A 1-D result whose last row is partial (1000 = 7 x 128 + 104).
func.func @tail(%a: tensor<1000xf32>, %s: tensor<f32>) -> tensor<1000xf32> {
  %0 = loom.sub %a, %s : (tensor<1000xf32>, tensor<f32>) -> tensor<1000xf32>
  %1 = loom.div %0, %a : (tensor<1000xf32>, tensor<1000xf32>) -> tensor<1000xf32>
  return %1 : tensor<1000xf32>
}

// GPT's GELU as the exporter writes it: x * (1 + erf(x / sqrt 2)) * 0.5.
func.func @gelu_exported(%x: tensor<1x16x1536xf32> {loom.random = [-4.0, 4.0]}) -> tensor<1x16x1536xf32> {
  %0 = loom.constant dense<1.41421354> : tensor<f32>
  %1 = loom.constant dense<1.000000e+00> : tensor<f32>
  %2 = loom.constant dense<5.000000e-01> : tensor<f32>
  %5 = loom.div %x, %0 : (tensor<1x16x1536xf32>, tensor<f32>) -> tensor<1x16x1536xf32>
  %6 = loom.erf %5 : tensor<1x16x1536xf32>
  %7 = loom.add %6, %1 : (tensor<1x16x1536xf32>, tensor<f32>) -> tensor<1x16x1536xf32>
  %8 = loom.mul %x, %7 : (tensor<1x16x1536xf32>, tensor<1x16x1536xf32>) -> tensor<1x16x1536xf32>
  %9 = loom.mul %8, %2 : (tensor<1x16x1536xf32>, tensor<f32>) -> tensor<1x16x1536xf32>
  return %9 : tensor<1x16x1536xf32>
}

// MobileNet's bias and ReLU6: a per-channel bias broadcast along each
// plane (lane stride 0), rows of 9 lanes.
func.func @bias_clamp(%x: tensor<1x32x7x9xf32> {loom.random = [-8.0, 8.0]}, %b: tensor<1x32x1x1xf32>) -> tensor<1x32x7x9xf32> {
  %0 = loom.add %x, %b : (tensor<1x32x7x9xf32>, tensor<1x32x1x1xf32>) -> tensor<1x32x7x9xf32>
  %1 = loom.clamp %0 min = 0.000000e+00 max = 6.000000e+00 : tensor<1x32x7x9xf32>
  return %1 : tensor<1x32x7x9xf32>
}

// A row broadcast (sublane stride 0), a masked select with a -inf splat
// and an i1 mask broadcast over the batch, relu and a splat scale.
func.func @masked(%a: tensor<2x3x200xf32>, %b: tensor<200xf32>, %m: tensor<3x200xi1>) -> tensor<2x3x200xf32> {
  %c = loom.constant dense<0.5> : tensor<f32>
  %inf = loom.constant dense<0xFF800000> : tensor<f32>
  %0 = loom.add %a, %b : (tensor<2x3x200xf32>, tensor<200xf32>) -> tensor<2x3x200xf32>
  %1 = loom.mul %0, %c : (tensor<2x3x200xf32>, tensor<f32>) -> tensor<2x3x200xf32>
  %2 = loom.relu %1 : tensor<2x3x200xf32>
  %3 = loom.select %m, %inf, %2 : (tensor<3x200xi1>, tensor<f32>, tensor<2x3x200xf32>) -> tensor<2x3x200xf32>
  return %3 : tensor<2x3x200xf32>
}

// Remainders of floats: fmod (the dividend's sign) and without it (the
// divisor's: r + b where r != 0 and the signs differ), f32 and f16.
func.func @remainders(%a: tensor<6x70xf32> {loom.random = [-20.0, 20.0]}, %b: tensor<70xf32> {loom.random = [-3.0, 3.0]}, %h: tensor<6x70xf16>, %g: tensor<6x70xf16>) -> (tensor<6x70xf32>, tensor<6x70xf32>, tensor<6x70xf16>) {
  %0 = loom.rem %a, %b {fmod} : (tensor<6x70xf32>, tensor<70xf32>) -> tensor<6x70xf32>
  %1 = loom.rem %a, %b : (tensor<6x70xf32>, tensor<70xf32>) -> tensor<6x70xf32>
  %2 = loom.rem %h, %g {fmod} : (tensor<6x70xf16>, tensor<6x70xf16>) -> tensor<6x70xf16>
  return %0, %1, %2 : tensor<6x70xf32>, tensor<6x70xf32>, tensor<6x70xf16>
}

// f16 and bf16 values: loaded widened to f32, each op computed in f32 and
// its result rounded to its type (v.f16, v.bf16), stored as its type; a
// splat f16 constant, casts between f32, f16 and bf16, f16 broadcast.
func.func @half_floats(%a: tensor<4x130xf16>, %b: tensor<130xf16>, %x: tensor<4x130xf32>, %h: tensor<4x130xbf16>) -> (tensor<4x130xf16>, tensor<4x130xf32>, tensor<4x130xbf16>) {
  %c = loom.constant dense<0.1> : tensor<f16>
  %0 = loom.add %a, %b : (tensor<4x130xf16>, tensor<130xf16>) -> tensor<4x130xf16>
  %1 = loom.exp %0 : tensor<4x130xf16>
  %2 = loom.cast %x : tensor<4x130xf32> to tensor<4x130xf16>
  %3 = loom.mul %1, %2 : (tensor<4x130xf16>, tensor<4x130xf16>) -> tensor<4x130xf16>
  %4 = loom.max %3, %a : (tensor<4x130xf16>, tensor<4x130xf16>) -> tensor<4x130xf16>
  %5 = loom.sub %4, %c : (tensor<4x130xf16>, tensor<f16>) -> tensor<4x130xf16>
  %6 = loom.cast %5 : tensor<4x130xf16> to tensor<4x130xf32>
  %7 = loom.div %6, %x : (tensor<4x130xf32>, tensor<4x130xf32>) -> tensor<4x130xf32>
  %8 = loom.add %h, %h : (tensor<4x130xbf16>, tensor<4x130xbf16>) -> tensor<4x130xbf16>
  %9 = loom.cast %3 : tensor<4x130xf16> to tensor<4x130xbf16>
  %10 = loom.div %8, %9 : (tensor<4x130xbf16>, tensor<4x130xbf16>) -> tensor<4x130xbf16>
  return %5, %7, %10 : tensor<4x130xf16>, tensor<4x130xf32>, tensor<4x130xbf16>
}

// The trigonometric and hyperbolic functions and their inverses, each the
// float overload of <cmath> as in the evaluator; acosh of cosh's results
// (at least 1), the others on (-1, 1) where the inverses are defined.
func.func @trigonometric(%x: tensor<3x200xf32> {loom.random = [-0.99, 0.99]}) -> (tensor<3x200xf32>, tensor<3x200xf32>) {
  %0 = loom.sin %x : tensor<3x200xf32>
  %1 = loom.cos %x : tensor<3x200xf32>
  %2 = loom.tan %x : tensor<3x200xf32>
  %3 = loom.asin %x : tensor<3x200xf32>
  %4 = loom.acos %x : tensor<3x200xf32>
  %5 = loom.atan %x : tensor<3x200xf32>
  %6 = loom.sinh %x : tensor<3x200xf32>
  %7 = loom.cosh %x : tensor<3x200xf32>
  %8 = loom.asinh %x : tensor<3x200xf32>
  %9 = loom.acosh %7 : tensor<3x200xf32>
  %10 = loom.atanh %x : tensor<3x200xf32>
  %11 = loom.add %0, %1 : (tensor<3x200xf32>, tensor<3x200xf32>) -> tensor<3x200xf32>
  %12 = loom.mul %2, %3 : (tensor<3x200xf32>, tensor<3x200xf32>) -> tensor<3x200xf32>
  %13 = loom.sub %4, %5 : (tensor<3x200xf32>, tensor<3x200xf32>) -> tensor<3x200xf32>
  %14 = loom.add %6, %8 : (tensor<3x200xf32>, tensor<3x200xf32>) -> tensor<3x200xf32>
  %15 = loom.add %11, %12 : (tensor<3x200xf32>, tensor<3x200xf32>) -> tensor<3x200xf32>
  %16 = loom.add %13, %14 : (tensor<3x200xf32>, tensor<3x200xf32>) -> tensor<3x200xf32>
  %17 = loom.add %15, %16 : (tensor<3x200xf32>, tensor<3x200xf32>) -> tensor<3x200xf32>
  %18 = loom.sub %9, %10 : (tensor<3x200xf32>, tensor<3x200xf32>) -> tensor<3x200xf32>
  return %17, %18 : tensor<3x200xf32>, tensor<3x200xf32>
}

// Every other unary op the chip computes, chained, and the tanh GELU.
func.func @unary(%x: tensor<5x300xf32> {loom.random = [-3.0, 3.0]}) -> tensor<5x300xf32> {
  %0 = loom.sigmoid %x : tensor<5x300xf32>
  %1 = loom.tanh %0 : tensor<5x300xf32>
  %2 = loom.abs %x : tensor<5x300xf32>
  %3 = loom.sqrt %2 : tensor<5x300xf32>
  %4 = loom.log %3 : tensor<5x300xf32>
  %5 = loom.add %1, %4 : (tensor<5x300xf32>, tensor<5x300xf32>) -> tensor<5x300xf32>
  %6 = loom.gelu %5 approximation = tanh : tensor<5x300xf32>
  %7 = loom.gelu %6 : tensor<5x300xf32>
  %8 = loom.sign %x : tensor<5x300xf32>
  %9 = loom.mul %7, %8 : (tensor<5x300xf32>, tensor<5x300xf32>) -> tensor<5x300xf32>
  %10 = loom.floor %9 : tensor<5x300xf32>
  %11 = loom.round %9 : tensor<5x300xf32>
  %12 = loom.ceil %9 : tensor<5x300xf32>
  %13 = loom.max %10, %11 : (tensor<5x300xf32>, tensor<5x300xf32>) -> tensor<5x300xf32>
  %14 = loom.min %13, %12 : (tensor<5x300xf32>, tensor<5x300xf32>) -> tensor<5x300xf32>
  %15 = loom.rsqrt %2 : tensor<5x300xf32>
  %16 = loom.reciprocal %15 : tensor<5x300xf32>
  %17 = loom.pow %16, %14 : (tensor<5x300xf32>, tensor<5x300xf32>) -> tensor<5x300xf32>
  %18 = loom.sub %17, %x : (tensor<5x300xf32>, tensor<5x300xf32>) -> tensor<5x300xf32>
  %19 = loom.exp %18 : tensor<5x300xf32>
  %20 = loom.neg %19 : tensor<5x300xf32>
  return %20 : tensor<5x300xf32>
}

// Signed zeros and NaN payloads: relu(-0) is +0 and relu keeps a NaN's
// payload, clamp keeps NaN, max prefers +0 and gives the quiet NaN.
func.func @special(%x: tensor<8xf32> {loom.random = [1.0, 1.0]}) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  %v = loom.constant dense<[-0.0, 0.0, 0x7FC00001, 0xFFC00000, -1.5, 2.0, 0x7F800000, 0xFF800000]> : tensor<8xf32>
  %0 = loom.mul %x, %v : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %1 = loom.relu %0 : tensor<8xf32>
  %2 = loom.clamp %0 min = -1.0 max = 1.0 : tensor<8xf32>
  %n = loom.neg %0 : tensor<8xf32>
  %3 = loom.max %0, %n : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %1, %2, %3 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}

// Compares against a row, logic with a column mask, an i1 result.
func.func @logic(%a: tensor<4x130xf32>, %b: tensor<130xf32>, %m: tensor<4x1xi1>) -> tensor<4x130xi1> {
  %0 = loom.compare lt, %a, %b : (tensor<4x130xf32>, tensor<130xf32>) -> tensor<4x130xi1>
  %1 = loom.compare ge, %a, %b : (tensor<4x130xf32>, tensor<130xf32>) -> tensor<4x130xi1>
  %2 = loom.compare ne, %a, %b : (tensor<4x130xf32>, tensor<130xf32>) -> tensor<4x130xi1>
  %3 = loom.xor %0, %m : (tensor<4x130xi1>, tensor<4x1xi1>) -> tensor<4x130xi1>
  %4 = loom.or %3, %1 : (tensor<4x130xi1>, tensor<4x130xi1>) -> tensor<4x130xi1>
  %5 = loom.and %4, %2 : (tensor<4x130xi1>, tensor<4x130xi1>) -> tensor<4x130xi1>
  %6 = loom.not %5 : tensor<4x130xi1>
  return %6 : tensor<4x130xi1>
}

// Integer arguments cast to f32 (vld.i64, vld.i32), f32 to i1 and back.
func.func @cast(%a: tensor<3x50xi64>, %b: tensor<3x50xi32>, %c: tensor<3x50xf32>) -> tensor<3x50xf32> {
  %0 = loom.cast %a : tensor<3x50xi64> to tensor<3x50xf32>
  %1 = loom.cast %b : tensor<3x50xi32> to tensor<3x50xf32>
  %2 = loom.add %0, %1 : (tensor<3x50xf32>, tensor<3x50xf32>) -> tensor<3x50xf32>
  %3 = loom.cast %c : tensor<3x50xf32> to tensor<3x50xi1>
  %4 = loom.cast %3 : tensor<3x50xi1> to tensor<3x50xf32>
  %5 = loom.mul %2, %4 : (tensor<3x50xf32>, tensor<3x50xf32>) -> tensor<3x50xf32>
  return %5 : tensor<3x50xf32>
}

// An intermediate of a smaller shape (the per-row scale) broadcast to the
// result, as fusion leaves it after a reduction.
func.func @broadcast_intermediate(%v: tensor<4x1xf32> {loom.random = [0.5, 2.0]}, %x: tensor<4x48xf32>, %g: tensor<48xf32>) -> tensor<4x48xf32> {
  %eps = loom.constant dense<1.0e-05> : tensor<f32>
  %0 = loom.add %v, %eps : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
  %1 = loom.rsqrt %0 : tensor<4x1xf32>
  %2 = loom.mul %x, %1 : (tensor<4x48xf32>, tensor<4x1xf32>) -> tensor<4x48xf32>
  %3 = loom.mul %2, %g : (tensor<4x48xf32>, tensor<48xf32>) -> tensor<4x48xf32>
  return %3 : tensor<4x48xf32>
}

// Streamed in chunks of rows with a tail chunk; the broadcast row and the
// i1 mask move with the chunks too.
func.func @streamed_add(%a: tensor<3x700x1000xf32>, %b: tensor<3x700x1000xf32>) -> tensor<3x700x1000xf32> {
  %0 = loom.add %a, %b : (tensor<3x700x1000xf32>, tensor<3x700x1000xf32>) -> tensor<3x700x1000xf32>
  return %0 : tensor<3x700x1000xf32>
}

func.func @streamed_broadcast(%a: tensor<5x77x2000xf32>, %b: tensor<5x1x2000xf32>, %m: tensor<77x2000xi1>) -> tensor<5x77x2000xf32> {
  %0 = loom.mul %a, %b : (tensor<5x77x2000xf32>, tensor<5x1x2000xf32>) -> tensor<5x77x2000xf32>
  %1 = loom.select %m, %0, %a : (tensor<77x2000xi1>, tensor<5x77x2000xf32>, tensor<5x77x2000xf32>) -> tensor<5x77x2000xf32>
  return %1 : tensor<5x77x2000xf32>
}

// An i1 result of odd rows: chunks a multiple of 4 rows keep the DMA
// addresses aligned.
func.func @streamed_bool(%a: tensor<333x1001xf32>, %b: tensor<1001xf32>) -> tensor<333x1001xi1> {
  %0 = loom.compare gt, %a, %b : (tensor<333x1001xf32>, tensor<1001xf32>) -> tensor<333x1001xi1>
  return %0 : tensor<333x1001xi1>
}
