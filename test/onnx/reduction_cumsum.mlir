// CumSum maps onto loom.cumsum; its axis is an input (0-D, int32 or
// int64), negative from the end: a constant becomes the op's attribute.

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/flags.textproto > %t/flags.onnx
// RUN: loomc %t/flags.onnx | FileCheck %s --check-prefix=FLAGS
// FLAGS: loom.cumsum %{{.*}} axis 1 exclusive reverse : tensor<2x3xf32>

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/plain.textproto > %t/plain.onnx
// RUN: loomc %t/plain.onnx | FileCheck %s --check-prefix=PLAIN
// PLAIN: loom.cumsum %{{.*}} axis 0 : tensor<5xi64>

// The backend tests feed the axis as a graph input, known only at run time:
// the sums along every axis, chosen by comparing the axis with d and
// d - rank (NaN, or 0 for integers, where it names no axis).
// RUN: loomc %onnx_data/node/test_cumsum_2d_axis_0/model.onnx | FileCheck %s --check-prefix=RUNTIME
// RUNTIME: func.func @main(%[[X:.*]]: tensor<2x3xf64> {loom.name = "x"}, %[[AXIS:.*]]: tensor<i32> {loom.name = "axis"})
// RUNTIME-DAG: %[[ZERO:.*]] = loom.constant dense<0> : tensor<i32>
// RUNTIME-DAG: %[[MINUS2:.*]] = loom.constant dense<-2> : tensor<i32>
// RUNTIME-DAG: %[[ONE:.*]] = loom.constant dense<1> : tensor<i32>
// RUNTIME-DAG: %[[MINUS1:.*]] = loom.constant dense<-1> : tensor<i32>
// RUNTIME-DAG: %[[NAN:.*]] = loom.constant dense<0x7FF8000000000000> : tensor<f64>
// RUNTIME: %[[SUM1:.*]] = loom.cumsum %[[X]] axis 1 : tensor<2x3xf64>
// RUNTIME-DAG: %[[IS1:.*]] = loom.compare eq, %[[AXIS]], %[[ONE]]
// RUNTIME-DAG: %[[ISM1:.*]] = loom.compare eq, %[[AXIS]], %[[MINUS1]]
// RUNTIME: %[[PICK1:.*]] = loom.or %[[IS1]], %[[ISM1]]
// RUNTIME: %[[LAST:.*]] = loom.select %[[PICK1]], %[[SUM1]], %[[NAN]]
// RUNTIME: %[[SUM0:.*]] = loom.cumsum %[[X]] axis 0 : tensor<2x3xf64>
// RUNTIME-DAG: %[[IS0:.*]] = loom.compare eq, %[[AXIS]], %[[ZERO]]
// RUNTIME-DAG: %[[ISM2:.*]] = loom.compare eq, %[[AXIS]], %[[MINUS2]]
// RUNTIME: %[[PICK0:.*]] = loom.or %[[IS0]], %[[ISM2]]
// RUNTIME: %[[RESULT:.*]] = loom.select %[[PICK0]], %[[SUM0]], %[[LAST]]
// RUNTIME: return %[[RESULT]]

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
