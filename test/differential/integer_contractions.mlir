// loom.matmul_integer and loom.conv_integer on the CPU (the int8 micro-kernel
// loom_ukernel_matmul_i8 for the matmuls and the ungrouped convolutions,
// loops for the grouped one) against the evaluator on random 8-bit inputs:
// every signedness pair, batched and broadcast matmuls, padding, strides
// and a batch of images.
// RUN: loom-differential %s --seeds=2 --distributions=all

func.func @conv_u8s8_padded(%x: tensor<1x32x16x16xui8>, %w: tensor<64x32x3x3xi8>) -> tensor<1x64x16x16xi32> {
  %0 = loom.conv_integer %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x32x16x16xui8>, tensor<64x32x3x3xi8>) -> tensor<1x64x16x16xi32>
  return %0 : tensor<1x64x16x16xi32>
}
func.func @conv_s8u8_strided_batch(%x: tensor<2x16x9x7xi8>, %w: tensor<24x16x3x3xui8>) -> tensor<2x24x4x3xi32> {
  %0 = loom.conv_integer %x, %w strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<2x16x9x7xi8>, tensor<24x16x3x3xui8>) -> tensor<2x24x4x3xi32>
  return %0 : tensor<2x24x4x3xi32>
}
func.func @conv_u8u8_grouped(%x: tensor<1x8x6x6xui8>, %w: tensor<8x2x3x3xui8>) -> tensor<1x8x4x4xi32> {
  %0 = loom.conv_integer %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 4 : (tensor<1x8x6x6xui8>, tensor<8x2x3x3xui8>) -> tensor<1x8x4x4xi32>
  return %0 : tensor<1x8x4x4xi32>
}
func.func @matmul_s8s8_batch(%a: tensor<3x17x70xi8>, %b: tensor<70x33xi8>) -> tensor<3x17x33xi32> {
  %0 = loom.matmul_integer %a, %b : (tensor<3x17x70xi8>, tensor<70x33xi8>) -> tensor<3x17x33xi32>
  return %0 : tensor<3x17x33xi32>
}
func.func @matmul_u8u8_batched(%a: tensor<2x5x40xui8>, %b: tensor<2x40x9xui8>) -> tensor<2x5x9xi32> {
  %0 = loom.matmul_integer %a, %b : (tensor<2x5x40xui8>, tensor<2x40x9xui8>) -> tensor<2x5x9xi32>
  return %0 : tensor<2x5x9xi32>
}
func.func @matmul_u8s8_broadcast(%a: tensor<2x1x5x40xui8>, %b: tensor<3x40x9xi8>) -> tensor<2x3x5x9xi32> {
  %0 = loom.matmul_integer %a, %b : (tensor<2x1x5x40xui8>, tensor<3x40x9xi8>) -> tensor<2x3x5x9xi32>
  return %0 : tensor<2x3x5x9xi32>
}
// A zero point above 127 as ui8 padding (the pad value reads unsigned).
func.func @conv_padded_with_zero_point(%x: tensor<1x8x6x6xui8>, %w: tensor<16x8x3x3xi8>) -> tensor<1x16x6x6xi32> {
  %p = loom.pad %x low [0, 0, 1, 1] high [0, 0, 1, 1] mode constant value 200.0 : (tensor<1x8x6x6xui8>) -> tensor<1x8x8x8xui8>
  %0 = loom.conv_integer %p, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x8x8x8xui8>, tensor<16x8x3x3xi8>) -> tensor<1x16x6x6xi32>
  return %0 : tensor<1x16x6x6xi32>
}
