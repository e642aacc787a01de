// RUN: loom-opt %s -split-input-file -loom-lower-to-linalg | FileCheck %s

// The NN, scan and top-k patterns of loom-lower-to-linalg
// (passes/LowerToLinalgNN.cpp). The numbers are checked by execution in
// loom_lower_to_linalg_{conv,pool,softmax,scan}_run.mlir.

// Batch 1: the input padded as [C, H, W], its patches [C, K1, K2, out..]
// and one contraction of the filter with them into the result, no reshape
// between the ops.
// CHECK-DAG: #[[PATCH:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d3 * 2 + d1, d4 * 2 + d2)>
// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>
// CHECK-DAG: #[[COLUMNS:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5, d6, d2, d3)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_batch_one_is_one_contraction
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<16x3x3x3xf32>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1], [2], [3]] : tensor<1x3x8x8xf32> into tensor<3x8x8xf32>
// CHECK: %[[PAD:.*]] = tensor.pad %[[C]] low[0, 1, 1] high[0, 0, 0]
// CHECK: %[[COLS:.*]] = linalg.generic {indexing_maps = [#[[PATCH]], #{{.*}}]{{.*}} ins(%[[PAD]] : tensor<3x9x9xf32>) outs(%{{.*}} : tensor<3x3x3x4x4xf32>)
// CHECK: %[[ZERO:.*]] = linalg.fill
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[FILTER]], #[[COLUMNS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[W]], %[[COLS]] : tensor<16x3x3x3xf32>, tensor<3x3x3x4x4xf32>) outs(%[[ZERO]] : tensor<1x16x4x4xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: tensor.expand_shape
// CHECK: return %[[Y]]
func.func @conv_batch_one_is_one_contraction(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x4x4xf32> {
  %0 = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [0, 0] groups 1 : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}

// -----

// Batch 2: the patches [C, K, N, out] keep N, which the contraction writes
// first: no transpose.
// CHECK-DAG: #[[DILATED:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d0, d3 + d1 * 2)>
// CHECK-DAG: #[[COLUMNS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d3, d4, d0, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @conv_batch_two_is_one_contraction
// CHECK-NOT: tensor.pad
// CHECK: %[[COLS:.*]] = linalg.generic {indexing_maps = [#[[DILATED]], #{{.*}}]{{.*}} outs(%{{.*}} : tensor<3x2x2x4xf32>)
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[COLUMNS]], #[[OUT]]]{{.*}} ins(%{{.*}}, %[[COLS]] : tensor<5x3x2xf32>, tensor<3x2x2x4xf32>) outs(%{{.*}} : tensor<2x5x4xf32>)
// CHECK-NOT: linalg.transpose
func.func @conv_batch_two_is_one_contraction(%x: tensor<2x3x6xf32>, %w: tensor<5x3x2xf32>) -> tensor<2x5x4xf32> {
  %0 = loom.conv %x, %w strides [1] dilations [2] pad_low [0] pad_high [0] groups 1 : (tensor<2x3x6xf32>, tensor<5x3x2xf32>) -> tensor<2x5x4xf32>
  return %0 : tensor<2x5x4xf32>
}

// -----

// A 1x1 convolution with unit strides contracts the input itself.
// CHECK-DAG: #[[COLUMNS:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2, d3)>
// CHECK-LABEL: func.func @conv_1x1_reads_the_input
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[W:.*]]: tensor<16x8x1x1xf32>
// CHECK-NOT: tensor.collapse_shape
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[COLUMNS]], #{{.*}}]{{.*}} ins(%[[W]], %[[X]] : tensor<16x8x1x1xf32>, tensor<1x8x4x4xf32>) outs(%{{.*}} : tensor<1x16x4x4xf32>)
// CHECK-NOT: linalg.generic
func.func @conv_1x1_reads_the_input(%x: tensor<1x8x4x4xf32>, %w: tensor<16x8x1x1xf32>) -> tensor<1x16x4x4xf32> {
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x8x4x4xf32>, tensor<16x8x1x1xf32>) -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}

// -----

