// ONNX OneHot whose depth, and Resize whose scales or sizes, are graph
// inputs (docs/dynamic-shapes.md): --max-dim=N bounds the result
// dimensions they decide, and the result is data-shaped.

// OneHot: only the depth dimension is bounded by N; the indices' negative
// entries are wrapped by the run-time depth (opset 11).
// RUN: not loomc %onnx_data/node/test_onehot_with_axis/model.onnx 2>&1 | FileCheck %s --check-prefix=ONEHOT-NO-BOUND
// ONEHOT-NO-BOUND: node 'OneHot_0' (OneHot, opset 11): input 1 (depth, 'depth') is given at run time and decides the size of the result; give the largest size of a result dimension with --max-dim=N
// RUN: loomc %onnx_data/node/test_onehot_with_axis/model.onnx --max-dim=16 | FileCheck %s --check-prefix=ONEHOT
// ONEHOT: -> (tensor<64xf32> {loom.data_shape = #loom.data_shape<bounds = [2, 16, 2], dims = 1>, loom.name = "y"}, tensor<3xi64> {loom.name = "y:dims"})
// ONEHOT: %[[DEPTH:.*]] = loom.cast %arg1 : tensor<f32> to tensor<i64>
// ONEHOT: %[[INDICES:.*]] = loom.cast %arg0 : tensor<2x2xf32> to tensor<2x2xi64>
// ONEHOT: loom.add %[[INDICES]], %[[DEPTH]]
// ONEHOT: %[[WRAPPED:.*]] = loom.select
// ONEHOT: loom.runtime_one_hot %[[WRAPPED]], %{{.*}}, %arg2 {axis = 1 : i64, bound = 16 : i64} : (tensor<2x2xi64>, tensor<1xi64>, tensor<2xf32>) -> (tensor<64xf32>, tensor<3xi64>)

// Resize by run-time scales: every mode and transform is the op's, cubic's
// coefficient and exclude_outside included; each dimension is bounded by N.
// RUN: not loomc %onnx_data/node/test_resize_upsample_sizes_cubic/model.onnx 2>&1 | FileCheck %s --check-prefix=RESIZE-NO-BOUND
// RESIZE-NO-BOUND: node 'Resize_0' (Resize, opset 13): input 3 (sizes, 'sizes') is given at run time and decides the size of the result; give the largest size of a result dimension with --max-dim=N
// RUN: loomc %onnx_data/node/test_resize_upsample_scales_cubic_A_n0p5_exclude_outside/model.onnx --max-dim=8 | FileCheck %s --check-prefix=CUBIC
// CUBIC: -> (tensor<4096xf32> {loom.data_shape = #loom.data_shape<bounds = [8, 8, 8, 8], dims = 1>, loom.name = "Y"}, tensor<4xi64> {loom.name = "Y:dims"})
// CUBIC: %[[SCALES:.*]] = loom.cast %arg1 : tensor<4xf32> to tensor<4xf64>
// CUBIC: loom.runtime_resize %arg0, %[[SCALES]] mode cubic coordinate_transform half_pixel {bound = 8 : i64, cubic_coeff_a = -5.000000e-01 : f64, exclude_outside = true} : (tensor<1x1x4x4xf32>, tensor<4xf64>) -> (tensor<4096xf32>, tensor<4xi64>)

// Sizes with a roi: tf_crop_and_resize reads both, with its extrapolation
// value.
// RUN: loomc %onnx_data/node/test_resize_tf_crop_and_resize/model.onnx --max-dim=8 | FileCheck %s --check-prefix=CROP
// CROP: %[[ROI:.*]] = loom.cast %arg1 : tensor<8xf32> to tensor<8xf64>
// CROP: loom.runtime_resize %arg0, %arg2, %[[ROI]] mode linear coordinate_transform tf_crop_and_resize {bound = 8 : i64, extrapolation_value = 1.000000e+01 : f64} : (tensor<1x1x4x4xf32>, tensor<4xi64>, tensor<8xf64>) -> (tensor<4096xf32>, tensor<4xi64>)

