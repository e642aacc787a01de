// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s
// RUN: loom-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | loom-opt -split-input-file | FileCheck %s

// A negative pad crops; the default value 0.0 is not printed.

// CHECK-LABEL: func.func @pad_constant_and_crop
// CHECK: loom.pad %{{.*}} low [1, 0] high [2, -1] mode constant : (tensor<2x3xf32>) -> tensor<5x2xf32>
// CHECK: loom.pad %{{.*}} low [0, 1] high [0, 1] mode constant value -1.500000e+00 : (tensor<2x3xf32>) -> tensor<2x5xf32>
func.func @pad_constant_and_crop(%x: tensor<2x3xf32>) -> (tensor<5x2xf32>, tensor<2x5xf32>) {
  %0 = loom.pad %x low [1, 0] high [2, -1] mode constant value 0.0 : (tensor<2x3xf32>) -> tensor<5x2xf32>
  %1 = loom.pad %x low [0, 1] high [0, 1] mode constant value -1.5 : (tensor<2x3xf32>) -> tensor<2x5xf32>
  return %0, %1 : tensor<5x2xf32>, tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func.func @pad_reflect_edge_i32
// CHECK: loom.pad %{{.*}} low [2] high [2] mode reflect : (tensor<3xi32>) -> tensor<7xi32>
// CHECK: loom.pad %{{.*}} low [3] high [0] mode edge : (tensor<3xi32>) -> tensor<6xi32>
// CHECK: loom.pad %{{.*}} low [1] high [1] mode constant value 7.000000e+00 : (tensor<3xi32>) -> tensor<5xi32>
func.func @pad_reflect_edge_i32(%x: tensor<3xi32>) -> (tensor<7xi32>, tensor<6xi32>, tensor<5xi32>) {
  %0 = loom.pad %x low [2] high [2] mode reflect : (tensor<3xi32>) -> tensor<7xi32>
  %1 = loom.pad %x low [3] high [0] mode edge : (tensor<3xi32>) -> tensor<6xi32>
  %2 = loom.pad %x low [1] high [1] mode constant value 7.0 : (tensor<3xi32>) -> tensor<5xi32>
  return %0, %1, %2 : tensor<7xi32>, tensor<6xi32>, tensor<5xi32>
}

// -----

// A dynamic size stays dynamic and is not checked.

// CHECK-LABEL: func.func @pad_dynamic
// CHECK: loom.pad %{{.*}} low [4, 1] high [4, 0] mode reflect : (tensor<?x2xf16>) -> tensor<?x3xf16>
func.func @pad_dynamic(%x: tensor<?x2xf16>) -> tensor<?x3xf16> {
  %0 = loom.pad %x low [4, 1] high [4, 0] mode reflect : (tensor<?x2xf16>) -> tensor<?x3xf16>
  return %0 : tensor<?x3xf16>
}

// -----

func.func @negative_pad_negative_size(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{dimension 0 of size 2 padded by -2 and -1 would have a negative size}}
  // expected-error @+1 {{'loom.pad' op failed to infer returned types}}
  %0 = loom.pad %x low [-2, 0] high [-1, 0] mode constant : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @negative_pad_length(%x: tensor<2x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{high has 1 entries but the input has rank 2}}
  // expected-error @+1 {{'loom.pad' op failed to infer returned types}}
  %0 = loom.pad %x low [1, 0] high [0] mode constant : (tensor<2x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @negative_pad_wrong_result(%x: tensor<2x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<4x3xf32>' are incompatible with return type(s) of operation 'tensor<3x3xf32>'}}
  // expected-error @+1 {{'loom.pad' op failed to infer returned types}}
  %0 = loom.pad %x low [1, 0] high [1, 0] mode constant : (tensor<2x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @negative_pad_reflect_too_wide(%x: tensor<3xf32>) -> tensor<6xf32> {
  // expected-error @+1 {{'loom.pad' op reflect pad 3 at the low end of dimension 0 must be smaller than its size 3}}
  %0 = loom.pad %x low [3] high [0] mode reflect : (tensor<3xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @negative_pad_edge_empty(%x: tensor<2x0xf32>) -> tensor<2x1xf32> {
  // expected-error @+1 {{'loom.pad' op edge pad 1 at the high end of dimension 1 needs a non-empty dimension, but its size is 0}}
  %0 = loom.pad %x low [0, 0] high [0, 1] mode edge : (tensor<2x0xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @negative_pad_value_not_integer(%x: tensor<3xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'loom.pad' op value 5.000000e-01 is not an integer but the input is 'i32'}}
  %0 = loom.pad %x low [1] high [0] mode constant value 0.5 : (tensor<3xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @negative_pad_value_out_of_range(%x: tensor<3xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'loom.pad' op value 1.280000e+02 does not fit in 'i8'}}
  %0 = loom.pad %x low [1] high [0] mode constant value 128.0 : (tensor<3xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// ui8 holds [0, 256): 255 fits, 256 and -1 do not.
func.func @negative_pad_value_out_of_unsigned_range(%x: tensor<3xui8>) -> tensor<4xui8> {
  %0 = loom.pad %x low [1] high [0] mode constant value 255.0 : (tensor<3xui8>) -> tensor<4xui8>
  // expected-error @+1 {{'loom.pad' op value 2.560000e+02 does not fit in 'ui8'}}
  %1 = loom.pad %x low [1] high [0] mode constant value 256.0 : (tensor<3xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @negative_pad_value_below_unsigned_range(%x: tensor<3xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{'loom.pad' op value -1.000000e+00 does not fit in 'ui8'}}
  %0 = loom.pad %x low [1] high [0] mode constant value -1.0 : (tensor<3xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @negative_pad_value_in_edge_mode(%x: tensor<3xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'loom.pad' op value 1.000000e+00 is only used in constant mode, not edge}}
  %0 = loom.pad %x low [1] high [0] mode edge value 1.0 : (tensor<3xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
