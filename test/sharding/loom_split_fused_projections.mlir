// RUN: loom-opt %s -split-input-file -loom-split-fused-projections -mlir-print-debuginfo -mlir-print-local-scope | FileCheck %s

// A qkv projection with a bias, sliced into three: three projections, each
// with its columns of the weight and bias, named after the originals.
// CHECK-LABEL: func.func @qkv(
// CHECK-SAME: %[[X:[a-z0-9]*]]: tensor<2x8x4xf32>
// CHECK-DAG: %[[WQ:.*]] = loom.constant dense<{{\[\[}}0.000000e+00, 1.000000e+00], [6.000000e+00, 7.000000e+00], [1.200000e+01, 1.300000e+01], [1.800000e+01, 1.900000e+01]]> : tensor<4x2xf32> loc("w:0")
// CHECK-DAG: %[[BQ:.*]] = loom.constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf32> loc("b:0")
// CHECK-DAG: %[[WK:.*]] = loom.constant dense<{{\[\[}}2.000000e+00, 3.000000e+00], [8.000000e+00, 9.000000e+00], [1.400000e+01, 1.500000e+01], [2.000000e+01, 2.100000e+01]]> : tensor<4x2xf32> loc("w:1")
// CHECK-DAG: %[[BK:.*]] = loom.constant dense<[2.000000e+00, 3.000000e+00]> : tensor<2xf32> loc("b:1")
// CHECK-DAG: %[[WV:.*]] = loom.constant dense<{{\[\[}}4.000000e+00, 5.000000e+00], [1.000000e+01, 1.100000e+01], [1.600000e+01, 1.700000e+01], [2.200000e+01, 2.300000e+01]]> : tensor<4x2xf32> loc("w:2")
// CHECK-DAG: %[[BV:.*]] = loom.constant dense<[4.000000e+00, 5.000000e+00]> : tensor<2xf32> loc("b:2")
// CHECK-DAG: %[[Q0:.*]] = loom.matmul %[[X]], %[[WQ]] : (tensor<2x8x4xf32>, tensor<4x2xf32>) -> tensor<2x8x2xf32>
// CHECK-DAG: %[[Q:.*]] = loom.add %[[Q0]], %[[BQ]]
// CHECK-DAG: %[[K0:.*]] = loom.matmul %[[X]], %[[WK]]
// CHECK-DAG: %[[K:.*]] = loom.add %[[K0]], %[[BK]]
// CHECK-DAG: %[[V0:.*]] = loom.matmul %[[X]], %[[WV]]
// CHECK-DAG: %[[V:.*]] = loom.add %[[V0]], %[[BV]]
// CHECK-NOT: loom.slice
// CHECK-NOT: tensor<4x6xf32>
// CHECK: return %[[Q]], %[[K]], %[[V]]
func.func @qkv(%x: tensor<2x8x4xf32>) -> (tensor<2x8x2xf32>, tensor<2x8x2xf32>, tensor<2x8x2xf32>) {
  %w = loom.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 7.0, 8.0, 9.0, 10.0, 11.0], [12.0, 13.0, 14.0, 15.0, 16.0, 17.0], [18.0, 19.0, 20.0, 21.0, 22.0, 23.0]]> : tensor<4x6xf32> loc("w")
  %b = loom.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]> : tensor<6xf32> loc("b")
  %0 = loom.matmul %x, %w : (tensor<2x8x4xf32>, tensor<4x6xf32>) -> tensor<2x8x6xf32>
  %1 = loom.add %0, %b : (tensor<2x8x6xf32>, tensor<6xf32>) -> tensor<2x8x6xf32>
  %q = loom.slice %1 offsets [0, 0, 0] steps [1, 1, 1] : tensor<2x8x6xf32> to tensor<2x8x2xf32>
  %k = loom.slice %1 offsets [0, 0, 2] steps [1, 1, 1] : tensor<2x8x6xf32> to tensor<2x8x2xf32>
  %v = loom.slice %1 offsets [0, 0, 4] steps [1, 1, 1] : tensor<2x8x6xf32> to tensor<2x8x2xf32>
  return %q, %k, %v : tensor<2x8x2xf32>, tensor<2x8x2xf32>, tensor<2x8x2xf32>
}

