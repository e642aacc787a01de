// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s

// Generators whose size is given at run time (ConstantOfShape, Range, the
// cosine windows): the flat result at `bound` per dimension and the shape in
// `dims`; the entry marks it #loom.data_shape with the bounds.

// CHECK-LABEL: func.func @constant_of_shape
// CHECK-SAME: {loom.data_shape = #loom.data_shape<bounds = [4, 4], dims = 1>}
// CHECK: loom.constant_of_shape %{{.*}} {bound = 4 : i64, value = dense<7> : tensor<i32>} : (tensor<2xi64>) -> (tensor<16xi32>, tensor<2xi64>)
func.func @constant_of_shape(%s: tensor<2xi64>) -> (tensor<16xi32> {loom.data_shape = #loom.data_shape<bounds = [4, 4], dims = 1>}, tensor<2xi64>) {
  %values, %dims = loom.constant_of_shape %s {bound = 4 : i64, value = dense<7> : tensor<i32>} : (tensor<2xi64>) -> (tensor<16xi32>, tensor<2xi64>)
  return %values, %dims : tensor<16xi32>, tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @range
// CHECK: loom.range %{{.*}}, %{{.*}}, %{{.*}} {bound = 32 : i64} : (tensor<f32>, tensor<f32>, tensor<f32>) -> (tensor<32xf32>, tensor<1xi64>)
func.func @range(%a: tensor<f32>, %b: tensor<f32>, %c: tensor<f32>) -> (tensor<32xf32> {loom.data_shape = #loom.data_shape<bounds = [32], dims = 1>}, tensor<1xi64>) {
  %values, %dims = loom.range %a, %b, %c {bound = 32 : i64} : (tensor<f32>, tensor<f32>, tensor<f32>) -> (tensor<32xf32>, tensor<1xi64>)
  return %values, %dims : tensor<32xf32>, tensor<1xi64>
}

// -----

// CHECK-LABEL: func.func @windows
// CHECK: loom.window %{{.*}} hann {bound = 8 : i64, element_type = f32, periodic = true} : (tensor<i64>) -> (tensor<8xf32>, tensor<1xi64>)
// CHECK: loom.window %{{.*}} blackman {bound = 8 : i64, element_type = f64, periodic = false} : (tensor<i32>) -> (tensor<8xf64>, tensor<1xi64>)
func.func @windows(%n: tensor<i64>, %m: tensor<i32>) -> (tensor<8xf32>, tensor<1xi64>, tensor<8xf64>, tensor<1xi64>) {
  %v0, %d0 = loom.window %n hann {bound = 8 : i64, element_type = f32, periodic = true} : (tensor<i64>) -> (tensor<8xf32>, tensor<1xi64>)
  %v1, %d1 = loom.window %m blackman {bound = 8 : i64, element_type = f64, periodic = false} : (tensor<i32>) -> (tensor<8xf64>, tensor<1xi64>)
  return %v0, %d0, %v1, %d1 : tensor<8xf32>, tensor<1xi64>, tensor<8xf64>, tensor<1xi64>
}

// -----

func.func @negative_constant_of_shape_value(%s: tensor<2xi64>) {
  // expected-error @+2 {{value must hold one element, not 2}}
  // expected-error @+1 {{'loom.constant_of_shape' op failed to infer returned types}}
  %values, %dims = loom.constant_of_shape %s {bound = 4 : i64, value = dense<[1, 2]> : tensor<2xi32>} : (tensor<2xi64>) -> (tensor<16xi32>, tensor<2xi64>)
  return
}

// -----

func.func @negative_constant_of_shape_empty(%s: tensor<0xi64>) {
  // expected-error @+2 {{shape must be a rank-1 tensor of static length 1 or more, not 'tensor<0xi64>'}}
  // expected-error @+1 {{'loom.constant_of_shape' op failed to infer returned types}}
  %values, %dims = loom.constant_of_shape %s {bound = 4 : i64, value = dense<1> : tensor<i32>} : (tensor<0xi64>) -> (tensor<1xi32>, tensor<0xi64>)
  return
}

// -----

func.func @negative_bound(%s: tensor<1xi64>) {
  // expected-error @+2 {{bound must be 1 or more, not 0}}
  // expected-error @+1 {{'loom.constant_of_shape' op failed to infer returned types}}
  %values, %dims = loom.constant_of_shape %s {bound = 0 : i64, value = dense<1> : tensor<i32>} : (tensor<1xi64>) -> (tensor<1xi32>, tensor<1xi64>)
  return
}

// -----

func.func @negative_bound_too_large(%s: tensor<3xi64>) {
  // expected-error @+2 {{bound 100000 to the power 3 is more than 1099511627776 elements}}
  // expected-error @+1 {{'loom.constant_of_shape' op failed to infer returned types}}
  %values, %dims = loom.constant_of_shape %s {bound = 100000 : i64, value = dense<1> : tensor<i32>} : (tensor<3xi64>) -> (tensor<1xi32>, tensor<3xi64>)
  return
}

// -----

func.func @negative_range_types(%a: tensor<f32>, %b: tensor<f64>) {
  // expected-error @+2 {{start, limit and delta must be rank-0 tensors of one type, not 'tensor<f64>'}}
  // expected-error @+1 {{'loom.range' op failed to infer returned types}}
  %values, %dims = loom.range %a, %b, %a {bound = 4 : i64} : (tensor<f32>, tensor<f64>, tensor<f32>) -> (tensor<4xf32>, tensor<1xi64>)
  return
}

// -----

func.func @negative_window_size(%n: tensor<1xi64>) {
  // expected-error @+2 {{size must be a rank-0 tensor, not 'tensor<1xi64>'}}
  // expected-error @+1 {{'loom.window' op failed to infer returned types}}
  %values, %dims = loom.window %n hamming {bound = 4 : i64, element_type = f32, periodic = true} : (tensor<1xi64>) -> (tensor<4xf32>, tensor<1xi64>)
  return
}

// -----

// Expand to a run-time shape: the input's size bounds a dimension where it
// is not 1, `bound` the others (here [8, 3, 8]).
// CHECK-LABEL: func.func @expand_to_shape
// CHECK: loom.expand_to_shape %{{.*}}, %{{.*}} {bound = 8 : i64} : (tensor<3x1xf32>, tensor<3xi64>) -> (tensor<192xf32>, tensor<3xi64>)
func.func @expand_to_shape(%x: tensor<3x1xf32>, %s: tensor<3xi64>) -> (tensor<192xf32> {loom.data_shape = #loom.data_shape<bounds = [8, 3, 8], dims = 1>}, tensor<3xi64>) {
  %values, %dims = loom.expand_to_shape %x, %s {bound = 8 : i64} : (tensor<3x1xf32>, tensor<3xi64>) -> (tensor<192xf32>, tensor<3xi64>)
  return %values, %dims : tensor<192xf32>, tensor<3xi64>
}

// -----

func.func @negative_expand_shape_rank(%x: tensor<3xf32>, %s: tensor<0xi64>) {
  // expected-error @+2 {{shape must be a rank-1 tensor of static length 1 or more, not 'tensor<0xi64>'}}
  // expected-error @+1 {{'loom.expand_to_shape' op failed to infer returned types}}
  %values, %dims = loom.expand_to_shape %x, %s {bound = 8 : i64} : (tensor<3xf32>, tensor<0xi64>) -> (tensor<3xf32>, tensor<1xi64>)
  return
}

// -----

// Tile by run-time repeats: each dimension bounded by `bound`, or by the
// input's size when that is larger (here [8, 8]).
// CHECK-LABEL: func.func @tile_to_repeats
// CHECK: loom.tile_to_repeats %{{.*}}, %{{.*}} {bound = 8 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> (tensor<64xf32>, tensor<2xi64>)
func.func @tile_to_repeats(%x: tensor<2x3xf32>, %r: tensor<2xi64>) -> (tensor<64xf32> {loom.data_shape = #loom.data_shape<bounds = [8, 8], dims = 1>}, tensor<2xi64>) {
  %values, %dims = loom.tile_to_repeats %x, %r {bound = 8 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> (tensor<64xf32>, tensor<2xi64>)
  return %values, %dims : tensor<64xf32>, tensor<2xi64>
}

// -----

func.func @negative_tile_repeats_length(%x: tensor<2x3xf32>, %r: tensor<3xi64>) {
  // expected-error @+2 {{repeats must be a rank-1 tensor of 2 entries, not 'tensor<3xi64>'}}
  // expected-error @+1 {{'loom.tile_to_repeats' op failed to infer returned types}}
  %values, %dims = loom.tile_to_repeats %x, %r {bound = 8 : i64} : (tensor<2x3xf32>, tensor<3xi64>) -> (tensor<64xf32>, tensor<2xi64>)
  return
}
