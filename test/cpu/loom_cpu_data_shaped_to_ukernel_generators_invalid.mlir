// RUN: loom-opt %s -loom-cpu-data-shaped-to-ukernel -verify-diagnostics

// The generators' micro-kernels write f32, f64 and integers, not f16.
func.func private @negative_window_f16(%n: tensor<i64>) -> (tensor<8xf16>, tensor<1xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  // expected-error @+1 {{'loom.window' op has no CPU micro-kernel for 'f16' elements (f32, f64 and integers only)}}
  %values, %dims = loom.window %n hann {bound = 8 : i64, element_type = f16, periodic = true} : (tensor<i64>) -> (tensor<8xf16>, tensor<1xi64>)
  return %values, %dims : tensor<8xf16>, tensor<1xi64>
}