// -----

// Without a bias, and with a splat weight: the parts are splats.
// CHECK-LABEL: func.func @no_bias(
// CHECK: %[[W0:.*]] = loom.constant dense<1.000000e+00> : tensor<4x3xf32>
// CHECK: loom.matmul %{{.*}}, %[[W0]] : (tensor<8x4xf32>, tensor<4x3xf32>) -> tensor<8x3xf32>
// CHECK: %[[W1:.*]] = loom.constant dense<1.000000e+00> : tensor<4x5xf32>
// CHECK: loom.matmul %{{.*}}, %[[W1]] : (tensor<8x4xf32>, tensor<4x5xf32>) -> tensor<8x5xf32>
// CHECK-NOT: loom.slice
func.func @no_bias(%x: tensor<8x4xf32>) -> (tensor<8x3xf32>, tensor<8x5xf32>) {
  %w = loom.constant dense<1.0> : tensor<4x8xf32>
  %0 = loom.matmul %x, %w : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
  %a = loom.slice %0 offsets [0, 0] steps [1, 1] : tensor<8x8xf32> to tensor<8x3xf32>
  %b = loom.slice %0 offsets [0, 3] steps [1, 1] : tensor<8x8xf32> to tensor<8x5xf32>
  return %a, %b : tensor<8x3xf32>, tensor<8x5xf32>
}

// -----

// A result also read whole is not split.
// CHECK-LABEL: func.func @negative_also_read_whole(
// CHECK: loom.matmul %{{.*}}, %{{.*}} : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
// CHECK: loom.slice
// CHECK: loom.slice
func.func @negative_also_read_whole(%x: tensor<8x4xf32>) -> (tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x8xf32>) {
  %w = loom.constant dense<1.0> : tensor<4x8xf32>
  %0 = loom.matmul %x, %w : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
  %a = loom.slice %0 offsets [0, 0] steps [1, 1] : tensor<8x8xf32> to tensor<8x4xf32>
  %b = loom.slice %0 offsets [0, 4] steps [1, 1] : tensor<8x8xf32> to tensor<8x4xf32>
  return %a, %b, %0 : tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x8xf32>
}

// -----

// Slices that cut rows or stride are not column ranges.
// CHECK-LABEL: func.func @negative_not_column_slices(
// CHECK: loom.matmul %{{.*}}, %{{.*}} : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
// CHECK: loom.slice
// CHECK: loom.slice
func.func @negative_not_column_slices(%x: tensor<8x4xf32>) -> (tensor<4x8xf32>, tensor<8x4xf32>) {
  %w = loom.constant dense<1.0> : tensor<4x8xf32>
  %0 = loom.matmul %x, %w : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
  %a = loom.slice %0 offsets [0, 0] steps [1, 1] : tensor<8x8xf32> to tensor<4x8xf32>
  %b = loom.slice %0 offsets [0, 0] steps [1, 2] : tensor<8x8xf32> to tensor<8x4xf32>
  return %a, %b : tensor<4x8xf32>, tensor<8x4xf32>
}

// -----

// A weight that is an argument is not a layer's constant.
// CHECK-LABEL: func.func @negative_weight_argument(
// CHECK: loom.matmul %{{.*}}, %{{.*}} : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
func.func @negative_weight_argument(%x: tensor<8x4xf32>, %w: tensor<4x8xf32>) -> (tensor<8x4xf32>, tensor<8x4xf32>) {
  %0 = loom.matmul %x, %w : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
  %a = loom.slice %0 offsets [0, 0] steps [1, 1] : tensor<8x8xf32> to tensor<8x4xf32>
  %b = loom.slice %0 offsets [0, 4] steps [1, 1] : tensor<8x8xf32> to tensor<8x4xf32>
  return %a, %b : tensor<8x4xf32>, tensor<8x4xf32>
}
