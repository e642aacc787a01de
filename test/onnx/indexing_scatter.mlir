// Scatter (opsets 9 and 10), ScatterElements and ScatterND map onto
// loom.scatter and loom.scatter_nd; reductions follow the node's opset.

// RUN: loomc %onnx_data/node/test_scatter_with_axis/model.onnx | FileCheck %s --check-prefix=SCATTER
// SCATTER: loom.scatter %{{.*}}, %{{.*}}, %{{.*}} axis 1 : (tensor<1x5xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<1x5xf32>

// RUN: loomc %onnx_data/node/test_scatter_elements_with_duplicate_indices/model.onnx | FileCheck %s --check-prefix=ADD
// ADD: loom.scatter %{{.*}}, %{{.*}}, %{{.*}} axis 1 reduction add

// RUN: loomc %onnx_data/node/test_scatternd_multiply/model.onnx | FileCheck %s --check-prefix=ND
// ND: loom.scatter_nd %{{.*}}, %{{.*}}, %{{.*}} reduction mul : (tensor<4x4x4xf32>, tensor<2x1xi64>, tensor<2x4x4xf32>) -> tensor<4x4x4xf32>

// max and min reductions arrive in opset 18; reduction itself in 16.
// RUN: split-file %s %t
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/max16.textproto > %t/max16.onnx
// RUN: not loomc %t/max16.onnx 2>&1 | FileCheck %s --check-prefix=MAX16
// MAX16: node 'scatter' (ScatterElements, opset 16): reduction 'max' needs opset 18 (the node has 16)
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/add13.textproto > %t/add13.onnx
// RUN: not loomc %t/add13.onnx 2>&1 | FileCheck %s --check-prefix=ADD13
// ADD13: node 'scatter' (ScatterND, opset 13): attribute 'reduction' needs opset 16 or later (got 'add' at opset 13)

// Scatter is the opset 9 and 10 name; ONNX deprecated it in opset 11.
// RUN: protoc --encode=onnx.ModelProto -I/usr/include/onnx onnx.proto < %t/scatter11.textproto > %t/scatter11.onnx
// RUN: not loomc %t/scatter11.onnx 2>&1 | FileCheck %s --check-prefix=DEPRECATED
// DEPRECATED: node 'scatter' (Scatter, opset 11): Scatter is deprecated from opset 11; use ScatterElements

//--- max16.textproto
ir_version: 8
opset_import { domain: "" version: 16 }
graph {
  name: "scatter_max"
  node { name: "scatter" input: "x" input: "i" input: "u" output: "y" op_type: "ScatterElements"
         attribute { name: "reduction" s: "max" type: STRING } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  input { name: "i" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } } } } }
  input { name: "u" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- add13.textproto
ir_version: 8
opset_import { domain: "" version: 13 }
graph {
  name: "scatter_nd_add"
  node { name: "scatter" input: "x" input: "i" input: "u" output: "y" op_type: "ScatterND"
         attribute { name: "reduction" s: "add" type: STRING } }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  input { name: "i" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } dim { dim_value: 1 } } } } }
  input { name: "u" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}

//--- scatter11.textproto
ir_version: 8
opset_import { domain: "" version: 11 }
graph {
  name: "scatter11"
  node { name: "scatter" input: "x" input: "i" input: "u" output: "y" op_type: "Scatter" }
  input { name: "x" type { tensor_type { elem_type: 1 shape { dim { dim_value: 4 } } } } }
  input { name: "i" type { tensor_type { elem_type: 7 shape { dim { dim_value: 2 } } } } }
  input { name: "u" type { tensor_type { elem_type: 1 shape { dim { dim_value: 2 } } } } }
  output { name: "y" type { tensor_type { elem_type: 1 } } }
}
