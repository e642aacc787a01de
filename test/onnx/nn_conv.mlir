// Conv maps to loom.conv: ONNX's pads [x1_begin, ..., x1_end, ...] split
// into pad_low and pad_high, auto_pad resolved into explicit pads, and the
// optional bias B added per output channel as [1, O, 1, ...].

// RUN: loomc %onnx_data/node/test_conv_with_strides_and_asymmetric_padding/model.onnx | FileCheck %s --check-prefix=ASYMMETRIC
// ASYMMETRIC: loom.conv %arg0, %arg1 strides [2, 2] dilations [1, 1] pad_low [1, 0] pad_high [1, 0] groups 1 : (tensor<1x1x7x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x2xf32>

// SAME_LOWER on 5x5 with stride 2: ceil(5 / 2) = 3 outputs need 2 pads.
// RUN: loomc %onnx_data/node/test_conv_with_autopad_same/model.onnx | FileCheck %s --check-prefix=SAME-LOWER
// SAME-LOWER: loom.conv %arg0, %arg1 strides [2, 2] dilations [1, 1] pad_low [1, 1] pad_high [1, 1] groups 1

// Two groups, a bias, and SAME_UPPER with an odd total pad: 4 outputs of
// a 2-wide window over 4 elements need one pad, which goes at the end.
// RUN: sed -n 's|^// model grouped: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.grouped.onnx
// RUN: loomc %t.grouped.onnx | FileCheck %s --check-prefix=GROUPED
// model grouped: ir_version: 8 opset_import { version: 11 } graph { name: "g"
// model grouped:   initializer { name: "w" data_type: 1 dims: [4, 1, 2] float_data: [1, 2, 3, 4, 5, 6, 7, 8] }
// model grouped:   initializer { name: "b" data_type: 1 dims: [4] float_data: [1, 2, 3, 4] }
// model grouped:   node { input: "x" input: "w" input: "b" output: "y" op_type: "Conv"
// model grouped:          attribute { name: "group" type: INT i: 2 } attribute { name: "auto_pad" type: STRING s: "SAME_UPPER" }
// model grouped:          attribute { name: "kernel_shape" type: INTS ints: [2] } }
// model grouped:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 4 } } } } }
// model grouped:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// GROUPED-DAG: %[[W:.*]] = loom.constant dense<{{.*}}> : tensor<4x1x2xf32>
// GROUPED-DAG: %[[B:.*]] = loom.constant dense<{{\[\[\[}}1.000000e+00], [2.000000e+00], [3.000000e+00], [4.000000e+00]]]> : tensor<1x4x1xf32>
// GROUPED: %[[Y:.*]] = loom.conv %arg0, %[[W]] strides [1] dilations [1] pad_low [0] pad_high [1] groups 2 : (tensor<1x2x4xf32>, tensor<4x1x2xf32>) -> tensor<1x4x4xf32>
// GROUPED: loom.add %[[Y]], %[[B]] : (tensor<1x4x4xf32>, tensor<1x4x1xf32>) -> tensor<1x4x4xf32>

// kernel_shape must agree with the weights; a group count that does not
// divide the channels is reported by loom.conv.
// RUN: sed -n 's|^// model bad: ||p' %s | sed 's|KERNEL|3|; s|GROUP|1|' | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.kernel.onnx
// RUN: not loomc %t.kernel.onnx 2>&1 | FileCheck %s --check-prefix=KERNEL
// RUN: sed -n 's|^// model bad: ||p' %s | sed 's|KERNEL|2|; s|GROUP|3|' | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.group.onnx
// RUN: not loomc %t.group.onnx 2>&1 | FileCheck %s --check-prefix=GROUP
// model bad: ir_version: 8 opset_import { version: 11 } graph { name: "g"
// model bad:   node { input: "x" input: "w" output: "y" op_type: "Conv"
// model bad:          attribute { name: "group" type: INT i: GROUP } attribute { name: "kernel_shape" type: INTS ints: [KERNEL] } }
// model bad:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 2 } dim { dim_value: 4 } } } } }
// model bad:   input { name: "w" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } dim { dim_value: 2 } dim { dim_value: 2 } } } } }
// model bad:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// KERNEL: node 'Conv_0' (Conv, opset 11): attribute 'kernel_shape' [3] does not match the spatial sizes of the weights [2]
// GROUP: node 'Conv_0' (Conv, opset 11): input channels 2 are not divisible by groups 3
