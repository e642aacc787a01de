// RUN: loom-opt %s -split-input-file -loom-cpu-matmul-to-ukernel | FileCheck %s

// The zero fill of the output is dropped: the call overwrites (flags 0).
// CHECK-LABEL: func.func @tile_after_zero_fill
// CHECK-SAME: (%[[A:.*]]: memref<64x32xf32, strided<[128, 1], offset: ?>>, %[[B:.*]]: memref<32x16xf32>, %[[C:.*]]: memref<64x16xf32>)
// CHECK-NOT: linalg.fill
// CHECK: %[[BASE:.*]], %[[OFFSET:.*]], %{{.*}}:2, %[[STRIDES:.*]]:2 = memref.extract_strided_metadata %[[A]]
// CHECK: %[[ALIGNED:.*]] = memref.extract_aligned_pointer_as_index %[[A]]
// CHECK: %[[BYTES:.*]] = arith.muli %[[OFFSET]], %c4
// CHECK: %[[ADDRESS:.*]] = arith.addi %[[ALIGNED]], %[[BYTES]]
// CHECK: %[[ADDRESS64:.*]] = arith.index_cast %[[ADDRESS]] : index to i64
// CHECK: %[[LHS:.*]] = llvm.inttoptr %[[ADDRESS64]] : i64 to !llvm.ptr
// CHECK: %[[LHS_STRIDE:.*]] = arith.index_cast %[[STRIDES]]#0 : index to i64
// CHECK: %[[FLAGS:.*]] = arith.constant 0 : i32
// CHECK: call @loom_ukernel_matmul_f32(%[[LHS]], %[[LHS_STRIDE]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[FLAGS]])
// CHECK-NOT: linalg.matmul
// CHECK: func.func private @loom_ukernel_matmul_f32(!llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr, i64, i64, i64, i64, i32)
func.func @tile_after_zero_fill(%a: memref<64x32xf32, strided<[128, 1], offset: ?>>, %b: memref<32x16xf32>, %c: memref<64x16xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<64x16xf32>)
  linalg.matmul ins(%a, %b : memref<64x32xf32, strided<[128, 1], offset: ?>>, memref<32x16xf32>) outs(%c : memref<64x16xf32>)
  return
}

// -----

// Without a fill the product is accumulated (flags 1).
// CHECK-LABEL: func.func @accumulates
// CHECK: %[[FLAGS:.*]] = arith.constant 1 : i32
// CHECK: call @loom_ukernel_matmul_f32({{.*}}, %[[FLAGS]])
func.func @accumulates(%a: memref<4x4xf32>, %b: memref<4x4xf32>, %c: memref<4x4xf32>) {
  linalg.matmul ins(%a, %b : memref<4x4xf32>, memref<4x4xf32>) outs(%c : memref<4x4xf32>)
  return
}

// -----

