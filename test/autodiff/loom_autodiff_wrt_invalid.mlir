// RUN: loom-opt %s -verify-diagnostics -loom-autodiff="wrt=1"

// expected-error @+1 {{loom-autodiff: wrt argument 1 is not a floating-point tensor argument of @main}}
func.func @main(%x: tensor<2xf32>, %i: tensor<2xi64>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
