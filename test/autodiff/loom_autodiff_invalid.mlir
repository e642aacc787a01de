// RUN: loom-opt %s -split-input-file -verify-diagnostics -loom-autodiff

// Every loom op that carries a gradient has a rule; an op of another
// dialect in the gradient's path (a call) is a one-line error.
func.func private @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{loom-autodiff: no gradient rule for 'func.call'}}
  %0 = func.call @f(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// An op without a rule that no gradient passes through is fine: the call
// reads only a constant.
func.func private @g(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = loom.constant dense<[1.0, 3.0, 2.0, 0.5]> : tensor<4xf32>
  %v = func.call @g(%c) : (tensor<4xf32>) -> tensor<4xf32>
  %0 = loom.mul %x, %v : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
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
