// Resize and Upsample become loom.resize with the output sizes ONNX
// computes (floor(size * scale), or the given sizes).

// RUN: split-file %s %t

// ONNX's align_corners divides by size * scale - 1 rather than by the output
// size - 1; when the two differ it is asymmetric with scale
// (size * scale - 1) / (size - 1): 1.4 / 3 here.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/align_corners.textproto > %t/align_corners.onnx
// RUN: loomc %t/align_corners.onnx | FileCheck %s --check-prefix=ALIGN
// ALIGN: loom.resize %arg0 mode linear coordinate_transform asymmetric scales [1.000000e+00, 1.000000e+00, 6.000000e-01, 4.666667e-01] : tensor<1x1x2x4xf32> to tensor<1x1x1x2xf32>

// Given sizes: the scale is size / input size; opset 11 passes an empty
// scales tensor.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/sizes.textproto > %t/sizes.onnx
// RUN: loomc %t/sizes.onnx | FileCheck %s --check-prefix=SIZES
// SIZES: loom.resize %arg0 mode nearest coordinate_transform tf_half_pixel_for_nn nearest_rounding ceil scales [1.000000e+00, 1.500000e+00] : tensor<2x4xf32> to tensor<2x6xf32>

// Resize-10 rounds down where a dimension grows and up where it shrinks:
// two resizes, one per direction.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/resize10.textproto > %t/resize10.onnx
// RUN: loomc %t/resize10.onnx | FileCheck %s --check-prefix=LEGACY
// LEGACY: %[[DOWN:.*]] = loom.resize %arg0 mode nearest coordinate_transform asymmetric nearest_rounding ceil scales [1.000000e+00, 6.000000e-01] : tensor<2x5xf32> to tensor<2x3xf32>
// LEGACY: loom.resize %[[DOWN]] mode nearest coordinate_transform asymmetric nearest_rounding floor scales [3.000000e+00, 1.000000e+00] : tensor<2x3xf32> to tensor<6x3xf32>

// Upsample-7 takes its scales as an attribute.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/upsample7.textproto > %t/upsample7.onnx
// RUN: loomc %t/upsample7.onnx | FileCheck %s --check-prefix=UPSAMPLE
// UPSAMPLE: loom.resize %arg0 mode linear coordinate_transform asymmetric scales [1.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00] : tensor<1x1x2x2xf32> to tensor<1x1x4x6xf32>

// Cubic resize is a matmul per resized dimension with a constant [in, out]
// matrix of Keys' weights (ONNX's reference: edge taps read the border).
// The matrices below are the ones ONNX's reference implementation gives
// (interpolate_1d_with_x on the rows of an identity), to f32.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/cubic.textproto > %t/cubic.onnx
// RUN: loomc %t/cubic.onnx | FileCheck %s --check-prefix=CUBIC
// CUBIC: %[[W:.*]] = loom.constant dense<{{\[}}[1.10546875, 0.7734375, 0.2265625, -0.10546875, -0.03515625, 0.000000e+00, 0.000000e+00, 0.000000e+00], [-0.10546875, 0.26171875, 0.87890625, 0.87890625, 0.26171875, -0.10546875, -0.03515625, 0.000000e+00], [0.000000e+00, -0.03515625, -0.10546875, 0.26171875, 0.87890625, 0.87890625, 0.26171875, -0.10546875], [0.000000e+00, 0.000000e+00, 0.000000e+00, -0.03515625, -0.10546875, 0.2265625, 0.7734375, 1.10546875]]> : tensor<4x8xf32>
// CUBIC: %[[ROW:.*]] = loom.reshape %arg0 : tensor<4xf32> to tensor<1x4xf32>
// CUBIC: %[[Y:.*]] = loom.matmul %[[ROW]], %[[W]] : (tensor<1x4xf32>, tensor<4x8xf32>) -> tensor<1x8xf32>
// CUBIC: loom.reshape %[[Y]] : tensor<1x8xf32> to tensor<8xf32>

