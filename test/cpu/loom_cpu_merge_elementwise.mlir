// RUN: loom-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(loom-cpu-merge-elementwise))' \
// RUN:   | FileCheck %s

// An optimizer update: two moments that the kernel returns and a parameter
// update that reads both become one generic with three results, each
// element computed once.
// CHECK-LABEL: func.func @optimizer_update
// CHECK-SAME: (%[[G:.*]]: tensor<16x32xf32>, %[[M:.*]]: tensor<16x32xf32>, %[[V:.*]]: tensor<16x32xf32>, %[[P:.*]]: tensor<16x32xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<16x32xf32>
// CHECK: %[[R:.*]]:3 = linalg.generic
// CHECK-SAME: ins(%[[M]], %[[G]], %[[V]], %[[P]] :
// CHECK-SAME: outs(%[[E]], %[[E]], %[[E]] :
// CHECK-NEXT: ^bb0(%[[MI:[^:]*]]: f32, %[[GI:[^:]*]]: f32, %[[VI:[^:]*]]: f32, %[[PI:[^:]*]]: f32,
// CHECK: %[[M1:.*]] = arith.addf %[[MI]], %[[GI]]
// CHECK: %[[SQ:.*]] = arith.mulf %[[GI]], %[[GI]]
// CHECK: %[[V1:.*]] = arith.addf %[[VI]], %[[SQ]]
// CHECK: %[[R1:.*]] = math.sqrt %[[V1]]
// CHECK: %[[Q:.*]] = arith.divf %[[M1]], %[[R1]]
// CHECK: %[[P1:.*]] = arith.subf %[[PI]], %[[Q]]
// CHECK: linalg.yield %[[M1]], %[[V1]], %[[P1]] : f32, f32, f32
// CHECK-NOT: linalg.generic
// CHECK: return %[[R]]#0, %[[R]]#1, %[[R]]#2
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @optimizer_update(%g: tensor<16x32xf32>, %m: tensor<16x32xf32>, %v: tensor<16x32xf32>, %p: tensor<16x32xf32>) -> (tensor<16x32xf32>, tensor<16x32xf32>, tensor<16x32xf32>) {
  %e = tensor.empty() : tensor<16x32xf32>
  %m1 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%m, %g : tensor<16x32xf32>, tensor<16x32xf32>) outs(%e : tensor<16x32xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<16x32xf32>
  %v1 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%v, %g : tensor<16x32xf32>, tensor<16x32xf32>) outs(%e : tensor<16x32xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %sq = arith.mulf %b, %b : f32
    %s = arith.addf %a, %sq : f32
    linalg.yield %s : f32
  } -> tensor<16x32xf32>
  %p1 = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%p, %m1, %v1 : tensor<16x32xf32>, tensor<16x32xf32>, tensor<16x32xf32>) outs(%e : tensor<16x32xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32, %o: f32):
    %r = math.sqrt %c : f32
    %q = arith.divf %b, %r : f32
    %s = arith.subf %a, %q : f32
    linalg.yield %s : f32
  } -> tensor<16x32xf32>
  return %m1, %v1, %p1 : tensor<16x32xf32>, tensor<16x32xf32>, tensor<16x32xf32>
}

// -----

// Siblings after a matmul (an activation and the value its backward pass
// keeps, both reading the bias add): one generic, the matmul its producer,
// so that tile-and-fuse sees the whole kernel. The bias add, which only the
// two read, is no result any more.
// CHECK-LABEL: func.func @siblings_after_a_matmul
// CHECK: %[[MM:.*]] = linalg.matmul
// CHECK: %[[R:.*]]:2 = linalg.generic
// CHECK-SAME: ins(%{{.*}}, %[[MM]] : tensor<32xf32>, tensor<16x32xf32>)
// CHECK: %[[SUM:.*]] = arith.addf
// CHECK: %[[RELU:.*]] = arith.maximumf %[[SUM]]
// CHECK: %[[MASK:.*]] = arith.cmpf ogt, %[[SUM]]
// CHECK: %[[MASKF:.*]] = arith.uitofp %[[MASK]]
// CHECK: linalg.yield %[[RELU]], %[[MASKF]] : f32, f32
// CHECK-NOT: linalg.generic
// CHECK: return %[[R]]#0, %[[R]]#1
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @siblings_after_a_matmul(%x: tensor<16x8xf32>, %w: tensor<8x32xf32>, %b: tensor<32xf32>) -> (tensor<16x32xf32>, tensor<16x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<16x32xf32>) -> tensor<16x32xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<16x8xf32>, tensor<8x32xf32>) outs(%f : tensor<16x32xf32>) -> tensor<16x32xf32>
  %sum = linalg.generic {indexing_maps = [#row, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%b, %mm : tensor<32xf32>, tensor<16x32xf32>) outs(%e : tensor<16x32xf32>) {
  ^bb0(%bi: f32, %y: f32, %o: f32):
    %s = arith.addf %bi, %y : f32
    linalg.yield %s : f32
  } -> tensor<16x32xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum : tensor<16x32xf32>) outs(%e : tensor<16x32xf32>) {
  ^bb0(%s: f32, %o: f32):
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<16x32xf32>
  %mask = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum : tensor<16x32xf32>) outs(%e : tensor<16x32xf32>) {
  ^bb0(%s: f32, %o: f32):
    %c = arith.cmpf ogt, %s, %zero : f32
    %m = arith.uitofp %c : i1 to f32
    linalg.yield %m : f32
  } -> tensor<16x32xf32>
  return %relu, %mask : tensor<16x32xf32>, tensor<16x32xf32>
}

