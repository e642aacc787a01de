// ReduceSum takes its axes as an attribute before opset 13 and as an
// optional constant input from 13 on, with noop_with_empty_axes.

// Opset 11: axes attribute, negative axes count from the end.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/attribute.textproto > %t/attribute.onnx
// RUN: loomc %t/attribute.onnx | FileCheck %s --check-prefix=ATTRIBUTE
// ATTRIBUTE: loom.reduce_sum %{{.*}} axes [1] keepdims : (tensor<2x3x4xi32>) -> tensor<2x1x4xi32>

// Opset 13: a constant axes input, sorted and made non-negative.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/input.textproto > %t/input.onnx
// RUN: loomc %t/input.onnx | FileCheck %s --check-prefix=INPUT
// INPUT: loom.reduce_sum %{{.*}} axes [0, 2] : (tensor<2x3x4xf32>) -> tensor<3xf32>

// No axes input reduces everything; an empty one with noop_with_empty_axes
// reduces nothing, and the reduction folds away.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/all.textproto > %t/all.onnx
// RUN: loomc %t/all.onnx | FileCheck %s --check-prefix=ALL
// ALL: loom.reduce_sum %{{.*}} axes [0, 1, 2] keepdims : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/noop.textproto > %t/noop.onnx
// RUN: loomc %t/noop.onnx | FileCheck %s --check-prefix=NOOP
// NOOP: func.func @main(%[[X:arg[0-9]+]]: tensor<2x3x4xf32>
// NOOP-NOT: loom.reduce_sum
// NOOP: return %[[X]]

// An axes input given at run time makes a data-shaped result
// (axes_runtime.mlir).
// RUN: loomc %onnx_data/node/test_reduce_sum_keepdims_example/model.onnx 2>&1 | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: loom.runtime_reduce_sum %arg0, %arg1 : (tensor<3x2x2xf32>, tensor<1xi64>) -> (tensor<12xf32>, tensor<3xi64>)

//--- attribute.textproto
ir_version: 6
opset_import { domain: "" version: 11 }
graph {
  name: "reduce_sum_axes_attribute"
  node { name: "sum" input: "x" output: "y" op_type: "ReduceSum"
         attribute { name: "axes" ints: -2 type: INTS } }
  input { name: "x" type { tensor_type { elem_type: 6 shape { dim { dim_value: 2 } dim { dim_value: 3 } dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 6 } } }
}

//--- input.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "reduce_sum_axes_input"
  node { name: "sum" input: "x" input: "axes" output: "y" op_type: "ReduceSum"
         attribute { name: "keepdims" i: 0 type: INT } }
  initializer { name: "axes" data_type: 7 dims: 2 int64_data: -1 int64_data: 0 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- all.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "reduce_sum_all"
  node { name: "sum" input: "x" output: "y" op_type: "ReduceSum" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- noop.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "reduce_sum_noop"
  node { name: "sum" input: "x" input: "axes" output: "y" op_type: "ReduceSum"
         attribute { name: "noop_with_empty_axes" i: 1 type: INT }
         attribute { name: "keepdims" i: 0 type: INT } }
  initializer { name: "axes" data_type: 7 dims: 0 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
