// Trilu maps to loom.trilu: `upper` (default 1) and the diagonal k, an
// optional input; a constant k is the op's attribute.

// RUN: loomc %onnx_data/node/test_tril/model.onnx | FileCheck %s --check-prefix=TRIL
// TRIL: loom.trilu %arg0 : tensor<4x5xi64>

// On a constant input the triangle is computed at import time.
// RUN: sed -n 's|^// model trilu: ||p' %s | protoc --encode=onnx.ModelProto -I/usr/include onnx/onnx.proto > %t.trilu.onnx
// RUN: loomc %t.trilu.onnx | FileCheck %s --check-prefix=TRILU
// model trilu: ir_version: 8 opset_import { version: 14 } graph { name: "g"
// model trilu:   initializer { name: "m" data_type: 7 dims: 3 dims: 3 int64_data: [1, 2, 3, 4, 5, 6, 7, 8, 9] }
// model trilu:   initializer { name: "one" data_type: 7 int64_data: 1 }
// model trilu:   initializer { name: "minus_one" data_type: 7 int64_data: -1 }
// model trilu:   node { input: "m" input: "one" output: "upper" op_type: "Trilu" }
// model trilu:   node { input: "m" input: "minus_one" output: "lower" op_type: "Trilu"
// model trilu:          attribute { name: "upper" type: INT i: 0 } }
// model trilu:   node { input: "x" input: "one" output: "band" op_type: "Trilu"
// model trilu:          attribute { name: "upper" type: INT i: 0 } }
// model trilu:   input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 3 } dim { dim_value: 4 } } } } }
// model trilu:   output { name: "upper" type { tensor_type { elem_type: 7 } } }
// model trilu:   output { name: "lower" type { tensor_type { elem_type: 7 } } }
// model trilu:   output { name: "band" type { tensor_type { elem_type: 1 } } } }
// TRILU-DAG: loom.constant dense<{{\[}}[0, 2, 3], [0, 0, 6], [0, 0, 0]]> : tensor<3x3xi64>
// TRILU-DAG: loom.constant dense<{{\[}}[0, 0, 0], [4, 0, 0], [7, 8, 0]]> : tensor<3x3xi64>
// TRILU-DAG: loom.trilu %arg0 diagonal 1 : tensor<3x4xf32>

// A diagonal known only at run time (a graph input): a table of j - i
// compared with k, and a select.
// RUN: loomc %onnx_data/node/test_triu_pos/model.onnx | FileCheck %s --check-prefix=RUNTIMEK
// RUNTIMEK: func.func @main(%[[X:.*]]: tensor<4x5xi64> {loom.name = "x"}, %[[K:.*]]: tensor<i64> {loom.name = "k"})
// RUNTIMEK-DAG: %[[ZERO:.*]] = loom.constant dense<0> : tensor<i64>
// RUNTIMEK-DAG: %[[TABLE:.*]] = loom.constant dense<{{\[}}[0, 1, 2, 3, 4], [-1, 0, 1, 2, 3], [-2, -1, 0, 1, 2], [-3, -2, -1, 0, 1]]> : tensor<4x5xi64>
// RUNTIMEK: %[[KEEP:.*]] = loom.compare ge, %[[TABLE]], %[[K]] : (tensor<4x5xi64>, tensor<i64>) -> tensor<4x5xi1>
// RUNTIMEK: loom.select %[[KEEP]], %[[X]], %[[ZERO]]
// RUN: loomc %onnx_data/node/test_tril_neg/model.onnx | FileCheck %s --check-prefix=RUNTIMEL
// RUNTIMEL: loom.compare le,