// Other element types, strided rows and tensors stay linalg.matmul.
// CHECK-LABEL: func.func @negative_not_f32_rows
// CHECK-COUNT-3: linalg.matmul
// CHECK-NOT: call
func.func @negative_not_f32_rows(%a: memref<4x4xf64>, %b: memref<4x4xf64>, %c: memref<4x4xf64>,
                                 %s: memref<4x4xf32, strided<[8, 2]>>, %d: memref<4x4xf32>,
                                 %t: tensor<4x4xf32>) -> tensor<4x4xf32> {
  linalg.matmul ins(%a, %b : memref<4x4xf64>, memref<4x4xf64>) outs(%c : memref<4x4xf64>)
  linalg.matmul ins(%s, %d : memref<4x4xf32, strided<[8, 2]>>, memref<4x4xf32>) outs(%d : memref<4x4xf32>)
  %r = linalg.matmul ins(%t, %t : tensor<4x4xf32>, tensor<4x4xf32>) outs(%t : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

// A batch matmul: one call per batch index, on rank-reduced slices.
// CHECK-LABEL: func.func @batch_matmul
// CHECK-SAME: (%[[A:.*]]: memref<6x64x32xf32>, %[[B:.*]]: memref<6x32x16xf32>, %[[C:.*]]: memref<6x64x16xf32>)
// CHECK: %[[BATCH:.*]] = memref.dim %[[C]], %{{.*}} : memref<6x64x16xf32>
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %[[BATCH]] step %{{.*}} {
// CHECK: %[[AS:.*]] = memref.subview %[[A]][%[[I]], 0, 0] [1, 64, 32] [1, 1, 1] : memref<6x64x32xf32> to memref<64x32xf32, strided<[32, 1], offset: ?>>
// CHECK: memref.subview %[[B]][%[[I]], 0, 0] [1, 32, 16] [1, 1, 1]
// CHECK: %[[CS:.*]] = memref.subview %[[C]][%[[I]], 0, 0] [1, 64, 16] [1, 1, 1]
// CHECK: %[[M:.*]] = memref.dim %[[CS]], %c0
// CHECK: %[[M64:.*]] = arith.index_cast %[[M]]
// CHECK: %[[N:.*]] = memref.dim %[[CS]], %c1
// CHECK: %[[N64:.*]] = arith.index_cast %[[N]]
// CHECK: %[[K:.*]] = memref.dim %[[AS]], %c1
// CHECK: %[[K64:.*]] = arith.index_cast %[[K]]
// CHECK: call @loom_ukernel_matmul_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[M64]], %[[N64]], %[[K64]], %{{.*}})
// CHECK-NOT: linalg
func.func @batch_matmul(%a: memref<6x64x32xf32>, %b: memref<6x32x16xf32>, %c: memref<6x64x16xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<6x64x16xf32>)
  linalg.batch_matmul ins(%a, %b : memref<6x64x32xf32>, memref<6x32x16xf32>) outs(%c : memref<6x64x16xf32>)
  return
}

// -----

// The contraction that reshape propagation makes of a [1, 6, M, K] x
// [1, 6, K, N] matmul (a tile of attention's P x V): the batch loops follow
// the output's dimensions; the first is a single iteration.
// CHECK-LABEL: func.func @attention_tile
// CHECK: %[[ONE:.*]] = memref.dim %{{.*}}, %c0
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %[[ONE]] step
// CHECK: %[[TWO:.*]] = memref.dim %{{.*}}, %c1
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %[[TWO]] step
// CHECK: memref.subview %{{.*}}[%[[I]], %[[J]], 0, 0] [1, 1, 64, 128] [1, 1, 1, 1]
// CHECK: call @loom_ukernel_matmul_f32({{.*}}, %c0_i32)
// CHECK-NOT: linalg.generic
func.func @attention_tile(%p: memref<1x2x64x128xf32, strided<[98304, 16384, 128, 1], offset: ?>>,
                          %v: memref<1x2x128x64xf32, strided<[49152, 8192, 64, 1], offset: ?>>,
                          %o: memref<1x2x64x64xf32, strided<[49152, 8192, 64, 1], offset: ?>>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%o : memref<1x2x64x64xf32, strided<[49152, 8192, 64, 1], offset: ?>>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>,
                                   affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d3)>,
                                   affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%p, %v : memref<1x2x64x128xf32, strided<[98304, 16384, 128, 1], offset: ?>>,
                   memref<1x2x128x64xf32, strided<[49152, 8192, 64, 1], offset: ?>>)
      outs(%o : memref<1x2x64x64xf32, strided<[49152, 8192, 64, 1], offset: ?>>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y fastmath<reassoc> : f32
    %s = arith.addf %acc, %m fastmath<reassoc> : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// [B, M, K] x [K, N]: the rhs has no batch dimension and is the same
// matrix in every call.
// CHECK-LABEL: func.func @broadcast_rhs
// CHECK-SAME: %[[B:[^:]*]]: memref<384x96xf32>
// CHECK: scf.for
// CHECK: %[[BASE:.*]], %{{.*}}, %{{.*}}:2, %{{.*}}:2 = memref.extract_strided_metadata %[[B]]
// CHECK: call @loom_ukernel_matmul_f32({{.*}}, %c1_i32)
func.func @broadcast_rhs(%a: memref<2x64x384xf32>, %b: memref<384x96xf32>, %c: memref<2x64x96xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>,
                                   affine_map<(d0, d1, d2, d3) -> (d3, d2)>,
                                   affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<2x64x384xf32>, memref<384x96xf32>) outs(%c : memref<2x64x96xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A transposed right-hand side ([N, K]) and a contraction whose batch
// dimension is not leading in the lhs stay loops.
// CHECK-LABEL: func.func @negative_transposed
// CHECK-COUNT-2: linalg.generic
// CHECK-NOT: call
func.func @negative_transposed(%a: memref<64x32xf32>, %bt: memref<16x32xf32>, %c: memref<64x16xf32>,
                               %x: memref<64x2x32xf32>, %y: memref<2x32x16xf32>, %z: memref<2x64x16xf32>) {
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                   affine_map<(m, n, k) -> (n, k)>,
                                   affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %bt : memref<64x32xf32>, memref<16x32xf32>) outs(%c : memref<64x16xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [affine_map<(b, m, n, k) -> (m, b, k)>,
                                   affine_map<(b, m, n, k) -> (b, k, n)>,
                                   affine_map<(b, m, n, k) -> (b, m, n)>],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %y : memref<64x2x32xf32>, memref<2x32x16xf32>) outs(%z : memref<2x64x16xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// An 8-bit integer matmul (a generic whose body extends each operand) calls
// loom_ukernel_matmul_i8 with byte offsets of 1 for the operands and 4 for
// the i32 output, and its signedness in the flags: an unsigned lhs is
// LOOM_UKERNEL_LHS_UNSIGNED (2); the zero fill is dropped (no
// LOOM_UKERNEL_ACCUMULATE).
// CHECK-LABEL: func.func @integer_after_zero_fill
// CHECK-NOT: linalg.fill
// CHECK: %[[FLAGS:.*]] = arith.constant 2 : i32
// CHECK: call @loom_ukernel_matmul_i8({{.*}}, %[[FLAGS]])
// CHECK-NOT: linalg.generic
// CHECK: func.func private @loom_ukernel_matmul_i8(!llvm.ptr, i64, !llvm.ptr, i64, !llvm.ptr, i64, i64, i64, i64, i32)
func.func @integer_after_zero_fill(%a: memref<8x64xi8>, %b: memref<64x16xi8>, %c: memref<8x16xi32>) {
  %zero = arith.constant 0 : i32
  linalg.fill ins(%zero : i32) outs(%c : memref<8x16xi32>)
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<8x64xi8>, memref<64x16xi8>) outs(%c : memref<8x16xi32>) {
  ^bb0(%x: i8, %y: i8, %acc: i32):
    %wx = arith.extui %x : i8 to i32
    %wy = arith.extsi %y : i8 to i32
    %m = arith.muli %wx, %wy : i32
    %s = arith.addi %acc, %m : i32
    linalg.yield %s : i32
  }
  return
}

// -----

// Accumulating, with an unsigned rhs (LOOM_UKERNEL_ACCUMULATE |
// LOOM_UKERNEL_RHS_UNSIGNED = 5); the i32 output's offset is scaled by 4
// and the i8 lhs's by 1.
// CHECK-LABEL: func.func @integer_accumulates
// CHECK: %[[BASE:.*]], %[[OFFSET:.*]], %{{.*}}:2, %{{.*}}:2 = memref.extract_strided_metadata %arg0
// CHECK: arith.muli %[[OFFSET]], %c1
// CHECK: %[[FLAGS:.*]] = arith.constant 5 : i32
// CHECK: call @loom_ukernel_matmul_i8({{.*}}, %[[FLAGS]])
func.func @integer_accumulates(%a: memref<8x64xi8, strided<[128, 1], offset: ?>>, %b: memref<64x16xi8>, %c: memref<8x16xi32>) {
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<8x64xi8, strided<[128, 1], offset: ?>>, memref<64x16xi8>) outs(%c : memref<8x16xi32>) {
  ^bb0(%x: i8, %y: i8, %acc: i32):
    %wx = arith.extsi %x : i8 to i32
    %wy = arith.extui %y : i8 to i32
    %m = arith.muli %wx, %wy : i32
    %s = arith.addi %acc, %m : i32
    linalg.yield %s : i32
  }
  return
}

// -----

// A convolution tile's epilogue: the matmul fills a temporary [F, P] that
// an elementwise generic reads as [F, OH, OW] (expand_shape), adds a bias
// per filter and clamps to [0, 6] into the output's tile. One call of the
// epilogue entry writes the output, collapsed to [F, OH * OW] with its
// plane stride (no residual: a null pointer); the temporary's generic
// goes.
// CHECK-LABEL: func.func @conv_tile_bias_relu6
// CHECK-SAME: (%{{.*}}: memref<8x36xf32>, %{{.*}}: memref<36x48xf32>, %[[B:.*]]: memref<8xf32>, %[[OUT:.*]]: memref<8x6x8xf32, strided<[64, 8, 1], offset: ?>>)
// CHECK: %[[ROWS:.*]] = memref.collapse_shape %[[OUT]] {{\[}}[0], [1, 2]]
// CHECK: memref.extract_strided_metadata %[[ROWS]]
// CHECK: memref.extract_strided_metadata %[[B]]
// CHECK-DAG: %[[LO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 6.000000e+00 : f32
// CHECK: call @loom_ukernel_matmul_epilogue_f32({{.*}}, %[[LO]], %[[HI]])
// CHECK-NOT: linalg.generic
// CHECK-NOT: call @loom_ukernel_matmul_f32(
#identity3 = affine_map<(f, h, w) -> (f, h, w)>
#filter3 = affine_map<(f, h, w) -> (f)>
func.func @conv_tile_bias_relu6(%w: memref<8x36xf32>, %patches: memref<36x48xf32>, %b: memref<8xf32>, %out: memref<8x6x8xf32, strided<[64, 8, 1], offset: ?>>) {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %acc = memref.alloc() {alignment = 64 : i64} : memref<8x48xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<8x48xf32>)
  linalg.matmul ins(%w, %patches : memref<8x36xf32>, memref<36x48xf32>) outs(%acc : memref<8x48xf32>)
  %tile = memref.expand_shape %acc [[0], [1, 2]] output_shape [8, 6, 8] : memref<8x48xf32> into memref<8x6x8xf32>
  linalg.generic {indexing_maps = [#identity3, #filter3, #identity3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%tile, %b : memref<8x6x8xf32>, memref<8xf32>) outs(%out : memref<8x6x8xf32, strided<[64, 8, 1], offset: ?>>) {
  ^bb0(%x: f32, %bias: f32, %unused: f32):
    %s = arith.addf %x, %bias : f32
    %lo = arith.maximumf %s, %zero : f32
    %hi = arith.minimumf %lo, %six : f32
    linalg.yield %hi : f32
  }
  memref.dealloc %acc : memref<8x48xf32>
  return
}

// -----

// A ReLU in place on a dense layer's output: no bias (a null pointer), the
// clamp [0, inf]; the call accumulates as the matmul did (no fill).
// CHECK-LABEL: func.func @dense_relu_in_place
// CHECK-DAG: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 1 : i32
// CHECK: call @loom_ukernel_matmul_epilogue_f32({{.*}}, %[[FLAGS]], %[[NULL]], %{{.*}}, %[[NULL]], %{{.*}}, %{{.*}}, %{{.*}})
// CHECK-NOT: linalg.generic
#identity2 = affine_map<(i, j) -> (i, j)>
func.func @dense_relu_in_place(%x: memref<8x16xf32>, %w: memref<16x4xf32>, %out: memref<8x4xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.matmul ins(%x, %w : memref<8x16xf32>, memref<16x4xf32>) outs(%out : memref<8x4xf32>)
  linalg.generic {indexing_maps = [#identity2, #identity2], iterator_types = ["parallel", "parallel"]}
      ins(%out : memref<8x4xf32>) outs(%out : memref<8x4xf32>) {
  ^bb0(%y: f32, %unused: f32):
    %r = arith.maximumf %y, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A bias per column (a dense layer's) joins the call with
// LOOM_UKERNEL_EPILOGUE_BIAS_PER_COLUMN (16) and the bias's stride; not
// one over the last dimension of a convolution tile [F, OH, OW] (its
// columns are OH x OW), nor an output tile whose rows do not collapse (4
// of each 6-wide row).
// CHECK-LABEL: func.func @bias_per_column
// CHECK-SAME: %[[B:[a-z0-9]+]]: memref<4xf32, strided<[2]>>
// CHECK: %[[FLAGS:.*]] = arith.constant 16 : i32
// CHECK: %{{.*}}, %{{.*}}, %{{.*}}, %[[BSTRIDES:.*]] = memref.extract_strided_metadata %[[B]]
// CHECK: %[[BSTRIDE:.*]] = arith.index_cast %[[BSTRIDES]]
// CHECK: call @loom_ukernel_matmul_epilogue_f32({{.*}}, %[[FLAGS]], %{{.*}}, %[[BSTRIDE]], {{.*}})
// CHECK-NOT: linalg.generic
// CHECK-LABEL: func.func @conv_tile_bias_over_width
// CHECK: call @loom_ukernel_matmul_f32(
// CHECK: linalg.generic
// CHECK-LABEL: func.func @rows_do_not_collapse
// CHECK: call @loom_ukernel_matmul_f32(
// CHECK: linalg.generic
#identity2 = affine_map<(i, j) -> (i, j)>
#column = affine_map<(i, j) -> (j)>
#identity3 = affine_map<(f, h, w) -> (f, h, w)>
func.func @bias_per_column(%x: memref<8x16xf32>, %w: memref<16x4xf32>, %b: memref<4xf32, strided<[2]>>, %out: memref<8x4xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<8x4xf32>)
  linalg.matmul ins(%x, %w : memref<8x16xf32>, memref<16x4xf32>) outs(%out : memref<8x4xf32>)
  linalg.generic {indexing_maps = [#identity2, #column, #identity2], iterator_types = ["parallel", "parallel"]}
      ins(%out, %b : memref<8x4xf32>, memref<4xf32, strided<[2]>>) outs(%out : memref<8x4xf32>) {
  ^bb0(%y: f32, %bias: f32, %unused: f32):
    %s = arith.addf %y, %bias : f32
    linalg.yield %s : f32
  }
  return
}
#width3 = affine_map<(f, h, w) -> (w)>
func.func @conv_tile_bias_over_width(%w: memref<8x36xf32>, %patches: memref<36x48xf32>, %b: memref<8xf32>, %out: memref<8x6x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() {alignment = 64 : i64} : memref<8x48xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<8x48xf32>)
  linalg.matmul ins(%w, %patches : memref<8x36xf32>, memref<36x48xf32>) outs(%acc : memref<8x48xf32>)
  %tile = memref.expand_shape %acc [[0], [1, 2]] output_shape [8, 6, 8] : memref<8x48xf32> into memref<8x6x8xf32>
  linalg.generic {indexing_maps = [#identity3, #width3, #identity3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%tile, %b : memref<8x6x8xf32>, memref<8xf32>) outs(%out : memref<8x6x8xf32>) {
  ^bb0(%x: f32, %bias: f32, %unused: f32):
    %s = arith.addf %x, %bias : f32
    linalg.yield %s : f32
  }
  memref.dealloc %acc : memref<8x48xf32>
  return
}
func.func @rows_do_not_collapse(%w: memref<8x36xf32>, %patches: memref<36x24xf32>, %out: memref<8x6x4xf32, strided<[36, 6, 1]>>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() {alignment = 64 : i64} : memref<8x24xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<8x24xf32>)
  linalg.matmul ins(%w, %patches : memref<8x36xf32>, memref<36x24xf32>) outs(%acc : memref<8x24xf32>)
  %tile = memref.expand_shape %acc [[0], [1, 2]] output_shape [8, 6, 4] : memref<8x24xf32> into memref<8x6x4xf32>
  linalg.generic {indexing_maps = [#identity3, #identity3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%tile : memref<8x6x4xf32>) outs(%out : memref<8x6x4xf32, strided<[36, 6, 1]>>) {
  ^bb0(%x: f32, %unused: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %acc : memref<8x24xf32>
  return
}

// -----

// ResNet's second convolution of a block: bias, then the residual (the
// block's input tile), then ReLU. The call reads the residual collapsed to
// rows; a residual added before the bias, or one that is the output
// itself, keeps the generic.
// CHECK-LABEL: func.func @conv_tile_bias_residual_relu
// CHECK-SAME: %[[RES:[a-z0-9]+]]: memref<8x6x8xf32, strided<[64, 8, 1], offset: ?>>, %[[OUT:[a-z0-9]+]]: memref<8x6x8xf32
// CHECK-DAG: memref.collapse_shape %[[OUT]] {{\[}}[0], [1, 2]]
// CHECK-DAG: %[[RROWS:.*]] = memref.collapse_shape %[[RES]] {{\[}}[0], [1, 2]]
// CHECK: memref.extract_strided_metadata %[[RROWS]]
// CHECK: call @loom_ukernel_matmul_epilogue_f32(
// CHECK-NOT: linalg.generic
// CHECK-LABEL: func.func @residual_before_bias
// CHECK: call @loom_ukernel_matmul_f32(
// CHECK: linalg.generic
// CHECK-LABEL: func.func @residual_is_the_output
// CHECK: call @loom_ukernel_matmul_f32(
// CHECK: linalg.generic
#identity3 = affine_map<(f, h, w) -> (f, h, w)>
#filter3 = affine_map<(f, h, w) -> (f)>
func.func @conv_tile_bias_residual_relu(%w: memref<8x36xf32>, %patches: memref<36x48xf32>, %b: memref<8xf32>, %res: memref<8x6x8xf32, strided<[64, 8, 1], offset: ?>>, %out: memref<8x6x8xf32, strided<[64, 8, 1], offset: ?>>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() {alignment = 64 : i64} : memref<8x48xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<8x48xf32>)
  linalg.matmul ins(%w, %patches : memref<8x36xf32>, memref<36x48xf32>) outs(%acc : memref<8x48xf32>)
  %tile = memref.expand_shape %acc [[0], [1, 2]] output_shape [8, 6, 8] : memref<8x48xf32> into memref<8x6x8xf32>
  linalg.generic {indexing_maps = [#identity3, #filter3, #identity3, #identity3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%tile, %b, %res : memref<8x6x8xf32>, memref<8xf32>, memref<8x6x8xf32, strided<[64, 8, 1], offset: ?>>) outs(%out : memref<8x6x8xf32, strided<[64, 8, 1], offset: ?>>) {
  ^bb0(%x: f32, %bias: f32, %r: f32, %unused: f32):
    %s = arith.addf %x, %bias : f32
    %t = arith.addf %r, %s : f32
    %y = arith.maximumf %t, %zero : f32
    linalg.yield %y : f32
  }
  memref.dealloc %acc : memref<8x48xf32>
  return
}
func.func @residual_before_bias(%w: memref<8x36xf32>, %patches: memref<36x48xf32>, %b: memref<8xf32>, %res: memref<8x6x8xf32>, %out: memref<8x6x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() {alignment = 64 : i64} : memref<8x48xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<8x48xf32>)
  linalg.matmul ins(%w, %patches : memref<8x36xf32>, memref<36x48xf32>) outs(%acc : memref<8x48xf32>)
  %tile = memref.expand_shape %acc [[0], [1, 2]] output_shape [8, 6, 8] : memref<8x48xf32> into memref<8x6x8xf32>
  linalg.generic {indexing_maps = [#identity3, #filter3, #identity3, #identity3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%tile, %b, %res : memref<8x6x8xf32>, memref<8xf32>, memref<8x6x8xf32>) outs(%out : memref<8x6x8xf32>) {
  ^bb0(%x: f32, %bias: f32, %r: f32, %unused: f32):
    %t = arith.addf %x, %r : f32
    %s = arith.addf %t, %bias : f32
    linalg.yield %s : f32
  }
  memref.dealloc %acc : memref<8x48xf32>
  return
}
func.func @residual_is_the_output(%w: memref<8x36xf32>, %patches: memref<36x48xf32>, %out: memref<8x6x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() {alignment = 64 : i64} : memref<8x48xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<8x48xf32>)
  linalg.matmul ins(%w, %patches : memref<8x36xf32>, memref<36x48xf32>) outs(%acc : memref<8x48xf32>)
  %tile = memref.expand_shape %acc [[0], [1, 2]] output_shape [8, 6, 8] : memref<8x48xf32> into memref<8x6x8xf32>
  linalg.generic {indexing_maps = [#identity3, #identity3, #identity3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%tile, %out : memref<8x6x8xf32>, memref<8x6x8xf32>) outs(%out : memref<8x6x8xf32>) {
  ^bb0(%x: f32, %r: f32, %unused: f32):
    %t = arith.addf %r, %x : f32
    linalg.yield %t : f32
  }
  memref.dealloc %acc : memref<8x48xf32>
  return
}

// -----

// The matmul writes [F, P] through one collapse of an [1, F, OH, OW]
// temporary and the epilogue reads [F, OH, OW] through another: the same
// elements in the same order, so the epilogue joins the call.
// CHECK-LABEL: func.func @epilogue_through_another_view
// CHECK: call @loom_ukernel_matmul_epilogue_f32(
// CHECK-NOT: linalg.generic
#identity3 = affine_map<(f, h, w) -> (f, h, w)>
func.func @epilogue_through_another_view(%w: memref<8x36xf32>, %patches: memref<36x48xf32>, %out: memref<8x6x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() {alignment = 64 : i64} : memref<1x8x6x8xf32>
  %rows = memref.collapse_shape %acc [[0, 1], [2, 3]] : memref<1x8x6x8xf32> into memref<8x48xf32>
  linalg.fill ins(%zero : f32) outs(%rows : memref<8x48xf32>)
  linalg.matmul ins(%w, %patches : memref<8x36xf32>, memref<36x48xf32>) outs(%rows : memref<8x48xf32>)
  %tile = memref.collapse_shape %acc [[0, 1], [2], [3]] : memref<1x8x6x8xf32> into memref<8x6x8xf32>
  linalg.generic {indexing_maps = [#identity3, #identity3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%tile : memref<8x6x8xf32>) outs(%out : memref<8x6x8xf32>) {
  ^bb0(%x: f32, %unused: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %acc : memref<1x8x6x8xf32>
  return
}

// -----

// A batch's tile: the epilogue reads the matmul's [F, P] as [1, F, OH, OW]
// (the image's unit dimension first), with the bias and the output indexed
// accordingly; the call writes the output collapsed to [F, OH * OW].
// CHECK-LABEL: func.func @batch_tile_bias_relu
// CHECK-SAME: %[[OUT:[a-z0-9]+]]: memref<1x8x6x8xf32, strided<[768, 48, 8, 1], offset: ?>>
// CHECK: memref.collapse_shape %[[OUT]] {{\[}}[0, 1], [2, 3]]
// CHECK: call @loom_ukernel_matmul_epilogue_f32(
// CHECK-NOT: linalg.generic
#identity4 = affine_map<(n, f, h, w) -> (n, f, h, w)>
#filter4 = affine_map<(n, f, h, w) -> (f)>
func.func @batch_tile_bias_relu(%w: memref<8x36xf32>, %patches: memref<36x48xf32>, %b: memref<8xf32>, %out: memref<1x8x6x8xf32, strided<[768, 48, 8, 1], offset: ?>>) {
  %zero = arith.constant 0.0 : f32
  %acc = memref.alloc() {alignment = 64 : i64} : memref<8x48xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<8x48xf32>)
  linalg.matmul ins(%w, %patches : memref<8x36xf32>, memref<36x48xf32>) outs(%acc : memref<8x48xf32>)
  %tile = memref.expand_shape %acc [[0, 1], [2, 3]] output_shape [1, 8, 6, 8] : memref<8x48xf32> into memref<1x8x6x8xf32>
  linalg.generic {indexing_maps = [#identity4, #filter4, #identity4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%tile, %b : memref<1x8x6x8xf32>, memref<8xf32>) outs(%out : memref<1x8x6x8xf32, strided<[768, 48, 8, 1], offset: ?>>) {
  ^bb0(%x: f32, %bias: f32, %unused: f32):
    %s = arith.addf %x, %bias : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %acc : memref<8x48xf32>
  return
}

// -----

// A convolution tile's bias and SiLU (x * sigmoid(x) as loom.sigmoid and
// loom.mul lower it): the epilogue entry with LOOM_UKERNEL_EPILOGUE_SILU
// (8) in its flags and no clamp (-inf, inf).
// CHECK-LABEL: func.func @conv_tile_bias_silu
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 8 : i32
// CHECK-DAG: %[[LO:.*]] = arith.constant 0xFF800000 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 0x7F800000 : f32
// CHECK: call @loom_ukernel_matmul_epilogue_f32({{.*}}, %[[FLAGS]], {{.*}}, %[[LO]], %[[HI]])
// CHECK-NOT: linalg.generic
#identity3s = affine_map<(f, h, w) -> (f, h, w)>
#filter3s = affine_map<(f, h, w) -> (f)>
func.func @conv_tile_bias_silu(%w: memref<8x36xf32>, %patches: memref<36x48xf32>, %b: memref<8xf32>, %out: memref<8x6x8xf32, strided<[64, 8, 1], offset: ?>>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %acc = memref.alloc() {alignment = 64 : i64} : memref<8x48xf32>
  linalg.fill ins(%zero : f32) outs(%acc : memref<8x48xf32>)
  linalg.matmul ins(%w, %patches : memref<8x36xf32>, memref<36x48xf32>) outs(%acc : memref<8x48xf32>)
  %tile = memref.expand_shape %acc [[0], [1, 2]] output_shape [8, 6, 8] : memref<8x48xf32> into memref<8x6x8xf32>
  linalg.generic {indexing_maps = [#identity3s, #filter3s, #identity3s], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%tile, %b : memref<8x6x8xf32>, memref<8xf32>) outs(%out : memref<8x6x8xf32, strided<[64, 8, 1], offset: ?>>) {
  ^bb0(%x: f32, %bias: f32, %unused: f32):
    %s = arith.addf %x, %bias : f32
    %n = arith.negf %s : f32
    %e = math.exp %n : f32
    %d = arith.addf %e, %one : f32
    %r = arith.divf %one, %d : f32
    %y = arith.mulf %s, %r : f32
    linalg.yield %y : f32
  }
  memref.dealloc %acc : memref<8x48xf32>
  return
}

// -----

// SiLU, then a clamp: both in the call (flags 8, bounds 0 and 6), the
// operands of the add and the multiply in the other order.
// CHECK-LABEL: func.func @dense_silu_then_clamp
// CHECK: %[[FLAGS:.*]] = arith.constant 9 : i32
// CHECK-DAG: %[[LO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 6.000000e+00 : f32
// CHECK: call @loom_ukernel_matmul_epilogue_f32({{.*}}, %[[FLAGS]], {{.*}}, %[[LO]], %[[HI]])
// CHECK-NOT: linalg.generic

#id2s = affine_map<(i, j) -> (i, j)>
func.func @dense_silu_then_clamp(%a: memref<16x32xf32>, %b: memref<32x64xf32>, %c: memref<16x64xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %six = arith.constant 6.0 : f32
  linalg.matmul ins(%a, %b : memref<16x32xf32>, memref<32x64xf32>) outs(%c : memref<16x64xf32>)
  linalg.generic {indexing_maps = [#id2s, #id2s], iterator_types = ["parallel", "parallel"]} ins(%c : memref<16x64xf32>) outs(%c : memref<16x64xf32>) {
  ^bb0(%x: f32, %unused: f32):
    %n = arith.negf %x : f32
    %e = math.exp %n : f32
    %d = arith.addf %one, %e : f32
    %r = arith.divf %one, %d : f32
    %y = arith.mulf %r, %x : f32
    %lo = arith.maximumf %y, %zero : f32
    %hi = arith.minimumf %lo, %six : f32
    linalg.yield %hi : f32
  }
  return
}

// -----

// Not SiLU: exp(-x) / (1 + exp(-x)) multiplies by something else than x,
// a bias after the SiLU is not the call's order, and a sigmoid of another
// value than the running one: the generics stay.
// CHECK-LABEL: func.func @negative_not_silu
// CHECK-NOT: call @loom_ukernel_matmul_epilogue_f32
// CHECK: call @loom_ukernel_matmul_f32(
// CHECK-NEXT: linalg.generic
// CHECK: call @loom_ukernel_matmul_f32(
// CHECK-NEXT: linalg.generic
// CHECK: call @loom_ukernel_matmul_f32(
// CHECK-NEXT: linalg.generic
#id2n = affine_map<(i, j) -> (i, j)>
func.func @negative_not_silu(%a: memref<16x32xf32>, %b: memref<32x64xf32>, %c: memref<16x64xf32>, %c2: memref<16x64xf32>, %c3: memref<16x64xf32>) {
  %one = arith.constant 1.0 : f32
  %two = arith.constant 2.0 : f32
  linalg.matmul ins(%a, %b : memref<16x32xf32>, memref<32x64xf32>) outs(%c : memref<16x64xf32>)
  linalg.generic {indexing_maps = [#id2n, #id2n], iterator_types = ["parallel", "parallel"]} ins(%c : memref<16x64xf32>) outs(%c : memref<16x64xf32>) {
  ^bb0(%x: f32, %unused: f32):
    %n = arith.negf %x : f32
    %e = math.exp %n : f32
    %d = arith.addf %e, %one : f32
    %r = arith.divf %one, %d : f32
    %y = arith.mulf %e, %r : f32
    linalg.yield %y : f32
  }
  linalg.matmul ins(%a, %b : memref<16x32xf32>, memref<32x64xf32>) outs(%c2 : memref<16x64xf32>)
  linalg.generic {indexing_maps = [#id2n, #id2n], iterator_types = ["parallel", "parallel"]} ins(%c2 : memref<16x64xf32>) outs(%c2 : memref<16x64xf32>) {
  ^bb0(%x: f32, %unused: f32):
    %n = arith.negf %x : f32
    %e = math.exp %n : f32
    %d = arith.addf %e, %one : f32
    %r = arith.divf %one, %d : f32
    %y = arith.mulf %x, %r : f32
    %z = arith.addf %y, %two : f32
    linalg.yield %z : f32
  }
  linalg.matmul ins(%a, %b : memref<16x32xf32>, memref<32x64xf32>) outs(%c3 : memref<16x64xf32>)
  linalg.generic {indexing_maps = [#id2n, #id2n], iterator_types = ["parallel", "parallel"]} ins(%c3 : memref<16x64xf32>) outs(%c3 : memref<16x64xf32>) {
  ^bb0(%x: f32, %unused: f32):
    %h = arith.mulf %x, %two : f32
    %n = arith.negf %h : f32
    %e = math.exp %n : f32
    %d = arith.addf %e, %one : f32
    %r = arith.divf %one, %d : f32
    %y = arith.mulf %h, %r : f32
    linalg.yield %y : f32
  }
  return
}

// -----

// A pre-packed weight: the call reads the tile's panels (its first stride,
// 2048 = 64 x 32 floats, is the distance between panels) with
// LOOM_UKERNEL_RHS_PACKED (32), and the generic that would restore the
// matrix into the temporary goes.
// CHECK-LABEL: func.func @packed_weight
// CHECK-SAME: (%[[A:.*]]: memref<64x64xf32>, %[[W:.*]]: memref<32x64x32xf32>, %[[C:.*]]: memref<64x1000xf32>, %[[J:.*]]: index, %[[Q:.*]]: index)
// CHECK: %[[P:.*]] = memref.subview %[[W]][%[[Q]], 0, 0] [4, 64, 32] [1, 1, 1]
// CHECK-NOT: linalg.generic
// CHECK: %{{.*}}, %{{.*}}, %{{.*}}:3, %[[STRIDES:.*]]:3 = memref.extract_strided_metadata %[[P]]
// CHECK: %[[PANEL_STRIDE:.*]] = arith.index_cast %[[STRIDES]]#0 : index to i64
// CHECK: %[[FLAGS:.*]] = arith.constant 32 : i32
// CHECK: call @loom_ukernel_matmul_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[PANEL_STRIDE]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[FLAGS]])
// CHECK-NOT: linalg
func.func @packed_weight(%a: memref<64x64xf32>, %w: memref<32x64x32xf32>, %c: memref<64x1000xf32>, %j: index, %q: index) {
  %zero = arith.constant 0.0 : f32
  %panels = memref.subview %w[%q, 0, 0] [4, 64, 32] [1, 1, 1] : memref<32x64x32xf32> to memref<4x64x32xf32, strided<[2048, 32, 1], offset: ?>>
  %b = memref.alloc() {alignment = 64 : i64} : memref<64x128xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1 floordiv 32, d0, d1 mod 32)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%panels : memref<4x64x32xf32, strided<[2048, 32, 1], offset: ?>>) outs(%b : memref<64x128xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  %out = memref.subview %c[0, %j] [64, 128] [1, 1] : memref<64x1000xf32> to memref<64x128xf32, strided<[1000, 1], offset: ?>>
  linalg.fill ins(%zero : f32) outs(%out : memref<64x128xf32, strided<[1000, 1], offset: ?>>)
  linalg.matmul ins(%a, %b : memref<64x64xf32>, memref<64x128xf32>) outs(%out : memref<64x128xf32, strided<[1000, 1], offset: ?>>)
  return
}

// -----

// The restored matrix is read by something else too: it stays, and the
// call reads it (flags 0).
// CHECK-LABEL: func.func @packed_weight_read_elsewhere
// CHECK: linalg.generic
// CHECK: %[[FLAGS:.*]] = arith.constant 0 : i32
// CHECK: call @loom_ukernel_matmul_f32({{.*}}, %[[FLAGS]])
// CHECK: memref.copy
func.func @packed_weight_read_elsewhere(%a: memref<64x64xf32>, %w: memref<2x64x32xf32>, %c: memref<64x64xf32>, %d: memref<64x64xf32>) {
  %zero = arith.constant 0.0 : f32
  %b = memref.alloc() {alignment = 64 : i64} : memref<64x64xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1 floordiv 32, d0, d1 mod 32)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%w : memref<2x64x32xf32>) outs(%b : memref<64x64xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  linalg.fill ins(%zero : f32) outs(%c : memref<64x64xf32>)
  linalg.matmul ins(%a, %b : memref<64x64xf32>, memref<64x64xf32>) outs(%c : memref<64x64xf32>)
  memref.copy %b, %d : memref<64x64xf32> to memref<64x64xf32>
  return
}