// Opset 11, whose scales are an empty constant beside run-time sizes.
// RUN: loomc %onnx_data/node/test_resize_downsample_sizes_nearest_tf_half_pixel_for_nn/model.onnx --max-dim=8 | FileCheck %s --check-prefix=OPSET11
// OPSET11: loom.runtime_resize %arg0, %arg1 mode nearest coordinate_transform tf_half_pixel_for_nn {bound = 8 : i64} : (tensor<1x1x4x4xf32>, tensor<4xi64>) -> (tensor<4096xf32>, tensor<4xi64>)

// Upsample (opset 9) and Resize-10 take their scales as input 1: nearest
// then rounds down where a dimension grows and up where it shrinks, and
// Upsample refuses a scale below 1 at run time.
// RUN: loomc %onnx_data/node/test_upsample_nearest/model.onnx --max-dim=8 | FileCheck %s --check-prefix=UPSAMPLE
// UPSAMPLE: loom.runtime_resize %arg0, %{{.*}} mode nearest coordinate_transform asymmetric nearest_rounding floor_growing_ceil_shrinking {bound = 8 : i64, enlarge_only = true}
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/resize10.textproto > %t/resize10.onnx
// RUN: loomc %t/resize10.onnx --max-dim=8 | FileCheck %s --check-prefix=RESIZE10
// RESIZE10: loom.runtime_resize %arg0, %{{.*}} mode linear coordinate_transform asymmetric nearest_rounding floor_growing_ceil_shrinking {bound = 8 : i64}

// A dimension larger than N is bounded by its own size.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/large.textproto > %t/large.onnx
// RUN: loomc %t/large.onnx --max-dim=4 | FileCheck %s --check-prefix=LARGE
// LARGE: tensor<40xf32> {loom.data_shape = #loom.data_shape<bounds = [4, 10], dims = 1>

// Refusals, one line each: scales of the wrong length, a run-time depth of
// two elements.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/length.textproto > %t/length.onnx
// RUN: not loomc %t/length.onnx --max-dim=4 2>&1 | FileCheck %s --check-prefix=LENGTH
// LENGTH: node 'resize' (Resize, opset 13): input 2 (scales, 's') is given at run time; it must then be a rank-1 float tensor of 2 entries, one per input dimension
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/depth.textproto > %t/depth.onnx
// RUN: not loomc %t/depth.onnx --max-dim=4 2>&1 | FileCheck %s --check-prefix=ONE-NUMBER
// ONE-NUMBER: node 'onehot' (OneHot, opset 11): input 1 (depth, 'd') is given at run time; it must then be one number

//--- resize10.textproto
ir_version: 8
opset_import { version: 10 }
graph {
  name: "g"
  node { name: "resize" op_type: "Resize" input: "x" input: "s" output: "y"
         attribute { name: "mode" type: STRING s: "linear" } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  input { name: "s" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- large.textproto
ir_version: 8
opset_import { version: 13 }
graph {
  name: "g"
  node { name: "resize" op_type: "Resize" input: "x" input: "" input: "s" output: "y" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 10 } } } } }
  input { name: "s" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- length.textproto
ir_version: 8
opset_import { version: 13 }
graph {
  name: "g"
  node { name: "resize" op_type: "Resize" input: "x" input: "" input: "s" output: "y" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 10 } } } } }
  input { name: "s" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- depth.textproto
ir_version: 8
opset_import { version: 11 }
graph {
  name: "g"
  node { name: "onehot" op_type: "OneHot" input: "i" input: "d" input: "v" output: "y" }
  input { name: "i" type { tensor_type { elem_type: 7 shape { dim { dim_value: 3 } } } } }
  input { name: "d" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } } } } }
  input { name: "v" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
