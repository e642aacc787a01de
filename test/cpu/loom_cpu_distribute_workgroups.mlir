// RUN: loom-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(loom-cpu-distribute-workgroups))' \
// RUN:   | FileCheck %s
// RUN: loom-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(loom-cpu-distribute-workgroups{min-work-per-workgroup=1 max-workgroups=3}))' \
// RUN:   | FileCheck %s --check-prefix=SMALL

#id = affine_map<(d0, d1) -> (d0, d1)>

// 1M iterations at >= 64K each: 16 tiles of 64 rows.
// CHECK-LABEL: func.func @elementwise_rows
// CHECK-SAME: loom.workgroup_count = array<i64: 16, 1, 1>
// CHECK: scf.forall (%[[I:.*]]) = (0) to (1024) step (64) shared_outs(%[[OUT:.*]] = %{{.*}})
// CHECK: %[[X:.*]] = tensor.extract_slice %{{.*}}[%[[I]], 0] [64, 1024] [1, 1]
// CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<64x1024xf32>)
// CHECK: tensor.parallel_insert_slice %{{.*}} into %[[OUT]][%[[I]], 0] [64, 1024] [1, 1]
// SMALL-LABEL: func.func @elementwise_rows
// SMALL-SAME: loom.workgroup_count = array<i64: 3, 1, 1>
// SMALL: scf.forall (%{{.*}}) = (0) to (1024) step (342)
func.func @elementwise_rows(%a: tensor<1024x1024xf32>) -> tensor<1024x1024xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %e = tensor.empty() : tensor<1024x1024xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<1024x1024xf32>) outs(%e : tensor<1024x1024xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  } -> tensor<1024x1024xf32>
  return %0 : tensor<1024x1024xf32>
}

// -----

// An elementwise kernel of one generic with several results (an optimizer
// update after loom-cpu-merge-elementwise) is computed in place, so it is
// distributed: each tile writes its slice of every result (256K
// iterations at >= 64K each: 4 tiles of 128 rows).
// CHECK-LABEL: func.func @elementwise_several_results
// CHECK-SAME: loom.workgroup_count = array<i64: 4, 1, 1>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<512x512xf32>
// CHECK: scf.forall (%[[I:.*]]) = (0) to (512) step (128) shared_outs(%[[O0:.*]] = %[[E]], %[[O1:.*]] = %[[E]])
// CHECK: %[[R:.*]]:2 = linalg.generic
// CHECK: tensor.parallel_insert_slice %[[R]]#0 into %[[O0]][%[[I]], 0] [128, 512] [1, 1]
// CHECK: tensor.parallel_insert_slice %[[R]]#1 into %[[O1]][%[[I]], 0] [128, 512] [1, 1]
// SMALL-LABEL: func.func @elementwise_several_results
// SMALL-SAME: loom.workgroup_count = array<i64: 3, 1, 1>
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @elementwise_several_results(%a: tensor<512x512xf32>) -> (tensor<512x512xf32>, tensor<512x512xf32>)
    attributes {loom.kernel = #loom.kernel<elementwise>} {
  %e = tensor.empty() : tensor<512x512xf32>
  %r:2 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<512x512xf32>) outs(%e, %e : tensor<512x512xf32>, tensor<512x512xf32>) {
  ^bb0(%x: f32, %o0: f32, %o1: f32):
    %n = arith.negf %x : f32
    %m = arith.mulf %n, %x : f32
    linalg.yield %n, %m : f32, f32
  } -> (tensor<512x512xf32>, tensor<512x512xf32>)
  return %r#0, %r#1 : tensor<512x512xf32>, tensor<512x512xf32>
}

// -----

// Too little work to split.
// CHECK-LABEL: func.func @negative_tiny
// CHECK-SAME: loom.workgroup_count = array<i64: 1, 1, 1>
// CHECK-NOT: scf.forall
func.func @negative_tiny(%a: tensor<16x16xf32>) -> tensor<16x16xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %e = tensor.empty() : tensor<16x16xf32>
  %0 = linalg.copy ins(%a : tensor<16x16xf32>) outs(%e : tensor<16x16xf32>) -> tensor<16x16xf32>
  return %0 : tensor<16x16xf32>
}

// -----

// A matmul's tiles are at least 64 rows by 128 columns; the fill of its
// accumulator is fused into the tile.
// CHECK-LABEL: func.func @matmul_tiles
// CHECK-SAME: loom.workgroup_count = array<i64: 16, 1, 1>
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (256, 512) step (64, 128)
// CHECK: linalg.fill {{.*}} -> tensor<64x128xf32>
// CHECK: linalg.matmul {{.*}} -> tensor<64x128xf32>
// CHECK-NOT: linalg.fill
func.func @matmul_tiles(%a: tensor<256x128xf32>, %b: tensor<128x512xf32>) -> tensor<256x512xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<256x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<256x512xf32>) -> tensor<256x512xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<256x128xf32>, tensor<128x512xf32>) outs(%f : tensor<256x512xf32>) -> tensor<256x512xf32>
  return %0 : tensor<256x512xf32>
}

