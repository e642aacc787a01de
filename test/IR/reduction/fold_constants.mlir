// RUN: loom-opt %s -split-input-file -loom-fold-constants | FileCheck %s

// Constant operands are folded through the evaluator.

// mean of [[1, 2, 3], [4, 5, 7]] over axis 1 is [6/3, 16/3] = [2, 5] (i32
// truncates 5.33 toward zero); max over axis 0 is [4, 5, 7].
// CHECK-LABEL: func.func @fold_mean_and_max
// CHECK-DAG: loom.constant dense<[2, 5]> : tensor<2xi32>
// CHECK-DAG: loom.constant dense<[4, 5, 7]> : tensor<3xi32>
// CHECK-NOT: loom.reduce
func.func @fold_mean_and_max() -> (tensor<2xi32>, tensor<3xi32>) {
  %x = loom.constant dense<[[1, 2, 3], [4, 5, 7]]> : tensor<2x3xi32>
  %0 = loom.reduce_mean %x axes [1] : (tensor<2x3xi32>) -> tensor<2xi32>
  %1 = loom.reduce_max %x axes [0] : (tensor<2x3xi32>) -> tensor<3xi32>
  return %0, %1 : tensor<2xi32>, tensor<3xi32>
}

// -----

// argmin of [3, 1, 2, 1] is 1 (first of the tied minima); the exclusive
// reverse cumsum is [1+2+1, 2+1, 1, 0] = [4, 3, 1, 0].
// CHECK-LABEL: func.func @fold_argmin_and_cumsum
// CHECK-DAG: loom.constant dense<1> : tensor<i64>
// CHECK-DAG: loom.constant dense<[4.000000e+00, 3.000000e+00, 1.000000e+00, 0.000000e+00]> : tensor<4xf32>
// CHECK-NOT: loom.argmin
// CHECK-NOT: loom.cumsum
func.func @fold_argmin_and_cumsum() -> (tensor<i64>, tensor<4xf32>) {
  %x = loom.constant dense<[3.0, 1.0, 2.0, 1.0]> : tensor<4xf32>
  %0 = loom.argmin %x axis 0 : (tensor<4xf32>) -> tensor<i64>
  %1 = loom.cumsum %x axis 0 exclusive reverse : tensor<4xf32>
  return %0, %1 : tensor<i64>, tensor<4xf32>
}

// -----

// An integer mean over an empty extent is an evaluator error: no fold.
// CHECK-LABEL: func.func @negative_fold_integer_mean_of_nothing
// CHECK: loom.reduce_mean
func.func @negative_fold_integer_mean_of_nothing() -> tensor<2xi32> {
  %x = loom.constant dense<> : tensor<2x0xi32>
  %0 = loom.reduce_mean %x axes [1] : (tensor<2x0xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// topk of [3, 1, 4, 1, 5]: the three largest are 5, 4, 3 at 4, 2, 0; the
// two smallest are the tied 1s, the lower index first.
// CHECK-LABEL: func.func @fold_topk
// CHECK-DAG: loom.constant dense<[5.000000e+00, 4.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-DAG: loom.constant dense<[4, 2, 0]> : tensor<3xi64>
// CHECK-DAG: loom.constant dense<1.000000e+00> : tensor<2xf32>
// CHECK-DAG: loom.constant dense<[1, 3]> : tensor<2xi64>
// CHECK-NOT: loom.topk
func.func @fold_topk() -> (tensor<3xf32>, tensor<3xi64>, tensor<2xf32>, tensor<2xi64>) {
  %x = loom.constant dense<[3.0, 1.0, 4.0, 1.0, 5.0]> : tensor<5xf32>
  %0:2 = loom.topk %x axis 0 k 3 : (tensor<5xf32>) -> (tensor<3xf32>, tensor<3xi64>)
  %1:2 = loom.topk %x axis 0 k 2 largest = false : (tensor<5xf32>) -> (tensor<2xf32>, tensor<2xi64>)
  return %0#0, %0#1, %1#0, %1#1 : tensor<3xf32>, tensor<3xi64>, tensor<2xf32>, tensor<2xi64>
}
