// RUN: loom-opt %s -split-input-file -loom-lower-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @constant_becomes_arith
// CHECK: %[[C:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NOT: loom.constant
// CHECK: return %[[C]]
func.func @constant_becomes_arith() -> tensor<2xf32> {
  %0 = loom.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// The rank-1 bias is read with the inner loop index only.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @add_broadcasts_a_row
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[B]] : tensor<2x3xf32>, tensor<3xf32>) outs(%[[EMPTY]] : tensor<2x3xf32>)
// CHECK: ^bb0(%[[L:.*]]: f32, %[[R:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[SUM:.*]] = arith.addf %[[L]], %[[R]] : f32
// CHECK: linalg.yield %[[SUM]] : f32
func.func @add_broadcasts_a_row(%x: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = loom.add %x, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A size-1 dimension against a larger one reads index 0.
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @sub_broadcasts_both_sides
// CHECK: linalg.generic {indexing_maps = [#[[COL]], #[[ROW]], #{{.*}}]
// CHECK: arith.subi
func.func @sub_broadcasts_both_sides(%a: tensor<4x1xi32>, %b: tensor<1x3xi32>) -> tensor<4x3xi32> {
  %0 = loom.sub %a, %b : (tensor<4x1xi32>, tensor<1x3xi32>) -> tensor<4x3xi32>
  return %0 : tensor<4x3xi32>
}

// -----

// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @mul_by_a_scalar
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[SCALAR]], #{{.*}}]
// CHECK: arith.mulf
func.func @mul_by_a_scalar(%x: tensor<4xf32>, %s: tensor<f32>) -> tensor<4xf32> {
  %0 = loom.mul %x, %s : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @binary_ops_use_exact_arith_ops
// CHECK: arith.divsi
// CHECK: arith.divf
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: math.powf
// CHECK: arith.andi
// CHECK: arith.ori
// CHECK: arith.xori
func.func @binary_ops_use_exact_arith_ops(%i: tensor<4xi32>, %f: tensor<4xf32>, %p: tensor<4xi1>) -> (tensor<4xi32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xi32>, tensor<4xf32>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = loom.div %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = loom.div %f, %f : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = loom.max %f, %f : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = loom.min %f, %f : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = loom.max %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %5 = loom.min %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %6 = loom.pow %f, %f : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %7 = loom.and %p, %p : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %8 = loom.or %p, %p : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %9 = loom.xor %p, %p : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<4xi32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xi32>, tensor<4xf32>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// NaN compares false except under `ne`; integers compare signed, i1 unsigned.
// CHECK-LABEL: func.func @compare_predicates
// CHECK: arith.cmpf oeq
// CHECK: arith.cmpf une
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf oge
// CHECK: arith.cmpi slt
// CHECK: arith.cmpi sgt
// CHECK: arith.cmpi ult
func.func @compare_predicates(%f: tensor<4xf32>, %i: tensor<4xi64>, %p: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = loom.compare eq, %f, %f : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %1 = loom.compare ne, %f, %f : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %2 = loom.compare lt, %f, %f : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %3 = loom.compare ge, %f, %f : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %4 = loom.compare lt, %i, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  %5 = loom.compare gt, %i, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  %6 = loom.compare lt, %p, %p : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @select_broadcasts_the_condition
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}, #{{.*}}]
// CHECK: ^bb0(%[[C:.*]]: i1, %[[T:.*]]: f32, %[[F:.*]]: f32, %{{.*}}: f32):
// CHECK: arith.select %[[C]], %[[T]], %[[F]] : f32
func.func @select_broadcasts_the_condition(%c: tensor<3xi1>, %t: tensor<2x3xf32>, %f: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = loom.select %c, %t, %f : (tensor<3xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @unary_float_ops
// CHECK: arith.negf
// CHECK: math.absf
// CHECK: math.exp
// CHECK: math.log
// CHECK: math.sqrt
// CHECK: math.rsqrt
// CHECK: arith.divf
// CHECK: math.tanh
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: math.erf
// CHECK: arith.maximumf
// CHECK: math.floor
// CHECK: math.ceil
// CHECK: math.roundeven
// CHECK: arith.cmpf olt
// CHECK: arith.select
// CHECK: math.sin
// CHECK: math.cos
// CHECK-NOT: loom.
func.func @unary_float_ops(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = loom.neg %x : tensor<4xf32>
  %1 = loom.abs %0 : tensor<4xf32>
  %2 = loom.exp %1 : tensor<4xf32>
  %3 = loom.log %2 : tensor<4xf32>
  %4 = loom.sqrt %3 : tensor<4xf32>
  %5 = loom.rsqrt %4 : tensor<4xf32>
  %6 = loom.reciprocal %5 : tensor<4xf32>
  %7 = loom.tanh %6 : tensor<4xf32>
  %8 = loom.sigmoid %7 : tensor<4xf32>
  %9 = loom.erf %8 : tensor<4xf32>
  %10 = loom.relu %9 : tensor<4xf32>
  %11 = loom.floor %10 : tensor<4xf32>
  %12 = loom.ceil %11 : tensor<4xf32>
  %13 = loom.round %12 : tensor<4xf32>
  %14 = loom.sign %13 : tensor<4xf32>
  %15 = loom.sin %14 : tensor<4xf32>
  %16 = loom.cos %15 : tensor<4xf32>
  return %16 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @unary_integer_and_bool_ops
// CHECK: arith.subi
// CHECK: math.absi
// CHECK: arith.maxsi
// CHECK: arith.cmpi slt
// CHECK: arith.xori
func.func @unary_integer_and_bool_ops(%x: tensor<4xi32>, %p: tensor<4xi1>) -> (tensor<4xi32>, tensor<4xi1>) {
  %0 = loom.neg %x : tensor<4xi32>
  %1 = loom.abs %0 : tensor<4xi32>
  %2 = loom.relu %1 : tensor<4xi32>
  %3 = loom.sign %2 : tensor<4xi32>
  %4 = loom.not %p : tensor<4xi1>
  return %3, %4 : tensor<4xi32>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @matmul_fills_zero
// CHECK-SAME: (%[[A:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<8x16xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<4x16xf32>
// CHECK: %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<4x16xf32>)
// CHECK: linalg.matmul ins(%[[A]], %[[B]] : tensor<4x8xf32>, tensor<8x16xf32>) outs(%[[FILL]] : tensor<4x16xf32>)
func.func @matmul_fills_zero(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %0 = loom.matmul %a, %b : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// CHECK-LABEL: func.func @batch_matmul_of_equal_batches
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : i32)
// CHECK: linalg.batch_matmul ins(%{{.*}}, %{{.*}} : tensor<2x4x8xi32>, tensor<2x8x16xi32>) outs(%[[FILL]] : tensor<2x4x16xi32>)
func.func @batch_matmul_of_equal_batches(%a: tensor<2x4x8xi32>, %b: tensor<2x8x16xi32>) -> tensor<2x4x16xi32> {
  %0 = loom.matmul %a, %b : (tensor<2x4x8xi32>, tensor<2x8x16xi32>) -> tensor<2x4x16xi32>
  return %0 : tensor<2x4x16xi32>
}

// -----

// CHECK-LABEL: func.func @transpose_keeps_the_permutation
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<4x2x3xf32>
// CHECK: linalg.transpose ins(%{{.*}} : tensor<2x3x4xf32>) outs(%[[EMPTY]] : tensor<4x2x3xf32>) permutation = [2, 0, 1]
func.func @transpose_keeps_the_permutation(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = loom.transpose %x permutation [2, 0, 1] : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_merging_dimensions_collapses
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
func.func @reshape_merging_dimensions_collapses(%x: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %0 = loom.reshape %x : tensor<2x3x4xf32> to tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_splitting_dimensions_expands
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2]] output_shape [2, 3, 4] : tensor<6x4xf32> into tensor<2x3x4xf32>
func.func @reshape_splitting_dimensions_expands(%x: tensor<6x4xf32>) -> tensor<2x3x4xf32> {
  %0 = loom.reshape %x : tensor<6x4xf32> to tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_regrouping_uses_a_shape_constant
// CHECK: %[[SHAPE:.*]] = arith.constant dense<[3, 8]> : tensor<2xi64>
// CHECK: tensor.reshape %{{.*}}(%[[SHAPE]]) : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<3x8xf32>
func.func @reshape_regrouping_uses_a_shape_constant(%x: tensor<2x3x4xf32>) -> tensor<3x8xf32> {
  %0 = loom.reshape %x : tensor<2x3x4xf32> to tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_sum_over_the_middle_axis
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<2x4xf32>
// CHECK: %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<2x4xf32>)
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%{{.*}} : tensor<2x3x4xf32>) outs(%[[FILL]] : tensor<2x4xf32>) dimensions = [1]
// CHECK: arith.addf
// CHECK: return %[[SUM]]
func.func @reduce_sum_over_the_middle_axis(%x: tensor<2x3x4xf32>) -> tensor<2x4xf32> {
  %0 = loom.reduce_sum %x axes [1] : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_sum_keepdims_expands
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%{{.*}} : tensor<2x3x4xi64>) outs(%{{.*}} : tensor<3xi64>) dimensions = [0, 2]
// CHECK: arith.addi
// CHECK: tensor.expand_shape %[[SUM]] {{\[\[}}0, 1, 2]] output_shape [1, 3, 1] : tensor<3xi64> into tensor<1x3x1xi64>
func.func @reduce_sum_keepdims_expands(%x: tensor<2x3x4xi64>) -> tensor<1x3x1xi64> {
  %0 = loom.reduce_sum %x axes [2, 0] keepdims : (tensor<2x3x4xi64>) -> tensor<1x3x1xi64>
  return %0 : tensor<1x3x1xi64>
}

// -----

// CHECK-LABEL: func.func @reduce_sum_of_everything_keepdims
// CHECK: linalg.reduce ins(%{{.*}} : tensor<2x3xf32>) outs(%{{.*}} : tensor<f32>) dimensions = [0, 1]
// CHECK: tensor.expand_shape %{{.*}} [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
func.func @reduce_sum_of_everything_keepdims(%x: tensor<2x3xf32>) -> tensor<1x1xf32> {
  %0 = loom.reduce_sum %x axes [0, 1] keepdims : (tensor<2x3xf32>) -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}

// -----

// CHECK-LABEL: func.func @trig_and_hyperbolic_use_math_ops
// CHECK: math.tan
// CHECK: math.asin
// CHECK: math.acos
// CHECK: math.atan
// CHECK: math.sinh
// CHECK: math.cosh
// CHECK: math.asinh
// CHECK: math.acosh
// CHECK: math.atanh
// CHECK-NOT: loom.
func.func @trig_and_hyperbolic_use_math_ops(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = loom.tan %x : tensor<4xf32>
  %1 = loom.asin %x : tensor<4xf32>
  %2 = loom.acos %x : tensor<4xf32>
  %3 = loom.atan %x : tensor<4xf32>
  %4 = loom.sinh %x : tensor<4xf32>
  %5 = loom.cosh %x : tensor<4xf32>
  %6 = loom.asinh %x : tensor<4xf32>
  %7 = loom.acosh %x : tensor<4xf32>
  %8 = loom.atanh %x : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @gelu_erf_and_tanh
// CHECK-DAG: %[[C:.*]] = arith.constant 4.471500e-02 : f32
// CHECK-DAG: %[[RSQRT2:.*]] = arith.constant 0.707106769 : f32
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[S:.*]] = arith.mulf %[[X]], %[[RSQRT2]] : f32
// CHECK: math.erf %[[S]]
// CHECK: arith.addf
// CHECK: arith.mulf
// CHECK: %[[G:.*]] = arith.mulf %[[X]], %{{.*}} : f32
// CHECK: linalg.yield %[[G]]
// CHECK: ^bb0(%[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[SQ:.*]] = arith.mulf %[[Y]], %[[Y]] : f32
// CHECK: %[[CUBE:.*]] = arith.mulf %[[SQ]], %[[Y]] : f32
// CHECK: arith.mulf %[[CUBE]], %[[C]] : f32
// CHECK: math.tanh
// CHECK-NOT: loom.gelu
func.func @gelu_erf_and_tanh(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = loom.gelu %x : tensor<4xf32>
  %1 = loom.gelu %x approximation = tanh : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// The float bounds go through maximumf/minimumf (NaN stays NaN); a missing
// bound is skipped.
// CHECK-LABEL: func.func @clamp_floats_and_integers
// CHECK-DAG: %[[LOI:.*]] = arith.constant -3 : i8
// CHECK-DAG: %[[HI:.*]] = arith.constant 6.000000e+00 : f32
// CHECK-DAG: %[[LO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[A:.*]] = arith.maximumf %{{.*}}, %[[LO]] : f32
// CHECK: arith.minimumf %[[A]], %[[HI]] : f32
// CHECK: %[[B:.*]] = arith.maxsi %{{.*}}, %[[LOI]] : i8
// CHECK-NEXT: linalg.yield %[[B]]
// CHECK-NOT: loom.clamp
func.func @clamp_floats_and_integers(%x: tensor<4xf32>, %i: tensor<4xi8>) -> (tensor<4xf32>, tensor<4xi8>) {
  %0 = loom.clamp %x min = 0.0 max = 6.0 : tensor<4xf32>
  %1 = loom.clamp %i min = -3.0 : tensor<4xi8>
  return %0, %1 : tensor<4xf32>, tensor<4xi8>
}

// -----

// CHECK-LABEL: func.func @negative_clamp_bound_outside_the_type
// CHECK: loom.clamp
// CHECK-NOT: linalg.
func.func @negative_clamp_bound_outside_the_type(%i: tensor<4xi8>) -> tensor<4xi8> {
  %0 = loom.clamp %i max = 300.0 : tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// fmod is the truncated remainder alone; the default one moves a remainder
// whose sign differs from the divisor's by adding the divisor.
// CHECK-LABEL: func.func @rem_fmod_and_python
// CHECK: arith.remf
// CHECK-NEXT: linalg.yield
// CHECK: %[[R:.*]] = arith.remf %[[A:.*]], %[[B:.*]] : f32
// CHECK: arith.cmpf one, %[[R]]
// CHECK: arith.addf %[[R]], %[[B]]
// CHECK: math.copysign %[[R]], %[[B]]
// CHECK: arith.select
// CHECK: %[[RI:.*]] = arith.remsi %{{.*}}, %{{.*}} : i32
// CHECK: arith.xori %[[RI]], %[[BI:.*]] : i32
// CHECK: arith.addi %[[RI]], %[[BI]]
// CHECK: arith.select
// CHECK-NOT: loom.rem
func.func @rem_fmod_and_python(%x: tensor<4xf32>, %y: tensor<4xf32>, %i: tensor<4xi32>, %j: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xi32>) {
  %0 = loom.rem %x, %y {fmod} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = loom.rem %x, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = loom.rem %i, %j : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @reduce_max_min_prod_inits
// CHECK-DAG: %[[HIGHEST:.*]] = arith.constant 127 : i8
// CHECK-DAG: %[[LOWEST:.*]] = arith.constant -128 : i8
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[PINF:.*]] = arith.constant 0x7F800000 : f32
// CHECK-DAG: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: linalg.fill ins(%[[NINF]] : f32)
// CHECK: linalg.reduce
// CHECK: arith.maximumf
// CHECK: linalg.fill ins(%[[PINF]] : f32)
// CHECK: linalg.reduce
// CHECK: arith.minimumf
// CHECK: linalg.fill ins(%[[ONE]] : f32)
// CHECK: linalg.reduce
// CHECK: arith.mulf
// CHECK: linalg.fill ins(%[[LOWEST]] : i8)
// CHECK: arith.maxsi
// CHECK: linalg.fill ins(%[[HIGHEST]] : i8)
// CHECK: arith.minsi
// CHECK-NOT: loom.
func.func @reduce_max_min_prod_inits(%x: tensor<2x3xf32>, %i: tensor<2x3xi8>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xi8>, tensor<2xi8>) {
  %0 = loom.reduce_max %x axes [1] : (tensor<2x3xf32>) -> tensor<2xf32>
  %1 = loom.reduce_min %x axes [1] : (tensor<2x3xf32>) -> tensor<2xf32>
  %2 = loom.reduce_prod %x axes [1] : (tensor<2x3xf32>) -> tensor<2xf32>
  %3 = loom.reduce_max %i axes [1] : (tensor<2x3xi8>) -> tensor<2xi8>
  %4 = loom.reduce_min %i axes [1] : (tensor<2x3xi8>) -> tensor<2xi8>
  return %0, %1, %2, %3, %4 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xi8>, tensor<2xi8>
}

// -----

// The sum is divided by the 2 * 4 reduced elements, then expanded.
// CHECK-LABEL: func.func @reduce_mean_divides_by_the_count
// CHECK-DAG: %[[THREE:.*]] = arith.constant 3 : i32
// CHECK-DAG: %[[N:.*]] = arith.constant 8.000000e+00 : f32
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%{{.*}} : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<3xf32>) dimensions = [0, 2]
// CHECK: arith.addf
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<3xf32>)
// CHECK: arith.divf %{{.*}}, %[[N]] : f32
// CHECK: tensor.expand_shape %[[MEAN]] {{\[\[}}0, 1, 2]] output_shape [1, 3, 1]
// CHECK: arith.addi
// CHECK: arith.divsi %{{.*}}, %[[THREE]] : i32
// CHECK-NOT: loom.
func.func @reduce_mean_divides_by_the_count(%x: tensor<2x3x4xf32>, %i: tensor<2x3xi32>) -> (tensor<1x3x1xf32>, tensor<2xi32>) {
  %0 = loom.reduce_mean %x axes [0, 2] keepdims : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  %1 = loom.reduce_mean %i axes [1] : (tensor<2x3xi32>) -> tensor<2xi32>
  return %0, %1 : tensor<1x3x1xf32>, tensor<2xi32>
}

// -----

// f16 reductions accumulate in f32 and round each result once, as the
// evaluator does.
// CHECK-LABEL: func.func @f16_reductions_accumulate_in_f32
// CHECK: linalg.reduce ins(%{{.*}} : tensor<2x3xf16>) outs(%{{.*}} : tensor<2xf32>)
// CHECK: %[[WIDE:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK: arith.maximumf %[[WIDE]], %{{.*}} : f32
// CHECK: arith.truncf %{{.*}} : f32 to f16
// CHECK: linalg.reduce ins(%{{.*}} : tensor<2x3xf16>) outs(%{{.*}} : tensor<2xf32>)
// CHECK: arith.addf
// CHECK: arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: arith.truncf %{{.*}} : f32 to f16
// CHECK-NOT: loom.
func.func @f16_reductions_accumulate_in_f32(%x: tensor<2x3xf16>) -> (tensor<2xf16>, tensor<2xf16>) {
  %0 = loom.reduce_max %x axes [1] : (tensor<2x3xf16>) -> tensor<2xf16>
  %1 = loom.reduce_mean %x axes [1] : (tensor<2x3xf16>) -> tensor<2xf16>
  return %0, %1 : tensor<2xf16>, tensor<2xf16>
}

// -----

// Float to integer: out-of-range inputs saturate and NaN gives 0, with the
// in-range ones through fptosi.
// CHECK-LABEL: func.func @cast_float_to_int_saturates
// CHECK-DAG: %[[MIN:.*]] = arith.constant -128 : i8
// CHECK-DAG: %[[MAX:.*]] = arith.constant 127 : i8
// CHECK-DAG: %[[HI:.*]] = arith.constant 1.280000e+02 : f32
// CHECK-DAG: %[[LO:.*]] = arith.constant -1.280000e+02 : f32
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: i8):
// CHECK: %[[ABOVE:.*]] = arith.cmpf oge, %[[X]], %[[HI]] : f32
// CHECK: %[[BELOW:.*]] = arith.cmpf olt, %[[X]], %[[LO]] : f32
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK: %[[SAFE:.*]] = arith.select %{{.*}}, %{{.*}}, %[[X]] : f32
// CHECK: %[[T:.*]] = arith.fptosi %[[SAFE]] : f32 to i8
// CHECK: %[[R:.*]] = arith.select %[[ABOVE]], %[[MAX]], %[[T]] : i8
// CHECK: %[[R2:.*]] = arith.select %[[BELOW]], %[[MIN]], %[[R]] : i8
// CHECK: linalg.yield %[[R2]] : i8
func.func @cast_float_to_int_saturates(%x: tensor<4xf32>) -> tensor<4xi8> {
  %0 = loom.cast %x : tensor<4xf32> to tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// CHECK-LABEL: func.func @cast_other_directions
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: arith.extsi %{{.*}} : i32 to i64
// CHECK: arith.trunci %{{.*}} : i32 to i8
// CHECK: arith.cmpf une
// CHECK: arith.cmpi ne
// CHECK: arith.uitofp %{{.*}} : i1 to f32
// CHECK: arith.extui %{{.*}} : i1 to i32
// CHECK-NOT: loom.cast
func.func @cast_other_directions(%f: tensor<4xf32>, %d: tensor<4xf64>, %i: tensor<4xi32>, %p: tensor<4xi1>) -> (tensor<4xf64>, tensor<4xf32>, tensor<4xf32>, tensor<4xi64>, tensor<4xi8>, tensor<4xi1>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>) {
  %0 = loom.cast %f : tensor<4xf32> to tensor<4xf64>
  %1 = loom.cast %d : tensor<4xf64> to tensor<4xf32>
  %2 = loom.cast %i : tensor<4xi32> to tensor<4xf32>
  %3 = loom.cast %i : tensor<4xi32> to tensor<4xi64>
  %4 = loom.cast %i : tensor<4xi32> to tensor<4xi8>
  %5 = loom.cast %f : tensor<4xf32> to tensor<4xi1>
  %6 = loom.cast %i : tensor<4xi32> to tensor<4xi1>
  %7 = loom.cast %p : tensor<4xi1> to tensor<4xf32>
  %8 = loom.cast %p : tensor<4xi1> to tensor<4xi32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<4xf64>, tensor<4xf32>, tensor<4xf32>, tensor<4xi64>, tensor<4xi8>, tensor<4xi1>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @negative_dynamic_shape
// CHECK: loom.add
// CHECK: loom.matmul
// CHECK-NOT: linalg.
func.func @negative_dynamic_shape(%x: tensor<?x3xf32>, %w: tensor<3x3xf32>) -> tensor<?x3xf32> {
  %0 = loom.add %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  %1 = loom.matmul %0, %w : (tensor<?x3xf32>, tensor<3x3xf32>) -> tensor<?x3xf32>
  return %1 : tensor<?x3xf32>
}

// -----

// i8 has 7 exponent bits below the sign, bits 1 to 6 shifted down (bit 0
// needs no shift); a negative exponent selects 1, +-1 or 0.
// CHECK-LABEL: func.func @integer_pow_squares_and_multiplies
// CHECK: ^bb0(%[[BASE:.*]]: i8, %[[EXPONENT:.*]]: i8, %{{.*}}: i8):
// CHECK-COUNT-6: arith.shrsi %[[EXPONENT]]
// CHECK-NOT: arith.shrsi
// CHECK: %[[NEGATIVE:.*]] = arith.cmpi slt, %[[EXPONENT]]
// CHECK: arith.select %[[NEGATIVE]]
// CHECK-NOT: loom.pow
func.func @integer_pow_squares_and_multiplies(%a: tensor<4xi8>, %e: tensor<4xi8>) -> tensor<4xi8> {
  %0 = loom.pow %a, %e : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// x86 traps on x / 0 and on INT_MIN / -1: both divide by 1 instead, and
// selects give 0 - x for -1 and 0 for 0.
// CHECK-LABEL: func.func @integer_division_never_traps
// CHECK: ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[IS_ZERO:.*]] = arith.cmpi eq, %[[Y]], %{{.*}} : i32
// CHECK: %[[IS_MINUS_ONE:.*]] = arith.cmpi eq, %[[Y]], %{{.*}} : i32
// CHECK: %[[UNSAFE:.*]] = arith.ori %[[IS_ZERO]], %[[IS_MINUS_ONE]] : i1
// CHECK: %[[DIVISOR:.*]] = arith.select %[[UNSAFE]], %{{.*}}, %[[Y]] : i32
// CHECK: %[[QUOTIENT:.*]] = arith.divsi %[[X]], %[[DIVISOR]] : i32
// CHECK: %[[NEGATED:.*]] = arith.subi %{{.*}}, %[[X]] : i32
// CHECK: %[[RESULT:.*]] = arith.select %[[IS_MINUS_ONE]], %[[NEGATED]], %[[QUOTIENT]] : i32
// CHECK: arith.select %[[IS_ZERO]], %{{.*}}, %[[RESULT]] : i32
// CHECK: ^bb0(%[[A:.*]]: i32, %[[B:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[SAFE:.*]] = arith.select %{{.*}}, %{{.*}}, %[[B]] : i32
// CHECK: arith.remsi %[[A]], %[[SAFE]] : i32
func.func @integer_division_never_traps(%x: tensor<4xi32>, %y: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>) {
  %0 = loom.div %x, %y : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = loom.rem %x, %y {fmod} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0, %1 : tensor<4xi32>, tensor<4xi32>
}

// -----

// f16 computes in f32 and rounds once, as the evaluator does.
// CHECK-LABEL: func.func @f16_computes_in_f32
// CHECK: ^bb0(%[[IN:.*]]: f16, %{{.*}}: f16):
// CHECK: %[[WIDE:.*]] = arith.extf %[[IN]] : f16 to f32
// CHECK: arith.negf %[[WIDE]] : f32
// CHECK: math.exp
// CHECK: %[[Q:.*]] = arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: %[[NARROW:.*]] = arith.truncf %[[Q]] : f32 to f16
// CHECK: linalg.yield %[[NARROW]] : f16
func.func @f16_computes_in_f32(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = loom.sigmoid %x : tensor<4xf16>
  return %0 : tensor<4xf16>
}
