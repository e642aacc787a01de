// ONNX TopK whose K is a graph input (docs/dynamic-shapes.md): values and
// indices as data-shaped results of one shape, flat at the input's 12
// elements, sharing one dims result; the axis' size bounds K.
// RUN: loomc %onnx_data/node/test_top_k_smallest/model.onnx | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: func.func @main(%arg0: tensor<3x4xf32> {loom.name = "x"}, %arg1: tensor<1xi64> {loom.name = "k"}) -> (tensor<12xf32> {loom.data_shape = #loom.data_shape<bounds = [3, 4], dims = 2>, loom.name = "values"}, tensor<12xi64> {loom.data_shape = #loom.data_shape<bounds = [3, 4], dims = 2>, loom.name = "indices"}, tensor<2xi64> {loom.name = "values:dims"})
// RUNTIME: %[[VALUES:.*]], %[[INDICES:.*]], %[[DIMS:.*]] = loom.runtime_topk %arg0, %arg1 {axis = 1 : i64, largest = false} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<12xf32>, tensor<12xi64>, tensor<2xi64>)
// RUNTIME: return %[[VALUES]], %[[INDICES]], %[[DIMS]]

// A negative axis counts from the end.
// RUN: loomc %onnx_data/node/test_top_k_negative_axis/model.onnx | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: loom.runtime_topk %arg0, %arg1 {axis = 1 : i64}

// A constant K keeps the static path.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/constant.textproto > %t/constant.onnx
// RUN: loomc %t/constant.onnx | FileCheck %s --check-prefix=CONSTANT
// CONSTANT: loom.topk %arg0 axis 0 k 2
// CONSTANT-NOT: data_shape

// A K of two elements is refused with one line.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/two.textproto > %t/two.onnx
// RUN: not loomc %t/two.onnx 2>&1 | FileCheck %s --check-prefix=TWO
// TWO: node 'topk' (TopK, opset 11): input 1 (K, 'k') is given at run time; it must then be an integer tensor of one element

//--- constant.textproto
ir_version: 8
opset_import { version: 11 }
graph {
  name: "g"
  node { name: "topk" op_type: "TopK" input: "x" input: "k" output: "v" output: "i" }
  initializer { name: "k" dims: 1 data_type: 7 int64_data: 2 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  output { name: "v" type { tensor_type { elem_type: 1 } } }
  output { name: "i" type { tensor_type { elem_type: 7 } } }
}

//--- two.textproto
ir_version: 8
opset_import { version: 11 }
graph {
  name: "g"
  node { name: "topk" op_type: "TopK" input: "x" input: "k" output: "v" output: "i" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  input { name: "k" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } } } } }
  output { name: "v" type { tensor_type { elem_type: 1 } } }
  output { name: "i" type { tensor_type { elem_type: 7 } } }
}
