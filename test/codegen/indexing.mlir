// The indexing ops compiled for the CPU against the reference evaluator on
// seeded random inputs (loom-differential): one function per op and
// attribute variant, static shapes. Index arguments get `loom.random`
// ranges inside [-size, size) of the indexed dimension, so that negative
// indices are exercised and the evaluator (which rejects indices out of
// range) has a result to compare with.
// RUN: loom-differential %s

// Gather.
func.func @gather_axis0_i64(%d: tensor<7x5xf32>, %i: tensor<4xi64> {loom.random = [-7, 6]}) -> tensor<4x5xf32> {
  %0 = loom.gather %d, %i axis 0 : (tensor<7x5xf32>, tensor<4xi64>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}
func.func @gather_axis1_rank2_indices_i32(%d: tensor<3x9x2xf32>, %i: tensor<2x3xi32> {loom.random = [-9, 8]}) -> tensor<3x2x3x2xf32> {
  %0 = loom.gather %d, %i axis 1 : (tensor<3x9x2xf32>, tensor<2x3xi32>) -> tensor<3x2x3x2xf32>
  return %0 : tensor<3x2x3x2xf32>
}
func.func @gather_scalar_index(%d: tensor<6x4xi32>, %i: tensor<i64> {loom.random = [-6, 5]}) -> tensor<4xi32> {
  %0 = loom.gather %d, %i axis 0 : (tensor<6x4xi32>, tensor<i64>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
func.func @gather_f16_last_axis(%d: tensor<2x11xf16>, %i: tensor<5xi64> {loom.random = [-11, 10]}) -> tensor<2x5xf16> {
  %0 = loom.gather %d, %i axis 1 : (tensor<2x11xf16>, tensor<5xi64>) -> tensor<2x5xf16>
  return %0 : tensor<2x5xf16>
}

// Gather elements.
func.func @gather_elements_axis1(%d: tensor<4x10xf32>, %i: tensor<4x3xi64> {loom.random = [-10, 9]}) -> tensor<4x3xf32> {
  %0 = loom.gather_elements %d, %i axis 1 : (tensor<4x10xf32>, tensor<4x3xi64>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
func.func @gather_elements_axis0_smaller(%d: tensor<5x6xi32>, %i: tensor<7x4xi32> {loom.random = [-5, 4]}) -> tensor<7x4xi32> {
  %0 = loom.gather_elements %d, %i axis 0 : (tensor<5x6xi32>, tensor<7x4xi32>) -> tensor<7x4xi32>
  return %0 : tensor<7x4xi32>
}

// Gather ND.
func.func @gather_nd_rows(%d: tensor<5x4x3xf32>, %i: tensor<7x1xi64> {loom.random = [-5, 4]}) -> tensor<7x4x3xf32> {
  %0 = loom.gather_nd %d, %i : (tensor<5x4x3xf32>, tensor<7x1xi64>) -> tensor<7x4x3xf32>
  return %0 : tensor<7x4x3xf32>
}
func.func @gather_nd_pairs(%d: tensor<4x4x3xf32>, %i: tensor<2x3x2xi64> {loom.random = [-4, 3]}) -> tensor<2x3x3xf32> {
  %0 = loom.gather_nd %d, %i : (tensor<4x4x3xf32>, tensor<2x3x2xi64>) -> tensor<2x3x3xf32>
  return %0 : tensor<2x3x3xf32>
}
func.func @gather_nd_full_tuples(%d: tensor<3x5xi8>, %i: tensor<6x2xi32> {loom.random = [-3, 2]}) -> tensor<6xi8> {
  %0 = loom.gather_nd %d, %i : (tensor<3x5xi8>, tensor<6x2xi32>) -> tensor<6xi8>
  return %0 : tensor<6xi8>
}
func.func @gather_nd_batch_dims(%d: tensor<5x4x3xf32>, %i: tensor<5x2x1xi64> {loom.random = [-4, 3]}) -> tensor<5x2x3xf32> {
  %0 = loom.gather_nd %d, %i batch_dims 1 : (tensor<5x4x3xf32>, tensor<5x2x1xi64>) -> tensor<5x2x3xf32>
  return %0 : tensor<5x2x3xf32>
}

// Scatter (elements): duplicates are likely with these ranges, so the
// row-major order of the updates matters.
func.func @scatter_none(%d: tensor<6x4xf32>, %i: tensor<5x4xi64> {loom.random = [-6, 5]}, %u: tensor<5x4xf32>) -> tensor<6x4xf32> {
  %0 = loom.scatter %d, %i, %u axis 0 : (tensor<6x4xf32>, tensor<5x4xi64>, tensor<5x4xf32>) -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}
func.func @scatter_add_axis1(%d: tensor<3x8xf32>, %i: tensor<2x12xi32> {loom.random = [-8, 7]}, %u: tensor<2x12xf32>) -> tensor<3x8xf32> {
  %0 = loom.scatter %d, %i, %u axis 1 reduction add : (tensor<3x8xf32>, tensor<2x12xi32>, tensor<2x12xf32>) -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}
func.func @scatter_add_i32_histogram(%d: tensor<16xi32>, %i: tensor<100xi64> {loom.random = [-16, 15]}, %u: tensor<100xi32>) -> tensor<16xi32> {
  %0 = loom.scatter %d, %i, %u axis 0 reduction add : (tensor<16xi32>, tensor<100xi64>, tensor<100xi32>) -> tensor<16xi32>
  return %0 : tensor<16xi32>
}
func.func @scatter_mul(%d: tensor<4x3xf32>, %i: tensor<4x3xi64> {loom.random = [0, 3]}, %u: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = loom.scatter %d, %i, %u axis 0 reduction mul : (tensor<4x3xf32>, tensor<4x3xi64>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
func.func @scatter_max(%d: tensor<5x3xf32>, %i: tensor<6x3xi64> {loom.random = [-5, 4]}, %u: tensor<6x3xf32>) -> tensor<5x3xf32> {
  %0 = loom.scatter %d, %i, %u axis 0 reduction max : (tensor<5x3xf32>, tensor<6x3xi64>, tensor<6x3xf32>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}
func.func @scatter_min_i8(%d: tensor<5x3xi8>, %i: tensor<6x3xi64> {loom.random = [-5, 4]}, %u: tensor<6x3xi8>) -> tensor<5x3xi8> {
  %0 = loom.scatter %d, %i, %u axis 0 reduction min : (tensor<5x3xi8>, tensor<6x3xi64>, tensor<6x3xi8>) -> tensor<5x3xi8>
  return %0 : tensor<5x3xi8>
}
func.func @scatter_add_f16_rounds_once(%d: tensor<4x3xf16>, %i: tensor<20x3xi64> {loom.random = [0, 3]}, %u: tensor<20x3xf16>) -> tensor<4x3xf16> {
  %0 = loom.scatter %d, %i, %u axis 0 reduction add : (tensor<4x3xf16>, tensor<20x3xi64>, tensor<20x3xf16>) -> tensor<4x3xf16>
  return %0 : tensor<4x3xf16>
}
func.func @scatter_none_i1(%d: tensor<4x2xi1>, %i: tensor<3x2xi64> {loom.random = [-4, 3]}, %u: tensor<3x2xi1>) -> tensor<4x2xi1> {
  %0 = loom.scatter %d, %i, %u axis 0 : (tensor<4x2xi1>, tensor<3x2xi64>, tensor<3x2xi1>) -> tensor<4x2xi1>
  return %0 : tensor<4x2xi1>
}

// Scatter ND.
func.func @scatter_nd_rows_none(%d: tensor<8x4xf32>, %i: tensor<3x1xi64> {loom.random = [-8, 7]}, %u: tensor<3x4xf32>) -> tensor<8x4xf32> {
  %0 = loom.scatter_nd %d, %i, %u : (tensor<8x4xf32>, tensor<3x1xi64>, tensor<3x4xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
func.func @scatter_nd_rows_add(%d: tensor<8x4xf32>, %i: tensor<6x1xi64> {loom.random = [-8, 7]}, %u: tensor<6x4xf32>) -> tensor<8x4xf32> {
  %0 = loom.scatter_nd %d, %i, %u reduction add : (tensor<8x4xf32>, tensor<6x1xi64>, tensor<6x4xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
func.func @scatter_nd_elements_max(%d: tensor<4x5xf32>, %i: tensor<2x3x2xi32> {loom.random = [-4, 3]}, %u: tensor<2x3xf32>) -> tensor<4x5xf32> {
  %0 = loom.scatter_nd %d, %i, %u reduction max : (tensor<4x5xf32>, tensor<2x3x2xi32>, tensor<2x3xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}
func.func @scatter_nd_mul_i32(%d: tensor<3x4x2xi32>, %i: tensor<4x2xi64> {loom.random = [-3, 2]}, %u: tensor<4x2xi32>) -> tensor<3x4x2xi32> {
  %0 = loom.scatter_nd %d, %i, %u reduction mul : (tensor<3x4x2xi32>, tensor<4x2xi64>, tensor<4x2xi32>) -> tensor<3x4x2xi32>
  return %0 : tensor<3x4x2xi32>
}
func.func @scatter_nd_min_bf16(%d: tensor<6x2xbf16>, %i: tensor<4x1xi64> {loom.random = [-6, 5]}, %u: tensor<4x2xbf16>) -> tensor<6x2xbf16> {
  %0 = loom.scatter_nd %d, %i, %u reduction min : (tensor<6x2xbf16>, tensor<4x1xi64>, tensor<4x2xbf16>) -> tensor<6x2xbf16>
  return %0 : tensor<6x2xbf16>
}

// Resize: every coordinate transform, every nearest rounding, linear
// over one and several dimensions, downsampling, f16.
func.func @resize_nearest_asymmetric_floor(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x6x9xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform asymmetric nearest_rounding floor scales [1.0, 1.0, 2.0, 3.0] : tensor<1x2x3x3xf32> to tensor<1x2x6x9xf32>
  return %0 : tensor<1x2x6x9xf32>
}
func.func @resize_nearest_half_pixel_prefer_floor(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform half_pixel scales [1.0, 1.0, 1.5, 1.5] : tensor<1x1x4x4xf32> to tensor<1x1x6x6xf32>
  return %0 : tensor<1x1x6x6xf32>
}
func.func @resize_nearest_prefer_ceil(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x8x8xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform half_pixel nearest_rounding round_prefer_ceil scales [1.0, 1.0, 2.0, 2.0] : tensor<1x1x4x4xf32> to tensor<1x1x8x8xf32>
  return %0 : tensor<1x1x8x8xf32>
}
func.func @resize_nearest_ceil_downsample(%x: tensor<2x9xf32>) -> tensor<2x4xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform asymmetric nearest_rounding ceil scales [1.0, 0.5] : tensor<2x9xf32> to tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
func.func @resize_nearest_tf_half_pixel(%x: tensor<3x5xf32>) -> tensor<7x3xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform tf_half_pixel_for_nn scales [2.4, 0.6] : tensor<3x5xf32> to tensor<7x3xf32>
  return %0 : tensor<7x3xf32>
}
func.func @resize_nearest_align_corners(%x: tensor<4x3xf32>) -> tensor<7x5xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform align_corners scales [1.75, 1.6666666666666667] : tensor<4x3xf32> to tensor<7x5xf32>
  return %0 : tensor<7x5xf32>
}
func.func @resize_linear_half_pixel(%x: tensor<1x1x3x4xf32>) -> tensor<1x1x6x8xf32> {
  %0 = loom.resize %x mode linear coordinate_transform half_pixel scales [1.0, 1.0, 2.0, 2.0] : tensor<1x1x3x4xf32> to tensor<1x1x6x8xf32>
  return %0 : tensor<1x1x6x8xf32>
}
func.func @resize_linear_pytorch_half_pixel_one_output(%x: tensor<5x4xf32>) -> tensor<1x6xf32> {
  %0 = loom.resize %x mode linear coordinate_transform pytorch_half_pixel scales [0.2, 1.5] : tensor<5x4xf32> to tensor<1x6xf32>
  return %0 : tensor<1x6xf32>
}
func.func @resize_linear_align_corners(%x: tensor<3x3xf32>) -> tensor<5x7xf32> {
  %0 = loom.resize %x mode linear coordinate_transform align_corners scales [1.6666666666666667, 2.3333333333333335] : tensor<3x3xf32> to tensor<5x7xf32>
  return %0 : tensor<5x7xf32>
}
func.func @resize_linear_asymmetric_downsample(%x: tensor<2x8x6xf32>) -> tensor<2x3x4xf32> {
  %0 = loom.resize %x mode linear coordinate_transform asymmetric scales [1.0, 0.375, 0.6666666666666666] : tensor<2x8x6xf32> to tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
func.func @resize_linear_three_dims(%x: tensor<2x3x2xf32>) -> tensor<3x5x4xf32> {
  %0 = loom.resize %x mode linear coordinate_transform half_pixel scales [1.5, 1.6666666666666667, 2.0] : tensor<2x3x2xf32> to tensor<3x5x4xf32>
  return %0 : tensor<3x5x4xf32>
}
func.func @resize_linear_f16(%x: tensor<1x1x3x3xf16>) -> tensor<1x1x5x6xf16> {
  %0 = loom.resize %x mode linear coordinate_transform half_pixel scales [1.0, 1.0, 1.6666666666666667, 2.0] : tensor<1x1x3x3xf16> to tensor<1x1x5x6xf16>
  return %0 : tensor<1x1x5x6xf16>
}
func.func @resize_nearest_f64(%x: tensor<2x3xf64>) -> tensor<4x6xf64> {
  %0 = loom.resize %x mode nearest coordinate_transform asymmetric scales [2.0, 2.0] : tensor<2x3xf64> to tensor<4x6xf64>
  return %0 : tensor<4x6xf64>
}
