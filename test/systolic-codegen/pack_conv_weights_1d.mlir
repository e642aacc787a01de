// loom-systolic-pack-conv-weights and loom-systolic-bf16-conv-weights on
// 1-D filters: [O, C/groups, KW] is stored as [KW, O, C/groups] and restored
// by a transpose with permutation [1, 2, 0]; as bf16 where its rows of
// C/groups bf16 channels keep the DMA alignment.
// RUN: split-file %s %t
// RUN: loomc %t/packed.mlir --target=systolic --emit=kernels | FileCheck %s --check-prefix=PACKED
// RUN: loomc %t/bf16.mlir --target=systolic --emit=kernels | FileCheck %s --check-prefix=BF16
// RUN: loom-differential %t/bf16.mlir --target=systolic --target-option=host-fallback=false | FileCheck %s --check-prefix=EXACT

//--- packed.mlir
// W[o][0][kw] = 3o + kw + 1 is stored as [kw][o][0]; one channel a row
// (2 bytes as bf16) breaks the 4-byte alignment, so it stays f32.
// PACKED-LABEL: func.func @main
// PACKED:       %[[W:.*]] = loom.constant dense<{{\[\[\[}}1.000000e+00], [4.000000e+00]], {{\[\[}}2.000000e+00], [5.000000e+00]], {{\[\[}}3.000000e+00], [6.000000e+00]]]> : tensor<3x2x1xf32>
// PACKED-NEXT:  call @main_kernel_0(%arg0, %[[W]]) : (tensor<1x1x6xf32>, tensor<3x2x1xf32>)
// PACKED:       func.func private @main_kernel_0(%[[X:.*]]: tensor<1x1x6xf32>, %[[P:.*]]: tensor<3x2x1xf32>)
// PACKED-NEXT:  %[[T:.*]] = loom.transpose %[[P]] permutation [1, 2, 0] : (tensor<3x2x1xf32>) -> tensor<2x1x3xf32>
// PACKED-NEXT:  loom.conv %[[X]], %[[T]]
func.func @main(%x: tensor<1x1x6xf32>) -> tensor<1x2x4xf32> {
  %w = loom.constant dense<[[[1.0, 2.0, 3.0]], [[4.0, 5.0, 6.0]]]> : tensor<2x1x3xf32>
  %0 = loom.conv %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] groups 1 : (tensor<1x1x6xf32>, tensor<2x1x3xf32>) -> tensor<1x2x4xf32>
  return %0 : tensor<1x2x4xf32>
}

//--- bf16.mlir
// Two channels a row: packed, then rounded to bf16 (1 + 2^-8 to the even
// 1), widened by a cast at the kernel's entry.
// BF16-LABEL: func.func @main
// BF16:       %[[W:.*]] = loom.constant dense<{{\[\[\[}}1.000000e+00, 2.000000e+00]], {{\[\[}}5.000000e-01, 2.500000e-01]]]> : tensor<2x1x2xbf16>
// BF16:       func.func private @main_kernel_0(%[[X:.*]]: tensor<1x2x5xf32>, %[[B:.*]]: tensor<2x1x2xbf16>)
// BF16-NEXT:  %[[F:.*]] = loom.cast %[[B]] : tensor<2x1x2xbf16> to tensor<2x1x2xf32>
// BF16-NEXT:  %[[T:.*]] = loom.transpose %[[F]] permutation [1, 2, 0] : (tensor<2x1x2xf32>) -> tensor<1x2x2xf32>
// BF16-NEXT:  loom.conv %[[X]], %[[T]]
// EXACT: @main: ok (1 output, bit-exact to the evaluator's bf16-matmul mode
func.func @main(%x: tensor<1x2x5xf32>) -> tensor<1x1x4xf32> {
  %w = loom.constant dense<[[[1.00390625, 0.5], [2.0, 0.25]]]> : tensor<1x2x2xf32>
  %0 = loom.conv %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] groups 1 : (tensor<1x2x5xf32>, tensor<1x2x2xf32>) -> tensor<1x1x4xf32>
  return %0 : tensor<1x1x4xf32>
}
