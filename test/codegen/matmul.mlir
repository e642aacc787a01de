// Matrix products compiled for the CPU against the reference evaluator on
// seeded random inputs: sizes below, at and above the micro-kernel's tiles
// and with remainders in every dimension, single rows and columns, batches with
// broadcasting, and integer and 16-bit element types.
// RUN: loom-differential %s

func.func @matmul_tiny(%a: tensor<1x1xf32>, %b: tensor<1x1xf32>) -> tensor<1x1xf32> {
  %0 = loom.matmul %a, %b : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}
func.func @matmul_odd(%a: tensor<7x13xf32>, %b: tensor<13x5xf32>) -> tensor<7x5xf32> {
  %0 = loom.matmul %a, %b : (tensor<7x13xf32>, tensor<13x5xf32>) -> tensor<7x5xf32>
  return %0 : tensor<7x5xf32>
}
func.func @matmul_square(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = loom.matmul %a, %b : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}
func.func @matmul_remainders(%a: tensor<67x131xf32>, %b: tensor<131x45xf32>) -> tensor<67x45xf32> {
  %0 = loom.matmul %a, %b : (tensor<67x131xf32>, tensor<131x45xf32>) -> tensor<67x45xf32>
  return %0 : tensor<67x45xf32>
}
// Long reductions: any order of the K additions is correct, and orders
// differ by up to about K * eps * sum |a * b|; inputs in [-0.5, 0.5] keep
// that below the absolute tolerance, while a wrong index still costs ~0.1.
func.func @matmul_long_k(%a: tensor<8x1024xf32> {loom.random = [-0.5, 0.5]}, %b: tensor<1024x16xf32> {loom.random = [-0.5, 0.5]}) -> tensor<8x16xf32> {
  %0 = loom.matmul %a, %b : (tensor<8x1024xf32>, tensor<1024x16xf32>) -> tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}
func.func @matmul_large(%a: tensor<256x256xf32> {loom.random = [-0.5, 0.5]}, %b: tensor<256x256xf32> {loom.random = [-0.5, 0.5]}) -> tensor<256x256xf32> {
  %0 = loom.matmul %a, %b : (tensor<256x256xf32>, tensor<256x256xf32>) -> tensor<256x256xf32>
  return %0 : tensor<256x256xf32>
}
func.func @row_times_matrix(%a: tensor<1x13xf32>, %b: tensor<13x6xf32>) -> tensor<1x6xf32> {
  %0 = loom.matmul %a, %b : (tensor<1x13xf32>, tensor<13x6xf32>) -> tensor<1x6xf32>
  return %0 : tensor<1x6xf32>
}
func.func @matrix_times_column(%a: tensor<6x13xf32>, %b: tensor<13x1xf32>) -> tensor<6x1xf32> {
  %0 = loom.matmul %a, %b : (tensor<6x13xf32>, tensor<13x1xf32>) -> tensor<6x1xf32>
  return %0 : tensor<6x1xf32>
}
func.func @matmul_batched(%a: tensor<3x9x11xf32>, %b: tensor<3x11x7xf32>) -> tensor<3x9x7xf32> {
  %0 = loom.matmul %a, %b : (tensor<3x9x11xf32>, tensor<3x11x7xf32>) -> tensor<3x9x7xf32>
  return %0 : tensor<3x9x7xf32>
}
func.func @matmul_batch_broadcast(%a: tensor<2x1x4x3xf32>, %b: tensor<5x3x6xf32>) -> tensor<2x5x4x6xf32> {
  %0 = loom.matmul %a, %b : (tensor<2x1x4x3xf32>, tensor<5x3x6xf32>) -> tensor<2x5x4x6xf32>
  return %0 : tensor<2x5x4x6xf32>
}
func.func @matmul_shared_weights(%a: tensor<4x10x16xf32>, %b: tensor<16x8xf32>) -> tensor<4x10x8xf32> {
  %0 = loom.matmul %a, %b : (tensor<4x10x16xf32>, tensor<16x8xf32>) -> tensor<4x10x8xf32>
  return %0 : tensor<4x10x8xf32>
}
func.func @matmul_i32(%a: tensor<5x7xi32>, %b: tensor<7x3xi32>) -> tensor<5x3xi32> {
  %0 = loom.matmul %a, %b : (tensor<5x7xi32>, tensor<7x3xi32>) -> tensor<5x3xi32>
  return %0 : tensor<5x3xi32>
}
func.func @matmul_i8_wraps(%a: tensor<4x9xi8> {loom.random = [-100, 100]}, %b: tensor<9x5xi8> {loom.random = [-100, 100]}) -> tensor<4x5xi8> {
  %0 = loom.matmul %a, %b : (tensor<4x9xi8>, tensor<9x5xi8>) -> tensor<4x5xi8>
  return %0 : tensor<4x5xi8>
}
func.func @matmul_f16(%a: tensor<9x16xf16>, %b: tensor<16x10xf16>) -> tensor<9x10xf16> {
  %0 = loom.matmul %a, %b : (tensor<9x16xf16>, tensor<16x10xf16>) -> tensor<9x10xf16>
  return %0 : tensor<9x10xf16>
}
func.func @matmul_bf16(%a: tensor<9x16xbf16>, %b: tensor<16x10xbf16>) -> tensor<9x10xbf16> {
  %0 = loom.matmul %a, %b : (tensor<9x16xbf16>, tensor<16x10xbf16>) -> tensor<9x10xbf16>
  return %0 : tensor<9x10xbf16>
}
