// Gather, GatherElements and GatherND map one to one onto loom ops with
// non-negative axes.

// RUN: loomc %onnx_data/node/test_gather_negative_indices/model.onnx | FileCheck %s --check-prefix=GATHER
// GATHER: loom.gather %{{.*}}, %{{.*}} axis 0 : (tensor<10xf32>, tensor<3xi64>) -> tensor<3xf32>

// RUN: loomc %onnx_data/node/test_gather_elements_negative_indices/model.onnx | FileCheck %s --check-prefix=ELEMENTS
// ELEMENTS: loom.gather_elements %{{.*}}, %{{.*}} axis 0 : (tensor<3x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>

// RUN: loomc %onnx_data/node/test_gathernd_example_int32_batch_dim1/model.onnx | FileCheck %s --check-prefix=ND
// ND: loom.gather_nd %{{.*}}, %{{.*}} batch_dims 1 : (tensor<2x2x2xi32>, tensor<2x1xi64>) -> tensor<2x2xi32>

// A negative axis counts from the end; a scalar index drops the axis.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/scalar.textproto > %t/scalar.onnx
// RUN: loomc %t/scalar.onnx | FileCheck %s --check-prefix=SCALAR
// SCALAR: %[[INDEX:.*]] = loom.constant dense<2> : tensor<i64>
// SCALAR: loom.gather %{{.*}}, %[[INDEX]] axis 1 : (tensor<2x5xf32>, tensor<i64>) -> tensor<2xf32>

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/bad_axis.textproto > %t/bad_axis.onnx
// RUN: not loomc %t/bad_axis.onnx 2>&1 | FileCheck %s --check-prefix=BADAXIS
// BADAXIS: node 'gather' (GatherElements, opset 13): axis -3 is out of range for rank 2

//--- scalar.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "gather_scalar"
  node { name: "gather" input: "x" input: "i" output: "y" op_type: "Gather"
         attribute { name: "axis" i: -1 type: INT } }
  initializer { name: "i" data_type: 7 int64_data: 2 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 5 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- bad_axis.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "gather_elements_bad_axis"
  node { name: "gather" input: "x" input: "i" output: "y" op_type: "GatherElements"
         attribute { name: "axis" i: -3 type: INT } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } dim { dim_value: 5 } } } } }
  input { name: "i" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } dim { dim_value: 1 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
