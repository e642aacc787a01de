// Constants and shape queries become loom.constant, so the shape subgraphs
// built on them fold. Models without a file in the ONNX test data are written
// here in protobuf text format and encoded with protoc.

// RUN: loomc %onnx_data/node/test_constant/model.onnx | FileCheck %s --check-prefix=VALUE
// VALUE: loom.constant dense<{{.*}}> : tensor<5x5xf32>

// value_ints and value_float (opset 12) give i64 and f32 constants.
// RUN: sed -n 's|^// model ints: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.ints.onnx
// RUN: loomc %t.ints.onnx | FileCheck %s --check-prefix=INTS
// model ints: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model ints:   node { output: "a" op_type: "Constant" attribute { name: "value_ints" type: INTS ints: [3, -1, 4] } }
// model ints:   node { output: "b" op_type: "Constant" attribute { name: "value_float" type: FLOAT f: 2.5 } }
// model ints:   node { output: "c" op_type: "Constant" attribute { name: "value_int" type: INT i: 7 } }
// model ints:   output { name: "a" type { tensor_type { elem_type: 7 } } }
// model ints:   output { name: "b" type { tensor_type { elem_type: 1 } } }
// model ints:   output { name: "c" type { tensor_type { elem_type: 7 } } } }
// INTS-DAG: loom.constant dense<[3, -1, 4]> : tensor<3xi64>
// INTS-DAG: loom.constant dense<2.500000e+00> : tensor<f32>
// INTS-DAG: loom.constant dense<7> : tensor<i64>

// Shape from opset 15 keeps dimensions [start, end).
// RUN: loomc %onnx_data/node/test_shape_start_1_end_negative_1/model.onnx | FileCheck %s --check-prefix=SHAPE
// SHAPE: %[[SHAPE:.*]] = loom.constant dense<4> : tensor<1xi64>
// SHAPE: return %[[SHAPE]]
// RUN: loomc %onnx_data/node/test_shape_clip_start/model.onnx | FileCheck %s --check-prefix=SHAPE-CLIP
// SHAPE-CLIP: loom.constant dense<[3, 4, 5]> : tensor<3xi64>

// RUN: loomc %onnx_data/node/test_size/model.onnx | FileCheck %s --check-prefix=SIZE
// SIZE: loom.constant dense<60> : tensor<i64>

// ConstantOfShape broadcasts its value; without one it is f32 zero.
// RUN: sed -n 's|^// model fill: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.fill.onnx
// RUN: loomc %t.fill.onnx | FileCheck %s --check-prefix=FILL
// model fill: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model fill:   initializer { name: "shape" data_type: 7 dims: 2 int64_data: [2, 3] }
// model fill:   initializer { name: "empty" data_type: 7 dims: 2 int64_data: [0, 3] }
// model fill:   node { input: "shape" output: "a" op_type: "ConstantOfShape"
// model fill:          attribute { name: "value" type: TENSOR t { data_type: 6 dims: 1 int32_data: 5 } } }
// model fill:   node { input: "empty" output: "b" op_type: "ConstantOfShape" }
// model fill:   output { name: "a" type { tensor_type { elem_type: 6 } } }
// model fill:   output { name: "b" type { tensor_type { elem_type: 1 } } } }
// FILL-DAG: loom.constant dense<5> : tensor<2x3xi32>
// FILL-DAG: loom.constant dense<> : tensor<0x3xf32>

// Range counts max(ceil((limit - start) / delta), 0) elements.
// RUN: sed -n 's|^// model range: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.range.onnx
// RUN: loomc %t.range.onnx | FileCheck %s --check-prefix=RANGE
// model range: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model range:   initializer { name: "start" data_type: 6 int32_data: 10 }
// model range:   initializer { name: "limit" data_type: 6 int32_data: 3 }
// model range:   initializer { name: "delta" data_type: 6 int32_data: -3 }
// model range:   initializer { name: "fstart" data_type: 1 float_data: 1 }
// model range:   initializer { name: "flimit" data_type: 1 float_data: 2 }
// model range:   initializer { name: "fdelta" data_type: 1 float_data: 0.25 }
// model range:   node { input: "start" input: "limit" input: "delta" output: "a" op_type: "Range" }
// model range:   node { input: "fstart" input: "flimit" input: "fdelta" output: "b" op_type: "Range" }
// model range:   node { input: "limit" input: "start" input: "delta" output: "c" op_type: "Range" }
// model range:   output { name: "a" type { tensor_type { elem_type: 6 } } }
// model range:   output { name: "b" type { tensor_type { elem_type: 1 } } }
// model range:   output { name: "c" type { tensor_type { elem_type: 6 } } } }
// RANGE-DAG: loom.constant dense<[10, 7, 4]> : tensor<3xi32>
// RANGE-DAG: loom.constant dense<[1.000000e+00, 1.250000e+00, 1.500000e+00, 1.750000e+00]> : tensor<4xf32>
// RANGE-DAG: loom.constant dense<> : tensor<0xi32>

// EyeLike depends only on the input's shape: a constant in dtype.
// RUN: loomc %onnx_data/node/test_eyelike_populate_off_main_diagonal/model.onnx | FileCheck %s --check-prefix=EYE
// EYE: loom.constant dense<{{\[}}[0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00]]> : tensor<4x5xf32>

// Sparse and string constants fail with a reason.
// RUN: sed -n 's|^// model sparse: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.sparse.onnx
// RUN: not loomc %t.sparse.onnx 2>&1 | FileCheck %s --check-prefix=SPARSE
// model sparse: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model sparse:   node { output: "y" op_type: "Constant" attribute { name: "sparse_value" type: SPARSE_TENSOR
// model sparse:     sparse_tensor { values { data_type: 1 dims: 1 float_data: 1 } indices { data_type: 7 dims: 1 int64_data: 0 } dims: 3 } } }
// model sparse:   output { name: "y" type { tensor_type { elem_type: 1 } } } }
// SPARSE: (Constant, opset 13): the 'sparse_value' form (a sparse tensor) is not supported
// RUN: sed -n 's|^// model string: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.string.onnx
// RUN: not loomc %t.string.onnx 2>&1 | FileCheck %s --check-prefix=STRING
// model string: ir_version: 8 opset_import { version: 13 } graph { name: "g"
// model string:   node { output: "y" op_type: "Constant" attribute { name: "value_string" type: STRING s: "loom" } }
// model string:   output { name: "y" type { tensor_type { elem_type: 8 } } } }
// STRING: (Constant, opset 13): the 'value_string' form is not supported: Loom has no string tensors

// Range's bounds decide the result's size: given at run time, they need a
// bound (--max-dim; test/onnx/data_shaped_generators.mlir).
// RUN: not loomc %onnx_data/node/test_range_float_type_positive_delta/model.onnx 2>&1 | FileCheck %s --check-prefix=RANGE-INPUT
// RANGE-INPUT: (Range, opset 11): input 0 (start, 'start'), input 1 (limit, 'limit') and input 2 (delta, 'delta') are given at run time and decide the size of the result; give the largest size of a result dimension with --max-dim=N
