// In-place result reuse (issue 13): an elementwise kernel's result may be
// written over an argument that dies at the call only when that argument
// has the result's shape and element size. Each function here has a dying
// arena argument with the result's byte size but another layout (broadcast,
// another element size), which the memory planner once reused (the issue's
// function gave "10 of 64 elements differ"); inplace-report.mlir checks the
// plan, gen_inplace.py generates many more (inplace-generated.mlir).
// RUN: loom-differential %s

// The issue's function and its relatives: a column broadcast of an i64, a
// comparison whose result is cast, a cast after arithmetic (f64 -> f32,
// half the bytes from twice as few elements), and a 3-D broadcast of an f32
// into an f16 cast.
func.func @issue_compare(%x: tensor<8x5xf64>, %b: tensor<8x8xf64>) -> tensor<8x8xi1> {
  %s = loom.reduce_sum %x axes [1] : (tensor<8x5xf64>) -> tensor<8xf64>
  %r = loom.compare lt, %s, %b : (tensor<8xf64>, tensor<8x8xf64>) -> tensor<8x8xi1>
  %t = loom.transpose %r permutation [1, 0] : (tensor<8x8xi1>) -> tensor<8x8xi1>
  return %t : tensor<8x8xi1>
}
func.func @column_compare(%x: tensor<8x1x3xi64>, %b: tensor<8x8xi64>) -> tensor<8x8xi1> {
  %s = loom.reduce_max %x axes [2] : (tensor<8x1x3xi64>) -> tensor<8x1xi64>
  %r = loom.compare ge, %b, %s : (tensor<8x8xi64>, tensor<8x1xi64>) -> tensor<8x8xi1>
  %t = loom.transpose %r permutation [1, 0] : (tensor<8x8xi1>) -> tensor<8x8xi1>
  return %t : tensor<8x8xi1>
}
func.func @compare_cast(%x: tensor<4x16x3xf32>, %b: tensor<4x4x16xf32>) -> tensor<16x4x4xi8> {
  %s = loom.reduce_max %x axes [2] : (tensor<4x16x3xf32>) -> tensor<4x16xf32>
  %r = loom.compare gt, %s, %b : (tensor<4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xi1>
  %c = loom.cast %r : tensor<4x4x16xi1> to tensor<4x4x16xi8>
  %t = loom.transpose %c permutation [2, 1, 0] : (tensor<4x4x16xi8>) -> tensor<16x4x4xi8>
  return %t : tensor<16x4x4xi8>
}
func.func @add_then_narrow(%x: tensor<16x3xf64>, %b: tensor<2x16xf64>) -> tensor<16x2xf32> {
  %s = loom.reduce_sum %x axes [1] : (tensor<16x3xf64>) -> tensor<16xf64>
  %r = loom.add %s, %b : (tensor<16xf64>, tensor<2x16xf64>) -> tensor<2x16xf64>
  %c = loom.cast %r : tensor<2x16xf64> to tensor<2x16xf32>
  %t = loom.transpose %c permutation [1, 0] : (tensor<2x16xf32>) -> tensor<16x2xf32>
  return %t : tensor<16x2xf32>
}
func.func @sub_then_half(%x: tensor<3x5x2xf32>, %b: tensor<3x2x5xf32>) -> tensor<5x2x3xf16> {
  %s = loom.transpose %x permutation [0, 2, 1] : (tensor<3x5x2xf32>) -> tensor<3x2x5xf32>
  %h = loom.reduce_min %s axes [1] keepdims : (tensor<3x2x5xf32>) -> tensor<3x1x5xf32>
  %r = loom.sub %b, %h : (tensor<3x2x5xf32>, tensor<3x1x5xf32>) -> tensor<3x2x5xf32>
  %c = loom.cast %r : tensor<3x2x5xf32> to tensor<3x2x5xf16>
  %t = loom.transpose %c permutation [1, 2, 0] : (tensor<3x2x5xf16>) -> tensor<2x5x3xf16>
  %u = loom.transpose %t permutation [1, 0, 2] : (tensor<2x5x3xf16>) -> tensor<5x2x3xf16>
  return %u : tensor<5x2x3xf16>
}