// cubic_coeff_a -0.5 and exclude_outside: taps outside the input weigh 0
// and the others are scaled to sum to 1. A dimension whose positions do
// not move (scale 1) is not multiplied; another than the last is moved
// last and back.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/cubic_exclude.textproto > %t/cubic_exclude.onnx
// RUN: loomc %t/cubic_exclude.onnx | FileCheck %s --check-prefix=EXCLUDE
// EXCLUDE: %[[W:.*]] = loom.constant dense<{{\[}}[1.08823526, 0.810218989, 0.22137405, -7.031250e-02, -2.343750e-02, 0.000000e+00, 0.000000e+00, 0.000000e+00], [-0.0882352963, 0.211678833, 0.847328245, 0.8671875, 0.2265625, -0.068702288, -0.0218978096, 0.000000e+00], [0.000000e+00, -0.0218978096, -0.068702288, 0.2265625, 0.8671875, 0.847328245, 0.211678833, -0.0882352963], [0.000000e+00, 0.000000e+00, 0.000000e+00, -2.343750e-02, -7.031250e-02, 0.22137405, 0.810218989, 1.08823526]]> : tensor<4x8xf32>
// EXCLUDE: %[[T:.*]] = loom.transpose %arg0 permutation [1, 0] : (tensor<4x3xf32>) -> tensor<3x4xf32>
// EXCLUDE: %[[Y:.*]] = loom.matmul %[[T]], %[[W]] : (tensor<3x4xf32>, tensor<4x8xf32>) -> tensor<3x8xf32>
// EXCLUDE: loom.transpose %[[Y]] permutation [1, 0] : (tensor<3x8xf32>) -> tensor<8x3xf32>
// EXCLUDE-NOT: loom.matmul

// Given sizes and align_corners (ONNX divides by the real length - 1):
// one matrix per spatial dimension.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/cubic_2d.textproto > %t/cubic_2d.onnx
// RUN: loomc %t/cubic_2d.onnx | FileCheck %s --check-prefix=CUBIC2D
// CUBIC2D-DAG: %[[WW:.*]] = loom.constant dense<{{\[}}[1.000000e+00, 0.2265625, -9.375000e-02, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.87890625, 5.937500e-01, -0.10546875, 0.000000e+00], [0.000000e+00, -0.10546875, 5.937500e-01, 0.87890625, 0.000000e+00], [0.000000e+00, 0.000000e+00, -9.375000e-02, 0.2265625, 1.000000e+00]]> : tensor<4x5xf32>
// CUBIC2D-DAG: %[[WH:.*]] = loom.constant dense<{{\[}}[1.000000e+00, -9.375000e-02, 0.000000e+00], [0.000000e+00, 5.937500e-01, 0.000000e+00], [0.000000e+00, 5.937500e-01, 0.000000e+00], [0.000000e+00, -9.375000e-02, 1.000000e+00]]> : tensor<4x3xf32>
// CUBIC2D: %[[H:.*]] = loom.matmul %{{.*}}, %[[WH]] : (tensor<1x1x4x4xf32>, tensor<4x3xf32>) -> tensor<1x1x4x3xf32>
// CUBIC2D: %[[HT:.*]] = loom.transpose %[[H]] permutation [0, 1, 3, 2]
// CUBIC2D: loom.matmul %[[HT]], %[[WW]] : (tensor<1x1x3x4xf32>, tensor<4x5xf32>) -> tensor<1x1x3x5xf32>

// Upsample has no cubic mode.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/upsample_cubic.textproto > %t/upsample_cubic.onnx
// RUN: not loomc %t/upsample_cubic.onnx 2>&1 | FileCheck %s --check-prefix=UPCUBIC
// UPCUBIC: node 'Upsample_0' (Upsample, opset 9): mode 'cubic' is not one of nearest, linear

