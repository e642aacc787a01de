// Clip: constant bounds in order become one loom.clamp; bounds known only
// at run time, or min > max (where ONNX gives max), a loom.max then a
// loom.min.

// RUN: loomc %onnx_data/node/test_clip/model.onnx | FileCheck %s --check-prefix=TENSORS
// TENSORS: %[[LOW:.*]] = loom.max %arg0, %arg1 : (tensor<3x4x5xf32>, tensor<f32>) -> tensor<3x4x5xf32>
// TENSORS: loom.min %[[LOW]], %arg2 : (tensor<3x4x5xf32>, tensor<f32>) -> tensor<3x4x5xf32>

// RUN: loomc %onnx_data/node/test_clip_default_int8_min/model.onnx | FileCheck %s --check-prefix=INT8
// INT8: loom.max %arg0, %arg1 : (tensor<3x4x5xi8>, tensor<i8>) -> tensor<3x4x5xi8>
// INT8-NOT: loom.min

// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/constant.textproto > %t/constant.onnx
// RUN: loomc %t/constant.onnx | FileCheck %s --check-prefix=CONSTANT
// CONSTANT: loom.clamp %arg0 min = -1.000000e+00 max = 2.500000e+00 : tensor<4xf32>

// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/crossed.textproto > %t/crossed.onnx
// RUN: loomc %t/crossed.onnx | FileCheck %s --check-prefix=CROSSED
// CROSSED-DAG: %[[MIN:.*]] = loom.constant dense<3.000000e+00> : tensor<f32>
// CROSSED-DAG: %[[MAX:.*]] = loom.constant dense<1.000000e+00> : tensor<f32>
// CROSSED: %[[LOW:.*]] = loom.max %arg0, %[[MIN]]
// CROSSED: loom.min %[[LOW]], %[[MAX]]

// Before opset 11 the bounds are attributes.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/attributes.textproto > %t/attributes.onnx
// RUN: loomc %t/attributes.onnx | FileCheck %s --check-prefix=ATTRIBUTES
// ATTRIBUTES: loom.clamp %arg0 max = 6.000000e+00 : tensor<4xf32>

//--- constant.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "clip_constant"
  node { input: "x" input: "lo" input: "hi" output: "y" op_type: "Clip" }
  initializer { name: "lo" data_type: 1 float_data: -1 }
  initializer { name: "hi" data_type: 1 dims: 1 float_data: 2.5 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- crossed.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "clip_crossed"
  node { input: "x" input: "lo" input: "hi" output: "y" op_type: "Clip" }
  initializer { name: "lo" data_type: 1 float_data: 3 }
  initializer { name: "hi" data_type: 1 float_data: 1 }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- attributes.textproto
ir_version: 8
opset_import { domain: "" version: 10 }
graph {
  name: "clip_attributes"
  node { input: "x" output: "y" op_type: "Clip"
         attribute { name: "max" f: 6 type: FLOAT } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
