// Elementwise kernels whose result is a cast of f32 to an integer type
// (codegen/Elementwise.cpp): the vector unit computes the f32 before the
// cast and the store converts it as the evaluator's cast does (toward zero,
// saturating to the type's range): .u8 for ui8, .i8, .i32, .i64. Values
// out of every range check the saturation. A cast to ui32, which no store
// saturates to, stays an error.
// RUN: split-file %s %t
// RUN: loom-differential %t/diff.mlir --target=systolic | FileCheck %s --check-prefix=DIFF
// RUN: loom-differential %t/diff.mlir --target=systolic --seed=7 | FileCheck %s --check-prefix=DIFF
// RUN: loomc %t/quantize.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=ASM
// RUN: not loomc %t/negative_u32.mlir --target=systolic --emit=asm 2>&1 | FileCheck %s --check-prefix=U32

//--- diff.mlir
// DIFF-COUNT-4: : ok ({{[0-9]}} output{{s?}}, bit-exact to the evaluator's bf16-matmul mode

// QuantizeLinear to uint8: rows of 300 lanes, values beyond [0, 255].
func.func @quantize_u8(%x: tensor<5x300xf32> {loom.random = [-400.0, 400.0]}, %s: tensor<f32> {loom.random = [0.5, 2.0]}) -> tensor<5x300xui8> {
  %0 = loom.div %x, %s : (tensor<5x300xf32>, tensor<f32>) -> tensor<5x300xf32>
  %1 = loom.round %0 : tensor<5x300xf32>
  %2 = loom.cast %1 : tensor<5x300xf32> to tensor<5x300xui8>
  return %2 : tensor<5x300xui8>
}

// DynamicQuantizeLinear's scale and zero point: an f32 and a ui8 result.
func.func @scale_zero_point(%lo: tensor<f32>, %hi: tensor<f32>) -> (tensor<f32>, tensor<ui8>) {
  %0 = loom.constant dense<0.000000e+00> : tensor<f32>
  %1 = loom.constant dense<2.550000e+02> : tensor<f32>
  %2 = loom.min %lo, %0 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %3 = loom.max %hi, %0 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %4 = loom.sub %3, %2 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %5 = loom.div %4, %1 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %6 = loom.div %2, %5 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %7 = loom.sub %0, %6 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %8 = loom.clamp %7 min = 0.000000e+00 max = 2.550000e+02 : tensor<f32>
  %9 = loom.round %8 : tensor<f32>
  %10 = loom.cast %9 : tensor<f32> to tensor<ui8>
  return %5, %10 : tensor<f32>, tensor<ui8>
}

// Signed bytes, truncated toward zero and saturated to [-128, 127].
func.func @scale_i8(%x: tensor<3x7x9xf32> {loom.random = [-300.0, 300.0]}, %s: tensor<9xf32>) -> tensor<3x7x9xi8> {
  %0 = loom.mul %x, %s : (tensor<3x7x9xf32>, tensor<9xf32>) -> tensor<3x7x9xf32>
  %1 = loom.cast %0 : tensor<3x7x9xf32> to tensor<3x7x9xi8>
  return %1 : tensor<3x7x9xi8>
}

// i32 and i64 results of one kernel, values beyond i32's range. (A cast
// of an argument alone computes nothing in f32: the scalar kernels take it.)
func.func @wide(%x: tensor<1000xf32> {loom.random = [-1.0e5, 1.0e5]}, %s: tensor<f32> {loom.random = [-1.0e5, 1.0e5]}) -> (tensor<1000xi32>, tensor<1000xi64>) {
  %0 = loom.mul %x, %s : (tensor<1000xf32>, tensor<f32>) -> tensor<1000xf32>
  %1 = loom.cast %0 : tensor<1000xf32> to tensor<1000xi32>
  %2 = loom.cast %0 : tensor<1000xf32> to tensor<1000xi64>
  return %1, %2 : tensor<1000xi32>, tensor<1000xi64>
}

//--- quantize.mlir
// The rounded f32 quotient is stored with .u8, eight rows of 128 lanes a
// tile (not one element at a time on the scalar unit).
// ASM-LABEL: # kernel @main_kernel_0
// ASM:       v.div [[Q:v[0-9]+]], {{v[0-9]+}}, {{v[0-9]+}}
// ASM-NEXT:  v.round [[R:v[0-9]+]], [[Q]]
// ASM-NEXT:  vst.u8 [[R]], {{s[0-9]+}}, 128, 8, 128
func.func @main(%x: tensor<5x300xf32>, %s: tensor<f32>) -> tensor<5x300xui8> {
  %0 = loom.div %x, %s : (tensor<5x300xf32>, tensor<f32>) -> tensor<5x300xf32>
  %1 = loom.round %0 : tensor<5x300xf32>
  %2 = loom.cast %1 : tensor<5x300xf32> to tensor<5x300xui8>
  return %2 : tensor<5x300xui8>
}

//--- negative_u32.mlir
// U32: error: systolic: kernel @main_kernel_0 (loom.cast) computes integers; the vector unit computes f32 (and i1)
func.func @main(%x: tensor<7xf32>) -> tensor<7xui32> {
  %0 = loom.cast %x : tensor<7xf32> to tensor<7xui32>
  return %0 : tensor<7xui32>
}