// -----

// A large matmul keeps tiles of 256 x 256 while that still gives 16 of them
// (each row tile packs the right-hand side again); 64 x 128 tiles are for
// smaller ones, as above. With at most 3 workgroups, 3 row blocks.
// CHECK-LABEL: func.func @matmul_large_tiles
// CHECK-SAME: loom.workgroup_count = array<i64: 16, 1, 1>
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (1024, 1024) step (256, 256)
// CHECK: linalg.matmul {{.*}} -> tensor<256x256xf32>
// SMALL-LABEL: func.func @matmul_large_tiles
// SMALL-SAME: loom.workgroup_count = array<i64: 3, 1, 1>
// SMALL: scf.forall (%{{.*}}) = (0) to (1024) step (342)
func.func @matmul_large_tiles(%a: tensor<1024x512xf32>, %b: tensor<512x1024xf32>) -> tensor<1024x1024xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1024x1024xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1024x1024xf32>) -> tensor<1024x1024xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<1024x512xf32>, tensor<512x1024xf32>) outs(%f : tensor<1024x1024xf32>) -> tensor<1024x1024xf32>
  return %0 : tensor<1024x1024xf32>
}

// -----

// The right-hand side is computed in the kernel (as im2col would be): only
// the columns are split, so no tile recomputes all of it.
// CHECK-LABEL: func.func @matmul_with_computed_rhs
// CHECK-SAME: loom.workgroup_count = array<i64: 4, 1, 1>
// CHECK: scf.forall (%[[J:.*]]) = (0) to (512) step (128)
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<128x128xf32>)
// CHECK: linalg.matmul {{.*}} -> tensor<256x128xf32>
func.func @matmul_with_computed_rhs(%a: tensor<256x128xf32>, %b: tensor<128x512xf32>) -> tensor<256x512xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %zero = arith.constant 0.0 : f32
  %eb = tensor.empty() : tensor<128x512xf32>
  %rhs = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%b : tensor<128x512xf32>) outs(%eb : tensor<128x512xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  } -> tensor<128x512xf32>
  %e = tensor.empty() : tensor<256x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<256x512xf32>) -> tensor<256x512xf32>
  %0 = linalg.matmul ins(%a, %rhs : tensor<256x128xf32>, tensor<128x512xf32>) outs(%f : tensor<256x512xf32>) -> tensor<256x512xf32>
  return %0 : tensor<256x512xf32>
}

// -----

// A producer that is also a result and not elementwise (the reduction),
// read by the root in loop order: each tile computes its own rows' sums in
// full, so they are yielded from the tile like the root's.
// CHECK-LABEL: func.func @reduction_also_returned
// CHECK-SAME: loom.workgroup_count = array<i64: 16, 1, 1>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1024xf32>
// CHECK: %[[R:.*]]:2 = scf.forall (%[[I:.*]]) = (0) to (1024) step (64) shared_outs(%[[N:.*]] = %[[E]], %[[S:.*]] = %[[E]])
// CHECK: %[[SUM:.*]] = linalg.reduce
// CHECK: %[[NEG:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<64xf32>)
// CHECK: tensor.parallel_insert_slice %[[NEG]] into %[[N]][%[[I]]] [64] [1]
// CHECK: tensor.parallel_insert_slice %[[SUM]] into %[[S]][%[[I]]] [64] [1]
// CHECK: return %[[R]]#1, %[[R]]#0
func.func @reduction_also_returned(%a: tensor<1024x1024xf32>)
    -> (tensor<1024xf32>, tensor<1024xf32>) attributes {loom.kernel = #loom.kernel<generic>} {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1024xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1024xf32>) -> tensor<1024xf32>
  %sum = linalg.reduce ins(%a : tensor<1024x1024xf32>) outs(%f : tensor<1024xf32>) dimensions = [1]
    (%x: f32, %acc: f32) {
      %s = arith.addf %x, %acc : f32
      linalg.yield %s : f32
    }
  %n = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%sum : tensor<1024xf32>) outs(%e : tensor<1024xf32>) {
  ^bb0(%x: f32, %o: f32):
    %m = arith.negf %x : f32
    linalg.yield %m : f32
  } -> tensor<1024xf32>
  return %sum, %n : tensor<1024xf32>, tensor<1024xf32>
}

// -----

