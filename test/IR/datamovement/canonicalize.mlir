// RUN: loom-opt %s -split-input-file -canonicalize | FileCheck %s

// reshape: same type folds; reshape(reshape(x)) keeps only the last shape.

// CHECK-LABEL: func.func @reshape_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @reshape_same_type(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = loom.reshape %x : tensor<?x4xf32> to tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Two dynamic sizes: 2x6 may become 3x4, so this is not an identity.

// CHECK-LABEL: func.func @negative_reshape_two_dynamic_sizes
// CHECK: loom.reshape %{{.*}} : tensor<?x?xf32> to tensor<?x?xf32>
func.func @negative_reshape_two_dynamic_sizes(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = loom.reshape %x : tensor<?x?xf32> to tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_of_reshape
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[R:.*]] = loom.reshape %[[X]] : tensor<2x3x4xf32> to tensor<4x6xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_of_reshape(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %0 = loom.reshape %x : tensor<2x3x4xf32> to tensor<24xf32>
  %1 = loom.reshape %0 : tensor<24xf32> to tensor<4x6xf32>
  return %1 : tensor<4x6xf32>
}

// -----

// Back to the original shape: the composed reshape folds away.

// CHECK-LABEL: func.func @reshape_round_trip
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xi8>)
// CHECK-NEXT: return %[[X]]
func.func @reshape_round_trip(%x: tensor<2x3xi8>) -> tensor<2x3xi8> {
  %0 = loom.reshape %x : tensor<2x3xi8> to tensor<6xi8>
  %1 = loom.reshape %0 : tensor<6xi8> to tensor<2x3xi8>
  return %1 : tensor<2x3xi8>
}

// -----

