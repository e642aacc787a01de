// loom.runtime_resize and loom.runtime_one_hot on the CPU (the micro-kernels
// of backends/cpu/ukernels/data_shaped_resize.c and
// data_shaped_generators.c) against the evaluator on random inputs. The
// scales, sizes, roi and depth are constants of each function, passed to
// the kernel as operands (a data-shaped op folds nothing); the flat
// results, padding included, and the dims are compared.
// RUN: loom-differential %s

// Upsampling every mode of interpolation with half_pixel.
func.func @cubic_up(%x: tensor<2x3x5x4xf32>) -> (tensor<6561xf32>, tensor<4xi64>) {
  %s = loom.constant dense<[1.0, 1.0, 1.6, 2.25]> : tensor<4xf64>
  %v, %d = loom.runtime_resize %x, %s mode cubic coordinate_transform half_pixel {bound = 9 : i64} : (tensor<2x3x5x4xf32>, tensor<4xf64>) -> (tensor<6561xf32>, tensor<4xi64>)
  return %v, %d : tensor<6561xf32>, tensor<4xi64>
}

func.func @linear_up(%x: tensor<3x5x4xf32>) -> (tensor<729xf32>, tensor<3xi64>) {
  %s = loom.constant dense<[1.0, 1.6, 2.25]> : tensor<3xf64>
  %v, %d = loom.runtime_resize %x, %s mode linear coordinate_transform half_pixel {bound = 9 : i64} : (tensor<3x5x4xf32>, tensor<3xf64>) -> (tensor<729xf32>, tensor<3xi64>)
  return %v, %d : tensor<729xf32>, tensor<3xi64>
}

func.func @nearest_up(%x: tensor<5x4xf64>) -> (tensor<64xf64>, tensor<2xi64>) {
  %s = loom.constant dense<[1.6, 1.75]> : tensor<2xf64>
  %v, %d = loom.runtime_resize %x, %s mode nearest coordinate_transform half_pixel nearest_rounding round_prefer_ceil {bound = 8 : i64} : (tensor<5x4xf64>, tensor<2xf64>) -> (tensor<64xf64>, tensor<2xi64>)
  return %v, %d : tensor<64xf64>, tensor<2xi64>
}

// Downsampling to sizes, with the other transforms.
func.func @cubic_down_exclude(%x: tensor<7x9xf32>) -> (tensor<72xf32>, tensor<2xi64>) {
  %s = loom.constant dense<[3, 4]> : tensor<2xi64>
  %v, %d = loom.runtime_resize %x, %s mode cubic coordinate_transform align_corners {bound = 8 : i64, cubic_coeff_a = -0.5 : f64, exclude_outside = true} : (tensor<7x9xf32>, tensor<2xi64>) -> (tensor<72xf32>, tensor<2xi64>)
  return %v, %d : tensor<72xf32>, tensor<2xi64>
}

func.func @linear_down_pytorch(%x: tensor<7x9xf32>) -> (tensor<72xf32>, tensor<2xi64>) {
  %s = loom.constant dense<[1, 5]> : tensor<2xi64>
  %v, %d = loom.runtime_resize %x, %s mode linear coordinate_transform pytorch_half_pixel {bound = 8 : i64} : (tensor<7x9xf32>, tensor<2xi64>) -> (tensor<72xf32>, tensor<2xi64>)
  return %v, %d : tensor<72xf32>, tensor<2xi64>
}

func.func @nearest_asymmetric_floor(%x: tensor<7x9xf32>) -> (tensor<72xf32>, tensor<2xi64>) {
  %s = loom.constant dense<[0.6, 0.3]> : tensor<2xf64>
  %v, %d = loom.runtime_resize %x, %s mode nearest coordinate_transform asymmetric nearest_rounding floor {bound = 8 : i64} : (tensor<7x9xf32>, tensor<2xf64>) -> (tensor<72xf32>, tensor<2xi64>)
  return %v, %d : tensor<72xf32>, tensor<2xi64>
}

func.func @nearest_tf_half_pixel_ceil(%x: tensor<7x9xf32>) -> (tensor<72xf32>, tensor<2xi64>) {
  %s = loom.constant dense<[4, 6]> : tensor<2xi64>
  %v, %d = loom.runtime_resize %x, %s mode nearest coordinate_transform tf_half_pixel_for_nn nearest_rounding ceil {bound = 8 : i64} : (tensor<7x9xf32>, tensor<2xi64>) -> (tensor<72xf32>, tensor<2xi64>)
  return %v, %d : tensor<72xf32>, tensor<2xi64>
}

// Crop and resize: part of the roi outside the input gives the
// extrapolation value; cubic too.
func.func @crop_linear(%x: tensor<4x6xf32>) -> (tensor<64xf32>, tensor<2xi64>) {
  %s = loom.constant dense<[5, 7]> : tensor<2xi64>
  %roi = loom.constant dense<[-0.2, 0.1, 0.9, 1.3]> : tensor<4xf64>
  %v, %d = loom.runtime_resize %x, %s, %roi mode linear coordinate_transform tf_crop_and_resize {bound = 8 : i64, extrapolation_value = 10.0 : f64} : (tensor<4x6xf32>, tensor<2xi64>, tensor<4xf64>) -> (tensor<64xf32>, tensor<2xi64>)
  return %v, %d : tensor<64xf32>, tensor<2xi64>
}

func.func @crop_cubic_one(%x: tensor<4x6xf32>) -> (tensor<64xf32>, tensor<2xi64>) {
  %s = loom.constant dense<[1, 7]> : tensor<2xi64>
  %roi = loom.constant dense<[0.25, 0.0, 0.75, 1.0]> : tensor<4xf64>
  %v, %d = loom.runtime_resize %x, %s, %roi mode cubic coordinate_transform tf_crop_and_resize {bound = 8 : i64} : (tensor<4x6xf32>, tensor<2xi64>, tensor<4xf64>) -> (tensor<64xf32>, tensor<2xi64>)
  return %v, %d : tensor<64xf32>, tensor<2xi64>
}

// OneHot at the middle axis, indices in and out of range.
func.func @one_hot(%on_off: tensor<2xf32>) -> (tensor<48xf32>, tensor<3xi64>) {
  %i = loom.constant dense<[[0, 5, -1], [2, 4, 1]]> : tensor<2x3xi64>
  %depth = loom.constant dense<5> : tensor<1xi64>
  %v, %d = loom.runtime_one_hot %i, %depth, %on_off {axis = 1 : i64, bound = 8 : i64} : (tensor<2x3xi64>, tensor<1xi64>, tensor<2xf32>) -> (tensor<48xf32>, tensor<3xi64>)
  return %v, %d : tensor<48xf32>, tensor<3xi64>
}
