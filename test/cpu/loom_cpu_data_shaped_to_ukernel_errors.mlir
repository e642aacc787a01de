// RUN: loom-opt %s -loom-cpu-data-shaped-to-ukernel -verify-diagnostics

// Nothing else may share the kernel.
func.func private @negative_shared(%x: tensor<4xf32>) -> (tensor<4xi64>, tensor<2xi64>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  // expected-error @+1 {{'loom.exp' op shares a kernel with loom.nonzero, whose result size depends on data; such an op must be alone in its kernel}}
  %e = loom.exp %x : tensor<4xf32>
  %values, %dims = loom.nonzero %e : (tensor<4xf32>) -> (tensor<4xi64>, tensor<2xi64>)
  return %values, %dims : tensor<4xi64>, tensor<2xi64>
}
