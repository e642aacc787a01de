// Every elementwise op compiled for the CPU against the reference
// evaluator, on seeded random inputs: f32 on odd shapes (vector remainders),
// f16/bf16 and integer variants, and broadcasting. Arguments outside an
// op's domain get a range with `loom.random = [lo, hi]`.
// RUN: loom-differential %s
// Conversions to bf16 are exact roundings: no tolerance.
// RUN: loom-differential %s --function=cast_f64_to_bf16 --rtol=0 --atol=0

// Binary arithmetic, f32.
func.func @add_f32(%a: tensor<3x17xf32>, %b: tensor<3x17xf32>) -> tensor<3x17xf32> {
  %0 = loom.add %a, %b : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @sub_f32(%a: tensor<3x17xf32>, %b: tensor<3x17xf32>) -> tensor<3x17xf32> {
  %0 = loom.sub %a, %b : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @mul_f32(%a: tensor<3x17xf32>, %b: tensor<3x17xf32>) -> tensor<3x17xf32> {
  %0 = loom.mul %a, %b : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @div_f32(%a: tensor<3x17xf32>, %b: tensor<3x17xf32> {loom.random = [0.5, 2.0]}) -> tensor<3x17xf32> {
  %0 = loom.div %a, %b : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @pow_f32(%a: tensor<3x17xf32> {loom.random = [0.5, 2.0]}, %b: tensor<3x17xf32>) -> tensor<3x17xf32> {
  %0 = loom.pow %a, %b : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @max_f32(%a: tensor<3x17xf32>, %b: tensor<3x17xf32>) -> tensor<3x17xf32> {
  %0 = loom.max %a, %b : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @min_f32(%a: tensor<3x17xf32>, %b: tensor<3x17xf32>) -> tensor<3x17xf32> {
  %0 = loom.min %a, %b : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @rem_f32(%a: tensor<3x17xf32>, %b: tensor<3x17xf32> {loom.random = [0.5, 2.0]}) -> tensor<3x17xf32> {
  %0 = loom.rem %a, %b : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}

// Binary arithmetic on integers; divisors stay away from zero.
func.func @add_i32(%a: tensor<4x9xi32>, %b: tensor<4x9xi32>) -> tensor<4x9xi32> {
  %0 = loom.add %a, %b : (tensor<4x9xi32>, tensor<4x9xi32>) -> tensor<4x9xi32>
  return %0 : tensor<4x9xi32>
}
func.func @sub_i64(%a: tensor<4x9xi64>, %b: tensor<4x9xi64>) -> tensor<4x9xi64> {
  %0 = loom.sub %a, %b : (tensor<4x9xi64>, tensor<4x9xi64>) -> tensor<4x9xi64>
  return %0 : tensor<4x9xi64>
}
func.func @mul_i8_wraps(%a: tensor<37xi8> {loom.random = [-100, 100]}, %b: tensor<37xi8> {loom.random = [-100, 100]}) -> tensor<37xi8> {
  %0 = loom.mul %a, %b : (tensor<37xi8>, tensor<37xi8>) -> tensor<37xi8>
  return %0 : tensor<37xi8>
}
func.func @div_i32(%a: tensor<4x9xi32> {loom.random = [-50, 50]}, %b: tensor<4x9xi32> {loom.random = [1, 7]}) -> tensor<4x9xi32> {
  %0 = loom.div %a, %b : (tensor<4x9xi32>, tensor<4x9xi32>) -> tensor<4x9xi32>
  return %0 : tensor<4x9xi32>
}
func.func @rem_i32(%a: tensor<4x9xi32> {loom.random = [-50, 50]}, %b: tensor<4x9xi32> {loom.random = [1, 7]}) -> tensor<4x9xi32> {
  %0 = loom.rem %a, %b : (tensor<4x9xi32>, tensor<4x9xi32>) -> tensor<4x9xi32>
  return %0 : tensor<4x9xi32>
}
func.func @max_i64(%a: tensor<4x9xi64>, %b: tensor<4x9xi64>) -> tensor<4x9xi64> {
  %0 = loom.max %a, %b : (tensor<4x9xi64>, tensor<4x9xi64>) -> tensor<4x9xi64>
  return %0 : tensor<4x9xi64>
}
func.func @min_i8(%a: tensor<37xi8>, %b: tensor<37xi8>) -> tensor<37xi8> {
  %0 = loom.min %a, %b : (tensor<37xi8>, tensor<37xi8>) -> tensor<37xi8>
  return %0 : tensor<37xi8>
}
func.func @pow_i32(%a: tensor<4x9xi32>, %b: tensor<4x9xi32> {loom.random = [0, 5]}) -> tensor<4x9xi32> {
  %0 = loom.pow %a, %b : (tensor<4x9xi32>, tensor<4x9xi32>) -> tensor<4x9xi32>
  return %0 : tensor<4x9xi32>
}

// 16-bit floats compute in f32 and round once.
func.func @add_f16(%a: tensor<5x13xf16>, %b: tensor<5x13xf16>) -> tensor<5x13xf16> {
  %0 = loom.add %a, %b : (tensor<5x13xf16>, tensor<5x13xf16>) -> tensor<5x13xf16>
  return %0 : tensor<5x13xf16>
}
func.func @mul_bf16(%a: tensor<5x13xbf16>, %b: tensor<5x13xbf16>) -> tensor<5x13xbf16> {
  %0 = loom.mul %a, %b : (tensor<5x13xbf16>, tensor<5x13xbf16>) -> tensor<5x13xbf16>
  return %0 : tensor<5x13xbf16>
}
func.func @div_f16(%a: tensor<5x13xf16>, %b: tensor<5x13xf16> {loom.random = [0.5, 2.0]}) -> tensor<5x13xf16> {
  %0 = loom.div %a, %b : (tensor<5x13xf16>, tensor<5x13xf16>) -> tensor<5x13xf16>
  return %0 : tensor<5x13xf16>
}
func.func @exp_bf16(%x: tensor<5x13xbf16>) -> tensor<5x13xbf16> {
  %0 = loom.exp %x : tensor<5x13xbf16>
  return %0 : tensor<5x13xbf16>
}
func.func @tanh_f16(%x: tensor<5x13xf16>) -> tensor<5x13xf16> {
  %0 = loom.tanh %x : tensor<5x13xf16>
  return %0 : tensor<5x13xf16>
}
func.func @sigmoid_bf16(%x: tensor<5x13xbf16>) -> tensor<5x13xbf16> {
  %0 = loom.sigmoid %x : tensor<5x13xbf16>
  return %0 : tensor<5x13xbf16>
}
func.func @gelu_tanh_f16(%x: tensor<5x13xf16>) -> tensor<5x13xf16> {
  %0 = loom.gelu %x approximation = tanh : tensor<5x13xf16>
  return %0 : tensor<5x13xf16>
}

// Comparisons and logic.
func.func @compare_f32(%a: tensor<3x17xf32>, %b: tensor<3x17xf32>) -> (tensor<3x17xi1>, tensor<3x17xi1>, tensor<3x17xi1>, tensor<3x17xi1>, tensor<3x17xi1>, tensor<3x17xi1>) {
  %eq = loom.compare eq, %a, %a : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<3x17xi1>
  %ne = loom.compare ne, %a, %b : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<3x17xi1>
  %lt = loom.compare lt, %a, %b : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<3x17xi1>
  %le = loom.compare le, %a, %b : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<3x17xi1>
  %gt = loom.compare gt, %a, %b : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<3x17xi1>
  %ge = loom.compare ge, %a, %b : (tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<3x17xi1>
  return %eq, %ne, %lt, %le, %gt, %ge : tensor<3x17xi1>, tensor<3x17xi1>, tensor<3x17xi1>, tensor<3x17xi1>, tensor<3x17xi1>, tensor<3x17xi1>
}
func.func @compare_i32(%a: tensor<4x9xi32>, %b: tensor<4x9xi32>) -> (tensor<4x9xi1>, tensor<4x9xi1>) {
  %eq = loom.compare eq, %a, %b : (tensor<4x9xi32>, tensor<4x9xi32>) -> tensor<4x9xi1>
  %lt = loom.compare lt, %a, %b : (tensor<4x9xi32>, tensor<4x9xi32>) -> tensor<4x9xi1>
  return %eq, %lt : tensor<4x9xi1>, tensor<4x9xi1>
}
func.func @logic_i1(%a: tensor<37xi1>, %b: tensor<37xi1>) -> (tensor<37xi1>, tensor<37xi1>, tensor<37xi1>, tensor<37xi1>) {
  %and = loom.and %a, %b : (tensor<37xi1>, tensor<37xi1>) -> tensor<37xi1>
  %or = loom.or %a, %b : (tensor<37xi1>, tensor<37xi1>) -> tensor<37xi1>
  %xor = loom.xor %a, %b : (tensor<37xi1>, tensor<37xi1>) -> tensor<37xi1>
  %not = loom.not %a : tensor<37xi1>
  return %and, %or, %xor, %not : tensor<37xi1>, tensor<37xi1>, tensor<37xi1>, tensor<37xi1>
}
func.func @select_f32(%c: tensor<3x17xi1>, %a: tensor<3x17xf32>, %b: tensor<3x17xf32>) -> tensor<3x17xf32> {
  %0 = loom.select %c, %a, %b : (tensor<3x17xi1>, tensor<3x17xf32>, tensor<3x17xf32>) -> tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}

// Unary ops, f32.
func.func @neg_f32(%x: tensor<3x17xf32>) -> tensor<3x17xf32> {
  %0 = loom.neg %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @abs_f32(%x: tensor<3x17xf32>) -> tensor<3x17xf32> {
  %0 = loom.abs %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @exp_f32(%x: tensor<3x17xf32>) -> tensor<3x17xf32> {
  %0 = loom.exp %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @log_f32(%x: tensor<3x17xf32> {loom.random = [0.01, 4.0]}) -> tensor<3x17xf32> {
  %0 = loom.log %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @sqrt_f32(%x: tensor<3x17xf32> {loom.random = [0.0, 4.0]}) -> tensor<3x17xf32> {
  %0 = loom.sqrt %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @rsqrt_f32(%x: tensor<3x17xf32> {loom.random = [0.01, 4.0]}) -> tensor<3x17xf32> {
  %0 = loom.rsqrt %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @reciprocal_f32(%x: tensor<3x17xf32> {loom.random = [0.25, 2.0]}) -> tensor<3x17xf32> {
  %0 = loom.reciprocal %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @tanh_f32(%x: tensor<3x17xf32> {loom.random = [-6.0, 6.0]}) -> tensor<3x17xf32> {
  %0 = loom.tanh %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @sigmoid_f32(%x: tensor<3x17xf32> {loom.random = [-8.0, 8.0]}) -> tensor<3x17xf32> {
  %0 = loom.sigmoid %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @erf_f32(%x: tensor<3x17xf32> {loom.random = [-3.0, 3.0]}) -> tensor<3x17xf32> {
  %0 = loom.erf %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @relu_f32(%x: tensor<3x17xf32>) -> tensor<3x17xf32> {
  %0 = loom.relu %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @gelu_f32(%x: tensor<3x17xf32> {loom.random = [-4.0, 4.0]}) -> (tensor<3x17xf32>, tensor<3x17xf32>) {
  %0 = loom.gelu %x : tensor<3x17xf32>
  %1 = loom.gelu %x approximation = tanh : tensor<3x17xf32>
  return %0, %1 : tensor<3x17xf32>, tensor<3x17xf32>
}
func.func @rounding_f32(%x: tensor<3x17xf32> {loom.random = [-4.0, 4.0]}) -> (tensor<3x17xf32>, tensor<3x17xf32>, tensor<3x17xf32>, tensor<3x17xf32>) {
  %floor = loom.floor %x : tensor<3x17xf32>
  %ceil = loom.ceil %x : tensor<3x17xf32>
  %round = loom.round %x : tensor<3x17xf32>
  %sign = loom.sign %x : tensor<3x17xf32>
  return %floor, %ceil, %round, %sign : tensor<3x17xf32>, tensor<3x17xf32>, tensor<3x17xf32>, tensor<3x17xf32>
}
func.func @trigonometric_f32(%x: tensor<3x17xf32>) -> (tensor<3x17xf32>, tensor<3x17xf32>, tensor<3x17xf32>, tensor<3x17xf32>) {
  %sin = loom.sin %x : tensor<3x17xf32>
  %cos = loom.cos %x : tensor<3x17xf32>
  %atan = loom.atan %x : tensor<3x17xf32>
  %sinh = loom.sinh %x : tensor<3x17xf32>
  return %sin, %cos, %atan, %sinh : tensor<3x17xf32>, tensor<3x17xf32>, tensor<3x17xf32>, tensor<3x17xf32>
}
func.func @tan_f32(%x: tensor<3x17xf32> {loom.random = [-1.2, 1.2]}) -> tensor<3x17xf32> {
  %0 = loom.tan %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @inverse_trigonometric_f32(%x: tensor<3x17xf32> {loom.random = [-0.95, 0.95]}) -> (tensor<3x17xf32>, tensor<3x17xf32>, tensor<3x17xf32>) {
  %asin = loom.asin %x : tensor<3x17xf32>
  %acos = loom.acos %x : tensor<3x17xf32>
  %atanh = loom.atanh %x : tensor<3x17xf32>
  return %asin, %acos, %atanh : tensor<3x17xf32>, tensor<3x17xf32>, tensor<3x17xf32>
}
func.func @hyperbolic_f32(%x: tensor<3x17xf32>, %y: tensor<3x17xf32> {loom.random = [1.0, 4.0]}) -> (tensor<3x17xf32>, tensor<3x17xf32>, tensor<3x17xf32>) {
  %cosh = loom.cosh %x : tensor<3x17xf32>
  %asinh = loom.asinh %x : tensor<3x17xf32>
  %acosh = loom.acosh %y : tensor<3x17xf32>
  return %cosh, %asinh, %acosh : tensor<3x17xf32>, tensor<3x17xf32>, tensor<3x17xf32>
}
func.func @unary_i32(%x: tensor<4x9xi32>) -> (tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>) {
  %neg = loom.neg %x : tensor<4x9xi32>
  %abs = loom.abs %x : tensor<4x9xi32>
  %sign = loom.sign %x : tensor<4x9xi32>
  return %neg, %abs, %sign : tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>
}

// Clamp and casts.
func.func @clamp_f32(%x: tensor<3x17xf32>) -> (tensor<3x17xf32>, tensor<3x17xf32>) {
  %0 = loom.clamp %x min = 0.0 max = 6.0 : tensor<3x17xf32>
  %1 = loom.clamp %x min = -0.5 : tensor<3x17xf32>
  return %0, %1 : tensor<3x17xf32>, tensor<3x17xf32>
}
func.func @clamp_i8(%x: tensor<37xi8>) -> tensor<37xi8> {
  %0 = loom.clamp %x min = -2.0 max = 3.0 : tensor<37xi8>
  return %0 : tensor<37xi8>
}
func.func @cast_f32(%x: tensor<3x17xf32> {loom.random = [-100.0, 100.0]}) -> (tensor<3x17xi32>, tensor<3x17xf16>, tensor<3x17xbf16>, tensor<3x17xi1>, tensor<3x17xf64>) {
  %i32 = loom.cast %x : tensor<3x17xf32> to tensor<3x17xi32>
  %f16 = loom.cast %x : tensor<3x17xf32> to tensor<3x17xf16>
  %bf16 = loom.cast %x : tensor<3x17xf32> to tensor<3x17xbf16>
  %i1 = loom.cast %x : tensor<3x17xf32> to tensor<3x17xi1>
  %f64 = loom.cast %x : tensor<3x17xf32> to tensor<3x17xf64>
  return %i32, %f16, %bf16, %i1, %f64 : tensor<3x17xi32>, tensor<3x17xf16>, tensor<3x17xbf16>, tensor<3x17xi1>, tensor<3x17xf64>
}
func.func @cast_int(%x: tensor<4x9xi64> {loom.random = [-300, 300]}) -> (tensor<4x9xi8>, tensor<4x9xi32>, tensor<4x9xf32>, tensor<4x9xbf16>) {
  %i8 = loom.cast %x : tensor<4x9xi64> to tensor<4x9xi8>
  %i32 = loom.cast %x : tensor<4x9xi64> to tensor<4x9xi32>
  %f32 = loom.cast %x : tensor<4x9xi64> to tensor<4x9xf32>
  %bf16 = loom.cast %x : tensor<4x9xi64> to tensor<4x9xbf16>
  return %i8, %i32, %f32, %bf16 : tensor<4x9xi8>, tensor<4x9xi32>, tensor<4x9xf32>, tensor<4x9xbf16>
}
// f64 -> bf16 has no compiler-rt-free LLVM lowering (the kernel library
// once failed to load: undefined __truncdfbf2); it goes through f32 rounded
// to odd. The constants sit just off bf16 ties (1 + 2^-8 + 2^-40 and
// 1 + 3 * 2^-8 - 2^-40), where rounding to nearest twice is wrong.
func.func @cast_f64_to_bf16(%x: tensor<5x13xf64>, %y: tensor<4xf64>) -> (tensor<5x13xbf16>, tensor<4xbf16>) {
  %0 = loom.cast %x : tensor<5x13xf64> to tensor<5x13xbf16>
  %near_ties = loom.constant dense<[0x3FF0100000001000, 0xBFF0100000001000, 0x3FF2FFFFFFFFF000, 0xBFF2FFFFFFFFF000]> : tensor<4xf64>
  %zero = loom.constant dense<0.0> : tensor<4xf64>
  %m = loom.mul %y, %zero : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  %t = loom.add %m, %near_ties : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  %1 = loom.cast %t : tensor<4xf64> to tensor<4xbf16>
  return %0, %1 : tensor<5x13xbf16>, tensor<4xbf16>
}
func.func @cast_f16_to_f32(%x: tensor<5x13xf16>) -> tensor<5x13xf32> {
  %0 = loom.cast %x : tensor<5x13xf16> to tensor<5x13xf32>
  return %0 : tensor<5x13xf32>
}

// Broadcasting: size-1 dimensions, missing leading dimensions, scalars.
func.func @add_broadcast(%a: tensor<2x1x3xf32>, %b: tensor<4x1xf32>) -> tensor<2x4x3xf32> {
  %0 = loom.add %a, %b : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<2x4x3xf32>
  return %0 : tensor<2x4x3xf32>
}
func.func @mul_broadcast_scalar(%a: tensor<3x17xf32>, %s: tensor<f32>) -> tensor<3x17xf32> {
  %0 = loom.mul %a, %s : (tensor<3x17xf32>, tensor<f32>) -> tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @sub_broadcast_row_i32(%a: tensor<4x9xi32>, %b: tensor<9xi32>) -> tensor<4x9xi32> {
  %0 = loom.sub %a, %b : (tensor<4x9xi32>, tensor<9xi32>) -> tensor<4x9xi32>
  return %0 : tensor<4x9xi32>
}
func.func @select_broadcast(%c: tensor<2x1xi1>, %a: tensor<2x3xf32>, %b: tensor<f32>) -> tensor<2x3xf32> {
  %0 = loom.select %c, %a, %b : (tensor<2x1xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
func.func @compare_broadcast_f16(%a: tensor<5x13xf16>, %b: tensor<5x1xf16>) -> tensor<5x13xi1> {
  %0 = loom.compare gt, %a, %b : (tensor<5x13xf16>, tensor<5x1xf16>) -> tensor<5x13xi1>
  return %0 : tensor<5x13xi1>
}
