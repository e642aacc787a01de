// GridSample: the grid is unnormalized to input positions (elementwise, so
// it is read at run time) and each tap of the interpolation reads X through
// a gather_elements over the flattened H * W positions; a tap outside the
// input reads 0 (padding zeros).

// Nearest, align_corners 0: x = ((gx + 1) * W - 1) / 2, rounded halves to
// even; the position clamped into the input indexes the gather and the
// inside test masks it.
// RUN: loomc %onnx_data/node/test_gridsample_nearest/model.onnx | FileCheck %s --check-prefix=NEAREST
// NEAREST: %[[FLAT:.*]] = loom.reshape %arg0 : tensor<1x1x3x2xf32> to tensor<1x1x6xf32>
// NEAREST: %[[GX:.*]] = loom.slice %arg1 offsets [0, 0, 0, 0] steps [1, 1, 1, 1] : tensor<1x2x4x2xf32> to tensor<1x2x4x1xf32>
// NEAREST: loom.reshape %[[GX]] : tensor<1x2x4x1xf32> to tensor<1x1x8xf32>
// NEAREST: %[[X:.*]] = loom.round
// NEAREST: %[[Y:.*]] = loom.round
// NEAREST: loom.and
// NEAREST: loom.and
// NEAREST: %[[INSIDE:.*]] = loom.and
// NEAREST: %[[CX:.*]] = loom.clamp %[[X]] min = 0.000000e+00 max = 1.000000e+00
// NEAREST: %[[CY:.*]] = loom.clamp %[[Y]] min = 0.000000e+00 max = 2.000000e+00
// NEAREST: %[[ROW:.*]] = loom.mul %[[CY]],
// NEAREST: %[[POS:.*]] = loom.add %[[ROW]], %[[CX]]
// NEAREST: %[[IDX:.*]] = loom.cast %[[POS]] : tensor<1x1x8xf32> to tensor<1x1x8xi64>
// NEAREST: %[[V:.*]] = loom.gather_elements %[[FLAT]], %[[IDX]] axis 2 : (tensor<1x1x6xf32>, tensor<1x1x8xi64>) -> tensor<1x1x8xf32>
// NEAREST: %[[MASK:.*]] = loom.cast %[[INSIDE]] : tensor<1x1x8xi1> to tensor<1x1x8xf32>
// NEAREST: %[[R:.*]] = loom.mul %[[V]], %[[MASK]]
// NEAREST: loom.reshape %[[R]] : tensor<1x1x8xf32> to tensor<1x1x2x4xf32>

// Bilinear reads 4 taps, bicubic 16; reflection padding reflects each
// coordinate (abs, floor of the span count, a parity select).
// RUN: loomc %onnx_data/node/test_gridsample_bilinear/model.onnx | FileCheck %s --check-prefix=BILINEAR
// BILINEAR-COUNT-4: loom.gather_elements
// BILINEAR-NOT: loom.gather_elements
// RUN: loomc %onnx_data/node/test_gridsample_bicubic/model.onnx | FileCheck %s --check-prefix=BICUBIC
// BICUBIC-COUNT-16: loom.gather_elements
// BICUBIC-NOT: loom.gather_elements
// RUN: loomc %onnx_data/node/test_gridsample_reflection_padding/model.onnx | FileCheck %s --check-prefix=REFLECT
// REFLECT: loom.abs
// REFLECT: loom.floor
// REFLECT: loom.select

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/gridsample_mode.textproto > %t/gridsample_mode.onnx
// RUN: not loomc %t/gridsample_mode.onnx 2>&1 | FileCheck %s --check-prefix=MODE
// MODE: node 'sample' (GridSample, opset 16): mode 'linear' is not one of bilinear, nearest, bicubic
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/gridsample_grid.textproto > %t/gridsample_grid.onnx
// RUN: not loomc %t/gridsample_grid.onnx 2>&1 | FileCheck %s --check-prefix=GRID
// GRID: node 'sample' (GridSample, opset 16): grid has shape [1, 2, 4, 3] but must be [1, Ho, Wo, 2]

//--- gridsample_mode.textproto
ir_version: 8
opset_import { domain: "" version: 16 }
graph {
  name: "gridsample_mode"
  node { name: "sample" input: "x" input: "grid" output: "y" op_type: "GridSample"
         attribute { name: "mode" s: "linear" type: STRING } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 3 } dim { dim_value: 2 } } } } }
  input { name: "grid" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 4 } dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- gridsample_grid.textproto
ir_version: 8
opset_import { domain: "" version: 16 }
graph {
  name: "gridsample_grid"
  node { name: "sample" input: "x" input: "grid" output: "y" op_type: "GridSample" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 3 } dim { dim_value: 2 } } } } }
  input { name: "grid" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 4 } dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
