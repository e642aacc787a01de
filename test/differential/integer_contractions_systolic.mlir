// loom-expand-integer-contractions on the systolic chip: 8-bit products as
// f32 (bf16 on the MXUs) contractions over slices of the reduction short
// enough to be exact, bit for bit against the evaluator's i32 (the i32 sum
// of the slices runs on the host: the vector unit has no integer add). K = 600 of
// ui8 x ui8 needs three slices (258 terms each); the convolution's 3x3
// window of ui8 x i8 allows 57 channels a slice, so 64 channels take two.
// RUN: loom-differential %s --target=systolic --seeds=2 --distributions=all

func.func @matmul_u8u8_sliced(%a: tensor<8x600xui8>, %b: tensor<600x16xui8>) -> tensor<8x16xi32> {
  %0 = loom.matmul_integer %a, %b : (tensor<8x600xui8>, tensor<600x16xui8>) -> tensor<8x16xi32>
  return %0 : tensor<8x16xi32>
}
func.func @conv_u8s8_sliced(%x: tensor<1x64x6x6xui8>, %w: tensor<8x64x3x3xi8>) -> tensor<1x8x4x4xi32> {
  %0 = loom.conv_integer %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x64x6x6xui8>, tensor<8x64x3x3xi8>) -> tensor<1x8x4x4xi32>
  return %0 : tensor<1x8x4x4xi32>
}
// One slice and no zero points: the whole product runs on the chip.
func.func @matmul_u8s8_on_chip(%a: tensor<8x60xui8>, %b: tensor<60x16xi8>) -> tensor<8x16xi32> {
  %0 = loom.matmul_integer %a, %b : (tensor<8x60xui8>, tensor<60x16xi8>) -> tensor<8x16xi32>
  return %0 : tensor<8x16xi32>
}
