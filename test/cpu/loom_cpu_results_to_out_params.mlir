// RUN: loom-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(loom-cpu-results-to-out-params))' \
// RUN:   | FileCheck %s

// CHECK-LABEL: func.func @two_results
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32> {bufferization.writable = false},
// CHECK-SAME: %[[OUT0:.*]]: memref<4xf32>, %[[OUT1:.*]]: memref<2x2xf32>)
// CHECK-NOT: ->
// CHECK: %[[R:.*]] = tensor.expand_shape
// CHECK: bufferization.materialize_in_destination %[[A]] in restrict writable %[[OUT0]]
// CHECK: bufferization.materialize_in_destination %[[R]] in restrict writable %[[OUT1]]
// CHECK: return{{$}}
func.func @two_results(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<2x2xf32>)
    attributes {loom.kernel} {
  %r = tensor.expand_shape %a [[0, 1]] output_shape [2, 2] : tensor<4xf32> into tensor<2x2xf32>
  return %a, %r : tensor<4xf32>, tensor<2x2xf32>
}

// -----

// An elementwise kernel of two linalg ops may get an output in the buffer of
// an input: its results are copied from temporaries (no `restrict`).
// CHECK-LABEL: func.func @elementwise_of_two_ops
// CHECK: bufferization.materialize_in_destination %{{.*}} in writable %{{.*}} : (tensor<4xf32>, memref<4xf32>) -> ()
// CHECK: bufferization.materialize_in_destination %{{.*}} in writable %{{.*}} : (tensor<4xf32>, memref<4xf32>) -> ()
func.func @elementwise_of_two_ops(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
    attributes {loom.kernel, loom.kernel_kind = "elementwise"} {
  %e = tensor.empty() : tensor<4xf32>
  %0 = linalg.copy ins(%a : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %1 = linalg.copy ins(%a : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @negative_not_a_kernel
// CHECK-SAME: -> tensor<4xf32>
func.func @negative_not_a_kernel(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
