// ONNX Reshape whose `shape` is a graph input (docs/dynamic-shapes.md,
// phase 2): a data-shaped result, the input's 24 elements flat with the
// shape the run resolves; each of its dimensions is bounded by 24, the
// element count by 24 (`elements`, below 24^3).
// RUN: loomc %onnx_data/node/test_reshape_reordered_all_dims/model.onnx | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: func.func @main(%arg0: tensor<2x3x4xf32> {loom.name = "data"}, %arg1: tensor<3xi64> {loom.name = "shape"}) -> (tensor<24xf32> {loom.data_shape = #loom.data_shape<bounds = [24, 24, 24], elements = 24, dims = 1>, loom.name = "reshaped"}, tensor<3xi64> {loom.name = "reshaped:dims"})
// RUNTIME: %[[VALUES:.*]], %[[DIMS:.*]] = loom.reshape_to_shape %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<3xi64>) -> (tensor<24xf32>, tensor<3xi64>)
// RUNTIME: return %[[VALUES]], %[[DIMS]]

// A shape of one entry needs no element bound; allowzero is kept; an
// input without elements bounds each dimension by its largest (4) and
// holds one padding element.
// RUN: loomc %onnx_data/node/test_reshape_one_dim/model.onnx | FileCheck %s --check-prefix=ONE
// ONE: loom.data_shape = #loom.data_shape<bounds = [24], dims = 1>
// RUN: loomc %onnx_data/node/test_reshape_allowzero_reordered/model.onnx | FileCheck %s --check-prefix=ZERO
// ZERO: tensor<1xf32> {loom.data_shape = #loom.data_shape<bounds = [4, 4, 4], elements = 1, dims = 1>
// ZERO: loom.reshape_to_shape %arg0, %arg1 {allowzero = true} : (tensor<0x3x4xf32>, tensor<3xi64>) -> (tensor<1xf32>, tensor<3xi64>)

// A constant shape keeps the static path: an ordinary reshape.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/constant.textproto > %t/constant.onnx
// RUN: loomc %t/constant.onnx | FileCheck %s --check-prefix=CONSTANT
// CONSTANT: loom.reshape %arg0 : tensor<2x3xf32> to tensor<3x2xf32>
// CONSTANT-NOT: data_shape

// An i32 shape is cast to i64 first; a node that reads the result is
// refused (computing on a data-dependent size is not built).
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/consumed.textproto > %t/consumed.onnx
// RUN: not loomc %t/consumed.onnx 2>&1 | FileCheck %s --check-prefix=CONSUMED
// CONSUMED: node 'neg' (Neg, opset 14): input 'r' has a size that depends on data (output of Reshape node 'reshape')

// A shape of no entries holds no data: known at compile time (a scalar
// result), it takes the static path; the input stays, given and unread.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/empty.textproto > %t/empty.onnx
// RUN: loomc %t/empty.onnx 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: func.func @main(%arg0: tensor<1xf32> {loom.name = "x"}, %arg1: tensor<0xi64> {loom.name = "s"}) -> (tensor<f32> {loom.name = "y"})
// EMPTY-NEXT: loom.reshape %arg0 : tensor<1xf32> to tensor<f32>

//--- constant.textproto
ir_version: 8
opset_import { version: 14 }
graph {
  name: "g"
  node { name: "reshape" op_type: "Reshape" input: "x" input: "s" output: "y" }
  initializer { name: "s" dims: 2 data_type: 7 int64_data: 3 int64_data: 2 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- consumed.textproto
ir_version: 8
opset_import { version: 14 }
graph {
  name: "g"
  node { name: "reshape" op_type: "Reshape" input: "x" input: "s" output: "r" }
  node { name: "neg" op_type: "Neg" input: "r" output: "y" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 6 } } } } }
  input { name: "s" type { tensor_type { elem_type: 6 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- empty.textproto
ir_version: 8
opset_import { version: 14 }
graph {
  name: "g"
  node { name: "reshape" op_type: "Reshape" input: "x" input: "s" output: "y" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 1 } } } } }
  input { name: "s" type { tensor_type { elem_type: 7 shape { dim { dim_value: 0 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