// A reduction that is also a result and that the root broadcasts (each
// column tile would compute the sums of every row) would be computed
// outside the tiles: the kernel keeps grid 1.
// CHECK-LABEL: func.func @negative_broadcast_reduction_also_returned
// CHECK-SAME: loom.workgroup_count = array<i64: 1, 1, 1>
// CHECK-NOT: scf.forall
func.func @negative_broadcast_reduction_also_returned(%a: tensor<1024x1024xf32>)
    -> (tensor<1024xf32>, tensor<1024x1024xf32>) attributes {loom.kernel = #loom.kernel<generic>} {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1024xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1024xf32>) -> tensor<1024xf32>
  %sum = linalg.reduce ins(%a : tensor<1024x1024xf32>) outs(%f : tensor<1024xf32>) dimensions = [1]
    (%x: f32, %acc: f32) {
      %s = arith.addf %x, %acc : f32
      linalg.yield %s : f32
    }
  %e2 = tensor.empty() : tensor<1024x1024xf32>
  %n = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%a, %sum : tensor<1024x1024xf32>, tensor<1024xf32>) outs(%e2 : tensor<1024x1024xf32>) {
  ^bb0(%x: f32, %s: f32, %o: f32):
    %m = arith.divf %x, %s : f32
    linalg.yield %m : f32
  } -> tensor<1024x1024xf32>
  return %sum, %n : tensor<1024xf32>, tensor<1024x1024xf32>
}

// -----

// The result reaches the return through a reshape (unit dimensions that
// were dropped): loom-cpu-results-to-out-params makes the tiles write the
// output's view of the forall's shape, so the kernel is split.
// CHECK-LABEL: func.func @result_through_reshape
// CHECK-SAME: loom.workgroup_count = array<i64: 16, 1, 1>
// CHECK: %[[F:.*]] = scf.forall
// CHECK: %[[R:.*]] = tensor.expand_shape %[[F]]
// CHECK-NEXT: return %[[R]]
func.func @result_through_reshape(%a: tensor<1024x1024xf32>) -> tensor<1x1024x1024xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %e = tensor.empty() : tensor<1024x1024xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<1024x1024xf32>) outs(%e : tensor<1024x1024xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  } -> tensor<1024x1024xf32>
  %r = tensor.expand_shape %0 [[0, 1], [2]] output_shape [1, 1024, 1024] : tensor<1024x1024xf32> into tensor<1x1024x1024xf32>
  return %r : tensor<1x1024x1024xf32>
}

// -----

// A producer that the kernel returns through a reshape and the root also
// reads (a QDQ layer: the quantized result, and its dequantized copy for
// the next residual): yielded from the tiles like one returned directly,
// its reshape moved after the forall. It was computed outside the tiles,
// which kept the kernel at grid 1.
// CHECK-LABEL: func.func @producer_returned_through_reshape
// CHECK-SAME: loom.workgroup_count = array<i64: 32, 1, 1>
// CHECK: %[[F:.*]]:2 = scf.forall
// CHECK: tensor.parallel_insert_slice
// CHECK: tensor.parallel_insert_slice
// CHECK: %[[Q:.*]] = tensor.expand_shape %[[F]]#1
// CHECK: %[[D:.*]] = tensor.expand_shape %[[F]]#0
// CHECK-NEXT: return %[[Q]], %[[D]]
func.func @producer_returned_through_reshape(%a: tensor<1024x1024xf32>)
    -> (tensor<1x1024x1024xi8>, tensor<1x1024x1024xf32>) attributes {loom.kernel = #loom.kernel<generic>} {
  %e = tensor.empty() : tensor<1024x1024xi8>
  %q = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<1024x1024xf32>) outs(%e : tensor<1024x1024xi8>) {
  ^bb0(%x: f32, %o: i8):
    %n = arith.fptosi %x : f32 to i8
    linalg.yield %n : i8
  } -> tensor<1024x1024xi8>
  %rq = tensor.expand_shape %q [[0, 1], [2]] output_shape [1, 1024, 1024] : tensor<1024x1024xi8> into tensor<1x1024x1024xi8>
  %e2 = tensor.empty() : tensor<1024x1024xf32>
  %d = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%q : tensor<1024x1024xi8>) outs(%e2 : tensor<1024x1024xf32>) {
  ^bb0(%x: i8, %o: f32):
    %n = arith.sitofp %x : i8 to f32
    linalg.yield %n : f32
  } -> tensor<1024x1024xf32>
  %rd = tensor.expand_shape %d [[0, 1], [2]] output_shape [1, 1024, 1024] : tensor<1024x1024xf32> into tensor<1x1024x1024xf32>
  return %rq, %rd : tensor<1x1024x1024xi8>, tensor<1x1024x1024xf32>
}

// -----