// CHECK-LABEL: func.func @negative_reshape_of_transpose
// CHECK: loom.transpose
// CHECK: loom.reshape
func.func @negative_reshape_of_transpose(%x: tensor<2x3xf32>) -> tensor<6xf32> {
  %0 = loom.transpose %x permutation [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %1 = loom.reshape %0 : tensor<3x2xf32> to tensor<6xf32>
  return %1 : tensor<6xf32>
}

// -----

// transpose: the identity permutation folds; two transposes compose.

// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x?xf32>)
// CHECK-NEXT: return %[[X]]
func.func @transpose_identity(%x: tensor<2x?xf32>) -> tensor<2x?xf32> {
  %0 = loom.transpose %x permutation [0, 1] : (tensor<2x?xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// Result dim i of the outer is inner dim q[i], which is x dim p[q[i]]:
// p = [1, 2, 0], q = [2, 0, 1] gives [0, 1, 2] -> folds away; with
// q = [1, 0, 2] it gives [2, 1, 0].

// CHECK-LABEL: func.func @transpose_of_transpose
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[T:.*]] = loom.transpose %[[X]] permutation [2, 1, 0] : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
// CHECK-NEXT: return %[[X]], %[[T]]
func.func @transpose_of_transpose(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<4x3x2xf32>) {
  %0 = loom.transpose %x permutation [1, 2, 0] : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %1 = loom.transpose %0 permutation [2, 0, 1] : (tensor<3x4x2xf32>) -> tensor<2x3x4xf32>
  %2 = loom.transpose %0 permutation [1, 0, 2] : (tensor<3x4x2xf32>) -> tensor<4x3x2xf32>
  return %1, %2 : tensor<2x3x4xf32>, tensor<4x3x2xf32>
}

// -----

// CHECK-LABEL: func.func @negative_transpose_not_identity
// CHECK: loom.transpose %{{.*}} permutation [1, 0]
func.func @negative_transpose_not_identity(%x: tensor<3x3xf32>) -> tensor<3x3xf32> {
  %0 = loom.transpose %x permutation [1, 0] : (tensor<3x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// broadcast_to: a static same type folds; nested broadcasts collapse.

// CHECK-LABEL: func.func @broadcast_to_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @broadcast_to_same_type(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = loom.broadcast_to %x : tensor<2x3xf32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// The `?` of the input may be 1 and the result's 5.

// CHECK-LABEL: func.func @negative_broadcast_to_same_dynamic_type
// CHECK: loom.broadcast_to %{{.*}} : tensor<?xf32> to tensor<?xf32>
func.func @negative_broadcast_to_same_dynamic_type(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = loom.broadcast_to %x : tensor<?xf32> to tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_to_of_broadcast_to
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>)
// CHECK-NEXT: %[[B:.*]] = loom.broadcast_to %[[X]] : tensor<3xf32> to tensor<4x2x3xf32>
// CHECK-NEXT: return %[[B]]
func.func @broadcast_to_of_broadcast_to(%x: tensor<3xf32>) -> tensor<4x2x3xf32> {
  %0 = loom.broadcast_to %x : tensor<3xf32> to tensor<1x3xf32>
  %1 = loom.broadcast_to %0 : tensor<1x3xf32> to tensor<4x2x3xf32>
  return %1 : tensor<4x2x3xf32>
}

// -----

// The dynamic middle size hides that 3 does not broadcast to 5 (the program
// fails at run time); the collapsed op would not verify, so nothing changes.

// CHECK-LABEL: func.func @negative_broadcast_to_of_broadcast_to_mismatch
// CHECK: loom.broadcast_to %{{.*}} : tensor<3xf32> to tensor<?xf32>
// CHECK: loom.broadcast_to %{{.*}} : tensor<?xf32> to tensor<5xf32>
func.func @negative_broadcast_to_of_broadcast_to_mismatch(%x: tensor<3xf32>) -> tensor<5xf32> {
  %0 = loom.broadcast_to %x : tensor<3xf32> to tensor<?xf32>
  %1 = loom.broadcast_to %0 : tensor<?xf32> to tensor<5xf32>
  return %1 : tensor<5xf32>
}

// -----

// expand: trailing dims make it a broadcast_to, which may then fold.

// CHECK-LABEL: func.func @expand_trailing_dims
// CHECK-SAME: (%[[X:.*]]: tensor<3x1xf32>)
// CHECK-NEXT: %[[B:.*]] = loom.broadcast_to %[[X]] : tensor<3x1xf32> to tensor<2x3x4xf32>
// CHECK-NEXT: return %[[B]]
func.func @expand_trailing_dims(%x: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = loom.expand %x dims [1, 2] : tensor<3x1xf32> to tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @expand_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xi32>)
// CHECK-NEXT: return %[[X]]
func.func @expand_identity(%x: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %0 = loom.expand %x dims [0, 1] : tensor<2x3xi32> to tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// CHECK-LABEL: func.func @expand_trailing_into_broadcast_of_broadcast
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>)
// CHECK-NEXT: %[[B:.*]] = loom.broadcast_to %[[X]] : tensor<3xf32> to tensor<5x2x3xf32>
// CHECK-NEXT: return %[[B]]
func.func @expand_trailing_into_broadcast_of_broadcast(%x: tensor<3xf32>) -> tensor<5x2x3xf32> {
  %0 = loom.expand %x dims [1] : tensor<3xf32> to tensor<2x3xf32>
  %1 = loom.broadcast_to %0 : tensor<2x3xf32> to tensor<5x2x3xf32>
  return %1 : tensor<5x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @negative_expand_leading_dims
// CHECK: loom.expand %{{.*}} dims [0] : tensor<3xf32> to tensor<3x2xf32>
func.func @negative_expand_leading_dims(%x: tensor<3xf32>) -> tensor<3x2xf32> {
  %0 = loom.expand %x dims [0] : tensor<3xf32> to tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// concat: one input is that input.

// CHECK-LABEL: func.func @concat_single_input
// CHECK-SAME: (%[[A:.*]]: tensor<2x?xf32>)
// CHECK-NEXT: return %[[A]]
func.func @concat_single_input(%a: tensor<2x?xf32>) -> tensor<2x?xf32> {
  %0 = loom.concat %a axis 1 : (tensor<2x?xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// The declared result is less static than the input: not the same value type.

// CHECK-LABEL: func.func @negative_concat_single_input_other_type
// CHECK: loom.concat %{{.*}} axis 0 : (tensor<2xf32>) -> tensor<?xf32>
func.func @negative_concat_single_input_other_type(%a: tensor<2xf32>) -> tensor<?xf32> {
  %0 = loom.concat %a axis 0 : (tensor<2xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @negative_concat_two_inputs
// CHECK: loom.concat %{{.*}}, %{{.*}} axis 0
func.func @negative_concat_two_inputs(%a: tensor<2xf32>, %b: tensor<0xf32>) -> tensor<2xf32> {
  %0 = loom.concat %a, %b axis 0 : (tensor<2xf32>, tensor<0xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// slice: the whole tensor folds; nested slices compose.

// CHECK-LABEL: func.func @slice_whole
// CHECK-SAME: (%[[X:.*]]: tensor<4x5xf32>)
// CHECK-NEXT: return %[[X]]
func.func @slice_whole(%x: tensor<4x5xf32>) -> tensor<4x5xf32> {
  %0 = loom.slice %x offsets [0, 0] steps [1, 1] : tensor<4x5xf32> to tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// CHECK-LABEL: func.func @negative_slice_dynamic_same_type
// CHECK: loom.slice %{{.*}} offsets [0] steps [1] : tensor<?xf32> to tensor<?xf32>
func.func @negative_slice_dynamic_same_type(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = loom.slice %x offsets [0] steps [1] : tensor<?xf32> to tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @negative_slice_reversed_same_type
// CHECK: loom.slice %{{.*}} offsets [3] steps [-1] : tensor<4xf32> to tensor<4xf32>
func.func @negative_slice_reversed_same_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = loom.slice %x offsets [3] steps [-1] : tensor<4xf32> to tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Inner: x[1 + 2i] for i in 0..4 (positions 1, 3, 5, 7, 9). Outer reversed
// from 3 by -2: inner 3, 1 -> x 7, 3, i.e. offset 1 + 3 * 2 = 7, step
// 2 * -2 = -4.

// CHECK-LABEL: func.func @slice_of_slice
// CHECK-SAME: (%[[X:.*]]: tensor<10xf32>)
// CHECK-NEXT: %[[S:.*]] = loom.slice %[[X]] offsets [7] steps [-4] : tensor<10xf32> to tensor<2xf32>
// CHECK-NEXT: return %[[S]]
func.func @slice_of_slice(%x: tensor<10xf32>) -> tensor<2xf32> {
  %0 = loom.slice %x offsets [1] steps [2] : tensor<10xf32> to tensor<5xf32>
  %1 = loom.slice %0 offsets [3] steps [-2] : tensor<5xf32> to tensor<2xf32>
  return %1 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @negative_slice_of_slice_dynamic
// CHECK: loom.slice %{{.*}} offsets [1] steps [1] : tensor<?xf32> to tensor<4xf32>
// CHECK: loom.slice %{{.*}} offsets [1] steps [1] : tensor<4xf32> to tensor<2xf32>
func.func @negative_slice_of_slice_dynamic(%x: tensor<?xf32>) -> tensor<2xf32> {
  %0 = loom.slice %x offsets [1] steps [1] : tensor<?xf32> to tensor<4xf32>
  %1 = loom.slice %0 offsets [1] steps [1] : tensor<4xf32> to tensor<2xf32>
  return %1 : tensor<2xf32>
}

// -----

// pad: zero pads fold.

// CHECK-LABEL: func.func @pad_zero
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @pad_zero(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = loom.pad %x low [0, 0] high [0, 0] mode edge : (tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// CHECK-LABEL: func.func @negative_pad_nonzero
// CHECK: loom.pad %{{.*}} low [0, 1] high [0, -1] mode constant
func.func @negative_pad_nonzero(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = loom.pad %x low [0, 1] high [0, -1] mode constant : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// trilu: a triangle covering every matrix, or no elements, is the input.
// j - i ranges over [-2, 3] for 3x4 matrices.

// CHECK-LABEL: func.func @trilu_keeps_everything
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[E:.*]]: tensor<0x4xi1>)
// CHECK-NEXT: return %[[X]], %[[X]], %[[E]]
func.func @trilu_keeps_everything(%x: tensor<2x3x4xf32>, %e: tensor<0x4xi1>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<0x4xi1>) {
  %0 = loom.trilu %x upper diagonal -2 : tensor<2x3x4xf32>
  %1 = loom.trilu %x diagonal 3 : tensor<2x3x4xf32>
  %2 = loom.trilu %e upper diagonal 5 : tensor<0x4xi1>
  return %0, %1, %2 : tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<0x4xi1>
}

// -----

// One diagonal short of everything, and rows unknown for an upper triangle.

// CHECK-LABEL: func.func @negative_trilu_partial
// CHECK: loom.trilu %{{.*}} upper diagonal -1 : tensor<3x4xf32>
// CHECK: loom.trilu %{{.*}} diagonal 2 : tensor<3x4xf32>
// CHECK: loom.trilu %{{.*}} upper diagonal -2 : tensor<?x4xf32>
func.func @negative_trilu_partial(%x: tensor<3x4xf32>, %d: tensor<?x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>, tensor<?x4xf32>) {
  %0 = loom.trilu %x upper diagonal -1 : tensor<3x4xf32>
  %1 = loom.trilu %x diagonal 2 : tensor<3x4xf32>
  %2 = loom.trilu %d upper diagonal -2 : tensor<?x4xf32>
  return %0, %1, %2 : tensor<3x4xf32>, tensor<3x4xf32>, tensor<?x4xf32>
}

// -----

// The common cases: the main-diagonal triangles and a negative lower
// diagonal keep only part of the matrix.

// CHECK-LABEL: func.func @negative_trilu_default_diagonals
// CHECK: loom.trilu %{{.*}} upper : tensor<3x4xf32>
// CHECK: loom.trilu %{{.*}} : tensor<3x4xf32>
// CHECK: loom.trilu %{{.*}} diagonal -1 : tensor<3x4xf32>
func.func @negative_trilu_default_diagonals(%x: tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) {
  %0 = loom.trilu %x upper : tensor<3x4xf32>
  %1 = loom.trilu %x : tensor<3x4xf32>
  %2 = loom.trilu %x diagonal -1 : tensor<3x4xf32>
  return %0, %1, %2 : tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>
}

// -----

// iota is left to loom-fold-constants: canonicalization does not
// materialize tensors.

// CHECK-LABEL: func.func @negative_iota_not_folded
// CHECK: loom.iota dim 0 : tensor<4xi32>
func.func @negative_iota_not_folded() -> tensor<4xi32> {
  %0 = loom.iota dim 0 : tensor<4xi32>
  return %0 : tensor<4xi32>
}
