// Layer normalization on the systolic target's vector unit, bit for bit the
// reference evaluator's f32 formula (mean, then the biased variance, each
// summed in order from zero; sqrt, a division, scale and bias), as the op
// and as primitives with rsqrt.
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s
// CHECK-COUNT-3: : ok ({{[0-9]+}} output{{s?}}, bit-exact to the evaluator's bf16-matmul mode, relative L2 error

func.func @layer_norm(%x: tensor<2x16x40xf32>, %gamma: tensor<40xf32>, %beta: tensor<40xf32>) -> tensor<2x16x40xf32> {
  %0 = loom.layer_norm %x, %gamma, %beta axis 2 epsilon 1.0e-05 : (tensor<2x16x40xf32>, tensor<40xf32>, tensor<40xf32>) -> tensor<2x16x40xf32>
  return %0 : tensor<2x16x40xf32>
}

// GPT's width: rows of 256, longer than the vector lanes.
func.func @layer_norm_wide(%x: tensor<8x256xf32>, %gamma: tensor<256xf32>, %beta: tensor<256xf32>) -> tensor<8x256xf32> {
  %0 = loom.layer_norm %x, %gamma, %beta axis 1 epsilon 1.0e-05 : (tensor<8x256xf32>, tensor<256xf32>, tensor<256xf32>) -> tensor<8x256xf32>
  return %0 : tensor<8x256xf32>
}

func.func @layer_norm_primitives(%x: tensor<4x48xf32>, %gamma: tensor<48xf32>, %beta: tensor<48xf32>) -> tensor<4x48xf32> {
  %mean = loom.reduce_mean %x axes [1] keepdims : (tensor<4x48xf32>) -> tensor<4x1xf32>
  %centered = loom.sub %x, %mean : (tensor<4x48xf32>, tensor<4x1xf32>) -> tensor<4x48xf32>
  %square = loom.mul %centered, %centered : (tensor<4x48xf32>, tensor<4x48xf32>) -> tensor<4x48xf32>
  %var = loom.reduce_mean %square axes [1] keepdims : (tensor<4x48xf32>) -> tensor<4x1xf32>
  %eps = loom.constant dense<1.0e-05> : tensor<f32>
  %var_eps = loom.add %var, %eps : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
  %inv_std = loom.rsqrt %var_eps : tensor<4x1xf32>
  %normalized = loom.mul %centered, %inv_std : (tensor<4x48xf32>, tensor<4x1xf32>) -> tensor<4x48xf32>
  %scaled = loom.mul %normalized, %gamma : (tensor<4x48xf32>, tensor<48xf32>) -> tensor<4x48xf32>
  %0 = loom.add %scaled, %beta : (tensor<4x48xf32>, tensor<48xf32>) -> tensor<4x48xf32>
  return %0 : tensor<4x48xf32>
}
