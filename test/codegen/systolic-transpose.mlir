// Data movement on the systolic target: transposes of two to four
// dimensions (the heads of attention), a reshape around one, and a
// transpose feeding a matmul; moved values must arrive bit for bit.
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s
// CHECK-COUNT-4: : ok ({{[0-9]+}} output{{s?}}, bit-exact to the evaluator's bf16-matmul mode, relative L2 error

func.func @transpose_2d(%x: tensor<37x70xf32>) -> tensor<70x37xf32> {
  %0 = loom.transpose %x permutation [1, 0] : (tensor<37x70xf32>) -> tensor<70x37xf32>
  return %0 : tensor<70x37xf32>
}

// [batch, tokens, heads, head_dim] to [batch, heads, tokens, head_dim].
func.func @transpose_heads(%x: tensor<2x16x4x8xf32>) -> tensor<2x4x16x8xf32> {
  %0 = loom.transpose %x permutation [0, 2, 1, 3] : (tensor<2x16x4x8xf32>) -> tensor<2x4x16x8xf32>
  return %0 : tensor<2x4x16x8xf32>
}

func.func @reshape_transpose(%x: tensor<16x32xf32>) -> tensor<4x16x8xf32> {
  %r = loom.reshape %x : tensor<16x32xf32> to tensor<16x4x8xf32>
  %0 = loom.transpose %r permutation [1, 0, 2] : (tensor<16x4x8xf32>) -> tensor<4x16x8xf32>
  return %0 : tensor<4x16x8xf32>
}

// Keys transposed for the scores: q @ k^T.
func.func @transpose_then_matmul(%q: tensor<16x8xf32>, %k: tensor<16x8xf32>) -> tensor<16x16xf32> {
  %kt = loom.transpose %k permutation [1, 0] : (tensor<16x8xf32>) -> tensor<8x16xf32>
  %0 = loom.matmul %q, %kt : (tensor<16x8xf32>, tensor<8x16xf32>) -> tensor<16x16xf32>
  return %0 : tensor<16x16xf32>
}
