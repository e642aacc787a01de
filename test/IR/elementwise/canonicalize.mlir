// RUN: loom-opt %s -split-input-file -canonicalize | FileCheck %s

// Identities that folders remove, and the cases they must leave alone.

// CHECK-LABEL: func.func @add_integer_zero
// CHECK-SAME: (%[[X:.*]]: tensor<4xi32>)
// CHECK-NEXT: return %[[X]]
func.func @add_integer_zero(%x: tensor<4xi32>) -> tensor<4xi32> {
  %zero = loom.constant dense<0> : tensor<4xi32>
  %0 = loom.add %zero, %x : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// x + (-0.0) is x for every float x.
// CHECK-LABEL: func.func @add_negative_zero
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @add_negative_zero(%x: tensor<4xf32>) -> tensor<4xf32> {
  %zero = loom.constant dense<-0.0> : tensor<f32>
  %0 = loom.add %x, %zero : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// -0.0 + 0.0 is +0.0, so adding a positive zero is not an identity.
// CHECK-LABEL: func.func @negative_add_positive_float_zero
// CHECK: loom.add
func.func @negative_add_positive_float_zero(%x: tensor<4xf32>) -> tensor<4xf32> {
  %zero = loom.constant dense<0.0> : tensor<f32>
  %0 = loom.add %x, %zero : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Broadcasting changes the type: the add stays.
// CHECK-LABEL: func.func @negative_add_zero_that_broadcasts
// CHECK: loom.add
func.func @negative_add_zero_that_broadcasts(%x: tensor<4xi32>) -> tensor<2x4xi32> {
  %zero = loom.constant dense<0> : tensor<2x4xi32>
  %0 = loom.add %x, %zero : (tensor<4xi32>, tensor<2x4xi32>) -> tensor<2x4xi32>
  return %0 : tensor<2x4xi32>
}

// -----

// CHECK-LABEL: func.func @sub_mul_div_identities
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: return %[[X]], %[[X]], %[[X]]
func.func @sub_mul_div_identities(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %zero = loom.constant dense<0.0> : tensor<f32>
  %one = loom.constant dense<1.0> : tensor<f32>
  %0 = loom.sub %x, %zero : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = loom.mul %one, %x : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = loom.div %x, %one : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @negative_div_by_two
// CHECK: loom.div
func.func @negative_div_by_two(%x: tensor<4xf32>) -> tensor<4xf32> {
  %two = loom.constant dense<2.0> : tensor<f32>
  %0 = loom.div %x, %two : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @double_negation_and_not
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xi1>)
// CHECK-NEXT: return %[[X]], %[[B]]
func.func @double_negation_and_not(%x: tensor<4xf32>, %b: tensor<4xi1>) -> (tensor<4xf32>, tensor<4xi1>) {
  %0 = loom.neg %x : tensor<4xf32>
  %1 = loom.neg %0 : tensor<4xf32>
  %2 = loom.not %b : tensor<4xi1>
  %3 = loom.not %2 : tensor<4xi1>
  return %1, %3 : tensor<4xf32>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @relu_of_relu
// CHECK: %[[R:.*]] = loom.relu
// CHECK-NOT: loom.relu
// CHECK: return %[[R]]
func.func @relu_of_relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = loom.relu %x : tensor<4xf32>
  %1 = loom.relu %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @clamp_without_bounds_and_same_type_cast
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: return %[[X]], %[[X]]
func.func @clamp_without_bounds_and_same_type_cast(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = loom.clamp %x : tensor<4xf32>
  %1 = loom.cast %x : tensor<4xf32> to tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @select_constant_condition
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NEXT: return %[[B]], %[[A]]
func.func @select_constant_condition(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %false = loom.constant dense<false> : tensor<i1>
  %0 = loom.select %false, %a, %b : (tensor<i1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %c = loom.constant dense<true> : tensor<i1>
  %1 = loom.select %c, %a, %a : (tensor<i1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}
