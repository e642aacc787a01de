// Resize kernels on the systolic target, run on the simulated chip against
// the evaluator, bit for bit: nearest resizes that are a few affine copies
// (upsamples by whole factors, downsamples by a step, of any size), nearest
// copies unrolled for every coordinate transform and rounding (f32 by word
// planes, f16 and f64 by byte and word planes, runs of lanes stepping
// forwards and broadcasting), and linear
// interpolation (f32 terms of the corners of nonzero weight, in the
// evaluator's order) up- and downsampling.
// RUN: loom-differential %s --target=systolic --target-option=host-fallback=false | FileCheck %s
// CHECK-COUNT-15: : ok ({{[0-9]+}} output{{s?}}, bit-exact to the evaluator's bf16-matmul mode

func.func @nearest_asymmetric_floor(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x6x9xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform asymmetric nearest_rounding floor scales [1.0, 1.0, 2.0, 3.0] : tensor<1x2x3x3xf32> to tensor<1x2x6x9xf32>
  return %0 : tensor<1x2x6x9xf32>
}

func.func @nearest_half_pixel(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform half_pixel scales [1.0, 1.0, 1.5, 1.5] : tensor<1x1x4x4xf32> to tensor<1x1x6x6xf32>
  return %0 : tensor<1x1x6x6xf32>
}

func.func @nearest_prefer_ceil_align_corners(%x: tensor<2x5x7xf32>) -> tensor<2x9x13xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform align_corners nearest_rounding round_prefer_ceil scales [1.0, 1.8, 1.857] : tensor<2x5x7xf32> to tensor<2x9x13xf32>
  return %0 : tensor<2x9x13xf32>
}

func.func @nearest_ceil_downsample(%x: tensor<3x8x20xf32>) -> tensor<3x3x7xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform tf_half_pixel_for_nn nearest_rounding ceil scales [1.0, 0.4, 0.35] : tensor<3x8x20xf32> to tensor<3x3x7xf32>
  return %0 : tensor<3x3x7xf32>
}

// Rows longer than the lanes: runs of up to 128 lanes.
func.func @nearest_wide(%x: tensor<4x100xf32>) -> tensor<8x300xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform asymmetric scales [2.0, 3.0] : tensor<4x100xf32> to tensor<8x300xf32>
  return %0 : tensor<8x300xf32>
}

func.func @nearest_f16(%x: tensor<3x5xf16>) -> tensor<7x11xf16> {
  %0 = loom.resize %x mode nearest coordinate_transform half_pixel scales [2.333, 2.2] : tensor<3x5xf16> to tensor<7x11xf16>
  return %0 : tensor<7x11xf16>
}

func.func @nearest_f64(%x: tensor<3x5xf64>) -> tensor<6x4xf64> {
  %0 = loom.resize %x mode nearest coordinate_transform pytorch_half_pixel scales [2.0, 0.8] : tensor<3x5xf64> to tensor<6x4xf64>
  return %0 : tensor<6x4xf64>
}

func.func @linear_half_pixel(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %0 = loom.resize %x mode linear coordinate_transform half_pixel scales [1.0, 1.0, 2.0, 2.0] : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

func.func @linear_align_corners(%x: tensor<2x3x5x4xf32>) -> tensor<2x3x9x7xf32> {
  %0 = loom.resize %x mode linear coordinate_transform align_corners scales [1.0, 1.0, 1.8, 1.75] : tensor<2x3x5x4xf32> to tensor<2x3x9x7xf32>
  return %0 : tensor<2x3x9x7xf32>
}

func.func @linear_pytorch_downsample(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x1xf32> {
  %0 = loom.resize %x mode linear coordinate_transform pytorch_half_pixel scales [1.0, 1.0, 0.75, 0.25] : tensor<1x1x4x4xf32> to tensor<1x1x3x1xf32>
  return %0 : tensor<1x1x3x1xf32>
}

// Every dimension interpolated: up to 8 corners.
func.func @linear_3d_asymmetric(%x: tensor<3x4x5xf32>) -> tensor<5x7x9xf32> {
  %0 = loom.resize %x mode linear coordinate_transform asymmetric scales [1.667, 1.75, 1.8] : tensor<3x4x5xf32> to tensor<5x7x9xf32>
  return %0 : tensor<5x7x9xf32>
}

func.func @linear_1d(%x: tensor<6xf32>) -> tensor<13xf32> {
  %0 = loom.resize %x mode linear coordinate_transform half_pixel scales [2.1667] : tensor<6xf32> to tensor<13xf32>
  return %0 : tensor<13xf32>
}

// Affine copies: an upsample by 2 x 3 larger than the unrolling allows, a
// downsample by a step of 2, an f16 upsample.
func.func @nearest_upsample_copies(%x: tensor<1x4x60x50xf32>) -> tensor<1x4x120x150xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform half_pixel scales [1.0, 1.0, 2.0, 3.0] : tensor<1x4x60x50xf32> to tensor<1x4x120x150xf32>
  return %0 : tensor<1x4x120x150xf32>
}

func.func @nearest_downsample_copies(%x: tensor<2x3x16x20xf32>) -> tensor<2x3x8x10xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform asymmetric scales [1.0, 1.0, 0.5, 0.5] : tensor<2x3x16x20xf32> to tensor<2x3x8x10xf32>
  return %0 : tensor<2x3x8x10xf32>
}

func.func @nearest_upsample_f16(%x: tensor<3x7xf16>) -> tensor<6x14xf16> {
  %0 = loom.resize %x mode nearest coordinate_transform asymmetric scales [2.0, 2.0] : tensor<3x7xf16> to tensor<6x14xf16>
  return %0 : tensor<6x14xf16>
}
