// Softmax on the systolic target's vector unit, bit for bit the reference
// evaluator's f32 formula (the maximum, exp of the shifted values summed in
// order from zero, one division each), as the op and as primitives.
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s
// CHECK-COUNT-3: : ok ({{[0-9]+}} output{{s?}}, bit-exact to the evaluator's bf16-matmul mode, relative L2 error

func.func @softmax_last_axis(%x: tensor<6x37xf32> {loom.random = [-8.0, 8.0]}) -> tensor<6x37xf32> {
  %0 = loom.softmax %x axis 1 : tensor<6x37xf32>
  return %0 : tensor<6x37xf32>
}

// Rows longer than the vector lanes, as in attention over 300 keys.
func.func @softmax_long_rows(%x: tensor<2x4x300xf32> {loom.random = [-8.0, 8.0]}) -> tensor<2x4x300xf32> {
  %0 = loom.softmax %x axis 2 : tensor<2x4x300xf32>
  return %0 : tensor<2x4x300xf32>
}

func.func @softmax_primitives(%x: tensor<6x37xf32> {loom.random = [-8.0, 8.0]}) -> tensor<6x37xf32> {
  %max = loom.reduce_max %x axes [1] keepdims : (tensor<6x37xf32>) -> tensor<6x1xf32>
  %shifted = loom.sub %x, %max : (tensor<6x37xf32>, tensor<6x1xf32>) -> tensor<6x37xf32>
  %exp = loom.exp %shifted : tensor<6x37xf32>
  %sum = loom.reduce_sum %exp axes [1] keepdims : (tensor<6x37xf32>) -> tensor<6x1xf32>
  %0 = loom.div %exp, %sum : (tensor<6x37xf32>, tensor<6x1xf32>) -> tensor<6x37xf32>
  return %0 : tensor<6x37xf32>
}
