// RUN: loom-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(loom-cpu-results-to-out-params))' \
// RUN:   | FileCheck %s

// A result returned through a reshape is materialized, unreshaped, into the
// output's view of its shape, made at the entry (empty-tensor elimination
// must find it dominating the result's tensor.empty).
// CHECK-LABEL: func.func @two_results
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32> {bufferization.writable = false},
// CHECK-SAME: %[[OUT0:.*]]: memref<4xf32>, %[[OUT1:.*]]: memref<2x2xf32>)
// CHECK-NOT: ->
// CHECK-NEXT: %[[VIEW:.*]] = memref.collapse_shape %[[OUT1]] {{\[\[}}0, 1]] : memref<2x2xf32> into memref<4xf32>
// CHECK: bufferization.materialize_in_destination %[[A]] in restrict writable %[[OUT0]]
// CHECK: bufferization.materialize_in_destination %[[A]] in restrict writable %[[VIEW]]
// CHECK: return{{$}}
func.func @two_results(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<2x2xf32>)
    attributes {loom.kernel = #loom.kernel<generic>} {
  %r = tensor.expand_shape %a [[0, 1]] output_shape [2, 2] : tensor<4xf32> into tensor<2x2xf32>
  return %a, %r : tensor<4xf32>, tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @result_through_collapse
// CHECK-SAME: %[[OUT:[^:]*]]: memref<4xf32>)
// CHECK-NEXT: %[[VIEW:.*]] = memref.expand_shape %[[OUT]] {{\[\[}}0, 1]] output_shape [2, 2] : memref<4xf32> into memref<2x2xf32>
// CHECK: %[[N:.*]] = linalg.generic
// CHECK: bufferization.materialize_in_destination %[[N]] in restrict writable %[[VIEW]] : (tensor<2x2xf32>, memref<2x2xf32>) -> ()
func.func @result_through_collapse(%a: tensor<2x2xf32>) -> tensor<4xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %e = tensor.empty() : tensor<2x2xf32>
  %n = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%x: f32, %o: f32):
    %m = arith.negf %x : f32
    linalg.yield %m : f32
  } -> tensor<2x2xf32>
  %r = tensor.collapse_shape %n [[0, 1]] : tensor<2x2xf32> into tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// An elementwise kernel of two linalg ops may get an output in the buffer of
// an input: its results are copied from temporaries (no `restrict`).
// CHECK-LABEL: func.func @elementwise_of_two_ops
// CHECK: bufferization.materialize_in_destination %{{.*}} in writable %{{.*}} : (tensor<4xf32>, memref<4xf32>) -> ()
// CHECK: bufferization.materialize_in_destination %{{.*}} in writable %{{.*}} : (tensor<4xf32>, memref<4xf32>) -> ()
func.func @elementwise_of_two_ops(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
    attributes {loom.kernel = #loom.kernel<elementwise>} {
  %e = tensor.empty() : tensor<4xf32>
  %0 = linalg.copy ins(%a : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %1 = linalg.copy ins(%a : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// One generic with several results (an optimizer update after
// loom-cpu-merge-elementwise) reads and writes each element in the same
// iteration, so its outputs may alias its inputs: computed in place.
// CHECK-LABEL: func.func @elementwise_of_one_op_with_two_results
// CHECK-SAME: %[[OUT0:[^:]*]]: memref<4xf32>, %[[OUT1:[^:]*]]: memref<4xf32>)
// CHECK: %[[R:.*]]:2 = linalg.generic
// CHECK: bufferization.materialize_in_destination %[[R]]#0 in restrict writable %[[OUT0]]
// CHECK: bufferization.materialize_in_destination %[[R]]#1 in restrict writable %[[OUT1]]
func.func @elementwise_of_one_op_with_two_results(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
    attributes {loom.kernel = #loom.kernel<elementwise>} {
  %e = tensor.empty() : tensor<4xf32>
  %r:2 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : tensor<4xf32>) outs(%e, %e : tensor<4xf32>, tensor<4xf32>) {
  ^bb0(%x: f32, %o0: f32, %o1: f32):
    %n = arith.negf %x : f32
    %m = arith.mulf %n, %x : f32
    linalg.yield %n, %m : f32, f32
  } -> (tensor<4xf32>, tensor<4xf32>)
  return %r#0, %r#1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @negative_not_a_kernel
// CHECK-SAME: -> tensor<4xf32>
func.func @negative_not_a_kernel(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
