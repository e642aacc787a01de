// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s

// A Reshape to a run-time shape returns the input's elements flat and the
// shape in `dims`; each dimension is bounded by the element count, so the
// entry's #loom.data_shape carries the element bound below the product of
// the bounds (24, not 24^3).

// CHECK-LABEL: func.func @reshape_to_shape
// CHECK-SAME: {loom.data_shape = #loom.data_shape<bounds = [24, 24, 24], elements = 24, dims = 1>}
// CHECK: loom.reshape_to_shape %{{.*}}, %{{.*}} {allowzero = true} : (tensor<2x3x4xf32>, tensor<3xi64>) -> (tensor<24xf32>, tensor<3xi64>)
func.func @reshape_to_shape(%x: tensor<2x3x4xf32>, %s: tensor<3xi64>) -> (tensor<24xf32> {loom.data_shape = #loom.data_shape<bounds = [24, 24, 24], elements = 24, dims = 1>}, tensor<3xi64>) {
  %values, %dims = loom.reshape_to_shape %x, %s {allowzero = true} : (tensor<2x3x4xf32>, tensor<3xi64>) -> (tensor<24xf32>, tensor<3xi64>)
  return %values, %dims : tensor<24xf32>, tensor<3xi64>
}

// -----

// Without `elements`, the result has the product of the bounds.

// CHECK-LABEL: func.func @no_element_bound
// CHECK-SAME: {loom.data_shape = #loom.data_shape<bounds = [6], dims = 1>}
// CHECK: loom.reshape_to_shape %{{.*}}, %{{.*}} : (tensor<2x3xi32>, tensor<1xi64>) -> (tensor<6xi32>, tensor<1xi64>)
func.func @no_element_bound(%x: tensor<2x3xi32>, %s: tensor<1xi64>) -> (tensor<6xi32> {loom.data_shape = #loom.data_shape<bounds = [6], dims = 1>}, tensor<1xi64>) {
  %values, %dims = loom.reshape_to_shape %x, %s : (tensor<2x3xi32>, tensor<1xi64>) -> (tensor<6xi32>, tensor<1xi64>)
  return %values, %dims : tensor<6xi32>, tensor<1xi64>
}

// -----

// expected-error @+1 {{result #0: data shape element bound 30 is outside 0 to 25 (the product of its bounds)}}
func.func @negative_element_bound_above_product(%x: tensor<30xf32>, %d: tensor<2xi64>) -> (tensor<30xf32> {loom.data_shape = #loom.data_shape<bounds = [5, 5], elements = 30, dims = 1>}, tensor<2xi64>) {
  return %x, %d : tensor<30xf32>, tensor<2xi64>
}

// -----

// expected-error @+1 {{result #0 has type 'tensor<25xf32>', but its data shape needs a rank-1 tensor of 6 elements (its element bound)}}
func.func @negative_element_bound_size(%x: tensor<25xf32>, %d: tensor<2xi64>) -> (tensor<25xf32> {loom.data_shape = #loom.data_shape<bounds = [6, 6], elements = 6, dims = 1>}, tensor<2xi64>) {
  return %x, %d : tensor<25xf32>, tensor<2xi64>
}

// -----

func.func @negative_shape_rank(%x: tensor<6xf32>, %s: tensor<1x2xi64>) {
  // expected-error @+2 {{shape must be a rank-1 tensor of static length 1 or more, not 'tensor<1x2xi64>'}}
  // expected-error @+1 {{'loom.reshape_to_shape' op failed to infer returned types}}
  %values, %dims = loom.reshape_to_shape %x, %s : (tensor<6xf32>, tensor<1x2xi64>) -> (tensor<6xf32>, tensor<2xi64>)
  return
}

// -----

func.func @negative_scalar_shape(%x: tensor<6xf32>, %s: tensor<0xi64>) {
  // expected-error @+2 {{shape must be a rank-1 tensor of static length 1 or more, not 'tensor<0xi64>'}}
  // expected-error @+1 {{'loom.reshape_to_shape' op failed to infer returned types}}
  %values, %dims = loom.reshape_to_shape %x, %s : (tensor<6xf32>, tensor<0xi64>) -> (tensor<6xf32>, tensor<0xi64>)
  return
}
