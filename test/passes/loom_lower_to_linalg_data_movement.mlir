// RUN: loom-opt %s -split-input-file -loom-lower-to-linalg | FileCheck %s

// The data-movement and indexing patterns (LowerToLinalgDataMovement.cpp);
// loom_lower_to_linalg_data_movement_run.mlir runs them.

// A missing leading dimension and a size-1 one are not read.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @broadcast_to_reads_through_a_map
// CHECK-SAME: (%[[X:.*]]: tensor<3x1xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]]
// CHECK-SAME: ins(%[[X]] : tensor<3x1xf32>)
// CHECK: ^bb0(%[[IN_ELEMENT:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[IN_ELEMENT]] : f32
func.func @broadcast_to_reads_through_a_map(%x: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = loom.broadcast_to %x : tensor<3x1xf32> to tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Input dimension 0 goes to result dimension 0; dimension 1 (size 1) is repeated.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d0, 0)>
// CHECK-LABEL: func.func @expand_places_dims
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #{{.*}}]
// CHECK: linalg.yield
func.func @expand_places_dims(%x: tensor<3x1xi32>) -> tensor<3x2x5xi32> {
  %0 = loom.expand %x dims [0, 2] : tensor<3x1xi32> to tensor<3x2x5xi32>
  return %0 : tensor<3x2x5xi32>
}

// -----