// tf_crop_and_resize with the roi read at run time: a matmul per dimension
// with [in, out] weights computed from the roi (linear: max(0, 1 - |c -
// i|)), and extrapolation_value where a position falls outside the input.
// The values are ONNX's test's (the roi reaches past the input's end).
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/crop.textproto > %t/crop.onnx
// RUN: loomc %t/crop.onnx | FileCheck %s --check-prefix=CROP
// CROP: func.func @main(%arg0: tensor<1x1x4x4xf32> {loom.name = "x"}, %arg1: tensor<8xf32> {loom.name = "roi"}) -> (tensor<1x1x3x3xf32> {loom.name = "y"})
// CROP-COUNT-3: loom.matmul
// CROP: %[[Y:.*]] = loom.matmul %{{.*}}, %{{.*}} : (tensor<1x1x3x4xf32>, tensor<4x3xf32>) -> tensor<1x1x3x3xf32>
// CROP: loom.select %{{.*}}, %{{.*}}, %[[Y]] : (tensor<1x1x3x3xi1>, tensor<f32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
// RUN: loomc %t/crop.onnx --target=cpu -o %t/crop.loom
// RUN: loom-run %t/crop.loom --input=1x1x4x4xf32=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 --input=8xf32=0,0,0.4,0.6,1,1,1.2,1.7 --expected=1x1x3x3xf32=7.6,10,10,12.4,10,10,10,10,10 | FileCheck %s --check-prefix=CROP-RESULT
// CROP-RESULT: matches

// A constant roi folds the weights; the dimensions it keeps whole are not
// multiplied. Nearest takes the position c rounds to (round_prefer_ceil:
// rows 0.75, 1.5, 2.25 -> 1, 2, 2; columns 0, 3).
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/crop_nearest.textproto > %t/crop_nearest.onnx
// RUN: loomc %t/crop_nearest.onnx | FileCheck %s --check-prefix=CROP-NEAREST
// CROP-NEAREST-DAG: loom.constant dense<{{\[}}[0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<4x3xf32>
// CROP-NEAREST-DAG: loom.constant dense<{{\[}}[1.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00]]> : tensor<4x2xf32>
// CROP-NEAREST-COUNT-2: loom.matmul
// CROP-NEAREST-NOT: loom.matmul
// CROP-NEAREST-NOT: loom.select
// RUN: loomc %t/crop_nearest.onnx --target=cpu -o %t/crop_nearest.loom
// RUN: loom-run %t/crop_nearest.loom --input=1x1x4x4xf32=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 --expected=1x1x3x2xf32=5,8,9,12,9,12 | FileCheck %s --check-prefix=CROP-RESULT

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/crop_cubic.textproto > %t/crop_cubic.onnx
// RUN: not loomc %t/crop_cubic.onnx 2>&1 | FileCheck %s --check-prefix=CROP-CUBIC
// CROP-CUBIC: node 'Resize_0' (Resize, opset 13): cubic resize with coordinate_transformation_mode 'tf_crop_and_resize' is not supported

// Sizes and scales read at run time fix the result's shape: Resize and
// Upsample then need a bound (test/onnx/onehot_resize_runtime.mlir has the
// rest).
// RUN: not loomc %onnx_data/node/test_resize_tf_crop_and_resize/model.onnx 2>&1 | FileCheck %s --check-prefix=SIZES-RUNTIME
// SIZES-RUNTIME: (Resize, opset 13): input 3 (sizes, 'sizes') is given at run time and decides the size of the result; give the largest size of a result dimension with --max-dim=N
// RUN: not loomc %onnx_data/node/test_resize_upsample_scales_nearest/model.onnx 2>&1 | FileCheck %s --check-prefix=SCALES
// SCALES: (Resize, opset 13): input 2 (scales, 'scales') is given at run time and decides the size of the result
// RUN: not loomc %onnx_data/node/test_upsample_nearest/model.onnx 2>&1 | FileCheck %s --check-prefix=UPSCALES
// UPSCALES: (Upsample, opset 9): input 1 (scales, 'scales') is given at run time and decides the size of the result

//--- align_corners.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "resize_align_corners"
  node { input: "x" input: "" input: "scales" output: "y" op_type: "Resize"
         attribute { name: "mode" s: "linear" type: STRING }
         attribute { name: "coordinate_transformation_mode" s: "align_corners" type: STRING } }
  initializer { name: "scales" data_type: 1 dims: 4 float_data: [1, 1, 0.6, 0.6] }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- sizes.textproto