// A batched matmul whose accumulator is a reshaped tensor.empty (what
// reshape propagation makes of loom.matmul's lowering): the empty takes the
// reshaped type, so that the forall's tiles write the output in place.
// CHECK-LABEL: func.func @batch_matmul_reshaped_accumulator
// CHECK-SAME: loom.workgroup_count = array<i64: 12, 1, 1>
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x6x128x64xf32>
// CHECK-NOT: tensor.expand_shape
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (6, 128) step (1, 64) shared_outs(%{{.*}} = %[[EMPTY]])
func.func @batch_matmul_reshaped_accumulator(%p: tensor<1x6x128x128xf32>, %v: tensor<1x6x128x64xf32>)
    -> tensor<1x6x128x64xf32> attributes {loom.kernel = #loom.kernel<generic>} {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<6x128x64xf32>
  %acc = tensor.expand_shape %e [[0, 1], [2], [3]] output_shape [1, 6, 128, 64] : tensor<6x128x64xf32> into tensor<1x6x128x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%acc : tensor<1x6x128x64xf32>) -> tensor<1x6x128x64xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>,
                                        affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d3)>,
                                        affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%p, %v : tensor<1x6x128x128xf32>, tensor<1x6x128x64xf32>) outs(%f : tensor<1x6x128x64xf32>) {
  ^bb0(%x: f32, %y: f32, %a: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %a, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x6x128x64xf32>
  return %0 : tensor<1x6x128x64xf32>
}

// -----

// A convolution with few output positions (a 7x7 layer of 512 filters):
// no row block keeps 128 columns, so the filters are split, in blocks of at
// least 256 (2 tiles, not 4 of 128 or 8 of 64), since every block builds its
// own im2col of the whole input.
// CHECK-LABEL: func.func @conv_few_positions_filter_blocks
// CHECK-SAME: loom.workgroup_count = array<i64: 2, 1, 1>
// CHECK: scf.forall (%{{.*}}) = (0) to (512) step (256)
func.func @conv_few_positions_filter_blocks(%x: tensor<512x7x7xf32>, %w: tensor<512x512x3x3xf32>) -> tensor<512x7x7xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %cst = arith.constant 0.000000e+00 : f32
  %padded = tensor.pad %x low[0, 1, 1] high[0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index):
    tensor.yield %cst : f32
  } : tensor<512x7x7xf32> to tensor<512x9x9xf32>
  %0 = tensor.empty() : tensor<512x3x3x7x7xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d3, d2 + d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%padded : tensor<512x9x9xf32>) outs(%0 : tensor<512x3x3x7x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<512x3x3x7x7xf32>
  %2 = tensor.empty() : tensor<512x7x7xf32>
  %3 = linalg.fill ins(%cst : f32) outs(%2 : tensor<512x7x7xf32>) -> tensor<512x7x7xf32>
  %4 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d3, d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4, d5, d1, d2)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %1 : tensor<512x512x3x3xf32>, tensor<512x3x3x7x7xf32>) outs(%3 : tensor<512x7x7xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %6 = arith.mulf %in, %in_1 fastmath<reassoc> : f32
    %7 = arith.addf %out, %6 fastmath<reassoc> : f32
    linalg.yield %7 : f32
  } -> tensor<512x7x7xf32>
  %5 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%4 : tensor<512x7x7xf32>) outs(%2 : tensor<512x7x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    %6 = arith.maximumf %in, %cst : f32
    linalg.yield %6 : f32
  } -> tensor<512x7x7xf32>
  return %5 : tensor<512x7x7xf32>
}

// -----

// A 1x1 convolution with few output positions contracts its input itself
// (through the reshape that drops the batch of 1), with no im2col to rebuild
// per block: blocks of 128 filters stay.
// CHECK-LABEL: func.func @conv_1x1_few_positions_filter_blocks
// CHECK-SAME: loom.workgroup_count = array<i64: 16, 1, 1>
// CHECK: scf.forall (%{{.*}}) = (0) to (2048) step (128)
func.func @conv_1x1_few_positions_filter_blocks(%input: tensor<1x512x7x7xf32>, %w: tensor<2048x512xf32>) -> tensor<2048x7x7xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %cst = arith.constant 0.000000e+00 : f32
  %x = tensor.collapse_shape %input [[0, 1], [2], [3]] : tensor<1x512x7x7xf32> into tensor<512x7x7xf32>
  %0 = tensor.empty() : tensor<2048x7x7xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<2048x7x7xf32>) -> tensor<2048x7x7xf32>
  %2 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%w, %x : tensor<2048x512xf32>, tensor<512x7x7xf32>) outs(%1 : tensor<2048x7x7xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %3 = arith.mulf %in, %in_1 fastmath<reassoc> : f32
    %4 = arith.addf %out, %3 fastmath<reassoc> : f32
    linalg.yield %4 : f32
  } -> tensor<2048x7x7xf32>
  return %2 : tensor<2048x7x7xf32>
}

// -----

