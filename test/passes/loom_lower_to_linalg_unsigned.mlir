// RUN: loom-opt %s -split-input-file -loom-lower-to-linalg | FileCheck %s

// Unsigned element types pick the unsigned arith ops, then every type of
// the function becomes signless.

// CHECK-LABEL: func.func @div_ui8
// CHECK-SAME: (%{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi8>) -> tensor<4xi8>
// CHECK: arith.divui
// CHECK-NOT: arith.divsi
// CHECK-NOT: ui8
func.func @div_ui8(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  %0 = loom.div %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// CHECK-LABEL: func.func @rem_max_compare_ui32
// CHECK: arith.remui
// CHECK: arith.maxui
// CHECK: arith.cmpi ult
// CHECK-NOT: ui32
func.func @rem_max_compare_ui32(%a: tensor<4xui32>, %b: tensor<4xui32>) -> tensor<4xi1> {
  %0 = loom.rem %a, %b : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  %1 = loom.max %0, %b : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  %2 = loom.compare lt, %1, %a : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xi1>
  return %2 : tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @casts_ui16
// CHECK: arith.uitofp
// CHECK: arith.fptoui
// CHECK: arith.extui
// CHECK-NOT: ui16
func.func @casts_ui16(%a: tensor<4xui16>, %f: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xui16>, tensor<4xi32>) {
  %0 = loom.cast %a : tensor<4xui16> to tensor<4xf32>
  %1 = loom.cast %f : tensor<4xf32> to tensor<4xui16>
  %2 = loom.cast %a : tensor<4xui16> to tensor<4xi32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xui16>, tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @shift_right_ui64
// CHECK: arith.shrui
// CHECK: arith.cmpi uge
// CHECK-NOT: ui64
func.func @shift_right_ui64(%a: tensor<4xui64>, %b: tensor<4xui64>) -> tensor<4xui64> {
  %0 = loom.shift %a, %b {right} : (tensor<4xui64>, tensor<4xui64>) -> tensor<4xui64>
  return %0 : tensor<4xui64>
}

// -----

// A constant keeps its bits: 255 of ui8 is -1 of i8.
// CHECK-LABEL: func.func @constant_ui8
// CHECK: arith.constant dense<[1, -1]> : tensor<2xi8>
func.func @constant_ui8() -> tensor<2xui8> {
  %0 = loom.constant dense<[1, 255]> : tensor<2xui8>
  return %0 : tensor<2xui8>
}
