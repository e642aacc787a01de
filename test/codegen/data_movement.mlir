// The data-movement ops compiled for the CPU against the reference
// evaluator on seeded random inputs (loom-differential): one function per
// op and attribute variant, static shapes, odd sizes for vector remainders.
// RUN: loom-differential %s

// Broadcasts.
func.func @broadcast_to_leading_and_unit(%x: tensor<3x1xf32>) -> tensor<2x3x17xf32> {
  %0 = loom.broadcast_to %x : tensor<3x1xf32> to tensor<2x3x17xf32>
  return %0 : tensor<2x3x17xf32>
}
func.func @broadcast_to_i8(%x: tensor<5xi8>) -> tensor<3x5xi8> {
  %0 = loom.broadcast_to %x : tensor<5xi8> to tensor<3x5xi8>
  return %0 : tensor<3x5xi8>
}
func.func @expand_new_middle_dim(%x: tensor<3x1xf32>) -> tensor<3x4x9xf32> {
  %0 = loom.expand %x dims [0, 2] : tensor<3x1xf32> to tensor<3x4x9xf32>
  return %0 : tensor<3x4x9xf32>
}
func.func @expand_bf16(%x: tensor<7xbf16>) -> tensor<2x7x3xbf16> {
  %0 = loom.expand %x dims [1] : tensor<7xbf16> to tensor<2x7x3xbf16>
  return %0 : tensor<2x7x3xbf16>
}

// Concat.
func.func @concat_axis0(%a: tensor<2x5xf32>, %b: tensor<3x5xf32>) -> tensor<5x5xf32> {
  %0 = loom.concat %a, %b axis 0 : (tensor<2x5xf32>, tensor<3x5xf32>) -> tensor<5x5xf32>
  return %0 : tensor<5x5xf32>
}
func.func @concat_inner_axis_with_empty(%a: tensor<2x3x4xi32>, %e: tensor<2x0x4xi32>, %b: tensor<2x1x4xi32>) -> tensor<2x4x4xi32> {
  %0 = loom.concat %a, %e, %b axis 1 : (tensor<2x3x4xi32>, tensor<2x0x4xi32>, tensor<2x1x4xi32>) -> tensor<2x4x4xi32>
  return %0 : tensor<2x4x4xi32>
}
func.func @concat_i1(%a: tensor<3xi1>, %b: tensor<2xi1>) -> tensor<5xi1> {
  %0 = loom.concat %a, %b axis 0 : (tensor<3xi1>, tensor<2xi1>) -> tensor<5xi1>
  return %0 : tensor<5xi1>
}

