// ONNX Split whose `split` sizes are a graph input (docs/dynamic-shapes.md):
// one data-shaped result per output, each flat at the input's 12 elements
// and bounded by its shape, each with its own dims.
// RUN: loomc %onnx_data/node/test_split_variable_parts_2d/model.onnx | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: func.func @main(%arg0: tensor<2x6xf32> {loom.name = "input"}, %arg1: tensor<2xi64> {loom.name = "split"}) -> (tensor<12xf32> {loom.data_shape = #loom.data_shape<bounds = [2, 6], dims = 2>, loom.name = "output_1"}, tensor<12xf32> {loom.data_shape = #loom.data_shape<bounds = [2, 6], dims = 3>, loom.name = "output_2"}, tensor<2xi64> {loom.name = "output_1:dims"}, tensor<2xi64> {loom.name = "output_2:dims"})
// RUNTIME: %[[PARTS:.*]]:2, %[[DIMS:.*]]:2 = loom.runtime_split %arg0, %arg1 {axis = 1 : i64} : (tensor<2x6xf32>, tensor<2xi64>) -> (tensor<12xf32>, tensor<12xf32>, tensor<2xi64>, tensor<2xi64>)
// RUNTIME: return %[[PARTS]]#0, %[[PARTS]]#1, %[[DIMS]]#0, %[[DIMS]]#1

// An input without elements: each part holds one padding element.
// RUN: loomc %onnx_data/node/test_split_zero_size_splits/model.onnx | FileCheck %s --check-prefix=EMPTY
// EMPTY: loom.runtime_split %arg0, %arg1 {axis = 0 : i64} : (tensor<0xf32>, tensor<3xi64>) -> (tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>)

// Constant sizes keep the static path.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/constant.textproto > %t/constant.onnx
// RUN: loomc %t/constant.onnx | FileCheck %s --check-prefix=CONSTANT
// CONSTANT: loom.slice
// CONSTANT-NOT: data_shape

// Sizes for fewer outputs than the node names are refused with one line.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/count.textproto > %t/count.onnx
// RUN: not loomc %t/count.onnx 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: node 'split' (Split, opset 13): split has 2 sizes for 3 outputs

//--- constant.textproto
ir_version: 8
opset_import { version: 13 }
graph {
  name: "g"
  node { name: "split" op_type: "Split" input: "x" input: "s" output: "a" output: "b" }
  initializer { name: "s" dims: 2 data_type: 7 int64_data: 1 int64_data: 3 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  output { name: "a" type { tensor_type { elem_type: 1 } } }
  output { name: "b" type { tensor_type { elem_type: 1 } } }
}

//--- count.textproto
ir_version: 8
opset_import { version: 13 }
graph {
  name: "g"
  node { name: "split" op_type: "Split" input: "x" input: "s" output: "a" output: "b" output: "c" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  input { name: "s" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } } } } }
  output { name: "a" type { tensor_type { elem_type: 1 } } }
  output { name: "b" type { tensor_type { elem_type: 1 } } }
  output { name: "c" type { tensor_type { elem_type: 1 } } }
}
