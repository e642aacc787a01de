// The CPU's polynomial approximations of log, exp, tanh, erf (and sigmoid
// and GELU built on them) against the evaluator (libm) at the ends of the
// f32 range, relative error only (--atol=0): subnormal arguments of log
// (once clamped to log(2^-126) = -87.34), subnormal results of exp (once
// flushed to 0), overflow, saturation and tiny arguments.
// RUN: loom-differential %s --atol=0

func.func @log_subnormal(%x: tensor<3x17xf32> {loom.random = [0.0, 1.2e-38]}) -> tensor<3x17xf32> {
  %0 = loom.log %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @log_smallest_subnormals(%x: tensor<3x17xf32> {loom.random = [0.0, 1.0e-44]}) -> tensor<3x17xf32> {
  %0 = loom.log %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @log_smallest_normals(%x: tensor<3x17xf32> {loom.random = [1.1e-38, 1.3e-38]}) -> tensor<3x17xf32> {
  %0 = loom.log %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @log_huge(%x: tensor<3x17xf32> {loom.random = [1.0e30, 3.4e38]}) -> tensor<3x17xf32> {
  %0 = loom.log %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
// Results down to 1e-40, where one unit in the last place of a subnormal
// is still within rtol.
func.func @exp_subnormal_results(%x: tensor<3x17xf32> {loom.random = [-92.0, -86.0]}) -> tensor<3x17xf32> {
  %0 = loom.exp %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @exp_overflow(%x: tensor<3x17xf32> {loom.random = [85.0, 90.0]}) -> tensor<3x17xf32> {
  %0 = loom.exp %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @exp_huge(%x: tensor<3x17xf32> {loom.random = [-1.0e30, 1.0e30]}) -> tensor<3x17xf32> {
  %0 = loom.exp %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @tanh_saturated(%x: tensor<3x17xf32> {loom.random = [-30.0, 30.0]}) -> tensor<3x17xf32> {
  %0 = loom.tanh %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @tanh_tiny(%x: tensor<3x17xf32> {loom.random = [-1.0e-20, 1.0e-20]}) -> tensor<3x17xf32> {
  %0 = loom.tanh %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @tanh_huge(%x: tensor<3x17xf32> {loom.random = [-3.0e38, 3.0e38]}) -> tensor<3x17xf32> {
  %0 = loom.tanh %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @erf_saturated(%x: tensor<3x17xf32> {loom.random = [-8.0, 8.0]}) -> tensor<3x17xf32> {
  %0 = loom.erf %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @erf_tiny(%x: tensor<3x17xf32> {loom.random = [-1.0e-30, 1.0e-30]}) -> tensor<3x17xf32> {
  %0 = loom.erf %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @erf_huge(%x: tensor<3x17xf32> {loom.random = [-3.0e38, 3.0e38]}) -> tensor<3x17xf32> {
  %0 = loom.erf %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @sigmoid_saturated(%x: tensor<3x17xf32> {loom.random = [-120.0, 120.0]}) -> tensor<3x17xf32> {
  %0 = loom.sigmoid %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @sigmoid_huge(%x: tensor<3x17xf32> {loom.random = [-3.0e38, 3.0e38]}) -> tensor<3x17xf32> {
  %0 = loom.sigmoid %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
func.func @gelu_huge(%x: tensor<3x17xf32> {loom.random = [-1.0e10, 1.0e10]}) -> tensor<3x17xf32> {
  %0 = loom.gelu %x : tensor<3x17xf32>
  return %0 : tensor<3x17xf32>
}