ir_version: 8
opset_import { domain: "" version: 11 }
graph {
  name: "resize_sizes"
  node { input: "x" input: "roi" input: "scales" input: "sizes" output: "y" op_type: "Resize"
         attribute { name: "coordinate_transformation_mode" s: "tf_half_pixel_for_nn" type: STRING }
         attribute { name: "nearest_mode" s: "ceil" type: STRING } }
  initializer { name: "roi" data_type: 1 dims: 0 }
  initializer { name: "scales" data_type: 1 dims: 0 }
  initializer { name: "sizes" data_type: 7 dims: 2 int64_data: [2, 6] }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- resize10.textproto
ir_version: 8
opset_import { domain: "" version: 10 }
graph {
  name: "resize10"
  node { input: "x" input: "scales" output: "y" op_type: "Resize" }
  initializer { name: "scales" data_type: 1 dims: 2 float_data: [3, 0.6] }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 5 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- upsample7.textproto
ir_version: 8
opset_import { domain: "" version: 7 }
graph {
  name: "upsample7"
  node { input: "x" output: "y" op_type: "Upsample"
         attribute { name: "mode" s: "linear" type: STRING }
         attribute { name: "scales" floats: [1, 1, 2, 3] type: FLOATS } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- cubic.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "resize_cubic"
  node { input: "x" input: "" input: "scales" output: "y" op_type: "Resize"
         attribute { name: "mode" s: "cubic" type: STRING } }
  initializer { name: "scales" data_type: 1 dims: 1 float_data: [2] }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- cubic_exclude.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "resize_cubic_exclude_outside"
  node { input: "x" input: "" input: "scales" output: "y" op_type: "Resize"
         attribute { name: "mode" s: "cubic" type: STRING }
         attribute { name: "cubic_coeff_a" f: -0.5 type: FLOAT }
         attribute { name: "exclude_outside" i: 1 type: INT } }
  initializer { name: "scales" data_type: 1 dims: 2 float_data: [2, 1] }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- cubic_2d.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "resize_cubic_2d"
  node { input: "x" input: "" input: "" input: "sizes" output: "y" op_type: "Resize"
         attribute { name: "mode" s: "cubic" type: STRING }
         attribute { name: "coordinate_transformation_mode" s: "align_corners" type: STRING } }
  initializer { name: "sizes" data_type: 7 dims: 4 int64_data: [1, 1, 3, 5] }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 4 } dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- upsample_cubic.textproto
ir_version: 8
opset_import { domain: "" version: 9 }
graph {
  name: "upsample_cubic"
  node { input: "x" input: "scales" output: "y" op_type: "Upsample"
         attribute { name: "mode" s: "cubic" type: STRING } }
  initializer { name: "scales" data_type: 1 dims: 2 float_data: [1, 2] }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- crop.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "resize_tf_crop_and_resize"
  node { input: "x" input: "roi" input: "" input: "sizes" output: "y" op_type: "Resize"
         attribute { name: "mode" s: "linear" type: STRING }
         attribute { name: "coordinate_transformation_mode" s: "tf_crop_and_resize" type: STRING }
         attribute { name: "extrapolation_value" f: 10 type: FLOAT } }
  initializer { name: "sizes" data_type: 7 dims: 4 int64_data: [1, 1, 3, 3] }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 4 } dim { dim_value: 4 } } } } }
  input { name: "roi" type { tensor_type { elem_type: 1 shape { dim { dim_value: 8 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- crop_nearest.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "resize_tf_crop_and_resize_nearest"
  node { input: "x" input: "roi" input: "" input: "sizes" output: "y" op_type: "Resize"
         attribute { name: "coordinate_transformation_mode" s: "tf_crop_and_resize" type: STRING }
         attribute { name: "nearest_mode" s: "round_prefer_ceil" type: STRING } }
  initializer { name: "roi" data_type: 1 dims: 8 float_data: [0, 0, 0.25, 0, 1, 1, 0.75, 1] }
  initializer { name: "sizes" data_type: 7 dims: 4 int64_data: [1, 1, 3, 2] }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 4 } dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- crop_cubic.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "resize_tf_crop_and_resize_cubic"
  node { input: "x" input: "roi" input: "" input: "sizes" output: "y" op_type: "Resize"
         attribute { name: "mode" s: "cubic" type: STRING }
         attribute { name: "coordinate_transformation_mode" s: "tf_crop_and_resize" type: STRING } }
  initializer { name: "sizes" data_type: 7 dims: 2 int64_data: [3, 3] }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } dim { dim_value: 4 } } } } }
  input { name: "roi" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
