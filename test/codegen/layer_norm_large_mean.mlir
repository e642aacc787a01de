// Layer normalization of rows whose mean is large against their spread
// (10000 + U[0, 1]): a plain f32 sum of the row rounds away about 1% of the
// result, and the CPU (its sums vectorized) and the evaluator (in order)
// disagreed by 0.2% and more. Both now sum x - x0, x0 the row's first
// element, so both are within 1e-6 of the exact result and of each other.
// The systolic target computes the same formula bit for bit.
// RUN: loom-differential %s
// RUN: loom-differential %s --target=systolic --function=layer_norm_large_mean | FileCheck %s --check-prefix=SYSTOLIC
// SYSTOLIC: @layer_norm_large_mean: ok (1 output, bit-exact to the evaluator's bf16-matmul mode

func.func @layer_norm_large_mean(%x: tensor<4x768xf32> {loom.random = [10000.0, 10001.0]}, %s: tensor<768xf32>, %b: tensor<768xf32>) -> tensor<4x768xf32> {
  %y = loom.layer_norm %x, %s, %b axis 1 : (tensor<4x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<4x768xf32>
  return %y : tensor<4x768xf32>
}

func.func @layer_norm_large_negative_mean_two_axes(%x: tensor<2x12x64xf32> {loom.random = [-20001.0, -20000.0]}, %s: tensor<12x64xf32>, %b: tensor<64xf32>) -> tensor<2x12x64xf32> {
  %y = loom.layer_norm %x, %s, %b axis 1 : (tensor<2x12x64xf32>, tensor<12x64xf32>, tensor<64xf32>) -> tensor<2x12x64xf32>
  return %y : tensor<2x12x64xf32>
}

func.func @layer_norm_large_mean_f64(%x: tensor<4x768xf64> {loom.random = [1.0e12, 1.000000000001e12]}, %s: tensor<768xf64>, %b: tensor<768xf64>) -> tensor<4x768xf64> {
  %y = loom.layer_norm %x, %s, %b axis 1 : (tensor<4x768xf64>, tensor<768xf64>, tensor<768xf64>) -> tensor<4x768xf64>
  return %y : tensor<4x768xf64>
}
