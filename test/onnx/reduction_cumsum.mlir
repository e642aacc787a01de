// CumSum maps onto loom.cumsum; its axis is a constant input (0-D, int32 or
// int64), negative from the end.

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/flags.textproto > %t/flags.onnx
// RUN: loomc %t/flags.onnx | FileCheck %s --check-prefix=FLAGS
// FLAGS: loom.cumsum %{{.*}} axis 1 exclusive reverse : tensor<2x3xf32>

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/plain.textproto > %t/plain.onnx
// RUN: loomc %t/plain.onnx | FileCheck %s --check-prefix=PLAIN
// PLAIN: loom.cumsum %{{.*}} axis 0 : tensor<5xi64>

// The backend tests feed the axis as a graph input, which must be bound to
// a constant (as the conformance runner does).
// RUN: not loomc %onnx_data/node/test_cumsum_2d_negative_axis/model.onnx 2>&1 | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: node 'CumSum_0' (CumSum, opset 14): input 1 (axis, 'axis') must be a constant integer tensor computable at compile time

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/bad_axis.textproto > %t/bad_axis.onnx
// RUN: not loomc %t/bad_axis.onnx 2>&1 | FileCheck %s --check-prefix=BADAXIS
// BADAXIS: node 'cumsum' (CumSum, opset 11): axis -3 is out of range for rank 2

//--- flags.textproto
ir_version: 8
opset_import { domain: "" version: 14 }
graph {
  name: "cumsum_flags"
  node { name: "cumsum" input: "x" input: "axis" output: "y" op_type: "CumSum"
         attribute { name: "exclusive" i: 1 type: INT }
         attribute { name: "reverse" i: 1 type: INT } }
  initializer { name: "axis" data_type: 6 int32_data: -1 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- plain.textproto
ir_version: 6
opset_import { domain: "" version: 11 }
graph {
  name: "cumsum_plain"
  node { name: "cumsum" input: "x" input: "axis" output: "y" op_type: "CumSum" }
  initializer { name: "axis" data_type: 7 int64_data: 0 }
  input { name: "x" type { tensor_type { elem_type: 7 shape { dim { dim_value: 5 } } } } }
  output { name: "y" type { tensor_type { elem_type: 7 } } }
}

//--- bad_axis.textproto
ir_version: 6
opset_import { domain: "" version: 11 }
graph {
  name: "cumsum_bad_axis"
  node { name: "cumsum" input: "x" input: "axis" output: "y" op_type: "CumSum" }
  initializer { name: "axis" data_type: 7 int64_data: -3 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
