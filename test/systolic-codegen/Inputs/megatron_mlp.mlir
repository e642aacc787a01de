// Megatron's two-layer MLP (8x16 -> 32 -> 16) for --parallel=tensor.
func.func @main(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %w1 = loom.constant dense<0.5> : tensor<16x32xf32>
  %w2 = loom.constant dense<0.25> : tensor<32x16xf32>
  %h = loom.matmul %x, %w1 : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %a = loom.relu %h : tensor<8x32xf32>
  %y = loom.matmul %a, %w2 : (tensor<8x32xf32>, tensor<32x16xf32>) -> tensor<8x16xf32>
  return %y : tensor<8x16xf32>
}