// A 1x1 convolution of fewer than two blocks of 128 filters (EfficientNet's
// 1152 -> 192 projection at 7x7) is split into two blocks (of at least 32
// filters), since it builds no patches: one block would leave the other
// threads idle.
// CHECK-LABEL: func.func @conv_1x1_few_filters_two_blocks
// CHECK-SAME: loom.workgroup_count = array<i64: 2, 1, 1>
// CHECK: scf.forall (%{{.*}}) = (0) to (192) step (96)
func.func @conv_1x1_few_filters_two_blocks(%input: tensor<1x1152x7x7xf32>, %w: tensor<192x1152xf32>) -> tensor<192x7x7xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %cst = arith.constant 0.000000e+00 : f32
  %x = tensor.collapse_shape %input [[0, 1], [2], [3]] : tensor<1x1152x7x7xf32> into tensor<1152x7x7xf32>
  %0 = tensor.empty() : tensor<192x7x7xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<192x7x7xf32>) -> tensor<192x7x7xf32>
  %2 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d1, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%w, %x : tensor<192x1152xf32>, tensor<1152x7x7xf32>) outs(%1 : tensor<192x7x7xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %3 = arith.mulf %in, %in_1 fastmath<reassoc> : f32
    %4 = arith.addf %out, %3 fastmath<reassoc> : f32
    linalg.yield %4 : f32
  } -> tensor<192x7x7xf32>
  return %2 : tensor<192x7x7xf32>
}

// -----

// A convolution of batch 2: one image per tile (so that each tile's
// contraction collapses to the micro-kernel's matmul), and the output rows
// split as at batch 1 (at least 128 positions: 7 of the 28 rows), so that a
// tile's patches stay the size of batch 1's.
// CHECK-LABEL: func.func @conv_batch_two_images_and_rows
// CHECK-SAME: loom.workgroup_count = array<i64: 8, 1, 1>
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (2, 28) step (1, 7)
func.func @conv_batch_two_images_and_rows(%x: tensor<2x16x28x28xf32>, %w: tensor<32x16x3x3xf32>) -> tensor<2x32x28x28xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %cst = arith.constant 0.000000e+00 : f32
  %padded = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %cst : f32
  } : tensor<2x16x28x28xf32> to tensor<2x16x30x30xf32>
  %0 = tensor.empty() : tensor<16x3x3x2x28x28xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d0, d1 + d4, d2 + d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%padded : tensor<2x16x30x30xf32>) outs(%0 : tensor<16x3x3x2x28x28xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<16x3x3x2x28x28xf32>
  %2 = tensor.empty() : tensor<2x32x28x28xf32>
  %3 = linalg.fill ins(%cst : f32) outs(%2 : tensor<2x32x28x28xf32>) -> tensor<2x32x28x28xf32>
  %4 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5, d6, d0, d2, d3)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %1 : tensor<32x16x3x3xf32>, tensor<16x3x3x2x28x28xf32>) outs(%3 : tensor<2x32x28x28xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %5 = arith.mulf %in, %in_0 fastmath<reassoc> : f32
    %6 = arith.addf %out, %5 fastmath<reassoc> : f32
    linalg.yield %6 : f32
  } -> tensor<2x32x28x28xf32>
  return %4 : tensor<2x32x28x28xf32>
}

// -----

// A pre-packed weight (loom-cpu-fold-weight-panels' generic) is not
// computed: the rows are split too. The column tiles (125 for 8 of them)
// are rounded up to whole panels of 32, and each tile's generic reads
// whole panels from the tile's first one.
// CHECK-LABEL: func.func @matmul_packed_weight
// CHECK-SAME: loom.workgroup_count = array<i64: 16, 1, 1>
// CHECK: scf.forall (%[[I:.*]], %[[J:.*]]) = (0, 0) to (128, 1000) step (64, 128)
// CHECK: %[[Q:.*]] = affine.apply #{{.*}}(%[[J]])
// CHECK: %[[P:.*]] = tensor.extract_slice %{{.*}}[%[[Q]], 0, 0] [%{{.*}}, 64, 32] [1, 1, 1] : tensor<32x64x32xf32> to tensor<?x64x32xf32>
// CHECK: linalg.generic {{.*}} ins(%[[P]] : tensor<?x64x32xf32>)
// CHECK: linalg.matmul
// SMALL-LABEL: func.func @matmul_packed_weight
// SMALL-SAME: loom.workgroup_count = array<i64: 3, 1, 1>
// SMALL: scf.forall (%{{.*}}) = (0) to (1000) step (352)
func.func @matmul_packed_weight(%a: tensor<128x64xf32>, %w: tensor<32x64x32xf32>) -> tensor<128x1000xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %zero = arith.constant 0.0 : f32
  %ew = tensor.empty() : tensor<64x1000xf32>
  %b = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1 floordiv 32, d0, d1 mod 32)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%w : tensor<32x64x32xf32>) outs(%ew : tensor<64x1000xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<64x1000xf32>
  %e = tensor.empty() : tensor<128x1000xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<128x1000xf32>) -> tensor<128x1000xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<128x64xf32>, tensor<64x1000xf32>) outs(%f : tensor<128x1000xf32>) -> tensor<128x1000xf32>
  return %0 : tensor<128x1000xf32>
}