// The empty input contributes nothing.
// CHECK-LABEL: func.func @concat_inserts_slices
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %{{.*}}: tensor<2x0xf32>, %[[B:.*]]: tensor<2x1xf32>)
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<2x4xf32>
// CHECK: %[[FIRST:.*]] = tensor.insert_slice %[[A]] into %[[EMPTY]][0, 0] [2, 3] [1, 1]
// CHECK: %[[SECOND:.*]] = tensor.insert_slice %[[B]] into %[[FIRST]][0, 3] [2, 1] [1, 1]
// CHECK-NOT: tensor.insert_slice
// CHECK: return %[[SECOND]]
func.func @concat_inserts_slices(%a: tensor<2x3xf32>, %e: tensor<2x0xf32>, %b: tensor<2x1xf32>) -> tensor<2x4xf32> {
  %0 = loom.concat %a, %e, %b axis 1 : (tensor<2x3xf32>, tensor<2x0xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @slice_with_positive_steps
// CHECK: tensor.extract_slice %{{.*}}[1, 0] [2, 2] [2, 3] : tensor<4x5xf32> to tensor<2x2xf32>
func.func @slice_with_positive_steps(%x: tensor<4x5xf32>) -> tensor<2x2xf32> {
  %0 = loom.slice %x offsets [1, 0] steps [2, 3] : tensor<4x5xf32> to tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// Column j reads input column 4 - j.
// CHECK-LABEL: func.func @slice_with_negative_step
// CHECK-SAME: (%[[X:.*]]: tensor<4x5xf32>)
// CHECK-DAG: %[[FOUR:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[MINUS_ONE:.*]] = arith.constant -1 : index
// CHECK: linalg.generic
// CHECK: %[[ROW:.*]] = linalg.index 0 : index
// CHECK: %[[COLUMN:.*]] = linalg.index 1 : index
// CHECK: %[[SCALED:.*]] = arith.muli %[[COLUMN]], %[[MINUS_ONE]] : index
// CHECK: %[[SOURCE:.*]] = arith.addi %[[SCALED]], %[[FOUR]] : index
// CHECK: tensor.extract %[[X]][%[[ROW]], %[[SOURCE]]] : tensor<4x5xf32>
func.func @slice_with_negative_step(%x: tensor<4x5xf32>) -> tensor<2x3xf32> {
  %0 = loom.slice %x offsets [0, 4] steps [1, -1] : tensor<4x5xf32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// The high -1 crops a column; the value is rounded to f16.
// CHECK-LABEL: func.func @pad_constant_crops_then_pads
// CHECK: %[[VALUE:.*]] = arith.constant 9.997550e-02 : f16
// CHECK: %[[CROPPED:.*]] = tensor.extract_slice %{{.*}}[0, 0] [2, 2] [1, 1] : tensor<2x3xf16> to tensor<2x2xf16>
// CHECK: tensor.pad %[[CROPPED]] low[1, 0] high[2, 0]
// CHECK: tensor.yield %[[VALUE]] : f16
// CHECK: tensor<2x2xf16> to tensor<5x2xf16>
func.func @pad_constant_crops_then_pads(%x: tensor<2x3xf16>) -> tensor<5x2xf16> {
  %0 = loom.pad %x low [1, 0] high [2, -1] mode constant value 0.1 : (tensor<2x3xf16>) -> tensor<5x2xf16>
  return %0 : tensor<5x2xf16>
}

// -----

// p = j - 2, mirrored to -p before and 2 * 3 - p after.
// CHECK-LABEL: func.func @pad_reflect_mirrors
// CHECK-DAG: %[[SIX:.*]] = arith.constant 6 : index
// CHECK-DAG: %[[FOUR:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2 : index
// CHECK: %[[J:.*]] = linalg.index 0 : index
// CHECK: %[[P:.*]] = arith.subi %[[J]], %[[TWO]] : index
// CHECK: %[[BEFORE:.*]] = arith.cmpi slt, %[[P]], %[[ZERO]] : index
// CHECK: %[[AFTER:.*]] = arith.cmpi sge, %[[P]], %[[FOUR]] : index
// CHECK: %[[MIRROR_BEFORE:.*]] = arith.subi %[[ZERO]], %[[P]] : index
// CHECK: %[[MIRROR_AFTER:.*]] = arith.subi %[[SIX]], %[[P]] : index
// CHECK: %[[INSIDE:.*]] = arith.select %[[AFTER]], %[[MIRROR_AFTER]], %[[P]] : index
// CHECK: %[[SOURCE:.*]] = arith.select %[[BEFORE]], %[[MIRROR_BEFORE]], %[[INSIDE]] : index
// CHECK: tensor.extract %{{.*}}[%[[SOURCE]]] : tensor<4xi64>
func.func @pad_reflect_mirrors(%x: tensor<4xi64>) -> tensor<7xi64> {
  %0 = loom.pad %x low [2] high [1] mode reflect : (tensor<4xi64>) -> tensor<7xi64>
  return %0 : tensor<7xi64>
}

// -----

// CHECK-LABEL: func.func @pad_edge_clamps
// CHECK-DAG: %[[THREE:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : index
// CHECK: %[[J:.*]] = linalg.index 0 : index
// CHECK: %[[P:.*]] = arith.subi %[[J]], %[[ONE]] : index
// CHECK: %[[LOW:.*]] = arith.maxsi %[[P]], %[[ZERO]] : index
// CHECK: %[[SOURCE:.*]] = arith.minsi %[[LOW]], %[[THREE]] : index
// CHECK: tensor.extract %{{.*}}[%[[SOURCE]]] : tensor<4xf32>
func.func @pad_edge_clamps(%x: tensor<4xf32>) -> tensor<6xf32> {
  %0 = loom.pad %x low [1] high [1] mode edge : (tensor<4xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// CHECK-LABEL: func.func @iota_converts_the_index
// CHECK: linalg.generic
// CHECK: %[[COLUMN:.*]] = linalg.index 1 : index
// CHECK: %[[WIDE:.*]] = arith.index_cast %[[COLUMN]] : index to i64
// CHECK: arith.trunci %[[WIDE]] : i64 to i8
// CHECK: linalg.generic
// CHECK: %[[ROW:.*]] = linalg.index 0 : index
// CHECK: %[[WIDE_ROW:.*]] = arith.index_cast %[[ROW]] : index to i64
// CHECK: arith.sitofp %[[WIDE_ROW]] : i64 to f16
func.func @iota_converts_the_index(%unused: tensor<1xf32>) -> (tensor<2x3xi8>, tensor<2x3xf16>) {
  %0 = loom.iota dim 1 : tensor<2x3xi8>
  %1 = loom.iota dim 0 : tensor<2x3xf16>
  return %0, %1 : tensor<2x3xi8>, tensor<2x3xf16>
}

// -----

// The last two dimensions are the matrix; the first is a batch.
// CHECK-LABEL: func.func @trilu_selects_by_diagonal
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[DIAGONAL:.*]] = arith.constant 1 : index
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[J:.*]] = linalg.index 2 : index
// CHECK: %[[OFFSET:.*]] = arith.subi %[[J]], %[[I]] : index
// CHECK: %[[KEPT:.*]] = arith.cmpi sge, %[[OFFSET]], %[[DIAGONAL]] : index
// CHECK: arith.select %[[KEPT]], %[[X]], %[[ZERO]] : f32
func.func @trilu_selects_by_diagonal(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = loom.trilu %x upper diagonal 1 : tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Indices are read through (d0, d1); a negative one counts from the end and
// the position is clamped into [0, 4].
// CHECK-DAG: #[[INDICES:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @gather_clamps_the_index
// CHECK-SAME: (%[[DATA:.*]]: tensor<5x3xf32>, %[[IDS:.*]]: tensor<2x2xi32>)
// CHECK-DAG: %[[LAST:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[SIZE:.*]] = arith.constant 5 : index
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: linalg.generic {indexing_maps = [#[[INDICES]], #{{.*}}]
// CHECK-SAME: ins(%[[IDS]] : tensor<2x2xi32>)
// CHECK: ^bb0(%[[ID:.*]]: i32, %{{.*}}: f32):
// CHECK: %[[POSITION:.*]] = arith.index_cast %[[ID]] : i32 to index
// CHECK: %[[NEGATIVE:.*]] = arith.cmpi slt, %[[POSITION]], %[[ZERO]] : index
// CHECK: %[[FROM_END:.*]] = arith.addi %[[POSITION]], %[[SIZE]] : index
// CHECK: %[[NORMALIZED:.*]] = arith.select %[[NEGATIVE]], %[[FROM_END]], %[[POSITION]] : index
// CHECK: %[[ABOVE:.*]] = arith.maxsi %[[NORMALIZED]], %[[ZERO]] : index
// CHECK: %[[ROW:.*]] = arith.minsi %[[ABOVE]], %[[LAST]] : index
// CHECK: %[[COLUMN:.*]] = linalg.index 2 : index
// CHECK: tensor.extract %[[DATA]][%[[ROW]], %[[COLUMN]]] : tensor<5x3xf32>
func.func @gather_clamps_the_index(%d: tensor<5x3xf32>, %i: tensor<2x2xi32>) -> tensor<2x2x3xf32> {
  %0 = loom.gather %d, %i axis 0 : (tensor<5x3xf32>, tensor<2x2xi32>) -> tensor<2x2x3xf32>
  return %0 : tensor<2x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @gather_elements_replaces_the_axis
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.*}} : tensor<4x3xi64>)
// CHECK: %[[ROW:.*]] = linalg.index 0 : index
// CHECK: %[[COLUMN:.*]] = arith.minsi
// CHECK: tensor.extract %{{.*}}[%[[ROW]], %[[COLUMN]]] : tensor<4x10xf32>
func.func @gather_elements_replaces_the_axis(%d: tensor<4x10xf32>, %i: tensor<4x3xi64>) -> tensor<4x3xf32> {
  %0 = loom.gather_elements %d, %i axis 1 : (tensor<4x10xf32>, tensor<4x3xi64>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// The batch index and the slice index come from the loop; the tuple from
// indices[batch, 0].
// CHECK-LABEL: func.func @gather_nd_reads_tuples
// CHECK-SAME: (%[[DATA:.*]]: tensor<5x4x3xf32>, %[[IDS:.*]]: tensor<5x1xi64>)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: %[[BATCH:.*]] = linalg.index 0 : index
// CHECK: %[[INNER:.*]] = linalg.index 1 : index
// CHECK: tensor.extract %[[IDS]][%[[BATCH]], %[[ZERO]]] : tensor<5x1xi64>
// CHECK: %[[ROW:.*]] = arith.minsi
// CHECK: tensor.extract %[[DATA]][%[[BATCH]], %[[ROW]], %[[INNER]]] : tensor<5x4x3xf32>
func.func @gather_nd_reads_tuples(%d: tensor<5x4x3xf32>, %i: tensor<5x1xi64>) -> tensor<5x3xf32> {
  %0 = loom.gather_nd %d, %i batch_dims 1 : (tensor<5x4x3xf32>, tensor<5x1xi64>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

// -----

// A copy of the data, then one update after another; one outside [0, 16)
// is skipped.
// CHECK-LABEL: func.func @scatter_loops_over_updates
// CHECK-SAME: (%[[DATA:.*]]: tensor<16xi32>, %[[IDS:.*]]: tensor<100xi64>, %[[UPDATES:.*]]: tensor<100xi32>)
// CHECK: %[[COPY:.*]] = linalg.generic
// CHECK-SAME: ins(%[[DATA]] : tensor<16xi32>)
// CHECK: %[[RESULT:.*]] = scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[COPY]]) -> (tensor<16xi32>)
// CHECK: tensor.extract %[[IDS]][%[[I]]] : tensor<100xi64>
// CHECK: %[[INSIDE:.*]] = arith.andi
// CHECK: scf.if %[[INSIDE]] -> (tensor<16xi32>)
// CHECK: %[[UPDATE:.*]] = tensor.extract %[[UPDATES]][%[[I]]]
// CHECK: %[[OLD:.*]] = tensor.extract %[[ACC]][%[[POSITION:.*]]] : tensor<16xi32>
// CHECK: %[[SUM:.*]] = arith.addi %[[OLD]], %[[UPDATE]] : i32
// CHECK: tensor.insert %[[SUM]] into %[[ACC]][%[[POSITION]]]
// CHECK: } else {
// CHECK: scf.yield %[[ACC]]
// CHECK: return %[[RESULT]]
func.func @scatter_loops_over_updates(%d: tensor<16xi32>, %i: tensor<100xi64>, %u: tensor<100xi32>) -> tensor<16xi32> {
  %0 = loom.scatter %d, %i, %u axis 0 reduction add : (tensor<16xi32>, tensor<100xi64>, tensor<100xi32>) -> tensor<16xi32>
  return %0 : tensor<16xi32>
}

// -----

// f16 sums accumulate in f32 and round once at the end.
// CHECK-LABEL: func.func @scatter_nd_f16_sum_in_f32
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: scf.for
// CHECK: scf.for
// CHECK: arith.addf %{{.*}}, %{{.*}} : f32
// CHECK: tensor.insert %{{.*}} : tensor<8x4xf32>
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @scatter_nd_f16_sum_in_f32(%d: tensor<8x4xf16>, %i: tensor<3x1xi64>, %u: tensor<3x4xf16>) -> tensor<8x4xf16> {
  %0 = loom.scatter_nd %d, %i, %u reduction add : (tensor<8x4xf16>, tensor<3x1xi64>, tensor<3x4xf16>) -> tensor<8x4xf16>
  return %0 : tensor<8x4xf16>
}

// -----

// Only the resized dimension reads a table; the others are identities.
// CHECK-DAG: #[[COLUMN:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @resize_nearest_reads_a_table
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[TABLE:.*]] = arith.constant dense<[0, 0, 0, 1, 1, 1]> : tensor<6xi64>
// CHECK: linalg.generic {indexing_maps = [#[[COLUMN]], #{{.*}}]
// CHECK-SAME: ins(%[[TABLE]] : tensor<6xi64>)
// CHECK: ^bb0(%[[SOURCE:.*]]: i64, %{{.*}}: f32):
// CHECK: %[[ROW:.*]] = linalg.index 1 : index
// CHECK: %[[COLUMN_INDEX:.*]] = arith.index_cast %[[SOURCE]] : i64 to index
// CHECK: tensor.extract %{{.*}}[%[[ZERO]], %[[ROW]], %[[COLUMN_INDEX]]]
func.func @resize_nearest_reads_a_table(%x: tensor<1x2x2xf32>) -> tensor<1x2x6xf32> {
  %0 = loom.resize %x mode nearest coordinate_transform asymmetric nearest_rounding floor scales [1.0, 1.0, 3.0] : tensor<1x2x2xf32> to tensor<1x2x6xf32>
  return %0 : tensor<1x2x6xf32>
}

// -----

// Two corners along the resized dimension, each weighted in f64 and added
// only when its weight is not zero.
// CHECK-LABEL: func.func @resize_linear_sums_corners
// CHECK-DAG: %[[LOWER:.*]] = arith.constant dense<[0, 0, 0, 1]> : tensor<4xi64>
// CHECK-DAG: %[[UPPER:.*]] = arith.constant dense<1> : tensor<4xi64>
// CHECK-DAG: %[[LOWER_WEIGHT:.*]] = arith.constant dense<[1.000000e+00, 7.500000e-01, 2.500000e-01, 1.000000e+00]> : tensor<4xf64>
// CHECK-DAG: %[[UPPER_WEIGHT:.*]] = arith.constant dense<[0.000000e+00, 2.500000e-01, 7.500000e-01, 0.000000e+00]> : tensor<4xf64>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[LOWER]], %[[UPPER]], %[[LOWER_WEIGHT]], %[[UPPER_WEIGHT]] :
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: arith.cmpf one
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: arith.addf
// CHECK: arith.cmpf one
func.func @resize_linear_sums_corners(%x: tensor<2x2xf32>) -> tensor<2x4xf32> {
  %0 = loom.resize %x mode linear coordinate_transform half_pixel scales [1.0, 2.0] : tensor<2x2xf32> to tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @negative_dynamic_slice_stays
// CHECK: loom.slice
func.func @negative_dynamic_slice_stays(%x: tensor<?x5xf32>) -> tensor<2x3xf32> {
  %0 = loom.slice %x offsets [0, 1] steps [1, 1] : tensor<?x5xf32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