// Slice.
func.func @slice_unit_steps(%x: tensor<6x9xf32>) -> tensor<3x4xf32> {
  %0 = loom.slice %x offsets [2, 5] steps [1, 1] : tensor<6x9xf32> to tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
func.func @slice_positive_steps(%x: tensor<6x9xf32>) -> tensor<2x3xf32> {
  %0 = loom.slice %x offsets [1, 0] steps [3, 4] : tensor<6x9xf32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
func.func @slice_negative_steps(%x: tensor<6x9xf16>) -> tensor<3x5xf16> {
  %0 = loom.slice %x offsets [5, 8] steps [-2, -2] : tensor<6x9xf16> to tensor<3x5xf16>
  return %0 : tensor<3x5xf16>
}
func.func @slice_reverse_one_dim(%x: tensor<4x7xi64>) -> tensor<4x7xi64> {
  %0 = loom.slice %x offsets [0, 6] steps [1, -1] : tensor<4x7xi64> to tensor<4x7xi64>
  return %0 : tensor<4x7xi64>
}

// Pad.
func.func @pad_constant_zero(%x: tensor<3x5xf32>) -> tensor<5x8xf32> {
  %0 = loom.pad %x low [1, 2] high [1, 1] mode constant : (tensor<3x5xf32>) -> tensor<5x8xf32>
  return %0 : tensor<5x8xf32>
}
func.func @pad_constant_value_and_crop(%x: tensor<3x5xf32>) -> tensor<6x3xf32> {
  %0 = loom.pad %x low [2, -1] high [1, -1] mode constant value -2.5 : (tensor<3x5xf32>) -> tensor<6x3xf32>
  return %0 : tensor<6x3xf32>
}
func.func @pad_constant_crop_to_nothing(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %0 = loom.pad %x low [0, -3] high [0, 3] mode constant value 1.0 : (tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
func.func @pad_constant_i32(%x: tensor<4xi32>) -> tensor<7xi32> {
  %0 = loom.pad %x low [1] high [2] mode constant value 7.0 : (tensor<4xi32>) -> tensor<7xi32>
  return %0 : tensor<7xi32>
}
func.func @pad_constant_f16_value(%x: tensor<2x3xf16>) -> tensor<4x3xf16> {
  %0 = loom.pad %x low [1, 0] high [1, 0] mode constant value 0.1 : (tensor<2x3xf16>) -> tensor<4x3xf16>
  return %0 : tensor<4x3xf16>
}
func.func @pad_reflect(%x: tensor<3x5xf32>) -> tensor<7x9xf32> {
  %0 = loom.pad %x low [2, 4] high [2, 0] mode reflect : (tensor<3x5xf32>) -> tensor<7x9xf32>
  return %0 : tensor<7x9xf32>
}
func.func @pad_reflect_with_crop(%x: tensor<4x5xf32>) -> tensor<5x5xf32> {
  %0 = loom.pad %x low [-1, 2] high [2, -2] mode reflect : (tensor<4x5xf32>) -> tensor<5x5xf32>
  return %0 : tensor<5x5xf32>
}
func.func @pad_edge(%x: tensor<3x4xf32>) -> tensor<8x6xf32> {
  %0 = loom.pad %x low [3, 1] high [2, 1] mode edge : (tensor<3x4xf32>) -> tensor<8x6xf32>
  return %0 : tensor<8x6xf32>
}
func.func @pad_edge_i8(%x: tensor<1x3xi8>) -> tensor<4x5xi8> {
  %0 = loom.pad %x low [1, 2] high [2, 0] mode edge : (tensor<1x3xi8>) -> tensor<4x5xi8>
  return %0 : tensor<4x5xi8>
}

// Iota. loom-fold-constants folds a result of up to 2^22 elements into a
// constant (the evaluator computes it), so each result here is larger: a
// smaller one would compare the evaluator with itself, which loom-differential
// refuses. The argument is unused, so one input distribution is enough.
func.func @iota_i64(%unused: tensor<1xf32>) -> tensor<3x1398102xi64>
    attributes {loom.skip_distributions = ["positive", "negative", "wide", "special", "near-constant"]} {
  %0 = loom.iota dim 1 : tensor<3x1398102xi64>
  return %0 : tensor<3x1398102xi64>
}
func.func @iota_i8_wraps(%unused: tensor<1xf32>) -> tensor<2x2097153xi8>
    attributes {loom.skip_distributions = ["positive", "negative", "wide", "special", "near-constant"]} {
  %0 = loom.iota dim 1 : tensor<2x2097153xi8>
  return %0 : tensor<2x2097153xi8>
}
func.func @iota_f32(%unused: tensor<1xf32>) -> tensor<2049x2049xf32>
    attributes {loom.skip_distributions = ["positive", "negative", "wide", "special", "near-constant"]} {
  %0 = loom.iota dim 0 : tensor<2049x2049xf32>
  return %0 : tensor<2049x2049xf32>
}
func.func @iota_f16_rounds(%unused: tensor<1xf32>) -> tensor<1025x4097xf16>
    attributes {loom.skip_distributions = ["positive", "negative", "wide", "special", "near-constant"]} {
  %0 = loom.iota dim 1 : tensor<1025x4097xf16>
  return %0 : tensor<1025x4097xf16>
}

// Trilu.
func.func @trilu_lower(%x: tensor<5x7xf32>) -> tensor<5x7xf32> {
  %0 = loom.trilu %x : tensor<5x7xf32>
  return %0 : tensor<5x7xf32>
}
func.func @trilu_upper_batched(%x: tensor<2x4x3xf32>) -> tensor<2x4x3xf32> {
  %0 = loom.trilu %x upper : tensor<2x4x3xf32>
  return %0 : tensor<2x4x3xf32>
}
func.func @trilu_upper_diagonal_above(%x: tensor<4x6xi32>) -> tensor<4x6xi32> {
  %0 = loom.trilu %x upper diagonal 2 : tensor<4x6xi32>
  return %0 : tensor<4x6xi32>
}
func.func @trilu_lower_diagonal_below(%x: tensor<6x4xf32>) -> tensor<6x4xf32> {
  %0 = loom.trilu %x diagonal -2 : tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}
func.func @trilu_diagonal_beyond(%x: tensor<3x3xi1>) -> tensor<3x3xi1> {
  %0 = loom.trilu %x upper diagonal 5 : tensor<3x3xi1>
  return %0 : tensor<3x3xi1>
}