// -----

// Batch 8 at 7x7 (ResNet's last stage): one tile per image, with all 512
// filters (kMinConvImageTiles); below 8 images the filters of a tile that
// builds its image's patches are split in two blocks of 256.
// CHECK-LABEL: func.func @conv_batch_eight_whole_filters
// CHECK-SAME: loom.workgroup_count = array<i64: 8, 1, 1>
// CHECK: scf.forall (%{{.*}}) in (8)
// CHECK: tensor.extract_slice %{{.*}} [1, 512, 7, 7]
// CHECK-LABEL: func.func @conv_batch_four_filter_blocks
// CHECK-SAME: loom.workgroup_count = array<i64: 8, 1, 1>
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (4, 512) step (1, 256)
func.func @conv_batch_eight_whole_filters(%x: tensor<8x512x7x7xf32>, %w: tensor<512x512x3x3xf32>) -> tensor<8x512x7x7xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %cst = arith.constant 0.000000e+00 : f32
  %padded = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %cst : f32
  } : tensor<8x512x7x7xf32> to tensor<8x512x9x9xf32>
  %0 = tensor.empty() : tensor<512x3x3x8x7x7xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d0, d1 + d4, d2 + d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%padded : tensor<8x512x9x9xf32>) outs(%0 : tensor<512x3x3x8x7x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<512x3x3x8x7x7xf32>
  %2 = tensor.empty() : tensor<8x512x7x7xf32>
  %3 = linalg.fill ins(%cst : f32) outs(%2 : tensor<8x512x7x7xf32>) -> tensor<8x512x7x7xf32>
  %4 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5, d6, d0, d2, d3)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %1 : tensor<512x512x3x3xf32>, tensor<512x3x3x8x7x7xf32>) outs(%3 : tensor<8x512x7x7xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %5 = arith.mulf %in, %in_0 fastmath<reassoc> : f32
    %6 = arith.addf %out, %5 fastmath<reassoc> : f32
    linalg.yield %6 : f32
  } -> tensor<8x512x7x7xf32>
  return %4 : tensor<8x512x7x7xf32>
}
func.func @conv_batch_four_filter_blocks(%x: tensor<4x512x7x7xf32>, %w: tensor<512x512x3x3xf32>) -> tensor<4x512x7x7xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %cst = arith.constant 0.000000e+00 : f32
  %padded = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %cst : f32
  } : tensor<4x512x7x7xf32> to tensor<4x512x9x9xf32>
  %0 = tensor.empty() : tensor<512x3x3x4x7x7xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d0, d1 + d4, d2 + d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%padded : tensor<4x512x9x9xf32>) outs(%0 : tensor<512x3x3x4x7x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<512x3x3x4x7x7xf32>
  %2 = tensor.empty() : tensor<4x512x7x7xf32>
  %3 = linalg.fill ins(%cst : f32) outs(%2 : tensor<4x512x7x7xf32>) -> tensor<4x512x7x7xf32>
  %4 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5, d6, d0, d2, d3)>, affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %1 : tensor<512x512x3x3xf32>, tensor<512x3x3x4x7x7xf32>) outs(%3 : tensor<4x512x7x7xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %5 = arith.mulf %in, %in_0 fastmath<reassoc> : f32
    %6 = arith.addf %out, %5 fastmath<reassoc> : f32
    linalg.yield %6 : f32
  } -> tensor<4x512x7x7xf32>
  return %4 : tensor<4x512x7x7xf32>
}

// -----

// The root transposes the product, so the weight's columns are its first
// loop: that loop's tiles are rounded to whole panels too (63 -> 64).
// CHECK-LABEL: func.func @packed_weight_transposed_root
// CHECK-SAME: loom.workgroup_count = array<i64: 16, 1, 1>
// CHECK: scf.forall (%{{.*}}) = (0) to (1000) step (64)
// CHECK: tensor.extract_slice %{{.*}}[%{{.*}}, 0, 0] [%{{.*}}, 64, 32] [1, 1, 1] : tensor<32x64x32xf32> to tensor<?x64x32xf32>
// SMALL-LABEL: func.func @packed_weight_transposed_root
// SMALL-SAME: loom.workgroup_count = array<i64: 3, 1, 1>
func.func @packed_weight_transposed_root(%a: tensor<128x64xf32>, %w: tensor<32x64x32xf32>) -> tensor<1000x128xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %zero = arith.constant 0.0 : f32
  %ew = tensor.empty() : tensor<64x1000xf32>
  %b = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1 floordiv 32, d0, d1 mod 32)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%w : tensor<32x64x32xf32>) outs(%ew : tensor<64x1000xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<64x1000xf32>
  %e = tensor.empty() : tensor<128x1000xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<128x1000xf32>) -> tensor<128x1000xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<128x64xf32>, tensor<64x1000xf32>) outs(%f : tensor<128x1000xf32>) -> tensor<128x1000xf32>
  %et = tensor.empty() : tensor<1000x128xf32>
  %t = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%0 : tensor<128x1000xf32>) outs(%et : tensor<1000x128xf32>) {
  ^bb0(%x: f32, %o: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  } -> tensor<1000x128xf32>
  return %t : tensor<1000x128xf32>
}

