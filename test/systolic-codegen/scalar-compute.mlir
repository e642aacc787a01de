// Kernels on the scalar core (codegen/ScalarCompute.cpp), run on the
// simulated chip against the evaluator bit for bit: integer arithmetic in
// every width (wrap-around, division and remainder signs, x / -1), integer
// and i1 compares, casts and logic, gathers and scatters with run-time
// (negative) indices in 1-, 4- and 8-byte types with their reductions,
// trilu, arg reductions and top-k with NaN, signed zeros and ties, cumsum
// and elementwise f64 additions (s.addf64), f64 and ui64 max / min on the
// bits (NaN, signed zeros), unsigned shifts (by the width or more: 0; ui64
// right shifts logical), f32 reductions of integer compares (TfIdf's
// n-gram counts: the evaluator's order, from -0.0), f32 to f64 and f64 to
// f32 casts on the bits (subnormals, NaN, infinities, signed zeros,
// rounding half to even and overflow), integer
// powers (negative exponents of -1, 1 and others), and f32 ops of
// such kernels on the vector unit one element at a time; f32 to ui8
// saturates to [0, 255] (ONNX QuantizeLinear's composition).
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false --function=cumsum_f64 --distributions=all --seeds=2 | FileCheck %s --check-prefix=F64
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false --function=add_f64 --distributions=all --seeds=2 | FileCheck %s --check-prefix=F64
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false --function=minmax_f64 --distributions=all --seeds=2 | FileCheck %s --check-prefix=F64
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false --function=widen_f64 --distributions=all --seeds=3 | FileCheck %s --check-prefix=F64
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false --function=narrow_f32 --distributions=all --seeds=3 | FileCheck %s --check-prefix=F64
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false --function=mean_selected --distributions=all --seeds=2 | FileCheck %s --check-prefix=F64
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false --function=max_selected --distributions=all --seeds=2 | FileCheck %s --check-prefix=F64
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false --function=min_selected --distributions=all --seeds=2 | FileCheck %s --check-prefix=F64
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false --function=shift_ui64 --distributions=all --seeds=2 | FileCheck %s --check-prefix=U64
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false --function=minmax_ui64 --distributions=all --seeds=2 | FileCheck %s --check-prefix=U64
// F64: ok ({{[0-9]}} output{{s?}}, bit-exact to the evaluator's bf16-matmul mode
// U64: ok (2 outputs, bit-exact to the evaluator's bf16-matmul mode
//
// f64 running sums and additions use s.addf64 on the chip, and shifts
// run there too (--emit=asm fails for a host kernel).
// RUN: sed -n '/^func.func @cumsum_f64(/,/^}/p' %s | sed 's/@cumsum_f64/@main/' > %t.mlir
// RUN: loomc %t.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=ASM
// RUN: sed -n '/^func.func @add_f64(/,/^}/p' %s | sed 's/@add_f64/@main/' > %t.add.mlir
// RUN: loomc %t.add.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=ASM
// ASM: s.addf64
// A ui64 shift by n >= 64 (n >> 6 != 0) gives 0: the result times
// (n >> 6 == 0). A right shift clears the bits the arithmetic shift
// copied from the sign with ((1 << (63 - n)) << 1) - 1.
// RUN: sed -n '/^func.func @shift_ui64(/,/^}/p' %s | sed 's/@shift_ui64/@main/' > %t.shift.mlir
// RUN: loomc %t.shift.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=SHIFT
// SHIFT:      s.shri [[R:s[0-9]+]], [[N:s[0-9]+]], 6
// SHIFT-NEXT: s.eqi [[R]], [[R]], 0
// SHIFT-NEXT: s.shl [[X:s[0-9]+]], [[X]], [[N]]
// SHIFT-NEXT: s.mul [[X]], [[X]], [[R]]
// SHIFT:      s.shr [[X2:s[0-9]+]], [[X2]], [[N2:s[0-9]+]]
// SHIFT-NEXT: s.li [[T:s[0-9]+]], 63
// SHIFT-NEXT: s.sub [[T]], [[T]], [[N2]]
// SHIFT-NEXT: s.li [[N2]], 1
// SHIFT-NEXT: s.shl [[T]], [[N2]], [[T]]
// SHIFT-NEXT: s.shli [[T]], [[T]], 1
// SHIFT-NEXT: s.addi [[T]], [[T]], -1
// SHIFT-NEXT: s.and [[X2]], [[X2]], [[T]]
// SHIFT-NEXT: s.mul [[X2]], [[X2]], {{s[0-9]+}}
// f64 max: NaN when max(|a|, |b|) is above inf's bits; the magnitude bits
// of negative values flipped, s.max, flipped back; then the quiet NaN
// where either was NaN. ui64 max: the top bits flipped around s.max.
// RUN: sed -n '/^func.func @minmax_f64(/,/^}/p' %s | sed 's/@minmax_f64/@main/' > %t.minmax.mlir
// RUN: loomc %t.minmax.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=MAXF64
// MAXF64:      s.andi [[T:s[0-9]+]], [[A:s[0-9]+]], 9223372036854775807
// MAXF64-NEXT: s.andi [[NAN:s[0-9]+]], [[B:s[0-9]+]], 9223372036854775807
// MAXF64-NEXT: s.max [[NAN]], [[NAN]], [[T]]
// MAXF64-NEXT: s.li [[T]], 9218868437227405312
// MAXF64-NEXT: s.lt [[NAN]], [[T]], [[NAN]]
// MAXF64-NEXT: s.shri [[T]], [[A]], 63
// MAXF64-NEXT: s.andi [[T]], [[T]], 9223372036854775807
// MAXF64-NEXT: s.xor [[A]], [[A]], [[T]]
// MAXF64-NEXT: s.shri [[T]], [[B]], 63
// MAXF64-NEXT: s.andi [[T]], [[T]], 9223372036854775807
// MAXF64-NEXT: s.xor [[B]], [[B]], [[T]]
// MAXF64-NEXT: s.max [[A]], [[A]], [[B]]
// MAXF64-NEXT: s.shri [[T]], [[A]], 63
// MAXF64-NEXT: s.andi [[T]], [[T]], 9223372036854775807
// MAXF64-NEXT: s.xor [[A]], [[A]], [[T]]
// MAXF64-NEXT: s.li [[T]], 9221120237041090560
// MAXF64-NEXT: s.sub [[T]], [[T]], [[A]]
// MAXF64-NEXT: s.mul [[T]], [[T]], [[NAN]]
// MAXF64-NEXT: s.add [[A]], [[A]], [[T]]
// RUN: sed -n '/^func.func @minmax_ui64(/,/^}/p' %s | sed 's/@minmax_ui64/@main/' > %t.minmaxu.mlir
// RUN: loomc %t.minmaxu.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=MAXU64
// MAXU64:      s.li [[T:s[0-9]+]], -9223372036854775808
// MAXU64-NEXT: s.xor [[A:s[0-9]+]], [[A]], [[T]]
// MAXU64-NEXT: s.xor [[B:s[0-9]+]], [[B]], [[T]]
// MAXU64-NEXT: s.max [[A]], [[A]], [[B]]
// MAXU64-NEXT: s.xor [[A]], [[A]], [[T]]
// An f32 reduction of integer compares is the scalar core's, not the
// vector unit's (--emit=asm fails for a host kernel).
// RUN: sed -n '/^func.func @ngram_counts(/,/^}/p' %s | sed 's/@ngram_counts/@main/' > %t.ngram.mlir
// RUN: loomc %t.ngram.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=NGRAM
// NGRAM: s.eq
// NGRAM: v.add
// RUN: sed -n '/^func.func @widen_f64(/,/^}/p' %s | sed 's/@widen_f64/@main/' > %t.widen.mlir
// RUN: loomc %t.widen.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=WIDEN
// WIDEN: s.shri {{s[0-9]+}}, {{s[0-9]+}}, 23 # f32 to f64
// RUN: sed -n '/^func.func @narrow_f32(/,/^}/p' %s | sed 's/@narrow_f32/@main/' > %t.narrow.mlir
// RUN: loomc %t.narrow.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=NARROW
// NARROW: s.shri {{s[0-9]+}}, {{s[0-9]+}}, 63 # f64 to f32
// CHECK-COUNT-55: : ok ({{[0-9]+}} output{{s?}}, bit-exact to the evaluator's bf16-matmul mode

