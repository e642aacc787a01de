// RUN: loom-opt %s -loom-fold-constants | FileCheck %s --check-prefix=NATIVE
// RUN: loom-opt %s -loom-fold-constants=precision=bf16-matmul | FileCheck %s --check-prefix=BF16
// RUN: not loom-opt %s -loom-fold-constants=precision=f8 2>&1 | FileCheck %s --check-prefix=BAD

// A contraction folds in the target's numerics: 1.00390625 is no bf16 value
// and rounds to 1.0 when the operands are rounded to bf16 (round to nearest
// even), so the systolic target's fold gives 2.0 where f32 gives 2.00390625.
// Elementwise ops fold alike in both modes.

// NATIVE-LABEL: func.func @matmul
// NATIVE: loom.constant dense<2.00390625> : tensor<1x1xf32>
// BF16-LABEL: func.func @matmul
// BF16: loom.constant dense<2.000000e+00> : tensor<1x1xf32>
func.func @matmul() -> tensor<1x1xf32> {
  %a = loom.constant dense<[[1.00390625, 1.0]]> : tensor<1x2xf32>
  %b = loom.constant dense<[[1.0], [1.0]]> : tensor<2x1xf32>
  %m = loom.matmul %a, %b : (tensor<1x2xf32>, tensor<2x1xf32>) -> tensor<1x1xf32>
  return %m : tensor<1x1xf32>
}

// NATIVE-LABEL: func.func @add
// NATIVE: loom.constant dense<2.00390625> : tensor<f32>
// BF16-LABEL: func.func @add
// BF16: loom.constant dense<2.00390625> : tensor<f32>
func.func @add() -> tensor<f32> {
  %a = loom.constant dense<1.00390625> : tensor<f32>
  %b = loom.constant dense<1.0> : tensor<f32>
  %s = loom.add %a, %b : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %s : tensor<f32>
}

// BAD: loom-fold-constants: unknown precision 'f8' (native or bf16-matmul)