// -----

// Pre-packed filters (the generic restoring them from panels of 32, as
// loom-cpu-fold-weight-panels writes it): the tile runs the direct
// convolution micro-kernel, which builds no patches, so a 7x7 layer's
// filters split in blocks of at least 128 (not the 240 of a block that
// rebuilds the whole image's patches), and of whole panels: 3 blocks of
// 160 for 480 filters. Each tile's generic reads its own panels, from
// the first column of each.
// CHECK-LABEL: func.func @conv_packed_filters_panel_blocks
// CHECK-SAME: loom.workgroup_count = array<i64: 3, 1, 1>
// CHECK: scf.forall (%[[IV:.*]]) = (0) to (480) step (160)
// CHECK: %[[PANEL:.*]] = affine.apply #{{.*}}(%[[IV]])
// CHECK: tensor.extract_slice %{{.*}}[%[[PANEL]], 0, 0] [5, 4608, 32] [1, 1, 1] : tensor<15x4608x32xf32> to tensor<5x4608x32xf32>
func.func @conv_packed_filters_panel_blocks(%x: tensor<512x7x7xf32>, %p: tensor<15x4608x32xf32>) -> tensor<480x7x7xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %cst = arith.constant 0.000000e+00 : f32
  %e = tensor.empty() : tensor<480x512x3x3xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0 floordiv 32, d1 * 9 + d2 * 3 + d3, d0 mod 32)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%p : tensor<15x4608x32xf32>) outs(%e : tensor<480x512x3x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<480x512x3x3xf32>
  %padded = tensor.pad %x low[0, 1, 1] high[0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index):
    tensor.yield %cst : f32
  } : tensor<512x7x7xf32> to tensor<512x9x9xf32>
  %0 = tensor.empty() : tensor<512x3x3x7x7xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d3, d2 + d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%padded : tensor<512x9x9xf32>) outs(%0 : tensor<512x3x3x7x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<512x3x3x7x7xf32>
  %2 = tensor.empty() : tensor<480x7x7xf32>
  %3 = linalg.fill ins(%cst : f32) outs(%2 : tensor<480x7x7xf32>) -> tensor<480x7x7xf32>
  %4 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d3, d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4, d5, d1, d2)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %1 : tensor<480x512x3x3xf32>, tensor<512x3x3x7x7xf32>) outs(%3 : tensor<480x7x7xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %6 = arith.mulf %in, %in_1 fastmath<reassoc> : f32
    %7 = arith.addf %out, %6 fastmath<reassoc> : f32
    linalg.yield %7 : f32
  } -> tensor<480x7x7xf32>
  return %4 : tensor<480x7x7xf32>
}

// -----

// Pre-packed filters, too few for two blocks of 128 (96), on a 14x14 image:
// the direct convolution builds no patches, so its row blocks need only 98
// positions (7 of the micro-kernel's tiles of 14): two halves of 7 rows,
// not one workgroup.
// CHECK-LABEL: func.func @conv_packed_filters_small_image_row_halves
// CHECK-SAME: loom.workgroup_count = array<i64: 2, 1, 1>
// CHECK: scf.forall (%{{.*}}) = (0) to (14) step (7)
func.func @conv_packed_filters_small_image_row_halves(%x: tensor<64x14x14xf32>, %p: tensor<3x576x32xf32>) -> tensor<96x14x14xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %cst = arith.constant 0.000000e+00 : f32
  %e = tensor.empty() : tensor<96x64x3x3xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0 floordiv 32, d1 * 9 + d2 * 3 + d3, d0 mod 32)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%p : tensor<3x576x32xf32>) outs(%e : tensor<96x64x3x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<96x64x3x3xf32>
  %padded = tensor.pad %x low[0, 1, 1] high[0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index):
    tensor.yield %cst : f32
  } : tensor<64x14x14xf32> to tensor<64x16x16xf32>
  %0 = tensor.empty() : tensor<64x3x3x14x14xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d3, d2 + d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%padded : tensor<64x16x16xf32>) outs(%0 : tensor<64x3x3x14x14xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<64x3x3x14x14xf32>
  %2 = tensor.empty() : tensor<96x14x14xf32>
  %3 = linalg.fill ins(%cst : f32) outs(%2 : tensor<96x14x14xf32>) -> tensor<96x14x14xf32>
  %4 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d3, d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4, d5, d1, d2)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %1 : tensor<96x64x3x3xf32>, tensor<64x3x3x14x14xf32>) outs(%3 : tensor<96x14x14xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %6 = arith.mulf %in, %in_1 fastmath<reassoc> : f32
    %7 = arith.addf %out, %6 fastmath<reassoc> : f32
    linalg.yield %7 : f32
  } -> tensor<96x14x14xf32>
  return %4 : tensor<96x14x14xf32>
}

