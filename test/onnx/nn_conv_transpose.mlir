// ConvTranspose maps to loom.conv_transpose (weights [C, O/group, K...]).
// Pads crop the full scatter; output_shape and SAME_* derive the pads from
// total = stride * (D - 1) + output_padding + dilation * (K - 1) + 1 - output_shape,
// and a negative pad extends the result: at the end through
// output_padding, at the start with loom.pad. The bias comes last.

// output_shape [10, 8] is one more than the full 9 x 7 scatter: the pad
// at the end is -1, which becomes output_padding.
// RUN: loomc %onnx_data/node/test_convtranspose_output_shape/model.onnx | FileCheck %s --check-prefix=OUTPUT-SHAPE
// OUTPUT-SHAPE: loom.conv_transpose %arg0, %arg1 strides [3, 2] dilations [1, 1] pad_low [0, 0] pad_high [0, 0] output_padding [1, 1] groups 1 : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x10x8xf32>

// RUN: loomc %onnx_data/node/test_convtranspose_pads/model.onnx | FileCheck %s --check-prefix=PADS
// PADS: loom.conv_transpose %arg0, %arg1 strides [3, 2] dilations [1, 1] pad_low [1, 2] pad_high [1, 2] output_padding [0, 0] groups 1 : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x7x3xf32>

// SAME_UPPER asks for D * stride = 6 of the 7 positions and crops the last.
// RUN: loomc %onnx_data/node/test_convtranspose_autopad_same/model.onnx | FileCheck %s --check-prefix=SAME-UPPER
// SAME-UPPER: loom.conv_transpose %arg0, %arg1 strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [1, 1] output_padding [0, 0] groups 1 : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x6x6xf32>

// output_shape 9 is 3 more than the full scatter of 6: the pads are -1 at
// the start and -2 at the end; the bias reaches the added positions.
// RUN: sed -n 's|^// model extend: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.extend.onnx
// RUN: loomc %t.extend.onnx | FileCheck %s --check-prefix=EXTEND
// model extend: ir_version: 8 opset_import { version: 11 } graph { name: "g"
// model extend:   initializer { name: "w" data_type: 1 dims: [1, 1, 2] float_data: [1, 10] }
// model extend:   initializer { name: "b" data_type: 1 dims: [1] float_data: [0.5] }
// model extend:   node { input: "x" input: "w" input: "b" output: "y" op_type: "ConvTranspose"
// model extend:          attribute { name: "strides" type: INTS ints: [2] } attribute { name: "output_shape" type: INTS ints: [9] } }
// model extend:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 3 } } } } }
// model extend:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// EXTEND: %[[Y:.*]] = loom.conv_transpose %arg0, %{{.*}} strides [2] dilations [1] pad_low [0] pad_high [0] output_padding [2] groups 1 : (tensor<1x1x3xf32>, tensor<1x1x2xf32>) -> tensor<1x1x8xf32>
// EXTEND: %[[P:.*]] = loom.pad %[[Y]] low [0, 0, 1] high [0, 0, 0] mode constant : (tensor<1x1x8xf32>) -> tensor<1x1x9xf32>
// EXTEND: loom.add %[[P]], %{{.*}} : (tensor<1x1x9xf32>, tensor<1x1x1xf32>) -> tensor<1x1x9xf32>

// The same rules on constants, folded: x = [1, 2, 3] and w = [1, 10] with
// stride 2 scatter to [1, 10, 2, 20, 3, 30]. Extended by one at the start
// and two at the end, plus 0.5; SAME_UPPER to 5 crops the end, SAME_LOWER
// the start; pads [1, 2] crop one element at the start and two at the end
// of [1, 10, 2, 20, 3, 30, 0] (output_padding 1 adds the 0).
// RUN: sed -n 's|^// model folded: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.folded.onnx
// RUN: loomc %t.folded.onnx | FileCheck %s --check-prefix=FOLDED
// model folded: ir_version: 8 opset_import { version: 11 } graph { name: "g"
// model folded:   initializer { name: "x" data_type: 1 dims: [1, 1, 3] float_data: [1, 2, 3] }
// model folded:   initializer { name: "w" data_type: 1 dims: [1, 1, 2] float_data: [1, 10] }
// model folded:   initializer { name: "b" data_type: 1 dims: [1] float_data: [0.5] }
// model folded:   node { input: "x" input: "w" input: "b" output: "extended" op_type: "ConvTranspose"
// model folded:          attribute { name: "strides" type: INTS ints: [2] } attribute { name: "output_shape" type: INTS ints: [9] } }
// model folded:   node { input: "x" input: "w" output: "upper" op_type: "ConvTranspose"
// model folded:          attribute { name: "strides" type: INTS ints: [2] } attribute { name: "output_shape" type: INTS ints: [5] }
// model folded:          attribute { name: "auto_pad" type: STRING s: "SAME_UPPER" } }
// model folded:   node { input: "x" input: "w" output: "lower" op_type: "ConvTranspose"
// model folded:          attribute { name: "strides" type: INTS ints: [2] } attribute { name: "output_shape" type: INTS ints: [1, 1, 5] }
// model folded:          attribute { name: "auto_pad" type: STRING s: "SAME_LOWER" } }
// model folded:   node { input: "x" input: "w" output: "cropped" op_type: "ConvTranspose"
// model folded:          attribute { name: "strides" type: INTS ints: [2] } attribute { name: "pads" type: INTS ints: [1, 2] }
// model folded:          attribute { name: "output_padding" type: INTS ints: [1] } }
// model folded:   output { name: "extended" type { tensor_type { elem_type: 1 } } }
// model folded:   output { name: "upper" type { tensor_type { elem_type: 1 } } }
// model folded:   output { name: "lower" type { tensor_type { elem_type: 1 } } }
// model folded:   output { name: "cropped" type { tensor_type { elem_type: 1 } } } }
// FOLDED: loom.constant dense<{{\[\[\[}}5.000000e-01, 1.500000e+00, 1.050000e+01, 2.500000e+00, 2.050000e+01, 3.500000e+00, 3.050000e+01, 5.000000e-01, 5.000000e-01]]]> : tensor<1x1x9xf32>
// FOLDED: loom.constant dense<{{\[\[\[}}1.000000e+00, 1.000000e+01, 2.000000e+00, 2.000000e+01, 3.000000e+00]]]> : tensor<1x1x5xf32>
// FOLDED: loom.constant dense<{{\[\[\[}}1.000000e+01, 2.000000e+00, 2.000000e+01, 3.000000e+00, 3.000000e+01]]]> : tensor<1x1x5xf32>
// FOLDED: loom.constant dense<{{\[\[\[}}1.000000e+01, 2.000000e+00, 2.000000e+01, 3.000000e+00]]]> : tensor<1x1x4xf32>
// FOLDED-NOT: loom.conv_transpose

// Wrong output_shape length.
// RUN: sed -n 's|^// model extend: ||p' %s | sed 's|ints: \[9\]|ints: [9, 9]|' | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.shape.onnx
// RUN: not loomc %t.shape.onnx 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: node 'ConvTranspose_0' (ConvTranspose, opset 11): attribute 'output_shape' [9, 9] must have one value per spatial dimension (1)
