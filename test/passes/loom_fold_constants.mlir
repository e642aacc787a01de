// RUN: loom-opt %s -split-input-file -loom-fold-constants | FileCheck %s
// RUN: loom-opt %s -split-input-file -loom-fold-constants=max-result-elements=2 | FileCheck %s --check-prefix=LIMIT

// CHECK-LABEL: func.func @chain_folds
// CHECK-NEXT: %[[C:.*]] = loom.constant dense<[4.000000e+00, 9.000000e+00, 1.600000e+01]> : tensor<3xf32>
// CHECK-NEXT: return %[[C]]
// LIMIT-LABEL: func.func @chain_folds
// LIMIT: loom.mul
func.func @chain_folds() -> tensor<3xf32> {
  %a = loom.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %one = loom.constant dense<1.0> : tensor<f32>
  %b = loom.add %a, %one : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %c = loom.mul %b, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %c : tensor<3xf32>
}

// -----

// Shape arithmetic as exporters write it, in i64.
// CHECK-LABEL: func.func @shape_arithmetic
// CHECK-NEXT: %[[C:.*]] = loom.constant dense<[2, 12]> : tensor<2xi64>
// CHECK-NEXT: return %[[C]]
func.func @shape_arithmetic() -> tensor<2xi64> {
  %shape = loom.constant dense<[2, 3]> : tensor<2xi64>
  %scale = loom.constant dense<[1, 4]> : tensor<2xi64>
  %0 = loom.mul %shape, %scale : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @compare_and_cast
// CHECK: loom.constant dense<[true, false]> : tensor<2xi1>
// CHECK: loom.constant dense<[1, 0]> : tensor<2xi32>
func.func @compare_and_cast() -> (tensor<2xi1>, tensor<2xi32>) {
  %a = loom.constant dense<[1.0, 5.0]> : tensor<2xf32>
  %b = loom.constant dense<[2.0, 2.0]> : tensor<2xf32>
  %0 = loom.compare lt, %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  %1 = loom.cast %0 : tensor<2xi1> to tensor<2xi32>
  return %0, %1 : tensor<2xi1>, tensor<2xi32>
}

// -----

// An error at evaluation (integer division by zero) leaves the op in place
// for run time to report.
// CHECK-LABEL: func.func @negative_division_by_zero
// CHECK: loom.div
func.func @negative_division_by_zero() -> tensor<2xi32> {
  %a = loom.constant dense<[1, 2]> : tensor<2xi32>
  %b = loom.constant dense<[1, 0]> : tensor<2xi32>
  %0 = loom.div %a, %b : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// CHECK-LABEL: func.func @negative_non_constant_operand
// CHECK: loom.add
func.func @negative_non_constant_operand(%x: tensor<2xf32>) -> tensor<2xf32> {
  %a = loom.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = loom.add %a, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// f16 results are rounded once: 0.1 + 0.2 in f16.
// CHECK-LABEL: func.func @half_precision
// CHECK: loom.constant dense<2.998050e-01> : tensor<f16>
func.func @half_precision() -> tensor<f16> {
  %a = loom.constant dense<0.1> : tensor<f16>
  %b = loom.constant dense<0.2> : tensor<f16>
  %0 = loom.add %a, %b : (tensor<f16>, tensor<f16>) -> tensor<f16>
  return %0 : tensor<f16>
}

// -----

// A contraction with a one-element result still costs K multiplications:
// within the default budget it folds, under a small one it stays.
// CHECK-LABEL: func.func @contraction_budget
// CHECK-NEXT: %[[C:.*]] = loom.constant dense<6.400000e+01> : tensor<1x1xf32>
// CHECK-NEXT: return %[[C]]
// LIMIT-LABEL: func.func @contraction_budget
// LIMIT: loom.matmul
func.func @contraction_budget() -> tensor<1x1xf32> {
  %a = loom.constant dense<1.0> : tensor<1x64xf32>
  %b = loom.constant dense<1.0> : tensor<64x1xf32>
  %0 = loom.matmul %a, %b : (tensor<1x64xf32>, tensor<64x1xf32>) -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}