// -----

// Pre-packed filters, too few for two blocks of 128 (160), on a 7x7 image
// (no row block of 98 positions): the largest blocks of whole panels that
// make two or more, here one panel each.
// CHECK-LABEL: func.func @conv_packed_filters_few_filters_panels
// CHECK-SAME: loom.workgroup_count = array<i64: 5, 1, 1>
// CHECK: scf.forall (%{{.*}}) = (0) to (160) step (32)
func.func @conv_packed_filters_few_filters_panels(%x: tensor<64x7x7xf32>, %p: tensor<5x576x32xf32>) -> tensor<160x7x7xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %cst = arith.constant 0.000000e+00 : f32
  %e = tensor.empty() : tensor<160x64x3x3xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0 floordiv 32, d1 * 9 + d2 * 3 + d3, d0 mod 32)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%p : tensor<5x576x32xf32>) outs(%e : tensor<160x64x3x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<160x64x3x3xf32>
  %padded = tensor.pad %x low[0, 1, 1] high[0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index):
    tensor.yield %cst : f32
  } : tensor<64x7x7xf32> to tensor<64x9x9xf32>
  %0 = tensor.empty() : tensor<64x3x3x7x7xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d3, d2 + d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%padded : tensor<64x9x9xf32>) outs(%0 : tensor<64x3x3x7x7xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<64x3x3x7x7xf32>
  %2 = tensor.empty() : tensor<160x7x7xf32>
  %3 = linalg.fill ins(%cst : f32) outs(%2 : tensor<160x7x7xf32>) -> tensor<160x7x7xf32>
  %4 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d3, d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4, d5, d1, d2)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %1 : tensor<160x64x3x3xf32>, tensor<64x3x3x7x7xf32>) outs(%3 : tensor<160x7x7xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %6 = arith.mulf %in, %in_1 fastmath<reassoc> : f32
    %7 = arith.addf %out, %6 fastmath<reassoc> : f32
    linalg.yield %7 : f32
  } -> tensor<160x7x7xf32>
  return %4 : tensor<160x7x7xf32>
}

// -----

// Enough pre-packed filters for two blocks of 128: the row blocks keep
// their 128 positions (none of the 14x14 image's divisors), the filters
// split in two.
// CHECK-LABEL: func.func @conv_packed_filters_enough_filters_keep_rows
// CHECK-SAME: loom.workgroup_count = array<i64: 2, 1, 1>
// CHECK: scf.forall (%{{.*}}) = (0) to (256) step (128)
func.func @conv_packed_filters_enough_filters_keep_rows(%x: tensor<64x14x14xf32>, %p: tensor<8x576x32xf32>) -> tensor<256x14x14xf32>
    attributes {loom.kernel = #loom.kernel<generic>} {
  %cst = arith.constant 0.000000e+00 : f32
  %e = tensor.empty() : tensor<256x64x3x3xf32>
  %w = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0 floordiv 32, d1 * 9 + d2 * 3 + d3, d0 mod 32)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%p : tensor<8x576x32xf32>) outs(%e : tensor<256x64x3x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<256x64x3x3xf32>
  %padded = tensor.pad %x low[0, 1, 1] high[0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index):
    tensor.yield %cst : f32
  } : tensor<64x14x14xf32> to tensor<64x16x16xf32>
  %0 = tensor.empty() : tensor<64x3x3x14x14xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d3, d2 + d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
      ins(%padded : tensor<64x16x16xf32>) outs(%0 : tensor<64x3x3x14x14xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<64x3x3x14x14xf32>
  %2 = tensor.empty() : tensor<256x14x14xf32>
  %3 = linalg.fill ins(%cst : f32) outs(%2 : tensor<256x14x14xf32>) -> tensor<256x14x14xf32>
  %4 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d3, d4, d5)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4, d5, d1, d2)>, affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%w, %1 : tensor<256x64x3x3xf32>, tensor<64x3x3x14x14xf32>) outs(%3 : tensor<256x14x14xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %6 = arith.mulf %in, %in_1 fastmath<reassoc> : f32
    %7 = arith.addf %out, %6 fastmath<reassoc> : f32
    linalg.yield %7 : f32
  } -> tensor<256x14x14xf32>
  return %4 : tensor<256x14x14xf32>
}
