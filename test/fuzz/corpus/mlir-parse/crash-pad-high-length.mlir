
func.func @negative_pad_length(%x: tensor<2x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{high has 1 entries but the input has rank 2}}
  // expected-error @+1 {{'loom.pad' op failed to infer returned types}}
  %0 = loom.pad %x low [1, 0] high [0] mode constant : (tensor<2x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

