// Softmax, LogSoftmax and Hardmax. From opset 13 they work along `axis`
// (default -1); before, the input is coerced to the 2-D
// [prod(d < axis), prod(d >= axis)] (axis default 1) and the op runs along
// the second dimension, then the result is reshaped back.

// RUN: loomc %onnx_data/node/test_softmax_axis_0/model.onnx | FileCheck %s --check-prefix=SOFTMAX13
// SOFTMAX13: loom.softmax %arg0 axis 0 : tensor<3x4x5xf32>

// RUN: loomc %onnx_data/node/test_logsoftmax_negative_axis/model.onnx | FileCheck %s --check-prefix=LOGSOFTMAX13
// LOGSOFTMAX13: loom.log_softmax %arg0 axis 2 : tensor<3x4x5xf32>

// Hardmax: the argmax compared with the positions along the axis.
// RUN: loomc %onnx_data/node/test_hardmax_axis_1/model.onnx | FileCheck %s --check-prefix=HARDMAX13
// HARDMAX13: %[[POS:.*]] = loom.constant dense<{{\[\[\[}}0], [1], [2], [3]]]> : tensor<1x4x1xi64>
// HARDMAX13: %[[ARG:.*]] = loom.argmax %arg0 axis 1 keepdims : (tensor<3x4x5xf32>) -> tensor<3x1x5xi64>
// HARDMAX13: %[[EQ:.*]] = loom.compare eq, %[[POS]], %[[ARG]] : (tensor<1x4x1xi64>, tensor<3x1x5xi64>) -> tensor<3x4x5xi1>
// HARDMAX13: loom.cast %[[EQ]] : tensor<3x4x5xi1> to tensor<3x4x5xf32>

// Opset 11, axis 1 of a 2x3x4 input: softmax over rows of 12.
// RUN: sed -n 's|^// model coerced: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.coerced.onnx
// RUN: loomc %t.coerced.onnx | FileCheck %s --check-prefix=COERCED
// model coerced: ir_version: 8 opset_import { version: 11 } graph { name: "g"
// model coerced:   node { input: "x" output: "s" op_type: "Softmax" }
// model coerced:   node { input: "x" output: "l" op_type: "LogSoftmax" attribute { name: "axis" type: INT i: -1 } }
// model coerced:   node { input: "x" output: "h" op_type: "Hardmax" attribute { name: "axis" type: INT i: 0 } }
// model coerced:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } dim { dim_value: 4 } } } } }
// model coerced:   output { name: "s" type { tensor_type { elem_type: 1 } } }
// model coerced:   output { name: "l" type { tensor_type { elem_type: 1 } } }
// model coerced:   output { name: "h" type { tensor_type { elem_type: 1 } } } }
// COERCED: %[[FLAT:.*]] = loom.reshape %arg0 : tensor<2x3x4xf32> to tensor<2x12xf32>
// COERCED: %[[S:.*]] = loom.softmax %[[FLAT]] axis 1 : tensor<2x12xf32>
// COERCED: %[[SR:.*]] = loom.reshape %[[S]] : tensor<2x12xf32> to tensor<2x3x4xf32>
// The last axis needs no reshape.
// COERCED: %[[L:.*]] = loom.log_softmax %arg0 axis 2 : tensor<2x3x4xf32>
// Axis 0: one row holding everything.
// COERCED: %[[ROW:.*]] = loom.reshape %arg0 : tensor<2x3x4xf32> to tensor<1x24xf32>
// COERCED: %[[ARG:.*]] = loom.argmax %[[ROW]] axis 1 keepdims : (tensor<1x24xf32>) -> tensor<1x1xi64>
// COERCED: %[[EQ:.*]] = loom.compare eq, %{{.*}}, %[[ARG]] : (tensor<1x24xi64>, tensor<1x1xi64>) -> tensor<1x24xi1>
// COERCED: %[[H:.*]] = loom.cast %[[EQ]] : tensor<1x24xi1> to tensor<1x24xf32>
// COERCED: %[[HR:.*]] = loom.reshape %[[H]] : tensor<1x24xf32> to tensor<2x3x4xf32>
// COERCED: return %[[SR]], %[[L]], %[[HR]]

// The first maximum wins, per coerced row at opset 11 and per slice along
// the axis at opset 13: x = [[[1, 3], [3, 2]], [[0, 0], [5, 5]]], axis 1.
// RUN: sed -n 's|^// model ties: ||p' %s | sed 's|VERSION|11|' | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.ties11.onnx
// RUN: loomc %t.ties11.onnx | FileCheck %s --check-prefix=TIES11
// RUN: sed -n 's|^// model ties: ||p' %s | sed 's|VERSION|13|' | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.ties13.onnx
// RUN: loomc %t.ties13.onnx | FileCheck %s --check-prefix=TIES13
// model ties: ir_version: 8 opset_import { version: VERSION } graph { name: "g"
// model ties:   initializer { name: "x" data_type: 1 dims: [2, 2, 2] float_data: [1, 3, 3, 2, 0, 0, 5, 5] }
// model ties:   node { input: "x" output: "h" op_type: "Hardmax" attribute { name: "axis" type: INT i: 1 } }
// model ties:   output { name: "h" type { tensor_type { elem_type: 1 } } } }
// TIES11: loom.constant dense<{{\[\[\[}}0.000000e+00, 1.000000e+00], [0.000000e+00, 0.000000e+00]], {{\[\[}}0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00]]]>
// TIES13: loom.constant dense<{{\[\[\[}}0.000000e+00, 1.000000e+00], [1.000000e+00, 0.000000e+00]], {{\[\[}}0.000000e+00, 0.000000e+00], [1.000000e+00, 1.000000e+00]]]>

// An axis outside [-rank, rank) is refused.
// RUN: sed -n 's|^// model ties: ||p' %s | sed 's|VERSION|13|; s|i: 1 }|i: 3 }|' | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.axis.onnx
// RUN: not loomc %t.axis.onnx 2>&1 | FileCheck %s --check-prefix=AXIS
// AXIS: node 'Hardmax_0' (Hardmax, opset 13): axis 3 is out of range for rank 3
