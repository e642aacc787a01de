// RUN: loom-opt %s -split-input-file -verify-diagnostics -loom-autodiff

func.func @main(%x: tensor<4xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{loom-autodiff: no gradient rule for 'loom.topk'}}
  %v, %i = loom.topk %x axis 0 k 2 : (tensor<4xf32>) -> (tensor<2xf32>, tensor<2xi64>)
  return %v : tensor<2xf32>
}

// -----

func.func @main(%x: tensor<4xf32>) -> tensor<6xf32> {
  // expected-error @+1 {{loom-autodiff: no gradient rule for 'loom.pad' in reflect mode}}
  %0 = loom.pad %x low [1] high [1] mode reflect : (tensor<4xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// An op without a rule that no gradient passes through is fine: the
// topk reads only a constant.
func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = loom.constant dense<[1.0, 3.0, 2.0]> : tensor<3xf32>
  %v, %i = loom.topk %c axis 0 k 2 : (tensor<3xf32>) -> (tensor<2xf32>, tensor<2xi64>)
  %0 = loom.mul %x, %v : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// expected-error @+1 {{loom-autodiff: @main_grad exists already}}
func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
func.func @main_grad(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}

// -----

func.func @main(%x: tensor<4xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{loom-autodiff: the result of 'loom.add' has a dynamic shape 'tensor<?xf32>' (refine shapes first)}}
  %0 = loom.add %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// expected-error @+1 {{loom-autodiff: argument 0 has a dynamic shape 'tensor<?xf32>' (fix the input shapes and refine shapes first)}}
func.func @main(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = loom.exp %x : tensor<?xf32>
  return %0 : tensor<?xf32>
}
