// RUN: loom-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(loom-cuda-distribute-threads))' \
// RUN:   | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// An elementwise kernel: one iteration per element.
// CHECK-LABEL: func.func @elementwise
// CHECK: scf.forall (%[[I:.*]], %[[J:.*]]) in (4, 8) shared_outs(%[[OUT:.*]] = %{{.*}})
// CHECK: %[[X:.*]] = tensor.extract_slice %{{.*}}[%[[I]], %[[J]]] [1, 1] [1, 1]
// CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<1x1xf32>)
// CHECK: arith.negf
// CHECK: tensor.parallel_insert_slice %{{.*}} into %[[OUT]][%[[I]], %[[J]]] [1, 1] [1, 1]
func.func @elementwise(%a: tensor<4x8xf32>) -> tensor<4x8xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %e = tensor.empty() : tensor<4x8xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  } -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// A row sum: one iteration per row; the fill of its accumulator is fused
// into the iteration and the reduction loop stays inside it.
// CHECK-LABEL: func.func @row_sum
// CHECK: scf.forall (%[[I:.*]]) in (4) shared_outs(%[[OUT:.*]] = %{{.*}})
// CHECK: %[[ROW:.*]] = tensor.extract_slice %{{.*}}[%[[I]], 0] [1, 8] [1, 1]
// CHECK: %[[ACC:.*]] = linalg.fill {{.*}} -> tensor<1xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK-SAME: ins(%[[ROW]] : tensor<1x8xf32>) outs(%[[ACC]] : tensor<1xf32>)
// CHECK: tensor.parallel_insert_slice %{{.*}} into %[[OUT]][%[[I]]] [1] [1]
func.func @row_sum(%a: tensor<4x8xf32>) -> tensor<4xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %0 = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%a : tensor<4x8xf32>) outs(%acc : tensor<4xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %o : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A full reduction to a scalar has no parallel loop: left as it is (one
// thread runs it).
// CHECK-LABEL: func.func @total
// CHECK-NOT: scf.forall
// CHECK: linalg.generic
func.func @total(%a: tensor<8xf32>) -> tensor<f32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%e : tensor<f32>) -> tensor<f32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>],
                       iterator_types = ["reduction"]}
      ins(%a : tensor<8xf32>) outs(%acc : tensor<f32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %o : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// Not a kernel: left alone.
// CHECK-LABEL: func.func @not_a_kernel
// CHECK-NOT: scf.forall
func.func @not_a_kernel(%a: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  } -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// A root computed without its unit dimension writes into a reshaped
// tensor.empty: it becomes a tensor.empty of the reshaped type, the forall's
// shared output.
// CHECK-LABEL: func.func @reshaped_output
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK: %[[R:.*]] = scf.forall (%{{.*}}, %{{.*}}) in (4, 8) shared_outs(%{{.*}} = %[[E]])
// CHECK: tensor.expand_shape %[[R]]
func.func @reshaped_output(%a: tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %e = tensor.empty() : tensor<1x4x8xf32>
  %c = tensor.collapse_shape %e [[0, 1], [2]] : tensor<1x4x8xf32> into tensor<4x8xf32>
  %x = tensor.collapse_shape %a [[0, 1], [2]] : tensor<1x4x8xf32> into tensor<4x8xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%c : tensor<4x8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.negf %v : f32
    linalg.yield %n : f32
  } -> tensor<4x8xf32>
  %r = tensor.expand_shape %0 [[0, 1], [2]] output_shape [1, 4, 8] : tensor<4x8xf32> into tensor<1x4x8xf32>
  return %r : tensor<1x4x8xf32>
}
