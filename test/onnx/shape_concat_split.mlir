// Concat maps to loom.concat with a non-negative axis; Split becomes one
// loom.slice per output.

// RUN: loomc %onnx_data/node/test_concat_3d_axis_negative_2/model.onnx | FileCheck %s --check-prefix=CONCAT
// CONCAT: loom.concat %{{.*}}, %{{.*}} axis 1 : (tensor<2x2x2xf32>, tensor<2x2x2xf32>) -> tensor<2x4x2xf32>

// Without split sizes the parts are equal; there are as many as outputs.
// RUN: loomc %onnx_data/node/test_split_equal_parts_2d/model.onnx | FileCheck %s --check-prefix=EQUAL
// EQUAL: loom.slice %[[X:.*]] offsets [0, 0] steps [1, 1] : tensor<2x6xf32> to tensor<2x3xf32>
// EQUAL: loom.slice %[[X]] offsets [0, 3] steps [1, 1] : tensor<2x6xf32> to tensor<2x3xf32>

// Sizes are an attribute before opset 13 and an input from 13; parts may
// be empty.
// RUN: sed -n 's|^// model split11: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.split11.onnx
// RUN: loomc %t.split11.onnx | FileCheck %s --check-prefix=SPLIT11
// model split11: ir_version: 8 opset_import { version: 11 } graph { name: "g"
// model split11:   node { input: "x" output: "a" output: "b" output: "c" op_type: "Split"
// model split11:          attribute { name: "axis" type: INT i: -1 } attribute { name: "split" type: INTS ints: [1, 0, 4] } }
// model split11:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 5 } } } } }
// model split11:   output { name: "a" type { tensor_type { elem_type: 1 } } }
// model split11:   output { name: "b" type { tensor_type { elem_type: 1 } } }
// model split11:   output { name: "c" type { tensor_type { elem_type: 1 } } } }
// SPLIT11-DAG: loom.slice %{{.*}} offsets [0, 0] steps [1, 1] : tensor<2x5xf32> to tensor<2x1xf32>
// SPLIT11-DAG: loom.slice %{{.*}} offsets [0, 1] steps [1, 1] : tensor<2x5xf32> to tensor<2x4xf32>
// SPLIT11-DAG: loom.slice %{{.*}} offsets [0, 1] steps [1, 1] : tensor<2x5xf32> to tensor<2x0xf32>
// RUN: sed -n 's|^// model split13: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.split13.onnx
// RUN: loomc %t.split13.onnx | FileCheck %s --check-prefix=SPLIT13
// model split13: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model split13:   initializer { name: "split" data_type: 7 dims: 2 int64_data: [2, 4] }
// model split13:   node { input: "x" input: "split" output: "a" output: "b" op_type: "Split" }
// model split13:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 6 } } } } }
// model split13:   output { name: "a" type { tensor_type { elem_type: 1 } } }
// model split13:   output { name: "b" type { tensor_type { elem_type: 1 } } } }
// SPLIT13: loom.slice %{{.*}} offsets [0] steps [1] : tensor<6xf32> to tensor<2xf32>
// SPLIT13: loom.slice %{{.*}} offsets [2] steps [1] : tensor<6xf32> to tensor<4xf32>

// Sizes must add up to the dimension.
// RUN: sed -n 's|^// model badsplit: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.badsplit.onnx
// RUN: not loomc %t.badsplit.onnx 2>&1 | FileCheck %s --check-prefix=BADSPLIT
// model badsplit: ir_version: 8 opset_import { version: 11 } graph { name: "g"
// model badsplit:   node { input: "x" output: "a" output: "b" op_type: "Split"
// model badsplit:          attribute { name: "split" type: INTS ints: [2, 3] } }
// model badsplit:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 6 } } } } }
// model badsplit:   output { name: "a" type { tensor_type { elem_type: 1 } } }
// model badsplit:   output { name: "b" type { tensor_type { elem_type: 1 } } } }
// BADSPLIT: (Split, opset 11): split sizes add up to 5 but dimension 0 has 6