func.func @rem_int32(%a: tensor<6xi32>, %b: tensor<6xi32>) -> tensor<6xi32> {
  %0 = loom.rem %a, %b : (tensor<6xi32>, tensor<6xi32>) -> tensor<6xi32>
  return %0 : tensor<6xi32>
}
func.func @fmod_i64(%a: tensor<2x3xi64>, %b: tensor<3xi64>) -> tensor<2x3xi64> {
  %0 = loom.rem %a, %b {fmod} : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}
func.func @div_i8(%a: tensor<7xi8>, %b: tensor<7xi8>) -> tensor<7xi8> {
  %0 = loom.div %a, %b : (tensor<7xi8>, tensor<7xi8>) -> tensor<7xi8>
  return %0 : tensor<7xi8>
}
func.func @nll_ii(%t: tensor<3x2xi64>) -> (tensor<3x2xi1>, tensor<3x2xi64>) {
  %0 = loom.constant dense<1> : tensor<i64>
  %1 = loom.constant dense<0> : tensor<i64>
  %2 = loom.compare ne, %t, %0 : (tensor<3x2xi64>, tensor<i64>) -> tensor<3x2xi1>
  %3 = loom.select %2, %t, %1 : (tensor<3x2xi1>, tensor<3x2xi64>, tensor<i64>) -> tensor<3x2xi64>
  return %2, %3 : tensor<3x2xi1>, tensor<3x2xi64>
}
func.func @gather_el(%d: tensor<3x5x2xf32>, %i: tensor<3x1x2xi64> {loom.random = [-5, 4]}) -> tensor<3x1x2xf32> {
  %0 = loom.gather_elements %d, %i axis 1 : (tensor<3x5x2xf32>, tensor<3x1x2xi64>) -> tensor<3x1x2xf32>
  return %0 : tensor<3x1x2xf32>
}
func.func @max_u8(%a: tensor<5xi8>, %b: tensor<5xi8>) -> tensor<5xi8> {
  %0 = loom.max %a, %b : (tensor<5xi8>, tensor<5xi8>) -> tensor<5xi8>
  return %0 : tensor<5xi8>
}
func.func @add_i32_wrap(%a: tensor<4x3xi32>, %b: tensor<4x1xi32>) -> tensor<4x3xi32> {
  %0 = loom.add %a, %b : (tensor<4x3xi32>, tensor<4x1xi32>) -> tensor<4x3xi32>
  %1 = loom.mul %0, %0 : (tensor<4x3xi32>, tensor<4x3xi32>) -> tensor<4x3xi32>
  return %1 : tensor<4x3xi32>
}
func.func @trilu_f32(%a: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = loom.trilu %a upper diagonal 1 : tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
func.func @gather_el_i64(%d: tensor<4x3xi64>, %i: tensor<2x3xi32> {loom.random = [-4, 3]}) -> tensor<2x3xi64> {
  %0 = loom.gather_elements %d, %i axis 0 : (tensor<4x3xi64>, tensor<2x3xi32>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}
func.func @gather_el_bool(%d: tensor<3x7xi1>, %i: tensor<3x5xi64> {loom.random = [-7, 6]}) -> tensor<3x5xi1> {
  %0 = loom.gather_elements %d, %i axis 1 : (tensor<3x7xi1>, tensor<3x5xi64>) -> tensor<3x5xi1>
  return %0 : tensor<3x5xi1>
}
func.func @gather_el_i8(%d: tensor<3x7xi8>, %i: tensor<2x6xi64> {loom.random = [-7, 6]}) -> tensor<2x6xi8> {
  %0 = loom.gather_elements %d, %i axis 1 : (tensor<3x7xi8>, tensor<2x6xi64>) -> tensor<2x6xi8>
  return %0 : tensor<2x6xi8>
}
func.func @clamp_abs_neg_i8(%a: tensor<9xi8>) -> (tensor<9xi8>, tensor<9xi8>) {
  %0 = loom.clamp %a min = -5.0 max = 7.0 : tensor<9xi8>
  %1 = loom.abs %a : tensor<9xi8>
  %2 = loom.neg %1 : tensor<9xi8>
  return %0, %2 : tensor<9xi8>, tensor<9xi8>
}
func.func @cast_logic(%a: tensor<3x3xi64>, %b: tensor<3xi32>) -> (tensor<3x3xi8>, tensor<3x3xi1>) {
  %0 = loom.cast %a : tensor<3x3xi64> to tensor<3x3xi8>
  %1 = loom.cast %b : tensor<3xi32> to tensor<3xi1>
  %c = loom.cast %b : tensor<3xi32> to tensor<3xi64>
  %2 = loom.compare ge, %a, %c : (tensor<3x3xi64>, tensor<3xi64>) -> tensor<3x3xi1>
  %3 = loom.and %2, %1 : (tensor<3x3xi1>, tensor<3xi1>) -> tensor<3x3xi1>
  %4 = loom.not %3 : tensor<3x3xi1>
  return %0, %4 : tensor<3x3xi8>, tensor<3x3xi1>
}
func.func @wrap_i32(%a: tensor<4x3xi32> {loom.random = [-2147483648, 2147483647]}, %b: tensor<4x1xi32> {loom.random = [-2147483648, 2147483647]}) -> tensor<4x3xi32> {
  %0 = loom.add %a, %b : (tensor<4x3xi32>, tensor<4x1xi32>) -> tensor<4x3xi32>
  %1 = loom.mul %0, %0 : (tensor<4x3xi32>, tensor<4x3xi32>) -> tensor<4x3xi32>
  return %1 : tensor<4x3xi32>
}
func.func @rem_i8_neg(%a: tensor<16xi8> {loom.random = [-128, 127]}, %b: tensor<16xi8> {loom.random = [-1, -1]}) -> (tensor<16xi8>, tensor<16xi8>) {
  %0 = loom.rem %a, %b : (tensor<16xi8>, tensor<16xi8>) -> tensor<16xi8>
  %1 = loom.div %a, %b : (tensor<16xi8>, tensor<16xi8>) -> tensor<16xi8>
  return %0, %1 : tensor<16xi8>, tensor<16xi8>
}
func.func @gather_nd_b1(%d: tensor<2x3x4xi32>, %i: tensor<2x2x1xi64> {loom.random = [-3, 2]}) -> tensor<2x2x4xi32> {
  %0 = loom.gather_nd %d, %i batch_dims 1 : (tensor<2x3x4xi32>, tensor<2x2x1xi64>) -> tensor<2x2x4xi32>
  return %0 : tensor<2x2x4xi32>
}
func.func @gather_nd_f32(%d: tensor<3x4xf32>, %i: tensor<5x2xi64> {loom.random = [-3, 2]}) -> tensor<5xf32> {
  %0 = loom.gather_nd %d, %i : (tensor<3x4xf32>, tensor<5x2xi64>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}
func.func @scatter_f32(%d: tensor<3x5xf32>, %i: tensor<3x2xi64> {loom.random = [-5, 4]}, %u: tensor<3x2xf32>) -> tensor<3x5xf32> {
  %0 = loom.scatter %d, %i, %u axis 1 : (tensor<3x5xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}
func.func @scatter_add_f32(%d: tensor<3x5xf32>, %i: tensor<3x4xi64> {loom.random = [-5, 4]}, %u: tensor<3x4xf32>) -> tensor<3x5xf32> {
  %0 = loom.scatter %d, %i, %u axis 1 reduction add : (tensor<3x5xf32>, tensor<3x4xi64>, tensor<3x4xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}
func.func @scatter_i8(%d: tensor<4x3xi8>, %i: tensor<2x3xi64> {loom.random = [-4, 3]}, %u: tensor<2x3xi8>) -> tensor<4x3xi8> {
  %0 = loom.scatter %d, %i, %u axis 0 reduction max : (tensor<4x3xi8>, tensor<2x3xi64>, tensor<2x3xi8>) -> tensor<4x3xi8>
  return %0 : tensor<4x3xi8>
}
func.func @scatter_nd_mul(%d: tensor<4x4x4xf32>, %i: tensor<3x1xi64> {loom.random = [-4, 3]}, %u: tensor<3x4x4xf32>) -> tensor<4x4x4xf32> {
  %0 = loom.scatter_nd %d, %i, %u reduction mul : (tensor<4x4x4xf32>, tensor<3x1xi64>, tensor<3x4x4xf32>) -> tensor<4x4x4xf32>
  return %0 : tensor<4x4x4xf32>
}
func.func @scatter_nd_i64(%d: tensor<4x3xi64>, %i: tensor<2x2xi64> {loom.random = [-3, 2]}, %u: tensor<2xi64>) -> tensor<4x3xi64> {
  %0 = loom.scatter_nd %d, %i, %u : (tensor<4x3xi64>, tensor<2x2xi64>, tensor<2xi64>) -> tensor<4x3xi64>
  return %0 : tensor<4x3xi64>
}
func.func @scatter_nd_bool(%d: tensor<7xi1>, %i: tensor<3x1xi64> {loom.random = [-7, 6]}, %u: tensor<3xi1>) -> tensor<7xi1> {
  %0 = loom.scatter_nd %d, %i, %u : (tensor<7xi1>, tensor<3x1xi64>, tensor<3xi1>) -> tensor<7xi1>
  return %0 : tensor<7xi1>
}
func.func @equal_i32(%a: tensor<3x4xi32> {loom.random = [0, 2]}, %b: tensor<4xi32> {loom.random = [0, 2]}) -> tensor<3x4xi1> {
  %0 = loom.compare eq, %a, %b : (tensor<3x4xi32>, tensor<4xi32>) -> tensor<3x4xi1>
  return %0 : tensor<3x4xi1>
}
func.func @argmax_f32(%a: tensor<3x4x5xf32>) -> tensor<3x1x5xi64> {
  %0 = loom.argmax %a axis 1 keepdims : (tensor<3x4x5xf32>) -> tensor<3x1x5xi64>
  return %0 : tensor<3x1x5xi64>
}
func.func @argmin_last_i32(%a: tensor<3x6xi32> {loom.random = [-2, 2]}) -> tensor<3xi64> {
  %0 = loom.argmin %a axis 1 select_last_index : (tensor<3x6xi32>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}
func.func @argmax_last_i64(%a: tensor<7x3xi64> {loom.random = [-2, 2]}) -> tensor<1x3xi64> {
  %0 = loom.argmax %a axis 0 keepdims select_last_index : (tensor<7x3xi64>) -> tensor<1x3xi64>
  return %0 : tensor<1x3xi64>
}
func.func @hardmax(%a: tensor<1x4xi64> {loom.random = [0, 3]}, %b: tensor<4x1xi64> {loom.random = [0, 3]}) -> tensor<4x4xf32> {
  %0 = loom.compare eq, %a, %b : (tensor<1x4xi64>, tensor<4x1xi64>) -> tensor<4x4xi1>
  %1 = loom.cast %0 : tensor<4x4xi1> to tensor<4x4xf32>
  return %1 : tensor<4x4xf32>
}
func.func @mixed(%x: tensor<3x5xf32>, %i: tensor<3x5xi64> {loom.random = [-100000000, 100000000]}) -> (tensor<3x5xf32>, tensor<3x5xi32>, tensor<3x5xi8>, tensor<3x5xi1>, tensor<3x5xi1>) {
  %f = loom.cast %i : tensor<3x5xi64> to tensor<3x5xf32>
  %0 = loom.mul %x, %f : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  %1 = loom.div %0, %x : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  %2 = loom.exp %x : tensor<3x5xf32>
  %3 = loom.add %1, %2 : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  %4 = loom.cast %3 : tensor<3x5xf32> to tensor<3x5xi32>
  %5 = loom.cast %x : tensor<3x5xf32> to tensor<3x5xi8>
  %6 = loom.compare gt, %x, %2 : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xi1>
  %7 = loom.floor %x : tensor<3x5xf32>
  %8 = loom.cast %7 : tensor<3x5xf32> to tensor<3x5xi1>
  %9 = loom.argmax %3 axis 1 : (tensor<3x5xf32>) -> tensor<3xi64>
  return %3, %4, %5, %6, %8 : tensor<3x5xf32>, tensor<3x5xi32>, tensor<3x5xi8>, tensor<3x5xi1>, tensor<3x5xi1>
}
func.func @argmax_special(%x: tensor<4x6xf32>, %z: tensor<4x6xf32> {loom.random = [0, 0]}) -> (tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>) {
  %c = loom.constant dense<[[0.0, -0.0, 1.0, -1.0, 0x7FC00000, 3.0], [-0.0, 0.0, -2.0, -0.0, 0.0, -3.0], [-1.0, 0xFFC00000, 0x7F800000, 0x7FC00000, 0xFF800000, 2.0], [-1.0e-45, 1.0e-45, -0.0, 0.0, -1.0e-45, 1.0e-45]]> : tensor<4x6xf32>
  %y = loom.sub %c, %z : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
  %0 = loom.argmax %y axis 1 : (tensor<4x6xf32>) -> tensor<4xi64>
  %1 = loom.argmin %y axis 1 select_last_index : (tensor<4x6xf32>) -> tensor<4xi64>
  %2 = loom.argmax %y axis 1 select_last_index : (tensor<4x6xf32>) -> tensor<4xi64>
  %3 = loom.argmin %y axis 1 : (tensor<4x6xf32>) -> tensor<4xi64>
  return %0, %1, %2, %3 : tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>
}
// The trigonometric and hyperbolic functions of a scalar kernel's f32
// values (an integer cast keeps the kernel on the scalar core).
func.func @trigonometric_scalar(%x: tensor<7xf32> {loom.random = [-0.99, 0.99]}) -> (tensor<7xf32>, tensor<7xi32>) {
  %0 = loom.sin %x : tensor<7xf32>
  %1 = loom.cos %0 : tensor<7xf32>
  %2 = loom.tan %1 : tensor<7xf32>
  %3 = loom.asin %x : tensor<7xf32>
  %4 = loom.acos %x : tensor<7xf32>
  %5 = loom.atan %2 : tensor<7xf32>
  %6 = loom.sinh %3 : tensor<7xf32>
  %7 = loom.cosh %4 : tensor<7xf32>
  %8 = loom.asinh %6 : tensor<7xf32>
  %9 = loom.acosh %7 : tensor<7xf32>
  %10 = loom.atanh %x : tensor<7xf32>
  %11 = loom.add %5, %8 : (tensor<7xf32>, tensor<7xf32>) -> tensor<7xf32>
  %12 = loom.add %9, %10 : (tensor<7xf32>, tensor<7xf32>) -> tensor<7xf32>
  %13 = loom.mul %11, %12 : (tensor<7xf32>, tensor<7xf32>) -> tensor<7xf32>
  %14 = loom.mul %13, %x : (tensor<7xf32>, tensor<7xf32>) -> tensor<7xf32>
  %15 = loom.cast %14 : tensor<7xf32> to tensor<7xi32>
  return %13, %15 : tensor<7xf32>, tensor<7xi32>
}
func.func @cumsum_f32(%x: tensor<3x5xf32>) -> (tensor<3x5xf32>, tensor<3x5xf32>) {
  %0 = loom.cumsum %x axis 1 : tensor<3x5xf32>
  %1 = loom.cumsum %x axis 0 exclusive reverse : tensor<3x5xf32>
  return %0, %1 : tensor<3x5xf32>, tensor<3x5xf32>
}
func.func @cumsum_i32(%x: tensor<6xi32> {loom.random = [-2147483648, 2147483647]}) -> (tensor<6xi32>, tensor<6xi32>) {
  %0 = loom.cumsum %x axis 0 reverse : tensor<6xi32>
  %1 = loom.cumsum %x axis 0 exclusive : tensor<6xi32>
  return %0, %1 : tensor<6xi32>, tensor<6xi32>
}
func.func @cumsum_f64(%x: tensor<3x5xf64>) -> (tensor<3x5xf64>, tensor<3x5xf64>) {
  %0 = loom.cumsum %x axis 1 exclusive : tensor<3x5xf64>
  %1 = loom.cumsum %x axis 0 reverse : tensor<3x5xf64>
  return %0, %1 : tensor<3x5xf64>, tensor<3x5xf64>
}
func.func @add_f64(%a: tensor<2x3xf64>, %b: tensor<3xf64>) -> (tensor<2x3xf64>, tensor<2x3xf64>) {
  %c = loom.constant dense<1.000000e+00> : tensor<f64>
  %0 = loom.add %a, %b : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
  %1 = loom.add %a, %c : (tensor<2x3xf64>, tensor<f64>) -> tensor<2x3xf64>
  return %0, %1 : tensor<2x3xf64>, tensor<2x3xf64>
}
func.func @minmax_f64(%a: tensor<4x8xf64>, %b: tensor<8xf64>) -> (tensor<4x8xf64>, tensor<4x8xf64>) {
  %0 = loom.max %a, %b : (tensor<4x8xf64>, tensor<8xf64>) -> tensor<4x8xf64>
  %1 = loom.min %a, %b : (tensor<4x8xf64>, tensor<8xf64>) -> tensor<4x8xf64>
  return %0, %1 : tensor<4x8xf64>, tensor<4x8xf64>
}
func.func @minmax_ui64(%a: tensor<16xui64>, %b: tensor<16xui64>) -> (tensor<16xui64>, tensor<16xui64>) {
  %0 = loom.max %a, %b : (tensor<16xui64>, tensor<16xui64>) -> tensor<16xui64>
  %1 = loom.min %a, %b : (tensor<16xui64>, tensor<16xui64>) -> tensor<16xui64>
  return %0, %1 : tensor<16xui64>, tensor<16xui64>
}
func.func @ngram_counts(%a: tensor<1x11x1xi32> {loom.random = [0, 3]}, %p: tensor<3xi32> {loom.random = [0, 3]}, %b: tensor<1x11x1xi32> {loom.random = [0, 3]}, %q: tensor<3xi32> {loom.random = [0, 3]}) -> tensor<1x3xf32> {
  %0 = loom.compare eq, %a, %p : (tensor<1x11x1xi32>, tensor<3xi32>) -> tensor<1x11x3xi1>
  %1 = loom.compare eq, %b, %q : (tensor<1x11x1xi32>, tensor<3xi32>) -> tensor<1x11x3xi1>
  %2 = loom.and %0, %1 : (tensor<1x11x3xi1>, tensor<1x11x3xi1>) -> tensor<1x11x3xi1>
  %3 = loom.cast %2 : tensor<1x11x3xi1> to tensor<1x11x3xf32>
  %4 = loom.reduce_sum %3 axes [1] : (tensor<1x11x3xf32>) -> tensor<1x3xf32>
  return %4 : tensor<1x3xf32>
}
// Mean, max and min with keepdims of f32 selected by an i64 compare (NaN
// and signed zeros in the special draws), each one kernel.
func.func @mean_selected(%k: tensor<2x3x4xi64> {loom.random = [0, 2]}, %x: tensor<2x3x4xf32>) -> tensor<2x1x1xf32> {
  %c = loom.constant dense<1> : tensor<i64>
  %z = loom.constant dense<0.0> : tensor<f32>
  %m = loom.compare lt, %k, %c : (tensor<2x3x4xi64>, tensor<i64>) -> tensor<2x3x4xi1>
  %v = loom.select %m, %x, %z : (tensor<2x3x4xi1>, tensor<2x3x4xf32>, tensor<f32>) -> tensor<2x3x4xf32>
  %0 = loom.reduce_mean %v axes [1, 2] keepdims : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  return %0 : tensor<2x1x1xf32>
}
func.func @max_selected(%k: tensor<2x3x4xi64> {loom.random = [0, 2]}, %x: tensor<2x3x4xf32>) -> tensor<2xf32> {
  %c = loom.constant dense<1> : tensor<i64>
  %z = loom.constant dense<0.0> : tensor<f32>
  %m = loom.compare lt, %k, %c : (tensor<2x3x4xi64>, tensor<i64>) -> tensor<2x3x4xi1>
  %v = loom.select %m, %x, %z : (tensor<2x3x4xi1>, tensor<2x3x4xf32>, tensor<f32>) -> tensor<2x3x4xf32>
  %0 = loom.reduce_max %v axes [1, 2] : (tensor<2x3x4xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
func.func @min_selected(%k: tensor<2x3x4xi64> {loom.random = [0, 2]}, %x: tensor<2x3x4xf32>) -> tensor<1x3x1xf32> {
  %c = loom.constant dense<1> : tensor<i64>
  %z = loom.constant dense<0.0> : tensor<f32>
  %m = loom.compare lt, %k, %c : (tensor<2x3x4xi64>, tensor<i64>) -> tensor<2x3x4xi1>
  %v = loom.select %m, %x, %z : (tensor<2x3x4xi1>, tensor<2x3x4xf32>, tensor<f32>) -> tensor<2x3x4xf32>
  %0 = loom.reduce_min %v axes [0, 2] keepdims : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  return %0 : tensor<1x3x1xf32>
}
func.func @widen_f64(%x: tensor<4x16xf32>) -> tensor<4x16xf64> {
  %0 = loom.cast %x : tensor<4x16xf32> to tensor<4x16xf64>
  return %0 : tensor<4x16xf64>
}
func.func @narrow_f32(%x: tensor<4x16xf64>) -> tensor<4x16xf32> {
  %0 = loom.cast %x : tensor<4x16xf64> to tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}
func.func @shift_ui8(%x: tensor<12xui8>, %n: tensor<12xui8> {loom.random = [0, 10]}) -> (tensor<12xui8>, tensor<12xui8>) {
  %0 = loom.shift %x, %n : (tensor<12xui8>, tensor<12xui8>) -> tensor<12xui8>
  %1 = loom.shift %x, %n {right} : (tensor<12xui8>, tensor<12xui8>) -> tensor<12xui8>
  return %0, %1 : tensor<12xui8>, tensor<12xui8>
}
func.func @shift_ui16(%x: tensor<12xui16>, %n: tensor<12xui16> {loom.random = [0, 20]}) -> tensor<12xui16> {
  %0 = loom.shift %x, %n : (tensor<12xui16>, tensor<12xui16>) -> tensor<12xui16>
  return %0 : tensor<12xui16>
}
func.func @shift_ui32(%x: tensor<2x6xui32> {loom.random = [0, 4294967295]}, %n: tensor<6xui32> {loom.random = [0, 40]}) -> tensor<2x6xui32> {
  %0 = loom.shift %x, %n {right} : (tensor<2x6xui32>, tensor<6xui32>) -> tensor<2x6xui32>
  return %0 : tensor<2x6xui32>
}
func.func @shift_ui64(%x: tensor<16xui64>, %n: tensor<16xui64> {loom.random = [0, 70]}) -> (tensor<16xui64>, tensor<16xui64>) {
  %0 = loom.shift %x, %n : (tensor<16xui64>, tensor<16xui64>) -> tensor<16xui64>
  %1 = loom.shift %x, %n {right} : (tensor<16xui64>, tensor<16xui64>) -> tensor<16xui64>
  return %0, %1 : tensor<16xui64>, tensor<16xui64>
}
func.func @pow_i32(%a: tensor<40xi32> {loom.random = [-3, 3]}, %b: tensor<40xi32> {loom.random = [-3, 40]}) -> tensor<40xi32> {
  %0 = loom.pow %a, %b : (tensor<40xi32>, tensor<40xi32>) -> tensor<40xi32>
  return %0 : tensor<40xi32>
}
func.func @pow_i64(%a: tensor<30xi64> {loom.random = [-1000, 1000]}, %b: tensor<30xi64> {loom.random = [0, 9]}) -> tensor<30xi64> {
  %0 = loom.pow %a, %b : (tensor<30xi64>, tensor<30xi64>) -> tensor<30xi64>
  return %0 : tensor<30xi64>
}
func.func @pow_i8(%a: tensor<20xi8> {loom.random = [-2, -1]}, %b: tensor<20xi8> {loom.random = [-5, 5]}) -> tensor<20xi8> {
  %0 = loom.pow %a, %b : (tensor<20xi8>, tensor<20xi8>) -> tensor<20xi8>
  return %0 : tensor<20xi8>
}
func.func @pow_i8_positive(%a: tensor<20xi8> {loom.random = [1, 3]}, %b: tensor<20xi8> {loom.random = [-5, 9]}) -> tensor<20xi8> {
  %0 = loom.pow %a, %b : (tensor<20xi8>, tensor<20xi8>) -> tensor<20xi8>
  return %0 : tensor<20xi8>
}
func.func @topk_largest(%x: tensor<3x6xf32>) -> (tensor<3x4xf32>, tensor<3x4xi64>) {
  %0:2 = loom.topk %x axis 1 k 4 : (tensor<3x6xf32>) -> (tensor<3x4xf32>, tensor<3x4xi64>)
  return %0#0, %0#1 : tensor<3x4xf32>, tensor<3x4xi64>
}
func.func @topk_smallest_ties(%x: tensor<7x3xi64> {loom.random = [-2, 2]}) -> (tensor<3x3xi64>, tensor<3x3xi64>) {
  %0:2 = loom.topk %x axis 0 k 3 largest = false : (tensor<7x3xi64>) -> (tensor<3x3xi64>, tensor<3x3xi64>)
  return %0#0, %0#1 : tensor<3x3xi64>, tensor<3x3xi64>
}
func.func @topk_special(%z: tensor<4x6xf32> {loom.random = [0, 0]}) -> (tensor<4x6xf32>, tensor<4x6xi64>, tensor<4x3xf32>, tensor<4x3xi64>) {
  %c = loom.constant dense<[[0.0, -0.0, 1.0, -1.0, 0x7FC00000, 3.0], [-0.0, 0.0, -2.0, -0.0, 0.0, -3.0], [-1.0, 0xFFC00000, 0x7F800000, 0x7FC00000, 0xFF800000, 2.0], [-1.0e-45, 1.0e-45, -0.0, 0.0, -1.0e-45, 1.0e-45]]> : tensor<4x6xf32>
  %y = loom.sub %c, %z : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
  %0:2 = loom.topk %y axis 1 k 6 : (tensor<4x6xf32>) -> (tensor<4x6xf32>, tensor<4x6xi64>)
  %1:2 = loom.topk %y axis 1 k 3 largest = false : (tensor<4x6xf32>) -> (tensor<4x3xf32>, tensor<4x3xi64>)
  return %0#0, %0#1, %1#0, %1#1 : tensor<4x6xf32>, tensor<4x6xi64>, tensor<4x3xf32>, tensor<4x3xi64>
}
func.func @quantize_u8(%x: tensor<12xf32>, %s: tensor<f32> {loom.random = [0, 0]}, %z: tensor<ui8> {loom.random = [100, 200]}) -> tensor<12xui8> {
  %c = loom.constant dense<0.004> : tensor<f32>
  %sc = loom.add %s, %c : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %0 = loom.div %x, %sc : (tensor<12xf32>, tensor<f32>) -> tensor<12xf32>
  %1 = loom.round %0 : tensor<12xf32>
  %2 = loom.cast %z : tensor<ui8> to tensor<f32>
  %3 = loom.add %1, %2 : (tensor<12xf32>, tensor<f32>) -> tensor<12xf32>
  %4 = loom.cast %3 : tensor<12xf32> to tensor<12xui8>
  return %4 : tensor<12xui8>
}
