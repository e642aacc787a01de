// RUN: loom-opt %s -split-input-file -loom-fold-constants | FileCheck %s

// iota has no operands, so it always folds.

// CHECK-LABEL: func.func @fold_iota
// CHECK-NEXT: %[[C:.*]] = loom.constant dense<{{\[}}[0, 1, 2], [0, 1, 2]]> : tensor<2x3xi64>
// CHECK-NEXT: return %[[C]]
func.func @fold_iota() -> tensor<2x3xi64> {
  %0 = loom.iota dim 1 : tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// A chain folds op by op: iota [0, 1, 2] -> pad [9, 0, 1, 2] ->
// reversed slice [2, 1, 0, 9] -> broadcast to two rows -> upper
// triangle [[2, 1, 0, 9], [0, 1, 0, 9]].

// CHECK-LABEL: func.func @fold_chain
// CHECK-NOT: loom.iota
// CHECK-NOT: loom.pad
// CHECK-NOT: loom.slice
// CHECK-NOT: loom.broadcast_to
// CHECK-NOT: loom.trilu
// CHECK: %[[C:.*]] = loom.constant dense<{{\[}}[2.000000e+00, 1.000000e+00, 0.000000e+00, 9.000000e+00], [0.000000e+00, 1.000000e+00, 0.000000e+00, 9.000000e+00]]> : tensor<2x4xf32>
// CHECK-NEXT: return %[[C]]
func.func @fold_chain() -> tensor<2x4xf32> {
  %0 = loom.iota dim 0 : tensor<3xf32>
  %1 = loom.pad %0 low [1] high [0] mode constant value 9.0 : (tensor<3xf32>) -> tensor<4xf32>
  %2 = loom.slice %1 offsets [3] steps [-1] : tensor<4xf32> to tensor<4xf32>
  %3 = loom.broadcast_to %2 : tensor<4xf32> to tensor<2x4xf32>
  %4 = loom.trilu %3 upper : tensor<2x4xf32>
  return %4 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @fold_concat_expand
// CHECK-NOT: loom.concat
// CHECK-NOT: loom.expand
// CHECK: %[[C:.*]] = loom.constant dense<{{\[}}[true, true], [false, false], [true, true]]> : tensor<3x2xi1>
// CHECK-NEXT: return %[[C]]
func.func @fold_concat_expand() -> tensor<3x2xi1> {
  %a = loom.constant dense<[true, false]> : tensor<2xi1>
  %b = loom.constant dense<true> : tensor<1xi1>
  %0 = loom.concat %a, %b axis 0 : (tensor<2xi1>, tensor<1xi1>) -> tensor<3xi1>
  %1 = loom.expand %0 dims [0] : tensor<3xi1> to tensor<3x2xi1>
  return %1 : tensor<3x2xi1>
}

// -----

// An operand that is not a constant stops folding.

// CHECK-LABEL: func.func @negative_fold_non_constant
// CHECK: loom.concat
func.func @negative_fold_non_constant(%x: tensor<2xf32>) -> tensor<4xf32> {
  %a = loom.constant dense<1.0> : tensor<2xf32>
  %0 = loom.concat %a, %x axis 0 : (tensor<2xf32>, tensor<2xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