// -----

// Only generics whose results are returned or read in loop order by
// generics of their space are merged: one that a reduction reads is left
// as it is, and so is its sibling.
// CHECK-LABEL: func.func @negative_read_by_a_reduction
// CHECK-COUNT-3: linalg.generic
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1) -> (d0, d1)>
#rows = affine_map<(d0, d1) -> (d0)>
func.func @negative_read_by_a_reduction(%a: tensor<16x32xf32>) -> (tensor<16x32xf32>, tensor<16xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x32xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<16x32xf32>) outs(%e : tensor<16x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = math.exp %x : f32
    linalg.yield %n : f32
  } -> tensor<16x32xf32>
  %1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<16x32xf32>) outs(%e : tensor<16x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  } -> tensor<16x32xf32>
  %er = tensor.empty() : tensor<16xf32>
  %fr = linalg.fill ins(%zero : f32) outs(%er : tensor<16xf32>) -> tensor<16xf32>
  %2 = linalg.generic {indexing_maps = [#id, #rows], iterator_types = ["parallel", "reduction"]}
      ins(%0 : tensor<16x32xf32>) outs(%fr : tensor<16xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %x, %acc : f32
    linalg.yield %s : f32
  } -> tensor<16xf32>
  return %1, %2 : tensor<16x32xf32>, tensor<16xf32>
}

// -----

// A row that its reader broadcasts, and generics of another iteration
// space, stay apart: merged, one iteration would read another's element.
// CHECK-LABEL: func.func @negative_broadcast_read
// CHECK-COUNT-2: linalg.generic
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @negative_broadcast_read(%a: tensor<32xf32>, %b: tensor<16x32xf32>) -> (tensor<32xf32>, tensor<16x32xf32>) {
  %e1 = tensor.empty() : tensor<32xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : tensor<32xf32>) outs(%e1 : tensor<32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  } -> tensor<32xf32>
  %e2 = tensor.empty() : tensor<16x32xf32>
  %1 = linalg.generic {indexing_maps = [#row, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%0, %b : tensor<32xf32>, tensor<16x32xf32>) outs(%e2 : tensor<16x32xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %n = arith.addf %x, %y : f32
    linalg.yield %n : f32
  } -> tensor<16x32xf32>
  return %0, %1 : tensor<32xf32>, tensor<16x32xf32>
}

// -----

// A transposed read of a sibling's result stays apart for the same reason.
// CHECK-LABEL: func.func @negative_transposed_read
// CHECK-COUNT-2: linalg.generic
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1) -> (d0, d1)>
#t = affine_map<(d0, d1) -> (d1, d0)>
func.func @negative_transposed_read(%a: tensor<16x16xf32>) -> (tensor<16x16xf32>, tensor<16x16xf32>) {
  %e = tensor.empty() : tensor<16x16xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<16x16xf32>) outs(%e : tensor<16x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  } -> tensor<16x16xf32>
  %1 = linalg.generic {indexing_maps = [#t, #id], iterator_types = ["parallel", "parallel"]}
      ins(%0 : tensor<16x16xf32>) outs(%e : tensor<16x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = math.exp %x : f32
    linalg.yield %n : f32
  } -> tensor<16x16xf32>
  return %0, %1 : tensor<16x16xf32>, tensor<16x16xf32>
}
