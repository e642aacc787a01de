// OneHot compares the indices, with a unit dimension at `axis`, against an
// iota of the classes and selects on or off; from opset 11 negative
// indices first wrap by depth.

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/onehot11.textproto > %t/onehot11.onnx
// RUN: loomc %t/onehot11.onnx | FileCheck %s --check-prefix=WRAP
// WRAP-DAG: %[[CLASSES:.*]] = loom.constant dense<{{\[}}[0], [1], [2], [3]]> : tensor<4x1xi64>
// WRAP-DAG: %[[OFF:.*]] = loom.constant dense<-1.000000e+00> : tensor<f32>
// WRAP-DAG: %[[ON:.*]] = loom.constant dense<5.000000e+00> : tensor<f32>
// WRAP-DAG: %[[DEPTH:.*]] = loom.constant dense<4> : tensor<i64>
// WRAP: %[[INDICES:.*]] = loom.cast %arg0 : tensor<3xi32> to tensor<3xi64>
// WRAP: %[[NEGATIVE:.*]] = loom.compare lt, %[[INDICES]]
// WRAP: %[[SHIFTED:.*]] = loom.add %[[INDICES]], %[[DEPTH]]
// WRAP: %[[WRAPPED:.*]] = loom.select %[[NEGATIVE]], %[[SHIFTED]], %[[INDICES]]
// WRAP: %[[ROW:.*]] = loom.reshape %[[WRAPPED]] : tensor<3xi64> to tensor<1x3xi64>
// WRAP: %[[HOT:.*]] = loom.compare eq, %[[ROW]], %[[CLASSES]] : (tensor<1x3xi64>, tensor<4x1xi64>) -> tensor<4x3xi1>
// WRAP: loom.select %[[HOT]], %[[ON]], %[[OFF]] : (tensor<4x3xi1>, tensor<f32>, tensor<f32>) -> tensor<4x3xf32>

// Opset 9 does not wrap: a negative index is all off.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/onehot9.textproto > %t/onehot9.onnx
// RUN: loomc %t/onehot9.onnx | FileCheck %s --check-prefix=NOWRAP
// NOWRAP-NOT: loom.compare lt
// NOWRAP: loom.compare eq

// The depth decides the output shape: given at run time, it needs a bound
// (test/onnx/onehot_resize_runtime.mlir has the rest).
// RUN: not loomc %onnx_data/node/test_onehot_with_axis/model.onnx 2>&1 | FileCheck %s --check-prefix=NEEDS
// NEEDS: (OneHot, opset 11): input 1 (depth, 'depth') is given at run time and decides the size of the result; give the largest size of a result dimension with --max-dim=N

//--- onehot11.textproto
ir_version: 8
opset_import { domain: "" version: 11 }
graph {
  name: "onehot"
  node { input: "i" input: "depth" input: "values" output: "y" op_type: "OneHot"
         attribute { name: "axis" i: 0 type: INT } }
  initializer { name: "depth" data_type: 1 float_data: 4.5 }
  initializer { name: "values" data_type: 1 dims: 2 float_data: [-1, 5] }
  input { name: "i" type { tensor_type { elem_type: 6 shape { dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- onehot9.textproto
ir_version: 8
opset_import { domain: "" version: 9 }
graph {
  name: "onehot"
  node { input: "i" input: "depth" input: "values" output: "y" op_type: "OneHot" }
  initializer { name: "depth" data_type: 7 int64_data: 4 }
  initializer { name: "values" data_type: 1 dims: 2 float_data: [0, 1] }
  input { name: "i" type { tensor_type { elem_type: 7 shape { dim { dim_value: 3 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
