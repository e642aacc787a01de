// The unsigned element types (ui8, ui16, ui32, ui64) and i16 compiled for
// the CPU against the reference evaluator on seeded random inputs: every op
// whose result depends on the signedness (div, rem, compare, max/min, casts
// to and from floats and between widths, shifts, reductions, argmax,
// max_pool, pow), where the lowering picks the unsigned arith ops. The
// distributions write negative values too, which wrap to the top of an
// unsigned range: where a signed op would give another result.
// RUN: loom-differential %s

func.func @add_ui8_wraps(%a: tensor<37xui8>, %b: tensor<37xui8>) -> tensor<37xui8> {
  %0 = loom.add %a, %b : (tensor<37xui8>, tensor<37xui8>) -> tensor<37xui8>
  return %0 : tensor<37xui8>
}
func.func @sub_ui16_wraps(%a: tensor<4x9xui16>, %b: tensor<4x9xui16>) -> tensor<4x9xui16> {
  %0 = loom.sub %a, %b : (tensor<4x9xui16>, tensor<4x9xui16>) -> tensor<4x9xui16>
  return %0 : tensor<4x9xui16>
}
func.func @mul_i16(%a: tensor<4x9xi16>, %b: tensor<4x9xi16>) -> tensor<4x9xi16> {
  %0 = loom.mul %a, %b : (tensor<4x9xi16>, tensor<4x9xi16>) -> tensor<4x9xi16>
  return %0 : tensor<4x9xi16>
}
func.func @div_ui8(%a: tensor<4x9xui8>, %b: tensor<4x9xui8> {loom.random = [1, 255]}) -> tensor<4x9xui8> {
  %0 = loom.div %a, %b : (tensor<4x9xui8>, tensor<4x9xui8>) -> tensor<4x9xui8>
  return %0 : tensor<4x9xui8>
}
func.func @div_ui32(%a: tensor<4x9xui32>, %b: tensor<4x9xui32> {loom.random = [1, 4000000000]}) -> tensor<4x9xui32> {
  %0 = loom.div %a, %b : (tensor<4x9xui32>, tensor<4x9xui32>) -> tensor<4x9xui32>
  return %0 : tensor<4x9xui32>
}
func.func @div_i16(%a: tensor<4x9xi16>, %b: tensor<4x9xi16> {loom.random = [1, 7]}) -> tensor<4x9xi16> {
  %0 = loom.div %a, %b : (tensor<4x9xi16>, tensor<4x9xi16>) -> tensor<4x9xi16>
  return %0 : tensor<4x9xi16>
}
func.func @rem_ui64(%a: tensor<4x9xui64>, %b: tensor<4x9xui64> {loom.random = [1, 1000]}) -> tensor<4x9xui64> {
  %0 = loom.rem %a, %b : (tensor<4x9xui64>, tensor<4x9xui64>) -> tensor<4x9xui64>
  return %0 : tensor<4x9xui64>
}
func.func @rem_fmod_ui16(%a: tensor<4x9xui16>, %b: tensor<4x9xui16> {loom.random = [1, 65535]}) -> tensor<4x9xui16> {
  %0 = loom.rem %a, %b {fmod} : (tensor<4x9xui16>, tensor<4x9xui16>) -> tensor<4x9xui16>
  return %0 : tensor<4x9xui16>
}
func.func @rem_i16(%a: tensor<4x9xi16>, %b: tensor<4x9xi16> {loom.random = [-9, -1]}) -> tensor<4x9xi16> {
  %0 = loom.rem %a, %b : (tensor<4x9xi16>, tensor<4x9xi16>) -> tensor<4x9xi16>
  return %0 : tensor<4x9xi16>
}
func.func @max_ui32(%a: tensor<4x9xui32>, %b: tensor<4x9xui32>) -> tensor<4x9xui32> {
  %0 = loom.max %a, %b : (tensor<4x9xui32>, tensor<4x9xui32>) -> tensor<4x9xui32>
  return %0 : tensor<4x9xui32>
}
func.func @min_ui64(%a: tensor<4x9xui64>, %b: tensor<1x9xui64>) -> tensor<4x9xui64> {
  %0 = loom.min %a, %b : (tensor<4x9xui64>, tensor<1x9xui64>) -> tensor<4x9xui64>
  return %0 : tensor<4x9xui64>
}
func.func @compare_lt_ui8(%a: tensor<37xui8>, %b: tensor<37xui8>) -> tensor<37xi1> {
  %0 = loom.compare lt, %a, %b : (tensor<37xui8>, tensor<37xui8>) -> tensor<37xi1>
  return %0 : tensor<37xi1>
}
func.func @compare_ge_ui64(%a: tensor<37xui64>, %b: tensor<37xui64>) -> tensor<37xi1> {
  %0 = loom.compare ge, %a, %b : (tensor<37xui64>, tensor<37xui64>) -> tensor<37xi1>
  return %0 : tensor<37xi1>
}
func.func @clamp_ui8(%a: tensor<37xui8>) -> tensor<37xui8> {
  %0 = loom.clamp %a min = 10.0 max = 200.0 : tensor<37xui8>
  return %0 : tensor<37xui8>
}
func.func @cast_ui8_to_f32(%a: tensor<37xui8>) -> tensor<37xf32> {
  %0 = loom.cast %a : tensor<37xui8> to tensor<37xf32>
  return %0 : tensor<37xf32>
}
func.func @cast_ui64_to_f64(%a: tensor<37xui64>) -> tensor<37xf64> {
  %0 = loom.cast %a : tensor<37xui64> to tensor<37xf64>
  return %0 : tensor<37xf64>
}
func.func @cast_f32_to_ui8(%a: tensor<37xf32> {loom.random = [-20.0, 300.0]}) -> tensor<37xui8> {
  %0 = loom.cast %a : tensor<37xf32> to tensor<37xui8>
  return %0 : tensor<37xui8>
}
func.func @cast_f64_to_ui32(%a: tensor<37xf64> {loom.random = [-10.0, 5.0e9]}) -> tensor<37xui32> {
  %0 = loom.cast %a : tensor<37xf64> to tensor<37xui32>
  return %0 : tensor<37xui32>
}
func.func @cast_f32_to_i16(%a: tensor<37xf32> {loom.random = [-40000.0, 40000.0]}) -> tensor<37xi16> {
  %0 = loom.cast %a : tensor<37xf32> to tensor<37xi16>
  return %0 : tensor<37xi16>
}
func.func @cast_ui8_to_i32(%a: tensor<37xui8>) -> tensor<37xi32> {
  %0 = loom.cast %a : tensor<37xui8> to tensor<37xi32>
  return %0 : tensor<37xi32>
}
func.func @cast_i8_to_ui8(%a: tensor<37xi8>) -> tensor<37xui8> {
  %0 = loom.cast %a : tensor<37xi8> to tensor<37xui8>
  return %0 : tensor<37xui8>
}
func.func @cast_ui32_to_ui16(%a: tensor<37xui32>) -> tensor<37xui16> {
  %0 = loom.cast %a : tensor<37xui32> to tensor<37xui16>
  return %0 : tensor<37xui16>
}
func.func @cast_i16_to_i64(%a: tensor<37xi16>) -> tensor<37xi64> {
  %0 = loom.cast %a : tensor<37xi16> to tensor<37xi64>
  return %0 : tensor<37xi64>
}
func.func @shift_left_ui8(%a: tensor<37xui8>, %b: tensor<37xui8> {loom.random = [0, 10]}) -> tensor<37xui8> {
  %0 = loom.shift %a, %b : (tensor<37xui8>, tensor<37xui8>) -> tensor<37xui8>
  return %0 : tensor<37xui8>
}
func.func @shift_right_ui64(%a: tensor<37xui64>, %b: tensor<37xui64> {loom.random = [0, 70]}) -> tensor<37xui64> {
  %0 = loom.shift %a, %b {right} : (tensor<37xui64>, tensor<37xui64>) -> tensor<37xui64>
  return %0 : tensor<37xui64>
}
func.func @pow_ui32(%a: tensor<37xui32> {loom.random = [0, 9]}, %b: tensor<37xui32> {loom.random = [0, 12]}) -> tensor<37xui32> {
  %0 = loom.pow %a, %b : (tensor<37xui32>, tensor<37xui32>) -> tensor<37xui32>
  return %0 : tensor<37xui32>
}
func.func @reduce_max_ui16(%a: tensor<5x13xui16>) -> tensor<5xui16> {
  %0 = loom.reduce_max %a axes [1] : (tensor<5x13xui16>) -> tensor<5xui16>
  return %0 : tensor<5xui16>
}
func.func @reduce_min_ui32(%a: tensor<5x13xui32>) -> tensor<13xui32> {
  %0 = loom.reduce_min %a axes [0] : (tensor<5x13xui32>) -> tensor<13xui32>
  return %0 : tensor<13xui32>
}
func.func @reduce_sum_ui8(%a: tensor<5x13xui8>) -> tensor<5xui8> {
  %0 = loom.reduce_sum %a axes [1] : (tensor<5x13xui8>) -> tensor<5xui8>
  return %0 : tensor<5xui8>
}
func.func @argmax_ui8(%a: tensor<5x13xui8>) -> tensor<5xi64> {
  %0 = loom.argmax %a axis 1 : (tensor<5x13xui8>) -> tensor<5xi64>
  return %0 : tensor<5xi64>
}
func.func @max_pool_ui8(%a: tensor<1x2x6x6xui8>) -> tensor<1x2x3x4xui8> {
  %0 = loom.max_pool %a kernel [2, 2] strides [2, 2] dilations [1, 1] pad_low [0, 1] pad_high [0, 1] : (tensor<1x2x6x6xui8>) -> tensor<1x2x3x4xui8>
  return %0 : tensor<1x2x3x4xui8>
}
