// ONNX Slice whose starts/ends/axes/steps are graph inputs
// (docs/dynamic-shapes.md): a data-shaped result, the selected elements
// flat at the input's 1000 elements, each dimension bounded by the input's.
// RUN: loomc %onnx_data/node/test_slice/model.onnx | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: func.func @main(%arg0: tensor<20x10x5xf32> {loom.name = "x"}, %arg1: tensor<2xi64> {loom.name = "starts"}, %arg2: tensor<2xi64> {loom.name = "ends"}, %arg3: tensor<2xi64> {loom.name = "axes"}, %arg4: tensor<2xi64> {loom.name = "steps"}) -> (tensor<1000xf32> {loom.data_shape = #loom.data_shape<bounds = [20, 10, 5], dims = 1>, loom.name = "y"}, tensor<3xi64> {loom.name = "y:dims"})
// RUNTIME: %[[VALUES:.*]], %[[DIMS:.*]] = loom.runtime_slice %arg0, %arg1, %arg2, %arg3, %arg4 : (tensor<20x10x5xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> (tensor<1000xf32>, tensor<3xi64>)
// RUNTIME: return %[[VALUES]], %[[DIMS]]

// Without axes and steps, they are the constants 0..n-1 and 1s.
// RUN: loomc %onnx_data/node/test_slice_default_axes/model.onnx | FileCheck %s --check-prefix=DEFAULTS
// DEFAULTS-DAG: %[[AXES:.*]] = loom.constant dense<[0, 1, 2]> : tensor<3xi64>
// DEFAULTS-DAG: %[[STEPS:.*]] = loom.constant dense<1> : tensor<3xi64>
// DEFAULTS: loom.runtime_slice %arg0, %arg1, %arg2, %[[AXES]], %[[STEPS]]

// Constant bounds keep the static path: an ordinary slice.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/constant.textproto > %t/constant.onnx
// RUN: loomc %t/constant.onnx | FileCheck %s --check-prefix=CONSTANT
// CONSTANT: loom.slice
// CONSTANT-NOT: runtime_slice
// CONSTANT-NOT: data_shape

// An i32 bound is cast to i64; a node that reads the result is refused
// (computing on a data-dependent size is not built).
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/consumed.textproto > %t/consumed.onnx
// RUN: not loomc %t/consumed.onnx 2>&1 | FileCheck %s --check-prefix=CONSUMED
// CONSUMED: node 'neg' (Neg, opset 13): input 'y' has a size that depends on data (output of Slice node 'slice')

// More bounds than the input has dimensions is refused with one line.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/long.textproto > %t/long.onnx
// RUN: not loomc %t/long.onnx 2>&1 | FileCheck %s --check-prefix=LONG
// LONG: node 'slice' (Slice, opset 13): starts has 2 entries; with bounds given at run time it needs 1 to the input's rank 1

//--- constant.textproto
ir_version: 8
opset_import { version: 13 }
graph {
  name: "g"
  node { name: "slice" op_type: "Slice" input: "x" input: "s" input: "e" output: "y" }
  initializer { name: "s" dims: 1 data_type: 7 int64_data: 1 }
  initializer { name: "e" dims: 1 data_type: 7 int64_data: 3 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- consumed.textproto
ir_version: 8
opset_import { version: 13 }
graph {
  name: "g"
  node { name: "slice" op_type: "Slice" input: "x" input: "s" input: "e" output: "y" }
  node { name: "neg" op_type: "Neg" input: "y" output: "z" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  input { name: "s" type { tensor_type { elem_type: 6 shape { dim { dim_value: 1 } } } } }
  input { name: "e" type { tensor_type { elem_type: 6 shape { dim { dim_value: 1 } } } } }
  output { name: "z" type { tensor_type { elem_type: 1 } } }
}

//--- long.textproto
ir_version: 8
opset_import { version: 13 }
graph {
  name: "g"
  node { name: "slice" op_type: "Slice" input: "x" input: "s" input: "s" output: "y" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  input { name: "s" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
