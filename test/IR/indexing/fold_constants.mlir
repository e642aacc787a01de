// RUN: loom-opt %s -split-input-file -loom-fold-constants | FileCheck %s

// Constant folding runs the evaluator; the expectations are the ONNX
// operator documentation's examples.

// GatherElements: out[i][j] = data[i][indices[i][j]].
// CHECK-LABEL: func.func @fold_gather_elements
// CHECK-NEXT: %[[C:.*]] = loom.constant dense<{{\[}}[1, 1], [4, 3]]> : tensor<2x2xi32>
// CHECK-NEXT: return %[[C]]
func.func @fold_gather_elements() -> tensor<2x2xi32> {
  %data = loom.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>
  %ids = loom.constant dense<[[0, 0], [1, 0]]> : tensor<2x2xi64>
  %0 = loom.gather_elements %data, %ids axis 1 : (tensor<2x2xi32>, tensor<2x2xi64>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// -----

// GatherND: elements at (0, 0) and (1, 1).
// CHECK-LABEL: func.func @fold_gather_nd
// CHECK-NEXT: %[[C:.*]] = loom.constant dense<[0, 3]> : tensor<2xi64>
// CHECK-NEXT: return %[[C]]
func.func @fold_gather_nd() -> tensor<2xi64> {
  %data = loom.constant dense<[[0, 1], [2, 3]]> : tensor<2x2xi64>
  %ids = loom.constant dense<[[0, 0], [1, 1]]> : tensor<2x2xi64>
  %0 = loom.gather_nd %data, %ids : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// ScatterElements with reduction add and a duplicate index:
// 2 + 10 + 20 = 32 at position 1, the rest unchanged.
// CHECK-LABEL: func.func @fold_scatter_add
// CHECK-NEXT: %[[C:.*]] = loom.constant dense<{{\[}}[1, 32, 3, 4, 5]]> : tensor<1x5xi64>
// CHECK-NEXT: return %[[C]]
func.func @fold_scatter_add() -> tensor<1x5xi64> {
  %data = loom.constant dense<[[1, 2, 3, 4, 5]]> : tensor<1x5xi64>
  %ids = loom.constant dense<[[1, 1]]> : tensor<1x2xi64>
  %updates = loom.constant dense<[[10, 20]]> : tensor<1x2xi64>
  %0 = loom.scatter %data, %ids, %updates axis 1 reduction add : (tensor<1x5xi64>, tensor<1x2xi64>, tensor<1x2xi64>) -> tensor<1x5xi64>
  return %0 : tensor<1x5xi64>
}

// -----

// resize_upsample_scales_linear: half_pixel maps output x to
// (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25, clamped to [0, 1].
// CHECK-LABEL: func.func @fold_resize_linear
// CHECK-NEXT: %[[C:.*]] = loom.constant dense<{{\[\[\[}}[1.000000e+00, 1.250000e+00, 1.750000e+00, 2.000000e+00], [1.500000e+00, 1.750000e+00, 2.250000e+00, 2.500000e+00], [2.500000e+00, 2.750000e+00, 3.250000e+00, 3.500000e+00], [3.000000e+00, 3.250000e+00, 3.750000e+00, 4.000000e+00]]]]> : tensor<1x1x4x4xf32>
// CHECK-NEXT: return %[[C]]
func.func @fold_resize_linear() -> tensor<1x1x4x4xf32> {
  %x = loom.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %0 = loom.resize %x mode linear coordinate_transform half_pixel scales [1.0, 1.0, 2.0, 2.0] : tensor<1x1x2x2xf32> to tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// An out-of-range index is left for run time to report.
// CHECK-LABEL: func.func @negative_fold_gather_nd_out_of_range
// CHECK: loom.gather_nd
func.func @negative_fold_gather_nd_out_of_range() -> tensor<1xi64> {
  %data = loom.constant dense<[[0, 1], [2, 3]]> : tensor<2x2xi64>
  %ids = loom.constant dense<[[2, 0]]> : tensor<1x2xi64>
  %0 = loom.gather_nd %data, %ids : (tensor<2x2xi64>, tensor<1x2xi64>) -> tensor<1xi64>
  return %0 : tensor<1xi64>
}
