// ArgMax and ArgMin map onto loom.argmax/argmin with a non-negative axis
// (default 0), keepdims (default 1) and select_last_index.

// RUN: loomc %onnx_data/node/test_argmax_default_axis_example/model.onnx | FileCheck %s --check-prefix=DEFAULT
// DEFAULT: loom.argmax %{{.*}} axis 0 keepdims : (tensor<2x2xf32>) -> tensor<1x2xi64>

// RUN: loomc %onnx_data/node/test_argmax_negative_axis_keepdims_example_select_last_index/model.onnx | FileCheck %s --check-prefix=LAST
// LAST: loom.argmax %{{.*}} axis 1 keepdims select_last_index : (tensor<2x2xf32>) -> tensor<2x1xi64>

// RUN: loomc %onnx_data/node/test_argmin_no_keepdims_example/model.onnx | FileCheck %s --check-prefix=MIN
// MIN: loom.argmin %{{.*}} axis 1 : (tensor<2x2xf32>) -> tensor<2xi64>

// RUN: loomc %onnx_data/node/test_argmin_negative_axis_keepdims_random_select_last_index/model.onnx | FileCheck %s --check-prefix=MINLAST
// MINLAST: loom.argmin %{{.*}} axis 2 keepdims select_last_index : (tensor<2x3x4xf32>) -> tensor<2x3x1xi64>

// An axis outside the rank is rejected.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/bad_axis.textproto > %t/bad_axis.onnx
// RUN: not loomc %t/bad_axis.onnx 2>&1 | FileCheck %s --check-prefix=BADAXIS
// BADAXIS: node 'argmax' (ArgMax, opset 13): axis 2 is out of range for rank 2

//--- bad_axis.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "argmax_bad_axis"
  node { name: "argmax" input: "x" output: "y" op_type: "ArgMax"
         attribute { name: "axis" i: 2 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 5 } } } } }
  output { name: "y" type { tensor_type { elem_type: 7 } } }
}