// A strided 1x1 convolution needs an im2col, without the unit window
// dimensions.
// CHECK-DAG: #[[STRIDED:.*]] = affine_map<(d0, d1, d2) -> (d0, d1 * 2, d2 * 2)>
// CHECK-DAG: #[[COLUMNS:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d2, d3)>
// CHECK-LABEL: func.func @conv_1x1_strided_drops_the_unit_window
// CHECK: %[[COLS:.*]] = linalg.generic {indexing_maps = [#[[STRIDED]], #{{.*}}]{{.*}} outs(%{{.*}} : tensor<8x2x2xf32>)
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[COLUMNS]], #{{.*}}]{{.*}} ins(%{{.*}}, %[[COLS]] : tensor<16x8x1x1xf32>, tensor<8x2x2xf32>)
func.func @conv_1x1_strided_drops_the_unit_window(%x: tensor<1x8x4x4xf32>, %w: tensor<16x8x1x1xf32>) -> tensor<1x16x2x2xf32> {
  %0 = loom.conv %x, %w strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] groups 1 : (tensor<1x8x4x4xf32>, tensor<16x8x1x1xf32>) -> tensor<1x16x2x2xf32>
  return %0 : tensor<1x16x2x2xf32>
}

// -----

// Depthwise: one generic over (n, g, f, oh, c, kh, kw, ow) on the input and
// filter expanded by group, the output width innermost.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d4, d3 + d5, d6 + d7)>
// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d4, d5, d6)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d7)>
// CHECK-LABEL: func.func @depthwise_conv_is_one_generic
// CHECK: %[[PAD:.*]] = tensor.pad
// CHECK: %[[XG:.*]] = tensor.expand_shape %[[PAD]] {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 8, 1, 6, 6]
// CHECK: %[[WG:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3], [4]] output_shape [8, 1, 1, 3, 3]
// CHECK: %[[G:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[FILTER]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%[[XG]], %[[WG]]
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: tensor.collapse_shape %[[G]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x8x1x4x4xf32> into tensor<1x8x4x4xf32>
// CHECK-NOT: linalg.matmul
func.func @depthwise_conv_is_one_generic(%x: tensor<1x8x4x4xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32> {
  %0 = loom.conv %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 8 : (tensor<1x8x4x4xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// f16 accumulates in f32 (the contraction's output) and rounds once.
// CHECK-LABEL: func.func @f16_conv_accumulates_in_f32
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x3x4xf16>, tensor<3x4x3xf16>) outs(%{{.*}} : tensor<1x4x3xf32>)
// CHECK: arith.extf
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @f16_conv_accumulates_in_f32(%x: tensor<1x3x5xf16>, %w: tensor<4x3x4xf16>) -> tensor<1x4x3xf16> {
  %0 = loom.conv %x, %w strides [1] dilations [1] pad_low [1] pad_high [0] groups 1 : (tensor<1x3x5xf16>, tensor<4x3x4xf16>) -> tensor<1x4x3xf16>
  return %0 : tensor<1x4x3xf16>
}

// -----

// Each result position gathers the input position that reaches it, when
// (p + pad_low - w * dilation) divides by the stride and lies inside.
// CHECK-LABEL: func.func @conv_transpose_gathers_its_contributions
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x3xf32>
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK: arith.remui
// CHECK: arith.divui
// CHECK: %[[V:.*]] = tensor.extract %[[X]]
// CHECK: %[[PRODUCT:.*]] = arith.mulf %[[V]]
// CHECK: %[[SUM:.*]] = arith.addf %{{.*}}, %[[PRODUCT]]
// CHECK: arith.select %{{.*}}, %[[SUM]], %{{.*}} : f32
func.func @conv_transpose_gathers_its_contributions(%x: tensor<1x2x3xf32>, %w: tensor<2x3x2xf32>) -> tensor<1x3x6xf32> {
  %0 = loom.conv_transpose %x, %w strides [2] dilations [1] pad_low [0] pad_high [0] output_padding [0] groups 1 : (tensor<1x2x3xf32>, tensor<2x3x2xf32>) -> tensor<1x3x6xf32>
  return %0 : tensor<1x3x6xf32>
}

// -----

// Padding is -inf, and the window's loop bounds come from an unread tensor
// of its shape. Loops (n, c, oh, kh, kw, ow): the output width innermost.
// CHECK-DAG: #[[WINDOW:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d3 * 2, d5 * 2 + d4 * 2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @max_pool_pads_with_minus_infinity
// CHECK: %[[LOW:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PAD:.*]] = tensor.pad
// CHECK: tensor.yield %[[LOW]]
// CHECK: %[[SHAPE:.*]] = tensor.empty() : tensor<2x2xf32>
// CHECK: linalg.generic {indexing_maps = [#[[WINDOW]], #{{.*}}, #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%[[PAD]], %[[SHAPE]]
// CHECK: arith.maximumf
func.func @max_pool_pads_with_minus_infinity(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = loom.max_pool %x kernel [2, 2] strides [2, 2] dilations [2, 2] pad_low [1, 1] pad_high [1, 1] : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @integer_max_pool_pads_with_the_smallest_integer
// CHECK: arith.constant -128 : i8
// CHECK: arith.maxsi
func.func @integer_max_pool_pads_with_the_smallest_integer(%x: tensor<1x1x4xi8>) -> tensor<1x1x2xi8> {
  %0 = loom.max_pool %x kernel [2] strides [2] dilations [1] pad_low [1] pad_high [0] : (tensor<1x1x4xi8>) -> tensor<1x1x2xi8>
  return %0 : tensor<1x1x2xi8>
}

// -----

// Without count_include_pad each output divides by the number of window
// elements inside the input, from its position.
// CHECK-LABEL: func.func @avg_pool_divides_by_the_inside_count
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK: linalg.generic
// CHECK: linalg.index 2
// CHECK: arith.minsi
// CHECK: linalg.index 3
// CHECK: %[[COUNT:.*]] = arith.sitofp
// CHECK: arith.divf %{{.*}}, %[[COUNT]] : f32
func.func @avg_pool_divides_by_the_inside_count(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = loom.avg_pool %x kernel [3, 3] strides [2, 2] pad_low [1, 1] pad_high [1, 1] : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @avg_pool_count_include_pad_divides_by_the_window
// CHECK: %[[NINE:.*]] = arith.constant 9.000000e+00 : f32
// CHECK: arith.divf %{{.*}}, %[[NINE]] : f32
// CHECK-NOT: linalg.index
func.func @avg_pool_count_include_pad_divides_by_the_window(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = loom.avg_pool %x kernel [3, 3] strides [2, 2] pad_low [1, 1] pad_high [1, 1] count_include_pad : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Max from -inf, sum of exp(x - max), then exp(x - max) / sum.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @softmax_along_the_last_axis
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.maxnumf
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%{{.*}}, %[[MAX]], %[[SUM]]
// CHECK: math.exp
// CHECK: arith.divf
func.func @softmax_along_the_last_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = loom.softmax %x axis 1 : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// log_softmax takes log(sum) once per slice: x - max - log(sum).
// CHECK-LABEL: func.func @f16_log_softmax_along_the_first_axis
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction", "parallel"]
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: %[[SUM:.*]] = linalg.generic
// CHECK: %[[LOG:.*]] = linalg.generic {{.*}}ins(%[[SUM]]
// CHECK: math.log
// CHECK: linalg.generic {{.*}}ins(%{{.*}}, %{{.*}}, %[[LOG]] : tensor<2x3xf16>, tensor<3xf32>, tensor<3xf32>)
// CHECK: arith.subf
// CHECK: arith.subf
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @f16_log_softmax_along_the_first_axis(%x: tensor<2x3xf16>) -> tensor<2x3xf16> {
  %0 = loom.log_softmax %x axis 0 : tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// -----

// Sum, mean, squared deviations, sqrt(var + eps), then the affine part with
// scale and bias broadcast over the normalized dimensions; every pass reads
// x less the slice's first element (#FIRST).
// CHECK-DAG: #[[ROWS:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-DAG: #[[FIRST:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, 0)>
// CHECK-DAG: #[[LAST:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @layer_norm_over_the_last_two_axes(
// CHECK-SAME: %[[X:[^:]*]]: tensor<2x3x4xf32>
// CHECK: %[[EPS:.*]] = arith.constant 9.99999974E-6 : f32
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[FIRST]], #[[ROWS]]], iterator_types = ["parallel", "reduction", "reduction"]} ins(%[[X]], %[[X]] :
// CHECK: %[[X0:.*]] = arith.subf %{{.*}}, %{{.*}} : f32
// CHECK: arith.addf %{{.*}}, %[[X0]]
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}}ins(%[[SUM]]
// CHECK: arith.divf
// CHECK: %[[SQUARES:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[FIRST]], #[[ROWS]], #[[ROWS]]], {{.*}} ins(%[[X]], %[[X]], %[[MEAN]]
// CHECK: arith.mulf
// CHECK: %[[DEV:.*]] = linalg.generic {{.*}}ins(%[[SQUARES]]
// CHECK: arith.addf %{{.*}}, %[[EPS]]
// CHECK: math.sqrt
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[FIRST]], #[[ROWS]], #[[ROWS]], #[[LAST]], #[[LAST]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]], %[[X]], %[[MEAN]], %[[DEV]]
func.func @layer_norm_over_the_last_two_axes(%x: tensor<2x3x4xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<2x3x4xf32> {
  %0 = loom.layer_norm %x, %s, %b axis 1 : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// One reduction carrying (best value, best index); the first element is
// always taken, NaN beats numbers, and select_last_index takes ties.
// CHECK-LABEL: func.func @argmax_select_last_index_keepdims
// CHECK: %[[R:.*]]:2 = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} outs(%{{.*}}, %{{.*}} : tensor<2xf32>, tensor<2xi64>)
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[I64]], %{{.*}} : i64
// CHECK: %[[XNAN:.*]] = arith.cmpf uno
// CHECK: %[[BESTNAN:.*]] = arith.cmpf uno
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf ogt
// CHECK: %[[NUMBER:.*]] = arith.ori
// CHECK: %[[TAKE:.*]] = arith.select %[[BESTNAN]], %[[XNAN]], %[[NUMBER]] : i1
// CHECK: arith.ori %[[FIRST]], %[[TAKE]] : i1
// CHECK: tensor.expand_shape %[[R]]#1 {{\[\[}}0, 1]] output_shape [2, 1] : tensor<2xi64> into tensor<2x1xi64>
func.func @argmax_select_last_index_keepdims(%x: tensor<2x3xf32>) -> tensor<2x1xi64> {
  %0 = loom.argmax %x axis 1 keepdims select_last_index : (tensor<2x3xf32>) -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

// CHECK-LABEL: func.func @integer_argmin
// CHECK: arith.cmpi slt
// CHECK-NOT: arith.cmpf
func.func @integer_argmin(%x: tensor<4x3xi32>) -> tensor<3xi64> {
  %0 = loom.argmin %x axis 0 : (tensor<4x3xi32>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// The extra loop j reads the line backwards for `reverse`, and an unread
// tensor of the line's size bounds it.
// CHECK-DAG: #[[BACKWARDS:.*]] = affine_map<(d0, d1, d2) -> (d0, -d2 + 2)>
// CHECK-DAG: #[[J:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @cumsum_exclusive_reverse
// CHECK: linalg.generic {indexing_maps = [#[[BACKWARDS]], #[[J]], #{{.*}}], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[STEP:.*]] = linalg.index 2 : index
// CHECK: %[[LAST:.*]] = arith.subi %{{.*}}, %[[I]] : index
// CHECK: %[[BELONGS:.*]] = arith.cmpi ult, %[[STEP]], %[[LAST]] : index
// CHECK: %[[FIRST:.*]] = arith.cmpi eq, %[[STEP]], %{{.*}} : index
// CHECK: %[[ADDED:.*]] = arith.addf
// CHECK: %[[NEXT:.*]] = arith.select %[[FIRST]], %{{.*}}, %[[ADDED]] : f32
// CHECK: arith.select %[[BELONGS]], %[[NEXT]], %{{.*}} : f32
func.func @cumsum_exclusive_reverse(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = loom.cumsum %x axis 1 exclusive reverse : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Ranks in the stable order, then the element of rank p at position p.
// CHECK-LABEL: func.func @topk_ranks_then_selects
// CHECK: %[[RANKS:.*]] = linalg.generic {{.*}}outs(%{{.*}} : tensor<3x4xi64>)
// CHECK: arith.cmpi sgt
// CHECK: arith.extui %{{.*}} : i1 to i64
// CHECK: arith.addi
// CHECK: %[[TOP:.*]]:2 = linalg.generic {{.*}}ins(%{{.*}}, %[[RANKS]] : tensor<3x4xi32>, tensor<3x4xi64>) outs(%{{.*}}, %{{.*}} : tensor<3x2xi32>, tensor<3x2xi64>)
// CHECK: arith.cmpi eq
// CHECK: return %[[TOP]]#0, %[[TOP]]#1
func.func @topk_ranks_then_selects(%x: tensor<3x4xi32>) -> (tensor<3x2xi32>, tensor<3x2xi64>) {
  %v, %i = loom.topk %x axis 1 k 2 : (tensor<3x4xi32>) -> (tensor<3x2xi32>, tensor<3x2xi64>)
  return %v, %i : tensor<3x2xi32>, tensor<3x2xi64>
}

// -----

// CHECK-LABEL: func.func @topk_of_nothing_is_empty
// CHECK-NOT: linalg.generic
// CHECK: tensor.empty() : tensor<3x0xf32>
func.func @topk_of_nothing_is_empty(%x: tensor<3x4xf32>) -> (tensor<3x0xf32>, tensor<3x0xi64>) {
  %v, %i = loom.topk %x axis 1 k 0 largest = false : (tensor<3x4xf32>) -> (tensor<3x0xf32>, tensor<3x0xi64>)
  return %v, %i : tensor<3x0xf32>, tensor<3x0xi64>
}

// -----

// A batched lhs times a rank-2 rhs is one matmul on the collapsed rows.
// CHECK-LABEL: func.func @batched_lhs_times_a_matrix_is_one_matmul
// CHECK: %[[ROWS:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] : tensor<2x3x4x8xf32> into tensor<24x8xf32>
// CHECK: %[[MM:.*]] = linalg.matmul ins(%[[ROWS]], %{{.*}} : tensor<24x8xf32>, tensor<8x5xf32>)
// CHECK: tensor.expand_shape %[[MM]] {{\[\[}}0, 1, 2], [3]] output_shape [2, 3, 4, 5]
func.func @batched_lhs_times_a_matrix_is_one_matmul(%a: tensor<2x3x4x8xf32>, %b: tensor<8x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = loom.matmul %a, %b : (tensor<2x3x4x8xf32>, tensor<8x5xf32>) -> tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// -----

// An rhs batch of ones is dropped first.
// CHECK-LABEL: func.func @rhs_batch_of_ones_is_a_matrix
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<1x8x5xf32> into tensor<8x5xf32>
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<8x8xf32>, tensor<8x5xf32>)
func.func @rhs_batch_of_ones_is_a_matrix(%a: tensor<2x4x8xf32>, %b: tensor<1x8x5xf32>) -> tensor<2x4x5xf32> {
  %0 = loom.matmul %a, %b : (tensor<2x4x8xf32>, tensor<1x8x5xf32>) -> tensor<2x4x5xf32>
  return %0 : tensor<2x4x5xf32>
}

// -----

// Equal batches of rank 2 collapse into one batch_matmul.
// CHECK-LABEL: func.func @rank_4_is_one_batch_matmul
// CHECK: linalg.batch_matmul ins(%{{.*}}, %{{.*}} : tensor<4x4x8xf32>, tensor<4x8x16xf32>) outs(%{{.*}} : tensor<4x4x16xf32>)
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3]] output_shape [2, 2, 4, 16]
func.func @rank_4_is_one_batch_matmul(%a: tensor<2x2x4x8xf32>, %b: tensor<2x2x8x16xf32>) -> tensor<2x2x4x16xf32> {
  %0 = loom.matmul %a, %b : (tensor<2x2x4x8xf32>, tensor<2x2x8x16xf32>) -> tensor<2x2x4x16xf32>
  return %0 : tensor<2x2x4x16xf32>
}

// -----

// A broadcast batch reads the lhs' size-1 batch at index 0.
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2, d3) -> (0, d1, d3)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @matmul_broadcast_batch_is_a_contraction
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @matmul_broadcast_batch_is_a_contraction(%a: tensor<1x4x8xf32>, %b: tensor<3x8x16xf32>) -> tensor<3x4x16xf32> {
  %0 = loom.matmul %a, %b : (tensor<1x4x8xf32>, tensor<3x8x16xf32>) -> tensor<3x4x16xf32>
  return %0 : tensor<3x4x16xf32>
}

// -----

// CHECK-LABEL: func.func @bf16_matmul_accumulates_in_f32
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x3xbf16>, tensor<3x4xbf16>) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: arith.truncf %{{.*}} : f32 to bf16
func.func @bf16_matmul_accumulates_in_f32(%a: tensor<2x3xbf16>, %b: tensor<3x4xbf16>) -> tensor<2x4xbf16> {
  %0 = loom.matmul %a, %b : (tensor<2x3xbf16>, tensor<3x4xbf16>) -> tensor<2x4xbf16>
  return %0 : tensor<2x4xbf16>
}

// -----

// CHECK-LABEL: func.func @integer_matmul_wraps
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x3xi8>, tensor<3x4xi8>) outs(%{{.*}} : tensor<2x4xi8>)
func.func @integer_matmul_wraps(%a: tensor<2x3xi8>, %b: tensor<3x4xi8>) -> tensor<2x4xi8> {
  %0 = loom.matmul %a, %b : (tensor<2x3xi8>, tensor<3x4xi8>) -> tensor<2x4xi8>
  return %0 : tensor<2x4xi8>
}

// -----

// CHECK-LABEL: func.func @negative_dynamic_conv
// CHECK: loom.conv
// CHECK: loom.softmax
// CHECK-NOT: linalg.
func.func @negative_dynamic_conv(%x: tensor<?x3x8xf32>, %w: tensor<4x3x3xf32>) -> tensor<?x4x6xf32> {
  %0 = loom.conv %x, %w strides [1] dilations [1] pad_low [0] pad_high [0] groups 1 : (tensor<?x3x8xf32>, tensor<4x3x3xf32>) -> tensor<?x4x6xf32>
  %1 = loom.softmax %0 axis 2 : tensor<?x4x6xf32>
  return %1 : tensor<?x4x6xf32>
}

// -----

// matmul_integer: a generic contraction (the named ops have one cast for
// both operands) whose body extends each 8-bit operand by its own
// signedness; the batch of the lhs is collapsed against a rank-2 rhs.
// CHECK-LABEL: func.func @matmul_integer_mixed_signs
// CHECK: %[[LHS:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<2x4x64xi8> into tensor<8x64xi8>
// CHECK: %[[FILL:.*]] = linalg.fill ins(%{{.*}} : i32) outs(%{{.*}} : tensor<8x16xi32>)
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[LHS]], %{{.*}} : tensor<8x64xi8>, tensor<64x16xi8>) outs(%[[FILL]] : tensor<8x16xi32>)
// CHECK: ^bb0(%[[A:.*]]: i8, %[[B:.*]]: i8, %[[ACC:.*]]: i32):
// CHECK-NEXT: %[[WA:.*]] = arith.extui %[[A]] : i8 to i32
// CHECK-NEXT: %[[WB:.*]] = arith.extsi %[[B]] : i8 to i32
// CHECK-NEXT: %[[P:.*]] = arith.muli %[[WA]], %[[WB]] : i32
// CHECK-NEXT: %[[S:.*]] = arith.addi %[[ACC]], %[[P]] : i32
// CHECK-NEXT: linalg.yield %[[S]] : i32
// CHECK: tensor.expand_shape {{.*}} : tensor<8x16xi32> into tensor<2x4x16xi32>
func.func @matmul_integer_mixed_signs(%a: tensor<2x4x64xui8>, %b: tensor<64x16xi8>) -> tensor<2x4x16xi32> {
  %0 = loom.matmul_integer %a, %b : (tensor<2x4x64xui8>, tensor<64x16xi8>) -> tensor<2x4x16xi32>
  return %0 : tensor<2x4x16xi32>
}

// -----

// conv_integer: the padding and the patches keep the input's 8-bit type;
// the contraction extends the filter (signed) and the patches (unsigned).
// CHECK-LABEL: func.func @conv_integer_padded
// CHECK: tensor.pad %{{.*}} low[0, 1, 1] high[0, 1, 1]
// CHECK: tensor.yield %{{.*}} : i8
// CHECK-NEXT: } : tensor<8x10x10xi8> to tensor<8x12x12xi8>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<8x3x3x10x10xi8>)
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<16x8x3x3xi8>, tensor<8x3x3x10x10xi8>) outs(%{{.*}} : tensor<1x16x10x10xi32>)
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK-NEXT: arith.extui %{{.*}} : i8 to i32
// CHECK-NEXT: arith.muli
// CHECK-NEXT: arith.addi
func.func @conv_integer_padded(%x: tensor<1x8x10x10xui8>, %w: tensor<16x8x3x3xi8>) -> tensor<1x16x10x10xi32> {
  %0 = loom.conv_integer %x, %w strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1 : (tensor<1x8x10x10xui8>, tensor<16x8x3x3xi8>) -> tensor<1x16x10x10xi32>
  return %0 : tensor<1x16x10x10xi32>
}
