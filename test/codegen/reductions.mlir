// The reductions compiled for the CPU against the reference evaluator on
// seeded random inputs: every axis position, several axes, keepdims, odd
// sizes (vector remainders), f16/bf16 and integers.
// RUN: loom-differential %s

func.func @reduce_sum_inner(%x: tensor<5x37xf32>) -> tensor<5xf32> {
  %0 = loom.reduce_sum %x axes [1] : (tensor<5x37xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}
func.func @reduce_sum_outer(%x: tensor<37x5xf32>) -> tensor<5xf32> {
  %0 = loom.reduce_sum %x axes [0] : (tensor<37x5xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}
func.func @reduce_sum_middle_keepdims(%x: tensor<3x7x9xf32>) -> tensor<3x1x9xf32> {
  %0 = loom.reduce_sum %x axes [1] keepdims : (tensor<3x7x9xf32>) -> tensor<3x1x9xf32>
  return %0 : tensor<3x1x9xf32>
}
func.func @reduce_sum_two_axes(%x: tensor<3x7x9xf32>) -> tensor<7xf32> {
  %0 = loom.reduce_sum %x axes [0, 2] : (tensor<3x7x9xf32>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}
func.func @reduce_sum_all(%x: tensor<6x33xf32>) -> tensor<f32> {
  %0 = loom.reduce_sum %x axes [0, 1] : (tensor<6x33xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func @reduce_sum_large(%x: tensor<64x1000xf32>) -> tensor<64xf32> {
  %0 = loom.reduce_sum %x axes [1] : (tensor<64x1000xf32>) -> tensor<64xf32>
  return %0 : tensor<64xf32>
}
func.func @reduce_sum_i32(%x: tensor<4x9xi32>) -> tensor<4xi32> {
  %0 = loom.reduce_sum %x axes [1] : (tensor<4x9xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
func.func @reduce_sum_f16(%x: tensor<4x24xf16>) -> tensor<4xf16> {
  %0 = loom.reduce_sum %x axes [1] : (tensor<4x24xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}
func.func @reduce_mean(%x: tensor<3x7x9xf32>) -> (tensor<3x9xf32>, tensor<1x7x1xf32>) {
  %0 = loom.reduce_mean %x axes [1] : (tensor<3x7x9xf32>) -> tensor<3x9xf32>
  %1 = loom.reduce_mean %x axes [0, 2] keepdims : (tensor<3x7x9xf32>) -> tensor<1x7x1xf32>
  return %0, %1 : tensor<3x9xf32>, tensor<1x7x1xf32>
}
func.func @reduce_mean_bf16(%x: tensor<4x24xbf16>) -> tensor<4xbf16> {
  %0 = loom.reduce_mean %x axes [1] : (tensor<4x24xbf16>) -> tensor<4xbf16>
  return %0 : tensor<4xbf16>
}
func.func @reduce_max_min(%x: tensor<5x37xf32>) -> (tensor<5xf32>, tensor<37xf32>) {
  %0 = loom.reduce_max %x axes [1] : (tensor<5x37xf32>) -> tensor<5xf32>
  %1 = loom.reduce_min %x axes [0] : (tensor<5x37xf32>) -> tensor<37xf32>
  return %0, %1 : tensor<5xf32>, tensor<37xf32>
}
func.func @reduce_max_min_i8(%x: tensor<5x37xi8> {loom.random = [-128, 127]}) -> (tensor<5xi8>, tensor<5xi8>) {
  %0 = loom.reduce_max %x axes [1] : (tensor<5x37xi8>) -> tensor<5xi8>
  %1 = loom.reduce_min %x axes [1] : (tensor<5x37xi8>) -> tensor<5xi8>
  return %0, %1 : tensor<5xi8>, tensor<5xi8>
}
func.func @reduce_prod(%x: tensor<3x7x9xf32> {loom.random = [0.5, 1.5]}) -> tensor<3x9xf32> {
  %0 = loom.reduce_prod %x axes [1] : (tensor<3x7x9xf32>) -> tensor<3x9xf32>
  return %0 : tensor<3x9xf32>
}
func.func @reduce_prod_i64(%x: tensor<4x9xi64> {loom.random = [-3, 3]}) -> tensor<4xi64> {
  %0 = loom.reduce_prod %x axes [1] : (tensor<4x9xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}
func.func @argmax_argmin(%x: tensor<5x37xf32>) -> (tensor<5xi64>, tensor<37xi64>) {
  %0 = loom.argmax %x axis 1 : (tensor<5x37xf32>) -> tensor<5xi64>
  %1 = loom.argmin %x axis 0 : (tensor<5x37xf32>) -> tensor<37xi64>
  return %0, %1 : tensor<5xi64>, tensor<37xi64>
}
func.func @argmax_ties_i32(%x: tensor<6x10xi32> {loom.random = [0, 3]}) -> (tensor<6xi64>, tensor<6x1xi64>) {
  %0 = loom.argmax %x axis 1 : (tensor<6x10xi32>) -> tensor<6xi64>
  %1 = loom.argmax %x axis 1 keepdims select_last_index : (tensor<6x10xi32>) -> tensor<6x1xi64>
  return %0, %1 : tensor<6xi64>, tensor<6x1xi64>
}
func.func @cumsum(%x: tensor<4x9xf32>) -> (tensor<4x9xf32>, tensor<4x9xf32>) {
  %0 = loom.cumsum %x axis 1 : tensor<4x9xf32>
  %1 = loom.cumsum %x axis 0 reverse : tensor<4x9xf32>
  return %0, %1 : tensor<4x9xf32>, tensor<4x9xf32>
}
func.func @cumsum_exclusive_i32(%x: tensor<4x9xi32>) -> tensor<4x9xi32> {
  %0 = loom.cumsum %x axis 1 exclusive : tensor<4x9xi32>
  return %0 : tensor<4x9xi32>
}
