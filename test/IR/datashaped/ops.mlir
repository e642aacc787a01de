// RUN: loom-opt %s -split-input-file -verify-diagnostics | loom-opt -split-input-file | FileCheck %s

// NonZero and Compress return their result flat at its bound and its shape
// in `dims`; the entry marks the result #loom.data_shape and returns the
// dims as another result.

// CHECK-LABEL: func.func @nonzero
// CHECK-SAME: {loom.data_shape = #loom.data_shape<bounds = [2, 6], dims = 1>}
// CHECK: loom.nonzero %{{.*}} : (tensor<2x3xf32>) -> (tensor<12xi64>, tensor<2xi64>)
func.func @nonzero(%x: tensor<2x3xf32>) -> (tensor<12xi64> {loom.data_shape = #loom.data_shape<bounds = [2, 6], dims = 1>}, tensor<2xi64>) {
  %values, %dims = loom.nonzero %x : (tensor<2x3xf32>) -> (tensor<12xi64>, tensor<2xi64>)
  return %values, %dims : tensor<12xi64>, tensor<2xi64>
}

// -----

// The axis' size bounds the slices, or the condition's length when shorter;
// without an axis the input is flat.

// CHECK-LABEL: func.func @compress
// CHECK: loom.compress %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<3x4xi32>, tensor<2xi1>) -> (tensor<6xi32>, tensor<2xi64>)
// CHECK: loom.compress %{{.*}}, %{{.*}} : (tensor<3x4xi32>, tensor<5xi1>) -> (tensor<5xi32>, tensor<1xi64>)
func.func @compress(%x: tensor<3x4xi32>, %c: tensor<2xi1>, %f: tensor<5xi1>) -> (tensor<6xi32>, tensor<5xi32>) {
  %values, %dims = loom.compress %x, %c {axis = 1 : i64} : (tensor<3x4xi32>, tensor<2xi1>) -> (tensor<6xi32>, tensor<2xi64>)
  %flat, %n = loom.compress %x, %f : (tensor<3x4xi32>, tensor<5xi1>) -> (tensor<5xi32>, tensor<1xi64>)
  return %values, %flat : tensor<6xi32>, tensor<5xi32>
}

// -----

func.func @negative_nonzero_scalar(%x: tensor<f32>) {
  // expected-error @+2 {{input must have rank 1 at least}}
  // expected-error @+1 {{'loom.nonzero' op failed to infer returned types}}
  %values, %dims = loom.nonzero %x : (tensor<f32>) -> (tensor<0xi64>, tensor<2xi64>)
  return
}

// -----

func.func @negative_compress_long_condition(%x: tensor<3x4xi32>, %c: tensor<5xi1>) {
  // expected-error @+2 {{condition has 5 entries, more than the 4 slices along axis 1}}
  // expected-error @+1 {{'loom.compress' op failed to infer returned types}}
  %values, %dims = loom.compress %x, %c {axis = 1 : i64} : (tensor<3x4xi32>, tensor<5xi1>) -> (tensor<15xi32>, tensor<2xi64>)
  return
}

// -----

func.func @negative_compress_axis(%x: tensor<3x4xi32>, %c: tensor<2xi1>) {
  // expected-error @+2 {{axis 2 is out of range for input of rank 2}}
  // expected-error @+1 {{'loom.compress' op failed to infer returned types}}
  %values, %dims = loom.compress %x, %c {axis = 2 : i64} : (tensor<3x4xi32>, tensor<2xi1>) -> (tensor<6xi32>, tensor<2xi64>)
  return
}

// -----

// expected-error @+1 {{result #0 has type 'tensor<10xi64>', but its data shape needs a rank-1 tensor of 12 elements (the product of its bounds)}}
func.func @negative_shape_size(%x: tensor<10xi64>, %d: tensor<2xi64>) -> (tensor<10xi64> {loom.data_shape = #loom.data_shape<bounds = [2, 6], dims = 1>}, tensor<2xi64>) {
  return %x, %d : tensor<10xi64>, tensor<2xi64>
}

// -----

// expected-error @+1 {{result #0: its data shape names result #1 for its dims, which must be another result of type 'tensor<2xi64>'}}
func.func @negative_shape_dims(%x: tensor<12xi64>, %d: tensor<3xi64>) -> (tensor<12xi64> {loom.data_shape = #loom.data_shape<bounds = [2, 6], dims = 1>}, tensor<3xi64>) {
  return %x, %d : tensor<12xi64>, tensor<3xi64>
}

// -----

// CHECK-LABEL: func.func @unique_and_nms
// CHECK: loom.unique %{{.*}} {axis = 0 : i64, sorted = false} : (tensor<3x2xf32>) -> (tensor<6xf32>, tensor<2xi64>, tensor<3xi64>, tensor<3xi64>, tensor<3xi64>, tensor<1xi64>)
// CHECK: loom.non_max_suppression %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {center_point_box = 1 : i64} : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<1xi64>, tensor<1xf32>, tensor<f32>) -> (tensor<36xi64>, tensor<2xi64>)
func.func @unique_and_nms(%x: tensor<3x2xf32>, %boxes: tensor<1x6x4xf32>, %scores: tensor<1x2x6xf32>, %max: tensor<1xi64>, %iou: tensor<1xf32>, %score: tensor<f32>) -> (tensor<6xf32>, tensor<36xi64>) {
  %y, %d, %i, %v, %c, %n = loom.unique %x {axis = 0 : i64, sorted = false} : (tensor<3x2xf32>) -> (tensor<6xf32>, tensor<2xi64>, tensor<3xi64>, tensor<3xi64>, tensor<3xi64>, tensor<1xi64>)
  %s, %sd = loom.non_max_suppression %boxes, %scores, %max, %iou, %score {center_point_box = 1 : i64} : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<1xi64>, tensor<1xf32>, tensor<f32>) -> (tensor<36xi64>, tensor<2xi64>)
  return %y, %s : tensor<6xf32>, tensor<36xi64>
}

// -----

func.func @negative_nms_scores(%boxes: tensor<1x6x4xf32>, %scores: tensor<1x2x5xf32>, %max: tensor<1xi64>, %iou: tensor<1xf32>) {
  // expected-error @+2 {{scores 'tensor<1x2x5xf32>' do not match boxes 'tensor<1x6x4xf32>' (batches, classes, boxes)}}
  // expected-error @+1 {{'loom.non_max_suppression' op failed to infer returned types}}
  %s, %sd = loom.non_max_suppression %boxes, %scores, %max, %iou : (tensor<1x6x4xf32>, tensor<1x2x5xf32>, tensor<1xi64>, tensor<1xf32>) -> (tensor<30xi64>, tensor<2xi64>)
  return
}
