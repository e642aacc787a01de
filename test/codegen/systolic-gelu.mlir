// GELU and its kind on the systolic target's vector unit, bit for bit the
// reference evaluator's f32 formulas (the same libm functions, the same
// operation order): the op in both approximations, the erf form and the
// tanh form written as primitives after a dense layer, and SiLU.
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s
// CHECK-COUNT-5: : ok ({{[0-9]+}} output{{s?}}, bit-exact to the evaluator's bf16-matmul mode, relative L2 error

func.func @gelu_ops(%x: tensor<3x70xf32> {loom.random = [-4.0, 4.0]}) -> (tensor<3x70xf32>, tensor<3x70xf32>) {
  %0 = loom.gelu %x : tensor<3x70xf32>
  %1 = loom.gelu %x approximation = tanh : tensor<3x70xf32>
  return %0, %1 : tensor<3x70xf32>, tensor<3x70xf32>
}

// x * 0.5 * (1 + erf(x / sqrt(2))) after x @ w + b.
func.func @matmul_bias_gelu_erf_chain(%x: tensor<8x32xf32>, %w: tensor<32x64xf32> {loom.random = [-0.3, 0.3]}, %b: tensor<64xf32>) -> tensor<8x64xf32> {
  %mm = loom.matmul %x, %w : (tensor<8x32xf32>, tensor<32x64xf32>) -> tensor<8x64xf32>
  %h = loom.add %mm, %b : (tensor<8x64xf32>, tensor<64xf32>) -> tensor<8x64xf32>
  %sqrt2 = loom.constant dense<1.41421354> : tensor<f32>
  %half = loom.constant dense<0.5> : tensor<f32>
  %one = loom.constant dense<1.0> : tensor<f32>
  %scaled = loom.div %h, %sqrt2 : (tensor<8x64xf32>, tensor<f32>) -> tensor<8x64xf32>
  %erf = loom.erf %scaled : tensor<8x64xf32>
  %shifted = loom.add %erf, %one : (tensor<8x64xf32>, tensor<f32>) -> tensor<8x64xf32>
  %xh = loom.mul %h, %half : (tensor<8x64xf32>, tensor<f32>) -> tensor<8x64xf32>
  %0 = loom.mul %xh, %shifted : (tensor<8x64xf32>, tensor<8x64xf32>) -> tensor<8x64xf32>
  return %0 : tensor<8x64xf32>
}

// 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))).
func.func @gelu_tanh_chain(%x: tensor<5x40xf32> {loom.random = [-4.0, 4.0]}) -> tensor<5x40xf32> {
  %c = loom.constant dense<0.044715> : tensor<f32>
  %k = loom.constant dense<0.797884583> : tensor<f32>
  %half = loom.constant dense<0.5> : tensor<f32>
  %one = loom.constant dense<1.0> : tensor<f32>
  %x2 = loom.mul %x, %x : (tensor<5x40xf32>, tensor<5x40xf32>) -> tensor<5x40xf32>
  %x3 = loom.mul %x2, %x : (tensor<5x40xf32>, tensor<5x40xf32>) -> tensor<5x40xf32>
  %cx3 = loom.mul %x3, %c : (tensor<5x40xf32>, tensor<f32>) -> tensor<5x40xf32>
  %inner = loom.add %x, %cx3 : (tensor<5x40xf32>, tensor<5x40xf32>) -> tensor<5x40xf32>
  %arg = loom.mul %inner, %k : (tensor<5x40xf32>, tensor<f32>) -> tensor<5x40xf32>
  %t = loom.tanh %arg : tensor<5x40xf32>
  %onet = loom.add %t, %one : (tensor<5x40xf32>, tensor<f32>) -> tensor<5x40xf32>
  %hx = loom.mul %x, %half : (tensor<5x40xf32>, tensor<f32>) -> tensor<5x40xf32>
  %0 = loom.mul %hx, %onet : (tensor<5x40xf32>, tensor<5x40xf32>) -> tensor<5x40xf32>
  return %0 : tensor<5x40xf32>
}

// The pow form of the cube, as exporters write it.
func.func @gelu_tanh_pow_chain(%x: tensor<4x33xf32> {loom.random = [-4.0, 4.0]}) -> tensor<4x33xf32> {
  %three = loom.constant dense<3.0> : tensor<f32>
  %c = loom.constant dense<0.044715> : tensor<f32>
  %k = loom.constant dense<0.797884583> : tensor<f32>
  %half = loom.constant dense<0.5> : tensor<f32>
  %one = loom.constant dense<1.0> : tensor<f32>
  %x3 = loom.pow %x, %three : (tensor<4x33xf32>, tensor<f32>) -> tensor<4x33xf32>
  %cx3 = loom.mul %x3, %c : (tensor<4x33xf32>, tensor<f32>) -> tensor<4x33xf32>
  %inner = loom.add %x, %cx3 : (tensor<4x33xf32>, tensor<4x33xf32>) -> tensor<4x33xf32>
  %arg = loom.mul %inner, %k : (tensor<4x33xf32>, tensor<f32>) -> tensor<4x33xf32>
  %t = loom.tanh %arg : tensor<4x33xf32>
  %onet = loom.add %t, %one : (tensor<4x33xf32>, tensor<f32>) -> tensor<4x33xf32>
  %hx = loom.mul %x, %half : (tensor<4x33xf32>, tensor<f32>) -> tensor<4x33xf32>
  %0 = loom.mul %hx, %onet : (tensor<4x33xf32>, tensor<4x33xf32>) -> tensor<4x33xf32>
  return %0 : tensor<4x33xf32>
}

// SiLU: x * sigmoid(x).
func.func @silu(%x: tensor<6x50xf32> {loom.random = [-6.0, 6.0]}) -> tensor<6x50xf32> {
  %s = loom.sigmoid %x : tensor<6x50xf32>
  %0 = loom.mul %x, %s : (tensor<6x50xf32>, tensor<6x50xf32>) -> tensor<6x50xf32>
  return %0 : tensor<6x50xf32>
}
