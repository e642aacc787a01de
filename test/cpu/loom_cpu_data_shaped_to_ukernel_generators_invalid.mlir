// RUN: loom-opt %s -split-input-file -loom-cpu-data-shaped-to-ukernel -verify-diagnostics

// The generators' micro-kernels write f32, f64 and integers, not f16.
func.func private @negative_window_f16(%n: tensor<i64>) -> (tensor<8xf16>, tensor<1xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  // expected-error @+1 {{'loom.window' op has no CPU micro-kernel for 'f16' elements (f32, f64 and integers only)}}
  %values, %dims = loom.window %n hann {bound = 8 : i64, element_type = f16, periodic = true} : (tensor<i64>) -> (tensor<8xf16>, tensor<1xi64>)
  return %values, %dims : tensor<8xf16>, tensor<1xi64>
}

// -----

// Resize's micro-kernel interpolates f32 and f64, not f16.
func.func private @negative_resize_f16(%x: tensor<2x2xf16>, %s: tensor<2xf64>) -> (tensor<16xf16>, tensor<2xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  // expected-error @+1 {{'loom.runtime_resize' op has no CPU micro-kernel for 'f16' elements (f32 and f64 only)}}
  %values, %dims = loom.runtime_resize %x, %s mode nearest coordinate_transform asymmetric {bound = 4 : i64} : (tensor<2x2xf16>, tensor<2xf64>) -> (tensor<16xf16>, tensor<2xi64>)
  return %values, %dims : tensor<16xf16>, tensor<2xi64>
}
