// A contraction of constants, folded at compile time, must give what the
// chip would: the evaluator's Bf16Matmul mode, not f32 (1.00390625 is no
// bf16 value and rounds to 1 on the matrix unit).
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s
// CHECK: @folded_matmul: ok (1 output, bit-exact to the evaluator's bf16-matmul mode, relative L2 error

func.func @folded_matmul(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %a = loom.constant dense<[[1.00390625, 1.0], [0.5, 0.25]]> : tensor<2x2xf32>
  %b = loom.constant dense<[[1.0, 1.0], [1.0, 1.0]]> : tensor<2x2xf32>
  %m = loom.matmul %a, %b : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %0 = loom.add %m, %x : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
