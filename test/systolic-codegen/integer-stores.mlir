// Kernels whose result is a cast of f32 to an integer type: the chip
// computes the f32 before the cast and the store converts it as the
// evaluator's cast does (toward zero, saturating to the type's range).
// Elementwise kernels (codegen/Elementwise.cpp) store .u8 for ui8, .i8,
// .i32, .i64; matmul and conv kernels (codegen/Matmul.cpp, Conv.cpp:
// MatMulInteger, ConvInteger) store their f32 tiles as .i32, the same four
// bytes an element (a conv's residual read from the output buffer and the
// result stored over it with vsto.i32; a depthwise conv's with vst.i32).
// Values out of
// every range check the saturation. A cast to ui32, which no store
// saturates to, stays an error.
// RUN: split-file %s %t
// RUN: loom-differential %t/diff.mlir --target=systolic --target-option=host-fallback=false | FileCheck %s --check-prefix=DIFF
// RUN: loom-differential %t/diff.mlir --target=systolic --target-option=host-fallback=false --seed=7 | FileCheck %s --check-prefix=DIFF
// RUN: loomc %t/quantize.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=ASM
// RUN: loom-differential %t/matmul.mlir --target=systolic --target-option=host-fallback=false | FileCheck %s --check-prefix=DIFF-MM
// RUN: loom-differential %t/conv.mlir --target=systolic --target-option=host-fallback=false | FileCheck %s --check-prefix=DIFF-CONV
// RUN: loomc %t/conv-asm.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=CONV
// RUN: loomc %t/matmul-asm.mlir --target=systolic --emit=asm | FileCheck %s --check-prefix=MM
// RUN: not loomc %t/negative_u32.mlir --target=systolic --emit=asm 2>&1 | FileCheck %s --check-prefix=U32
// RUN: loomc %t/matmul-integer-asm.mlir --target=systolic --emit=asm 2>&1 | FileCheck %s --check-prefix=MMI8 --implicit-check-not=host

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

//--- matmul.mlir
// DIFF-MM-COUNT-2: : ok (1 output, bit-exact to the evaluator's bf16-matmul mode

// MatMulInteger: the f32 sums of integer products, stored as i32.
func.func @matmul_integer(%a: tensor<20x64xf32> {loom.random = [-255.0, 255.0]}, %b: tensor<64x24xf32> {loom.random = [-255.0, 255.0]}) -> tensor<20x24xi32> {
  %0 = loom.matmul %a, %b : (tensor<20x64xf32>, tensor<64x24xf32>) -> tensor<20x24xf32>
  %1 = loom.cast %0 : tensor<20x24xf32> to tensor<20x24xi32>
  return %1 : tensor<20x24xi32>
}

// An epilogue before the cast, sums beyond i32's range (saturated).
func.func @matmul_bias_wide(%a: tensor<2x8x32xf32> {loom.random = [-1.0e5, 1.0e5]}, %b: tensor<2x32x16xf32> {loom.random = [-1.0e5, 1.0e5]}, %c: tensor<16xf32>) -> tensor<2x8x16xi32> {
  %0 = loom.matmul %a, %b : (tensor<2x8x32xf32>, tensor<2x32x16xf32>) -> tensor<2x8x16xf32>
  %1 = loom.add %0, %c : (tensor<2x8x16xf32>, tensor<16xf32>) -> tensor<2x8x16xf32>
  %2 = loom.cast %1 : tensor<2x8x16xf32> to tensor<2x8x16xi32>
  return %2 : tensor<2x8x16xi32>
}

//--- matmul-asm.mlir
// MM-LABEL: # kernel @main_kernel_0
// MM:       vst.i32
func.func @main(%a: tensor<20x64xf32>, %b: tensor<64x24xf32>) -> tensor<20x24xi32> {
  %0 = loom.matmul %a, %b : (tensor<20x64xf32>, tensor<64x24xf32>) -> tensor<20x24xf32>
  %1 = loom.cast %0 : tensor<20x24xf32> to tensor<20x24xi32>
  return %1 : tensor<20x24xi32>
}

//--- conv.mlir
// DIFF-CONV-COUNT-3: : ok (1 output, bit-exact to the evaluator's bf16-matmul mode

// ConvInteger with padding.
func.func @conv_integer(%x: tensor<2x3x9x9xf32> {loom.random = [-255.0, 255.0]}, %w: tensor<8x3x3x3xf32> {loom.random = [-255.0, 255.0]}) -> tensor<2x8x9x9xi32> {
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<2x3x9x9xf32>, tensor<8x3x3x3xf32>) -> tensor<2x8x9x9xf32>
  %1 = loom.cast %0 : tensor<2x8x9x9xf32> to tensor<2x8x9x9xi32>
  return %1 : tensor<2x8x9x9xi32>
}

// A residual (in place in the output buffer), sums beyond i32's range.
func.func @conv_residual_wide(%x: tensor<1x16x8x8xf32> {loom.random = [-1.0e5, 1.0e5]}, %w: tensor<16x16x3x3xf32> {loom.random = [-1.0e5, 1.0e5]}, %r: tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xi32> {
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32>
  %1 = loom.add %0, %r : (tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  %2 = loom.cast %1 : tensor<1x16x8x8xf32> to tensor<1x16x8x8xi32>
  return %2 : tensor<1x16x8x8xi32>
}

// Depthwise, strided: the vector unit's conv.
func.func @depthwise_integer(%x: tensor<1x8x7x7xf32> {loom.random = [-255.0, 255.0]}, %w: tensor<8x1x3x3xf32> {loom.random = [-255.0, 255.0]}) -> tensor<1x8x4x4xi32> {
  %0 = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 8 : (tensor<1x8x7x7xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
  %1 = loom.cast %0 : tensor<1x8x4x4xf32> to tensor<1x8x4x4xi32>
  return %1 : tensor<1x8x4x4xi32>
}

//--- conv-asm.mlir
// CONV-LABEL: # kernel @main_kernel_0
// CONV:       vsto.i32
func.func @main(%x: tensor<2x3x9x9xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<2x8x9x9xi32> {
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<2x3x9x9xf32>, tensor<8x3x3x3xf32>) -> tensor<2x8x9x9xf32>
  %1 = loom.cast %0 : tensor<2x8x9x9xf32> to tensor<2x8x9x9xi32>
  return %1 : tensor<2x8x9x9xi32>
}

//--- negative_u32.mlir
// U32: error: systolic: kernel @main_kernel_0 (loom.cast) computes integers; the vector unit computes f32, f16 and bf16 (and i1)
func.func @main(%x: tensor<7xf32>) -> tensor<7xui32> {
  %0 = loom.cast %x : tensor<7xf32> to tensor<7xui32>
  return %0 : tensor<7xui32>
}
//--- matmul-integer-asm.mlir
// loom.matmul_integer of one slice (60 terms of ui8 x i8, exact in f32)
// after loom-expand-integer-contractions: the operands cast to f32 in
// kernels of their own, the product on the MXU, stored as i32; nothing on
// the host.
// MMI8-LABEL: # kernel @main_kernel_2
// MMI8:       matmul.swap.f32
// MMI8:       vst.i32
func.func @main(%a: tensor<8x60xui8>, %b: tensor<60x16xi8>) -> tensor<8x16xi32> {
  %0 = loom.matmul_integer %a, %b : (tensor<8x60xui8>, tensor<60x16xi8>) -> tensor<8x16xi32>
  return %0 : tensor<8x16xi32>
}
