// MaxPool and AveragePool map to loom.max_pool and loom.avg_pool with
// auto_pad and ceil_mode resolved into explicit pads; the global pools are
// reductions over the spatial dimensions that keep them.

// ceil_mode: (4 - 3) / 2 rounds up to a second window, which one more
// pad_high makes room for; padding never wins a max.
// RUN: loomc %onnx_data/node/test_maxpool_2d_ceil/model.onnx | FileCheck %s --check-prefix=MAX-CEIL
// MAX-CEIL: loom.max_pool %arg0 kernel [3, 3] strides [2, 2] dilations [1, 1] pad_low [0, 0] pad_high [1, 1] : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>

// RUN: loomc %onnx_data/node/test_maxpool_2d_dilations/model.onnx | FileCheck %s --check-prefix=MAX-DILATED
// MAX-DILATED: loom.max_pool %arg0 kernel [2, 2] strides [1, 1] dilations [2, 2] pad_low [0, 0] pad_high [0, 0]

// SAME_LOWER puts the odd pad element first.
// RUN: loomc %onnx_data/node/test_maxpool_2d_same_lower/model.onnx | FileCheck %s --check-prefix=MAX-SAME-LOWER
// MAX-SAME-LOWER: loom.max_pool %arg0 kernel [2, 2] strides [1, 1] dilations [1, 1] pad_low [1, 1] pad_high [0, 0] : (tensor<1x3x32x32xf32>) -> tensor<1x3x32x32xf32>

// RUN: loomc %onnx_data/node/test_averagepool_2d_pads_count_include_pad/model.onnx | FileCheck %s --check-prefix=AVG-INCLUDE
// AVG-INCLUDE: loom.avg_pool %arg0 kernel [3, 3] strides [1, 1] pad_low [2, 2] pad_high [2, 2] count_include_pad : (tensor<1x3x28x28xf32>) -> tensor<1x3x30x30xf32>

// RUN: loomc %onnx_data/node/test_averagepool_2d_same_upper/model.onnx | FileCheck %s --check-prefix=AVG-SAME-UPPER
// AVG-SAME-UPPER: loom.avg_pool %arg0 kernel [2, 2] strides [1, 1] pad_low [0, 0] pad_high [1, 1] : (tensor<1x3x32x32xf32>) -> tensor<1x3x32x32xf32>

// ceil_mode with count_include_pad: the explicit pads count, ceil_mode's
// extra position does not, so the pads become real zeros and only the
// extra is left to loom.avg_pool, which then does not count it.
// RUN: sed -n 's|^// model avg: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.avg.onnx
// RUN: loomc %t.avg.onnx | FileCheck %s --check-prefix=AVG-CEIL
// model avg: ir_version: 8 opset_import { version: 11 } graph { name: "g"
// model avg:   node { input: "x" output: "y" op_type: "AveragePool"
// model avg:          attribute { name: "kernel_shape" type: INTS ints: [3] } attribute { name: "strides" type: INTS ints: [2] }
// model avg:          attribute { name: "pads" type: INTS ints: [1, 1] } attribute { name: "ceil_mode" type: INT i: 1 }
// model avg:          attribute { name: "count_include_pad" type: INT i: 1 } }
// model avg:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 1 } dim { dim_value: 6 } } } } }
// model avg:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// AVG-CEIL: %[[P:.*]] = loom.pad %arg0 low [0, 0, 1] high [0, 0, 1] mode constant : (tensor<1x1x6xf32>) -> tensor<1x1x8xf32>
// AVG-CEIL: loom.avg_pool %[[P]] kernel [3] strides [2] pad_low [0] pad_high [1] : (tensor<1x1x8xf32>) -> tensor<1x1x4xf32>

// The same on constants: x = [1, ..., 6] padded to [0, 1, ..., 6, 0] has
// windows from -1, 1, 3 and 5; the last holds 6, the pad and the extra
// position: (6 + 0) / 2. Without count_include_pad the pads do not count
// either: (1 + 2) / 2 first and 6 / 1 last. MaxPool with dilation 2 and
// ceil_mode keeps the window {4, 6} whose second element is padding.
// RUN: sed -n 's|^// model avg: ||p' %s | sed 's|  node|  initializer { name: "x" data_type: 1 dims: [1, 1, 6] float_data: [1, 2, 3, 4, 5, 6] } node|; s|  input {.*||' | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.avg-folded.onnx
// RUN: loomc %t.avg-folded.onnx | FileCheck %s --check-prefix=AVG-FOLDED
// AVG-FOLDED: loom.constant dense<{{\[\[\[}}1.000000e+00, 3.000000e+00, 5.000000e+00, 3.000000e+00]]]> : tensor<1x1x4xf32>
// RUN: sed -n 's|^// model avg: ||p' %s | sed 's|  node|  initializer { name: "x" data_type: 1 dims: [1, 1, 6] float_data: [1, 2, 3, 4, 5, 6] } node|; s|  input {.*||; s|i: 1 } }|i: 0 } }|' | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.avg-exclude.onnx
// RUN: loomc %t.avg-exclude.onnx | FileCheck %s --check-prefix=AVG-EXCLUDE
// AVG-EXCLUDE: loom.constant dense<{{\[\[\[}}1.500000e+00, 3.000000e+00, 5.000000e+00, 6.000000e+00]]]> : tensor<1x1x4xf32>
// RUN: sed -n 's|^// model max: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.max.onnx
// RUN: loomc %t.max.onnx | FileCheck %s --check-prefix=MAX-FOLDED
// model max: ir_version: 8 opset_import { version: 11 } graph { name: "g"
// model max:   initializer { name: "x" data_type: 1 dims: [1, 1, 6] float_data: [1, 2, 3, 4, 5, 6] }
// model max:   node { input: "x" output: "y" op_type: "MaxPool"
// model max:          attribute { name: "kernel_shape" type: INTS ints: [2] } attribute { name: "strides" type: INTS ints: [2] }
// model max:          attribute { name: "dilations" type: INTS ints: [2] } attribute { name: "ceil_mode" type: INT i: 1 } }
// model max:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// MAX-FOLDED: loom.constant dense<{{\[\[\[}}3.000000e+00, 5.000000e+00, 5.000000e+00]]]> : tensor<1x1x3xf32>

// GlobalAveragePool and GlobalMaxPool (the suite's models are opset 1).
// RUN: sed -n 's|^// model global: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.global.onnx
// RUN: loomc %t.global.onnx | FileCheck %s --check-prefix=GLOBAL
// model global: ir_version: 8 opset_import { version: 7 } graph { name: "g"
// model global:   node { input: "x" output: "avg" op_type: "GlobalAveragePool" }
// model global:   node { input: "x" output: "max" op_type: "GlobalMaxPool" }
// model global:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } dim { dim_value: 3 } dim { dim_value: 5 } dim { dim_value: 5 } } } } }
// model global:   output { name: "avg" type { tensor_type { elem_type: 1 } } }
// model global:   output { name: "max" type { tensor_type { elem_type: 1 } } } }
// GLOBAL: loom.reduce_mean %arg0 axes [2, 3] keepdims : (tensor<1x3x5x5xf32>) -> tensor<1x3x1x1xf32>
// GLOBAL: loom.reduce_max %arg0 axes [2, 3] keepdims : (tensor<1x3x5x5xf32>) -> tensor<1x3x1x1xf32>

// MaxPool's Indices output (and MaxUnpool): nn_pool_indices.mlir.
